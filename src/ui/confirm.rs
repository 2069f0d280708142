//! The confirmation dialog: names the action, the resource and its zone; red
//! for destructive actions; the default answer is No.

use ratatui::{
    Frame,
    layout::{Alignment, Rect},
    style::{Modifier, Style},
    text::Line,
    widgets::{Block, Clear, Paragraph, Wrap},
};

use super::safe;

use super::layout::centered;
use crate::app::{PendingAction, State};
use crate::keymap::{Command, Context};

pub fn render(frame: &mut Frame, area: Rect, state: &State, action: &PendingAction) {
    let theme = &state.theme;
    let color = if action.verb.is_destructive() {
        theme.destructive
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
        .title(safe::styled(
            title,
            Style::new().fg(color).add_modifier(Modifier::BOLD),
        ));
    let km = &state.keymap;
    let mut question = format!("{}?", action.describe());
    if !action.id.is_empty() {
        question.push_str(&format!("\nid {}", action.id));
    }
    // What a volume delete destroys: its size says how much.
    if action.verb == crate::app::Verb::Delete
        && let Some(v) = state.inventory.volumes.get(&action.id)
    {
        question.push_str(&format!(
            "\n{} of data, deleted with it",
            crate::app::rows::gb(v.size)
        ));
    }
    let mut lines: Vec<Line> = question.lines().map(safe::line).collect();
    lines.push(safe::line(""));
    lines.push(Line::from(vec![
        safe::styled(
            format!("[{}] yes", km.keys_for(Context::Confirm, Command::Yes)),
            Style::new().fg(color),
        ),
        safe::raw("     "),
        safe::styled(
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

/// The terminate dialog: says what happens to each volume and runs only when
/// the server's name is typed exactly.
pub fn render_typed(
    frame: &mut Frame,
    area: Rect,
    state: &State,
    action: &PendingAction,
    typed: &str,
) {
    let theme = &state.theme;
    let color = theme.destructive;
    let consequences = crate::app::details::terminate_consequences(state, &action.id);
    let height = (consequences.len() as u16 + 9).min(area.height);
    let popup = centered(area, 70, height);
    frame.render_widget(Clear, popup);
    let block = Block::bordered()
        .border_style(Style::new().fg(color))
        .title(safe::styled(
            " Confirm (destructive, cannot be undone) ",
            Style::new().fg(color).add_modifier(Modifier::BOLD),
        ));
    let mut lines = vec![safe::line(format!("{}?", action.describe()))];
    lines.push(safe::line(
        "The server is stopped and deleted. Its volumes:",
    ));
    for c in consequences {
        lines.push(safe::line_styled(
            format!("  • {c}"),
            Style::new().fg(color),
        ));
    }
    lines.push(safe::line(""));
    lines.push(safe::line(format!(
        "Type the server's name ({}) and press Enter; Esc cancels:",
        crate::text::sanitize(&action.name)
    )));
    let matches = typed == action.name;
    lines.push(safe::line_styled(
        format!("> {}▏", crate::text::sanitize(typed)),
        if matches {
            Style::new().fg(color).add_modifier(Modifier::BOLD)
        } else {
            theme.selected()
        },
    ));
    frame.render_widget(
        Paragraph::new(lines)
            .block(block)
            .wrap(Wrap { trim: false }),
        popup,
    );
}
