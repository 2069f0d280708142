//! The `scw` equivalent of a request (`:cli`, or the `cli` key in a dialog):
//! what it is about, the command (wrapped, scrollable), and that it was
//! copied.

use ratatui::{
    Frame,
    layout::Rect,
    style::{Modifier, Style},
    text::Line,
    widgets::{Block, Clear, Paragraph, Wrap},
};

use super::layout::centered;
use super::safe;

use crate::app::State;
use crate::app::cli_equivalent::CliView;
use crate::keymap::{Command, Context};

pub fn render(frame: &mut Frame, area: Rect, state: &State, view: &CliView) {
    let theme = &state.theme;
    let width = area.width.saturating_sub(4).min(100);
    // The command wrapped at the inner width, plus the lines around it.
    let inner_w = usize::from(width.saturating_sub(4)).max(1);
    let rows = |text: &str| text.chars().count().div_ceil(inner_w).max(1);
    // Title, blank, the command(s), blank, note.
    let command_rows: usize = view.command.lines().map(rows).sum();
    let total = rows(&view.title) + 1 + command_rows + 2;
    let height = u16::try_from(total + 2)
        .unwrap_or(u16::MAX)
        .min(area.height.saturating_sub(2));
    let popup = centered(area, width, height);
    frame.render_widget(Clear, popup);
    let km = &state.keymap;
    let block = Block::bordered()
        .border_style(Style::new().fg(theme.accent))
        .title(safe::styled(" scw command ", theme.header()))
        .title_bottom(safe::line_styled(
            format!(
                " {} scroll · {} closes ",
                km.keys_for(Context::Json, Command::Down),
                km.keys_for(Context::Json, Command::Back)
            ),
            theme.muted(),
        ));
    let command = Style::new().fg(theme.accent).add_modifier(Modifier::BOLD);
    let mut lines: Vec<Line> = vec![
        safe::line_styled(&view.title, theme.muted()),
        safe::line(""),
    ];
    // A bulk confirmation's: one command a line.
    lines.extend(view.command.lines().map(|l| safe::line_styled(l, command)));
    lines.push(safe::line(""));
    lines.push(safe::line_styled(
        "copied to the clipboard (OSC 52; the terminal must allow it)",
        theme.muted(),
    ));
    let inner_h = usize::from(height.saturating_sub(2));
    let max = u16::try_from(total.saturating_sub(inner_h)).unwrap_or(u16::MAX);
    frame.render_widget(
        Paragraph::new(lines)
            .block(block.padding(ratatui::widgets::Padding::horizontal(1)))
            .wrap(Wrap { trim: false })
            .scroll((view.scroll.min(max), 0)),
        popup,
    );
}
