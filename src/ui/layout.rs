//! Screen geometry: the main screen's areas, and the table's page size that
//! `update` pages by (sent to it in `Action::Resize`). The split between the
//! table and the details pane is `Viewport::split`, so `update` scrolls the
//! pane by the same numbers the screen shows.

use ratatui::layout::{Constraint, Layout, Rect};

use crate::app::Viewport;

/// The main screen's areas, top to bottom.
pub struct Areas {
    pub header: Rect,
    pub tabs: Rect,
    pub table: Rect,
    pub details: Rect,
    pub status: Rect,
}

/// The header, the tab bar and the status line.
const CHROME: u16 = 3;

/// The smallest height of the detail pane for a terminal `height` rows tall
/// (it grows into what the table's rows leave free).
fn details_min(height: u16, show_details: bool) -> u16 {
    match (show_details, height) {
        (false, _) => 0,
        (true, h) if h >= 40 => 12,
        (true, h) if h >= 20 => 7,
        (true, _) => 0,
    }
}

/// The areas of a `area`-sized screen whose table has `rows` rows to show.
pub fn areas(area: Rect, show_details: bool, rows: usize) -> Areas {
    let (table_h, details_h) = viewport(area.width, area.height).split(rows, show_details);
    let [header, tabs, table, details, status] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Length(1),
        Constraint::Length(table_h),
        Constraint::Length(details_h),
        Constraint::Length(1),
    ])
    .areas(area);
    Areas {
        header,
        tabs,
        table,
        details,
        status,
    }
}

/// How many data rows the table shows at most on a terminal `height` rows
/// tall (the table's own header row excluded).
fn table_page(height: u16, show_details: bool) -> usize {
    let body = height.saturating_sub(CHROME);
    let table = body
        .saturating_sub(details_min(height, show_details))
        .max(2);
    usize::from(table - 1)
}

/// A `width` x `height` terminal, measured for `Action::Resize`.
pub fn viewport(width: u16, height: u16) -> Viewport {
    Viewport {
        width,
        height,
        table_rows: Some((table_page(height, true), table_page(height, false))),
    }
}

/// A rectangle of at most `width` x `height`, centred in `area`.
pub fn centered(area: Rect, width: u16, height: u16) -> Rect {
    let w = width.min(area.width);
    let h = height.min(area.height);
    Rect::new(
        area.x + (area.width - w) / 2,
        area.y + (area.height - h) / 2,
        w,
        h,
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_details_pane_takes_the_height_the_rows_leave() {
        let screen = Rect::new(0, 0, 160, 48);
        // 5 rows: the table is 6 lines, the pane the other 39.
        let a = areas(screen, true, 5);
        assert_eq!((a.table.height, a.details.height), (6, 39));
        // Many rows: the pane keeps its smallest size, the table pages.
        let a = areas(screen, true, 500);
        assert_eq!((a.table.height, a.details.height), (33, 12));
        assert_eq!(viewport(160, 48).table_rows, Some((32, 44)));
        // Hidden pane: the table takes it all.
        let a = areas(screen, false, 5);
        assert_eq!((a.table.height, a.details.height), (45, 0));
        // Loading (no rows): the table keeps a line for its message.
        let a = areas(Rect::new(0, 0, 80, 24), true, 0);
        assert_eq!((a.table.height, a.details.height), (2, 19));
    }
}
