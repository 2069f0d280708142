//! The detail pane's content, joined across APIs at render time from the
//! inventory: a server's Block volumes and network names, a volume's server,
//! a group's rules and servers, a network's VPC and attached servers, a VPC's
//! networks. Pure: reads the state, computes lines.

use crate::api::models::{RuleDirection, SecurityGroupRule, ServerSummary, VolumeServerType};

use super::rows::{euros, gb, iops, ram};
use super::{State, Tab};

/// `(label, value)` lines; a label of `""` continues the previous one.
pub type Lines = Vec<(String, String)>;

fn push(lines: &mut Lines, label: &str, value: impl Into<String>) {
    lines.push((label.to_string(), value.into()));
}

/// Several values under one label, one per line.
fn push_list(lines: &mut Lines, label: &str, values: Vec<String>, empty: &str) {
    if values.is_empty() {
        push(lines, label, empty);
    }
    for (i, v) in values.into_iter().enumerate() {
        push(lines, if i == 0 { label } else { "" }, v);
    }
}

/// The joined details of the object `id` shown on `tab`, or `None` when the
/// inventory does not hold it (a test row, or data not loaded yet).
pub fn lines(state: &State, tab: Tab, id: &str) -> Option<Lines> {
    match tab {
        Tab::Servers => server(state, id),
        Tab::Volumes => volume(state, id),
        Tab::SecurityGroups => security_group(state, id),
        Tab::PrivateNetworks => private_network(state, id),
        Tab::Vpcs => vpc(state, id),
    }
}

fn server(state: &State, id: &str) -> Option<Lines> {
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
    let nics = s
        .private_nics
        .iter()
        .map(|n| {
            let net = inv.private_networks.get(n.private_network_id.as_str());
            let name = net.map_or(n.private_network_id.as_str(), |p| p.name.as_str());
            let subnet = net
                .and_then(|p| p.ipv4_subnet())
                .map(|s| format!(" {s}"))
                .unwrap_or_default();
            format!("{name}{subnet} · {} · {}", n.mac_address, n.state.as_str())
        })
        .collect();
    push_list(&mut l, "private nics", nics, "none");
    if let Some(ip) = &s.private_ip {
        push(&mut l, "private ip", ip.clone());
    }
    if !s.tags.is_empty() {
        push(&mut l, "tags", s.tags.join(", "));
    }
    push(&mut l, "created", s.creation_date.clone());
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

fn volume(state: &State, id: &str) -> Option<Lines> {
    let inv = &state.inventory;
    let v = inv.volumes.get(id)?;
    let mut l = Lines::new();
    push(&mut l, "status", v.status.as_str());
    push(&mut l, "size", gb(v.size));
    let class = v
        .iops_class()
        .map(|i| format!("{} ({} IOPS)", v.volume_type.as_str(), iops(i)))
        .unwrap_or_else(|| v.volume_type.as_str().to_string());
    push(&mut l, "type", class);
    push(&mut l, "zone", v.zone.clone());
    let server = match v.attached_server_id() {
        Some(sid) => match inv.servers.get(sid) {
            Some(s) => format!("{} ({})", s.name, s.state.as_str()),
            None => sid.to_string(),
        },
        None => "not attached".to_string(),
    };
    push(&mut l, "server", server);
    if let Some(last) = &v.last_detached_at {
        push(&mut l, "last detached", last.clone());
    }
    if !v.tags.is_empty() {
        push(&mut l, "tags", v.tags.join(", "));
    }
    push(&mut l, "created", v.created_at.clone());
    Some(l)
}

/// `inbound accept TCP 22 from 0.0.0.0/0`
pub fn rule_line(r: &SecurityGroupRule) -> String {
    let ports = match r.ports() {
        Some(p) if p.start() == p.end() => format!(" {}", p.start()),
        Some(p) => format!(" {}-{}", p.start(), p.end()),
        None => String::new(),
    };
    let peer = match r.direction {
        RuleDirection::Outbound => "to",
        _ => "from",
    };
    format!(
        "{} {} {}{ports} {peer} {}",
        r.direction.as_str(),
        r.action.as_str(),
        r.protocol.as_str(),
        r.ip_range
    )
}

fn security_group(state: &State, id: &str) -> Option<Lines> {
    let inv = &state.inventory;
    let g = inv.security_groups.get(id)?;
    let mut l = Lines::new();
    push(
        &mut l,
        "policies",
        format!(
            "inbound {} · outbound {} · {}",
            g.inbound_default_policy.as_str(),
            g.outbound_default_policy.as_str(),
            if g.stateful { "stateful" } else { "stateless" }
        ),
    );
    push(&mut l, "zone", g.zone.clone());
    if let Some(d) = g.description.as_deref().filter(|d| !d.is_empty()) {
        push(&mut l, "description", d);
    }
    match inv.rules.get(id) {
        Some(rules) => {
            let mut sorted: Vec<&SecurityGroupRule> = rules.iter().collect();
            sorted.sort_by_key(|r| (r.direction.as_str().to_string(), r.position));
            push_list(
                &mut l,
                "rules",
                sorted.into_iter().map(rule_line).collect(),
                "none (the default policies apply)",
            );
        }
        None => push(&mut l, "rules", format!("{} loading…", state.spinner())),
    }
    let servers = g
        .servers
        .iter()
        .map(|r| match inv.servers.get(&r.id) {
            Some(s) => format!("{} ({})", s.name, s.state.as_str()),
            None if !r.name.is_empty() => r.name.clone(),
            None => r.id.clone(),
        })
        .collect();
    push_list(&mut l, "servers", servers, "none");
    Some(l)
}

fn private_network(state: &State, id: &str) -> Option<Lines> {
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
                .map(move |n| format!("{} · {} · {}", s.name, n.mac_address, n.state.as_str()))
        })
        .collect();
    attached.sort();
    push_list(&mut l, "servers", attached, "none");
    if !p.tags.is_empty() {
        push(&mut l, "tags", p.tags.join(", "));
    }
    Some(l)
}

fn vpc(state: &State, id: &str) -> Option<Lines> {
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
