//! The same keys in every list-like widget: j/k/arrows move, g/G jump, and
//! the zone picker jumps on a letter.

use crate::dash_common;

use std::time::Instant;

use crossterm::event::KeyCode;
use dash_common::*;
use scwdash::api::locality::{Zone, ZoneScope};
use scwdash::app::{self, Mode, Options, State};

fn state() -> State {
    loaded(Options::default(), Instant::now())
}

fn zone_cursor(state: &State) -> usize {
    match state.mode {
        Mode::ZonePicker { cursor } => cursor,
        ref other => panic!("not the zone picker: {other:?}"),
    }
}

fn zone_at(cursor: usize) -> ZoneScope {
    scwdash::app::zone_choices().nth(cursor).unwrap()
}

#[test]
fn menus_move_with_j_k_arrows_and_jump_with_g_and_shift_g() {
    let mut s = state();
    app::update(&mut s, key('z'));
    let last = scwdash::app::zone_choices().count() - 1;
    for (action, want) in [
        (key('G'), last),
        (key('g'), 0),
        (key('j'), 1),
        (code(KeyCode::Down), 2),
        (key('k'), 1),
        (code(KeyCode::End), last),
        (code(KeyCode::Up), last - 1),
        (code(KeyCode::Home), 0),
    ] {
        app::update(&mut s, action);
        assert_eq!(zone_cursor(&s), want);
    }
    // The power menu moves the same way.
    app::update(&mut s, code(KeyCode::Esc));
    app::update(&mut s, key('g'));
    app::update(&mut s, key('j')); // db-1, running: several actions
    app::update(&mut s, key('p'));
    let Mode::PowerMenu(menu) = &s.mode else {
        panic!("power menu: {:?}", s.mode);
    };
    let len = menu.actions.len();
    assert!(len > 1, "{menu:?}");
    app::update(&mut s, key('G'));
    let Mode::PowerMenu(menu) = &s.mode else {
        panic!()
    };
    assert_eq!(menu.cursor, len - 1);
    app::update(&mut s, key('g'));
    let Mode::PowerMenu(menu) = &s.mode else {
        panic!()
    };
    assert_eq!(menu.cursor, 0);
}

#[test]
fn the_zone_picker_jumps_on_a_letter() {
    let mut s = state();
    app::update(&mut s, key('z'));
    app::update(&mut s, key('a'));
    assert_eq!(zone_at(zone_cursor(&s)), ZoneScope::All);
    app::update(&mut s, key('n'));
    assert_eq!(zone_at(zone_cursor(&s)), ZoneScope::One(Zone::NlAms1));
    app::update(&mut s, key('n'));
    assert_eq!(zone_at(zone_cursor(&s)), ZoneScope::One(Zone::NlAms2));
    app::update(&mut s, key('P'));
    assert_eq!(zone_at(zone_cursor(&s)), ZoneScope::One(Zone::PlWaw1));
    // A letter no zone starts with moves nothing; Enter takes the zone.
    app::update(&mut s, key('x'));
    assert_eq!(zone_at(zone_cursor(&s)), ZoneScope::One(Zone::PlWaw1));
    app::update(&mut s, key('i'));
    app::update(&mut s, code(KeyCode::Enter));
    assert_eq!(s.zone, ZoneScope::One(Zone::ItMil1));
}

#[test]
fn help_jumps_to_top_and_bottom() {
    let mut s = state();
    app::update(&mut s, key('?'));
    app::update(&mut s, key('G'));
    assert!(matches!(s.mode, Mode::Help { scroll } if scroll > 0));
    app::update(&mut s, key('g'));
    assert!(matches!(s.mode, Mode::Help { scroll: 0 }));
}
