//! The help overlay, generated from the live key map (remapped keys show as
//! remapped), flowed into as many columns as fit and scrollable.

use ratatui::{
    Frame,
    layout::{Constraint, Layout, Rect},
    style::{Modifier, Style},
    text::Line,
    widgets::{Block, Clear, Paragraph},
};

use super::safe;

use super::layout::centered;
use crate::app::State;

/// Room for the longest description after the keys.
const DESCRIPTION_WIDTH: u16 = 34;

pub fn render(frame: &mut Frame, area: Rect, state: &State, scroll: u16) {
    let theme = &state.theme;
    let popup = centered(
        area,
        area.width.saturating_sub(4).min(130),
        area.height.saturating_sub(2),
    );
    // The whole band behind the popup, edge to edge: table text left
    // showing beside it reads as part of the help.
    frame.render_widget(Clear, Rect::new(area.x, popup.y, area.width, popup.height));
    let block = Block::bordered()
        .border_style(Style::new().fg(theme.accent))
        .title(safe::styled(" Keys (from your key map) ", theme.header()))
        .title_bottom(safe::line_styled(
            match &state.log_path {
                Some(path) => format!(" j/k scroll · Esc closes · log: {path} "),
                None => " j/k scroll · Esc closes ".to_string(),
            },
            theme.muted(),
        ));
    let inner = block.inner(popup);
    frame.render_widget(block, popup);

    // Key sections, then the command line's commands (and the aliases).
    let mut sections: Vec<(String, Vec<(String, String)>)> = state
        .keymap
        .help()
        .into_iter()
        .map(|s| {
            let lines = s
                .lines
                .into_iter()
                .map(|l| (l.keys, l.description.to_string()))
                .collect();
            (s.title.to_string(), lines)
        })
        .collect();
    sections.push(("Commands (: then Enter)".to_string(), command_lines(state)));
    let keys_width = sections
        .iter()
        .flat_map(|(_, lines)| lines.iter().map(|(keys, _)| keys.chars().count()))
        .max()
        .unwrap_or(0)
        .min(22)
        + 2;
    let column_width = keys_width as u16 + 1 + DESCRIPTION_WIDTH;
    let mut lines: Vec<Line> = Vec::new();
    for (title, section) in sections {
        if !lines.is_empty() {
            lines.push(safe::line(""));
        }
        lines.push(safe::line_styled(
            title,
            Style::new().fg(theme.accent).add_modifier(Modifier::BOLD),
        ));
        for (keys, description) in section {
            lines.push(Line::from(vec![
                safe::styled(
                    format!(" {keys:<keys_width$}"),
                    Style::new().add_modifier(Modifier::BOLD),
                ),
                safe::raw(description),
            ]));
        }
    }
    // What `/` accepts besides plain text.
    lines.push(safe::line(""));
    lines.push(safe::line_styled(
        "Filter terms (/)",
        Style::new().fg(theme.accent).add_modifier(Modifier::BOLD),
    ));
    for (example, meaning) in crate::app::filter_query::SYNTAX {
        lines.push(Line::from(vec![
            safe::styled(
                format!(" {example:<keys_width$}"),
                Style::new().add_modifier(Modifier::BOLD),
            ),
            safe::raw(meaning),
        ]));
    }
    let ncols = (inner.width / column_width).max(1);
    let height = usize::from(inner.height.max(1));
    // Scroll whole screens of columns: every column moves by `scroll` lines.
    let per_screen = height * usize::from(ncols);
    let max_scroll = lines.len().saturating_sub(per_screen);
    let start = usize::from(scroll).min(max_scroll);
    let cols =
        Layout::horizontal(vec![Constraint::Length(column_width); usize::from(ncols)]).split(inner);
    for (n, col) in cols.iter().enumerate() {
        let from = start + n * height;
        let lines: Vec<Line> = lines.iter().skip(from).take(height).cloned().collect();
        frame.render_widget(Paragraph::new(lines), *col);
    }
}

/// The commands of the command line's table, and the `[aliases]`, as help
/// lines: `:zone :z ZONE|all`, what it does.
fn command_lines(state: &State) -> Vec<(String, String)> {
    let commands = crate::commands::all().into_iter().map(|spec| {
        let mut keys: Vec<String> = spec.names().map(|n| format!(":{n}")).collect();
        if !spec.usage.is_empty() {
            keys.push(spec.usage.to_string());
        }
        (keys.join(" "), spec.help.to_string())
    });
    let aliases = state
        .aliases
        .0
        .iter()
        .map(|(name, line)| (format!(":{name}"), format!(":{line}")));
    commands.chain(aliases).collect()
}
