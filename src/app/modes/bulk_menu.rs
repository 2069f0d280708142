//! The power menu of the marked servers: Enter plans the chosen action on
//! every marked server that allows it and asks to confirm (`bulk`).

use crate::app::{Effect, Mode, State, bulk};
use crate::keymap::Command;

pub fn command(state: &mut State, command: Option<Command>) -> Vec<Effect> {
    if command != Some(Command::Accept) {
        super::navigate_menu(state, command);
        return Vec::new();
    }
    let Mode::BulkPowerMenu(menu) = std::mem::take(&mut state.mode) else {
        return Vec::new();
    };
    if let Some((action, _)) = menu.entries.get(menu.cursor) {
        let plan = bulk::plan_power(state, action);
        bulk::ask(state, plan);
    }
    Vec::new()
}
