//! The detail pane: `(label, value)` lines from the selected row.

use ratatui::{
    Frame,
    layout::Rect,
    text::{Line, Span},
    widgets::{Block, Borders, Paragraph},
};

use crate::app::State;

pub fn render(frame: &mut Frame, area: Rect, state: &State) {
    if area.height == 0 {
        return;
    }
    let theme = &state.theme;
    let row = state.current().selected();
    let title = match row {
        Some(r) => format!(" {} {} ", state.tab.noun(), r.name()),
        None => " details ".to_string(),
    };
    let block = Block::new()
        .borders(Borders::TOP)
        .border_style(theme.muted())
        .title(Span::styled(title, theme.header()));
    let lines: Vec<Line> = match row {
        Some(r) => {
            let mut details = vec![("id".to_string(), r.id().to_string())];
            details.extend(r.details());
            let label_w = details
                .iter()
                .map(|(l, _)| l.chars().count())
                .max()
                .unwrap_or(0);
            details
                .into_iter()
                .map(|(label, value)| {
                    Line::from(vec![
                        Span::styled(format!(" {label:<label_w$}  "), theme.muted()),
                        Span::raw(value),
                    ])
                })
                .collect()
        }
        None => vec![Line::styled(" nothing selected", theme.muted())],
    };
    frame.render_widget(Paragraph::new(lines).block(block), area);
}
