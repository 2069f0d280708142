//! The rule editor of one security group: rules in order, staged edits (add,
//! edit, delete, move) shown as a diff against what the API has, applied as one
//! `PUT .../rules` with positions renumbered. Non-editable rules (the default
//! SMTP drops) are shown locked and kept out of the PUT; the API keeps them.
//!
//! Keys come from the key map's `rules` section (by default Up/Down (k/j)
//! select, `a` add, Enter/`e` edit, `d`/Delete delete, Shift-Up/`K` and
//! Shift-Down/`J` move, `s` apply, Esc close; asks first when something is
//! staged, the answer defaulting to No).

use super::form::{Check, Field, Form, FormOutcome};
use super::forms::{FormKind, FormSubmit};
use super::rule_sync::RuleDiff;
use super::validate;
use crate::api::locality::Zone;
use crate::api::models::{
    RuleAction, RuleDirection, RuleProtocol, RuleTemplate, SecurityGroupRule, SetRulesRequest,
};
use crate::keymap::{Command, Context, Input, Key, KeyMap};

/// What one rule does, without its identity or position.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RuleDraft {
    pub protocol: RuleProtocol,
    pub direction: RuleDirection,
    pub action: RuleAction,
    pub ip_range: String,
    pub dest_port_from: Option<u32>,
    pub dest_port_to: Option<u32>,
}

impl From<&SecurityGroupRule> for RuleDraft {
    fn from(r: &SecurityGroupRule) -> Self {
        RuleDraft {
            protocol: r.protocol.clone(),
            direction: r.direction.clone(),
            action: r.action.clone(),
            ip_range: r.ip_range.clone(),
            dest_port_from: r.dest_port_from,
            // Compare like the API stores it: a single port has no upper bound.
            dest_port_to: r.dest_port_to.filter(|to| Some(*to) != r.dest_port_from),
        }
    }
}

impl RuleDraft {
    /// "22", "1000-2000" or "all".
    pub fn ports(&self) -> String {
        match (self.dest_port_from, self.dest_port_to) {
            (Some(a), Some(b)) => format!("{a}-{b}"),
            (Some(a), None) => a.to_string(),
            _ => "all".to_string(),
        }
    }
}

/// One row of the editor in its current order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RuleRow {
    /// Index into [`RuleEditor::original`]; `None` for an added rule.
    pub original: Option<usize>,
    pub draft: RuleDraft,
    pub locked: bool,
}

/// How a row differs from what the API has.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Change {
    Unchanged,
    Locked,
    Added,
    Changed,
    Moved,
    /// Changed and moved.
    ChangedMoved,
}

impl Change {
    /// The diff marker shown before the row.
    pub fn marker(self) -> &'static str {
        match self {
            Change::Unchanged => " ",
            Change::Locked => "L",
            Change::Added => "+",
            Change::Changed => "~",
            Change::Moved => "^",
            Change::ChangedMoved => "~^",
        }
    }
}

/// What a key did to the editor.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RuleEditorOutcome {
    Continue,
    /// Closed without sending anything.
    Close,
    /// The staged rules, to send (`FormSubmit::SetRules`).
    Apply(Box<FormSubmit>),
    /// Read the group's rules again before anything is sent
    /// (`Effect::FetchRules`; the answer goes to [`RuleEditor::reviewed`]).
    Recheck,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RuleEditor {
    pub zone: Zone,
    pub group_id: String,
    pub group_name: String,
    /// The rules as the API returned them, locked first then by position.
    pub original: Vec<SecurityGroupRule>,
    pub rows: Vec<RuleRow>,
    pub cursor: usize,
    /// The open rule sub-form and the row it edits (`None`: a new rule).
    pub sub: Option<(Option<usize>, Form)>,
    /// "Discard staged changes?" is showing.
    pub confirm_discard: bool,
    pub message: Option<String>,
    pub sending: bool,
    /// The apply's review: the rules are read again first (see `rule_sync`).
    pub review: Option<Review>,
}

/// Where an apply stands before its PUT.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Review {
    /// The group's rules are being read again.
    Checking,
    /// They were: the dialog shows the staged diff and, when `api` is not
    /// empty, what changed on the API since the editor opened.
    Ready {
        fresh: Vec<SecurityGroupRule>,
        api: RuleDiff,
    },
}

impl RuleEditor {
    pub fn new(zone: Zone, group_id: &str, group_name: &str, rules: &[SecurityGroupRule]) -> Self {
        let mut original = rules.to_vec();
        original.sort_by_key(|r| (r.is_editable(), r.position));
        let rows = original
            .iter()
            .enumerate()
            .map(|(i, r)| RuleRow {
                original: Some(i),
                draft: RuleDraft::from(r),
                locked: !r.is_editable(),
            })
            .collect();
        RuleEditor {
            zone,
            group_id: group_id.to_string(),
            group_name: group_name.to_string(),
            original,
            rows,
            cursor: 0,
            sub: None,
            confirm_discard: false,
            message: None,
            sending: false,
            review: None,
        }
    }

    /// Each row's change, in row order.
    pub fn changes(&self) -> Vec<Change> {
        // Rows kept from the original in a longest increasing run of original
        // indices stayed in place; the others moved.
        let kept: Vec<(usize, usize)> = self
            .rows
            .iter()
            .enumerate()
            .filter(|(_, r)| !r.locked)
            .filter_map(|(i, r)| r.original.map(|o| (i, o)))
            .collect();
        let stayed = longest_increasing(&kept.iter().map(|(_, o)| *o).collect::<Vec<_>>());
        let moved: Vec<usize> = kept
            .iter()
            .enumerate()
            .filter(|(k, _)| !stayed.contains(k))
            .map(|(_, (i, _))| *i)
            .collect();
        self.rows
            .iter()
            .enumerate()
            .map(|(i, r)| {
                if r.locked {
                    return Change::Locked;
                }
                let Some(o) = r.original else {
                    return Change::Added;
                };
                let changed = RuleDraft::from(&self.original[o]) != r.draft;
                match (changed, moved.contains(&i)) {
                    (false, false) => Change::Unchanged,
                    (true, false) => Change::Changed,
                    (false, true) => Change::Moved,
                    (true, true) => Change::ChangedMoved,
                }
            })
            .collect()
    }

    /// Original rules deleted from the list.
    pub fn removed(&self) -> Vec<&SecurityGroupRule> {
        self.original
            .iter()
            .enumerate()
            .filter(|(i, _)| !self.rows.iter().any(|r| r.original == Some(*i)))
            .map(|(_, r)| r)
            .collect()
    }

    pub fn has_changes(&self) -> bool {
        !self.removed().is_empty()
            || self
                .changes()
                .iter()
                .any(|c| !matches!(c, Change::Unchanged | Change::Locked))
    }

    /// The PUT body: the editable rules in order, positions renumbered from 1,
    /// existing ones by id, added ones with `id: null`.
    pub fn request(&self) -> SetRulesRequest {
        let rules = self
            .rows
            .iter()
            .filter(|r| !r.locked)
            .enumerate()
            .map(|(n, r)| RuleTemplate {
                id: r.original.map(|o| self.original[o].id.clone()),
                action: r.draft.action.clone(),
                protocol: r.draft.protocol.clone(),
                direction: r.draft.direction.clone(),
                ip_range: r.draft.ip_range.clone(),
                dest_port_from: r.draft.dest_port_from,
                dest_port_to: r.draft.dest_port_to,
                position: n as u32 + 1,
                editable: None,
                zone: None,
            })
            .collect();
        SetRulesRequest { rules }
    }

    /// What `key` means to the editor now, as the key map says: its sub-form's
    /// keys while a rule is edited, the confirmation's while asking to
    /// discard, else the `rules` section.
    pub fn input(&self, keymap: &KeyMap, key: Key) -> Option<Input> {
        if let Some(Review::Ready { api, .. }) = &self.review {
            // yes / no, and with API changes also apply (overwrite).
            let overwrite = keymap
                .lookup(Context::Rules, key)
                .filter(|c| *c == Command::Apply && !api.is_empty());
            return keymap
                .lookup(Context::Confirm, key)
                .or(overwrite)
                .map(Input::Command);
        }
        match &self.sub {
            Some((_, form)) => form.input(keymap, key),
            None => keymap.lookup(self.context(), key).map(Input::Command),
        }
    }

    /// The rules as the API has them now arrived: the review dialog opens.
    pub fn reviewed(&mut self, fresh: Vec<SecurityGroupRule>) {
        if self.review == Some(Review::Checking) {
            let api = super::rule_sync::diff(&self.original, &fresh);
            self.review = Some(Review::Ready { fresh, api });
        }
    }

    /// The rules could not be read again: nothing is sent.
    pub fn review_failed(&mut self, why: &str) {
        if self.review == Some(Review::Checking) {
            self.review = None;
            self.message = Some(format!(
                "could not read the rules again ({why}): nothing sent"
            ));
        }
    }

    fn set_rules(&self, request: SetRulesRequest) -> RuleEditorOutcome {
        RuleEditorOutcome::Apply(Box::new(FormSubmit::SetRules {
            zone: self.zone,
            security_group_id: self.group_id.clone(),
            request,
        }))
    }

    /// Keys of the review: yes applies (or, with API changes, rebases onto
    /// them and returns to the editor), apply overwrites, no cancels.
    fn review_command(&mut self, command: Command) -> RuleEditorOutcome {
        let Some(Review::Ready { fresh, api }) = self.review.clone() else {
            if command == Command::Back {
                self.review = None;
                self.message = Some("apply cancelled: nothing sent".into());
            }
            return RuleEditorOutcome::Continue;
        };
        match command {
            Command::Yes if api.is_empty() => {
                self.review = None;
                self.sending = true;
                self.set_rules(self.request())
            }
            Command::Yes => {
                self.review = None;
                self.rebase(&fresh);
                self.message = Some(format!(
                    "rebased onto the API's rules ({} change(s) there): review, then apply",
                    api.lines().len()
                ));
                RuleEditorOutcome::Continue
            }
            Command::Apply => {
                self.review = None;
                self.sending = true;
                self.set_rules(self.overwrite_request(&fresh))
            }
            Command::No | Command::Back => {
                self.review = None;
                self.message = Some("apply cancelled: nothing sent".into());
                RuleEditorOutcome::Continue
            }
            _ => RuleEditorOutcome::Continue,
        }
    }

    /// The key map section that has the keyboard in the editor now.
    pub fn context(&self) -> Context {
        match &self.sub {
            Some((_, form)) => form.context(),
            None if self.confirm_discard || self.review.is_some() => Context::Confirm,
            None => Context::Rules,
        }
    }

    /// Handles a key through the key map (see [`RuleEditor::input`]).
    pub fn handle_key(&mut self, keymap: &KeyMap, key: Key) -> RuleEditorOutcome {
        match self.input(keymap, key) {
            Some(input) => self.handle(input),
            None => RuleEditorOutcome::Continue,
        }
    }

    pub fn handle(&mut self, input: Input) -> RuleEditorOutcome {
        if self.sending {
            return if input == Input::Command(Command::Back) {
                RuleEditorOutcome::Close
            } else {
                RuleEditorOutcome::Continue
            };
        }
        if let Some((row, form)) = &mut self.sub {
            let row = *row;
            match form.handle_with(input, build_draft) {
                FormOutcome::Continue => {}
                FormOutcome::Cancel => self.sub = None,
                FormOutcome::Submit(draft) => {
                    self.sub = None;
                    self.stage(row, draft);
                }
            }
            return RuleEditorOutcome::Continue;
        }
        let Input::Command(command) = input else {
            return RuleEditorOutcome::Continue;
        };
        if self.review.is_some() {
            return self.review_command(command);
        }
        if self.confirm_discard {
            match command {
                Command::Yes => return RuleEditorOutcome::Close,
                Command::No | Command::Back => self.confirm_discard = false,
                _ => {}
            }
            return RuleEditorOutcome::Continue;
        }
        self.message = None;
        match command {
            Command::Back => {
                if self.has_changes() {
                    self.confirm_discard = true;
                } else {
                    return RuleEditorOutcome::Close;
                }
            }
            Command::MoveUp => self.move_selected(-1),
            Command::MoveDown => self.move_selected(1),
            Command::Up => self.cursor = self.cursor.saturating_sub(1),
            Command::Down => {
                self.cursor = (self.cursor + 1).min(self.rows.len().saturating_sub(1));
            }
            Command::New => {
                self.sub = Some((None, rule_form("Add rule", None)));
            }
            Command::Edit => match self.rows.get(self.cursor) {
                Some(r) if r.locked => self.message = Some(locked_message()),
                Some(r) => {
                    self.sub = Some((Some(self.cursor), rule_form("Edit rule", Some(&r.draft))));
                }
                None => {}
            },
            Command::Delete => match self.rows.get(self.cursor) {
                Some(r) if r.locked => self.message = Some(locked_message()),
                Some(_) => {
                    self.rows.remove(self.cursor);
                    self.cursor = self.cursor.min(self.rows.len().saturating_sub(1));
                }
                None => {}
            },
            Command::Apply => {
                if !self.has_changes() {
                    self.message = Some("nothing staged to apply".into());
                } else {
                    // The PUT replaces every rule: read them again first, so
                    // a rule added elsewhere meanwhile is not deleted unseen.
                    self.review = Some(Review::Checking);
                    return RuleEditorOutcome::Recheck;
                }
            }
            _ => {}
        }
        RuleEditorOutcome::Continue
    }

    fn stage(&mut self, row: Option<usize>, draft: RuleDraft) {
        match row.and_then(|i| self.rows.get_mut(i)) {
            Some(r) => r.draft = draft,
            None => {
                // After the selected rule, or last when the cursor is on a locked one.
                let at = match self.rows.get(self.cursor) {
                    Some(r) if !r.locked => self.cursor + 1,
                    _ => self.rows.len(),
                };
                self.rows.insert(
                    at,
                    RuleRow {
                        original: None,
                        draft,
                        locked: false,
                    },
                );
                self.cursor = at;
            }
        }
    }

    fn move_selected(&mut self, delta: isize) {
        let i = self.cursor;
        let j = i as isize + delta;
        if j < 0 || j as usize >= self.rows.len() {
            return;
        }
        let j = j as usize;
        if self.rows[i].locked || self.rows[j].locked {
            self.message = Some("default rules stay first; other rules move around them".into());
            return;
        }
        self.rows.swap(i, j);
        self.cursor = j;
    }

    /// The API refused the PUT: keep every staged change and point at the rule
    /// an argument like `rules.2.dest_port_to` names.
    pub fn apply_error(&mut self, message: &str, fields: &[(String, String)]) {
        self.sending = false;
        let mut text = message.to_string();
        for (arg, msg) in fields {
            let mut parts = arg.split('.');
            let index = (parts.next() == Some("rules"))
                .then(|| parts.next().and_then(|n| n.parse::<usize>().ok()))
                .flatten();
            let field = arg.rsplit('.').next().unwrap_or(arg);
            match index.and_then(|n| Some((n, self.row_of_editable(n)?))) {
                Some((n, row)) => {
                    self.cursor = row;
                    // Numbered like the editor's # column (editable rules only).
                    text.push_str(&format!(" (rule {}: {field}: {msg})", n + 1));
                }
                None => text.push_str(&format!(" ({arg}: {msg})")),
            }
        }
        self.message = Some(text);
    }

    /// Row index of the `n`th editable rule (0-based, as in the PUT body).
    fn row_of_editable(&self, n: usize) -> Option<usize> {
        self.rows
            .iter()
            .enumerate()
            .filter(|(_, r)| !r.locked)
            .nth(n)
            .map(|(i, _)| i)
    }
}

fn locked_message() -> String {
    "this default rule is not editable (the API keeps it)".into()
}

/// Indices (into `seq`) of one longest strictly increasing subsequence.
fn longest_increasing(seq: &[usize]) -> Vec<usize> {
    let n = seq.len();
    let mut len = vec![1usize; n];
    let mut prev = vec![usize::MAX; n];
    for i in 0..n {
        for j in 0..i {
            if seq[j] < seq[i] && len[j] + 1 > len[i] {
                len[i] = len[j] + 1;
                prev[i] = j;
            }
        }
    }
    let mut out = Vec::new();
    let mut at = (0..n).max_by_key(|&i| (len[i], std::cmp::Reverse(i)));
    while let Some(i) = at {
        out.push(i);
        at = (prev[i] != usize::MAX).then_some(prev[i]);
    }
    out.reverse();
    out
}

const PROTOCOLS: [&str; 4] = ["TCP", "UDP", "ICMP", "ANY"];
const DIRECTIONS: [&str; 2] = ["inbound", "outbound"];
const ACTIONS: [&str; 2] = ["accept", "drop"];

/// The rule sub-form, prefilled from `draft` when editing.
pub fn rule_form(title: &str, draft: Option<&RuleDraft>) -> Form {
    let at = |all: &[&str], v: Option<&str>| {
        v.and_then(|v| all.iter().position(|x| *x == v))
            .unwrap_or(0)
    };
    let port = |p: Option<u32>| p.map(|p| p.to_string()).unwrap_or_default();
    Form::new(
        title,
        FormKind::Rule,
        vec![
            Field::choice(
                "protocol",
                "Protocol",
                &PROTOCOLS,
                at(&PROTOCOLS, draft.map(|d| d.protocol.as_str())),
            ),
            Field::choice(
                "direction",
                "Direction",
                &DIRECTIONS,
                at(&DIRECTIONS, draft.map(|d| d.direction.as_str())),
            ),
            Field::choice(
                "action",
                "Action",
                &ACTIONS,
                at(&ACTIONS, draft.map(|d| d.action.as_str())),
            ),
            Field::text(
                "ip_range",
                "IP range",
                draft.map_or("0.0.0.0/0", |d| d.ip_range.as_str()),
                Check::IpRange,
            )
            .hint("address or CIDR"),
            Field::text(
                "dest_port_from",
                "Port (from)",
                &port(draft.and_then(|d| d.dest_port_from)),
                Check::Port,
            )
            .hint("empty: all ports"),
            Field::text(
                "dest_port_to",
                "Port (to)",
                &port(draft.and_then(|d| d.dest_port_to)),
                Check::Port,
            )
            .hint("empty: single port"),
        ],
    )
}

/// Builds a rule from the sub-form, with the API's normalisation (see
/// [`validate::rule_ports`] and [`validate::ip_range`]).
pub fn build_draft(form: &Form) -> Result<RuleDraft, (String, String)> {
    let protocol = RuleProtocol::from(form.value("protocol"));
    let (from, to) = (form.value("dest_port_from"), form.value("dest_port_to"));
    let blame = |key: &str, msg: String| (key.to_string(), msg);
    if !protocol.has_ports() {
        if !from.trim().is_empty() {
            return Err(blame(
                "dest_port_from",
                format!("{protocol} rules match every port; leave ports empty"),
            ));
        }
        if !to.trim().is_empty() {
            return Err(blame(
                "dest_port_to",
                format!("{protocol} rules match every port; leave ports empty"),
            ));
        }
    }
    if from.trim().is_empty() && !to.trim().is_empty() {
        return Err(blame(
            "dest_port_from",
            "give the first port of the range too".into(),
        ));
    }
    let (dest_port_from, dest_port_to) =
        validate::rule_ports(&protocol, from, to).map_err(|m| blame("dest_port_to", m))?;
    Ok(RuleDraft {
        protocol,
        direction: RuleDirection::from(form.value("direction")),
        action: RuleAction::from(form.value("action")),
        ip_range: validate::ip_range(form.value("ip_range")).map_err(|m| blame("ip_range", m))?,
        dest_port_from,
        dest_port_to,
    })
}
