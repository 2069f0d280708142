//! The executor against a tiny stub API: one fetch fans out over the zones,
//! a failing zone comes back as an error next to the others' data, and a
//! server action posts the action name.
#![allow(clippy::unwrap_used)]

use std::sync::{Arc, Mutex};

use axum::extract::Path;
use axum::http::StatusCode;
use axum::routing::{get, post};
use axum::{Json, Router};
use scwdash::api::locality::{Zone, ZoneScope};
use scwdash::api::{Client, ClientConfig, RetryPolicy, SecretKey};
use scwdash::app::{Action, Effect};
use scwdash::app::{Batch, Locality, PendingAction, RequestId, Tab, Verb};
use scwdash::exec;
use serde_json::{Value, json};

async fn stub() -> (String, Arc<Mutex<Vec<Value>>>) {
    let posted: Arc<Mutex<Vec<Value>>> = Arc::default();
    let seen = posted.clone();
    let app = Router::new()
        .route(
            "/instance/v1/zones/{zone}/servers",
            get(|Path(zone): Path<String>| async move {
                if zone == "fr-par-2" {
                    return Err(StatusCode::SERVICE_UNAVAILABLE);
                }
                Ok(Json(json!({"servers": [{
                    "id": format!("srv-{zone}"), "name": format!("web-{zone}"),
                    "state": "running", "commercial_type": "DEV1-S", "zone": zone
                }]})))
            }),
        )
        .route(
            "/instance/v1/zones/{zone}/servers/{id}/action",
            post(move |Json(body): Json<Value>| {
                let seen = seen.clone();
                async move {
                    seen.lock().unwrap().push(body);
                    (
                        StatusCode::ACCEPTED,
                        Json(
                            json!({"task": {"id": "00000000-0000-0000-0000-000000000000",
                            "description": "server_poweroff", "status": "pending"}}),
                        ),
                    )
                }
            }),
        );
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    (format!("http://{addr}"), posted)
}

fn client(url: String) -> Client {
    let mut config = ClientConfig::new(SecretKey::new("stub"));
    config.api_url = url;
    config.retry = RetryPolicy::none();
    Client::new(config).unwrap()
}

#[tokio::test]
async fn a_failing_zone_is_reported_beside_the_others_data() {
    let (url, _) = stub().await;
    let reuse = exec::Reuse::default();
    let (batch, errors) = exec::fetch(&client(url), Tab::Servers, ZoneScope::All, &reuse)
        .await
        .unwrap();
    let Batch::Servers(servers) = batch else {
        panic!()
    };
    assert_eq!(
        servers.len(),
        Zone::ALL.len() - 1,
        "every zone but fr-par-2"
    );
    assert!(servers.iter().all(|s| s.zone != "fr-par-2"));
    assert_eq!(errors.len(), 1);
    assert_eq!(errors[0].0, Locality::Zone(Zone::FrPar2));
    assert!(errors[0].1.message.contains("503"), "{}", errors[0].1);
}

/// A second fetch of unchanged servers hands back the very `Arc`s of the
/// first (each fresh copy is dropped as its page arrives).
#[tokio::test]
async fn a_refresh_of_unchanged_servers_reuses_the_held_copies() {
    let (url, _) = stub().await;
    let client = client(url);
    let reuse = exec::Reuse::default();
    let scope = ZoneScope::One(Zone::NlAms1);
    let Some((Batch::Servers(first), _)) = exec::fetch(&client, Tab::Servers, scope, &reuse).await
    else {
        panic!()
    };
    let Some((Batch::Servers(second), _)) = exec::fetch(&client, Tab::Servers, scope, &reuse).await
    else {
        panic!()
    };
    assert_eq!(first.len(), 1);
    assert!(
        Arc::ptr_eq(&first[0], &second[0]),
        "the held copy is reused"
    );
    // Without a reuse set, every fetch decodes its own copies.
    let Some((Batch::Servers(fresh), _)) =
        exec::fetch(&client, Tab::Servers, scope, &exec::Reuse::default()).await
    else {
        panic!()
    };
    assert!(!Arc::ptr_eq(&first[0], &fresh[0]));
    assert_eq!(first[0], fresh[0]);
}

#[tokio::test]
async fn a_power_action_posts_its_name_and_reports_done() {
    let (url, posted) = stub().await;
    let action = PendingAction {
        verb: Verb::Power("poweroff".into()),
        tab: Tab::Servers,
        id: "srv-fr-par-1".into(),
        name: "web-fr-par-1".into(),
        locality: Some(Locality::Zone(Zone::FrPar1)),
    };
    let answer = exec::perform(&client(url), Effect::Run(action.clone())).await;
    let Some(Action::Done {
        action: done,
        result,
    }) = answer
    else {
        panic!("{answer:?}")
    };
    assert_eq!(done, action);
    assert_eq!(result, Ok(()));
    assert_eq!(*posted.lock().unwrap(), [json!({"action": "poweroff"})]);
}

#[tokio::test]
async fn a_fetch_answers_with_its_request_id() {
    let (url, _) = stub().await;
    let effect = Effect::Fetch {
        request: RequestId(7),
        tab: Tab::Servers,
        at: Locality::Zone(Zone::NlAms1),
    };
    let Some(Action::Fetched {
        request,
        batch,
        errors,
    }) = exec::perform(&client(url), effect).await
    else {
        panic!()
    };
    assert_eq!(request, RequestId(7));
    assert_eq!(batch.len(), 1);
    assert!(errors.is_empty());
}

/// A newer fetch of the same tab in the same zone aborts the older one: its
/// answer would be stale, and with a large fleet it would hold memory while
/// it runs. A fetch of another tab, or of another zone, is left alone.
#[tokio::test]
async fn a_newer_fetch_of_a_tab_aborts_the_older_one() {
    use scwdash::event::Executor;
    let slow = Router::new()
        .route(
            "/instance/v1/zones/{zone}/servers",
            get(|| async {
                tokio::time::sleep(std::time::Duration::from_millis(600)).await;
                Json(json!({"servers": []}))
            }),
        )
        .route(
            "/instance/v1/zones/{zone}/security_groups",
            get(|| async {
                tokio::time::sleep(std::time::Duration::from_millis(600)).await;
                Json(json!({"security_groups": []}))
            }),
        );
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, slow).await.unwrap() });
    let mut executor =
        exec::ApiExecutor::new(client(format!("http://{addr}")), Box::new(|_| Ok(())));
    let (tx, mut rx) = tokio::sync::mpsc::unbounded_channel();
    let fetch = |n, tab, zone| Effect::Fetch {
        request: RequestId(n),
        tab,
        at: Locality::Zone(zone),
    };
    executor.execute(fetch(1, Tab::Servers, Zone::FrPar1), &tx);
    executor.execute(fetch(2, Tab::SecurityGroups, Zone::FrPar1), &tx);
    executor.execute(fetch(4, Tab::Servers, Zone::FrPar2), &tx);
    executor.execute(fetch(3, Tab::Servers, Zone::FrPar1), &tx);
    drop(tx);
    let mut answered = Vec::new();
    // The channel closes once every task has ended (sent or been aborted).
    while let Ok(Some(action)) =
        tokio::time::timeout(std::time::Duration::from_secs(5), rx.recv()).await
    {
        if let Action::Fetched { request, .. } = action {
            answered.push(request.0);
        }
    }
    answered.sort_unstable();
    assert_eq!(answered, [2, 3, 4], "request 1 was superseded by 3");
}
