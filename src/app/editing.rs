//! Glue between the dashboard and the editing layer: which form `n`/`e`/`a`
//! opens on which tab, and what happens when the API answers (keys while a
//! form is open: `modes::form`). Pure, like `update`.

use std::collections::BTreeMap;
use std::sync::Arc;

use super::forms::{Applied, FormSubmit, SubmitError};
use super::unknown_create::UnknownCreate;
use super::{Locality, Mode, Outcome, State, Tab, UserError};
use crate::api::locality::{Region, Zone};
use crate::api::models::{
    Image, PrivateNetwork, SecurityGroup, SecurityGroupRule, ServerSummary, ServerType,
    ServerTypeAvailability, VolumeSummary, Vpc,
};
use crate::keymap::Command;

/// What the forms choose from, for the zone/region of the form. Lists may hold
/// other zones' items; forms keep those of the right zone/region where it
/// matters (servers for an attach, PNs and VPCs of the region).
#[derive(Debug, Clone, Copy)]
pub struct Catalog<'a> {
    /// `GET /instance/v1/zones/{zone}/products/servers` (all pages merged).
    pub server_types: &'a BTreeMap<String, ServerType>,
    /// `GET .../products/servers/availability`.
    pub availability: &'a BTreeMap<String, ServerTypeAvailability>,
    /// `GET /instance/v1/zones/{zone}/images` (e.g. public, arch-matching).
    pub images: &'a [Image],
    pub security_groups: &'a [Arc<SecurityGroup>],
    pub servers: &'a [Arc<ServerSummary>],
    pub volumes: &'a [Arc<VolumeSummary>],
    pub private_networks: &'a [Arc<PrivateNetwork>],
    pub vpcs: &'a [Arc<Vpc>],
    /// The configured default project (`default_project_id`).
    pub project: Option<&'a str>,
    /// The project every resource in view belongs to, when they share one:
    /// a create form's project field starts with it (no `project`).
    pub shared_project: Option<&'a str>,
    /// The zones a create form offers under zone "all" (a zone field); empty
    /// under one zone, whose name the form's title carries.
    pub zones: &'a [Zone],
}

/// The project every resource in the inventory (what is in view) belongs
/// to, when they all share one and there is at least one.
pub fn shared_project(inventory: &super::Inventory) -> Option<String> {
    let inv = inventory;
    let mut projects = inv
        .servers
        .values()
        .map(|s| s.project.as_str())
        .chain(inv.volumes.values().map(|v| v.project_id.as_str()))
        .chain(
            inv.security_groups
                .values()
                .filter_map(|g| g.project.as_deref()),
        )
        .chain(inv.private_networks.values().map(|p| p.project_id.as_str()))
        .chain(inv.vpcs.values().map(|v| v.project_id.as_str()))
        .filter(|p| !p.is_empty());
    let first = projects.next()?;
    projects.all(|p| p == first).then(|| first.to_string())
}

/// The selected row, typed.
#[derive(Debug, Clone, Copy)]
pub enum Selected<'a> {
    None,
    Server(&'a ServerSummary),
    Volume(&'a VolumeSummary),
    /// A group and its rules (`GET .../security_groups/{id}/rules`), needed for
    /// the rule editor only.
    SecurityGroup(&'a SecurityGroup, Option<&'a [SecurityGroupRule]>),
    PrivateNetwork(&'a PrivateNetwork),
    Vpc(&'a Vpc),
}

/// The mode to enter for `command` (`New`, `Edit`, `Attach`) on `tab`, or why
/// there is none. `at` is the selected row's zone/region, or the single zone in
/// scope for `New`. On the security-groups tab `Attach` opens the rule editor.
pub fn open(
    tab: Tab,
    command: Command,
    selected: Selected<'_>,
    at: Option<Locality>,
    catalog: &Catalog<'_>,
) -> Result<Mode, String> {
    let Some(api) = tab.api() else {
        return Err(format!(
            "{} opens no form on {}",
            command.name(),
            tab.title()
        ));
    };
    let need_row = || format!("select a {} first", tab.noun());
    let at = FormAt(at);
    match (api.open)(crate::kinds::Opening {
        command,
        selected,
        at,
        catalog,
    }) {
        Some(opened) => opened,
        None if matches!(command, Command::Edit | Command::Attach) => Err(need_row()),
        None => Err(format!("{} opens no form", command.name())),
    }
}

/// Where a form works: the selected row's zone or region, or the single zone
/// in scope for `New`.
#[derive(Debug, Clone, Copy)]
pub struct FormAt(pub Option<Locality>);

impl FormAt {
    pub fn zone(self) -> Result<Zone, String> {
        match self.0 {
            Some(Locality::Zone(z)) => Ok(z),
            _ => Err("pick a single zone first (z)".to_string()),
        }
    }

    pub fn region(self) -> Result<Region, String> {
        self.0
            .map(Locality::region)
            .ok_or_else(|| "pick a single zone first (z)".to_string())
    }
}

/// A form as the mode to enter.
pub fn form(f: super::form::Form) -> Result<Mode, String> {
    Ok(Mode::Form(Box::new(f)))
}

/// Where `command` opens its form: `New` in the single zone in scope, or
/// under "all" in the selected row's zone (the form then asks, starting
/// there; the first zone without a row); `Edit`/`Attach` where the selected
/// row lives.
pub fn form_at(state: &State, command: Command) -> Option<Locality> {
    use crate::api::locality::ZoneScope;
    let row_at = state.current().selected().and_then(|r| r.locality());
    match (command, state.zone) {
        (Command::New, ZoneScope::One(z)) => Some(Locality::Zone(z)),
        (Command::New, ZoneScope::All) => Some(row_at.unwrap_or(Locality::Zone(Zone::ALL[0]))),
        _ => row_at,
    }
}

/// After a key in a form: a create form whose zone field now names another
/// zone takes that zone's catalog, fetching what is not loaded (its pickers
/// say they are loading meanwhile).
pub fn follow_form_zone(state: &mut State) -> Vec<super::Effect> {
    let Mode::Form(form) = &state.mode else {
        return Vec::new();
    };
    let super::forms::FormKind::CreateServer { zone, .. } = &form.kind else {
        return Vec::new();
    };
    let Ok(chosen) = form.value("zone").parse::<Zone>() else {
        return Vec::new();
    };
    if chosen == *zone {
        return Vec::new();
    }
    let (_, effects) = super::mutate::fetch_zone_catalog(state, chosen);
    catalog_arrived(state, chosen);
    effects
}

/// Some of `zone`'s catalog arrived (or the form's zone changed): an open
/// create-server form in that zone offers what is loaded of it.
pub(super) fn catalog_arrived(state: &mut State, zone: Zone) {
    let in_zone = |f: &super::form::Form| match f.kind {
        super::forms::FormKind::CreateServer { zone: at, .. } => {
            super::forms::zone_of(f, at) == zone
        }
        _ => false,
    };
    if !matches!(&state.mode, Mode::Form(f) if in_zone(f)) {
        return;
    }
    let parts = super::mutate::Parts::new(state, Some(zone));
    if let Mode::Form(form) = &mut state.mode {
        super::forms::server::follow_zone(form, zone, &parts.catalog());
        state.dirty = true;
    }
}

/// Opens the form for `command` on the current tab, or says on the status
/// line why there is none.
pub fn open_for(
    state: &mut State,
    command: Command,
    selected: Selected<'_>,
    catalog: &Catalog<'_>,
) {
    let opened = open(
        state.tab,
        command,
        selected,
        form_at(state, command),
        catalog,
    );
    show(state, opened);
}

/// Enters the opened mode, or says on the status line why there is none.
pub fn show(state: &mut State, opened: Result<Mode, String>) {
    match opened {
        Ok(mode) => state.mode = mode,
        Err(why) => state.status.last_action = Some((why, Outcome::Refused)),
    }
    state.dirty = true;
}

/// The API answered a form's request. Success closes the form (if it is still
/// the one waiting) and returns `true` so the caller refreshes `submit.tab()`;
/// failure keeps the form open with the messages placed by the fields (and
/// returns `true` too when a create's outcome is unknown, to find out). A
/// follow-up step that failed after the request was applied (power-on after
/// create) still closes the form, so the resource is not created twice.
pub(super) fn submitted(
    state: &mut State,
    submit: &FormSubmit,
    result: Result<Applied, SubmitError>,
) -> bool {
    let waiting = match &state.mode {
        Mode::Form(f) => f.sending,
        Mode::RuleEditor(e) => e.sending,
        _ => false,
    };
    let marked: Vec<String> = super::pending::submit_marks(submit)
        .into_iter()
        .map(|(id, _)| id)
        .collect();
    match result {
        Ok(applied) => {
            if waiting {
                state.mode = Mode::Normal;
            }
            for id in &marked {
                super::status::succeeded(state, id);
            }
            super::pending::accept(state, marked);
            state.status.last_action = Some(match applied.follow_up_error {
                None => (super::status::describe(state, submit), Outcome::Succeeded),
                Some(e) => (partly_done(submit, &e), Outcome::Failed),
            });
            true
        }
        Err(e) => {
            let about = marked.first().cloned();
            super::pending::fail(state, marked);
            // A lost create may have made the resource: the refresh asked
            // for below tells, and the form asks before sending it again.
            let unknown = e
                .outcome_unknown
                .then(|| UnknownCreate::new(submit, state.table(submit.tab()).rows()))
                .flatten();
            let refresh = unknown.is_some();
            match &mut state.mode {
                Mode::Form(f) if f.sending => {
                    f.apply_error(&e.message, &e.fields);
                    match unknown {
                        Some(u) => {
                            f.message = Some(format!("{} — {}", e.message, u.status()));
                            f.unknown = Some(u);
                        }
                        // A plain "no" to a resend: an earlier lost create
                        // is still unknown, so the next Enter asks again.
                        None => {
                            if let Some(u) = &mut f.unknown {
                                u.asked = false;
                            }
                        }
                    }
                }
                Mode::RuleEditor(r) if r.sending => r.apply_error(&e.message, &e.fields),
                _ => {}
            }
            state.status.last_action =
                Some((super::status::describe(state, submit), Outcome::Failed));
            state.status.last_error = Some(UserError {
                message: e.message,
                fields: e.fields.into_iter().map(|(f, _)| f).collect(),
            });
            state.status.error_about = about.map(super::status::About::Resource);
            refresh
        }
    }
}

/// "server web-1 created, but power-on failed: <why>".
fn partly_done(submit: &FormSubmit, error: &str) -> String {
    match submit {
        FormSubmit::CreateServer { request, .. } => {
            format!(
                "server {} created, but power-on failed: {error}",
                request.name
            )
        }
        other => format!("{} done, but: {error}", other.describe()),
    }
}

/// A refresh of `tab` came: a form whose create's outcome is unknown now
/// says whether the resource is there.
pub(super) fn refreshed(state: &mut State, tab: Tab) {
    let Mode::Form(form) = &mut state.mode else {
        return;
    };
    let Some(unknown) = form.unknown.as_mut().filter(|u| u.tab == tab) else {
        return;
    };
    if form.sending {
        return;
    }
    unknown.refreshed(state.tables[tab.index()].rows());
    form.message = Some(if unknown.asked {
        unknown.question()
    } else {
        unknown.status()
    });
    state.dirty = true;
}

/// The resource an edit form changes was read again (`Effect::Recheck`):
/// unchanged on the API, the request goes out; changed, the form shows which
/// fields and the next Enter sends. If it could not be read, the form says so
/// and the next Enter sends without the check.
pub(super) fn rechecked(
    state: &mut State,
    submit: FormSubmit,
    result: Result<crate::app::Batch, UserError>,
) -> Vec<super::Effect> {
    state.dirty = true;
    let fresh = match &result {
        Ok(batch) => super::mutate::fresh_form(state, &submit, batch),
        Err(_) => None,
    };
    let Mode::Form(form) = &mut state.mode else {
        return Vec::new();
    };
    if !form.sending {
        // Cancelled meanwhile.
        return Vec::new();
    }
    let drift = match (&fresh, &result) {
        (Some(fresh), _) => form.drift(fresh),
        (None, Err(e)) => {
            form.sending = false;
            form.rechecked = true;
            form.message = Some(format!(
                "could not read it again to check for changes made elsewhere ({}); \
                 Enter sends without the check",
                e.message
            ));
            state.status.last_action = Some((submit.describe(), Outcome::Failed));
            return Vec::new();
        }
        // Read, but gone or not a form any more: the API will say.
        (None, Ok(_)) => Vec::new(),
    };
    if drift.is_empty() {
        return super::modes::form::send(state, submit);
    }
    if let Some(fresh) = &fresh {
        form.rechecked(fresh, &drift);
    }
    state.status.last_action = Some((
        format!("{}: changed elsewhere, not sent", submit.describe()),
        Outcome::Refused,
    ));
    Vec::new()
}
