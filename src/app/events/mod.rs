//! What changed: every answer of a fetch is compared with what the
//! inventory held before it, in the zones (regions) that answered; each
//! difference becomes an [`Event`] on a bounded timeline, and the changed
//! rows are highlighted for a few seconds. A zone's first answer of the run
//! is compared with the snapshot the last run left ("while away"); a zone's
//! first answer after a scope change with what this run last saw there.
//! Otherwise a first answer is the baseline, never "everything created".
//!
//! The snapshot is written by the executor (`Effect::SaveSnapshot`), at most
//! once a minute after something changed and once more on quit. Optional
//! notifications (the bell and a desktop notification through the terminal)
//! follow the actions started here until their resource settles.
//!
//! Pure, like `update`: time comes from the ticks, the wall clock from the
//! snapshot's loader.

pub mod change;
pub mod diff;
pub mod fact;
pub mod snapshot;

use std::collections::{HashMap, HashSet, VecDeque};
use std::path::PathBuf;
use std::sync::Arc;
use std::time::{Duration, Instant};

pub use change::{Change, Event, Link, When};
pub use fact::{Fact, RuleFact, Shared, Tracked};
pub use snapshot::{Clock, Previous};

use super::inventory::{Inventory, covered};
use super::{Effect, Locality, PendingAction, State, Tab, UserError};
use diff::Delta;
use snapshot::Source;

/// Events kept in memory; the oldest go first.
pub const KEPT: usize = 1000;

/// Least time between two snapshot writes while the dashboard runs (see
/// [`save_every`]).
pub const SAVE_EVERY: Duration = Duration::from_secs(60);

/// The time between two snapshot writes: a minute, or the list interval
/// when the fleet's size stretched it. A save costs what exists (~4 us a
/// model: 0.8 s of CPU at 100,000 servers with their volumes), so a fleet
/// that keeps changing is saved no more often than it is listed; quitting
/// saves anyway.
pub fn save_every(state: &State) -> Duration {
    SAVE_EVERY.max(state.list_interval())
}

/// Where the snapshot is kept: the file, and the key it must carry.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Store {
    pub path: PathBuf,
    pub key: String,
}

/// How a notification reaches the desktop, besides the bell.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Desktop {
    /// The bell only.
    Bell,
    /// `OSC 9 ; text BEL` (iTerm2, WezTerm, kitty, Ghostty, Windows Terminal).
    Osc9,
    /// `OSC 777 ; notify ; title ; text BEL` (foot, urxvt, Ghostty, WezTerm).
    Osc777,
}

/// A notification for the executor to send through the terminal; the text
/// is sanitised there, on its way out.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Notification {
    pub text: String,
    pub desktop: Desktop,
}

/// The events' settings (`[events]` and `[notifications]` in config.toml)
/// and what the last run left.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// How long a changed row stays highlighted.
    pub highlight: Duration,
    /// `None`: notifications off (the default).
    pub notify: Option<Desktop>,
    /// `None`: nothing is kept between runs.
    pub store: Option<Store>,
    pub previous: Option<Arc<Previous>>,
}

/// "N changes since 14:03": what the first answers found changed since the
/// last run's snapshot.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Away {
    pub count: usize,
    /// The oldest snapshot they were compared with (Unix seconds).
    pub since: i64,
}

/// An action started here, followed until its resource settles.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Watch {
    what: String,
    tab: Tab,
    locality: Option<Locality>,
    /// An event about the resource was seen since.
    changed: bool,
    /// Answers covering it since.
    answers: u8,
}

#[derive(Debug, Default)]
pub struct Events {
    /// Oldest first; at most [`KEPT`].
    pub timeline: VecDeque<Event>,
    next_seq: u64,
    /// Changed rows and when their highlight ends, by resource id.
    pub highlights: HashMap<String, Instant>,
    pub highlight_for: Duration,
    /// (kind, zone) answered since the scope last changed: their next answer
    /// is compared with what the inventory holds.
    baseline: HashSet<(Tab, Locality)>,
    /// The last run's snapshot, slice by slice until compared.
    pub previous: Previous,
    /// What this run saw in zones it has left (scope changes), for when it
    /// comes back and for the snapshot (shared with the saves: a save costs
    /// a count per zone, not a copy of its facts).
    left: HashMap<(Tab, Locality), Arc<[Fact]>>,
    /// Every group's rules as last seen this run, shared with the saves as
    /// a whole (a save holding it makes the next change copy the map, not
    /// the rules).
    rules_seen: Arc<HashMap<String, Arc<[RuleFact]>>>,
    pub away: Option<Away>,
    /// Something the snapshot does not hold yet.
    unsaved: bool,
    last_save: Option<Instant>,
    saved_on_quit: bool,
    pub store: Option<Store>,
    pub notify: Option<Desktop>,
    watched: HashMap<String, Watch>,
    /// When the view's ages were last rebuilt.
    aged_at: Option<Instant>,
}

impl Events {
    pub fn new(options: Options) -> Events {
        Events {
            highlight_for: options.highlight,
            previous: options.previous.map(|p| (*p).clone()).unwrap_or_default(),
            store: options.store,
            notify: options.notify,
            ..Events::default()
        }
    }

    /// Newest first, as the view lists them.
    pub fn newest_first(&self) -> impl Iterator<Item = &Event> {
        self.timeline.iter().rev()
    }

    /// Whether the row `id` is highlighted at `now`.
    pub fn highlighted(&self, id: &str, now: Option<Instant>) -> bool {
        match (self.highlights.get(id), now) {
            (Some(until), Some(now)) => now < *until,
            _ => false,
        }
    }

    /// The header's words: "3 changes since 14:03".
    pub fn away_words(&self) -> Option<String> {
        let away = self.away?;
        let label = snapshot::since_label(away.since, self.previous.clock);
        let noun = if away.count == 1 { "change" } else { "changes" };
        Some(format!("{} {noun} since {label}", away.count))
    }

    fn push(&mut self, tab: Tab, delta: &Delta, change: Change, when: When) {
        self.next_seq += 1;
        self.timeline.push_back(Event {
            seq: self.next_seq,
            tab,
            id: delta.id.clone(),
            name: delta.name.clone(),
            locality: delta.locality,
            change,
            when,
        });
        while self.timeline.len() > KEPT {
            self.timeline.pop_front();
        }
    }
}

/// The models of `tab` the events follow (none for a view).
pub fn tracked(inventory: &Inventory, tab: Tab) -> Option<Shared> {
    tab.api().map(|api| (api.tracked)(inventory))
}

/// A fetch of `tab` answered for the `fetched` localities (none when it
/// failed); `before` is what the inventory held of the kind before the
/// answer went in. Records the events and returns the fetches they need
/// (the rules of a group that changed).
pub fn fetched(
    state: &mut State,
    tab: Tab,
    fetched: &[Locality],
    before: Option<Shared>,
) -> Vec<Effect> {
    let Some(after) = tracked(&state.inventory, tab) else {
        return Vec::new();
    };
    if fetched.is_empty() {
        return Vec::new();
    }
    let now = state.now;
    let (compared, first): (Vec<Locality>, Vec<Locality>) = fetched
        .iter()
        .partition(|at| state.events.baseline.contains(&(tab, **at)));
    let mut found: Vec<(Delta, When)> = Vec::new();
    if let Some(before) = &before
        && !compared.is_empty()
        && !Arc::ptr_eq(before, &after)
    {
        let deltas =
            diff::diff_models(before.as_ref(), after.as_ref(), |at| covered(&compared, at));
        found.extend(deltas.into_iter().map(|d| (d, When::Seen(now))));
    }
    for at in first {
        let events = &mut state.events;
        events.baseline.insert((tab, at));
        events.unsaved = true;
        let kept = events.previous.slices.remove(&(tab, at));
        let left = match kept {
            Some(_) => None,
            None => events.left.remove(&(tab, at)),
        };
        let (old, when): (&[Fact], When) = match (&kept, &left) {
            (Some(slice), _) => (
                &slice.facts,
                When::Away {
                    since: slice.saved_at,
                },
            ),
            (None, Some(facts)) => (facts, When::Seen(now)),
            (None, None) => continue,
        };
        let new = snapshot::slices_of(&after, tab, &[at], 0)
            .pop()
            .map(|s| s.facts)
            .unwrap_or_default();
        let deltas = diff::diff_facts(old, &new, Some(at));
        if let When::Away { since } = when
            && !deltas.is_empty()
        {
            let n: usize = deltas.iter().map(|d| d.changes.len()).sum();
            let away = events.away.get_or_insert(Away { count: 0, since });
            away.count += n;
            away.since = away.since.min(since);
        }
        found.extend(deltas.into_iter().map(|d| (d, when)));
    }
    let changed_ids: HashSet<String> = found.iter().map(|(d, _)| d.id.clone()).collect();
    let mut effects = record(state, tab, found);
    effects.extend(follow_watched(
        state,
        tab,
        fetched,
        None,
        &after,
        &changed_ids,
    ));
    if let Some(before) = &before {
        effects.extend(refetch_changed_rules(state, before, &after));
    }
    effects
}

/// The one resource `id` of `tab` in `at` was read alone (the fast polling
/// of a row in transition): compared like a fetch, for that row only.
pub fn fetched_one(
    state: &mut State,
    tab: Tab,
    at: Locality,
    id: &str,
    before: Option<Shared>,
) -> Vec<Effect> {
    let (Some(before), Some(after)) = (before, tracked(&state.inventory, tab)) else {
        return Vec::new();
    };
    if !state.events.baseline.contains(&(tab, at)) {
        return Vec::new();
    }
    let delta = diff::diff_one(before.as_ref(), after.as_ref(), id);
    let changed: HashSet<String> = delta.iter().map(|d| d.id.clone()).collect();
    let seen = delta.into_iter().map(|d| (d, When::Seen(state.now)));
    let mut effects = record(state, tab, seen.collect());
    effects.extend(follow_watched(
        state,
        tab,
        &[at],
        Some(id),
        &after,
        &changed,
    ));
    effects
}

/// Puts the deltas on the timeline (names of what they link to resolved
/// from the inventory) and highlights their rows. Returns the
/// notifications of marked resources whose state changed or that were
/// deleted (one not followed already for an action started here).
fn record(state: &mut State, tab: Tab, found: Vec<(Delta, When)>) -> Vec<Effect> {
    if found.is_empty() {
        return Vec::new();
    }
    let now = state.now;
    let lookups: HashMap<Tab, Option<Shared>> = Tab::ALL
        .iter()
        .map(|t| (*t, tracked(&state.inventory, *t)))
        .collect();
    let name_of = |link: &Link| -> Option<String> {
        lookups
            .get(&link.tab)?
            .as_ref()?
            .entry(&link.id)
            .map(|e| e.name().to_string())
    };
    let events = &mut state.events;
    let marks = &state.marks;
    let mut notes = Vec::new();
    for (delta, when) in &found {
        let notify_state = events.notify.filter(|_| {
            matches!(when, When::Seen(_))
                && marks.is_marked(tab, &delta.id)
                && !events.watched.contains_key(&delta.id)
        });
        for change in &delta.changes {
            let change = match change.clone() {
                Change::Attached(l) if l.name.is_none() => {
                    let name = name_of(&l);
                    Change::Attached(l.named(name))
                }
                Change::Detached(l) if l.name.is_none() => {
                    let name = name_of(&l);
                    Change::Detached(l.named(name))
                }
                c => c,
            };
            // A deletion is its last change of state.
            let is_state = matches!(change, Change::State { .. } | Change::Deleted);
            events.push(tab, delta, change, *when);
            if let (Some(desktop), true, Some(event)) =
                (notify_state, is_state, events.timeline.back())
            {
                notes.push(notify(desktop, event.sentence()));
            }
        }
        if !delta.changes.contains(&Change::Deleted)
            && let Some(now) = now
        {
            events
                .highlights
                .insert(delta.id.clone(), now + events.highlight_for);
        }
    }
    events.unsaved = true;
    super::rebuild_rows(state, Tab::Events);
    notes
}

/// Rules are listed group by group, once: a group whose model changed
/// (its modification date moves when its rules change) gets its rules
/// read again, so the rules' changes are seen too.
fn refetch_changed_rules(state: &mut State, before: &Shared, after: &Shared) -> Vec<Effect> {
    let mut effects = Vec::new();
    for group in state.inventory.rules.keys() {
        let (Some(old), Some(new)) = (before.entry(group), after.entry(group)) else {
            continue;
        };
        if old.same(new) {
            continue;
        }
        if let Some(zone) = new.locality().and_then(Locality::zone) {
            effects.push(Effect::FetchRules {
                group: group.clone(),
                zone,
            });
        }
    }
    effects
}

/// A group's rules arrived: compared with what this run last saw of them,
/// or for the first time with the last run's snapshot.
pub fn rules_arrived(
    state: &mut State,
    group: &str,
    rules: &[crate::api::models::SecurityGroupRule],
) {
    let new: Arc<[RuleFact]> = rules.iter().map(RuleFact::of).collect();
    let events = &mut state.events;
    let (old, when): (Arc<[RuleFact]>, When) = match events.rules_seen.get(group) {
        // The same rules again: nothing to keep (a save may share the map).
        Some(old) if *old == new => return,
        Some(old) => (Arc::clone(old), When::Seen(state.now)),
        None => match events.previous.rules.remove(group) {
            Some(kept) => (
                kept.rules.as_slice().into(),
                When::Away {
                    since: kept.saved_at,
                },
            ),
            None => {
                Arc::make_mut(&mut events.rules_seen).insert(group.to_string(), new);
                events.unsaved = true;
                return;
            }
        },
    };
    let changes = fact::compare_rules(&old, &new);
    Arc::make_mut(&mut events.rules_seen).insert(group.to_string(), new);
    if changes.is_empty() {
        return;
    }
    let tab = Tab::SecurityGroups;
    let (name, locality) = tracked(&state.inventory, tab)
        .and_then(|m| m.entry(group).map(|e| (e.name().to_string(), e.locality())))
        .unwrap_or_else(|| (change::short_id(group).to_string(), None));
    if let When::Away { since } = when {
        let away = state.events.away.get_or_insert(Away { count: 0, since });
        away.count += changes.len();
        away.since = away.since.min(since);
    }
    let delta = Delta {
        id: group.to_string(),
        name,
        locality,
        changes,
    };
    record(state, tab, vec![(delta, when)]);
}

/// The scope is about to change (the inventory is cleared): what this run
/// saw in the zones it leaves is kept, for when it comes back and for the
/// snapshot, and every zone's next answer is a first one.
pub fn scope_left(state: &mut State) {
    let events = &mut state.events;
    for (tab, at) in events.baseline.drain() {
        if let Some(models) = tracked(&state.inventory, tab)
            && let Some(slice) = snapshot::slices_of(&models, tab, &[at], 0).pop()
        {
            events.left.insert((tab, at), slice.facts.into());
        }
    }
}

/// Another tab is shown: the events view, when it is that one, with its
/// ages as of now; once looked at, the header's "N changes since" has been
/// read.
pub fn tab_shown(state: &mut State) {
    if state.tab == Tab::Events {
        state.events.away = None;
        state.events.aged_at = state.now;
        super::rebuild_rows(state, Tab::Events);
    }
}

/// Each tick: highlights that ended go (the rows redraw), and the
/// snapshot is saved when something changed and the last save is
/// [`save_every`] old, once no prompt fetch is out.
pub fn on_tick(state: &mut State, now: Instant) -> Vec<Effect> {
    let before = state.events.highlights.len();
    state.events.highlights.retain(|_, until| now < *until);
    if state.events.highlights.len() != before {
        state.dirty = true;
    }
    // The ages grow: the view's rows again, once a second while shown.
    let aged = state.events.aged_at;
    if state.tab == Tab::Events
        && aged.is_none_or(|t| now.saturating_duration_since(t) >= Duration::from_secs(1))
    {
        state.events.aged_at = Some(now);
        super::rebuild_rows(state, Tab::Events);
    }
    let every = save_every(state);
    let due = state
        .events
        .last_save
        .is_none_or(|t| now.saturating_duration_since(t) >= every);
    if state.events.unsaved && due && !state.fetches.any_prompt_in_flight(Some(now)) {
        state.events.last_save = Some(now);
        return save(state, false);
    }
    Vec::new()
}

/// The dashboard is quitting: the snapshot is saved one last time (the
/// executor writes it before the loop ends).
pub fn on_quit(state: &mut State) -> Vec<Effect> {
    if state.events.saved_on_quit {
        return Vec::new();
    }
    state.events.saved_on_quit = true;
    save(state, true)
}

fn save(state: &mut State, last: bool) -> Vec<Effect> {
    let Some(store) = state.events.store.clone() else {
        return Vec::new();
    };
    state.events.unsaved = false;
    let events = &state.events;
    // Everything kept is shared, not copied: building the source costs a
    // count per slice, whatever the fleet (the last run's slices of zones
    // not seen yet were copied, fact by fact, at every save).
    let source = Source {
        key: store.key.clone(),
        models: Tab::ALL
            .iter()
            .filter_map(|t| Some((*t, tracked(&state.inventory, *t)?)))
            .collect(),
        complete: events.baseline.iter().copied().collect(),
        left: events
            .left
            .iter()
            .map(|((tab, at), facts)| (*tab, *at, Arc::clone(facts)))
            .collect(),
        kept: events.previous.slices.values().cloned().collect(),
        rules: Arc::clone(&events.rules_seen),
        kept_rules: events.previous.rules.values().cloned().collect(),
    };
    vec![Effect::SaveSnapshot {
        path: store.path,
        source: SaveSource(Arc::new(source)),
        last,
    }]
}

/// The snapshot's source in an effect: compared by identity (effects are
/// compared in tests; the models are shared, not copied).
#[derive(Debug, Clone)]
pub struct SaveSource(pub Arc<Source>);

impl PartialEq for SaveSource {
    fn eq(&self, other: &SaveSource) -> bool {
        Arc::ptr_eq(&self.0, &other.0)
    }
}

impl Eq for SaveSource {}

/// A confirmed action finished: a failure is notified at once, a success
/// once its resource settles (see [`follow_watched`]).
pub fn action_done(
    state: &mut State,
    action: &PendingAction,
    result: &Result<(), UserError>,
) -> Vec<Effect> {
    let Some(desktop) = state.events.notify else {
        return Vec::new();
    };
    match result {
        Err(e) => vec![notify(desktop, format!("✗ {}: {}", action.describe(), e))],
        Ok(()) => {
            state.events.watched.insert(
                action.id.clone(),
                Watch {
                    what: action.describe(),
                    tab: action.tab,
                    locality: action.locality,
                    changed: false,
                    answers: 0,
                },
            );
            Vec::new()
        }
    }
}

/// A form's request finished (its changes show at once): notified now.
pub fn submitted(state: &State, what: &str, error: Option<&str>) -> Vec<Effect> {
    let Some(desktop) = state.events.notify else {
        return Vec::new();
    };
    let text = match error {
        Some(e) => format!("✗ {what}: {e}"),
        None => format!("{what}: done"),
    };
    vec![notify(desktop, text)]
}

fn notify(desktop: Desktop, text: String) -> Effect {
    Effect::Notify(Notification { text, desktop })
}

/// Watched resources this answer covers (`only` that one, when one row was
/// read alone): notified once settled (after a
/// change, or after two answers without one: a reboot too quick to see),
/// or gone (deleted).
fn follow_watched(
    state: &mut State,
    tab: Tab,
    fetched: &[Locality],
    only: Option<&str>,
    after: &Shared,
    changed: &HashSet<String>,
) -> Vec<Effect> {
    let Some(desktop) = state.events.notify else {
        return Vec::new();
    };
    let mut done = Vec::new();
    for (id, watch) in state.events.watched.iter_mut() {
        if watch.tab != tab || only.is_some_and(|o| o != id) {
            continue;
        }
        match after.entry(id) {
            None if covered(fetched, watch.locality) => done.push((id.clone(), "done".to_string())),
            Some(e) if covered(fetched, e.locality()) => {
                watch.answers = watch.answers.saturating_add(1);
                watch.changed |= changed.contains(id);
                if e.settled() && (watch.changed || watch.answers >= 2) {
                    let state_word = e.fact().state.unwrap_or_default();
                    let how = if state_word.is_empty() {
                        "done".to_string()
                    } else {
                        format!("done, {state_word}")
                    };
                    done.push((id.clone(), how));
                }
            }
            _ => {}
        }
    }
    let mut effects = Vec::new();
    for (id, how) in done {
        if let Some(watch) = state.events.watched.remove(&id) {
            effects.push(notify(desktop, format!("{}: {how}", watch.what)));
        }
    }
    effects
}
