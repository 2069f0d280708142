//! The events view (`:events`) and a changed row's highlight: snapshots at
//! 80x24 and 160x48 of a timeline with every kind of change (and what
//! changed while away), the highlighted row in colour and under NO_COLOR,
//! and the header's "N changes since".
#![allow(clippy::unwrap_used)]

use crate::dash_common;
use crate::screen_common::screen;

use std::collections::HashMap;
use std::sync::Arc;
use std::time::{Duration, Instant};

use dash_common::*;
use ratatui::style::{Color, Modifier};
use ratatui::{Terminal, backend::TestBackend};
use scwdash::api::locality::Zone;
use scwdash::app::events::snapshot::Slice;
use scwdash::app::events::{self, Clock, Previous, Tracked};
use scwdash::app::{self, Action, Batch, Locality, Options, State, Tab};
use scwdash::theme::Theme;

const FR_PAR_1: Locality = Locality::Zone(Zone::FrPar1);
/// 2025-03-03 14:03 UTC.
const SAVED_AT: i64 = 1_741_010_580;

/// The last run saw db-1 named "db-old" (a "while away" rename).
fn previous() -> Previous {
    let facts = servers()
        .iter()
        .map(|s| {
            let mut f = s.fact();
            if s.id == DB {
                f.name = "db-old".into();
            }
            f
        })
        .collect();
    let slice = Slice {
        kind: Tab::Servers,
        at: FR_PAR_1,
        saved_at: SAVED_AT,
        facts,
    };
    Previous {
        slices: HashMap::from([((Tab::Servers, FR_PAR_1), Arc::new(slice))]),
        rules: HashMap::new(),
        clock: Clock {
            now: SAVED_AT + 3600,
            utc_offset: 0,
        },
    }
}

/// A dashboard that saw, over two minutes: web-1 stopping, the spare volume
/// attached to it and grown, a rule added, legacy-0 deleted, on top of the
/// rename found against the last run's snapshot.
fn timeline(theme: Theme) -> State {
    let t0 = Instant::now();
    let mut state = loaded(
        Options {
            profile: "default".into(),
            theme,
            events: events::Options {
                highlight: Duration::from_secs(4),
                previous: Some(Arc::new(previous())),
                ..Default::default()
            },
            ..Options::default()
        },
        t0,
    );
    let at = |state: &mut State, s: u64| {
        app::update(state, Action::Tick(t0 + Duration::from_secs(s)));
    };
    let rules_now = |state: &mut State, rules| {
        app::update(
            state,
            Action::Rules {
                group: SG_DEFAULT.into(),
                result: Ok(Arc::new(rules)),
            },
        );
    };
    rules_now(&mut state, rules());
    at(&mut state, 10);
    refresh_with(
        &mut state,
        servers_with(|s| {
            if s.id == WEB {
                s.state = "stopping".into();
            }
        }),
    );
    at(&mut state, 50);
    refresh_with(
        &mut state,
        volumes_with(|v| {
            if v.id == SPARE {
                v.server_id = Some(WEB.into());
                v.size = 100_000_000_000;
            }
        }),
    );
    at(&mut state, 100);
    let mut more = rules();
    let mut https = more[1].clone();
    https.id = "r9".into();
    https.dest_port_from = Some(8443);
    https.dest_port_to = None;
    more.push(https);
    rules_now(&mut state, more);
    at(&mut state, 125);
    let Batch::Servers(held_servers) = held(&state, Tab::Servers) else {
        panic!("servers");
    };
    let without_legacy = held_servers.into_iter().filter(|s| s.id != LOCKED);
    refresh_with(&mut state, Batch::Servers(without_legacy.collect()));
    at(&mut state, 130);
    state.tick = 0;
    state
}

fn on_events(theme: Theme) -> State {
    let mut state = timeline(theme);
    app::update(&mut state, key('6'));
    assert_eq!(state.tab, Tab::Events);
    state
}

#[test]
fn the_events_view_at_80x24_and_160x48() {
    let mut state = on_events(Theme::default());
    let small = screen(&mut state, 80, 24);
    insta::assert_snapshot!("events_80x24", small);
    let large = screen(&mut state, 160, 48);
    insta::assert_snapshot!("events_160x48", large);
    // Newest first: the deletion on top, the rename found against the last
    // run's snapshot at the bottom, marked "away".
    let rows: Vec<&str> = large
        .lines()
        .skip(3)
        .take_while(|l| !l.trim().is_empty() && !l.contains('─'))
        .collect();
    assert!(
        rows[0].contains("legacy-0") && rows[0].contains("deleted"),
        "{large}"
    );
    let last = rows.last().unwrap();
    assert!(
        last.contains("away") && last.contains("renamed db-old → db-1"),
        "{large}"
    );
}

#[test]
fn the_events_view_filters_by_word_and_kind() {
    let mut state = on_events(Theme::default());
    let shown = |state: &mut State, filter: &str| -> Vec<String> {
        app::update(state, code(crossterm::event::KeyCode::Esc));
        app::update(state, key('/'));
        for c in filter.chars() {
            app::update(state, key(c));
        }
        let table = state.current();
        table
            .window(0, table.shown())
            .map(|r| format!("{} {} {}", r.cell("kind"), r.cell("name"), r.cell("change")))
            .collect()
    };
    assert_eq!(
        shown(&mut state, "kind:volume"),
        [
            "volume spare-backup attached to server web-1",
            "volume spare-backup size 50 GB → 100 GB",
        ]
    );
    // A word: any cell (the change's words too).
    assert_eq!(
        shown(&mut state, "web"),
        [
            "volume spare-backup attached to server web-1",
            "server web-1 running → stopping",
        ]
    );
    assert_eq!(
        shown(&mut state, "!kind:server kind:sec*"),
        ["security group default rule added: inbound accept TCP 8443 from 0.0.0.0/0"]
    );
}

#[test]
fn enter_on_an_event_goes_to_its_resource() {
    let mut state = on_events(Theme::default());
    // The newest event: legacy-0 deleted; the next: the rule on default.
    app::update(&mut state, key('j'));
    let id = state.current().selected_id().unwrap().to_string();
    assert!(id.starts_with("event-"), "{id}");
    app::update(&mut state, code(crossterm::event::KeyCode::Enter));
    assert_eq!(state.tab, Tab::SecurityGroups);
    assert_eq!(state.current().selected_id(), Some(SG_DEFAULT));
}

/// The servers tab right after web-1 changed: its row highlighted.
fn highlighted(theme: Theme) -> (State, Terminal<TestBackend>) {
    let mut state = timeline(theme);
    app::update(&mut state, key('1'));
    let Batch::Servers(held_servers) = held(&state, Tab::Servers) else {
        panic!("servers");
    };
    let stopped = held_servers.into_iter().map(|s| {
        let mut s = (*s).clone();
        if s.id == WEB {
            s.state = "stopped".into();
        }
        Arc::new(s)
    });
    refresh_with(&mut state, Batch::Servers(stopped.collect()));
    let now = state.now;
    assert!(state.events.highlighted(WEB, now));
    app::update(
        &mut state,
        Action::Resize(scwdash::ui::layout::viewport(100, 30)),
    );
    let mut t = Terminal::new(TestBackend::new(100, 30)).unwrap();
    t.draw(|f| scwdash::ui::render(f, &state)).unwrap();
    (state, t)
}

/// The line of the row named `name`, and its y.
fn row_of(t: &Terminal<TestBackend>, name: &str) -> (u16, String) {
    let buf = t.backend().buffer();
    (0..buf.area.height)
        .map(|y| {
            let line: String = (0..buf.area.width)
                .map(|x| buf[(x, y)].symbol().to_string())
                .collect();
            (y, line)
        })
        .find(|(_, l)| l.contains(name) && !l.contains("refreshed"))
        .unwrap()
}

#[test]
fn a_changed_row_is_bold_and_marked_in_colour_and_without() {
    for (colour, file) in [
        (true, "highlighted_row_100x30"),
        (false, "highlighted_row_no_color_100x30"),
    ] {
        let theme = if colour {
            Theme::default()
        } else {
            Theme::default().without_colour()
        };
        let (state, t) = highlighted(theme);
        let (y, line) = row_of(&t, "Δweb-1");
        let buf = t.backend().buffer();
        let cell = &buf[(3, y)];
        assert!(cell.modifier.contains(Modifier::BOLD), "{line}");
        if colour {
            assert_eq!(cell.fg, state.theme.accent, "{line}");
        } else {
            assert_eq!(cell.fg, Color::Reset, "{line}");
        }
        // Another row is plain.
        let (y, _) = row_of(&t, "db-1");
        assert!(!buf[(3, y)].modifier.contains(Modifier::BOLD));
        insta::assert_snapshot!(file, format!("{:?}", buf));
    }
}

#[test]
fn the_highlight_ends_after_its_time() {
    let (mut state, _) = highlighted(Theme::default());
    let later = state.now.unwrap() + Duration::from_secs(5);
    app::update(&mut state, Action::Tick(later));
    let shown = screen(&mut state, 100, 30);
    assert!(!shown.contains("Δ"), "{shown}");
}

#[test]
fn the_header_says_what_changed_while_away_until_the_view_is_seen() {
    let mut state = timeline(Theme::default());
    let wide = screen(&mut state, 160, 48);
    let header = wide.lines().next().unwrap();
    assert!(header.contains("1 change since 14:03"), "{header}");
    // It gives way before the zone and the badges do.
    let narrow = screen(&mut state, 60, 20);
    let header = narrow.lines().next().unwrap().to_string();
    assert!(!header.contains("since"), "{header}");
    assert!(header.contains("fr-par-1"), "{header}");
    // Once the events view was looked at, it is gone.
    app::update(&mut state, key('6'));
    let now = state.now.unwrap();
    app::update(&mut state, Action::Tick(now + Duration::from_secs(1)));
    app::update(&mut state, key('1'));
    let wide = screen(&mut state, 160, 48);
    assert!(!wide.lines().next().unwrap().contains("since"), "{wide}");
}
