//! The report of a finished bulk action: scrolls, and closes with Enter or
//! Esc.

use crate::app::{Effect, Mode, State};
use crate::keymap::Command;

pub fn command(state: &mut State, command: Option<Command>) -> Vec<Effect> {
    let Mode::BulkReport(report) = &mut state.mode else {
        return Vec::new();
    };
    let max = u16::try_from(report.failed.len()).unwrap_or(u16::MAX);
    match command {
        Some(Command::Up) => report.scroll = report.scroll.saturating_sub(1),
        Some(Command::Down) => report.scroll = (report.scroll + 1).min(max),
        Some(Command::Top) => report.scroll = 0,
        Some(Command::Bottom) => report.scroll = max,
        Some(Command::Accept) | Some(Command::Back) => state.mode = Mode::Normal,
        Some(Command::Quit) => state.quit = true,
        _ => {}
    }
    Vec::new()
}
