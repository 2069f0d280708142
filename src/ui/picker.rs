//! A picker's filter-as-you-type list, drawn over its form.

use ratatui::{
    Frame,
    layout::Rect,
    style::{Modifier, Style},
    text::Line,
    widgets::{Block, Clear, List, ListItem, ListState},
};

use super::safe;

use super::form::truncate;
use super::layout::centered;
use crate::app::form::{FieldKind, Form};
use crate::theme::Theme;

pub fn render(frame: &mut Frame, area: Rect, theme: &Theme, form: &Form) {
    let (Some(picker), Some(field)) = (&form.picker, form.fields.get(form.focus)) else {
        return;
    };
    let FieldKind::Picker {
        options, selected, ..
    } = &field.kind
    else {
        return;
    };
    let matches = form.picker_matches();
    let width = 80.min(area.width);
    let inner = usize::from(width.saturating_sub(2));
    let rows = (matches.len().max(1) as u16).min(area.height.saturating_sub(5));
    let popup = centered(area, width, rows + 3);
    frame.render_widget(Clear, popup);
    let line_title = Line::from(vec![
        safe::styled(format!(" {} ", field.label), theme.header()),
        safe::styled(
            format!("{}/{} ", matches.len(), options.len()),
            theme.muted(),
        ),
    ]);
    let block = Block::bordered()
        .border_style(Style::new().fg(theme.accent))
        .title(line_title)
        .title_bottom(safe::line_styled(
            " type to filter · ↑↓ move · Enter choose · Esc back ",
            theme.muted(),
        ));
    let inner_area = block.inner(popup);
    frame.render_widget(block, popup);
    let line = Line::from(vec![
        safe::styled(" Filter: ", theme.muted()),
        safe::raw(picker.filter.clone()),
        safe::styled(" ", Style::new().add_modifier(Modifier::REVERSED)),
    ]);
    frame.render_widget(
        ratatui::widgets::Paragraph::new(line),
        Rect {
            height: 1,
            ..inner_area
        },
    );
    let list_area = Rect {
        y: inner_area.y + 1,
        height: inner_area.height.saturating_sub(1),
        ..inner_area
    };
    let items: Vec<ListItem> = if matches.is_empty() {
        vec![ListItem::new(safe::line_styled(
            "  no match; Backspace to widen the filter",
            theme.muted(),
        ))]
    } else {
        matches
            .iter()
            .filter_map(|&i| options.get(i).map(|o| (i, o)))
            .map(|(i, o)| {
                let current = if *selected == Some(i) { "*" } else { " " };
                let mut text = format!("{current}{}", o.label);
                let style = match &o.disabled {
                    Some(why) => {
                        text.push_str(&format!("  ({why})"));
                        theme.muted()
                    }
                    None => Style::new(),
                };
                ListItem::new(safe::line_styled(
                    truncate(&text, inner.saturating_sub(2)),
                    style,
                ))
            })
            .collect()
    };
    let list = List::new(items)
        .highlight_style(theme.selected())
        .highlight_symbol(">");
    let mut state =
        ListState::default().with_selected((!matches.is_empty()).then_some(picker.cursor));
    frame.render_stateful_widget(list, list_area, &mut state);
}
