//! Snapshots of the forms, the picker and the rule editor (TestBackend +
//! insta) at 80x24 and 160x48, plus the colours that carry meaning.
#![allow(clippy::unwrap_used)]

use crate::forms_common;

use crossterm::event::KeyCode;
use forms_common::*;
use ratatui::{Terminal, backend::TestBackend};
use scwdash::api::locality::{Region, Zone};
use scwdash::app::form::Form;
use scwdash::app::forms::{network, security_group, server, volume};
use scwdash::app::rule_editor::RuleEditor;
use scwdash::app::{Mode, Options, State};
use scwdash::keymap::KeyMap;
use scwdash::ui;

fn draw(mode: Mode, w: u16, h: u16) -> Terminal<TestBackend> {
    let mut state = State::new(Options::default());
    state.viewport = scwdash::ui::layout::viewport(w, h);
    state.mode = mode;
    let mut terminal = Terminal::new(TestBackend::new(w, h)).unwrap();
    terminal.draw(|f| ui::render(f, &state)).unwrap();
    terminal
}

fn form(f: Form) -> Mode {
    Mode::Form(Box::new(f))
}

fn filled_server_form() -> Form {
    let mut f = server::create(Zone::FrPar1, &data().catalog(Some("proj-1")));
    type_text(&mut f, "web-1");
    tab(&mut f);
    f.handle_key(&KeyMap::default(), k(KeyCode::Char('P')));
    type_text(&mut f, "RO2");
    enter(&mut f);
    tab(&mut f);
    f
}

fn text_of(t: &Terminal<TestBackend>) -> String {
    format!("{}", t.backend())
}

#[test]
fn create_server_form_80x24() {
    let t = draw(form(filled_server_form()), 80, 24);
    insta::assert_snapshot!(t.backend());
}

#[test]
fn create_server_form_160x48() {
    let t = draw(form(filled_server_form()), 160, 48);
    insta::assert_snapshot!(t.backend());
}

#[test]
fn type_picker_with_filter_80x24() {
    let mut f = filled_server_form();
    f.handle_key(&KeyMap::default(), shift_tab());
    f.handle_key(&KeyMap::default(), k(KeyCode::Char(' ')));
    let t = draw(form(f.clone()), 80, 24);
    insta::assert_snapshot!("type_picker_open_80x24", t.backend());
    type_text(&mut f, "2c");
    let t = draw(form(f), 80, 24);
    insta::assert_snapshot!("type_picker_filtered_80x24", t.backend());
}

#[test]
fn image_picker_160x48() {
    let mut f = filled_server_form();
    f.handle_key(&KeyMap::default(), k(KeyCode::Char('u')));
    let t = draw(form(f), 160, 48);
    insta::assert_snapshot!(t.backend());
}

/// A server form on an arm64 type after an x86_64 image was chosen: the
/// image is cleared, by the image field and on the form's line.
#[test]
fn a_type_of_another_architecture_clears_the_image_80x24() {
    let mut f = server::create(Zone::FrPar1, &data().catalog(Some("proj-1")));
    type_text(&mut f, "web-1");
    tab(&mut f);
    f.handle_key(&KeyMap::default(), k(KeyCode::Char('D')));
    enter(&mut f);
    tab(&mut f);
    f.handle_key(&KeyMap::default(), k(KeyCode::Char('n')));
    type_text(&mut f, "oble");
    enter(&mut f);
    f.handle_key(&KeyMap::default(), shift_tab());
    f.handle_key(&KeyMap::default(), k(KeyCode::Char('C')));
    type_text(&mut f, "OPARM");
    enter(&mut f);
    assert_eq!(f.value("image"), "");
    let t = draw(form(f), 80, 24);
    insta::assert_snapshot!(t.backend());
}

/// "New server" under zone "all": the zone comes first; after choosing
/// another zone whose catalog is not in yet, the pickers say so.
#[test]
fn create_server_under_all_zones_while_the_zone_loads_80x24() {
    let mut d = data();
    d.zones = Zone::ALL.to_vec();
    let mut f = server::create(Zone::FrPar1, &d.catalog(Some("proj-1")));
    f.handle_key(&KeyMap::default(), k(KeyCode::Char(' ')));
    type_text(&mut f, "waw-2");
    enter(&mut f);
    assert_eq!(f.value("zone"), "pl-waw-2");
    let mut empty = data();
    empty.types.clear();
    empty.images.clear();
    server::follow_zone(&mut f, Zone::PlWaw2, &empty.catalog(Some("proj-1")));
    let t = draw(form(f), 80, 24);
    insta::assert_snapshot!(t.backend());
}

/// "New volume" under zone "all" without a configured project: a zone
/// field first, a project field last, prefilled with the project in view.
#[test]
fn create_volume_asks_zone_and_project_80x24() {
    let mut d = data();
    d.zones = Zone::ALL.to_vec();
    let mut c = d.catalog(None);
    c.shared_project = Some("6a1b9c2d-3e4f-4a5b-8c6d-7e8f9a0b1c2d");
    let t = draw(form(volume::create(Zone::NlAms1, &c)), 80, 24);
    insta::assert_snapshot!(t.backend());
}

#[test]
fn invalid_submit_shows_errors_in_red() {
    let mut f = volume::create(Zone::FrPar1, &data().catalog(Some("proj")));
    tab(&mut f);
    type_text(&mut f, "x");
    enter(&mut f);
    let t = draw(form(f), 80, 24);
    insta::assert_snapshot!(t.backend());
    let buf = t.backend().buffer();
    let text = text_of(&t);
    let line = text
        .lines()
        .position(|l| l.contains("✗ a name is required"))
        .expect("error line under the name");
    let col = text.lines().nth(line).unwrap().find('✗').unwrap();
    let col = text.lines().nth(line).unwrap()[..col].chars().count();
    // The snapshot's lines are quoted: one leading quote character.
    assert_eq!(
        buf[(col as u16 - 1, line as u16)].fg,
        scwdash::theme::Theme::default().error
    );
}

#[test]
fn api_error_by_its_field_80x24() {
    let mut f = network::create_private_network(Region::FrPar, &data().catalog(Some("proj-1")));
    type_text(&mut f, "app-net");
    enter(&mut f);
    f.mark_sending();
    f.apply_error(
        "invalid argument(s): subnets",
        &[("subnets.0".into(), "overlaps an existing subnet".into())],
    );
    let t = draw(form(f), 80, 24);
    insta::assert_snapshot!(t.backend());
}

#[test]
fn small_forms_80x24() {
    let g = &security_groups()[1];
    let t = draw(form(security_group::edit(g, Zone::FrPar1)), 80, 24);
    insta::assert_snapshot!("security_group_edit_80x24", t.backend());
    let v = volume("vol-1", "data", "available", "fr-par-1");
    let t = draw(form(volume::edit(&v, Zone::FrPar1)), 80, 24);
    insta::assert_snapshot!("volume_edit_80x24", t.backend());
    let servers = vec![server("srv-1", "web-1", "fr-par-1", 3)];
    let mut attach = volume::attach(&v, Zone::FrPar1, &servers).unwrap();
    attach.handle_key(&KeyMap::default(), k(KeyCode::Char(' ')));
    let t = draw(form(attach), 80, 24);
    insta::assert_snapshot!("attach_volume_picker_80x24", t.backend());
    let s = server("srv-1", "web-1", "fr-par-1", 1);
    let t = draw(
        form(server::edit(
            &s,
            Zone::FrPar1,
            &server_types(),
            &availability(),
            &security_groups(),
        )),
        80,
        24,
    );
    insta::assert_snapshot!("server_edit_80x24", t.backend());
    let t = draw(
        form(network::create_vpc(
            Region::FrPar,
            &data().catalog(Some("proj-1")),
        )),
        80,
        24,
    );
    insta::assert_snapshot!("vpc_create_80x24", t.backend());
}

fn staged_editor() -> RuleEditor {
    let mut e = RuleEditor::new(Zone::FrPar1, "sg-web", "web", &rules());
    e.cursor = 2;
    e.handle_key(&KeyMap::default(), k(KeyCode::Char('a')));
    for c in "".chars() {
        e.handle_key(&KeyMap::default(), k(KeyCode::Char(c)));
    }
    for _ in 0..4 {
        e.handle_key(&KeyMap::default(), k(KeyCode::Tab));
    }
    for c in "53".chars() {
        e.handle_key(&KeyMap::default(), k(KeyCode::Char(c)));
    }
    e.handle_key(&KeyMap::default(), k(KeyCode::Enter));
    e.cursor = 5;
    e.handle_key(&KeyMap::default(), k(KeyCode::Char('K')));
    e.cursor = 2;
    e.handle_key(&KeyMap::default(), k(KeyCode::Char('d')));
    e
}

#[test]
fn rule_editor_review_shows_the_staged_diff_and_the_api_changes() {
    let mut e = staged_editor();
    e.handle_key(&KeyMap::default(), k(KeyCode::Char('s')));
    let unchanged = e.original.clone();
    let mut plain = e.clone();
    plain.reviewed(unchanged);
    let t = draw(Mode::RuleEditor(Box::new(plain)), 100, 30);
    insta::assert_snapshot!("rule_editor_review_100x30", t.backend());
    let mut elsewhere = e.original.clone();
    let mut added = elsewhere
        .iter()
        .find(|r| r.is_editable() && r.protocol.as_str() == "TCP")
        .unwrap()
        .clone();
    added.id = "r-new".into();
    added.dest_port_from = Some(5432);
    added.dest_port_to = None;
    added.position = 99;
    elsewhere.push(added);
    e.reviewed(elsewhere);
    let t = draw(Mode::RuleEditor(Box::new(e)), 100, 30);
    insta::assert_snapshot!("rule_editor_review_api_changed_100x30", t.backend());
    let text = text_of(&t);
    assert!(
        text.contains("Changed on the API since the editor opened"),
        "{text}"
    );
    assert!(text.contains("rebase (keep both)"), "{text}");
}

#[test]
fn rule_editor_unchanged_80x24() {
    let e = RuleEditor::new(Zone::FrPar1, "sg-web", "web", &rules());
    let t = draw(Mode::RuleEditor(Box::new(e)), 80, 24);
    insta::assert_snapshot!(t.backend());
}

#[test]
fn rule_editor_diff_colours() {
    let e = staged_editor();
    let t = draw(Mode::RuleEditor(Box::new(e.clone())), 80, 24);
    insta::assert_snapshot!("rule_editor_diff_80x24", t.backend());
    let t = draw(Mode::RuleEditor(Box::new(e)), 160, 48);
    insta::assert_snapshot!("rule_editor_diff_160x48", t.backend());
    let text = text_of(&t);
    let buf = t.backend().buffer();
    let colour_of = |needle: &str| {
        let (y, line) = text
            .lines()
            .enumerate()
            .find(|(_, l)| l.contains(needle))
            .unwrap_or_else(|| panic!("{needle} on screen"));
        let x = line[..line.find(needle).unwrap()].chars().count() as u16 - 1;
        buf[(x, y as u16)].fg
    };
    let theme = scwdash::theme::Theme::default();
    assert_eq!(colour_of("+ "), theme.running, "added");
    assert_eq!(colour_of("^ "), theme.accent, "moved");
    assert_eq!(colour_of("10.0.0.0/8"), theme.error, "removed");
}

#[test]
fn rule_editor_sub_form_and_discard_question() {
    let mut e = staged_editor();
    e.cursor = 3;
    e.handle_key(&KeyMap::default(), k(KeyCode::Char('e')));
    let t = draw(Mode::RuleEditor(Box::new(e.clone())), 80, 24);
    insta::assert_snapshot!("rule_sub_form_80x24", t.backend());
    e.handle_key(&KeyMap::default(), k(KeyCode::Esc));
    e.handle_key(&KeyMap::default(), k(KeyCode::Esc));
    assert!(e.confirm_discard);
    let t = draw(Mode::RuleEditor(Box::new(e)), 80, 24);
    insta::assert_snapshot!("rule_editor_discard_80x24", t.backend());
}
