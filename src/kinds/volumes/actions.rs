//! What a volume offers: `d` (delete when free, detach from its server unless
//! it is the root volume), `n` (create), `e` (edit), `a` (attach to a server).

use crate::api::models::VolumeSummary;
use crate::app::editing::{Catalog, FormAt, Selected, form};
use crate::app::forms::volume;
use crate::app::{Choice, Mode, PendingAction, State, Verb};
use crate::keymap::Command;
use crate::kinds::{Opened, Opening};

pub(super) fn delete_choices(state: &State, plain: &PendingAction) -> Vec<Choice> {
    let inv = &state.inventory;
    let (id, name) = (&plain.id, &plain.name);
    let verdict = match inv.volumes.get(id).and_then(|v| v.attached_server_id()) {
        None => Ok(plain.clone()),
        Some(sid) => {
            let server = inv.servers.get(sid);
            let server_name = server.map_or(sid, |s| s.name.as_str());
            let root = server.is_some_and(|s| {
                s.volumes
                    .iter()
                    .any(|v| v.id == *id && (v.boot || v.slot == "0"))
            });
            if root {
                Err(format!(
                    "{name} is in use by {server_name} (its root volume)"
                ))
            } else {
                Ok(PendingAction {
                    verb: Verb::DetachVolume {
                        server_id: sid.to_string(),
                        server_name: server_name.to_string(),
                    },
                    ..plain.clone()
                })
            }
        }
    };
    vec![Choice::confirm(String::new(), verdict)]
}

pub(super) fn open(o: Opening<'_>) -> Option<Opened> {
    let (at, catalog) = (o.at, o.catalog);
    match (o.command, o.selected) {
        (Command::New, _) => Some(create(at, catalog)),
        (Command::Edit, Selected::Volume(v)) => Some(edit(v, at)),
        (Command::Attach, Selected::Volume(v)) => Some(attach(v, at, catalog)),
        _ => None,
    }
}

fn create(at: FormAt, catalog: &Catalog<'_>) -> Result<Mode, String> {
    form(volume::create(at.zone()?, catalog))
}

fn edit(v: &VolumeSummary, at: FormAt) -> Result<Mode, String> {
    form(volume::edit(v, at.zone()?))
}

fn attach(v: &VolumeSummary, at: FormAt, catalog: &Catalog<'_>) -> Result<Mode, String> {
    form(volume::attach(v, at.zone()?, catalog.servers)?)
}
