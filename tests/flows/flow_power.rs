//! End to end: the simulator in-process, the real client and executor, the
//! pure update and the renderer. Select a running server, power it off
//! through the menu and the confirmation, and watch the row go `stopping`
//! then `stopped`; the simulator agrees at the end.
#![allow(clippy::unwrap_used)]

use std::time::{Duration, Instant};

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::{Terminal, backend::TestBackend};
use scwdash::api::locality::{Zone, ZoneScope};
use scwdash::api::{Client, ClientConfig, SecretKey};
use scwdash::app::{self, Action, Effect, Mode, Options, State, Tab};
use scwdash::event::Executor;
use scwdash::exec::ApiExecutor;
use scwdash::sim::{self, SimConfig};
use scwdash::theme::RowClass;
use scwdash::ui;
use tokio::sync::mpsc::{UnboundedReceiver, UnboundedSender, unbounded_channel};

struct Harness {
    state: State,
    exec: ApiExecutor,
    tx: UnboundedSender<Action>,
    rx: UnboundedReceiver<Action>,
    terminal: Terminal<TestBackend>,
}

impl Harness {
    fn dispatch(&mut self, action: Action) {
        for effect in app::update(&mut self.state, action) {
            self.run(effect);
        }
    }

    fn run(&mut self, effect: Effect) {
        self.exec.execute(effect, &self.tx);
    }

    fn key(&mut self, code: KeyCode) {
        self.dispatch(Action::Key(KeyEvent::new(code, KeyModifiers::NONE)));
    }

    fn screen(&mut self) -> String {
        self.terminal.draw(|f| ui::render(f, &self.state)).unwrap();
        let buf = self.terminal.backend().buffer();
        let area = buf.area;
        (0..area.height)
            .map(|y| {
                (0..area.width)
                    .map(|x| buf[(x, y)].symbol().to_string())
                    .collect::<String>()
                    + "\n"
            })
            .collect()
    }

    /// Feeds results and ticks through update until `done(screen)`.
    async fn pump_until(&mut self, what: &str, done: impl Fn(&str) -> bool) -> String {
        let deadline = Instant::now() + Duration::from_secs(20);
        loop {
            if let Ok(Some(a)) =
                tokio::time::timeout(Duration::from_millis(20), self.rx.recv()).await
            {
                self.dispatch(a);
            }
            while let Ok(a) = self.rx.try_recv() {
                self.dispatch(a);
            }
            self.dispatch(Action::Tick(Instant::now()));
            let screen = self.screen();
            if done(&screen) {
                return screen;
            }
            assert!(
                Instant::now() < deadline,
                "timed out waiting for {what}:\n{screen}"
            );
        }
    }
}

/// The screen line of the row named `name` (the table, not the details).
fn row_line<'a>(screen: &'a str, name: &str) -> Option<&'a str> {
    screen.lines().find(|l| {
        l.get(1..)
            .is_some_and(|rest| rest.starts_with(&format!("{name} ")))
    })
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn power_off_shows_stopping_then_stopped() {
    let sim = sim::spawn(SimConfig {
        transition: Duration::from_millis(300),
        ..SimConfig::fast()
    })
    .await
    .unwrap();
    let mut config = ClientConfig::new(SecretKey::new("flow-test-key"));
    config.api_url = sim.base_url();
    let client = Client::new(config).unwrap();
    let (tx, rx) = unbounded_channel();
    let mut h = Harness {
        state: State::new(Options {
            zone: ZoneScope::One(Zone::FrPar1),
            refresh_every: Duration::from_secs(5),
            fast_refresh: Duration::from_millis(100),
            ..Options::default()
        }),
        exec: ApiExecutor::new(client.clone(), Box::new(|_| Ok(()))),
        tx,
        rx,
        terminal: Terminal::new(TestBackend::new(160, 48)).unwrap(),
    };
    h.dispatch(Action::Resize(scwdash::ui::layout::viewport(160, 48)));
    h.dispatch(Action::Tick(Instant::now()));
    for effect in app::init(&mut h.state) {
        h.run(effect);
    }
    // Wait for the first load of every tab.
    let deadline = Instant::now() + Duration::from_secs(20);
    while !h.state.tables.iter().all(|t| t.is_loaded()) {
        h.pump_until("a result", |_| true).await;
        assert!(Instant::now() < deadline, "tabs never loaded");
    }

    // A running server that can be powered off.
    let target = h
        .state
        .table(Tab::Servers)
        .rows()
        .find(|r| r.class() == RowClass::Ok && r.power_actions().iter().any(|a| a == "poweroff"))
        .cloned()
        .expect("the demo fleet has a running server in fr-par-1");
    let (id, name) = (target.id().to_string(), target.name().into_owned());
    assert!(h.state.table_mut(Tab::Servers).select_id(&id));

    h.key(KeyCode::Char('p'));
    let Mode::PowerMenu(menu) = &h.state.mode else {
        panic!("no power menu: {:?}", h.state.mode)
    };
    let steps = menu.actions.iter().position(|a| a == "poweroff").unwrap();
    for _ in 0..steps {
        h.key(KeyCode::Char('j'));
    }
    h.key(KeyCode::Enter);
    let screen = h.screen();
    assert!(
        screen.contains(&format!("Power off server {name} in fr-par-1?")),
        "{screen}"
    );
    h.key(KeyCode::Char('y'));

    let stopping = h
        .pump_until("stopping", |s| {
            row_line(s, &name).is_some_and(|l| l.contains("stopping"))
        })
        .await;
    assert!(stopping.contains("Power off server"), "{stopping}");
    let stopped = h
        .pump_until("stopped", |s| {
            row_line(s, &name).is_some_and(|l| l.contains("stopped") && !l.contains("stopping"))
        })
        .await;
    assert!(row_line(&stopped, &name).is_some());

    // `y` shows the exact API object, fetched from the simulator.
    h.key(KeyCode::Char('y'));
    let raw = h
        .pump_until("the raw JSON", |s| s.contains("\"commercial_type\""))
        .await;
    assert!(raw.contains("(raw JSON)"), "{raw}");
    assert!(raw.contains(&id[..8]), "{raw}");
    h.key(KeyCode::Esc);

    // The simulator agrees.
    let raw = client
        .get_raw(&format!("/instance/v1/zones/fr-par-1/servers/{id}"))
        .await
        .unwrap();
    assert_eq!(raw["server"]["state"], "stopped");
    sim.shutdown();
}
