//! `app::update` key paths and results, as plain state-machine tests.
// Test helpers, like the tests, panic on failure.
#![allow(clippy::unwrap_used)]

use crate::dash_common;

use std::collections::HashMap;
use std::time::{Duration, Instant};

use crossterm::event::KeyCode;
use dash_common::*;
use scwdash::api::locality::{Region, Zone, ZoneScope};
use scwdash::app::{
    self, Action, Batch, Effect, Locality, Mode, Options, Outcome, Screen, State, Tab, UserError,
    Verb,
};
use scwdash::keymap::KeyMap;

fn state() -> State {
    loaded(Options::default(), Instant::now())
}

/// A loaded state whose key map binds `action` to `key` instead of its default.
fn remapped_state(action: &str, key: &str) -> State {
    let o = HashMap::from([(action.to_string(), vec![key.to_string()])]);
    let keymap = KeyMap::default().with_overrides(&o).unwrap();
    loaded(
        Options {
            keymap,
            ..Options::default()
        },
        Instant::now(),
    )
}

fn selected_name(state: &State) -> String {
    state.current().selected().unwrap().name().into_owned()
}

#[test]
fn init_fetches_every_tab_in_the_start_zone() {
    let mut s = State::new(Options::default());
    let effects = app::init(&mut s);
    let (fetches, others): (Vec<&Effect>, Vec<&Effect>) = effects
        .iter()
        .partition(|e| matches!(e, Effect::Fetch { .. }));
    assert_eq!(fetches.len(), 5);
    // Zoned kinds in the zone, regional ones in its region.
    assert!(fetches.iter().all(|e| matches!(
        e,
        Effect::Fetch {
            at: Locality::Zone(Zone::FrPar1) | Locality::Region(Region::FrPar),
            ..
        }
    )));
    // Plus the region's NIC addresses (IPAM) with its private networks, the
    // zone's server types (prices), fetched once, and the command history.
    assert!(matches!(
        others[..],
        [
            Effect::FetchPrivateIps {
                region: Region::FrPar,
                ..
            },
            Effect::FetchServerTypes(Zone::FrPar1),
            Effect::LoadHistory
        ]
    ));
}

#[test]
fn number_keys_and_tab_switch_tabs() {
    let mut s = state();
    app::update(&mut s, key('3'));
    assert_eq!(s.tab, Tab::SecurityGroups);
    app::update(&mut s, code(KeyCode::Tab));
    assert_eq!(s.tab, Tab::PrivateNetworks);
    app::update(&mut s, code(KeyCode::BackTab));
    app::update(&mut s, code(KeyCode::BackTab));
    assert_eq!(s.tab, Tab::Volumes);
    app::update(&mut s, key('1'));
    app::update(&mut s, code(KeyCode::BackTab));
    assert_eq!(s.tab, *Tab::ALL.last().unwrap(), "wraps around");
}

#[test]
fn zone_keys_cycle_through_every_zone_and_all() {
    let mut s = state();
    let effects = app::update(&mut s, key(']'));
    assert_eq!(s.zone, ZoneScope::One(Zone::FrPar2));
    assert_eq!(
        fetches(&effects).len(),
        5,
        "a zone change reloads every tab"
    );
    assert!(
        !s.current().is_loaded(),
        "old zone's rows are not shown as the new zone's"
    );
    // fr-par-2 .. it-mil-1, then "all".
    for _ in 0..Zone::ALL.len() - 1 {
        app::update(&mut s, key(']'));
    }
    assert_eq!(s.zone, ZoneScope::All);
    app::update(&mut s, key(']'));
    assert_eq!(s.zone, ZoneScope::One(Zone::FrPar1));
    app::update(&mut s, key('['));
    assert_eq!(s.zone, ZoneScope::All);
}

#[test]
fn zone_picker_chooses_a_zone_or_all() {
    let mut s = state();
    app::update(&mut s, key('z'));
    assert_eq!(
        s.mode,
        Mode::ZonePicker { cursor: 0 },
        "starts on the current zone"
    );
    app::update(&mut s, key('j'));
    app::update(&mut s, code(KeyCode::Down));
    let effects = app::update(&mut s, code(KeyCode::Enter));
    assert_eq!(s.zone, ZoneScope::One(Zone::FrPar3));
    assert_eq!(s.mode, Mode::Normal);
    assert_eq!(fetches(&effects).len(), 5);
    app::update(&mut s, key('z'));
    app::update(&mut s, key('G')); // not a menu key: nothing happens
    for _ in 0..20 {
        app::update(&mut s, key('j'));
    }
    app::update(&mut s, code(KeyCode::Enter));
    assert_eq!(s.zone, ZoneScope::All);
    app::update(&mut s, key('z'));
    assert!(app::update(&mut s, code(KeyCode::Esc)).is_empty());
    assert_eq!(s.zone, ZoneScope::All);
    assert_eq!(s.mode, Mode::Normal);
}

#[test]
fn stale_results_are_dropped() {
    let mut s = state();
    let old = fetches(&app::update(&mut s, code(KeyCode::Char('r'))));
    let new = fetches(&app::update(&mut s, key(']')));
    let (old_req, tab) = old[0];
    app::update(&mut s, fetched(old_req, batch(tab)));
    assert!(
        !s.table(tab).is_loaded(),
        "a result for the old zone is ignored"
    );
    let (new_req, tab) = new[0];
    app::update(&mut s, fetched(new_req, batch(tab)));
    assert_eq!(s.table(tab).total(), 5);
}

#[test]
fn movement_keys_move_the_selection() {
    let mut s = state();
    // Sorted by name: batch-2, db-1, legacy-0, web-1, worker-1.
    assert_eq!(selected_name(&s), "batch-2");
    app::update(&mut s, key('j'));
    app::update(&mut s, code(KeyCode::Down));
    assert_eq!(selected_name(&s), "legacy-0");
    app::update(&mut s, key('k'));
    assert_eq!(selected_name(&s), "db-1");
    app::update(&mut s, key('G'));
    assert_eq!(selected_name(&s), "worker-1");
    app::update(&mut s, key('g'));
    assert_eq!(selected_name(&s), "batch-2");
    app::update(&mut s, code(KeyCode::PageDown));
    assert_eq!(selected_name(&s), "worker-1");
    app::update(&mut s, code(KeyCode::PageUp));
    assert_eq!(selected_name(&s), "batch-2");
}

#[test]
fn sort_cycles_and_reverses() {
    let mut s = state();
    app::update(&mut s, key('O'));
    assert_eq!(s.current().sort().column, 0);
    assert!(s.current().sort().descending);
    app::update(&mut s, key('o'));
    assert_eq!(s.current().sort().column, 1);
    assert!(!s.current().sort().descending);
    let first = s
        .current()
        .window(0, 1)
        .next()
        .unwrap()
        .cell("state")
        .into_owned();
    assert_eq!(first, "locked");
}

#[test]
fn filter_as_you_type_then_escape_clears() {
    let mut s = state();
    app::update(&mut s, key('/'));
    assert_eq!(s.mode, Mode::Filter);
    for c in "WORK".chars() {
        app::update(&mut s, key(c));
    }
    assert_eq!(s.current().filter(), "WORK");
    assert_eq!(s.current().shown(), 1);
    // `q` and `j` are text while filtering, not commands.
    app::update(&mut s, key('q'));
    assert!(!s.quit);
    app::update(&mut s, code(KeyCode::Backspace));
    app::update(&mut s, code(KeyCode::Enter));
    assert_eq!(s.mode, Mode::Normal);
    assert_eq!(s.current().filter(), "WORK", "Enter keeps the filter");
    app::update(&mut s, code(KeyCode::Esc));
    assert_eq!(s.current().filter(), "");
    app::update(&mut s, key('/'));
    app::update(&mut s, key('d'));
    app::update(&mut s, code(KeyCode::Esc));
    assert_eq!(s.mode, Mode::Normal);
    assert_eq!(s.current().shown(), 5);
}

#[test]
fn filter_editing_keys_come_from_the_input_section() {
    let mut s = state();
    app::update(&mut s, key('/'));
    for c in "web wor".chars() {
        app::update(&mut s, key(c));
    }
    app::update(&mut s, ctrl('w'));
    assert_eq!(s.current().filter(), "web ", "Ctrl-W drops the last word");
    app::update(&mut s, ctrl('u'));
    assert_eq!(s.current().filter(), "", "Ctrl-U clears");
    assert_eq!(s.mode, Mode::Filter);
    // Rebound: the filter's Backspace is the input section's.
    let mut s = remapped_state("input.delete_back", "ctrl-h");
    app::update(&mut s, key('/'));
    app::update(&mut s, key('w'));
    app::update(&mut s, key('x'));
    app::update(&mut s, code(KeyCode::Backspace));
    assert_eq!(s.current().filter(), "wx");
    app::update(&mut s, ctrl('h'));
    assert_eq!(s.current().filter(), "w");
}

#[test]
fn selection_is_kept_by_id_after_a_refresh() {
    let mut s = state();
    app::update(&mut s, key('G'));
    assert_eq!(selected_name(&s), "worker-1");
    // A tick later than the load's last answer (a refresh is done when its
    // answers are newer than the last one's).
    app::update(
        &mut s,
        Action::Tick(Instant::now() + Duration::from_secs(3)),
    );
    let req = fetches(&app::update(&mut s, key('r')));
    let mut fleet = servers();
    fleet.insert(0, plain_server("new", "aaa-new", "running", "fr-par-1"));
    fleet.retain(|r| r.name != "db-1");
    let (request, tab) = req[0];
    assert_eq!(tab, Tab::Servers);
    app::update(&mut s, fetched(request, Batch::Servers(fleet)));
    assert_eq!(selected_name(&s), "worker-1");
    assert_eq!(
        s.status.last_action,
        Some(("refresh".into(), Outcome::Pending))
    );
    for (request, tab) in &req[1..] {
        app::update(&mut s, fetched(*request, batch(*tab)));
    }
    assert_eq!(
        s.status.last_action,
        Some(("refresh".into(), Outcome::Succeeded))
    );
}

#[test]
fn a_failed_zone_keeps_rows_and_is_reported() {
    let mut s = state();
    let req = fetches(&app::update(&mut s, key('r')));
    let (request, tab) = req[0];
    assert_eq!(tab, Tab::Servers);
    let err = UserError {
        message: "service unavailable".into(),
        fields: vec![],
    };
    app::update(
        &mut s,
        Action::Fetched {
            request,
            batch: Batch::Servers(Vec::new()),
            errors: vec![(Locality::Zone(Zone::FrPar1), err.clone())],
        },
    );
    assert_eq!(
        s.current().total(),
        5,
        "old rows stay when everything failed"
    );
    assert_eq!(
        s.locality_errors.get(&Locality::Zone(Zone::FrPar1)),
        Some(&err)
    );
    // The status line names the zone the error came from.
    let shown = s.status.last_error.clone().unwrap();
    assert_eq!(shown.message, format!("fr-par-1: {}", err.message));
    assert_eq!(shown.fields, err.fields);
}

#[test]
fn a_failed_zone_keeps_its_last_rows_while_others_update() {
    let mut s = state();
    app::update(&mut s, key('z'));
    for _ in 0..Zone::ALL.len() {
        app::update(&mut s, key('j'));
    }
    let req = fetches(&app::update(&mut s, code(KeyCode::Enter)));
    assert_eq!(s.zone, ZoneScope::All);
    let (request, _) = req[0];
    let mut fleet = servers();
    fleet.push(plain_server("ams", "ams-1", "running", "nl-ams-1"));
    app::update(&mut s, fetched(request, Batch::Servers(fleet)));
    assert_eq!(s.current().total(), 6);
    // Next refresh: nl-ams-1 fails, fr-par-1 answers with one server fewer.
    let req = fetches(&app::update(&mut s, key('r')));
    let (request, _) = req[0];
    let mut fleet = servers();
    let gone = fleet.pop().unwrap();
    let errors = vec![(Locality::Zone(Zone::NlAms1), UserError::new("timeout"))];
    app::update(
        &mut s,
        Action::Fetched {
            request,
            batch: Batch::Servers(fleet),
            errors,
        },
    );
    assert_eq!(
        s.current().total(),
        5,
        "4 fresh fr-par-1 rows + the kept nl-ams-1 row"
    );
    let names: Vec<String> = s.current().rows().map(|r| r.name().into_owned()).collect();
    assert!(names.contains(&"ams-1".to_string()), "{names:?}");
    assert!(!names.contains(&gone.name.to_string()), "{names:?}");
}

#[test]
fn delete_asks_first_and_defaults_to_no() {
    let mut s = state();
    // VPCs: default, then staging, which holds no private network.
    app::update(&mut s, key('5'));
    app::update(&mut s, key('j'));
    app::update(&mut s, key('d'));
    let Mode::Confirm(action) = &s.mode else {
        panic!("expected a confirmation, got {:?}", s.mode)
    };
    assert_eq!(action.verb, Verb::Delete);
    assert_eq!(action.name, "staging");
    assert_eq!(action.locality, Some(Locality::Region(Region::FrPar)));
    // Unrelated keys do not answer; Enter answers No.
    assert!(app::update(&mut s, key('x')).is_empty());
    assert!(matches!(s.mode, Mode::Confirm(_)));
    let effects = app::update(&mut s, code(KeyCode::Enter));
    assert!(effects.is_empty());
    assert_eq!(s.mode, Mode::Normal);
    // `y` runs the action carried by the dialog, unchanged.
    app::update(&mut s, key('d'));
    let effects = app::update(&mut s, key('y'));
    assert!(
        matches!(&effects[..], [Effect::Run(a)] if a.verb == Verb::Delete && a.name == "staging")
    );
}

#[test]
fn power_menu_lists_allowed_actions_and_confirms_destructive_ones() {
    let mut s = state();
    app::update(&mut s, key('j')); // db-1, running
    app::update(&mut s, key('p'));
    let Mode::PowerMenu(menu) = &s.mode else {
        panic!("expected the power menu, got {:?}", s.mode)
    };
    assert_eq!(
        menu.actions,
        ["poweroff", "stop_in_place", "reboot", "terminate"]
    );
    app::update(&mut s, code(KeyCode::Down));
    app::update(&mut s, code(KeyCode::Down));
    let effects = app::update(&mut s, code(KeyCode::Enter));
    assert!(effects.is_empty());
    let Mode::Confirm(action) = &s.mode else {
        panic!("reboot must be confirmed")
    };
    assert_eq!(action.verb, Verb::Power("reboot".into()));
    let effects = app::update(&mut s, key('y'));
    assert_eq!(effects.len(), 1);
    assert!(s.busy.contains_key(DB));
    // Done reports the outcome and refreshes the servers.
    let Effect::Run(action) = effects[0].clone() else {
        panic!()
    };
    let effects = app::update(
        &mut s,
        Action::Done {
            action,
            result: Ok(()),
        },
    );
    // The server alone is read again (GET by id), not its zone's list.
    let [
        Effect::FetchOne {
            request,
            tab: Tab::Servers,
            id,
            ..
        },
    ] = &effects[..]
    else {
        panic!("{effects:?}")
    };
    assert_eq!(id, DB);
    assert_eq!(s.status.last_action.as_ref().unwrap().1, Outcome::Succeeded);
    // The row keeps its "in flight" look until the read shows the API's state.
    assert!(s.busy.contains_key(DB));
    let db = servers().into_iter().find(|x| x.id == DB).unwrap();
    app::update(
        &mut s,
        Action::FetchedOne {
            request: *request,
            id: id.clone(),
            result: Ok(Batch::Servers(vec![db])),
        },
    );
    assert!(s.busy.is_empty());
}

#[test]
fn power_on_runs_without_asking() {
    let mut s = state();
    app::update(&mut s, key('G')); // worker-1, stopped
    app::update(&mut s, key('p'));
    let effects = app::update(&mut s, code(KeyCode::Enter));
    assert!(matches!(&effects[..], [Effect::Run(a)] if a.verb == Verb::Power("poweron".into())));
}

#[test]
fn the_same_power_action_twice_is_refused_while_the_first_is_pending() {
    let mut s = state();
    app::update(&mut s, key('G')); // worker-1, stopped
    app::update(&mut s, key('p'));
    let first = app::update(&mut s, code(KeyCode::Enter));
    let [Effect::Run(action)] = &first[..] else {
        panic!("{first:?}")
    };
    // p Enter again before any refresh: the menu still offers power on.
    app::update(&mut s, key('p'));
    let second = app::update(&mut s, code(KeyCode::Enter));
    assert!(second.is_empty(), "sent twice: {second:?}");
    assert_eq!(s.mode, Mode::Normal);
    let (text, outcome) = s.status.last_action.clone().unwrap();
    assert_eq!(outcome, Outcome::Refused);
    assert!(text.contains("already in progress"), "{text}");
    // Still refused once accepted, until a refresh shows the API's state.
    app::update(
        &mut s,
        Action::Done {
            action: action.clone(),
            result: Ok(()),
        },
    );
    app::update(&mut s, key('p'));
    assert!(app::update(&mut s, code(KeyCode::Enter)).is_empty());
    // A refused one may be tried again.
    let mut s = state();
    app::update(&mut s, key('G'));
    app::update(&mut s, key('p'));
    let Effect::Run(action) = app::update(&mut s, code(KeyCode::Enter)).remove(0) else {
        panic!()
    };
    app::update(
        &mut s,
        Action::Done {
            action,
            result: Err(UserError::new("boom")),
        },
    );
    app::update(&mut s, key('p'));
    let again = app::update(&mut s, code(KeyCode::Enter));
    assert!(matches!(&again[..], [Effect::Run(_)]), "{again:?}");
}

#[test]
fn a_name_with_hidden_characters_is_confirmed_as_displayed() {
    let mut s = State::new(Options::default());
    let effects = app::init(&mut s);
    let hidden = "web\u{1b}[2J\u{202e}1";
    for (request, tab) in fetches(&effects) {
        let answer = match tab {
            Tab::Servers => {
                Batch::Servers(vec![plain_server("s-1", hidden, "running", "fr-par-1")])
            }
            _ => batch(tab),
        };
        app::update(&mut s, fetched(request, answer));
    }
    app::update(&mut s, key('p'));
    app::update(&mut s, code(KeyCode::Up));
    for _ in 0..4 {
        app::update(&mut s, code(KeyCode::Down)); // terminate, last
    }
    app::update(&mut s, code(KeyCode::Enter));
    assert!(matches!(s.mode, Mode::TypeToConfirm { .. }), "{:?}", s.mode);
    // The screen shows web\e[2J\u{202e}1: that is what the user types.
    let shown = scwdash::text::sanitize(hidden).into_owned();
    assert_eq!(shown, "web\\e[2J\\u{202e}1");
    for c in shown.chars() {
        app::update(&mut s, key(c));
    }
    let effects = app::update(&mut s, code(KeyCode::Enter));
    assert!(
        matches!(&effects[..], [Effect::Run(a)] if a.verb == Verb::Power("terminate".into())),
        "{effects:?} {:?}",
        s.status.last_action
    );
}

#[test]
fn power_menu_is_only_for_servers() {
    let mut s = state();
    app::update(&mut s, key('2'));
    app::update(&mut s, key('p'));
    assert_eq!(s.mode, Mode::Normal);
    assert_eq!(s.status.last_action.as_ref().unwrap().1, Outcome::Info);
}

#[test]
fn read_only_refuses_mutating_keys_and_says_so() {
    let mut s = loaded(
        Options {
            read_only: true,
            ..Options::default()
        },
        Instant::now(),
    );
    for c in ['p', 'd', 'n', 'e', 'a'] {
        let effects = app::update(&mut s, key(c));
        assert!(effects.is_empty());
        assert_eq!(s.mode, Mode::Normal);
        let (text, outcome) = s.status.last_action.clone().unwrap();
        assert_eq!(outcome, Outcome::Refused);
        assert!(text.contains("read-only"), "{text}");
    }
}

#[test]
fn failed_actions_show_the_api_error() {
    let mut s = state();
    app::update(&mut s, key('5'));
    app::update(&mut s, key('j'));
    app::update(&mut s, key('d'));
    let Effect::Run(action) = app::update(&mut s, key('y')).remove(0) else {
        panic!()
    };
    let err = UserError {
        message: "VPC still holds resources".into(),
        fields: vec!["private_networks".into()],
    };
    app::update(
        &mut s,
        Action::Done {
            action,
            result: Err(err.clone()),
        },
    );
    assert_eq!(s.status.last_error, Some(err));
    assert_eq!(s.status.last_action.as_ref().unwrap().1, Outcome::Failed);
}

#[test]
fn help_toggles() {
    let mut s = state();
    app::update(&mut s, key('?'));
    assert_eq!(s.mode, Mode::Help { scroll: 0 });
    app::update(&mut s, key('j'));
    assert_eq!(s.mode, Mode::Help { scroll: 1 });
    app::update(&mut s, key('?'));
    assert_eq!(s.mode, Mode::Normal);
}

#[test]
fn raw_json_opens_scrolls_and_closes() {
    let mut s = state();
    let effects = app::update(&mut s, key('y'));
    // The exact API object: fetched by its path, shown when it comes.
    let [Effect::FetchRaw { title, path }] = &effects[..] else {
        panic!("{effects:?}")
    };
    assert_eq!(title, "server batch-2");
    assert_eq!(
        path,
        &format!("/instance/v1/zones/fr-par-1/servers/{BATCH}")
    );
    let json = "{\n  \"name\": \"batch-2\"\n}".to_string();
    app::update(
        &mut s,
        Action::Raw {
            title: title.clone(),
            result: Ok(json),
        },
    );
    let Mode::RawJson { text, .. } = &s.mode else {
        panic!("{:?}", s.mode)
    };
    assert!(text.contains("\"name\": \"batch-2\""));
    app::update(&mut s, key('j'));
    assert!(matches!(s.mode, Mode::RawJson { scroll: 1, .. }));
    app::update(&mut s, code(KeyCode::Esc));
    assert_eq!(s.mode, Mode::Normal);
}

#[test]
fn copy_details_and_pause() {
    let mut s = state();
    let effects = app::update(&mut s, key('c'));
    assert_eq!(effects, vec![Effect::Copy(BATCH.into())]);
    assert!(s.show_details);
    app::update(&mut s, code(KeyCode::Enter));
    assert!(!s.show_details);
    app::update(&mut s, key('P'));
    assert!(s.paused);
}

#[test]
fn quit_with_q_or_ctrl_c_from_any_mode() {
    let mut s = state();
    app::update(&mut s, key('q'));
    assert!(s.quit);
    let mut s = state();
    app::update(&mut s, key('/'));
    app::update(&mut s, ctrl('c'));
    assert!(s.quit);
}

#[test]
fn auto_refresh_follows_the_clock_and_pauses() {
    let t0 = Instant::now();
    let mut s = loaded(
        Options {
            refresh_every: Duration::from_secs(10),
            fast_refresh: Duration::from_secs(2),
            ..Options::default()
        },
        t0,
    );
    // The rows in transition (batch-2 starting, scratch-new creating) are
    // read alone on the fast schedule (GET by id); their zone's lists keep
    // the normal pace.
    assert!(app::update(&mut s, Action::Tick(t0 + Duration::from_millis(1500))).is_empty());
    let due = app::update(&mut s, Action::Tick(t0 + Duration::from_secs(2)));
    assert!(fetches(&due).is_empty(), "{due:?}");
    let read: Vec<(Tab, &str)> = due
        .iter()
        .filter_map(|e| match e {
            Effect::FetchOne { tab, id, .. } => Some((*tab, id.as_str())),
            _ => None,
        })
        .collect();
    assert_eq!(
        read,
        [(Tab::Servers, BATCH), (Tab::Volumes, NEW_VOL)],
        "{due:?}"
    );
    let mut s = loaded(Options::default(), t0);
    app::update(&mut s, key('P'));
    assert!(app::update(&mut s, Action::Tick(t0 + Duration::from_secs(60))).is_empty());
}

#[test]
fn ticks_redraw_only_when_something_visible_changes() {
    let t0 = Instant::now();
    let mut s = loaded(Options::default(), t0);
    // Hide the transitional row: no spinner on screen.
    app::update(&mut s, key('/'));
    for c in "db".chars() {
        app::update(&mut s, key(c));
    }
    s.dirty = false;
    app::update(&mut s, Action::Tick(t0 + Duration::from_millis(1200)));
    assert!(!s.dirty, "same second, nothing moves");
    app::update(&mut s, Action::Tick(t0 + Duration::from_millis(2100)));
    assert!(s.dirty, "\"refreshed N s ago\" changed");
    // Paused (no fetch goes out), the age reads in minutes after two: a
    // tick redraws when the minute turns, not every second.
    app::update(&mut s, code(KeyCode::Enter));
    app::update(&mut s, key('P'));
    assert!(s.paused);
    let dirty_after = |s: &mut State, secs: u64| {
        s.dirty = false;
        app::update(s, Action::Tick(t0 + Duration::from_secs(secs)));
        s.dirty
    };
    assert!(dirty_after(&mut s, 119), "119s");
    assert!(dirty_after(&mut s, 180), "3m");
    assert!(!dirty_after(&mut s, 181), "still 3m");
    assert!(!dirty_after(&mut s, 239), "still 3m");
    assert!(dirty_after(&mut s, 240), "4m");
}

#[test]
fn missing_credentials_screen_only_quits() {
    let mut s = State::new(Options::default());
    s.screen = Screen::MissingCredentials(app::MissingCredentials {
        missing: vec!["access key".into()],
        searched: vec!["~/.config/scw/config.yaml".into()],
        profile: "default".into(),
    });
    assert!(app::init(&mut s).is_empty());
    app::update(&mut s, key('r'));
    assert!(!s.quit);
    app::update(&mut s, key('q'));
    assert!(s.quit);
}

#[test]
fn remapped_keys_drive_update() {
    let mut s = remapped_state("quit", "x");
    app::update(&mut s, key('q'));
    assert!(!s.quit);
    app::update(&mut s, key('x'));
    assert!(s.quit);
}
