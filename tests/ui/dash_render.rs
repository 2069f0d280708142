//! Screen snapshots of the five tabs with realistic rows (parsed API models,
//! joins resolved) and of each kind's detail pane, at 80x24 and 160x48.
#![allow(clippy::unwrap_used)]

use crate::dash_common;
use crate::screen_common::screen;

use std::time::Instant;

use crossterm::event::KeyCode;
use dash_common::*;
use scwdash::app::{self, Action, Options, State, Tab};

/// The state on `tab` with the row `id` selected (rules of groups loaded).
fn on(tab: Tab, id: &str) -> State {
    let mut state = loaded(
        Options {
            profile: "default".into(),
            ..Options::default()
        },
        Instant::now(),
    );
    app::update(
        &mut state,
        Action::Rules {
            group: SG_DEFAULT.into(),
            result: Ok(std::sync::Arc::new(rules())),
        },
    );
    let n = char::from(b'1' + tab.index() as u8);
    app::update(&mut state, key(n));
    assert!(state.table_mut(tab).select_id(id));
    // A fixed spinner frame and no refresh age, so snapshots are stable.
    state.tick = 0;
    state.now = state.last_refresh;
    state
}

const CASES: [(Tab, &str, &str); 5] = [
    (Tab::Servers, "servers", DB),
    (Tab::Volumes, "volumes", DB_DATA),
    (Tab::SecurityGroups, "security_groups", SG_DEFAULT),
    (Tab::PrivateNetworks, "private_networks", PN_BACKEND),
    (Tab::Vpcs, "vpcs", VPC_DEFAULT),
];

#[test]
fn tabs_at_80x24() {
    for (tab, name, id) in CASES {
        let mut state = on(tab, id);
        insta::assert_snapshot!(format!("{name}_80x24"), screen(&mut state, 80, 24));
    }
}

#[test]
fn tabs_with_details_at_160x48() {
    for (tab, name, id) in CASES {
        let mut state = on(tab, id);
        insta::assert_snapshot!(format!("{name}_160x48"), screen(&mut state, 160, 48));
    }
}

#[test]
fn terminate_dialog_names_the_fate_of_each_volume() {
    let mut state = on(Tab::Servers, WEB);
    app::update(&mut state, key('p'));
    for _ in 0..3 {
        app::update(&mut state, key('j'));
    }
    app::update(&mut state, code(KeyCode::Enter));
    for c in "web".chars() {
        app::update(&mut state, key(c));
    }
    let text = screen(&mut state, 100, 30);
    assert!(
        text.contains("web-1-root (l_ssd, 20 GB) is DELETED"),
        "{text}"
    );
    assert!(text.contains("> web"), "{text}");
    insta::assert_snapshot!("terminate_dialog", text);
}

/// A fleet listed less often than `refresh` (more items than `refresh` ×
/// `refresh_items_per_second`) says how often in the header; at the
/// default rate the samples are listed every `refresh` and it says nothing.
#[test]
fn the_header_says_how_often_a_large_fleet_is_listed() {
    let slow = |rate: f64| {
        let mut state = loaded(
            Options {
                refresh_items_per_second: rate,
                ..Options::default()
            },
            Instant::now(),
        );
        state.now = state.last_refresh;
        screen(&mut state, 160, 48)
    };
    let text = slow(1.0);
    let header = text.lines().next().unwrap();
    assert!(header.contains("refreshed 0s ago · every "), "{header}");
    let text = slow(Options::default().refresh_items_per_second);
    assert!(!text.lines().next().unwrap().contains("every"), "{text}");
}
