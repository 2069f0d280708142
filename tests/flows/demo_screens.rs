//! The demo fleet as a user first sees it: every tab under one zone and under
//! "all" at the four terminal sizes people use (80x24, 100x30, 160x48,
//! 200x60), and the details of every kind, the longest ones included
//! (prod-backend lists 9 servers, "Default security group" of fr-par-1 is
//! used by 8). Loaded through the real executor and client from the
//! simulator, so what is on screen is what the API said.
//!
//! The simulator's steps are an hour long (no state moves while the test
//! runs); creation dates and spinner frames are masked, the rest is exact.

use std::time::{Duration, Instant};

use crossterm::event::KeyCode;
use scwdash::api::locality::{Zone, ZoneScope};
use scwdash::api::{Client, ClientConfig, SecretKey};
use scwdash::app::clock::WallClock;
use scwdash::app::{self, Action, Options, State, Tab};
use scwdash::event::Executor;
use scwdash::exec::ApiExecutor;
use scwdash::sim::{self, SimConfig};
use tokio::sync::mpsc::unbounded_channel;

use crate::screen_common::screen;

const SIZES: [(u16, u16); 4] = [(80, 24), (100, 30), (160, 48), (200, 60)];

/// The dashboard on a fresh demo simulator: the real executor runs every
/// effect, so what a key asks for (a group's rules, say) arrives too.
pub(crate) struct Demo {
    pub(crate) state: State,
    exec: ApiExecutor,
    tx: tokio::sync::mpsc::UnboundedSender<Action>,
    rx: tokio::sync::mpsc::UnboundedReceiver<Action>,
    _sim: sim::SimHandle,
}

impl Demo {
    pub(crate) async fn loaded(zone: ZoneScope) -> Demo {
        let sim = sim::spawn(SimConfig {
            transition: Duration::from_secs(3600),
            ..SimConfig::default()
        })
        .await
        .unwrap();
        let mut config = ClientConfig::new(SecretKey::new("demo-screens-key"));
        config.api_url = sim.base_url();
        let client = Client::new(config).unwrap();
        // A fixed day, so "stopped for N days" reads the same every run.
        let clock = WallClock {
            at: Instant::now(),
            utc: chrono::DateTime::parse_from_rfc3339("2026-03-02T09:00:00Z")
                .unwrap()
                .to_utc(),
        };
        let mut state = State::new(Options {
            zone,
            refresh_every: Duration::from_secs(3600),
            fast_refresh: Duration::from_secs(3600),
            clock: Some(clock),
            ..Options::default()
        });
        let exec = ApiExecutor::new(client, Box::new(|_| Ok(())));
        let (tx, rx) = unbounded_channel();
        state.now = Some(Instant::now());
        let effects = app::init(&mut state);
        let mut demo = Demo {
            state,
            exec,
            tx,
            rx,
            _sim: sim,
        };
        for effect in effects {
            demo.exec.execute(effect, &demo.tx);
        }
        demo.settle().await;
        for tab in Tab::ALL {
            assert!(demo.state.table(tab).is_loaded(), "{tab:?} never loaded");
        }
        demo
    }

    /// Applies answers until none has come for a while (background fetches,
    /// such as rules and addresses, come after the lists).
    async fn settle(&mut self) {
        let deadline = Instant::now() + Duration::from_secs(30);
        let mut quiet_since = Instant::now();
        while Instant::now() < deadline {
            match tokio::time::timeout(Duration::from_millis(50), self.rx.recv()).await {
                Ok(Some(action)) => {
                    self.dispatch(action);
                    quiet_since = Instant::now();
                }
                _ => {
                    let loaded = Tab::ALL.iter().all(|t| self.state.table(*t).is_loaded());
                    if loaded && quiet_since.elapsed() > Duration::from_millis(400) {
                        return;
                    }
                }
            }
        }
    }

    fn dispatch(&mut self, action: Action) {
        for effect in app::update(&mut self.state, action) {
            self.exec.execute(effect, &self.tx);
        }
    }

    pub(crate) async fn press(&mut self, action: Action) {
        self.dispatch(action);
        self.settle().await;
    }

    pub(crate) async fn filter_to(&mut self, text: &str) {
        self.dispatch(key('/'));
        for c in text.chars() {
            self.dispatch(key(c));
        }
        self.press(code(KeyCode::Enter)).await;
        self.press(key('g')).await;
    }
}

pub(crate) fn key(c: char) -> Action {
    scwdash::app::Action::Key(crossterm::event::KeyEvent::from(KeyCode::Char(c)))
}

pub(crate) fn code(code: KeyCode) -> Action {
    scwdash::app::Action::Key(crossterm::event::KeyEvent::from(code))
}

/// Dates, times and spinner frames differ from run to run; nothing else may.
/// Masked in place, keeping every width.
pub(crate) fn masked(screen: &str) -> String {
    let mut chars: Vec<char> = screen.chars().collect();
    let digit = |c: &char| c.is_ascii_digit();
    let shape = |at: &[char], pattern: &str| {
        at.len() >= pattern.len()
            && pattern
                .chars()
                .zip(at)
                .all(|(p, c)| if p == 'd' { digit(c) } else { p == *c })
    };
    let mut i = 0;
    while i < chars.len() {
        if shape(&chars[i..], "dddd-dd-dd") {
            let mut end = i + 10;
            if end < chars.len()
                && matches!(chars[end], ' ' | 'T')
                && shape(&chars[end + 1..], "dd:dd")
            {
                end += 6;
                if shape(&chars[end..], ":dd") {
                    end += 3;
                }
            }
            for c in &mut chars[i..end] {
                if c.is_ascii_digit() {
                    *c = '#';
                }
            }
            i = end;
        } else {
            if matches!(chars[i], '◐' | '◓' | '◑' | '◒') {
                chars[i] = '◐';
            }
            i += 1;
        }
    }
    chars.into_iter().collect()
}

macro_rules! snapshot {
    ($name:expr, $screen:expr) => {
        insta::assert_snapshot!($name, masked(&$screen))
    };
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_tab_at_every_size_under_one_zone_and_all() {
    for (scope, label) in [
        (ZoneScope::One(Zone::FrPar1), "fr_par_1"),
        (ZoneScope::All, "all"),
    ] {
        let mut demo = Demo::loaded(scope).await;
        for (n, tab) in Tab::ALL.iter().enumerate() {
            demo.press(key(char::from(b'1' + n as u8))).await;
            demo.press(key('g')).await;
            assert_eq!(demo.state.tab, *tab);
            for size in SIZES {
                let name = format!("{label}_{}_{}x{}", n + 1, size.0, size.1);
                snapshot!(name, screen(&mut demo.state, size.0, size.1));
            }
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_details_of_every_kind_full_screen() {
    let mut demo = Demo::loaded(ZoneScope::All).await;
    // (tab key, filter, snapshot name): the longest of each kind. The filter
    // leaves the wanted row first (ties sort by zone: fr-par-1's group).
    let cases = [
        ('1', "api-gateway", "server_api_gateway"),
        ('2', "db-primary-data", "volume_db_primary_data"),
        (
            '3',
            "Default security group",
            "security_group_default_fr_par_1",
        ),
        ('4', "prod-backend", "private_network_prod_backend"),
        ('5', "prod", "vpc_prod"),
    ];
    for (tab, filter, name) in cases {
        demo.press(key(tab)).await;
        demo.filter_to(filter).await;
        let selected = demo.state.current().selected().map(|r| r.id().to_string());
        assert!(selected.is_some(), "{filter}: nothing selected");
        demo.press(key('f')).await;
        snapshot!(name, screen(&mut demo.state, 100, 30));
        demo.press(code(KeyCode::Esc)).await;
        demo.press(code(KeyCode::Esc)).await;
    }
}

/// Volumes under "all" at 80x24, by size, on the last page: "31-43 of 43"
/// did not fit after TAGS, and hiding that empty column made the note
/// longer ("+1 hidden · …"), which hid IOPS too while the rows had 15
/// columns free. The note now takes its short form ("31-43/43") rather
/// than cost a column.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_header_note_never_costs_a_column() {
    let mut demo = Demo::loaded(ZoneScope::All).await;
    demo.press(key('2')).await;
    demo.press(key('o')).await;
    demo.press(key('o')).await;
    demo.press(key('G')).await;
    let screen = screen(&mut demo.state, 80, 24);
    let header = screen.lines().nth(2).unwrap_or_default().to_string();
    assert!(header.contains("SIZE▲"), "{screen}");
    assert!(
        header.contains("IOPS") && header.contains("TAGS"),
        "{screen}"
    );
    assert!(header.ends_with(" 31-43/43"), "{screen}");
}
