//! The details full screen (`f`): scroll keys, and back to the table.

use crate::app::{Effect, Mode, State, details_view};
use crate::keymap::Command;

pub fn command(state: &mut State, command: Option<Command>) -> Vec<Effect> {
    let page = details_view::visible(state) as isize;
    match command {
        Some(Command::Up) => details_view::scroll_by(state, -1),
        Some(Command::Down) => details_view::scroll_by(state, 1),
        Some(Command::PageUp) => details_view::scroll_by(state, -page),
        Some(Command::PageDown) => details_view::scroll_by(state, page),
        Some(Command::Top) => details_view::scroll_by(state, isize::MIN),
        Some(Command::Bottom) => details_view::scroll_by(state, isize::MAX),
        Some(Command::DetailsFull) | Some(Command::Back) => state.mode = Mode::Normal,
        Some(Command::Quit) => state.quit = true,
        _ => {}
    }
    Vec::new()
}
