//! The private networks' calls: the dashboard's fetch, `scwdash list
//! private-networks` and delete.

use crate::api::fanout::fan_out;
use crate::api::locality::Region;
use crate::api::models::PrivateNetwork;
use crate::api::{ApiError, Client, vpc};
use crate::app::{Batch, Locality};
use crate::kinds::{Fetched, collect, shared};
use crate::list::{Listing, Scope, dash_if_empty};

/// Lists the networks of `regions`.
pub(super) async fn fetch(client: &Client, regions: &[Region]) -> Fetched {
    let r = fan_out(regions, |r| vpc::list_private_networks(client, r)).await;
    let (v, e) = collect(r, Locality::Region);
    (Batch::PrivateNetworks(shared(v)), e)
}

/// `scwdash list private-networks`.
pub(super) async fn list(client: &Client, scope: &Scope) -> Listing {
    let mut l = Listing::new(&["ID", "NAME", "SUBNETS", "VPC", "REGION"]);
    let results = fan_out(&scope.regions, |r| vpc::list_private_networks(client, r)).await;
    l.absorb(results, pn_row);
    l
}

fn pn_row(_: Region, p: &PrivateNetwork) -> Vec<String> {
    let subnets: Vec<&str> = p.subnets.iter().map(|s| s.subnet.as_str()).collect();
    vec![
        p.id.clone(),
        p.name.clone(),
        dash_if_empty(subnets.join(",")),
        p.vpc_id.clone(),
        p.region.clone(),
    ]
}

pub(super) async fn delete(client: &Client, region: Region, id: &str) -> Result<(), ApiError> {
    vpc::delete_private_network(client, region, id).await
}
