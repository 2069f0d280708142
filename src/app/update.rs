//! The state machine: one function from (state, action) to effects. This file
//! only dispatches: keys go to `keys` (then the mode's handler under
//! `modes/`), arriving data to `results`, time to `schedule`.

use crossterm::event::KeyEventKind;

use crate::keymap::Key;

use super::paste::FILTER_MAX;
use super::{Action, Effect, Mode, State};

/// The first effects at start-up: load every tab (counts show on all tabs).
pub fn init(state: &mut State) -> Vec<Effect> {
    let mut effects = super::schedule::init(state);
    if state.screen == super::Screen::Dashboard {
        effects.push(Effect::LoadHistory);
    }
    effects
}

/// Applies `action`, marks the state dirty when something visible changed, and
/// returns the I/O to perform. Never blocks, never does I/O.
pub fn update(state: &mut State, action: Action) -> Vec<Effect> {
    let tab = state.tab;
    let mut effects = apply(state, action);
    // What was sent, for `:cli`.
    super::cli_equivalent::remember(state, &effects);
    if state.tab != tab {
        super::events::tab_shown(state);
    }
    super::rebuild::rebuild_shown_view(state);
    if state.quit {
        // The last snapshot, written before the loop ends.
        effects.extend(super::events::on_quit(state));
    }
    effects
}

fn apply(state: &mut State, action: Action) -> Vec<Effect> {
    match action {
        Action::Key(ev) => {
            if ev.kind == KeyEventKind::Release {
                return Vec::new();
            }
            state.dirty = true;
            let key = Key::from(ev);
            if state.mode == Mode::Normal
                && let Some(command) = state.keymap.lookup(super::keys::context(state), key)
            {
                super::status::on_command(state, command);
            }
            let mut effects = super::keys::on_key(state, key);
            // A bulk report that waited for a dialog to close.
            super::bulk::show_report(state);
            super::details_view::follow_selection(state);
            effects.extend(super::schedule::maybe_fetch_rules(state));
            effects
        }
        Action::Mouse {
            gesture,
            target,
            at,
        } => {
            state.dirty = true;
            let mut effects = super::mouse::on_mouse(state, gesture, target, at);
            effects.extend(super::schedule::maybe_fetch_rules(state));
            effects
        }
        Action::Paste(text) => {
            // Bounded work whatever the paste's size (see `paste`).
            match &mut state.mode {
                Mode::Form(form) => form.paste(&text),
                Mode::RuleEditor(editor) => {
                    if let Some((_, form)) = &mut editor.sub {
                        form.paste(&text);
                    }
                }
                Mode::CommandLine(line) => line.paste(&text),
                Mode::Filter => {
                    let table = state.table_mut(state.tab);
                    let mut f = table.filter().to_string();
                    let mut at = f.chars().count();
                    let pasted = super::paste::insert(&mut f, &mut at, text.chars(), FILTER_MAX);
                    table.set_filter(&f);
                    if pasted.clipped {
                        state.status.last_action = Some((
                            super::paste::clipped_message("the filter", FILTER_MAX),
                            super::Outcome::Refused,
                        ));
                    }
                }
                _ => return Vec::new(),
            }
            state.dirty = true;
            Vec::new()
        }
        Action::Resize(viewport) => {
            state.viewport = viewport;
            super::modes::normal::apply_page(state);
            state.dirty = true;
            Vec::new()
        }
        Action::Tick(now) => {
            let mut effects = super::schedule::on_tick(state, now);
            effects.extend(super::bulk::on_tick(state));
            super::status::on_tick(state, now);
            effects.extend(super::events::on_tick(state, now));
            effects
        }
        other => super::results::on_result(state, other),
    }
}
