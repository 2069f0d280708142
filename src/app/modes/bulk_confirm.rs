//! The one confirmation of a bulk action: `y` runs it (the answer defaults
//! to No); when it terminates or deletes more than one resource, the count
//! must be typed instead, then Enter. The list of resources scrolls.

use crate::app::form::drop_last_word;
use crate::app::{Effect, Mode, Outcome, State, bulk};
use crate::keymap::{Command, Input};

/// The confirmation without a typed count (the confirm key map).
pub fn command(state: &mut State, command: Option<Command>) -> Vec<Effect> {
    match command {
        Some(Command::Yes) => {
            let Mode::BulkConfirm(confirming) = &state.mode else {
                return Vec::new();
            };
            if confirming.typed.is_some() {
                return Vec::new();
            }
            run(state)
        }
        Some(Command::No) | Some(Command::Back) => {
            cancel(state);
            Vec::new()
        }
        Some(Command::Up) => {
            scroll(state, -1);
            Vec::new()
        }
        Some(Command::Down) => {
            scroll(state, 1);
            Vec::new()
        }
        Some(Command::Quit) => {
            state.quit = true;
            Vec::new()
        }
        Some(Command::Cli) => crate::app::cli_equivalent::show_pending(state),
        // Any other key leaves the question open: only an explicit answer counts.
        _ => Vec::new(),
    }
}

/// The confirmation by typed count (text input: digits, Enter, Esc).
pub fn input(state: &mut State, input: Option<Input>) -> Vec<Effect> {
    let Mode::BulkConfirm(confirming) = &mut state.mode else {
        return Vec::new();
    };
    let want = confirming.plan.targets.len().to_string();
    let Some(typed) = &mut confirming.typed else {
        return Vec::new();
    };
    match input {
        Some(Input::Char(c)) if c.is_ascii_digit() && typed.len() < 9 => typed.push(c),
        Some(Input::Command(Command::Accept)) => {
            if *typed == want {
                return run(state);
            }
            state.status.last_action = Some((
                format!("type {want} (how many) and Enter to confirm, Esc cancels"),
                Outcome::Refused,
            ));
        }
        Some(Input::Command(Command::Back)) => cancel(state),
        Some(Input::Command(Command::DeleteBack)) => {
            typed.pop();
        }
        Some(Input::Command(Command::DeleteWord)) => drop_last_word(typed),
        Some(Input::Command(Command::ClearLine)) => typed.clear(),
        Some(Input::Command(Command::Up)) => scroll(state, -1),
        Some(Input::Command(Command::Down)) => scroll(state, 1),
        Some(Input::Command(Command::Quit)) => state.quit = true,
        Some(Input::Command(Command::Cli)) => {
            return crate::app::cli_equivalent::show_pending(state);
        }
        _ => {}
    }
    Vec::new()
}

fn run(state: &mut State) -> Vec<Effect> {
    let Mode::BulkConfirm(confirming) = std::mem::take(&mut state.mode) else {
        return Vec::new();
    };
    bulk::start(state, confirming.plan)
}

fn cancel(state: &mut State) {
    if let Mode::BulkConfirm(confirming) = std::mem::take(&mut state.mode) {
        state.status.last_action = Some((
            format!("{}: cancelled, nothing sent", confirming.plan.title()),
            Outcome::Info,
        ));
    }
}

/// Scrolls the list by `by` lines, within its length.
fn scroll(state: &mut State, by: i32) {
    if let Mode::BulkConfirm(c) = &mut state.mode {
        let max = u16::try_from(c.list_len()).unwrap_or(u16::MAX);
        c.scroll = c.scroll.saturating_add_signed(by as i16).min(max);
    }
}
