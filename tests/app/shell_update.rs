//! update() for `s`, a shell on the server: the `[ssh]` template expanded
//! word by word (never through a shell), a server without the address the
//! template needs, hostile values refused, and the program's exit on the
//! status line.
#![allow(clippy::unwrap_used)]

use crate::dash_common;

use std::time::Instant;

use dash_common::*;
use scwdash::app::shell::{Exit, Program, Template};
use scwdash::app::{self, Action, Batch, Effect, Options, Outcome, State, Tab};

fn with_template(command: &str) -> State {
    loaded(
        Options {
            ssh: Template::parse(command, "admin").unwrap(),
            ..Options::default()
        },
        Instant::now(),
    )
}

fn select(state: &mut State, id: &str) {
    assert!(state.table_mut(state.tab).select_id(id));
}

fn status(state: &State) -> (String, Outcome) {
    state.status.last_action.clone().unwrap()
}

fn program(effects: &[Effect]) -> Option<&Program> {
    effects.iter().find_map(|e| match e {
        Effect::Shell(p) => Some(p),
        _ => None,
    })
}

#[test]
fn the_default_template_is_ssh_root_at_the_public_ip() {
    let mut s = loaded(Options::default(), Instant::now());
    select(&mut s, WEB);
    let effects = app::update(&mut s, key('s'));
    let p = program(&effects).unwrap();
    assert_eq!(p.argv, ["ssh", "root@51.15.204.17"]);
    assert_eq!(p.server, "web-1");
    assert_eq!(status(&s), ("ssh on web-1…".to_string(), Outcome::Pending));
}

#[test]
fn every_placeholder_fills_part_of_one_word() {
    let mut s = with_template(
        "ssh -J 'bastion host' {user}@{private_ip} --  \"zone {zone}\" {name} id={id} {{literal}}",
    );
    select(&mut s, DB);
    let effects = app::update(&mut s, key('s'));
    assert_eq!(
        program(&effects).unwrap().argv,
        [
            "ssh",
            "-J",
            "bastion host",
            // The first private IPv4 of its NICs, from IPAM.
            "admin@172.16.8.2",
            "--",
            "zone fr-par-1",
            "db-1",
            &format!("id={DB}"),
            "{literal}",
        ]
    );
}

#[test]
fn a_server_without_the_address_gets_a_clear_message_not_an_ssh_error() {
    let mut s = loaded(Options::default(), Instant::now());
    // batch-2 is starting and has no public IP.
    select(&mut s, BATCH);
    let effects = app::update(&mut s, key('s'));
    assert!(program(&effects).is_none());
    let (message, outcome) = status(&s);
    assert_eq!(outcome, Outcome::Refused);
    assert!(
        message.starts_with("server batch-2 has no public IP for the [ssh] command"),
        "{message}"
    );
    // Nor a private one.
    let mut s = with_template("ssh {user}@{private_ip}");
    select(&mut s, BATCH);
    assert!(program(&app::update(&mut s, key('s'))).is_none());
    assert!(
        status(&s).0.contains("has no private IP"),
        "{:?}",
        status(&s)
    );
}

#[test]
fn stopped_servers_and_other_tabs_are_refused() {
    let mut s = loaded(Options::default(), Instant::now());
    select(&mut s, WORKER);
    assert!(program(&app::update(&mut s, key('s'))).is_none());
    assert_eq!(
        status(&s),
        (
            "server worker-1 is stopped: power it on first".to_string(),
            Outcome::Refused
        )
    );
    app::update(&mut s, key('2'));
    assert!(program(&app::update(&mut s, key('s'))).is_none());
    assert!(status(&s).0.contains("the Volumes tab has none"));
}

/// A refresh that answers with web-1 renamed `name` (a hostile API).
fn web_1_named(state: &mut State, name: &str) {
    let mut server = (*servers()[0]).clone();
    server.name = name.into();
    let request = app::update(state, key('r'))
        .into_iter()
        .find_map(|e| match e {
            Effect::Fetch {
                request,
                tab: Tab::Servers,
                ..
            } => Some(request),
            _ => None,
        })
        .unwrap();
    app::update(
        state,
        Action::Fetched {
            request,
            batch: Batch::Servers(vec![std::sync::Arc::new(server)]),
            errors: vec![],
        },
    );
    select(state, WEB);
}

#[test]
fn a_hostile_name_is_one_argument_and_never_an_option() {
    let mut s = with_template("printf %s {name}");
    web_1_named(&mut s, "web; rm -rf ~ $(reboot)");
    let effects = app::update(&mut s, key('s'));
    assert_eq!(
        program(&effects).unwrap().argv,
        ["printf", "%s", "web; rm -rf ~ $(reboot)"]
    );
    web_1_named(&mut s, "-oProxyCommand=touch /tmp/x");
    assert!(program(&app::update(&mut s, key('s'))).is_none());
    assert!(
        status(&s).0.contains("starts with \"-\""),
        "{:?}",
        status(&s)
    );
    web_1_named(&mut s, "web\x1b]0;pwned\x07");
    assert!(program(&app::update(&mut s, key('s'))).is_none());
    assert!(
        status(&s).0.contains("control characters"),
        "{:?}",
        status(&s)
    );
}

#[test]
fn the_exit_code_is_on_the_status_line() {
    let mut s = loaded(Options::default(), Instant::now());
    let program = Program {
        argv: vec!["ssh".into(), "root@51.15.204.17".into()],
        server: "web-1".into(),
    };
    app::update(
        &mut s,
        Action::ShellExited {
            program: program.clone(),
            result: Ok(Exit::Code(255)),
        },
    );
    assert_eq!(
        status(&s),
        (
            "ssh on web-1 ended: exit code 255".to_string(),
            Outcome::Failed
        )
    );
    app::update(
        &mut s,
        Action::ShellExited {
            program: program.clone(),
            result: Ok(Exit::Code(0)),
        },
    );
    assert_eq!(
        status(&s),
        ("back from ssh on web-1".to_string(), Outcome::Info)
    );
    app::update(
        &mut s,
        Action::ShellExited {
            program,
            result: Err("No such file or directory (os error 2)".into()),
        },
    );
    assert_eq!(
        status(&s),
        (
            "could not run ssh on web-1: No such file or directory (os error 2)".to_string(),
            Outcome::Failed
        )
    );
}

#[test]
fn bad_templates_are_refused_at_load_with_the_reason() {
    let err = |command: &str| Template::parse(command, "root").unwrap_err();
    assert!(err("ssh {host}").contains("unknown placeholder {host}"));
    assert!(err("ssh 'root@{public_ip}").contains("quote is not closed"));
    assert!(err("{name} x").contains("first word"));
    assert!(err("  ").contains("empty"));
    assert!(err("ssh {public_ip").contains("not closed"));
    assert!(
        Template::parse("ssh {user}@{public_ip}", "-oProxyCommand=x")
            .unwrap_err()
            .contains("[ssh] user starts with \"-\"")
    );
}
