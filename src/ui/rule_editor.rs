//! The rule editor: rules in order with their staged diff (+ added, ~ changed,
//! ^ moved, - removed, L locked), the rule sub-form and the discard question.

use ratatui::{
    Frame,
    layout::{Constraint, Rect},
    style::{Modifier, Style},
    text::Line,
    widgets::{Block, Cell, Clear, Paragraph, Row, Table, TableState},
};

use super::safe;

use super::form::truncate;
use super::layout::centered;
use crate::app::rule_editor::{Change, Review, RuleDraft, RuleEditor};
use crate::theme::Theme;

const HINT: &str = "a add · Enter edit · d delete · K/J move · s apply · c scw · Esc close";

fn change_style(theme: &Theme, change: Change) -> Style {
    match change {
        Change::Unchanged => Style::new(),
        Change::Locked => theme.muted(),
        Change::Added => Style::new().fg(theme.running),
        Change::Changed | Change::ChangedMoved => Style::new().fg(theme.transitional),
        Change::Moved => Style::new().fg(theme.accent),
    }
}

fn cells(marker: &str, n: String, d: &RuleDraft) -> Vec<Cell<'static>> {
    vec![
        Cell::from(safe::raw(marker)),
        Cell::from(safe::raw(n)),
        Cell::from(safe::raw(d.direction.to_string())),
        Cell::from(safe::raw(d.action.to_string())),
        Cell::from(safe::raw(d.protocol.to_string())),
        Cell::from(safe::raw(d.ports())),
        // The range came from the API (a string, never parsed there).
        Cell::from(safe::raw(&d.ip_range)),
    ]
}

pub fn render(frame: &mut Frame, area: Rect, theme: &Theme, editor: &RuleEditor) {
    let width = 100.min(area.width);
    // Rows, removed rows, the header, the footer line and its gap, borders.
    let wanted = (editor.rows.len() + editor.removed().len()) as u16 + 5;
    let height = wanted
        .max(10)
        .min(area.height.saturating_sub(2))
        .max(8)
        .min(area.height);
    let popup = centered(area, width, height);
    frame.render_widget(Clear, popup);
    let block = Block::bordered()
        .border_style(Style::new().fg(theme.accent))
        .title(safe::styled(
            format!(" Rules of {} ({}) ", editor.group_name, editor.zone),
            theme.header(),
        ))
        .title_bottom(safe::line_styled(format!(" {HINT} "), theme.muted()));
    let inner = block.inner(popup);
    frame.render_widget(block, popup);
    let changes = editor.changes();
    let mut rows: Vec<Row> = Vec::new();
    let mut editable_n = 0;
    for (row, change) in editor.rows.iter().zip(&changes) {
        let n = if row.locked {
            "-".to_string()
        } else {
            editable_n += 1;
            editable_n.to_string()
        };
        rows.push(
            Row::new(cells(change.marker(), n, &row.draft)).style(change_style(theme, *change)),
        );
    }
    let removed = editor.removed();
    for rule in &removed {
        rows.push(
            Row::new(cells("-", String::new(), &RuleDraft::from(*rule))).style(
                Style::new()
                    .fg(theme.error)
                    .add_modifier(Modifier::CROSSED_OUT),
            ),
        );
    }
    let header = Row::new(["", "#", "Direction", "Action", "Proto", "Ports", "IP range"])
        .style(theme.header());
    let table = Table::new(
        rows,
        [
            Constraint::Length(2),
            Constraint::Length(3),
            Constraint::Length(9),
            Constraint::Length(6),
            Constraint::Length(5),
            Constraint::Length(11),
            Constraint::Min(10),
        ],
    )
    .header(header)
    .row_highlight_style(theme.selected());
    let table_area = Rect {
        height: inner.height.saturating_sub(2),
        ..inner
    };
    let mut state =
        TableState::default().with_selected((!editor.rows.is_empty()).then_some(editor.cursor));
    frame.render_stateful_widget(table, table_area, &mut state);
    let summary = summary(&changes, removed.len());
    let line = match &editor.message {
        Some(m) => safe::line_styled(
            truncate(m, usize::from(inner.width)),
            Style::new().fg(theme.error),
        ),
        None if editor.sending => safe::line_styled("applying…", Style::new().fg(theme.accent)),
        None => safe::line_styled(summary, theme.muted()),
    };
    frame.render_widget(
        Paragraph::new(line),
        Rect {
            y: inner.y + inner.height.saturating_sub(1),
            height: 1,
            ..inner
        },
    );
    if let Some((_, form)) = &editor.sub {
        super::form::render(frame, area, theme, form);
    } else if editor.confirm_discard {
        render_discard(frame, area, theme);
    } else if let Some(review) = &editor.review {
        render_review(frame, area, theme, editor, review);
    }
}

/// The confirmation before the PUT: the staged diff, and what changed on the
/// API since the editor opened with the choice to rebase, overwrite or cancel.
fn render_review(
    frame: &mut Frame,
    area: Rect,
    theme: &Theme,
    editor: &RuleEditor,
    review: &Review,
) {
    let Review::Ready { api, .. } = review else {
        let popup = centered(area, 44, 3);
        frame.render_widget(Clear, popup);
        frame.render_widget(
            Paragraph::new("reading the rules again…")
                .block(Block::bordered().border_style(Style::new().fg(theme.accent))),
            popup,
        );
        return;
    };
    let diff_style = |line: &str| match line.chars().next() {
        Some('+') => Style::new().fg(theme.running),
        Some('-') => Style::new().fg(theme.error),
        Some('~') => Style::new().fg(theme.transitional),
        _ => Style::new().fg(theme.accent),
    };
    let mut lines = vec![safe::line_styled("Staged here:", theme.header())];
    lines.extend(
        editor
            .staged()
            .lines()
            .into_iter()
            .map(|l| safe::line_styled(format!("  {l}"), diff_style(&l))),
    );
    let color = if api.is_empty() {
        lines.push(safe::line(""));
        lines.push(Line::from(vec![
            safe::styled("[y] apply", Style::new().fg(theme.accent)),
            safe::raw("     "),
            safe::styled("[n] NO (default)", theme.selected()),
        ]));
        theme.accent
    } else {
        lines.push(safe::line_styled(
            "Changed on the API since the editor opened:",
            Style::new().fg(theme.error),
        ));
        lines.extend(
            api.lines()
                .into_iter()
                .map(|l| safe::line_styled(format!("  {l}"), diff_style(&l))),
        );
        lines.push(safe::line(""));
        lines.push(Line::from(vec![
            safe::styled("[y] rebase (keep both)", Style::new().fg(theme.accent)),
            safe::raw("  "),
            safe::styled("[s] overwrite", Style::new().fg(theme.error)),
            safe::raw("  "),
            safe::styled("[n] cancel (default)", theme.selected()),
        ]));
        theme.error
    };
    let width = 90.min(area.width);
    let height = (lines.len() as u16 + 2).min(area.height);
    let popup = centered(area, width, height);
    frame.render_widget(Clear, popup);
    let block = Block::bordered()
        .border_style(Style::new().fg(color))
        .title(safe::styled(
            format!(" Apply to {}? ", editor.group_name),
            Style::new().fg(color),
        ));
    frame.render_widget(Paragraph::new(lines).block(block), popup);
}

/// "2 added · 1 changed · 1 moved · 1 removed", or "no staged changes".
fn summary(changes: &[Change], removed: usize) -> String {
    let count = |f: &dyn Fn(&Change) -> bool| changes.iter().filter(|c| f(c)).count();
    let parts: Vec<String> = [
        (count(&|c| *c == Change::Added), "added"),
        (
            count(&|c| matches!(c, Change::Changed | Change::ChangedMoved)),
            "changed",
        ),
        (
            count(&|c| matches!(c, Change::Moved | Change::ChangedMoved)),
            "moved",
        ),
        (removed, "removed"),
    ]
    .into_iter()
    .filter(|(n, _)| *n > 0)
    .map(|(n, what)| format!("{n} {what}"))
    .collect();
    if parts.is_empty() {
        "no staged changes".to_string()
    } else {
        format!("staged: {}", parts.join(" · "))
    }
}

fn render_discard(frame: &mut Frame, area: Rect, theme: &Theme) {
    let popup = centered(area, 44, 5);
    frame.render_widget(Clear, popup);
    let block = Block::bordered()
        .border_style(Style::new().fg(theme.error))
        .title(safe::styled(
            " Discard changes? ",
            Style::new().fg(theme.error),
        ));
    let lines = vec![
        safe::line("The staged rule changes will be lost."),
        Line::from(vec![
            safe::styled("[y] discard", Style::new().fg(theme.error)),
            safe::raw("     "),
            safe::styled("[n] NO (default)", theme.selected()),
        ]),
    ];
    frame.render_widget(
        Paragraph::new(lines)
            .block(block)
            .alignment(ratatui::layout::Alignment::Center),
        popup,
    );
}
