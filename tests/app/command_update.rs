//! update() for the command line (`:`): parsing and running each command,
//! completion, the history walk and its file, unknown commands with their
//! suggestion, and `[aliases]`.
#![allow(clippy::unwrap_used)]

use crate::dash_common;

use std::collections::BTreeMap;
use std::time::Instant;

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use dash_common::*;
use scwdash::api::locality::{Zone, ZoneScope};
use scwdash::app::{self, Action, Effect, Mode, Options, State, Tab};
use scwdash::commands::Aliases;

fn state() -> State {
    loaded(Options::default(), Instant::now())
}

fn typed(state: &mut State, text: &str) -> Vec<Effect> {
    let mut effects = Vec::new();
    for c in text.chars() {
        effects.extend(app::update(state, key(c)));
    }
    effects
}

/// `:` then `line` then Enter: the effects of the Enter.
fn run(state: &mut State, line: &str) -> Vec<Effect> {
    app::update(state, key(':'));
    assert!(
        matches!(state.mode, Mode::CommandLine(_)),
        "{:?}",
        state.mode
    );
    typed(state, line);
    app::update(state, code(KeyCode::Enter))
}

fn line(state: &State) -> &scwdash::app::command_line::CommandLine {
    match &state.mode {
        Mode::CommandLine(l) => l,
        other => panic!("no command line: {other:?}"),
    }
}

#[test]
fn tab_commands_come_from_the_kinds_registry() {
    let mut s = state();
    for tab in Tab::ALL {
        for name in tab.about().names {
            run(&mut s, name);
            assert_eq!(s.tab, tab, ":{name}");
            assert_eq!(s.mode, Mode::Normal);
        }
    }
    run(&mut s, "srv");
    assert_eq!(s.tab, Tab::Servers);
}

#[test]
fn a_command_that_ran_joins_the_history_and_is_saved() {
    let mut s = state();
    let effects = run(&mut s, "vol");
    assert_eq!(s.tab, Tab::Volumes);
    assert_eq!(s.command_history.entries, ["vol"]);
    assert!(
        effects.contains(&Effect::SaveHistory(vec!["vol".to_string()])),
        "{effects:?}"
    );
    // Once each, the newest last.
    run(&mut s, "srv");
    let effects = run(&mut s, ":vol");
    assert_eq!(s.command_history.entries, ["srv", "vol"]);
    assert!(effects.contains(&Effect::SaveHistory(vec!["srv".into(), "vol".into()])));
}

#[test]
fn zone_region_and_their_mistakes() {
    let mut s = state();
    let effects = run(&mut s, "zone nl-ams-1");
    assert_eq!(s.zone, ZoneScope::One(Zone::NlAms1));
    assert!(!fetches(&effects).is_empty(), "the new zone is fetched");
    run(&mut s, "zone all");
    assert_eq!(s.zone, ZoneScope::All);
    // A region: its first zone (regional tabs show the region).
    run(&mut s, "region pl-waw");
    assert_eq!(s.zone, ZoneScope::One(Zone::PlWaw1));
    // Already in it: the zone stays (pl-waw-2 is not left for pl-waw-1).
    run(&mut s, "zone pl-waw-2");
    let effects = run(&mut s, "region pl-waw");
    assert_eq!(s.zone, ZoneScope::One(Zone::PlWaw2));
    assert!(fetches(&effects).is_empty());
    assert!(
        status_message(&s).contains("already in pl-waw"),
        "{}",
        status_message(&s)
    );
    // A typo keeps the line open with the nearest zone, which Tab puts in.
    run(&mut s, "zone nl-ams-9");
    let l = line(&s);
    assert_eq!(l.text, "zone nl-ams-9");
    assert!(
        l.error
            .as_deref()
            .unwrap()
            .contains("did you mean nl-ams-1"),
        "{l:?}"
    );
    app::update(&mut s, code(KeyCode::Tab));
    assert_eq!(line(&s).text, "zone nl-ams-1");
    app::update(&mut s, code(KeyCode::Enter));
    assert_eq!(s.zone, ZoneScope::One(Zone::NlAms1));
    assert_eq!(s.mode, Mode::Normal);
}

#[test]
fn unknown_commands_say_so_and_suggest_the_nearest() {
    let mut s = state();
    let effects = run(&mut s, "fitler web");
    assert!(!effects.iter().any(|e| matches!(e, Effect::SaveHistory(_))));
    assert!(s.command_history.entries.is_empty(), "typos are not kept");
    let l = line(&s);
    assert_eq!(
        l.error.as_deref(),
        Some("unknown command :fitler; did you mean :filter? (Tab)")
    );
    app::update(&mut s, code(KeyCode::Tab));
    assert_eq!(line(&s).text, "filter web");
    assert_eq!(line(&s).error, None);
    app::update(&mut s, code(KeyCode::Enter));
    assert_eq!(s.current().filter(), "web");
    // Nothing near: no suggestion, Tab completes nothing.
    run(&mut s, "xyzzy");
    assert!(line(&s).error.as_deref().unwrap().ends_with(":xyzzy"));
    assert_eq!(line(&s).suggestion, None);
}

#[test]
fn sort_by_id_or_header_shows_a_hidden_column() {
    let mut s = state();
    // VOLS is not among the servers' default columns.
    assert!(!s.current().columns().iter().any(|c| c.id == "volumes"));
    run(&mut s, "sort -volumes");
    let table = s.current();
    let vols = table
        .columns()
        .iter()
        .position(|c| c.id == "volumes")
        .unwrap();
    assert_eq!(table.sort().column, vols);
    assert!(table.sort().descending);
    let names: Vec<String> = table.window(0, 2).map(|r| r.name().into_owned()).collect();
    // db-1 has two volumes, web-1 one.
    assert_eq!(names, ["db-1", "web-1"]);
    assert_eq!(status_message(&s), "sorted by VOLS, descending");
    // By its header, any case, on another tab.
    run(&mut s, "vol");
    run(&mut s, "sort SIZE");
    let size = s
        .current()
        .columns()
        .iter()
        .position(|c| c.id == "size")
        .unwrap();
    assert_eq!(s.current().sort().column, size);
    assert!(!s.current().sort().descending);
    // A column the tab does not have.
    run(&mut s, "sort -sise");
    let l = line(&s);
    assert!(
        l.error
            .as_deref()
            .unwrap()
            .contains("no column \"sise\" on the Volumes tab")
    );
    assert_eq!(l.suggestion.as_deref(), Some("sort -size"));
}

#[test]
fn filter_refresh_pause_help_and_quit() {
    let mut s = state();
    run(&mut s, "filter prod");
    assert_eq!(s.current().filter(), "prod");
    assert_eq!(s.current().shown(), 2);
    assert_eq!(status_message(&s), "filter prod: 2 of 5 rows");
    run(&mut s, "filter");
    assert_eq!(s.current().filter(), "");
    let effects = run(&mut s, "refresh");
    assert_eq!(fetches(&effects).len(), 5);
    run(&mut s, "pause");
    assert!(s.paused);
    run(&mut s, "resume");
    assert!(!s.paused);
    run(&mut s, "help");
    assert!(matches!(s.mode, Mode::Help { .. }));
    app::update(&mut s, code(KeyCode::Esc));
    run(&mut s, "refresh now");
    assert_eq!(
        line(&s).error.as_deref(),
        Some(":refresh takes no argument")
    );
    app::update(&mut s, code(KeyCode::Esc));
    assert_eq!(s.mode, Mode::Normal);
    run(&mut s, "q");
    assert!(s.quit);
}

#[test]
fn esc_closes_without_running_and_ctrl_c_quits() {
    let mut s = state();
    app::update(&mut s, key(':'));
    typed(&mut s, "vol");
    app::update(&mut s, code(KeyCode::Esc));
    assert_eq!(s.mode, Mode::Normal);
    assert_eq!(s.tab, Tab::Servers);
    // Letters type, even q; Ctrl-C still quits.
    app::update(&mut s, key(':'));
    typed(&mut s, "q");
    assert!(!s.quit);
    app::update(
        &mut s,
        Action::Key(KeyEvent::new(KeyCode::Char('c'), KeyModifiers::CONTROL)),
    );
    assert!(s.quit);
}

#[test]
fn tab_completes_names_then_arguments_and_cycles() {
    let mut s = state();
    app::update(&mut s, key(':'));
    typed(&mut s, "so");
    app::update(&mut s, code(KeyCode::Tab));
    // The only candidate, and a space: :sort takes an argument.
    assert_eq!(line(&s).text, "sort ");
    typed(&mut s, "-pri");
    app::update(&mut s, code(KeyCode::Tab));
    let c = line(&s).completion.clone().unwrap();
    let texts: Vec<&str> = c.candidates.iter().map(|c| c.text.as_str()).collect();
    assert_eq!(texts, ["-private_ip", "-private_nets", "-price"]);
    assert_eq!(line(&s).text, "sort -pri", "the common beginning");
    app::update(&mut s, code(KeyCode::Tab));
    assert_eq!(line(&s).text, "sort -private_ip");
    app::update(&mut s, code(KeyCode::Tab));
    app::update(&mut s, code(KeyCode::Tab));
    assert_eq!(line(&s).text, "sort -price");
    app::update(&mut s, code(KeyCode::BackTab));
    assert_eq!(line(&s).text, "sort -private_nets");
    // Typing closes the list; editing keys come from [keys.input].
    app::update(&mut s, code(KeyCode::Backspace));
    assert_eq!(line(&s).completion, None);
    assert_eq!(line(&s).text, "sort -private_net");
    app::update(
        &mut s,
        Action::Key(KeyEvent::new(KeyCode::Char('u'), KeyModifiers::CONTROL)),
    );
    assert_eq!(line(&s).text, "");
    typed(&mut s, "zone nl");
    app::update(&mut s, code(KeyCode::Tab));
    assert_eq!(line(&s).text, "zone nl-ams-");
    typed(&mut s, "3");
    app::update(&mut s, code(KeyCode::Enter));
    assert_eq!(s.zone, ZoneScope::One(Zone::NlAms3));
}

#[test]
fn up_and_down_walk_the_history_and_bring_back_the_draft() {
    let mut s = state();
    // The file's history arrives after start-up.
    app::update(
        &mut s,
        Action::HistoryLoaded(vec!["zone all".into(), "sort -price".into()]),
    );
    app::update(&mut s, key(':'));
    typed(&mut s, "fil");
    let up = || code(KeyCode::Up);
    app::update(&mut s, up());
    assert_eq!(line(&s).text, "sort -price");
    app::update(&mut s, up());
    assert_eq!(line(&s).text, "zone all");
    app::update(&mut s, up());
    assert_eq!(line(&s).text, "zone all", "the oldest stays");
    app::update(&mut s, code(KeyCode::Down));
    assert_eq!(line(&s).text, "sort -price");
    app::update(&mut s, code(KeyCode::Down));
    assert_eq!(line(&s).text, "fil", "past the newest: what was typed");
    // A recalled line runs like a typed one.
    app::update(&mut s, up());
    app::update(&mut s, code(KeyCode::Enter));
    assert!(s.current().sort().descending);
}

#[test]
fn the_file_history_goes_before_what_this_session_ran() {
    let mut s = state();
    // A command run before the file was read is kept, newest.
    run(&mut s, "vol");
    app::update(
        &mut s,
        Action::HistoryLoaded(vec!["vol".into(), "zone all".into(), "zone all".into()]),
    );
    assert_eq!(s.command_history.entries, ["zone all", "vol"]);
    // Bounded.
    let many: Vec<String> = (0..600).map(|i| format!("filter {i}")).collect();
    app::update(&mut s, Action::HistoryLoaded(many));
    assert_eq!(
        s.command_history.entries.len(),
        scwdash::app::command_line::HISTORY_MAX
    );
    assert_eq!(s.command_history.entries.last().unwrap(), "vol");
}

#[test]
fn aliases_from_the_config_run_and_complete() {
    let aliases = Aliases(BTreeMap::from([(
        "prod".to_string(),
        "filter prod".to_string(),
    )]));
    let mut s = loaded(
        Options {
            aliases,
            ..Options::default()
        },
        Instant::now(),
    );
    run(&mut s, "prod");
    assert_eq!(s.current().filter(), "prod");
    assert_eq!(s.command_history.entries, ["prod"]);
    // Words after an alias are appended to it.
    run(&mut s, "prod web");
    assert_eq!(s.current().filter(), "prod web");
    app::update(&mut s, key(':'));
    typed(&mut s, "pro");
    app::update(&mut s, code(KeyCode::Tab));
    assert_eq!(line(&s).text, "prod");
}

#[test]
fn a_paste_goes_into_the_line_without_line_breaks() {
    let mut s = state();
    app::update(&mut s, key(':'));
    app::update(&mut s, Action::Paste("zone\nnl-ams-2".into()));
    assert_eq!(line(&s).text, "zonenl-ams-2");
    app::update(
        &mut s,
        Action::Key(KeyEvent::new(KeyCode::Char('u'), KeyModifiers::CONTROL)),
    );
    app::update(&mut s, Action::Paste("zone nl-ams-2".into()));
    app::update(&mut s, code(KeyCode::Enter));
    assert_eq!(s.zone, ZoneScope::One(Zone::NlAms2));
}

/// README.md's command list is the command table's (`commands::markdown`).
/// Regenerate it with
/// `SCWDASH_WRITE_README=1 cargo test --test app readme_command_list`.
/// (Here, not in the lib's tests: those register a test-only tab.)
#[test]
fn readme_command_list() {
    use scwdash::commands::{README_BEGIN, README_END, markdown};
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("README.md");
    let readme = std::fs::read_to_string(&path).unwrap();
    let start = readme.find(README_BEGIN).expect("the begin marker") + README_BEGIN.len();
    let end = readme.find(README_END).expect("the end marker");
    let generated = format!("\n{}", markdown());
    if std::env::var_os("SCWDASH_WRITE_README").is_some() {
        let updated = format!("{}{generated}{}", &readme[..start], &readme[end..]);
        std::fs::write(&path, updated).unwrap();
        return;
    }
    assert!(
        readme[start..end] == generated,
        "README.md's command list differs from the command table; regenerate it with \
         SCWDASH_WRITE_README=1 cargo test --test app readme_command_list"
    );
}

#[test]
fn mark_all_marks_what_the_filter_shows_and_none_clears() {
    let mut s = state();
    run(&mut s, "filter prod");
    run(&mut s, "mark all");
    assert_eq!(s.marks.count(Tab::Servers), 2);
    assert_eq!(status_message(&s), "marked 2 servers");
    // Again: still marked (unlike `*`, which toggles).
    run(&mut s, "mark all");
    assert_eq!(s.marks.count(Tab::Servers), 2);
    run(&mut s, "mark none");
    assert_eq!(s.marks.count(Tab::Servers), 0);
    run(&mut s, "mark some");
    assert!(
        line(&s)
            .error
            .as_deref()
            .unwrap()
            .contains("unknown choice \"some\"")
    );
    app::update(&mut s, code(KeyCode::Esc));
    app::update(&mut s, key(':'));
    typed(&mut s, "mark ");
    app::update(&mut s, code(KeyCode::Tab));
    let c = line(&s).completion.clone().unwrap();
    let texts: Vec<&str> = c.candidates.iter().map(|c| c.text.as_str()).collect();
    assert_eq!(texts, ["all", "none"]);
}
