//! The editing layer inside the dashboard: which form a key opens, keys routed
//! to the open form, `Effect::Submit`, and the API's answer via
//! `Action::Submitted` (success closes and refreshes, failure keeps the input).
#![allow(clippy::unwrap_used)]

use crate::forms_common;

use std::sync::Arc;

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use forms_common::*;
use scwdash::api::locality::{Region, Zone};
use scwdash::app::editing::{Catalog, Selected, open};
use scwdash::app::forms::{Applied, FormSubmit, SubmitError};
use scwdash::app::paste::FILTER_MAX;
use scwdash::app::rule_editor::Review;
use scwdash::app::validate::NAME_MAX;
use scwdash::app::{self, Action, Effect, Locality, Mode, Options, Outcome, State, Tab};
use scwdash::keymap::Command;

fn press(state: &mut State, code: KeyCode) -> Vec<Effect> {
    app::update(state, Action::Key(KeyEvent::new(code, KeyModifiers::NONE)))
}

fn type_in(state: &mut State, text: &str) {
    for c in text.chars() {
        assert!(press(state, KeyCode::Char(c)).is_empty());
    }
}

fn catalog<'a>(d: &'a Data, project: Option<&'a str>) -> Catalog<'a> {
    d.catalog(project)
}

const PAR1: Option<Locality> = Some(Locality::Zone(Zone::FrPar1));

#[test]
fn each_tab_opens_its_forms() {
    let d = data();
    let c = catalog(&d, Some("proj"));
    let title = |m: Result<Mode, String>| match m {
        Ok(Mode::Form(f)) => f.title,
        Ok(Mode::RuleEditor(e)) => format!("rules of {}", e.group_name),
        Ok(Mode::Choose(m)) => {
            let labels: Vec<&str> = m.items.iter().map(|i| i.label.as_str()).collect();
            format!("menu {}: {}", m.title, labels.join(", "))
        }
        Ok(other) => panic!("unexpected mode {other:?}"),
        Err(e) => format!("error: {e}"),
    };
    let srv = &d.servers[0];
    let vol = volume("vol-1", "data", "available", "fr-par-1");
    let rules = rules();
    let cases: Vec<(Tab, Command, Selected, &str)> = vec![
        (
            Tab::Servers,
            Command::New,
            Selected::None,
            "New server in fr-par-1",
        ),
        (
            Tab::Servers,
            Command::Edit,
            Selected::Server(srv),
            "Edit server web-1",
        ),
        (
            Tab::Servers,
            Command::Attach,
            Selected::Server(srv),
            "menu attach to server web-1 (fr-par-1): Attach a volume, Join a private network",
        ),
        (
            Tab::Volumes,
            Command::New,
            Selected::None,
            "New volume in fr-par-1",
        ),
        (
            Tab::Volumes,
            Command::Edit,
            Selected::Volume(&vol),
            "Edit volume data",
        ),
        (
            Tab::Volumes,
            Command::Attach,
            Selected::Volume(&vol),
            "Attach volume data",
        ),
        (
            Tab::SecurityGroups,
            Command::New,
            Selected::None,
            "New security group in fr-par-1",
        ),
        (
            Tab::SecurityGroups,
            Command::Edit,
            Selected::SecurityGroup(&d.groups[1], None),
            "Edit security group web",
        ),
        (
            Tab::SecurityGroups,
            Command::Attach,
            Selected::SecurityGroup(&d.groups[1], Some(&rules)),
            "rules of web",
        ),
        (
            Tab::SecurityGroups,
            Command::Attach,
            Selected::SecurityGroup(&d.groups[1], None),
            "error: the rules of this group are not loaded yet",
        ),
        (
            Tab::PrivateNetworks,
            Command::New,
            Selected::None,
            "New private network in fr-par",
        ),
        (
            Tab::PrivateNetworks,
            Command::Edit,
            Selected::PrivateNetwork(&d.pns[0]),
            "Edit private network app-net",
        ),
        (
            Tab::PrivateNetworks,
            Command::Attach,
            Selected::PrivateNetwork(&d.pns[0]),
            "Attach a server to app-net",
        ),
        (Tab::Vpcs, Command::New, Selected::None, "New VPC in fr-par"),
        (
            Tab::Vpcs,
            Command::Edit,
            Selected::Vpc(&d.vpcs[1]),
            "Edit VPC prod",
        ),
        (
            Tab::Vpcs,
            Command::Edit,
            Selected::None,
            "error: select a VPC first",
        ),
    ];
    for (tab, command, selected, want) in cases {
        assert_eq!(
            title(open(tab, command, selected, PAR1, &c)),
            want,
            "{tab:?} {command:?}"
        );
    }
    assert_eq!(
        title(open(Tab::Servers, Command::New, Selected::None, None, &c)),
        "error: pick a single zone first (z)"
    );
    assert_eq!(
        title(open(
            Tab::Vpcs,
            Command::New,
            Selected::None,
            Some(Locality::Region(Region::NlAms)),
            &c
        )),
        "New VPC in nl-ams"
    );
    // Without a configured project, creating still opens: the form asks.
    let no_project = catalog(&d, None);
    for tab in [
        Tab::Servers,
        Tab::Volumes,
        Tab::SecurityGroups,
        Tab::PrivateNetworks,
        Tab::Vpcs,
    ] {
        let Ok(Mode::Form(form)) = open(tab, Command::New, Selected::None, PAR1, &no_project)
        else {
            panic!("{tab:?} opens a form");
        };
        assert!(
            form.field("project").is_some(),
            "{tab:?} asks for the project"
        );
    }
}

/// Without `default_project_id` the create forms ask for the project,
/// starting with the one every resource in view shares; it must be a UUID,
/// and it is what the request names.
#[test]
fn without_a_configured_project_the_form_asks_for_it() {
    let shared = "6a1b9c2d-3e4f-4a5b-8c6d-7e8f9a0b1c2d";
    let d = data();
    let mut c = catalog(&d, None);
    c.shared_project = Some(shared);
    let mut state = State::new(Options::default());
    state.mode = open(Tab::Vpcs, Command::New, Selected::None, PAR1, &c).unwrap();
    type_in(&mut state, "prod");
    let effects = press(&mut state, KeyCode::Enter);
    let [Effect::Submit(FormSubmit::CreateVpc { request, .. })] = effects.as_slice() else {
        panic!("one submit: {effects:?}");
    };
    assert_eq!(request.project_id.as_deref(), Some(shared));
    // Nothing shared: the field starts empty and Enter says what it needs.
    c.shared_project = None;
    state.mode = open(Tab::Volumes, Command::New, Selected::None, PAR1, &c).unwrap();
    type_in(&mut state, "data");
    assert!(press(&mut state, KeyCode::Enter).is_empty());
    let message = form_message(&state);
    assert!(
        message.starts_with("Project: a project id is required"),
        "{message}"
    );
    let Mode::Form(form) = &state.mode else {
        panic!("open");
    };
    assert_eq!(form.fields[form.focus].key, "project", "focus on the field");
    type_in(&mut state, "my-project");
    assert!(press(&mut state, KeyCode::Enter).is_empty());
    assert!(form_message(&state).contains("is not a project id"));
    let ctrl_u = KeyEvent::new(KeyCode::Char('u'), KeyModifiers::CONTROL);
    app::update(&mut state, Action::Key(ctrl_u));
    type_in(&mut state, shared);
    let effects = press(&mut state, KeyCode::Enter);
    let [Effect::Submit(FormSubmit::CreateVolume { request, .. })] = effects.as_slice() else {
        panic!("one submit: {effects:?} {}", form_message(&state));
    };
    assert_eq!(request.project_id, shared);
}

fn state_with_vpc_form() -> State {
    let d = data();
    let mut state = State::new(Options::default());
    state.mode = open(
        Tab::Vpcs,
        Command::New,
        Selected::None,
        PAR1,
        &catalog(&d, Some("proj-1")),
    )
    .unwrap();
    state
}

#[test]
fn keys_go_to_the_form_and_enter_sends_one_request() {
    let mut state = state_with_vpc_form();
    type_in(&mut state, "q1"); // 'q' types, it does not quit
    assert!(!state.quit);
    let effects = press(&mut state, KeyCode::Enter);
    let [Effect::Submit(FormSubmit::CreateVpc { region, request })] = effects.as_slice() else {
        panic!("one submit: {effects:?}");
    };
    assert_eq!((*region, request.name.as_str()), (Region::FrPar, "q1"));
    let Mode::Form(form) = &state.mode else {
        panic!("form stays open while sending");
    };
    assert!(form.sending);
    assert_eq!(
        state.status.last_action.as_ref().unwrap().1,
        Outcome::Pending
    );
}

#[test]
fn success_closes_the_form_and_refreshes_the_tab() {
    let mut state = state_with_vpc_form();
    type_in(&mut state, "prod");
    let mut effects = press(&mut state, KeyCode::Enter);
    let Some(Effect::Submit(submit)) = effects.pop() else {
        panic!("submit");
    };
    let effects = app::update(
        &mut state,
        Action::Submitted {
            submit,
            result: Ok(Applied::default()),
        },
    );
    assert_eq!(state.mode, Mode::Normal);
    assert!(matches!(
        effects.as_slice(),
        [Effect::Fetch { tab: Tab::Vpcs, .. }]
    ));
    assert_eq!(
        state.status.last_action,
        Some(("create VPC prod in fr-par".into(), Outcome::Succeeded))
    );
}

#[test]
fn failure_keeps_the_form_open_with_the_message_by_the_field() {
    let mut state = state_with_vpc_form();
    type_in(&mut state, "prod");
    let mut effects = press(&mut state, KeyCode::Enter);
    let Some(Effect::Submit(submit)) = effects.pop() else {
        panic!("submit");
    };
    let error = SubmitError {
        message: "invalid argument(s): name".into(),
        fields: vec![("name".into(), "already used".into())],
        outcome_unknown: false,
    };
    let effects = app::update(
        &mut state,
        Action::Submitted {
            submit,
            result: Err(error),
        },
    );
    assert!(effects.is_empty());
    let Mode::Form(form) = &state.mode else {
        panic!("form stays open");
    };
    assert!(!form.sending);
    assert_eq!(form.value("name"), "prod");
    assert_eq!(form.fields[0].error.as_deref(), Some("already used"));
    assert_eq!(
        state.status.last_action.as_ref().unwrap().1,
        Outcome::Failed
    );
    assert_eq!(state.status.last_error.as_ref().unwrap().fields, ["name"]);
}

#[test]
fn esc_cancels_without_effects() {
    let mut state = state_with_vpc_form();
    type_in(&mut state, "prod");
    assert!(press(&mut state, KeyCode::Esc).is_empty());
    assert_eq!(state.mode, Mode::Normal);
    assert_eq!(
        state.status.last_action,
        Some(("New VPC in fr-par: cancelled".into(), Outcome::Info))
    );
}

#[test]
fn read_only_mode_sends_nothing() {
    let mut state = state_with_vpc_form();
    state.read_only = true;
    type_in(&mut state, "prod");
    assert!(press(&mut state, KeyCode::Enter).is_empty());
    let Mode::Form(form) = &state.mode else {
        panic!("open");
    };
    assert_eq!(
        form.message.as_deref(),
        Some("read-only mode: nothing is sent")
    );
}

#[test]
fn paste_goes_into_the_focused_field() {
    let mut state = state_with_vpc_form();
    app::update(&mut state, Action::Paste("pasted-name".into()));
    let Mode::Form(form) = &state.mode else {
        panic!("open");
    };
    assert_eq!(form.value("name"), "pasted-name");
}

#[test]
fn a_megabyte_paste_is_clipped_to_the_field_and_keys_still_work() {
    let mut state = state_with_vpc_form();
    let megabyte = "x".repeat(1 << 20);
    app::update(&mut state, Action::Paste(megabyte.clone()));
    let Mode::Form(form) = &state.mode else {
        panic!("open");
    };
    assert_eq!(form.value("name").chars().count(), NAME_MAX);
    let message = form.message.clone().unwrap_or_default();
    assert!(message.contains("the rest was left out"), "{message}");
    assert!(message.contains(&NAME_MAX.to_string()), "{message}");
    // Typing more into the full field is refused the same way.
    press(&mut state, KeyCode::Char('y'));
    let Mode::Form(form) = &state.mode else {
        panic!("open");
    };
    assert_eq!(form.value("name").chars().count(), NAME_MAX);
    // The next key is answered: Esc closes the form, nothing sent.
    assert!(press(&mut state, KeyCode::Esc).is_empty());
    assert_eq!(state.mode, Mode::Normal);
    // The table filter takes a bounded paste too.
    app::update(
        &mut state,
        Action::Key(KeyEvent::new(KeyCode::Char('/'), KeyModifiers::NONE)),
    );
    app::update(&mut state, Action::Paste(megabyte));
    assert_eq!(state.current().filter().chars().count(), FILTER_MAX);
    let (text, _) = state.status.last_action.clone().unwrap();
    assert!(text.contains("the filter holds at most"), "{text}");
}

#[test]
fn rule_editor_apply_goes_out_as_set_rules() {
    let d = data();
    let rules = rules();
    let mut state = State::new(Options::default());
    state.mode = open(
        Tab::SecurityGroups,
        Command::Attach,
        Selected::SecurityGroup(&d.groups[1], Some(&rules)),
        PAR1,
        &catalog(&d, None),
    )
    .unwrap();
    press(&mut state, KeyCode::Down);
    press(&mut state, KeyCode::Down);
    press(&mut state, KeyCode::Char('d'));
    let effects = press(&mut state, KeyCode::Char('s'));
    let effects = reread_rules(&mut state, effects, rules.clone());
    assert!(
        effects.is_empty(),
        "nothing sent before the review: {effects:?}"
    );
    let effects = press(&mut state, KeyCode::Char('y'));
    let [Effect::Submit(FormSubmit::SetRules { request, .. })] = effects.as_slice() else {
        panic!("{effects:?}");
    };
    assert_eq!(request.rules.len(), 2);
    assert_eq!(request.rules[0].position, 1);
}

/// Answers the rule editor's re-read (`effects` must be that one fetch) with
/// `now`, as the API has the rules.
fn reread_rules(
    state: &mut State,
    effects: Vec<Effect>,
    now: Vec<scwdash::api::models::SecurityGroupRule>,
) -> Vec<Effect> {
    let [Effect::FetchRules { group, .. }] = effects.as_slice() else {
        panic!("the rules are read again first: {effects:?}");
    };
    app::update(
        state,
        Action::Rules {
            group: group.clone(),
            result: Ok(Arc::new(now)),
        },
    )
}

#[test]
fn a_rule_added_elsewhere_is_shown_and_kept_by_a_rebase_or_dropped_by_an_overwrite() {
    let d = data();
    let rules = rules();
    let open_editor = |state: &mut State| {
        state.mode = open(
            Tab::SecurityGroups,
            Command::Attach,
            Selected::SecurityGroup(&d.groups[1], Some(&rules)),
            PAR1,
            &catalog(&d, None),
        )
        .unwrap();
        press(state, KeyCode::Down);
        press(state, KeyCode::Down);
        press(state, KeyCode::Char('d'));
    };
    // Meanwhile someone adds a rule (curl, the console).
    let mut elsewhere = rules.clone();
    let mut added = rules[rules.len() - 1].clone();
    added.id = "r-added-elsewhere".into();
    added.dest_port_from = Some(5432);
    added.dest_port_to = None;
    added.position = 99;
    elsewhere.push(added);

    let mut state = State::new(Options::default());
    open_editor(&mut state);
    let effects = press(&mut state, KeyCode::Char('s'));
    assert!(reread_rules(&mut state, effects, elsewhere.clone()).is_empty());
    let Mode::RuleEditor(editor) = &state.mode else {
        panic!("open")
    };
    let Some(Review::Ready { api, .. }) = &editor.review else {
        panic!("{:?}", editor.review)
    };
    assert_eq!(api.lines(), ["+ inbound accept TCP 5432 from 0.0.0.0/0"]);
    assert_eq!(
        editor.staged().removed.len(),
        1,
        "the staged delete is shown"
    );
    // y rebases: back in the editor with both, nothing sent yet.
    assert!(press(&mut state, KeyCode::Char('y')).is_empty());
    let effects = press(&mut state, KeyCode::Char('s'));
    assert!(reread_rules(&mut state, effects, elsewhere.clone()).is_empty());
    let effects = press(&mut state, KeyCode::Char('y'));
    let [Effect::Submit(FormSubmit::SetRules { request, .. })] = effects.as_slice() else {
        panic!("{effects:?}");
    };
    let ids: Vec<Option<String>> = request.rules.iter().map(|r| r.id.clone()).collect();
    assert!(ids.contains(&Some("r-added-elsewhere".into())), "{ids:?}");
    assert_eq!(
        request.rules.len(),
        3,
        "the delete is still applied: {ids:?}"
    );

    // s overwrites: the rule added elsewhere goes.
    let mut state = State::new(Options::default());
    open_editor(&mut state);
    let effects = press(&mut state, KeyCode::Char('s'));
    reread_rules(&mut state, effects, elsewhere);
    let effects = press(&mut state, KeyCode::Char('s'));
    let [Effect::Submit(FormSubmit::SetRules { request, .. })] = effects.as_slice() else {
        panic!("{effects:?}");
    };
    assert_eq!(request.rules.len(), 2);
    // n cancels: nothing sent, the staging kept.
    let mut state = State::new(Options::default());
    open_editor(&mut state);
    let effects = press(&mut state, KeyCode::Char('s'));
    reread_rules(&mut state, effects, rules.clone());
    assert!(press(&mut state, KeyCode::Char('n')).is_empty());
    let Mode::RuleEditor(editor) = &state.mode else {
        panic!("open")
    };
    assert!(editor.review.is_none() && editor.has_changes());
}

#[test]
fn key_map_overrides_apply_in_forms_and_ctrl_c_still_quits() {
    let d = data();
    let mut o = std::collections::HashMap::new();
    o.insert("form.submit".to_string(), vec!["ctrl-s".to_string()]);
    o.insert("rules.apply".to_string(), vec!["A".to_string()]);
    let keymap = scwdash::keymap::KeyMap::default()
        .with_overrides(&o)
        .unwrap();
    let mut state = State::new(Options {
        keymap,
        ..Options::default()
    });
    state.mode = open(
        Tab::Vpcs,
        Command::New,
        Selected::None,
        PAR1,
        &catalog(&d, Some("proj-1")),
    )
    .unwrap();
    type_in(&mut state, "prod");
    assert!(
        press(&mut state, KeyCode::Enter).is_empty(),
        "Enter is no longer submit"
    );
    let ctrl_s = KeyEvent::new(KeyCode::Char('s'), KeyModifiers::CONTROL);
    let effects = app::update(&mut state, Action::Key(ctrl_s));
    assert!(matches!(
        effects.as_slice(),
        [Effect::Submit(FormSubmit::CreateVpc { .. })]
    ));

    let rules = rules();
    state.mode = open(
        Tab::SecurityGroups,
        Command::Attach,
        Selected::SecurityGroup(&d.groups[1], Some(&rules)),
        PAR1,
        &catalog(&d, None),
    )
    .unwrap();
    press(&mut state, KeyCode::Char('j'));
    press(&mut state, KeyCode::Char('j'));
    press(&mut state, KeyCode::Char('d'));
    assert!(
        press(&mut state, KeyCode::Char('s')).is_empty(),
        "s was rebound away"
    );
    let effects = press(&mut state, KeyCode::Char('A'));
    reread_rules(&mut state, effects, rules.clone());
    assert!(matches!(
        press(&mut state, KeyCode::Char('y')).as_slice(),
        [Effect::Submit(FormSubmit::SetRules { .. })]
    ));
    let ctrl_c = KeyEvent::new(KeyCode::Char('c'), KeyModifiers::CONTROL);
    app::update(&mut state, Action::Key(ctrl_c));
    assert!(state.quit);
}

#[test]
fn open_for_uses_the_zone_in_scope_and_reports_refusals() {
    let d = data();
    let c = catalog(&d, None);
    let mut state = State::new(Options {
        zone: scwdash::api::locality::ZoneScope::One(Zone::NlAms2),
        ..Options::default()
    });
    scwdash::app::editing::open_for(&mut state, Command::New, Selected::None, &c);
    let Mode::Form(form) = &state.mode else {
        panic!("form opened");
    };
    assert_eq!(form.title, "New server in nl-ams-2");
    state.mode = Mode::Normal;
    state.tab = Tab::Volumes;
    scwdash::app::editing::open_for(&mut state, Command::Edit, Selected::None, &c);
    assert_eq!(state.mode, Mode::Normal);
    assert_eq!(
        state.status.last_action,
        Some(("select a volume first".into(), Outcome::Refused))
    );
    // Under "all" the form asks for the zone, starting with the first one
    // when no row is selected.
    state.zone = scwdash::api::locality::ZoneScope::All;
    state.tab = Tab::Servers;
    let mut all = data();
    all.zones = Zone::ALL.to_vec();
    let c = catalog(&all, Some("proj-1"));
    scwdash::app::editing::open_for(&mut state, Command::New, Selected::None, &c);
    let Mode::Form(form) = &state.mode else {
        panic!("form opened: {:?}", state.status);
    };
    assert_eq!(form.title, "New server");
    assert_eq!(form.value("zone"), "fr-par-1");
}

fn form_message(state: &State) -> String {
    match &state.mode {
        Mode::Form(f) => f.message.clone().unwrap_or_default(),
        other => panic!("no form: {other:?}"),
    }
}

/// Submits the VPC form for `prod` and answers that the answer was lost:
/// returns the refresh the dashboard asked for to find out.
fn lose_the_create_of_prod(state: &mut State) -> scwdash::app::RequestId {
    type_in(state, "prod");
    let Some(Effect::Submit(submit)) = press(state, KeyCode::Enter).pop() else {
        panic!("submit");
    };
    let lost = SubmitError {
        message: "outcome unknown, it may have been applied (the next refresh shows): timed out"
            .into(),
        fields: Vec::new(),
        outcome_unknown: true,
    };
    let effects = app::update(
        state,
        Action::Submitted {
            submit,
            result: Err(lost),
        },
    );
    let [
        Effect::Fetch {
            request,
            tab: Tab::Vpcs,
            ..
        },
    ] = effects.as_slice()
    else {
        panic!("a refresh to find out: {effects:?}");
    };
    let msg = form_message(state);
    assert!(
        msg.contains("checking whether a VPC named prod in fr-par was created"),
        "{msg}"
    );
    *request
}

#[test]
fn a_lost_create_found_by_the_refresh_is_named_and_a_resubmit_asks_first() {
    let mut state = state_with_vpc_form();
    let request = lose_the_create_of_prod(&mut state);
    app::update(
        &mut state,
        Action::Fetched {
            request,
            batch: scwdash::app::Batch::Vpcs(vpcs()),
            errors: Vec::new(),
        },
    );
    let msg = form_message(&state);
    assert!(
        msg.contains("the refresh shows a new VPC named prod in fr-par (vpc-prod): it was created"),
        "{msg}"
    );
    // Enter asks and sends nothing; Enter again sends.
    assert!(press(&mut state, KeyCode::Enter).is_empty());
    let msg = form_message(&state);
    assert!(
        msg.contains("was already created by the lost request: Enter again creates a second one"),
        "{msg}"
    );
    let effects = press(&mut state, KeyCode::Enter);
    assert!(
        matches!(
            effects.as_slice(),
            [Effect::Submit(FormSubmit::CreateVpc { .. })]
        ),
        "{effects:?}"
    );
}

#[test]
fn a_lost_create_the_refresh_does_not_show_is_said_so_and_a_new_name_sends_at_once() {
    let mut state = state_with_vpc_form();
    let request = lose_the_create_of_prod(&mut state);
    app::update(
        &mut state,
        Action::Fetched {
            request,
            batch: scwdash::app::Batch::Vpcs(Vec::new()),
            errors: Vec::new(),
        },
    );
    let msg = form_message(&state);
    assert!(
        msg.contains("the refresh shows no new VPC named prod in fr-par"),
        "{msg}"
    );
    assert!(press(&mut state, KeyCode::Enter).is_empty(), "asks first");
    assert!(form_message(&state).contains("shows no result: Enter again sends it again"));
    // Another name is another resource: nothing to ask.
    let mut state = state_with_vpc_form();
    lose_the_create_of_prod(&mut state);
    press(&mut state, KeyCode::Backspace);
    type_in(&mut state, "d2");
    let effects = press(&mut state, KeyCode::Enter);
    assert!(
        matches!(effects.as_slice(), [Effect::Submit(_)]),
        "{effects:?}"
    );
}
