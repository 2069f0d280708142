//! `n` `e` `a` `d` from the tables. `n`/`e`/`a` open a form with a catalog
//! built from the inventory, first fetching what it chooses from (server
//! types, images, availability, rules) when not cached. `d` decides from the
//! inventory: a refusal it already knows is explained before anything is
//! sent; otherwise a confirmation (default No) names the resource and zone.
//! Pure, like `update`.

use std::sync::Arc;

use crate::api::locality::{Zone, ZoneScope};
use crate::api::models::ServerSummary;
use crate::keymap::Command;
use crate::kinds::Needs;

use super::editing::{self, Catalog, Selected};
use super::form::Form;
use super::forms::FormSubmit;
use super::inventory::Batch;
use super::inventory::{ServerTypes, ZoneCatalog};
use super::{
    Choice, ChoiceMenu, Chosen, Effect, Locality, Mode, Outcome, PendingAction, PendingOpen, State,
    Verb,
};

/// `n`, `e` or `a` on the current tab: the form (or rule editor) opens now,
/// or once the data it needs has arrived ("loading…" meanwhile).
pub(super) fn open(state: &mut State, command: Command) -> Vec<Effect> {
    let tab = state.tab;
    let id = state.current().selected_id().map(str::to_string);
    let (waiting, effects) = match tab.api() {
        Some(api) => (api.prepare)(state, command, id.as_deref()),
        None => (Vec::new(), Vec::new()),
    };
    if !waiting.is_empty() {
        state.pending_open = Some(PendingOpen { command, tab, id });
        state.status.last_action = Some((
            format!("{}: loading {}…", command.name(), waiting.join(", ")),
            Outcome::Pending,
        ));
        return effects;
    }
    state.pending_open = None;
    clear_loading_notice(state, command);
    open_now(state, command);
    effects
}

/// `zone`'s server types when not loaded yet: waited for, and fetched
/// unless already asked for.
pub(crate) fn fetch_server_types(state: &mut State, z: Zone) -> Needs {
    let (mut waiting, mut effects) = (Vec::new(), Vec::new());
    if !state.inventory.server_types.contains_key(&z) {
        waiting.push(format!("server types of {z}"));
        if state.server_types_requested.insert(z) {
            effects.push(Effect::FetchServerTypes(z));
        }
    }
    (waiting, effects)
}

/// What of `zone`'s catalog (server types, images and availability) is not
/// loaded yet, and the fetches for what was not asked for already.
pub(crate) fn fetch_zone_catalog(state: &mut State, z: Zone) -> Needs {
    let (mut waiting, mut effects) = fetch_server_types(state, z);
    if !state.inventory.zone_catalogs.contains_key(&z) {
        waiting.push(format!("images of {z}"));
        if state.catalog_requested.insert(z) {
            effects.push(Effect::FetchZoneCatalog(z));
        }
    }
    (waiting, effects)
}

/// The "loading …" notice of a form that waited for data, once it opened or
/// was given up: it no longer describes anything in progress.
fn clear_loading_notice(state: &mut State, command: Command) {
    let prefix = format!("{}: loading ", command.name());
    if let Some((text, Outcome::Pending)) = &state.status.last_action
        && text.starts_with(&prefix)
    {
        state.status.last_action = None;
    }
}

/// Opens the form that waited for data, if the user is still on the row
/// (and in the mode) where they asked for it.
pub(super) fn retry_pending(state: &mut State) -> Vec<Effect> {
    let Some(p) = state.pending_open.take() else {
        return Vec::new();
    };
    let here = state.current().selected_id().map(str::to_string);
    if p.tab != state.tab || p.id != here || state.mode != Mode::Normal {
        clear_loading_notice(state, p.command);
        return Vec::new();
    }
    open(state, p.command)
}

/// What a form chooses from, owned (shared models), for [`Catalog`].
pub(super) struct Parts {
    types: Arc<ServerTypes>,
    zone_catalog: Arc<ZoneCatalog>,
    groups: Vec<Arc<crate::api::models::SecurityGroup>>,
    servers: Vec<Arc<ServerSummary>>,
    volumes: Vec<Arc<crate::api::models::VolumeSummary>>,
    networks: Vec<Arc<crate::api::models::PrivateNetwork>>,
    vpcs: Vec<Arc<crate::api::models::Vpc>>,
    project: Option<String>,
    shared_project: Option<String>,
    zones: Vec<Zone>,
}

impl Parts {
    /// From the inventory, with `zone`'s server types and images.
    pub(super) fn new(state: &State, zone: Option<Zone>) -> Self {
        let inv = &state.inventory;
        Parts {
            types: zone
                .and_then(|z| inv.server_types.get(&z).cloned())
                .unwrap_or_default(),
            zone_catalog: zone
                .and_then(|z| inv.zone_catalogs.get(&z).cloned())
                .unwrap_or_default(),
            groups: sorted(inv.security_groups.values(), |g| &g.name),
            servers: sorted(inv.servers.values(), |s| &s.name),
            volumes: sorted(inv.volumes.values(), |v| &v.name),
            networks: sorted(inv.private_networks.values(), |p| &p.name),
            vpcs: sorted(inv.vpcs.values(), |v| &v.name),
            project: state.project.clone(),
            shared_project: state
                .project
                .is_none()
                .then(|| editing::shared_project(inv))
                .flatten(),
            zones: match state.zone {
                ZoneScope::All => Zone::ALL.to_vec(),
                ZoneScope::One(_) => Vec::new(),
            },
        }
    }

    pub(super) fn catalog(&self) -> Catalog<'_> {
        Catalog {
            server_types: &self.types,
            availability: &self.zone_catalog.availability,
            images: &self.zone_catalog.images,
            security_groups: &self.groups,
            servers: &self.servers,
            volumes: &self.volumes,
            private_networks: &self.networks,
            vpcs: &self.vpcs,
            project: self.project.as_deref(),
            shared_project: self.shared_project.as_deref(),
            zones: &self.zones,
        }
    }
}

/// Builds the catalog and the typed selection from the inventory and opens.
fn open_now(state: &mut State, command: Command) {
    let at = editing::form_at(state, command);
    let parts = Parts::new(state, at.and_then(Locality::zone));
    let inv = &state.inventory;
    let id = state
        .current()
        .selected_id()
        .unwrap_or_default()
        .to_string();
    let selected = state
        .tab
        .api()
        .map_or(Selected::None, |api| (api.selected)(inv, &id));
    let opened = editing::open(state.tab, command, selected, at, &parts.catalog());
    editing::show(state, opened);
}

/// The edit form `submit` came from, opened on `fresh` (its resource read
/// again) with the same catalog: compared field by field with what the open
/// form started from. `None` if `fresh` holds nothing.
pub(super) fn fresh_form(state: &State, submit: &FormSubmit, fresh: &Batch) -> Option<Form> {
    let at = submit.locality();
    let zone = match at {
        Some(Locality::Zone(z)) => Some(z),
        _ => None,
    };
    let parts = Parts::new(state, zone);
    let selected = fresh.first();
    if matches!(selected, Selected::None) {
        return None;
    }
    match editing::open(submit.tab(), Command::Edit, selected, at, &parts.catalog()) {
        Ok(Mode::Form(form)) => Some(*form),
        _ => None,
    }
}

/// The models in name order, shared (a form over 10,000 servers copies none).
fn sorted<'a, T: 'a>(
    items: impl Iterator<Item = &'a Arc<T>>,
    name: impl Fn(&T) -> &str,
) -> Vec<Arc<T>> {
    let mut v: Vec<Arc<T>> = items.cloned().collect();
    v.sort_by(|a, b| name(a).cmp(name(b)));
    v
}

/// `d` on the current tab: on its marks when it has some (`bulk`).
pub(super) fn delete(state: &mut State) {
    if state.marks.count(state.tab) > 0 {
        let plan = super::bulk::plan_delete(state, state.tab);
        super::bulk::ask(state, plan);
        return;
    }
    let Some(row) = state.current().selected() else {
        return;
    };
    let tab = state.tab;
    let Some(api) = tab.api() else {
        let refusal = format!("nothing to delete on {}", tab.title());
        state.status.last_action = Some((refusal, Outcome::Refused));
        return;
    };
    let id = row.id().to_string();
    let name = row.name().into_owned();
    let locality = row.locality();
    let plain = PendingAction {
        verb: Verb::Delete,
        tab,
        id: id.clone(),
        name: name.clone(),
        locality,
    };
    let choices = (api.delete_choices)(state, &plain);
    match <[Choice; 1]>::try_from(choices) {
        Ok([only]) => decide(state, only.action),
        Err(items) => {
            let mut title = format!("{}: {name}", tab.noun());
            if let Some(l) = locality {
                title.push_str(&format!(" ({l})"));
            }
            state.mode = menu(title, items);
        }
    }
}

/// A menu of `items`, starting on the first entry that can be done
/// ("Delete server" on a running server is refused, and Enter there would
/// only say so).
pub(crate) fn menu(title: String, items: Vec<Choice>) -> Mode {
    let cursor = items.iter().position(|i| i.action.is_ok()).unwrap_or(0);
    Mode::Choose(ChoiceMenu {
        title,
        items,
        cursor,
    })
}

/// A confirmation for an action (or the form an entry opens), or the
/// refusal on the status line.
pub(super) fn decide(state: &mut State, verdict: Result<Chosen, String>) {
    match verdict {
        Ok(Chosen::Confirm(action)) => state.mode = Mode::Confirm(action),
        Ok(Chosen::Open(form)) => state.mode = Mode::Form(form),
        Err(why) => {
            state.mode = Mode::Normal;
            state.status.last_action = Some((why, Outcome::Refused));
        }
    }
}

pub(crate) fn choice(action: &PendingAction, verdict: Result<PendingAction, String>) -> Choice {
    Choice::confirm(
        format!("{} {}", action.verb.label(), action.tab.noun()),
        verdict,
    )
}

/// `d`'s one choice on a resource deleted only when nothing holds it:
/// refused with `why(holders)` while `holders` (their names) is not empty.
pub(crate) fn unless_held(
    plain: &PendingAction,
    holders: &str,
    why: impl FnOnce(&str) -> String,
) -> Vec<Choice> {
    let verdict = match holders {
        "" => Ok(plain.clone()),
        _ => Err(why(holders)),
    };
    vec![choice(plain, verdict)]
}

/// "a, b, c" in name order.
pub(crate) fn names<'a>(items: impl Iterator<Item = &'a str>) -> String {
    let mut v: Vec<&str> = items.collect();
    v.sort_unstable();
    v.dedup();
    v.join(", ")
}
