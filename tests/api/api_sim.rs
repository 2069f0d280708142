//! Every typed endpoint against the in-process simulator: pagination in both
//! styles, every error class, retries on injected faults, server state
//! transitions seen by polling, and every constraint the API enforces.

use std::collections::{BTreeMap, HashSet};
use std::time::Duration;

use scwdash::api::fanout::fan_out;
use scwdash::api::models::*;
use scwdash::api::path::{Locality, ResourceKind, resource_path};
use scwdash::api::retry::BackoffReason;
use scwdash::api::{
    ApiError, BackoffEvent, Client, ClientConfig, Region, RetryPolicy, SecretKey, Zone, block,
    instance, vpc,
};
use scwdash::sim::{SimConfig, SimHandle, spawn};
use tokio::sync::mpsc::UnboundedReceiver;

const ZONE: Zone = Zone::FrPar1;
const REGION: Region = Region::FrPar;
const PROJECT: &str = "00000000-0000-4000-8000-000000000000";

fn config(url: &str, token: &str) -> ClientConfig {
    let mut c = ClientConfig::new(SecretKey::new(token));
    c.api_url = url.to_string();
    c.timeout = Duration::from_secs(5);
    c.retry = RetryPolicy {
        max_attempts: 3,
        base_delay: Duration::from_millis(5),
        max_delay: Duration::from_millis(20),
    };
    c
}

async fn sim(cfg: SimConfig) -> (SimHandle, Client) {
    let handle = spawn(cfg).await.expect("sim");
    let client = Client::new(config(&handle.base_url(), "test-token")).expect("client");
    (handle, client)
}

fn drain(rx: &mut UnboundedReceiver<BackoffEvent>) -> Vec<BackoffEvent> {
    let mut v = Vec::new();
    while let Ok(e) = rx.try_recv() {
        v.push(e);
    }
    v
}

fn unique<'a>(ids: impl Iterator<Item = &'a str>) -> usize {
    ids.collect::<HashSet<_>>().len()
}

fn assert_error(err: &ApiError, status: u16, kind: &str) {
    assert_eq!(err.status(), Some(status), "{err}");
    assert_eq!(err.kind(), Some(kind), "{err}");
}

/// Polls `get_server` until `want`, recording every state seen (deduplicated).
async fn wait_state(client: &Client, id: &str, want: ServerState) -> Vec<ServerState> {
    let mut seen: Vec<ServerState> = Vec::new();
    for _ in 0..500 {
        let s = instance::get_server(client, ZONE, id).await.expect("get");
        if seen.last() != Some(&s.state) {
            seen.push(s.state.clone());
        }
        if s.state == want {
            return seen;
        }
        tokio::time::sleep(Duration::from_millis(5)).await;
    }
    panic!("server {id} never reached {want}; saw {seen:?}");
}

async fn wait_gone(client: &Client, id: &str) {
    for _ in 0..500 {
        match instance::get_server(client, ZONE, id).await {
            Err(e) if e.is_not_found() => return,
            Ok(_) => tokio::time::sleep(Duration::from_millis(5)).await,
            Err(e) => panic!("{e}"),
        }
    }
    panic!("server {id} never disappeared");
}

async fn new_server(client: &Client, name: &str) -> Server {
    let s = instance::create_server(
        client,
        ZONE,
        &CreateServerRequest {
            name: name.to_string(),
            commercial_type: "DEV1-S".to_string(),
            image: Some("ubuntu_noble".to_string()),
            project: Some(PROJECT.to_string()),
            tags: Some(vec!["t1".into()]),
            ..Default::default()
        },
    )
    .await
    .expect("create server");
    assert_eq!(s.state, ServerState::Stopped);
    s
}

async fn act(client: &Client, id: &str, action: ServerAction) -> Task {
    instance::server_action(client, ZONE, id, &ServerActionRequest::new(action))
        .await
        .expect("action")
}

async fn new_volume(client: &Client, name: &str) -> Volume {
    let v = block::create_volume(
        client,
        ZONE,
        &CreateVolumeRequest {
            name: name.to_string(),
            project_id: PROJECT.to_string(),
            from_empty: Some(FromEmpty {
                size: 10_000_000_000,
            }),
            ..Default::default()
        },
    )
    .await
    .expect("create volume");
    for _ in 0..500 {
        let got = block::get_volume(client, ZONE, &v.id).await.expect("get");
        if got.status == VolumeStatus::Available {
            return got;
        }
        tokio::time::sleep(Duration::from_millis(5)).await;
    }
    panic!("volume never became available");
}

#[tokio::test]
async fn instance_lists_follow_every_page_in_every_zone() {
    // 110 servers in each of the ten zones: three pages of 50 per zone.
    let (_sim, client) = sim(SimConfig {
        fleet: Some(1100),
        ..SimConfig::fast()
    })
    .await;
    let servers = instance::list_servers(&client, ZONE, &Default::default())
        .await
        .expect("list");
    assert!(servers.len() > 100, "one zone holds {}", servers.len());
    assert_eq!(unique(servers.iter().map(|s| s.id.as_str())), servers.len());
    assert!(servers.iter().all(|s| s.zone == ZONE.as_str()));

    let all = fan_out(&Zone::ALL, |z| {
        let client = &client;
        async move { instance::list_servers(client, z, &Default::default()).await }
    })
    .await;
    assert_eq!(all.len(), Zone::ALL.len());
    let mut total = 0;
    for (i, (zone, result)) in all.iter().enumerate() {
        assert_eq!(*zone, Zone::ALL[i], "fan-out keeps zone order");
        let list = result.as_ref().expect("zone listed");
        assert!(list.iter().all(|s| s.zone == zone.as_str()));
        total += list.len();
    }
    assert!(total >= 1100, "{total} servers over all zones");

    // Server-side filter: only running ones come back.
    let running = instance::list_servers(
        &client,
        ZONE,
        &instance::ServerFilters {
            state: Some(ServerState::Running),
            ..Default::default()
        },
    )
    .await
    .expect("filtered");
    assert!(!running.is_empty() && running.len() < servers.len());
    assert!(running.iter().all(|s| s.state == ServerState::Running));
}

#[tokio::test]
async fn block_volumes_follow_every_page() {
    let (_sim, client) = sim(SimConfig {
        fleet: Some(1100),
        ..SimConfig::fast()
    })
    .await;
    let volumes = block::list_volumes(&client, ZONE).await.expect("list");
    assert!(volumes.len() > 100, "{} volumes", volumes.len());
    assert_eq!(unique(volumes.iter().map(|v| v.id.as_str())), volumes.len());
    let one = block::get_volume(&client, ZONE, &volumes[105].id)
        .await
        .expect("get");
    assert_eq!(one.id, volumes[105].id);
}

#[tokio::test]
async fn private_networks_and_vpcs_follow_every_page() {
    let (_sim, client) = sim(SimConfig::fast()).await;
    let before = vpc::list_private_networks(&client, REGION)
        .await
        .expect("list")
        .len();
    for i in 0..105 {
        vpc::create_private_network(
            &client,
            REGION,
            &CreatePrivateNetworkRequest {
                name: format!("pn-{i}"),
                ..Default::default()
            },
        )
        .await
        .expect("create pn");
    }
    let pns = vpc::list_private_networks(&client, REGION)
        .await
        .expect("list");
    assert_eq!(pns.len(), before + 105);
    assert_eq!(unique(pns.iter().map(|p| p.id.as_str())), pns.len());
    for i in 0..101 {
        vpc::create_vpc(
            &client,
            Region::NlAms,
            &CreateVpcRequest {
                name: format!("vpc-{i}"),
                ..Default::default()
            },
        )
        .await
        .expect("create vpc");
    }
    let vpcs = vpc::list_vpcs(&client, Region::NlAms).await.expect("list");
    assert!(vpcs.len() > 101);
    assert_eq!(unique(vpcs.iter().map(|v| v.id.as_str())), vpcs.len());
    assert!(vpcs.iter().any(|v| v.is_default));
}

#[tokio::test]
async fn catalogue_endpoints_answer_typed_maps_and_lists() {
    let (_sim, client) = sim(SimConfig::fast()).await;
    let types = instance::list_server_types(&client, ZONE)
        .await
        .expect("types");
    assert!(types.len() > 50, "pages merged: {}", types.len());
    assert!(types.contains_key("DEV1-S"));
    assert!(types["DEV1-S"].ncpus >= 1);
    let stock = instance::list_server_availability(&client, ZONE)
        .await
        .expect("availability");
    assert!(stock.contains_key("DEV1-S"));
    let images = instance::list_images(&client, ZONE).await.expect("images");
    assert!(!images.is_empty());
    let image = instance::get_image(&client, ZONE, &images[0].id)
        .await
        .expect("image");
    assert_eq!(image.id, images[0].id);
    // The raw view fetches the same object by path.
    let raw = client
        .get_raw(
            &resource_path(ResourceKind::Image, Locality::Zone(ZONE), &image.id).expect("path"),
        )
        .await
        .expect("raw");
    assert_eq!(raw["image"]["id"], image.id.as_str());
}

#[tokio::test]
async fn server_states_are_seen_through_polling() {
    let (_sim, client) = sim(SimConfig::fast()).await;
    let s = new_server(&client, "life").await;
    let raw = client
        .get_raw(&resource_path(ResourceKind::Server, Locality::Zone(ZONE), &s.id).expect("path"))
        .await
        .expect("raw");
    assert_eq!(raw["server"]["name"], "life");

    let task = act(&client, &s.id, ServerAction::Poweron).await;
    assert!(!task.id.is_empty());
    let seen = wait_state(&client, &s.id, ServerState::Running).await;
    assert!(seen.contains(&ServerState::Starting), "{seen:?}");

    // A running server cannot be deleted.
    let err = instance::delete_server(&client, ZONE, &s.id)
        .await
        .expect_err("running");
    assert_error(&err, 400, "precondition_failed");

    act(&client, &s.id, ServerAction::Reboot).await;
    wait_state(&client, &s.id, ServerState::Running).await;

    act(&client, &s.id, ServerAction::StopInPlace).await;
    let seen = wait_state(&client, &s.id, ServerState::StoppedInPlace).await;
    assert!(seen.contains(&ServerState::Stopping), "{seen:?}");

    act(&client, &s.id, ServerAction::Poweron).await;
    wait_state(&client, &s.id, ServerState::Running).await;
    act(&client, &s.id, ServerAction::Poweroff).await;
    let seen = wait_state(&client, &s.id, ServerState::Stopped).await;
    assert!(seen.contains(&ServerState::Stopping), "{seen:?}");

    // PATCH with the full volumes map keeps the volumes and renames.
    let volumes: BTreeMap<String, VolumeTemplate> = s
        .volumes_in_order()
        .into_iter()
        .map(|(k, v)| (k.to_string(), VolumeTemplate::keep(v)))
        .collect();
    let updated = instance::update_server(
        &client,
        ZONE,
        &s.id,
        &UpdateServerRequest {
            name: Some("renamed".into()),
            volumes: Some(volumes),
            ..Default::default()
        },
    )
    .await
    .expect("update");
    assert_eq!(updated.name, "renamed");
    assert_eq!(updated.volumes.len(), s.volumes.len());

    instance::delete_server(&client, ZONE, &s.id)
        .await
        .expect("delete stopped");
    let err = instance::get_server(&client, ZONE, &s.id)
        .await
        .expect_err("gone");
    assert_error(&err, 404, "not_found");

    // terminate: running -> stopping -> gone.
    let t = new_server(&client, "term").await;
    act(&client, &t.id, ServerAction::Poweron).await;
    wait_state(&client, &t.id, ServerState::Running).await;
    act(&client, &t.id, ServerAction::Terminate).await;
    wait_gone(&client, &t.id).await;
}

#[tokio::test]
async fn volumes_attach_detach_and_refuse_misuse() {
    let (_sim, client) = sim(SimConfig::fast()).await;
    let a = new_server(&client, "a").await;
    let b = new_server(&client, "b").await;
    let v = new_volume(&client, "data").await;
    let v = block::update_volume(
        &client,
        ZONE,
        &v.id,
        &UpdateVolumeRequest {
            name: Some("data-2".into()),
            ..Default::default()
        },
    )
    .await
    .expect("update volume");
    assert_eq!(v.name, "data-2");

    let attach = AttachVolumeRequest {
        volume_id: v.id.clone(),
        volume_type: VolumeServerType::SbsVolume,
        boot: None,
    };
    let server = instance::attach_volume(&client, ZONE, &a.id, &attach)
        .await
        .expect("attach");
    assert!(server.has_volume(&v.id));
    // In use elsewhere: refused.
    let err = instance::attach_volume(&client, ZONE, &b.id, &attach)
        .await
        .expect_err("attached to a");
    // Not recorded from the real API; the simulator answers invalid_arguments.
    assert_error(&err, 400, "invalid_arguments");
    // In use: cannot be deleted (Block answers 412).
    let err = block::delete_volume(&client, ZONE, &v.id)
        .await
        .expect_err("in use");
    assert_error(&err, 412, "precondition_failed");

    let server = instance::detach_volume(
        &client,
        ZONE,
        &a.id,
        &DetachVolumeRequest {
            volume_id: v.id.clone(),
        },
    )
    .await
    .expect("detach");
    assert!(!server.has_volume(&v.id));
    // Detaching what is not attached: 400 invalid_arguments (recorded).
    let err = instance::detach_volume(
        &client,
        ZONE,
        &a.id,
        &DetachVolumeRequest {
            volume_id: v.id.clone(),
        },
    )
    .await
    .expect_err("not attached");
    assert_error(&err, 400, "invalid_arguments");
    // Detaching settles asynchronously; deleting succeeds once it is available.
    for _ in 0..500 {
        match block::delete_volume(&client, ZONE, &v.id).await {
            Ok(()) => break,
            Err(e) if e.status() == Some(412) => tokio::time::sleep(Duration::from_millis(5)).await,
            Err(e) => panic!("{e}"),
        }
    }
    let err = block::get_volume(&client, ZONE, &v.id)
        .await
        .expect_err("deleted");
    assert_eq!(err.status(), Some(404));
}

#[tokio::test]
async fn security_groups_and_rules_round_trip() {
    let (_sim, client) = sim(SimConfig::fast()).await;
    let g = instance::create_security_group(
        &client,
        ZONE,
        &CreateSecurityGroupRequest {
            name: "web".into(),
            project: Some(PROJECT.into()),
            stateful: Some(true),
            inbound_default_policy: Some(SecurityPolicy::Drop),
            outbound_default_policy: Some(SecurityPolicy::Accept),
            ..Default::default()
        },
    )
    .await
    .expect("create sg");
    assert_eq!(g.inbound_default_policy, SecurityPolicy::Drop);
    let got = instance::get_security_group(&client, ZONE, &g.id)
        .await
        .expect("get");
    assert_eq!(got.name, "web");
    let updated = instance::update_security_group(
        &client,
        ZONE,
        &g.id,
        &UpdateSecurityGroupRequest {
            name: Some("web-2".into()),
            ..Default::default()
        },
    )
    .await
    .expect("update");
    assert_eq!(updated.name, "web-2");
    let groups = instance::list_security_groups(&client, ZONE)
        .await
        .expect("list");
    assert!(groups.iter().any(|x| x.id == g.id));

    let rule = instance::create_rule(
        &client,
        ZONE,
        &g.id,
        &CreateRuleRequest {
            protocol: RuleProtocol::Tcp,
            direction: RuleDirection::Inbound,
            action: RuleAction::Accept,
            ip_range: "0.0.0.0/0".into(),
            dest_port_from: Some(443),
            dest_port_to: None,
            position: None,
            editable: None,
        },
    )
    .await
    .expect("create rule");
    let got = instance::get_rule(&client, ZONE, &g.id, &rule.id)
        .await
        .expect("get rule");
    assert_eq!(got.dest_port_from, Some(443));
    let changed = instance::update_rule(
        &client,
        ZONE,
        &g.id,
        &rule.id,
        &UpdateRuleRequest {
            dest_port_from: Some(8443),
            ..Default::default()
        },
    )
    .await
    .expect("update rule");
    assert_eq!(changed.dest_port_from, Some(8443));
    let rules = instance::list_rules(&client, ZONE, &g.id)
        .await
        .expect("rules");
    assert!(rules.iter().any(|r| r.id == rule.id));

    let mut templates: Vec<RuleTemplate> = rules
        .iter()
        .filter(|r| r.is_editable())
        .map(RuleTemplate::from)
        .collect();
    let mut extra = RuleTemplate::from(&changed);
    extra.id = None;
    extra.dest_port_from = Some(22);
    extra.position = templates.len() as u32 + 1;
    templates.push(extra);
    let set = instance::set_rules(&client, ZONE, &g.id, &SetRulesRequest { rules: templates })
        .await
        .expect("set rules");
    assert!(set.iter().any(|r| r.dest_port_from == Some(22)));

    let victim = set
        .iter()
        .find(|r| r.dest_port_from == Some(22))
        .expect("new rule");
    instance::delete_rule(&client, ZONE, &g.id, &victim.id)
        .await
        .expect("delete rule");
    let err = instance::get_rule(&client, ZONE, &g.id, &victim.id)
        .await
        .expect_err("gone");
    assert_eq!(err.status(), Some(404));
    instance::delete_security_group(&client, ZONE, &g.id)
        .await
        .expect("delete sg");
    let err = instance::get_security_group(&client, ZONE, &g.id)
        .await
        .expect_err("gone");
    assert_eq!(err.status(), Some(404));
}

#[tokio::test]
async fn private_nics_and_network_constraints() {
    let (_sim, client) = sim(SimConfig::fast()).await;
    let v = vpc::create_vpc(
        &client,
        REGION,
        &CreateVpcRequest {
            name: "prod".into(),
            ..Default::default()
        },
    )
    .await
    .expect("vpc");
    let v = vpc::update_vpc(
        &client,
        REGION,
        &v.id,
        &UpdateVpcRequest {
            name: Some("prod-2".into()),
            ..Default::default()
        },
    )
    .await
    .expect("update vpc");
    assert_eq!(v.name, "prod-2");
    assert_eq!(
        vpc::get_vpc(&client, REGION, &v.id).await.expect("get").id,
        v.id
    );
    let pn = vpc::create_private_network(
        &client,
        REGION,
        &CreatePrivateNetworkRequest {
            name: "back".into(),
            vpc_id: Some(v.id.clone()),
            ..Default::default()
        },
    )
    .await
    .expect("pn");
    assert_eq!(pn.vpc_id, v.id);
    let pn = vpc::update_private_network(
        &client,
        REGION,
        &pn.id,
        &UpdatePrivateNetworkRequest {
            name: Some("back-2".into()),
            ..Default::default()
        },
    )
    .await
    .expect("update pn");
    assert_eq!(
        vpc::get_private_network(&client, REGION, &pn.id)
            .await
            .expect("get")
            .name,
        "back-2"
    );
    // A VPC holding a private network cannot be deleted.
    let err = vpc::delete_vpc(&client, REGION, &v.id)
        .await
        .expect_err("has pns");
    assert_error(&err, 412, "precondition_failed");

    let s = new_server(&client, "nic-host").await;
    let nic = instance::create_private_nic(
        &client,
        ZONE,
        &s.id,
        &CreatePrivateNicRequest {
            private_network_id: pn.id.clone(),
            tags: None,
            ipam_ip_ids: None,
        },
    )
    .await
    .expect("nic");
    assert_eq!(nic.private_network_id, pn.id);
    let nics = instance::list_private_nics(&client, ZONE, &s.id)
        .await
        .expect("nics");
    assert_eq!(nics.len(), 1);
    let got = instance::get_private_nic(&client, ZONE, &s.id, &nic.id)
        .await
        .expect("get nic");
    assert_eq!(got.id, nic.id);
    let tagged = instance::update_private_nic(
        &client,
        ZONE,
        &s.id,
        &nic.id,
        &UpdatePrivateNicRequest {
            tags: Some(vec!["x".into()]),
        },
    )
    .await
    .expect("update nic");
    assert_eq!(tagged.tags, vec!["x".to_string()]);
    // A private network with NICs cannot be deleted.
    let err = vpc::delete_private_network(&client, REGION, &pn.id)
        .await
        .expect_err("has nics");
    assert_eq!(err.status(), Some(412), "{err}");

    instance::delete_private_nic(&client, ZONE, &s.id, &nic.id)
        .await
        .expect("delete nic");
    vpc::delete_private_network(&client, REGION, &pn.id)
        .await
        .expect("delete pn");
    vpc::delete_vpc(&client, REGION, &v.id)
        .await
        .expect("delete vpc");
    let err = vpc::get_vpc(&client, REGION, &v.id)
        .await
        .expect_err("gone");
    assert_eq!(err.status(), Some(404));
}

#[tokio::test]
async fn every_error_class_is_typed() {
    let handle = spawn(SimConfig {
        secret_key: Some("right".into()),
        ..SimConfig::fast()
    })
    .await
    .expect("sim");
    let wrong = Client::new(config(&handle.base_url(), "wrong")).expect("client");
    let err = instance::list_servers(&wrong, ZONE, &Default::default())
        .await
        .expect_err("401");
    assert_error(&err, 401, "denied_authentication");

    let client = Client::new(config(&handle.base_url(), "right")).expect("client");
    let err = instance::get_server(&client, ZONE, "00000000-0000-4000-8000-00000000beef")
        .await
        .expect_err("404");
    assert_eq!(err.status(), Some(404));
    assert!(err.is_not_found());

    let err = instance::create_server(
        &client,
        ZONE,
        &CreateServerRequest {
            name: "x".into(),
            commercial_type: "NOPE-1".into(),
            image: Some("ubuntu_noble".into()),
            ..Default::default()
        },
    )
    .await
    .expect_err("400");
    assert_error(&err, 400, "invalid_arguments");
    assert!(err.fields().iter().any(|f| f == "commercial_type"), "{err}");

    // Unsafe ids never reach the network.
    let err = instance::get_server(&client, ZONE, "../servers")
        .await
        .expect_err("refused");
    assert!(matches!(err, ApiError::Request { .. }), "{err}");
}

#[tokio::test]
async fn rate_limits_are_waited_out() {
    let handle = spawn(SimConfig {
        rate_limit: 5,
        ..SimConfig::fast()
    })
    .await
    .expect("sim");
    let mut cfg = config(&handle.base_url(), "t");
    cfg.retry = RetryPolicy {
        max_attempts: 10,
        base_delay: Duration::from_millis(300),
        max_delay: Duration::from_millis(1200),
    };
    let (tx, mut rx) = tokio::sync::mpsc::unbounded_channel();
    let client = Client::new(cfg).expect("client").with_backoff_events(tx);
    let results = fan_out(&Zone::ALL, |z| {
        let client = &client;
        async move { instance::list_servers(client, z, &Default::default()).await }
    })
    .await;
    for (zone, r) in &results {
        assert!(r.is_ok(), "{zone}: {:?}", r.as_ref().err());
    }
    let events = drain(&mut rx);
    assert!(
        events
            .iter()
            .any(|e| e.reason == BackoffReason::RateLimited),
        "{events:?}"
    );
}

#[tokio::test]
async fn unavailable_and_dropped_connections_are_retried() {
    let handle = spawn(SimConfig {
        fail_rate: 0.3,
        seed: 7,
        ..SimConfig::fast()
    })
    .await
    .expect("sim");
    let mut cfg = config(&handle.base_url(), "t");
    cfg.retry.max_attempts = 12;
    let (tx, mut rx) = tokio::sync::mpsc::unbounded_channel();
    let client = Client::new(cfg).expect("client").with_backoff_events(tx);
    for _ in 0..10 {
        let results = fan_out(&Zone::ALL, |z| {
            let client = &client;
            async move { instance::list_servers(client, z, &Default::default()).await }
        })
        .await;
        for (zone, r) in &results {
            assert!(r.is_ok(), "{zone}: {:?}", r.as_ref().err());
        }
        vpc::list_private_networks(&client, REGION)
            .await
            .expect("pns despite faults");
    }
    let events = drain(&mut rx);
    assert!(
        events
            .iter()
            .any(|e| e.reason == BackoffReason::Unavailable(503)),
        "{events:?}"
    );
    assert!(
        events.iter().any(|e| e.reason == BackoffReason::Connection),
        "{events:?}"
    );
}

#[tokio::test]
async fn the_in_flight_bound_queues_requests_beyond_it() {
    let handle = spawn(SimConfig {
        latency: Duration::from_millis(100),
        ..SimConfig::fast()
    })
    .await
    .expect("sim");
    let list_all = |client: Client| async move {
        let started = std::time::Instant::now();
        let results = fan_out(&Zone::ALL, |z| {
            let client = &client;
            async move { instance::list_images(client, z).await }
        })
        .await;
        assert!(results.iter().all(|(_, r)| r.is_ok()));
        started.elapsed()
    };
    let wide = Client::new(config(&handle.base_url(), "t")).expect("client");
    let mut cfg = config(&handle.base_url(), "t");
    cfg.max_in_flight = 1;
    let narrow = Client::new(cfg).expect("client");
    // Nine zones at once: about one round trip; one at a time: about nine.
    let fast = list_all(wide).await;
    let slow = list_all(narrow).await;
    assert!(fast < Duration::from_millis(450), "{fast:?}");
    assert!(slow >= Duration::from_millis(900), "{slow:?}");
}
