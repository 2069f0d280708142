//! What a server offers: `d` (delete when stopped, keeping its volumes or
//! with them; detach a data volume, leave a network), `n` (create), `e`
//! (edit), `a` (attach a volume, join a private network).

use super::details;
use crate::api::models::{ServerState, ServerSummary};
use crate::app::editing::{Catalog, FormAt, Selected, form};
use crate::app::form::Form;
use crate::app::forms::{network, server, volume};
use crate::app::mutate::{choice, menu};
use crate::app::{Choice, Chosen, Locality, Mode, PendingAction, State, Tab, Verb};
use crate::keymap::Command;
use crate::kinds::{Needs, Opened, Opening};

/// What a server form needs first: a new server offers the types, images
/// and groups of its zone; editing a stopped one offers its zone's types.
pub(super) fn prepare(state: &mut State, command: Command, id: Option<&str>) -> Needs {
    if command == Command::New
        && let Some(Locality::Zone(z)) = crate::app::editing::form_at(state, command)
    {
        return crate::app::mutate::fetch_zone_catalog(state, z);
    }
    if command == Command::Edit
        && let Some(s) = id.and_then(|i| state.inventory.servers.get(i))
        && s.state == ServerState::Stopped
        && let Ok(z) = s.zone.parse::<crate::api::locality::Zone>()
    {
        return crate::app::mutate::fetch_server_types(state, z);
    }
    (Vec::new(), Vec::new())
}

pub(super) fn delete_choices(state: &State, plain: &PendingAction) -> Vec<Choice> {
    match state.inventory.servers.get(&plain.id) {
        Some(s) => server_choices(state, s, plain.locality),
        None => vec![choice(plain, Ok(plain.clone()))],
    }
}

/// Delete the server (keeping its volumes, or with its Block volumes),
/// detach each data volume, leave each private network.
fn server_choices(state: &State, s: &ServerSummary, locality: Option<Locality>) -> Vec<Choice> {
    let inv = &state.inventory;
    let action = |verb| PendingAction {
        verb,
        tab: Tab::Servers,
        id: s.id.to_string(),
        name: s.name.to_string(),
        locality,
    };
    let mut items = Vec::new();
    let block: Vec<(String, String)> = details::server_volumes_named(state, s)
        .into_iter()
        .filter(|v| v.is_block())
        .map(|v| (v.id, v.name))
        .collect();
    if s.state != ServerState::Stopped {
        let why = format!("{} is {}: power it off first (p)", s.name, s.state.as_str());
        items.push(Choice::confirm(
            format!("Delete server {}", s.name),
            Err(why),
        ));
    } else if block.is_empty() {
        items.push(Choice::confirm(
            format!("Delete server {}", s.name),
            Ok(action(Verb::Delete)),
        ));
    } else {
        // The API keeps the volumes of a deleted server: say so, and offer
        // to delete them too (the scw CLI's `with-volumes`).
        let kept = match s.volumes.len() {
            1 => "volume".to_string(),
            n => crate::app::status::count(n, "volume"),
        };
        items.push(Choice::confirm(
            format!("Delete server {}, keep its {kept}", s.name),
            Ok(action(Verb::Delete)),
        ));
        let noun = if block.len() == 1 {
            "volume"
        } else {
            "volumes"
        };
        items.push(Choice::confirm(
            format!("Delete server {} and its Block {noun}", s.name),
            Ok(action(Verb::DeleteWithVolumes { volumes: block })),
        ));
    }
    for v in &s.volumes {
        if v.boot || v.slot == "0" {
            continue;
        }
        let name = v.label(inv.volumes.get(&v.id).map(|b| &**b));
        items.push(Choice::confirm(
            format!("Detach volume {name}"),
            Ok(PendingAction {
                verb: Verb::DetachVolume {
                    server_id: s.id.to_string(),
                    server_name: s.name.to_string(),
                },
                tab: Tab::Volumes,
                id: v.id.to_string(),
                name,
                locality,
            }),
        ));
    }
    for nic in &s.private_nics {
        let network = inv
            .joins
            .network_name(&nic.private_network_id)
            .unwrap_or(&nic.private_network_id)
            .to_string();
        items.push(Choice::confirm(
            format!("Leave network {network}"),
            Ok(action(Verb::LeaveNetwork {
                nic_id: nic.id.to_string(),
                network_name: network,
            })),
        ));
    }
    items
}

pub(super) fn open(o: Opening<'_>) -> Option<Opened> {
    let (at, catalog) = (o.at, o.catalog);
    match (o.command, o.selected) {
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

/// `a` on a server: a menu of what attaches to it, each entry opening its
/// picker (or saying why there is nothing to pick).
fn attach(s: &ServerSummary, at: FormAt, catalog: &Catalog<'_>) -> Result<Mode, String> {
    let zone = at.zone()?;
    let open = |form: Result<Form, String>| form.map(|f| Chosen::Open(Box::new(f)));
    let items = vec![
        Choice {
            label: "Attach a volume".into(),
            action: open(volume::attach_to_server(s, zone, catalog.volumes)),
        },
        Choice {
            label: "Join a private network".into(),
            action: open(network::attach_server(s, zone, catalog.private_networks)),
        },
    ];
    Ok(menu(format!("attach to server {} ({zone})", s.name), items))
}
