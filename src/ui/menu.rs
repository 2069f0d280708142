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
use crate::app::mouse::{Hits, Target};
use crate::theme::Theme;

/// A menu to draw: `width` columns wide, with `cursor` on one of `entries`
/// (each a line already styled by its meaning).
pub struct MenuView<'a> {
    pub title: String,
    pub width: u16,
    pub entries: Vec<Line<'a>>,
    pub cursor: usize,
}

/// Draws `menu` centred in `area` and records where each entry is.
pub fn render(frame: &mut Frame, area: Rect, theme: &Theme, menu: MenuView<'_>, hits: &mut Hits) {
    let MenuView {
        title,
        width,
        entries,
        cursor,
    } = menu;
    let count = entries.len();
    let popup = centered(area, width, count as u16 + 2);
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
    let inner = block_inner(popup);
    frame.render_stateful_widget(list, popup, &mut ls);
    // The entries as drawn (the list scrolls when the screen is short).
    for row in 0..inner.height {
        let entry = ls.offset() + usize::from(row);
        if entry < count {
            hits.record(
                Rect::new(inner.x, inner.y + row, inner.width, 1),
                Target::MenuEntry(entry),
            );
        }
    }
}

/// The inside of a bordered popup.
fn block_inner(popup: Rect) -> Rect {
    Block::bordered().inner(popup)
}
