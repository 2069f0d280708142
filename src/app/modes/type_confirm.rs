//! Confirmation by typing the resource's name (terminate): Enter runs the
//! action only when the typed text is exactly the name as displayed.

use crate::app::form::drop_last_word;
use crate::app::{Effect, Mode, Outcome, State};
use crate::keymap::{Command, Input};

pub fn input(state: &mut State, input: Option<Input>) -> Vec<Effect> {
    let Mode::TypeToConfirm { action, typed } = &mut state.mode else {
        return Vec::new();
    };
    match input {
        Some(Input::Char(c)) => typed.push(c),
        Some(Input::Command(Command::Accept)) => {
            // The name as the screen shows it (hidden characters as visible
            // escapes) is what can be typed; the raw name works too.
            let shown = crate::text::sanitize(&action.name);
            if *typed == shown || *typed == action.name {
                let Mode::TypeToConfirm { action, .. } = std::mem::take(&mut state.mode) else {
                    return Vec::new();
                };
                return super::confirm::run(state, action);
            }
            state.status.last_action = Some((
                format!("type the name \"{shown}\" exactly to confirm"),
                Outcome::Refused,
            ));
        }
        Some(Input::Command(Command::Back)) => {
            let text = format!("{}: cancelled", action.describe());
            state.mode = Mode::Normal;
            state.status.last_action = Some((text, Outcome::Info));
        }
        Some(Input::Command(Command::DeleteBack)) => {
            typed.pop();
        }
        Some(Input::Command(Command::DeleteWord)) => drop_last_word(typed),
        Some(Input::Command(Command::ClearLine)) => typed.clear(),
        Some(Input::Command(Command::Quit)) => state.quit = true,
        Some(Input::Command(Command::Cli)) => {
            return crate::app::cli_equivalent::show_pending(state);
        }
        _ => {}
    }
    Vec::new()
}
