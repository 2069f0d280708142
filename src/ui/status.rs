//! The status line: the filter being typed, the last action and its outcome,
//! back-off in progress, zones whose fetch is slow, the last error in plain
//! words; key hints on the right.

use ratatui::{
    Frame,
    layout::{Constraint, Layout, Rect},
    style::{Modifier, Style},
    text::{Line, Span},
    widgets::Paragraph,
};

use super::safe;

use crate::app::{Mode, Outcome, State};
use crate::keymap::{Command, Context};

pub fn render(frame: &mut Frame, area: Rect, state: &State) {
    let theme = &state.theme;
    let mut spans: Vec<Span> = vec![safe::raw(" ")];
    let filter = state.current().filter();
    if state.mode == Mode::Filter {
        spans.push(safe::styled(
            format!("/{filter}▏"),
            Style::new().fg(theme.accent).add_modifier(Modifier::BOLD),
        ));
        spans.push(safe::raw("  "));
    } else if !filter.is_empty() {
        spans.push(safe::styled(
            format!("filter:{filter}"),
            Style::new().fg(theme.accent),
        ));
        spans.push(safe::raw("  "));
    }
    // While typing the filter: its syntax, or the term this tab lacks (the
    // table says that too).
    if state.mode == Mode::Filter {
        let problem = state.current().filter_problem();
        let what = state.tab.title().to_lowercase();
        spans.push(match problem {
            Some(p) => safe::styled(p.describe(&what), theme.error_text()),
            None => safe::styled(crate::app::filter_query::PROMPT_HINT, theme.muted()),
        });
        spans.push(safe::raw("  "));
    }
    if let Some(run) = &state.bulk {
        spans.push(safe::styled(
            format!(
                "{} {} · {} stops it",
                state.spinner(),
                run.progress(),
                state.keymap.keys_for(Context::Normal, Command::Back)
            ),
            Style::new()
                .fg(theme.transitional)
                .add_modifier(Modifier::BOLD),
        ));
        spans.push(safe::raw("  "));
    }
    if let Some(warning) = &state.status.warning {
        spans.push(safe::styled(
            format!("⚠ {warning}"),
            Style::new().fg(theme.error).add_modifier(Modifier::BOLD),
        ));
        spans.push(safe::raw("  "));
    }
    if let Some(msg) = &state.status.backoff {
        spans.push(safe::styled(
            format!("⏳ {msg}"),
            Style::new().fg(theme.transitional),
        ));
        spans.push(safe::raw("  "));
    }
    if let Some(words) = slow_words(state) {
        spans.push(safe::styled(
            format!("⏳ {words}"),
            Style::new().fg(theme.transitional),
        ));
        spans.push(safe::raw("  "));
    }
    if let Some((text, outcome)) = &state.status.last_action {
        let (mark, color) = match outcome {
            Outcome::Pending => ("…", theme.transitional),
            Outcome::Succeeded => ("✓", theme.running),
            Outcome::Failed => ("✗", theme.error),
            Outcome::Info => ("·", theme.text),
            Outcome::Refused => ("⊘", theme.error),
        };
        spans.push(safe::styled(
            format!("{mark} {text}"),
            Style::new().fg(color),
        ));
        spans.push(safe::raw("  "));
    }
    if let Some(err) = &state.status.last_error {
        spans.push(safe::styled(format!("error: {err}"), theme.error_text()));
    }
    let km = &state.keymap;
    if spans.len() == 1 {
        // Nothing to report: teach the main keys, as currently bound.
        let hints = state.tab.kind().hints;
        for &(context, command, word) in hints {
            let keys = km.keys_for(context, command);
            if !keys.is_empty() {
                spans.push(safe::styled(format!("{keys} {word}  "), theme.muted()));
            }
        }
    }
    let hint = format!(
        " {} help  {} quit ",
        km.keys_for(Context::Normal, Command::Help),
        km.keys_for(Context::Normal, Command::Quit)
    );
    let hint_w = hint.chars().count() as u16;
    let [left, right] =
        Layout::horizontal([Constraint::Min(0), Constraint::Length(hint_w)]).areas(area);
    let spans = fit(spans, left.width);
    frame.render_widget(Paragraph::new(Line::from(spans)), left);
    frame.render_widget(
        Paragraph::new(safe::line_styled(hint, theme.muted())),
        right,
    );
}

/// `spans` cut to `width` columns, the cut marked with `…`: a long message
/// stops short of the key hints, visibly.
fn fit(mut spans: Vec<Span<'static>>, width: u16) -> Vec<Span<'static>> {
    // Trailing spacing is no message: never a reason to cut.
    while spans.len() > 1 && spans.last().is_some_and(|s| s.content.trim().is_empty()) {
        spans.pop();
    }
    let total: usize = spans.iter().map(Span::width).sum();
    if total <= usize::from(width) {
        return spans;
    }
    let mut left = usize::from(width);
    let mut out = Vec::new();
    for span in spans {
        let w = span.width();
        if w < left {
            left -= w;
            out.push(span);
            continue;
        }
        // The last span that fits, at least partly, ends in `…`.
        let room = u16::try_from(left).unwrap_or(u16::MAX);
        let mut cut = super::table::clip(&span.content, room).into_owned();
        if !cut.ends_with('…') {
            // It fits exactly, but more follows.
            cut = super::table::clip(&cut, room.saturating_sub(1)).into_owned();
        }
        out.push(safe::styled(cut, span.style));
        break;
    }
    out
}

/// "fr-par-2 slow (12 s)": the zones (or regions) whose fetch has been out
/// too long; the others refresh meanwhile.
pub fn slow_words(state: &State) -> Option<String> {
    let slow = state.fetches.slow(state.now);
    if slow.is_empty() {
        return None;
    }
    let names: Vec<String> = slow
        .iter()
        .map(|(at, waited)| format!("{at} ({} s)", waited.as_secs()))
        .collect();
    Some(format!("slow to answer: {}", names.join(", ")))
}
