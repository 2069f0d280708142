//! The power menu: the actions the API allows on this server right now, or
//! on the marked servers (each with how many of them allow it).

use ratatui::{Frame, layout::Rect, style::Style, text::Line};

use super::safe;

use crate::app::bulk::BulkMenu;
use crate::app::mouse::Hits;
use crate::app::{PowerMenu, State, power_label};

pub fn render(frame: &mut Frame, area: Rect, state: &State, menu: &PowerMenu, hits: &mut Hits) {
    let mut title = format!(" Power: {} ", menu.name);
    if let Some(l) = menu.locality {
        title.push_str(&format!("({l}) "));
    }
    let entries = menu
        .actions
        .iter()
        .map(|a| entry(state, a, power_label(a).to_string()))
        .collect();
    show(frame, area, state, title, entries, menu.cursor, hits);
}

/// The power menu of the marked servers.
pub fn render_bulk(frame: &mut Frame, area: Rect, state: &State, menu: &BulkMenu, hits: &mut Hits) {
    let title = format!(" Power: {} marked servers ", menu.marked);
    let entries = menu
        .entries
        .iter()
        .map(|(action, n)| {
            let text = format!("{} ({n} of {})", power_label(action), menu.marked);
            entry(state, action, text)
        })
        .collect();
    show(frame, area, state, title, entries, menu.cursor, hits);
}

fn show(
    frame: &mut Frame,
    area: Rect,
    state: &State,
    title: String,
    entries: Vec<Line<'static>>,
    cursor: usize,
    hits: &mut Hits,
) {
    let view = super::menu::MenuView {
        title,
        width: 40,
        entries,
        cursor,
    };
    super::menu::render(frame, area, &state.theme, view, hits);
}

/// A power action as a menu line: `text` in green for power on, in the
/// error style for the destructive ones.
pub(super) fn entry(state: &State, action: &str, text: String) -> Line<'static> {
    let style = if action == "poweron" {
        Style::new().fg(state.theme.running)
    } else {
        state.theme.error_text()
    };
    safe::line_styled(format!(" {text}"), style)
}
