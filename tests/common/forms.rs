//! Shared test data for the forms tests: small but real-shaped API objects.
#![allow(dead_code, clippy::unwrap_used)]

use std::collections::BTreeMap;
use std::sync::Arc;

use crossterm::event::{KeyCode, KeyModifiers};
use scwdash::api::locality::Zone;
use scwdash::api::models::{
    Image, PrivateNetwork, SecurityGroup, SecurityGroupRule, ServerSummary, ServerType,
    ServerTypeAvailability, VolumeSummary, Vpc,
};
use scwdash::app::editing::Catalog;
use scwdash::app::form::{Form, FormOutcome};
use scwdash::app::forms::FormSubmit;
use scwdash::keymap::{Key, KeyMap};
use serde_json::{Value, json};

pub fn k(code: KeyCode) -> Key {
    Key::new(code, KeyModifiers::NONE)
}

pub fn shift_tab() -> Key {
    Key::new(KeyCode::BackTab, KeyModifiers::SHIFT)
}

/// Types `text` into the focused field, one key per character.
pub fn type_text(form: &mut Form, text: &str) {
    for c in text.chars() {
        assert_eq!(
            form.handle_key(&KeyMap::default(), k(KeyCode::Char(c))),
            FormOutcome::Continue
        );
    }
}

pub fn enter(form: &mut Form) -> FormOutcome<FormSubmit> {
    form.handle_key(&KeyMap::default(), k(KeyCode::Enter))
}

pub fn tab(form: &mut Form) {
    assert_eq!(
        form.handle_key(&KeyMap::default(), k(KeyCode::Tab)),
        FormOutcome::Continue
    );
}

fn parse<T: serde::de::DeserializeOwned>(v: Value) -> T {
    serde_json::from_value(v).unwrap()
}

fn shared<T: serde::de::DeserializeOwned>(v: Value) -> Arc<T> {
    Arc::new(parse(v))
}

/// Everything the forms choose from, owned; [`Data::catalog`] lends it.
pub struct Data {
    pub types: BTreeMap<String, ServerType>,
    pub stock: BTreeMap<String, ServerTypeAvailability>,
    pub images: Vec<Image>,
    pub groups: Vec<Arc<SecurityGroup>>,
    pub servers: Vec<Arc<ServerSummary>>,
    pub volumes: Vec<Arc<VolumeSummary>>,
    pub pns: Vec<Arc<PrivateNetwork>>,
    pub vpcs: Vec<Arc<Vpc>>,
    /// The zones a create form offers (zone "all"); empty: one zone.
    pub zones: Vec<Zone>,
}

pub fn data() -> Data {
    Data {
        types: server_types(),
        stock: availability(),
        images: images(),
        groups: security_groups(),
        servers: vec![server("srv-1", "web-1", "fr-par-1", 1)],
        volumes: vec![
            volume("vol-free", "spare", "available", "fr-par-1"),
            volume("vol-ams", "ams-spare", "available", "nl-ams-1"),
            volume("vol-busy", "busy", "in_use", "fr-par-1"),
        ],
        pns: private_networks(),
        vpcs: vpcs(),
        zones: Vec::new(),
    }
}

impl Data {
    /// The catalog of fr-par-1 with `project` configured.
    pub fn catalog<'a>(&'a self, project: Option<&'a str>) -> Catalog<'a> {
        Catalog {
            server_types: &self.types,
            availability: &self.stock,
            images: &self.images,
            security_groups: &self.groups,
            servers: &self.servers,
            volumes: &self.volumes,
            private_networks: &self.pns,
            vpcs: &self.vpcs,
            project,
            shared_project: None,
            zones: &self.zones,
        }
    }
}

pub fn server_types() -> BTreeMap<String, ServerType> {
    let t = |ncpus: u32, ram_gib: u64, hourly: f64, monthly: f64, arch: &str| {
        parse::<ServerType>(json!({
            "ncpus": ncpus, "ram": ram_gib << 30, "arch": arch,
            "hourly_price": hourly, "monthly_price": monthly,
        }))
    };
    BTreeMap::from([
        ("DEV1-S".to_string(), t(2, 2, 0.0088, 6.42, "x86_64")),
        ("PRO2-S".to_string(), t(8, 32, 0.114, 83.22, "x86_64")),
        ("COPARM1-2C-8G".to_string(), t(2, 8, 0.0426, 31.1, "arm64")),
        ("GP1-XL".to_string(), t(48, 256, 1.53, 1116.9, "x86_64")),
    ])
}

pub fn availability() -> BTreeMap<String, ServerTypeAvailability> {
    let a = |s: &str| parse::<ServerTypeAvailability>(json!({"availability": s}));
    BTreeMap::from([
        ("DEV1-S".to_string(), a("available")),
        ("PRO2-S".to_string(), a("available")),
        ("COPARM1-2C-8G".to_string(), a("scarce")),
        ("GP1-XL".to_string(), a("shortage")),
    ])
}

pub fn images() -> Vec<Image> {
    let i = |id: &str, name: &str, arch: &str| {
        parse::<Image>(json!({"id": id, "name": name, "arch": arch, "zone": "fr-par-1"}))
    };
    vec![
        i(
            "11111111-aaaa-4000-8000-000000000001",
            "ubuntu_noble",
            "x86_64",
        ),
        i(
            "11111111-aaaa-4000-8000-000000000002",
            "debian_bookworm",
            "x86_64",
        ),
        i(
            "11111111-aaaa-4000-8000-000000000003",
            "ubuntu_noble_arm",
            "arm64",
        ),
    ]
}

pub fn security_groups() -> Vec<Arc<SecurityGroup>> {
    let g = |id: &str, name: &str, default: bool| {
        shared::<SecurityGroup>(json!({
            "id": id, "name": name, "description": null, "stateful": true,
            "inbound_default_policy": "accept", "outbound_default_policy": "accept",
            "project_default": default, "zone": "fr-par-1",
        }))
    };
    vec![
        g("sg-default", "Default security group", true),
        g("sg-web", "web", false),
    ]
}

/// A server with `n` volumes: the root at "0" and sbs volumes after it.
pub fn server(id: &str, name: &str, zone: &str, n: usize) -> Arc<ServerSummary> {
    let volumes: serde_json::Map<String, Value> = (0..n)
        .map(|i| {
            (
                i.to_string(),
                json!({"id": format!("{id}-vol{i}"), "volume_type": "sbs_volume",
                       "boot": i == 0, "state": "available", "zone": zone}),
            )
        })
        .collect();
    shared(json!({
        "id": id, "name": name, "state": "running", "commercial_type": "DEV1-S",
        "zone": zone, "volumes": volumes, "tags": ["web", "prod"],
    }))
}

/// A stopped x86_64 DEV1-S in the default group: its type can change.
pub fn stopped_server(id: &str, name: &str) -> Arc<ServerSummary> {
    shared(json!({
        "id": id, "name": name, "state": "stopped", "commercial_type": "DEV1-S",
        "arch": "x86_64", "zone": "fr-par-1", "tags": [],
        "security_group": {"id": "sg-default", "name": "Default security group"},
        "volumes": {"0": {"id": format!("{id}-vol0"), "volume_type": "sbs_volume",
                          "boot": true, "state": "available", "zone": "fr-par-1"}},
    }))
}

pub fn volume(id: &str, name: &str, status: &str, zone: &str) -> Arc<VolumeSummary> {
    shared(json!({
        "id": id, "name": name, "type": "sbs_5k", "size": 20_000_000_000_u64,
        "status": status, "zone": zone, "tags": ["data"],
        "specs": {"perf_iops": 5000, "class": "sbs"},
    }))
}

pub fn vpcs() -> Vec<Arc<Vpc>> {
    let v = |id: &str, name: &str, default: bool| {
        shared::<Vpc>(json!({"id": id, "name": name, "region": "fr-par", "is_default": default}))
    };
    vec![
        v("vpc-default", "default", true),
        v("vpc-prod", "prod", false),
    ]
}

pub fn private_networks() -> Vec<Arc<PrivateNetwork>> {
    let pn = |id: &str, name: &str, region: &str, cidr: &str| {
        shared::<PrivateNetwork>(json!({
            "id": id, "name": name, "region": region,
            "subnets": [{"id": "s", "subnet": cidr}],
        }))
    };
    vec![
        pn("pn-app", "app-net", "fr-par", "172.16.32.0/22"),
        pn("pn-db", "db-net", "fr-par", "172.16.36.0/22"),
        pn("pn-ams", "ams-net", "nl-ams", "172.16.40.0/22"),
    ]
}

/// Two non-editable defaults, then three user rules (positions out of order on
/// purpose: the editor sorts them).
pub fn rules() -> Vec<SecurityGroupRule> {
    let r = |id: &str,
             proto: &str,
             dir: &str,
             action: &str,
             range: &str,
             from: Option<u32>,
             to: Option<u32>,
             pos: u32,
             editable: bool| {
        parse::<SecurityGroupRule>(json!({
            "id": id, "protocol": proto, "direction": dir, "action": action,
            "ip_range": range, "dest_port_from": from, "dest_port_to": to,
            "position": pos, "editable": editable, "zone": "fr-par-1",
        }))
    };
    vec![
        r(
            "r-ssh",
            "TCP",
            "inbound",
            "accept",
            "10.0.0.0/8",
            Some(22),
            None,
            1,
            true,
        ),
        r(
            "d-25",
            "TCP",
            "outbound",
            "drop",
            "0.0.0.0/0",
            Some(25),
            None,
            1,
            false,
        ),
        r(
            "r-icmp",
            "ICMP",
            "inbound",
            "accept",
            "0.0.0.0/0",
            None,
            None,
            3,
            true,
        ),
        r(
            "d-465",
            "TCP",
            "outbound",
            "drop",
            "0.0.0.0/0",
            Some(465),
            None,
            2,
            false,
        ),
        r(
            "r-web",
            "TCP",
            "inbound",
            "accept",
            "0.0.0.0/0",
            Some(80),
            Some(443),
            2,
            true,
        ),
    ]
}
