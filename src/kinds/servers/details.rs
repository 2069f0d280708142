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
                    v.name().unwrap_or(&v.id),
                    v.size().map(gb).unwrap_or_default(),
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
    server_volumes_named(state, s)
        .into_iter()
        .map(|v| match v.kind {
            VolumeServerType::LSsd | VolumeServerType::Scratch => {
                format!("{} is DELETED", v.describe())
            }
            _ => format!("{} is detached and kept", v.describe()),
        })
        .collect()
}

/// One of a server's volumes, named for a dialog.
pub struct NamedVolume {
    pub id: String,
    /// The Block volume's name (or a local volume's), else its id.
    pub name: String,
    pub kind: VolumeServerType,
    /// Bytes, when known (Block volumes from the Block API).
    pub size: Option<u64>,
}

impl NamedVolume {
    /// Whether the Block API holds it (deleted there, once detached).
    pub fn is_block(&self) -> bool {
        matches!(
            self.kind,
            VolumeServerType::SbsVolume | VolumeServerType::BSsd
        )
    }

    /// `web-1-root (20 GB)`, `scratch-0 (l_ssd, 20 GB)`.
    pub fn describe(&self) -> String {
        let size = self.size.map(gb);
        let kind = (!self.is_block()).then(|| self.kind.as_str().to_string());
        let what: Vec<String> = kind.into_iter().chain(size).collect();
        if what.is_empty() {
            self.name.clone()
        } else {
            format!("{} ({})", self.name, what.join(", "))
        }
    }
}

/// A server's volumes in slot order, named from the Block API where it
/// knows them.
pub fn server_volumes_named(state: &State, s: &ServerSummary) -> Vec<NamedVolume> {
    s.volumes_in_order()
        .map(|(_, v)| {
            let block = state.inventory.volumes.get(&v.id);
            NamedVolume {
                id: v.id.to_string(),
                name: v.label(block.map(|b| &**b)),
                kind: v.volume_type.clone(),
                size: block.map(|b| b.size).or(v.size()),
            }
        })
        .collect()
}

/// What deleting the server does to each volume: the API detaches them and
/// keeps them; `with_volumes` then deletes the Block ones (local volumes
/// are not Block volumes and stay: the scw CLI's `with-volumes=block`).
pub fn delete_consequences(state: &State, server_id: &str, with_volumes: bool) -> Vec<String> {
    let Some(s) = state.inventory.servers.get(server_id) else {
        return Vec::new();
    };
    server_volumes_named(state, s)
        .into_iter()
        .map(|v| match (with_volumes, v.is_block()) {
            (true, true) => format!("{} is DELETED once detached", v.describe()),
            (true, false) => format!("{} is kept: only Block volumes go with it", v.describe()),
            (false, _) => format!("{} is detached and kept", v.describe()),
        })
        .collect()
}
