//! The tab bar: one entry per resource kind with its count (shown/total when a
//! filter hides rows).

use ratatui::{
    Frame,
    layout::Rect,
    style::Style,
    text::{Line, Span},
    widgets::Paragraph,
};

use super::safe;

use crate::app::mouse::{Hits, Target};
use crate::app::{State, Tab};

pub fn render(frame: &mut Frame, area: Rect, state: &State, hits: &mut Hits) {
    let theme = &state.theme;
    for short in [false, true] {
        let mut spans = vec![safe::raw(" ")];
        for (i, tab) in Tab::ALL.iter().enumerate() {
            let t = state.table(*tab);
            let count = if !t.is_loaded() {
                "…".to_string()
            } else if t.shown() != t.total() {
                format!("{}/{}", t.shown(), t.total())
            } else {
                t.total().to_string()
            };
            let kind = tab.kind();
            let title = if short {
                kind.about().short_title
            } else {
                kind.about().title
            };
            let style = if *tab == state.tab {
                theme.badge(theme.accent)
            } else {
                Style::new()
            };
            spans.push(safe::styled(format!(" {} {title} {count} ", i + 1), style));
            spans.push(safe::raw(" "));
        }
        let w: usize = spans.iter().map(Span::width).sum();
        if short || w <= usize::from(area.width) {
            // Each tab's span (after the leading space, then tab, gap...).
            let mut x = area.x;
            for (i, span) in spans.iter().enumerate() {
                let width = span.width() as u16;
                if i % 2 == 1
                    && let Some(tab) = Tab::ALL.get(i / 2)
                {
                    hits.record(
                        Rect::new(x, area.y, width, 1).intersection(area),
                        Target::Tab(*tab),
                    );
                }
                x = x.saturating_add(width);
            }
            frame.render_widget(Paragraph::new(Line::from(spans)), area);
            return;
        }
    }
}
