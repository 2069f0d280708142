//! The morning routine end to end: `/tag:staging` Enter `*` `p`, power on,
//! `y`, against the in-process simulator through the real executor and
//! client. Exactly one action goes to each stopped staging server (counted
//! by the simulator), none to any other server, and the screen follows them
//! to `running`.

use std::time::Duration;

use crossterm::event::KeyCode;
use scwdash::api::instance::{self, ServerFilters};
use scwdash::api::locality::Zone;
use scwdash::api::models::{CreateServerRequest, ServerAction, ServerActionRequest, ServerState};
use scwdash::app::{Mode, Tab};

use super::flow_edit::Harness;
use super::screen_common::screen;

/// The simulator's path of a server's actions in fr-par-1 or fr-par-2.
fn action_path(zone: Zone, id: &str) -> String {
    format!("/instance/v1/zones/{zone}/servers/{id}/action")
}

/// The table line of the row named `name`.
fn row_line<'a>(screen: &'a str, name: &str) -> Option<&'a str> {
    screen.lines().find(|l| {
        l.split_whitespace()
            .any(|w| w.trim_start_matches(['>', '*', 'Δ']) == name)
    })
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn morning_routine_starts_each_stopped_staging_server_once() {
    let mut h =
        Harness::start_with(false, Duration::from_millis(150), Duration::from_secs(5)).await;
    // Three stopped staging servers (a new server is stopped) and a running
    // one, beside the demo fleet of fr-par-1 (none of it tagged staging).
    let mut stopped = Vec::new();
    for name in ["stg-api", "stg-db", "stg-worker", "stg-up"] {
        let request = CreateServerRequest {
            name: name.to_string(),
            commercial_type: "DEV1-S".to_string(),
            image: Some("ubuntu_noble".to_string()),
            tags: Some(vec!["staging".to_string(), "web".to_string()]),
            ..Default::default()
        };
        let server = instance::create_server(&h.client, Zone::FrPar1, &request)
            .await
            .unwrap();
        stopped.push((name, server.id));
    }
    let (_, up) = stopped.pop().unwrap();
    let poweron = ServerActionRequest {
        action: ServerAction::Poweron,
        name: None,
        volumes: None,
        disable_ipv6: None,
    };
    instance::server_action(&h.client, Zone::FrPar1, &up, &poweron)
        .await
        .unwrap();
    h.sim.advance_steps(10);
    let par1_before = instance::list_servers(&h.client, Zone::FrPar1, &ServerFilters::default())
        .await
        .unwrap();
    let par2 = instance::list_servers(&h.client, Zone::FrPar2, &ServerFilters::default())
        .await
        .unwrap();
    assert!(
        par2.iter()
            .any(|s| s.tags.iter().any(|t| t == "staging") && s.state == ServerState::Stopped),
        "fr-par-2 has a stopped staging server the routine must not touch"
    );
    h.key(KeyCode::Char('r'));
    h.wait("the staging servers", |s| {
        s.table(Tab::Servers)
            .rows()
            .filter(|r| r.name().starts_with("stg-"))
            .count()
            == 4
    })
    .await;

    // The morning routine.
    h.ch('/');
    h.type_text("tag:staging");
    h.key(KeyCode::Enter);
    assert_eq!(h.state.current().shown(), 4);
    h.ch('*');
    h.ch('p');
    let Mode::BulkPowerMenu(menu) = &h.state.mode else {
        panic!(
            "no bulk power menu: {:?} {:?}",
            h.state.mode, h.state.status
        );
    };
    assert_eq!(menu.entries[0], ("poweron".to_string(), 3));
    h.key(KeyCode::Enter);
    let confirm = screen(&mut h.state, 120, 40);
    assert!(confirm.contains("Power on 3 servers?"), "{confirm}");
    assert!(confirm.contains("Skipped: 1 already running"), "{confirm}");
    h.ch('y');

    // The rows follow the transition to running on screen.
    let names: Vec<&str> = stopped.iter().map(|(n, _)| *n).collect();
    h.wait("the staging servers running", |s| {
        s.bulk.is_none()
            && s.table(Tab::Servers)
                .rows()
                .filter(|r| names.contains(&r.name().as_ref()))
                .all(|r| r.cell("state") == "running" && !s.busy.contains_key(r.id()))
    })
    .await;
    let after = screen(&mut h.state, 120, 40);
    for name in &names {
        let line = row_line(&after, name).unwrap_or_else(|| panic!("{name} shown:\n{after}"));
        assert!(line.contains("running"), "{line}");
    }
    assert!(after.contains("Power on 3 servers: 3 done"), "{after}");
    assert_eq!(h.state.mode, Mode::Normal, "no report when all went well");

    // Exactly one action per stopped staging server, none to the others.
    for (name, id) in &stopped {
        assert_eq!(
            h.sim.requests_seen("POST", &action_path(Zone::FrPar1, id)),
            1,
            "{name}"
        );
    }
    assert_eq!(
        h.sim.requests_seen("POST", &action_path(Zone::FrPar1, &up)),
        1,
        "the running one: only the set-up's power on"
    );
    for s in par1_before.iter().filter(|s| !s.name.starts_with("stg-")) {
        assert_eq!(
            h.sim
                .requests_seen("POST", &action_path(Zone::FrPar1, &s.id)),
            0,
            "{}",
            s.name
        );
    }
    for s in &par2 {
        assert_eq!(
            h.sim
                .requests_seen("POST", &action_path(Zone::FrPar2, &s.id)),
            0,
            "{}",
            s.name
        );
    }
    h.sim.shutdown();
}
