//! The dashboard's I/O: performs the `Effect`s that `app::update` returns and
//! answers with `Action`s on the loop's channel. Every effect runs as its own
//! tokio task, so the loop never waits for the network. List fetches fan out
//! over the scope's zones (or regions) concurrently; a failing locality is
//! reported next to the data of the others.

use std::future::Future;
use std::io::Write;
use std::sync::Arc;
use std::time::Duration;

use futures::future::join_all;
use tokio::sync::mpsc::{UnboundedReceiver, UnboundedSender};

use crate::api::locality::{Region, Zone, ZoneScope};
use crate::api::models::{
    PrivateNetwork, SecurityGroup, SecurityGroupRule, Server, ServerType, TaskResponse, Volume, Vpc,
};
use crate::api::{ApiError, BackoffEvent, Client};
use crate::app::{Action, Batch, Effect, Locality, Outcome, PendingAction, Tab, UserError, Verb};
use crate::event::Executor;

/// An API failure in the status line's words, with the fields it blames.
pub fn user_error(e: &ApiError) -> UserError {
    UserError {
        message: e.to_string(),
        fields: e.fields(),
    }
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
}

impl ApiExecutor {
    pub fn new(client: Client, clipboard: Clipboard) -> Self {
        ApiExecutor { client, clipboard }
    }
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
        let client = self.client.clone();
        let tx = tx.clone();
        tokio::spawn(async move {
            if let Some(action) = perform(&client, effect).await {
                // The loop has ended when the receiver is gone; nothing to tell.
                let _ = tx.send(action);
            }
        });
    }
}

/// Performs one effect and returns the action that answers it.
pub async fn perform(client: &Client, effect: Effect) -> Option<Action> {
    match effect {
        Effect::Fetch {
            request,
            tab,
            scope,
        } => {
            let (batch, errors) = fetch(client, tab, scope).await;
            Some(Action::Fetched {
                request,
                batch,
                errors,
            })
        }
        Effect::Run(action) => {
            let result = run(client, &action).await.map_err(|e| user_error(&e));
            if let Err(e) = &result {
                tracing::warn!(action = %action.describe(), error = %e, "action failed");
            } else {
                tracing::info!(action = %action.describe(), "action accepted");
            }
            Some(Action::Done { action, result })
        }
        Effect::Copy(_) => None,
        Effect::FetchServerTypes(zone) => {
            let result = server_types(client, zone)
                .await
                .map(Arc::new)
                .map_err(|e| user_error(&e));
            Some(Action::ServerTypes { zone, result })
        }
        Effect::FetchRules { group, zone } => {
            let result = rules(client, zone, &group)
                .await
                .map(Arc::new)
                .map_err(|e| user_error(&e));
            Some(Action::Rules { group, result })
        }
        Effect::FetchRaw { title, path } => {
            let result = client
                .get_raw(&path)
                .await
                .map(|v| serde_json::to_string_pretty(&v).unwrap_or_default())
                .map_err(|e| user_error(&e));
            Some(Action::Raw { title, result })
        }
    }
}

/// Lists `tab`'s kind in every zone (or region) of `scope` concurrently.
pub async fn fetch(
    client: &Client,
    tab: Tab,
    scope: ZoneScope,
) -> (Batch, Vec<(Locality, UserError)>) {
    let zones = scope.zones();
    let regions = scope.regions();
    match tab {
        Tab::Servers => {
            let (v, e) = per_zone(&zones, |z| {
                list::<Server>(client, instance(z, "servers"), "servers", false)
            })
            .await;
            (Batch::Servers(v), e)
        }
        Tab::Volumes => {
            let (v, e) = per_zone(&zones, |z| {
                list::<Volume>(client, block(z, "volumes"), "volumes", true)
            })
            .await;
            (Batch::Volumes(v), e)
        }
        Tab::SecurityGroups => {
            let (v, e) = per_zone(&zones, |z| {
                list::<SecurityGroup>(
                    client,
                    instance(z, "security_groups"),
                    "security_groups",
                    false,
                )
            })
            .await;
            (Batch::SecurityGroups(v), e)
        }
        Tab::PrivateNetworks => {
            let (v, e) = per_region(&regions, |r| {
                list::<PrivateNetwork>(client, vpc(r, "private-networks"), "private_networks", true)
            })
            .await;
            (Batch::PrivateNetworks(v), e)
        }
        Tab::Vpcs => {
            let (v, e) = per_region(&regions, |r| {
                list::<Vpc>(client, vpc(r, "vpcs"), "vpcs", true)
            })
            .await;
            (Batch::Vpcs(v), e)
        }
    }
}

fn instance(zone: Zone, what: &str) -> String {
    format!("/instance/v1/zones/{zone}/{what}")
}

fn block(zone: Zone, what: &str) -> String {
    format!("/block/v1/zones/{zone}/{what}")
}

fn vpc(region: Region, what: &str) -> String {
    format!("/vpc/v2/regions/{region}/{what}")
}

async fn list<T: serde::de::DeserializeOwned + Send>(
    client: &Client,
    path: String,
    key: &str,
    body_paged: bool,
) -> Result<Vec<T>, ApiError> {
    if body_paged {
        client.list_paged(&path, &[], key).await
    } else {
        client.list_instance(&path, &[], key).await
    }
}

async fn per_zone<T, F, Fut>(zones: &[Zone], call: F) -> (Vec<Arc<T>>, Vec<(Locality, UserError)>)
where
    F: Fn(Zone) -> Fut,
    Fut: Future<Output = Result<Vec<T>, ApiError>>,
{
    let results = join_all(zones.iter().map(|&z| call(z))).await;
    collect(zones.iter().map(|&z| Locality::Zone(z)).zip(results))
}

async fn per_region<T, F, Fut>(
    regions: &[Region],
    call: F,
) -> (Vec<Arc<T>>, Vec<(Locality, UserError)>)
where
    F: Fn(Region) -> Fut,
    Fut: Future<Output = Result<Vec<T>, ApiError>>,
{
    let results = join_all(regions.iter().map(|&r| call(r))).await;
    collect(regions.iter().map(|&r| Locality::Region(r)).zip(results))
}

/// Every model in its own `Arc` (shared by the table row and the inventory),
/// and the errors by locality.
fn collect<T>(
    results: impl Iterator<Item = (Locality, Result<Vec<T>, ApiError>)>,
) -> (Vec<Arc<T>>, Vec<(Locality, UserError)>) {
    let mut items = Vec::new();
    let mut errors = Vec::new();
    for (locality, result) in results {
        match result {
            Ok(v) => items.extend(v.into_iter().map(Arc::new)),
            Err(e) => {
                tracing::warn!(%locality, error = %e, "list failed");
                errors.push((locality, user_error(&e)));
            }
        }
    }
    (items, errors)
}

async fn server_types(
    client: &Client,
    zone: Zone,
) -> Result<std::collections::BTreeMap<String, ServerType>, ApiError> {
    let pairs = client
        .list_instance_map(&instance(zone, "products/servers"), &[], "servers")
        .await?;
    Ok(pairs.into_iter().collect())
}

async fn rules(
    client: &Client,
    zone: Zone,
    group: &str,
) -> Result<Vec<SecurityGroupRule>, ApiError> {
    client
        .list_instance(
            &instance(zone, &format!("security_groups/{group}/rules")),
            &[],
            "rules",
        )
        .await
}

/// Performs a confirmed action: a server action, or a delete.
async fn run(client: &Client, action: &PendingAction) -> Result<(), ApiError> {
    let zone = match action.locality {
        Some(Locality::Zone(z)) => Some(z),
        _ => None,
    };
    let region = match action.locality {
        Some(Locality::Region(r)) => Some(r),
        Some(Locality::Zone(z)) => Some(z.region()),
        None => None,
    };
    let missing = || ApiError::Request {
        detail: format!("{} has no known zone or region", action.name),
    };
    let id = &action.id;
    match (&action.verb, action.tab) {
        (Verb::Power(name), _) => {
            let zone = zone.ok_or_else(missing)?;
            let body = serde_json::json!({ "action": name });
            let _: TaskResponse = client
                .post(&instance(zone, &format!("servers/{id}/action")), &body)
                .await?;
            Ok(())
        }
        (Verb::Delete, Tab::Servers) => {
            client
                .delete(&instance(
                    zone.ok_or_else(missing)?,
                    &format!("servers/{id}"),
                ))
                .await
        }
        (Verb::Delete, Tab::Volumes) => {
            client
                .delete(&block(zone.ok_or_else(missing)?, &format!("volumes/{id}")))
                .await
        }
        (Verb::Delete, Tab::SecurityGroups) => {
            client
                .delete(&instance(
                    zone.ok_or_else(missing)?,
                    &format!("security_groups/{id}"),
                ))
                .await
        }
        (Verb::Delete, Tab::PrivateNetworks) => {
            client
                .delete(&vpc(
                    region.ok_or_else(missing)?,
                    &format!("private-networks/{id}"),
                ))
                .await
        }
        (Verb::Delete, Tab::Vpcs) => {
            client
                .delete(&vpc(region.ok_or_else(missing)?, &format!("vpcs/{id}")))
                .await
        }
    }
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
