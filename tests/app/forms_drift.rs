//! Edit forms read their resource again before sending: a change made on the
//! API since the form opened (by another user, a script, the console) is
//! shown field by field and is overwritten only on a second Enter.

use crate::dash_common;

use std::sync::Arc;
use std::time::Instant;

use crossterm::event::KeyCode;
use dash_common::*;
use scwdash::app::forms::FormSubmit;
use scwdash::app::{self, Action, Batch, Effect, Mode, Options, State, Tab, UserError};

/// The edit form of the volume `spare-backup`, renamed to `spare-2`, Enter
/// pressed: returns the re-read it asked for.
fn submit_rename(state: &mut State) -> FormSubmit {
    app::update(state, key('2'));
    assert!(state.table_mut(Tab::Volumes).select_id(SPARE));
    app::update(state, key('e'));
    assert!(matches!(state.mode, Mode::Form(_)), "{:?}", state.status);
    app::update(state, ctrl_u());
    for c in "spare-2".chars() {
        app::update(state, key(c));
    }
    let effects = app::update(state, code(KeyCode::Enter));
    let [Effect::Recheck(submit)] = effects.as_slice() else {
        panic!("read again before sending: {effects:?}");
    };
    assert!(matches!(submit, FormSubmit::UpdateVolume { .. }));
    submit.clone()
}

fn ctrl_u() -> Action {
    Action::Key(crossterm::event::KeyEvent::new(
        KeyCode::Char('u'),
        crossterm::event::KeyModifiers::CONTROL,
    ))
}

fn spare() -> Arc<scwdash::api::models::VolumeSummary> {
    volumes().into_iter().find(|v| v.id == SPARE).unwrap()
}

fn message(state: &State) -> String {
    match &state.mode {
        Mode::Form(f) => f.message.clone().unwrap_or_default(),
        other => panic!("no form: {other:?}"),
    }
}

#[test]
fn an_unchanged_resource_is_sent_at_once() {
    let mut state = loaded(Options::default(), Instant::now());
    let submit = submit_rename(&mut state);
    let effects = app::update(
        &mut state,
        Action::Rechecked {
            submit,
            result: Ok(Batch::Volumes(vec![spare()])),
        },
    );
    let [Effect::Submit(FormSubmit::UpdateVolume { request, .. })] = effects.as_slice() else {
        panic!("sent: {effects:?}");
    };
    assert_eq!(request.name.as_deref(), Some("spare-2"));
}

#[test]
fn a_change_made_elsewhere_is_shown_and_a_second_enter_overwrites_it() {
    let mut state = loaded(Options::default(), Instant::now());
    let submit = submit_rename(&mut state);
    let mut changed = (*spare()).clone();
    changed.tags = Box::new(["keep".into()]);
    changed.size = 60_000_000_000;
    let effects = app::update(
        &mut state,
        Action::Rechecked {
            submit,
            result: Ok(Batch::Volumes(vec![Arc::new(changed)])),
        },
    );
    assert!(effects.is_empty(), "nothing sent: {effects:?}");
    let msg = message(&state);
    assert!(
        msg.contains("changed on the API since this form opened")
            && msg.contains("Size (GB) \"50\" → \"60\"")
            && msg.contains("Tags \"\" → \"keep\""),
        "{msg}"
    );
    assert!(
        !msg.contains("Name"),
        "the name was not changed there: {msg}"
    );
    let Mode::Form(form) = &state.mode else {
        unreachable!()
    };
    assert!(!form.sending, "the form takes keys again");
    assert_eq!(form.value("name"), "spare-2", "the user's edit is kept");
    // Enter again: sent without another read.
    let effects = app::update(&mut state, code(KeyCode::Enter));
    assert!(
        matches!(
            effects.as_slice(),
            [Effect::Submit(FormSubmit::UpdateVolume { .. })]
        ),
        "{effects:?}"
    );
}

#[test]
fn a_failed_read_is_said_and_enter_sends_without_the_check() {
    let mut state = loaded(Options::default(), Instant::now());
    let submit = submit_rename(&mut state);
    let effects = app::update(
        &mut state,
        Action::Rechecked {
            submit,
            result: Err(UserError::new("timed out")),
        },
    );
    assert!(effects.is_empty());
    let msg = message(&state);
    assert!(
        msg.contains("could not read it again") && msg.contains("timed out"),
        "{msg}"
    );
    let effects = app::update(&mut state, code(KeyCode::Enter));
    assert!(
        matches!(effects.as_slice(), [Effect::Submit(_)]),
        "{effects:?}"
    );
}

#[test]
fn a_cancelled_form_sends_nothing_when_the_read_comes() {
    let mut state = loaded(Options::default(), Instant::now());
    let submit = submit_rename(&mut state);
    app::update(&mut state, code(KeyCode::Esc));
    let effects = app::update(
        &mut state,
        Action::Rechecked {
            submit,
            result: Ok(Batch::Volumes(vec![spare()])),
        },
    );
    assert!(effects.is_empty(), "{effects:?}");
    assert_eq!(state.mode, Mode::Normal);
}
