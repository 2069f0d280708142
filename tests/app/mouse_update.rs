//! The mouse through update(): a frame records what is where, a gesture on
//! it runs what the keys would.

use crate::dash_common;

use std::time::{Duration, Instant};

use dash_common::*;
use ratatui::{Terminal, backend::TestBackend};
use scwdash::api::locality::{Zone, ZoneScope};
use scwdash::app::mouse::{Gesture, Hits, Target};
use scwdash::app::{self, Action, Mode, Options, State, Tab};

fn state() -> State {
    loaded(Options::default(), Instant::now())
}

/// Draws `state` at 160x48 and returns what the frame recorded.
fn frame(state: &mut State) -> Hits {
    app::update(
        state,
        Action::Resize(scwdash::ui::layout::viewport(160, 48)),
    );
    let mut terminal = Terminal::new(TestBackend::new(160, 48)).unwrap();
    let mut hits = Hits::default();
    terminal
        .draw(|f| hits = scwdash::ui::render_with_hits(f, state))
        .unwrap();
    hits
}

/// A gesture at the middle of where `target` was drawn, named as the event
/// loop names it.
fn gesture_on(state: &mut State, gesture: Gesture, target: Target, at: Instant) {
    let hits = frame(state);
    let area = hits
        .area_of(target)
        .unwrap_or_else(|| panic!("{target:?} not drawn"));
    let (x, y) = (area.x + area.width / 2, area.y + area.height / 2);
    assert_eq!(hits.at(x, y), Some(target));
    app::update(
        state,
        Action::Mouse {
            gesture,
            target: hits.at(x, y),
            at,
        },
    );
}

#[test]
fn clicking_a_tab_or_a_zone_switches_to_it() {
    let mut s = state();
    let t0 = Instant::now();
    gesture_on(&mut s, Gesture::Click, Target::Tab(Tab::Volumes), t0);
    assert_eq!(s.tab, Tab::Volumes);
    gesture_on(
        &mut s,
        Gesture::Click,
        Target::Zone(ZoneScope::One(Zone::NlAms1)),
        t0,
    );
    assert_eq!(s.zone, ZoneScope::One(Zone::NlAms1));
    gesture_on(&mut s, Gesture::Click, Target::Zone(ZoneScope::All), t0);
    assert_eq!(s.zone, ZoneScope::All);
}

#[test]
fn a_click_selects_a_row_and_a_double_click_opens_its_details() {
    let mut s = state();
    let t0 = Instant::now();
    gesture_on(&mut s, Gesture::Click, Target::Row(3), t0);
    assert_eq!(s.current().cursor(), 3);
    assert_eq!(s.mode, Mode::Normal);
    // Two clicks far apart are two single clicks.
    gesture_on(
        &mut s,
        Gesture::Click,
        Target::Row(3),
        t0 + Duration::from_secs(2),
    );
    assert_eq!(s.mode, Mode::Normal);
    gesture_on(
        &mut s,
        Gesture::Click,
        Target::Row(3),
        t0 + Duration::from_millis(2100),
    );
    assert_eq!(s.mode, Mode::Details, "double click: details full screen");
    assert_eq!(s.current().cursor(), 3);
}

#[test]
fn clicking_a_menu_entry_chooses_it() {
    let mut s = state();
    app::update(&mut s, key('z'));
    let choices: Vec<ZoneScope> = app::zone_choices().collect();
    let it = choices
        .iter()
        .position(|z| *z == ZoneScope::One(Zone::ItMil1))
        .unwrap();
    gesture_on(
        &mut s,
        Gesture::Click,
        Target::MenuEntry(it),
        Instant::now(),
    );
    assert_eq!(s.mode, Mode::Normal);
    assert_eq!(s.zone, ZoneScope::One(Zone::ItMil1));
}

#[test]
fn behind_a_menu_the_table_takes_no_click() {
    let mut s = state();
    app::update(&mut s, key('z'));
    let hits = frame(&mut s);
    // The tab bar is not under the menu: still drawn, but a click there
    // does not switch tabs while the menu is open.
    let area = hits.area_of(Target::Tab(Tab::Volumes)).unwrap();
    app::update(
        &mut s,
        Action::Mouse {
            gesture: Gesture::Click,
            target: hits.at(area.x, area.y),
            at: Instant::now(),
        },
    );
    assert_eq!(s.tab, Tab::Servers);
    assert!(matches!(s.mode, Mode::ZonePicker { .. }));
}

#[test]
fn the_wheel_scrolls_the_table_the_help_and_the_raw_json() {
    let mut s = state();
    let t0 = Instant::now();
    gesture_on(&mut s, Gesture::WheelDown, Target::Row(0), t0);
    assert_eq!(s.current().cursor(), 3, "three rows a notch");
    gesture_on(&mut s, Gesture::WheelUp, Target::Row(0), t0);
    assert_eq!(s.current().cursor(), 0);
    app::update(&mut s, key('?'));
    app::update(
        &mut s,
        Action::Mouse {
            gesture: Gesture::WheelDown,
            target: None,
            at: t0,
        },
    );
    assert!(matches!(s.mode, Mode::Help { scroll: 3 }), "{:?}", s.mode);
    app::update(&mut s, key('?'));
    app::update(&mut s, key('y'));
    if let Mode::RawJson { .. } = s.mode {
        app::update(
            &mut s,
            Action::Mouse {
                gesture: Gesture::WheelDown,
                target: None,
                at: t0,
            },
        );
        assert!(
            matches!(s.mode, Mode::RawJson { scroll: 3, .. }),
            "{:?}",
            s.mode
        );
    }
}

#[test]
fn the_mouse_setting_defaults_on_and_can_be_turned_off() {
    assert!(scwdash::settings::defaults().mouse);
    let s = scwdash::settings::DashboardSettings::from_toml(
        std::path::Path::new("m.toml"),
        "mouse = false\n",
    )
    .unwrap();
    assert!(!s.mouse);
}
