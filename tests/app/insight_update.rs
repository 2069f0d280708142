//! The cost and topology views and "used by" through update(): `:cost` and
//! `:topology`, Enter on a cost line, the tree keys (Enter, l, h, L) and the
//! branches they open kept across a refresh, the filter keeping a match's
//! path, and `u` on a group, a network, a volume, and on what names nothing.
#![allow(clippy::unwrap_used)]

use crate::dash_common;

use std::time::Instant;

use crossterm::event::KeyCode;
use dash_common::*;
use scwdash::app::{self, Effect, Mode, Options, State, Tab};

fn state() -> State {
    loaded(Options::default(), Instant::now())
}

fn typed(state: &mut State, text: &str) {
    for c in text.chars() {
        app::update(state, key(c));
    }
}

/// `:` then `line` then Enter.
fn run(state: &mut State, line: &str) -> Vec<Effect> {
    app::update(state, key(':'));
    typed(state, line);
    app::update(state, code(KeyCode::Enter))
}

/// The rows the current tab shows, in order.
fn on_screen(state: &State) -> impl Iterator<Item = &scwdash::app::RowRef> {
    state.current().window(0, usize::MAX)
}

/// The names of the rows the current tab shows, in order.
fn names(state: &State) -> Vec<String> {
    on_screen(state).map(|r| r.name().into_owned()).collect()
}

fn cells(state: &State, column: &str) -> Vec<String> {
    on_screen(state)
        .map(|r| r.cell(column).into_owned())
        .collect()
}

/// Selects the first row of the current tab named `name`.
fn select(state: &mut State, name: &str) {
    let id = on_screen(state)
        .find(|r| r.name() == name)
        .map(|r| r.id().to_string())
        .unwrap_or_else(|| panic!("no {name} in {:?}", names(state)));
    let tab = state.tab;
    assert!(state.table_mut(tab).select_id(&id));
}

fn selected(state: &State) -> Option<String> {
    state.current().selected().map(|r| r.name().into_owned())
}

fn selected_id(state: &State) -> Option<String> {
    state.current().selected_id().map(str::to_string)
}

fn menu_names(state: &State) -> Vec<String> {
    match &state.mode {
        Mode::UsedBy(menu) => menu.users.iter().map(|u| u.name.clone()).collect(),
        other => panic!("no used-by menu: {other:?} ({})", status_message(state)),
    }
}

#[test]
fn the_views_open_by_command_and_by_number() {
    let mut s = state();
    run(&mut s, "cost");
    assert_eq!(s.tab, Tab::Cost);
    run(&mut s, "topology");
    assert_eq!(s.tab, Tab::Topology);
    app::update(&mut s, key('1'));
    run(&mut s, "xray");
    assert_eq!(s.tab, Tab::Topology, "an alias of the topology");
    app::update(&mut s, key(char::from(b'1' + Tab::Cost.index() as u8)));
    assert_eq!(s.tab, Tab::Cost);
}

#[test]
fn the_cost_view_ranks_what_costs_and_enter_goes_to_a_leak() {
    let mut s = state();
    run(&mut s, "cost");
    // The servers first, largest first: db-1 (PRO2-XS and 120 GB of Block)
    // before web-1 (DEV1-S and a local volume).
    let what = cells(&s, "section");
    let servers: Vec<String> = names(&s)
        .into_iter()
        .zip(&what)
        .filter(|(_, w)| *w == "server")
        .map(|(n, _)| n)
        .collect();
    assert_eq!(
        servers.first().map(String::as_str),
        Some("db-1"),
        "{servers:?}"
    );
    let web = servers.iter().position(|n| n == "web-1").unwrap();
    assert!(web > 0, "{servers:?}");
    // The leaks of the sample fleet, each in its section.
    let leaks: Vec<(String, String)> = what
        .iter()
        .zip(names(&s))
        .filter(|(w, _)| w.starts_with("leak"))
        .map(|(w, n)| (w.clone(), n))
        .collect();
    for leak in [
        ("leak: volume", "spare-backup"),
        ("leak: group", "db-only"),
        ("leak: VPC", "staging"),
    ] {
        assert!(
            leaks.iter().any(|(w, n)| (w.as_str(), n.as_str()) == leak),
            "{leak:?} not in {leaks:?}"
        );
    }
    // Enter on the volume nothing holds: the volumes tab, on it.
    select(&mut s, "spare-backup");
    app::update(&mut s, code(KeyCode::Enter));
    assert_eq!(s.tab, Tab::Volumes);
    assert_eq!(selected_id(&s).as_deref(), Some(SPARE));
    // Enter on a server line: the server.
    run(&mut s, "cost");
    select(&mut s, "web-1");
    app::update(&mut s, code(KeyCode::Enter));
    assert_eq!(s.tab, Tab::Servers);
    assert_eq!(selected_id(&s).as_deref(), Some(WEB));
}

#[test]
fn a_tag_line_names_nothing_to_go_to() {
    let mut s = state();
    run(&mut s, "cost");
    let at = cells(&s, "section")
        .iter()
        .position(|w| w == "tag")
        .unwrap();
    let tag = names(&s)[at].clone();
    select(&mut s, &tag);
    app::update(&mut s, code(KeyCode::Enter));
    assert_eq!(s.tab, Tab::Cost, "a tag is no resource: no jump");
}

#[test]
fn the_tree_opens_closes_and_goes_to_its_nodes() {
    let mut s = state();
    run(&mut s, "topology");
    let shown = names(&s);
    for name in [
        "fr-par",
        "backend",
        "frontend",
        "db-1",
        "web-1",
        "public only",
        "orphans",
    ] {
        assert!(shown.iter().any(|n| n == name), "{name} not in {shown:?}");
    }
    assert!(
        !shown.iter().any(|n| n == "db-data"),
        "a server starts closed: {shown:?}"
    );
    // l opens the server: its volumes and group under it.
    select(&mut s, "db-1");
    app::update(&mut s, key('l'));
    assert!(names(&s).iter().any(|n| n == "db-data"), "{:?}", names(&s));
    assert_eq!(selected(&s).as_deref(), Some("db-1"), "l opens, stays");
    // Open already: l goes into it, h back to it, h again closes it.
    app::update(&mut s, key('l'));
    assert_eq!(selected(&s).as_deref(), Some("db-1-root"));
    app::update(&mut s, key('h'));
    assert_eq!(selected(&s).as_deref(), Some("db-1"));
    app::update(&mut s, key('h'));
    assert!(!names(&s).iter().any(|n| n == "db-data"));
    // Enter toggles a branch, and what is open survives a refresh.
    app::update(&mut s, code(KeyCode::Enter));
    assert!(names(&s).iter().any(|n| n == "db-data"));
    let effects = app::update(&mut s, key('r'));
    answer(&mut s, effects);
    assert!(names(&s).iter().any(|n| n == "db-data"), "{:?}", names(&s));
    assert_eq!(selected(&s).as_deref(), Some("db-1"));
    // Enter on a leaf goes to its resource, in its tab.
    select(&mut s, "db-data");
    app::update(&mut s, code(KeyCode::Enter));
    assert_eq!(s.tab, Tab::Volumes);
    assert_eq!(selected_id(&s).as_deref(), Some(DB_DATA));
    // L goes to a branch's resource: the server.
    run(&mut s, "topology");
    select(&mut s, "db-1");
    app::update(&mut s, key('L'));
    assert_eq!(s.tab, Tab::Servers);
    assert_eq!(selected_id(&s).as_deref(), Some(DB));
    // Enter on the region closes all of it.
    run(&mut s, "topology");
    select(&mut s, "fr-par");
    app::update(&mut s, code(KeyCode::Enter));
    assert!(!names(&s).iter().any(|n| n == "backend"), "{:?}", names(&s));
    // h on a closed branch goes to its parent: the VPC's is the region.
    app::update(&mut s, code(KeyCode::Enter));
    select(&mut s, "backend");
    app::update(&mut s, key('h'));
    app::update(&mut s, key('h'));
    assert_eq!(selected(&s).as_deref(), Some("default"));
    app::update(&mut s, key('h'));
    app::update(&mut s, key('h'));
    assert_eq!(selected(&s).as_deref(), Some("fr-par"));
}

#[test]
fn an_orphan_goes_to_its_tab() {
    let mut s = state();
    run(&mut s, "topology");
    // The orphans' branch: the volume and the group nothing uses.
    let shown = names(&s);
    let orphans = shown.iter().position(|n| n == "orphans").unwrap();
    let after: Vec<&String> = shown[orphans..].iter().collect();
    assert!(after.iter().any(|n| *n == "spare-backup"), "{after:?}");
    assert!(after.iter().any(|n| *n == "db-only"), "{after:?}");
    let id = on_screen(&s)
        .skip(orphans)
        .find(|r| r.name() == "db-only")
        .map(|r| r.id().to_string())
        .unwrap();
    s.table_mut(Tab::Topology).select_id(&id);
    app::update(&mut s, code(KeyCode::Enter));
    assert_eq!(s.tab, Tab::SecurityGroups);
    assert_eq!(selected_id(&s).as_deref(), Some(SG_DB));
}

#[test]
fn the_filter_keeps_the_path_to_a_match() {
    let mut s = state();
    run(&mut s, "topology");
    app::update(&mut s, key('/'));
    typed(&mut s, "worker-1");
    app::update(&mut s, code(KeyCode::Enter));
    let shown = names(&s);
    for name in ["fr-par", "default", "backend", "worker-1"] {
        assert!(shown.iter().any(|n| n == name), "{name} not in {shown:?}");
    }
    for name in ["frontend", "web-1", "public only"] {
        assert!(!shown.iter().any(|n| n == name), "{name} in {shown:?}");
    }
}

#[test]
fn used_by_lists_a_groups_servers_and_goes_to_one() {
    let mut s = state();
    app::update(&mut s, key('3'));
    select(&mut s, "default");
    app::update(&mut s, key('u'));
    // Every server of the sample fleet is in the default group.
    let mut users = menu_names(&s);
    users.sort();
    assert_eq!(users, ["batch-2", "db-1", "legacy-0", "web-1", "worker-1"]);
    // Esc closes it where it was.
    app::update(&mut s, code(KeyCode::Esc));
    assert_eq!(s.mode, Mode::Normal);
    assert_eq!(s.tab, Tab::SecurityGroups);
    // The second one, chosen: its server.
    app::update(&mut s, key('u'));
    let second = menu_names(&s)[1].clone();
    app::update(&mut s, key('j'));
    app::update(&mut s, code(KeyCode::Enter));
    assert_eq!(s.mode, Mode::Normal);
    assert_eq!(s.tab, Tab::Servers);
    assert_eq!(selected(&s), Some(second));
}

#[test]
fn used_by_a_network_and_a_volume() {
    let mut s = state();
    app::update(&mut s, key('4'));
    select(&mut s, "backend");
    app::update(&mut s, key('u'));
    let mut users = menu_names(&s);
    users.sort();
    assert_eq!(users, ["db-1", "worker-1"]);
    app::update(&mut s, code(KeyCode::Esc));
    app::update(&mut s, key('2'));
    select(&mut s, "db-data");
    app::update(&mut s, key('u'));
    assert_eq!(menu_names(&s), ["db-1"]);
    app::update(&mut s, code(KeyCode::Esc));
    select(&mut s, "spare-backup");
    app::update(&mut s, key('u'));
    assert_eq!(s.mode, Mode::Normal);
    assert_eq!(status_message(&s), "nothing uses volume spare-backup");
}

#[test]
fn used_by_on_a_view_asks_about_the_resource_its_line_names() {
    let mut s = state();
    // A network node of the tree: its servers.
    run(&mut s, "topology");
    select(&mut s, "frontend");
    app::update(&mut s, key('u'));
    assert_eq!(menu_names(&s), ["web-1"]);
    app::update(&mut s, code(KeyCode::Esc));
    // The region names nothing: said, no menu.
    select(&mut s, "fr-par");
    app::update(&mut s, key('u'));
    assert_eq!(s.mode, Mode::Normal);
    assert_eq!(
        status_message(&s),
        "used by: select a security group, a private network or a volume"
    );
    // A cost line of the group nothing uses.
    run(&mut s, "cost");
    select(&mut s, "db-only");
    app::update(&mut s, key('u'));
    assert_eq!(s.mode, Mode::Normal);
    assert_eq!(status_message(&s), "nothing uses security group db-only");
    // A server: not a kind "used by" answers for.
    app::update(&mut s, key('1'));
    app::update(&mut s, key('u'));
    assert_eq!(s.mode, Mode::Normal);
    assert_eq!(
        status_message(&s),
        "used by: select a security group, a private network or a volume"
    );
}
