//! The confirmation dialog: names the action, the resource and its zone; red
//! for destructive actions; the default answer is No.

use ratatui::{
    Frame,
    layout::{Alignment, Rect},
    style::{Color, Modifier, Style},
    text::Line,
    widgets::{Block, Clear, Paragraph, Wrap},
};

use super::safe;

use super::layout::centered;
use crate::app::{PendingAction, State};
use crate::keymap::{Command, Context};
use crate::theme::Theme;

pub fn render(frame: &mut Frame, area: Rect, state: &State, action: &PendingAction) {
    let (color, block) = dialog(&state.theme, action.verb.is_destructive());
    // What goes with a server's delete: each volume, kept or deleted.
    let with_volumes = matches!(action.verb, crate::app::Verb::DeleteWithVolumes { .. });
    let fates = match &action.verb {
        crate::app::Verb::Delete | crate::app::Verb::DeleteWithVolumes { .. }
            if action.tab == crate::app::Tab::Servers =>
        {
            crate::app::details::delete_consequences(state, &action.id, with_volumes)
        }
        _ => Vec::new(),
    };
    let extra = if fates.is_empty() { 0 } else { fates.len() + 1 };
    let height = (8 + extra as u16).min(area.height);
    let popup = centered(area, if fates.is_empty() { 64 } else { 72 }, height);
    frame.render_widget(Clear, popup);
    let mut question = format!("{}?", action.describe());
    if !action.id.is_empty() {
        question.push_str(&format!("\nid {}", action.id));
    }
    // What a volume delete destroys: its size says how much.
    if action.verb == crate::app::Verb::Delete
        && let Some(v) = state.inventory.volumes.get(&action.id)
    {
        question.push_str(&format!(
            "\n{} of data, deleted with it",
            crate::app::rows::gb(v.size)
        ));
    }
    let mut lines: Vec<Line> = question.lines().map(safe::line).collect();
    if !fates.is_empty() {
        lines.push(safe::line(its_volumes(fates.len())).left_aligned());
        for fate in fates {
            let style = if fate.contains("DELETED") {
                Style::new().fg(color)
            } else {
                Style::new()
            };
            lines.push(safe::line_styled(format!("   • {fate}"), style).left_aligned());
        }
    }
    lines.push(safe::line(""));
    lines.push(answer(state, color, "NO (default)"));
    lines.push(safe::line_styled(
        format!(
            "[{}] the scw command",
            state.keymap.keys_for(Context::Confirm, Command::Cli)
        ),
        state.theme.muted(),
    ));
    frame.render_widget(
        Paragraph::new(lines)
            .block(block)
            .alignment(Alignment::Center)
            .wrap(Wrap { trim: true }),
        popup,
    );
}

/// A confirmation's frame and colour: red and titled "destructive" for an
/// action that destroys or stops something.
pub(super) fn dialog(theme: &Theme, destructive: bool) -> (Color, Block<'static>) {
    let (color, title) = if destructive {
        (theme.destructive, " Confirm (destructive) ")
    } else {
        (theme.accent, " Confirm ")
    };
    let block = Block::bordered()
        .border_style(Style::new().fg(color))
        .title(safe::styled(
            title,
            Style::new().fg(color).add_modifier(Modifier::BOLD),
        ));
    (color, block)
}

/// "[y/Y] yes     [n/N/Esc/Enter] NO (default)": the keys as bound, the
/// default (`no`, e.g. "NO (default)") highlighted.
pub(super) fn answer(state: &State, color: Color, no: &str) -> Line<'static> {
    let km = &state.keymap;
    Line::from(vec![
        safe::styled(
            format!("[{}] yes", km.keys_for(Context::Confirm, Command::Yes)),
            Style::new().fg(color),
        ),
        safe::raw("     "),
        safe::styled(
            format!("[{}] {no}", km.keys_for(Context::Confirm, Command::No)),
            state.theme.selected(),
        ),
    ])
}

/// The terminate dialog: says what happens to each volume and runs only when
/// the server's name is typed exactly.
pub fn render_typed(
    frame: &mut Frame,
    area: Rect,
    state: &State,
    action: &PendingAction,
    typed: &str,
) {
    let theme = &state.theme;
    let color = theme.destructive;
    let consequences = crate::app::details::terminate_consequences(state, &action.id);
    let height = (consequences.len() as u16 + 10).min(area.height);
    let popup = centered(area, 70, height);
    frame.render_widget(Clear, popup);
    let block = Block::bordered()
        .border_style(Style::new().fg(color))
        .title(safe::styled(
            " Confirm (destructive, cannot be undone) ",
            Style::new().fg(color).add_modifier(Modifier::BOLD),
        ));
    let mut lines = vec![safe::line(format!("{}?", action.describe()))];
    // A server the inventory does not hold gets one general sentence.
    let volumes = if state.inventory.servers.contains_key(&action.id) {
        consequences.len()
    } else {
        2
    };
    lines.push(safe::line(format!(
        "The server is stopped and deleted.{}",
        its_volumes(volumes)
    )));
    for c in consequences {
        lines.push(safe::line_styled(
            format!("  • {c}"),
            Style::new().fg(color),
        ));
    }
    lines.push(safe::line(""));
    lines.push(safe::line(format!(
        "Type the server's name ({}) and press Enter; Esc cancels:",
        crate::text::sanitize(&action.name)
    )));
    let matches = typed == action.name;
    lines.push(safe::line_styled(
        format!("> {}▏", crate::text::sanitize(typed)),
        if matches {
            Style::new().fg(color).add_modifier(Modifier::BOLD)
        } else {
            theme.selected()
        },
    ));
    lines.push(safe::line_styled(
        format!(
            "{}: the scw command",
            state.keymap.keys_for(Context::Filter, Command::Cli)
        ),
        theme.muted(),
    ));
    frame.render_widget(
        Paragraph::new(lines)
            .block(block)
            .wrap(Wrap { trim: false }),
        popup,
    );
}

/// " Its volume:" or " Its volumes:", before the list of what becomes of
/// them (nothing when it has none).
fn its_volumes(n: usize) -> &'static str {
    match n {
        0 => "",
        1 => " Its volume:",
        _ => " Its volumes:",
    }
}
