//! What a VPC offers: `d` (delete when it holds no private network), `n`
//! (create), `e` (edit); nothing attaches to a VPC.

use crate::app::editing::{Selected, form};
use crate::app::forms::network;
use crate::app::mutate::{names, unless_held};
use crate::app::{Choice, PendingAction, State};
use crate::keymap::Command;
use crate::kinds::{Opened, Opening};

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
    unless_held(plain, &held, |held| {
        format!("{name} holds private networks {held}: delete them first")
    })
}

pub(super) fn open(o: Opening<'_>) -> Option<Opened> {
    let (at, catalog) = (o.at, o.catalog);
    Some(match (o.command, o.selected) {
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
