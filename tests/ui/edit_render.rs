//! Snapshots (80x24) of `d`: the delete/detach menu of a server, the
//! confirmations (named, with the zone, default No) and the refusals the
//! status line explains before anything is sent.
#![allow(clippy::unwrap_used)]

use crate::dash_common;

use std::time::Instant;

use crossterm::event::KeyCode;
use dash_common::*;
use ratatui::{Terminal, backend::TestBackend};
use scwdash::app::{self, Action, Effect, Mode, Options, State, Tab};
use scwdash::ui;

fn screen(state: &mut State) -> String {
    app::update(state, Action::Resize(scwdash::ui::layout::viewport(80, 24)));
    // A fixed spinner frame and no refresh age, so snapshots are stable.
    state.tick = 0;
    state.now = state.last_refresh;
    let mut terminal = Terminal::new(TestBackend::new(80, 24)).unwrap();
    terminal.draw(|f| ui::render(f, state)).unwrap();
    let buf = terminal.backend().buffer();
    let mut out = String::new();
    for y in 0..24 {
        let line: String = (0..80).map(|x| buf[(x, y)].symbol().to_string()).collect();
        out.push_str(line.trim_end());
        out.push('\n');
    }
    out
}

/// The state on `tab` with the row `id` selected, after pressing `d`.
fn after_d(tab: Tab, id: &str) -> (State, Vec<Effect>) {
    let mut state = loaded(Options::default(), Instant::now());
    let n = char::from(b'1' + tab.index() as u8);
    app::update(&mut state, key(n));
    assert!(state.table_mut(tab).select_id(id));
    let effects = app::update(&mut state, key('d'));
    (state, effects)
}

#[test]
fn server_menu_lists_delete_and_detaches() {
    let (mut state, effects) = after_d(Tab::Servers, DB);
    assert!(effects.is_empty());
    assert!(matches!(state.mode, Mode::Choose(_)), "{:?}", state.mode);
    insta::assert_snapshot!("server_delete_menu_80x24", screen(&mut state));
    // Detaching the data volume (where the menu starts on a running
    // server): a confirmation naming volume, server, zone.
    app::update(&mut state, code(KeyCode::Enter));
    assert!(matches!(state.mode, Mode::Confirm(_)), "{:?}", state.mode);
    insta::assert_snapshot!("detach_volume_confirm_80x24", screen(&mut state));
    // Default No: Enter does not confirm.
    let effects = app::update(&mut state, code(KeyCode::Enter));
    assert!(!effects.iter().any(|e| matches!(e, Effect::Run(_))));
}

/// `d` on a stopped server with volumes: keep them or delete them too, and
/// each confirmation says what happens to each volume.
#[test]
fn stopped_server_delete_names_its_volumes() {
    let mut state = loaded(Options::default(), Instant::now());
    let mut servers = (*state.inventory.servers).clone();
    let mut db = (*servers[DB]).clone();
    db.state = scwdash::api::models::ServerState::Stopped;
    servers.insert(std::sync::Arc::new(db));
    state.inventory.servers = std::sync::Arc::new(servers);
    assert!(state.table_mut(Tab::Servers).select_id(DB));
    app::update(&mut state, key('d'));
    insta::assert_snapshot!("stopped_server_delete_menu_80x24", screen(&mut state));
    app::update(&mut state, code(KeyCode::Enter));
    let keep = screen(&mut state);
    assert!(
        keep.contains("db-data (100 GB) is detached and kept"),
        "{keep}"
    );
    insta::assert_snapshot!("server_delete_keeps_volumes_80x24", keep);
    app::update(&mut state, code(KeyCode::Esc));
    app::update(&mut state, key('d'));
    app::update(&mut state, key('j'));
    app::update(&mut state, code(KeyCode::Enter));
    let with = screen(&mut state);
    assert!(
        with.contains("db-data (100 GB) is DELETED once detached"),
        "{with}"
    );
    insta::assert_snapshot!("server_delete_with_volumes_80x24", with);
}

/// A stopped server with one volume: the menu and the confirmation say "its
/// volume", not "its 1 volume" / "Its volumes:" (the plural was wrong).
#[test]
fn a_server_with_one_volume_is_said_in_the_singular() {
    let mut state = loaded(Options::default(), Instant::now());
    let mut servers = (*state.inventory.servers).clone();
    let mut db = (*servers[DB]).clone();
    db.state = scwdash::api::models::ServerState::Stopped;
    db.volumes = db
        .volumes
        .iter()
        .filter(|v| v.slot == "0")
        .cloned()
        .collect();
    servers.insert(std::sync::Arc::new(db));
    state.inventory.servers = std::sync::Arc::new(servers);
    assert!(state.table_mut(Tab::Servers).select_id(DB));
    app::update(&mut state, key('d'));
    let menu = screen(&mut state);
    assert!(
        menu.contains("Delete server db-1, keep its volume "),
        "{menu}"
    );
    assert!(
        menu.contains("Delete server db-1 and its Block volume "),
        "{menu}"
    );
    app::update(&mut state, code(KeyCode::Enter));
    let keep = screen(&mut state);
    assert!(keep.contains("Its volume:"), "{keep}");
    assert!(!keep.contains("Its volumes"), "{keep}");
}

/// `a` on a server: what attaches to it, then the volume picker.
#[test]
fn attach_to_a_server_menu_and_volume_picker() {
    let mut state = loaded(Options::default(), Instant::now());
    assert!(state.table_mut(Tab::Servers).select_id(DB));
    app::update(&mut state, key('a'));
    insta::assert_snapshot!("server_attach_menu_80x24", screen(&mut state));
    app::update(&mut state, code(KeyCode::Enter));
    app::update(&mut state, key(' '));
    insta::assert_snapshot!("server_attach_volume_picker_80x24", screen(&mut state));
}

/// `a` on a private network: the region's servers not on it.
#[test]
fn attach_a_server_to_a_network() {
    let mut state = loaded(Options::default(), Instant::now());
    app::update(&mut state, key('4'));
    assert!(state.table_mut(Tab::PrivateNetworks).select_id(PN_BACKEND));
    app::update(&mut state, key('a'));
    app::update(&mut state, key(' '));
    insta::assert_snapshot!("network_attach_server_picker_80x24", screen(&mut state));
}

#[test]
fn free_volume_delete_confirmation() {
    let (mut state, effects) = after_d(Tab::Volumes, SPARE);
    assert!(effects.is_empty());
    assert!(matches!(state.mode, Mode::Confirm(_)), "{:?}", state.mode);
    insta::assert_snapshot!("volume_delete_confirm_80x24", screen(&mut state));
}

#[test]
fn refusals_on_the_status_line() {
    let mut lines = String::new();
    let cases = [
        (Tab::Servers, DB),
        (Tab::Volumes, DB_ROOT),
        (Tab::SecurityGroups, SG_DEFAULT),
        (Tab::PrivateNetworks, PN_BACKEND),
        (Tab::Vpcs, VPC_DEFAULT),
    ];
    for (tab, id) in cases {
        let (mut state, mut effects) = after_d(tab, id);
        if matches!(state.mode, Mode::Choose(_)) {
            // The server menu: its first entry is "Delete server" (the menu
            // starts below it on a running server).
            app::update(&mut state, key('k'));
            effects.extend(app::update(&mut state, code(KeyCode::Enter)));
        }
        // Nothing is sent (selecting a group may fetch its rules: a read).
        assert!(
            !effects
                .iter()
                .any(|e| matches!(e, Effect::Run(_) | Effect::Submit(_))),
            "{effects:?}"
        );
        assert_eq!(state.mode, Mode::Normal, "{tab:?}");
        let shown = screen(&mut state);
        let status = shown.lines().rev().find(|l| !l.is_empty()).unwrap();
        lines.push_str(&format!("{}: {status}\n", tab.noun()));
    }
    insta::assert_snapshot!("refusal_status_lines_80x24", lines);
}

#[test]
fn a_row_with_a_form_request_in_flight_is_marked() {
    let mut state = loaded(Options::default(), Instant::now());
    let submit = submit_attach(&mut state);
    // Accepted: the form closes, the row keeps its mark until the refresh.
    app::update(
        &mut state,
        Action::Submitted {
            submit,
            result: Ok(Default::default()),
        },
    );
    assert_eq!(state.mode, Mode::Normal);
    let shown = screen(&mut state);
    let row = shown.lines().find(|l| l.contains("spare-backup")).unwrap();
    assert!(row.contains("◐ attaching…"), "{row}");
    insta::assert_snapshot!("volume_attaching_80x24", shown);
    // The mark has the transitional colour, like the API's own transitions.
    let (x, y) = shown
        .lines()
        .enumerate()
        .filter(|(_, l)| l.contains("spare-backup"))
        .find_map(|(y, l)| Some((l.chars().position(|c| c == '◐')?, y)))
        .unwrap();
    let mut terminal = Terminal::new(TestBackend::new(80, 24)).unwrap();
    terminal.draw(|f| ui::render(f, &state)).unwrap();
    let cell = &terminal.backend().buffer()[(x as u16, y as u16)];
    assert_eq!(cell.fg, state.theme.transitional);
}

/// A refused request says so on its row, in the error colour, until the
/// next refresh of its tab (the reason is on the status line).
#[test]
fn a_refused_request_shows_failed_on_its_row() {
    let mut state = loaded(Options::default(), Instant::now());
    let submit = submit_attach(&mut state);
    app::update(
        &mut state,
        Action::Submitted {
            submit,
            result: Err(scwdash::app::forms::SubmitError {
                message: "volume is busy".into(),
                fields: Vec::new(),
                outcome_unknown: false,
            }),
        },
    );
    app::update(&mut state, code(KeyCode::Esc));
    let shown = screen(&mut state);
    let (y, row) = shown
        .lines()
        .enumerate()
        .find(|(_, l)| l.contains("spare-backup"))
        .unwrap();
    assert!(row.contains("✗ failed"), "{row}");
    let x = row.chars().position(|c| c == '✗').unwrap();
    let mut terminal = Terminal::new(TestBackend::new(80, 24)).unwrap();
    terminal.draw(|f| ui::render(f, &state)).unwrap();
    let cell = &terminal.backend().buffer()[(x as u16, y as u16)];
    assert_eq!(cell.fg, state.theme.error);
}
