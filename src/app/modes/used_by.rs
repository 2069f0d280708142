//! "Used by" (`u`): on a security group, a private network or a volume
//! (in its tab, or named by a row of the cost or topology view), a menu of
//! the servers using it; choosing one goes there (`jump_to`).

use crate::app::used_by::{UsedByMenu, users};
use crate::app::{Effect, Mode, Outcome, State, Tab};
use crate::keymap::Command;
use crate::kinds::{Enter, Target};

/// Opens the menu on the selected row's resource, or says why there is none.
pub fn open(state: &mut State) {
    let say = |state: &mut State, text: String| {
        state.status.last_action = Some((text, Outcome::Info));
    };
    const WHAT: &str = "used by: select a security group, a private network or a volume";
    let Some((tab, id)) = selected_resource(state) else {
        // A region, a tag or zone line, an empty table: nothing to ask about.
        say(state, WHAT.to_string());
        return;
    };
    let name = crate::app::jump::target(state, tab, &id).map_or_else(|| id.clone(), |t| t.name);
    match users(&state.inventory, tab, &id) {
        None => say(state, WHAT.to_string()),
        Some(list) if list.is_empty() => {
            say(state, format!("nothing uses {} {name}", tab.noun()));
        }
        Some(list) => {
            state.mode = Mode::UsedBy(UsedByMenu {
                title: format!("Used by: {name} ({})", tab.noun()),
                users: list,
                cursor: 0,
            });
        }
    }
}

/// The resource the selected row is, or names (a view's row, through the
/// view's Enter).
fn selected_resource(state: &State) -> Option<(Tab, String)> {
    let id = state.current().selected_id()?;
    match state.tab.kind().enter {
        Enter::Jump(target_of) => target_of(state, id).map(|t| (t.tab, t.id)),
        Enter::ToggleDetails => Some((state.tab, id.to_string())),
    }
}

pub fn command(state: &mut State, command: Option<Command>) -> Vec<Effect> {
    if command != Some(Command::Accept) {
        super::navigate_menu(state, command);
        return Vec::new();
    }
    let Mode::UsedBy(menu) = std::mem::take(&mut state.mode) else {
        return Vec::new();
    };
    let Some(user) = menu.users.into_iter().nth(menu.cursor) else {
        return Vec::new();
    };
    crate::app::jump::jump_to(
        state,
        Target {
            tab: user.tab,
            id: user.id,
            name: user.name,
            at: user.at,
        },
    )
}
