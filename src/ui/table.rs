//! The resource table: header with the sort indicator, only the visible rows,
//! state cells coloured (spinner on transitions), the selection highlighted.
//! Narrow screens drop low-priority columns instead of wrapping.

use ratatui::{
    Frame,
    layout::{Constraint, Rect},
    style::Style,
    text::{Line, Span},
    widgets::{Cell, Paragraph, Row, Table, TableState},
};

use crate::app::{Column, State, TableModel};
use crate::theme::RowClass;

/// Space between columns.
const GAP: u16 = 1;
/// The selection marker's column.
const MARKER: u16 = 1;

/// Indices of the columns that fit in `width`: drop the highest priority
/// number (least important) first, never priority 0.
pub fn fitting_columns(columns: &[Column], width: u16) -> Vec<usize> {
    let mut keep: Vec<usize> = (0..columns.len()).collect();
    let need = |keep: &[usize]| -> u16 {
        keep.iter().map(|&i| columns[i].width + GAP).sum::<u16>() + MARKER
    };
    while need(&keep) > width {
        let drop = keep
            .iter()
            .enumerate()
            .filter(|(_, i)| columns[**i].priority > 0)
            .max_by_key(|(pos, i)| (columns[**i].priority, *pos))
            .map(|(pos, _)| pos);
        match drop {
            Some(pos) => {
                keep.remove(pos);
            }
            None => break,
        }
    }
    keep
}

pub fn render(frame: &mut Frame, area: Rect, state: &State) {
    let model: &TableModel = state.current();
    let theme = &state.theme;
    if !model.is_loaded() || model.shown() == 0 {
        let text = if !model.is_loaded() {
            format!(
                "{} loading {}…",
                state.spinner(),
                state.tab.title().to_lowercase()
            )
        } else if model.total() > 0 {
            format!(
                "no row matches the filter \"{}\" (Esc clears it)",
                model.filter()
            )
        } else {
            format!("no {} in {}", state.tab.title().to_lowercase(), state.zone)
        };
        frame.render_widget(Paragraph::new(Line::styled(text, theme.muted())), area);
        return;
    }
    let columns = model.columns();
    let shown = fitting_columns(columns, area.width);
    let sort = model.sort();
    let header = Row::new(shown.iter().map(|&i| {
        let c = &columns[i];
        let title = if sort.column == i {
            format!("{}{}", c.title, if sort.descending { "▼" } else { "▲" })
        } else {
            c.title.to_string()
        };
        Cell::from(title)
    }))
    .style(theme.header());
    let page = usize::from(area.height.saturating_sub(1)).max(1);
    // The model keeps the cursor inside its page; clamp again in case the
    // screen shrank since (rendering never writes the state).
    let cursor = model.cursor();
    let mut offset = model.offset().min(cursor);
    if cursor >= offset + page {
        offset = cursor + 1 - page;
    }
    let spinner = state.spinner();
    let rows = model.window(offset, page).map(|row| {
        // An action in flight shows on its row before the API reports it.
        let busy = state.busy.get(row.id());
        let class = match busy {
            Some(mark) if mark.failed => RowClass::Error,
            Some(_) => RowClass::Transitional,
            None => row.class(),
        };
        Row::new(shown.iter().map(|&i| {
            let c = &columns[i];
            // Names and tags come from the network: shown escaped.
            let cell = row.cell(c.id);
            let text = crate::text::sanitize(&cell);
            if c.is_state {
                let text = if let Some(mark) = busy {
                    if mark.failed {
                        "✗ failed".to_string()
                    } else {
                        format!("{spinner} {}…", mark.label)
                    }
                } else if class == RowClass::Transitional {
                    format!("{spinner} {text}")
                } else {
                    text.into_owned()
                };
                Cell::from(Span::styled(text, theme.class_style(class)))
            } else {
                Cell::from(text.into_owned())
            }
        }))
    });
    let widths: Vec<Constraint> = shown
        .iter()
        .enumerate()
        .map(|(n, &i)| {
            if n + 1 == shown.len() {
                Constraint::Fill(1)
            } else {
                Constraint::Length(columns[i].width)
            }
        })
        .collect();
    let table = Table::new(rows, widths)
        .header(header)
        .column_spacing(GAP)
        .row_highlight_style(theme.selected())
        .highlight_symbol(">")
        .highlight_spacing(ratatui::widgets::HighlightSpacing::Always)
        .style(Style::new());
    let mut ts = TableState::default().with_selected(Some(cursor - offset));
    frame.render_stateful_widget(table, area, &mut ts);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn narrow_screens_drop_low_priority_columns_first() {
        let cols = crate::app::Tab::Servers.columns();
        let all = fitting_columns(&cols, 200);
        assert_eq!(all.len(), cols.len());
        let narrow = fitting_columns(&cols, 80);
        let ids: Vec<&str> = narrow.iter().map(|&i| cols[i].id).collect();
        assert!(ids.contains(&"name") && ids.contains(&"state"), "{ids:?}");
        assert!(!ids.contains(&"private_nets"), "{ids:?}");
        let tiny = fitting_columns(&cols, 10);
        assert_eq!(tiny.len(), 2, "priority-0 columns always stay");
    }
}
