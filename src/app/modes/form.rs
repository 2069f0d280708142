//! Keys while a form or the rule editor has the keyboard: the input the key
//! map resolved goes to it; its outcome becomes a request or closes it.

use crate::app::form::FormOutcome;
use crate::app::rule_editor::RuleEditorOutcome;
use crate::app::{Effect, Mode, Outcome, State, pending};
use crate::keymap::{Command, Input};

pub fn input(state: &mut State, input: Option<Input>) -> Vec<Effect> {
    let Some(input) = input else {
        return Vec::new();
    };
    if input == Input::Command(Command::Quit) {
        state.quit = true;
        return Vec::new();
    }
    if input == Input::Command(Command::Cli) {
        return crate::app::cli_equivalent::show_pending(state);
    }
    let read_only = state.read_only;
    let (submit, title) = match &mut state.mode {
        Mode::Form(form) => match form.handle(input) {
            FormOutcome::Continue => return crate::app::editing::follow_form_zone(state),
            FormOutcome::Cancel => (None, form.title.clone()),
            FormOutcome::Submit(s) if read_only => {
                form.message = Some("read-only mode: nothing is sent".into());
                drop(s);
                return Vec::new();
            }
            FormOutcome::Submit(s) if s.is_edit() && !form.rechecked => {
                // Read the resource again first: a change made elsewhere
                // since the form opened is shown before it is overwritten.
                form.mark_sending();
                state.status.last_error = None;
                state.status.last_action = Some((
                    format!("{}: checking for changes made elsewhere…", s.describe()),
                    Outcome::Pending,
                ));
                return vec![Effect::Recheck(s)];
            }
            FormOutcome::Submit(s) => {
                form.mark_sending();
                (Some(s), form.title.clone())
            }
        },
        Mode::RuleEditor(editor) => match editor.handle(input) {
            RuleEditorOutcome::Continue => return Vec::new(),
            RuleEditorOutcome::Recheck => {
                return vec![Effect::FetchRules {
                    group: editor.group_id.clone(),
                    zone: editor.zone,
                }];
            }
            RuleEditorOutcome::Close => (None, format!("rules of {}", editor.group_name)),
            RuleEditorOutcome::Apply(_) if read_only => {
                editor.sending = false;
                editor.message = Some("read-only mode: nothing is sent".into());
                return Vec::new();
            }
            RuleEditorOutcome::Apply(s) => (Some(*s), editor.group_name.clone()),
        },
        _ => return Vec::new(),
    };
    match submit {
        None => {
            state.mode = Mode::Normal;
            state.status.last_action = Some((format!("{title}: cancelled"), Outcome::Info));
            Vec::new()
        }
        Some(s) => send(state, s),
    }
}

/// Sends a form's request: its rows show progress until the answer.
pub(crate) fn send(state: &mut State, s: crate::app::forms::FormSubmit) -> Vec<Effect> {
    // As for actions: an older error would read as this request's.
    state.status.last_error = None;
    state.status.last_action = Some((pending::submit_progress(state, &s), Outcome::Pending));
    pending::start(state, pending::submit_marks(&s));
    vec![Effect::Submit(s)]
}
