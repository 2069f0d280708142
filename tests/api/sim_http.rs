//! The simulator over HTTP, compared with the real recorded bodies.
#![allow(clippy::unwrap_used)] // test helpers: a panic is the failure report

use std::collections::BTreeSet;
use std::time::Duration;

use reqwest::{Client, Method, StatusCode};
use scwdash::sim::{SimConfig, SimHandle, spawn};
use serde_json::{Value, json};

/// Copies of the recorded bodies this test compares with (from fixtures/scaleway/real).
const FIXTURES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/scaleway/real");
/// Long enough that a busy CI machine does not skip a state between two requests.
/// One transition step: far longer than any test, so states move only when a
/// test advances the simulator's clock (`Sim::steps`), never by the load.
const STEP: Duration = Duration::from_secs(3600);

fn fixture(name: &str) -> Value {
    let text = std::fs::read_to_string(format!("{FIXTURES}/{name}"))
        .unwrap_or_else(|e| panic!("{name}: {e}"));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{name}: {e}"))
}

fn keys(v: &Value) -> BTreeSet<String> {
    v.as_object()
        .map(|m| m.keys().cloned().collect())
        .unwrap_or_default()
}

/// The simulator object has exactly the top-level keys of the recorded one.
fn same_keys(sim: &Value, fixture_name: &str, pointer: &str) {
    let real = fixture(fixture_name);
    let real = real
        .pointer(pointer)
        .unwrap_or_else(|| panic!("{pointer} missing in {fixture_name}"));
    assert_eq!(
        keys(sim),
        keys(real),
        "keys differ from {fixture_name}{pointer}"
    );
}

/// The recorded value at `pointer` of `name`.
fn recorded(name: &str, pointer: &str) -> Value {
    fixture(name)
        .pointer(pointer)
        .unwrap_or_else(|| panic!("{pointer} missing in {name}"))
        .clone()
}

/// A recorded server as the 2026 API writes it: the fixture's `server` plus
/// `dns` (present since 2026: instance_get_server_rebooting.json) and
/// `admin_password_encryption_ssh_key_id: null` (instance_list_servers_1.json)
/// where the older recording lacks them.
fn server_recording(name: &str) -> Value {
    let mut server = recorded(name, "/server");
    let m = server.as_object_mut().unwrap();
    m.entry("dns")
        .or_insert_with(|| recorded("instance_get_server_rebooting.json", "/server/dns"));
    m.entry("admin_password_encryption_ssh_key_id")
        .or_insert_with(|| {
            recorded(
                "instance_list_servers_1.json",
                "/servers/0/admin_password_encryption_ssh_key_id",
            )
        });
    server
}

fn kind(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "bool",
        Value::Number(_) => "number",
        Value::String(_) => "string",
        Value::Array(_) => "array",
        Value::Object(_) => "object",
    }
}

/// Every difference in shape between a simulator value and a recorded one,
/// key by key and null by null: a key only one side has, a null against a
/// value, another JSON type. Arrays compare their first items; the maps keyed
/// by data (a server's `volumes`, an image's `extra_volumes`) compare the
/// entries both have.
fn shape_diffs(sim: &Value, real: &Value, at: &str, out: &mut Vec<String>) {
    match (sim, real) {
        (Value::Object(a), Value::Object(b)) => {
            let keyed_by_data = at.ends_with("/volumes") || at.ends_with("/extra_volumes");
            if !keyed_by_data {
                for k in a.keys().filter(|k| !b.contains_key(*k)) {
                    out.push(format!("{at}/{k}: only in the simulator"));
                }
                for k in b.keys().filter(|k| !a.contains_key(*k)) {
                    out.push(format!("{at}/{k}: only in the recording"));
                }
            }
            for (k, v) in a {
                if let Some(r) = b.get(k) {
                    shape_diffs(v, r, &format!("{at}/{k}"), out);
                }
            }
        }
        (Value::Array(a), Value::Array(b)) => {
            if let (Some(x), Some(y)) = (a.first(), b.first()) {
                shape_diffs(x, y, &format!("{at}/0"), out);
            }
        }
        _ if kind(sim) != kind(real) => {
            out.push(format!("{at}: simulator {sim}, recording {real}"));
        }
        _ => {}
    }
}

fn same_shape(sim: &Value, real: &Value, what: &str) {
    let mut diffs = Vec::new();
    shape_diffs(sim, real, "", &mut diffs);
    assert!(
        diffs.is_empty(),
        "{what} differs from its recording: {diffs:#?}"
    );
}

struct Sim {
    handle: SimHandle,
    http: Client,
}

impl Sim {
    async fn start(config: SimConfig) -> Self {
        let handle = spawn(config).await.unwrap();
        Self {
            handle,
            http: Client::new(),
        }
    }

    async fn fast() -> Self {
        Self::start(SimConfig {
            transition: STEP,
            ..SimConfig::fast()
        })
        .await
    }

    async fn call(
        &self,
        method: Method,
        path: &str,
        body: Option<Value>,
    ) -> (StatusCode, reqwest::header::HeaderMap, Value) {
        let mut req = self
            .http
            .request(method, format!("{}{path}", self.handle.base_url()))
            .header("X-Auth-Token", "secret");
        if let Some(b) = body {
            req = req.json(&b);
        }
        let resp = req.send().await.unwrap();
        let status = resp.status();
        let headers = resp.headers().clone();
        let text = resp.text().await.unwrap();
        let value = if text.is_empty() {
            Value::Null
        } else {
            serde_json::from_str(&text).unwrap()
        };
        (status, headers, value)
    }

    /// Lets `n` transition steps pass on the simulator's clock.
    fn steps(&self, n: u32) {
        self.handle.advance_steps(n);
    }

    async fn get(&self, path: &str) -> Value {
        let (status, _, v) = self.call(Method::GET, path, None).await;
        assert_eq!(status, StatusCode::OK, "GET {path}: {v}");
        v
    }

    async fn first_server(&self, zone: &str, state: &str) -> Value {
        let v = self
            .get(&format!(
                "/instance/v1/zones/{zone}/servers?state={}",
                state.replace(' ', "%20")
            ))
            .await;
        v["servers"][0].clone()
    }
}

const I: &str = "/instance/v1/zones/fr-par-1";

#[tokio::test]
async fn every_object_has_the_recorded_shape() {
    let sim = Sim::fast().await;
    let running = sim.first_server("fr-par-1", "running").await;
    same_shape(
        &running,
        &server_recording("instance_get_server_running.json"),
        "a running server",
    );
    same_keys(
        &running["image"],
        "instance_get_server_running.json",
        "/server/image",
    );
    same_keys(
        &running["location"],
        "instance_get_server_running.json",
        "/server/location",
    );
    same_keys(
        &running["public_ips"][0],
        "instance_get_server_running.json",
        "/server/public_ips/0",
    );
    same_keys(
        &running["volumes"]["0"],
        "instance_get_server_running.json",
        "/server/volumes/0",
    );
    let id = running["id"].as_str().unwrap();
    let got = sim.get(&format!("{I}/servers/{id}")).await;
    same_keys(&got, "instance_get_server_running.json", "");
    let with_nic = sim
        .get(&format!(
            "{I}/servers?private_network={}",
            running["private_nics"][0]["private_network_id"]
                .as_str()
                .unwrap()
        ))
        .await;
    same_keys(
        &with_nic["servers"][0]["private_nics"][0],
        "instance_get_private_nic.json",
        "/private_nic",
    );
    let nics = sim.get(&format!("{I}/servers/{id}/private_nics")).await;
    same_keys(&nics, "instance_list_private_nics.json", "");

    let types = sim.get(&format!("{I}/products/servers")).await;
    same_keys(
        &types["servers"]["DEV1-S"],
        "instance_list_server_types.json",
        "/servers/DEV1-S",
    );
    let avail = sim.get(&format!("{I}/products/servers/availability")).await;
    assert!(avail["servers"]["DEV1-S"]["availability"].is_string());
    let images = sim.get(&format!("{I}/images")).await;
    same_keys(
        &images["images"][0],
        "instance_get_server_running.json",
        "/server/image",
    );

    let sgs = sim.get(&format!("{I}/security_groups")).await;
    let sg = &sgs["security_groups"][0];
    same_keys(sg, "instance_get_security_group.json", "/security_group");
    let rules = sim
        .get(&format!(
            "{I}/security_groups/{}/rules",
            sg["id"].as_str().unwrap()
        ))
        .await;
    same_keys(
        &rules["rules"][0],
        "instance_list_security_group_rules.json",
        "/rules/0",
    );

    let v1 = sim.get("/block/v1/zones/fr-par-1/volumes").await;
    same_keys(
        &v1["volumes"][0],
        "block_list_volumes_v1_multi.json",
        "/volumes/0",
    );
    let vols = sim.get("/block/v1alpha1/zones/fr-par-1/volumes").await;
    same_keys(&vols, "block_list_volumes.json", "");
    let in_use = vols["volumes"]
        .as_array()
        .unwrap()
        .iter()
        .find(|v| v["status"] == "in_use")
        .unwrap();
    same_keys(in_use, "block_get_volume_in_use.json", "");
    same_keys(
        &in_use["references"][0],
        "block_get_volume_in_use.json",
        "/references/0",
    );

    let pns = sim.get("/vpc/v2/regions/fr-par/private-networks").await;
    same_keys(&pns, "vpc_list_private_networks.json", "");
    // has_s3_integration and subnets[].region, as the Aug 2026 list shows.
    same_shape(
        &pns,
        &fixture("vpc_list_private_networks.json"),
        "private networks",
    );
    let vpcs = sim.get("/vpc/v2/regions/nl-ams/vpcs").await;
    same_keys(&vpcs, "vpc_list_vpcs.json", "");
    same_keys(&vpcs["vpcs"][0], "vpc_get_vpc.json", "");
    sim.handle.shutdown();
}

#[tokio::test]
async fn pagination_headers_and_bodies() {
    let sim = Sim::fast().await;
    let (status, h, v) = sim
        .call(Method::GET, &format!("{I}/products/servers?page=2"), None)
        .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(h["x-total-count"], "136");
    assert_eq!(v["servers"].as_object().unwrap().len(), 50);
    assert_eq!(
        h["link"],
        "</products/servers?page=1&per_page=50&>; rel=\"first\",</products/servers?page=1&per_page=50&>; rel=\"previous\",</products/servers?page=3&per_page=50&>; rel=\"next\",</products/servers?page=3&per_page=50&>; rel=\"last\""
    );
    let (_, h, _) = sim.call(Method::GET, &format!("{I}/servers"), None).await;
    assert_eq!(
        h["link"],
        "</servers?page=1&per_page=50&order=creation_date_desc>; rel=\"last\""
    );
    let (status, _, v) = sim
        .call(Method::GET, &format!("{I}/servers?per_page=101"), None)
        .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!(v["type"], "invalid_arguments");
    let (_, h, _) = sim
        .call(
            Method::GET,
            &format!("{I}/security_groups/{}/rules", first_sg(&sim).await),
            None,
        )
        .await;
    assert!(h.get("x-total-count").is_none() && h.get("link").is_none());
    let (_, h, v) = sim
        .call(
            Method::GET,
            "/block/v1/zones/fr-par-1/volumes?page_size=2&page=2",
            None,
        )
        .await;
    assert!(h.get("x-total-count").is_none());
    assert_eq!(v["volumes"].as_array().unwrap().len(), 2);
    assert!(v["total_count"].as_u64().unwrap() > 4);
    let (_, _, v) = sim
        .call(
            Method::GET,
            &format!("{I}/servers?name=web&tags=prod"),
            None,
        )
        .await;
    assert!(
        v["servers"]
            .as_array()
            .unwrap()
            .iter()
            .all(|s| s["name"].as_str().unwrap().contains("web"))
    );
}

/// A GET answered 200.
async fn ok(sim: &Sim, path: &str) -> reqwest::Response {
    let resp = sim
        .http
        .get(format!("{}{path}", sim.handle.base_url()))
        .header("X-Auth-Token", "secret")
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), StatusCode::OK, "GET {path}");
    resp
}

/// The text and `X-Total-Count` of a GET, unparsed.
async fn raw(sim: &Sim, path: &str) -> (String, String) {
    let resp = ok(sim, path).await;
    let total = resp.headers()["x-total-count"]
        .to_str()
        .unwrap()
        .to_string();
    (total, resp.text().await.unwrap())
}

/// An unfiltered servers listing in creation order is cut from the zone's ids
/// (only the page's own servers are read); it answers byte for byte what the
/// general path answers, forced here by a filter every server passes.
#[tokio::test]
async fn unfiltered_server_pages_are_the_filtered_ones_byte_for_byte() {
    let sim = Sim::fast().await;
    create_server(&sim, "late").await;
    let project = scwdash::sim::PROJECT;
    for order in ["creation_date_desc", "creation_date_asc"] {
        for (page, per_page) in [(1, 100), (1, 3), (2, 3), (5, 3), (9, 3)] {
            let q = format!("{I}/servers?order={order}&page={page}&per_page={per_page}");
            let (total, fast) = raw(&sim, &q).await;
            let general = raw(&sim, &format!("{q}&project={project}")).await;
            assert_eq!((&total, &fast), (&general.0, &general.1), "{q}");
            assert!(fast.len() > 20 || page == 9, "{q}: {fast}");
        }
    }
    // The default order is the newest first.
    let (_, body) = raw(&sim, &format!("{I}/servers?per_page=1")).await;
    let first: Value = serde_json::from_str(&body).unwrap();
    assert_eq!(first["servers"][0]["name"], "late");
    sim.handle.shutdown();
}

/// The text of a GET answered 200, unparsed.
async fn text(sim: &Sim, path: &str) -> String {
    ok(sim, path).await.text().await.unwrap()
}

/// Unfiltered Block volume and IPAM address pages in a date order are cut
/// from the locality's ids (only the page's own items are read, not the
/// zone's); on a seeded fleet they answer byte for byte what the general
/// path answers, forced by a filter everything passes, page after page.
#[tokio::test]
async fn unfiltered_block_and_ipam_pages_are_the_filtered_ones_byte_for_byte() {
    let sim = Sim::start(SimConfig {
        fleet: Some(600),
        seed: 11,
        ..SimConfig::fast()
    })
    .await;
    // Two volumes after the fleet's, the first deleted again: the zone's
    // index is not just the fleet's.
    let block = "/block/v1/zones/fr-par-1/volumes";
    let mut made = Vec::new();
    for name in ["late-1", "late-2"] {
        let body = json!({"name": name, "from_empty": {"size": 10_000_000_000u64}});
        let (status, _, v) = sim.call(Method::POST, block, Some(body)).await;
        assert_eq!(status, StatusCode::OK, "{v}");
        made.push(v["id"].as_str().unwrap().to_string());
    }
    let (status, _, _) = sim
        .call(Method::DELETE, &format!("{block}/{}", made[0]), None)
        .await;
    assert_eq!(status, StatusCode::NO_CONTENT);
    let project = scwdash::sim::PROJECT;
    let lists: [(&str, &str, &[&str], usize); 2] = [
        (
            block,
            "volumes",
            &["", "&order_by=created_at_asc", "&order_by=created_at_desc"],
            61,
        ),
        (
            "/ipam/v1/regions/fr-par/ips",
            "ips",
            &[
                "",
                "&order_by=attached_at_asc",
                "&order_by=created_at_desc",
                // As the dashboard asks: every address is a private NIC's.
                "&resource_type=instance_private_nic",
            ],
            0,
        ),
    ];
    for (list, key, orders, expected_total) in lists {
        for order in orders {
            let mut seen = BTreeSet::new();
            for (page, size) in [(1, 100), (1, 7), (2, 7), (3, 7), (9, 7), (40, 7)] {
                let q = format!("{list}?page={page}&page_size={size}{order}");
                let fast = text(&sim, &q).await;
                let general = text(&sim, &format!("{q}&project_id={project}")).await;
                assert_eq!(fast, general, "{q}");
                let v: Value = serde_json::from_str(&fast).unwrap();
                let total = v["total_count"].as_u64().unwrap() as usize;
                let items = v[key].as_array().unwrap();
                assert!(total > 40, "{q}: a fleet's worth, {total}");
                if expected_total > 0 {
                    assert_eq!(total, expected_total, "{q}");
                }
                let expected_len = size.min(total.saturating_sub((page - 1) * size));
                assert_eq!(items.len(), expected_len, "{q}");
                if size == 7 {
                    // Pages of 7 never overlap.
                    assert!(
                        items.iter().all(|i| seen.insert(i["id"].to_string())),
                        "{q}"
                    );
                }
            }
        }
    }
    // The default order is the oldest first, the reverse the newest first.
    let newest = text(
        &sim,
        &format!("{block}?page_size=1&order_by=created_at_desc"),
    )
    .await;
    let newest: Value = serde_json::from_str(&newest).unwrap();
    assert_eq!(newest["volumes"][0]["id"].as_str(), Some(made[1].as_str()));
    sim.handle.shutdown();
}

async fn first_sg(sim: &Sim) -> String {
    sim.get(&format!("{I}/security_groups")).await["security_groups"][0]["id"]
        .as_str()
        .unwrap()
        .to_string()
}

async fn create_server(sim: &Sim, name: &str) -> (String, String) {
    let image = sim.get(&format!("{I}/images?arch=x86_64")).await["images"][0]["id"]
        .as_str()
        .unwrap()
        .to_string();
    let (status, h, v) = sim
        .call(
            Method::POST,
            &format!("{I}/servers"),
            Some(json!({"name": name, "commercial_type": "DEV1-S", "image": image})),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{v}");
    assert!(
        h["location"]
            .to_str()
            .unwrap()
            .ends_with(v["server"]["id"].as_str().unwrap())
    );
    assert_eq!(v["server"]["state"], "stopped");
    assert_eq!(v["server"]["allowed_actions"], json!(["poweron", "backup"]));
    let root = v["server"]["volumes"]["0"]["id"]
        .as_str()
        .unwrap()
        .to_string();
    (v["server"]["id"].as_str().unwrap().to_string(), root)
}

async fn state(sim: &Sim, id: &str) -> (String, String) {
    let v = sim.get(&format!("{I}/servers/{id}")).await;
    (
        v["server"]["state"].as_str().unwrap().to_string(),
        v["server"]["state_detail"].as_str().unwrap().to_string(),
    )
}

async fn action(sim: &Sim, id: &str, action: &str) -> (StatusCode, Value) {
    let (s, _, v) = sim
        .call(
            Method::POST,
            &format!("{I}/servers/{id}/action"),
            Some(json!({"action": action})),
        )
        .await;
    (s, v)
}

#[tokio::test]
async fn server_lifecycle_follows_the_recorded_state_machine() {
    let sim = Sim::fast().await;
    let (id, root) = create_server(&sim, "lifecycle").await;
    let (s, v) = action(&sim, &id, "poweron").await;
    assert_eq!(s, StatusCode::ACCEPTED);
    same_keys(&v, "instance_server_action_reboot_fake_task.json", "");
    assert_eq!(v["task"]["description"], "fake task");
    assert_eq!(
        state(&sim, &id).await,
        ("starting".into(), "allocating node".into())
    );
    let (s, v) = action(&sim, &id, "poweron").await;
    assert_eq!(
        (s, v["precondition"].as_str()),
        (StatusCode::BAD_REQUEST, Some("resource_not_usable"))
    );
    sim.steps(1);
    assert_eq!(
        state(&sim, &id).await,
        ("starting".into(), "provisioning node".into())
    );
    sim.steps(1);
    assert_eq!(
        state(&sim, &id).await,
        ("running".into(), "booting kernel".into())
    );

    let (s, v) = sim
        .call(Method::DELETE, &format!("{I}/servers/{id}"), None)
        .await
        .into_parts();
    assert_eq!(s, StatusCode::BAD_REQUEST, "{v}");

    action(&sim, &id, "reboot").await;
    assert_eq!(
        state(&sim, &id).await,
        ("stopping".into(), "rebooting".into())
    );
    sim.steps(1);
    assert_eq!(
        state(&sim, &id).await,
        ("starting".into(), "rebooting".into())
    );
    sim.steps(1);
    assert_eq!(state(&sim, &id).await.0, "running");

    action(&sim, &id, "stop_in_place").await;
    assert_eq!(
        state(&sim, &id).await,
        ("stopping".into(), "stopping in place".into())
    );
    sim.steps(1);
    assert_eq!(
        state(&sim, &id).await,
        ("stopped in place".into(), "stopped in place".into())
    );
    action(&sim, &id, "poweron").await;
    assert_eq!(
        state(&sim, &id).await,
        ("starting".into(), "stopped in place".into())
    );
    sim.steps(1);
    action(&sim, &id, "poweroff").await;
    assert_eq!(
        state(&sim, &id).await,
        ("stopping".into(), "stopping".into())
    );
    sim.steps(1);
    assert_eq!(state(&sim, &id).await, ("stopped".into(), String::new()));
    let (s, _) = action(&sim, &id, "terminate").await;
    assert_eq!(
        s,
        StatusCode::BAD_REQUEST,
        "terminate is not allowed from stopped"
    );

    let (s, _, _) = sim
        .call(Method::DELETE, &format!("{I}/servers/{id}"), None)
        .await;
    assert_eq!(s, StatusCode::NO_CONTENT);
    let (s, _, v) = sim
        .call(Method::GET, &format!("{I}/servers/{id}"), None)
        .await;
    assert_eq!(s, StatusCode::NOT_FOUND);
    same_keys(&v, "error_404_instance_server.json", "");
    assert_eq!(v["resource"], "instance_server");
    sim.steps(1);
    let vol = sim
        .get(&format!("/block/v1alpha1/zones/fr-par-1/volumes/{root}"))
        .await;
    assert_eq!(
        vol["status"], "available",
        "detached a step after the delete"
    );
}

trait IntoParts {
    fn into_parts(self) -> (StatusCode, Value);
}

impl IntoParts for (StatusCode, reqwest::header::HeaderMap, Value) {
    fn into_parts(self) -> (StatusCode, Value) {
        (self.0, self.2)
    }
}

#[tokio::test]
async fn terminate_removes_the_server_and_frees_its_block_volumes() {
    let sim = Sim::fast().await;
    let s = sim.first_server("fr-par-1", "running").await;
    let id = s["id"].as_str().unwrap();
    let root = s["volumes"]["0"]["id"].as_str().unwrap();
    action(&sim, id, "terminate").await;
    let v = sim.get(&format!("{I}/servers/{id}")).await;
    assert_eq!(
        (
            v["server"]["state_detail"].as_str(),
            v["server"]["allowed_actions"].clone()
        ),
        (Some("terminating"), json!([]))
    );
    sim.steps(1);
    let (status, _, _) = sim
        .call(Method::GET, &format!("{I}/servers/{id}"), None)
        .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let vol = sim
        .get(&format!("/block/v1/zones/fr-par-1/volumes/{root}"))
        .await;
    assert_eq!(
        (
            vol["status"].as_str(),
            vol["references"][0]["status"].as_str()
        ),
        (Some("in_use"), Some("detaching")),
        "the root volume is being detached"
    );
    sim.steps(1);
    let vol = sim
        .get(&format!("/block/v1/zones/fr-par-1/volumes/{root}"))
        .await;
    assert_eq!(
        (vol["status"].as_str(), vol["references"].clone()),
        (Some("available"), json!([]))
    );
}

#[tokio::test]
async fn volumes_attach_detach_and_their_constraints() {
    let sim = Sim::fast().await;
    let (id, root) = create_server(&sim, "vols").await;
    let (s, _, vol) = sim
        .call(Method::POST, "/block/v1alpha1/zones/fr-par-1/volumes", Some(json!({"name": "data", "from_empty": {"size": 20_000_000_000u64}, "perf_iops": 15000})))
        .await;
    assert_eq!(
        (s, vol["status"].as_str(), vol["type"].as_str()),
        (StatusCode::OK, Some("creating"), Some("sbs_15k"))
    );
    same_keys(&vol, "block_create_volume.json", "");
    let vid = vol["id"].as_str().unwrap();
    sim.steps(1);
    assert_eq!(
        sim.get(&format!("/block/v1alpha1/zones/fr-par-1/volumes/{vid}"))
            .await["status"],
        "available"
    );

    let (s, _, v) = sim
        .call(
            Method::POST,
            &format!("{I}/servers/{id}/attach-volume"),
            Some(json!({"volume_id": vid, "volume_type": "sbs_volume"})),
        )
        .await;
    assert_eq!(s, StatusCode::OK, "{v}");
    assert_eq!(v["server"]["volumes"]["1"]["state"], "attaching");
    assert_eq!(v["server"]["allowed_actions"], json!([]));
    let b = sim
        .get(&format!("/block/v1alpha1/zones/fr-par-1/volumes/{vid}"))
        .await;
    assert_eq!(
        (b["status"].as_str(), b["references"][0]["status"].as_str()),
        (Some("in_use"), Some("attaching"))
    );
    sim.steps(1);
    let b = sim
        .get(&format!("/block/v1alpha1/zones/fr-par-1/volumes/{vid}"))
        .await;
    assert_eq!(b["references"][0]["status"], "attached");

    let (s, _, v) = sim
        .call(
            Method::DELETE,
            &format!("/block/v1alpha1/zones/fr-par-1/volumes/{vid}"),
            None,
        )
        .await;
    assert_eq!(
        (s, v["precondition"].as_str()),
        (
            StatusCode::PRECONDITION_FAILED,
            Some("resource_still_in_use")
        )
    );

    let (other, _) = create_server(&sim, "other").await;
    let (s, _, v) = sim
        .call(
            Method::PATCH,
            &format!("{I}/servers/{other}"),
            Some(json!({"volumes": {"1": {"id": vid}}})),
        )
        .await;
    assert_eq!(
        (s, v["type"].as_str()),
        (StatusCode::BAD_REQUEST, Some("invalid_arguments")),
        "volume in use elsewhere"
    );

    let ams = sim.get("/block/v1alpha1/zones/nl-ams-1/volumes").await["volumes"]
        .as_array()
        .unwrap()
        .iter()
        .find(|v| v["status"] == "available")
        .unwrap()["id"]
        .as_str()
        .unwrap()
        .to_string();
    let (s, _, _) = sim
        .call(
            Method::POST,
            &format!("{I}/servers/{id}/attach-volume"),
            Some(json!({"volume_id": ams})),
        )
        .await;
    assert_eq!(s, StatusCode::BAD_REQUEST, "volume in another zone");

    let many: serde_json::Map<String, Value> =
        (0..17).map(|i| (i.to_string(), json!(root))).collect();
    let (s, _, _) = sim
        .call(
            Method::PATCH,
            &format!("{I}/servers/{id}"),
            Some(json!({"volumes": many})),
        )
        .await;
    assert_eq!(s, StatusCode::BAD_REQUEST, "more than 16 volumes");

    let (s, _, v) = sim
        .call(
            Method::PATCH,
            &format!("{I}/servers/{id}"),
            Some(json!({"volumes": {"0": {"id": root}}, "name": "renamed", "tags": ["a"]})),
        )
        .await;
    assert_eq!(s, StatusCode::OK);
    assert_eq!(
        (
            v["server"]["name"].as_str(),
            v["server"]["volumes"].as_object().unwrap().len()
        ),
        (Some("renamed"), 1)
    );
    sim.steps(1);
    assert_eq!(
        sim.get(&format!("/block/v1alpha1/zones/fr-par-1/volumes/{vid}"))
            .await["status"],
        "available"
    );
    let (s, _, v) = sim
        .call(
            Method::POST,
            &format!("{I}/servers/{id}/detach-volume"),
            Some(json!({"volume_id": vid})),
        )
        .await;
    assert_eq!(s, StatusCode::BAD_REQUEST);
    same_keys(&v, "error_400_invalid_arguments_detach_volume.json", "");

    let (s, _, v) = sim
        .call(
            Method::POST,
            "/block/v1/zones/fr-par-1/volumes",
            Some(json!({"from_empty": {"size": 10u64}})),
        )
        .await;
    assert_eq!(
        (s, v["details"][0]["argument_name"].as_str()),
        (StatusCode::BAD_REQUEST, Some("from_empty.size"))
    );
    let (s, _, _) = sim
        .call(
            Method::PATCH,
            &format!("/block/v1/zones/fr-par-1/volumes/{vid}"),
            Some(json!({"size": 1_000_000_000u64})),
        )
        .await;
    assert_eq!(s, StatusCode::BAD_REQUEST, "shrinking");
    let (s, _, v) = sim
        .call(
            Method::PATCH,
            &format!("/block/v1/zones/fr-par-1/volumes/{vid}"),
            Some(json!({"perf_iops": 5000})),
        )
        .await;
    assert_eq!(
        (s, v["status"].as_str(), v["type"].as_str()),
        (StatusCode::OK, Some("updating"), Some("sbs_5k"))
    );
    let (s, _, _) = sim
        .call(
            Method::DELETE,
            &format!("/block/v1/zones/fr-par-1/volumes/{vid}"),
            None,
        )
        .await;
    assert_eq!(s, StatusCode::NO_CONTENT);
    let (s, _, v) = sim
        .call(
            Method::GET,
            &format!("/block/v1/zones/fr-par-1/volumes/{vid}"),
            None,
        )
        .await;
    assert_eq!(
        (s, v["resource"].as_str()),
        (StatusCode::NOT_FOUND, Some("volume"))
    );
}

#[tokio::test]
async fn security_groups_and_rules_are_normalised() {
    let sim = Sim::fast().await;
    let (s, h, v) = sim
        .call(
            Method::POST,
            &format!("{I}/security_groups"),
            Some(json!({"name": "t", "inbound_default_policy": "drop"})),
        )
        .await;
    assert_eq!(s, StatusCode::CREATED);
    assert!(h.contains_key("location"));
    let sg = v["security_group"]["id"].as_str().unwrap().to_string();
    let (s, _, v) = sim
        .call(Method::POST, &format!("{I}/security_groups/{sg}/rules"), Some(json!({"protocol": "TCP", "direction": "inbound", "action": "accept", "ip_range": "8.8.8.8/32", "dest_port_from": 22, "dest_port_to": 22})))
        .await;
    assert_eq!(s, StatusCode::CREATED);
    assert_eq!(
        (
            v["rule"]["ip_range"].as_str(),
            v["rule"]["dest_port_to"].clone(),
            v["rule"]["position"].as_u64()
        ),
        (Some("8.8.8.8"), Value::Null, Some(1))
    );
    assert_eq!(
        sim.get(&format!("{I}/security_groups/{sg}")).await["security_group"]["state"],
        "syncing"
    );
    sim.steps(1);
    assert_eq!(
        sim.get(&format!("{I}/security_groups/{sg}")).await["security_group"]["state"],
        "available"
    );
    let (s, _, v) = sim
        .call(Method::PUT, &format!("{I}/security_groups/{sg}/rules"), Some(json!({"rules": [
            {"protocol": "ICMP", "direction": "inbound", "action": "accept", "ip_range": "0.0.0.0/0", "dest_port_from": 5},
            {"protocol": "TCP", "direction": "inbound", "action": "accept", "ip_range": "10.0.0.0/8", "dest_port_from": 80, "dest_port_to": 90},
        ]})))
        .await;
    assert_eq!(s, StatusCode::OK);
    let rules = v["rules"].as_array().unwrap();
    assert_eq!(rules.len(), 8);
    assert_eq!(rules.iter().filter(|r| r["editable"] == false).count(), 6);
    assert_eq!(
        (
            rules[6]["dest_port_from"].clone(),
            rules[6]["position"].as_u64()
        ),
        (Value::Null, Some(1))
    );
    assert_eq!(rules[7]["dest_port_to"], 90);
    let rid = rules[7]["id"].as_str().unwrap();
    let (s, _, v) = sim
        .call(
            Method::PATCH,
            &format!("{I}/security_groups/{sg}/rules/{rid}"),
            Some(json!({"dest_port_from": 0, "dest_port_to": 0})),
        )
        .await;
    assert_eq!(
        (s, v["rule"]["dest_port_from"].clone()),
        (StatusCode::OK, Value::Null)
    );
    let (s, _, _) = sim
        .call(
            Method::DELETE,
            &format!("{I}/security_groups/{sg}/rules/{rid}"),
            None,
        )
        .await;
    assert_eq!(s, StatusCode::NO_CONTENT);

    let (id, _) = create_server(&sim, "sg-user").await;
    let (s, _, v) = sim
        .call(
            Method::PATCH,
            &format!("{I}/servers/{id}"),
            Some(json!({"security_group": {"id": sg}})),
        )
        .await;
    assert_eq!(
        (s, v["server"]["security_group"]["name"].as_str()),
        (StatusCode::OK, Some("t"))
    );
    let (s, _, _) = sim
        .call(Method::DELETE, &format!("{I}/security_groups/{sg}"), None)
        .await;
    assert_eq!(s, StatusCode::BAD_REQUEST, "in use");
    let default = sim.get(&format!("{I}/security_groups")).await["security_groups"]
        .as_array()
        .unwrap()
        .iter()
        .find(|g| g["project_default"] == true)
        .unwrap()["id"]
        .as_str()
        .unwrap()
        .to_string();
    let (s, _, _) = sim
        .call(
            Method::DELETE,
            &format!("{I}/security_groups/{default}"),
            None,
        )
        .await;
    assert_eq!(s, StatusCode::BAD_REQUEST, "project default");
    let (s, _, v) = sim
        .call(
            Method::GET,
            &format!("{I}/security_groups/00000000-0000-0000-0000-000000000001"),
            None,
        )
        .await;
    assert_eq!(
        (s, v["resource"].as_str()),
        (StatusCode::NOT_FOUND, Some("instance_security_group"))
    );
}

#[tokio::test]
async fn private_networks_nics_and_vpcs() {
    let sim = Sim::fast().await;
    let (s, _, pn) = sim
        .call(
            Method::POST,
            "/vpc/v2/regions/fr-par/private-networks",
            Some(json!({"name": "t", "subnets": ["10.1.0.0/24"]})),
        )
        .await;
    assert_eq!(s, StatusCode::OK);
    let subnets: Vec<&str> = pn["subnets"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["subnet"].as_str().unwrap())
        .collect();
    assert_eq!(subnets.len(), 2);
    assert_eq!(subnets[0], "10.1.0.0/24");
    assert!(subnets[1].ends_with("::/64"));
    let (s, _, v) = sim
        .call(
            Method::POST,
            "/vpc/v2/regions/fr-par/private-networks",
            Some(json!({"subnets": ["10.1.0.0/99"]})),
        )
        .await;
    assert_eq!(
        (s, v["type"].as_str()),
        (StatusCode::BAD_REQUEST, Some("invalid_arguments"))
    );
    let pn_id = pn["id"].as_str().unwrap();

    let (id, _) = create_server(&sim, "nic").await;
    let (s, _, nic) = sim
        .call(
            Method::POST,
            &format!("{I}/servers/{id}/private_nics"),
            Some(json!({"private_network_id": pn_id})),
        )
        .await;
    assert_eq!(s, StatusCode::CREATED);
    same_keys(
        &nic["private_nic"],
        "instance_create_private_nic.json",
        "/private_nic",
    );
    assert_eq!(
        (
            nic["private_nic"]["state"].as_str(),
            nic["private_nic"]["ipam_ip_ids"].as_array().unwrap().len()
        ),
        (Some("syncing"), 2)
    );
    let nic_id = nic["private_nic"]["id"].as_str().unwrap();
    sim.steps(1);
    let srv = sim.get(&format!("{I}/servers/{id}")).await;
    assert_eq!(srv["server"]["private_nics"][0]["state"], "available");

    let ams_pn =
        sim.get("/vpc/v2/regions/nl-ams/private-networks").await["private_networks"][0]["id"]
            .as_str()
            .unwrap()
            .to_string();
    let (s, _, _) = sim
        .call(
            Method::POST,
            &format!("{I}/servers/{id}/private_nics"),
            Some(json!({"private_network_id": ams_pn})),
        )
        .await;
    assert_eq!(s, StatusCode::BAD_REQUEST, "PN of another region");

    let (s, _, v) = sim
        .call(
            Method::DELETE,
            &format!("/vpc/v2/regions/fr-par/private-networks/{pn_id}"),
            None,
        )
        .await;
    assert_eq!(s, StatusCode::PRECONDITION_FAILED);
    same_keys(
        &v,
        "error_412_precondition_failed_vpc_private_network_in_use.json",
        "",
    );
    assert_eq!(
        v["help_message"],
        "Private Network must be empty to be deleted"
    );
    let (s, _, _) = sim
        .call(
            Method::DELETE,
            &format!("{I}/servers/{id}/private_nics/{nic_id}"),
            None,
        )
        .await;
    assert_eq!(s, StatusCode::NO_CONTENT);
    let (s, _, v) = sim
        .call(
            Method::GET,
            &format!("{I}/servers/{id}/private_nics/{nic_id}"),
            None,
        )
        .await;
    assert_eq!(
        (s, v["resource"].as_str()),
        (StatusCode::NOT_FOUND, Some("instance_private_nic"))
    );
    let (s, _, _) = sim
        .call(
            Method::DELETE,
            &format!("/vpc/v2/regions/fr-par/private-networks/{pn_id}"),
            None,
        )
        .await;
    assert_eq!(s, StatusCode::NO_CONTENT);

    let (s, _, vpc) = sim
        .call(
            Method::POST,
            "/vpc/v2/regions/pl-waw/vpcs",
            Some(json!({"name": "v"})),
        )
        .await;
    assert_eq!(s, StatusCode::OK);
    let vpc_id = vpc["id"].as_str().unwrap();
    sim.call(
        Method::POST,
        "/vpc/v2/regions/pl-waw/private-networks",
        Some(json!({"name": "in-v", "vpc_id": vpc_id})),
    )
    .await;
    let (s, _, _) = sim
        .call(
            Method::DELETE,
            &format!("/vpc/v2/regions/pl-waw/vpcs/{vpc_id}"),
            None,
        )
        .await;
    assert_eq!(s, StatusCode::PRECONDITION_FAILED);
    let defaults = sim.get("/vpc/v2/regions/pl-waw/vpcs?is_default=true").await;
    assert_eq!(defaults["total_count"], 1);
    let (s, _, v) = sim
        .call(
            Method::GET,
            "/vpc/v2/regions/pl-waw/vpcs/00000000-0000-0000-0000-000000000001",
            None,
        )
        .await;
    assert_eq!(
        (s, v["resource"].as_str()),
        (StatusCode::NOT_FOUND, Some("vpc"))
    );
}

#[tokio::test]
async fn create_server_validates_its_arguments() {
    let sim = Sim::fast().await;
    let (s, _, v) = sim
        .call(
            Method::POST,
            &format!("{I}/servers"),
            Some(json!({"name": "x"})),
        )
        .await;
    assert_eq!(s, StatusCode::BAD_REQUEST);
    assert_eq!(v["details"][0]["argument_name"], "commercial_type");
    let (s, _, _) = sim
        .call(
            Method::POST,
            "/instance/v1/zones/fr-par-3/servers",
            Some(json!({"commercial_type": "L4-1-24G", "image": "ubuntu_noble"})),
        )
        .await;
    assert_eq!(s, StatusCode::BAD_REQUEST, "GPU type not sold in fr-par-3");
    let (s, _, v) = sim.call(Method::POST, &format!("{I}/servers"), Some(json!({"commercial_type": "DEV1-S", "image": "00000000-0000-0000-0000-00000000abcd"}))).await;
    assert_eq!(
        (s, v["resource"].as_str()),
        (StatusCode::NOT_FOUND, Some("instance_image"))
    );
}

#[tokio::test]
async fn authentication_is_required() {
    let sim = Sim::start(SimConfig {
        secret_key: Some("right".into()),
        ..SimConfig::fast()
    })
    .await;
    let url = format!("{}{I}/servers", sim.handle.base_url());
    for token in [None, Some("wrong")] {
        let mut req = sim.http.get(&url);
        if let Some(t) = token {
            req = req.header("X-Auth-Token", t);
        }
        let resp = req.send().await.unwrap();
        assert_eq!(resp.status(), StatusCode::UNAUTHORIZED);
        assert!(resp.headers().contains_key("x-request-id"));
        let v: Value = resp.json().await.unwrap();
        same_keys(&v, "error_401_denied_authentication.json", "");
    }
    let resp = sim
        .http
        .get(&url)
        .header("X-Auth-Token", "right")
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), StatusCode::OK);
}

#[tokio::test]
async fn faults_rate_limit_failures_and_latency() {
    let sim = Sim::start(SimConfig {
        rate_limit: 3,
        ..SimConfig::fast()
    })
    .await;
    let mut limited = 0;
    for i in 0..6 {
        let resp = sim
            .http
            .get(format!("{}{I}/images", sim.handle.base_url()))
            .header("X-Auth-Token", "t")
            .send()
            .await
            .unwrap();
        if resp.status() == StatusCode::TOO_MANY_REQUESTS {
            limited += 1;
            assert_eq!(resp.headers()["x-envoy-ratelimited"], "true");
            assert!(resp.headers().contains_key("x-request-id"));
            assert_eq!(resp.headers()["x-frame-options"], "DENY");
            assert!(resp.headers().get("content-type").is_none());
            assert!(resp.text().await.unwrap().is_empty());
        } else {
            assert_eq!(resp.status(), StatusCode::OK);
        }
        assert!(
            i >= 3 || limited == 0,
            "the first 3 requests of a window pass"
        );
    }
    // 3 unless the one-second window rolled over during the loop on a very slow machine.
    assert!(limited >= 1, "requests past the limit are refused");

    let sim = Sim::start(SimConfig {
        fail_rate: 1.0,
        ..SimConfig::fast()
    })
    .await;
    let (mut unavailable, mut dropped) = (0, 0);
    for _ in 0..20 {
        match sim
            .http
            .get(format!("{}{I}/images", sim.handle.base_url()))
            .header("X-Auth-Token", "t")
            .send()
            .await
        {
            Ok(resp) if resp.status() == StatusCode::SERVICE_UNAVAILABLE => {
                let v: Value = resp.json().await.unwrap();
                assert!(
                    v["message"]
                        .as_str()
                        .unwrap()
                        .starts_with("upstream connect error")
                );
                unavailable += 1;
            }
            Ok(resp) => {
                assert!(
                    resp.bytes().await.is_err(),
                    "a cut response must fail to read"
                );
                dropped += 1;
            }
            Err(_) => dropped += 1,
        }
    }
    assert!(
        unavailable > 0 && dropped > 0,
        "{unavailable} 503s, {dropped} drops"
    );

    let sim = Sim::start(SimConfig {
        latency: Duration::from_millis(120),
        ..SimConfig::fast()
    })
    .await;
    let start = std::time::Instant::now();
    sim.get(&format!("{I}/images")).await;
    assert!(start.elapsed() >= Duration::from_millis(120));
}

#[tokio::test]
async fn large_fleet_lists_fast_and_non_loopback_is_refused() {
    let sim = Sim::start(SimConfig {
        fleet: Some(10_000),
        ..SimConfig::fast()
    })
    .await;
    let start = std::time::Instant::now();
    let (_, h, v) = sim
        .call(
            Method::GET,
            "/instance/v1/zones/pl-waw-3/servers?per_page=100",
            None,
        )
        .await;
    assert_eq!(h["x-total-count"], "1000", "10,000 servers over ten zones");
    assert_eq!(v["servers"].as_array().unwrap().len(), 100);
    assert!(start.elapsed() < Duration::from_secs(2));
    let err = spawn(SimConfig {
        listen: "0.0.0.0:0".parse().unwrap(),
        ..SimConfig::fast()
    })
    .await
    .unwrap_err();
    assert!(err.to_string().contains("loopback"));
}

#[tokio::test]
async fn a_superseding_action_cancels_the_pending_steps() {
    let sim = Sim::fast().await;
    let (id, _) = create_server(&sim, "supersede").await;
    action(&sim, &id, "poweron").await;
    let (s, _) = action(&sim, &id, "stop_in_place").await;
    assert_eq!(
        s,
        StatusCode::ACCEPTED,
        "stop_in_place is allowed while starting"
    );
    sim.steps(3);
    assert_eq!(
        state(&sim, &id).await.0,
        "stopped in place",
        "the poweron steps must not fire"
    );
}

#[tokio::test]
async fn locality_and_paging_edges() {
    let sim = Sim::fast().await;
    let (s, _, v) = sim
        .call(Method::GET, "/instance/v1/zones/mars-1/servers", None)
        .await;
    assert_eq!(
        (s, v["type"].as_str()),
        (StatusCode::BAD_REQUEST, Some("invalid_arguments"))
    );
    let (s, _, _) = sim
        .call(Method::GET, "/vpc/v2/regions/mars/vpcs", None)
        .await;
    assert_eq!(s, StatusCode::BAD_REQUEST);
    let sg = first_sg(&sim).await;
    let page2 = sim
        .get(&format!("{I}/security_groups/{sg}/rules?page=2"))
        .await;
    assert_eq!(
        page2["rules"],
        json!([]),
        "page-until-empty clients must stop"
    );
    let empty = sim
        .get("/vpc/v2/regions/fr-par/private-networks?page=99")
        .await;
    assert_eq!(empty["private_networks"], json!([]));
    assert!(empty["total_count"].as_u64().unwrap() > 0);
}

#[tokio::test]
async fn create_with_extra_volumes_and_legacy_volume_lookups() {
    let sim = Sim::fast().await;
    let free = sim.get("/block/v1/zones/fr-par-1/volumes").await["volumes"]
        .as_array()
        .unwrap()
        .iter()
        .find(|v| v["status"] == "available")
        .unwrap()["id"]
        .as_str()
        .unwrap()
        .to_string();
    let body = json!({"commercial_type": "DEV1-S", "image": "ubuntu_noble", "volumes": {
        "0": {"volume_type": "l_ssd", "size": 20_000_000_000u64},
        "1": {"id": free, "volume_type": "sbs_volume"},
        "2": {"volume_type": "sbs_volume", "size": 30_000_000_000u64},
    }});
    let (s, _, v) = sim
        .call(Method::POST, &format!("{I}/servers"), Some(body))
        .await;
    assert_eq!(s, StatusCode::CREATED, "{v}");
    let vols = &v["server"]["volumes"];
    // A local volume entry, `export_uri: null` included (2026 recordings).
    same_shape(
        &vols["0"],
        &recorded(
            "instance_list_servers_3_gpu_scratch.json",
            "/servers/0/volumes/1",
        ),
        "an l_ssd entry",
    );
    assert_eq!(vols["1"]["id"], free.as_str());
    let id = v["server"]["id"].as_str().unwrap();
    let attached = sim
        .get(&format!(
            "/block/v1/zones/fr-par-1/volumes?product_resource_id={id}"
        ))
        .await;
    assert_eq!(attached["total_count"], 2);
    let (_, h, legacy) = sim.call(Method::GET, &format!("{I}/volumes"), None).await;
    assert_eq!(h["x-total-count"], "1");
    assert!(h["link"].to_str().unwrap().contains("per_page=100"));
    assert_eq!(legacy["volumes"][0]["volume_type"], "l_ssd");
    let (s, _, v) = sim
        .call(Method::GET, &format!("{I}/volumes/{free}"), None)
        .await;
    assert_eq!(
        (s, v["resource"].as_str()),
        (StatusCode::NOT_FOUND, Some("instance_volume"))
    );
    let (s, _, _) = sim
        .call(Method::POST, &format!("{I}/servers"), Some(json!({"commercial_type": "DEV1-S", "image": "ubuntu_noble", "volumes": {"1": {"id": free}}})))
        .await;
    assert_eq!(
        s,
        StatusCode::BAD_REQUEST,
        "a volume attached elsewhere cannot be reused"
    );
}

#[tokio::test]
async fn backup_creates_a_listed_private_image() {
    let sim = Sim::fast().await;
    let s = sim.first_server("fr-par-1", "stopped").await;
    let id = s["id"].as_str().unwrap();
    let (status, _, v) = sim
        .call(
            Method::POST,
            &format!("{I}/servers/{id}/action"),
            Some(json!({"action": "backup", "name": "nightly"})),
        )
        .await;
    assert_eq!(status, StatusCode::ACCEPTED);
    let href = v["task"]["href_result"].as_str().unwrap();
    let image = sim.get(&format!("{I}{href}")).await;
    assert_eq!(
        (
            image["image"]["name"].as_str(),
            image["image"]["public"].as_bool()
        ),
        (Some("nightly"), Some(false))
    );
    same_keys(
        &image["image"],
        "instance_get_server_running.json",
        "/server/image",
    );
    let private = sim.get(&format!("{I}/images?public=false")).await;
    assert_eq!(private["images"].as_array().unwrap().len(), 1);
}

/// The shapes issue 13 lists, each against its recording.
#[tokio::test]
async fn server_shapes_follow_their_state_recordings() {
    let sim = Sim::fast().await;
    // Stopped: no location, no IP (instance_get_server_stopped.json).
    let stopped = sim.first_server("fr-par-1", "stopped").await;
    assert_eq!(stopped["location"], Value::Null);
    same_shape(
        &stopped,
        &server_recording("instance_get_server_stopped.json"),
        "a stopped server",
    );
    let id = stopped["id"].as_str().unwrap();
    assert_eq!(
        stopped["dns"].as_str(),
        Some(format!("{id}.pub.instances.scw.cloud").as_str())
    );
    assert_eq!(stopped["admin_password_encryption_ssh_key_id"], Value::Null);

    // Created (instance_create_server.json): stopped, no location.
    let image = sim.get(&format!("{I}/images?arch=x86_64")).await["images"][0]["id"].clone();
    let (s, _, created) = sim
        .call(
            Method::POST,
            &format!("{I}/servers"),
            Some(
                json!({"name": "shape", "commercial_type": "DEV1-S", "image": image,
                        "dynamic_ip_required": false}),
            ),
        )
        .await;
    assert_eq!(s, StatusCode::CREATED);
    same_shape(
        &created["server"],
        &server_recording("instance_create_server.json"),
        "a created server",
    );
    // Allocating (instance_get_server_starting.json): still no location.
    let cid = created["server"]["id"].as_str().unwrap();
    action(&sim, cid, "poweron").await;
    let starting = sim.get(&format!("{I}/servers/{cid}")).await["server"].clone();
    assert_eq!(starting["state_detail"], "allocating node");
    same_shape(
        &starting,
        &server_recording("instance_get_server_starting.json"),
        "a server being allocated",
    );
    sim.steps(2);
    let running = sim.get(&format!("{I}/servers/{cid}")).await["server"].clone();
    assert_eq!(running["state"], "running");
    assert!(
        running["location"]["zone_id"].is_string(),
        "placed once running"
    );
}

#[tokio::test]
async fn public_ips_follow_the_recorded_states_and_families() {
    let sim = Sim::fast().await;
    // A running web server of the demo: IPv4 `pending` while booting its
    // kernel, and a routed IPv6 (instance_get_server_ipv4_ipv6.json).
    let servers = sim.get(&format!("{I}/servers?name=web-")).await;
    let web = servers["servers"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["state"] == "running")
        .unwrap()
        .clone();
    let real = server_recording("instance_get_server_ipv4_ipv6.json");
    same_shape(&web, &real, "a running server with IPv4 and IPv6");
    same_shape(
        &web["public_ips"][1],
        &real["public_ips"][1],
        "the IPv6 entry",
    );
    assert_eq!(
        (
            web["public_ips"][0]["family"].as_str(),
            web["public_ips"][0]["state"].as_str(),
            web["public_ips"][1]["family"].as_str(),
            web["public_ips"][1]["state"].as_str(),
            web["public_ips"][1]["netmask"].as_str(),
        ),
        (
            Some("inet"),
            Some("pending"),
            Some("inet6"),
            Some("attached"),
            Some("64")
        )
    );
    assert_eq!(
        web["public_ip"], web["public_ips"][0],
        "public_ip mirrors the first"
    );
    // A stopped server's IP is `attached` (instance_list_servers_1.json).
    let (id, _) = create_server(&sim, "with-ip").await;
    let v = sim.get(&format!("{I}/servers/{id}")).await;
    assert_eq!(v["server"]["public_ips"][0]["state"], "attached");
    same_shape(
        &v["server"]["public_ips"][0],
        &recorded("instance_list_servers_1.json", "/servers/0/public_ips/0"),
        "a stopped server's IP",
    );
}

#[tokio::test]
async fn a_detached_block_volume_passes_through_detaching() {
    let sim = Sim::fast().await;
    let (id, _) = create_server(&sim, "detach").await;
    let vol = sim
        .call(
            Method::POST,
            "/block/v1alpha1/zones/fr-par-1/volumes",
            Some(json!({"name": "d", "from_empty": {"size": 10_000_000_000u64}})),
        )
        .await
        .2;
    let vid = vol["id"].as_str().unwrap();
    sim.steps(1);
    let (s, _, _) = sim
        .call(
            Method::POST,
            &format!("{I}/servers/{id}/attach-volume"),
            Some(json!({"volume_id": vid, "volume_type": "sbs_volume"})),
        )
        .await;
    assert_eq!(s, StatusCode::OK);
    sim.steps(1);
    sim.call(
        Method::POST,
        &format!("{I}/servers/{id}/detach-volume"),
        Some(json!({"volume_id": vid})),
    )
    .await;
    let detaching = sim
        .get(&format!("/block/v1alpha1/zones/fr-par-1/volumes/{vid}"))
        .await;
    assert_eq!(
        (
            detaching["status"].as_str(),
            detaching["references"][0]["status"].as_str()
        ),
        (Some("in_use"), Some("detaching"))
    );
    // parent_snapshot_id is null here (an empty volume), a snapshot's id there.
    let mut real = fixture("block_get_volume_in_use_detaching.json");
    real["parent_snapshot_id"] = Value::Null;
    same_shape(&detaching, &real, "a detaching volume");
    let (s, _, _) = sim
        .call(
            Method::DELETE,
            &format!("/block/v1alpha1/zones/fr-par-1/volumes/{vid}"),
            None,
        )
        .await;
    assert_eq!(
        s,
        StatusCode::PRECONDITION_FAILED,
        "still in use while detaching"
    );
    sim.steps(1);
    let done = sim
        .get(&format!("/block/v1alpha1/zones/fr-par-1/volumes/{vid}"))
        .await;
    assert_eq!(
        (done["status"].as_str(), done["references"].clone()),
        (Some("available"), json!([]))
    );
    assert!(done["last_detached_at"].is_string(), "set once detached");
}

#[tokio::test]
async fn images_and_links_keep_the_recorded_shapes() {
    let sim = Sim::fast().await;
    let (_, h, images) = sim
        .call(
            Method::GET,
            &format!("{I}/images?public=true&arch=x86_64"),
            None,
        )
        .await;
    assert_eq!(
        h["link"], "</images?page=1&per_page=50&public=true&arch=x86_64>; rel=\"last\"",
        "Link keeps every query parameter"
    );
    let image = &images["images"][0];
    let mut real = recorded("instance_list_images_sbs_root.json", "/images/0");
    real["public"] = json!(true);
    same_shape(image, &real, "an SBS image");
    assert_eq!(
        (&image["root_volume"]["size"], &image["root_volume"]["name"]),
        (&json!(0), &json!(""))
    );
    // Every Instance list keeps its parameters in Link (NICs, legacy volumes).
    let web = sim.first_server("fr-par-1", "running").await;
    let sid = web["id"].as_str().unwrap();
    let (_, h, _) = sim
        .call(
            Method::GET,
            &format!("{I}/servers/{sid}/private_nics?per_page=10&tags=a"),
            None,
        )
        .await;
    assert_eq!(
        h["link"],
        format!("</servers/{sid}/private_nics?page=1&per_page=10&tags=a>; rel=\"last\"").as_str()
    );
    let (_, h, _) = sim
        .call(Method::GET, &format!("{I}/volumes?volume_type=l_ssd"), None)
        .await;
    assert_eq!(
        h["link"],
        "</volumes?page=0&per_page=100&volume_type=l_ssd>; rel=\"last\""
    );
    // An empty list's Link says page=0 and keeps the filters (recorded:
    // instance_list_servers_empty.json, INDEX.tsv).
    let (_, h, v) = sim
        .call(
            Method::GET,
            &format!(
                "{I}/servers?order=creation_date_desc&page=1&private_network=5eefe2f9-f3cb-46dc-80f6-f446641cc296"
            ),
            None,
        )
        .await;
    assert_eq!(v, json!({"servers": []}));
    assert_eq!(h["x-total-count"], "0");
    assert_eq!(
        h["link"],
        "</servers?page=0&per_page=50&order=creation_date_desc&private_network=5eefe2f9-f3cb-46dc-80f6-f446641cc296>; rel=\"last\""
    );
}

#[tokio::test]
async fn server_errors_are_the_recorded_bodies() {
    let sim = Sim::fast().await;
    let (s, _, v) = sim
        .call(Method::POST, &format!("{I}/servers"), Some(json!({})))
        .await;
    assert_eq!(s, StatusCode::BAD_REQUEST);
    assert_eq!(v, fixture("error_400_invalid_arguments_create_server.json"));
    let (id, _) = create_server(&sim, "pg").await;
    let (s, _, v) = sim
        .call(
            Method::PATCH,
            &format!("{I}/servers/{id}"),
            Some(json!({"placement_group": "invalid-pg-id", "name": "untouched?"})),
        )
        .await;
    assert_eq!(s, StatusCode::BAD_REQUEST);
    assert_eq!(v, fixture("error_400_invalid_arguments_update_server.json"));
    let v = sim.get(&format!("{I}/servers/{id}")).await;
    assert_eq!(v["server"]["name"], "pg", "a refused PATCH changes nothing");
    let (s, _, v) = sim
        .call(
            Method::PATCH,
            &format!("{I}/servers/{id}"),
            Some(json!({"placement_group": "5eefe2f9-f3cb-46dc-80f6-f446641cc296"})),
        )
        .await;
    assert_eq!(
        (s, v["resource"].as_str()),
        (StatusCode::NOT_FOUND, Some("instance_placement_group"))
    );
    let (s, _, _) = sim
        .call(
            Method::PATCH,
            &format!("{I}/servers/{id}"),
            Some(json!({"placement_group": null})),
        )
        .await;
    assert_eq!(s, StatusCode::OK, "no placement group is fine");
    let (s, _, v) = sim
        .call(
            Method::POST,
            &format!("{I}/servers"),
            Some(json!({"commercial_type": "DEV1-S", "image": "ubuntu_noble", "volumes": []})),
        )
        .await;
    assert_eq!(
        (s, v["details"][0]["argument_name"].as_str()),
        (StatusCode::BAD_REQUEST, Some("volumes"))
    );
}

#[tokio::test]
async fn server_patch_put_and_actions_list_as_the_api() {
    let sim = Sim::fast().await;
    let (id, _) = create_server(&sim, "edit").await;
    let url = format!("{I}/servers/{id}");
    // GET .../action lists what is allowed now (SDK listServerActions).
    let actions = sim.get(&format!("{url}/action")).await;
    assert_eq!(actions, json!({"actions": ["poweron", "backup"]}));

    // The type changes while stopped, and only to one of the same arch.
    let (s, _, v) = sim
        .call(
            Method::PATCH,
            &url,
            Some(json!({"commercial_type": "DEV1-M", "protected": true,
                        "boot_type": "rescue", "enable_ipv6": true})),
        )
        .await;
    assert_eq!(s, StatusCode::OK, "{v}");
    let srv = &v["server"];
    assert_eq!(
        (
            srv["commercial_type"].as_str(),
            srv["protected"].as_bool(),
            srv["boot_type"].as_str(),
            srv["enable_ipv6"].as_bool()
        ),
        (Some("DEV1-M"), Some(true), Some("rescue"), Some(true))
    );
    let (s, _, v) = sim
        .call(
            Method::PATCH,
            &url,
            Some(json!({"commercial_type": "COPARM1-2C-8G"})),
        )
        .await;
    assert_eq!(
        (s, v["details"][0]["argument_name"].as_str()),
        (StatusCode::BAD_REQUEST, Some("commercial_type")),
        "an arm64 type for an x86_64 server"
    );
    let (s, _, v) = sim
        .call(Method::PATCH, &url, Some(json!({"boot_type": "floppy"})))
        .await;
    assert_eq!(
        (s, v["type"].as_str()),
        (StatusCode::BAD_REQUEST, Some("invalid_arguments"))
    );
    // A protected server is neither deleted nor terminated.
    let (s, _, v) = sim.call(Method::DELETE, &url, None).await;
    assert_eq!(
        (s, v["precondition"].as_str()),
        (StatusCode::BAD_REQUEST, Some("protected_resource"))
    );
    // Running: the type cannot change any more.
    sim.call(Method::PATCH, &url, Some(json!({"protected": false})))
        .await;
    action(&sim, &id, "poweron").await;
    let (s, _, v) = sim
        .call(
            Method::PATCH,
            &url,
            Some(json!({"commercial_type": "DEV1-L"})),
        )
        .await;
    assert_eq!(
        (s, v["precondition"].as_str()),
        (StatusCode::BAD_REQUEST, Some("resource_not_usable"))
    );
    let actions = sim.get(&format!("{url}/action")).await;
    assert_eq!(actions["actions"], json!(["stop_in_place", "backup"]));

    // PUT replaces: the name is required, tags left out are cleared.
    sim.call(Method::PATCH, &url, Some(json!({"tags": ["a", "b"]})))
        .await;
    let (s, _, _) = sim.call(Method::PUT, &url, Some(json!({"tags": []}))).await;
    assert_eq!(s, StatusCode::BAD_REQUEST, "PUT without a name");
    let (s, _, v) = sim
        .call(Method::PUT, &url, Some(json!({"name": "replaced"})))
        .await;
    assert_eq!(s, StatusCode::OK, "{v}");
    assert_eq!(
        (v["server"]["name"].as_str(), v["server"]["tags"].clone()),
        (Some("replaced"), json!([]))
    );
}

#[tokio::test]
async fn security_group_put_replaces_and_default_rules_are_listed() {
    let sim = Sim::fast().await;
    let (s, _, v) = sim
        .call(
            Method::POST,
            &format!("{I}/security_groups"),
            Some(json!({"name": "put-me", "description": "d", "tags": ["x"],
                        "inbound_default_policy": "drop"})),
        )
        .await;
    assert_eq!(s, StatusCode::CREATED);
    let url = format!(
        "{I}/security_groups/{}",
        v["security_group"]["id"].as_str().unwrap()
    );
    let (s, _, v) = sim
        .call(Method::PATCH, &url, Some(json!({"name": "patched"})))
        .await;
    assert_eq!(s, StatusCode::OK);
    assert_eq!(
        (
            v["security_group"]["tags"].clone(),
            v["security_group"]["inbound_default_policy"].as_str()
        ),
        (json!(["x"]), Some("drop")),
        "a PATCH keeps what it does not name"
    );
    let (s, _, v) = sim
        .call(Method::PUT, &url, Some(json!({"name": "put"})))
        .await;
    assert_eq!(s, StatusCode::OK);
    let g = &v["security_group"];
    assert_eq!(
        (
            g["name"].as_str(),
            g["description"].clone(),
            g["tags"].clone(),
            g["inbound_default_policy"].as_str()
        ),
        (Some("put"), Value::Null, json!([]), Some("accept")),
        "a PUT replaces the group"
    );
    let rules = sim.get(&format!("{I}/security_groups/default/rules")).await;
    let rules = rules["rules"].as_array().unwrap();
    assert_eq!(rules.len(), 6);
    assert!(
        rules
            .iter()
            .all(|r| r["editable"] == false && r["action"] == "drop")
    );
    same_keys(
        &rules[0],
        "instance_list_security_group_rules.json",
        "/rules/0",
    );
}

#[tokio::test]
async fn project_filters_and_it_mil() {
    let sim = Sim::fast().await;
    let other = "0a1b2c3d-0000-4000-8000-000000000001";
    let project = scwdash::sim::PROJECT;
    for (list, key, field) in [
        (format!("{I}/servers"), "project", "servers"),
        (format!("{I}/security_groups"), "project", "security_groups"),
        (
            "/block/v1/zones/fr-par-1/volumes".to_string(),
            "project_id",
            "volumes",
        ),
        (
            "/vpc/v2/regions/fr-par/private-networks".to_string(),
            "project_id",
            "private_networks",
        ),
        (
            "/vpc/v2/regions/fr-par/vpcs".to_string(),
            "project_id",
            "vpcs",
        ),
    ] {
        let mine = sim.get(&format!("{list}?{key}={project}")).await;
        assert!(!mine[field].as_array().unwrap().is_empty(), "{list}");
        let none = sim.get(&format!("{list}?{key}={other}")).await;
        assert_eq!(none[field], json!([]), "{list}?{key}= another project");
    }
    // A resource created in another project is listed under it only.
    let (s, _, v) = sim
        .call(
            Method::POST,
            "/vpc/v2/regions/it-mil/private-networks",
            Some(json!({"name": "mil", "project_id": other})),
        )
        .await;
    assert_eq!(s, StatusCode::OK, "{v}");
    assert_eq!(
        (v["project_id"].as_str(), v["region"].as_str()),
        (Some(other), Some("it-mil"))
    );
    let mine = sim
        .get(&format!(
            "/vpc/v2/regions/it-mil/private-networks?project_id={other}"
        ))
        .await;
    assert_eq!(mine["total_count"], 1);
    let theirs = sim
        .get(&format!(
            "/vpc/v2/regions/it-mil/private-networks?project_id={project}"
        ))
        .await;
    assert_eq!(theirs["total_count"], 0);
    // it-mil-1 serves Instance and Block; it-mil serves VPC.
    for path in [
        "/instance/v1/zones/it-mil-1/servers",
        "/instance/v1/zones/it-mil-1/products/servers",
        "/block/v1/zones/it-mil-1/volumes",
        "/vpc/v2/regions/it-mil/vpcs",
    ] {
        sim.get(path).await;
    }
    let sgs = sim.get("/instance/v1/zones/it-mil-1/security_groups").await;
    assert_eq!(sgs["security_groups"][0]["zone"], "it-mil-1");
}

#[tokio::test]
async fn lost_answers_are_applied() {
    let sim = Sim::fast().await;
    sim.handle.set_faults(scwdash::sim::faults::FaultKnobs {
        lost_answer_rate: 1.0,
        ..Default::default()
    });
    let sent = sim
        .http
        .post(format!("{}{I}/security_groups", sim.handle.base_url()))
        .header("X-Auth-Token", "secret")
        .json(&json!({"name": "lost-answer"}))
        .send()
        .await;
    let lost = match sent {
        Err(_) => true,
        Ok(r) => r.bytes().await.is_err(),
    };
    assert!(lost, "the answer is cut");
    sim.handle.set_faults(Default::default());
    let sgs = sim
        .get(&format!("{I}/security_groups?name=lost-answer"))
        .await;
    assert_eq!(
        sgs["security_groups"].as_array().unwrap().len(),
        1,
        "applied although its answer was lost"
    );
}

/// The prices the dashboard's cost comes from: every server type the
/// simulator sells, in every zone, at the recorded `hourly_price` and
/// `monthly_price` (fr-par-1, Aug 2026; Scaleway's prices do not depend on
/// the zone), none missing, none invented.
#[tokio::test]
async fn server_types_cost_what_the_recordings_say() {
    let sim = Sim::fast().await;
    let mut recorded = serde_json::Map::new();
    for page in [
        "instance_list_server_types.json",
        "instance_list_server_types_page2.json",
        "instance_list_server_types_page3.json",
    ] {
        let body: Value =
            serde_json::from_str(&crate::fixtures_common::read_fixture(page)).unwrap();
        recorded.extend(body["servers"].as_object().unwrap().clone());
    }
    assert_eq!(recorded.len(), 136);
    for zone in ["fr-par-1", "nl-ams-1", "pl-waw-3"] {
        let mut served = serde_json::Map::new();
        for page in 1..=2 {
            let (status, _, v) = sim
                .call(
                    Method::GET,
                    &format!("/instance/v1/zones/{zone}/products/servers?per_page=100&page={page}"),
                    None,
                )
                .await;
            assert_eq!(status, StatusCode::OK);
            served.extend(v["servers"].as_object().unwrap().clone());
        }
        for (name, t) in &served {
            let real = recorded
                .get(name)
                .unwrap_or_else(|| panic!("{zone} sells {name}, which was never recorded"));
            for price in ["hourly_price", "monthly_price"] {
                assert_eq!(t[price], real[price], "{zone} {name} {price}");
            }
        }
        // GPU types are sold only in some zones; every other type everywhere.
        let missing: Vec<&String> = recorded
            .iter()
            .filter(|(name, t)| !served.contains_key(*name) && t["gpu"].as_u64() == Some(0))
            .map(|(name, _)| name)
            .collect();
        assert!(missing.is_empty(), "{zone} does not sell {missing:?}");
    }
}
