//! A VPC's detail lines, with the private networks it holds.

use crate::app::State;
use crate::app::details::{Lines, push, push_list};

pub(super) fn lines(state: &State, id: &str) -> Option<Lines> {
    let inv = &state.inventory;
    let v = inv.vpcs.get(id)?;
    let mut l = Lines::new();
    push(&mut l, "region", v.region.clone());
    push(&mut l, "default", if v.is_default { "yes" } else { "no" });
    push(
        &mut l,
        "routing",
        if v.routing_enabled { "on" } else { "off" },
    );
    let mut nets: Vec<String> = inv
        .private_networks
        .values()
        .filter(|p| p.vpc_id == v.id)
        .map(|p| {
            let subnets: Vec<&str> = p.subnets.iter().map(|s| s.subnet.as_str()).collect();
            format!("{} {}", p.name, subnets.join(", "))
        })
        .collect();
    nets.sort();
    push_list(&mut l, "networks", nets, "none");
    if !v.tags.is_empty() {
        push(&mut l, "tags", v.tags.join(", "));
    }
    Some(l)
}
