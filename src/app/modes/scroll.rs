//! The scrolling overlays: the help and the raw JSON view.

use crate::app::{Effect, Mode, State};
use crate::keymap::Command;

pub fn command(state: &mut State, command: Option<Command>) -> Vec<Effect> {
    let page = state.viewport.height.saturating_sub(4).max(1);
    let scroll = match &mut state.mode {
        Mode::RawJson { scroll, .. } | Mode::Help { scroll } => scroll,
        _ => return Vec::new(),
    };
    match command {
        Some(Command::Up) => *scroll = scroll.saturating_sub(1),
        Some(Command::Down) => *scroll = scroll.saturating_add(1),
        Some(Command::PageUp) => *scroll = scroll.saturating_sub(page),
        Some(Command::PageDown) => *scroll = scroll.saturating_add(page),
        Some(Command::Top) => *scroll = 0,
        // The renderer clamps to the last line.
        Some(Command::Bottom) => *scroll = u16::MAX,
        Some(Command::Back) | Some(Command::Help) => state.mode = Mode::Normal,
        Some(Command::Quit) => state.quit = true,
        _ => {}
    }
    Vec::new()
}
