//! When to fetch: the start-up load, the auto-refresh on ticks, and the
//! fetches a tab, zone or selection change asks for. Each tab is fetched zone
//! by zone (region by region), each on its own schedule (`slots`). Every
//! fetch gets a new request id; a result whose id is no longer its slot's
//! latest is dropped.

use std::time::Instant;

use crate::api::locality::{Product, Zone};

use super::inventory::covered;
use super::private_ips;
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
    let before = state.refreshed_ago();
    state.now = Some(now);
    state.tick = state.tick.wrapping_add(1);
    if state.animating() || state.refreshed_ago() != before {
        state.dirty = true;
    }
    note_refreshed(state);
    if state.screen != Screen::Dashboard || state.paused {
        return Vec::new();
    }
    // Each tab and zone on its own schedule: a slow zone delays only itself.
    // Only the slots holding something in transition are polled fast: one
    // server starting in a 10,000-server fleet re-lists its zone, not every
    // page of every kind in every zone.
    let fast = state.refresh_every.min(state.fast_refresh);
    let mut effects = Vec::new();
    for tab in Tab::ALL {
        let busy_tab = state.busy.values().any(|m| m.tab == tab && !m.failed);
        for at in localities(tab, state.zone) {
            let every = if busy_tab || in_transition(state, tab, at) {
                fast
            } else {
                state.refresh_every
            };
            if state.fetches.due(tab, at, now, every) {
                effects.push(fetch_at(state, tab, at));
                effects.extend(private_ips::along(state, tab, at));
            }
        }
    }
    effects
}

/// Whether a row of `tab` in `at` (or one whose locality is unknown) is in
/// transition.
fn in_transition(state: &State, tab: Tab, at: Locality) -> bool {
    state
        .table(tab)
        .transitional_localities()
        .iter()
        .any(|l| l.is_none() || covered(&[at], *l))
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
        effects.extend(private_ips::along(state, tab, at));
    }
    effects
}

fn fetch_at(state: &mut State, tab: Tab, at: Locality) -> Effect {
    let request = RequestId(state.next_request);
    state.next_request += 1;
    state.fetches.start(tab, at, request, state.now);
    Effect::Fetch { request, tab, at }
}
