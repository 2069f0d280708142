//! The servers' calls: the dashboard's fetch (summaries, each reusing what
//! the last fetch decoded), `scwdash list servers` and delete.

use crate::api::fanout::fan_out;

use crate::api::locality::{Product, Region, Zone};
use crate::api::models::Server;
use std::time::{Duration, Instant};

use crate::api::models::VolumeStatus;
use crate::api::{ApiError, Client, block, instance, ipam};
use crate::app::{Batch, Locality, UserError};
use crate::exec::{Reuse, user_error};
use crate::kinds::{Fetched, collect};
use crate::list::{Listing, Scope, dash_if_empty};

/// Lists the servers of `zones`, reusing what the last fetch of each decoded.
pub(super) async fn fetch(client: &Client, zones: &[Zone], reuse: &Reuse) -> Fetched {
    let r = fan_out(zones, |z| {
        let known = Reuse::get(&reuse.servers, z);
        async move {
            let listed = instance::list_server_summaries(client, z, &known).await?;
            Ok(Reuse::keep(&reuse.servers, z, listed))
        }
    })
    .await;
    let (v, e) = collect(r, Locality::Zone);
    (Batch::Servers(v), e)
}

/// `scwdash list servers`: the full models, for JSON.
pub(super) async fn list(client: &Client, scope: &Scope) -> Listing {
    let mut l = Listing::new(&[
        "ID",
        "NAME",
        "STATE",
        "TYPE",
        "ZONE",
        "PUBLIC IP",
        "PRIVATE IP",
        "TAGS",
    ]);
    let zones = scope.zones_serving(Product::Instance);
    let mut regions: Vec<Region> = zones.iter().map(|z| z.region()).collect();
    regions.dedup();
    let filters = instance::ServerFilters::default();
    // The NICs' addresses live in IPAM: listed per region, alongside.
    let (results, ips) = tokio::join!(
        fan_out(&zones, |z| {
            let filters = &filters;
            async move { instance::list_servers(client, z, filters).await }
        }),
        fan_out(&regions, |r| ipam::list_private_nic_ips(client, r)),
    );
    let mut by_nic = ipam::NicAddresses::default();
    for (region, result) in ips {
        match result {
            Ok(ips) => by_nic.merge(ipam::NicAddresses::from_ips(ips)),
            Err(e) => l.notes.push((format!("{region} (private IPs)"), e)),
        }
    }
    l.absorb(results, |z, s| server_row(z, s, &by_nic));
    l
}

/// `ips`: each NIC's addresses (IPAM), IPv4 first; the cell shows the first
/// IPv4 of any NIC.
fn server_row(_: Zone, s: &Server, ips: &ipam::NicAddresses) -> Vec<String> {
    let addresses = || {
        s.private_nics
            .iter()
            .filter_map(|n| ips.get(&n.id))
            .flatten()
    };
    let private = addresses()
        .find(|a| !a.contains(':'))
        .or_else(|| addresses().next())
        .map_or("-", |a| &**a);
    vec![
        s.id.clone(),
        s.name.clone(),
        s.state.to_string(),
        s.commercial_type.clone(),
        s.zone.clone(),
        s.public_address().unwrap_or("-").to_string(),
        private.to_string(),
        dash_if_empty(s.tags.join(",")),
    ]
}

pub(super) async fn delete(client: &Client, zone: Zone, id: &str) -> Result<(), ApiError> {
    instance::delete_server(client, zone, id).await
}

/// How long a deleted server's volume may take to be detached before its
/// delete is given up (the API detaches within seconds).
const DETACH_WAIT: Duration = Duration::from_secs(120);

/// Deletes the Block `volumes` `(id, name)` of a server just deleted: the
/// API keeps them, detaching each (`in_use` while its reference says
/// `detaching`, then `available`), and a volume still attached cannot be
/// deleted (412). Each is read until it is available, then deleted, all at
/// once; this is the scw CLI's `server delete with-volumes=block`. A
/// volume already gone counts as deleted. The error names each volume left.
pub async fn delete_detached(
    client: &Client,
    zone: Zone,
    volumes: &[(String, String)],
) -> Result<(), UserError> {
    let results = futures::future::join_all(
        volumes
            .iter()
            .map(|(id, _)| delete_once_detached(client, zone, id)),
    )
    .await;
    let left: Vec<String> = volumes
        .iter()
        .zip(results)
        .filter_map(|((_, name), r)| r.err().map(|e| format!("{name}: {e}")))
        .collect();
    if left.is_empty() {
        return Ok(());
    }
    let noun = if left.len() == 1 { "volume" } else { "volumes" };
    Err(UserError::new(format!(
        "the server is deleted, but not its {noun} {}",
        left.join("; ")
    )))
}

/// Why the volume `id` could not be deleted, in words.
async fn delete_once_detached(client: &Client, zone: Zone, id: &str) -> Result<(), String> {
    let deadline = Instant::now() + DETACH_WAIT;
    let mut pause = Duration::from_millis(200);
    loop {
        match block::get_volume_summary(client, zone, id).await {
            Err(e) if e.is_not_found() => return Ok(()),
            Err(e) => return Err(user_error(&e).message),
            Ok(v) if v.status == VolumeStatus::Available => {
                return match block::delete_volume(client, zone, id).await {
                    Err(e) if !e.is_not_found() => Err(user_error(&e).message),
                    _ => Ok(()),
                };
            }
            Ok(v) if Instant::now() >= deadline => {
                return Err(format!(
                    "still {} {} s after its server was deleted",
                    v.status,
                    DETACH_WAIT.as_secs()
                ));
            }
            Ok(_) => {}
        }
        tokio::time::sleep(pause).await;
        pause = (pause * 2).min(Duration::from_secs(2));
    }
}
