//! The tree's joins (region -> VPC -> network -> server -> volumes and
//! group; public-only servers; a server on two networks) and its orphans.

#![allow(clippy::unwrap_used)]

use std::collections::HashMap;
use std::sync::Arc;

use serde_json::json;

use super::view::{Toggles, rows};
use super::*;
use crate::app::cost::leaks::{self, Leak};
use crate::app::cost::tests::{group, inventory, models, network, nic, server_with, volume, vpc};
use crate::app::private_ips::PrivateIps;

fn world() -> (Inventory, Vec<Leak>) {
    let sg = json!({"id": "sg-web", "name": "web"});
    let servers = vec![
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
    ];
    let volumes = vec![
        volume("web-root", "sbs_5k", 20, "fr-par-1", Some("web")),
        volume("spare", "sbs_15k", 50, "fr-par-1", None),
    ];
    let mut inv = inventory(servers, volumes, &[]);
    inv.security_groups = models(vec![
        group(
            "sg-web",
            "fr-par-1",
            false,
            json!([{"id": "web", "name": "web"}]),
        ),
        group("sg-old", "fr-par-1", false, json!([])),
    ]);
    inv.private_networks = models(vec![
        network("pn-back", "vpc-prod", "172.16.0.0/22"),
        network("pn-front", "vpc-prod", "172.16.4.0/22"),
        network("pn-empty", "vpc-dev", "172.16.8.0/22"),
    ]);
    inv.vpcs = models(vec![
        vpc("vpc-prod", "fr-par", 0, false),
        vpc("vpc-dev", "fr-par", 0, true),
        vpc("vpc-ams", "nl-ams", 0, true),
    ]);
    let mut ips = PrivateIps::default();
    ips.apply(
        crate::api::locality::Region::FrPar,
        Ok(HashMap::from([
            ("nic-web".to_string(), vec!["172.16.0.2".to_string()]),
            ("nic-db1".to_string(), vec!["172.16.0.3".to_string()]),
            ("nic-db2".to_string(), vec!["172.16.4.2".to_string()]),
        ])
        .into()),
    );
    inv.private_ips = Arc::new(ips);
    inv.joins = Arc::new(inv.build_joins());
    let leaks = leaks::find(&leaks::Fleet {
        inventory: &inv,
        now: None,
        stopped_days: 7,
        all_zones: true,
    });
    (inv, leaks)
}

fn tree() -> Vec<Node> {
    let (inv, leaks) = world();
    build(&inv, &leaks)
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
    let mut lines = Vec::new();
    outline(&tree(), 0, &mut lines);
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
            "    sg-old | fr-par-1: used by no server, free",
        ]
    );
}

#[test]
fn leaves_and_branches_point_at_their_resources() {
    let t = tree();
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
    let t = Arc::new(tree());
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
    let t = Arc::new(tree());
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
