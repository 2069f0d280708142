//! What changed, through update(): each refresh compared with the one
//! before (never the first load, never a zone that failed or left the
//! scope), the "while away" comparison with the last run's snapshot, the
//! highlights, the snapshot's saves and the notifications.
#![allow(clippy::unwrap_used)]

use crate::dash_common;

use std::collections::HashMap;
use std::sync::Arc;
use std::time::{Duration, Instant};

use dash_common::*;
use scwdash::api::locality::Zone;
use scwdash::api::models::{ServerState, ServerSummary};
use scwdash::app::events::snapshot::{GroupRules, Slice, Source};
use scwdash::app::events::{
    self, Clock, Desktop, Notification, Previous, RuleFact, Store, Tracked, When,
};
use scwdash::app::{
    self, Action, Batch, Effect, Locality, Options, PendingAction, State, Tab, UserError, Verb,
};

const FR_PAR_1: Locality = Locality::Zone(Zone::FrPar1);

fn options() -> Options {
    Options {
        refresh_every: Duration::from_secs(5),
        fast_refresh: Duration::from_secs(1),
        ..Options::default()
    }
}

fn sentences(state: &State) -> Vec<String> {
    state.events.newest_first().map(|e| e.sentence()).collect()
}

fn stop_web(s: &mut ServerSummary) {
    if s.id == WEB {
        s.state = ServerState::Stopping;
    }
}

#[test]
fn the_first_load_is_no_event() {
    let state = loaded(options(), Instant::now());
    assert_eq!(sentences(&state), Vec::<String>::new());
    assert!(state.events.highlights.is_empty());
}

#[test]
fn a_server_stopping_is_an_event_and_its_row_is_highlighted_a_while() {
    let t0 = Instant::now();
    let mut state = loaded(
        Options {
            events: events::Options {
                highlight: Duration::from_secs(4),
                ..Default::default()
            },
            ..options()
        },
        t0,
    );
    refresh_with(&mut state, servers_with(stop_web));
    assert_eq!(sentences(&state), ["server web-1 running → stopping"]);
    let event = state.events.newest_first().next().unwrap();
    assert_eq!(
        (event.id.as_str(), event.locality, event.tab),
        (WEB, Some(FR_PAR_1), Tab::Servers)
    );
    let now = state.now;
    assert!(state.events.highlighted(WEB, now));
    assert!(!state.events.highlighted(DB, now));
    // The highlight ends with the ticks, and the row is drawn again.
    state.dirty = false;
    app::update(
        &mut state,
        Action::Tick(now.unwrap() + Duration::from_secs(5)),
    );
    assert!(!state.events.highlighted(WEB, state.now));
    assert!(state.dirty);
}

#[test]
fn an_equal_answer_or_a_reordered_one_is_no_event() {
    let mut state = loaded(options(), Instant::now());
    refresh_with(&mut state, batch(Tab::Servers));
    let mut reordered = servers();
    reordered.reverse();
    refresh_with(&mut state, Batch::Servers(reordered));
    assert_eq!(sentences(&state), Vec::<String>::new());
}

#[test]
fn a_zone_that_failed_is_not_everything_deleted() {
    let mut state = loaded(options(), Instant::now());
    let failed = vec![(FR_PAR_1, UserError::new("service unavailable (503)"))];
    refresh_answering(&mut state, Batch::Servers(Vec::new()), failed);
    assert_eq!(sentences(&state), Vec::<String>::new());
    // The next good answer is compared with the last good one.
    refresh_with(&mut state, servers_with(stop_web));
    assert_eq!(sentences(&state), ["server web-1 running → stopping"]);
}

#[test]
fn every_change_of_a_server_is_named() {
    let mut state = loaded(options(), Instant::now());
    refresh_with(
        &mut state,
        servers_with(|s| {
            if s.id == DB {
                s.name = "db-main".into();
                s.tags = Box::new(["db".into(), "critical".into()]);
                s.commercial_type = "PRO2-S".into();
                // The data volume detached, the spare attached, the NIC moved.
                let root = s.volumes.iter().find(|v| v.slot == "0").unwrap().clone();
                let mut spare = root.clone();
                spare.id = SPARE.into();
                spare.slot = "1".into();
                s.volumes = Box::new([root, spare]);
                s.private_nics[0].private_network_id = PN_FRONT.into();
            }
        }),
    );
    let mut got = sentences(&state);
    got.reverse();
    assert_eq!(
        got,
        [
            "server db-main renamed db-1 → db-main",
            "server db-main type PRO2-XS → PRO2-S",
            "server db-main tags +critical -prod",
            "server db-main attached volume spare-backup",
            "server db-main attached private network frontend",
            "server db-main detached volume db-data",
            "server db-main detached private network backend",
        ]
    );
}

#[test]
fn volumes_attach_detach_resize_and_change_iops() {
    let mut state = loaded(options(), Instant::now());
    refresh_with(
        &mut state,
        volumes_with(|v| match v.id.as_str() {
            SPARE => {
                v.server_id = Some(WEB.into());
                v.status = "in_use".into();
            }
            DB_DATA => {
                v.server_id = None;
                v.size = 200_000_000_000;
                v.iops = Some(5_000);
            }
            _ => {}
        }),
    );
    let mut got = sentences(&state);
    got.reverse();
    assert_eq!(
        got,
        [
            "volume db-data size 100 GB → 200 GB",
            "volume db-data IOPS 15K → 5K",
            "volume db-data detached from server db-1",
            "volume spare-backup available → in_use",
            "volume spare-backup attached to server web-1",
        ]
    );
}

#[test]
fn created_and_deleted_resources() {
    let mut state = loaded(options(), Instant::now());
    let mut fresh: Vec<Arc<ServerSummary>> =
        servers().into_iter().filter(|s| s.id != LOCKED).collect();
    let mut new = (*fresh[0]).clone();
    new.id = "5f0f3c2a-1d1e-4a36-9a57-0f4a2f3c1099".into();
    new.name = "web-2".into();
    fresh.push(Arc::new(new));
    refresh_with(&mut state, Batch::Servers(fresh));
    let mut got = sentences(&state);
    got.sort();
    assert_eq!(got, ["server legacy-0 deleted", "server web-2 created"]);
    // A deleted row has nothing left to highlight.
    assert!(!state.events.highlights.contains_key(LOCKED));
}

/// `]` to fr-par-2, answered: none of fr-par-1's zoned resources are
/// there (its region's are the same).
fn to_fr_par_2(state: &mut State) {
    let effects = app::update(state, key(']'));
    answer_fetches(state, effects, |_, tab| match tab {
        Tab::Servers => Batch::Servers(vec![]),
        Tab::Volumes => Batch::Volumes(vec![]),
        Tab::SecurityGroups => Batch::SecurityGroups(vec![]),
        regional => batch(regional),
    });
}

#[test]
fn a_zone_change_is_neither_deleted_nor_created_and_coming_back_compares() {
    let mut state = loaded(options(), Instant::now());
    // fr-par-2 has none of fr-par-1's zoned resources (its region's
    // networks are the same): its first answer is a baseline.
    to_fr_par_2(&mut state);
    assert_eq!(sentences(&state), Vec::<String>::new());
    // Back in fr-par-1: compared with what this run saw there.
    let effects = app::update(&mut state, key('['));
    let rest = answer_fetches(&mut state, effects, |_, tab| match tab {
        Tab::Servers => servers_with(stop_web),
        other => batch(other),
    });
    answer(&mut state, rest);
    assert_eq!(sentences(&state), ["server web-1 running → stopping"]);
    assert!(!state.events.newest_first().any(|e| e.while_away()));
}

fn previous(renamed: &str, saved_at: i64) -> Previous {
    let facts = servers()
        .iter()
        .map(|s| {
            let mut f = s.fact();
            if s.id == WEB {
                f.name = renamed.to_string();
            }
            f
        })
        .collect();
    Previous {
        slices: HashMap::from([(
            (Tab::Servers, FR_PAR_1),
            Arc::new(Slice {
                kind: Tab::Servers,
                at: FR_PAR_1,
                saved_at,
                facts,
            }),
        )]),
        rules: HashMap::new(),
        clock: Clock {
            now: saved_at + 3600,
            utc_offset: 0,
        },
    }
}

#[test]
fn the_first_answer_is_compared_with_the_last_runs_snapshot() {
    // 2025-03-03 14:03 UTC.
    let saved_at = 1_741_010_580;
    let state = loaded(
        Options {
            events: events::Options {
                previous: Some(Arc::new(previous("web-old", saved_at))),
                ..Default::default()
            },
            ..options()
        },
        Instant::now(),
    );
    assert_eq!(sentences(&state), ["server web-1 renamed web-old → web-1"]);
    let event = state.events.newest_first().next().unwrap();
    assert_eq!(event.when, When::Away { since: saved_at });
    assert_eq!(
        state.events.away_words().as_deref(),
        Some("1 change since 14:03")
    );
    // Only kinds and zones the snapshot holds are compared: no volume was
    // "created".
    assert_eq!(state.events.timeline.len(), 1);
}

#[test]
fn rules_are_compared_group_by_group() {
    let mut state = loaded(options(), Instant::now());
    let arrive = |state: &mut State, rules| {
        app::update(
            state,
            Action::Rules {
                group: SG_DEFAULT.to_string(),
                result: Ok(Arc::new(rules)),
            },
        )
    };
    arrive(&mut state, rules());
    assert_eq!(sentences(&state), Vec::<String>::new());
    let mut changed = rules();
    changed.remove(2);
    changed[0].dest_port_from = Some(2222);
    let mut added = changed[1].clone();
    added.id = "r9".into();
    added.ip_range = "10.0.0.0/8".into();
    changed.push(added);
    arrive(&mut state, changed);
    let mut got = sentences(&state);
    got.reverse();
    assert_eq!(
        got,
        [
            "security group default rule changed: inbound accept TCP 22 from 0.0.0.0/0 → inbound accept TCP 2222 from 0.0.0.0/0",
            "security group default rule removed: outbound drop ANY to 10.0.0.0/8",
            "security group default rule added: inbound accept TCP 80-443 from 10.0.0.0/8",
        ]
    );
}

#[test]
fn a_group_that_changed_has_its_rules_read_again() {
    let mut state = loaded(options(), Instant::now());
    app::update(
        &mut state,
        Action::Rules {
            group: SG_DEFAULT.to_string(),
            result: Ok(Arc::new(rules())),
        },
    );
    let groups = security_groups()
        .into_iter()
        .map(|g| {
            let mut g = (*g).clone();
            g.modification_date = "2025-11-01T00:00:00Z".into();
            Arc::new(g)
        })
        .collect();
    let effects = refresh_with(&mut state, Batch::SecurityGroups(groups));
    assert!(
        effects.iter().any(|e| matches!(e,
            Effect::FetchRules { group, zone: Zone::FrPar1 } if group == SG_DEFAULT)),
        "{effects:?}"
    );
}

fn saves(effects: &[Effect]) -> Vec<bool> {
    effects
        .iter()
        .filter_map(|e| match e {
            Effect::SaveSnapshot { last, .. } => Some(*last),
            _ => None,
        })
        .collect()
}

/// Ticks every half second from `from` (answering what they fetch) until
/// one saves the snapshot: its time.
fn tick_until_saved(state: &mut State, from: Instant) -> Instant {
    for i in 0..20 {
        let at = from + Duration::from_millis(500 * i);
        let effects = app::update(state, Action::Tick(at));
        // What `answer` leaves includes the tick's own effects.
        let saved = saves(&answer(state, effects));
        if !saved.is_empty() {
            assert_eq!(saved, [false]);
            return at;
        }
    }
    panic!("no save within 10 s of ticks");
}

fn with_store() -> Options {
    Options {
        events: events::Options {
            store: Some(Store {
                path: "/nonexistent/fleet-test.json".into(),
                key: "k".into(),
            }),
            ..Default::default()
        },
        ..options()
    }
}

#[test]
fn the_first_complete_refresh_is_saved_at_once() {
    let t0 = Instant::now();
    let mut state = State::new(with_store());
    app::update(&mut state, Action::Tick(t0));
    let effects = app::init(&mut state);
    // Nothing is saved while the first answers are out.
    assert_eq!(saves(&effects), Vec::<bool>::new());
    let left = answer(&mut state, effects);
    assert_eq!(saves(&left), Vec::<bool>::new());
    let next = app::update(&mut state, Action::Tick(t0 + Duration::from_millis(250)));
    assert_eq!(saves(&next), [false]);
}

#[test]
fn the_snapshot_is_saved_after_changes_at_most_once_a_minute_and_on_quit() {
    let t0 = Instant::now();
    let mut state = loaded(with_store(), t0);
    // Whenever loading was saved, a change is saved within the minute after.
    refresh_with(&mut state, servers_with(stop_web));
    let saved_at = tick_until_saved(&mut state, t0 + Duration::from_secs(61));
    // Another change soon after waits for the minute (the ticks' refreshes,
    // answered with the sample data, undo it: more changes).
    refresh_with(&mut state, servers_with(stop_web));
    for s in (5..60).step_by(5) {
        let effects = app::update(&mut state, Action::Tick(saved_at + Duration::from_secs(s)));
        let left = answer(&mut state, effects);
        assert_eq!(saves(&left), Vec::<bool>::new(), "at {s} s");
    }
    let next = tick_until_saved(&mut state, saved_at + Duration::from_secs(60));
    assert!(next - saved_at >= events::SAVE_EVERY);
    // Nothing new: no more saves.
    let idle = app::update(&mut state, Action::Tick(next + Duration::from_secs(120)));
    assert_eq!(saves(&answer(&mut state, idle)), Vec::<bool>::new());
    // Quitting saves once more, to be written before the loop ends.
    assert_eq!(saves(&app::update(&mut state, key('q'))), [true]);
}

/// The source of the snapshot save among `effects`, if one is.
fn saved_source(effects: &[Effect]) -> Option<Arc<Source>> {
    effects.iter().find_map(|e| match e {
        Effect::SaveSnapshot { source, .. } => Some(Arc::clone(&source.0)),
        _ => None,
    })
}

/// A save shares what it keeps with the state (the last run's slices and
/// rules not compared yet, the facts of zones this run left, the rules it
/// read) rather than copying them: at 100,000 servers in zones not seen
/// yet, the copy was tens of thousands of facts on the UI thread per save.
#[test]
fn a_save_shares_what_it_keeps_with_the_state() {
    let t0 = Instant::now();
    let saved_at = 1_741_010_580;
    // The last run saw a zone this run never looks at, and a group whose
    // rules it never reads.
    let away = Locality::Zone(Zone::PlWaw2);
    let mut previous = previous("web-1", saved_at);
    let facts = servers().iter().map(|s| s.fact()).collect();
    previous.slices.insert(
        (Tab::Servers, away),
        Arc::new(Slice {
            kind: Tab::Servers,
            at: away,
            saved_at,
            facts,
        }),
    );
    let rule = RuleFact {
        id: "r-away".into(),
        text: "inbound accept TCP 22 from 0.0.0.0/0".into(),
    };
    previous.rules.insert(
        "g-away".into(),
        Arc::new(GroupRules {
            group: "g-away".into(),
            saved_at,
            rules: vec![rule],
        }),
    );
    let mut options = with_store();
    options.events.previous = Some(Arc::new(previous));
    let mut state = loaded(options, t0);
    app::update(
        &mut state,
        Action::Rules {
            group: SG_DEFAULT.to_string(),
            result: Ok(Arc::new(rules())),
        },
    );
    // fr-par-1 is left: what this run saw there is kept.
    to_fr_par_2(&mut state);
    let first = (0..40)
        .find_map(|i| {
            let at = t0 + Duration::from_secs(61) + Duration::from_millis(500 * i);
            let effects = app::update(&mut state, Action::Tick(at));
            saved_source(&answer(&mut state, effects))
        })
        .expect("a save within 20 s of ticks");
    let last = saved_source(&app::update(&mut state, key('q'))).expect("saved on quit");
    for source in [&first, &last] {
        let kept = source.kept.iter().find(|s| s.at == away).unwrap();
        assert!(Arc::ptr_eq(
            kept,
            &state.events.previous.slices[&(Tab::Servers, away)]
        ));
        let kept_rules = source.kept_rules.iter().find(|r| r.group == "g-away");
        assert!(Arc::ptr_eq(
            kept_rules.unwrap(),
            &state.events.previous.rules["g-away"]
        ));
    }
    // What this run saw and left, and the rules it read, are the same
    // allocations from one save to the next.
    let left_here = |source: &Source| {
        let here = |(tab, at, _): &&(Tab, Locality, _)| *tab == Tab::Servers && *at == FR_PAR_1;
        let (_, _, facts) = source.left.iter().find(here).unwrap();
        Arc::clone(facts)
    };
    assert!(!left_here(&first).is_empty());
    assert!(Arc::ptr_eq(&left_here(&first), &left_here(&last)));
    assert!(first.rules.contains_key(SG_DEFAULT));
    assert!(Arc::ptr_eq(&first.rules, &last.rules));
}

#[test]
fn a_fleet_listed_less_often_is_saved_no_more_often_than_listed() {
    let t0 = Instant::now();
    let mut state = loaded(with_store(), t0);
    // Listed every 5 minutes (`refresh`, or a large fleet's stretch).
    state.refresh_every = Duration::from_secs(300);
    let every = events::save_every(&state);
    assert_eq!(every, state.list_interval());
    assert!(every >= 4 * events::SAVE_EVERY, "{every:?}");
    // `loaded` saved at t0. Changes keep coming (polled fast, answered
    // with the sample data): none is saved before the list interval is over.
    refresh_with(&mut state, servers_with(stop_web));
    for s in (5..every.as_secs()).step_by(5) {
        let effects = app::update(&mut state, Action::Tick(t0 + Duration::from_secs(s)));
        let left = answer(&mut state, effects);
        assert_eq!(saves(&left), Vec::<bool>::new(), "at {s} s");
    }
    refresh_with(&mut state, servers_with(stop_web));
    tick_until_saved(&mut state, t0 + every);
}

#[test]
fn without_a_store_nothing_is_saved() {
    let t0 = Instant::now();
    let mut state = loaded(options(), t0);
    refresh_with(&mut state, servers_with(stop_web));
    let effects = app::update(&mut state, Action::Tick(t0 + Duration::from_secs(120)));
    assert_eq!(saves(&effects), Vec::<bool>::new());
    assert_eq!(
        saves(&app::update(&mut state, key('q'))),
        Vec::<bool>::new()
    );
}

fn notifications(effects: &[Effect]) -> Vec<String> {
    effects
        .iter()
        .filter_map(|e| match e {
            Effect::Notify(Notification { text, .. }) => Some(text.clone()),
            _ => None,
        })
        .collect()
}

fn power_off_web() -> PendingAction {
    PendingAction {
        verb: Verb::Power("poweroff".into()),
        tab: Tab::Servers,
        id: WEB.into(),
        name: "web-1".into(),
        locality: Some(FR_PAR_1),
    }
}

#[test]
fn a_notification_follows_an_action_until_its_server_settles() {
    let mut state = loaded(
        Options {
            events: events::Options {
                notify: Some(Desktop::Osc9),
                ..Default::default()
            },
            ..options()
        },
        Instant::now(),
    );
    let done = app::update(
        &mut state,
        Action::Done {
            action: power_off_web(),
            result: Ok(()),
        },
    );
    assert_eq!(notifications(&done), Vec::<String>::new());
    let stopping = refresh_with(&mut state, servers_with(stop_web));
    assert_eq!(notifications(&stopping), Vec::<String>::new());
    let stopped = refresh_with(
        &mut state,
        servers_with(|s| {
            if s.id == WEB {
                s.state = ServerState::Stopped;
            }
        }),
    );
    assert_eq!(
        notifications(&stopped),
        ["Power off server web-1 in fr-par-1: done, stopped"]
    );
    // Once.
    let again = refresh_with(&mut state, batch(Tab::Servers));
    assert_eq!(notifications(&again), Vec::<String>::new());
    // A refusal is told at once.
    let refused = app::update(
        &mut state,
        Action::Done {
            action: power_off_web(),
            result: Err(UserError::new("precondition failed")),
        },
    );
    assert_eq!(
        notifications(&refused),
        ["✗ Power off server web-1 in fr-par-1: precondition failed"]
    );
}

/// A loaded dashboard with notifications on (the bell) and web-1 marked.
fn notifying_with_web_marked() -> State {
    let mut state = loaded(
        Options {
            events: events::Options {
                notify: Some(Desktop::Bell),
                ..Default::default()
            },
            ..options()
        },
        Instant::now(),
    );
    assert!(state.table_mut(Tab::Servers).select_id(WEB));
    app::update(&mut state, key(' '));
    assert!(state.marks.is_marked(Tab::Servers, WEB));
    state
}

/// The second trigger: a marked resource that changes state (not
/// by an action of this dashboard, which has its own notification).
#[test]
fn a_marked_resource_that_changes_state_is_notified() {
    let mut state = notifying_with_web_marked();
    let stopping = refresh_with(&mut state, servers_with(stop_web));
    assert_eq!(
        notifications(&stopping),
        ["server web-1 running → stopping"]
    );
    // Other changes of it, and changes of rows not marked, are not.
    let renamed = refresh_with(
        &mut state,
        servers_with(|s| {
            stop_web(s);
            if s.id == WEB {
                s.name = "web-9".into();
            }
            if s.id == DB {
                s.state = ServerState::Stopping;
            }
        }),
    );
    assert_eq!(notifications(&renamed), Vec::<String>::new());
    assert!(sentences(&state).contains(&"server db-1 running → stopping".to_string()));
}

/// A marked resource deleted elsewhere is notified too: it will not change
/// state again, and its row is gone.
#[test]
fn a_marked_resource_that_is_deleted_is_notified() {
    let mut state = notifying_with_web_marked();
    let Batch::Servers(all) = servers_with(|_| {}) else {
        unreachable!()
    };
    let without_web = all.into_iter().filter(|s| s.id != WEB).collect();
    let deleted = refresh_with(&mut state, Batch::Servers(without_web));
    assert_eq!(notifications(&deleted), ["server web-1 deleted"]);
}

/// Marks notify only when notifications are on.
#[test]
fn a_marked_resource_is_not_notified_when_notifications_are_off() {
    let mut state = loaded(options(), Instant::now());
    assert!(state.table_mut(Tab::Servers).select_id(WEB));
    app::update(&mut state, key(' '));
    let stopping = refresh_with(&mut state, servers_with(stop_web));
    assert_eq!(notifications(&stopping), Vec::<String>::new());
}

#[test]
fn notifications_are_off_by_default() {
    let mut state = loaded(options(), Instant::now());
    let effects = app::update(
        &mut state,
        Action::Done {
            action: power_off_web(),
            result: Err(UserError::new("precondition failed")),
        },
    );
    assert_eq!(notifications(&effects), Vec::<String>::new());
    assert_eq!(state.events.notify, None);
}

#[test]
fn the_timeline_keeps_the_newest_events() {
    let mut state = loaded(options(), Instant::now());
    for i in 0..events::KEPT + 10 {
        refresh_with(
            &mut state,
            servers_with(|s| {
                if s.id == WEB {
                    s.name = format!("web-{i}").into();
                }
            }),
        );
    }
    assert_eq!(state.events.timeline.len(), events::KEPT);
    let newest = state.events.newest_first().next().unwrap();
    assert_eq!(
        newest.sentence(),
        format!(
            "server web-{} renamed web-{} → web-{}",
            events::KEPT + 9,
            events::KEPT + 8,
            events::KEPT + 9
        )
    );
}

#[test]
fn the_events_view_is_a_command_and_a_tab() {
    let mut state = loaded(options(), Instant::now());
    for c in ":events".chars() {
        app::update(&mut state, key(c));
    }
    app::update(&mut state, code(crossterm::event::KeyCode::Enter));
    assert_eq!(state.tab, Tab::Events, "{:?}", state.status);
    app::update(&mut state, key('1'));
    for c in ":ev".chars() {
        app::update(&mut state, key(c));
    }
    app::update(&mut state, code(crossterm::event::KeyCode::Enter));
    assert_eq!(state.tab, Tab::Events, "{:?}", state.status);
}
