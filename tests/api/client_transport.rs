//! The HTTP transport against a small local server: pagination in both styles,
//! retries and what must never be retried, timeouts, dropped connections and
//! error bodies. Each test counts what the server actually saw.

use std::collections::HashMap;
use std::sync::Arc;
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use axum::Router;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use scwdash::api::error::ApiError;
use scwdash::api::retry::{BackoffEvent, BackoffReason, RetryPolicy};
use scwdash::api::reuse::Known;
use scwdash::api::{Client, ClientConfig, SecretKey};
use serde::Deserialize;
use serde_json::{Value, json};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpListener;

const TOKEN: &str = "test-secret-0000";

/// What the test server saw.
#[derive(Default)]
struct Seen {
    hits: Mutex<HashMap<String, usize>>,
    in_flight: AtomicUsize,
    max_in_flight: AtomicUsize,
    /// The page of `/versioned/...` whose items now carry version 1.
    changed_page: AtomicUsize,
}

impl Seen {
    /// Counts a request and returns how many times this key was hit before.
    fn hit(&self, key: &str) -> usize {
        let mut hits = self.hits.lock().expect("lock");
        let n = hits.entry(key.to_string()).or_default();
        *n += 1;
        *n - 1
    }

    fn count(&self, key: &str) -> usize {
        self.hits
            .lock()
            .expect("lock")
            .get(key)
            .copied()
            .unwrap_or(0)
    }
}

type Shared = State<Arc<Seen>>;

fn page_params(q: &HashMap<String, String>, size_key: &str) -> (usize, usize) {
    let page = q.get("page").and_then(|p| p.parse().ok()).unwrap_or(1);
    let size = q.get(size_key).and_then(|p| p.parse().ok()).unwrap_or(50);
    (page, size)
}

/// Checks the headers every request must carry.
fn check_headers(headers: &HeaderMap) -> Option<Response> {
    let token_ok = headers.get("x-auth-token").and_then(|v| v.to_str().ok()) == Some(TOKEN);
    let ua_ok = headers
        .get("user-agent")
        .and_then(|v| v.to_str().ok())
        .is_some_and(|ua| ua.starts_with("scwdash/"));
    if token_ok && ua_ok {
        None
    } else {
        Some(
            (
                StatusCode::UNAUTHORIZED,
                axum::Json(json!({"message":"authentication is denied","method":"api_key","reason":"not_found","type":"denied_authentication"})),
            )
                .into_response(),
        )
    }
}

/// Keeps the handler "in flight" for a while so that overlap can be measured.
async fn in_flight(seen: &Seen) {
    let now = seen.in_flight.fetch_add(1, Ordering::SeqCst) + 1;
    seen.max_in_flight.fetch_max(now, Ordering::SeqCst);
    tokio::time::sleep(Duration::from_millis(200)).await;
    seen.in_flight.fetch_sub(1, Ordering::SeqCst);
}

fn items(page: usize, size: usize, total: usize) -> Vec<Value> {
    let start = (page - 1) * size;
    (start..total.min(start + size))
        .map(|i| json!({"id": i}))
        .collect()
}

/// Instance style: `per_page`, total in `X-Total-Count`.
async fn instance_items(
    State(seen): Shared,
    Path(total): Path<usize>,
    Query(q): Query<HashMap<String, String>>,
    headers: HeaderMap,
) -> Response {
    if let Some(denied) = check_headers(&headers) {
        return denied;
    }
    let (page, size) = page_params(&q, "per_page");
    seen.hit(&format!("instance {total}"));
    in_flight(&seen).await;
    (
        [("x-total-count", total.to_string())],
        axum::Json(json!({"servers": items(page, size, total)})),
    )
        .into_response()
}

/// Like a rules list: no total anywhere.
async fn no_total_items(
    State(seen): Shared,
    Path(total): Path<usize>,
    Query(q): Query<HashMap<String, String>>,
) -> Response {
    let (page, size) = page_params(&q, "per_page");
    seen.hit(&format!("rules {total}"));
    axum::Json(json!({"rules": items(page, size, total)})).into_response()
}

/// A list that ignores paging: every page is the whole list.
async fn unpaged_items(State(seen): Shared, Path(total): Path<usize>) -> Response {
    seen.hit("unpaged");
    axum::Json(json!({"rules": items(1, total, total)})).into_response()
}

/// Like `/products/servers`: a map per page, total in the header.
async fn map_items(
    State(seen): Shared,
    Path(total): Path<usize>,
    Query(q): Query<HashMap<String, String>>,
) -> Response {
    let (page, size) = page_params(&q, "per_page");
    seen.hit("map");
    in_flight(&seen).await;
    let map: serde_json::Map<String, Value> = items(page, size, total)
        .into_iter()
        .map(|item| {
            let id = item["id"].as_u64().unwrap_or_default();
            (format!("TYPE-{id:03}"), json!({"ncpus": id}))
        })
        .collect();
    (
        [("x-total-count", total.to_string())],
        axum::Json(json!({"servers": map})),
    )
        .into_response()
}

/// Block/VPC style: `page_size`, `total_count` in the body.
async fn body_items(
    State(seen): Shared,
    Path(total): Path<usize>,
    Query(q): Query<HashMap<String, String>>,
) -> Response {
    let (page, size) = page_params(&q, "page_size");
    seen.hit("block");
    in_flight(&seen).await;
    axum::Json(json!({"volumes": items(page, size, total), "total_count": total})).into_response()
}

/// Named items with a version: page `changed_page` brings version 1, the
/// others 0. Instance style (`instance`) or Block style (`block`).
async fn versioned_items(
    State(seen): Shared,
    Path((style, total)): Path<(String, usize)>,
    Query(q): Query<HashMap<String, String>>,
) -> Response {
    let size_key = if style == "block" {
        "page_size"
    } else {
        "per_page"
    };
    let (page, size) = page_params(&q, size_key);
    seen.hit(&format!("versioned {style}"));
    let version = usize::from(seen.changed_page.load(Ordering::SeqCst) == page);
    let items: Vec<Value> = items(page, size, total)
        .into_iter()
        .map(|i| json!({"id": format!("s-{}", i["id"]), "v": version}))
        .collect();
    if style == "block" {
        axum::Json(json!({"volumes": items, "total_count": total})).into_response()
    } else {
        (
            [("x-total-count", total.to_string())],
            axum::Json(json!({"servers": items})),
        )
            .into_response()
    }
}

/// Fails the first `n` times with the given status and body, then succeeds.
async fn flaky(
    seen: &Seen,
    key: &str,
    failures: usize,
    failure: impl FnOnce() -> Response,
) -> Response {
    if seen.hit(key) < failures {
        failure()
    } else {
        axum::Json(json!({"ok": true})).into_response()
    }
}

fn rate_limited() -> Response {
    (
        StatusCode::TOO_MANY_REQUESTS,
        [("x-envoy-ratelimited", "true")],
        "",
    )
        .into_response()
}

fn upstream_503() -> Response {
    (
        StatusCode::SERVICE_UNAVAILABLE,
        "upstream connect error or disconnect/reset before headers. reset reason: overflow",
    )
        .into_response()
}

fn router(seen: Arc<Seen>) -> Router {
    Router::new()
        .route("/instance/items/{total}", get(instance_items))
        .route("/rules/{total}", get(no_total_items))
        .route("/unpaged/{total}", get(unpaged_items))
        .route("/map/{total}", get(map_items))
        .route("/block/{total}", get(body_items))
        .route("/versioned/{style}/{total}", get(versioned_items))
        .route(
            "/flaky/429",
            get(|State(s): Shared| async move { flaky(&s, "429", 1, rate_limited).await }),
        )
        .route(
            "/flaky/503",
            get(|State(s): Shared| async move { flaky(&s, "503", 1, upstream_503).await })
                .patch(|State(s): Shared| async move {
                    flaky(&s, "patch 503", 1, upstream_503).await
                })
                .post(|State(s): Shared| async move {
                    flaky(&s, "post 503", 1, upstream_503).await
                }),
        )
        .route(
            "/flaky/post-429",
            axum::routing::post(|State(s): Shared| async move {
                flaky(&s, "post 429", 1, rate_limited).await
            }),
        )
        .route(
            "/flaky/retry-after",
            get(|State(s): Shared| async move {
                flaky(&s, "retry-after", 1, || {
                    (StatusCode::TOO_MANY_REQUESTS, [("retry-after", "1")], "").into_response()
                })
                .await
            }),
        )
        .route(
            "/always/503",
            get(|State(s): Shared| async move { flaky(&s, "always", usize::MAX, upstream_503).await }),
        )
        .route(
            "/slow",
            get(|State(s): Shared| async move {
                s.hit("slow get");
                tokio::time::sleep(Duration::from_secs(3)).await;
                axum::Json(json!({"ok": true}))
            })
            .post(|State(s): Shared| async move {
                s.hit("slow post");
                tokio::time::sleep(Duration::from_secs(3)).await;
                axum::Json(json!({"ok": true}))
            }),
        )
        .route(
            "/bad-args",
            get(|State(s): Shared| async move {
                s.hit("bad-args");
                (
                    StatusCode::BAD_REQUEST,
                    axum::Json(json!({"type":"invalid_arguments","message":"invalid argument(s)","details":[{"argument_name":"volume_id","reason":"constraint","help_message":"Volume X is not attached to this server"}]})),
                )
            }),
        )
        .route(
            "/wrong-shape",
            get(|| async { axum::Json(json!({"servers": "not a list"})) }),
        )
        .route(
            "/things/{id}",
            axum::routing::delete(|State(s): Shared, Path(id): Path<String>| async move {
                let before = s.hit(&format!("delete {id}"));
                if id == "after-504" && before == 0 {
                    return StatusCode::GATEWAY_TIMEOUT.into_response();
                }
                if id == "after-429" && before == 0 {
                    return rate_limited();
                }
                if id != "1" {
                    (
                        StatusCode::NOT_FOUND,
                        axum::Json(json!({"type":"not_found","message":"resource is not found","resource":"instance_server","resource_id":"gone"})),
                    )
                        .into_response()
                } else {
                    StatusCode::NO_CONTENT.into_response()
                }
            }),
        )
        .route(
            "/echo",
            axum::routing::post(|headers: HeaderMap, body: String| async move {
                let ct = headers
                    .get("content-type")
                    .and_then(|v| v.to_str().ok())
                    .unwrap_or_default()
                    .to_string();
                (
                    StatusCode::CREATED,
                    axum::Json(json!({"content_type": ct, "body": body})),
                )
            }),
        )
        .with_state(seen)
}

async fn serve() -> (String, Arc<Seen>) {
    let seen = Arc::new(Seen::default());
    let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let addr = listener.local_addr().expect("addr");
    let app = router(seen.clone());
    tokio::spawn(async move { axum::serve(listener, app).await });
    (format!("http://{addr}"), seen)
}

fn config(url: &str) -> ClientConfig {
    let mut config = ClientConfig::new(SecretKey::new(TOKEN));
    config.api_url = url.to_string();
    config.timeout = Duration::from_secs(2);
    config.retry = RetryPolicy {
        max_attempts: 3,
        base_delay: Duration::from_millis(5),
        max_delay: Duration::from_millis(20),
    };
    config
}

fn client_with_events(
    config: ClientConfig,
) -> (Client, tokio::sync::mpsc::UnboundedReceiver<BackoffEvent>) {
    let (tx, rx) = tokio::sync::mpsc::unbounded_channel();
    let client = Client::new(config).expect("client").with_backoff_events(tx);
    (client, rx)
}

fn drain(rx: &mut tokio::sync::mpsc::UnboundedReceiver<BackoffEvent>) -> Vec<BackoffEvent> {
    let mut out = Vec::new();
    while let Ok(e) = rx.try_recv() {
        out.push(e);
    }
    out
}

#[derive(Debug, Deserialize, PartialEq)]
struct Item {
    id: usize,
}

fn ids(items: &[Item]) -> Vec<usize> {
    items.iter().map(|i| i.id).collect()
}

#[tokio::test]
async fn instance_pages_are_fetched_concurrently_in_order() {
    let (url, seen) = serve().await;
    let client = Client::new(config(&url)).expect("client");
    let items: Vec<Item> = client
        .list_instance("/instance/items/250", &[], "servers")
        .await
        .expect("list");
    assert_eq!(ids(&items), (0..250).collect::<Vec<_>>());
    assert_eq!(seen.count("instance 250"), 3);
    assert_eq!(
        seen.max_in_flight.load(Ordering::SeqCst),
        2,
        "pages 2 and 3 overlap"
    );
}

#[tokio::test]
async fn page_concurrency_is_bounded() {
    let (url, seen) = serve().await;
    let mut cfg = config(&url);
    cfg.page_concurrency = 4;
    let client = Client::new(cfg).expect("client");
    let items: Vec<Item> = client
        .list_instance("/instance/items/1000", &[], "servers")
        .await
        .expect("list");
    assert_eq!(ids(&items), (0..1000).collect::<Vec<_>>());
    assert_eq!(seen.count("instance 1000"), 10);
    let max = seen.max_in_flight.load(Ordering::SeqCst);
    assert!((2..=4).contains(&max), "max in flight {max}");
}

/// Later pages count for the size of the first: with room for two pages of
/// answers, two are in flight however many requests the client allows.
#[tokio::test]
async fn later_pages_are_bounded_by_bytes_in_flight() {
    let (url, seen) = serve().await;
    let mut cfg = config(&url);
    cfg.page_concurrency = 8;
    cfg.max_in_flight = 32;
    // The first page (100 `{"id":N}`, N < 100) is under 1 KiB: one KiB
    // each, two in all.
    cfg.max_bytes_in_flight = 2 << 10;
    let client = Client::new(cfg).expect("client");
    let items: Vec<Item> = client
        .list_instance("/instance/items/1000", &[], "servers")
        .await
        .expect("list");
    assert_eq!(ids(&items), (0..1000).collect::<Vec<_>>());
    assert_eq!(seen.max_in_flight.load(Ordering::SeqCst), 2);
}

/// First pages are counted small: many lists start together within the
/// byte budget that bounds big later pages.
#[tokio::test]
async fn first_pages_of_many_lists_go_out_together() {
    let (url, seen) = serve().await;
    let mut cfg = config(&url);
    cfg.max_in_flight = 64;
    cfg.max_bytes_in_flight = 2 << 20;
    let client = Client::new(cfg).expect("client");
    let lists = (0..24).map(|_| client.list_instance::<Item>("/instance/items/50", &[], "servers"));
    for list in futures::future::join_all(lists).await {
        assert_eq!(list.expect("list").len(), 50);
    }
    assert_eq!(seen.max_in_flight.load(Ordering::SeqCst), 24);
}

#[tokio::test]
async fn empty_and_single_page_lists() {
    let (url, seen) = serve().await;
    let client = Client::new(config(&url)).expect("client");
    let none: Vec<Item> = client
        .list_instance("/instance/items/0", &[], "servers")
        .await
        .expect("list");
    assert!(none.is_empty());
    let exact: Vec<Item> = client
        .list_instance("/instance/items/100", &[], "servers")
        .await
        .expect("list");
    assert_eq!(exact.len(), 100);
    assert_eq!(seen.count("instance 0"), 1);
    assert_eq!(seen.count("instance 100"), 1);
}

#[tokio::test]
async fn lists_without_a_total_stop_after_a_short_page() {
    let (url, seen) = serve().await;
    let client = Client::new(config(&url)).expect("client");
    let few: Vec<Item> = client
        .list_instance("/rules/6", &[], "rules")
        .await
        .expect("list");
    assert_eq!(few.len(), 6);
    assert_eq!(seen.count("rules 6"), 1);
    let many: Vec<Item> = client
        .list_instance("/rules/150", &[], "rules")
        .await
        .expect("list");
    assert_eq!(ids(&many), (0..150).collect::<Vec<_>>());
    assert_eq!(seen.count("rules 150"), 2);
    let round: Vec<Item> = client
        .list_instance("/rules/200", &[], "rules")
        .await
        .expect("list");
    assert_eq!(round.len(), 200);
    assert_eq!(
        seen.count("rules 200"),
        3,
        "a full page is followed by an empty one"
    );
}

#[tokio::test]
async fn a_server_that_ignores_paging_gives_no_duplicates() {
    let (url, seen) = serve().await;
    let client = Client::new(config(&url)).expect("client");
    let rules: Vec<Item> = client
        .list_instance("/unpaged/120", &[], "rules")
        .await
        .expect("list");
    assert_eq!(ids(&rules), (0..120).collect::<Vec<_>>());
    assert_eq!(seen.count("unpaged"), 2);
}

#[tokio::test]
async fn map_lists_keep_names_and_order() {
    #[derive(Deserialize)]
    struct Type {
        ncpus: usize,
    }
    let (url, seen) = serve().await;
    let client = Client::new(config(&url)).expect("client");
    let types: Vec<(String, Type)> = client
        .list_instance_map("/map/136", &[], "servers")
        .await
        .expect("list");
    assert_eq!(types.len(), 136);
    assert_eq!(seen.count("map"), 2);
    for (i, (name, t)) in types.iter().enumerate() {
        assert_eq!(name, &format!("TYPE-{i:03}"));
        assert_eq!(t.ncpus, i);
    }
}

#[tokio::test]
async fn body_total_pages() {
    let (url, seen) = serve().await;
    let client = Client::new(config(&url)).expect("client");
    let volumes: Vec<Item> = client
        .list_paged(
            "/block/230",
            &[("order_by", "created_at_asc".into())],
            "volumes",
        )
        .await
        .expect("list");
    assert_eq!(ids(&volumes), (0..230).collect::<Vec<_>>());
    assert_eq!(seen.count("block"), 3);
    assert_eq!(seen.max_in_flight.load(Ordering::SeqCst), 2);
}

#[tokio::test]
async fn list_key_missing_or_wrong_is_a_decode_error() {
    let (url, _) = serve().await;
    let client = Client::new(config(&url)).expect("client");
    let err = client
        .list_paged::<Item>("/block/3", &[], "private_networks")
        .await
        .expect_err("wrong key");
    assert!(matches!(err, ApiError::Decode { .. }), "{err:?}");
    assert!(err.to_string().contains("/block/3"), "{err}");
    let err = client
        .list_instance::<Item>("/wrong-shape", &[], "servers")
        .await
        .expect_err("not a list");
    assert!(matches!(err, ApiError::Decode { .. }), "{err:?}");
    assert!(err.to_string().contains("GET /wrong-shape"), "{err}");
}

#[tokio::test]
async fn rate_limit_is_retried_and_reported() {
    let (url, seen) = serve().await;
    let (client, mut rx) = client_with_events(config(&url));
    let v: Value = client.get("/flaky/429", &[]).await.expect("retried");
    assert_eq!(v["ok"], true);
    assert_eq!(seen.count("429"), 2);
    let events = drain(&mut rx);
    assert_eq!(events.len(), 1);
    assert_eq!(events[0].reason, BackoffReason::RateLimited);
    assert_eq!(events[0].attempt, 1);
    assert!(events[0].delay <= Duration::from_millis(20));
    assert!(
        events[0]
            .to_string()
            .starts_with("rate limited, retrying in")
    );
}

#[tokio::test]
async fn retry_after_is_honoured() {
    let (url, seen) = serve().await;
    let mut cfg = config(&url);
    cfg.retry.max_delay = Duration::from_secs(2);
    let (client, mut rx) = client_with_events(cfg);
    let started = std::time::Instant::now();
    let _: Value = client
        .get("/flaky/retry-after", &[])
        .await
        .expect("retried");
    assert!(started.elapsed() >= Duration::from_secs(1));
    assert_eq!(seen.count("retry-after"), 2);
    assert_eq!(drain(&mut rx)[0].delay, Duration::from_secs(1));
}

#[tokio::test]
async fn unavailable_is_retried_for_idempotent_calls() {
    let (url, seen) = serve().await;
    let (client, mut rx) = client_with_events(config(&url));
    let _: Value = client.get("/flaky/503", &[]).await.expect("get retried");
    let _: Value = client
        .patch("/flaky/503", &json!({"name": "x"}))
        .await
        .expect("patch retried");
    assert_eq!(seen.count("503"), 2);
    assert_eq!(seen.count("patch 503"), 2);
    let events = drain(&mut rx);
    assert_eq!(events.len(), 2);
    assert_eq!(events[0].reason, BackoffReason::Unavailable(503));
    assert_eq!(events[1].method, "PATCH");
}

#[tokio::test]
async fn retries_are_bounded() {
    let (url, seen) = serve().await;
    let (client, mut rx) = client_with_events(config(&url));
    let err = client
        .get::<Value>("/always/503", &[])
        .await
        .expect_err("gives up");
    assert_eq!(seen.count("always"), 3);
    assert_eq!(drain(&mut rx).len(), 2);
    assert_eq!(err.status(), Some(503));
    assert!(err.to_string().contains("upstream connect error"), "{err}");
}

#[tokio::test]
async fn post_is_never_resent_after_a_503() {
    let (url, seen) = serve().await;
    let (client, mut rx) = client_with_events(config(&url));
    let err = client
        .post::<_, Value>("/flaky/503", &json!({"action": "poweron"}))
        .await
        .expect_err("not retried");
    assert_eq!(seen.count("post 503"), 1);
    assert_eq!(err.status(), Some(503));
    assert!(drain(&mut rx).is_empty());
}

#[tokio::test]
async fn post_is_resent_after_a_gateway_429() {
    let (url, seen) = serve().await;
    let client = Client::new(config(&url)).expect("client");
    let v: Value = client
        .post("/flaky/post-429", &json!({}))
        .await
        .expect("429 means the service never saw it");
    assert_eq!(v["ok"], true);
    assert_eq!(seen.count("post 429"), 2);
}

#[tokio::test]
async fn post_sends_json() {
    let (url, _) = serve().await;
    let client = Client::new(config(&url)).expect("client");
    let v: Value = client.post("/echo", &json!({"a": 1})).await.expect("post");
    assert_eq!(v["content_type"], "application/json");
    assert_eq!(v["body"], r#"{"a":1}"#);
    let v: Value = client.post_empty("/echo").await.expect("post");
    assert_eq!(v["body"], "{}");
}

#[tokio::test]
async fn timeouts_retry_gets_but_not_posts() {
    let (url, seen) = serve().await;
    let mut cfg = config(&url);
    cfg.timeout = Duration::from_millis(150);
    let (client, mut rx) = client_with_events(cfg);
    let err = client
        .get::<Value>("/slow", &[])
        .await
        .expect_err("too slow");
    assert!(matches!(err, ApiError::Timeout { .. }), "{err:?}");
    assert_eq!(seen.count("slow get"), 3);
    assert!(
        drain(&mut rx)
            .iter()
            .all(|e| e.reason == BackoffReason::Timeout)
    );
    let err = client
        .post::<_, Value>("/slow", &json!({}))
        .await
        .expect_err("too slow");
    assert!(matches!(err, ApiError::Timeout { .. }), "{err:?}");
    assert!(err.is_retryable());
    assert_eq!(seen.count("slow post"), 1);
}

#[tokio::test]
async fn error_bodies_come_back_typed_and_unretried() {
    let (url, seen) = serve().await;
    let client = Client::new(config(&url)).expect("client");
    let err = client
        .get::<Value>("/bad-args", &[])
        .await
        .expect_err("400");
    assert_eq!(seen.count("bad-args"), 1);
    assert_eq!(err.status(), Some(400));
    assert_eq!(err.fields(), ["volume_id"]);
    assert_eq!(
        err.to_string(),
        "invalid argument volume_id: Volume X is not attached to this server"
    );
}

#[tokio::test]
async fn wrong_token_is_an_authentication_error() {
    let (url, _) = serve().await;
    let mut cfg = config(&url);
    cfg.secret_key = SecretKey::new("wrong");
    let client = Client::new(cfg).expect("client");
    let err = client
        .get::<Value>("/instance/items/1", &[])
        .await
        .expect_err("401");
    assert_eq!(err.status(), Some(401));
    assert_eq!(
        err.to_string(),
        "authentication denied (check SCW_SECRET_KEY)"
    );
    assert!(!format!("{err:?}").contains(TOKEN));
}

#[tokio::test]
async fn delete_succeeds_on_204_and_reports_404() {
    let (url, seen) = serve().await;
    let client = Client::new(config(&url)).expect("client");
    client.delete("/things/1").await.expect("deleted");
    let err = client
        .delete("/things/gone")
        .await
        .expect_err("first 404 is real");
    assert!(err.is_not_found());
    assert_eq!(seen.count("delete gone"), 1);
}

#[tokio::test]
async fn delete_404_after_a_gateway_error_is_success_but_not_after_a_429() {
    let (url, seen) = serve().await;
    let client = Client::new(config(&url)).expect("client");
    client
        .delete("/things/after-504")
        .await
        .expect("the 504 attempt may have deleted it");
    assert_eq!(seen.count("delete after-504"), 2);
    let err = client
        .delete("/things/after-429")
        .await
        .expect_err("a 429 attempt did nothing, so the 404 is real");
    assert!(err.is_not_found());
    assert_eq!(seen.count("delete after-429"), 2);
}

/// A raw TCP server that follows a script per connection: close right after
/// reading the request, or answer it. It counts connections.
enum Step {
    Drop,
    Answer(&'static str, &'static str),
}

async fn scripted(script: Vec<Step>) -> (String, Arc<AtomicUsize>) {
    let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let addr = listener.local_addr().expect("addr");
    let count = Arc::new(AtomicUsize::new(0));
    let seen = count.clone();
    tokio::spawn(async move {
        for step in script {
            let Ok((mut socket, _)) = listener.accept().await else {
                return;
            };
            seen.fetch_add(1, Ordering::SeqCst);
            read_request(&mut socket).await;
            if let Step::Answer(status, body) = step {
                let reply = format!(
                    "HTTP/1.1 {status}\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
                    body.len()
                );
                let _ = socket.write_all(reply.as_bytes()).await;
                let _ = socket.shutdown().await;
            }
        }
        // Further connections are counted and dropped.
        while let Ok((_socket, _)) = listener.accept().await {
            seen.fetch_add(1, Ordering::SeqCst);
        }
    });
    (format!("http://{addr}"), count)
}

/// Reads one request (head and Content-Length body).
async fn read_request(socket: &mut tokio::net::TcpStream) {
    let mut buf = Vec::new();
    let mut chunk = [0u8; 4096];
    loop {
        let Ok(n) = socket.read(&mut chunk).await else {
            return;
        };
        if n == 0 {
            return;
        }
        buf.extend_from_slice(&chunk[..n]);
        if let Some(end) = buf.windows(4).position(|w| w == b"\r\n\r\n") {
            let head = String::from_utf8_lossy(&buf[..end]).to_ascii_lowercase();
            let length: usize = head
                .lines()
                .find_map(|l| l.strip_prefix("content-length:"))
                .and_then(|v| v.trim().parse().ok())
                .unwrap_or(0);
            if buf.len() >= end + 4 + length {
                return;
            }
        }
    }
}

#[tokio::test]
async fn dropped_connection_is_retried_for_get() {
    let (url, connections) =
        scripted(vec![Step::Drop, Step::Answer("200 OK", r#"{"ok":true}"#)]).await;
    let (client, mut rx) = client_with_events(config(&url));
    let v: Value = client.get("/x", &[]).await.expect("retried");
    assert_eq!(v["ok"], true);
    assert_eq!(connections.load(Ordering::SeqCst), 2);
    assert_eq!(drain(&mut rx)[0].reason, BackoffReason::Connection);
}

#[tokio::test]
async fn dropped_connection_is_not_retried_for_post() {
    let (url, connections) = scripted(vec![
        Step::Drop,
        Step::Answer("201 Created", r#"{"ok":true}"#),
    ])
    .await;
    let client = Client::new(config(&url)).expect("client");
    let err = client
        .post::<_, Value>("/servers", &json!({"name": "x"}))
        .await
        .expect_err("may have been applied");
    assert!(
        matches!(
            err,
            ApiError::Connection {
                before_send: false,
                ..
            }
        ),
        "{err:?}"
    );
    tokio::time::sleep(Duration::from_millis(100)).await;
    assert_eq!(connections.load(Ordering::SeqCst), 1);
}

#[tokio::test]
async fn delete_after_lost_answer_then_404_is_success() {
    let (url, connections) = scripted(vec![
        Step::Drop,
        Step::Answer(
            "404 Not Found",
            r#"{"type":"not_found","message":"resource is not found","resource":"instance_server","resource_id":"1"}"#,
        ),
    ])
    .await;
    let client = Client::new(config(&url)).expect("client");
    client.delete("/servers/1").await.expect("gone means done");
    assert_eq!(connections.load(Ordering::SeqCst), 2);
}

#[tokio::test]
async fn refused_connection_is_retried_even_for_post() {
    // Bind then free a port so that nothing listens on it.
    let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let addr = listener.local_addr().expect("addr");
    drop(listener);
    let (client, mut rx) = client_with_events(config(&format!("http://{addr}")));
    let err = client
        .post::<_, Value>("/servers", &json!({}))
        .await
        .expect_err("nobody listens");
    assert!(
        matches!(
            err,
            ApiError::Connection {
                before_send: true,
                ..
            }
        ),
        "{err:?}"
    );
    assert!(
        err.to_string().starts_with("cannot connect to the API"),
        "{err}"
    );
    let events = drain(&mut rx);
    assert_eq!(events.len(), 2);
    assert!(events.iter().all(|e| e.reason == BackoffReason::Connection));
}

/// An item whose decoded copies are never equal: a listing can give back
/// the very `Arc` of the last one only by not decoding its page again.
#[derive(Debug, Deserialize)]
struct Unequal {
    id: String,
    v: usize,
}

impl PartialEq for Unequal {
    fn eq(&self, _: &Self) -> bool {
        false
    }
}

impl scwdash::api::reuse::Keyed for Unequal {
    fn key(&self) -> &str {
        &self.id
    }
}

/// Which items of `now` are the very `Arc`s of `then`, by position.
fn same_arcs(then: &Known<Unequal>, now: &Known<Unequal>) -> Vec<bool> {
    then.items()
        .iter()
        .zip(now.items())
        .map(|(a, b)| Arc::ptr_eq(a, b))
        .collect()
}

#[tokio::test]
async fn a_page_that_comes_back_byte_for_byte_is_not_decoded_again() {
    let (url, seen) = serve().await;
    let client = Client::new(config(&url)).expect("client");
    let path = "/versioned/instance/250";
    let first = client
        .list_instance_known(path, "servers", &Known::default())
        .await
        .expect("list");
    assert_eq!(first.items().len(), 250);
    let again = client
        .list_instance_known(path, "servers", &first)
        .await
        .expect("list");
    assert!(same_arcs(&first, &again).iter().all(|same| *same));

    // Page 2 changes: its items are decoded anew, pages 1 and 3 are not.
    seen.changed_page.store(2, Ordering::SeqCst);
    let changed = client
        .list_instance_known(path, "servers", &again)
        .await
        .expect("list");
    let same = same_arcs(&again, &changed);
    assert_eq!(same.len(), 250);
    assert!(same[..100].iter().all(|s| *s), "page 1 recalled");
    assert!(same[100..200].iter().all(|s| !*s), "page 2 decoded");
    assert!(same[200..].iter().all(|s| *s), "page 3 recalled");
    assert!(changed.items()[100..200].iter().all(|i| i.v == 1));
    assert_eq!(seen.count("versioned instance"), 9);
}

#[tokio::test]
async fn a_recalled_first_page_still_tells_the_total_of_a_block_list() {
    let (url, seen) = serve().await;
    let client = Client::new(config(&url)).expect("client");
    let path = "/versioned/block/230";
    let first = client
        .list_paged_known(path, "volumes", &Known::default())
        .await
        .expect("list");
    let again = client
        .list_paged_known(path, "volumes", &first)
        .await
        .expect("list");
    assert_eq!(again.items().len(), 230);
    assert!(same_arcs(&first, &again).iter().all(|same| *same));
    assert_eq!(seen.count("versioned block"), 6);
    let ids: Vec<&str> = again.items().iter().map(|i| i.id.as_str()).collect();
    assert_eq!(ids[0], "s-0");
    assert_eq!(ids[229], "s-229");
}
