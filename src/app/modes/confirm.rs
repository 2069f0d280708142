//! The yes/no confirmation of a destructive action (the answer defaults to
//! No), and running a decided action.

use crate::app::{Effect, Mode, Outcome, PendingAction, State, pending};
use crate::keymap::Command;

pub fn command(state: &mut State, command: Option<Command>) -> Vec<Effect> {
    match command {
        Some(Command::Yes) => {
            let Mode::Confirm(action) = std::mem::take(&mut state.mode) else {
                return Vec::new();
            };
            run(state, action)
        }
        Some(Command::No) | Some(Command::Back) => {
            if let Mode::Confirm(action) = std::mem::take(&mut state.mode) {
                state.status.last_action = Some((action.describe(), Outcome::Info));
                if let Some((text, _)) = &mut state.status.last_action {
                    text.push_str(": cancelled");
                }
            }
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

/// Destructive actions go through the confirm dialog; the others run now.
pub fn ask_or_run(state: &mut State, action: PendingAction) -> Vec<Effect> {
    if action.verb.is_destructive() {
        state.mode = Mode::Confirm(action);
        Vec::new()
    } else {
        run(state, action)
    }
}

/// Says so and returns `true` when the same action is already pending on
/// the resource (`p Enter p Enter` must not send it twice).
pub fn refuse_duplicate(state: &mut State, action: &PendingAction) -> bool {
    match pending::duplicate(state, &action.id, &action.verb, &action.describe()) {
        Some(why) => {
            state.mode = Mode::Normal;
            state.status.last_action = Some((why, Outcome::Refused));
            true
        }
        None => false,
    }
}

/// Sends `action`: its row shows the request at once. The same action
/// still pending on the resource is refused instead.
pub fn run(state: &mut State, action: PendingAction) -> Vec<Effect> {
    if refuse_duplicate(state, &action) {
        return Vec::new();
    }
    state.status.last_error = None;
    pending::start(state, pending::action_marks(&action));
    state.status.last_action = Some((action.describe(), Outcome::Pending));
    vec![Effect::Run(action)]
}
