//! A faithful Scaleway API simulator (Instance v1, Block v1/v1alpha1, VPC v2, IPAM v1) on loopback.
//!
//! Shapes, status codes and headers follow the recorded fixtures
//! (`fixtures/scaleway/API-FACTS.md`). State lives in one [`world::World`] behind a
//! mutex; state machines advance lazily on each request (see `world`), which keeps the
//! simulator deterministic and free of background tasks.
//!
//! Faults: `latency` sleeps before each request; `fail_rate` answers that fraction with
//! either the envoy 503 body or a response whose body stream fails on its first poll:
//! hyper then closes the connection before writing the status line, so the client sees
//! an empty reply / connection closed (curl exit 52), like an upstream reset;
//! `lost_answer_rate` applies that fraction of requests and then cuts the
//! connection (the answer lost after the fact, so a blind retry of a POST
//! applies it twice);
//! `rate_limit` answers 429 with an empty body and `X-Envoy-Ratelimited: true`;
//! `drop_response_after_apply` applies the next matching request(s) and then
//! cuts the connection, deterministically. The knobs can be changed while
//! running (see [`faults`]: `POST /_sim/faults`).

mod block;
mod catalog;
mod error;
pub mod faults;
mod fleet;
mod http;
mod instance;
mod ipam;
mod json_text;
mod nics;
mod products;
mod render;
mod security_groups;
mod server_volumes;
mod time_text;
mod vpc;
mod world;

/// The project every simulated resource belongs to (the demo's default project).
pub use world::PROJECT;

use std::fmt;
use std::net::SocketAddr;
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Duration;

use axum::Router;
use axum::extract::{Request, State};
use axum::http::{HeaderValue, StatusCode};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use serde_json::json;
use tokio::sync::oneshot;

use crate::api::locality::Zone;
use error::ApiError;
use faults::{Fault, FaultKnobs, Faults};
use world::World;

/// Everything that shapes a simulator run.
#[derive(Clone)]
pub struct SimConfig {
    /// Where to listen; must be loopback. Port 0 picks a free port.
    pub listen: SocketAddr,
    /// Duration of one state-machine step (e.g. starting -> running takes 2 steps).
    pub transition: Duration,
    pub latency: Duration,
    /// Fraction (0.0-1.0) of requests answered 503 or cut before they are applied.
    pub fail_rate: f64,
    /// Fraction (0.0-1.0) of requests applied and then answered with a cut connection.
    pub lost_answer_rate: f64,
    /// Requests per second before 429 (0 = unlimited).
    pub rate_limit: u32,
    /// `None`: the curated demo fleet; `Some(n)`: n generated servers.
    pub fleet: Option<usize>,
    /// The zone of the whole generated fleet; `None` spreads it over all zones.
    pub fleet_zone: Option<Zone>,
    pub seed: u64,
    /// Only this token is accepted when set; any non-empty token otherwise.
    pub secret_key: Option<String>,
}

impl fmt::Debug for SimConfig {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SimConfig")
            .field("listen", &self.listen)
            .field("transition", &self.transition)
            .field("latency", &self.latency)
            .field("fail_rate", &self.fail_rate)
            .field("lost_answer_rate", &self.lost_answer_rate)
            .field("rate_limit", &self.rate_limit)
            .field("fleet", &self.fleet)
            .field("fleet_zone", &self.fleet_zone)
            .field("seed", &self.seed)
            .field(
                "secret_key",
                &self.secret_key.as_ref().map(|_| "<redacted>"),
            )
            .finish()
    }
}

impl Default for SimConfig {
    fn default() -> Self {
        Self {
            listen: SocketAddr::from(([127, 0, 0, 1], 0)),
            transition: Duration::from_millis(3000),
            latency: Duration::ZERO,
            fail_rate: 0.0,
            lost_answer_rate: 0.0,
            rate_limit: 0,
            fleet: None,
            fleet_zone: None,
            seed: 42,
            secret_key: None,
        }
    }
}

impl SimConfig {
    /// For tests: 50 ms steps, random port, demo fleet.
    pub fn fast() -> Self {
        Self {
            transition: Duration::from_millis(50),
            ..Self::default()
        }
    }
}

/// Shared state of a running simulator.
pub(crate) struct App {
    world: Mutex<World>,
    config: SimConfig,
    faults: Mutex<Faults>,
}

impl App {
    fn new(config: SimConfig) -> Self {
        let mut w = World::new(config.seed, config.transition);
        match config.fleet {
            None => fleet::demo(&mut w),
            Some(n) => fleet::generated(&mut w, n, config.fleet_zone),
        }
        let knobs = FaultKnobs {
            fail_rate: config.fail_rate.clamp(0.0, 1.0),
            lost_answer_rate: config.lost_answer_rate.clamp(0.0, 1.0),
            rate_limit: config.rate_limit,
            latency_ms: u64::try_from(config.latency.as_millis()).unwrap_or(u64::MAX),
            drop_response_after_apply: None,
        };
        let faults = Faults::new(knobs, config.seed);
        Self {
            world: Mutex::new(w),
            config,
            faults: Mutex::new(faults),
        }
    }

    /// The world with all due transitions applied.
    pub fn world(&self) -> MutexGuard<'_, World> {
        let mut w = self.world.lock().unwrap_or_else(|p| p.into_inner());
        w.tick();
        w
    }

    /// The fault knobs and counters.
    pub fn faults(&self) -> MutexGuard<'_, Faults> {
        self.faults.lock().unwrap_or_else(|p| p.into_inner())
    }
}

fn authorised(app: &App, req: &Request) -> bool {
    let token = req
        .headers()
        .get("x-auth-token")
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    match &app.config.secret_key {
        Some(key) => token == key,
        None => !token.is_empty(),
    }
}

/// Faults, auth and the common headers, around every route.
async fn gate(State(app): State<Arc<App>>, req: Request, next: Next) -> Response {
    let latency = app.faults().latency();
    if !latency.is_zero() {
        tokio::time::sleep(latency).await;
    }
    let (method, path) = (req.method().clone(), req.uri().path().to_string());
    let fault = app.faults().draw(method.as_str(), &path);
    let mut resp = match fault {
        Some(Fault::RateLimited) => {
            let mut r = StatusCode::TOO_MANY_REQUESTS.into_response();
            r.headers_mut().insert("x-envoy-ratelimited", HeaderValue::from_static("true"));
            r
        }
        Some(Fault::Unavailable) => (
            StatusCode::SERVICE_UNAVAILABLE,
            axum::Json(json!({"message": "upstream connect error or disconnect/reset before headers. reset reason: connection termination"})),
        )
            .into_response(),
        Some(Fault::Drop) => return http::dropped_connection(),
        None if !authorised(&app, &req) => ApiError::Unauthenticated.into_response(),
        None => {
            let resp = next.run(req).await;
            if resp.status().is_success() && app.faults().cut_after_apply(method.as_str(), &path)
            {
                tracing::debug!(%method, path, "sim cuts the answer after applying");
                return http::dropped_connection();
            }
            resp
        }
    };
    let h = resp.headers_mut();
    if let Ok(v) = HeaderValue::from_str(&uuid::Uuid::new_v4().to_string()) {
        h.insert("x-request-id", v);
    }
    h.insert(
        "server",
        HeaderValue::from_static("Scaleway API Gateway (sim;scwdash)"),
    );
    // The security headers every recent recorded response carries.
    for (name, value) in [
        (
            "content-security-policy",
            "default-src 'none'; frame-ancestors 'none'",
        ),
        ("strict-transport-security", "max-age=63072000"),
        ("x-content-type-options", "nosniff"),
        ("x-frame-options", "DENY"),
    ] {
        h.insert(name, HeaderValue::from_static(value));
    }
    tracing::debug!(%method, path, status = resp.status().as_u16(), "sim request");
    resp
}

async fn fallback() -> Response {
    ApiError::not_found("unknown", "").into_response()
}

/// All routes of the three APIs.
fn router(app: Arc<App>) -> Router {
    use instance as i;
    use security_groups as sg;
    const Z: &str = "/instance/v1/zones/{zone}";
    let p = |s: &str| format!("{Z}{s}");
    Router::new()
        .route(&p("/servers"), get(i::list_servers).post(i::create_server))
        .route(
            &p("/servers/{id}"),
            get(i::get_server)
                .patch(i::update_server)
                .put(i::set_server)
                .delete(i::delete_server),
        )
        .route(
            &p("/servers/{id}/action"),
            get(i::list_server_actions).post(i::server_action),
        )
        .route(
            &p("/servers/{id}/attach-volume"),
            post(server_volumes::attach_volume),
        )
        .route(
            &p("/servers/{id}/detach-volume"),
            post(server_volumes::detach_volume),
        )
        .route(
            &p("/servers/{id}/private_nics"),
            get(nics::list_nics).post(nics::create_nic),
        )
        .route(
            &p("/servers/{id}/private_nics/{nic}"),
            get(nics::get_nic)
                .patch(nics::update_nic)
                .delete(nics::delete_nic),
        )
        .route(&p("/products/servers"), get(products::list_server_types))
        .route(
            &p("/products/servers/availability"),
            get(products::server_types_availability),
        )
        .route(&p("/volumes"), get(products::list_instance_volumes))
        .route(&p("/volumes/{id}"), get(products::get_instance_volume))
        .route(&p("/images"), get(products::list_images))
        .route(&p("/images/{id}"), get(products::get_image))
        .route(
            &p("/security_groups"),
            get(sg::list_sgs).post(sg::create_sg),
        )
        .route(
            &p("/security_groups/{id}"),
            get(sg::get_sg)
                .patch(sg::update_sg)
                .put(sg::set_sg)
                .delete(sg::delete_sg),
        )
        .route(
            &p("/security_groups/default/rules"),
            get(sg::list_default_rules),
        )
        .route(
            &p("/security_groups/{id}/rules"),
            get(sg::list_rules).post(sg::create_rule).put(sg::set_rules),
        )
        .route(
            &p("/security_groups/{id}/rules/{rule}"),
            get(sg::get_rule)
                .patch(sg::update_rule)
                .put(sg::update_rule)
                .delete(sg::delete_rule),
        )
        .route(
            "/block/{ver}/zones/{zone}/volumes",
            get(block::list_volumes).post(block::create_volume),
        )
        .route(
            "/block/{ver}/zones/{zone}/volumes/{id}",
            get(block::get_volume)
                .patch(block::update_volume)
                .delete(block::delete_volume),
        )
        .route(
            "/vpc/v2/regions/{region}/private-networks",
            get(vpc::list_pns).post(vpc::create_pn),
        )
        .route(
            "/vpc/v2/regions/{region}/private-networks/{id}",
            get(vpc::get_pn)
                .patch(vpc::update_pn)
                .delete(vpc::delete_pn),
        )
        .route(
            "/vpc/v2/regions/{region}/vpcs",
            get(vpc::list_vpcs).post(vpc::create_vpc),
        )
        .route(
            "/vpc/v2/regions/{region}/vpcs/{id}",
            get(vpc::get_vpc)
                .patch(vpc::update_vpc)
                .delete(vpc::delete_vpc),
        )
        .route("/ipam/v1/regions/{region}/ips", get(ipam::list_ips))
        .route("/ipam/v1/regions/{region}/ips/{id}", get(ipam::get_ip))
        .fallback(fallback)
        .layer(middleware::from_fn_with_state(app.clone(), gate))
        // Added after the gate: the admin endpoint is never faulted.
        .route(
            "/_sim/faults",
            get(faults::get_faults).post(faults::set_faults),
        )
        .with_state(app)
}

/// A simulator running in the background of the current tokio runtime.
/// Dropping the handle shuts the simulator down too: keep it alive while in use.
pub struct SimHandle {
    pub addr: SocketAddr,
    app: Arc<App>,
    stop: Option<oneshot::Sender<()>>,
}

impl fmt::Debug for SimHandle {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SimHandle")
            .field("addr", &self.addr)
            .finish_non_exhaustive()
    }
}

impl SimHandle {
    /// `http://127.0.0.1:PORT`, what `SCW_API_URL` should be set to.
    pub fn base_url(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// The fault knobs now in force.
    pub fn faults(&self) -> FaultKnobs {
        self.app.faults().knobs().clone()
    }

    /// Replaces the fault knobs (what `POST /_sim/faults` does over HTTP).
    pub fn set_faults(&self, knobs: FaultKnobs) {
        self.app.faults().set(knobs);
    }

    /// How many `method path` requests the simulator has received, faulted
    /// ones included (`path` without query string).
    pub fn requests_seen(&self, method: &str, path: &str) -> u64 {
        self.app.faults().seen(method, path)
    }

    /// Moves the simulator's clock `steps` transition steps ahead: every
    /// transition due by then happens now. Tests use it with a long step so
    /// state machines move exactly when told, however loaded the machine is.
    pub fn advance_steps(&self, steps: u32) {
        self.app.world().advance(steps);
    }

    /// Stop accepting connections and let in-flight requests finish.
    pub fn shutdown(mut self) {
        if let Some(tx) = self.stop.take() {
            let _ = tx.send(());
        }
    }
}

fn check_loopback(addr: SocketAddr) -> std::io::Result<()> {
    if addr.ip().is_loopback() {
        Ok(())
    } else {
        Err(std::io::Error::new(
            std::io::ErrorKind::InvalidInput,
            format!("the simulator only listens on loopback (e.g. 127.0.0.1:4010), not {addr}"),
        ))
    }
}

/// Build the world, bind `config.listen` and serve in a background task.
pub async fn spawn(config: SimConfig) -> std::io::Result<SimHandle> {
    check_loopback(config.listen)?;
    let listener = tokio::net::TcpListener::bind(config.listen).await?;
    let addr = listener.local_addr()?;
    let app = Arc::new(App::new(config));
    let (tx, rx) = oneshot::channel();
    let served_app = app.clone();
    tokio::spawn(async move {
        let served = axum::serve(listener, router(served_app)).with_graceful_shutdown(async {
            let _ = rx.await;
        });
        if let Err(e) = served.await {
            tracing::error!("simulator stopped: {e}");
        }
    });
    Ok(SimHandle {
        addr,
        app,
        stop: Some(tx),
    })
}

/// `scwdash sim`: serve in the foreground until Ctrl-C.
pub async fn serve(config: SimConfig) -> std::io::Result<()> {
    let handle = spawn(config).await?;
    // Ctrl-C is caught from before the first line out, so a Ctrl-C right
    // after it still stops the simulator cleanly (and flushes the log).
    let stop = tokio::signal::ctrl_c();
    tokio::pin!(stop);
    if let std::task::Poll::Ready(caught) = futures::poll!(&mut stop) {
        caught?;
        handle.shutdown();
        return Ok(());
    }
    let url = handle.base_url();
    tracing::info!(%url, "simulator listening");
    println!(
        "scwdash simulator listening on {url} — try: SCW_API_URL={url} SCW_SECRET_KEY=any scwdash list servers --zone all"
    );
    println!("fault knobs: GET/POST {url}/_sim/faults (e.g. {{\"fail_rate\":0,\"rate_limit\":0}})");
    stop.await?;
    handle.shutdown();
    Ok(())
}
