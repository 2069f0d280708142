//! Screen geometry: the main screen's areas, and the table's page size that
//! `update` pages by (sent to it in `Action::Resize`).

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

/// Height of the detail pane for a terminal `height` rows tall.
fn details_height(height: u16, show_details: bool) -> u16 {
    match (show_details, height) {
        (false, _) => 0,
        (true, h) if h >= 40 => 12,
        (true, h) if h >= 20 => 7,
        (true, _) => 0,
    }
}

pub fn areas(area: Rect, show_details: bool) -> Areas {
    let [header, tabs, table, details, status] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Length(1),
        Constraint::Min(2),
        Constraint::Length(details_height(area.height, show_details)),
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

/// How many data rows the table shows on a `width` x `height` terminal (the
/// table's own header row excluded).
fn table_page(width: u16, height: u16, show_details: bool) -> usize {
    let a = areas(Rect::new(0, 0, width, height), show_details);
    usize::from(a.table.height.saturating_sub(1)).max(1)
}

/// A `width` x `height` terminal, measured for `Action::Resize`.
pub fn viewport(width: u16, height: u16) -> Viewport {
    Viewport {
        width,
        height,
        table_rows: Some((
            table_page(width, height, true),
            table_page(width, height, false),
        )),
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
