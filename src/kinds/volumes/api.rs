//! The volumes' calls: the dashboard's fetch (summaries, each reusing what
//! the last fetch decoded), `scwdash list volumes` and delete.

use crate::api::fanout::fan_out;
use crate::api::locality::{Product, Zone};
use crate::api::models::Volume;
use crate::api::{ApiError, Client, block};
use crate::app::{Batch, Locality};
use crate::exec::Reuse;
use crate::kinds::{Fetched, collect};
use crate::list::{Listing, Scope, format_gb};

/// Lists the volumes of `zones`, reusing what the last fetch of each decoded.
pub(super) async fn fetch(client: &Client, zones: &[Zone], reuse: &Reuse) -> Fetched {
    let r = fan_out(zones, |z| {
        let known = Reuse::get(&reuse.volumes, z);
        async move {
            let listed = block::list_volume_summaries(client, z, &known).await?;
            Ok(Reuse::keep(&reuse.volumes, z, listed))
        }
    })
    .await;
    let (v, e) = collect(r, Locality::Zone);
    (Batch::Volumes(v), e)
}

/// `scwdash list volumes`.
pub(super) async fn list(client: &Client, scope: &Scope) -> Listing {
    let mut l = Listing::new(&[
        "ID",
        "NAME",
        "STATUS",
        "SIZE (GB)",
        "IOPS",
        "SERVER",
        "ZONE",
    ]);
    let zones = scope.zones_serving(Product::Block);
    let results = fan_out(&zones, |z| block::list_volumes(client, z)).await;
    l.absorb(results, volume_row);
    l
}

fn volume_row(_: Zone, v: &Volume) -> Vec<String> {
    vec![
        v.id.clone(),
        v.name.clone(),
        v.status.to_string(),
        format_gb(v.size),
        v.iops_class().map_or("-".to_string(), |i| i.to_string()),
        v.attached_server_id().unwrap_or("-").to_string(),
        v.zone.clone(),
    ]
}

pub(super) async fn delete(client: &Client, zone: Zone, id: &str) -> Result<(), ApiError> {
    block::delete_volume(client, zone, id).await
}
