//! The tree's joins (region -> VPC -> network -> server -> volumes and
//! group; public-only servers; a server on two networks) and its orphans.

#![allow(clippy::unwrap_used)]

use std::collections::HashMap;
use std::sync::Arc;

use serde_json::json;

use super::view::{Toggles, rows};
use super::*;
use crate::api::models::{PrivateNetwork, SecurityGroup, Vpc};
use crate::app::cost::FleetCosts;
use crate::app::cost::leaks::{self, Leak};
use crate::app::cost::tests::{hourly, models, server_with, shipped, volume};

fn parse<T: serde::de::DeserializeOwned>(v: serde_json::Value) -> T {
    serde_json::from_value(v).unwrap()
}

fn nic(id: &str, pn: &str) -> serde_json::Value {
    json!({"id": id, "private_network_id": pn, "state": "available"})
}

struct World {
    servers: Models<ServerSummary>,
    volumes: Models<VolumeSummary>,
    groups: Models<SecurityGroup>,
    networks: Models<PrivateNetwork>,
    vpcs: Models<Vpc>,
    ips: PrivateIps,
    network_servers: HashMap<String, Vec<Arc<ServerSummary>>>,
    leaks: Vec<Leak>,
}

fn world() -> World {
    let sg = json!({"id": "sg-web", "name": "web"});
    let servers = models(
        vec![
            server_with(
                "web",
                "running",
                "DEV1-S",
                "fr-par-1",
                json!({"0": {"id": "web-root", "volume_type": "sbs_volume"}}),
                json!({"private_nics": [nic("nic-web", "pn-back")], "security_group": sg}),
            ),
            // On two networks: appears under both.
            server_with(
                "db",
                "stopped",
                "DEV1-S",
                "fr-par-2",
                json!({}),
                json!({"private_nics": [nic("nic-db1", "pn-back"), nic("nic-db2", "pn-front")]}),
            ),
            server_with(
                "edge",
                "running",
                "DEV1-S",
                "nl-ams-1",
                json!({"0": {"id": "edge-root", "volume_type": "l_ssd", "name": "edge-root",
                              "size": 20_000_000_000u64}}),
                json!({"public_ips": [{"address": "51.15.1.2", "family": "inet"}]}),
            ),
        ],
        |s| s.id.clone(),
    );
    let volumes = models(
        vec![
            volume("web-root", "sbs_5k", 20, "fr-par-1", Some("web")),
            volume("spare", "sbs_15k", 50, "fr-par-1", None),
        ],
        |v| v.id.clone(),
    );
    let groups = models(
        vec![
            parse(json!({"id": "sg-web", "name": "web", "zone": "fr-par-1",
                         "servers": [{"id": "web", "name": "web"}],
                         "inbound_default_policy": "drop", "outbound_default_policy": "accept",
                         "stateful": true})),
            parse(
                json!({"id": "sg-old", "name": "old", "zone": "fr-par-1", "servers": [],
                         "inbound_default_policy": "drop", "outbound_default_policy": "accept",
                         "stateful": true}),
            ),
        ],
        |g: &SecurityGroup| g.id.clone(),
    );
    let pn = |id: &str, vpc: &str, cidr: &str| -> PrivateNetwork {
        parse(
            json!({"id": id, "name": id, "region": "fr-par", "vpc_id": vpc,
                     "subnets": [{"id": format!("{id}-s"), "subnet": cidr}]}),
        )
    };
    let networks = models(
        vec![
            pn("pn-back", "vpc-prod", "172.16.0.0/22"),
            pn("pn-front", "vpc-prod", "172.16.4.0/22"),
            pn("pn-empty", "vpc-dev", "172.16.8.0/22"),
        ],
        |p| p.id.clone(),
    );
    let vpc = |id: &str, region: &str, default: bool| -> Vpc {
        parse(
            json!({"id": id, "name": id, "region": region, "is_default": default,
                     "private_network_count": 0}),
        )
    };
    let vpcs = models(
        vec![
            vpc("vpc-prod", "fr-par", false),
            vpc("vpc-dev", "fr-par", true),
            vpc("vpc-ams", "nl-ams", true),
        ],
        |v| v.id.clone(),
    );
    let mut ips = PrivateIps::default();
    ips.apply(
        crate::api::locality::Region::FrPar,
        Ok(HashMap::from([
            ("nic-web".to_string(), vec!["172.16.0.2".to_string()]),
            ("nic-db1".to_string(), vec!["172.16.0.3".to_string()]),
            ("nic-db2".to_string(), vec!["172.16.4.2".to_string()]),
        ])),
    );
    let mut network_servers: HashMap<String, Vec<Arc<ServerSummary>>> = HashMap::new();
    for s in servers.values() {
        for n in &s.private_nics {
            network_servers
                .entry(n.private_network_id.to_string())
                .or_default()
                .push(s.clone());
        }
    }
    let nics: HashMap<String, usize> = network_servers
        .iter()
        .map(|(k, v)| (k.clone(), v.len()))
        .collect();
    let costs = FleetCosts::build(&servers, &volumes, &hourly(&[]), &shipped());
    let leaks = leaks::find(&leaks::Fleet {
        servers: &servers,
        volumes: &volumes,
        security_groups: &groups,
        private_networks: &networks,
        vpcs: &vpcs,
        nics_per_network: &nics,
        costs: &costs,
        now: None,
        stopped_days: 7,
        all_zones: true,
    });
    World {
        servers,
        volumes,
        groups,
        networks,
        vpcs,
        ips,
        network_servers,
        leaks,
    }
}

fn tree(w: &World) -> Vec<Node> {
    build(&Fleet {
        servers: &w.servers,
        volumes: &w.volumes,
        security_groups: &w.groups,
        private_networks: &w.networks,
        vpcs: &w.vpcs,
        private_ips: &w.ips,
        network_servers: &w.network_servers,
        leaks: &w.leaks,
    })
}

/// The tree as indented "name  detail" lines, every branch open.
fn outline(nodes: &[Node], depth: usize, out: &mut Vec<String>) {
    for n in nodes {
        out.push(format!("{}{} | {}", "  ".repeat(depth), n.name, n.detail));
        outline(&n.children, depth + 1, out);
    }
}

#[test]
fn regions_vpcs_networks_servers_and_their_leaves() {
    let w = world();
    let mut lines = Vec::new();
    outline(&tree(&w), 0, &mut lines);
    assert_eq!(
        lines,
        [
            "fr-par | 2 VPCs, 2 servers",
            "  vpc-dev | default",
            "    pn-empty | 172.16.8.0/22, no server",
            "  vpc-prod | ",
            "    pn-back | 172.16.0.0/22",
            "      db | stopped fr-par-2 172.16.0.3",
            "      web | running fr-par-1 172.16.0.2",
            "        web-root | 20 GB 5K sbs_5k, boot",
            "        web | security group",
            "    pn-front | 172.16.4.0/22",
            "      db | stopped fr-par-2 172.16.4.2",
            "nl-ams | 1 VPC, 1 server",
            "  vpc-ams | default",
            "  public only | no private network",
            "    edge | running nl-ams-1 51.15.1.2",
            "      edge-root | 20 GB l_ssd, boot",
            "orphans | 3 unused",
            "  private networks without NIC | 1",
            "    pn-empty | fr-par 172.16.8.0/22: no server attached, free",
            "  volumes attached to nothing | 1",
            "    spare | 50 GB 15K sbs_15k fr-par-1, never attached",
            "  security groups used by no server | 1",
            "    old | fr-par-1: used by no server, free",
        ]
    );
}

#[test]
fn leaves_and_branches_point_at_their_resources() {
    let w = world();
    let t = tree(&w);
    let web = view::find(&t, "region:fr-par/vpc:vpc-prod/pn:pn-back/srv:web").unwrap();
    assert_eq!(web.target, Some((Tab::Servers, "web".to_string())));
    let targets: Vec<_> = web
        .children
        .iter()
        .map(|c| c.target.clone().unwrap())
        .collect();
    assert_eq!(
        targets,
        [
            (Tab::Volumes, "web-root".to_string()),
            (Tab::SecurityGroups, "sg-web".to_string())
        ]
    );
    // A local volume has no tab of its own: it leads to its server.
    let edge = view::find(&t, "region:nl-ams/public/srv:edge").unwrap();
    assert_eq!(
        edge.children[0].target,
        Some((Tab::Servers, "edge".to_string()))
    );
    let spare = view::find(&t, "orphans/volumes/spare").unwrap();
    assert_eq!(spare.target, Some((Tab::Volumes, "spare".to_string())));
}

#[test]
fn servers_start_closed_and_toggles_open_them() {
    let w = world();
    let t = Arc::new(tree(&w));
    let shown = |toggles: &Toggles| -> Vec<String> {
        rows(&t, toggles)
            .iter()
            .map(|r| format!("{}{}", r.guides, r.node().name))
            .collect()
    };
    let mut toggles = Toggles::default();
    let closed = shown(&toggles);
    assert!(!closed.iter().any(|l| l.ends_with("web-root")));
    assert_eq!(closed[0], "fr-par");
    assert_eq!(closed[1], "├─ vpc-dev");
    assert_eq!(closed[2], "│  └─ pn-empty");
    // vpc-prod is fr-par's last child: no guide runs down beside it.
    assert_eq!(closed[3], "└─ vpc-prod");
    assert_eq!(closed[4], "   ├─ pn-back");
    assert_eq!(closed[5], "   │  ├─ db");
    let web = view::find(&t, "region:fr-par/vpc:vpc-prod/pn:pn-back/srv:web").unwrap();
    assert!(toggles.set(web, true));
    assert!(!toggles.set(web, true), "already open");
    let open = shown(&toggles);
    assert!(open.contains(&"   │  └─ web".to_string()));
    assert!(open.contains(&"   │     ├─ web-root".to_string()));
    assert!(open.contains(&"   │     └─ web".to_string()));
    // Closing a region hides everything under it.
    let region = view::find(&t, "region:fr-par").unwrap();
    toggles.set(region, false);
    assert_eq!(shown(&toggles)[..2], ["fr-par", "nl-ams"]);
}

#[test]
fn a_row_searches_its_path_and_its_content() {
    let w = world();
    let t = Arc::new(tree(&w));
    let all = rows(&t, &Toggles::default());
    let find = |name: &str| all.iter().find(|r| r.node().name == name).unwrap();
    // The region holds its servers' volumes, closed or not.
    assert!(find("fr-par").search_text().contains("web-root"));
    // A server carries its path.
    let db = find("db");
    assert!(db.search_text().contains("pn-back"));
    assert!(db.search_text().contains("vpc-prod"));
    assert!(!db.search_text().contains("web-root"));
    assert_eq!(
        db.parent_key(),
        Some("region:fr-par/vpc:vpc-prod/pn:pn-back")
    );
    assert_eq!(db.depth(), 3);
}
