//! The detail pane: `(label, value)` lines for the selected row, joined
//! across APIs by `app::details`.

use ratatui::{
    Frame,
    layout::Rect,
    text::Line,
    widgets::{Block, Borders, Paragraph},
};

use super::safe;

use crate::app::State;

pub fn render(frame: &mut Frame, area: Rect, state: &State) {
    if area.height == 0 {
        return;
    }
    let theme = &state.theme;
    let row = state.current().selected();
    let title = match row {
        Some(r) => format!(
            " {} {} ",
            state.tab.noun(),
            crate::text::sanitize(&r.name())
        ),
        None => " details ".to_string(),
    };
    let block = Block::new()
        .borders(Borders::TOP)
        .border_style(theme.muted())
        .title(safe::styled(title, theme.header()));
    let lines: Vec<Line> = match row {
        Some(r) => {
            let mut details = vec![("id".to_string(), r.id().to_string())];
            // Joined across APIs from the inventory; test rows bring their own.
            details.extend(
                crate::app::details::lines(state, state.tab, r.id()).unwrap_or_else(|| r.details()),
            );
            let label_w = details
                .iter()
                .map(|(l, _)| l.chars().count())
                .max()
                .unwrap_or(0);
            details
                .into_iter()
                .map(|(label, value)| {
                    Line::from(vec![
                        safe::styled(format!(" {label:<label_w$}  "), theme.muted()),
                        safe::raw(value),
                    ])
                })
                .collect()
        }
        None => vec![safe::line_styled(" nothing selected", theme.muted())],
    };
    frame.render_widget(Paragraph::new(lines).block(block), area);
}
