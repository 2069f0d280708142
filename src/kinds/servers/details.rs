//! A server's detail lines: its type with the catalogue's price, its Block
//! volumes and its NICs' network names, joined from the inventory.

use crate::api::locality::Zone;
use crate::api::models::{ServerSummary, VolumeServerType};
use crate::app::State;
use crate::app::details::{Lines, push, push_list};
use crate::app::private_ips::describe as describe_ips;
use crate::app::rows::{euros, gb, iops, ram};

pub(super) fn lines(state: &State, id: &str) -> Option<Lines> {
    let inv = &state.inventory;
    let s = inv.servers.get(id)?;
    let mut l = Lines::new();
    let mut st = s.state.as_str().to_string();
    if !s.state_detail.is_empty() && s.state_detail != st {
        st.push_str(&format!(" ({})", s.state_detail));
    }
    push(&mut l, "state", st);
    let kind = match inv.server_type(s) {
        Some(t) => format!(
            "{} · {} vCPU · {} RAM · {}/hour · {}/month",
            s.commercial_type,
            t.ncpus,
            ram(t.ram),
            euros(t.hourly_price),
            euros(t.monthly_cost())
        ),
        None => s.commercial_type.to_string(),
    };
    push(&mut l, "type", kind);
    if let Some(cost) = inv.joins.costs.server(&s.id) {
        push(&mut l, "cost", cost.describe());
    }
    push(&mut l, "zone", s.zone.clone());
    let ips = s.public_addresses();
    push(
        &mut l,
        "public ip",
        if ips.is_empty() {
            "none".to_string()
        } else {
            ips.join(", ")
        },
    );
    if let Some(image) = &s.image {
        push(&mut l, "image", image.name.to_string());
    }
    if let Some(g) = &s.security_group {
        push(&mut l, "security group", g.name.to_string());
    }
    push_list(&mut l, "volumes", server_volumes(state, s), "none");
    // Each NIC on two lines: its network, then its addresses (IPAM).
    let region = s.zone.parse::<Zone>().ok().map(Zone::region);
    let nics = s
        .private_nics
        .iter()
        .flat_map(|n| {
            let name = inv
                .private_networks
                .get(n.private_network_id.as_str())
                .map_or(n.private_network_id.as_str(), |p| p.name.as_str());
            [
                format!("{name} · {} · {}", n.state.as_str(), n.mac_address),
                format!("  {}", describe_ips(&inv.private_ips, &n.id, region)),
            ]
        })
        .collect();
    push_list(&mut l, "private nics", nics, "none");
    if let Some(ip) = &s.private_ip {
        push(&mut l, "private ip", ip.clone());
    }
    if !s.tags.is_empty() {
        push(&mut l, "tags", s.tags.join(", "));
    }
    push(&mut l, "created", crate::app::rows::when(&s.creation_date));
    Some(l)
}

/// A server's volumes, Block ones with the name, size and IOPS the Block API
/// reports.
fn server_volumes(state: &State, s: &ServerSummary) -> Vec<String> {
    s.volumes_in_order()
        .map(|(slot, v)| {
            let boot = if v.boot { " (boot)" } else { "" };
            match state.inventory.volumes.get(&v.id) {
                Some(b) => format!(
                    "{slot}: {} {} {}{}{boot}",
                    b.name,
                    gb(b.size),
                    b.volume_type.as_str(),
                    b.iops_class()
                        .map(|i| format!(" {} IOPS", iops(i)))
                        .unwrap_or_default()
                ),
                None => format!(
                    "{slot}: {} {} {}{boot}",
                    v.name.as_deref().unwrap_or(&v.id),
                    v.size.map(gb).unwrap_or_default(),
                    v.volume_type.as_str()
                ),
            }
        })
        .collect()
}

/// What terminating `server` does to its volumes, one sentence per volume.
pub fn terminate_consequences(state: &State, server_id: &str) -> Vec<String> {
    let Some(s) = state.inventory.servers.get(server_id) else {
        return vec!["its local volumes are deleted; block volumes are detached and kept".into()];
    };
    s.volumes_in_order()
        .map(|(_, v)| {
            let name = state
                .inventory
                .volumes
                .get(&v.id)
                .map(|b| b.name.clone())
                .or_else(|| v.name.clone())
                .unwrap_or_else(|| v.id.clone());
            match v.volume_type {
                VolumeServerType::LSsd | VolumeServerType::Scratch => {
                    format!("{name} ({}) is DELETED", v.volume_type.as_str())
                }
                _ => format!("{name} ({}) is detached and kept", v.volume_type.as_str()),
            }
        })
        .collect()
}
