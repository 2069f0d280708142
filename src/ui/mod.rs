//! Pure rendering from a borrow of the state: one file per pane or dialog.
//! Nothing here does I/O or changes the state.

mod bulk_confirm;
mod bulk_report;
mod choice_menu;
mod cli;
mod command_line;
mod confirm;
mod details;
mod form;
mod header;
mod help;
pub mod layout;
mod menu;
mod missing_credentials;
mod picker;
mod power_menu;
mod raw_json;
mod rule_editor;
pub mod safe;
pub mod status;
mod table;
mod tabs;
mod used_by;
mod zone_picker;

use ratatui::Frame;

use crate::app::mouse::{Hits, Target};
use crate::app::{Mode, Screen, State};

/// Draws the whole screen for `state`.
pub fn render(frame: &mut Frame, state: &State) {
    render_with_hits(frame, state);
}

/// Draws the whole screen and tells what a click lands on where (the event
/// loop keeps it for the next mouse event).
pub fn render_with_hits(frame: &mut Frame, state: &State) -> Hits {
    let mut hits = Hits::default();
    let area = frame.area();
    if let Screen::MissingCredentials(missing) = &state.screen {
        missing_credentials::render(frame, area, state, missing);
        return hits;
    }
    let a = layout::areas(area, state.show_details, state.current().shown());
    header::render(frame, a.header, state, &mut hits);
    tabs::render(frame, a.tabs, state, &mut hits);
    match &state.mode {
        Mode::RawJson {
            title,
            text,
            scroll,
        } => {
            let body = ratatui::layout::Rect {
                height: a.table.height + a.details.height,
                ..a.table
            };
            raw_json::render(frame, body, state, title, text, *scroll);
        }
        Mode::Details => {
            let body = ratatui::layout::Rect {
                height: a.table.height + a.details.height,
                ..a.table
            };
            details::render_full(frame, body, state);
        }
        _ => {
            table::render(frame, a.table, state, &mut hits);
            hits.record(a.details, Target::Details);
            details::render(frame, a.details, state);
        }
    }
    status::render(frame, a.status, state);
    match &state.mode {
        Mode::Help { scroll } => help::render(frame, area, state, *scroll),
        Mode::Confirm(action) => confirm::render(frame, area, state, action),
        Mode::TypeToConfirm { action, typed } => {
            confirm::render_typed(frame, area, state, action, typed)
        }
        Mode::PowerMenu(menu) => power_menu::render(frame, area, state, menu, &mut hits),
        Mode::Choose(menu) => choice_menu::render(frame, area, state, menu, &mut hits),
        Mode::UsedBy(menu) => used_by::render(frame, area, state, menu, &mut hits),
        Mode::ZonePicker { cursor } => zone_picker::render(frame, area, state, *cursor, &mut hits),
        Mode::Form(f) => form::render(frame, area, &state.theme, f),
        Mode::RuleEditor(e) => rule_editor::render(frame, area, &state.theme, e),
        Mode::BulkPowerMenu(menu) => power_menu::render_bulk(frame, area, state, menu, &mut hits),
        Mode::BulkConfirm(c) => bulk_confirm::render(frame, area, state, c),
        Mode::ClearMarks { tab, count } => {
            bulk_confirm::render_clear(frame, area, state, *tab, *count)
        }
        Mode::BulkReport(report) => bulk_report::render(frame, area, state, report),
        Mode::CommandLine(line) => command_line::render(frame, area, a.status, state, line),
        Mode::Cli(view) => cli::render(frame, area, state, view),
        Mode::Normal | Mode::Filter | Mode::RawJson { .. } | Mode::Details => {}
    }
    hits
}
