//! The tables: moving, sorting, filtering, switching tabs and zones, and the
//! keys that open the other modes.

use crate::api::locality::{Zone, ZoneScope};
use crate::app::{Effect, Mode, Outcome, State, Tab, mutate, schedule};
use crate::keymap::Command;

pub fn command(state: &mut State, command: Command) -> Vec<Effect> {
    if command.is_mutating() && state.read_only {
        state.status.last_action = Some((
            format!(
                "read-only mode: \"{}\" is disabled (started with --read-only)",
                command.name()
            ),
            Outcome::Refused,
        ));
        return Vec::new();
    }
    let tab = state.tab;
    match command {
        Command::Tab(n) => {
            if let Some(t) = Tab::from_number(n) {
                return switch_tab(state, t);
            }
        }
        Command::NextTab => {
            let t = Tab::ALL[(tab.index() + 1) % Tab::ALL.len()];
            return switch_tab(state, t);
        }
        Command::PrevTab => {
            let t = Tab::ALL[(tab.index() + Tab::ALL.len() - 1) % Tab::ALL.len()];
            return switch_tab(state, t);
        }
        Command::PickZone => {
            let cursor = super::zone_picker::zone_choices()
                .position(|z| z == state.zone)
                .unwrap_or(0);
            state.mode = Mode::ZonePicker { cursor };
        }
        Command::NextZone => return set_zone(state, step_zone(state.zone, 1)),
        Command::PrevZone => return set_zone(state, step_zone(state.zone, -1)),
        Command::Up => state.table_mut(tab).move_by(-1),
        Command::Down => state.table_mut(tab).move_by(1),
        Command::Top => state.table_mut(tab).top(),
        Command::Bottom => state.table_mut(tab).bottom(),
        Command::PageUp => state.table_mut(tab).page_by(-1),
        Command::PageDown => state.table_mut(tab).page_by(1),
        Command::Filter => state.mode = Mode::Filter,
        // Esc: stops a bulk run, else asks to clear the marks, else clears
        // the filter.
        Command::Back if crate::app::bulk::running(state) => crate::app::bulk::cancel(state),
        Command::Back if state.marks.count(tab) > 0 => crate::app::marks::ask_clear(state),
        Command::Back => state.table_mut(tab).set_filter(""),
        Command::Mark => crate::app::marks::toggle(state),
        Command::MarkAll => crate::app::marks::toggle_shown(state),
        Command::SortNext => state.table_mut(tab).cycle_sort(),
        Command::SortReverse => state.table_mut(tab).reverse_sort(),
        Command::Details => {
            if let Some(effects) = crate::app::jump::on_enter(state) {
                return effects;
            }
            state.show_details = !state.show_details;
            apply_page(state);
        }
        Command::DetailsFull => {
            if state.current().selected().is_some() {
                state.mode = Mode::Details;
            }
        }
        Command::DetailsUp => super::super::details_view::scroll_by(state, -1),
        Command::DetailsDown => super::super::details_view::scroll_by(state, 1),
        Command::RawJson => {
            // On a view's row, the API object of the resource it names.
            let named = match (tab.kind().enter, state.current().selected_id()) {
                (crate::kinds::Enter::Jump(target_of), Some(id)) => match target_of(state, id) {
                    Some(t) => crate::app::jump::row_of(state, t.tab, &t.id).map(|r| (t.tab, r)),
                    None => {
                        let said = "no API object behind this line".to_string();
                        state.status.last_action = Some((said, Outcome::Info));
                        return Vec::new();
                    }
                },
                _ => state.current().selected().map(|r| (tab, r)),
            };
            if let Some((tab, row)) = named {
                let title = format!("{} {}", tab.noun(), row.name());
                // The exact API object when it has a path; else what the row has.
                let (text, effects) = match row.api_path() {
                    Some(path) => (
                        String::new(),
                        vec![Effect::FetchRaw {
                            title: title.clone(),
                            path,
                        }],
                    ),
                    None => (row.raw_json(), Vec::new()),
                };
                state.mode = Mode::RawJson {
                    title,
                    text,
                    scroll: 0,
                };
                return effects;
            }
        }
        Command::CopyId => {
            if let Some(id) = state.current().selected_id() {
                return vec![Effect::Copy(id.to_string())];
            }
        }
        Command::Refresh => {
            state.status.last_action = Some(("refresh".to_string(), Outcome::Pending));
            state.status.last_error = None;
            // Rules are re-read for the groups looked at next.
            state.rules_requested.clear();
            state.inventory.rules.clear();
            return schedule::fetch_all(state);
        }
        Command::TogglePause => state.paused = !state.paused,
        Command::PowerMenu => super::power_menu::open(state),
        Command::Delete => mutate::delete(state),
        Command::New | Command::Edit | Command::Attach => {
            return mutate::open(state, command);
        }
        Command::UsedBy => super::used_by::open(state),
        Command::Expand | Command::Collapse | Command::OpenNode | Command::GoTo => {
            return super::tree::command(state, command);
        }
        Command::Help => state.mode = Mode::Help { scroll: 0 },
        Command::Quit => state.quit = true,
        Command::CommandLine => super::command_line::open(state),
        Command::Shell => return crate::app::shell::open(state),
        Command::Cli => return crate::app::cli_equivalent::show_selected(state),
        // Commands of the other modes' sections; a user may bind them here,
        // where they mean nothing.
        Command::Accept
        | Command::Yes
        | Command::No
        | Command::NextField
        | Command::PrevField
        | Command::Submit
        | Command::MoveUp
        | Command::MoveDown
        | Command::Apply
        | Command::CursorLeft
        | Command::CursorRight
        | Command::LineStart
        | Command::LineEnd
        | Command::DeleteBack
        | Command::DeleteForward
        | Command::DeleteWord
        | Command::ClearLine
        | Command::Complete
        | Command::CompleteBack => {}
    }
    Vec::new()
}

pub(crate) fn switch_tab(state: &mut State, tab: Tab) -> Vec<Effect> {
    state.tab = tab;
    if state.mode == Mode::Filter {
        state.mode = Mode::Normal;
    }
    if !state.table(tab).is_loaded() && !state.fetches.in_flight(tab) {
        return schedule::fetch(state, tab, None);
    }
    Vec::new()
}

fn step_zone(scope: ZoneScope, step: isize) -> ZoneScope {
    // The bar is every zone (`Zone::ALL`) then "all", cyclic.
    let n = Zone::ALL.len() as isize + 1;
    let pos = match scope {
        ZoneScope::One(z) => Zone::ALL.iter().position(|x| *x == z).unwrap_or(0) as isize,
        ZoneScope::All => n - 1,
    };
    let next = (pos + step).rem_euclid(n) as usize;
    Zone::ALL
        .get(next)
        .map_or(ZoneScope::All, |z| ZoneScope::One(*z))
}

/// Shows `scope`: the tables start over, every tab is fetched again.
pub fn set_zone(state: &mut State, scope: ZoneScope) -> Vec<Effect> {
    if scope == state.zone {
        return Vec::new();
    }
    state.zone = scope;
    state.locality_errors.clear();
    state.fetches.clear();
    state.polls.clear();
    for t in &mut state.tables {
        t.clear();
    }
    super::super::events::scope_left(state);
    state.inventory.clear();
    state.rules_requested.clear();
    crate::app::rebuild::build_ready_views(state);
    let mut effects = schedule::fetch_all(state);
    effects.extend(schedule::fetch_server_types(state));
    effects
}

/// Sets the tables' page size from the measured viewport (with or without
/// the details pane).
pub fn apply_page(state: &mut State) {
    let Some(rows) = state.viewport.table_rows(state.show_details) else {
        return;
    };
    for t in &mut state.tables {
        t.set_page(rows);
    }
}
