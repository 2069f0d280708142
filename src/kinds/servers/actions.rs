//! What a server offers: `d` (delete when stopped, detach a data volume, leave
//! a network), `n` (create), `e` (edit), `a` (attach to a private network).

use crate::api::models::{ServerState, ServerSummary};
use crate::app::editing::{Catalog, FormAt, Selected, form};
use crate::app::forms::{network, server};
use crate::app::mutate::choice;
use crate::app::{Choice, Locality, Mode, PendingAction, State, Tab, Verb};
use crate::keymap::Command;

pub(super) fn delete_choices(state: &State, plain: &PendingAction) -> Vec<Choice> {
    match state.inventory.servers.get(&plain.id) {
        Some(s) => server_choices(state, s, plain.locality),
        None => vec![choice(plain, Ok(plain.clone()))],
    }
}

/// Delete the server, detach each data volume, leave each private network.
fn server_choices(state: &State, s: &ServerSummary, locality: Option<Locality>) -> Vec<Choice> {
    let inv = &state.inventory;
    let delete = if s.state == ServerState::Stopped {
        Ok(PendingAction {
            verb: Verb::Delete,
            tab: Tab::Servers,
            id: s.id.clone(),
            name: s.name.clone(),
            locality,
        })
    } else {
        Err(format!(
            "{} is {}: power it off first (p)",
            s.name,
            s.state.as_str()
        ))
    };
    let mut items = vec![Choice {
        label: format!("Delete server {}", s.name),
        action: delete,
    }];
    for (key, v) in &s.volumes {
        if v.boot || key == "0" {
            continue;
        }
        let name = inv
            .volumes
            .get(&v.id)
            .map(|x| x.name.clone())
            .or_else(|| v.name.clone())
            .unwrap_or_else(|| v.id.clone());
        items.push(Choice {
            label: format!("Detach volume {name}"),
            action: Ok(PendingAction {
                verb: Verb::DetachVolume {
                    server_id: s.id.clone(),
                    server_name: s.name.clone(),
                },
                tab: Tab::Volumes,
                id: v.id.clone(),
                name,
                locality,
            }),
        });
    }
    for nic in &s.private_nics {
        let network = inv
            .joins
            .network_name(&nic.private_network_id)
            .unwrap_or(&nic.private_network_id)
            .to_string();
        items.push(Choice {
            label: format!("Leave network {network}"),
            action: Ok(PendingAction {
                verb: Verb::LeaveNetwork {
                    nic_id: nic.id.clone(),
                    network_name: network,
                },
                tab: Tab::Servers,
                id: s.id.clone(),
                name: s.name.clone(),
                locality,
            }),
        });
    }
    items
}

pub(super) fn open(
    command: Command,
    selected: Selected<'_>,
    at: FormAt,
    catalog: &Catalog<'_>,
) -> Option<Result<Mode, String>> {
    match (command, selected) {
        (Command::New, _) => Some(create(at, catalog)),
        (Command::Edit, Selected::Server(s)) => Some(edit(s, at, catalog)),
        (Command::Attach, Selected::Server(s)) => Some(attach(s, at, catalog)),
        _ => None,
    }
}

fn create(at: FormAt, catalog: &Catalog<'_>) -> Result<Mode, String> {
    form(server::create(at.zone()?, catalog))
}

fn edit(s: &ServerSummary, at: FormAt, catalog: &Catalog<'_>) -> Result<Mode, String> {
    form(server::edit(
        s,
        at.zone()?,
        catalog.server_types,
        catalog.availability,
        catalog.security_groups,
    ))
}

fn attach(s: &ServerSummary, at: FormAt, catalog: &Catalog<'_>) -> Result<Mode, String> {
    form(network::attach_server(
        s,
        at.zone()?,
        catalog.private_networks,
    )?)
}
