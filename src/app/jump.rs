//! Going to a resource by id: what Enter does on a view's row, and what
//! "used by" and command mode do. One way for all of them: the tab and, when
//! needed, the zone scope change; a filter that hides the row is cleared;
//! the row is selected once its tab has it, or the status line says it no
//! longer exists.

use crate::api::locality::ZoneScope;
use crate::kinds::{Enter, Target};

use super::modes::normal::{set_zone, switch_tab};
use super::{Effect, Locality, Outcome, State, Tab};

/// Goes to `target`: switches the zone scope when it lives outside the
/// current one, then the tab, and selects it (now, or when the tab's rows
/// arrive).
pub fn jump_to(state: &mut State, target: Target) -> Vec<Effect> {
    let mut effects = Vec::new();
    if let Some(scope) = target
        .at
        .and_then(|at| scope_showing(state.zone, target.tab, at))
    {
        effects.extend(set_zone(state, scope));
    }
    effects.extend(switch_tab(state, target.tab));
    state.jump = Some(target);
    settle(state);
    effects
}

/// The row `id` of `tab`: the selected one at once (the details pane asks
/// for it every frame), any other by a scan.
pub fn row_of<'a>(state: &'a State, tab: Tab, id: &str) -> Option<&'a crate::app::RowRef> {
    let table = state.table(tab);
    match table.selected() {
        Some(row) if row.id() == id => Some(row),
        _ => table.rows().find(|r| r.id() == id),
    }
}

/// The resource `id` shown on `tab` as a target: its name and where it
/// lives, as its row says (`None` when the tab does not hold it).
pub fn target(state: &State, tab: Tab, id: &str) -> Option<Target> {
    let row = row_of(state, tab, id)?;
    Some(Target {
        tab,
        id: id.to_string(),
        name: row.name().into_owned(),
        at: row.locality(),
    })
}

/// Enter on the selected row of a tab whose rows name resources: goes
/// there. `None` when the tab's Enter is its own (the details pane).
pub fn on_enter(state: &mut State) -> Option<Vec<Effect>> {
    let Enter::Jump(target_of) = state.tab.kind().enter else {
        return None;
    };
    let target = state
        .current()
        .selected_id()
        .and_then(|id| target_of(state, id));
    Some(target.map_or_else(Vec::new, |t| jump_to(state, t)))
}

/// Ends a jump waiting for its tab's rows: selects the row once the tab
/// holds it (clearing a filter that hides it), or says it no longer exists
/// once the tab is loaded with no fetch of it out. A jump whose tab the
/// user has left is dropped.
pub(crate) fn settle(state: &mut State) {
    let Some(target) = state.jump.take() else {
        return;
    };
    if state.tab != target.tab {
        return;
    }
    let table = state.table_mut(target.tab);
    if table.rows().any(|r| r.id() == target.id) {
        if !table.select_id(&target.id) {
            table.set_filter("");
            table.select_id(&target.id);
        }
        state.dirty = true;
    } else if table.is_loaded() && !state.fetches.in_flight(target.tab) {
        let gone = format!("{} {} no longer exists", target.tab.noun(), target.name);
        state.status.last_action = Some((gone, Outcome::Info));
        state.dirty = true;
    } else {
        state.jump = Some(target);
    }
}

/// The scope that shows `at` when the current one does not: its zone, or
/// for a region the first of its zones serving `tab`'s kind.
fn scope_showing(scope: ZoneScope, tab: Tab, at: Locality) -> Option<ZoneScope> {
    let ZoneScope::One(zone) = scope else {
        return None;
    };
    match at {
        Locality::Zone(z) if z != zone => Some(ZoneScope::One(z)),
        Locality::Region(r) if r != zone.region() => {
            let product = tab.api()?.product;
            let first = r.zones().find(|z| z.serves(product));
            Some(first.map_or(ZoneScope::All, ZoneScope::One))
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::locality::Zone;
    use crate::app::modes::normal::command;
    use crate::keymap::Command;
    use crate::kinds::probe::{answer_servers, server, with_servers};

    fn fleet() -> Vec<std::sync::Arc<crate::api::models::ServerSummary>> {
        vec![
            server("s-web", "web-1", "fr-par-1"),
            server("s-db", "db-1", "fr-par-1"),
            server("s-far", "far-1", "fr-par-2"),
        ]
    }

    fn target(id: &str, name: &str, zone: Zone) -> Target {
        Target {
            tab: Tab::Servers,
            id: id.into(),
            name: name.into(),
            at: Some(Locality::Zone(zone)),
        }
    }

    #[test]
    fn enter_on_a_view_row_goes_to_the_resource_it_names() {
        let mut state = with_servers(&fleet());
        let probe = u8::try_from(Tab::Probe.index() + 1).unwrap();
        command(&mut state, Command::Tab(probe));
        assert_eq!(state.tab, Tab::Probe);
        assert!(state.table_mut(Tab::Probe).select_id("probe-s-web"));
        let details = state.show_details;
        let effects = command(&mut state, Command::Details);
        assert!(effects.is_empty(), "{effects:?}");
        assert_eq!(state.tab, Tab::Servers);
        assert_eq!(state.current().selected_id(), Some("s-web"));
        assert_eq!(state.show_details, details, "Enter jumped, not toggled");
        // On an API kind, Enter still shows and hides the details.
        command(&mut state, Command::Details);
        assert_eq!(state.tab, Tab::Servers);
        assert_eq!(state.show_details, !details);
    }

    #[test]
    fn a_double_click_on_a_view_row_goes_there_too() {
        use crate::app::mouse::{Gesture, Target as Hit, on_mouse};
        let mut state = with_servers(&fleet());
        state.tab = Tab::Probe;
        let at = std::time::Instant::now();
        let row = Some(Hit::Row(1));
        on_mouse(&mut state, Gesture::Click, row, at);
        on_mouse(&mut state, Gesture::Click, row, at);
        assert_eq!(state.tab, Tab::Servers);
        assert_eq!(
            state.current().selected_id(),
            Some("s-web"),
            "→ web-1 sorts second"
        );
    }

    #[test]
    fn a_jump_clears_a_filter_that_hides_the_row() {
        let mut state = with_servers(&fleet());
        state.table_mut(Tab::Servers).set_filter("db");
        state.tab = Tab::Volumes;
        jump_to(&mut state, target("s-web", "web-1", Zone::FrPar1));
        assert_eq!(state.tab, Tab::Servers);
        assert_eq!(state.current().filter(), "");
        assert_eq!(state.current().selected_id(), Some("s-web"));
        assert_eq!(state.jump, None);
    }

    #[test]
    fn a_filter_that_shows_the_row_stays() {
        let mut state = with_servers(&fleet());
        state.table_mut(Tab::Servers).set_filter("web");
        jump_to(&mut state, target("s-web", "web-1", Zone::FrPar1));
        assert_eq!(state.current().filter(), "web");
        assert_eq!(state.current().selected_id(), Some("s-web"));
    }

    #[test]
    fn a_jump_to_another_zone_switches_the_scope_and_selects_when_the_rows_arrive() {
        let mut state = with_servers(&fleet());
        let effects = jump_to(&mut state, target("s-far", "far-1", Zone::FrPar2));
        assert_eq!(state.zone, ZoneScope::One(Zone::FrPar2));
        assert!(state.jump.is_some(), "waits for the rows");
        answer_servers(&mut state, effects, &fleet());
        assert_eq!(state.jump, None);
        assert_eq!(state.tab, Tab::Servers);
        assert_eq!(state.current().selected_id(), Some("s-far"));
    }

    #[test]
    fn a_jump_under_all_zones_keeps_the_scope() {
        let mut state = with_servers(&fleet());
        let effects = set_zone(&mut state, ZoneScope::All);
        answer_servers(&mut state, effects, &fleet());
        jump_to(&mut state, target("s-far", "far-1", Zone::FrPar2));
        assert_eq!(state.zone, ZoneScope::All);
        assert_eq!(state.current().selected_id(), Some("s-far"));
    }

    #[test]
    fn a_jump_to_a_resource_gone_says_so() {
        let mut state = with_servers(&fleet());
        state.tab = Tab::Volumes;
        jump_to(&mut state, target("s-old", "old-1", Zone::FrPar1));
        assert_eq!(state.tab, Tab::Servers);
        let said = state.status.last_action.clone().map(|(m, _)| m);
        assert_eq!(said.as_deref(), Some("server old-1 no longer exists"));
        assert_eq!(state.jump, None);
    }

    #[test]
    fn a_jump_waiting_for_rows_the_user_left_is_dropped() {
        let mut state = with_servers(&fleet());
        let effects = jump_to(&mut state, target("s-far", "far-1", Zone::FrPar2));
        command(&mut state, Command::NextTab);
        let mut fleet = fleet();
        fleet.push(server("s-api", "api-2", "fr-par-2"));
        answer_servers(&mut state, effects, &fleet);
        assert_eq!(state.jump, None);
        assert_eq!(state.tab, Tab::Volumes);
        assert_ne!(state.table(Tab::Servers).selected_id(), Some("s-far"));
        assert_eq!(state.status.last_action, None);
    }

    #[test]
    fn the_scope_that_shows_a_region_is_its_first_zone_serving_the_kind() {
        use crate::api::locality::Region;
        let pn = Tab::PrivateNetworks;
        let par = ZoneScope::One(Zone::FrPar2);
        assert_eq!(
            scope_showing(par, pn, Locality::Region(Region::FrPar)),
            None
        );
        assert_eq!(
            scope_showing(par, pn, Locality::Region(Region::NlAms)),
            Some(ZoneScope::One(Zone::NlAms1))
        );
        assert_eq!(
            scope_showing(ZoneScope::All, pn, Locality::Region(Region::NlAms)),
            None
        );
    }
}
