//! The raw JSON of the selected API object, scrollable.

use ratatui::{
    Frame,
    layout::Rect,
    style::Style,
    widgets::{Block, Paragraph},
};

use super::safe;

use crate::app::State;

pub fn render(frame: &mut Frame, area: Rect, state: &State, title: &str, text: &str, scroll: u16) {
    let theme = &state.theme;
    let block = Block::bordered()
        .border_style(Style::new().fg(theme.accent))
        .title(safe::styled(
            format!(" {title} (raw JSON) "),
            theme.header(),
        ))
        .title_bottom(safe::line_styled(
            " j/k PgUp/PgDn scroll · Esc closes ",
            theme.muted(),
        ));
    let inner_h = area.height.saturating_sub(2);
    let total = text.lines().count();
    let max = u16::try_from(total.saturating_sub(usize::from(inner_h))).unwrap_or(u16::MAX);
    let body = if text.is_empty() { "loading…" } else { text };
    // serde_json leaves bidi and zero-width characters (and DEL, C1) raw.
    frame.render_widget(
        Paragraph::new(safe::text(body))
            .block(block)
            .scroll((scroll.min(max), 0)),
        area,
    );
}
