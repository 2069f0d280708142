//! NO_COLOR and the light theme, snapshotted with what a text snapshot
//! hides: under each screen line a layer of its modifiers (NO_COLOR) or of
//! its colours (light), so losing a reverse, a bold or a colour fails.
#![allow(clippy::unwrap_used)]

use crate::dash_common;

use std::collections::BTreeMap;
use std::time::Instant;

use crossterm::event::KeyCode;
use dash_common::*;
use ratatui::{
    Terminal,
    backend::TestBackend,
    buffer::Buffer,
    style::{Color, Modifier},
};
use scwdash::app::{self, Action, Mode, Options, State, Tab};
use scwdash::settings::Background;
use scwdash::theme::Theme;
use scwdash::ui;

/// One letter per modifier set, strongest first: what a reader of the
/// snapshot needs to see is which cells stand out and how.
fn modifier_mark(m: Modifier) -> char {
    if m.contains(Modifier::REVERSED) {
        'R'
    } else if m.contains(Modifier::UNDERLINED) {
        'U'
    } else if m.contains(Modifier::CROSSED_OUT) {
        'X'
    } else if m.contains(Modifier::ITALIC) {
        'I'
    } else if m.contains(Modifier::BOLD) {
        'B'
    } else if m.contains(Modifier::DIM) {
        'D'
    } else {
        ' '
    }
}

/// The screen's text, each line followed (when it has any) by a `^` line
/// marking its cells: their modifiers (`R`everse, `U`nderline, `X` crossed
/// out, `I`talic, `B`old, `D`im) or, with `colours`, a letter per distinct
/// fg/bg pair named in a legend at the end.
fn layered(buf: &Buffer, colours: bool) -> String {
    let area = buf.area;
    let mut legend: BTreeMap<(String, String), char> = BTreeMap::new();
    let mut out = String::new();
    for y in 0..area.height {
        let text: String = (0..area.width)
            .map(|x| buf[(x, y)].symbol().to_string())
            .collect();
        out.push_str("  ");
        out.push_str(text.trim_end());
        out.push('\n');
        let mask: String = (0..area.width)
            .map(|x| {
                let cell = &buf[(x, y)];
                if !colours {
                    return modifier_mark(cell.modifier);
                }
                if cell.fg == Color::Reset && cell.bg == Color::Reset {
                    return ' ';
                }
                let next = (b'a' + legend.len() as u8) as char;
                *legend
                    .entry((format!("{:?}", cell.fg), format!("{:?}", cell.bg)))
                    .or_insert(next)
            })
            .collect();
        if !mask.trim().is_empty() {
            out.push_str("^ ");
            out.push_str(mask.trim_end());
            out.push('\n');
        }
    }
    let mut names: Vec<(char, String)> = legend
        .into_iter()
        .map(|((fg, bg), c)| (c, format!("{c}: fg {fg} on {bg}")))
        .collect();
    names.sort();
    for (_, line) in names {
        out.push_str(&line);
        out.push('\n');
    }
    out
}

fn draw(state: &mut State, w: u16, h: u16) -> Terminal<TestBackend> {
    app::update(state, Action::Resize(ui::layout::viewport(w, h)));
    let mut terminal = Terminal::new(TestBackend::new(w, h)).unwrap();
    terminal.draw(|f| ui::render(f, state)).unwrap();
    terminal
}

/// The demo-like fleet on `tab` with `theme`, rules loaded, at a fixed
/// spinner frame and refresh age.
fn on(theme: Theme, tab: Tab) -> State {
    let mut state = loaded(
        Options {
            profile: "default".into(),
            theme,
            ..Options::default()
        },
        Instant::now(),
    );
    app::update(
        &mut state,
        Action::Rules {
            group: SG_DEFAULT.into(),
            result: Ok(std::sync::Arc::new(rules())),
        },
    );
    if tab.api().is_none() {
        // A view of what changed: something to show.
        refresh_with(
            &mut state,
            servers_with(|s| {
                if s.id == WEB {
                    s.state = "stopping".into();
                }
            }),
        );
    }
    app::update(&mut state, key(char::from(b'1' + tab.index() as u8)));
    state.tick = 0;
    state.now = state.last_refresh;
    state
}

fn no_color() -> Theme {
    Theme::default().without_colour()
}

fn light() -> Theme {
    Theme::from_settings(&scwdash::settings::defaults().theme, Background::Light).unwrap()
}

/// No cell of a NO_COLOR screen has a colour.
fn assert_colourless(buf: &Buffer) {
    for cell in buf.content() {
        assert_eq!((cell.fg, cell.bg), (Color::Reset, Color::Reset), "{cell:?}");
    }
}

#[test]
fn no_color_every_tab_keeps_tab_zone_selection_and_states_distinct() {
    for tab in Tab::ALL {
        let mut state = on(no_color(), tab);
        let t = draw(&mut state, 100, 30);
        let buf = t.backend().buffer();
        assert_colourless(buf);
        let shown = layered(buf, false);
        // The current tab, the zone and the selected row are reversed.
        let marks: Vec<&str> = shown.lines().filter(|l| l.starts_with("^ ")).collect();
        assert!(
            marks.iter().filter(|l| l.contains('R')).count() >= 3,
            "{shown}"
        );
        insta::assert_snapshot!(format!("no_color_{}_100x30", tab.index() + 1), shown);
    }
}

#[test]
fn no_color_servers_mark_error_and_transitional_states() {
    let mut state = on(no_color(), Tab::Servers);
    assert!(state.table_mut(Tab::Servers).select_id(WEB));
    let t = draw(&mut state, 160, 48);
    let buf = t.backend().buffer();
    let text = layered(buf, false);
    let line_of = |needle: &str| {
        let lines: Vec<&str> = text.lines().collect();
        let i = lines.iter().position(|l| l.contains(needle)).unwrap();
        let col = lines[i].find(needle).unwrap();
        lines[i + 1].chars().nth(col).unwrap()
    };
    assert_eq!(line_of("locked"), 'U', "{text}");
    assert_eq!(line_of("starting"), 'I', "{text}");
}

#[test]
fn no_color_dialogs_and_rule_editor() {
    let cases: [(&str, Tab, &[Action]); 5] = [
        ("zone_picker", Tab::Servers, &[]),
        ("power_menu", Tab::Servers, &[]),
        ("delete_menu", Tab::Servers, &[]),
        ("help", Tab::Servers, &[]),
        ("rule_editor", Tab::SecurityGroups, &[]),
    ];
    for (name, tab, _) in cases {
        let mut state = on(no_color(), tab);
        match name {
            "zone_picker" => {
                app::update(&mut state, key('z'));
                app::update(&mut state, key('j'));
            }
            "power_menu" => {
                assert!(state.table_mut(tab).select_id(WEB));
                app::update(&mut state, key('p'));
                assert!(matches!(state.mode, Mode::PowerMenu(_)));
            }
            "delete_menu" => {
                assert!(state.table_mut(tab).select_id(DB));
                app::update(&mut state, key('d'));
            }
            "help" => {
                app::update(&mut state, key('?'));
            }
            _ => {
                assert!(state.table_mut(tab).select_id(SG_DEFAULT));
                app::update(&mut state, key('a'));
                assert!(
                    matches!(state.mode, Mode::RuleEditor(_)),
                    "{:?}",
                    state.status
                );
                app::update(&mut state, key('j'));
            }
        }
        let t = draw(&mut state, 100, 30);
        let buf = t.backend().buffer();
        assert_colourless(buf);
        let shown = layered(buf, false);
        if name != "help" {
            // The menu's or editor's own selected line is reversed too.
            let reversed = shown
                .lines()
                .filter(|l| l.starts_with("^ ") && l.contains('R'))
                .count();
            assert!(reversed >= 4, "{name}: {shown}");
        }
        insta::assert_snapshot!(format!("no_color_{name}_100x30"), shown);
    }
    // The confirmation after the delete menu.
    let mut state = on(no_color(), Tab::Volumes);
    assert!(state.table_mut(Tab::Volumes).select_id(SPARE));
    app::update(&mut state, key('d'));
    if matches!(state.mode, Mode::Choose(_)) {
        app::update(&mut state, code(KeyCode::Enter));
    }
    let t = draw(&mut state, 100, 30);
    assert_colourless(t.backend().buffer());
    insta::assert_snapshot!(
        "no_color_confirm_100x30",
        layered(t.backend().buffer(), false)
    );
}

#[test]
fn light_theme_screens() {
    for tab in [Tab::Servers, Tab::SecurityGroups] {
        let mut state = on(light(), tab);
        let t = draw(&mut state, 100, 30);
        insta::assert_snapshot!(
            format!("light_{}_100x30", tab.index() + 1),
            layered(t.backend().buffer(), true)
        );
    }
    let mut state = on(light(), Tab::Servers);
    app::update(&mut state, key('z'));
    let t = draw(&mut state, 100, 30);
    insta::assert_snapshot!(
        "light_zone_picker_100x30",
        layered(t.backend().buffer(), true)
    );
}
