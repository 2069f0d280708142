//! Results arriving from the executor: fetched data goes into the inventory
//! and the tables, answers to actions and forms settle their rows.

use super::inventory::covered;
use super::{
    Action, Effect, Locality, Mode, Outcome, RequestId, State, Tab, UserError, Verb, schedule,
};

/// Applies a result action (anything but keys, paste, resize and ticks).
pub(super) fn on_result(state: &mut State, action: Action) -> Vec<Effect> {
    match action {
        Action::Fetched {
            request,
            batch,
            errors,
        } => {
            let Some((tab, at)) = finish_slot(state, request, &errors) else {
                return Vec::new();
            };
            let fetched = fetched_localities(at, &errors);
            let before = super::events::tracked(&state.inventory, tab);
            // An unchanged answer (most refreshes) leaves the joins and every
            // row as they are: no rebuild, no re-sort, nothing allocated.
            if state.inventory.apply(batch, &fetched) || !state.table(tab).is_loaded() {
                rebuild(state, tab);
            }
            if !fetched.is_empty() {
                super::editing::refreshed(state, tab);
            }
            // The API answered: a back-off in progress is over.
            state.status.backoff = None;
            if tab == Tab::SecurityGroups && !fetched.is_empty() {
                super::rule_counts::retry_failed(state);
            }
            finish_fetch(state, errors);
            super::jump::settle(state);
            let mut effects = super::events::fetched(state, tab, &fetched, before);
            // After the events: a marked resource that is gone is notified
            // as marked, then unmarked.
            if !fetched.is_empty() {
                super::marks::refreshed(state, tab, &fetched);
            }
            effects.extend(schedule::maybe_fetch_rules(state));
            effects.extend(super::rule_counts::pump(state));
            effects
        }
        Action::FetchedOne {
            request,
            id,
            result,
        } => {
            let Some((tab, at)) = state.polls.finish(request, state.now) else {
                // The row settled or the zone changed meanwhile.
                return Vec::new();
            };
            // A list of its zone sent after this read is newer: keep it.
            if state.fetches.newer_done(tab, at, request) {
                return Vec::new();
            }
            // A failed read is tried again on the next fast tick; the zone's
            // list, at its own pace, reports what fails there.
            if let Ok(batch) = result {
                super::pending::settle_one(state, &id);
                let before = super::events::tracked(&state.inventory, tab);
                if state.inventory.apply_one(&id, batch) {
                    rebuild(state, tab);
                }
                state.dirty = true;
                return super::events::fetched_one(state, tab, at, &id, before);
            }
            Vec::new()
        }
        Action::ServerTypes { zone, result } => {
            let result = result.map_err(|e| e.about(&format!("server types of {zone}")));
            awaited_data(
                state,
                result,
                |state, types| {
                    state.inventory.server_types.insert(zone, types);
                    rejoin(state);
                    super::editing::catalog_arrived(state, zone);
                },
                // Asked again with the next zone change or restart.
                |state| state.server_types_requested.remove(&zone),
            )
        }
        Action::ZoneCatalog { zone, result } => {
            let store = |state: &mut State, catalog| {
                let catalog = std::sync::Arc::new(catalog);
                state.inventory.zone_catalogs.insert(zone, catalog);
                super::editing::catalog_arrived(state, zone);
            };
            let forget = |state: &mut State| state.catalog_requested.remove(&zone);
            let result = result.map_err(|e| e.about(&format!("images of {zone}")));
            awaited_data(state, result, store, forget)
        }
        Action::Rules { group, result } => {
            if let Ok(rules) = &result {
                super::events::rules_arrived(state, &group, rules);
            }
            // The rule editor's apply waits for these to review its PUT.
            if let Mode::RuleEditor(editor) = &mut state.mode
                && editor.group_id == group
            {
                match &result {
                    Ok(rules) => editor.reviewed(rules.as_ref().clone()),
                    Err(e) => editor.review_failed(&e.message),
                }
            }
            let mut effects = rules_arrived(state, group, result);
            effects.extend(super::rule_counts::pump(state));
            effects
        }

        Action::PrivateIps {
            request,
            region,
            result,
        } => {
            super::private_ips::arrived(state, request, region, result);
            Vec::new()
        }
        Action::Raw { title, result } => {
            if let Mode::RawJson {
                title: shown, text, ..
            } = &mut state.mode
                && *shown == title
            {
                match result {
                    Ok(json) => *text = json,
                    Err(e) => {
                        *text = format!("(could not fetch the object: {e})");
                        state.status.last_error = Some(e);
                    }
                }
                state.dirty = true;
            }
            Vec::new()
        }
        Action::Done { action, result } => {
            let notes = super::events::action_done(state, &action, &result);
            let what = action.describe();
            let marked = super::pending::action_marks(&action)
                .into_iter()
                .map(|(id, _)| id);
            match result {
                Ok(()) => {
                    super::pending::accept(state, marked);
                    state.status.last_action = Some((what, Outcome::Succeeded));
                    super::status::succeeded(state, &action.id);
                }
                Err(e) => {
                    super::pending::fail(state, marked);
                    state.status.last_action = Some((what, Outcome::Failed));
                    state.status.last_error = Some(e);
                    state.status.error_about =
                        Some(super::status::About::Resource(action.id.clone()));
                }
            }
            state.dirty = true;
            // See the transition right away: the row alone, read by id (the
            // fast polling follows it).
            let mut effects = match &action.verb {
                Verb::Power(_) | Verb::Delete => {
                    schedule::refetch(state, action.tab, action.locality, &action.id)
                }
                Verb::DetachVolume { server_id, .. } => {
                    // The server's volume map changed too.
                    let mut effects =
                        schedule::refetch(state, action.tab, action.locality, &action.id);
                    effects.extend(schedule::refetch(
                        state,
                        Tab::Servers,
                        action.locality,
                        server_id,
                    ));
                    effects
                }
                // The NIC's addresses (IPAM) come with the list.
                Verb::LeaveNetwork { .. } => schedule::fetch(state, action.tab, action.locality),
                // The server read alone (gone), its zone's volumes listed.
                Verb::DeleteWithVolumes { .. } => {
                    let mut effects =
                        schedule::refetch(state, action.tab, action.locality, &action.id);
                    effects.extend(schedule::fetch(state, Tab::Volumes, action.locality));
                    effects
                }
            };
            effects.extend(notes);
            effects
        }
        Action::Backoff(msg) => {
            state.status.backoff = msg;
            state.dirty = true;
            Vec::new()
        }
        Action::Notice(msg, outcome) => {
            state.status.last_action = Some((msg, outcome));
            state.dirty = true;
            Vec::new()
        }
        Action::Shutdown => {
            state.quit = true;
            Vec::new()
        }
        Action::Submitted { submit, result } => {
            state.dirty = true;
            let error = result.as_ref().err().map(|e| e.message.clone());
            let notes = super::events::submitted(state, &submit.describe(), error.as_deref());
            if super::editing::submitted(state, &submit, result) {
                let near = submit.locality();
                let mut effects = schedule::fetch(state, submit.tab(), near);
                match &submit {
                    super::forms::FormSubmit::AttachVolume { .. } => {
                        effects.extend(schedule::fetch(state, Tab::Servers, near));
                    }
                    super::forms::FormSubmit::CreatePrivateNic { zone, .. } => {
                        // The NIC's addresses were booked with it (IPAM).
                        effects.push(super::private_ips::fetch(state, zone.region()));
                    }
                    super::forms::FormSubmit::SetRules {
                        security_group_id, ..
                    } => {
                        // Read the rules back as the API normalised them.
                        state.inventory.rules.remove(security_group_id);
                        state.rules_requested.remove(security_group_id);
                        effects.extend(schedule::maybe_fetch_rules(state));
                    }
                    _ => {}
                }
                effects.extend(notes);
                effects
            } else {
                notes
            }
        }
        Action::Rechecked { submit, result } => super::editing::rechecked(state, submit, result),
        Action::BulkStepDone {
            run,
            action,
            result,
            rate_limited,
        } => super::bulk::step_done(state, run, action, result, rate_limited),
        Action::HistoryLoaded(lines) => {
            state.command_history.loaded(lines);
            Vec::new()
        }
        Action::ShellExited { program, result } => {
            super::shell::exited(state, &program, result);
            Vec::new()
        }
        Action::Key(_)
        | Action::Mouse { .. }
        | Action::Paste(_)
        | Action::Resize(_)
        | Action::Tick(_) => Vec::new(),
    }
}

/// The models of `tab` changed: the joins are rebuilt, then the rows of
/// `tab` and of every loaded tab whose cells read a changed part of them.
fn rebuild(state: &mut State, tab: Tab) {
    let mut tabs = state.inventory.refresh_joins();
    if !tabs.contains(&tab) {
        tabs.push(tab);
    }
    for t in tabs {
        // Tabs never loaded stay "loading" until their own data comes.
        if t == tab || state.table(t).is_loaded() {
            super::rebuild_rows(state, t);
        }
    }
}

/// Data a waiting form may need arrived: `store` keeps it and the form
/// opens. On failure the error shows, the form is not opened, and `forget`
/// drops the request so it is asked again.
fn awaited_data<T, R>(
    state: &mut State,
    result: Result<T, UserError>,
    store: impl FnOnce(&mut State, T),
    forget: impl FnOnce(&mut State) -> R,
) -> Vec<Effect> {
    state.dirty = true;
    match result {
        Ok(data) => {
            store(state, data);
            super::mutate::retry_pending(state)
        }
        Err(e) => {
            forget(state);
            state.status.last_error = Some(e);
            state.pending_open = None;
            Vec::new()
        }
    }
}

/// Ends the slot of the fetch `request` with how it went: its (tab,
/// locality), or `None` when the answer is stale.
fn finish_slot(
    state: &mut State,
    request: RequestId,
    errors: &[(Locality, UserError)],
) -> Option<(Tab, Locality)> {
    let error = errors.first().map(|(_, e)| e.clone());
    let (tab, at) = state.fetches.finish(request, state.now, error)?;
    // Rows of accepted mutations now show what the API says.
    super::pending::settle(state, tab);
    Some((tab, at))
}

/// The localities a fetch of `at` brought fresh data for (none if it failed).
fn fetched_localities(at: Locality, errors: &[(Locality, UserError)]) -> Vec<Locality> {
    if errors
        .iter()
        .any(|(l, _)| *l == at || covered(&[*l], Some(at)))
    {
        Vec::new()
    } else {
        vec![at]
    }
}

/// Records a finished fetch: zone errors for the zone bar, and the refresh
/// time once nothing but slow zones is in flight.
fn finish_fetch(state: &mut State, errors: Vec<(Locality, UserError)>) {
    for (locality, err) in errors {
        state.status.last_error = Some(err.about(&locality.to_string()));
        state.status.error_about = Some(super::status::About::Locality(locality));
    }
    state.locality_errors = state.fetches.errors();
    schedule::note_refreshed(state);
    state.dirty = true;
}

/// A group's rules arrived: the inventory keeps them, the group's row counts
/// them.
fn rules_arrived(
    state: &mut State,
    group: String,
    result: Result<std::sync::Arc<Vec<crate::api::models::SecurityGroupRule>>, UserError>,
) -> Vec<Effect> {
    let awaited = state
        .pending_open
        .as_ref()
        .is_some_and(|p| p.id.as_deref() == Some(group.as_str()));
    if let Err(e) = &result {
        // The cell says so rather than "…" forever.
        state.inventory.rules_failed.insert(group.clone());
        rejoin(state);
        if !awaited {
            // A background fetch: no form waits for it.
            let name = state
                .inventory
                .security_groups
                .get(&group)
                .map_or(group.clone(), |g| g.name.clone());
            state.rules_requested.remove(&group);
            state.status.last_error = Some(e.clone().about(&format!("rules of {name}")));
            state.dirty = true;
            return Vec::new();
        }
    } else {
        state.inventory.rules_failed.remove(&group);
    }
    awaited_data(
        state,
        result,
        |state, rules| {
            state.inventory.rules.insert(group.clone(), rules);
            rejoin(state);
        },
        |state| state.rules_requested.remove(&group),
    )
}

/// Rebuilds the joins after something they read changed, and the rows of
/// every loaded tab whose cells show a part that changed (a tab still
/// loading stays "loading" until its own data comes).
pub(super) fn rejoin(state: &mut State) {
    for tab in state.inventory.refresh_joins() {
        if state.table(tab).is_loaded() {
            super::rebuild_rows(state, tab);
        }
    }
}
