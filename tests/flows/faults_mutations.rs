//! Mutations whose answer is lost: the simulator applies a power action or a
//! creation and then cuts the connection (`drop_response_after_apply`). The
//! client must not send the POST again (the simulator sees exactly one), the
//! user is told the outcome is unknown, and the next refresh shows what
//! really happened. A lost answer to a GET, by contrast, is simply retried.
#![allow(clippy::unwrap_used)]

use std::time::{Duration, Instant};

use scwdash::api::locality::{Zone, ZoneScope};
use scwdash::api::models::{CreateVolumeRequest, FromEmpty, ServerState};
use scwdash::api::{Client, ClientConfig, RetryPolicy, SecretKey, block, instance};
use scwdash::app::forms::FormSubmit;
use scwdash::app::{self, Action, Effect, Locality, Options, PendingAction, State, Tab, Verb};
use scwdash::exec;
use scwdash::sim::faults::{DropAfterApply, FaultKnobs};
use scwdash::sim::{self, SimConfig, SimHandle};

const ZONE: Zone = Zone::FrPar1;
const PROJECT: &str = "00000000-0000-4000-8000-000000000000";

async fn start() -> (SimHandle, Client) {
    let sim = sim::spawn(SimConfig {
        transition: Duration::from_millis(200),
        ..SimConfig::fast()
    })
    .await
    .unwrap();
    let mut config = ClientConfig::new(SecretKey::new("faults-test-key"));
    config.api_url = sim.base_url();
    // Quick retries, so a wrongly retried POST would show up fast.
    config.retry = RetryPolicy {
        max_attempts: 4,
        base_delay: Duration::from_millis(10),
        max_delay: Duration::from_millis(50),
    };
    (sim, Client::new(config).unwrap())
}

fn cut_next(method: &str, path_suffix: &str) -> FaultKnobs {
    FaultKnobs {
        drop_response_after_apply: Some(DropAfterApply {
            method: method.into(),
            path_suffix: path_suffix.into(),
            times: 1,
        }),
        ..FaultKnobs::default()
    }
}

/// Performs the effects one by one and feeds their answers to `update`,
/// until nothing is left to do.
async fn settle(state: &mut State, client: &Client, effects: Vec<Effect>) {
    let mut queue = effects;
    while let Some(effect) = queue.pop() {
        if let Some(action) = exec::perform(client, effect).await {
            queue.extend(app::update(state, action));
        }
    }
}

async fn loaded_state(client: &Client) -> State {
    let mut state = State::new(Options {
        zone: ZoneScope::One(ZONE),
        ..Options::default()
    });
    state.now = Some(Instant::now());
    let effects = app::init(&mut state);
    settle(&mut state, client, effects).await;
    assert!(
        state.tables.iter().all(|t| t.is_loaded()),
        "tabs not loaded"
    );
    state
}

fn last_error(state: &State) -> String {
    state
        .status
        .last_error
        .as_ref()
        .map(|e| e.message.clone())
        .unwrap_or_default()
}

#[tokio::test]
async fn lost_power_action_is_sent_once_and_reported_unknown() {
    let (sim, client) = start().await;
    let mut state = loaded_state(&client).await;
    let server = state
        .inventory
        .servers
        .values()
        .find(|s| s.state == ServerState::Running)
        .cloned()
        .expect("a running server in fr-par-1");

    sim.set_faults(cut_next("POST", "/action"));
    let action = PendingAction {
        verb: Verb::Power("poweroff".into()),
        tab: Tab::Servers,
        id: server.id.to_string(),
        name: server.name.to_string(),
        locality: Some(Locality::Zone(ZONE)),
    };
    let done = exec::perform(&client, Effect::Run(action)).await.unwrap();
    let Action::Done { result, .. } = &done else {
        panic!("not a Done: {done:?}");
    };
    let message = result
        .as_ref()
        .expect_err("the answer was cut")
        .message
        .clone();
    assert!(message.contains("outcome unknown"), "{message}");

    let path = format!("/instance/v1/zones/{ZONE}/servers/{}/action", server.id);
    assert_eq!(sim.requests_seen("POST", &path), 1, "the POST was resent");

    // The status line says so, and the refresh that follows shows the truth.
    let effects = app::update(&mut state, done);
    assert!(last_error(&state).contains("outcome unknown"));
    settle(&mut state, &client, effects).await;
    let now = &state.inventory.servers[&server.id];
    assert!(
        matches!(now.state, ServerState::Stopping | ServerState::Stopped),
        "after the refresh the server is {:?}",
        now.state
    );
    assert!(last_error(&state).contains("outcome unknown"));
    // Exactly one action was applied: the server ends stopped, not toggled back.
    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        let s = instance::get_server(&client, ZONE, &server.id)
            .await
            .unwrap();
        if s.state == ServerState::Stopped {
            break;
        }
        assert!(Instant::now() < deadline, "never stopped: {:?}", s.state);
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    assert_eq!(sim.requests_seen("POST", &path), 1);
}

#[tokio::test]
async fn lost_volume_creation_is_sent_once_and_exists_once() {
    let (sim, client) = start().await;
    let mut state = loaded_state(&client).await;
    let name = "lost-answer-volume";
    sim.set_faults(cut_next("POST", "/volumes"));
    let submit = FormSubmit::CreateVolume {
        zone: ZONE,
        request: CreateVolumeRequest {
            name: name.into(),
            project_id: PROJECT.into(),
            from_empty: Some(FromEmpty {
                size: 10_000_000_000,
            }),
            ..Default::default()
        },
    };
    let submitted = exec::perform(&client, Effect::Submit(submit))
        .await
        .unwrap();
    let Action::Submitted { result, .. } = &submitted else {
        panic!("not a Submitted: {submitted:?}");
    };
    let message = result
        .as_ref()
        .expect_err("the answer was cut")
        .message
        .clone();
    assert!(message.contains("outcome unknown"), "{message}");
    let path = format!("/block/v1/zones/{ZONE}/volumes");
    assert_eq!(sim.requests_seen("POST", &path), 1, "the POST was resent");

    let effects = app::update(&mut state, submitted);
    assert!(last_error(&state).contains("outcome unknown"));
    settle(&mut state, &client, effects).await;
    // The user refreshes (`r`): the volume is there, once.
    let key = crossterm::event::KeyEvent::new(
        crossterm::event::KeyCode::Char('r'),
        crossterm::event::KeyModifiers::NONE,
    );
    let effects = app::update(&mut state, Action::Key(key));
    assert!(!effects.is_empty(), "refresh fetched nothing");
    settle(&mut state, &client, effects).await;
    let shown = state
        .inventory
        .volumes
        .values()
        .filter(|v| v.name == name)
        .count();
    assert_eq!(shown, 1, "the dashboard shows the volume once");
    let listed = block::list_volumes(&client, ZONE).await.unwrap();
    assert_eq!(listed.iter().filter(|v| v.name == name).count(), 1);
    assert_eq!(sim.requests_seen("POST", &path), 1);
}

#[tokio::test]
async fn lost_list_answer_is_retried() {
    let (sim, client) = start().await;
    sim.set_faults(cut_next("GET", "/servers"));
    let servers = instance::list_servers(&client, ZONE, &Default::default())
        .await
        .expect("a GET whose answer was cut is sent again");
    assert!(!servers.is_empty());
    let path = format!("/instance/v1/zones/{ZONE}/servers");
    assert_eq!(sim.requests_seen("GET", &path), 2);
}

#[tokio::test]
async fn admin_endpoint_changes_faults_at_run_time() {
    let (sim, client) = start().await;
    let http = reqwest::Client::new();
    let admin = format!("{}/_sim/faults", sim.base_url());
    let set = |body: &'static str| {
        http.post(&admin)
            .header("content-type", "application/json")
            .body(body)
            .send()
    };
    assert!(
        set(r#"{"fail_rate":1}"#)
            .await
            .unwrap()
            .status()
            .is_success()
    );
    assert_eq!(sim.faults().fail_rate, 1.0);
    let mut no_retry = ClientConfig::new(SecretKey::new("faults-test-key"));
    no_retry.api_url = sim.base_url();
    no_retry.retry = RetryPolicy::none();
    let once = Client::new(no_retry).unwrap();
    assert!(block::list_volumes(&once, ZONE).await.is_err());

    let answer = set(r#"{"fail_rate":0,"rate_limit":0}"#).await.unwrap();
    assert!(answer.status().is_success());
    assert!(block::list_volumes(&client, ZONE).await.is_ok());

    // The report counts requests by method and path; the admin calls are
    // neither faulted nor counted.
    let report: serde_json::Value = http.get(&admin).send().await.unwrap().json().await.unwrap();
    assert_eq!(report["knobs"]["fail_rate"], 0.0);
    let seen = report["requests"][format!("GET /block/v1/zones/{ZONE}/volumes")]
        .as_u64()
        .unwrap();
    assert!(seen >= 2, "{report}");
    assert!(report["requests"].get("POST /_sim/faults").is_none());

    let bad = set(r#"{"fail":1}"#).await.unwrap();
    assert_eq!(bad.status(), 400);
}
