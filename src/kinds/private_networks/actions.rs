//! What a private network offers: `d` (delete when no server has a NIC on
//! it), `n` (create in a VPC), `e` (edit), `a` (attach a server of its
//! region).

use crate::app::editing::{Selected, form};
use crate::app::forms::network;
use crate::app::mutate::{names, unless_held};
use crate::app::{Choice, PendingAction, State};
use crate::keymap::Command;
use crate::kinds::{Opened, Opening};

pub(super) fn delete_choices(state: &State, plain: &PendingAction) -> Vec<Choice> {
    let (id, name) = (&plain.id, &plain.name);
    let users = names(
        state
            .inventory
            .joins
            .network_servers
            .get(id)
            .into_iter()
            .flatten()
            .map(|s| s.name.as_str()),
    );
    unless_held(plain, &users, |users| {
        format!("{name} has private NICs of {users}: detach them first")
    })
}

pub(super) fn open(o: Opening<'_>) -> Option<Opened> {
    let (at, catalog) = (o.at, o.catalog);
    Some(match (o.command, o.selected) {
        (Command::New, _) => at
            .region()
            .and_then(|r| form(network::create_private_network(r, catalog))),
        (Command::Edit, Selected::PrivateNetwork(pn)) => at
            .region()
            .and_then(|r| form(network::edit_private_network(pn, r))),
        (Command::Attach, Selected::PrivateNetwork(pn)) => at
            .region()
            .and_then(|r| form(network::attach_to_network(pn, r, catalog.servers)?)),
        _ => return None,
    })
}
