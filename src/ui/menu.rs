//! A menu popup: a titled list of styled entries, chosen with Enter and
//! closed with Esc (the power menu, the delete/detach menu, the zone picker).

use ratatui::{
    Frame,
    layout::Rect,
    style::Style,
    text::Line,
    widgets::{Block, Clear, List, ListItem, ListState},
};

use super::safe;

use super::layout::centered;
use crate::theme::Theme;

/// Draws the menu `width` columns wide, centred in `area`, with `cursor` on
/// one of `entries` (each a line already styled by its meaning).
pub fn render(
    frame: &mut Frame,
    area: Rect,
    theme: &Theme,
    width: u16,
    title: String,
    entries: Vec<Line<'_>>,
    cursor: usize,
) {
    let popup = centered(area, width, entries.len() as u16 + 2);
    frame.render_widget(Clear, popup);
    let block = Block::bordered()
        .border_style(Style::new().fg(theme.accent))
        .title(safe::styled(title, theme.header()))
        .title_bottom(safe::line_styled(
            " Enter choose · Esc close ",
            theme.muted(),
        ));
    let items: Vec<ListItem> = entries.into_iter().map(ListItem::new).collect();
    let list = List::new(items)
        .block(block)
        .highlight_style(theme.selected())
        .highlight_symbol(">");
    let mut ls = ListState::default().with_selected(Some(cursor));
    frame.render_stateful_widget(list, popup, &mut ls);
}
