//! Fleet operations on screen: the marked table (with and without colour),
//! the bulk power menu, the bulk confirmation (80x24 and 160x48, scrolled,
//! with a typed count), the progress of a run on the status line, the
//! report of a run with a failure, and a filter term the tab lacks.

use std::time::Instant;

use crossterm::event::KeyCode;
use ratatui::{Terminal, backend::TestBackend};
use scwdash::api::locality::Zone;
use scwdash::app::{self, Action, Effect, Mode, Options, State, Tab, UserError};
use scwdash::theme::Theme;
use scwdash::ui;

use crate::dash_common::*;
use crate::screen_common::screen;

fn fleet_state(options: Options) -> State {
    let mut s = loaded(options, Instant::now());
    load_servers(&mut s, staging_fleet());
    s
}

fn filter(s: &mut State, text: &str) {
    app::update(s, key('/'));
    for c in text.chars() {
        app::update(s, key(c));
    }
    app::update(s, code(KeyCode::Enter));
}

/// `/tag:staging` Enter `*`: four stopped and four running servers marked.
fn staging_marked(options: Options) -> State {
    let mut s = fleet_state(options);
    filter(&mut s, "tag:staging");
    app::update(&mut s, key('*'));
    s
}

/// One frame of `w`x`h`: the terminal (for the snapshot) and its text.
fn draw(state: &mut State, w: u16, h: u16) -> (Terminal<TestBackend>, String) {
    let text = screen(state, w, h);
    let mut terminal = Terminal::new(TestBackend::new(w, h)).unwrap();
    terminal.draw(|f| ui::render(f, state)).unwrap();
    (terminal, text)
}

#[test]
fn marked_rows_80x24() {
    let mut s = fleet_state(Options::default());
    // Two marked by Space, the cursor moved down past them.
    app::update(&mut s, key(' '));
    app::update(&mut s, key('j'));
    app::update(&mut s, key(' '));
    let (t, text) = draw(&mut s, 80, 24);
    assert!(text.contains(" 2 marked "), "{text}");
    insta::assert_snapshot!(t.backend());
}

#[test]
fn marked_rows_160x48_with_a_mark_outside_the_zone() {
    let mut s = staging_marked(Options::default());
    // A zone change keeps the marks; the header says where they are.
    app::update(&mut s, key(']'));
    let here = vec![
        tagged("q-1", "par2-web", "running", Zone::FrPar2, "staging"),
        tagged("q-2", "par2-db", "stopped", Zone::FrPar2, "prod"),
    ];
    load_servers(&mut s, here);
    let (t, text) = draw(&mut s, 160, 48);
    assert!(text.contains("8 marked, 8 outside fr-par-2"), "{text}");
    assert!(text.contains("par2-web"), "{text}");
    insta::assert_snapshot!(t.backend());
}

#[test]
fn marks_show_without_colour() {
    let mut s = staging_marked(Options {
        theme: Theme::default().without_colour(),
        ..Options::default()
    });
    let (t, text) = draw(&mut s, 80, 24);
    // The marker is a character, not a colour.
    let marked_lines = text
        .lines()
        .filter(|l| l.starts_with(" * ") || l.starts_with(">* "))
        .count();
    assert_eq!(marked_lines, 8, "{text}");
    insta::assert_snapshot!(t.backend());
}

#[test]
fn bulk_power_menu() {
    let mut s = staging_marked(Options::default());
    app::update(&mut s, key('p'));
    assert!(matches!(s.mode, Mode::BulkPowerMenu(_)));
    let (t, text) = draw(&mut s, 80, 24);
    assert!(text.contains("Power on (4 of 8)"), "{text}");
    insta::assert_snapshot!(t.backend());
}

/// All twelve marked, power on chosen: four staging servers and the four
/// prod ones to start, four running skipped.
fn bulk_confirmation() -> State {
    let mut s = fleet_state(Options::default());
    app::update(&mut s, key('*'));
    app::update(&mut s, key('p'));
    app::update(&mut s, code(KeyCode::Enter));
    assert!(matches!(s.mode, Mode::BulkConfirm(_)), "{:?}", s.mode);
    s
}

#[test]
fn bulk_confirmation_80x24() {
    let mut s = bulk_confirmation();
    let (t, text) = draw(&mut s, 80, 24);
    assert!(text.contains("Power on 8 servers?"), "{text}");
    assert!(text.contains("Skipped: 4 already running"), "{text}");
    insta::assert_snapshot!(t.backend());
}

#[test]
fn bulk_confirmation_160x48() {
    let mut s = bulk_confirmation();
    let (t, _) = draw(&mut s, 160, 48);
    insta::assert_snapshot!(t.backend());
}

#[test]
fn bulk_confirmation_scrolled_on_a_short_screen() {
    let mut s = bulk_confirmation();
    for _ in 0..6 {
        app::update(&mut s, key('j'));
    }
    let (t, text) = draw(&mut s, 80, 16);
    assert!(!text.contains("prod-0"), "scrolled past the first: {text}");
    assert!(
        text.contains("[y/Y] yes"),
        "the answer stays in view: {text}"
    );
    insta::assert_snapshot!(t.backend());
}

#[test]
fn bulk_terminate_asks_for_the_count() {
    let mut s = fleet_state(Options::default());
    filter(&mut s, "state:running");
    app::update(&mut s, key('*'));
    app::update(&mut s, key('p'));
    choose_bulk_power(&mut s, "terminate");
    app::update(&mut s, key('4'));
    let (t, _) = draw(&mut s, 80, 24);
    insta::assert_snapshot!(t.backend());
}

#[test]
fn bulk_progress_and_report() {
    let mut s = staging_marked(Options::default());
    app::update(&mut s, key('p'));
    app::update(&mut s, code(KeyCode::Enter));
    let effects = app::update(&mut s, key('y'));
    let steps: Vec<(u64, app::PendingAction)> = effects
        .into_iter()
        .filter_map(|e| match e {
            Effect::BulkStep { run, action } => Some((run, action)),
            _ => None,
        })
        .collect();
    assert_eq!(steps.len(), 4);
    let mut steps = steps.into_iter();
    let (run, first) = steps.next().unwrap();
    app::update(
        &mut s,
        Action::BulkStepDone {
            run,
            action: first,
            result: Err(UserError::new(
                "quota exceeded: instances_power_on_max (10)",
            )),
            rate_limited: false,
        },
    );
    let (run, second) = steps.next().unwrap();
    app::update(
        &mut s,
        Action::BulkStepDone {
            run,
            action: second,
            result: Ok(()),
            rate_limited: false,
        },
    );
    // Two back, two in flight: each row shows its own state.
    let (t, text) = draw(&mut s, 100, 30);
    assert!(text.contains("starting 2/4, 1 failed"), "{text}");
    insta::assert_snapshot!("bulk_progress_100x30", t.backend());
    for (run, action) in steps {
        app::update(
            &mut s,
            Action::BulkStepDone {
                run,
                action,
                result: Ok(()),
                rate_limited: false,
            },
        );
    }
    assert!(matches!(s.mode, Mode::BulkReport(_)));
    let (t, text) = draw(&mut s, 100, 30);
    assert!(text.contains("quota exceeded"), "{text}");
    insta::assert_snapshot!("bulk_report_100x30", t.backend());
    // Closed: the failed one is still marked.
    app::update(&mut s, code(KeyCode::Esc));
    assert_eq!(s.marks.count(Tab::Servers), 1);
}

#[test]
fn clear_marks_question() {
    let mut s = staging_marked(Options::default());
    app::update(&mut s, code(KeyCode::Esc));
    let (t, _) = draw(&mut s, 80, 24);
    insta::assert_snapshot!(t.backend());
}

#[test]
fn a_filter_term_the_tab_lacks_is_said() {
    let mut s = fleet_state(Options::default());
    app::update(&mut s, key('2'));
    filter(&mut s, "type:DEV1-S");
    let (t, text) = draw(&mut s, 100, 24);
    assert!(text.contains("volumes have no type:"), "{text}");
    insta::assert_snapshot!(t.backend());
}

#[test]
fn the_help_shows_the_filter_syntax() {
    let mut s = fleet_state(Options::default());
    app::update(&mut s, key('?'));
    app::update(&mut s, key('G'));
    let (_, text) = draw(&mut s, 120, 40);
    for line in [
        "Filter terms (/)",
        "tag:staging",
        "one tag is \"staging\"",
        "!tag:prod",
    ] {
        assert!(text.contains(line), "{line} missing:\n{text}");
    }
}
