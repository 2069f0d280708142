//! What changed, end to end against the simulator: a server powered off
//! behind the dashboard's back (a direct API call) is an event of the next
//! refresh, its row highlighted; a rename made while the dashboard was
//! closed is a "while away" event of the next run (two runs sharing one
//! state dir, the snapshot written by the executor on quit).
#![allow(clippy::unwrap_used)]

use std::sync::Arc;
use std::time::Duration;

use crossterm::event::KeyCode;
use scwdash::api::instance;
use scwdash::api::locality::{Zone, ZoneScope};
use scwdash::api::models::{ServerAction, ServerActionRequest, UpdateServerRequest};
use scwdash::app::events::{self, Change, Store, When};
use scwdash::app::{Options, State, Tab};
use scwdash::snapshot_store;

use crate::flow_edit::Harness;
use crate::screen_common::screen;

const PAR1: Zone = Zone::FrPar1;

/// The dashboard's options with `events`: fr-par-1, no auto-refresh within
/// a test (each refresh is asked for).
fn options(events: events::Options) -> Options {
    Options {
        zone: ZoneScope::One(PAR1),
        refresh_every: Duration::from_secs(30),
        fast_refresh: Duration::from_secs(30),
        events,
        ..Options::default()
    }
}

/// A running server of fr-par-1 (the last by name: not the selected top
/// row): (id, name).
fn running_server(state: &State) -> (String, String) {
    let mut running: Vec<_> = state
        .inventory
        .servers
        .values()
        .filter(|s| s.zone == "fr-par-1" && s.state.as_str() == "running")
        .collect();
    running.sort_by(|a, b| a.name.cmp(&b.name));
    let s = running.last().expect("a running server in fr-par-1");
    (s.id.to_string(), s.name.to_string())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_server_powered_off_behind_our_back_is_an_event_of_the_next_refresh() {
    let events = events::Options {
        highlight: Duration::from_secs(60),
        ..Default::default()
    };
    let mut h = Harness::launch(Duration::from_millis(200), options(events)).await;
    h.wait("the first load", |s| !s.fetches.any_in_flight())
        .await;
    assert_eq!(
        h.state.events.timeline.len(),
        0,
        "the first load is no event"
    );
    let (id, name) = running_server(&h.state);
    let poweroff = ServerActionRequest {
        action: ServerAction::Poweroff,
        name: None,
        volumes: None,
        disable_ipv6: None,
    };
    instance::server_action(&h.client, PAR1, &id, &poweroff)
        .await
        .unwrap();
    // One refresh.
    h.key(KeyCode::Char('r'));
    h.wait("the refresh", |s| !s.fetches.any_in_flight()).await;
    let event = h
        .state
        .events
        .newest_first()
        .find(|e| e.id == id)
        .unwrap_or_else(|| panic!("no event for {name}: {:?}", h.state.events.timeline));
    assert!(
        matches!(&event.change, Change::State { from, .. } if from == "running"),
        "{event:?}"
    );
    assert_eq!(event.tab, Tab::Servers);
    assert!(matches!(event.when, When::Seen(Some(_))));
    // Its row is highlighted in the servers table.
    let shown = screen(&mut h.state, 160, 48);
    assert!(shown.contains(&format!("Δ{name} ")), "{shown}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_rename_while_the_dashboard_was_closed_is_a_while_away_event() {
    let dir = tempfile::tempdir().unwrap();
    let store = snapshot_store::store(
        &dir.path().join("state"),
        snapshot_store::key("flow", "the simulator"),
    );
    let with_store = |store: &Store| events::Options {
        store: Some(store.clone()),
        ..Default::default()
    };
    // The first run looks, and writes its snapshot as it quits.
    let mut first = Harness::launch(Duration::from_millis(200), options(with_store(&store))).await;
    first
        .wait("the first load", |s| !s.fetches.any_in_flight())
        .await;
    let (id, old_name) = running_server(&first.state);
    first.key(KeyCode::Char('q'));
    assert!(first.state.quit);
    assert!(store.path.exists(), "the snapshot is written on quit");
    let Harness { sim, client, .. } = first;

    // Renamed while no dashboard runs.
    let rename = UpdateServerRequest {
        name: Some("renamed-while-away".to_string()),
        ..Default::default()
    };
    instance::update_server(&client, PAR1, &id, &rename)
        .await
        .unwrap();

    // The next run compares its first answer with that snapshot.
    let previous = snapshot_store::load(&store, snapshot_store::clock_now()).unwrap();
    let mut second = Harness::on(
        sim,
        options(events::Options {
            previous: Some(Arc::new(previous)),
            ..with_store(&store)
        }),
    )
    .await;
    second
        .wait("the first load", |s| !s.fetches.any_in_flight())
        .await;
    let renamed = second
        .state
        .events
        .newest_first()
        .find(|e| e.id == id)
        .unwrap_or_else(|| panic!("no event: {:?}", second.state.events.timeline));
    assert_eq!(
        renamed.change,
        Change::Renamed {
            from: old_name.clone(),
            to: "renamed-while-away".to_string()
        }
    );
    assert!(renamed.while_away());
    let words = second.state.events.away_words().unwrap();
    assert!(words.contains(" since "), "{words}");
    let shown = screen(&mut second.state, 160, 48);
    assert!(shown.lines().next().unwrap().contains(&words), "{shown}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_executor_rings_and_notifies_with_the_text_escaped() {
    let h = Harness::launch(Duration::from_millis(200), options(Default::default())).await;
    let sent = Arc::new(std::sync::Mutex::new(String::new()));
    let sink = sent.clone();
    let mut exec = scwdash::exec::ApiExecutor::new(h.client.clone(), Box::new(|_| Ok(())))
        .with_notifier(Box::new(move |bytes| {
            sink.lock().unwrap().push_str(bytes);
            Ok(())
        }));
    let (tx, _rx) = tokio::sync::mpsc::unbounded_channel();
    let text = "Power off server web\u{1b}]0;x\u{7}-1 in fr-par-1: done, stopped";
    for desktop in [events::Desktop::Osc9, events::Desktop::Osc777] {
        let n = events::Notification {
            text: text.to_string(),
            desktop,
        };
        scwdash::event::Executor::execute(&mut exec, scwdash::app::Effect::Notify(n), &tx);
    }
    assert_eq!(
        *sent.lock().unwrap(),
        "\u{7}\u{1b}]9;Power off server web\\e]0,x\\u{7}-1 in fr-par-1: done, stopped\u{7}\
         \u{7}\u{1b}]777;notify;scwdash;Power off server web\\e]0,x\\u{7}-1 in fr-par-1: done, stopped\u{7}"
    );
}
