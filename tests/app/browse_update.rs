//! update() while browsing: the details pane's scroll and full screen, the
//! sort keeping the selection on screen, the status line's messages expiring.
#![allow(clippy::unwrap_used)]

use crate::dash_common;

use std::time::{Duration, Instant};

use crossterm::event::KeyCode;
use dash_common::*;
use scwdash::api::locality::Zone;
use scwdash::app::{
    self, Action, Effect, Locality, Mode, Options, Outcome, State, Tab, UserError, details_view,
    status,
};

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

/// Answers every fetch in `effects`, failing those of `failing` with a timeout.
fn answer_failing(state: &mut State, effects: Vec<Effect>, failing: Locality) {
    for e in effects {
        if let Effect::Fetch { request, tab, at } = e {
            let errors = if at == failing {
                vec![(at, UserError::new("timeout"))]
            } else {
                Vec::new()
            };
            app::update(
                state,
                Action::Fetched {
                    request,
                    batch: batch(tab),
                    errors,
                },
            );
        }
    }
}

#[test]
fn a_success_goes_after_a_few_seconds_of_ticks() {
    let t0 = Instant::now();
    let mut state = loaded(Options::default(), t0);
    let t = |s: u64| Action::Tick(t0 + Duration::from_secs(s));
    let effects = app::update(&mut state, t(2));
    answer(&mut state, effects);
    let effects = app::update(&mut state, key('r'));
    let more = app::update(&mut state, t(3));
    answer(&mut state, effects);
    answer(&mut state, more);
    assert_eq!(
        state.status.last_action,
        Some(("refresh".into(), Outcome::Succeeded))
    );
    // Shown from the tick that first saw it (4 s) for SHOWN_FOR.
    let shown = status::SHOWN_FOR.as_secs();
    for s in 4..4 + shown {
        let effects = app::update(&mut state, t(s));
        answer(&mut state, effects);
        assert!(state.status.last_action.is_some(), "still shown at {s} s");
    }
    app::update(&mut state, t(4 + shown));
    assert_eq!(state.status.last_action, None);
}

#[test]
fn a_refusal_stays_until_the_user_acts_again() {
    let t0 = Instant::now();
    let mut state = loaded(
        Options {
            read_only: true,
            ..Options::default()
        },
        t0,
    );
    app::update(&mut state, key('d'));
    assert!(matches!(
        state.status.last_action,
        Some((_, Outcome::Refused))
    ));
    app::update(&mut state, Action::Tick(t0 + Duration::from_secs(60)));
    assert!(
        state.status.last_action.is_some(),
        "time does not dismiss it"
    );
    app::update(&mut state, key('j'));
    assert!(state.status.last_action.is_some(), "moving does not either");
    app::update(&mut state, key('o'));
    assert_eq!(state.status.last_action, None, "acting again does");
}

#[test]
fn a_zone_error_goes_once_the_zone_answers_and_the_age_counts_from_success() {
    let t0 = Instant::now();
    let mut state = loaded(Options::default(), t0);
    let zone = Locality::Zone(Zone::FrPar1);
    let ok_at = state.last_refresh.unwrap();
    // Two refreshes fail: the age keeps counting from the last success and
    // the failure is dated from the first one.
    for s in [10, 20] {
        let effects = app::update(&mut state, Action::Tick(t0 + Duration::from_secs(s)));
        let effects = if effects.is_empty() {
            app::update(&mut state, key('r'))
        } else {
            effects
        };
        answer_failing(&mut state, effects, zone);
    }
    app::update(&mut state, Action::Tick(t0 + Duration::from_secs(25)));
    assert_eq!(state.last_refresh, Some(ok_at), "no success since");
    assert!(state.status.last_error.is_some());
    assert_eq!(state.refresh_failing_for(), Some(15));
    let header = render_header(&mut state);
    assert!(header.contains("refresh failing since 15s ago"), "{header}");
    // The zone answers: its error goes, the age starts over.
    let effects = app::update(&mut state, key('r'));
    answer(&mut state, effects);
    app::update(&mut state, Action::Tick(t0 + Duration::from_secs(26)));
    assert_eq!(state.status.last_error, None);
    assert_eq!(state.refresh_failing_for(), None);
    assert_eq!(state.refreshed_ago(), Some(1));
    // "refreshed 1s ago", or "1s ago" where the cost took the room.
    let header = render_header(&mut state);
    assert!(
        header.contains(" 1s ago") && !header.contains("failing"),
        "{header}"
    );
}

fn render_header(state: &mut State) -> String {
    use ratatui::{Terminal, backend::TestBackend};
    let mut terminal = Terminal::new(TestBackend::new(120, 10)).unwrap();
    terminal.draw(|f| scwdash::ui::render(f, state)).unwrap();
    let buf = terminal.backend().buffer();
    (0..120).map(|x| buf[(x, 0)].symbol().to_string()).collect()
}
