//! The detail pane: `(label, value)` lines for the selected row, joined
//! across APIs by `app::details`. It scrolls (`app::details_view`) and says
//! how many lines are above and below; `f` shows it full screen.

use ratatui::{
    Frame,
    layout::Rect,
    style::Style,
    text::Line,
    widgets::{Block, Borders, Paragraph},
};

use super::safe;

use crate::app::{State, details_view};
use crate::keymap::{Command, Context};

/// The pane below the table.
pub fn render(frame: &mut Frame, area: Rect, state: &State) {
    if area.height == 0 {
        return;
    }
    let block = Block::new()
        .borders(Borders::TOP)
        .border_style(state.theme.muted());
    draw(frame, area, state, block, 1, Context::Normal);
}

/// The details over the whole body of the screen (`f`).
pub fn render_full(frame: &mut Frame, area: Rect, state: &State) {
    let block = Block::bordered().border_style(Style::new().fg(state.theme.accent));
    draw(frame, area, state, block, 2, Context::Details);
}

fn draw(frame: &mut Frame, area: Rect, state: &State, block: Block, frame_h: u16, ctx: Context) {
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
    let details = details_view::lines(state);
    let visible = usize::from(area.height.saturating_sub(frame_h));
    let (above, below) = details_view::cut(state, details.len(), visible);
    let mut block = block.title(safe::styled(title, theme.header()));
    if let Some(note) = scroll_note(state, ctx, above, below, visible) {
        block = block.title(safe::line_styled(note, theme.muted()).right_aligned());
    }
    let lines: Vec<Line> = if row.is_none() {
        vec![safe::line_styled(" nothing selected", theme.muted())]
    } else {
        let label_w = details
            .iter()
            .map(|(l, _)| l.chars().count())
            .max()
            .unwrap_or(0);
        details
            .into_iter()
            .skip(above)
            .take(visible)
            .map(|(label, value)| {
                Line::from(vec![
                    safe::styled(format!(" {label:<label_w$}  "), theme.muted()),
                    safe::raw(value),
                ])
            })
            .collect()
    };
    frame.render_widget(Paragraph::new(lines).block(block), area);
}

/// " lines 8-14 of 20 · J K scroll · f full screen ": only when lines are cut.
fn scroll_note(
    state: &State,
    ctx: Context,
    above: usize,
    below: usize,
    visible: usize,
) -> Option<String> {
    if above == 0 && below == 0 {
        return None;
    }
    let km = &state.keymap;
    let total = above + visible + below;
    let mut parts = vec![format!(
        "lines {}-{} of {total}",
        above + 1,
        above + visible
    )];
    let (up, down) = match ctx {
        Context::Details => (
            km.keys_for(ctx, Command::Up),
            km.keys_for(ctx, Command::Down),
        ),
        _ => (
            km.keys_for(ctx, Command::DetailsUp),
            km.keys_for(ctx, Command::DetailsDown),
        ),
    };
    if !up.is_empty() && !down.is_empty() {
        parts.push(format!("{down} {up} scroll"));
    }
    let full = km.keys_for(ctx, Command::DetailsFull);
    if !full.is_empty() {
        parts.push(match ctx {
            Context::Details => format!("{full} back"),
            _ => format!("{full} full screen"),
        });
    }
    Some(format!(" {} ", parts.join(" · ")))
}
