//! The dashboard tests' one set of sample data: a realistic small inventory
//! (API-shaped JSON parsed by the real models), a dashboard state loaded with
//! it through the real fetch path (`Action::Fetched`), and the keys.
//!
//! The servers, by name: batch-2 (starting), db-1 (running), legacy-0
//! (locked), web-1 (running), worker-1 (stopped), all in fr-par-1.

#![allow(dead_code)]
#![allow(clippy::unwrap_used)]

use std::collections::BTreeMap;
use std::sync::Arc;
use std::time::{Duration, Instant};

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use scwdash::api::locality::Zone;
use scwdash::api::models::{
    PrivateNetwork, SecurityGroup, SecurityGroupRule, ServerSummary, ServerType, VolumeSummary, Vpc,
};
use scwdash::app::{self, Action, Batch, Effect, Options, RequestId, State, Tab};
use serde_json::{Value, json};

pub const WEB: &str = "5f0f3c2a-1d1e-4a36-9a57-0f4a2f3c1001";
pub const DB: &str = "5f0f3c2a-1d1e-4a36-9a57-0f4a2f3c1002";
pub const WORKER: &str = "5f0f3c2a-1d1e-4a36-9a57-0f4a2f3c1003";
pub const BATCH: &str = "5f0f3c2a-1d1e-4a36-9a57-0f4a2f3c1004";
pub const LOCKED: &str = "5f0f3c2a-1d1e-4a36-9a57-0f4a2f3c1005";
pub const DB_ROOT: &str = "8a6c9f1e-6c1b-4f3e-8a55-2b7d9e4a2001";
pub const DB_DATA: &str = "8a6c9f1e-6c1b-4f3e-8a55-2b7d9e4a2002";
pub const SPARE: &str = "8a6c9f1e-6c1b-4f3e-8a55-2b7d9e4a2003";
pub const NEW_VOL: &str = "8a6c9f1e-6c1b-4f3e-8a55-2b7d9e4a2004";
pub const SG_DEFAULT: &str = "c3d1e0b4-9f27-4c1a-b0e2-7d8f6a5c3001";
pub const SG_DB: &str = "c3d1e0b4-9f27-4c1a-b0e2-7d8f6a5c3002";
pub const PN_BACKEND: &str = "e7b2a4c6-3d5f-4e81-9a0b-1c2d3e4f4001";
pub const PN_FRONT: &str = "e7b2a4c6-3d5f-4e81-9a0b-1c2d3e4f4002";
pub const VPC_DEFAULT: &str = "f1a2b3c4-d5e6-4f70-8192-a3b4c5d65001";
pub const VPC_STAGING: &str = "f1a2b3c4-d5e6-4f70-8192-a3b4c5d65002";

fn parse<T: serde::de::DeserializeOwned>(v: Value) -> Arc<T> {
    Arc::new(serde_json::from_value(v).unwrap())
}

fn allowed(state: &str) -> Vec<&'static str> {
    match state {
        "running" => vec!["poweroff", "terminate", "reboot", "stop_in_place", "backup"],
        "stopped" => vec!["poweron", "backup"],
        _ => vec![],
    }
}

fn nic(id: &str, pn: &str, server: &str, mac: &str) -> Value {
    json!({"id": id, "private_network_id": pn, "server_id": server, "mac_address": mac,
           "state": "available", "zone": "fr-par-1", "tags": [], "ipam_ip_ids": []})
}

#[allow(clippy::too_many_arguments)]
fn server(
    id: &str,
    name: &str,
    state: &str,
    kind: &str,
    ip: Option<&str>,
    volumes: Value,
    nics: Vec<Value>,
    tags: &[&str],
) -> Arc<ServerSummary> {
    let public_ips: Vec<Value> = ip
        .map(|a| vec![json!({"id": format!("ip-{name}"), "address": a, "dynamic": false, "family": "inet", "state": "attached"})])
        .unwrap_or_default();
    parse(json!({
        "id": id, "name": name, "state": state, "state_detail": "", "commercial_type": kind,
        "allowed_actions": allowed(state), "volumes": volumes, "public_ips": public_ips,
        "private_nics": nics, "zone": "fr-par-1", "tags": tags, "arch": "x86_64",
        "security_group": {"id": SG_DEFAULT, "name": "default"},
        "image": {"id": "img-1", "name": "Ubuntu 24.04 Noble Numbat", "arch": "x86_64"},
        "creation_date": "2025-10-02T09:14:00.000000+00:00", "project": "proj-1",
        "organization": "org-1", "hostname": name
    }))
}

pub fn servers() -> Vec<Arc<ServerSummary>> {
    vec![
        server(
            WEB,
            "web-1",
            "running",
            "DEV1-S",
            Some("51.15.204.17"),
            json!({"0": {"id": "lssd-web-1", "name": "web-1-root", "volume_type": "l_ssd", "size": 20_000_000_000u64, "boot": true}}),
            vec![nic("nic-web", PN_FRONT, WEB, "02:00:00:10:aa:01")],
            &["web", "prod"],
        ),
        server(
            DB,
            "db-1",
            "running",
            "PRO2-XS",
            Some("51.15.204.18"),
            json!({"0": {"id": DB_ROOT, "volume_type": "sbs_volume", "boot": true},
                   "1": {"id": DB_DATA, "volume_type": "sbs_volume"}}),
            vec![nic("nic-db", PN_BACKEND, DB, "02:00:00:10:aa:02")],
            &["db", "prod"],
        ),
        server(
            WORKER,
            "worker-1",
            "stopped",
            "GP1-XS",
            None,
            json!({}),
            vec![nic("nic-worker", PN_BACKEND, WORKER, "02:00:00:10:aa:03")],
            &["batch"],
        ),
        server(
            BATCH,
            "batch-2",
            "starting",
            "DEV1-M",
            None,
            json!({}),
            vec![],
            &[],
        ),
        server(
            LOCKED,
            "legacy-0",
            "locked",
            "DEV1-S",
            None,
            json!({}),
            vec![],
            &[],
        ),
    ]
}

/// A plain server of fr-par-1 numbered `n` (for fleets of any size), in
/// `state`.
pub fn numbered_server(n: usize, state: &str) -> Arc<ServerSummary> {
    let id = format!("00000000-0000-4000-8000-{n:012}");
    server(
        &id,
        &format!("node-{n:05}"),
        state,
        "DEV1-S",
        None,
        json!({}),
        vec![],
        &[],
    )
}

fn volume(
    id: &str,
    name: &str,
    kind: &str,
    size: u64,
    status: &str,
    server: Option<&str>,
) -> Arc<VolumeSummary> {
    let refs: Vec<Value> = server
        .map(|s| {
            vec![
                json!({"id": format!("ref-{id}"), "product_resource_type": "instance_server",
                             "product_resource_id": s, "type": "exclusive", "status": "attached",
                             "created_at": "2025-10-02T09:14:00Z"}),
            ]
        })
        .unwrap_or_default();
    parse(
        json!({"id": id, "name": name, "type": kind, "size": size, "status": status,
                 "references": refs, "zone": "fr-par-1", "project_id": "proj-1",
                 "created_at": "2025-10-02T09:14:00Z", "tags": []}),
    )
}

pub fn volumes() -> Vec<Arc<VolumeSummary>> {
    vec![
        volume(
            DB_ROOT,
            "db-1-root",
            "sbs_5k",
            20_000_000_000,
            "in_use",
            Some(DB),
        ),
        volume(
            DB_DATA,
            "db-data",
            "sbs_15k",
            100_000_000_000,
            "in_use",
            Some(DB),
        ),
        volume(
            SPARE,
            "spare-backup",
            "sbs_5k",
            50_000_000_000,
            "available",
            None,
        ),
        volume(
            NEW_VOL,
            "scratch-new",
            "sbs_5k",
            10_000_000_000,
            "creating",
            None,
        ),
    ]
}

pub fn security_groups() -> Vec<Arc<SecurityGroup>> {
    vec![
        parse(
            json!({"id": SG_DEFAULT, "name": "default", "description": "Auto generated security group",
            "inbound_default_policy": "accept", "outbound_default_policy": "accept", "stateful": true,
            "servers": [{"id": WEB, "name": "web-1"}, {"id": DB, "name": "db-1"}, {"id": WORKER, "name": "worker-1"}],
            "state": "available", "zone": "fr-par-1", "project": "proj-1", "tags": [],
            "creation_date": "2025-09-30T08:00:00Z"}),
        ),
        parse(
            json!({"id": SG_DB, "name": "db-only", "inbound_default_policy": "drop",
            "outbound_default_policy": "accept", "stateful": true, "servers": [],
            "state": "available", "zone": "fr-par-1", "project": "proj-1", "tags": ["db"],
            "creation_date": "2025-10-01T08:00:00Z"}),
        ),
    ]
}

pub fn rules() -> Vec<SecurityGroupRule> {
    vec![
        serde_json::from_value(json!({"id": "r1", "protocol": "TCP", "direction": "inbound", "action": "accept",
            "ip_range": "0.0.0.0/0", "dest_port_from": 22, "position": 1, "zone": "fr-par-1"})).unwrap(),
        serde_json::from_value(json!({"id": "r2", "protocol": "TCP", "direction": "inbound", "action": "accept",
            "ip_range": "0.0.0.0/0", "dest_port_from": 80, "dest_port_to": 443, "position": 2, "zone": "fr-par-1"})).unwrap(),
        serde_json::from_value(json!({"id": "r3", "protocol": "ANY", "direction": "outbound", "action": "drop",
            "ip_range": "10.0.0.0/8", "position": 1, "zone": "fr-par-1"})).unwrap(),
    ]
}

fn network(id: &str, name: &str, cidr: &str, vpc: &str) -> Arc<PrivateNetwork> {
    parse(
        json!({"id": id, "name": name, "region": "fr-par", "vpc_id": vpc, "dhcp_enabled": true,
        "subnets": [{"id": format!("sub-{name}"), "subnet": cidr, "created_at": "2025-10-01T00:00:00Z"}],
        "tags": [], "project_id": "proj-1", "created_at": "2025-10-01T00:00:00Z"}),
    )
}

pub fn private_networks() -> Vec<Arc<PrivateNetwork>> {
    vec![
        network(PN_BACKEND, "backend", "172.16.8.0/22", VPC_DEFAULT),
        network(PN_FRONT, "frontend", "172.16.12.0/22", VPC_DEFAULT),
    ]
}

/// The NICs' addresses IPAM lists in fr-par (by NIC id, IPv4 first); the
/// worker's NIC has only an IPv4.
pub fn private_ips() -> scwdash::api::ipam::NicAddresses {
    [
        (
            "nic-web",
            &["172.16.12.2", "fd46:78ab:30b8:83ca:0:ff:fe10:aa01"][..],
        ),
        (
            "nic-db",
            &["172.16.8.2", "fd46:78ab:30b8:177c:0:ff:fe10:aa02"][..],
        ),
        ("nic-worker", &["172.16.8.3"][..]),
    ]
    .into_iter()
    .map(|(nic, a)| (nic.to_string(), a.iter().map(|s| s.to_string()).collect()))
    .collect()
}

pub fn vpcs() -> Vec<Arc<Vpc>> {
    vec![
        parse(
            json!({"id": VPC_DEFAULT, "name": "default", "region": "fr-par", "is_default": true,
            "private_network_count": 2, "routing_enabled": true, "tags": [], "project_id": "proj-1",
            "created_at": "2025-09-30T00:00:00Z"}),
        ),
        parse(
            json!({"id": VPC_STAGING, "name": "staging", "region": "fr-par", "is_default": false,
            "private_network_count": 0, "routing_enabled": false, "tags": ["staging"], "project_id": "proj-1",
            "created_at": "2025-10-05T00:00:00Z"}),
        ),
    ]
}

pub fn server_types() -> Arc<BTreeMap<String, ServerType>> {
    let t = |ncpus: u32, ram: u64, hourly: f64| -> ServerType {
        serde_json::from_value(
            json!({"ncpus": ncpus, "ram": ram, "hourly_price": hourly, "arch": "x86_64"}),
        )
        .unwrap()
    };
    Arc::new(BTreeMap::from([
        ("DEV1-S".to_string(), t(2, 2_147_483_648, 0.0088)),
        ("DEV1-M".to_string(), t(3, 4_294_967_296, 0.0198)),
        ("GP1-XS".to_string(), t(4, 17_179_869_184, 0.091)),
        ("PRO2-XS".to_string(), t(2, 8_589_934_592, 0.055)),
    ]))
}

pub fn batch(tab: Tab) -> Batch {
    match tab {
        Tab::Servers => Batch::Servers(servers()),
        Tab::Volumes => Batch::Volumes(volumes()),
        Tab::SecurityGroups => Batch::SecurityGroups(security_groups()),
        Tab::PrivateNetworks => Batch::PrivateNetworks(private_networks()),
        Tab::Vpcs => Batch::Vpcs(vpcs()),
        view => panic!("{view:?} is a view: nothing fetches it"),
    }
}

/// A server with nothing but a name and a state (`plain_server("s-1",
/// "web\u{1b}1", "running", "fr-par-1")`), for what the sample fleet lacks: a
/// hostile name, another zone, a server that appears.
pub fn plain_server(id: &str, name: &str, state: &str, zone: &str) -> Arc<ServerSummary> {
    parse(json!({
        "id": id, "name": name, "state": state, "commercial_type": "DEV1-S",
        "allowed_actions": allowed(state), "volumes": {}, "zone": zone, "tags": [],
        "creation_date": "2025-10-02T09:14:00.000000+00:00",
    }))
}

/// A server with its own tags (`"staging,web"`); its allowed actions are the
/// API's for its state.
pub fn tagged(id: &str, name: &str, state: &str, zone: Zone, tags: &str) -> Arc<ServerSummary> {
    let tags: Vec<&str> = tags.split(',').filter(|t| !t.is_empty()).collect();
    parse(json!({
        "id": id, "name": name, "state": state, "commercial_type": "DEV1-S",
        "allowed_actions": allowed(state), "volumes": {}, "zone": zone.as_str(), "tags": tags,
        "creation_date": "2025-10-02T09:14:00.000000+00:00",
    }))
}

/// Twelve fr-par-1 servers for the fleet tests: `stg-0`..`stg-7` tagged
/// staging (even ones stopped, odd ones running), `prod-0`..`prod-3` tagged
/// prod and stopped.
pub fn staging_fleet() -> Vec<Arc<ServerSummary>> {
    let mut servers = Vec::new();
    for i in 0..8 {
        let state = if i % 2 == 0 { "stopped" } else { "running" };
        let (id, name) = (format!("s-{i}"), format!("stg-{i}"));
        servers.push(tagged(&id, &name, state, Zone::FrPar1, "staging,web"));
    }
    for i in 0..4 {
        let (id, name) = (format!("p-{i}"), format!("prod-{i}"));
        servers.push(tagged(&id, &name, "stopped", Zone::FrPar1, "prod"));
    }
    servers
}

/// A refresh (`r`) of a loaded dashboard answered with `servers` on the
/// Servers tab (the other tabs with the sample data).
pub fn load_servers(state: &mut State, servers: Vec<Arc<ServerSummary>>) {
    let effects = app::update(state, key('r'));
    for (request, tab) in fetches(&effects) {
        let answer = match tab {
            Tab::Servers => Batch::Servers(servers.clone()),
            _ => batch(tab),
        };
        app::update(state, fetched(request, answer));
    }
    // A fixture, not a change a refresh saw: no events, nothing highlighted.
    state.events.timeline.clear();
    state.events.highlights.clear();
    app::rebuild_rows(state, Tab::Events);
}

/// What the status line last said ("" when nothing).
pub fn status_message(state: &State) -> String {
    state
        .status
        .last_action
        .as_ref()
        .map(|(m, _)| m.clone())
        .unwrap_or_default()
}

/// In the open bulk power menu, moves to `action` and chooses it.
pub fn choose_bulk_power(state: &mut State, action: &str) {
    let app::Mode::BulkPowerMenu(menu) = &state.mode else {
        panic!("no bulk power menu: {:?} {:?}", state.mode, state.status);
    };
    let at = menu
        .entries
        .iter()
        .position(|(a, _)| a == action)
        .unwrap_or_else(|| panic!("no {action} in {:?}", menu.entries));
    for _ in 0..at {
        app::update(state, key('j'));
    }
    app::update(state, code(KeyCode::Enter));
}

/// The answer to the fetch `request` with `batch` and no error.
pub fn fetched(request: RequestId, batch: Batch) -> Action {
    Action::Fetched {
        request,
        batch,
        errors: Vec::new(),
    }
}

pub fn key(c: char) -> Action {
    Action::Key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE))
}

pub fn code(code: KeyCode) -> Action {
    Action::Key(KeyEvent::new(code, KeyModifiers::NONE))
}

pub fn ctrl(c: char) -> Action {
    Action::Key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::CONTROL))
}

pub fn fetches(effects: &[Effect]) -> Vec<(RequestId, Tab)> {
    effects
        .iter()
        .filter_map(|e| match e {
            Effect::Fetch { request, tab, .. } => Some((*request, *tab)),
            _ => None,
        })
        .collect()
}

/// The reads of one row (GET by id) in `effects`: request, tab and id.
pub fn reads(effects: &[Effect]) -> Vec<(RequestId, Tab, String)> {
    effects
        .iter()
        .filter_map(|e| match e {
            Effect::FetchOne {
                request, tab, id, ..
            } => Some((*request, *tab, id.clone())),
            _ => None,
        })
        .collect()
}

/// The sample item `id` of `tab` alone (an empty batch: there is none).
pub fn one(tab: Tab, id: &str) -> Batch {
    match batch(tab) {
        Batch::Servers(v) => Batch::Servers(v.into_iter().filter(|x| x.id == id).collect()),
        Batch::Volumes(v) => Batch::Volumes(v.into_iter().filter(|x| x.id == id).collect()),
        Batch::SecurityGroups(v) => {
            Batch::SecurityGroups(v.into_iter().filter(|x| x.id == id).collect())
        }
        Batch::PrivateNetworks(v) => {
            Batch::PrivateNetworks(v.into_iter().filter(|x| x.id == id).collect())
        }
        Batch::Vpcs(v) => Batch::Vpcs(v.into_iter().filter(|x| x.id == id).collect()),
    }
}

/// Answers every fetch in `effects` with the sample data (and server types).
pub fn answer(state: &mut State, effects: Vec<Effect>) -> Vec<Effect> {
    let mut more = Vec::new();
    for e in effects {
        match e {
            Effect::Fetch { request, tab, .. } => more.extend(app::update(
                state,
                Action::Fetched {
                    request,
                    batch: batch(tab),
                    errors: Vec::new(),
                },
            )),
            Effect::FetchOne {
                request, tab, id, ..
            } => more.extend(app::update(
                state,
                Action::FetchedOne {
                    request,
                    result: Ok(one(tab, &id)),
                    id,
                },
            )),
            Effect::FetchPrivateIps { request, region } => more.extend(app::update(
                state,
                Action::PrivateIps {
                    request,
                    region,
                    result: Ok(private_ips()),
                },
            )),
            Effect::FetchServerTypes(zone) => more.extend(app::update(
                state,
                Action::ServerTypes {
                    zone,
                    result: Ok(server_types()),
                },
            )),
            other => more.push(other),
        }
    }
    more
}

/// What the state holds of `tab`, as a fetch would answer it.
pub fn held(state: &State, tab: Tab) -> Batch {
    let inv = &state.inventory;
    match tab {
        Tab::Servers => Batch::Servers(inv.servers.values().cloned().collect()),
        Tab::Volumes => Batch::Volumes(inv.volumes.values().cloned().collect()),
        Tab::SecurityGroups => {
            Batch::SecurityGroups(inv.security_groups.values().cloned().collect())
        }
        Tab::PrivateNetworks => {
            Batch::PrivateNetworks(inv.private_networks.values().cloned().collect())
        }
        Tab::Vpcs => Batch::Vpcs(inv.vpcs.values().cloned().collect()),
        view => panic!("{view:?} is a view: nothing fetches it"),
    }
}

/// Answers the fetches among `effects` with `answer_of(state, tab)` (a
/// batch and the localities that failed); returns the other effects,
/// unanswered.
pub fn answer_fetches_with(
    state: &mut State,
    effects: Vec<Effect>,
    answer_of: impl Fn(
        &State,
        Tab,
    ) -> (
        Batch,
        Vec<(scwdash::app::Locality, scwdash::app::UserError)>,
    ),
) -> Vec<Effect> {
    let mut rest = Vec::new();
    for effect in effects {
        match effect {
            Effect::Fetch { request, tab, .. } => {
                let (batch, errors) = answer_of(state, tab);
                let action = Action::Fetched {
                    request,
                    batch,
                    errors,
                };
                rest.extend(app::update(state, action));
            }
            other => rest.push(other),
        }
    }
    rest
}

/// Answers the fetches among `effects` with `batch_of(state, tab)`.
pub fn answer_fetches(
    state: &mut State,
    effects: Vec<Effect>,
    batch_of: impl Fn(&State, Tab) -> Batch,
) -> Vec<Effect> {
    answer_fetches_with(state, effects, |state, tab| {
        (batch_of(state, tab), Vec::new())
    })
}

/// `r`, with the answer of `batch`'s tab replaced by `batch` (and `errors`);
/// the other tabs answer what the state holds, so only `batch` can change
/// anything. Returns the effects left.
pub fn refresh_answering(
    state: &mut State,
    batch: Batch,
    errors: Vec<(scwdash::app::Locality, scwdash::app::UserError)>,
) -> Vec<Effect> {
    let effects = app::update(state, key('r'));
    let rest = answer_fetches_with(state, effects, |state, tab| {
        if tab == batch.tab() {
            (batch.clone(), errors.clone())
        } else {
            (held(state, tab), Vec::new())
        }
    });
    answer(state, rest)
}

/// A refresh whose answer of `batch`'s tab is `batch`: an event when it
/// differs from what the state holds.
pub fn refresh_with(state: &mut State, batch: Batch) -> Vec<Effect> {
    refresh_answering(state, batch, Vec::new())
}

/// The sample volumes with `change` made to each.
pub fn volumes_with(change: impl Fn(&mut VolumeSummary)) -> Batch {
    Batch::Volumes(
        volumes()
            .into_iter()
            .map(|v| {
                let mut v = (*v).clone();
                change(&mut v);
                Arc::new(v)
            })
            .collect(),
    )
}

/// The sample servers with `change` made to each.
pub fn servers_with(change: impl Fn(&mut ServerSummary)) -> Batch {
    Batch::Servers(
        servers()
            .into_iter()
            .map(|s| {
                let mut s = (*s).clone();
                change(&mut s);
                Arc::new(s)
            })
            .collect(),
    )
}

/// A dashboard at `t0` in fr-par-1 with everything loaded, 1 s later.
pub fn loaded(options: Options, t0: Instant) -> State {
    loaded_in(
        scwdash::api::locality::ZoneScope::One(Zone::FrPar1),
        options,
        t0,
    )
}

/// [`loaded`], with `zone` in view.
pub fn loaded_in(zone: scwdash::api::locality::ZoneScope, options: Options, t0: Instant) -> State {
    let mut state = State::new(Options { zone, ..options });
    app::update(
        &mut state,
        Action::Resize(scwdash::ui::layout::viewport(160, 48)),
    );
    app::update(&mut state, Action::Tick(t0));
    let effects = app::init(&mut state);
    answer(&mut state, effects);
    // Something is in transition, so this tick is a (fast) refresh: answer it.
    let effects = app::update(&mut state, Action::Tick(t0 + Duration::from_secs(1)));
    answer(&mut state, effects);
    state
}

/// Opens the attach form on the volume `spare-backup`, picks `web-1` and
/// submits: returns the request the form sends (the form waits for its answer).
pub fn submit_attach(state: &mut State) -> scwdash::app::forms::FormSubmit {
    app::update(state, key('2'));
    assert!(state.table_mut(Tab::Volumes).select_id(SPARE));
    app::update(state, key('a'));
    assert!(
        matches!(state.mode, scwdash::app::Mode::Form(_)),
        "{:?}",
        state.status
    );
    app::update(state, key(' '));
    for c in "web-1".chars() {
        app::update(state, key(c));
    }
    app::update(state, code(KeyCode::Enter));
    let effects = app::update(state, code(KeyCode::Enter));
    let [Effect::Submit(submit)] = effects.as_slice() else {
        panic!("one submit: {effects:?}");
    };
    submit.clone()
}
