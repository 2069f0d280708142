//! The power menu: the actions the API allows on this server right now.

use ratatui::{Frame, layout::Rect, style::Style};

use super::safe;

use crate::app::{PowerMenu, State, power_label};

pub fn render(
    frame: &mut Frame,
    area: Rect,
    state: &State,
    menu: &PowerMenu,
    hits: &mut crate::app::mouse::Hits,
) {
    let theme = &state.theme;
    let mut title = format!(" Power: {} ", menu.name);
    if let Some(l) = menu.locality {
        title.push_str(&format!("({l}) "));
    }
    let entries = menu
        .actions
        .iter()
        .map(|a| {
            let destructive = a != "poweron";
            let style = if destructive {
                theme.error_text()
            } else {
                Style::new().fg(theme.running)
            };
            safe::line_styled(format!(" {}", power_label(a)), style)
        })
        .collect();
    super::menu::render(
        frame,
        area,
        theme,
        super::menu::MenuView {
            title,
            width: 40,
            entries,
            cursor: menu.cursor,
        },
        hits,
    );
}
