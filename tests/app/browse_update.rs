//! update() while browsing: the details pane's scroll and full screen, the
//! sort keeping the selection on screen, the status line's messages expiring.
#![allow(clippy::unwrap_used)]

use crate::dash_common;

use std::time::Instant;

use crossterm::event::KeyCode;
use dash_common::*;
use scwdash::app::{self, Action, Mode, Options, State, Tab, details_view};

/// Everything loaded, the default group's rules too, on a `w` x `h` terminal.
fn browsing(w: u16, h: u16) -> State {
    let mut state = loaded(Options::default(), Instant::now());
    app::update(
        &mut state,
        Action::Rules {
            group: SG_DEFAULT.into(),
            result: Ok(std::sync::Arc::new(rules())),
        },
    );
    app::update(
        &mut state,
        Action::Resize(scwdash::ui::layout::viewport(w, h)),
    );
    state
}

fn top(state: &State) -> usize {
    state.details.top_for(state.current().selected_id())
}

#[test]
fn the_details_pane_scrolls_within_its_lines_and_starts_over_on_another_row() {
    // 80x14: 2 groups leave the pane 8 lines, 7 below its border; the
    // default group has 10 lines of details.
    let mut state = browsing(80, 14);
    app::update(&mut state, key('3'));
    assert!(state.table_mut(Tab::SecurityGroups).select_id(SG_DEFAULT));
    assert_eq!(details_view::lines(&state).len(), 10);
    assert_eq!(details_view::visible(&state), 7);
    app::update(&mut state, key('J'));
    assert_eq!(top(&state), 1);
    for _ in 0..10 {
        app::update(&mut state, key('J'));
    }
    assert_eq!(top(&state), 3, "stops at the last page");
    app::update(&mut state, key('K'));
    assert_eq!(
        top(&state),
        2,
        "one key back up, however often J was pressed"
    );
    // Another row starts at its top; coming back too.
    app::update(&mut state, key('k'));
    assert_ne!(state.current().selected_id(), Some(SG_DEFAULT));
    assert_eq!(top(&state), 0);
    app::update(&mut state, key('j'));
    assert_eq!(top(&state), 0);
}

#[test]
fn f_shows_the_details_full_screen_and_scrolls_them_there() {
    let mut state = browsing(80, 10);
    app::update(&mut state, key('3'));
    assert!(state.table_mut(Tab::SecurityGroups).select_id(SG_DEFAULT));
    app::update(&mut state, key('f'));
    assert_eq!(state.mode, Mode::Details);
    // 80x10: 7 lines between the tab bar and the status line, 5 inside the frame.
    assert_eq!(details_view::visible(&state), 5);
    app::update(&mut state, key('j'));
    assert_eq!(top(&state), 1);
    app::update(&mut state, code(KeyCode::End));
    assert_eq!(top(&state), 5);
    app::update(&mut state, key('g'));
    assert_eq!(top(&state), 0);
    // j scrolled the details, not the table.
    assert_eq!(state.current().selected_id(), Some(SG_DEFAULT));
    app::update(&mut state, key('f'));
    assert_eq!(state.mode, Mode::Normal);
    app::update(&mut state, key('f'));
    app::update(&mut state, code(KeyCode::Esc));
    assert_eq!(state.mode, Mode::Normal);
}
