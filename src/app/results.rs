//! Results arriving from the executor: fetched data goes into the inventory
//! and the tables, answers to actions and forms settle their rows.

use super::inventory::covered;
use super::{Action, Effect, Locality, Mode, Outcome, State, Tab, UserError, Verb, schedule};

/// Applies a result action (anything but keys, paste, resize and ticks).
pub(super) fn on_result(state: &mut State, action: Action) -> Vec<Effect> {
    match action {
        Action::Loaded {
            request,
            tab,
            rows,
            errors,
        } => {
            if state.in_flight[tab.index()] != Some(request) {
                // Superseded by a zone change or a newer refresh.
                return Vec::new();
            }
            let all_failed = rows.is_empty() && !errors.is_empty();
            if !all_failed {
                let mut rows = rows;
                // A zone that failed keeps its last known rows rather than
                // looking empty.
                let failed: Vec<Locality> = errors.iter().map(|(l, _)| *l).collect();
                if !failed.is_empty() {
                    let kept = state
                        .table(tab)
                        .rows()
                        .filter(|r| covered(&failed, r.locality()))
                        .cloned()
                        .collect::<Vec<_>>();
                    rows.extend(kept);
                }
                state.table_mut(tab).set_rows(rows);
            }
            finish_fetch(state, tab, errors);
            Vec::new()
        }
        Action::Fetched {
            request,
            batch,
            errors,
        } => {
            let tab = batch.tab();
            if state.in_flight[tab.index()] != Some(request) {
                return Vec::new();
            }
            let failed: Vec<Locality> = errors.iter().map(|(l, _)| *l).collect();
            state.inventory.apply(batch, &failed);
            let mut rebuild = state.inventory.refresh_joins();
            if !rebuild.contains(&tab) {
                rebuild.push(tab);
            }
            for t in rebuild {
                // Tabs never loaded stay "loading" until their own data comes.
                if t == tab || state.table(t).is_loaded() {
                    let rows = state.inventory.rows(t);
                    state.table_mut(t).set_rows(rows);
                }
            }
            // The API answered: a back-off in progress is over.
            state.status.backoff = None;
            finish_fetch(state, tab, errors);
            schedule::maybe_fetch_rules(state)
        }
        Action::ServerTypes { zone, result } => {
            let result = result.map_err(|e| e.about(&format!("server types of {zone}")));
            awaited_data(
                state,
                result,
                |state, types| {
                    state.inventory.server_types.insert(zone, types);
                    if state.inventory.refresh_joins().contains(&Tab::Servers)
                        && state.table(Tab::Servers).is_loaded()
                    {
                        let rows = state.inventory.rows(Tab::Servers);
                        state.table_mut(Tab::Servers).set_rows(rows);
                    }
                },
                // Asked again with the next zone change or restart.
                |state| state.server_types_requested.remove(&zone),
            )
        }
        Action::ZoneCatalog { zone, result } => {
            let store = |state: &mut State, catalog| {
                let catalog = std::sync::Arc::new(catalog);
                state.inventory.zone_catalogs.insert(zone, catalog);
            };
            let forget = |state: &mut State| state.catalog_requested.remove(&zone);
            let result = result.map_err(|e| e.about(&format!("images of {zone}")));
            awaited_data(state, result, store, forget)
        }
        Action::Rules { group, result } => awaited_data(
            state,
            result,
            |state, rules| {
                state.inventory.rules.insert(group.clone(), rules);
                if state
                    .inventory
                    .refresh_joins()
                    .contains(&Tab::SecurityGroups)
                {
                    let rows = state.inventory.rows(Tab::SecurityGroups);
                    state.table_mut(Tab::SecurityGroups).set_rows(rows);
                }
            },
            |state| state.rules_requested.remove(&group),
        ),
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
            let what = action.describe();
            match result {
                Ok(()) => {
                    super::pending::accept(state, [action.id.clone()]);
                    state.status.last_action = Some((what, Outcome::Succeeded));
                }
                Err(e) => {
                    super::pending::fail(state, [action.id.clone()]);
                    state.status.last_action = Some((what, Outcome::Failed));
                    state.status.last_error = Some(e);
                }
            }
            state.dirty = true;
            // See the transition right away; the fast refresh follows it.
            let mut effects = vec![schedule::fetch(state, action.tab)];
            if matches!(action.verb, Verb::DetachVolume { .. }) {
                // The server's volume map changed too.
                effects.push(schedule::fetch(state, Tab::Servers));
            }
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
            if super::editing::submitted(state, &submit, result) {
                let mut effects = vec![schedule::fetch(state, submit.tab())];
                match &submit {
                    super::forms::FormSubmit::AttachVolume { .. } => {
                        effects.push(schedule::fetch(state, Tab::Servers));
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
                effects
            } else {
                Vec::new()
            }
        }
        Action::Key(_) | Action::Paste(_) | Action::Resize(_) | Action::Tick(_) => Vec::new(),
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

/// Records a finished fetch: zone errors for the zone bar, and the refresh
/// time once nothing is in flight.
fn finish_fetch(state: &mut State, tab: Tab, errors: Vec<(Locality, UserError)>) {
    state.in_flight[tab.index()] = None;
    // Rows of accepted mutations now show what the API says.
    super::pending::settle(state, tab);
    for (locality, err) in errors {
        state.status.last_error = Some(err.clone().about(&locality.to_string()));
        state.locality_errors.insert(locality, err);
    }
    if state.in_flight.iter().all(Option::is_none) {
        state.last_refresh = state.now.or(state.last_refresh);
        if let Some((text, outcome @ Outcome::Pending)) = &mut state.status.last_action
            && text == "refresh"
        {
            *outcome = Outcome::Succeeded;
        }
    }
    state.dirty = true;
}
