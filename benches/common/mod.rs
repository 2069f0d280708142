//! Shared set-up for the benches: a dashboard state loaded the way the app
//! loads it (effects performed by the real executor against an in-process
//! simulator, answers applied through `update`).
#![allow(clippy::unwrap_used, clippy::expect_used, dead_code)]

use std::collections::VecDeque;
use std::time::{Duration, Instant};

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use scwdash::api::locality::ZoneScope;
use scwdash::api::{Client, ClientConfig, SecretKey};
use scwdash::app::{Action, Batch, Effect, Locality, Options, RequestId, State, Tab, init, update};
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
/// returns the last servers batch of each zone, for refresh benches (the
/// app fetches and applies each zone on its own).
pub async fn settle(
    state: &mut State,
    client: &Client,
    effects: Vec<scwdash::app::Effect>,
) -> Vec<(Locality, Batch)> {
    let mut queue: VecDeque<_> = effects.into();
    let mut servers: Vec<(Locality, Batch)> = Vec::new();
    while let Some(effect) = queue.pop_front() {
        let at = match &effect {
            Effect::Fetch {
                tab: Tab::Servers,
                at,
                ..
            } => Some(*at),
            _ => None,
        };
        let Some(action) = exec::perform(client, effect).await else {
            continue;
        };
        if let (Some(at), Action::Fetched { batch, .. }) = (at, &action) {
            servers.retain(|(l, _)| *l != at);
            servers.push((at, batch.clone()));
        }
        queue.extend(update(state, action));
    }
    servers
}

/// Answers every zone's servers slot with its batch, as one refresh does:
/// returns the time spent in `update`.
pub fn apply_servers(state: &mut State, batches: &[(Locality, Batch)], next: &mut u64) -> Duration {
    let mut total = Duration::ZERO;
    for (at, batch) in batches {
        *next += 1;
        let request = RequestId(*next);
        state.fetches.start(Tab::Servers, *at, request, None);
        let batch = batch.clone();
        let start = Instant::now();
        let effects = update(
            state,
            Action::Fetched {
                request,
                batch,
                errors: Vec::new(),
            },
        );
        total += start.elapsed();
        std::hint::black_box(effects);
    }
    total
}

/// A dashboard loaded from a live in-process simulator, kept running so
/// benches can refresh against it.
pub struct Live {
    pub rt: tokio::runtime::Runtime,
    pub sim: SimHandle,
    pub client: Client,
    pub state: State,
    /// The servers batch of each zone the state was built from.
    pub batches: Vec<(Locality, Batch)>,
}

/// A state showing the servers tab of a simulator with `fleet` servers in
/// `scope`, with every tab loaded, and the simulator still running.
pub fn live(fleet: usize, scope: ZoneScope) -> Live {
    let rt = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .expect("runtime");
    let (sim, client, state, batches) = rt.block_on(async {
        let (sim, client) = simulator(fleet).await;
        let mut state = State::new(Options {
            zone: scope,
            ..Options::default()
        });
        update(&mut state, Action::Tick(Instant::now()));
        let effects = init(&mut state);
        let batches = settle(&mut state, &client, effects).await;
        assert!(!batches.is_empty(), "servers were fetched");
        (sim, client, state, batches)
    });
    Live {
        rt,
        sim,
        client,
        state,
        batches,
    }
}

/// Like [`live`], without the simulator once loaded.
pub fn loaded(fleet: usize, scope: ZoneScope) -> (State, Vec<(Locality, Batch)>) {
    let l = live(fleet, scope);
    let _guard = l.rt.enter();
    l.sim.shutdown();
    (l.state, l.batches)
}

pub fn key(code: KeyCode) -> Action {
    Action::Key(KeyEvent::new(code, KeyModifiers::NONE))
}
