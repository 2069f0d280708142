//! The rule editor against a group that changed elsewhere while it was open.
//! Its apply is one `PUT .../rules` of every rule, so a rule added by someone
//! else meanwhile would be deleted without a word. Before the PUT the rules
//! are read again: what changed on the API side is listed next to what is
//! staged, and the user rebases onto it (keeps both), overwrites it, or
//! cancels. Pure: the rules come in, lines and rows come out.

use std::collections::HashMap;

use super::rule_editor::{Change, RuleDraft, RuleEditor, RuleRow};
use crate::api::models::{SecurityGroupRule, SetRulesRequest};

/// The differences between two lists of rules, as lines for a dialog: `+`
/// added, `-` removed, `~` changed (before -> after), `^` moved.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct RuleDiff {
    pub added: Vec<RuleDraft>,
    pub removed: Vec<RuleDraft>,
    pub changed: Vec<(RuleDraft, RuleDraft)>,
    pub moved: Vec<RuleDraft>,
}

impl RuleDiff {
    pub fn is_empty(&self) -> bool {
        self.added.is_empty()
            && self.removed.is_empty()
            && self.changed.is_empty()
            && self.moved.is_empty()
    }

    /// One line per difference, added first.
    pub fn lines(&self) -> Vec<String> {
        let mut out = Vec::new();
        out.extend(self.added.iter().map(|d| format!("+ {}", d.summary())));
        out.extend(self.removed.iter().map(|d| format!("- {}", d.summary())));
        out.extend(
            self.changed
                .iter()
                .map(|(a, b)| format!("~ {} -> {}", a.summary(), b.summary())),
        );
        out.extend(
            self.moved
                .iter()
                .map(|d| format!("^ {} (moved)", d.summary())),
        );
        out
    }
}

impl RuleDraft {
    /// "inbound accept TCP 22 from 0.0.0.0/0".
    pub fn summary(&self) -> String {
        format!(
            "{} {} {} {} from {}",
            self.direction.as_str(),
            self.action.as_str(),
            self.protocol.as_str(),
            self.ports(),
            self.ip_range
        )
    }
}

/// The editable rules in API order (locked ones are the API's to keep).
fn editable(rules: &[SecurityGroupRule]) -> Vec<&SecurityGroupRule> {
    let mut v: Vec<&SecurityGroupRule> = rules.iter().filter(|r| r.is_editable()).collect();
    v.sort_by_key(|r| r.position);
    v
}

/// What changed between `before` and `after` (rules matched by id): what the
/// API did since the editor opened.
pub fn diff(before: &[SecurityGroupRule], after: &[SecurityGroupRule]) -> RuleDiff {
    let (before, after) = (editable(before), editable(after));
    let old: HashMap<&str, &SecurityGroupRule> =
        before.iter().map(|r| (r.id.as_str(), *r)).collect();
    let new: HashMap<&str, &SecurityGroupRule> =
        after.iter().map(|r| (r.id.as_str(), *r)).collect();
    let mut d = RuleDiff::default();
    for r in &after {
        match old.get(r.id.as_str()) {
            None => d.added.push(RuleDraft::from(*r)),
            Some(o) if RuleDraft::from(*o) != RuleDraft::from(*r) => {
                d.changed.push((RuleDraft::from(*o), RuleDraft::from(*r)));
            }
            Some(_) => {}
        }
    }
    d.removed = before
        .iter()
        .filter(|r| !new.contains_key(r.id.as_str()))
        .map(|r| RuleDraft::from(*r))
        .collect();
    // Order of the rules both lists hold: a rule whose rank among them moved.
    let kept_old: Vec<&str> = before
        .iter()
        .map(|r| r.id.as_str())
        .filter(|id| new.contains_key(id))
        .collect();
    let kept_new: Vec<&str> = after
        .iter()
        .map(|r| r.id.as_str())
        .filter(|id| old.contains_key(id))
        .collect();
    if kept_old != kept_new {
        d.moved = kept_new
            .iter()
            .zip(&kept_old)
            .filter(|(a, b)| a != b)
            .filter_map(|(id, _)| new.get(id).map(|r| RuleDraft::from(*r)))
            .collect();
    }
    d
}

impl RuleEditor {
    /// What applying would do to the rules the editor opened with.
    pub fn staged(&self) -> RuleDiff {
        let mut d = RuleDiff {
            removed: self.removed().into_iter().map(RuleDraft::from).collect(),
            ..RuleDiff::default()
        };
        for (row, change) in self.rows.iter().zip(self.changes()) {
            let before = || row.original.map(|o| RuleDraft::from(&self.original[o]));
            match change {
                Change::Unchanged | Change::Locked => {}
                Change::Added => d.added.push(row.draft.clone()),
                Change::Moved => d.moved.push(row.draft.clone()),
                Change::Changed | Change::ChangedMoved => {
                    if let Some(b) = before() {
                        d.changed.push((b, row.draft.clone()));
                    }
                    if change == Change::ChangedMoved {
                        d.moved.push(row.draft.clone());
                    }
                }
            }
        }
        d
    }

    /// Takes the API's current rules as the new base and replays the staged
    /// changes on top (keep both): rules added elsewhere stay, at their
    /// position; a rule changed elsewhere takes the API's version unless it
    /// is edited here; a rule deleted elsewhere stays deleted unless it is
    /// edited here (then it is added back as edited). Deletions and additions
    /// made here are kept.
    pub fn rebase(&mut self, fresh: &[SecurityGroupRule]) {
        let mut base = fresh.to_vec();
        base.sort_by_key(|r| (r.is_editable(), r.position));
        let index: HashMap<&str, usize> = base
            .iter()
            .enumerate()
            .map(|(i, r)| (r.id.as_str(), i))
            .collect();
        let mut rows: Vec<RuleRow> = base
            .iter()
            .enumerate()
            .filter(|(_, r)| !r.is_editable())
            .map(|(i, r)| RuleRow {
                original: Some(i),
                draft: RuleDraft::from(r),
                locked: true,
            })
            .collect();
        let locked = rows.len();
        for row in self.rows.iter().filter(|r| !r.locked) {
            let Some(o) = row.original else {
                rows.push(row.clone());
                continue;
            };
            let was = &self.original[o];
            let edited = RuleDraft::from(was) != row.draft;
            match index.get(was.id.as_str()) {
                Some(&i) => rows.push(RuleRow {
                    original: Some(i),
                    draft: if edited {
                        row.draft.clone()
                    } else {
                        RuleDraft::from(&base[i])
                    },
                    locked: false,
                }),
                None if edited => rows.push(RuleRow {
                    original: None,
                    draft: row.draft.clone(),
                    locked: false,
                }),
                None => {}
            }
        }
        // Rules the API gained: right after the rule that precedes them in
        // the API's order (first when none does).
        let known: Vec<&str> = self.original.iter().map(|r| r.id.as_str()).collect();
        for (i, r) in base.iter().enumerate() {
            if !r.is_editable() || known.contains(&r.id.as_str()) {
                continue;
            }
            let at = rows
                .iter()
                .enumerate()
                .skip(locked)
                .rfind(|(_, row)| row.original.is_some_and(|o| o < i))
                .map_or(locked, |(n, _)| n + 1);
            rows.insert(
                at,
                RuleRow {
                    original: Some(i),
                    draft: RuleDraft::from(r),
                    locked: false,
                },
            );
        }
        self.original = base;
        self.rows = rows;
        self.cursor = self.cursor.min(self.rows.len().saturating_sub(1));
    }

    /// The PUT that replaces whatever the API has now (`fresh`) by the staged
    /// rules: a staged rule whose id the API no longer has is sent as new.
    pub fn overwrite_request(&self, fresh: &[SecurityGroupRule]) -> SetRulesRequest {
        let mut request = self.request();
        for rule in &mut request.rules {
            if rule
                .id
                .as_ref()
                .is_some_and(|id| !fresh.iter().any(|r| &r.id == id))
            {
                rule.id = None;
            }
        }
        request
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::locality::Zone;
    use crate::api::models::{RuleAction, RuleDirection, RuleProtocol};

    fn rule(id: &str, port: u32, position: u32) -> SecurityGroupRule {
        SecurityGroupRule {
            id: id.into(),
            protocol: RuleProtocol::from("TCP"),
            direction: RuleDirection::from("inbound"),
            action: RuleAction::from("accept"),
            ip_range: "0.0.0.0/0".into(),
            dest_ip_range: None,
            dest_port_from: Some(port),
            dest_port_to: None,
            position,
            editable: None,
            zone: "fr-par-1".into(),
        }
    }

    fn ports(e: &RuleEditor) -> Vec<Option<u32>> {
        e.rows.iter().map(|r| r.draft.dest_port_from).collect()
    }

    #[test]
    fn diff_names_added_removed_changed_and_moved_rules() {
        let before = [rule("a", 22, 1), rule("b", 80, 2), rule("c", 443, 3)];
        let after = [rule("c", 8443, 1), rule("a", 22, 2), rule("d", 53, 3)];
        let d = diff(&before, &after);
        assert_eq!(d.added.len(), 1);
        assert_eq!(d.removed[0].dest_port_from, Some(80));
        assert_eq!(d.changed[0].1.dest_port_from, Some(8443));
        assert!(!d.moved.is_empty());
        assert!(diff(&before, &before).is_empty());
        let lines = d.lines();
        assert!(
            lines
                .iter()
                .any(|l| l == "+ inbound accept TCP 53 from 0.0.0.0/0")
        );
        assert!(
            lines
                .iter()
                .any(|l| l.starts_with("- ") && l.contains(" 80 "))
        );
    }

    #[test]
    fn rebase_keeps_the_api_rule_and_the_staged_one() {
        let opened = [rule("a", 22, 1), rule("b", 80, 2)];
        let mut e = RuleEditor::new(Zone::FrPar1, "g", "web", &opened);
        // Staged here: 80 deleted, 25 added at the end.
        e.cursor = 1;
        e.rows.remove(1);
        e.rows.push(RuleRow {
            original: None,
            draft: RuleDraft::from(&rule("x", 25, 0)),
            locked: false,
        });
        // Meanwhile on the API: 3306 added between them, 22 changed to 2222.
        let fresh = [rule("a", 2222, 1), rule("n", 3306, 2), rule("b", 80, 3)];
        e.rebase(&fresh);
        assert_eq!(ports(&e), [Some(2222), Some(3306), Some(25)]);
        let staged = e.staged();
        assert_eq!(staged.removed.len(), 1, "80 is still deleted");
        assert_eq!(staged.added.len(), 1, "25 is still added");
        assert!(staged.changed.is_empty(), "2222 is the API's, not staged");
        let ids: Vec<Option<String>> = e.request().rules.into_iter().map(|r| r.id).collect();
        assert_eq!(ids, [Some("a".into()), Some("n".into()), None]);
    }

    #[test]
    fn rebase_keeps_an_edit_of_a_rule_deleted_elsewhere_as_new() {
        let opened = [rule("a", 22, 1)];
        let mut e = RuleEditor::new(Zone::FrPar1, "g", "web", &opened);
        e.rows[0].draft.dest_port_from = Some(2022);
        e.rebase(&[]);
        assert_eq!(ports(&e), [Some(2022)]);
        assert_eq!(e.rows[0].original, None);
    }

    #[test]
    fn overwrite_sends_rules_the_api_lost_as_new() {
        let opened = [rule("a", 22, 1), rule("b", 80, 2)];
        let e = RuleEditor::new(Zone::FrPar1, "g", "web", &opened);
        let fresh = [rule("b", 80, 1), rule("n", 3306, 2)];
        let ids: Vec<Option<String>> = e
            .overwrite_request(&fresh)
            .rules
            .into_iter()
            .map(|r| r.id)
            .collect();
        assert_eq!(ids, [None, Some("b".into())]);
    }
}
