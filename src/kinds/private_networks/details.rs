//! A private network's detail lines: its VPC, subnets and attached servers
//! with their NICs' addresses (IPAM).

use crate::api::locality::Region;
use crate::app::State;
use crate::app::details::{Lines, push, push_list};
use crate::app::private_ips::describe as describe_ips;

pub(super) fn lines(state: &State, id: &str) -> Option<Lines> {
    let inv = &state.inventory;
    let p = inv.private_networks.get(id)?;
    let mut l = Lines::new();
    push(&mut l, "region", p.region.clone());
    let vpc = inv
        .vpcs
        .get(&p.vpc_id)
        .map_or_else(|| p.vpc_id.clone(), |v| v.name.clone());
    push(&mut l, "vpc", vpc);
    push_list(
        &mut l,
        "subnets",
        p.subnets.iter().map(|s| s.subnet.clone()).collect(),
        "none",
    );
    push(&mut l, "dhcp", if p.dhcp_enabled { "on" } else { "off" });
    let region = p.region.parse::<Region>().ok();
    let mut attached: Vec<String> = inv
        .joins
        .network_servers
        .get(&p.id)
        .into_iter()
        .flatten()
        .flat_map(|s| {
            s.private_nics
                .iter()
                .filter(|n| n.private_network_id == p.id)
                .map(move |n| {
                    let ips = describe_ips(&inv.private_ips, &n.id, region);
                    format!("{} · {ips} · {}", s.name, n.state.as_str())
                })
        })
        .collect();
    attached.sort();
    push_list(&mut l, "servers", attached, "none");
    // A network spans its region's zones; only the zone in view was listed.
    if let crate::api::locality::ZoneScope::One(zone) = state.zone {
        push(
            &mut l,
            "",
            format!("(servers in {zone} only; zone \"all\" lists every zone)"),
        );
    }
    if !p.tags.is_empty() {
        push(&mut l, "tags", p.tags.join(", "));
    }
    Some(l)
}
