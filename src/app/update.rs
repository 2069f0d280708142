//! The state machine: one function from (state, action) to effects. This file
//! only dispatches: keys go to `keys` (then the mode's handler under
//! `modes/`), arriving data to `results`, time to `schedule`.

use crossterm::event::KeyEventKind;

use crate::keymap::Key;

use super::{Action, Effect, Mode, State};

/// The first effects at start-up: load every tab (counts show on all tabs).
pub fn init(state: &mut State) -> Vec<Effect> {
    super::schedule::init(state)
}

/// Applies `action`, marks the state dirty when something visible changed, and
/// returns the I/O to perform. Never blocks, never does I/O.
pub fn update(state: &mut State, action: Action) -> Vec<Effect> {
    match action {
        Action::Key(ev) => {
            if ev.kind == KeyEventKind::Release {
                return Vec::new();
            }
            state.dirty = true;
            let mut effects = super::keys::on_key(state, Key::from(ev));
            effects.extend(super::schedule::maybe_fetch_rules(state));
            effects
        }
        Action::Paste(text) => {
            if let Mode::Form(form) = &mut state.mode {
                form.paste(&text);
                state.dirty = true;
            } else if state.mode == Mode::Filter {
                let table = state.table_mut(state.tab);
                let mut f = table.filter().to_string();
                f.extend(text.chars().filter(|c| !c.is_control()));
                table.set_filter(&f);
                state.dirty = true;
            }
            Vec::new()
        }
        Action::Resize(viewport) => {
            state.viewport = viewport;
            super::modes::normal::apply_page(state);
            state.dirty = true;
            Vec::new()
        }
        Action::Tick(now) => super::schedule::on_tick(state, now),
        other => super::results::on_result(state, other),
    }
}
