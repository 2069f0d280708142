//! When to fetch: the start-up load, the auto-refresh on ticks, and the
//! fetches a tab, zone or selection change asks for. Each tab is fetched zone
//! by zone (region by region), each on its own schedule (`slots`). Every
//! fetch gets a new request id; a result whose id is no longer its slot's
//! latest is dropped.

use std::collections::HashSet;
use std::time::Instant;

use crate::api::locality::{Product, Zone};

use super::age::TimeShown;
use super::slots::localities;
use super::{Effect, Locality, Outcome, RequestId, Screen, State, Tab};

/// The first effects at start-up: load every tab (counts show on all tabs).
pub fn init(state: &mut State) -> Vec<Effect> {
    if state.screen != Screen::Dashboard {
        return Vec::new();
    }
    let mut effects = fetch_all(state);
    effects.extend(fetch_server_types(state));
    effects
}

pub(super) fn on_tick(state: &mut State, now: Instant) -> Vec<Effect> {
    let before = TimeShown::of(state);
    state.now = Some(now);
    state.tick = state.tick.wrapping_add(1);
    if state.animating() || TimeShown::of(state) != before {
        state.dirty = true;
    }
    note_refreshed(state);
    if state.screen != Screen::Dashboard || state.paused {
        return Vec::new();
    }
    // Each tab and zone on its own schedule: a slow zone delays only itself.
    // What is changing is polled fast, at what it costs: a few rows in
    // transition are read one by one (GET by id) while their zone's list
    // keeps its normal pace; only when reading them one by one would take
    // more requests than the zone's pages is the zone listed fast.
    let fast = state.refresh_every.min(state.fast_refresh);
    let slow = state.list_interval();
    let mut effects = Vec::new();
    let mut polled: HashSet<String> = HashSet::new();
    for tab in Tab::ALL {
        let watch = watched(state, tab);
        for at in localities(tab, state.zone) {
            let ids: Vec<&String> = watch
                .placed
                .iter()
                .filter(|(_, l)| *l == at)
                .map(|(id, _)| id)
                .collect();
            let one_by_one = !watch.unplaced
                && !ids.is_empty()
                && ids.len() <= pages(state.table(tab).rows_in(at));
            let every = if watch.unplaced || (!ids.is_empty() && !one_by_one) {
                fast
            } else {
                slow
            };
            if state.fetches.due(tab, at, now, every) {
                effects.push(fetch_at(state, tab, at));
                effects.extend(along(state, tab, at));
            }
            if one_by_one {
                let listed = state.fetches.done_at(tab, at);
                // The list out brings these rows (see `Polls::supersede`).
                let listing = state.fetches.listing(tab, at);
                for id in ids {
                    if !listing && state.polls.due(id, (tab, at), now, fast, listed) {
                        effects.push(fetch_one(state, tab, at, id.clone()));
                    }
                    polled.insert(id.clone());
                }
            }
        }
    }
    state.polls.retain(|id| polled.contains(id));
    effects
}

/// What must be polled fast on `tab`: its rows in transition and the rows
/// with a mutation in flight, by locality. A row whose locality is unknown
/// (or a mutation whose row is not listed yet) makes the whole tab fast.
struct Watch {
    placed: Vec<(String, Locality)>,
    unplaced: bool,
}

fn watched(state: &State, tab: Tab) -> Watch {
    let table = state.table(tab);
    let mut watch = Watch {
        placed: Vec::new(),
        unplaced: false,
    };
    let busy = state
        .busy
        .iter()
        .filter(|(_, m)| m.tab == tab && !m.failed)
        .map(|(id, _)| (id, table.locality_of(id).flatten()));
    let moving = table.transitional().iter().map(|(id, at)| (id, *at));
    let mut seen = HashSet::new();
    for (id, at) in moving.chain(busy) {
        match at {
            Some(at) if seen.insert(id) => watch.placed.push((id.clone(), at)),
            Some(_) => {}
            None => watch.unplaced = true,
        }
    }
    watch
}

/// The requests a listing of `rows` rows takes (one at least).
fn pages(rows: usize) -> usize {
    rows.div_ceil(crate::api::client::PAGE_SIZE).max(1)
}

/// The refresh is done once only slow zones (named on the status line) are
/// still out: the header's "refreshed N s ago" and a pending `r` say so.
pub(super) fn note_refreshed(state: &mut State) {
    if state.fetches.any_prompt_in_flight(state.now) {
        return;
    }
    // A refresh with a failed fetch is no refresh: "refreshed N s ago"
    // counts from the last one that succeeded, and a pending `r` failed.
    if state.fetches.failing_since().is_some() {
        if let Some((text, outcome @ Outcome::Pending)) = &mut state.status.last_action
            && text == "refresh"
        {
            *outcome = Outcome::Failed;
            state.dirty = true;
        }
        return;
    }
    let done = state.fetches.last_done();
    if done.is_some() && done != state.last_refresh {
        state.last_refresh = done;
        if let Some((text, outcome @ Outcome::Pending)) = &mut state.status.last_action
            && text == "refresh"
        {
            *outcome = Outcome::Succeeded;
        }
        state.dirty = true;
    }
}

/// Asks for the selected security group's rules once (the list call does
/// not include them).
pub(super) fn maybe_fetch_rules(state: &mut State) -> Vec<Effect> {
    if state.tab != Tab::SecurityGroups {
        return Vec::new();
    }
    let Some(id) = state.current().selected_id() else {
        return Vec::new();
    };
    if state.inventory.rules.contains_key(id) || state.rules_requested.contains(id) {
        return Vec::new();
    }
    let Some(group) = state.inventory.security_groups.get(id) else {
        return Vec::new();
    };
    let Ok(zone) = group.zone.parse::<Zone>() else {
        return Vec::new();
    };
    let id = id.to_string();
    state.rules_requested.insert(id.clone());
    vec![Effect::FetchRules { group: id, zone }]
}

/// Server types of the scope's zones not asked for yet.
pub(super) fn fetch_server_types(state: &mut State) -> Vec<Effect> {
    state
        .zone
        .zones(Product::Instance)
        .into_iter()
        .filter(|z| state.server_types_requested.insert(*z))
        .map(Effect::FetchServerTypes)
        .collect()
}

/// Starts a fetch of every tab in every zone, the visible tab first (its
/// requests queue first for the client's bounds); earlier fetches become
/// stale.
pub(super) fn fetch_all(state: &mut State) -> Vec<Effect> {
    let visible = state.tab;
    let order = std::iter::once(visible).chain(Tab::ALL.into_iter().filter(|t| *t != visible));
    order.flat_map(|t| fetch(state, t, None)).collect()
}

/// Fetches `tab` where `near` is (its zone, or its region for a regional
/// kind) when that is in scope, else in every locality of the scope.
pub(super) fn fetch(state: &mut State, tab: Tab, near: Option<Locality>) -> Vec<Effect> {
    let all = localities(tab, state.zone);
    let only = near.map(|l| match (l, tab.is_regional()) {
        (Locality::Zone(z), true) => Locality::Region(z.region()),
        (l, _) => l,
    });
    let chosen: Vec<Locality> = match only {
        Some(l) if all.contains(&l) => vec![l],
        _ => all,
    };
    let mut effects = Vec::new();
    for at in chosen {
        effects.push(fetch_at(state, tab, at));
        effects.extend(along(state, tab, at));
    }
    effects
}

/// The fetch that goes with a fetch of `tab` at `at` (its kind's
/// `Api::along`).
fn along(state: &mut State, tab: Tab, at: Locality) -> Option<Effect> {
    (tab.api()?.along)(state, at)
}

/// Reads the row `id` of `tab` again after a request changed it: alone (GET
/// by id) when it lives in `near`, that is in scope and not being listed,
/// else by fetching `tab` (see [`fetch`]; a list out was sent before the
/// change, this one after).
pub(super) fn refetch(
    state: &mut State,
    tab: Tab,
    near: Option<Locality>,
    id: &str,
) -> Vec<Effect> {
    match near {
        Some(at)
            if localities(tab, state.zone).contains(&at) && !state.fetches.listing(tab, at) =>
        {
            vec![fetch_one(state, tab, at, id.to_string())]
        }
        _ => fetch(state, tab, near),
    }
}

/// Reads the row `id` of `tab` in `at` alone (GET by id).
fn fetch_one(state: &mut State, tab: Tab, at: Locality, id: String) -> Effect {
    let request = RequestId(state.next_request);
    state.next_request += 1;
    state.polls.start(&id, (tab, at), request);
    Effect::FetchOne {
        request,
        tab,
        at,
        id,
    }
}

fn fetch_at(state: &mut State, tab: Tab, at: Locality) -> Effect {
    let request = RequestId(state.next_request);
    state.next_request += 1;
    state.fetches.start(tab, at, request, state.now);
    state.polls.supersede((tab, at));
    Effect::Fetch { request, tab, at }
}
