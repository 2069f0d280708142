//! The rule editor: staging, the diff against the API's rules, the PUT body's
//! order and positions, locked defaults, discard confirmation, API errors.
#![allow(clippy::unwrap_used)]

use crate::forms_common;

use crossterm::event::{KeyCode, KeyModifiers};
use forms_common::*;
use scwdash::api::locality::Zone;
use scwdash::api::models::{RuleProtocol, RuleTemplate};
use scwdash::app::forms::FormSubmit;
use scwdash::app::rule_editor::{Change, RuleEditor, RuleEditorOutcome};
use scwdash::keymap::{Key, KeyMap};

fn editor() -> RuleEditor {
    RuleEditor::new(Zone::FrPar1, "sg-web", "web", &rules())
}

fn press(e: &mut RuleEditor, c: char) -> RuleEditorOutcome {
    e.handle_key(&KeyMap::default(), k(KeyCode::Char(c)))
}

/// `s`, the rules read again unchanged, then `y` in the review.
fn apply(e: &mut RuleEditor) -> RuleEditorOutcome {
    assert_eq!(press(e, 's'), RuleEditorOutcome::Recheck);
    let fresh = e.original.clone();
    e.reviewed(fresh);
    press(e, 'y')
}

fn ids(e: &RuleEditor) -> Vec<Option<String>> {
    e.request().rules.into_iter().map(|r| r.id).collect()
}

/// Types into the open sub-form's focused field.
fn sub_type(e: &mut RuleEditor, text: &str) {
    for c in text.chars() {
        e.handle_key(&KeyMap::default(), k(KeyCode::Char(c)));
    }
}

fn sub_tab(e: &mut RuleEditor, n: usize) {
    for _ in 0..n {
        e.handle_key(&KeyMap::default(), k(KeyCode::Tab));
    }
}

fn clear(e: &mut RuleEditor) {
    e.handle_key(
        &KeyMap::default(),
        Key::new(KeyCode::Char('u'), KeyModifiers::CONTROL),
    );
}

#[test]
fn locked_rules_first_then_editable_by_position() {
    let e = editor();
    let order: Vec<&str> = e
        .rows
        .iter()
        .map(|r| e.original[r.original.unwrap()].id.as_str())
        .collect();
    assert_eq!(order, ["d-25", "d-465", "r-ssh", "r-web", "r-icmp"]);
    assert_eq!(
        e.changes(),
        [
            Change::Locked,
            Change::Locked,
            Change::Unchanged,
            Change::Unchanged,
            Change::Unchanged
        ]
    );
    assert!(!e.has_changes());
}

#[test]
fn nothing_staged_applies_nothing_and_esc_closes_at_once() {
    let mut e = editor();
    assert_eq!(press(&mut e, 's'), RuleEditorOutcome::Continue);
    assert_eq!(e.message.as_deref(), Some("nothing staged to apply"));
    assert_eq!(
        e.handle_key(&KeyMap::default(), k(KeyCode::Esc)),
        RuleEditorOutcome::Close
    );
}

#[test]
fn locked_rules_cannot_be_edited_deleted_or_jumped_over() {
    let mut e = editor();
    press(&mut e, 'd');
    assert_eq!(e.rows.len(), 5);
    assert_eq!(
        e.message.as_deref(),
        Some("this default rule is not editable (the API keeps it)")
    );
    e.handle_key(&KeyMap::default(), k(KeyCode::Enter));
    assert!(e.sub.is_none());
    e.cursor = 2;
    press(&mut e, 'K');
    assert_eq!(
        e.cursor, 2,
        "the first editable rule cannot move above the defaults"
    );
    assert!(!e.has_changes());
}

#[test]
fn add_edit_delete_move_stage_a_diff_and_one_ordered_put() {
    let mut e = editor();
    // Add after r-ssh: UDP 53 from 10.1.2.3/32.
    e.cursor = 2;
    press(&mut e, 'a');
    assert!(e.sub.is_some());
    e.handle_key(&KeyMap::default(), k(KeyCode::Right)); // TCP -> UDP
    sub_tab(&mut e, 3);
    clear(&mut e);
    sub_type(&mut e, "10.1.2.3/32");
    sub_tab(&mut e, 1);
    sub_type(&mut e, "53");
    e.handle_key(&KeyMap::default(), k(KeyCode::Enter));
    assert!(e.sub.is_none(), "valid rule closes the sub-form");
    assert_eq!(e.cursor, 3);
    // Edit r-web: ports 8080-8081.
    e.cursor = 4;
    press(&mut e, 'e');
    sub_tab(&mut e, 4);
    clear(&mut e);
    sub_type(&mut e, "8080");
    sub_tab(&mut e, 1);
    clear(&mut e);
    sub_type(&mut e, "8081");
    e.handle_key(&KeyMap::default(), k(KeyCode::Enter));
    // Move r-icmp up above r-web.
    e.cursor = 5;
    press(&mut e, 'K');
    assert_eq!(e.cursor, 4);
    // Delete r-ssh.
    e.cursor = 2;
    press(&mut e, 'd');

    assert_eq!(
        e.changes(),
        [
            Change::Locked,
            Change::Locked,
            Change::Added,
            Change::Unchanged,
            Change::ChangedMoved
        ]
    );
    assert_eq!(
        e.removed()
            .iter()
            .map(|r| r.id.as_str())
            .collect::<Vec<_>>(),
        ["r-ssh"]
    );
    assert!(e.has_changes());

    let request = e.request();
    let expected = vec![
        RuleTemplate {
            id: None,
            action: "accept".into(),
            protocol: RuleProtocol::Udp,
            direction: "inbound".into(),
            ip_range: "10.1.2.3".into(),
            dest_port_from: Some(53),
            dest_port_to: None,
            position: 1,
            editable: None,
            zone: None,
        },
        RuleTemplate {
            id: Some("r-icmp".into()),
            action: "accept".into(),
            protocol: RuleProtocol::Icmp,
            direction: "inbound".into(),
            ip_range: "0.0.0.0/0".into(),
            dest_port_from: None,
            dest_port_to: None,
            position: 2,
            editable: None,
            zone: None,
        },
        RuleTemplate {
            id: Some("r-web".into()),
            action: "accept".into(),
            protocol: RuleProtocol::Tcp,
            direction: "inbound".into(),
            ip_range: "0.0.0.0/0".into(),
            dest_port_from: Some(8080),
            dest_port_to: Some(8081),
            position: 3,
            editable: None,
            zone: None,
        },
    ];
    assert_eq!(request.rules, expected, "locked defaults are left out");

    let RuleEditorOutcome::Apply(submit) = apply(&mut e) else {
        panic!("staged changes apply");
    };
    let FormSubmit::SetRules {
        zone,
        security_group_id,
        request: sent,
    } = *submit
    else {
        panic!("a SetRules request");
    };
    assert_eq!((zone, security_group_id.as_str()), (Zone::FrPar1, "sg-web"));
    assert_eq!(sent.rules, expected);
    assert!(e.sending);
}

#[test]
fn moving_one_rule_marks_only_that_rule_moved() {
    let mut e = editor();
    e.cursor = 4;
    press(&mut e, 'K');
    press(&mut e, 'K');
    assert_eq!(
        e.changes()[2..],
        [Change::Moved, Change::Unchanged, Change::Unchanged]
    );
    assert_eq!(
        ids(&e),
        [
            Some("r-icmp".into()),
            Some("r-ssh".into()),
            Some("r-web".into())
        ]
    );
    // Moving it back is no change at all.
    press(&mut e, 'J');
    press(&mut e, 'J');
    assert!(!e.has_changes());
}

#[test]
fn editing_back_to_the_original_is_no_change() {
    let mut e = editor();
    e.cursor = 2;
    press(&mut e, 'e');
    sub_tab(&mut e, 3);
    clear(&mut e);
    sub_type(&mut e, "10.0.0.0/8");
    sub_tab(&mut e, 2);
    sub_type(&mut e, "22"); // 22-22 is the single port 22, as the API stores it
    e.handle_key(&KeyMap::default(), k(KeyCode::Enter));
    assert!(e.sub.is_none());
    assert!(!e.has_changes(), "{:?}", e.changes());
}

#[test]
fn invalid_rule_keeps_the_sub_form_open_with_a_reason() {
    let mut e = editor();
    press(&mut e, 'a');
    for _ in 0..2 {
        e.handle_key(&KeyMap::default(), k(KeyCode::Right)); // TCP -> UDP -> ICMP
    }
    sub_tab(&mut e, 4);
    sub_type(&mut e, "22");
    e.handle_key(&KeyMap::default(), k(KeyCode::Enter));
    let (_, form) = e.sub.as_ref().expect("still open");
    assert_eq!(
        form.message.as_deref(),
        Some("Port (from): ICMP rules match every port; leave ports empty")
    );
    e.handle_key(&KeyMap::default(), k(KeyCode::Backspace));
    e.handle_key(&KeyMap::default(), k(KeyCode::Backspace));
    // Back to the protocol (Tab wraps): ICMP -> UDP.
    sub_tab(&mut e, 2);
    e.handle_key(&KeyMap::default(), k(KeyCode::Left));
    sub_tab(&mut e, 4);
    sub_type(&mut e, "2000");
    sub_tab(&mut e, 1);
    sub_type(&mut e, "1000");
    e.handle_key(&KeyMap::default(), k(KeyCode::Enter));
    let (_, form) = e.sub.as_ref().expect("still open");
    assert_eq!(form.fields[0].value(), "UDP");
    assert_eq!(
        form.fields[5].error.as_deref(),
        Some("the range 2000-1000 is reversed (from must be <= to)")
    );
    e.handle_key(&KeyMap::default(), k(KeyCode::Esc));
    assert!(e.sub.is_none());
    assert!(!e.has_changes(), "a cancelled sub-form stages nothing");
}

#[test]
fn esc_with_staged_changes_asks_and_defaults_to_no() {
    let mut e = editor();
    e.cursor = 3;
    press(&mut e, 'd');
    assert_eq!(
        e.handle_key(&KeyMap::default(), k(KeyCode::Esc)),
        RuleEditorOutcome::Continue
    );
    assert!(e.confirm_discard);
    assert_eq!(
        e.handle_key(&KeyMap::default(), k(KeyCode::Enter)),
        RuleEditorOutcome::Continue
    );
    assert!(!e.confirm_discard, "Enter answers the default, No");
    assert!(e.has_changes(), "nothing lost");
    e.handle_key(&KeyMap::default(), k(KeyCode::Esc));
    assert_eq!(press(&mut e, 'y'), RuleEditorOutcome::Close);
}

#[test]
fn api_error_points_at_the_rule_and_keeps_the_staging() {
    let mut e = editor();
    e.cursor = 2;
    press(&mut e, 'd');
    assert!(matches!(apply(&mut e), RuleEditorOutcome::Apply(_)));
    e.apply_error(
        "Validation Error",
        &[(
            "rules.1.dest_port_to".into(),
            "value must be at least 1".into(),
        )],
    );
    assert!(!e.sending);
    assert_eq!(e.cursor, 3, "the second editable rule (#2) is row 3");
    assert_eq!(
        e.message.as_deref(),
        Some("Validation Error (rule 2: dest_port_to: value must be at least 1)")
    );
    assert_eq!(e.removed().len(), 1);
}
