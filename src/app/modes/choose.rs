//! The delete/detach menu on one resource: Enter asks to confirm the entry,
//! or says why it is refused.

use crate::app::{Effect, Mode, State, mutate};
use crate::keymap::Command;

pub fn command(state: &mut State, command: Option<Command>) -> Vec<Effect> {
    if command != Some(Command::Accept) {
        super::navigate_menu(state, command);
        return Vec::new();
    }
    if let Mode::Choose(menu) = &state.mode
        && let Some(item) = menu.items.get(menu.cursor)
    {
        let verdict = item.action.clone();
        mutate::decide(state, verdict);
    }
    Vec::new()
}
