//! "Show me the CLI": the scw command of every request the dashboard can
//! send (argument names as the scw CLI's reference writes them), and the
//! paths to it: `:cli` after an action, `c` in a confirmation (back to it on
//! Esc), Ctrl-O in a form, `c` in the rule editor.
#![allow(clippy::unwrap_used)]

use crate::dash_common;

use std::time::Instant;

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use dash_common::*;
use scwdash::api::locality::{Region, Zone};
use scwdash::api::models::*;
use scwdash::app::cli_equivalent::{Request, line, words};
use scwdash::app::forms::FormSubmit;
use scwdash::app::{
    self, Action, Effect, Locality, Mode, Options, PendingAction, State, Tab, Verb,
};

const ID: &str = "8b56d1a0-0000-4000-8000-000000000001";

fn action(verb: Verb, tab: Tab) -> String {
    let locality = if tab.is_regional() {
        Locality::Region(Region::FrPar)
    } else {
        Locality::Zone(Zone::FrPar1)
    };
    line(&words(&Request::Action(PendingAction {
        verb,
        tab,
        id: ID.into(),
        name: "web 1".into(),
        locality: Some(locality),
    })))
}

fn form(submit: FormSubmit) -> String {
    line(&words(&Request::Form(submit)))
}

#[test]
fn power_actions() {
    let power = |a: &str| action(Verb::Power(a.into()), Tab::Servers);
    assert_eq!(
        power("poweron"),
        format!("scw instance server start {ID} zone=fr-par-1")
    );
    assert_eq!(
        power("poweroff"),
        format!("scw instance server stop {ID} zone=fr-par-1")
    );
    assert_eq!(
        power("stop_in_place"),
        format!("scw instance server standby {ID} zone=fr-par-1")
    );
    assert_eq!(
        power("reboot"),
        format!("scw instance server reboot {ID} zone=fr-par-1")
    );
    // The raw action: scw's own `terminate` verb would prompt about, and
    // delete, Block volumes the API's terminate keeps.
    assert_eq!(
        power("terminate"),
        format!("scw instance server action {ID} action=terminate zone=fr-par-1")
    );
}

#[test]
fn deletes_of_every_kind() {
    let delete = |tab| action(Verb::Delete, tab);
    assert_eq!(
        delete(Tab::Servers),
        format!("scw instance server delete {ID} with-volumes=none zone=fr-par-1")
    );
    let with = Verb::DeleteWithVolumes {
        volumes: vec![("v-1".into(), "web-1-root".into())],
    };
    assert_eq!(
        action(with, Tab::Servers),
        format!("scw instance server delete {ID} with-volumes=block zone=fr-par-1")
    );
    assert_eq!(
        delete(Tab::Volumes),
        format!("scw block volume delete volume-id={ID} zone=fr-par-1")
    );
    assert_eq!(
        delete(Tab::SecurityGroups),
        format!("scw instance security-group delete {ID} zone=fr-par-1")
    );
    assert_eq!(
        delete(Tab::PrivateNetworks),
        format!("scw vpc private-network delete {ID} region=fr-par")
    );
    assert_eq!(
        delete(Tab::Vpcs),
        format!("scw vpc vpc delete {ID} region=fr-par")
    );
}

#[test]
fn detach_a_volume_and_leave_a_network() {
    assert_eq!(
        action(
            Verb::DetachVolume {
                server_id: "srv".into(),
                server_name: "web-1".into()
            },
            Tab::Volumes
        ),
        format!("scw instance server detach-volume volume-id={ID} zone=fr-par-1")
    );
    assert_eq!(
        action(
            Verb::LeaveNetwork {
                nic_id: "nic-1".into(),
                network_name: "backend".into()
            },
            Tab::Servers
        ),
        format!(
            "scw instance private-nic delete server-id={ID} private-nic-id=nic-1 zone=fr-par-1"
        )
    );
}

#[test]
fn server_create_and_edit() {
    let create = |power_on| {
        form(FormSubmit::CreateServer {
            zone: Zone::NlAms1,
            request: CreateServerRequest {
                name: "web 3".into(),
                commercial_type: "DEV1-S".into(),
                image: Some("img-1".into()),
                project: Some("proj-1".into()),
                tags: Some(vec!["web".into(), "it's".into()]),
                security_group: Some("sg-1".into()),
                ..Default::default()
            },
            power_on,
        })
    };
    assert_eq!(
        create(true),
        "scw instance server create type=DEV1-S image=img-1 'name=web 3' tags.0=web \
         'tags.1=it'\\''s' security-group-id=sg-1 project-id=proj-1 ip=dynamic zone=nl-ams-1"
    );
    assert!(create(false).ends_with("ip=dynamic stopped=true zone=nl-ams-1"));
    assert_eq!(
        form(FormSubmit::UpdateServer {
            zone: Zone::FrPar1,
            id: ID.into(),
            request: UpdateServerRequest {
                name: Some("web-1".into()),
                tags: Some(vec![]),
                commercial_type: Some("DEV1-M".into()),
                security_group: Some(SecurityGroupTemplate {
                    id: "sg-2".into(),
                    name: None
                }),
                ..Default::default()
            },
        }),
        format!(
            "scw instance server update {ID} name=web-1 tags=none commercial-type=DEV1-M \
             security-group-id=sg-2 zone=fr-par-1"
        )
    );
}

#[test]
fn volumes_create_edit_attach() {
    assert_eq!(
        form(FormSubmit::CreateVolume {
            zone: Zone::FrPar2,
            request: CreateVolumeRequest {
                name: "data".into(),
                project_id: "proj-1".into(),
                perf_iops: Some(15000),
                from_empty: Some(FromEmpty {
                    size: 50_000_000_000
                }),
                from_snapshot: None,
                tags: None,
            },
        }),
        "scw block volume create name=data perf-iops=15000 from-empty.size=50GB \
         project-id=proj-1 zone=fr-par-2"
    );
    assert_eq!(
        form(FormSubmit::UpdateVolume {
            zone: Zone::FrPar1,
            id: ID.into(),
            request: UpdateVolumeRequest {
                name: Some("data".into()),
                size: Some(100_000_000_000),
                tags: Some(vec!["db".into()]),
                perf_iops: Some(5000),
            },
        }),
        format!(
            "scw block volume update {ID} name=data size=100GB tags.0=db perf-iops=5000 \
             zone=fr-par-1"
        )
    );
    assert_eq!(
        form(FormSubmit::AttachVolume {
            zone: Zone::FrPar1,
            server_id: "srv".into(),
            volume_id: ID.into(),
            request: UpdateServerRequest::default(),
        }),
        format!("scw instance server attach-volume server-id=srv volume-id={ID} zone=fr-par-1")
    );
}

#[test]
fn security_groups_and_rules() {
    assert_eq!(
        form(FormSubmit::CreateSecurityGroup {
            zone: Zone::FrPar1,
            request: CreateSecurityGroupRequest {
                name: "web".into(),
                description: Some("front door".into()),
                project: Some("proj-1".into()),
                stateful: Some(true),
                inbound_default_policy: Some(SecurityPolicy::Drop),
                outbound_default_policy: Some(SecurityPolicy::Accept),
                ..Default::default()
            },
        }),
        "scw instance security-group create name=web 'description=front door' stateful=true \
         inbound-default-policy=drop outbound-default-policy=accept project-id=proj-1 zone=fr-par-1"
    );
    assert_eq!(
        form(FormSubmit::UpdateSecurityGroup {
            zone: Zone::FrPar1,
            id: ID.into(),
            request: UpdateSecurityGroupRequest {
                name: Some("web".into()),
                stateful: Some(false),
                ..Default::default()
            },
        }),
        format!("scw instance security-group update {ID} name=web stateful=false zone=fr-par-1")
    );
    let rule = |id: Option<&str>, from, to, position| RuleTemplate {
        id: id.map(str::to_string),
        action: RuleAction::Accept,
        protocol: RuleProtocol::Tcp,
        direction: RuleDirection::Inbound,
        ip_range: "0.0.0.0/0".into(),
        dest_port_from: from,
        dest_port_to: to,
        position,
        editable: None,
        zone: None,
    };
    assert_eq!(
        form(FormSubmit::SetRules {
            zone: Zone::FrPar1,
            security_group_id: ID.into(),
            request: SetRulesRequest {
                rules: vec![
                    rule(Some("r1"), Some(22), None, 1),
                    rule(None, Some(8000), Some(8080), 2)
                ],
            },
        }),
        format!(
            "scw instance security-group set-rules security-group-id={ID} rules.0.id=r1 \
             rules.0.action=accept rules.0.protocol=TCP rules.0.direction=inbound \
             rules.0.ip-range=0.0.0.0/0 rules.0.dest-port-from=22 rules.0.position=1 \
             rules.1.action=accept rules.1.protocol=TCP rules.1.direction=inbound \
             rules.1.ip-range=0.0.0.0/0 rules.1.dest-port-from=8000 rules.1.dest-port-to=8080 \
             rules.1.position=2 zone=fr-par-1"
        )
    );
    // Every editable rule deleted.
    assert!(
        form(FormSubmit::SetRules {
            zone: Zone::FrPar1,
            security_group_id: ID.into(),
            request: SetRulesRequest { rules: vec![] },
        })
        .contains(" rules=none ")
    );
}

#[test]
fn networks_and_vpcs() {
    assert_eq!(
        form(FormSubmit::CreatePrivateNic {
            zone: Zone::FrPar1,
            server_id: "srv".into(),
            request: CreatePrivateNicRequest {
                private_network_id: ID.into(),
                tags: None,
                ipam_ip_ids: None,
            },
        }),
        format!(
            "scw instance private-nic create server-id=srv private-network-id={ID} zone=fr-par-1"
        )
    );
    assert_eq!(
        form(FormSubmit::CreatePrivateNetwork {
            region: Region::NlAms,
            request: CreatePrivateNetworkRequest {
                name: "backend".into(),
                project_id: Some("proj-1".into()),
                tags: Some(vec!["prod".into()]),
                subnets: Some(vec!["172.16.8.0/22".into()]),
                vpc_id: Some("vpc-1".into()),
                default_route_propagation_enabled: None,
            },
        }),
        "scw vpc private-network create name=backend vpc-id=vpc-1 subnets.0=172.16.8.0/22 \
         tags.0=prod project-id=proj-1 region=nl-ams"
    );
    assert_eq!(
        form(FormSubmit::UpdatePrivateNetwork {
            region: Region::FrPar,
            id: ID.into(),
            request: UpdatePrivateNetworkRequest {
                name: Some("backend".into()),
                tags: Some(vec![]),
                default_route_propagation_enabled: None,
            },
        }),
        format!("scw vpc private-network update {ID} name=backend tags=none region=fr-par")
    );
    assert_eq!(
        form(FormSubmit::CreateVpc {
            region: Region::PlWaw,
            request: CreateVpcRequest {
                name: "prod".into(),
                project_id: None,
                tags: None,
                enable_routing: Some(true),
            },
        }),
        "scw vpc vpc create name=prod enable-routing=true region=pl-waw"
    );
    assert_eq!(
        form(FormSubmit::UpdateVpc {
            region: Region::FrPar,
            id: ID.into(),
            request: UpdateVpcRequest {
                name: Some("prod".into()),
                tags: Some(vec!["a".into(), "b".into()]),
            },
        }),
        format!("scw vpc vpc update {ID} name=prod tags.0=a tags.1=b region=fr-par")
    );
}

#[test]
fn a_hostile_name_cannot_break_out_of_its_argument() {
    let created = form(FormSubmit::CreateVpc {
        region: Region::FrPar,
        request: CreateVpcRequest {
            name: "x\n$(reboot)\x1b]52;c;AAAA\x07".into(),
            ..Default::default()
        },
    });
    assert_eq!(
        created,
        "scw vpc vpc create $'name=x\\n$(reboot)\\x1b]52;c;AAAA\\x07' region=fr-par"
    );
    assert!(!created.chars().any(char::is_control));
}

fn ctrl(c: char) -> Action {
    Action::Key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::CONTROL))
}

fn copied(effects: &[Effect]) -> Option<&str> {
    effects.iter().find_map(|e| match e {
        Effect::Copy(text) => Some(text.as_str()),
        _ => None,
    })
}

fn state() -> State {
    loaded(Options::default(), Instant::now())
}

fn type_cli(state: &mut State) -> Vec<Effect> {
    let mut effects = Vec::new();
    for c in ":cli".chars() {
        effects.extend(app::update(state, key(c)));
    }
    effects.extend(app::update(state, code(KeyCode::Enter)));
    effects
}

#[test]
fn cli_shows_and_copies_the_selected_rows_last_request() {
    let mut s = state();
    assert!(s.table_mut(Tab::Servers).select_id(WORKER));
    let effects = type_cli(&mut s);
    assert!(copied(&effects).is_none());
    assert!(
        s.status
            .last_action
            .as_ref()
            .unwrap()
            .0
            .starts_with("no request sent on worker-1 yet"),
        "{:?}",
        s.status
    );
    // Power on worker-1 (stopped): p, Enter (no confirmation for power on).
    app::update(&mut s, key('p'));
    let sent = app::update(&mut s, code(KeyCode::Enter));
    assert!(sent.iter().any(|e| matches!(e, Effect::Run(_))), "{sent:?}");
    let effects = type_cli(&mut s);
    let expected = format!("scw instance server start {WORKER} zone=fr-par-1");
    assert_eq!(copied(&effects), Some(expected.as_str()));
    let Mode::Cli(view) = &s.mode else {
        panic!("{:?}", s.mode)
    };
    assert_eq!(view.command, expected);
    assert_eq!(
        view.title,
        "Power on server worker-1 in fr-par-1 (sent last on worker-1 this session)"
    );
    app::update(&mut s, code(KeyCode::Esc));
    assert_eq!(s.mode, Mode::Normal);
    // Another row with nothing sent: the session's last request.
    assert!(s.table_mut(Tab::Servers).select_id(WEB));
    let effects = type_cli(&mut s);
    assert_eq!(copied(&effects), Some(expected.as_str()));
}

#[test]
fn c_in_a_confirmation_shows_the_pending_command_and_returns_to_it() {
    let mut s = state();
    assert!(s.table_mut(Tab::Servers).select_id(WEB));
    app::update(&mut s, key('p'));
    // Power off is the first entry on a running server.
    app::update(&mut s, code(KeyCode::Enter));
    let Mode::Confirm(pending) = s.mode.clone() else {
        panic!("{:?}", s.mode)
    };
    let effects = app::update(&mut s, key('c'));
    let expected = format!("scw instance server stop {WEB} zone=fr-par-1");
    assert_eq!(copied(&effects), Some(expected.as_str()));
    assert!(matches!(&s.mode, Mode::Cli(v) if v.title.ends_with("(not sent yet)")));
    app::update(&mut s, code(KeyCode::Esc));
    assert_eq!(s.mode, Mode::Confirm(pending), "back to the question");
    // Nothing was sent; the question still answers.
    let effects = app::update(&mut s, key('y'));
    assert!(effects.iter().any(|e| matches!(e, Effect::Run(_))));
}

#[test]
fn ctrl_o_in_the_terminate_dialog_and_in_a_form() {
    let mut s = loaded(
        Options {
            project: Some("11111111-2222-4333-8444-555555555555".into()),
            ..Options::default()
        },
        Instant::now(),
    );
    assert!(s.table_mut(Tab::Servers).select_id(WEB));
    app::update(&mut s, key('p'));
    app::update(&mut s, key('G'));
    app::update(&mut s, code(KeyCode::Enter));
    assert!(matches!(s.mode, Mode::TypeToConfirm { .. }), "{:?}", s.mode);
    let effects = app::update(&mut s, ctrl('o'));
    let expected = format!("scw instance server action {WEB} action=terminate zone=fr-par-1");
    assert_eq!(copied(&effects), Some(expected.as_str()));
    app::update(&mut s, code(KeyCode::Esc));
    assert!(matches!(s.mode, Mode::TypeToConfirm { .. }));
    app::update(&mut s, code(KeyCode::Esc));
    // A form: its request as it stands.
    app::update(&mut s, key('4'));
    app::update(&mut s, key('n'));
    assert!(matches!(s.mode, Mode::Form(_)), "{:?}", s.mode);
    for c in "backend-2".chars() {
        app::update(&mut s, key(c));
    }
    let effects = app::update(&mut s, ctrl('o'));
    let command = copied(&effects).unwrap();
    assert!(
        command.starts_with("scw vpc private-network create name=backend-2"),
        "{command}"
    );
    assert!(command.ends_with("region=fr-par"), "{command}");
    app::update(&mut s, code(KeyCode::Esc));
    assert!(
        matches!(s.mode, Mode::Form(_)),
        "back to the form: {:?}",
        s.mode
    );
}

#[test]
fn c_in_the_rule_editor_shows_the_staged_rules() {
    let mut s = state();
    app::update(&mut s, key('3'));
    assert!(s.table_mut(Tab::SecurityGroups).select_id(SG_DEFAULT));
    app::update(
        &mut s,
        Action::Rules {
            group: SG_DEFAULT.into(),
            result: Ok(std::sync::Arc::new(rules())),
        },
    );
    app::update(&mut s, key('a'));
    assert!(matches!(s.mode, Mode::RuleEditor(_)), "{:?}", s.mode);
    let effects = app::update(&mut s, key('c'));
    let command = copied(&effects).unwrap();
    assert!(
        command.starts_with(&format!(
            "scw instance security-group set-rules security-group-id={SG_DEFAULT} rules.0.id="
        )),
        "{command}"
    );
    app::update(&mut s, code(KeyCode::Esc));
    assert!(matches!(s.mode, Mode::RuleEditor(_)));
}

#[test]
fn c_in_a_bulk_confirmation_gives_one_command_a_resource() {
    let mut s = state();
    for id in [WEB, DB] {
        assert!(s.table_mut(Tab::Servers).select_id(id));
        app::update(&mut s, key(' '));
    }
    app::update(&mut s, key('p'));
    assert!(matches!(s.mode, Mode::BulkPowerMenu(_)), "{:?}", s.mode);
    // Power off: the first action both running servers allow.
    app::update(&mut s, code(KeyCode::Enter));
    assert!(matches!(s.mode, Mode::BulkConfirm(_)), "{:?}", s.mode);
    let effects = app::update(&mut s, key('c'));
    let copied = copied(&effects).unwrap();
    let mut lines: Vec<&str> = copied.lines().collect();
    lines.sort();
    let mut expected = [
        format!("scw instance server stop {WEB} zone=fr-par-1"),
        format!("scw instance server stop {DB} zone=fr-par-1"),
    ];
    expected.sort();
    assert_eq!(lines, expected);
    assert!(matches!(&s.mode, Mode::Cli(v) if v.title == "Power off 2 servers (not sent yet)"));
    app::update(&mut s, code(KeyCode::Esc));
    assert!(matches!(s.mode, Mode::BulkConfirm(_)));
}

#[test]
fn ctrl_o_in_a_form_that_is_not_valid_yet_says_why() {
    let mut s = loaded(
        Options {
            project: Some("11111111-2222-4333-8444-555555555555".into()),
            ..Options::default()
        },
        Instant::now(),
    );
    app::update(&mut s, key('5'));
    app::update(&mut s, key('n'));
    // No name typed.
    let effects = app::update(&mut s, ctrl('o'));
    assert_eq!(copied(&effects), None);
    let Mode::Form(form) = &s.mode else {
        panic!("{:?}", s.mode)
    };
    assert!(
        form.message
            .as_deref()
            .is_some_and(|m| m.starts_with("no scw command yet: ")),
        "{:?}",
        form.message
    );
}
