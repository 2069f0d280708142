//! Filter mode: typing narrows the current table; Enter keeps the filter, Esc
//! clears it.

use crate::app::form::drop_last_word;
use crate::app::{Effect, Mode, State};
use crate::keymap::{Command, Input};

pub fn input(state: &mut State, input: Option<Input>) -> Vec<Effect> {
    let table = state.table_mut(state.tab);
    match input {
        Some(Input::Char(c)) => table.push_filter(c),
        Some(Input::Command(command)) => match command {
            Command::Accept => state.mode = Mode::Normal,
            Command::Back => {
                table.set_filter("");
                state.mode = Mode::Normal;
            }
            Command::Up => table.move_by(-1),
            Command::Down => table.move_by(1),
            Command::DeleteBack => table.pop_filter(),
            Command::DeleteWord => {
                let mut kept = table.filter().to_string();
                drop_last_word(&mut kept);
                table.set_filter(&kept);
            }
            Command::ClearLine => table.set_filter(""),
            Command::Quit => state.quit = true,
            _ => {}
        },
        None => {}
    }
    Vec::new()
}
