//! The power menu: the actions the API allows on this server right now.

use ratatui::{
    Frame,
    layout::Rect,
    style::Style,
    text::{Line, Span},
    widgets::{Block, Clear, List, ListItem, ListState},
};

use super::layout::centered;
use crate::app::{PowerMenu, State, power_label};

pub fn render(frame: &mut Frame, area: Rect, state: &State, menu: &PowerMenu) {
    let theme = &state.theme;
    let height = menu.actions.len() as u16 + 2;
    let popup = centered(area, 40, height);
    frame.render_widget(Clear, popup);
    let mut title = format!(" Power: {} ", menu.name);
    if let Some(l) = menu.locality {
        title.push_str(&format!("({l}) "));
    }
    let block = Block::bordered()
        .border_style(Style::new().fg(theme.accent))
        .title(Span::styled(title, theme.header()))
        .title_bottom(Line::styled(" Enter choose · Esc close ", theme.muted()));
    let items: Vec<ListItem> = menu
        .actions
        .iter()
        .map(|a| {
            let destructive = a != "poweron";
            let style = if destructive {
                Style::new().fg(theme.error)
            } else {
                Style::new().fg(theme.running)
            };
            ListItem::new(Line::styled(format!(" {}", power_label(a)), style))
        })
        .collect();
    let list = List::new(items)
        .block(block)
        .highlight_style(theme.selected())
        .highlight_symbol(">");
    let mut ls = ListState::default().with_selected(Some(menu.cursor));
    frame.render_stateful_widget(list, popup, &mut ls);
}
