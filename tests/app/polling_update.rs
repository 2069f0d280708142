//! Fast polling costs what changes: a few rows in transition are read one by
//! one (GET by id) while their zone's list keeps its normal pace; only when
//! that would take more requests than the zone's pages is the zone listed
//! fast. Reads older than a list are dropped; a row read as gone leaves.
#![allow(clippy::unwrap_used)]

use crate::dash_common;

use std::sync::Arc;
use std::time::{Duration, Instant};

use crossterm::event::KeyCode;
use dash_common::*;
use scwdash::api::locality::{Zone, ZoneScope};
use scwdash::api::models::ServerSummary;
use scwdash::app::{self, Action, Batch, Effect, Locality, Options, State, Tab};

const PAR1: Locality = Locality::Zone(Zone::FrPar1);

/// A fr-par-1 of 250 servers (three pages of 100) whose first `starting`
/// ones are starting, the other tabs loaded with settled samples, at `t0`.
fn big_zone(starting: usize, t0: Instant) -> State {
    big_zone_listing(starting, t0, Options::default().refresh_items_per_second)
}

/// [`big_zone`] with the auto-refresh listing at most `items_per_second`.
fn big_zone_listing(starting: usize, t0: Instant, items_per_second: f64) -> State {
    let mut state = State::new(Options {
        zone: ZoneScope::One(Zone::FrPar1),
        refresh_every: Duration::from_secs(5),
        fast_refresh: Duration::from_secs(1),
        refresh_items_per_second: items_per_second,
        ..Options::default()
    });
    app::update(&mut state, Action::Tick(t0));
    let fleet: Vec<Arc<ServerSummary>> = (0..250)
        .map(|n| numbered_server(n, if n < starting { "starting" } else { "running" }))
        .collect();
    let effects = app::init(&mut state);
    answer_lists(&mut state, &effects, &fleet);
    state
}

/// Answers the lists in `effects`: `fleet` for the servers, settled samples
/// for the rest (scratch-new, creating, is left out: only servers move).
fn answer_lists(state: &mut State, effects: &[Effect], fleet: &[Arc<ServerSummary>]) {
    for (request, tab) in fetches(effects) {
        let batch = match tab {
            Tab::Servers => Batch::Servers(fleet.to_vec()),
            Tab::Volumes => {
                Batch::Volumes(volumes().into_iter().filter(|v| v.id != NEW_VOL).collect())
            }
            other => batch(other),
        };
        let errors = Vec::new();
        app::update(
            state,
            Action::Fetched {
                request,
                batch,
                errors,
            },
        );
    }
}

fn id(n: usize) -> String {
    numbered_server(n, "running").id.to_string()
}

fn read_of(effects: &[Effect]) -> Vec<(Tab, Locality, String)> {
    effects
        .iter()
        .filter_map(|e| match e {
            Effect::FetchOne { tab, at, id, .. } => Some((*tab, *at, id.clone())),
            _ => None,
        })
        .collect()
}

fn answer_one(state: &mut State, effects: &[Effect], server: Arc<ServerSummary>) {
    for (request, _, id) in reads(effects) {
        let result = Ok(Batch::Servers(vec![server.clone()]));
        app::update(
            state,
            Action::FetchedOne {
                request,
                id,
                result,
            },
        );
    }
}

#[test]
fn one_server_starting_is_read_alone_each_second_and_its_zone_listed_at_the_normal_pace() {
    let t0 = Instant::now();
    let mut state = big_zone(1, t0);
    let mut reads_seen = 0;
    let mut lists_seen = Vec::new();
    for s in 1..=4 {
        let now = t0 + Duration::from_secs(s);
        let effects = app::update(&mut state, Action::Tick(now));
        assert_eq!(
            read_of(&effects),
            [(Tab::Servers, PAR1, id(0))],
            "second {s}"
        );
        reads_seen += 1;
        lists_seen.extend(fetches(&effects));
        answer_one(&mut state, &effects, numbered_server(0, "starting"));
    }
    assert_eq!(reads_seen, 4);
    assert!(lists_seen.is_empty(), "no list before 5 s: {lists_seen:?}");
    // At 5 s the zone's normal refresh lists it, as for any zone.
    let effects = app::update(&mut state, Action::Tick(t0 + Duration::from_secs(5)));
    let listed: Vec<Tab> = fetches(&effects).into_iter().map(|(_, t)| t).collect();
    assert!(listed.contains(&Tab::Servers), "{effects:?}");
    // The list brings the row: it is not read beside it.
    assert!(read_of(&effects).is_empty(), "{effects:?}");
}

#[test]
fn a_read_that_shows_it_running_ends_the_polling() {
    let t0 = Instant::now();
    let mut state = big_zone(1, t0);
    let effects = app::update(&mut state, Action::Tick(t0 + Duration::from_secs(1)));
    answer_one(&mut state, &effects, numbered_server(0, "running"));
    let row = state.table(Tab::Servers).rows().find(|r| r.id() == id(0));
    assert_eq!(row.unwrap().cell("state"), "running");
    assert!(!state.table(Tab::Servers).any_transitional());
    let effects = app::update(&mut state, Action::Tick(t0 + Duration::from_secs(2)));
    assert!(effects.is_empty(), "{effects:?}");
    assert_eq!(state.polls.ids().count(), 0);
}

#[test]
fn more_rows_moving_than_the_zone_has_pages_list_the_zone_fast() {
    let t0 = Instant::now();
    // Four starting: four reads would cost more than the three pages.
    let mut state = big_zone(4, t0);
    let effects = app::update(&mut state, Action::Tick(t0 + Duration::from_secs(1)));
    assert!(read_of(&effects).is_empty(), "{effects:?}");
    let listed: Vec<Tab> = fetches(&effects).into_iter().map(|(_, t)| t).collect();
    assert_eq!(listed, [Tab::Servers]);
    // Three starting: three reads, as many requests as a list, fewer bytes.
    let mut state = big_zone(3, t0);
    let effects = app::update(&mut state, Action::Tick(t0 + Duration::from_secs(1)));
    assert_eq!(read_of(&effects).len(), 3);
    assert!(fetches(&effects).is_empty());
}

#[test]
fn a_read_sent_before_a_list_that_already_answered_is_dropped() {
    let t0 = Instant::now();
    let mut state = big_zone(1, t0);
    let read = app::update(&mut state, Action::Tick(t0 + Duration::from_secs(1)));
    assert_eq!(reads(&read).len(), 1);
    // `r` lists the zone after the read went out; the list answers first
    // with the server running.
    let refresh = app::update(&mut state, key('r'));
    let running: Vec<_> = (0..250).map(|n| numbered_server(n, "running")).collect();
    answer_lists(&mut state, &refresh, &running);
    // The older read, still saying "starting", must not win.
    answer_one(&mut state, &read, numbered_server(0, "starting"));
    let row = state.table(Tab::Servers).rows().find(|r| r.id() == id(0));
    assert_eq!(row.unwrap().cell("state"), "running");
}

/// The race behind `flows::flow_edit::server_joins_then_leaves_a_private_network`
/// failing under load: the API serves two requests in flight together in
/// either order, so a read out beside a list of its zone may hold an older
/// state than the list's, or a newer one. A read out when its zone is
/// listed is dropped, whichever answers first: no flicker back to an older
/// state, no pair of events "starting → running", "running → starting".
#[test]
fn a_read_out_when_its_zone_is_listed_is_dropped_whichever_answers_first() {
    let t0 = Instant::now();
    let mut state = big_zone(1, t0);
    let read = app::update(&mut state, Action::Tick(t0 + Duration::from_secs(1)));
    assert_eq!(reads(&read).len(), 1);
    // `r` lists the zone while the read is out; the read answers first.
    let refresh = app::update(&mut state, key('r'));
    answer_one(&mut state, &read, numbered_server(0, "running"));
    assert_eq!(state.inventory.servers[&id(0)].state.as_str(), "starting");
    // The list, served before the read, still has it starting.
    answer_lists(&mut state, &refresh, &starting_first());
    assert_eq!(state.inventory.servers[&id(0)].state.as_str(), "starting");
    assert!(
        state.events.timeline.is_empty(),
        "{:?}",
        state.events.timeline
    );
}

/// 250 servers of fr-par-1, the first starting.
fn starting_first() -> Vec<Arc<ServerSummary>> {
    (0..250)
        .map(|n| numbered_server(n, if n == 0 { "starting" } else { "running" }))
        .collect()
}

/// The other half of the rule: while the zone's list is out no row of it is
/// read alone (the list brings them); once it answers they are again.
#[test]
fn a_row_is_not_read_alone_while_its_zone_is_listed() {
    let t0 = Instant::now();
    let mut state = big_zone(1, t0);
    let refresh = app::update(&mut state, key('r'));
    let effects = app::update(&mut state, Action::Tick(t0 + Duration::from_secs(1)));
    assert!(reads(&effects).is_empty(), "{effects:?}");
    answer_lists(&mut state, &refresh, &starting_first());
    let effects = app::update(&mut state, Action::Tick(t0 + Duration::from_secs(2)));
    assert_eq!(read_of(&effects), [(Tab::Servers, PAR1, id(0))]);
}

/// node-00007 (running) of `big_zone` powered off through the keys, confirmed:
/// the request the dashboard sends.
fn power_off_node_7(state: &mut app::State) -> app::PendingAction {
    app::update(
        state,
        Action::Resize(scwdash::ui::layout::viewport(160, 48)),
    );
    assert!(state.table_mut(Tab::Servers).select_id(&id(7)));
    app::update(state, key('p'));
    app::update(state, code(KeyCode::Enter));
    let run = app::update(state, key('y'));
    let [Effect::Run(action)] = &run[..] else {
        panic!("{run:?}")
    };
    action.clone()
}

/// An action answered while its zone's list is out: that list was sent
/// before the change, so the zone is listed again (not read beside it).
#[test]
fn an_action_answered_while_its_zone_is_listed_lists_it_again() {
    let t0 = Instant::now();
    let mut state = big_zone(0, t0);
    let action = power_off_node_7(&mut state);
    let refresh = app::update(&mut state, key('r'));
    assert!(fetches(&refresh).iter().any(|(_, t)| *t == Tab::Servers));
    let done = app::update(
        &mut state,
        Action::Done {
            action: action.clone(),
            result: Ok(()),
        },
    );
    assert!(read_of(&done).is_empty(), "{done:?}");
    assert_eq!(
        fetches(&done)
            .into_iter()
            .map(|(_, t)| t)
            .collect::<Vec<_>>(),
        [Tab::Servers]
    );
}

#[test]
fn a_row_read_as_gone_leaves_the_table() {
    let t0 = Instant::now();
    let mut state = big_zone(1, t0);
    let effects = app::update(&mut state, Action::Tick(t0 + Duration::from_secs(1)));
    let [(request, Tab::Servers, gone)] = &reads(&effects)[..] else {
        panic!("{effects:?}")
    };
    app::update(
        &mut state,
        Action::FetchedOne {
            request: *request,
            id: gone.clone(),
            result: Ok(Batch::Servers(Vec::new())),
        },
    );
    assert_eq!(state.table(Tab::Servers).total(), 249);
    assert!(!state.inventory.servers.contains_key(gone.as_str()));
}

#[test]
fn a_failed_read_is_tried_again_on_the_next_fast_tick() {
    let t0 = Instant::now();
    let mut state = big_zone(1, t0);
    let effects = app::update(&mut state, Action::Tick(t0 + Duration::from_secs(1)));
    for (request, _, id) in reads(&effects) {
        let result = Err(app::UserError::new("service unavailable (503)"));
        app::update(
            &mut state,
            Action::FetchedOne {
                request,
                id,
                result,
            },
        );
    }
    let row = state.table(Tab::Servers).rows().find(|r| r.id() == id(0));
    assert_eq!(row.unwrap().cell("state"), "starting", "the row stays");
    let effects = app::update(&mut state, Action::Tick(t0 + Duration::from_secs(2)));
    assert_eq!(read_of(&effects), [(Tab::Servers, PAR1, id(0))]);
}

#[test]
fn a_power_action_reads_its_server_alone_then_polls_it() {
    let t0 = Instant::now();
    let mut state = big_zone(0, t0);
    let action = power_off_node_7(&mut state);
    let done = app::update(
        &mut state,
        Action::Done {
            action: action.clone(),
            result: Ok(()),
        },
    );
    assert_eq!(read_of(&done), [(Tab::Servers, PAR1, id(7))]);
    assert!(fetches(&done).is_empty(), "not the zone's 250 servers");
    assert!(state.busy.contains_key(&id(7)), "in flight until read");
    answer_one(&mut state, &done, numbered_server(7, "stopping"));
    assert!(state.busy.is_empty(), "the API's own state shows");
    // Stopping: read alone on the next fast tick.
    let effects = app::update(&mut state, Action::Tick(t0 + Duration::from_secs(2)));
    assert_eq!(read_of(&effects), [(Tab::Servers, PAR1, id(7))]);
}

/// An answer made of the very `Arc`s the zone's last answer brought is known
/// unchanged without comparing the fleet; once a read by id changed a row,
/// the same list again is a change (it says the row went back) and applies.
#[test]
fn a_list_repeating_the_last_one_applies_after_a_read_changed_a_row() {
    let t0 = Instant::now();
    let fleet: Vec<Arc<ServerSummary>> = (0..250)
        .map(|n| numbered_server(n, if n == 0 { "starting" } else { "running" }))
        .collect();
    let mut state = big_zone(0, t0);
    let refresh = app::update(&mut state, key('r'));
    answer_lists(&mut state, &refresh, &fleet);
    let held = state.inventory.servers.clone();
    // The same answer again: nothing changes, the models are not copied.
    let refresh = app::update(&mut state, key('r'));
    answer_lists(&mut state, &refresh, &fleet);
    assert!(Arc::ptr_eq(&held, &state.inventory.servers));
    // A read says node-00000 runs...
    let effects = app::update(&mut state, Action::Tick(t0 + Duration::from_secs(1)));
    answer_one(&mut state, &effects, numbered_server(0, "running"));
    let state_of = |state: &State| {
        let row = state.table(Tab::Servers).rows().find(|r| r.id() == id(0));
        row.unwrap().cell("state").into_owned()
    };
    assert_eq!(state_of(&state), "running");
    // ...then a newer list still says starting: it is taken in.
    let refresh = app::update(&mut state, key('r'));
    answer_lists(&mut state, &refresh, &fleet);
    assert_eq!(state_of(&state), "starting");
}

/// Listing costs CPU by the item: a fleet of more than `refresh` ×
/// `refresh_items_per_second` items is listed less often, so idle CPU does
/// not grow with the fleet (34% at 100,000 servers listed every 5 s). What
/// is changing is still read every second.
#[test]
fn a_fleet_over_the_item_rate_is_listed_less_often_and_what_moves_still_each_second() {
    let t0 = Instant::now();
    // 250 servers and the samples of the other tabs, at 25 items a second.
    let mut state = big_zone_listing(1, t0, 25.0);
    let items: usize = Tab::with_api().map(|t| state.table(t).total()).sum();
    let every = state.list_interval();
    assert_eq!(every, Duration::from_secs_f64(items as f64 / 25.0));
    assert!(every > Duration::from_secs(10), "{every:?}");
    assert_eq!(state.stretched_interval(), Some(every));
    let mut t = t0;
    while t + Duration::from_secs(1) < t0 + every {
        t += Duration::from_secs(1);
        let effects = app::update(&mut state, Action::Tick(t));
        assert!(fetches(&effects).is_empty(), "no list at {:?}", t - t0);
        assert_eq!(read_of(&effects), [(Tab::Servers, PAR1, id(0))]);
        answer_one(&mut state, &effects, numbered_server(0, "starting"));
    }
    let effects = app::update(
        &mut state,
        Action::Tick(t0 + every + Duration::from_secs(1)),
    );
    let listed: Vec<Tab> = fetches(&effects).into_iter().map(|(_, tab)| tab).collect();
    assert!(listed.contains(&Tab::Servers), "{listed:?}");
    // The same fleet at the default rate is listed every `refresh`.
    let state = big_zone(1, t0);
    assert_eq!(state.list_interval(), Duration::from_secs(5));
    assert_eq!(state.stretched_interval(), None);
}
