//! The command line (`:`) on the status line, and the completion list Tab
//! opened above it: each candidate with what it is, the one in the line
//! highlighted.

use ratatui::{
    Frame,
    layout::Rect,
    style::{Modifier, Style},
    text::Line,
    widgets::{Block, Clear, Paragraph},
};

use super::safe;

use crate::app::State;
use crate::app::command_line::CommandLine;
use crate::keymap::{Command, Context};

/// Candidates shown at once; more scroll with the selection.
const LIST_ROWS: usize = 8;

/// Draws the line in `status` (the status line's area) and the list above
/// it, within `area` (the whole screen).
pub fn render(frame: &mut Frame, area: Rect, status: Rect, state: &State, line: &CommandLine) {
    let theme = &state.theme;
    let before: String = line.text.chars().take(line.cursor).collect();
    let after: String = line.text.chars().skip(line.cursor).collect();
    let mut spans = vec![
        safe::styled(
            format!(" :{before}▏{after}"),
            Style::new().fg(theme.accent).add_modifier(Modifier::BOLD),
        ),
        safe::raw("  "),
    ];
    match &line.error {
        Some(error) => spans.push(safe::styled(error, theme.error_text())),
        None => {
            let km = &state.keymap;
            let keys = |c| km.keys_for(Context::CommandLine, c);
            spans.push(safe::styled(
                format!(
                    "{} completes · {}/{} history · {} runs · {} closes",
                    keys(Command::Complete),
                    keys(Command::Up),
                    keys(Command::Down),
                    keys(Command::Accept),
                    keys(Command::Back),
                ),
                theme.muted(),
            ));
        }
    }
    frame.render_widget(Clear, status);
    frame.render_widget(Paragraph::new(Line::from(spans)), status);

    let Some(completing) = &line.completion else {
        return;
    };
    let shown = completing.candidates.len().min(LIST_ROWS);
    let height = u16::try_from(shown + 2).unwrap_or(u16::MAX);
    if shown == 0 || status.y < area.y + height {
        return;
    }
    let text_w = completing
        .candidates
        .iter()
        .map(|c| c.text.chars().count())
        .max()
        .unwrap_or(0);
    let help_w = completing
        .candidates
        .iter()
        .map(|c| c.help.chars().count())
        .max()
        .unwrap_or(0);
    let width = u16::try_from(text_w + help_w + 5)
        .unwrap_or(u16::MAX)
        .max(24)
        .min(area.width);
    // Under the word being completed (after " :"), kept on screen.
    let word_x = u16::try_from(completing.start + 2).unwrap_or(0);
    let x = (status.x + word_x).min(area.x + area.width.saturating_sub(width));
    let popup = Rect {
        x,
        y: status.y - height,
        width,
        height,
    };
    let selected = completing.selected.unwrap_or(0);
    let first = (selected + 1).saturating_sub(shown);
    let lines: Vec<Line> = completing
        .candidates
        .iter()
        .enumerate()
        .skip(first)
        .take(shown)
        .map(|(i, c)| {
            let style = if Some(i) == completing.selected {
                theme.selected()
            } else {
                Style::new()
            };
            Line::from(vec![
                safe::styled(
                    format!("{:<text_w$}", c.text),
                    style.add_modifier(Modifier::BOLD),
                ),
                safe::styled("  ", style),
                safe::styled(&c.help, style.patch(theme.muted())),
            ])
        })
        .collect();
    let n = completing.candidates.len();
    let title = match completing.selected {
        Some(i) => format!(" {}/{n} ", i + 1),
        None => format!(" {n} candidates "),
    };
    let block = Block::bordered()
        .border_style(Style::new().fg(theme.accent))
        .title(safe::styled(title, theme.muted()));
    frame.render_widget(Clear, popup);
    frame.render_widget(Paragraph::new(lines).block(block), popup);
}
