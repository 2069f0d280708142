//! Where the money goes, largest first: per server (its compute and its
//! volumes), per tag and per zone. A volume attached to nothing counts under
//! its own tags and zone; a server with two tags counts under both (the tag
//! lines overlap, the zone lines add up to the total).

use std::collections::HashMap;

use super::{Amount, FleetCosts};
use crate::api::models::{ServerSummary, VolumeSummary};
use crate::app::Tab;
use crate::app::inventory::Models;

/// One line of the cost view.
#[derive(Debug, Clone, PartialEq)]
pub struct Line {
    /// A name from the API (a server, a tag, a zone).
    pub label: String,
    /// What the figure is made of, in words.
    pub detail: String,
    pub monthly: Amount,
    /// Where Enter goes: the resource in its tab.
    pub target: Option<(Tab, String)>,
}

/// The three rankings.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Breakdown {
    pub servers: Vec<Line>,
    pub tags: Vec<Line>,
    pub zones: Vec<Line>,
}

/// The tag line of what carries no tag.
pub const UNTAGGED: &str = "(no tag)";

impl Breakdown {
    pub fn build(
        servers: &Models<ServerSummary>,
        volumes: &Models<VolumeSummary>,
        costs: &FleetCosts,
    ) -> Breakdown {
        let mut tags: HashMap<&str, (Amount, usize)> = HashMap::new();
        let mut zones: HashMap<&str, (Amount, usize)> = HashMap::new();
        let mut by_server = Vec::with_capacity(servers.len());
        for s in servers.values() {
            let Some(cost) = costs.server(&s.id) else {
                continue;
            };
            let total = cost.total();
            by_server.push(Line {
                label: s.name.to_string(),
                detail: format!(
                    "{} {} {}: compute {} + volumes {}",
                    s.state.as_str(),
                    s.commercial_type,
                    s.zone,
                    cost.compute.monthly(),
                    cost.volumes.monthly()
                ),
                monthly: total,
                target: Some((Tab::Servers, s.id.to_string())),
            });
            count(&mut zones, &s.zone, total);
            for tag in tagged(&s.tags) {
                count(&mut tags, tag, total);
            }
        }
        // Volumes attached to nothing belong to no server's line.
        for v in volumes
            .values()
            .filter(|v| v.attached_server_id().is_none())
        {
            let amount = costs.volume(&v.id).unwrap_or(Amount::UNKNOWN);
            count(&mut zones, &v.zone, amount);
            for tag in tagged(&v.tags) {
                count(&mut tags, tag, amount);
            }
        }
        Breakdown {
            servers: ranked(by_server),
            tags: ranked(groups(tags, "resource")),
            zones: ranked(groups(zones, "resource")),
        }
    }
}

fn tagged<T: AsRef<str>>(tags: &[T]) -> impl Iterator<Item = &str> {
    let none = tags.is_empty().then_some(UNTAGGED);
    tags.iter().map(AsRef::as_ref).chain(none)
}

fn count<'a>(map: &mut HashMap<&'a str, (Amount, usize)>, key: &'a str, amount: Amount) {
    let entry = map.entry(key).or_default();
    entry.0 += amount;
    entry.1 += 1;
}

fn groups(map: HashMap<&str, (Amount, usize)>, noun: &str) -> Vec<Line> {
    map.into_iter()
        .map(|(label, (monthly, n))| Line {
            label: label.to_string(),
            detail: format!("{n} {noun}{}", if n == 1 { "" } else { "s" }),
            monthly,
            target: None,
        })
        .collect()
}

/// Largest first; equal sums by name, so the order holds across refreshes.
pub(super) fn ranked(mut lines: Vec<Line>) -> Vec<Line> {
    lines.sort_by(|a, b| {
        b.monthly
            .sort_value()
            .total_cmp(&a.monthly.sort_value())
            .then_with(|| a.label.cmp(&b.label))
    });
    lines
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use serde_json::json;

    use super::super::tests::{hourly, models, server_with, shipped, volume, volume_with};
    use super::*;

    #[test]
    fn servers_tags_and_zones_largest_first() {
        let servers = models(vec![
            // 0.1122 * 730 = 81.906, + 100 GB 15K = 12.921: 94.827.
            server_with(
                "db",
                "running",
                "PRO2-XS",
                "fr-par-1",
                json!({"0": {"id": "db-data", "volume_type": "sbs_volume"}}),
                json!({"tags": ["prod", "db"]}),
            ),
            // 0.008976 * 730 = 6.55248.
            server_with(
                "web",
                "running",
                "DEV1-S",
                "nl-ams-1",
                json!({}),
                json!({"tags": ["prod"]}),
            ),
            // Stopped, no volume: €0.
            server_with(
                "idle",
                "stopped",
                "DEV1-S",
                "fr-par-1",
                json!({}),
                json!({}),
            ),
        ]);
        let volumes = models(vec![
            volume("db-data", "sbs_15k", 100, "fr-par-1", Some("db")),
            // Unattached, 200 GB 5K: 18.98, tagged "backup".
            volume_with(
                "dump",
                "sbs_5k",
                200,
                "nl-ams-1",
                None,
                json!({"tags": ["backup"]}),
            ),
        ]);
        let prices = hourly(&[
            ("fr-par-1", "PRO2-XS", 0.1122),
            ("nl-ams-1", "DEV1-S", 0.008976),
            ("fr-par-1", "DEV1-S", 0.008976),
        ]);
        let costs = FleetCosts::build(&servers, &volumes, prices.into(), shipped().into());
        let b = Breakdown::build(&servers, &volumes, &costs);

        let names: Vec<&str> = b.servers.iter().map(|l| l.label.as_str()).collect();
        assert_eq!(names, ["db", "web", "idle"]);
        assert!((b.servers[0].monthly.eur() - 94.827).abs() < 1e-9);
        assert_eq!(b.servers[0].target, Some((Tab::Servers, "db".to_string())));
        assert_eq!(
            b.servers[0].detail,
            "running PRO2-XS fr-par-1: compute €81.91 + volumes €12.92"
        );

        let tags: Vec<(&str, String)> = b
            .tags
            .iter()
            .map(|l| (l.label.as_str(), l.monthly.monthly()))
            .collect();
        // prod = db + web = 101.37948; db = 94.827; backup = 18.98.
        assert_eq!(
            tags,
            [
                ("prod", "€101.38".to_string()),
                ("db", "€94.83".to_string()),
                ("backup", "€18.98".to_string()),
                (UNTAGGED, "€0.00".to_string()),
            ]
        );
        let zones: Vec<(&str, String)> = b
            .zones
            .iter()
            .map(|l| (l.label.as_str(), l.monthly.monthly()))
            .collect();
        // fr-par-1 = 94.827 + 0; nl-ams-1 = 6.55248 + 18.98 = 25.53248.
        assert_eq!(
            zones,
            [
                ("fr-par-1", "€94.83".to_string()),
                ("nl-ams-1", "€25.53".to_string())
            ]
        );
        assert_eq!(b.zones[0].detail, "2 resources");
    }
}
