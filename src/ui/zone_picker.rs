//! The zone picker (`z`): every zone and "all", failing ones marked.

use ratatui::{Frame, layout::Rect, text::Line};

use super::safe;

use crate::api::locality::ZoneScope;
use crate::app::{Locality, State, zone_choices};

pub fn render(
    frame: &mut Frame,
    area: Rect,
    state: &State,
    cursor: usize,
    hits: &mut crate::app::mouse::Hits,
) {
    let theme = &state.theme;
    let entries: Vec<Line> = zone_choices()
        .map(|scope| {
            let failing = match scope {
                ZoneScope::One(z) => state
                    .locality_errors
                    .get(&Locality::Zone(z))
                    .or_else(|| state.locality_errors.get(&Locality::Region(z.region()))),
                ZoneScope::All => None,
            };
            let current = if scope == state.zone {
                " (current)"
            } else {
                ""
            };
            let mut spans = vec![safe::raw(format!(" {scope}{current}"))];
            if let Some(err) = failing {
                spans.push(safe::styled(format!("  ! {err}"), theme.error_text()));
            }
            Line::from(spans)
        })
        .collect();
    let title = " Zone · a letter jumps ".to_string();
    super::menu::render(
        frame,
        area,
        theme,
        super::menu::MenuView {
            title,
            width: 44,
            entries,
            cursor,
        },
        hits,
    );
}
