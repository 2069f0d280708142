//! The "used by" menu (`u`): the servers using a group, a network or a
//! volume, each with its state, zone and address; Enter goes there.

use ratatui::{Frame, layout::Rect, text::Line};

use super::safe;

use crate::app::State;
use crate::app::mouse::Hits;
use crate::app::used_by::UsedByMenu;

pub fn render(frame: &mut Frame, area: Rect, state: &State, menu: &UsedByMenu, hits: &mut Hits) {
    let theme = &state.theme;
    let name_width = menu
        .users
        .iter()
        .map(|u| u.name.chars().count())
        .max()
        .unwrap_or(0);
    let entries: Vec<Line> = menu
        .users
        .iter()
        .map(|u| {
            let pad = " ".repeat(name_width.saturating_sub(u.name.chars().count()));
            Line::from(vec![
                safe::styled(
                    format!(" {}{pad}  ", u.name),
                    ratatui::style::Style::new().fg(theme.text),
                ),
                safe::styled(u.detail.clone(), theme.muted()),
            ])
        })
        .collect();
    let width = entries
        .iter()
        .map(|l| l.width() + 3)
        .chain([menu.title.chars().count() + 4, 30])
        .max()
        .unwrap_or(30)
        .min(usize::from(area.width)) as u16;
    super::menu::render(
        frame,
        area,
        theme,
        super::menu::MenuView {
            title: format!(" {} ", menu.title),
            width,
            entries,
            cursor: menu.cursor,
        },
        hits,
    );
}
