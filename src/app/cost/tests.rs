//! Cost totals against figures computed by hand (in the comments), from
//! API-shaped JSON parsed by the real models.

#![allow(clippy::unwrap_used)]

use std::collections::{BTreeMap, HashMap};
use std::sync::Arc;

use serde_json::{Value, json};

use super::*;
use crate::api::id_map::Keyed;
use crate::api::locality::Zone;
use crate::api::models::{
    PrivateNetwork, SecurityGroup, ServerSummary, ServerType, VolumeSummary, Vpc,
};
use crate::app::inventory::Inventory;

pub(crate) fn server(id: &str, state: &str, ty: &str, zone: &str, volumes: Value) -> ServerSummary {
    server_with(id, state, ty, zone, volumes, json!({}))
}

/// A server with extra keys laid over the defaults (tags, NICs, dates).
pub(crate) fn server_with(
    id: &str,
    state: &str,
    ty: &str,
    zone: &str,
    volumes: Value,
    extra: Value,
) -> ServerSummary {
    let mut body = json!({
        "id": id, "name": id, "state": state, "commercial_type": ty, "zone": zone,
        "volumes": volumes, "state_detail": "",
        "creation_date": "2026-01-05T09:00:00+00:00",
        "modification_date": "2026-01-05T09:00:00+00:00",
    });
    if let (Some(b), Some(e)) = (body.as_object_mut(), extra.as_object()) {
        b.extend(e.clone());
    }
    serde_json::from_value(body).unwrap()
}

pub(crate) fn volume(
    id: &str,
    ty: &str,
    gb: u64,
    zone: &str,
    server: Option<&str>,
) -> VolumeSummary {
    volume_with(id, ty, gb, zone, server, json!({}))
}

pub(crate) fn volume_with(
    id: &str,
    ty: &str,
    gb: u64,
    zone: &str,
    server: Option<&str>,
    extra: Value,
) -> VolumeSummary {
    let references: Vec<Value> = server
        .map(|s| {
            vec![json!({"product_resource_type": "instance_server",
                        "product_resource_id": s, "status": "attached"})]
        })
        .unwrap_or_default();
    let mut body = json!({
        "id": id, "name": id, "type": ty, "size": gb * 1_000_000_000,
        "status": if server.is_some() { "in_use" } else { "available" },
        "references": references, "zone": zone, "tags": [],
    });
    if let (Some(b), Some(e)) = (body.as_object_mut(), extra.as_object()) {
        b.extend(e.clone());
    }
    serde_json::from_value(body).unwrap()
}

pub(crate) fn models<T: Keyed>(items: Vec<T>) -> Models<T> {
    Arc::new(items.into_iter().map(Arc::new).collect())
}

/// The shipped table (assets/prices.toml): 5K 0.0949, 15K 0.12921, l_ssd
/// 0.0292 EUR per GB-month; b_ssd and scratch unknown.
pub(crate) fn shipped() -> VolumePrices {
    VolumePrices::new(&crate::settings::defaults().prices)
}

pub(crate) fn parse<T: serde::de::DeserializeOwned>(v: Value) -> T {
    serde_json::from_value(v).unwrap()
}

/// A security group; `default` is the project's default group of its zone.
pub(crate) fn group(id: &str, zone: &str, default: bool, servers: Value) -> SecurityGroup {
    parse(
        json!({"id": id, "name": id, "zone": zone, "project_default": default,
                 "servers": servers, "inbound_default_policy": "drop",
                 "outbound_default_policy": "accept", "stateful": true}),
    )
}

/// A private network of fr-par with one subnet.
/// A server's private NIC on network `pn`, as the API lists it.
pub(crate) fn nic(id: &str, pn: &str) -> Value {
    json!({"id": id, "private_network_id": pn, "state": "available"})
}

pub(crate) fn network(id: &str, vpc: &str, cidr: &str) -> PrivateNetwork {
    parse(
        json!({"id": id, "name": id, "region": "fr-par", "vpc_id": vpc,
                 "subnets": [{"id": format!("{id}-s"), "subnet": cidr}]}),
    )
}

pub(crate) fn vpc(id: &str, region: &str, networks: u32, default: bool) -> Vpc {
    parse(
        json!({"id": id, "name": id, "region": region, "is_default": default,
                 "private_network_count": networks}),
    )
}

/// An inventory of these servers and volumes whose zones sell the `types`
/// (zone, commercial type, hourly price), priced by the shipped table, its
/// joins (and so its costs) built.
pub(crate) fn inventory(
    servers: Vec<ServerSummary>,
    volumes: Vec<VolumeSummary>,
    types: &[(&str, &str, f64)],
) -> Inventory {
    let mut server_types: HashMap<Zone, BTreeMap<String, ServerType>> = HashMap::new();
    for (zone, name, price) in types {
        server_types
            .entry(zone.parse().unwrap())
            .or_default()
            .insert(
                name.to_string(),
                parse(json!({"ncpus": 2, "ram": 2_147_483_648u64, "hourly_price": price})),
            );
    }
    let mut inv = Inventory {
        servers: models(servers),
        volumes: models(volumes),
        server_types: server_types
            .into_iter()
            .map(|(z, t)| (z, Arc::new(t)))
            .collect(),
        volume_prices: Arc::new(shipped()),
        ..Inventory::default()
    };
    inv.joins = Arc::new(inv.build_joins());
    inv
}

pub(crate) fn hourly(entries: &[(&str, &str, f64)]) -> HourlyPrices {
    entries
        .iter()
        .map(|(z, t, p)| ((Shared::from(*z), Shared::from(*t)), *p))
        .collect()
}

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() < 1e-9
}

/// The recorded DEV1-S, PRO2-XS and GP1-XS prices (fr-par-1, Aug 2026).
fn catalogue() -> HourlyPrices {
    hourly(&[
        ("fr-par-1", "DEV1-S", 0.008976),
        ("fr-par-1", "PRO2-XS", 0.1122),
        ("fr-par-1", "GP1-XS", 0.09282),
        ("nl-ams-1", "PRO2-XS", 0.1122),
    ])
}

fn fleet() -> (Models<ServerSummary>, Models<VolumeSummary>) {
    let servers = vec![
        // Running, a 20 GB local SSD: 0.008976 * 730 = 6.55248 compute,
        // 20 * 0.0292 = 0.584 volume.
        server(
            "web",
            "running",
            "DEV1-S",
            "fr-par-1",
            json!({"0": {"id": "web-root", "volume_type": "l_ssd", "size": 20_000_000_000u64}}),
        ),
        // Stopped: no compute; 50 GB 5K still billed: 50 * 0.0949 = 4.745.
        server(
            "batch",
            "stopped",
            "GP1-XS",
            "fr-par-1",
            json!({"0": {"id": "batch-root", "volume_type": "sbs_volume"}}),
        ),
        // Stopped in place: compute billed, 0.1122 * 730 = 81.906; 100 GB
        // 15K: 100 * 0.12921 = 12.921.
        server(
            "db",
            "stopped in place",
            "PRO2-XS",
            "fr-par-1",
            json!({"0": {"id": "db-data", "volume_type": "sbs_volume"}}),
        ),
    ];
    let volumes = vec![
        volume("batch-root", "sbs_5k", 50, "fr-par-1", Some("batch")),
        volume("db-data", "sbs_15k", 100, "fr-par-1", Some("db")),
        // Unattached 15K, 10 GB: 1.2921.
        volume("spare", "sbs_15k", 10, "fr-par-1", None),
        // Legacy b_ssd: no price in the table.
        volume("legacy", "b_ssd", 30, "fr-par-1", None),
    ];
    (models(servers), models(volumes))
}

#[test]
fn running_stopped_and_stopped_in_place_servers() {
    let (servers, volumes) = fleet();
    let costs = FleetCosts::build(&servers, &volumes, catalogue().into(), shipped().into());

    let web = costs.server("web").unwrap();
    assert!(web.billed);
    assert!(close(web.compute.eur(), 6.55248));
    assert!(close(web.volumes.eur(), 0.584));
    assert!(close(web.total().eur(), 7.13648));

    let batch = costs.server("batch").unwrap();
    assert!(!batch.billed);
    assert_eq!(batch.compute, Amount::ZERO);
    assert!(close(batch.total().eur(), 4.745));

    let db = costs.server("db").unwrap();
    assert!(db.billed, "stopped in place still bills compute");
    assert!(close(db.compute.eur(), 81.906));
    assert!(close(db.total().eur(), 94.827));
}

#[test]
fn totals_count_every_volume_and_say_what_is_unknown() {
    let (servers, volumes) = fleet();
    let t = FleetCosts::build(&servers, &volumes, catalogue().into(), shipped().into()).totals;
    // Billed now: web and db. 0.008976 + 0.1122 = 0.121176 an hour.
    assert!(close(t.hourly.eur(), 0.121176));
    assert!(close(t.compute.eur(), 6.55248 + 81.906));
    // 0.584 (local) + 4.745 + 12.921 + 1.2921 = 19.5421, and b_ssd unknown.
    assert!(close(t.volumes.eur(), 19.5421));
    assert_eq!(t.volumes.unknown, 1);
    assert_eq!((t.servers, t.billed), (3, 2));
    assert_eq!(t.volumes.monthly(), "€19.54+?");
}

#[test]
fn volume_classes_and_local_types_by_the_table() {
    let p = shipped();
    let five = volume("a", "sbs_5k", 100, "fr-par-1", None);
    let fifteen = volume("b", "sbs_15k", 100, "fr-par-1", None);
    assert!(close(p.block(&five).eur(), 9.49));
    assert!(close(p.block(&fifteen).eur(), 12.921));
    // A type this version does not know, provisioned at 15K: by its class.
    let newer = volume_with(
        "c",
        "sbs_future",
        10,
        "fr-par-1",
        None,
        json!({"specs": {"perf_iops": 15000}}),
    );
    assert!(close(p.block(&newer).eur(), 1.2921));
    // Legacy b_ssd: "price unknown", not €0.
    assert_eq!(
        p.block(&volume("d", "b_ssd", 10, "fr-par-1", None)),
        Amount::UNKNOWN
    );
    // Scratch (GPU types) has no published price either.
    let gpu = server(
        "g",
        "running",
        "L4-1-24G",
        "fr-par-2",
        json!({"0": {"id": "s", "volume_type": "scratch", "size": 1_000_000_000u64}}),
    );
    assert_eq!(p.local(&gpu.volumes[0]), Amount::UNKNOWN);
}

#[test]
fn a_configured_price_replaces_the_shipped_one() {
    let mut prices = crate::settings::defaults().prices.clone();
    prices.volumes.insert("b_ssd".into(), 0.08);
    prices.volumes.insert("sbs_5k".into(), 0.1);
    let p = VolumePrices::new(&prices);
    assert!(close(
        p.block(&volume("d", "b_ssd", 10, "fr-par-1", None)).eur(),
        0.8
    ));
    assert!(close(
        p.block(&volume("e", "sbs_5k", 10, "fr-par-1", None)).eur(),
        1.0
    ));
}

#[test]
fn unknown_type_prices_and_unlisted_block_volumes_stay_unknown() {
    let servers = models(vec![
        // Its zone's types are not loaded yet: compute unknown.
        server("x", "running", "PRO2-XS", "nl-ams-1", json!({})),
        // Block has not listed its volume yet.
        server(
            "y",
            "stopped",
            "DEV1-S",
            "fr-par-1",
            json!({"0": {"id": "later", "volume_type": "sbs_volume"}}),
        ),
    ]);
    let costs = FleetCosts::build(
        &servers,
        &Models::default(),
        hourly(&[("fr-par-1", "DEV1-S", 0.008976)]).into(),
        shipped().into(),
    );
    assert_eq!(costs.server("x").unwrap().total(), Amount::UNKNOWN);
    // Stopped: compute is known to be €0 whatever its type costs.
    assert_eq!(costs.server("y").unwrap().compute, Amount::ZERO);
    assert_eq!(costs.server("y").unwrap().volumes, Amount::UNKNOWN);
    assert_eq!(costs.totals.volumes.unknown, 1);
    assert_eq!(costs.totals.hourly, Amount::UNKNOWN);
    assert_eq!(costs.totals.hourly.hourly(), "?");
}

#[test]
fn one_zone_or_all_is_what_the_inventory_holds() {
    // The inventory holds the scope (cleared on a zone change): the same
    // fleet with the nl-ams-1 server is the "all" total.
    let (servers, volumes) = fleet();
    let fr = FleetCosts::build(&servers, &volumes, catalogue().into(), shipped().into()).totals;
    let mut all = (*servers).clone();
    all.insert(Arc::new(server(
        "ams",
        "running",
        "PRO2-XS",
        "nl-ams-1",
        json!({}),
    )));
    let all = FleetCosts::build(
        &Arc::new(all),
        &volumes,
        catalogue().into(),
        shipped().into(),
    )
    .totals;
    assert!(close(all.hourly.eur() - fr.hourly.eur(), 0.1122));
    assert!(close(all.compute.eur() - fr.compute.eur(), 81.906));
    // The same volumes (summed in another order: equal to the rounding).
    assert!(close(all.volumes.eur(), fr.volumes.eur()));
    assert_eq!(all.volumes.unknown, fr.volumes.unknown);
}

#[test]
fn shutting_down_is_free_unless_the_server_keeps_its_node() {
    let mut s = server("s", "stopping", "DEV1-S", "fr-par-1", json!({}));
    assert!(!compute_billed(&s));
    s.state_detail = Shared::from("stopping in place");
    assert!(compute_billed(&s));
    s.state_detail = Shared::from("rebooting");
    assert!(compute_billed(&s));
    s.state = ServerState::Starting;
    assert!(compute_billed(&s));
}

#[test]
fn amounts_read_as_money() {
    assert_eq!(Amount::known(163.0674).monthly(), "€163.07");
    assert_eq!(Amount::known(1503.475).monthly(), "€1,503.48");
    assert_eq!(Amount::known(0.22338).hourly(), "€0.2234");
    assert_eq!(Amount::known(12345.6).rounded(), "€12,346");
    assert_eq!(Amount::known(999.4).rounded(), "€999");
    assert_eq!((Amount::known(2.0) + Amount::UNKNOWN).monthly(), "€2.00+?");
    assert_eq!(Amount::UNKNOWN.monthly(), "?");
    let parts: BTreeMap<u8, Amount> = [(1, Amount::known(1.5)), (2, Amount::UNKNOWN)].into();
    assert_eq!(parts.values().copied().sum::<Amount>().unknown, 1);
}

/// The servers' rows are rebuilt on a joins change only when a month may
/// differ for a reason besides the server: a Block volume resized, or a
/// price. A renamed volume costs the same.
#[test]
fn costs_differ_besides_servers_when_a_volume_or_a_price_does() {
    let (servers, volumes) = fleet();
    let base = || FleetCosts::build(&servers, &volumes, catalogue().into(), shipped().into());
    let with_volume = |v: VolumeSummary| {
        let mut next = (*volumes).clone();
        next.insert(Arc::new(v));
        FleetCosts::build(
            &servers,
            &Arc::new(next),
            catalogue().into(),
            shipped().into(),
        )
    };
    assert!(!base().differ_besides_servers(&base()));
    let renamed = volume_with(
        "db-data",
        "sbs_15k",
        100,
        "fr-par-1",
        Some("db"),
        json!({"name": "db-renamed"}),
    );
    assert!(!with_volume(renamed).differ_besides_servers(&base()));
    let resized = volume("db-data", "sbs_15k", 200, "fr-par-1", Some("db"));
    assert!(with_volume(resized).differ_besides_servers(&base()));
    let cheaper = FleetCosts::build(
        &servers,
        &volumes,
        hourly(&[("fr-par-1", "DEV1-S", 0.001)]).into(),
        shipped().into(),
    );
    assert!(cheaper.differ_besides_servers(&base()));
}

#[test]
fn joins_share_what_their_inputs_did_not_change_and_rework_what_they_did() {
    let a = server_with(
        "a",
        "running",
        "DEV1-S",
        "fr-par-1",
        json!({"0": {"id": "a-root", "volume_type": "sbs_volume"}}),
        json!({"private_nics": [nic("nic-a", "pn-1")]}),
    );
    let root = volume("a-root", "sbs_5k", 20, "fr-par-1", Some("a"));
    let mut inv = inventory(vec![a], vec![root], &[("fr-par-1", "DEV1-S", 0.01)]);
    let held = inv.joins.clone();

    // A group's rules arrive: nothing the costs or the networks read moved.
    inv.rules.insert("sg-1".into(), Arc::new(Vec::new()));
    inv.refresh_joins();
    assert!(Arc::ptr_eq(&held.costs, &inv.joins.costs));
    assert!(Arc::ptr_eq(&held.prices, &inv.joins.prices));
    assert!(Arc::ptr_eq(
        &held.network_servers,
        &inv.joins.network_servers
    ));
    assert!(Arc::ptr_eq(
        &held.nics_per_network,
        &inv.joins.nics_per_network
    ));
    assert_eq!(inv.joins.rules_per_group.get("sg-1"), Some(&0));

    // The volume grows: the costs are worked out again, the networks kept.
    let bigger = volume("a-root", "sbs_5k", 40, "fr-par-1", Some("a"));
    inv.volumes = models(vec![bigger]);
    let tabs = inv.refresh_joins();
    assert!(!Arc::ptr_eq(&held.costs, &inv.joins.costs));
    assert_ne!(inv.joins.costs.totals.volumes, held.costs.totals.volumes);
    assert!(Arc::ptr_eq(
        &held.network_servers,
        &inv.joins.network_servers
    ));
    assert!(tabs.contains(&crate::kinds::Tab::Cost));

    // The server leaves its network: the networks are worked out again.
    let moved = server("a", "running", "DEV1-S", "fr-par-1", json!({}));
    inv.servers = models(vec![moved]);
    inv.refresh_joins();
    assert!(!Arc::ptr_eq(
        &held.network_servers,
        &inv.joins.network_servers
    ));
    assert!(inv.joins.network_servers.get("pn-1").is_none());
    assert_eq!(inv.joins.nics_per_network.get("pn-1"), None);
}
