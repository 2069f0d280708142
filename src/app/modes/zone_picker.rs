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

/// A letter no menu key uses: the cursor jumps to the next zone whose name
/// starts with it, after the cursor and round ("a" is all, "n" nl-ams-1,
/// then nl-ams-2...). Other letters change nothing.
pub fn jump(state: &mut State, letter: char) {
    let Mode::ZonePicker { cursor } = &mut state.mode else {
        return;
    };
    let names: Vec<String> = zone_choices().map(|z| z.to_string()).collect();
    let letter = letter.to_ascii_lowercase();
    let next = (1..=names.len())
        .map(|step| (*cursor + step) % names.len())
        .find(|&i| names[i].starts_with(letter));
    if let Some(i) = next {
        *cursor = i;
    }
}
