//! The confirmation dialog: names the action, the resource and its zone; red
//! for destructive actions; the default answer is No.

use ratatui::{
    Frame,
    layout::{Alignment, Rect},
    style::{Modifier, Style},
    text::{Line, Span},
    widgets::{Block, Clear, Paragraph, Wrap},
};

use super::layout::centered;
use crate::app::{PendingAction, State};
use crate::keymap::{Command, Context};

pub fn render(frame: &mut Frame, area: Rect, state: &State, action: &PendingAction) {
    let theme = &state.theme;
    let color = if action.verb.is_destructive() {
        theme.error
    } else {
        theme.accent
    };
    let popup = centered(area, 64, 8);
    frame.render_widget(Clear, popup);
    let title = if action.verb.is_destructive() {
        " Confirm (destructive) "
    } else {
        " Confirm "
    };
    let block = Block::bordered()
        .border_style(Style::new().fg(color))
        .title(Span::styled(
            title,
            Style::new().fg(color).add_modifier(Modifier::BOLD),
        ));
    let km = &state.keymap;
    let mut question = format!("{}?", action.describe());
    if !action.id.is_empty() {
        question.push_str(&format!("\nid {}", action.id));
    }
    let mut lines: Vec<Line> = question.lines().map(|l| Line::raw(l.to_string())).collect();
    lines.push(Line::raw(""));
    lines.push(Line::from(vec![
        Span::styled(
            format!("[{}] yes", km.keys_for(Context::Confirm, Command::Yes)),
            Style::new().fg(color),
        ),
        Span::raw("     "),
        Span::styled(
            format!(
                "[{}] NO (default)",
                km.keys_for(Context::Confirm, Command::No)
            ),
            theme.selected(),
        ),
    ]));
    frame.render_widget(
        Paragraph::new(lines)
            .block(block)
            .alignment(Alignment::Center)
            .wrap(Wrap { trim: true }),
        popup,
    );
}
