//! The one screen shown without credentials: what is missing, where the config
//! is looked for, that `--demo` works without an account, and `q` quits.

use ratatui::{
    Frame,
    layout::Rect,
    style::{Modifier, Style},
    text::Line,
    widgets::{Block, Paragraph, Wrap},
};

use super::safe;

use super::layout::centered;
use crate::app::{MissingCredentials, State};

pub fn render(frame: &mut Frame, area: Rect, state: &State, missing: &MissingCredentials) {
    let theme = &state.theme;
    let bold = Style::new().add_modifier(Modifier::BOLD);
    let mut lines = vec![
        safe::line_styled(
            format!(
                "No usable Scaleway credentials for profile \"{}\".",
                missing.profile
            ),
            bold,
        ),
        safe::line(""),
        safe::line("Missing:"),
    ];
    for m in &missing.missing {
        lines.push(safe::line_styled(
            format!("  • {m}"),
            Style::new().fg(theme.error),
        ));
    }
    lines.push(safe::line(""));
    lines.push(safe::line(
        "Looked for the scw config in (first found wins):",
    ));
    for p in &missing.searched {
        lines.push(safe::line(format!("  {p}")));
    }
    lines.push(safe::line(
        "The SCW_ACCESS_KEY, SCW_SECRET_KEY and SCW_DEFAULT_PROJECT_ID environment variables override it.",
    ));
    lines.push(safe::line(""));
    lines.push(Line::from(vec![
        safe::raw("Run "),
        safe::styled("scw init", bold),
        safe::raw(" to create the config, or try the dashboard without an account: "),
        safe::styled(
            "scwdash --demo",
            Style::new().fg(theme.accent).add_modifier(Modifier::BOLD),
        ),
    ]));
    lines.push(safe::line(""));
    lines.push(safe::line_styled("Press q to quit.", theme.muted()));
    let popup = centered(area, 100, area.height);
    let block = Block::bordered()
        .border_style(Style::new().fg(theme.error))
        .title(safe::styled(
            " scwdash: credentials needed ",
            theme.header(),
        ));
    frame.render_widget(
        Paragraph::new(lines)
            .block(block)
            .wrap(Wrap { trim: false }),
        popup,
    );
}
