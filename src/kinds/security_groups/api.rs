//! The security groups' calls: the dashboard's fetch, `scwdash list
//! security-groups` and delete.

use crate::api::fanout::fan_out;
use crate::api::locality::{Product, Zone};
use crate::api::models::SecurityGroup;
use crate::api::{ApiError, Client, instance};
use crate::app::{Batch, Locality};
use crate::kinds::{Fetched, collect, shared};
use crate::list::{Listing, Scope, yes_no};

/// Lists the groups of `zones`.
pub(super) async fn fetch(client: &Client, zones: &[Zone]) -> Fetched {
    let r = fan_out(zones, |z| instance::list_security_groups(client, z)).await;
    let (v, e) = collect(r, Locality::Zone);
    (Batch::SecurityGroups(shared(v)), e)
}

/// `scwdash list security-groups`.
pub(super) async fn list(client: &Client, scope: &Scope) -> Listing {
    let mut l = Listing::new(&[
        "ID", "NAME", "INBOUND", "OUTBOUND", "STATEFUL", "SERVERS", "ZONE",
    ]);
    let zones = scope.zones_serving(Product::Instance);
    let results = fan_out(&zones, |z| instance::list_security_groups(client, z)).await;
    l.absorb(results, security_group_row);
    l
}

fn security_group_row(_: Zone, g: &SecurityGroup) -> Vec<String> {
    vec![
        g.id.clone(),
        g.name.clone(),
        g.inbound_default_policy.to_string(),
        g.outbound_default_policy.to_string(),
        yes_no(g.stateful),
        g.servers.len().to_string(),
        g.zone.clone(),
    ]
}

pub(super) async fn delete(client: &Client, zone: Zone, id: &str) -> Result<(), ApiError> {
    instance::delete_security_group(client, zone, id).await
}
