//! The confirmation of a bulk action: the question with how many, the
//! resources by name and zone, what is skipped and why, in a list that
//! scrolls; the answer (default No) or the count to type stays in view.
//! Also the smaller "clear the marks?" question.

use ratatui::{
    Frame,
    layout::{Constraint, Layout, Rect},
    style::{Color, Modifier, Style},
    text::Line,
    widgets::{Block, Clear, Paragraph},
};

use super::layout::centered;
use super::safe;
use crate::app::bulk::Confirming;
use crate::app::{Locality, State, Tab};
use crate::keymap::{Command, Context};
use crate::text::display_width;

/// The widest a name is shown in the list before it is cut.
const NAME_WIDTH: usize = 28;

pub fn render(frame: &mut Frame, area: Rect, state: &State, confirming: &Confirming) {
    let theme = &state.theme;
    let plan = &confirming.plan;
    let (color, block) = super::confirm::dialog(theme, plan.verb.is_destructive());
    let name_w = confirming.name_width.min(NAME_WIDTH);
    let list_len = confirming.list_len();
    let answer_lines = footer(state, confirming, color);
    let width = area.width.saturating_sub(4).min(84);
    let chrome = 2 + 2 + answer_lines.len() as u16;
    let height = u16::try_from(list_len)
        .unwrap_or(u16::MAX)
        .saturating_add(chrome)
        .min(area.height);
    let popup = centered(area, width, height);
    frame.render_widget(Clear, popup);
    let inner = block.inner(popup);
    frame.render_widget(block, popup);
    let [question, body, gap, answer] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Min(1),
        Constraint::Length(1),
        Constraint::Length(answer_lines.len() as u16),
    ])
    .areas(inner);
    let mut ask = format!("{}?", plan.title());
    if confirming.outside > 0 {
        // Marks from another zone are acted on too.
        ask.push_str(&format!(
            " ({} of them outside {})",
            confirming.outside, state.zone
        ));
    }
    frame.render_widget(
        Paragraph::new(safe::line_styled(
            ask,
            Style::new().add_modifier(Modifier::BOLD),
        )),
        question,
    );
    let height = usize::from(body.height);
    let max_scroll = list_len.saturating_sub(height);
    let scroll = usize::from(confirming.scroll).min(max_scroll);
    let more_below = list_len > scroll + height;
    // Only the lines in view are built.
    let shown_lines: Vec<Line> = (scroll..list_len.min(scroll + height))
        .map(|i| list_line(state, confirming, name_w, i))
        .collect();
    frame.render_widget(Paragraph::new(shown_lines), body);
    if scroll > 0 || more_below {
        let keys = format!(
            "{}/{} scroll",
            state.keymap.keys_for(Context::Confirm, Command::Down),
            state.keymap.keys_for(Context::Confirm, Command::Up)
        );
        frame.render_widget(Paragraph::new(safe::line_styled(keys, theme.muted())), gap);
    }
    frame.render_widget(Paragraph::new(answer_lines), answer);
}

/// One resource: its name, zone and (for a skipped one) why.
fn entry(
    name_w: usize,
    name: &str,
    at: Option<Locality>,
    why: &str,
    style: Style,
) -> Line<'static> {
    let name = crate::text::sanitize(name);
    let name = super::table::clip(&name, name_w as u16);
    let pad = name_w.saturating_sub(display_width(&name));
    let at = at.map(|l| l.to_string()).unwrap_or_default();
    let mut text = format!("  {name}{}  {at:<8}", " ".repeat(pad));
    if !why.is_empty() {
        text.push_str(&format!("  {why}"));
    }
    safe::line_styled(text.trim_end(), style)
}

/// Line `i` of the list: a target, the "Skipped" line, or a skipped one.
fn list_line(state: &State, confirming: &Confirming, name_w: usize, i: usize) -> Line<'static> {
    let plan = &confirming.plan;
    if let Some(t) = plan.targets.get(i) {
        return entry(name_w, &t.name, t.locality, "", Style::new());
    }
    match i.checked_sub(plan.targets.len() + 1) {
        None => safe::line_styled(
            format!(
                "Skipped: {}",
                confirming.skipped_summary.as_deref().unwrap_or_default()
            ),
            state.theme.muted().add_modifier(Modifier::BOLD),
        ),
        Some(k) => match plan.skipped.get(k) {
            Some(s) => entry(name_w, &s.name, s.locality, &s.why, state.theme.muted()),
            None => safe::line(""),
        },
    }
}

/// The answer lines: yes / NO (default), or the count to type.
fn footer(state: &State, confirming: &Confirming, color: Color) -> Vec<Line<'static>> {
    let km = &state.keymap;
    let theme = &state.theme;
    let (mut lines, keys) = match &confirming.typed {
        Some(typed) => {
            let n = confirming.plan.targets.len();
            let matches = *typed == n.to_string();
            let lines = vec![
                safe::line_styled(
                    format!(
                        "This cannot be undone. Type {n} (how many) and Enter; {} cancels:",
                        km.keys_for(Context::Filter, Command::Back)
                    ),
                    Style::new().fg(color),
                ),
                safe::line_styled(
                    format!("> {typed}▏"),
                    if matches {
                        Style::new().fg(color).add_modifier(Modifier::BOLD)
                    } else {
                        theme.selected()
                    },
                ),
            ];
            (
                lines,
                format!("{}:", km.keys_for(Context::Filter, Command::Cli)),
            )
        }
        None => (
            vec![super::confirm::answer(state, color, "NO (default)")],
            format!("[{}]", km.keys_for(Context::Confirm, Command::Cli)),
        ),
    };
    lines.push(safe::line_styled(
        format!("{keys} the scw commands"),
        theme.muted(),
    ));
    lines
}

/// "Clear the marks?": Esc with marks asks first.
pub fn render_clear(frame: &mut Frame, area: Rect, state: &State, tab: Tab, count: usize) {
    let theme = &state.theme;
    let popup = centered(area, 56, 6);
    frame.render_widget(Clear, popup);
    let block = Block::bordered()
        .border_style(Style::new().fg(theme.accent))
        .title(safe::styled(" Marks ", theme.header()));
    let lines = vec![
        safe::line(format!(
            "Unmark {}?",
            crate::app::status::count(count, &format!("marked {}", tab.noun()))
        )),
        safe::line(""),
        super::confirm::answer(state, theme.accent, "NO, keep them"),
    ];
    frame.render_widget(
        Paragraph::new(lines)
            .block(block)
            .alignment(ratatui::layout::Alignment::Center),
        popup,
    );
}
