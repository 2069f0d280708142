//! Whole-screen snapshots (TestBackend + insta) and the colours that carry meaning.
// Test helpers, like the tests, panic on failure.
#![allow(clippy::unwrap_used)]

use crate::dash_common;

use std::borrow::Cow;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Instant;

use crossterm::event::KeyCode;
use dash_common::*;
use ratatui::{Terminal, backend::TestBackend, buffer::Buffer, style::Color};
use scwdash::api::locality::Zone;
use scwdash::app::{
    self, Action, Batch, Effect, Locality, MissingCredentials, Options, Screen, State, Tab,
    TableRow, UserError,
};
use scwdash::ui;

fn draw(state: &mut State, w: u16, h: u16) -> Terminal<TestBackend> {
    app::update(state, Action::Resize(scwdash::ui::layout::viewport(w, h)));
    let mut terminal = Terminal::new(TestBackend::new(w, h)).unwrap();
    terminal.draw(|f| ui::render(f, state)).unwrap();
    terminal
}

/// The sample fleet in the demo, on worker-1 (stopped, the last by name).
fn demo_state() -> State {
    let mut s = loaded(
        Options {
            demo: true,
            profile: "default".into(),
            ..Options::default()
        },
        Instant::now(),
    );
    app::update(&mut s, key('G'));
    s
}

/// Finds the first cell where `text` starts on the screen.
fn find(buf: &Buffer, text: &str) -> (u16, u16) {
    let area = buf.area;
    for y in 0..area.height {
        let line: String = (0..area.width)
            .map(|x| buf[(x, y)].symbol().to_string())
            .collect();
        if let Some(byte) = line.find(text) {
            let x = line[..byte].chars().count() as u16;
            return (x, y);
        }
    }
    panic!("{text:?} not on screen");
}

#[test]
fn main_screen_80x24() {
    let mut s = demo_state();
    let t = draw(&mut s, 80, 24);
    insta::assert_snapshot!(t.backend());
}

#[test]
fn main_screen_160x48() {
    let mut s = demo_state();
    s.locality_errors
        .insert(Locality::Zone(Zone::NlAms2), UserError::new("timeout"));
    s.status.last_error = Some(UserError {
        message: "server should be stopped".into(),
        fields: vec!["state".into()],
    });
    let t = draw(&mut s, 160, 48);
    insta::assert_snapshot!(t.backend());
}

#[test]
fn filter_mode_with_read_only_and_paused_badges() {
    let mut s = loaded(
        Options {
            read_only: true,
            ..Options::default()
        },
        Instant::now(),
    );
    app::update(&mut s, key('P'));
    app::update(&mut s, key('/'));
    app::update(&mut s, key('w'));
    let t = draw(&mut s, 80, 24);
    insta::assert_snapshot!(t.backend());
}

#[test]
fn help_overlay() {
    let mut s = demo_state();
    app::update(&mut s, key('?'));
    let t = draw(&mut s, 160, 48);
    insta::assert_snapshot!(t.backend());
}

#[test]
fn help_overlay_80x24() {
    let mut s = demo_state();
    app::update(&mut s, key('?'));
    let t = draw(&mut s, 80, 24);
    insta::assert_snapshot!(t.backend());
    // Nothing of the table shows beside the popup.
    let buf = t.backend().buffer();
    for y in 1..23 {
        for x in [0, 1, 78, 79] {
            assert_eq!(buf[(x, y)].symbol(), " ", "({x}, {y})");
        }
    }
}

#[test]
fn confirm_dialog_is_red_and_defaults_to_no() {
    let mut s = demo_state();
    // The server's menu starts on deleting it (stopped: it can be).
    app::update(&mut s, key('d'));
    app::update(&mut s, code(KeyCode::Enter));
    let t = draw(&mut s, 80, 24);
    insta::assert_snapshot!(t.backend());
    let buf = t.backend().buffer();
    let (x, y) = find(buf, "Confirm (destructive)");
    assert_eq!(buf[(x, y)].fg, s.theme.destructive);
    assert_ne!(s.theme.destructive, Color::Reset);
    let (x, y) = find(buf, "Delete server worker-1 in fr-par-1?");
    let _ = (x, y);
}

#[test]
fn power_menu() {
    let mut s = demo_state();
    app::update(&mut s, key('k'));
    app::update(&mut s, key('p'));
    let t = draw(&mut s, 80, 24);
    insta::assert_snapshot!(t.backend());
}

#[test]
fn zone_picker() {
    let mut s = demo_state();
    s.locality_errors.insert(
        Locality::Region(scwdash::api::locality::Region::PlWaw),
        UserError::new("503 from the VPC API"),
    );
    app::update(&mut s, key('z'));
    app::update(&mut s, key('j'));
    let t = draw(&mut s, 80, 24);
    insta::assert_snapshot!(t.backend());
}

#[test]
fn a_row_with_an_action_in_flight_shows_it() {
    let mut s = demo_state();
    app::update(&mut s, key('p')); // worker-1 is stopped: power on runs at once
    app::update(&mut s, code(KeyCode::Enter));
    let t = draw(&mut s, 80, 24);
    let buf = t.backend().buffer();
    let (x, y) = find(buf, "starting…");
    assert_eq!(buf[(x, y)].fg, s.theme.transitional);
    assert!(format!("{}", t.backend()).contains("Power on server worker-1 in fr-par-1"));
}

#[test]
fn raw_json_view() {
    let mut s = demo_state();
    let json = s.current().selected().unwrap().raw_json();
    let effects = app::update(&mut s, key('y'));
    let [Effect::FetchRaw { title, .. }] = &effects[..] else {
        panic!("{effects:?}")
    };
    let result = Ok(json);
    let title = title.clone();
    app::update(&mut s, Action::Raw { title, result });
    app::update(&mut s, key('j'));
    let t = draw(&mut s, 80, 24);
    insta::assert_snapshot!(t.backend());
}

#[test]
fn missing_credentials_screen() {
    let mut s = State::new(Options::default());
    s.screen = Screen::MissingCredentials(MissingCredentials {
        missing: vec![
            "access key (SCW_ACCESS_KEY, or access_key in the profile)".into(),
            "secret key (SCW_SECRET_KEY, or secret_key in the profile)".into(),
        ],
        searched: vec![
            "$SCW_CONFIG_PATH (not set)".into(),
            "/home/me/.config/scw/config.yaml (not found)".into(),
        ],
        profile: "default".into(),
    });
    let t = draw(&mut s, 80, 24);
    insta::assert_snapshot!(t.backend());
}

#[test]
fn state_cells_carry_their_colour() {
    let mut s = demo_state();
    let t = draw(&mut s, 160, 48);
    let buf = t.backend().buffer();
    let theme = &s.theme;
    for (text, color) in [
        ("running", theme.running),
        ("stopped", theme.stopped),
        ("starting", theme.transitional),
        ("locked", theme.error),
    ] {
        let (x, y) = find(buf, text);
        assert_eq!(buf[(x, y)].fg, color, "{text}");
    }
    assert_eq!(theme.running, Color::Indexed(77));
    // The spinner precedes a transitional state, in the same colour.
    let (x, y) = find(buf, "starting");
    assert_eq!(buf[(x - 2, y)].fg, theme.transitional);
    assert!("◐◓◑◒".contains(buf[(x - 2, y)].symbol()));
    // The selected row is highlighted.
    let (x, y) = find(buf, ">worker-1");
    assert_eq!(buf[(x + 1, y)].bg, theme.selected_bg);
}

#[test]
fn tests_render_the_theme_users_get() {
    // What the dashboard builds when the user's file names no colour.
    let settings =
        scwdash::settings::DashboardSettings::from_toml(std::path::Path::new("empty.toml"), "")
            .unwrap();
    let users =
        scwdash::theme::Theme::from_settings(&settings.theme, scwdash::settings::Background::Dark)
            .unwrap();
    assert_eq!(demo_state().theme, users);
    // As assets/config.toml writes them ([theme.dark]).
    assert_eq!(users.stopped, Color::Indexed(250));
    assert_eq!(users.selected_bg, Color::Indexed(237));
}

#[test]
fn spinner_advances_with_ticks() {
    let mut s = demo_state();
    let before = s.spinner();
    app::update(&mut s, Action::Tick(Instant::now()));
    assert_ne!(s.spinner(), before);
}

/// Counts `cell` calls so the test can see how many rows rendering touched.
struct Counting {
    id: String,
    calls: Arc<AtomicUsize>,
}

impl TableRow for Counting {
    fn id(&self) -> &str {
        &self.id
    }
    fn name(&self) -> Cow<'_, str> {
        Cow::Borrowed(&self.id)
    }
    fn cell(&self, _column: &str) -> Cow<'_, str> {
        self.calls.fetch_add(1, Ordering::Relaxed);
        Cow::Borrowed(&self.id)
    }
}

#[test]
fn rendering_touches_only_visible_rows() {
    let calls = Arc::new(AtomicUsize::new(0));
    let mut s = State::new(Options::default());
    app::update(
        &mut s,
        Action::Resize(scwdash::ui::layout::viewport(80, 24)),
    );
    let reqs = fetches(&app::init(&mut s));
    let rows: Vec<app::RowRef> = (0..10_000)
        .map(|i| {
            Arc::new(Counting {
                id: format!("srv-{i:05}"),
                calls: calls.clone(),
            }) as app::RowRef
        })
        .collect();
    // Rows of a counting kind, set on the table directly: what is measured
    // is the rendering, not how rows arrive.
    assert_eq!(reqs[0].1, Tab::Servers);
    s.table_mut(Tab::Servers).set_rows(rows);
    app::update(&mut s, code(KeyCode::PageDown));
    calls.store(0, Ordering::Relaxed);
    let t = draw(&mut s, 80, 24);
    let touched = calls.load(Ordering::Relaxed);
    let page = s.current().page();
    // One call per cell shown: the page's rows times the columns.
    let columns = s.current().columns().len();
    assert!(
        touched <= page * columns,
        "{touched} cell calls for a {page}-row page of {columns} columns"
    );
    assert!(format!("{}", t.backend()).contains("srv-00013"));
}

/// A server named by a hostile API: its escapes show as text in the table and
/// the details, and nothing a terminal obeys reaches the buffer (ratatui alone
/// drops C0/C1 but passes bidi overrides and zero-width characters).
#[test]
fn hostile_names_are_shown_escaped_everywhere() {
    let name = "evil\u{1b}]0;pwned\u{7}\u{202e}gpj.exe\u{200b}";
    let mut state = State::new(Options::default());
    app::update(
        &mut state,
        Action::Resize(scwdash::ui::layout::viewport(140, 30)),
    );
    app::update(&mut state, Action::Tick(Instant::now()));
    for (request, tab) in fetches(&app::init(&mut state)) {
        if tab == Tab::Servers {
            let hostile = plain_server("srv-1", name, "running", "fr-par-1");
            app::update(&mut state, fetched(request, Batch::Servers(vec![hostile])));
        }
    }
    state.status.warning = Some("plain http to \u{1b}[2Jhost".into());
    let terminal = draw(&mut state, 140, 30);
    let buf = terminal.backend().buffer();
    let screen: String = buf.content().iter().map(|c| c.symbol()).collect();
    let bad: Vec<(usize, char)> = screen
        .chars()
        .enumerate()
        .filter(|(_, c)| scwdash::text::is_dangerous(*c))
        .collect();
    assert!(
        bad.is_empty(),
        "reached the screen: {bad:?} (width {})",
        buf.area.width
    );
    find(buf, "evil\\e]0;pwned\\u{7}\\u{202e}gpj.exe");
    find(buf, "plain http to \\e[2Jhost");
    // Menu titles name the resource too (one popup draws every menu).
    app::update(&mut state, key('p'));
    let terminal = draw(&mut state, 140, 30);
    find(terminal.backend().buffer(), "Power: evil\\e]0;pwned\\u{7}");
}

#[test]
fn the_profile_name_is_shown_with_visible_escapes() {
    // The profile name comes from a file: ratatui would drop its ESC and bidi
    // override silently, hiding them; the header shows them escaped instead.
    let mut state = State::new(Options {
        profile: "p\u{1b}]52;c;aGk=\u{7}\u{202e}x".into(),
        ..Options::default()
    });
    app::update(
        &mut state,
        Action::Resize(scwdash::ui::layout::viewport(100, 30)),
    );
    let terminal = draw(&mut state, 100, 30);
    find(
        terminal.backend().buffer(),
        "profile:p\\e]52;c;aGk=\\u{7}\\u{202e}x",
    );
}
