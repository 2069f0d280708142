//! Confirmation by typing the resource's name (terminate): Enter runs the
//! action only when the typed text is exactly the name.

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
            if *typed == action.name {
                let Mode::TypeToConfirm { action, .. } = std::mem::take(&mut state.mode) else {
                    return Vec::new();
                };
                return super::confirm::run(state, action);
            }
            state.status.last_action = Some((
                format!("type the name \"{}\" exactly to confirm", action.name),
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
        _ => {}
    }
    Vec::new()
}
