//! "Clear the marks?" (Esc with marks): `y` forgets them, anything else
//! that answers keeps them (the default).

use crate::app::{Effect, Mode, Outcome, State, marks};
use crate::keymap::Command;

pub fn command(state: &mut State, command: Option<Command>) -> Vec<Effect> {
    let Mode::ClearMarks { tab, .. } = state.mode else {
        return Vec::new();
    };
    match command {
        Some(Command::Yes) => {
            state.mode = Mode::Normal;
            marks::clear(state, tab);
        }
        Some(Command::No) | Some(Command::Back) => {
            state.mode = Mode::Normal;
            state.status.last_action = Some(("the marks are kept".to_string(), Outcome::Info));
        }
        Some(Command::Quit) => state.quit = true,
        _ => {}
    }
    Vec::new()
}
