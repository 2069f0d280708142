//! Rule counts for the security groups table without selecting each group:
//! once the main lists are in, the rules of every group in scope are fetched
//! in the background, a few at a time (the list call does not include them),
//! visible rows first. A group's cell says "…" while its rules load and
//! "error" when they could not be fetched (retried with the next list of
//! groups).

use crate::api::locality::Zone;

use super::{Effect, State, Tab};

/// Rule fetches in flight at once, so the background never crowds out the
/// user's own requests.
pub const MAX_IN_FLIGHT: usize = 4;

/// The next rule fetches: none while a main list is still out, else up to
/// [`MAX_IN_FLIGHT`] at once, in the table's order.
pub(super) fn pump(state: &mut State) -> Vec<Effect> {
    if state.fetches.any_prompt_in_flight(state.now) {
        return Vec::new();
    }
    let inv = &state.inventory;
    let in_flight = state
        .rules_requested
        .iter()
        .filter(|id| !inv.rules.contains_key(*id))
        .count();
    let budget = MAX_IN_FLIGHT.saturating_sub(in_flight);
    let next: Vec<(String, Zone)> = state
        .table(Tab::SecurityGroups)
        .rows()
        .filter_map(|r| inv.security_groups.get(r.id()))
        .filter(|g| {
            !inv.rules.contains_key(&g.id)
                && !inv.rules_failed.contains(&g.id)
                && !state.rules_requested.contains(&g.id)
        })
        .filter_map(|g| Some((g.id.clone(), g.zone.parse::<Zone>().ok()?)))
        .take(budget)
        .collect();
    next.into_iter()
        .map(|(group, zone)| {
            state.rules_requested.insert(group.clone());
            Effect::FetchRules { group, zone }
        })
        .collect()
}

/// A new list of groups arrived: the groups whose rules failed are tried
/// again (their cells show "…" meanwhile).
pub(super) fn retry_failed(state: &mut State) {
    if state.inventory.rules_failed.is_empty() {
        return;
    }
    state.inventory.rules_failed.clear();
    super::results::rejoin(state);
}
