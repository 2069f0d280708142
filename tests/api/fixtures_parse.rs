//! Every recorded 2xx response body in `shared/fixtures/scaleway/real` must parse
//! into its typed model, and what the model keeps must equal the recording.

use crate::fixtures_common;

use std::collections::BTreeSet;

use fixtures_common::read_fixture;

use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::Value;

use scwdash::api::models::*;

/// Rows of INDEX.tsv with a 2xx status that are deliberately not modelled.
const OUT_OF_SCOPE: &[&str] = &[
    // FYI only: Terraform's newer Instance v2alpha1 NIC API, which scwdash does not use.
    "instance_v2alpha1_get_private_network_interface.json",
];

/// Recorded keys the models ignore on purpose; any other key a model drops is a
/// misnamed or missing field and fails the test.
const IGNORED_KEYS: &[&str] = &[
    // Server: legacy boot script, undocumented fields absent from the SDK.
    "bootscript",
    "extra_networks",
    "dns",
    // Server volume: legacy NBD export, always null.
    "export_uri",
];

/// A key the model writes but the recording lacks is fine only if it holds the
/// default the model filled in.
fn is_default_like(v: &Value) -> bool {
    match v {
        Value::Null => true,
        Value::Bool(b) => !b,
        Value::String(s) => s.is_empty(),
        Value::Array(a) => a.is_empty(),
        Value::Object(o) => o.is_empty(),
        Value::Number(n) => n.as_f64() == Some(0.0),
    }
}

/// A path with array indices and map keys (`"0"`, `"DEV1-S"`) replaced by `*`, so
/// that dropped keys are reported once per shape.
fn shape_of(path: &str) -> String {
    path.split('.')
        .map(|seg| {
            let seg = seg.split('[').next().unwrap_or(seg);
            let is_field = seg.bytes().all(|b| b.is_ascii_lowercase() || b == b'_');
            if is_field || seg == "$" { seg } else { "*" }
        })
        .collect::<Vec<_>>()
        .join(".")
}

/// Checks that every value the model re-serialises equals the recorded one, so a
/// misnamed field or a mangled enum cannot pass silently.
fn assert_subset(
    model: &Value,
    recorded: &Value,
    path: &str,
    dropped: &mut BTreeSet<String>,
) -> Result<(), String> {
    match (model, recorded) {
        (Value::Object(m), Value::Object(r)) => {
            for key in r.keys().filter(|k| !m.contains_key(*k)) {
                dropped.insert(format!("{}.{key}", shape_of(path)));
            }
            for (key, mv) in m {
                let sub = format!("{path}.{key}");
                match r.get(key) {
                    Some(rv) => assert_subset(mv, rv, &sub, dropped)?,
                    None if is_default_like(mv) => {}
                    None => return Err(format!("{sub}: model has {mv}, recording has no key")),
                }
            }
            Ok(())
        }
        (Value::Array(m), Value::Array(r)) => {
            if m.len() != r.len() {
                return Err(format!("{path}: {} items vs {} recorded", m.len(), r.len()));
            }
            for (i, (mv, rv)) in m.iter().zip(r).enumerate() {
                assert_subset(mv, rv, &format!("{path}[{i}]"), dropped)?;
            }
            Ok(())
        }
        (Value::Number(m), Value::Number(r)) if m.as_f64() == r.as_f64() => Ok(()),
        (m, r) if m == r => Ok(()),
        (m, r) => Err(format!("{path}: model has {m}, recording has {r}")),
    }
}

/// Parses `body` as `T` and checks, through the re-serialised model, that every
/// recorded key is kept (bar `IGNORED_KEYS`) with the recorded value, and that a
/// second parse gives the same model.
fn check<T>(body: &str) -> Result<(), String>
where
    T: DeserializeOwned + Serialize + PartialEq + std::fmt::Debug,
{
    let model: T = serde_json::from_str(body).map_err(|e| format!("parse: {e}"))?;
    let recorded: Value = serde_json::from_str(body).map_err(|e| format!("json: {e}"))?;
    let written = serde_json::to_value(&model).map_err(|e| format!("serialise: {e}"))?;
    let mut dropped = BTreeSet::new();
    assert_subset(&written, &recorded, "$", &mut dropped)?;
    for path in dropped {
        let key = path.rsplit('.').next().unwrap_or(&path);
        if !IGNORED_KEYS.contains(&key) {
            return Err(format!("{path}: recorded key not kept by the model"));
        }
    }
    let again: T = serde_json::from_value(written).map_err(|e| format!("reparse: {e}"))?;
    if again != model {
        return Err("model changed after a serialise/parse round trip".into());
    }
    Ok(())
}

type Checker = fn(&str) -> Result<(), String>;

/// The model for a recorded response, by (method, path template, status).
fn checker_for(method: &str, template: &str, status: u16) -> Option<Checker> {
    const I: &str = "/instance/v1/zones/{zone}";
    let route = template.strip_prefix(I).map(|rest| ("instance", rest));
    let route = route.or_else(|| {
        template
            .strip_prefix("/block/v1alpha1/zones/{zone}")
            .or_else(|| template.strip_prefix("/block/v1/zones/{zone}"))
            .map(|rest| ("block", rest))
    });
    let route = route.or_else(|| {
        template
            .strip_prefix("/vpc/v2/regions/{region}")
            .map(|rest| ("vpc", rest))
    });
    let (api, rest) = route?;
    let checker: Checker = match (api, method, rest, status) {
        ("instance", "GET", "/servers", 200) => check::<ServersList>,
        ("instance", "POST", "/servers", 201) => check::<ServerResponse>,
        ("instance", "GET" | "PATCH", "/servers/{server_id}", 200) => check::<ServerResponse>,
        ("instance", "POST", "/servers/{server_id}/action", 202) => check::<TaskResponse>,
        (
            "instance",
            "POST",
            "/servers/{server_id}/attach-volume" | "/servers/{server_id}/detach-volume",
            200,
        ) => check::<ServerResponse>,
        ("instance", "GET", "/products/servers", 200) => check::<ServerTypesPage>,
        ("instance", "GET", "/products/servers/availability", 200) => {
            check::<ServerTypesAvailability>
        }
        ("instance", "GET", "/images", 200) => check::<ImagesList>,
        ("instance", "GET", "/security_groups", 200) => check::<SecurityGroupsList>,
        ("instance", "POST", "/security_groups", 201) => check::<SecurityGroupResponse>,
        ("instance", "GET" | "PATCH" | "PUT", "/security_groups/{security_group_id}", 200) => {
            check::<SecurityGroupResponse>
        }
        ("instance", "GET" | "PUT", "/security_groups/{security_group_id}/rules", 200) => {
            check::<RulesList>
        }
        ("instance", "POST", "/security_groups/{security_group_id}/rules", 201) => {
            check::<RuleResponse>
        }
        (
            "instance",
            "GET" | "PATCH" | "PUT",
            "/security_groups/{security_group_id}/rules/{rule_id}",
            200,
        ) => check::<RuleResponse>,
        ("instance", "GET", "/servers/{server_id}/private_nics", 200) => check::<PrivateNicsList>,
        ("instance", "POST", "/servers/{server_id}/private_nics", 201) => {
            check::<PrivateNicResponse>
        }
        (
            "instance",
            "GET" | "PATCH",
            "/servers/{server_id}/private_nics/{private_nic_id}",
            200,
        ) => check::<PrivateNicResponse>,
        ("block", "GET", "/volumes", 200) => check::<BlockVolumesList>,
        ("block", "POST", "/volumes", 200) => check::<Volume>,
        ("block", "GET" | "PATCH", "/volumes/{volume_id}", 200) => check::<Volume>,
        ("vpc", "GET", "/private-networks", 200) => check::<PrivateNetworksList>,
        ("vpc", "POST", "/private-networks", 200) => check::<PrivateNetwork>,
        ("vpc", "GET" | "PATCH", "/private-networks/{private_network_id}", 200) => {
            check::<PrivateNetwork>
        }
        ("vpc", "GET", "/vpcs", 200) => check::<VpcsList>,
        ("vpc", "POST", "/vpcs", 200) => check::<Vpc>,
        ("vpc", "GET" | "PATCH", "/vpcs/{vpc_id}", 200) => check::<Vpc>,
        _ => return None,
    };
    Some(checker)
}

#[test]
fn every_recorded_success_body_parses_into_its_model() {
    let index = read_fixture("INDEX.tsv");
    let mut lines = index.lines();
    let header: Vec<&str> = lines
        .next()
        .expect("INDEX.tsv is empty")
        .split('\t')
        .collect();
    assert_eq!(
        header[..4],
        ["filename", "method", "url_path_template", "status"],
        "INDEX.tsv columns changed"
    );

    let (mut parsed, mut errors_skipped, mut headers_skipped) = (0, 0, 0);
    let mut out_of_scope_seen = BTreeSet::new();
    let mut failures = Vec::new();
    for line in lines.filter(|l| !l.trim().is_empty()) {
        let cols: Vec<&str> = line.split('\t').collect();
        let (file, method, template) = (cols[0], cols[1], cols[2]);
        let status: u16 = cols[3]
            .parse()
            .unwrap_or_else(|_| panic!("{file}: bad status {}", cols[3]));
        if file.ends_with(".headers.json") {
            headers_skipped += 1;
            continue;
        }
        if status >= 400 {
            // Error bodies belong to the ApiError parser, tested elsewhere.
            errors_skipped += 1;
            continue;
        }
        if OUT_OF_SCOPE.contains(&file) {
            out_of_scope_seen.insert(file);
            continue;
        }
        match checker_for(method, template, status) {
            Some(check) => match check(&read_fixture(file)) {
                Ok(()) => parsed += 1,
                Err(e) => failures.push(format!("{file}: {e}")),
            },
            None => failures.push(format!(
                "{file}: no model for {method} {template} {status} (add one or list it in OUT_OF_SCOPE)"
            )),
        }
    }

    assert!(
        failures.is_empty(),
        "fixtures failed:\n{}",
        failures.join("\n")
    );
    let expected: BTreeSet<&str> = OUT_OF_SCOPE.iter().copied().collect();
    assert_eq!(
        out_of_scope_seen, expected,
        "OUT_OF_SCOPE lists a file INDEX.tsv lacks"
    );
    assert!(parsed >= 80, "only {parsed} success bodies parsed");
    assert!(errors_skipped > 0 && headers_skipped > 0);
    eprintln!(
        "parsed {parsed} bodies; skipped {errors_skipped} error bodies, {headers_skipped} header-only rows"
    );
}

#[test]
fn server_types_arrive_as_three_pages_of_a_map() {
    let pages: Vec<ServerTypesPage> = [
        "instance_list_server_types.json",
        "instance_list_server_types_page2.json",
        "instance_list_server_types_page3.json",
    ]
    .iter()
    .map(|f| serde_json::from_str(&read_fixture(f)).expect(f))
    .collect();
    let sizes: Vec<usize> = pages.iter().map(|p| p.servers.len()).collect();
    assert_eq!(sizes, [50, 50, 36]);

    let all = ServerTypesPage::merge(pages);
    assert_eq!(all.servers.len(), 136, "X-Total-Count of the recording");
    let dev1s = &all.servers["DEV1-S"];
    assert_eq!(dev1s.ncpus, 2);
    assert_eq!(dev1s.arch, Arch::X86_64);
    assert_eq!(dev1s.max_private_nics(), Some(8));
    assert!(dev1s.hourly_price > 0.0);
    assert!(all.servers.values().any(|t| t.arch == Arch::Arm64));
    assert!(all.servers.values().any(|t| t.gpu_info.is_some()));
}

#[test]
fn stopped_in_place_server_is_parsed_with_its_actions() {
    let body = read_fixture("instance_get_server_stopped_in_place.json");
    let server = serde_json::from_str::<ServerResponse>(&body)
        .expect("parse")
        .server;
    assert_eq!(server.state, ServerState::StoppedInPlace);
    assert!(!server.state.is_transitional());
    assert!(server.allows(&ServerAction::Poweron));
    assert!(server.allows(&ServerAction::Terminate));
    assert!(!server.allows(&ServerAction::StopInPlace));
}

#[test]
fn sbs_entries_of_a_server_have_no_name_or_size() {
    let body = read_fixture("instance_get_server_local_and_sbs_volumes.json");
    let server = serde_json::from_str::<ServerResponse>(&body)
        .expect("parse")
        .server;
    let sbs: Vec<&ServerVolume> = server.volumes.values().filter(|v| v.is_sbs()).collect();
    assert_eq!(sbs.len(), 2);
    assert!(sbs.iter().all(|v| v.name.is_none() && v.size.is_none()));
    let root = server.root_volume().expect("slot 0");
    assert_eq!(root.volume_type, VolumeServerType::LSsd);
    assert_eq!(root.size, Some(20_000_000_000));
}

#[test]
fn attached_block_volume_names_its_server() {
    let body = read_fixture("block_get_volume_in_use.json");
    let volume: Volume = serde_json::from_str(&body).expect("parse");
    let raw: Value = serde_json::from_str(&body).expect("json");
    assert_eq!(volume.status, VolumeStatus::InUse);
    assert_eq!(
        volume.attached_server_id(),
        raw["references"][0]["product_resource_id"].as_str()
    );
    assert!(volume.iops_class().is_some());
}

#[test]
fn private_network_subnets_are_objects_with_v4_and_v6() {
    let body = read_fixture("vpc_get_private_network.json");
    let pn: PrivateNetwork = serde_json::from_str(&body).expect("parse");
    assert_eq!(pn.subnets.len(), 2);
    let v4 = pn.ipv4_subnet().expect("ipv4 subnet");
    assert!(pn.subnets.iter().any(|s| s.subnet == v4.to_string()));
    assert!(pn.ipv6_subnet().is_some());
}

#[test]
fn actions_since_mid_2026_return_a_fake_task() {
    let fake: TaskResponse = serde_json::from_str(&read_fixture(
        "instance_server_action_reboot_fake_task.json",
    ))
    .expect("parse");
    assert!(fake.task.is_fake());
    let real: TaskResponse =
        serde_json::from_str(&read_fixture("instance_server_action_backup.json")).expect("parse");
    assert!(!real.task.is_fake());
    assert!(real.task.href_result.expect("href").starts_with("/images/"));
}

/// Every recorded server and Block volume also parses into the dashboard's
/// summary, and the summary says the same as the full model on every field
/// they share (a summary is a view, never a second opinion).
#[test]
fn summaries_agree_with_the_full_models_on_every_recording() {
    let index = read_fixture("INDEX.tsv");
    let (mut servers, mut volumes) = (0, 0);
    for line in index.lines().skip(1).filter(|l| !l.trim().is_empty()) {
        let cols: Vec<&str> = line.split('\t').collect();
        let (file, method, template, status) = (cols[0], cols[1], cols[2], cols[3]);
        if file.ends_with(".headers.json") || !status.starts_with('2') {
            continue;
        }
        let body: Value = serde_json::from_str(&read_fixture(file)).unwrap();
        let server_bodies: Vec<&Value> = match (method, template) {
            ("GET", t) if t.ends_with("/zones/{zone}/servers") => {
                body["servers"].as_array().unwrap().iter().collect()
            }
            (_, t)
                if t.contains("/servers") && body.get("server").is_some_and(Value::is_object) =>
            {
                vec![&body["server"]]
            }
            _ => vec![],
        };
        for v in server_bodies {
            let full: Server = serde_json::from_value(v.clone()).unwrap();
            let sum: ServerSummary = serde_json::from_value(v.clone())
                .unwrap_or_else(|e| panic!("{file}: summary: {e}"));
            assert_eq!(
                (sum.id.as_str(), sum.name.as_str()),
                (full.id.as_str(), full.name.as_str()),
                "{file}"
            );
            assert_eq!(sum.state, full.state, "{file}");
            assert_eq!(sum.zone, full.zone, "{file}");
            assert_eq!(sum.commercial_type, full.commercial_type, "{file}");
            assert_eq!(sum.public_address(), full.public_address(), "{file}");
            assert_eq!(sum.public_addresses(), full.public_addresses(), "{file}");
            assert_eq!(
                sum.allowed_actions,
                full.allowed_actions
                    .iter()
                    .cloned()
                    .collect::<AllowedActions>(),
                "{file}"
            );
            let slots = |s: &[(&str, &str)]| {
                s.iter()
                    .map(|(k, id)| format!("{k}={id}"))
                    .collect::<Vec<_>>()
            };
            let full_slots: Vec<(&str, &str)> = full
                .volumes_in_order()
                .iter()
                .map(|(k, v)| (*k, v.id.as_str()))
                .collect();
            let sum_slots: Vec<(&str, &str)> = sum
                .volumes_in_order()
                .map(|(k, v)| (k, v.id.as_str()))
                .collect();
            assert_eq!(slots(&sum_slots), slots(&full_slots), "{file}");
            assert_eq!(
                sum.private_network_ids(),
                full.private_network_ids(),
                "{file}"
            );
            assert_eq!(
                sum.image.as_ref().map(|i| i.name.to_string()),
                full.image.as_ref().map(|i| i.name.clone()),
                "{file}"
            );
            assert_eq!(
                sum.security_group.as_ref().map(|g| g.id.to_string()),
                full.security_group.as_ref().map(|g| g.id.clone()),
                "{file}"
            );
            servers += 1;
        }
        let volume_bodies: Vec<&Value> = match (method, template) {
            ("GET", t) if t.starts_with("/block/") && t.ends_with("/zones/{zone}/volumes") => {
                body["volumes"].as_array().unwrap().iter().collect()
            }
            (_, t) if t.starts_with("/block/") && t.ends_with("/volumes/{volume_id}") => {
                vec![&body]
            }
            ("POST", t) if t.starts_with("/block/") && t.ends_with("/volumes") => vec![&body],
            _ => vec![],
        };
        for v in volume_bodies {
            let full: Volume = serde_json::from_value(v.clone()).unwrap();
            let sum: VolumeSummary = serde_json::from_value(v.clone())
                .unwrap_or_else(|e| panic!("{file}: summary: {e}"));
            assert_eq!(
                (sum.id.as_str(), sum.size, &sum.status),
                (full.id.as_str(), full.size, &full.status),
                "{file}"
            );
            assert_eq!(
                sum.attached_server_id(),
                full.attached_server_id(),
                "{file}"
            );
            assert_eq!(sum.iops_class(), full.iops_class(), "{file}");
            assert_eq!(sum.zone, full.zone, "{file}");
            volumes += 1;
        }
    }
    assert!(
        servers >= 10 && volumes >= 5,
        "only {servers} servers and {volumes} volumes"
    );
}
