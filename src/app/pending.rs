//! Rows with a mutation in flight. The row shows what is happening to it
//! ("◐ deleting…", "◐ attaching…") from the moment the request goes out, not
//! only once a refresh brings the API's own state. A mark is set when `update`
//! emits the request (`Effect::Run` or `Effect::Submit`) and kept after
//! acceptance until that tab's next fetch: from then on the row shows what the
//! API says (its own transitional state, with the spinner and the fast
//! refresh, or the settled result). When the API refuses, the row says so in
//! red ("✗ failed"; the reason is on the status line) until that
//! tab's next refresh.

use super::forms::FormSubmit;
use super::{State, Tab, Verb};

/// A mutation in flight on one row.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mark {
    /// What the state cell says meanwhile: "starting", "deleting"...
    pub label: &'static str,
    /// The tab the row is on: its next fetch after acceptance ends the mark.
    pub tab: Tab,
    /// The API refused the request (shown in red until the next refresh).
    pub failed: bool,
    /// The action sent, for an action (not a form's request): the same one
    /// again is refused while this one is pending.
    pub verb: Option<Verb>,
}

/// Why `verb` on `id` must not be sent now: the same action is already
/// pending on it (sent, or accepted and not yet seen by a refresh). Sending
/// it twice fails as "precondition failed" at best.
pub fn duplicate(state: &State, id: &str, verb: &Verb, describe: &str) -> Option<String> {
    let mark = state.busy.get(id)?;
    (!mark.failed && mark.verb.as_ref() == Some(verb))
        .then(|| format!("{describe}: already in progress, nothing sent"))
}

/// The word a row shows while `verb` runs on it.
pub fn verb_label(verb: &Verb) -> &'static str {
    match verb {
        Verb::Power(action) => match action.as_str() {
            "poweron" => "starting",
            "poweroff" | "stop_in_place" => "stopping",
            "reboot" => "rebooting",
            "terminate" => "terminating",
            _ => "working",
        },
        Verb::Delete | Verb::DeleteWithVolumes { .. } => "deleting",
        Verb::DetachVolume { .. } | Verb::LeaveNetwork { .. } => "detaching",
    }
}

/// The rows a confirmed action changes, with their marks: its resource's,
/// and the volumes a delete with volumes takes along.
pub fn action_marks(action: &super::PendingAction) -> Vec<(String, Mark)> {
    let mark = |tab| Mark {
        label: verb_label(&action.verb),
        tab,
        failed: false,
        verb: Some(action.verb.clone()),
    };
    let mut marks = vec![(action.id.clone(), mark(action.tab))];
    if let Verb::DeleteWithVolumes { volumes } = &action.verb {
        marks.extend(
            volumes
                .iter()
                .map(|(id, _)| (id.clone(), mark(Tab::Volumes))),
        );
    }
    marks
}

/// The existing row a form's request changes, with its mark (on the tab the
/// request refreshes). A create marks nothing: the new row appears with the
/// refresh that follows it.
pub fn submit_marks(submit: &FormSubmit) -> Vec<(String, Mark)> {
    use FormSubmit as F;
    let (id, label) = match submit {
        F::CreateServer { .. }
        | F::CreateVolume { .. }
        | F::CreateSecurityGroup { .. }
        | F::CreatePrivateNetwork { .. }
        | F::CreateVpc { .. } => return Vec::new(),
        F::UpdateServer { id, .. }
        | F::UpdateVolume { id, .. }
        | F::UpdateSecurityGroup { id, .. }
        | F::UpdatePrivateNetwork { id, .. }
        | F::UpdateVpc { id, .. }
        | F::SetRules {
            security_group_id: id,
            ..
        } => (id, "updating"),
        F::AttachVolume { volume_id: id, .. } | F::CreatePrivateNic { server_id: id, .. } => {
            (id, "attaching")
        }
    };
    let mark = Mark {
        label,
        tab: submit.tab(),
        failed: false,
        verb: None,
    };
    // An attach shows on both sides, whichever the form was opened from.
    let other = submit.other_side().map(|(id, tab)| {
        let mark = Mark {
            tab,
            ..mark.clone()
        };
        (id.to_string(), mark)
    });
    std::iter::once((id.clone(), mark)).chain(other).collect()
}

/// The status line while a form's request is out: "creating server web-1 in
/// fr-par-1…" rather than the imperative of `FormSubmit::describe`.
pub fn submit_progress(state: &State, submit: &FormSubmit) -> String {
    let what = super::status::describe(state, submit);
    let (verb, rest) = what.split_once(' ').unwrap_or((what.as_str(), ""));
    let ing = match verb {
        "create" => "creating",
        "update" => "updating",
        "attach" => "attaching",
        "set" => "setting",
        other => other,
    };
    let mut text = format!("{ing} {rest}");
    if let FormSubmit::CreateServer { power_on: true, .. } = submit {
        text.push_str(", then powering it on");
    }
    text
}

/// The request went out: mark its rows.
pub(super) fn start(state: &mut State, marks: Vec<(String, Mark)>) {
    for (id, mark) in marks {
        state.accepted.remove(&id);
        state.busy.insert(id, mark);
    }
}

/// The API accepted it: the marks stay until their tab's next fetch.
pub(super) fn accept(state: &mut State, ids: impl IntoIterator<Item = String>) {
    for id in ids {
        if let Some(mark) = state.busy.get(&id) {
            state.accepted.insert(id, mark.tab);
        }
    }
}

/// The API refused it (or the answer was lost): the rows say it failed until
/// their tab's next fetch, which then shows the API's own state.
pub(super) fn fail(state: &mut State, ids: impl IntoIterator<Item = String>) {
    for id in ids {
        if let Some(mark) = state.busy.get_mut(&id) {
            mark.failed = true;
            state.accepted.insert(id, mark.tab);
        }
    }
}

/// A fetch of `tab` finished: accepted marks of that tab give way to what the
/// API now says.
pub(super) fn settle(state: &mut State, tab: Tab) {
    let done: Vec<String> = state
        .accepted
        .iter()
        .filter(|(_, t)| **t == tab)
        .map(|(id, _)| id.clone())
        .collect();
    for id in done {
        state.accepted.remove(&id);
        state.busy.remove(&id);
    }
}

/// The row `id` was read again: an accepted mark on it gives way to what the
/// API now says, as after its tab's next fetch.
pub(super) fn settle_one(state: &mut State, id: &str) {
    if state.accepted.remove(id).is_some() {
        state.busy.remove(id);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn verbs_read_as_what_is_happening() {
        assert_eq!(verb_label(&Verb::Power("poweron".into())), "starting");
        assert_eq!(verb_label(&Verb::Power("stop_in_place".into())), "stopping");
        assert_eq!(verb_label(&Verb::Delete), "deleting");
        let detach = Verb::DetachVolume {
            server_id: "s".into(),
            server_name: "web".into(),
        };
        assert_eq!(verb_label(&detach), "detaching");
    }

    #[test]
    fn a_request_marks_the_row_it_changes_on_the_tab_it_refreshes() {
        use crate::api::locality::Zone;
        use crate::api::models::SetRulesRequest;
        let rules = FormSubmit::SetRules {
            zone: Zone::FrPar1,
            security_group_id: "sg-1".into(),
            request: SetRulesRequest { rules: Vec::new() },
        };
        for (submit, id, label, tab) in [
            (join(), "srv-1", "attaching", Tab::Servers),
            (rules, "sg-1", "updating", Tab::SecurityGroups),
        ] {
            let marks = submit_marks(&submit);
            let (marked, mark) = &marks[0];
            assert_eq!((marked.as_str(), mark.label, mark.tab), (id, label, tab));
        }
        // A join shows on the network's row too.
        let marks = submit_marks(&join());
        let (marked, mark) = &marks[1];
        assert_eq!(
            (marked.as_str(), mark.label, mark.tab),
            ("pn-1", "attaching", Tab::PrivateNetworks)
        );
    }

    fn join() -> FormSubmit {
        FormSubmit::CreatePrivateNic {
            zone: crate::api::locality::Zone::FrPar1,
            server_id: "srv-1".into(),
            request: crate::api::models::CreatePrivateNicRequest {
                private_network_id: "pn-1".into(),
                tags: None,
                ipam_ip_ids: None,
            },
        }
    }

    #[test]
    fn a_mark_speeds_up_the_refresh_until_it_settles() {
        let mut state = State::new(crate::app::Options::default());
        assert_eq!(state.refresh_interval(), state.refresh_every);
        let mark = Mark {
            label: "updating",
            tab: Tab::PrivateNetworks,
            failed: false,
            verb: None,
        };
        start(&mut state, vec![("pn-1".into(), mark)]);
        assert_eq!(state.refresh_interval(), state.fast_refresh);
        accept(&mut state, ["pn-1".to_string()]);
        settle(&mut state, Tab::Servers);
        assert!(state.busy.contains_key("pn-1"), "another tab's fetch");
        settle(&mut state, Tab::PrivateNetworks);
        assert!(state.busy.is_empty() && state.accepted.is_empty());
        assert_eq!(state.refresh_interval(), state.refresh_every);
    }

    #[test]
    fn a_refusal_shows_on_the_row_until_the_next_refresh() {
        let mut state = State::new(crate::app::Options::default());
        let mark = Mark {
            label: "deleting",
            tab: Tab::Volumes,
            failed: false,
            verb: Some(Verb::Delete),
        };
        start(&mut state, vec![("vol-1".into(), mark)]);
        fail(&mut state, ["vol-1".to_string()]);
        assert!(state.busy["vol-1"].failed);
        // A failure alone does not speed the refresh up.
        assert_eq!(state.refresh_interval(), state.refresh_every);
        settle(&mut state, Tab::Volumes);
        assert!(state.busy.is_empty() && state.accepted.is_empty());
    }
}
