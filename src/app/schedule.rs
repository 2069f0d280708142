//! When to fetch: the start-up load, the auto-refresh on ticks, and the
//! fetches a tab, zone or selection change asks for. Every fetch gets a new
//! request id; a result whose id is no longer its tab's latest is dropped.

use std::time::Instant;

use crate::api::locality::{Product, Zone};

use super::{Effect, RequestId, Screen, State, Tab};

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
    let idle = state.in_flight.iter().all(Option::is_none);
    let due = match state.last_refresh {
        // The first load comes from `init`.
        None => false,
        Some(at) => now.saturating_duration_since(at) >= state.refresh_interval(),
    };
    if state.screen == Screen::Dashboard && !state.paused && idle && due {
        fetch_all(state)
    } else {
        Vec::new()
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

/// Starts a fetch of every tab; earlier fetches become stale.
pub(super) fn fetch_all(state: &mut State) -> Vec<Effect> {
    state.locality_errors.clear();
    Tab::ALL.iter().map(|t| fetch(state, *t)).collect()
}

pub(super) fn fetch(state: &mut State, tab: Tab) -> Effect {
    let request = RequestId(state.next_request);
    state.next_request += 1;
    state.in_flight[tab.index()] = Some(request);
    Effect::Fetch {
        request,
        tab,
        scope: state.zone,
    }
}
