//! Deterministic fleets: the curated demo fleet, or N generated servers from a seed.

use chrono::{DateTime, Duration, TimeZone, Utc};

use super::catalog;
use super::vpc::allocate_subnets;
use super::world::{
    PROJECT, PrivateNetwork, PrivateNic, PublicIp, Rule, SecurityGroup, Server, ServerSettings,
    ServerVolume, Volume, VolumeSlots, Vpc, World,
};
use crate::api::locality::{Region, Zone};
use crate::inline_str::InlineStr;

/// All fleets start from this instant so ordering and ages are reproducible.
fn epoch() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 1, 5, 9, 0, 0)
        .single()
        .unwrap_or_default()
}

/// (name, zone, commercial type, state, private network index or none, extra data volume GB)
type Spec = (
    &'static str,
    Zone,
    &'static str,
    &'static str,
    Option<usize>,
    u64,
);

const DEMO: [Spec; 30] = [
    ("web-1", Zone::FrPar1, "PRO2-S", "running", Some(0), 0),
    ("web-2", Zone::FrPar1, "PRO2-S", "running", Some(0), 0),
    ("web-3", Zone::FrPar2, "PRO2-S", "running", Some(0), 0),
    ("api-gateway", Zone::FrPar1, "PRO2-M", "running", Some(0), 0),
    (
        "db-primary",
        Zone::FrPar1,
        "POP2-HM-8C-64G",
        "running",
        Some(0),
        500,
    ),
    (
        "db-replica",
        Zone::FrPar2,
        "POP2-HM-8C-64G",
        "running",
        Some(0),
        500,
    ),
    (
        "redis-cache",
        Zone::FrPar1,
        "POP2-HM-2C-16G",
        "running",
        Some(0),
        0,
    ),
    ("worker-1", Zone::FrPar1, "DEV1-M", "running", Some(1), 0),
    ("worker-2", Zone::FrPar1, "DEV1-M", "stopped", Some(1), 0),
    (
        "worker-3",
        Zone::FrPar3,
        "DEV1-M",
        "stopped in place",
        None,
        0,
    ),
    (
        "gpu-trainer",
        Zone::FrPar2,
        "L4-1-24G",
        "running",
        None,
        1000,
    ),
    (
        "gpu-inference",
        Zone::FrPar1,
        "L4-2-24G",
        "stopped",
        None,
        200,
    ),
    (
        "ci-runner-1",
        Zone::FrPar1,
        "PLAY2-NANO",
        "running",
        None,
        0,
    ),
    (
        "ci-runner-2",
        Zone::FrPar1,
        "PLAY2-NANO",
        "stopped",
        None,
        0,
    ),
    (
        "bastion",
        Zone::FrPar1,
        "STARDUST1-S",
        "running",
        Some(0),
        0,
    ),
    ("staging-web", Zone::FrPar2, "DEV1-S", "running", Some(1), 0),
    (
        "staging-db",
        Zone::FrPar2,
        "DEV1-L",
        "stopped",
        Some(1),
        100,
    ),
    ("ams-web-1", Zone::NlAms1, "PRO2-XS", "running", Some(2), 0),
    ("ams-web-2", Zone::NlAms1, "PRO2-XS", "running", Some(2), 0),
    (
        "ams-db",
        Zone::NlAms1,
        "POP2-4C-16G",
        "running",
        Some(2),
        250,
    ),
    ("ams-monitoring", Zone::NlAms2, "DEV1-S", "running", None, 0),
    ("ams-backup", Zone::NlAms3, "DEV1-L", "stopped", None, 2000),
    (
        "waw-batch-1",
        Zone::PlWaw1,
        "POP2-8C-32G",
        "running",
        Some(3),
        0,
    ),
    (
        "waw-batch-2",
        Zone::PlWaw1,
        "POP2-8C-32G",
        "stopped",
        Some(3),
        0,
    ),
    (
        "waw-gpu",
        Zone::PlWaw2,
        "L4-1-24G",
        "stopped in place",
        None,
        0,
    ),
    ("waw-dev", Zone::PlWaw3, "DEV1-S", "running", None, 0),
    ("grafana", Zone::FrPar1, "DEV1-S", "running", Some(0), 0),
    ("vpn", Zone::FrPar3, "STARDUST1-S", "running", None, 0),
    ("old-wordpress", Zone::FrPar1, "DEV1-S", "stopped", None, 0),
    (
        "arm-builder",
        Zone::FrPar2,
        "BASIC2-A4C-16G",
        "running",
        None,
        0,
    ),
];

/// Private networks of the demo: (name, region, tags).
const DEMO_PNS: [(&str, Region, &str); 5] = [
    ("prod-backend", Region::FrPar, "prod"),
    ("staging", Region::FrPar, "staging"),
    ("ams-internal", Region::NlAms, "prod"),
    ("waw-batch", Region::PlWaw, "batch"),
    ("sandbox", Region::FrPar, "dev"),
];

fn detail(state: &str) -> &'static str {
    match state {
        "running" => "booting kernel",
        "stopped in place" => "stopped in place",
        _ => "",
    }
}

fn static_state(state: &str) -> &'static str {
    match state {
        "running" => "running",
        "stopped in place" => "stopped in place",
        _ => "stopped",
    }
}

fn block_volume(
    w: &mut World,
    zone: Zone,
    name: String,
    gb: u64,
    created: DateTime<Utc>,
    perf_iops: u32,
) -> InlineStr {
    let id = w.uuid();
    w.insert_volume(Volume {
        project: PROJECT.into(),
        id: id.clone(),
        name: name.into(),
        zone,
        size: gb * 1_000_000_000,
        perf_iops,
        status: "available",
        tags: vec![],
        reference: None,
        created,
        updated: created,
        last_detached: None,
    });
    id
}

/// Build one server with an attached root volume (and optionally a data volume and a NIC).
fn add_server(
    w: &mut World,
    spec: (String, Zone, &'static str, &str),
    created: DateTime<Utc>,
    data_gb: u64,
    pn: Option<String>,
    tags: Vec<String>,
    sg: String,
) {
    let (name, zone, ctype, state) = spec;
    let (ctype, arch) = catalog::server_type_named(zone, ctype)
        .map_or((ctype, "x86_64"), |(name, t)| (name, catalog::arch_of(t)));
    let image = catalog::find_image(zone, "ubuntu_noble", arch)
        .map(|i| InlineStr::from(&i.id))
        .unwrap_or_default();
    let id = w.uuid();
    let mut volumes = VolumeSlots::new();
    let root = block_volume(w, zone, format!("{name}-root"), 20, created, 5000);
    w.attach_block(&root, &id, true);
    volumes.insert(
        0,
        ServerVolume {
            id: root,
            volume_type: "sbs_volume",
            name: Box::default(),
            size: 0,
            state: "available",
            created,
        },
    );
    if data_gb > 0 {
        let data = block_volume(w, zone, format!("{name}-data"), data_gb, created, 15000);
        w.attach_block(&data, &id, true);
        volumes.insert(
            1,
            ServerVolume {
                id: data,
                volume_type: "sbs_volume",
                name: Box::default(),
                size: 0,
                state: "available",
                created,
            },
        );
    }
    let private_nics = match pn {
        Some(pn) => {
            let nic_id = w.uuid();
            let mac_address = w.mac("02:00:00");
            // A full subnet leaves the NIC without addresses rather than
            // failing the fleet.
            let ipam_ip_ids = w
                .book_nic_ips(&pn, &id, &nic_id, &mac_address, created)
                .unwrap_or_default();
            vec![PrivateNic {
                id: nic_id,
                private_network_id: pn.into(),
                mac_address,
                state: "available",
                created,
                modified: created,
                tags: vec![],
                ipam_ip_ids,
            }]
        }
        None => vec![],
    };
    let public_ip = if state == "stopped" {
        None
    } else {
        let (a, b) = (w.random_u32(250) + 2, w.random_u32(250) + 2);
        Some(Box::new(PublicIp {
            id: w.uuid(),
            address: format!("51.158.{a}.{b}").into(),
            ipam_id: w.uuid(),
        }))
    };
    // The public web servers also have a routed IPv6 (as recorded:
    // `family: "inet6"`, SLAAC, listed after the IPv4).
    let public_ipv6 = (public_ip.is_some() && name.contains("web")).then(|| {
        let (a, b) = (w.random_u32(0xffff), w.random_u32(0xffff));
        Box::new(PublicIp {
            id: w.uuid(),
            address: format!("2001:bc8:710:{a:x}:dc00:ff:fe{:02x}:{b:x}", a & 0xff).into(),
            ipam_id: w.uuid(),
        })
    });
    let server = Server {
        id,
        name: name.into(),
        zone,
        commercial_type: ctype,
        arch,
        image_id: image,
        state: static_state(state),
        state_detail: detail(state),
        tags: tags.into_iter().map(InlineStr::from).collect(),
        volumes,
        security_group: sg.into(),
        private_nics,
        public_ip,
        public_ipv6,
        settings: ServerSettings::default(),
        project: PROJECT.into(),
        mac_address: w.mac("de:00:00"),
        created,
        modified: created,
        node: w.random_u32(4000),
        generation: 0,
    };
    w.insert_server(server);
}

fn rule(w: &mut World, port: u32, range: &str) -> Rule {
    Rule {
        id: w.uuid().into(),
        protocol: "TCP".into(),
        direction: "inbound".into(),
        action: "accept".into(),
        ip_range: range.into(),
        dest_port_from: Some(port),
        dest_port_to: None,
        editable: true,
    }
}

fn add_sg(
    w: &mut World,
    zone: Zone,
    name: &str,
    rules: Vec<Rule>,
    created: DateTime<Utc>,
) -> String {
    let id = w.uuid().to_string();
    w.insert_sg(SecurityGroup {
        project: PROJECT.to_string(),
        id: id.clone(),
        name: name.into(),
        description: Some(format!("{name} servers")),
        zone,
        stateful: true,
        inbound_default_policy: "drop".into(),
        outbound_default_policy: "accept".into(),
        project_default: false,
        enable_default_security: true,
        state: "available",
        tags: vec![],
        rules,
        created,
        modified: created,
    });
    id
}

fn add_pn(
    w: &mut World,
    name: &str,
    region: Region,
    vpc: String,
    tag: &str,
    created: DateTime<Utc>,
) -> String {
    let subnets = allocate_subnets(w, &[]).unwrap_or_default();
    let id = w.uuid().to_string();
    w.insert_pn(PrivateNetwork {
        project: PROJECT.to_string(),
        id: id.clone(),
        name: name.into(),
        region,
        vpc_id: vpc,
        tags: vec![tag.into()],
        subnets,
        default_route_propagation_enabled: false,
        created,
        updated: created,
    });
    id
}

/// Default VPCs (one per region) and default security groups (one per zone).
fn base(w: &mut World) {
    let t0 = epoch() - Duration::days(90);
    for r in Region::ALL {
        let id = w.default_vpc(r);
        if let Some(v) = w.vpcs.get_mut(&id) {
            (v.created, v.updated) = (t0, t0);
        }
    }
    for z in Zone::ALL {
        let id = w.default_sg(z);
        if let Some(g) = w.security_groups.get_mut(&id) {
            (g.created, g.modified) = (t0, t0);
        }
    }
}

/// The curated demo fleet (~30 servers over six zones and three regions).
pub fn demo(w: &mut World) {
    base(w);
    let t0 = epoch();
    let prod_vpc = w.uuid().to_string();
    w.insert_vpc(Vpc {
        project: PROJECT.to_string(),
        id: prod_vpc.clone(),
        name: "prod".into(),
        region: Region::FrPar,
        tags: vec!["prod".into()],
        is_default: false,
        routing_enabled: true,
        custom_routes_propagation_enabled: true,
        created: t0,
        updated: t0,
    });
    let pns: Vec<String> = DEMO_PNS
        .iter()
        .map(|(name, region, tag)| {
            let vpc = if *tag == "prod" && *region == Region::FrPar {
                prod_vpc.clone()
            } else {
                w.default_vpc(*region)
            };
            add_pn(w, name, *region, vpc, tag, t0)
        })
        .collect();
    let web_rules = vec![
        rule(w, 80, "0.0.0.0/0"),
        rule(w, 443, "0.0.0.0/0"),
        rule(w, 22, "203.0.113.7"),
    ];
    let web_sg = add_sg(w, Zone::FrPar1, "web", web_rules, t0);
    let db_rules = vec![rule(w, 5432, "172.16.0.0/12")];
    let db_sg = add_sg(w, Zone::FrPar1, "database", db_rules, t0);
    let ams_rules = vec![rule(w, 443, "0.0.0.0/0")];
    add_sg(w, Zone::NlAms1, "ams-web", ams_rules, t0);
    for (i, (name, zone, ctype, state, pn, data)) in DEMO.iter().enumerate() {
        let created = t0 + Duration::hours(i as i64 * 7);
        let sg = match (*zone, *name) {
            (Zone::FrPar1, n) if n.starts_with("web") || n == "api-gateway" => web_sg.clone(),
            (Zone::FrPar1, n) if n.starts_with("db") || n == "redis-cache" => db_sg.clone(),
            _ => w.default_sg(*zone),
        };
        let tags = demo_tags(name);
        let pn = pn.map(|p| pns[p].clone());
        add_server(
            w,
            (name.to_string(), *zone, ctype, state),
            created,
            *data,
            pn,
            tags,
            sg,
        );
    }
    for (i, (name, zone, gb)) in [
        ("backup-2025", Zone::FrPar1, 500u64),
        ("scratch-data", Zone::FrPar1, 50),
        ("datasets", Zone::FrPar2, 2000),
        ("ams-archive", Zone::NlAms1, 1000),
        ("waw-spare", Zone::PlWaw1, 100),
        ("old-db-dump", Zone::FrPar3, 20),
    ]
    .into_iter()
    .enumerate()
    {
        block_volume(
            w,
            zone,
            name.into(),
            gb,
            t0 + Duration::hours(i as i64),
            if i % 2 == 0 { 5000 } else { 15000 },
        );
    }
}

/// `n` servers spread over every zone (`Zone::ALL`), or all in `one_zone` (a large
/// fleet in one zone is paged through by one listing, not ten in parallel);
/// reproducible from the world's seed.
pub fn generated(w: &mut World, n: usize, one_zone: Option<Zone>) {
    base(w);
    let t0 = epoch();
    const ROLES: [&str; 8] = ["web", "api", "worker", "db", "cache", "batch", "ci", "edge"];
    const TYPES: [&str; 6] = [
        "DEV1-S",
        "DEV1-M",
        "PRO2-XS",
        "PRO2-S",
        "POP2-2C-8G",
        "PLAY2-NANO",
    ];
    let pns: Vec<(Region, String)> = Region::ALL
        .iter()
        .flat_map(|r| (0..3).map(move |i| (*r, i)))
        .map(|(r, i)| {
            let vpc = w.default_vpc(r);
            (
                r,
                add_pn(
                    w,
                    &format!("{}-net-{i}", r.as_str()),
                    r,
                    vpc,
                    "generated",
                    t0,
                ),
            )
        })
        .collect();
    let sgs: Vec<String> = Zone::ALL.iter().map(|z| w.default_sg(*z)).collect();
    // Sized once: a map that doubles while it fills holds its old and its new
    // table at once (the simulator's high-water mark).
    w.reserve_servers(n);
    for i in 0..n {
        let zi = match one_zone {
            Some(z) => Zone::ALL.iter().position(|x| *x == z).unwrap_or(0),
            None => i % Zone::ALL.len(),
        };
        let zone = Zone::ALL[zi];
        let role = ROLES[w.random_u32(ROLES.len() as u32) as usize];
        let ctype = TYPES[w.random_u32(TYPES.len() as u32) as usize];
        let state = match w.random_u32(10) {
            0..=6 => "running",
            7 | 8 => "stopped",
            _ => "stopped in place",
        };
        let pn = (i % 3 == 0).then(|| {
            let candidates: Vec<&String> = pns
                .iter()
                .filter(|(r, _)| *r == zone.region())
                .map(|(_, id)| id)
                .collect();
            candidates[i / 3 % candidates.len()].clone()
        });
        let created = t0 + Duration::minutes(i as i64);
        let tags = vec![role.to_string()];
        add_server(
            w,
            (format!("{role}-{i}"), zone, ctype, state),
            created,
            0,
            pn,
            tags,
            sgs[zi].clone(),
        );
    }
}

/// A demo server's tags: its environment, then its role (the name's first
/// word that is not the environment: `staging-web` is `staging, web`).
fn demo_tags(name: &str) -> Vec<String> {
    let env = if name.starts_with("staging") {
        "staging"
    } else {
        "prod"
    };
    let role = name.split('-').find(|w| *w != env).unwrap_or(name);
    vec![env.to_string(), role.to_string()]
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration as StdDuration;

    #[test]
    fn demo_servers_carry_each_tag_once() {
        assert_eq!(demo_tags("staging-web"), ["staging", "web"]);
        assert_eq!(demo_tags("web-1"), ["prod", "web"]);
        let mut w = World::new(42, StdDuration::from_millis(10));
        demo(&mut w);
        for s in w.servers.values() {
            let mut tags = s.tags.clone();
            tags.sort();
            tags.dedup();
            assert_eq!(tags.len(), s.tags.len(), "{}: {:?}", s.name, s.tags);
        }
    }

    #[test]
    fn demo_fleet_is_deterministic_and_spread() {
        let mut a = World::new(42, StdDuration::from_millis(10));
        demo(&mut a);
        let mut b = World::new(42, StdDuration::from_millis(10));
        demo(&mut b);
        assert_eq!(a.servers.len(), 30);
        let mut ids_a: Vec<_> = a.servers.keys().collect();
        let mut ids_b: Vec<_> = b.servers.keys().collect();
        ids_a.sort();
        ids_b.sort();
        assert_eq!(ids_a, ids_b);
        assert!(a.servers_by_zone.len() >= 6);
        assert!(a.volumes.values().any(|v| v.reference.is_none()));
        assert!(
            a.servers
                .values()
                .all(|s| catalog::server_type(s.zone, s.commercial_type).is_some())
        );
    }

    #[test]
    fn ten_thousand_servers_generate_quickly() {
        let start = std::time::Instant::now();
        let mut w = World::new(7, StdDuration::from_millis(10));
        generated(&mut w, 10_000, None);
        assert_eq!(w.servers.len(), 10_000);
        assert_eq!(w.servers_by_zone.len(), Zone::ALL.len());
        assert!(start.elapsed() < StdDuration::from_secs(10));
    }

    #[test]
    fn a_generated_fleet_can_sit_in_one_zone() {
        let mut w = World::new(7, StdDuration::from_millis(10));
        generated(&mut w, 500, Some(Zone::NlAms3));
        assert_eq!(w.servers.len(), 500);
        assert!(w.servers.values().all(|s| s.zone == Zone::NlAms3));
        // Its own zone's security group and region's private networks.
        let sg = w.default_sg(Zone::NlAms3);
        assert!(w.servers.values().all(|s| s.security_group == sg));
        assert!(
            w.servers
                .values()
                .all(|s| catalog::server_type(s.zone, s.commercial_type).is_some())
        );
        // The same names and states as the spread fleet of the same seed.
        let mut spread = World::new(7, StdDuration::from_millis(10));
        generated(&mut spread, 500, None);
        let names = |w: &World| {
            let mut v: Vec<(String, String)> = w
                .servers
                .values()
                .map(|s| (s.name.to_string(), s.state.to_string()))
                .collect();
            v.sort();
            v
        };
        assert_eq!(names(&w), names(&spread));
    }
}
