//! A tab's rows rebuilt from the state by its kind (`Kind::rows`), and the
//! views that read them: a view's rows are rebuilt after those of every tab
//! it `reads`, and shown once all of them are loaded. A view whose inputs
//! are its own (an event log, expanded tree nodes) calls [`rebuild_rows`]
//! when they change.

use super::{RowRef, State, Tab};

/// The rows of `tab` as its kind builds them from the state, in name order
/// so rows that sort equal keep their places across refreshes (the models
/// have no order of their own).
pub fn rows(state: &State, tab: Tab) -> Vec<RowRef> {
    let mut rows = (tab.kind().rows)(state);
    rows.sort_by(|a, b| a.name().cmp(&b.name()).then_with(|| a.id().cmp(b.id())));
    rows
}

/// Above this many rows in the tabs a hidden view reads, it is built when
/// next shown rather than after every answer: the cost and topology views
/// take ~20 µs and a few KB a server to build (docs/BENCHMARKS.md), so up to
/// here a build stays within a frame and the tab bar's counts stay true.
const EAGER_VIEW_INPUT_ROWS: usize = 1_000;

/// Sets `tab`'s rows from the state, then rebuilds the views that read it
/// (those whose inputs are all loaded): at once when shown or small, else
/// when next shown.
pub fn rebuild_rows(state: &mut State, tab: Tab) {
    let rows = rows(state, tab);
    state.table_mut(tab).set_rows(rows);
    state.dirty = true;
    state.stale_views.retain(|t| *t != tab);
    for view in Tab::ALL {
        if view.kind().reads.contains(&tab) && inputs_loaded(state, view) {
            build_or_defer(state, view);
        }
    }
}

/// Builds `view` now when it is shown or its inputs are small; else leaves
/// it for [`rebuild_shown_view`] (the tab bar says `…` for it meanwhile).
fn build_or_defer(state: &mut State, view: Tab) {
    let input_rows: usize = view
        .kind()
        .reads
        .iter()
        .map(|t| state.table(*t).total())
        .sum();
    if view == state.tab || input_rows <= EAGER_VIEW_INPUT_ROWS {
        rebuild_rows(state, view);
    } else if !state.stale_views.contains(&view) {
        state.stale_views.push(view);
    }
}

/// Rebuilds the shown tab if it is a view whose inputs changed while it was
/// hidden; `update()` calls it after every action.
pub fn rebuild_shown_view(state: &mut State) {
    if state.stale_views.contains(&state.tab) && inputs_loaded(state, state.tab) {
        rebuild_rows(state, state.tab);
    }
}

/// Builds the views whose inputs are all loaded and that are not shown yet:
/// at start and after a zone change cleared the tables (a view that reads
/// no tab, such as an event log, is then shown at once).
pub fn build_ready_views(state: &mut State) {
    for view in Tab::ALL {
        if view.api().is_none() && !state.table(view).is_loaded() && inputs_loaded(state, view) {
            build_or_defer(state, view);
        }
    }
}

fn inputs_loaded(state: &State, view: Tab) -> bool {
    view.kind()
        .reads
        .iter()
        .all(|t| state.table(*t).is_loaded())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::locality::{Zone, ZoneScope};
    use crate::app::modes::normal::{command, set_zone};
    use crate::app::slots::localities;
    use crate::app::{Effect, update};
    use crate::keymap::Command;
    use crate::kinds::probe::{answer_servers, server, with_servers};

    fn names(state: &State, tab: Tab) -> Vec<String> {
        state
            .table(tab)
            .rows()
            .map(|r| r.name().into_owned())
            .collect()
    }

    #[test]
    fn a_view_shows_once_what_it_reads_is_loaded_and_follows_it() {
        let mut state = State::new(crate::app::Options::default());
        let effects = crate::app::init(&mut state);
        assert!(
            !state.table(Tab::Probe).is_loaded(),
            "servers still loading"
        );
        answer_servers(&mut state, effects, &[server("s-1", "web-1", "fr-par-1")]);
        assert_eq!(names(&state, Tab::Probe), ["→ web-1"]);
        // The next refresh brings another server: the view follows.
        let r = Command::Refresh;
        let effects = command(&mut state, r);
        let fleet = [
            server("s-1", "web-1", "fr-par-1"),
            server("s-2", "api-1", "fr-par-1"),
        ];
        answer_servers(&mut state, effects, &fleet);
        assert_eq!(names(&state, Tab::Probe), ["→ api-1", "→ web-1"]);
    }

    #[test]
    fn a_hidden_view_of_a_large_fleet_is_rebuilt_when_shown_not_on_every_answer() {
        let fleet: Vec<_> = (0..=EAGER_VIEW_INPUT_ROWS)
            .map(|i| server(&format!("s-{i}"), &format!("web-{i:04}"), "fr-par-1"))
            .collect();
        let mut state = with_servers(&fleet);
        assert!(
            !state.table(Tab::Probe).is_loaded(),
            "hidden and large: not built before it is shown"
        );
        state.tab = Tab::Probe;
        update(
            &mut state,
            crate::app::Action::Tick(std::time::Instant::now()),
        );
        assert_eq!(state.table(Tab::Probe).total(), fleet.len());
        state.tab = Tab::Servers;
        let effects = command(&mut state, Command::Refresh);
        let mut grown = fleet.clone();
        grown.push(server("s-new", "api-1", "fr-par-1"));
        answer_servers(&mut state, effects, &grown);
        assert_eq!(state.table(Tab::Servers).total(), grown.len());
        assert_eq!(
            state.table(Tab::Probe).total(),
            fleet.len(),
            "hidden: left as it was"
        );
        assert_eq!(state.stale_views, [Tab::Probe]);
        command(
            &mut state,
            Command::Tab(u8::try_from(Tab::ALL.len()).unwrap()),
        );
        update(
            &mut state,
            crate::app::Action::Tick(std::time::Instant::now()),
        );
        assert_eq!(state.tab, Tab::Probe);
        assert_eq!(state.table(Tab::Probe).total(), grown.len());
        assert!(state.stale_views.is_empty());
    }

    #[test]
    fn a_zone_change_empties_a_view_until_its_inputs_come_again() {
        let mut state = with_servers(&[server("s-1", "web-1", "fr-par-1")]);
        let effects = set_zone(&mut state, ZoneScope::One(Zone::FrPar2));
        assert!(!state.table(Tab::Probe).is_loaded());
        answer_servers(&mut state, effects, &[server("s-2", "db-2", "fr-par-2")]);
        assert_eq!(names(&state, Tab::Probe), ["→ db-2"]);
    }

    #[test]
    fn nothing_fetches_a_view() {
        let mut state = State::new(crate::app::Options::default());
        assert!(localities(Tab::Probe, ZoneScope::All).is_empty());
        let mut effects = crate::app::init(&mut state);
        let t0 = std::time::Instant::now();
        for s in [0, 60, 600] {
            effects.extend(update(
                &mut state,
                crate::app::Action::Tick(t0 + std::time::Duration::from_secs(s)),
            ));
        }
        state.tab = Tab::Probe;
        effects.extend(command(&mut state, Command::Refresh));
        assert!(effects.iter().any(|e| matches!(e, Effect::Fetch { .. })));
        assert!(
            !effects.iter().any(|e| matches!(
                e,
                Effect::Fetch {
                    tab: Tab::Probe,
                    ..
                }
            )),
            "{effects:?}"
        );
    }

    #[test]
    fn tab_keys_and_cycling_reach_the_views() {
        let mut state = State::new(crate::app::Options::default());
        let last = *Tab::ALL.last().unwrap();
        assert_eq!(last, Tab::Probe);
        command(&mut state, Command::PrevTab);
        assert_eq!(state.tab, last);
        command(&mut state, Command::NextTab);
        assert_eq!(state.tab, Tab::Servers);
        let n = u8::try_from(Tab::ALL.len()).unwrap();
        command(&mut state, Command::Tab(n));
        assert_eq!(state.tab, last);
        command(&mut state, Command::Tab(n + 1));
        assert_eq!(state.tab, last, "no such tab: nothing happens");
    }

    #[test]
    fn a_view_offers_no_form_and_no_delete() {
        let mut state = with_servers(&[server("s-1", "web-1", "fr-par-1")]);
        state.tab = Tab::Probe;
        for c in [
            Command::New,
            Command::Edit,
            Command::Attach,
            Command::Delete,
        ] {
            state.status.last_action = None;
            let effects = command(&mut state, c);
            assert!(effects.is_empty(), "{c:?}: {effects:?}");
            assert_eq!(state.mode, crate::app::Mode::Normal, "{c:?}");
            let said = state.status.last_action.clone().map(|(m, _)| m);
            assert!(
                said.as_deref().is_some_and(|m| m.contains("Probe")),
                "{c:?}: {said:?}"
            );
        }
    }
}
