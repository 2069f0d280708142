//! The command line mode (`:`): keys edit the line, Tab completes, ↑/↓ walk
//! the history, Enter runs the command. A command that cannot run keeps the
//! line open with the reason (and Tab puts in the suggestion); one that ran
//! joins the history, which the executor writes to the state dir.

use crate::api::locality::{RegionScope, ZoneScope};
use crate::app::command_line::{CommandLine, Outcome as LineOutcome};
use crate::app::{Effect, Mode, Outcome, State, Tab};
use crate::commands::{self, ParseError, Parsed};
use crate::keymap::{Command, Input};

/// `:` in the tables: an empty line.
pub fn open(state: &mut State) {
    state.mode = Mode::CommandLine(Box::default());
}

pub fn input(state: &mut State, input: Option<Input>) -> Vec<Effect> {
    let Some(input) = input else {
        return Vec::new();
    };
    let Mode::CommandLine(line) = &mut state.mode else {
        return Vec::new();
    };
    let ctx = commands::Context {
        aliases: &state.aliases,
        columns: state
            .tab
            .catalogue()
            .iter()
            .map(|c| (c.id, c.title))
            .collect(),
    };
    let outcome = line.handle(input, &state.command_history, |typed| {
        commands::complete(typed, &ctx)
    });
    match outcome {
        LineOutcome::Continue => Vec::new(),
        LineOutcome::Close => {
            state.mode = Mode::Normal;
            Vec::new()
        }
        LineOutcome::Quit => {
            state.quit = true;
            Vec::new()
        }
        LineOutcome::Run(text) => submit(state, &text),
    }
}

/// Enter: runs `text`, or keeps the line open with why not.
fn submit(state: &mut State, text: &str) -> Vec<Effect> {
    if text.trim().trim_start_matches(':').trim().is_empty() {
        state.mode = Mode::Normal;
        return Vec::new();
    }
    let parsed = commands::parse(text, &state.aliases);
    let ran = parsed.and_then(|p| {
        state.mode = Mode::Normal;
        run(state, p)
    });
    match ran {
        Ok(mut effects) => {
            state
                .command_history
                .push(text.trim().trim_start_matches(':'));
            effects.push(Effect::SaveHistory(state.command_history.entries.clone()));
            effects
        }
        Err(e) => {
            let line = CommandLine::failed(text, e.message, e.suggestion);
            state.mode = Mode::CommandLine(Box::new(line));
            Vec::new()
        }
    }
}

/// Does what a parsed command says; `Err` is why it cannot (the line then
/// stays open with it).
pub fn run(state: &mut State, parsed: Parsed) -> Result<Vec<Effect>, ParseError> {
    let say = |state: &mut State, text: String| {
        state.status.last_action = Some((text, Outcome::Info));
    };
    Ok(match parsed {
        Parsed::Tab(tab) => {
            let n = u8::try_from(tab.index() + 1).unwrap_or(u8::MAX);
            super::normal::command(state, Command::Tab(n))
        }
        Parsed::Zone(scope) => super::normal::set_zone(state, scope),
        Parsed::Region(RegionScope::All) => super::normal::set_zone(state, ZoneScope::All),
        Parsed::Region(RegionScope::One(region)) => {
            if let ZoneScope::One(z) = state.zone
                && z.region() == region
            {
                say(state, format!("already in {region} ({z})"));
                Vec::new()
            } else {
                let first = region
                    .zones()
                    .next()
                    .ok_or_else(|| ParseError::new(format!("{region} has no zone")))?;
                say(state, format!("{region}: zone {first}"));
                super::normal::set_zone(state, ZoneScope::One(first))
            }
        }
        Parsed::Sort { column, descending } => {
            sort(state, &column, descending)?;
            Vec::new()
        }
        Parsed::Filter(text) => {
            let table = state.table_mut(state.tab);
            table.set_filter(&text);
            let (shown, total) = (table.shown(), table.total());
            if text.is_empty() {
                say(state, "filter cleared".to_string());
            } else {
                say(state, format!("filter {text}: {shown} of {total} rows"));
            }
            Vec::new()
        }
        Parsed::Mark(true) => {
            crate::app::marks::mark_shown(state);
            Vec::new()
        }
        Parsed::Mark(false) => {
            crate::app::marks::clear(state, state.tab);
            Vec::new()
        }
        Parsed::Refresh => super::normal::command(state, Command::Refresh),
        Parsed::Pause => {
            state.paused = true;
            say(state, "auto-refresh paused (:resume resumes)".to_string());
            Vec::new()
        }
        Parsed::Resume => {
            state.paused = false;
            say(state, "auto-refresh resumed".to_string());
            Vec::new()
        }
        Parsed::Help => super::normal::command(state, Command::Help),
        Parsed::Cli => crate::app::cli_equivalent::show_selected(state),
        Parsed::Quit => {
            state.quit = true;
            Vec::new()
        }
    })
}

/// `:sort COLUMN`: by a column id or header of the current tab, shown or
/// not (a hidden one is shown, at the right, so the order can be read).
fn sort(state: &mut State, column: &str, descending: bool) -> Result<(), ParseError> {
    let tab: Tab = state.tab;
    let wanted = column.trim().to_lowercase();
    let catalogue = tab.catalogue();
    let found = catalogue
        .iter()
        .find(|c| c.id == wanted || c.title.to_lowercase() == wanted)
        .cloned();
    let Some(found) = found else {
        let ids: Vec<&str> = catalogue.iter().map(|c| c.id).collect();
        let mut message = format!("no column {column:?} on the {} tab", tab.title());
        let nearest = commands::nearest(&wanted, ids.iter().copied());
        match &nearest {
            Some(n) => message.push_str(&format!("; did you mean {n}? (Tab)")),
            None => message.push_str(&format!("; columns are: {}", ids.join(", "))),
        }
        let dash = if descending { "-" } else { "" };
        return Err(ParseError {
            message,
            suggestion: nearest.map(|n| format!("sort {dash}{n}")),
        });
    };
    let title = found.title;
    let table = state.table_mut(tab);
    let index = table.show_column(found);
    table.set_sort(crate::app::SortState {
        column: index,
        descending,
    });
    let way = if descending {
        "descending"
    } else {
        "ascending"
    };
    state.status.last_action = Some((format!("sorted by {title}, {way}"), Outcome::Info));
    Ok(())
}
