//! The zone picker: every zone (`Zone::ALL`, it-mil-1 included), then all of them.

use crate::api::locality::{Zone, ZoneScope};
use crate::app::{Effect, Mode, State};
use crate::keymap::Command;

/// The zone picker's entries: every zone, then all of them.
pub fn zone_choices() -> impl Iterator<Item = ZoneScope> {
    Zone::ALL
        .into_iter()
        .map(ZoneScope::One)
        .chain([ZoneScope::All])
}

pub fn command(state: &mut State, command: Option<Command>) -> Vec<Effect> {
    if command != Some(Command::Accept) {
        super::navigate_menu(state, command);
        return Vec::new();
    }
    let Mode::ZonePicker { cursor } = std::mem::take(&mut state.mode) else {
        return Vec::new();
    };
    match zone_choices().nth(cursor) {
        Some(scope) => super::normal::set_zone(state, scope),
        None => Vec::new(),
    }
}
