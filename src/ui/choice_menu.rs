//! The delete/detach menu of one resource; refused entries are greyed and
//! say why when chosen.

use ratatui::{Frame, layout::Rect};

use super::safe;

use crate::app::{ChoiceMenu, State};

pub fn render(
    frame: &mut Frame,
    area: Rect,
    state: &State,
    menu: &ChoiceMenu,
    hits: &mut crate::app::mouse::Hits,
) {
    let theme = &state.theme;
    let width = menu
        .items
        .iter()
        .map(|i| i.label.chars().count() + 5)
        .chain([menu.title.chars().count() + 4, 30])
        .max()
        .unwrap_or(30)
        .min(area.width as usize) as u16;
    let entries = menu
        .items
        .iter()
        .map(|i| {
            let style = if i.action.is_ok() {
                theme.error_text()
            } else {
                theme.muted()
            };
            safe::line_styled(format!(" {}", i.label), style)
        })
        .collect();
    let title = format!(" {} ", menu.title);
    super::menu::render(
        frame,
        area,
        theme,
        super::menu::MenuView {
            title,
            width,
            entries,
            cursor: menu.cursor,
        },
        hits,
    );
}
