//! How the fleet is wired, as a tree (k9s xray): region -> VPC -> private
//! network (its subnets) -> server (state, private IPs) -> its volumes and
//! security group. Servers with no private network hang under the region's
//! "public only" node; a server on two networks appears under both.
//! Orphans (networks without NICs, volumes attached to nothing, groups no
//! server uses: the leaks of those kinds) have their own branch.
//!
//! The tree is data built from the inventory; which branches are open and the
//! filter are the view's (`view.rs`), which flattens the tree into the rows
//! on screen.

pub mod view;

use std::collections::BTreeMap;
use std::sync::Arc;

use crate::api::locality::Zone;
use crate::api::models::{PrivateNetwork, ServerSummary, Vpc};
use crate::app::Tab;
use crate::app::cost::leaks::{Leak, LeakKind};
use crate::app::inventory::Inventory;
use crate::app::rows::{gb, iops};
use crate::kinds::servers::row::state_class;
use crate::theme::RowClass;

/// What a node stands for (its glyph and whether it opens by default).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum NodeKind {
    Region,
    Vpc,
    Network,
    /// The servers of a region with no private network.
    PublicOnly,
    Server,
    Volume,
    SecurityGroup,
    /// The orphans' branch, and each of its sections.
    Orphans,
    OrphanSection,
}

/// One node of the tree.
#[derive(Debug, Clone, PartialEq)]
pub struct Node {
    /// Its path from the root (`region:fr-par/vpc:<id>/pn:<id>`): what stays
    /// open or selected across refreshes.
    pub key: String,
    pub kind: NodeKind,
    /// A name from the API, or the node's own words ("public only").
    pub name: String,
    /// State, addresses, sizes: muted beside the name.
    pub detail: String,
    /// The colour of its state.
    pub class: RowClass,
    /// Where Enter (on a leaf) and `u` go: the resource in its tab.
    pub target: Option<(Tab, String)>,
    pub children: Vec<Node>,
}

impl Node {
    fn branch(key: String, kind: NodeKind, name: impl Into<String>, detail: String) -> Node {
        Node {
            key,
            kind,
            name: name.into(),
            detail,
            class: RowClass::Neutral,
            target: None,
            children: Vec::new(),
        }
    }

    /// Whether the node starts open: every branch but servers (whose volumes
    /// and group would triple the tree).
    pub fn open_by_default(&self) -> bool {
        self.kind != NodeKind::Server
    }
}

/// The whole tree of the inventory: one node per region, then the orphans
/// (the leaks of the orphan kinds, `cost::leaks::find`).
pub fn build(fleet: &Inventory, leaks: &[Leak]) -> Vec<Node> {
    let mut regions: BTreeMap<String, Node> = BTreeMap::new();
    let mut vpcs: Vec<&Arc<Vpc>> = fleet.vpcs.values().collect();
    vpcs.sort_by(|a, b| a.name.cmp(&b.name).then_with(|| a.id.cmp(&b.id)));
    for vpc in vpcs {
        let r = region(&mut regions, &vpc.region);
        let key = format!("{}/vpc:{}", r.key, vpc.id);
        let default = if vpc.is_default { "default" } else { "" };
        let mut node = Node::branch(key, NodeKind::Vpc, vpc.name.clone(), default.to_string());
        node.target = Some((Tab::Vpcs, vpc.id.clone()));
        r.children.push(node);
    }
    let mut networks: Vec<&Arc<PrivateNetwork>> = fleet.private_networks.values().collect();
    networks.sort_by(|a, b| a.name.cmp(&b.name).then_with(|| a.id.cmp(&b.id)));
    for pn in networks {
        let r = region(&mut regions, &pn.region);
        let vpc = vpc_node(r, &pn.vpc_id);
        let mut node = network(fleet, pn, &vpc.key);
        node.children = servers_on(fleet, pn, &node.key);
        vpc.children.push(node);
    }
    let mut public: Vec<&Arc<ServerSummary>> = fleet
        .servers
        .values()
        .filter(|s| s.private_nics.is_empty())
        .collect();
    public.sort_by(|a, b| a.name.cmp(&b.name).then_with(|| a.id.cmp(&b.id)));
    for s in public {
        let Ok(zone) = s.zone.parse::<Zone>() else {
            continue;
        };
        let r = region(&mut regions, zone.region().as_str());
        let key = format!("{}/public", r.key);
        if r.children.last().is_none_or(|n| n.key != key) {
            r.children.push(Node::branch(
                key.clone(),
                NodeKind::PublicOnly,
                "public only",
                "no private network".to_string(),
            ));
        }
        if let Some(node) = r.children.last_mut() {
            node.children.push(server(fleet, s, &key, None));
        }
    }
    let mut tree: Vec<Node> = regions.into_values().collect();
    for r in &mut tree {
        r.detail = summary(r);
    }
    if let Some(orphans) = orphans(leaks) {
        tree.push(orphans);
    }
    tree
}

/// The node of the region `name`, added when new.
fn region<'a>(regions: &'a mut BTreeMap<String, Node>, name: &str) -> &'a mut Node {
    regions.entry(name.to_string()).or_insert_with(|| {
        Node::branch(
            format!("region:{name}"),
            NodeKind::Region,
            name,
            String::new(),
        )
    })
}

/// The VPC node `id` of a region, added (by id) when the VPC is not listed.
fn vpc_node<'a>(region: &'a mut Node, id: &str) -> &'a mut Node {
    let key = format!("{}/vpc:{id}", region.key);
    let at = match region.children.iter().position(|n| n.key == key) {
        Some(at) => at,
        None => {
            let mut node = Node::branch(key, NodeKind::Vpc, id, "VPC not listed".to_string());
            node.target = Some((Tab::Vpcs, id.to_string()));
            region.children.push(node);
            region.children.len() - 1
        }
    };
    &mut region.children[at]
}

fn network(fleet: &Inventory, pn: &PrivateNetwork, parent: &str) -> Node {
    let subnets: Vec<&str> = pn.subnets.iter().map(|s| s.subnet.as_str()).collect();
    let servers = fleet.joins.network_servers.get(&pn.id).map_or(0, Vec::len);
    let mut detail = subnets.join(" ");
    if servers == 0 {
        detail.push_str(if detail.is_empty() { "" } else { ", " });
        detail.push_str("no server");
    }
    let mut node = Node::branch(
        format!("{parent}/pn:{}", pn.id),
        NodeKind::Network,
        pn.name.clone(),
        detail,
    );
    node.target = Some((Tab::PrivateNetworks, pn.id.clone()));
    node
}

fn servers_on(fleet: &Inventory, pn: &PrivateNetwork, parent: &str) -> Vec<Node> {
    let mut on: Vec<&Arc<ServerSummary>> = fleet
        .joins
        .network_servers
        .get(&pn.id)
        .map(|v| v.iter().collect())
        .unwrap_or_default();
    on.sort_by(|a, b| a.name.cmp(&b.name).then_with(|| a.id.cmp(&b.id)));
    on.into_iter()
        .map(|s| server(fleet, s, parent, Some(&pn.id)))
        .collect()
}

/// A server: its state and its private addresses on `network` (all of them
/// when none is given), then its volumes and security group.
fn server(fleet: &Inventory, s: &ServerSummary, parent: &str, network: Option<&str>) -> Node {
    let addresses: Vec<&str> = s
        .private_nics
        .iter()
        .filter(|n| network.is_none_or(|pn| n.private_network_id.as_str() == pn))
        .filter_map(|n| fleet.private_ips.of(&n.id))
        .flatten()
        .map(|a| &**a)
        .collect();
    let public = s.public_address();
    let mut detail = format!("{} {}", s.state.as_str(), s.zone);
    for a in addresses
        .iter()
        .copied()
        .chain(public.filter(|_| network.is_none()))
    {
        detail.push(' ');
        detail.push_str(a);
    }
    let key = format!("{parent}/srv:{}", s.id);
    let mut node = Node::branch(key.clone(), NodeKind::Server, s.name.clone(), detail);
    node.class = state_class(&s.state);
    node.target = Some((Tab::Servers, s.id.to_string()));
    for (slot, v) in s.volumes_in_order() {
        let block = fleet.volumes.get(&v.id);
        let name = v.label(block.map(|b| &**b));
        let detail = match block {
            Some(b) => {
                let class = b
                    .iops_class()
                    .map(|i| format!(" {}", iops(i)))
                    .unwrap_or_default();
                format!("{}{class} {}", gb(b.size), b.volume_type.as_str())
            }
            None => match v.size() {
                Some(size) => format!("{} {}", gb(size), v.volume_type.as_str()),
                None => v.volume_type.as_str().to_string(),
            },
        };
        let boot = if slot == "0" { ", boot" } else { "" };
        let mut leaf = Node::branch(
            format!("{key}/vol:{}", v.id),
            NodeKind::Volume,
            name,
            format!("{detail}{boot}"),
        );
        // Block volumes have a tab; local ones live on their server.
        leaf.target = Some(match block {
            Some(_) => (Tab::Volumes, v.id.to_string()),
            None => (Tab::Servers, s.id.to_string()),
        });
        node.children.push(leaf);
    }
    if let Some(g) = &s.security_group {
        let mut leaf = Node::branch(
            format!("{key}/sg:{}", g.id),
            NodeKind::SecurityGroup,
            g.name.as_str(),
            "security group".to_string(),
        );
        leaf.target = Some((Tab::SecurityGroups, g.id.to_string()));
        node.children.push(leaf);
    }
    node
}

/// "2 VPCs, 5 servers": a region's line.
fn summary(region: &Node) -> String {
    let vpcs = region
        .children
        .iter()
        .filter(|n| n.kind == NodeKind::Vpc)
        .count();
    let mut servers: Vec<&str> = Vec::new();
    collect_servers(region, &mut servers);
    servers.sort_unstable();
    servers.dedup();
    let plural = |n: usize| if n == 1 { "" } else { "s" };
    format!(
        "{vpcs} VPC{}, {} server{}",
        plural(vpcs),
        servers.len(),
        plural(servers.len())
    )
}

fn collect_servers<'a>(node: &'a Node, out: &mut Vec<&'a str>) {
    for child in &node.children {
        match (&child.kind, &child.target) {
            (NodeKind::Server, Some((_, id))) => out.push(id),
            _ => collect_servers(child, out),
        }
    }
}

/// The orphans' branch: a section per orphan kind that has any.
fn orphans(leaks: &[Leak]) -> Option<Node> {
    // Each section's leaks are of one kind of resource: its node kind.
    const KINDS: [(LeakKind, &str, &str, NodeKind); 3] = [
        (
            LeakKind::NetworkWithoutNic,
            "networks",
            "private networks without NIC",
            NodeKind::Network,
        ),
        (
            LeakKind::UnattachedVolume,
            "volumes",
            "volumes attached to nothing",
            NodeKind::Volume,
        ),
        (
            LeakKind::UnusedGroup,
            "groups",
            "security groups used by no server",
            NodeKind::SecurityGroup,
        ),
    ];
    let mut root = Node::branch(
        "orphans".to_string(),
        NodeKind::Orphans,
        "orphans",
        String::new(),
    );
    let mut count = 0;
    for (kind, key, title, node_kind) in KINDS {
        let items: Vec<&Leak> = leaks.iter().filter(|l| l.kind == kind).collect();
        if items.is_empty() {
            continue;
        }
        count += items.len();
        let mut section = Node::branch(
            format!("orphans/{key}"),
            NodeKind::OrphanSection,
            title,
            items.len().to_string(),
        );
        for leak in items {
            let id = &leak.target.1;
            let mut node = Node::branch(
                format!("{}/{id}", section.key),
                node_kind,
                leak.label.clone(),
                leak.detail.clone(),
            );
            node.class = RowClass::Idle;
            node.target = Some(leak.target.clone());
            section.children.push(node);
        }
        root.children.push(section);
    }
    root.detail = format!("{count} unused");
    (count > 0).then_some(root)
}

#[cfg(test)]
mod tests;
