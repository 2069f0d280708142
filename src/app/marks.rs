//! Marked rows: `Space` marks or unmarks the selected row, `*` every row the
//! filter shows; with marks, `p` and `d` act on them (`bulk`). Marks are kept
//! by id, per tab, across refreshes, sorts, filters and zone changes. Each
//! keeps its row as last seen, so a mark in a zone no longer shown still
//! names its resource, zone and state in a confirmation. A marked resource
//! that a fetch of its zone (or region) no longer lists is unmarked, and the
//! status line says so.

use std::collections::{BTreeMap, HashMap};

use super::inventory::covered;
use super::slots::localities;
use super::status::count;
use super::{Locality, Mode, Outcome, RowRef, State, Tab};

/// The marks of every tab, by id.
#[derive(Debug, Default)]
pub struct Marks {
    tabs: BTreeMap<Tab, TabMarks>,
}

/// One tab's marks, and how many there are in each zone (or region): the
/// header asks how many are outside the scope on every frame, which must
/// not walk every mark.
#[derive(Debug, Default)]
struct TabMarks {
    rows: BTreeMap<String, RowRef>,
    per_place: HashMap<Option<Locality>, usize>,
}

impl Marks {
    pub fn count(&self, tab: Tab) -> usize {
        self.tabs.get(&tab).map_or(0, |m| m.rows.len())
    }

    pub fn is_marked(&self, tab: Tab, id: &str) -> bool {
        self.tabs.get(&tab).is_some_and(|m| m.rows.contains_key(id))
    }

    /// The marked rows of `tab` as last seen, by id.
    pub fn rows(&self, tab: Tab) -> impl Iterator<Item = &RowRef> {
        self.tabs
            .get(&tab)
            .into_iter()
            .flat_map(|m| m.rows.values())
    }

    /// How many marks of `tab` each zone (or region) holds.
    pub fn places(&self, tab: Tab) -> impl Iterator<Item = (Option<Locality>, usize)> + '_ {
        self.tabs
            .get(&tab)
            .into_iter()
            .flat_map(|m| m.per_place.iter().map(|(l, n)| (*l, *n)))
    }

    /// Marks `row` (again: takes its newer copy).
    pub fn mark(&mut self, tab: Tab, row: RowRef) {
        let marks = self.tabs.entry(tab).or_default();
        let place = row.locality();
        if let Some(old) = marks.rows.insert(row.id().to_string(), row) {
            marks.forget_place(old.locality());
        }
        *marks.per_place.entry(place).or_default() += 1;
    }

    pub fn unmark(&mut self, tab: Tab, id: &str) -> bool {
        let Some(marks) = self.tabs.get_mut(&tab) else {
            return false;
        };
        match marks.rows.remove(id) {
            Some(old) => {
                marks.forget_place(old.locality());
                true
            }
            None => false,
        }
    }

    /// Forgets the marks of `tab`; returns how many there were.
    pub fn clear(&mut self, tab: Tab) -> usize {
        self.tabs.remove(&tab).map_or(0, |m| m.rows.len())
    }
}

impl TabMarks {
    fn forget_place(&mut self, place: Option<Locality>) {
        if let Some(n) = self.per_place.get_mut(&place) {
            *n -= 1;
            if *n == 0 {
                self.per_place.remove(&place);
            }
        }
    }
}

/// Marks are for resources the API can act on, not for the views' rows.
fn markable(state: &mut State) -> bool {
    let api = state.tab.api().is_some();
    if !api {
        let text = format!("nothing to mark on {}", state.tab.title());
        state.status.last_action = Some((text, Outcome::Refused));
    }
    api
}

/// `Space`: marks or unmarks the selected row, then moves down.
pub fn toggle(state: &mut State) {
    let tab = state.tab;
    if !markable(state) {
        return;
    }
    let Some(row) = state.current().selected().cloned() else {
        return;
    };
    if !state.marks.unmark(tab, row.id()) {
        state.marks.mark(tab, row);
    }
    state.table_mut(tab).move_by(1);
}

/// `*`: marks every row the filter shows; when all of them are marked
/// already, unmarks them.
pub fn toggle_shown(state: &mut State) {
    let tab = state.tab;
    if !markable(state) {
        return;
    }
    let shown = shown_rows(state);
    let all_marked = !shown.is_empty() && shown.iter().all(|r| state.marks.is_marked(tab, r.id()));
    if all_marked {
        for r in &shown {
            state.marks.unmark(tab, r.id());
        }
        say(
            state,
            format!("unmarked {}", count(shown.len(), tab.noun())),
        );
    } else {
        mark_shown(state);
    }
}

/// Marks every row the filter shows (`*`, and `:mark all` in command mode);
/// returns how many rows are marked on the tab now.
pub fn mark_shown(state: &mut State) -> usize {
    let tab = state.tab;
    if !markable(state) {
        return 0;
    }
    let shown = shown_rows(state);
    let n = shown.len();
    for r in shown {
        state.marks.mark(tab, r);
    }
    let total = state.marks.count(tab);
    let text = if total == n {
        format!("marked {}", count(n, tab.noun()))
    } else {
        format!("marked {}, {total} in all", count(n, tab.noun()))
    };
    say(state, text);
    total
}

/// The rows the current tab's filter shows, in table order.
fn shown_rows(state: &State) -> Vec<RowRef> {
    let table = state.current();
    table.window(0, table.shown()).cloned().collect()
}

/// `Esc` with marks: asks before forgetting them (the answer defaults to No).
pub fn ask_clear(state: &mut State) {
    let tab = state.tab;
    let count = state.marks.count(tab);
    if count > 0 {
        state.mode = Mode::ClearMarks { tab, count };
    }
}

/// Forgets the marks of `tab`, saying how many.
pub fn clear(state: &mut State, tab: Tab) {
    let n = state.marks.clear(tab);
    say(state, format!("unmarked {}", count(n, tab.noun())));
}

fn say(state: &mut State, text: String) {
    state.status.last_action = Some((text, Outcome::Info));
    state.dirty = true;
}

/// A fetch of `tab` brought fresh data for `fetched`: the marks take the new
/// rows (their state for the next confirmation); a marked resource those
/// localities no longer list is gone, unmarked, and the status line names it.
pub(super) fn refreshed(state: &mut State, tab: Tab, fetched: &[Locality]) {
    if state.marks.count(tab) == 0 {
        return;
    }
    let current: HashMap<&str, &RowRef> = state.table(tab).rows().map(|r| (r.id(), r)).collect();
    let mut fresh = Vec::new();
    let mut gone = Vec::new();
    for row in state.marks.rows(tab) {
        match current.get(row.id()) {
            Some(now) => fresh.push((*now).clone()),
            None if covered(fetched, row.locality()) => gone.push(row.clone()),
            None => {}
        }
    }
    for row in fresh {
        state.marks.mark(tab, row);
    }
    if gone.is_empty() {
        return;
    }
    let mut names: Vec<String> = gone.iter().map(|r| r.name().into_owned()).collect();
    names.sort();
    for row in &gone {
        state.marks.unmark(tab, row.id());
    }
    let text = match names.as_slice() {
        [one] => format!("marked {} {one} is gone: unmarked", tab.noun()),
        many => format!(
            "{} are gone: unmarked ({})",
            count(many.len(), &format!("marked {}", tab.noun())),
            many.join(", ")
        ),
    };
    say(state, text);
}

/// How many of `tab`'s marks are outside the zone (or region) shown: the
/// header says so, and a bulk action still includes them. Per zone, not per
/// mark: the header asks on every frame.
pub fn outside_scope(state: &State, tab: Tab) -> usize {
    let shown = localities(tab, state.zone);
    state
        .marks
        .places(tab)
        .filter(|(place, _)| place.is_some() && !covered(&shown, *place))
        .map(|(_, n)| n)
        .sum()
}

/// The marked rows of `tab`, as fresh as the table has them, by name then
/// zone: what a bulk action plans from.
pub fn marked_rows(state: &State, tab: Tab) -> Vec<RowRef> {
    let table = state.table(tab);
    let mut rows: Vec<RowRef> = if state.marks.count(tab) == 0 {
        Vec::new()
    } else {
        let current: HashMap<&str, &RowRef> = table.rows().map(|r| (r.id(), r)).collect();
        state
            .marks
            .rows(tab)
            .map(|r| {
                current
                    .get(r.id())
                    .map_or_else(|| r.clone(), |now| (*now).clone())
            })
            .collect()
    };
    rows.sort_by_cached_key(|r| {
        (
            r.name().to_lowercase(),
            r.locality().map(|l| l.to_string()).unwrap_or_default(),
            r.id().to_string(),
        )
    });
    rows
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::kinds::probe::{server, with_servers};

    #[test]
    fn a_view_has_nothing_to_mark_and_says_so() {
        let mut state = with_servers(&[server("s-1", "web-1", "fr-par-1")]);
        state.tab = Tab::Probe;
        assert_eq!(state.current().shown(), 1);
        toggle(&mut state);
        toggle_shown(&mut state);
        assert_eq!(state.marks.count(Tab::Probe), 0);
        let (text, outcome) = state.status.last_action.clone().expect("a refusal");
        assert!(text.starts_with("nothing to mark on"), "{text}");
        assert_eq!(outcome, Outcome::Refused);
        // The servers it shows are marked on their own tab.
        state.tab = Tab::Servers;
        assert_eq!(mark_shown(&mut state), 1);
    }
}
