//! The status line's messages tell the truth: a success or a note goes after
//! a few seconds (by the tick clock, so tests decide the time), an error
//! once what it was about succeeded or the user acted again; resources are
//! named by name, counts agree with their nouns.

use std::time::{Duration, Instant};

use super::forms::FormSubmit;
use super::{Locality, Outcome, State};
use crate::keymap::Command;

/// How long a success or a note stays on the status line.
pub const SHOWN_FOR: Duration = Duration::from_secs(5);

/// What an error is about, so it can go when that succeeds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum About {
    /// A fetch of this zone or region.
    Locality(Locality),
    /// An action or a form's request on this resource (id).
    Resource(String),
}

/// "1 volume", "3 volumes".
pub fn count(n: usize, noun: &str) -> String {
    if n == 1 {
        format!("1 {noun}")
    } else {
        format!("{n} {noun}s")
    }
}

/// The name of the resource `id` as the inventory knows it, else the id.
pub fn name_of(state: &State, id: &str) -> String {
    let inv = &state.inventory;
    inv.servers
        .get(id)
        .map(|s| s.name.to_string())
        .or_else(|| inv.volumes.get(id).map(|v| v.name.to_string()))
        .or_else(|| inv.security_groups.get(id).map(|g| g.name.clone()))
        .or_else(|| inv.private_networks.get(id).map(|p| p.name.clone()))
        .or_else(|| inv.vpcs.get(id).map(|v| v.name.clone()))
        .unwrap_or_else(|| id.to_string())
}

/// "update server web-1 in fr-par-1": a form's request with its resources
/// named.
pub fn describe(state: &State, submit: &FormSubmit) -> String {
    submit.describe_named(|id| name_of(state, id))
}

/// A tick: a success or a note shown for `SHOWN_FOR` goes; an error about
/// a zone goes once that zone answers again.
pub fn on_tick(state: &mut State, now: Instant) {
    let status = &mut state.status;
    match (&status.last_action, &status.shown) {
        (None, _) => status.shown = None,
        (Some(msg), Some((seen, _))) if msg == seen => {}
        (Some(msg), _) => status.shown = Some((msg.clone(), now)),
    }
    if let Some(((_, outcome), since)) = &status.shown
        && matches!(outcome, Outcome::Succeeded | Outcome::Info)
        && now.saturating_duration_since(*since) >= SHOWN_FOR
    {
        status.last_action = None;
        status.shown = None;
        state.dirty = true;
    }
    if let Some(About::Locality(at)) = &state.status.error_about
        && !state.locality_errors.contains_key(at)
    {
        clear_error(state);
    }
}

/// The resource `id` was changed as asked: an error about it is over.
pub fn succeeded(state: &mut State, id: &str) {
    if state.status.error_about == Some(About::Resource(id.to_string())) {
        state.status.last_error = None;
        state.status.error_about = None;
    }
}

/// The user runs `command` on the tables: acting again (anything but moving
/// and scrolling) dismisses the last error and refusal.
pub fn on_command(state: &mut State, command: Command) {
    use Command::*;
    let moving = matches!(
        command,
        Up | Down | Top | Bottom | PageUp | PageDown | DetailsUp | DetailsDown | Help
    );
    if !moving {
        clear_error(state);
    }
}

fn clear_error(state: &mut State) {
    let status = &mut state.status;
    if status.last_error.take().is_some() {
        state.dirty = true;
    }
    status.error_about = None;
    if matches!(
        status.last_action,
        Some((_, Outcome::Failed | Outcome::Refused))
    ) {
        status.last_action = None;
        status.shown = None;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_agree_with_their_nouns() {
        assert_eq!(count(1, "volume"), "1 volume");
        assert_eq!(count(0, "volume"), "0 volumes");
        assert_eq!(count(3, "rule"), "3 rules");
    }
}
