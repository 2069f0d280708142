//! The leaks: what costs money (or clutters) for nothing. Volumes attached to
//! nothing, servers stopped for long still holding volumes (billed while
//! stopped), servers stopped in place (compute still billed), and the free
//! but forgotten: private networks with no NIC, security groups no server
//! uses, VPCs with no network (VPCs, private networks and security groups
//! cost nothing at Scaleway: "free of charge", VPC FAQ). Each with its month
//! and where Enter goes.

use std::collections::HashMap;

use chrono::{DateTime, Utc};

use super::Amount;
use crate::api::models::{ServerState, Stamp};
use crate::app::Tab;
use crate::app::inventory::Inventory;
use crate::app::rows::{date, gb};

/// The kinds of leak, in the order the view lists them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum LeakKind {
    UnattachedVolume,
    StoppedWithVolumes,
    StoppedInPlace,
    NetworkWithoutNic,
    UnusedGroup,
    EmptyVpc,
}

impl LeakKind {
    pub const ALL: [LeakKind; 6] = [
        LeakKind::UnattachedVolume,
        LeakKind::StoppedWithVolumes,
        LeakKind::StoppedInPlace,
        LeakKind::NetworkWithoutNic,
        LeakKind::UnusedGroup,
        LeakKind::EmptyVpc,
    ];

    /// The section's title; `days` is `[cost] stopped_days`.
    pub fn title(self, days: u32) -> String {
        match self {
            LeakKind::UnattachedVolume => "Volumes attached to nothing".to_string(),
            LeakKind::StoppedWithVolumes => {
                format!("Servers stopped for more than {days} days, still holding volumes")
            }
            LeakKind::StoppedInPlace => "Servers stopped in place (compute still billed)".into(),
            LeakKind::NetworkWithoutNic => "Private networks with no NIC".to_string(),
            LeakKind::UnusedGroup => "Security groups used by no server".to_string(),
            LeakKind::EmptyVpc => "VPCs with no private network".to_string(),
        }
    }
}

/// One leak.
#[derive(Debug, Clone, PartialEq)]
pub struct Leak {
    pub kind: LeakKind,
    /// The resource's name, from the API.
    pub label: String,
    pub detail: String,
    pub monthly: Amount,
    pub target: (Tab, String),
}

/// What the leaks are looked for in: the inventory (its models, and the
/// joins' NIC counts and costs), with the clock and the threshold.
pub struct Fleet<'a> {
    pub inventory: &'a Inventory,
    /// Now, to tell how long a server has been stopped; without it no
    /// server counts as stopped for long.
    pub now: Option<DateTime<Utc>>,
    /// `[cost] stopped_days`.
    pub stopped_days: u32,
    /// Whether every zone of the networks' regions is in scope: a network's
    /// NICs may be on servers of any zone of its region, so in a one-zone
    /// scope a network without NICs *here* may have some elsewhere.
    pub all_zones: bool,
}

/// Every leak, by kind (in `LeakKind::ALL` order), largest first within a
/// kind, then by name.
pub fn find(fleet: &Fleet<'_>) -> Vec<Leak> {
    let mut leaks = Vec::new();
    unattached_volumes(fleet, &mut leaks);
    stopped_servers(fleet, &mut leaks);
    if fleet.all_zones {
        empty_networks(fleet, &mut leaks);
    }
    unused_groups(fleet, &mut leaks);
    empty_vpcs(fleet, &mut leaks);
    leaks.sort_by(|a, b| {
        a.kind
            .cmp(&b.kind)
            .then_with(|| b.monthly.sort_value().total_cmp(&a.monthly.sort_value()))
            .then_with(|| a.label.cmp(&b.label))
    });
    leaks
}

/// Free resources show €0 a month.
const FREE: Amount = Amount::ZERO;

fn unattached_volumes(fleet: &Fleet<'_>, leaks: &mut Vec<Leak>) {
    for v in fleet
        .inventory
        .volumes
        .values()
        .filter(|v| v.attached_server_id().is_none())
    {
        let since = if v.last_detached_at.is_none() {
            "never attached".to_string()
        } else {
            format!("detached since {}", date(&v.last_detached_at))
        };
        let class = v
            .iops_class()
            .map(|i| format!(" {}", crate::app::rows::iops(i)))
            .unwrap_or_default();
        let monthly = fleet
            .inventory
            .joins
            .costs
            .volume(&v.id)
            .unwrap_or(Amount::UNKNOWN);
        leaks.push(Leak {
            kind: LeakKind::UnattachedVolume,
            label: v.name.to_string(),
            detail: format!(
                "{}{class} {} {}, {since}{}",
                gb(v.size),
                v.volume_type.as_str(),
                v.zone,
                unknown_note(monthly)
            ),
            monthly,
            target: (Tab::Volumes, v.id.to_string()),
        });
    }
}

/// ", price unknown" when the figure misses a part.
fn unknown_note(amount: Amount) -> &'static str {
    if amount.is_complete() {
        ""
    } else {
        ", price unknown"
    }
}

/// Whole days from `then` (RFC 3339) to `now`.
fn days_since(then: Stamp, now: DateTime<Utc>) -> Option<i64> {
    Some((now - then.utc()?).num_days())
}

fn stopped_servers(fleet: &Fleet<'_>, leaks: &mut Vec<Leak>) {
    for s in fleet.inventory.servers.values() {
        let Some(cost) = fleet.inventory.joins.costs.server(&s.id) else {
            continue;
        };
        let volumes = s.volumes.len();
        let plural = if volumes == 1 { "" } else { "s" };
        match s.state {
            ServerState::StoppedInPlace => leaks.push(Leak {
                kind: LeakKind::StoppedInPlace,
                label: s.name.to_string(),
                detail: format!(
                    "{} {}: compute {} + volumes {}",
                    s.commercial_type,
                    s.zone,
                    cost.compute.monthly(),
                    cost.volumes.monthly()
                ),
                monthly: cost.total(),
                target: (Tab::Servers, s.id.to_string()),
            }),
            ServerState::Stopped if volumes > 0 => {
                let Some(days) = fleet
                    .now
                    .and_then(|now| days_since(s.modification_date, now))
                else {
                    continue;
                };
                if days <= i64::from(fleet.stopped_days) {
                    continue;
                }
                leaks.push(Leak {
                    kind: LeakKind::StoppedWithVolumes,
                    label: s.name.to_string(),
                    detail: format!(
                        "stopped {days} days (since {}), {volumes} volume{plural} in {}{}",
                        date(&s.modification_date),
                        s.zone,
                        unknown_note(cost.volumes)
                    ),
                    monthly: cost.volumes,
                    target: (Tab::Servers, s.id.to_string()),
                });
            }
            _ => {}
        }
    }
}

fn empty_networks(fleet: &Fleet<'_>, leaks: &mut Vec<Leak>) {
    for pn in fleet.inventory.private_networks.values() {
        if fleet
            .inventory
            .joins
            .nics_per_network
            .get(&pn.id)
            .copied()
            .unwrap_or(0)
            > 0
        {
            continue;
        }
        let subnets: Vec<&str> = pn.subnets.iter().map(|s| s.subnet.as_str()).collect();
        leaks.push(Leak {
            kind: LeakKind::NetworkWithoutNic,
            label: pn.name.clone(),
            detail: format!(
                "{} {}: no server attached, free",
                pn.region,
                subnets.join(" ")
            ),
            monthly: FREE,
            target: (Tab::PrivateNetworks, pn.id.clone()),
        });
    }
}

/// A group no server in scope points at and whose own `servers` list is
/// empty. The project's default group of each zone is left out: new servers
/// land in it, and Scaleway creates it again.
fn unused_groups(fleet: &Fleet<'_>, leaks: &mut Vec<Leak>) {
    let mut used: HashMap<&str, usize> = HashMap::new();
    for s in fleet.inventory.servers.values() {
        if let Some(g) = &s.security_group {
            *used.entry(g.id.as_str()).or_default() += 1;
        }
    }
    for g in fleet.inventory.security_groups.values() {
        if g.project_default || !g.servers.is_empty() || used.contains_key(g.id.as_str()) {
            continue;
        }
        leaks.push(Leak {
            kind: LeakKind::UnusedGroup,
            label: g.name.clone(),
            detail: format!("{}: used by no server, free", g.zone),
            monthly: FREE,
            target: (Tab::SecurityGroups, g.id.clone()),
        });
    }
}

/// A VPC no private network in scope names, and whose own count says none.
fn empty_vpcs(fleet: &Fleet<'_>, leaks: &mut Vec<Leak>) {
    let mut networks: HashMap<&str, usize> = HashMap::new();
    for pn in fleet.inventory.private_networks.values() {
        *networks.entry(pn.vpc_id.as_str()).or_default() += 1;
    }
    for vpc in fleet.inventory.vpcs.values() {
        if vpc.private_network_count > 0 || networks.contains_key(vpc.id.as_str()) {
            continue;
        }
        let default = if vpc.is_default { " (default)" } else { "" };
        leaks.push(Leak {
            kind: LeakKind::EmptyVpc,
            label: vpc.name.clone(),
            detail: format!("{}{default}: no private network, free", vpc.region),
            monthly: FREE,
            target: (Tab::Vpcs, vpc.id.clone()),
        });
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use chrono::TimeZone;
    use serde_json::json;

    use super::super::tests::{
        group, inventory, models, network, server_with, volume, volume_with, vpc,
    };
    use super::*;

    fn world() -> Inventory {
        let servers = vec![
            // Stopped on 2026-01-05 with a 20 GB 5K root: 1.898 a month.
            server_with(
                "old",
                "stopped",
                "DEV1-S",
                "fr-par-1",
                json!({"0": {"id": "old-root", "volume_type": "sbs_volume"}}),
                json!({"security_group": {"id": "sg-web", "name": "web"},
                       "modification_date": "2026-01-05T09:00:00+00:00"}),
            ),
            // Stopped two days before "now": not yet a leak.
            server_with(
                "recent",
                "stopped",
                "DEV1-S",
                "fr-par-1",
                json!({"0": {"id": "recent-root", "volume_type": "sbs_volume"}}),
                json!({"modification_date": "2026-03-08T12:00:00+00:00"}),
            ),
            // Stopped long ago but holding nothing: costs nothing.
            server_with(
                "empty",
                "stopped",
                "DEV1-S",
                "fr-par-1",
                json!({}),
                json!({}),
            ),
            // Stopped in place: 0.1122 * 730 = 81.906 compute.
            server_with(
                "standby",
                "stopped in place",
                "PRO2-XS",
                "fr-par-1",
                json!({}),
                json!({"private_nics": [{"id": "n1", "private_network_id": "pn-used",
                                         "state": "available"}]}),
            ),
        ];
        let volumes = vec![
            volume("old-root", "sbs_5k", 20, "fr-par-1", Some("old")),
            volume("recent-root", "sbs_5k", 20, "fr-par-1", Some("recent")),
            // 500 GB 5K attached to nothing: 47.45.
            volume_with(
                "backup",
                "sbs_5k",
                500,
                "fr-par-1",
                None,
                json!({"last_detached_at": "2026-02-01T10:00:00Z"}),
            ),
            volume("legacy", "b_ssd", 10, "fr-par-1", None),
        ];
        let mut inv = inventory(servers, volumes, &[("fr-par-1", "PRO2-XS", 0.1122)]);
        inv.security_groups = models(vec![
            group("sg-web", "fr-par-1", false, json!([])),
            group("sg-unused", "fr-par-1", false, json!([])),
            group("sg-default", "fr-par-1", true, json!([])),
            // The API lists a server this scope does not hold: used.
            group(
                "sg-elsewhere",
                "fr-par-1",
                false,
                json!([{"id": "x", "name": "x"}]),
            ),
        ]);
        inv.private_networks = models(vec![
            network("pn-used", "vpc-a", "172.16.4.0/22"),
            network("pn-empty", "vpc-a", "172.16.4.0/22"),
        ]);
        inv.vpcs = models(vec![
            vpc("vpc-a", "fr-par", 2, false),
            vpc("vpc-empty", "fr-par", 0, true),
            // Its networks are in a region this scope does not list.
            vpc("vpc-counted", "fr-par", 1, false),
        ]);
        inv.joins = std::sync::Arc::new(inv.build_joins());
        inv
    }

    fn fleet(inventory: &Inventory, all_zones: bool) -> Fleet<'_> {
        Fleet {
            inventory,
            now: Utc.with_ymd_and_hms(2026, 3, 10, 12, 0, 0).single(),
            stopped_days: 7,
            all_zones,
        }
    }

    fn leaks(inventory: &Inventory, all_zones: bool) -> Vec<(LeakKind, String, String)> {
        find(&fleet(inventory, all_zones))
            .into_iter()
            .map(|l| (l.kind, l.label, l.monthly.monthly()))
            .collect()
    }

    fn row(kind: LeakKind, label: &str, monthly: &str) -> (LeakKind, String, String) {
        (kind, label.to_string(), monthly.to_string())
    }

    #[test]
    fn every_kind_of_leak_with_its_month() {
        let w = world();
        assert_eq!(
            leaks(&w, true),
            [
                row(LeakKind::UnattachedVolume, "backup", "€47.45"),
                row(LeakKind::UnattachedVolume, "legacy", "?"),
                row(LeakKind::StoppedWithVolumes, "old", "€1.90"),
                row(LeakKind::StoppedInPlace, "standby", "€81.91"),
                row(LeakKind::NetworkWithoutNic, "pn-empty", "€0.00"),
                row(LeakKind::UnusedGroup, "sg-unused", "€0.00"),
                row(LeakKind::EmptyVpc, "vpc-empty", "€0.00"),
            ]
        );
    }

    #[test]
    fn networks_are_judged_only_when_every_zone_is_in_scope() {
        let w = world();
        assert!(
            !leaks(&w, false)
                .iter()
                .any(|(k, _, _)| *k == LeakKind::NetworkWithoutNic)
        );
    }

    #[test]
    fn leaks_say_why_and_point_at_the_resource() {
        let w = world();
        let found = find(&fleet(&w, true));
        let detail = |label: &str| {
            found
                .iter()
                .find(|l| l.label == label)
                .map(|l| (l.detail.clone(), l.target.clone()))
                .unwrap()
        };
        assert_eq!(
            detail("backup"),
            (
                "500 GB 5K sbs_5k fr-par-1, detached since 2026-02-01".to_string(),
                (Tab::Volumes, "backup".to_string())
            )
        );
        assert_eq!(
            detail("legacy").0,
            "10 GB b_ssd fr-par-1, never attached, price unknown"
        );
        assert_eq!(
            detail("old").0,
            "stopped 64 days (since 2026-01-05), 1 volume in fr-par-1"
        );
        assert_eq!(
            detail("vpc-empty").0,
            "fr-par (default): no private network, free"
        );
        // Without a clock nothing counts as stopped for long.
        let no_clock = Fleet {
            now: None,
            ..fleet(&w, true)
        };
        assert!(
            !find(&no_clock)
                .iter()
                .any(|l| l.kind == LeakKind::StoppedWithVolumes)
        );
    }
}
