//! The VPCs' calls: the dashboard's fetch, `scwdash list vpcs` and delete.

use crate::api::fanout::fan_out;
use crate::api::locality::Region;
use crate::api::models::Vpc;
use crate::api::{ApiError, Client, vpc};
use crate::app::{Batch, Locality};
use crate::kinds::{Fetched, collect, shared};
use crate::list::{Listing, Scope, yes_no};

/// Lists the VPCs of `regions`.
pub(super) async fn fetch(client: &Client, regions: &[Region]) -> Fetched {
    let r = fan_out(regions, |r| vpc::list_vpcs(client, r)).await;
    let (v, e) = collect(r, Locality::Region);
    (Batch::Vpcs(shared(v)), e)
}

/// `scwdash list vpcs`.
pub(super) async fn list(client: &Client, scope: &Scope) -> Listing {
    let mut l = Listing::new(&["ID", "NAME", "DEFAULT", "PNS", "REGION"]);
    let results = fan_out(&scope.regions, |r| vpc::list_vpcs(client, r)).await;
    l.absorb(results, vpc_row);
    l
}

fn vpc_row(_: Region, v: &Vpc) -> Vec<String> {
    vec![
        v.id.clone(),
        v.name.clone(),
        yes_no(v.is_default),
        v.private_network_count.to_string(),
        v.region.clone(),
    ]
}

pub(super) async fn delete(client: &Client, region: Region, id: &str) -> Result<(), ApiError> {
    vpc::delete_vpc(client, region, id).await
}
