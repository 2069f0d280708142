//! Key routing: which key-map section has the keyboard, and which mode's
//! handler (under `modes/`) gets the command. Every key goes through the key
//! map; only printable characters reach text fields raw.

use crossterm::event::KeyCode;

use crate::keymap::{Command, Context, Key};

use super::{Effect, Mode, Screen, State, modes};

/// The key map section for what has the keyboard now.
pub fn context(state: &State) -> Context {
    if let Screen::MissingCredentials(_) = state.screen {
        return Context::Global;
    }
    match &state.mode {
        Mode::Normal => Context::Normal,
        Mode::Filter | Mode::TypeToConfirm { .. } => Context::Filter,
        // Typing the count of a bulk terminate / delete.
        Mode::BulkConfirm(c) if c.typed.is_some() => Context::Filter,
        Mode::BulkConfirm(_) | Mode::ClearMarks { .. } => Context::Confirm,
        Mode::BulkPowerMenu(_) | Mode::BulkReport(_) => Context::Menu,
        Mode::Help { .. } => Context::Help,
        Mode::Confirm(_) => Context::Confirm,
        Mode::PowerMenu(_) | Mode::Choose(_) | Mode::ZonePicker { .. } | Mode::UsedBy(_) => {
            Context::Menu
        }
        Mode::RawJson { .. } => Context::Json,
        Mode::Details => Context::Details,
        Mode::Form(form) => form.context(),
        Mode::RuleEditor(editor) => editor.context(),
        Mode::CommandLine(_) => Context::CommandLine,
        Mode::Cli(_) => Context::Json,
    }
}

pub(super) fn on_key(state: &mut State, key: Key) -> Vec<Effect> {
    if let Screen::MissingCredentials(_) = state.screen {
        // Only quitting makes sense here; `q` always works on this screen.
        if state.keymap.lookup(Context::Global, key) == Some(Command::Quit) || key == Key::char('q')
        {
            state.quit = true;
        }
        return Vec::new();
    }
    match state.mode {
        Mode::Filter => {
            let input = state.keymap.text_input(Context::Filter, key);
            modes::filter::input(state, input)
        }
        Mode::TypeToConfirm { .. } => {
            let input = state.keymap.text_input(Context::Filter, key);
            modes::type_confirm::input(state, input)
        }
        Mode::BulkConfirm(ref c) if c.typed.is_some() => {
            let input = state.keymap.text_input(Context::Filter, key);
            modes::bulk_confirm::input(state, input)
        }
        Mode::CommandLine(_) => {
            let input = state.keymap.text_input(Context::CommandLine, key);
            modes::command_line::input(state, input)
        }
        Mode::Form(_) | Mode::RuleEditor(_) => {
            let input = match &state.mode {
                Mode::Form(form) => form.input(&state.keymap, key),
                Mode::RuleEditor(editor) => editor.input(&state.keymap, key),
                _ => None,
            };
            modes::form::input(state, input)
        }
        _ => {
            // The topology's tree keys come before the tables' there.
            let tree = (state.mode == Mode::Normal && state.tab == crate::app::Tab::Topology)
                .then(|| state.keymap.lookup_in(Context::Tree, key))
                .flatten();
            let command = tree.or_else(|| state.keymap.lookup(context(state), key));
            if let (Mode::ZonePicker { .. }, None, KeyCode::Char(c)) =
                (&state.mode, command, key.code)
                && key.is_printable()
            {
                modes::zone_picker::jump(state, c);
                return Vec::new();
            }
            command_in_mode(state, command)
        }
    }
}

/// Runs `command` in a mode without text input (the tables, menus,
/// confirmations, scrolling views): what a key bound to it does, and what a
/// mouse gesture does (`mouse`).
pub(super) fn command_in_mode(state: &mut State, command: Option<Command>) -> Vec<Effect> {
    match state.mode {
        Mode::Confirm(_) => modes::confirm::command(state, command),
        Mode::PowerMenu(_) => modes::power_menu::command(state, command),
        Mode::Choose(_) => modes::choose::command(state, command),
        Mode::UsedBy(_) => modes::used_by::command(state, command),
        Mode::BulkPowerMenu(_) => modes::bulk_menu::command(state, command),
        Mode::BulkConfirm(_) => modes::bulk_confirm::command(state, command),
        Mode::ClearMarks { .. } => modes::clear_marks::command(state, command),
        Mode::BulkReport(_) => modes::bulk_report::command(state, command),
        Mode::ZonePicker { .. } => modes::zone_picker::command(state, command),
        Mode::Help { .. } | Mode::RawJson { .. } => modes::scroll::command(state, command),
        Mode::Details => modes::details::command(state, command),
        Mode::Cli(_) => super::cli_equivalent::command(state, command),
        Mode::Normal => match command {
            Some(c) => modes::normal::command(state, c),
            None => Vec::new(),
        },
        // Text modes take their keys through `on_key` only.
        Mode::Filter
        | Mode::TypeToConfirm { .. }
        | Mode::Form(_)
        | Mode::RuleEditor(_)
        | Mode::CommandLine(_) => Vec::new(),
    }
}
