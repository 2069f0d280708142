//! The report of a finished bulk action: how many were done, each failure
//! with the API's message, what a cancel left unsent.

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
use crate::app::bulk::Report;
use crate::keymap::{Command, Context};

pub fn render(frame: &mut Frame, area: Rect, state: &State, report: &Report) {
    let theme = &state.theme;
    let color = if report.failed.is_empty() {
        theme.accent
    } else {
        theme.error
    };
    let mut lines: Vec<Line> = vec![safe::line_styled(
        format!("{}: {}", report.title, report.summary()),
        Style::new().add_modifier(Modifier::BOLD),
    )];
    if !report.failed.is_empty() {
        lines.push(safe::line(""));
        lines.push(safe::line_styled(
            "Failed (still marked, to try again):",
            theme.error_text(),
        ));
        for f in &report.failed {
            let at = f.locality.map(|l| format!(" ({l})")).unwrap_or_default();
            lines.push(Line::from(vec![
                safe::styled(
                    format!("  ✗ {}{at}: ", f.name),
                    theme.error_text().add_modifier(Modifier::BOLD),
                ),
                safe::raw(&f.message),
            ]));
        }
    }
    if report.cancelled {
        lines.push(safe::line(""));
        lines.push(safe::line(format!(
            "Cancelled: {} not sent; the ones in flight were waited for.",
            report.not_sent
        )));
    }
    let km = &state.keymap;
    let width = area.width.saturating_sub(4).min(96);
    let height = (lines.len() as u16 + 2).min(area.height);
    let popup = centered(area, width, height);
    frame.render_widget(Clear, popup);
    let block = Block::bordered()
        .border_style(Style::new().fg(color))
        .title(safe::styled(
            " Bulk action report ",
            Style::new().fg(color).add_modifier(Modifier::BOLD),
        ))
        .title_bottom(safe::line_styled(
            format!(
                " {} close · {}/{} scroll ",
                km.keys_for(Context::Menu, Command::Back),
                km.keys_for(Context::Menu, Command::Down),
                km.keys_for(Context::Menu, Command::Up)
            ),
            theme.muted(),
        ));
    frame.render_widget(
        Paragraph::new(lines)
            .block(block)
            .wrap(Wrap { trim: false })
            .scroll((report.scroll, 0)),
        popup,
    );
}
