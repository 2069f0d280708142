//! What a VPC offers: `d` (delete when it holds no private network), `n`
//! (create), `e` (edit); nothing attaches to a VPC.

use crate::app::editing::{Catalog, FormAt, Selected, form};
use crate::app::forms::network;
use crate::app::mutate::{choice, names};
use crate::app::{Choice, Mode, PendingAction, State};
use crate::keymap::Command;

pub(super) fn delete_choices(state: &State, plain: &PendingAction) -> Vec<Choice> {
    let (id, name) = (&plain.id, &plain.name);
    let held = names(
        state
            .inventory
            .private_networks
            .values()
            .filter(|p| p.vpc_id == *id)
            .map(|p| p.name.as_str()),
    );
    let verdict = if held.is_empty() {
        Ok(plain.clone())
    } else {
        Err(format!(
            "{name} holds private networks {held}: delete them first"
        ))
    };
    vec![choice(plain, verdict)]
}

pub(super) fn open(
    command: Command,
    selected: Selected<'_>,
    at: FormAt,
    catalog: &Catalog<'_>,
) -> Option<Result<Mode, String>> {
    Some(match (command, selected) {
        (Command::New, _) => at
            .region()
            .and_then(|r| form(network::create_vpc(r, catalog))),
        (Command::Edit, Selected::Vpc(v)) => {
            at.region().and_then(|r| form(network::edit_vpc(v, r)))
        }
        (Command::Attach, _) => Err("nothing attaches to a VPC".into()),
        _ => return None,
    })
}
