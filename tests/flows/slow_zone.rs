//! Slowloris: one zone whose every request hangs (a proxy in front of the
//! simulator accepts them and never answers). The other zones keep
//! refreshing on their own schedule, the fast polling of a server that is
//! starting still sees it come up, and the status line names the slow zone.
#![allow(clippy::unwrap_used)]

use std::time::{Duration, Instant};

use axum::body::{Body, to_bytes};
use axum::extract::{Request, State as AxState};
use axum::response::Response;
use scwdash::api::locality::{Zone, ZoneScope};
use scwdash::api::models::{ServerAction, ServerActionRequest, ServerState};
use scwdash::api::{Client, ClientConfig, SecretKey, instance};
use scwdash::app::{self, Action, Options, State};
use scwdash::event::Executor;
use scwdash::exec::ApiExecutor;
use scwdash::sim::{self, SimConfig};
use tokio::sync::mpsc::unbounded_channel;

const HUNG: &str = "/zones/fr-par-2/";

/// Forwards every request to the simulator at `upstream`, except those of
/// the hung zone, which are held open forever.
async fn proxy(AxState(upstream): AxState<String>, req: Request) -> Response {
    let path = req
        .uri()
        .path_and_query()
        .map(|p| p.to_string())
        .unwrap_or_default();
    if path.contains(HUNG) {
        std::future::pending::<()>().await;
    }
    let method = reqwest::Method::from_bytes(req.method().as_str().as_bytes()).unwrap();
    let mut out = reqwest::Client::new().request(method, format!("{upstream}{path}"));
    for (name, value) in req.headers() {
        if name.as_str() != "host" {
            out = out.header(name.as_str(), value.as_bytes());
        }
    }
    let body = to_bytes(req.into_body(), usize::MAX).await.unwrap();
    let answer = out.body(body.to_vec()).send().await.unwrap();
    let mut response = Response::builder().status(answer.status().as_u16());
    for (name, value) in answer.headers() {
        response = response.header(name.as_str(), value.as_bytes());
    }
    response
        .body(Body::from(answer.bytes().await.unwrap()))
        .unwrap()
}

async fn hanging_front(upstream: String) -> String {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let app = axum::Router::new().fallback(proxy).with_state(upstream);
    tokio::spawn(async move { axum::serve(listener, app).await });
    format!("http://{addr}")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_hung_zone_delays_only_itself() {
    let sim = sim::spawn(SimConfig {
        transition: Duration::from_secs(2),
        ..SimConfig::fast()
    })
    .await
    .unwrap();
    let mut config = ClientConfig::new(SecretKey::new("slow-zone-key"));
    config.api_url = hanging_front(sim.base_url()).await;
    // Longer than the test: only the scheduling can keep fr-par-1 fresh.
    config.timeout = Duration::from_secs(60);
    let client = Client::new(config).unwrap();
    let direct = {
        let mut c = ClientConfig::new(SecretKey::new("slow-zone-key"));
        c.api_url = sim.base_url();
        Client::new(c).unwrap()
    };
    let stopped = instance::list_servers(&direct, Zone::FrPar1, &Default::default())
        .await
        .unwrap()
        .into_iter()
        .find(|s| s.state == ServerState::Stopped)
        .expect("a stopped server in fr-par-1");

    // Started before the dashboard looks: it first sees it `starting`, and
    // only the fast polling of fr-par-1 shows it come up.
    let poweron = ServerActionRequest {
        action: ServerAction::Poweron,
        name: None,
        volumes: None,
        disable_ipv6: None,
    };
    instance::server_action(&direct, Zone::FrPar1, &stopped.id, &poweron)
        .await
        .unwrap();

    let mut state = State::new(Options {
        zone: ZoneScope::All,
        refresh_every: Duration::from_secs(60),
        fast_refresh: Duration::from_millis(200),
        ..Options::default()
    });
    let mut exec = ApiExecutor::new(client, Box::new(|_| Ok(())));
    let (tx, mut rx) = unbounded_channel();
    state.now = Some(Instant::now());
    for effect in app::init(&mut state) {
        exec.execute(effect, &tx);
    }
    let mut dispatch = |state: &mut State, action: Action| {
        for effect in app::update(state, action) {
            exec.execute(effect, &tx);
        }
    };
    let deadline = Instant::now() + Duration::from_secs(20);
    let (mut seen_starting, mut seen_running) = (false, false);
    while Instant::now() < deadline {
        if let Ok(Some(a)) = tokio::time::timeout(Duration::from_millis(20), rx.recv()).await {
            dispatch(&mut state, a);
        }
        while let Ok(a) = rx.try_recv() {
            dispatch(&mut state, a);
        }
        dispatch(&mut state, Action::Tick(Instant::now()));
        match state.inventory.servers.get(&stopped.id).map(|s| &s.state) {
            Some(ServerState::Starting) => seen_starting = true,
            Some(ServerState::Running) => seen_running = true,
            _ => {}
        }
        // fr-par-2 has been out long enough to count as slow.
        if seen_running && !state.slow_localities().is_empty() {
            break;
        }
    }
    let path = "/instance/v1/zones/fr-par-1/servers";
    assert!(seen_starting, "the first fetch already saw it running");
    assert!(
        seen_running,
        "fr-par-1 was listed {} times; the server never showed running",
        sim.requests_seen("GET", path)
    );
    let slow = state.slow_localities();
    assert!(
        slow.iter().any(|l| l.to_string() == "fr-par-2"),
        "slow: {slow:?}"
    );
    let line = scwdash::ui::status::slow_words(&state).unwrap_or_default();
    assert!(line.contains("fr-par-2"), "{line}");
    assert!(!line.contains("fr-par-1"), "{line}");
}
