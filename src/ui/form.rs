//! A form as a centred dialog: labels, inputs with a cursor, the focused field
//! highlighted, inline errors in red, and the key hint line.

use ratatui::{
    Frame,
    layout::Rect,
    style::{Modifier, Style},
    text::{Line, Span},
    widgets::{Block, Clear, Paragraph},
};

use super::safe;
use unicode_width::UnicodeWidthStr;

use super::layout::centered;
use crate::app::form::{Field, FieldKind, Form};
use crate::theme::Theme;

/// The hint line under every form.
pub const HINT: &str = "Tab next · Shift-Tab prev · Enter submit · Esc cancel · Ctrl-o scw";

/// Widest dialog, in columns.
const MAX_WIDTH: u16 = 84;

pub fn render(frame: &mut Frame, area: Rect, theme: &Theme, form: &Form) {
    let label_w = form
        .fields
        .iter()
        .map(|f| f.label.width())
        .max()
        .unwrap_or(0)
        + 3;
    let width = MAX_WIDTH.min(area.width);
    // Borders and one column of padding on each side.
    let inner_w = usize::from(width.saturating_sub(4));
    let input_w = inner_w.saturating_sub(label_w).max(1);
    let mut lines: Vec<Line> = Vec::new();
    for (i, field) in form.fields.iter().enumerate() {
        let focused = i == form.focus && !form.sending;
        lines.push(field_line(theme, field, focused, label_w, input_w));
        if let Some(msg) = field.message(form.submitted) {
            let text = truncate(&crate::text::sanitize(&format!("✗ {msg}")), input_w);
            lines.push(Line::from(vec![
                safe::raw(" ".repeat(label_w)),
                safe::styled(text, Style::new().fg(theme.error)),
            ]));
        }
    }
    lines.push(safe::line(""));
    if form.sending {
        lines.push(safe::line_styled("sending…", Style::new().fg(theme.accent)));
    } else if let Some(msg) = &form.message {
        lines.push(safe::line_styled(
            truncate(&crate::text::sanitize(msg), inner_w),
            Style::new().fg(theme.error).add_modifier(Modifier::BOLD),
        ));
    }
    lines.push(safe::line_styled(truncate(HINT, inner_w), theme.muted()));
    let height = lines.len() as u16 + 2;
    let popup = centered(area, width, height);
    frame.render_widget(Clear, popup);
    let block = Block::bordered()
        .border_style(Style::new().fg(theme.accent))
        .title(safe::styled(format!(" {} ", form.title), theme.header()))
        .padding(ratatui::widgets::Padding::horizontal(1));
    frame.render_widget(Paragraph::new(lines).block(block), popup);
    if form.picker.is_some() {
        super::picker::render(frame, area, theme, form);
    }
}

fn field_line<'a>(
    theme: &Theme,
    field: &'a Field,
    focused: bool,
    label_w: usize,
    input_w: usize,
) -> Line<'a> {
    let marker = if focused { "› " } else { "  " };
    let label_style = if focused {
        theme.header()
    } else {
        Style::new()
    };
    let mut spans = vec![safe::styled(
        format!("{marker}{:<w$}", field.label, w = label_w - 2),
        label_style,
    )];
    let input_style = if focused {
        theme.selected()
    } else {
        Style::new()
    };
    match &field.kind {
        FieldKind::Text { value, cursor, .. } => {
            spans.extend(text_input(
                theme,
                value,
                *cursor,
                focused,
                input_w,
                input_style,
            ));
        }
        FieldKind::Picker { selected, .. } => {
            let shown = if selected.is_some() {
                field.display()
            } else {
                String::new()
            };
            if shown.is_empty() {
                spans.push(safe::styled(
                    truncate("(Space: choose from list)", input_w),
                    if focused { input_style } else { theme.muted() },
                ));
            } else if shown.width() + 2 <= input_w {
                spans.push(safe::styled(format!("{shown} ▾"), input_style));
            } else {
                spans.push(safe::styled(truncate(&shown, input_w), input_style));
            }
        }
        FieldKind::Choice { options, index } => {
            for (i, o) in options.iter().enumerate() {
                let style = if i == *index {
                    input_style.add_modifier(Modifier::BOLD).fg(theme.accent)
                } else {
                    theme.muted()
                };
                let text = if i == *index {
                    format!("‹{o}›")
                } else {
                    format!(" {o} ")
                };
                spans.push(safe::styled(text, style));
            }
        }
        FieldKind::Toggle(on) => {
            spans.push(safe::styled(
                if *on { "[x] yes" } else { "[ ] no" },
                input_style,
            ));
        }
    }
    if let Some(hint) = &field.hint {
        let used: usize = spans.iter().map(|s| s.content.width()).sum();
        let room = (label_w + input_w).saturating_sub(used + 2);
        if room > 4 {
            spans.push(safe::styled(
                format!("  {}", truncate(hint, room)),
                theme.muted(),
            ));
        }
    }
    Line::from(spans)
}

/// The text with the cursor shown as a reversed cell, scrolled so the cursor
/// stays visible.
fn text_input<'a>(
    theme: &Theme,
    value: &str,
    cursor: usize,
    focused: bool,
    width: usize,
    style: Style,
) -> Vec<Span<'a>> {
    let chars: Vec<char> = value.chars().collect();
    let view = width.saturating_sub(1).max(1);
    let start = cursor.saturating_sub(view.saturating_sub(1));
    let end = chars.len().min(start + view);
    let before: String = chars[start.min(end)..cursor.min(end).max(start.min(end))]
        .iter()
        .collect();
    let safe = |s: String| crate::text::sanitize(&s).into_owned();
    if !focused {
        let shown: String = chars[start.min(end)..end].iter().collect();
        return vec![safe::styled(safe(shown), Style::new().fg(theme.text))];
    }
    let at: String = chars.get(cursor).map_or(" ".to_string(), |c| c.to_string());
    let after: String = if cursor < end {
        chars[cursor + 1..end.max(cursor + 1)].iter().collect()
    } else {
        String::new()
    };
    vec![
        safe::styled(safe(before), style),
        safe::styled(safe(at), style.add_modifier(Modifier::REVERSED)),
        safe::styled(safe(after), style),
    ]
}

/// Cuts `s` to `width` columns, ending with "…" when cut.
pub fn truncate(s: &str, width: usize) -> String {
    if s.width() <= width {
        return s.to_string();
    }
    let mut out = String::new();
    for c in s.chars() {
        if out.width() + c.to_string().width() + 1 > width {
            break;
        }
        out.push(c);
    }
    out.push('…');
    out
}
