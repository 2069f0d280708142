//! Fleet operations in the pure update(): marks across refreshes, sorts,
//! filters and zone changes; filter terms; the bulk power menu and delete;
//! every path of a bulk run (all done, partial failure, all skipped, rate
//! limited, cancelled), each resource sent once.

use std::time::{Duration, Instant};

use crossterm::event::KeyCode;
use scwdash::api::locality::{Zone, ZoneScope};
use scwdash::app::bulk::MAX_IN_FLIGHT;
use std::sync::Arc;

use scwdash::api::models::ServerSummary;
use scwdash::app::{
    self, Action, Batch, Effect, Mode, Options, Outcome, PendingAction, State, Tab, UserError, Verb,
};

use super::dash_common as dash;
use super::dash_common::{
    choose_bulk_power, code, ctrl, fetched, fetches, key, load_servers, loaded, staging_fleet,
    tagged,
};

fn t0() -> Instant {
    Instant::now()
}

fn sample(id: &str, name: &str, state: &str, zone: Zone, tags: &str) -> Arc<ServerSummary> {
    tagged(id, name, state, zone, tags)
}

/// The sample dashboard with `rows` on the Servers tab.
fn with_rows(rows: Vec<Arc<ServerSummary>>) -> State {
    let mut s = loaded(Options::default(), t0());
    load(&mut s, rows);
    s
}

fn load(s: &mut State, rows: Vec<Arc<ServerSummary>>) {
    load_servers(s, rows);
}

fn fleet() -> Vec<Arc<ServerSummary>> {
    staging_fleet()
}

fn type_text(s: &mut State, text: &str) {
    for c in text.chars() {
        app::update(s, key(c));
    }
}

/// `/text` Enter.
fn filter(s: &mut State, text: &str) {
    app::update(s, key('/'));
    app::update(s, ctrl('u'));
    type_text(s, text);
    app::update(s, code(KeyCode::Enter));
}

fn marked(s: &State) -> Vec<String> {
    let mut names: Vec<String> = s
        .marks
        .rows(Tab::Servers)
        .map(|r| r.name().into_owned())
        .collect();
    names.sort();
    names
}

fn shown(s: &State) -> Vec<String> {
    let t = s.current();
    t.window(0, t.shown())
        .map(|r| r.name().into_owned())
        .collect()
}

fn steps(effects: &[Effect]) -> Vec<(u64, PendingAction)> {
    effects
        .iter()
        .filter_map(|e| match e {
            Effect::BulkStep { run, action } => Some((*run, action.clone())),
            _ => None,
        })
        .collect()
}

fn done(
    s: &mut State,
    run: u64,
    action: PendingAction,
    result: Result<(), UserError>,
) -> Vec<Effect> {
    app::update(
        s,
        Action::BulkStepDone {
            run,
            action,
            result,
            rate_limited: false,
        },
    )
}

fn status(s: &State) -> String {
    s.status
        .last_action
        .as_ref()
        .map(|(t, _)| t.clone())
        .unwrap_or_default()
}

/// `/tag:staging` Enter `*` `p`, the first entry (power on): the bulk
/// confirmation.
fn morning_routine_to_confirm(s: &mut State) {
    filter(s, "tag:staging");
    app::update(s, key('*'));
    app::update(s, key('p'));
    let Mode::BulkPowerMenu(menu) = &s.mode else {
        panic!("no bulk power menu: {:?} {:?}", s.mode, s.status);
    };
    assert_eq!(menu.entries[0].0, "poweron");
    app::update(s, code(KeyCode::Enter));
    assert!(matches!(s.mode, Mode::BulkConfirm(_)), "{:?}", s.mode);
}

#[test]
fn space_marks_and_moves_down_and_marks_follow_ids() {
    let mut s = with_rows(fleet());
    // Sorted by name: prod-0..3, stg-0..7.
    app::update(&mut s, key(' '));
    app::update(&mut s, key(' '));
    assert_eq!(marked(&s), ["prod-0", "prod-1"]);
    assert_eq!(s.current().selected().unwrap().name(), "prod-2");
    // Space again on a marked row unmarks it.
    app::update(&mut s, key('k'));
    app::update(&mut s, key(' '));
    assert_eq!(marked(&s), ["prod-0"]);
    // A refresh with the rows in another order, a reversed sort, a filter
    // that hides the row: the mark stays on the id.
    let mut rows = fleet();
    rows.reverse();
    load(&mut s, rows);
    app::update(&mut s, key('S'));
    filter(&mut s, "stg");
    assert!(!shown(&s).contains(&"prod-0".to_string()));
    assert_eq!(marked(&s), ["prod-0"]);
    assert_eq!(s.marks.count(Tab::Servers), 1);
}

#[test]
fn star_marks_what_the_filter_shows_and_again_unmarks() {
    let mut s = with_rows(fleet());
    filter(&mut s, "tag:staging state:stopped");
    assert_eq!(shown(&s), ["stg-0", "stg-2", "stg-4", "stg-6"]);
    app::update(&mut s, key('*'));
    assert_eq!(marked(&s), ["stg-0", "stg-2", "stg-4", "stg-6"]);
    assert_eq!(status(&s), "marked 4 servers");
    app::update(&mut s, key('*'));
    assert!(marked(&s).is_empty());
    assert_eq!(status(&s), "unmarked 4 servers");
    // A partly marked view: `*` marks the rest.
    app::update(&mut s, key(' '));
    app::update(&mut s, key('*'));
    assert_eq!(marked(&s).len(), 4);
    // Negation and plain words AND together.
    filter(&mut s, "!tag:prod stg-1");
    assert_eq!(shown(&s), ["stg-1"]);
}

#[test]
fn a_marked_resource_that_disappears_is_unmarked_and_named() {
    let mut s = with_rows(fleet());
    filter(&mut s, "prod");
    app::update(&mut s, key('*'));
    assert_eq!(marked(&s).len(), 4);
    let rows: Vec<Arc<ServerSummary>> =
        fleet().into_iter().filter(|r| r.name != "prod-2").collect();
    load(&mut s, rows);
    assert_eq!(marked(&s), ["prod-0", "prod-1", "prod-3"]);
    assert_eq!(status(&s), "marked server prod-2 is gone: unmarked");
    let rows: Vec<Arc<ServerSummary>> = fleet()
        .into_iter()
        .filter(|r| !r.name.starts_with("prod-0") && !r.name.starts_with("prod-1"))
        .collect();
    load(&mut s, rows);
    assert_eq!(
        status(&s),
        "2 marked servers are gone: unmarked (prod-0, prod-1)"
    );
}

#[test]
fn marks_survive_a_zone_change_and_a_failed_zone_keeps_them() {
    let mut s = with_rows(fleet());
    filter(&mut s, "stg-0");
    app::update(&mut s, key('*'));
    // Another zone: the mark stays, the header counts it as outside.
    let effects = app::update(&mut s, key(']'));
    assert_eq!(s.zone, ZoneScope::One(Zone::FrPar2));
    assert_eq!(marked(&s), ["stg-0"]);
    assert_eq!(app::marks::outside_scope(&s, Tab::Servers), 1);
    // fr-par-2's servers arrive without it: it is elsewhere, not gone.
    for (request, tab) in fetches(&effects) {
        let answer = match tab {
            Tab::Servers => Batch::Servers(vec![sample("x", "other", "running", Zone::FrPar2, "")]),
            _ => dash::batch(tab),
        };
        app::update(&mut s, fetched(request, answer));
    }
    assert_eq!(marked(&s), ["stg-0"]);
    // Back in fr-par-1 with a failing fetch: still marked.
    let effects = app::update(&mut s, key('['));
    for (request, tab) in fetches(&effects) {
        let err = UserError::new("service unavailable (503)");
        app::update(
            &mut s,
            Action::Fetched {
                request,
                batch: dash::batch(tab),
                errors: vec![(scwdash::app::Locality::Zone(Zone::FrPar1), err)],
            },
        );
    }
    assert_eq!(marked(&s), ["stg-0"]);
    assert_eq!(app::marks::outside_scope(&s, Tab::Servers), 0);
}

#[test]
fn esc_with_marks_asks_first_and_defaults_to_keeping_them() {
    let mut s = with_rows(fleet());
    filter(&mut s, "stg");
    app::update(&mut s, key('*'));
    app::update(&mut s, code(KeyCode::Esc));
    assert_eq!(
        s.mode,
        Mode::ClearMarks {
            tab: Tab::Servers,
            count: 8
        }
    );
    // Enter is No, as everywhere a confirmation asks.
    app::update(&mut s, code(KeyCode::Enter));
    assert_eq!(s.mode, Mode::Normal);
    assert_eq!(s.marks.count(Tab::Servers), 8);
    assert_eq!(s.current().filter(), "stg", "the filter stays too");
    app::update(&mut s, code(KeyCode::Esc));
    app::update(&mut s, key('y'));
    assert_eq!(s.marks.count(Tab::Servers), 0);
    assert_eq!(status(&s), "unmarked 8 servers");
    // Without marks, Esc clears the filter as before.
    app::update(&mut s, code(KeyCode::Esc));
    assert_eq!(s.current().filter(), "");
}

#[test]
fn marks_are_remappable_keys() {
    let mut o = std::collections::HashMap::new();
    o.insert("mark".to_string(), vec!["m".to_string()]);
    o.insert("mark_all".to_string(), vec!["M".to_string()]);
    let keymap = scwdash::keymap::KeyMap::default()
        .with_overrides(&o)
        .unwrap();
    let mut s = loaded(
        Options {
            keymap,
            ..Options::default()
        },
        t0(),
    );
    load(&mut s, fleet());
    app::update(&mut s, key(' '));
    assert_eq!(s.marks.count(Tab::Servers), 0, "space is no longer mark");
    app::update(&mut s, key('m'));
    assert_eq!(s.marks.count(Tab::Servers), 1);
    app::update(&mut s, key('M'));
    assert_eq!(s.marks.count(Tab::Servers), 12);
}

#[test]
fn filter_terms_a_tab_lacks_say_so() {
    let mut s = with_rows(fleet());
    app::update(&mut s, key('2'));
    filter(&mut s, "type:DEV1-S");
    let problem = s.current().filter_problem().expect("volumes have no type");
    assert_eq!(problem.field, app::filter_query::Field::Type);
    assert_eq!(s.current().shown(), 0);
    // `:filter tag:prod` from command mode goes through the same function.
    app::update(&mut s, key('1'));
    app::filter_query::set(&mut s, "tag:prod");
    assert_eq!(shown(&s), ["prod-0", "prod-1", "prod-2", "prod-3"]);
    assert_eq!(app::marks::mark_shown(&mut s), 4);
}

#[test]
fn the_bulk_power_menu_offers_what_one_allows_and_counts() {
    let mut s = loaded(Options::default(), t0());
    // batch-2 starting, db-1 running, legacy-0 locked, web-1 running, worker-1 stopped.
    app::update(&mut s, key('*'));
    app::update(&mut s, key('p'));
    let Mode::BulkPowerMenu(menu) = &s.mode else {
        panic!("{:?}", s.mode);
    };
    assert_eq!(menu.marked, 5);
    let entries: Vec<(&str, usize)> = menu.entries.iter().map(|(a, n)| (a.as_str(), *n)).collect();
    assert_eq!(
        entries,
        [
            ("poweron", 1),
            ("poweroff", 2),
            ("stop_in_place", 2),
            ("reboot", 2),
            ("terminate", 2)
        ]
    );
    // Power off: the two running ones; the rest skipped with reasons.
    app::update(&mut s, key('j'));
    app::update(&mut s, code(KeyCode::Enter));
    let Mode::BulkConfirm(c) = &s.mode else {
        panic!("{:?}", s.mode);
    };
    let names: Vec<&str> = c.plan.targets.iter().map(|t| t.name.as_str()).collect();
    assert_eq!(names, ["db-1", "web-1"]);
    assert_eq!(
        c.plan.skipped_summary().as_deref(),
        Some("1 starting, 1 locked, 1 already stopped")
    );
    assert!(c.typed.is_none(), "power off asks yes / no");
    // Enter is No: nothing sent.
    let effects = app::update(&mut s, code(KeyCode::Enter));
    assert!(steps(&effects).is_empty());
    assert_eq!(s.mode, Mode::Normal);
    assert_eq!(status(&s), "Power off 2 servers: cancelled, nothing sent");
    assert_eq!(s.marks.count(Tab::Servers), 5, "still marked");
}

#[test]
fn the_morning_routine_sends_one_power_on_per_stopped_staging_server() {
    let mut s = with_rows(fleet());
    morning_routine_to_confirm(&mut s);
    let Mode::BulkConfirm(c) = &s.mode else {
        unreachable!()
    };
    assert_eq!(c.plan.title(), "Power on 4 servers");
    assert_eq!(
        c.plan.skipped_summary().as_deref(),
        Some("4 already running")
    );
    let effects = app::update(&mut s, key('y'));
    let first = steps(&effects);
    assert_eq!(first.len(), MAX_IN_FLIGHT.min(4));
    assert_eq!(s.marks.count(Tab::Servers), 0, "the run took the marks");
    // The rows show their transition at once.
    for (_, a) in &first {
        assert_eq!(s.busy[&a.id].label, "starting");
    }
    assert!(
        s.bulk
            .as_ref()
            .unwrap()
            .progress()
            .starts_with("starting 0/4")
    );
    let mut sent = Vec::new();
    for (run, a) in first {
        sent.push(a.name.clone());
        assert_eq!(a.verb, Verb::Power("poweron".into()));
        let id = a.id.clone();
        let more = done(&mut s, run, a, Ok(()));
        assert!(steps(&more).is_empty());
        // Its row is read again alone, to show the transition.
        assert!(
            more.iter()
                .any(|e| matches!(e, Effect::FetchOne { id: read, .. } if *read == id)),
            "{more:?}"
        );
    }
    sent.sort();
    assert_eq!(sent, ["stg-0", "stg-2", "stg-4", "stg-6"]);
    assert!(s.bulk.is_none());
    assert_eq!(status(&s), "Power on 4 servers: 4 done");
    assert_eq!(s.status.last_action.as_ref().unwrap().1, Outcome::Succeeded);
    assert_eq!(s.mode, Mode::Normal, "no report when all went well");
}

/// `count` stopped servers marked and powered on: the run's first effects.
fn power_on_many(count: usize) -> (State, Vec<(u64, PendingAction)>) {
    let rows = (0..count)
        .map(|i| {
            sample(
                &format!("id-{i:02}"),
                &format!("srv-{i:02}"),
                "stopped",
                Zone::FrPar1,
                "staging",
            )
        })
        .collect();
    let mut s = with_rows(rows);
    morning_routine_to_confirm(&mut s);
    let effects = app::update(&mut s, key('y'));
    (s, steps(&effects))
}

#[test]
fn a_bulk_run_is_bounded_and_sends_each_resource_once() {
    let (mut s, mut in_flight) = power_on_many(10);
    assert_eq!(in_flight.len(), MAX_IN_FLIGHT);
    let queued = s.busy.values().filter(|m| m.label == "queued").count();
    assert_eq!(queued, 10 - MAX_IN_FLIGHT, "waiting rows say so");
    let mut sent: Vec<String> = in_flight.iter().map(|(_, a)| a.id.clone()).collect();
    while let Some((run, a)) = in_flight.pop() {
        let more = steps(&done(&mut s, run, a, Ok(())));
        assert!(more.len() <= 1, "one out, one in");
        sent.extend(more.iter().map(|(_, a)| a.id.clone()));
        in_flight.extend(more);
        assert!(in_flight.len() <= MAX_IN_FLIGHT);
        if let Some(run) = &s.bulk {
            assert!(run.progress().contains("/10"));
        }
    }
    let mut unique = sent.clone();
    unique.sort();
    unique.dedup();
    assert_eq!((sent.len(), unique.len()), (10, 10));
    assert_eq!(status(&s), "Power on 10 servers: 10 done");
}

#[test]
fn a_partial_failure_lists_the_api_message_and_the_rest_is_done() {
    let (mut s, first) = power_on_many(3);
    let mut refused = None;
    for (run, a) in first {
        if a.name == "srv-01" {
            refused = Some(a.id.clone());
            let err = UserError::new("precondition failed: server should be stopped");
            done(&mut s, run, a, Err(err));
            assert!(s.bulk.as_ref().unwrap().progress().contains("1 failed"));
        } else {
            done(&mut s, run, a, Ok(()));
        }
    }
    let refused = refused.unwrap();
    assert_eq!(
        status(&s),
        "Power on 3 servers: 2 done, 1 failed (the failed stay marked)"
    );
    let Mode::BulkReport(report) = &s.mode else {
        panic!("{:?}", s.mode);
    };
    assert_eq!(report.failed.len(), 1);
    assert_eq!(report.failed[0].name, "srv-01");
    assert!(report.failed[0].message.contains("precondition failed"));
    assert!(
        s.marks.is_marked(Tab::Servers, &refused),
        "failed stay marked"
    );
    assert_eq!(s.marks.count(Tab::Servers), 1);
    assert!(s.busy[&refused].failed, "its row says it failed");
    app::update(&mut s, code(KeyCode::Esc));
    assert_eq!(s.mode, Mode::Normal);
}

#[test]
fn a_rate_limited_request_is_sent_again_later_not_failed() {
    let (mut s, first) = power_on_many(6);
    let now = s.now.unwrap();
    let mut in_flight = first;
    let (run, limited) = in_flight.remove(0);
    let effects = app::update(
        &mut s,
        Action::BulkStepDone {
            run,
            action: limited.clone(),
            result: Err(UserError::new("rate limited by the API (429)")),
            rate_limited: true,
        },
    );
    assert!(steps(&effects).is_empty(), "paused after a 429");
    let r = s.bulk.as_ref().unwrap();
    assert!(r.failed.is_empty());
    assert_eq!(r.limit, MAX_IN_FLIGHT / 2);
    assert!(r.progress().contains("rate limited"), "{}", r.progress());
    assert_eq!(s.busy[&limited.id].label, "queued");
    // The others come back; nothing new goes out during the pause.
    for (run, a) in in_flight.drain(..) {
        assert!(steps(&done(&mut s, run, a, Ok(()))).is_empty());
    }
    assert!(
        steps(&app::update(
            &mut s,
            Action::Tick(now + Duration::from_millis(500))
        ))
        .is_empty()
    );
    // After the pause, at most the lowered limit at once, the limited one first.
    let resumed = steps(&app::update(
        &mut s,
        Action::Tick(now + Duration::from_secs(3)),
    ));
    assert_eq!(resumed.len(), MAX_IN_FLIGHT / 2);
    assert_eq!(resumed[0].1.id, limited.id);
    let mut in_flight = resumed;
    let mut sends_of_limited = 1;
    while let Some((run, a)) = in_flight.pop() {
        let more = steps(&done(&mut s, run, a, Ok(())));
        sends_of_limited += more.iter().filter(|(_, a)| a.id == limited.id).count();
        in_flight.extend(more);
    }
    assert_eq!(sends_of_limited, 1, "sent again once, after the 429");
    assert_eq!(status(&s), "Power on 6 servers: 6 done");
}

#[test]
fn cancelling_stops_what_has_not_started_and_says_how_many_were_done() {
    let (mut s, first) = power_on_many(10);
    let mut first = first.into_iter();
    let (run, a) = first.next().unwrap();
    let next = steps(&done(&mut s, run, a, Ok(())));
    assert_eq!(next.len(), 1);
    // Esc during the run: nothing more is sent.
    app::update(&mut s, code(KeyCode::Esc));
    assert!(
        status(&s).contains("cancelled, 5 not sent"),
        "{}",
        status(&s)
    );
    assert_eq!(
        s.busy.values().filter(|m| m.label == "queued").count(),
        0,
        "no row waits any more"
    );
    let mut rest: Vec<(u64, PendingAction)> = first.chain(next).collect();
    while let Some((run, a)) = rest.pop() {
        assert!(steps(&done(&mut s, run, a, Ok(()))).is_empty());
    }
    assert!(s.bulk.is_none());
    assert_eq!(
        status(&s),
        "Power on 10 servers: 5 done, 5 not sent (cancelled)"
    );
    let Mode::BulkReport(report) = &s.mode else {
        panic!("{:?}", s.mode);
    };
    assert!(report.cancelled && report.not_sent == 5);
}

#[test]
fn nothing_is_sent_twice_to_a_row_already_in_flight() {
    let (mut s, first) = power_on_many(2);
    // The same servers marked again while their power-on is out.
    filter(&mut s, "srv");
    app::update(&mut s, key('*'));
    app::update(&mut s, key('p'));
    assert_eq!(s.mode, Mode::Normal, "no action allowed meanwhile");
    assert!(
        status(&s).contains("none of the 2 marked servers"),
        "{}",
        status(&s)
    );
    for (run, a) in first {
        done(&mut s, run, a, Ok(()));
    }
}

#[test]
fn a_second_run_waits_for_the_first() {
    let (mut s, first) = power_on_many(2);
    let prod = sample("p-x", "other", "stopped", Zone::FrPar1, "staging");
    let mut rows: Vec<Arc<ServerSummary>> = s.inventory.servers.values().cloned().collect();
    rows.push(prod);
    load(&mut s, rows);
    filter(&mut s, "other");
    app::update(&mut s, key('*'));
    app::update(&mut s, key('p'));
    app::update(&mut s, code(KeyCode::Enter));
    let effects = app::update(&mut s, key('y'));
    assert!(steps(&effects).is_empty());
    assert!(status(&s).contains("still running"), "{}", status(&s));
    for (run, a) in first {
        done(&mut s, run, a, Ok(()));
    }
}

#[test]
fn terminating_several_asks_for_the_count() {
    let mut s = with_rows(fleet());
    filter(&mut s, "tag:staging state:running");
    app::update(&mut s, key('*'));
    app::update(&mut s, key('p'));
    choose_bulk_power(&mut s, "terminate");
    let Mode::BulkConfirm(c) = &s.mode else {
        panic!("{:?}", s.mode);
    };
    assert_eq!(c.typed.as_deref(), Some(""));
    // `y` types nothing and answers nothing here; a wrong count is refused.
    assert!(steps(&app::update(&mut s, key('y'))).is_empty());
    type_text(&mut s, "3");
    assert!(steps(&app::update(&mut s, code(KeyCode::Enter))).is_empty());
    assert!(status(&s).starts_with("type 4"), "{}", status(&s));
    app::update(&mut s, code(KeyCode::Backspace));
    type_text(&mut s, "4");
    let effects = app::update(&mut s, code(KeyCode::Enter));
    let sent = steps(&effects);
    assert_eq!(sent.len(), 4);
    assert!(
        sent.iter()
            .all(|(_, a)| a.verb == Verb::Power("terminate".into()))
    );
}

#[test]
fn bulk_delete_follows_single_delete_and_all_skipped_sends_nothing() {
    let t = t0();
    let mut s = dash::loaded(Options::default(), t);
    // Servers: running ones cannot be deleted, the stopped one can.
    filter(&mut s, "");
    app::update(&mut s, key('*'));
    app::update(&mut s, key('d'));
    let Mode::BulkConfirm(c) = &s.mode else {
        panic!("{:?} {:?}", s.mode, s.status);
    };
    assert_eq!(c.plan.verb, Verb::Delete);
    let names: Vec<&str> = c.plan.targets.iter().map(|t| t.name.as_str()).collect();
    assert_eq!(names, ["worker-1"]);
    assert!(c.plan.skipped.iter().any(|k| k.why.starts_with("running")));
    assert!(c.typed.is_none(), "one delete: yes / no");
    app::update(&mut s, key('n'));
    app::update(&mut s, code(KeyCode::Esc));
    app::update(&mut s, key('y'));
    // Volumes: only the attached ones marked: nothing to do, said why.
    app::update(&mut s, key('2'));
    filter(&mut s, "data");
    app::update(&mut s, key('*'));
    let effects = app::update(&mut s, key('d'));
    assert!(effects.is_empty());
    assert_eq!(s.mode, Mode::Normal);
    assert!(
        status(&s).starts_with("Delete: nothing to do (") && status(&s).contains("attached to"),
        "{}",
        status(&s)
    );
}

#[test]
fn bulk_actions_are_refused_read_only() {
    let mut s = loaded(
        Options {
            read_only: true,
            ..Options::default()
        },
        t0(),
    );
    app::update(&mut s, key('*'));
    assert_eq!(s.marks.count(Tab::Servers), 5, "marking changes nothing");
    app::update(&mut s, key('p'));
    assert_eq!(s.mode, Mode::Normal);
    assert!(status(&s).starts_with("read-only mode"), "{}", status(&s));
}

#[test]
fn a_report_waits_for_the_dialog_open_when_the_run_ends() {
    let (mut s, first) = power_on_many(1);
    app::update(&mut s, key('?'));
    let (run, a) = first.into_iter().next().unwrap();
    done(&mut s, run, a, Err(UserError::new("out of stock")));
    assert!(matches!(s.mode, Mode::Help { .. }), "the help stays open");
    assert!(status(&s).contains("1 failed"), "{}", status(&s));
    app::update(&mut s, code(KeyCode::Esc));
    let Mode::BulkReport(report) = &s.mode else {
        panic!("{:?}", s.mode);
    };
    assert_eq!(report.failed[0].message, "out of stock");
}
