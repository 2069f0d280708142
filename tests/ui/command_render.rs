//! Snapshots of the command line (with its completion list and with an
//! error), the scw command dialog, and the help's command section.
#![allow(clippy::unwrap_used)]

use crate::dash_common;
use crate::screen_common::screen;

use std::time::Instant;

use crossterm::event::KeyCode;
use dash_common::*;
use ratatui::{Terminal, backend::TestBackend};
use scwdash::app::{self, Action, Mode, Options, State, Tab};

fn state() -> State {
    let mut state = loaded(
        Options {
            profile: "default".into(),
            ..Options::default()
        },
        Instant::now(),
    );
    assert!(state.table_mut(Tab::Servers).select_id(DB));
    // A fixed spinner frame and no refresh age, so snapshots are stable.
    state.tick = 0;
    state.now = state.last_refresh;
    state
}

fn typed(state: &mut State, text: &str) {
    for c in text.chars() {
        app::update(state, key(c));
    }
}

#[test]
fn command_line_completing_a_column_80x24() {
    let mut s = state();
    typed(&mut s, ":sort -p");
    app::update(&mut s, code(KeyCode::Tab));
    app::update(&mut s, code(KeyCode::Tab));
    insta::assert_snapshot!("command_line_columns_80x24", screen(&mut s, 80, 24));
}

#[test]
fn command_line_completing_names_160x48() {
    let mut s = state();
    typed(&mut s, ":s");
    app::update(&mut s, code(KeyCode::Tab));
    insta::assert_snapshot!("command_line_names_160x48", screen(&mut s, 160, 48));
}

#[test]
fn command_line_unknown_command_80x24() {
    let mut s = state();
    typed(&mut s, ":zoen all");
    app::update(&mut s, code(KeyCode::Enter));
    insta::assert_snapshot!("command_line_unknown_80x24", screen(&mut s, 80, 24));
}

#[test]
fn the_selected_candidate_is_highlighted() {
    let mut s = state();
    typed(&mut s, ":zone nl");
    app::update(&mut s, code(KeyCode::Tab));
    app::update(&mut s, code(KeyCode::Tab));
    let Mode::CommandLine(line) = &s.mode else {
        panic!()
    };
    assert_eq!(line.text, "zone nl-ams-1");
    app::update(
        &mut s,
        Action::Resize(scwdash::ui::layout::viewport(80, 24)),
    );
    let mut t = Terminal::new(TestBackend::new(80, 24)).unwrap();
    t.draw(|f| scwdash::ui::render(f, &s)).unwrap();
    let buf = t.backend().buffer();
    let row = (0..24)
        .find(|&y| {
            let line: String = (0..80).map(|x| buf[(x, y)].symbol()).collect();
            line.contains("│nl-ams-1")
        })
        .unwrap();
    let x = (0..80).find(|&x| buf[(x, row)].symbol() == "n").unwrap();
    assert_eq!(buf[(x, row)].bg, s.theme.selected().bg.unwrap());
    let other = (0..24)
        .find(|&y| {
            let line: String = (0..80).map(|x| buf[(x, y)].symbol()).collect();
            line.contains("│nl-ams-2")
        })
        .unwrap();
    assert_ne!(buf[(x, other)].bg, s.theme.selected().bg.unwrap());
}

#[test]
fn the_scw_command_dialog_from_a_confirmation() {
    let mut s = state();
    app::update(&mut s, key('p'));
    app::update(&mut s, code(KeyCode::Enter));
    assert!(matches!(s.mode, Mode::Confirm(_)));
    insta::assert_snapshot!("confirm_with_cli_key_80x24", screen(&mut s, 80, 24));
    app::update(&mut s, key('c'));
    assert!(matches!(s.mode, Mode::Cli(_)));
    insta::assert_snapshot!("cli_dialog_80x24", screen(&mut s, 80, 24));
    insta::assert_snapshot!("cli_dialog_160x48", screen(&mut s, 160, 48));
}

#[test]
fn a_long_scw_command_wraps_in_the_dialog() {
    let mut s = state();
    s.project = Some("11111111-2222-4333-8444-555555555555".into());
    app::update(&mut s, key('2'));
    app::update(&mut s, key('n'));
    typed(&mut s, "a-volume-with-a-rather-long-name");
    app::update(
        &mut s,
        Action::Key(crossterm::event::KeyEvent::new(
            KeyCode::Char('o'),
            crossterm::event::KeyModifiers::CONTROL,
        )),
    );
    assert!(matches!(s.mode, Mode::Cli(_)), "{:?}", s.mode);
    insta::assert_snapshot!("cli_dialog_create_volume_80x24", screen(&mut s, 80, 24));
}

#[test]
fn the_help_lists_the_commands() {
    let mut s = state();
    app::update(&mut s, key('?'));
    // The commands come last: scroll to the end.
    app::update(&mut s, key('G'));
    let text = screen(&mut s, 160, 48);
    for expected in [
        "Commands (: then Enter)",
        ":servers :srv",
        ":zone :z ZONE|all",
        ":sort [-]COLUMN",
        ":cli",
    ] {
        assert!(text.contains(expected), "{expected:?} not in\n{text}");
    }
}
