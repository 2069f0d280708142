//! One handler per mode: each takes the command (or typed character) the key
//! map resolved for it and returns the effects.

pub mod bulk_confirm;
pub mod bulk_menu;
pub mod bulk_report;
pub mod choose;
pub mod clear_marks;
pub mod command_line;
pub mod confirm;
pub mod details;
pub mod filter;
pub mod form;
pub mod normal;
pub mod power_menu;
pub mod scroll;
pub mod tree;
pub mod type_confirm;
pub mod used_by;
pub mod zone_picker;

use crate::app::{Mode, State};
use crate::keymap::Command;

/// Up, Down, Top, Bottom, Back and Quit in the menus (power, delete/detach, zones); the
/// menus handle `Accept` themselves.
fn navigate_menu(state: &mut State, command: Option<Command>) {
    let (cursor, len) = match &mut state.mode {
        Mode::PowerMenu(m) => (&mut m.cursor, m.actions.len()),
        Mode::Choose(m) => (&mut m.cursor, m.items.len()),
        Mode::BulkPowerMenu(m) => (&mut m.cursor, m.entries.len()),
        Mode::UsedBy(m) => (&mut m.cursor, m.users.len()),
        Mode::ZonePicker { cursor } => (cursor, zone_picker::zone_choices().count()),
        _ => return,
    };
    match command {
        Some(Command::Up) => *cursor = cursor.saturating_sub(1),
        Some(Command::Down) => *cursor = (*cursor + 1).min(len.saturating_sub(1)),
        Some(Command::Top) => *cursor = 0,
        Some(Command::Bottom) => *cursor = len.saturating_sub(1),
        Some(Command::Back) => state.mode = Mode::Normal,
        Some(Command::Quit) => state.quit = true,
        _ => {}
    }
}
