//! Acting on the marks (`marks`) at once. `p` with marked servers opens the
//! power menu of the actions at least one of them allows, each with how many
//! it applies to; `d` with marks deletes what a single `d` would delete. One
//! confirmation lists the resources by name and zone and what is skipped and
//! why (default No; terminate and delete of more than one ask for the count
//! to be typed).
//!
//! The run sends a few requests at a time ([`MAX_IN_FLIGHT`]), each resource
//! once; every row shows its own transition through the in-flight marks of
//! `pending` ("queued", then "◐ starting…", then the API's state). A request
//! the API rate-limited (after the client's own back-off) is sent again
//! later with fewer at a time rather than failed. `Esc` stops sending what
//! has not started. At the end the failures are listed with the API's
//! message, and stay marked so `p` or `d` tries them again.

use std::collections::{HashMap, VecDeque};
use std::time::{Duration, Instant};

use super::filter_query::{Field, Fields, cell_of, state_word};
use super::modes::power_menu::POWER_ORDER;
use super::pending::{self, Mark};
use super::status::count;
use super::{
    Chosen, Effect, Locality, Mode, Outcome, PendingAction, RowRef, State, Tab, TableRow,
    UserError, Verb, schedule,
};

/// Requests of a bulk action in flight at once, as the background rule
/// counts: the user's own requests and the refresh keep room.
pub const MAX_IN_FLIGHT: usize = 4;
/// How often one resource's request is sent again after the API answered
/// 429 to every attempt of the client's back-off.
const RATE_LIMIT_RESENDS: u8 = 3;
/// The pause before anything more is sent after such a 429.
const RATE_LIMIT_PAUSE: Duration = Duration::from_secs(2);

/// The power menu of the marked servers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BulkMenu {
    /// Each action at least one marked server allows (API name), in menu
    /// order, with how many of them allow it.
    pub entries: Vec<(String, usize)>,
    /// How many servers are marked.
    pub marked: usize,
    pub cursor: usize,
}

/// A marked resource the action leaves out, and why ("already stopped").
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Skip {
    pub name: String,
    pub locality: Option<Locality>,
    pub why: String,
}

/// What a bulk action will do: the requests, and what it leaves out.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Plan {
    pub verb: Verb,
    pub tab: Tab,
    pub targets: Vec<PendingAction>,
    pub skipped: Vec<Skip>,
}

impl Plan {
    /// "Power on 3 servers"
    pub fn title(&self) -> String {
        format!(
            "{} {}",
            self.verb.label(),
            count(self.targets.len(), self.tab.noun())
        )
    }

    /// Terminate and delete of more than one resource are confirmed by
    /// typing how many.
    pub fn wants_count(&self) -> bool {
        self.targets.len() > 1
            && (self.verb == Verb::Delete || self.verb == Verb::Power("terminate".into()))
    }

    /// "3 already stopped, 1 starting": the skipped, by reason, most first.
    pub fn skipped_summary(&self) -> Option<String> {
        if self.skipped.is_empty() {
            return None;
        }
        let mut groups: Vec<(String, usize)> = Vec::new();
        for s in &self.skipped {
            let key = s.why.split(':').next().unwrap_or(&s.why).trim().to_string();
            match groups.iter_mut().find(|(k, _)| *k == key) {
                Some((_, n)) => *n += 1,
                None => groups.push((key, 1)),
            }
        }
        groups.sort_by_key(|g| std::cmp::Reverse(g.1));
        let parts: Vec<String> = groups.iter().map(|(k, n)| format!("{n} {k}")).collect();
        Some(parts.join(", "))
    }
}

/// The open bulk confirmation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Confirming {
    pub plan: Plan,
    /// How far the list of resources is scrolled.
    pub scroll: u16,
    /// The count typed so far, when the plan asks for it (`Plan::wants_count`).
    pub typed: Option<String>,
    /// What the dialog shows about the whole list, found once (a frame
    /// draws only the lines in view): the widest name as shown, the skipped
    /// by reason, how many targets are outside the zone shown.
    pub name_width: usize,
    pub skipped_summary: Option<String>,
    pub outside: usize,
}

impl Confirming {
    /// The lines of its list: the targets, then a "Skipped" line and the
    /// skipped, if any.
    pub fn list_len(&self) -> usize {
        let skipped = self.plan.skipped.len();
        self.plan.targets.len() + if skipped > 0 { skipped + 1 } else { 0 }
    }
}

/// A bulk action being sent.
#[derive(Debug)]
pub struct Run {
    pub id: u64,
    pub verb: Verb,
    pub tab: Tab,
    pub total: usize,
    /// Not sent yet, in order.
    queue: VecDeque<PendingAction>,
    in_flight: Vec<PendingAction>,
    /// Accepted by the API.
    pub done: usize,
    pub failed: Vec<(PendingAction, UserError)>,
    /// Re-sends after a 429, by resource id.
    resent: HashMap<String, u8>,
    /// Requests in flight at most: [`MAX_IN_FLIGHT`], halved by each 429.
    pub limit: usize,
    /// Nothing more is sent before this (after a 429).
    hold_until: Option<Instant>,
    /// Left unsent by a cancel.
    pub not_sent: usize,
    pub cancelled: bool,
    /// The marked rows, to mark the failures again.
    rows: HashMap<String, RowRef>,
}

impl Run {
    /// "starting 7/12, 1 failed": what the status line shows meanwhile.
    pub fn progress(&self) -> String {
        let mut text = format!(
            "{} {}/{}",
            pending::verb_label(&self.verb),
            self.done + self.failed.len(),
            self.total
        );
        if !self.failed.is_empty() {
            text.push_str(&format!(", {} failed", self.failed.len()));
        }
        if self.limit < MAX_IN_FLIGHT {
            text.push_str(", rate limited: slower");
        }
        if self.cancelled {
            text.push_str(&format!(
                ", cancelled ({} not sent, waiting for {})",
                self.not_sent,
                self.in_flight.len()
            ));
        }
        text
    }

    fn is_over(&self) -> bool {
        self.queue.is_empty() && self.in_flight.is_empty()
    }
}

/// One failed resource of a finished bulk action.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Failure {
    pub name: String,
    pub locality: Option<Locality>,
    pub message: String,
}

/// What a finished (or cancelled) bulk action did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Report {
    /// "Power on 12 servers"
    pub title: String,
    pub done: usize,
    pub failed: Vec<Failure>,
    pub not_sent: usize,
    pub cancelled: bool,
    pub scroll: u16,
}

impl Report {
    /// "11 done, 1 failed", "4 done, 8 not sent (cancelled)".
    pub fn summary(&self) -> String {
        let mut parts = vec![format!("{} done", self.done)];
        if !self.failed.is_empty() {
            parts.push(format!("{} failed", self.failed.len()));
        }
        if self.cancelled {
            parts.push(format!("{} not sent (cancelled)", self.not_sent));
        }
        parts.join(", ")
    }
}

/// `p` with marked servers: the menu of what at least one of them allows,
/// or why there is none.
pub fn open_power_menu(state: &mut State) {
    let rows = super::marks::marked_rows(state, Tab::Servers);
    let entries: Vec<(String, usize)> = POWER_ORDER
        .iter()
        .filter_map(|action| {
            let n = rows
                .iter()
                .filter(|r| !busy(state, r.id()) && allows(r.as_ref(), action))
                .count();
            (n > 0).then(|| (action.to_string(), n))
        })
        .collect();
    if entries.is_empty() {
        state.status.last_action = Some((
            format!(
                "none of the {} allows a power action right now",
                count(rows.len(), "marked server")
            ),
            Outcome::Info,
        ));
        return;
    }
    state.mode = Mode::BulkPowerMenu(BulkMenu {
        entries,
        marked: rows.len(),
        cursor: 0,
    });
}

fn allows(row: &dyn TableRow, action: &str) -> bool {
    row.power_actions().iter().any(|a| a == action)
}

/// Whether a request is in flight on `id` (sent, queued, or accepted and not
/// yet seen by a refresh): nothing more is sent to it meanwhile.
fn busy(state: &State, id: &str) -> bool {
    state.busy.get(id).is_some_and(|m| !m.failed)
}

fn target(tab: Tab, verb: Verb, row: &dyn TableRow) -> PendingAction {
    PendingAction {
        verb,
        tab,
        id: row.id().to_string(),
        name: row.name().into_owned(),
        locality: row.locality(),
    }
}

fn skip(row: &dyn TableRow, why: String) -> Skip {
    Skip {
        name: row.name().into_owned(),
        locality: row.locality(),
        why,
    }
}

/// Power `action` on every marked server that allows it.
pub fn plan_power(state: &State, action: &str) -> Plan {
    let fields = Fields::from_columns(&Tab::Servers.catalogue());
    let mut plan = Plan {
        verb: Verb::Power(action.to_string()),
        tab: Tab::Servers,
        targets: Vec::new(),
        skipped: Vec::new(),
    };
    for row in super::marks::marked_rows(state, Tab::Servers) {
        let row = row.as_ref();
        if let Some(why) = busy_why(state, row.id()) {
            plan.skipped.push(skip(row, why));
        } else if allows(row, action) {
            plan.targets
                .push(target(Tab::Servers, plan.verb.clone(), row));
        } else {
            let cell = cell_of(row, &fields, Field::State).to_lowercase();
            plan.skipped
                .push(skip(row, power_refusal(action, state_word(&cell))));
        }
    }
    plan
}

fn busy_why(state: &State, id: &str) -> Option<String> {
    let mark = state.busy.get(id).filter(|m| !m.failed)?;
    Some(format!("busy: {}", mark.label))
}

/// Why a server in `server_state` is left out of `action`.
fn power_refusal(action: &str, server_state: &str) -> String {
    let done = match action {
        "poweron" => ["running", "starting"].contains(&server_state),
        "poweroff" | "stop_in_place" => {
            ["stopped", "stopped in place", "stopping"].contains(&server_state)
        }
        _ => false,
    };
    if done {
        format!("already {server_state}")
    } else if server_state.is_empty() {
        "does not allow it now".to_string()
    } else {
        server_state.to_string()
    }
}

/// `d` with marks: deletes every marked resource a single `d` would
/// delete (a server only when stopped; a volume only when free).
pub fn plan_delete(state: &State, tab: Tab) -> Plan {
    let mut plan = Plan {
        verb: Verb::Delete,
        tab,
        targets: Vec::new(),
        skipped: Vec::new(),
    };
    for row in super::marks::marked_rows(state, tab) {
        let row = row.as_ref();
        if let Some(why) = busy_why(state, row.id()) {
            plan.skipped.push(skip(row, why));
            continue;
        }
        match delete_verdict(state, tab, row) {
            Ok(action) => plan.targets.push(action),
            Err(why) => plan.skipped.push(skip(row, why)),
        }
    }
    plan
}

/// What the kind's `d` decides for one row, as a delete or why not.
fn delete_verdict(state: &State, tab: Tab, row: &dyn TableRow) -> Result<PendingAction, String> {
    let plain = target(tab, Verb::Delete, row);
    let Some(api) = tab.api() else {
        return Err(format!("nothing to delete on {}", tab.title()));
    };
    let choices = (api.delete_choices)(state, &plain);
    let delete = choices.iter().find_map(|c| {
        c.confirms()
            .filter(|a| a.verb == Verb::Delete && a.id == plain.id)
    });
    if let Some(action) = delete {
        return Ok(action.clone());
    }
    match choices.into_iter().next().map(|c| c.action) {
        Some(Err(why)) => Err(without_name(&why, &plain.name)),
        Some(Ok(Chosen::Confirm(PendingAction {
            verb: Verb::DetachVolume { server_name, .. },
            ..
        }))) => Err(format!("attached to {server_name}: detach it first")),
        _ => Err("cannot be deleted".to_string()),
    }
}

/// "web-1 is running: power it off first (p)" -> "running: power it off
/// first (p)": the name is already on the line.
fn without_name(why: &str, name: &str) -> String {
    let rest = why.strip_prefix(name).map_or(why, str::trim_start);
    rest.strip_prefix("is ").unwrap_or(rest).to_string()
}

/// Opens the confirmation of `plan`, or says there is nothing to do.
pub fn ask(state: &mut State, plan: Plan) {
    if plan.targets.is_empty() {
        let why = plan.skipped_summary().unwrap_or_default();
        state.mode = Mode::Normal;
        state.status.last_action = Some((
            format!("{}: nothing to do ({why})", plan.verb.label()),
            Outcome::Refused,
        ));
        return;
    }
    let typed = plan.wants_count().then(String::new);
    let names = plan
        .targets
        .iter()
        .map(|t| t.name.as_str())
        .chain(plan.skipped.iter().map(|s| s.name.as_str()));
    let name_width = names
        .map(|n| crate::text::display_width(&crate::text::sanitize(n)))
        .max()
        .unwrap_or(0);
    let shown = super::slots::localities(plan.tab, state.zone);
    let outside = plan
        .targets
        .iter()
        .filter(|t| t.locality.is_some() && !super::inventory::covered(&shown, t.locality))
        .count();
    state.mode = Mode::BulkConfirm(Box::new(Confirming {
        skipped_summary: plan.skipped_summary(),
        plan,
        scroll: 0,
        typed,
        name_width,
        outside,
    }));
}

/// Confirmed: the marks become the run's, the first requests go out.
pub fn start(state: &mut State, plan: Plan) -> Vec<Effect> {
    state.mode = Mode::Normal;
    if let Some(run) = &state.bulk {
        state.status.last_action = Some((
            format!(
                "{} is still running ({}): Esc cancels it",
                run.verb.label(),
                run.progress()
            ),
            Outcome::Refused,
        ));
        return Vec::new();
    }
    let rows: HashMap<String, RowRef> = super::marks::marked_rows(state, plan.tab)
        .into_iter()
        .map(|r| (r.id().to_string(), r))
        .collect();
    state.marks.clear(plan.tab);
    // Each row waiting its turn says so.
    let queued = plan.targets.iter().map(|a| {
        let mark = Mark {
            label: "queued",
            tab: a.tab,
            failed: false,
            verb: None,
        };
        (a.id.clone(), mark)
    });
    pending::start(state, queued.collect());
    // The status line shows the run's progress from now on.
    state.status.last_action = None;
    state.status.last_error = None;
    let id = state.next_request;
    state.next_request += 1;
    state.bulk = Some(Run {
        id,
        verb: plan.verb,
        tab: plan.tab,
        total: plan.targets.len(),
        queue: plan.targets.into(),
        in_flight: Vec::new(),
        done: 0,
        failed: Vec::new(),
        resent: HashMap::new(),
        limit: MAX_IN_FLIGHT,
        hold_until: None,
        not_sent: 0,
        cancelled: false,
        rows,
    });
    pump(state)
}

/// Sends the next requests, up to the run's limit in flight.
fn pump(state: &mut State) -> Vec<Effect> {
    let Some(mut run) = state.bulk.take() else {
        return Vec::new();
    };
    let mut effects = Vec::new();
    let held = match (run.hold_until, state.now) {
        (Some(until), Some(now)) => now < until,
        (Some(_), None) => true,
        (None, _) => false,
    };
    if !held {
        run.hold_until = None;
        while run.in_flight.len() < run.limit {
            let Some(action) = run.queue.pop_front() else {
                break;
            };
            let mark = Mark {
                label: pending::verb_label(&action.verb),
                tab: action.tab,
                failed: false,
                verb: Some(action.verb.clone()),
            };
            pending::start(state, vec![(action.id.clone(), mark)]);
            run.in_flight.push(action.clone());
            effects.push(Effect::BulkStep {
                run: run.id,
                action,
            });
        }
    }
    state.bulk = Some(run);
    state.dirty = true;
    effects
}

/// A tick: sending resumes once a rate-limit pause is over.
pub(super) fn on_tick(state: &mut State) -> Vec<Effect> {
    match &state.bulk {
        Some(run) if run.hold_until.is_some() => pump(state),
        _ => Vec::new(),
    }
}

/// One resource's request came back.
pub(super) fn step_done(
    state: &mut State,
    run_id: u64,
    action: PendingAction,
    result: Result<(), UserError>,
    rate_limited: bool,
) -> Vec<Effect> {
    let mut run = match state.bulk.take() {
        Some(run) if run.id == run_id => run,
        other => {
            // Not the current run's (one runs at a time): settle the row.
            state.bulk = other;
            match result {
                Ok(()) => pending::accept(state, [action.id.clone()]),
                Err(_) => pending::fail(state, [action.id.clone()]),
            }
            return Vec::new();
        }
    };
    run.in_flight.retain(|a| a.id != action.id);
    let resent = run.resent.entry(action.id.clone()).or_default();
    match result {
        Ok(()) => {
            run.done += 1;
            pending::accept(state, [action.id.clone()]);
            super::status::succeeded(state, &action.id);
        }
        Err(_) if rate_limited && !run.cancelled && *resent < RATE_LIMIT_RESENDS => {
            // The gateway refused it before the service saw it: sending it
            // again later does it once. Fewer at a time from now on.
            *resent += 1;
            run.limit = (run.limit / 2).max(1);
            run.hold_until = state.now.map(|now| now + RATE_LIMIT_PAUSE);
            run.queue.push_front(action.clone());
            let mark = Mark {
                label: "queued",
                tab: action.tab,
                failed: false,
                verb: None,
            };
            pending::start(state, vec![(action.id.clone(), mark)]);
        }
        Err(e) => {
            run.failed.push((action.clone(), e));
            pending::fail(state, [action.id.clone()]);
        }
    }
    state.bulk = Some(run);
    state.dirty = true;
    let mut effects = pump(state);
    // The row is read again alone (GET by id) to show its transition; one
    // in a zone no longer shown is not (its mark keeps it as last seen).
    let in_view = super::inventory::covered(
        &super::slots::localities(action.tab, state.zone),
        action.locality,
    );
    if in_view {
        effects.extend(schedule::refetch(
            state,
            action.tab,
            action.locality,
            &action.id,
        ));
    }
    if state.bulk.as_ref().is_some_and(Run::is_over) {
        finish(state);
    }
    effects
}

/// `Esc` while a run is going: what has not been sent is not sent; what is
/// in flight comes back and is counted.
pub fn cancel(state: &mut State) {
    let Some(run) = &mut state.bulk else {
        return;
    };
    let dropped: Vec<String> = run.queue.drain(..).map(|a| a.id).collect();
    run.not_sent += dropped.len();
    run.cancelled = true;
    for id in &dropped {
        state.busy.remove(id);
    }
    state.dirty = true;
    if state.bulk.as_ref().is_some_and(Run::is_over) {
        finish(state);
    } else if let Some(run) = &state.bulk {
        state.status.last_action = Some((
            format!(
                "{}: cancelled, {} not sent; waiting for {} in flight",
                run.verb.label(),
                run.not_sent,
                run.in_flight.len()
            ),
            Outcome::Info,
        ));
    }
}

/// Whether a bulk action is being sent (`Esc` then cancels it).
pub fn running(state: &State) -> bool {
    state.bulk.is_some()
}

/// The run is over: the status line sums it up; failures stay marked and
/// are listed with the API's message (now, or once back on the tables).
fn finish(state: &mut State) {
    let Some(run) = state.bulk.take() else {
        return;
    };
    let title = format!("{} {}", run.verb.label(), count(run.total, run.tab.noun()));
    let failed: Vec<Failure> = run
        .failed
        .iter()
        .map(|(a, e)| Failure {
            name: a.name.clone(),
            locality: a.locality,
            message: e.to_string(),
        })
        .collect();
    for (a, _) in &run.failed {
        if let Some(row) = run.rows.get(&a.id) {
            state.marks.mark(run.tab, row.clone());
        }
    }
    let report = Report {
        title,
        done: run.done,
        failed,
        not_sent: run.not_sent,
        cancelled: run.cancelled,
        scroll: 0,
    };
    let outcome = if !report.failed.is_empty() {
        Outcome::Failed
    } else if report.cancelled {
        Outcome::Info
    } else {
        Outcome::Succeeded
    };
    let mut text = format!("{}: {}", report.title, report.summary());
    if !report.failed.is_empty() {
        text.push_str(" (the failed stay marked)");
    }
    state.status.last_action = Some((text, outcome));
    state.dirty = true;
    if !report.failed.is_empty() || report.cancelled {
        state.bulk_report = Some(report);
        show_report(state);
    }
}

/// Opens the report of the last run when the tables have the keyboard (a
/// run that ends while a form is open waits for it to close).
pub(super) fn show_report(state: &mut State) {
    if state.mode == Mode::Normal
        && let Some(report) = state.bulk_report.take()
    {
        state.mode = Mode::BulkReport(Box::new(report));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refusals_read_as_reasons() {
        assert_eq!(power_refusal("poweron", "running"), "already running");
        assert_eq!(power_refusal("poweroff", "stopped"), "already stopped");
        assert_eq!(
            power_refusal("stop_in_place", "stopped in place"),
            "already stopped in place"
        );
        assert_eq!(power_refusal("reboot", "stopped"), "stopped");
        assert_eq!(power_refusal("poweron", ""), "does not allow it now");
        assert_eq!(
            without_name("web-1 is running: power it off first (p)", "web-1"),
            "running: power it off first (p)"
        );
        assert_eq!(
            without_name("net has private NICs of a: detach them first", "net"),
            "has private NICs of a: detach them first"
        );
    }

    #[test]
    fn skipped_are_summed_up_by_reason() {
        let s = |why: &str| Skip {
            name: "x".into(),
            locality: None,
            why: why.into(),
        };
        let plan = Plan {
            verb: Verb::Power("poweron".into()),
            tab: Tab::Servers,
            targets: Vec::new(),
            skipped: vec![
                s("starting"),
                s("already running"),
                s("already running"),
                s("already running"),
            ],
        };
        assert_eq!(
            plan.skipped_summary().as_deref(),
            Some("3 already running, 1 starting")
        );
        let del = Plan {
            verb: Verb::Delete,
            skipped: vec![s("running: power it off first (p)")],
            ..plan
        };
        assert_eq!(del.skipped_summary().as_deref(), Some("1 running"));
    }
}
