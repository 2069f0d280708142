//! Shared set-up for the benches: a dashboard state loaded the way the app
//! loads it (effects performed by the real executor against an in-process
//! simulator, answers applied through `update`).
#![allow(clippy::unwrap_used, clippy::expect_used, dead_code)]

use std::collections::VecDeque;
use std::time::Instant;

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use scwdash::api::locality::ZoneScope;
use scwdash::api::{Client, ClientConfig, SecretKey};
use scwdash::app::{Action, Batch, Options, State, init, update};
use scwdash::exec;
use scwdash::sim::{self, SimConfig, SimHandle};

/// A running simulator with `fleet` generated servers and a client for it.
pub async fn simulator(fleet: usize) -> (SimHandle, Client) {
    let sim = sim::spawn(SimConfig {
        fleet: Some(fleet),
        ..SimConfig::fast()
    })
    .await
    .expect("simulator starts");
    let mut config = ClientConfig::new(SecretKey::new("bench"));
    config.api_url = sim.base_url();
    let client = Client::new(config).expect("client");
    (sim, client)
}

/// Performs `effects` (and whatever they lead to) until none are left;
/// returns the last servers batch seen, for refresh benches.
pub async fn settle(
    state: &mut State,
    client: &Client,
    effects: Vec<scwdash::app::Effect>,
) -> Option<Batch> {
    let mut queue: VecDeque<_> = effects.into();
    let mut servers = None;
    while let Some(effect) = queue.pop_front() {
        let Some(action) = exec::perform(client, effect).await else {
            continue;
        };
        if let Action::Fetched {
            batch: b @ Batch::Servers(_),
            ..
        } = &action
        {
            servers = Some(b.clone());
        }
        queue.extend(update(state, action));
    }
    servers
}

/// A dashboard loaded from a live in-process simulator, kept running so
/// benches can refresh against it.
pub struct Live {
    pub rt: tokio::runtime::Runtime,
    pub sim: SimHandle,
    pub client: Client,
    pub state: State,
    /// The servers batch the state was built from.
    pub batch: Batch,
}

/// A state showing the servers tab of a simulator with `fleet` servers in
/// `scope`, with every tab loaded, and the simulator still running.
pub fn live(fleet: usize, scope: ZoneScope) -> Live {
    let rt = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .expect("runtime");
    let (sim, client, state, batch) = rt.block_on(async {
        let (sim, client) = simulator(fleet).await;
        let mut state = State::new(Options {
            zone: scope,
            ..Options::default()
        });
        update(&mut state, Action::Tick(Instant::now()));
        let effects = init(&mut state);
        let batch = settle(&mut state, &client, effects)
            .await
            .expect("servers were fetched");
        (sim, client, state, batch)
    });
    Live {
        rt,
        sim,
        client,
        state,
        batch,
    }
}

/// Like [`live`], without the simulator once loaded.
pub fn loaded(fleet: usize, scope: ZoneScope) -> (State, Batch) {
    let l = live(fleet, scope);
    let _guard = l.rt.enter();
    l.sim.shutdown();
    (l.state, l.batch)
}

pub fn key(code: KeyCode) -> Action {
    Action::Key(KeyEvent::new(code, KeyModifiers::NONE))
}
