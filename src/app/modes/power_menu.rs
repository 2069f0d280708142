//! The power menu on one server: the actions its `allowed_actions` permit.

use crate::app::{Effect, Mode, Outcome, PendingAction, PowerMenu, State, Tab, Verb};
use crate::keymap::Command;

/// The power actions the menu offers, in menu order, when the API allows them.
pub(crate) const POWER_ORDER: [&str; 5] = [
    "poweron",
    "poweroff",
    "stop_in_place",
    "reboot",
    "terminate",
];

pub fn command(state: &mut State, command: Option<Command>) -> Vec<Effect> {
    if command != Some(Command::Accept) {
        super::navigate_menu(state, command);
        return Vec::new();
    }
    let Mode::PowerMenu(menu) = std::mem::take(&mut state.mode) else {
        return Vec::new();
    };
    let Some(verb) = menu.actions.get(menu.cursor) else {
        return Vec::new();
    };
    let action = PendingAction {
        verb: Verb::Power(verb.clone()),
        tab: Tab::Servers,
        id: menu.id,
        name: menu.name,
        locality: menu.locality,
    };
    // Before any confirmation: answering it would send nothing anyway.
    if super::confirm::refuse_duplicate(state, &action) {
        return Vec::new();
    }
    if verb == "terminate" {
        state.mode = Mode::TypeToConfirm {
            action,
            typed: String::new(),
        };
        return Vec::new();
    }
    super::confirm::ask_or_run(state, action)
}

/// Opens the menu on the selected server, or says why there is none.
pub fn open(state: &mut State) {
    if state.tab != Tab::Servers {
        state.status.last_action = Some((
            "the power menu is for servers (tab 1)".to_string(),
            Outcome::Info,
        ));
        return;
    }
    // With marked servers, the menu is theirs.
    if state.marks.count(Tab::Servers) > 0 {
        crate::app::bulk::open_power_menu(state);
        return;
    }
    let Some(row) = state.current().selected() else {
        return;
    };
    let allowed = row.power_actions();
    let actions: Vec<String> = POWER_ORDER
        .iter()
        .filter(|a| allowed.iter().any(|x| x == *a))
        .map(|a| a.to_string())
        .collect();
    if actions.is_empty() {
        state.status.last_action = Some((
            format!("{} allows no power action right now", row.name()),
            Outcome::Info,
        ));
        return;
    }
    state.mode = Mode::PowerMenu(PowerMenu {
        id: row.id().to_string(),
        name: row.name().into_owned(),
        locality: row.locality(),
        actions,
        cursor: 0,
    });
}
