//! The zone picker (`z`): the nine zones and "all", failing ones marked.

use ratatui::{
    Frame,
    layout::Rect,
    style::Style,
    text::{Line, Span},
    widgets::{Block, Clear, List, ListItem, ListState},
};

use super::layout::centered;
use crate::api::locality::ZoneScope;
use crate::app::{Locality, State, zone_choices};

pub fn render(frame: &mut Frame, area: Rect, state: &State, cursor: usize) {
    let theme = &state.theme;
    let items: Vec<ListItem> = zone_choices()
        .map(|scope| {
            let failing = match scope {
                ZoneScope::One(z) => state
                    .locality_errors
                    .get(&Locality::Zone(z))
                    .or_else(|| state.locality_errors.get(&Locality::Region(z.region()))),
                ZoneScope::All => None,
            };
            let current = if scope == state.zone {
                " (current)"
            } else {
                ""
            };
            let mut spans = vec![Span::raw(format!(" {scope}{current}"))];
            if let Some(err) = failing {
                spans.push(Span::styled(
                    format!("  ! {err}"),
                    Style::new().fg(theme.error),
                ));
            }
            ListItem::new(Line::from(spans))
        })
        .collect();
    let popup = centered(area, 44, items.len() as u16 + 2);
    frame.render_widget(Clear, popup);
    let block = Block::bordered()
        .border_style(Style::new().fg(theme.accent))
        .title(Span::styled(" Zone ", theme.header()))
        .title_bottom(Line::styled(" Enter choose · Esc close ", theme.muted()));
    let list = List::new(items)
        .block(block)
        .highlight_style(theme.selected())
        .highlight_symbol(">");
    let mut ls = ListState::default().with_selected(Some(cursor));
    frame.render_stateful_widget(list, popup, &mut ls);
}
