//! The dashboard's I/O: performs the `Effect`s that `app::update` returns and
//! answers with `Action`s on the loop's channel. Every effect runs as its own
//! tokio task, so the loop never waits for the network. List fetches fan out
//! over the scope's zones (or regions) concurrently; a failing locality is
//! reported next to the data of the others.

use std::collections::HashMap;
use std::io::Write;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use tokio::sync::mpsc::{UnboundedReceiver, UnboundedSender};
use tokio::task::AbortHandle;

use crate::api::reuse::Known;

use crate::api::instance;
use crate::api::locality::{Region, Zone, ZoneScope};
use crate::api::models::{
    CreateServerRequest, DetachVolumeRequest, ServerAction, ServerActionRequest, ServerSummary,
    VolumeSummary,
};
use crate::api::{ApiError, BackoffEvent, Client, block, ipam, vpc};
use crate::app::forms::{Applied, FormSubmit, SubmitError};
use crate::app::inventory::ZoneCatalog;
use crate::app::{Action, Batch, Effect, Locality, Outcome, PendingAction, Tab, UserError, Verb};
use crate::event::Executor;
use crate::kinds::Fetched;

/// An API failure in the status line's words, with the fields it blames.
pub fn user_error(e: &ApiError) -> UserError {
    UserError {
        message: e.to_string(),
        fields: e.fields(),
    }
}

/// A failed mutation in the status line's words: when the answer was lost,
/// the request may have been applied, and the user must know that retrying
/// blindly could do it twice.
pub fn mutation_error(e: &ApiError) -> UserError {
    let mut error = user_error(e);
    if e.outcome_unknown() {
        error.message = unknown_outcome(e);
    }
    error
}

fn unknown_outcome(e: &ApiError) -> String {
    format!("outcome unknown, it may have been applied (the next refresh shows): {e}")
}

/// Where `Effect::Copy` goes: the terminal (OSC 52 on stdout) in the app, a
/// closure in tests.
pub type Clipboard = Box<dyn FnMut(&str) -> std::io::Result<()> + Send>;

/// Writes the OSC 52 sequence to stdout: the terminal puts `text` on the
/// clipboard (also over SSH).
pub fn terminal_clipboard() -> Clipboard {
    Box::new(|text| {
        let mut out = std::io::stdout();
        out.write_all(crate::terminal::osc52(text).as_bytes())?;
        out.flush()
    })
}

/// The executor of the dashboard against a real (or simulated) API.
pub struct ApiExecutor {
    client: Client,
    clipboard: Clipboard,
    /// Where `Effect::Notify` writes (the terminal), and whether through tmux.
    notifier: (crate::notify::Sink, bool),
    /// The fetch in flight for each tab in each zone (or region). A newer
    /// fetch of the same aborts it: its answer would be dropped as stale
    /// anyway, and with 10,000 servers an abandoned fetch still holds
    /// megabytes while it runs.
    fetches: HashMap<(Tab, Locality), AbortHandle>,
    reuse: Reuse,
    /// The fleet snapshot's saves, in the order they were asked for.
    snapshots: crate::snapshot_store::Writer,
    /// Where the command history is kept (`None`: not kept, as in tests).
    history: Option<std::path::PathBuf>,
    /// Writes it, started at the first save.
    history_writer: Option<crate::history::Writer>,
}

/// What the last fetch of servers and volumes decoded, zone by zone, for the
/// next one to reuse item by item (`api::reuse`): a refresh of an unchanged
/// fleet then allocates a page at a time instead of a second fleet. Per zone,
/// because each zone is fetched on its own schedule.
#[derive(Default, Clone)]
pub struct Reuse {
    pub(crate) servers: Arc<Mutex<HashMap<Zone, Arc<Known<ServerSummary>>>>>,
    pub(crate) volumes: Arc<Mutex<HashMap<Zone, Arc<Known<VolumeSummary>>>>>,
}

type ByZone<T> = Mutex<HashMap<Zone, Arc<Known<T>>>>;

impl Reuse {
    pub(crate) fn get<T>(slot: &ByZone<T>, zone: Zone) -> Arc<Known<T>> {
        // A poisoned slot only lost a reuse set; what it holds is still valid.
        let map = slot.lock().unwrap_or_else(|e| e.into_inner());
        map.get(&zone).cloned().unwrap_or_default()
    }

    /// Keeps what a zone's listing read for the next one; returns its items.
    pub(crate) fn keep<T>(slot: &ByZone<T>, zone: Zone, known: Known<T>) -> Vec<Arc<T>> {
        let known = Arc::new(known);
        let items = known.items().to_vec();
        slot.lock()
            .unwrap_or_else(|e| e.into_inner())
            .insert(zone, known);
        items
    }
}

impl ApiExecutor {
    pub fn new(client: Client, clipboard: Clipboard) -> Self {
        ApiExecutor {
            client,
            clipboard,
            notifier: (crate::notify::terminal_sink(), crate::notify::inside_tmux()),
            fetches: Default::default(),
            reuse: Reuse::default(),
            snapshots: Default::default(),
            history: None,
            history_writer: None,
        }
    }

    /// Rings the bell and notifies through the terminal, at once.
    fn notify(&mut self, n: &crate::app::events::Notification) {
        let (sink, tmux) = &mut self.notifier;
        if let Err(e) = sink(&crate::notify::sequence(n, *tmux)) {
            tracing::warn!(error = %e, "notification not sent");
        }
    }

    /// Notifications go to `sink` instead of the terminal (tests).
    pub fn with_notifier(mut self, sink: crate::notify::Sink) -> Self {
        self.notifier = (sink, false);
        self
    }

    /// Keeps the command history in `path` (`history::default_path`).
    pub fn with_history(mut self, path: Option<std::path::PathBuf>) -> Self {
        self.history = path;
        self
    }

    /// Reads or writes the history file off the loop's thread; a failure is
    /// a notice (the dashboard works without a history).
    fn history_io(&mut self, effect: Effect, tx: &UnboundedSender<Action>) {
        let Some(path) = self.history.clone() else {
            if effect == Effect::LoadHistory {
                let _ = tx.send(Action::HistoryLoaded(Vec::new()));
            }
            return;
        };
        match effect {
            Effect::LoadHistory => {
                let tx = tx.clone();
                tokio::task::spawn_blocking(move || {
                    let answer = match crate::history::read(&path) {
                        Ok(lines) => Action::HistoryLoaded(lines),
                        Err(e) => history_failed("read", &path, &e),
                    };
                    let _ = tx.send(answer);
                });
            }
            Effect::SaveHistory(lines) => {
                let writer = self.history_writer.get_or_insert_with(|| {
                    let tx = tx.clone();
                    let shown = path.clone();
                    crate::history::Writer::start(path, move |e| {
                        let _ = tx.send(history_failed("write", &shown, &e));
                    })
                });
                writer.save(lines);
            }
            _ => {}
        }
    }
}

fn history_failed(verb: &str, path: &std::path::Path, e: &std::io::Error) -> Action {
    tracing::warn!(path = %path.display(), error = %e, "command history");
    Action::Notice(
        format!(
            "could not {verb} the command history {}: {e}",
            path.display()
        ),
        Outcome::Failed,
    )
}

impl Executor for ApiExecutor {
    fn execute(&mut self, effect: Effect, tx: &UnboundedSender<Action>) {
        if let Effect::Copy(text) = &effect {
            // Synchronous and tiny: the escape sequence goes out at once.
            let notice = match (self.clipboard)(text) {
                Ok(()) => Action::Notice(format!("copied {text}"), Outcome::Succeeded),
                Err(e) => Action::Notice(format!("could not copy: {e}"), Outcome::Failed),
            };
            let _ = tx.send(notice);
            return;
        }
        if matches!(effect, Effect::LoadHistory | Effect::SaveHistory(_)) {
            self.history_io(effect, tx);
            return;
        }
        let effect = match effect {
            Effect::Notify(n) => return self.notify(&n),
            Effect::SaveSnapshot { path, source, last } => {
                let writer = self.snapshots.clone();
                let ticket = writer.ticket();
                let write = move || {
                    let written = writer.in_order(ticket, || {
                        let now = chrono::Utc::now().timestamp();
                        crate::snapshot_store::save(&path, &source.0, now)
                    });
                    log_snapshot(&path, written);
                };
                if last {
                    // On quit, written before the loop ends (and the
                    // runtime with it), after any save still running.
                    write();
                } else {
                    drop(tokio::task::spawn_blocking(write));
                }
                return;
            }
            effect => effect,
        };
        let fetched = match &effect {
            Effect::Fetch { request, tab, at } => {
                // With the answer's, the events scripts/bench_startup.sh times.
                tracing::debug!(request = request.0, tab = ?tab, at = %at, "fetch sent");
                Some((*tab, *at))
            }
            _ => None,
        };
        let client = self.client.clone();
        let reuse = self.reuse.clone();
        let tx = tx.clone();
        let task = tokio::spawn(async move {
            if let Some(action) = perform_reusing(&client, effect, &reuse).await {
                if let Action::Fetched { request, batch, .. } = &action {
                    tracing::debug!(request = request.0, tab = ?batch.tab(), items = batch.len(), "fetch answered");
                }
                // The loop has ended when the receiver is gone; nothing to tell.
                let _ = tx.send(action);
            }
        });
        if let Some(key) = fetched
            && let Some(superseded) = self.fetches.insert(key, task.abort_handle())
        {
            // Only reads are ever aborted: a list in flight has no side effect.
            superseded.abort();
        }
    }
}

/// Performs one effect and returns the action that answers it.
pub async fn perform(client: &Client, effect: Effect) -> Option<Action> {
    perform_reusing(client, effect, &Reuse::default()).await
}

/// [`perform`], with fetches reusing what earlier fetches decoded.
pub async fn perform_reusing(client: &Client, effect: Effect, reuse: &Reuse) -> Option<Action> {
    match effect {
        Effect::Fetch { request, tab, at } => {
            // The scheduler asks only tabs with an API (`slots::localities`).
            let (batch, errors) = fetch_at(client, tab, at, reuse).await?;
            Some(Action::Fetched {
                request,
                batch,
                errors,
            })
        }
        Effect::FetchOne {
            request,
            tab,
            at,
            id,
        } => {
            let result = match tab.api() {
                Some(api) => (api.fetch_one)(client, at, &id)
                    .await
                    .map_err(|e| user_error(&e)),
                None => Err(UserError::new(format!(
                    "{} is not read from the API",
                    tab.title()
                ))),
            };
            Some(Action::FetchedOne {
                request,
                id,
                result,
            })
        }
        Effect::Run(action) => {
            let (result, _) = run_logged(client, &action).await;
            Some(Action::Done { action, result })
        }
        Effect::BulkStep { run, action } => {
            let (result, rate_limited) = run_logged(client, &action).await;
            Some(Action::BulkStepDone {
                run,
                action,
                result,
                rate_limited,
            })
        }
        Effect::Copy(_) => None,
        Effect::FetchServerTypes(zone) => {
            let result = instance::list_server_types(client, zone)
                .await
                .map(Arc::new)
                .map_err(|e| user_error(&e));
            Some(Action::ServerTypes { zone, result })
        }
        Effect::FetchZoneCatalog(zone) => {
            let (images, availability) = tokio::join!(
                instance::list_images(client, zone),
                instance::list_server_availability(client, zone)
            );
            let result = match (images, availability) {
                (Ok(images), Ok(availability)) => Ok(ZoneCatalog {
                    images,
                    availability,
                }),
                (Err(e), _) | (_, Err(e)) => Err(user_error(&e)),
            };
            Some(Action::ZoneCatalog { zone, result })
        }
        Effect::FetchRules { group, zone } => {
            let result = instance::list_rules(client, zone, &group)
                .await
                .map(Arc::new)
                .map_err(|e| user_error(&e));
            Some(Action::Rules { group, result })
        }
        Effect::Submit(submit) => {
            let result = submit_form(client, &submit).await;
            match &result {
                Ok(_) => tracing::info!(request = %submit.describe(), "form request accepted"),
                Err(e) => {
                    tracing::warn!(request = %submit.describe(), error = %e.message, "form request failed")
                }
            }
            Some(Action::Submitted { submit, result })
        }
        Effect::FetchPrivateIps { request, region } => {
            let result = ipam::list_private_nic_ips(client, region)
                .await
                .map(ipam::NicAddresses::from_ips)
                .map_err(|e| user_error(&e));
            Some(Action::PrivateIps {
                request,
                region,
                result,
            })
        }
        Effect::Recheck(submit) => {
            let result = reread(client, &submit).await.map_err(|e| user_error(&e));
            Some(Action::Rechecked { submit, result })
        }
        // A plain `perform` keeps no history file.
        Effect::LoadHistory => Some(Action::HistoryLoaded(Vec::new())),
        Effect::SaveHistory(_) => None,
        // The event loop runs programs: it owns the terminal.
        Effect::Shell(program) => Some(Action::ShellExited {
            program,
            result: Err("no terminal to run it in".to_string()),
        }),
        Effect::FetchRaw { title, path } => {
            let result = client
                .get_raw(&path)
                .await
                .map(|v| serde_json::to_string_pretty(&v).unwrap_or_default())
                .map_err(|e| user_error(&e));
            Some(Action::Raw { title, result })
        }
        // Building and writing a large snapshot takes milliseconds: off the
        // runtime's workers.
        Effect::SaveSnapshot { path, source, .. } => {
            let _ = tokio::task::spawn_blocking(move || save_snapshot(&path, &source)).await;
            None
        }
        // Only the terminal executor can reach the terminal.
        Effect::Notify(_) => None,
    }
}

/// Writes the fleet snapshot now (without an executor's order).
fn save_snapshot(path: &std::path::Path, source: &crate::app::events::SaveSource) {
    let now = chrono::Utc::now().timestamp();
    log_snapshot(
        path,
        crate::snapshot_store::save(path, &source.0, now).map(Some),
    );
}

/// A save's outcome in the log; a failure only costs the next start its
/// "while away" events.
fn log_snapshot(path: &std::path::Path, written: std::io::Result<Option<usize>>) {
    match written {
        Ok(Some(bytes)) => tracing::debug!(bytes, path = %path.display(), "fleet snapshot saved"),
        Ok(None) => tracing::debug!(path = %path.display(), "older fleet snapshot not written"),
        Err(e) => tracing::warn!(error = %e, path = %path.display(), "fleet snapshot not saved"),
    }
}

/// The resource an edit form's request changes, as the API has it now: its
/// kind's GET by id (`Api::fetch_one`; an empty batch when it is gone, or
/// for a request that edits nothing).
async fn reread(client: &Client, submit: &FormSubmit) -> Result<Batch, ApiError> {
    let api = submit.tab().api();
    match (submit.edited(), submit.locality(), api) {
        (Some(id), Some(at), Some(api)) => (api.fetch_one)(client, at, id).await,
        _ => Ok(Batch::Servers(Vec::new())),
    }
}

/// Lists `tab`'s kind in every zone (or region) of `scope` concurrently;
/// `None` for a view, which has no API.
pub async fn fetch(client: &Client, tab: Tab, scope: ZoneScope, reuse: &Reuse) -> Option<Fetched> {
    let api = tab.api()?;
    let (zones, regions) = (scope.zones(api.product), scope.regions(api.product));
    Some((api.fetch)(client, &zones, &regions, reuse).await)
}

/// Lists `tab`'s kind in one zone or region (the dashboard's unit of
/// refresh: a slow zone delays only itself). A zoned kind in a region is
/// listed in the region's zones; a regional kind in a zone, in its region.
/// `None` for a view, which has no API.
pub async fn fetch_at(client: &Client, tab: Tab, at: Locality, reuse: &Reuse) -> Option<Fetched> {
    let api = tab.api()?;
    let product = api.product;
    let (zones, regions): (Vec<Zone>, Vec<Region>) = match at {
        Locality::Zone(z) => (vec![z], vec![z.region()]),
        Locality::Region(r) => (r.zones().filter(|z| z.serves(product)).collect(), vec![r]),
    };
    Some((api.fetch)(client, &zones, &regions, reuse).await)
}

/// Performs a confirmed action and logs how it went; also says whether the
/// API rate-limited it (to every attempt of the client's back-off).
async fn run_logged(client: &Client, action: &PendingAction) -> (Result<(), UserError>, bool) {
    let result = run(client, action).await;
    let rate_limited = matches!(&result, Err(e) if e.is_rate_limited());
    let mut result = result.map_err(|e| mutation_error(&e));
    // The server is gone: its Block volumes go next, once detached.
    if let (Ok(()), Verb::DeleteWithVolumes { volumes }, Some(Locality::Zone(zone))) =
        (&result, &action.verb, action.locality)
    {
        result = crate::kinds::servers::delete_detached(client, zone, volumes).await;
    }
    if let Err(e) = &result {
        tracing::warn!(action = %action.describe(), error = %e, "action failed");
    } else {
        tracing::info!(action = %action.describe(), "action accepted");
    }
    (result, rate_limited)
}

/// Performs a confirmed action: a server action, or a delete.
async fn run(client: &Client, action: &PendingAction) -> Result<(), ApiError> {
    let missing = || ApiError::Request {
        detail: format!("{} has no known zone or region", action.name),
    };
    let zone = || match action.locality {
        Some(Locality::Zone(z)) => Ok(z),
        _ => Err(missing()),
    };
    let id = action.id.as_str();
    match (&action.verb, action.tab) {
        (Verb::Power(name), _) => {
            let request = ServerActionRequest {
                action: ServerAction::from(name.as_str()),
                name: None,
                volumes: None,
                disable_ipv6: None,
            };
            instance::server_action(client, zone()?, id, &request)
                .await
                .map(|_task| ())
        }
        // detach-volume rather than a PATCH of the whole volumes map: the
        // server keeps every other volume without us re-sending the map, so a
        // volume attached meanwhile cannot be lost.
        (Verb::DetachVolume { server_id, .. }, _) => {
            let request = DetachVolumeRequest {
                volume_id: id.to_string(),
            };
            instance::detach_volume(client, zone()?, server_id, &request)
                .await
                .map(drop)
        }
        (Verb::LeaveNetwork { nic_id, .. }, _) => {
            instance::delete_private_nic(client, zone()?, id, nic_id).await
        }
        // The server first; its volumes follow in `run_logged`.
        (Verb::DeleteWithVolumes { .. }, _) => instance::delete_server(client, zone()?, id).await,
        (Verb::Delete, tab) => {
            let at = action.locality.ok_or_else(missing)?;
            let api = tab.api().ok_or_else(missing)?;
            (api.delete)(client, at, id).ok_or_else(missing)?.await
        }
    }
}

/// Sends a form's request through the typed endpoint it names; the API's
/// answer body is not needed (the tab is refreshed after).
async fn submit_form(client: &Client, submit: &FormSubmit) -> Result<Applied, SubmitError> {
    use FormSubmit as F;
    let result = match submit {
        F::CreateServer {
            zone,
            request,
            power_on,
        } => return create_server(client, *zone, request, *power_on).await,
        F::UpdateServer { zone, id, request }
        | F::AttachVolume {
            zone,
            server_id: id,
            request,
            ..
        } => instance::update_server(client, *zone, id, request)
            .await
            .map(drop),
        F::CreateVolume { zone, request } => {
            block::create_volume(client, *zone, request).await.map(drop)
        }
        F::UpdateVolume { zone, id, request } => block::update_volume(client, *zone, id, request)
            .await
            .map(drop),
        F::CreateSecurityGroup { zone, request } => {
            instance::create_security_group(client, *zone, request)
                .await
                .map(drop)
        }
        F::UpdateSecurityGroup { zone, id, request } => {
            instance::update_security_group(client, *zone, id, request)
                .await
                .map(drop)
        }
        F::SetRules {
            zone,
            security_group_id,
            request,
        } => instance::set_rules(client, *zone, security_group_id, request)
            .await
            .map(drop),
        F::CreatePrivateNic {
            zone,
            server_id,
            request,
        } => instance::create_private_nic(client, *zone, server_id, request)
            .await
            .map(drop),
        F::CreatePrivateNetwork { region, request } => {
            vpc::create_private_network(client, *region, request)
                .await
                .map(drop)
        }
        F::UpdatePrivateNetwork {
            region,
            id,
            request,
        } => vpc::update_private_network(client, *region, id, request)
            .await
            .map(drop),
        F::CreateVpc { region, request } => {
            vpc::create_vpc(client, *region, request).await.map(drop)
        }
        F::UpdateVpc {
            region,
            id,
            request,
        } => vpc::update_vpc(client, *region, id, request)
            .await
            .map(drop),
    };
    result
        .map(|()| Applied::default())
        .map_err(|e| submit_error(&e))
}

/// Creates a server and, if asked, powers it on. A failed power-on is not a
/// failed submit: the server exists, and the form must not offer to create it
/// again.
async fn create_server(
    client: &Client,
    zone: Zone,
    request: &CreateServerRequest,
    power_on: bool,
) -> Result<Applied, SubmitError> {
    let server = instance::create_server(client, zone, request)
        .await
        .map_err(|e| submit_error(&e))?;
    if !power_on {
        return Ok(Applied::default());
    }
    let action = ServerActionRequest {
        action: ServerAction::Poweron,
        name: None,
        volumes: None,
        disable_ipv6: None,
    };
    let follow_up_error = match instance::server_action(client, zone, &server.id, &action).await {
        Ok(_task) => None,
        Err(e) => {
            tracing::warn!(server = %server.id, error = %e, "power-on after create failed");
            Some(mutation_error(&e).message)
        }
    };
    Ok(Applied { follow_up_error })
}

fn submit_error(e: &ApiError) -> SubmitError {
    let mut error = SubmitError::from_api(e);
    if e.outcome_unknown() {
        error.message = unknown_outcome(e);
    }
    error
}

/// Forwards the client's back-off events to the loop as `Action::Backoff`,
/// and clears the message once no new event came for the announced delay.
pub async fn forward_backoff(mut rx: UnboundedReceiver<BackoffEvent>, tx: UnboundedSender<Action>) {
    let mut clear_after: Option<Duration> = None;
    loop {
        let event = match clear_after {
            Some(wait) => match tokio::time::timeout(wait, rx.recv()).await {
                Ok(e) => e,
                Err(_) => {
                    clear_after = None;
                    if tx.send(Action::Backoff(None)).is_err() {
                        return;
                    }
                    continue;
                }
            },
            None => rx.recv().await,
        };
        let Some(event) = event else { return };
        tracing::info!(%event, path = %event.path, "backing off");
        clear_after = Some(event.delay + Duration::from_secs(1));
        if tx.send(Action::Backoff(Some(event.to_string()))).is_err() {
            return;
        }
    }
}
