//! The delete/detach menu of one resource; refused entries are greyed and
//! say why when chosen.

use ratatui::{
    Frame,
    layout::Rect,
    style::Style,
    text::{Line, Span},
    widgets::{Block, Clear, List, ListItem, ListState},
};

use super::layout::centered;
use crate::app::{ChoiceMenu, State};

pub fn render(frame: &mut Frame, area: Rect, state: &State, menu: &ChoiceMenu) {
    let theme = &state.theme;
    let width = menu
        .items
        .iter()
        .map(|i| i.label.chars().count() + 4)
        .chain([menu.title.chars().count() + 4, 30])
        .max()
        .unwrap_or(30)
        .min(area.width as usize) as u16;
    let popup = centered(area, width, menu.items.len() as u16 + 2);
    frame.render_widget(Clear, popup);
    let block = Block::bordered()
        .border_style(Style::new().fg(theme.accent))
        .title(Span::styled(format!(" {} ", menu.title), theme.header()))
        .title_bottom(Line::styled(" Enter choose · Esc close ", theme.muted()));
    let items: Vec<ListItem> = menu
        .items
        .iter()
        .map(|i| {
            let style = if i.action.is_ok() {
                Style::new().fg(theme.error)
            } else {
                theme.muted()
            };
            ListItem::new(Line::styled(format!(" {}", i.label), style))
        })
        .collect();
    let list = List::new(items)
        .block(block)
        .highlight_style(theme.selected())
        .highlight_symbol(">");
    let mut ls = ListState::default().with_selected(Some(menu.cursor));
    frame.render_stateful_widget(list, popup, &mut ls);
}
