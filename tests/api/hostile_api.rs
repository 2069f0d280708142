//! The client against servers that lie: a redirect to another host (the
//! token must not follow), a total count of 10^12, the same page for every
//! `page`, pages that overlap, a body of 100 MB. Each server is a few lines
//! of axum or raw TCP on loopback, and each test checks what it really saw.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::time::Duration;

use axum::Router;
use axum::body::Body;
use axum::extract::{Query, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use futures::StreamExt;
use scwdash::api::error::ApiError;
use scwdash::api::{Client, ClientConfig, RetryPolicy, SecretKey};
use serde_json::{Value, json};
use tokio::io::AsyncReadExt;
use tokio::net::TcpListener;

const TOKEN: &str = "hostile-test-token-7777";
const PATH: &str = "/instance/v1/zones/fr-par-1/servers";

async fn serve(app: Router) -> String {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, app).await });
    format!("http://{addr}")
}

fn client(url: &str) -> Client {
    let mut config = ClientConfig::new(SecretKey::new(TOKEN));
    config.api_url = url.to_string();
    config.timeout = Duration::from_secs(5);
    config.retry = RetryPolicy {
        max_attempts: 2,
        base_delay: Duration::from_millis(5),
        max_delay: Duration::from_millis(10),
    };
    Client::new(config).unwrap()
}

/// A listener that records whether anything connected and what it sent.
async fn far_side() -> (u16, Arc<AtomicBool>, Arc<tokio::sync::Mutex<Vec<u8>>>) {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let port = listener.local_addr().unwrap().port();
    let reached = Arc::new(AtomicBool::new(false));
    let bytes = Arc::new(tokio::sync::Mutex::new(Vec::new()));
    let (r, b) = (reached.clone(), bytes.clone());
    tokio::spawn(async move {
        while let Ok((mut sock, _)) = listener.accept().await {
            r.store(true, Ordering::SeqCst);
            let mut buf = vec![0u8; 8192];
            if let Ok(Ok(n)) =
                tokio::time::timeout(Duration::from_millis(500), sock.read(&mut buf)).await
            {
                b.lock().await.extend_from_slice(&buf[..n]);
            }
        }
    });
    (port, reached, bytes)
}

#[tokio::test]
async fn a_redirect_is_an_error_naming_the_host_and_the_token_stays_home() {
    let (port, reached, bytes) = far_side().await;
    for status in [301u16, 302, 307, 308] {
        let target = format!("http://127.0.0.1:{port}/steal?from={status}");
        let app = Router::new().fallback(move || {
            let target = target.clone();
            async move {
                (
                    StatusCode::from_u16(status).unwrap(),
                    [(header::LOCATION, target)],
                )
            }
        });
        let url = serve(app).await;
        let c = client(&url);
        let err = c.get::<Value>(PATH, &[]).await.unwrap_err();
        assert!(
            matches!(&err, ApiError::Redirect { status: s, target, .. }
                if *s == status && target == &format!("127.0.0.1:{port}")),
            "{err:?}"
        );
        let shown = err.to_string();
        assert!(shown.contains(&format!("127.0.0.1:{port}")), "{shown}");
        assert!(
            !shown.contains(TOKEN) && !shown.contains("steal"),
            "{shown}"
        );
        let post = c.post::<_, Value>(PATH, &json!({})).await.unwrap_err();
        assert!(matches!(post, ApiError::Redirect { .. }), "{post:?}");
    }
    tokio::time::sleep(Duration::from_millis(100)).await;
    assert!(
        !reached.load(Ordering::SeqCst),
        "the far side was contacted: {:?}",
        String::from_utf8_lossy(&bytes.lock().await)
    );
}

/// Servers `page` answers with: ids `from..from+count`.
fn servers(from: usize, count: usize) -> Value {
    let list: Vec<Value> = (from..from + count)
        .map(|i| json!({"id": format!("srv-{i}"), "name": format!("n{i}")}))
        .collect();
    json!({ "servers": list })
}

/// A server answering `page` with `body(page)` and `X-Total-Count: total`,
/// counting requests.
async fn paging_server(
    total: &'static str,
    body: fn(usize) -> Value,
) -> (String, Arc<AtomicUsize>) {
    let hits = Arc::new(AtomicUsize::new(0));
    let app = Router::new()
        .route(
            PATH,
            get(
                move |State(hits): State<Arc<AtomicUsize>>,
                      Query(q): Query<std::collections::HashMap<String, String>>| async move {
                    hits.fetch_add(1, Ordering::SeqCst);
                    let page = q.get("page").and_then(|p| p.parse().ok()).unwrap_or(1);
                    ([("x-total-count", total)], axum::Json(body(page))).into_response()
                },
            ),
        )
        .with_state(hits.clone());
    (serve(app).await, hits)
}

fn ids(list: &[Value]) -> Vec<String> {
    list.iter()
        .map(|v| v["id"].as_str().unwrap().to_string())
        .collect()
}

#[tokio::test]
async fn a_lying_total_costs_a_few_requests_not_a_thousand() {
    // One real page, then empty pages, under a total of 10^12.
    let (url, hits) = paging_server("1000000000000", |page| {
        if page == 1 {
            servers(0, 100)
        } else {
            servers(0, 0)
        }
    })
    .await;
    let got: Vec<Value> = client(&url)
        .list_instance(PATH, &[], "servers")
        .await
        .unwrap();
    assert_eq!(got.len(), 100);
    let n = hits.load(Ordering::SeqCst);
    assert!(n <= 1 + 8 + 1, "{n} requests for one page of servers");
}

#[tokio::test]
async fn the_same_page_for_every_page_lists_each_server_once() {
    let (url, hits) = paging_server("100000", |_| servers(0, 100)).await;
    let got: Vec<Value> = client(&url)
        .list_instance(PATH, &[], "servers")
        .await
        .unwrap();
    let mut unique = ids(&got);
    unique.dedup();
    assert_eq!(got.len(), 100, "every id once");
    assert_eq!(unique.len(), 100);
    let n = hits.load(Ordering::SeqCst);
    assert!(n <= 1 + 8 + 1, "{n} requests");
}

#[tokio::test]
async fn overlapping_pages_are_deduplicated_by_id() {
    // Page 2 starts 50 items early (a resource was deleted meanwhile).
    let (url, _) = paging_server("200", |page| match page {
        1 => servers(0, 100),
        2 => servers(50, 100),
        _ => servers(0, 0),
    })
    .await;
    let got: Vec<Value> = client(&url)
        .list_instance(PATH, &[], "servers")
        .await
        .unwrap();
    let list = ids(&got);
    assert_eq!(list.len(), 150, "srv-50..99 once each");
    assert_eq!(list[149], "srv-149");
    let unique: std::collections::HashSet<&String> = list.iter().collect();
    assert_eq!(unique.len(), 150);
}

/// A body of `size` bytes of JSON-ish filler, streamed in 64 KiB chunks
/// (no Content-Length), counting what was actually handed to the socket.
fn huge_body(size: usize, sent: Arc<AtomicUsize>) -> Body {
    let chunk = vec![b' '; 64 << 10];
    let stream = futures::stream::unfold(0usize, move |done| {
        let chunk = chunk.clone();
        let sent = sent.clone();
        async move {
            if done >= size {
                return None;
            }
            sent.fetch_add(chunk.len(), Ordering::SeqCst);
            Some((Ok::<_, std::io::Error>(chunk), done + 64 * 1024))
        }
    });
    Body::from_stream(stream)
}

#[tokio::test]
async fn a_100_mb_body_is_an_error_and_is_not_read_whole() {
    let sent = Arc::new(AtomicUsize::new(0));
    let s = sent.clone();
    let app = Router::new().route(
        PATH,
        get(move || {
            let s = s.clone();
            async move {
                Response::builder()
                    .header("content-type", "application/json")
                    .body(huge_body(100 << 20, s))
                    .unwrap()
            }
        }),
    );
    let url = serve(app).await;
    let err = client(&url).get::<Value>(PATH, &[]).await.unwrap_err();
    assert!(
        matches!(err, ApiError::TooLarge { limit, .. } if limit == 32 << 20),
        "{err:?}"
    );
    assert!(err.to_string().contains("larger than 32 MiB"), "{err}");
    tokio::time::sleep(Duration::from_millis(200)).await;
    let sent = sent.load(Ordering::SeqCst);
    // Socket buffers hold a few MB more than the client read, no more.
    assert!(sent < 48 << 20, "the server got to send {} MiB", sent >> 20);
}

#[tokio::test]
async fn an_announced_100_mb_body_is_refused_before_reading() {
    // Raw TCP: axum will not announce a length it does not send.
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    tokio::spawn(async move {
        while let Ok((mut sock, _)) = listener.accept().await {
            tokio::spawn(async move {
                let mut buf = [0u8; 4096];
                let _ = sock.read(&mut buf).await;
                let head = "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: 104857600\r\n\r\n{";
                let _ = tokio::io::AsyncWriteExt::write_all(&mut sock, head.as_bytes()).await;
                tokio::time::sleep(Duration::from_secs(10)).await;
            });
        }
    });
    let started = std::time::Instant::now();
    let err = client(&url).get::<Value>(PATH, &[]).await.unwrap_err();
    assert!(matches!(err, ApiError::TooLarge { .. }), "{err:?}");
    assert!(
        started.elapsed() < Duration::from_secs(2),
        "refused at once"
    );
}

#[tokio::test]
async fn a_stalled_answer_times_out_naming_the_zone() {
    // Headers at once, then silence: only the read timeout ends it early.
    let app = Router::new().route(
        PATH,
        get(|| async {
            let stream = futures::stream::once(async {
                Ok::<_, std::io::Error>(b"{\"servers\": [".to_vec())
            })
            .chain(futures::stream::pending());
            Response::new(Body::from_stream(stream))
        }),
    );
    let url = serve(app).await;
    let mut config = ClientConfig::new(SecretKey::new(TOKEN));
    config.api_url = url;
    config.timeout = Duration::from_secs(30);
    config.read_timeout = Duration::from_millis(200);
    config.retry = RetryPolicy::none();
    let started = std::time::Instant::now();
    let err = Client::new(config)
        .unwrap()
        .get::<Value>(PATH, &[])
        .await
        .unwrap_err();
    assert!(
        started.elapsed() < Duration::from_secs(5),
        "{:?}",
        started.elapsed()
    );
    assert!(matches!(err, ApiError::Timeout { .. }), "{err:?}");
    assert!(
        err.to_string()
            .starts_with("zone fr-par-1 is not answering"),
        "{err}"
    );
}
