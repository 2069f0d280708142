//! The real `scwdash list` binary against a simulator (or a tiny stub for a
//! deterministic per-zone failure): tables, JSON, `--zone all`, stderr and
//! exit codes.

use std::path::Path;
use std::process::{Command, Output};

use axum::Router;
use axum::extract::Path as UrlPath;
use axum::http::StatusCode;
use axum::response::IntoResponse;
use axum::routing::get;
use scwdash::sim::{SimConfig, SimHandle, spawn};
use serde_json::Value;
use tokio::runtime::Runtime;

const KINDS: [&str; 7] = [
    "servers",
    "volumes",
    "security-groups",
    "private-networks",
    "vpcs",
    "server-types",
    "images",
];

fn runtime() -> Runtime {
    tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .expect("runtime")
}

fn start_sim(rt: &Runtime, cfg: SimConfig) -> SimHandle {
    rt.block_on(spawn(cfg)).expect("sim")
}

/// Runs `scwdash list ...` with a clean environment pointing at `url`.
fn scwdash(url: &str, token: Option<&str>, dir: &Path, args: &[&str]) -> Output {
    scwdash_logging_to(&dir.join("scwdash.log"), url, token, dir, args)
}

/// [`scwdash`] with `--log-file log`.
fn scwdash_logging_to(
    log: &Path,
    url: &str,
    token: Option<&str>,
    dir: &Path,
    args: &[&str],
) -> Output {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_scwdash"));
    cmd.arg("list")
        .args(args)
        .arg("--log-file")
        .arg(log)
        .env_clear()
        .env("PATH", std::env::var_os("PATH").unwrap_or_default())
        .env("HOME", dir)
        .env("XDG_CONFIG_HOME", dir.join("config"))
        .env("SCW_CONFIG_PATH", dir.join("absent.yaml"))
        .env("SCW_API_URL", url);
    if let Some(t) = token {
        cmd.env("SCW_SECRET_KEY", t);
    }
    cmd.output().expect("run scwdash")
}

fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

fn header_of(kind: &str) -> &'static [&'static str] {
    match kind {
        "servers" => &[
            "ID",
            "NAME",
            "STATE",
            "TYPE",
            "ZONE",
            "PUBLIC IP",
            "PRIVATE IP",
            "TAGS",
        ],
        "volumes" => &[
            "ID",
            "NAME",
            "STATUS",
            "SIZE (GB)",
            "IOPS",
            "SERVER",
            "ZONE",
        ],
        "security-groups" => &["ID", "NAME", "INBOUND", "OUTBOUND", "STATEFUL", "SERVERS"],
        "private-networks" => &["ID", "NAME", "SUBNETS", "VPC", "REGION"],
        "vpcs" => &["ID", "NAME", "DEFAULT", "PNS", "REGION"],
        "server-types" => &["NAME", "VCPUS", "RAM", "HOURLY", "MONTHLY", "ZONE"],
        "images" => &["ID", "NAME", "ARCH", "ZONE"],
        _ => unreachable!(),
    }
}

#[test]
fn every_kind_lists_as_table_and_json_over_all_zones() {
    let rt = runtime();
    let sim = start_sim(&rt, SimConfig::fast());
    let dir = tempfile::tempdir().expect("tmp");
    for kind in KINDS {
        let out = scwdash(
            &sim.base_url(),
            Some("k"),
            dir.path(),
            &[kind, "--zone", "all"],
        );
        let stdout = text(&out.stdout);
        assert!(out.status.success(), "{kind}: {}", text(&out.stderr));
        assert!(out.stderr.is_empty(), "{kind}: {}", text(&out.stderr));
        let lines: Vec<&str> = stdout.lines().collect();
        for col in header_of(kind) {
            assert!(lines[0].contains(col), "{kind}: header {:?}", lines[0]);
        }
        assert!(lines.len() > 1, "{kind}: no rows\n{stdout}");
        assert!(
            lines.iter().all(|l| !l.ends_with(' ')),
            "{kind}: trailing blanks"
        );

        let out = scwdash(
            &sim.base_url(),
            Some("k"),
            dir.path(),
            &[kind, "--zone", "all", "-o", "json"],
        );
        assert!(out.status.success(), "{kind}: {}", text(&out.stderr));
        let items: Vec<Value> = serde_json::from_slice(&out.stdout).expect("JSON array");
        assert_eq!(items.len(), lines.len() - 1, "{kind}: table and JSON agree");
        let key = if kind == "server-types" { "name" } else { "id" };
        assert!(items.iter().all(|i| i[key].is_string()), "{kind}: {key}");
    }
    // Logs go to the file, never to the terminal.
    assert!(dir.path().join("scwdash.log").exists());
}

/// `--log-file` is where `list` logs; one that cannot be written is said on
/// stderr (the listing still comes) rather than silently writing nothing.
#[test]
fn list_logs_where_log_file_says_and_says_when_it_cannot() {
    let rt = runtime();
    let sim = start_sim(&rt, SimConfig::fast());
    let dir = tempfile::tempdir().expect("tmp");
    let log = dir.path().join("elsewhere/list.log");
    let out = scwdash_logging_to(&log, &sim.base_url(), Some("k"), dir.path(), &["vpcs"]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(out.stderr.is_empty(), "{}", text(&out.stderr));
    let written = std::fs::read_to_string(&log).expect("the log");
    assert!(written.contains("list done"), "{written}");

    let file = dir.path().join("a-file");
    std::fs::write(&file, "").expect("a file");
    let out = scwdash_logging_to(
        &file.join("list.log"),
        &sim.base_url(),
        Some("k"),
        dir.path(),
        &["vpcs"],
    );
    assert!(out.status.success(), "{}", text(&out.stderr));
    let stderr = text(&out.stderr);
    assert!(stderr.contains("logging disabled"), "{stderr}");
    assert!(text(&out.stdout).lines().count() > 1, "still listed");
}

#[test]
fn zone_and_region_flags_narrow_the_listing() {
    let rt = runtime();
    let sim = start_sim(&rt, SimConfig::fast());
    let dir = tempfile::tempdir().expect("tmp");
    let zones_of = |args: &[&str], field: &str| -> Vec<String> {
        let out = scwdash(&sim.base_url(), Some("k"), dir.path(), args);
        assert!(out.status.success(), "{}", text(&out.stderr));
        let items: Vec<Value> = serde_json::from_slice(&out.stdout).expect("json");
        let mut z: Vec<String> = items
            .iter()
            .map(|i| i[field].as_str().unwrap_or_default().to_string())
            .collect();
        z.sort();
        z.dedup();
        z
    };
    assert_eq!(
        zones_of(&["images", "--zone", "nl-ams-1", "-o", "json"], "zone"),
        vec!["nl-ams-1"]
    );
    assert!(zones_of(&["images", "--zone", "all", "-o", "json"], "zone").len() > 1);
    assert_eq!(
        zones_of(&["vpcs", "--region", "pl-waw", "-o", "json"], "region"),
        vec!["pl-waw"]
    );
    assert_eq!(
        zones_of(&["vpcs", "--zone", "nl-ams-2", "-o", "json"], "region"),
        vec!["nl-ams"]
    );
    assert_eq!(
        zones_of(&["vpcs", "--region", "all", "-o", "json"], "region").len(),
        4,
        "VPC v2 serves four regions, it-mil included"
    );
}

#[test]
fn unknown_secret_fails_every_zone_with_exit_1() {
    let rt = runtime();
    let sim = start_sim(
        &rt,
        SimConfig {
            secret_key: Some("right".into()),
            ..SimConfig::fast()
        },
    );
    let dir = tempfile::tempdir().expect("tmp");
    let out = scwdash(
        &sim.base_url(),
        Some("wrong"),
        dir.path(),
        &["servers", "--zone", "all"],
    );
    assert_eq!(out.status.code(), Some(1));
    let stderr = text(&out.stderr);
    assert!(stderr.contains("scwdash: fr-par-1: "), "{stderr}");
    assert!(stderr.contains("scwdash: pl-waw-3: "), "{stderr}");
    assert!(!stderr.contains("wrong"), "the token leaked: {stderr}");
    // Right key: fine.
    let out = scwdash(&sim.base_url(), Some("right"), dir.path(), &["servers"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
}

#[test]
fn missing_secret_key_names_the_config_and_exits_2() {
    let dir = tempfile::tempdir().expect("tmp");
    let out = scwdash("http://127.0.0.1:9", None, dir.path(), &["servers"]);
    assert_eq!(out.status.code(), Some(2));
    let stderr = text(&out.stderr);
    assert!(stderr.contains("secret key"), "{stderr}");
    assert!(stderr.contains("absent.yaml"), "{stderr}");
    assert!(out.stdout.is_empty());
}

/// A stub API where fr-par-2 is down (503) and other zones have one server;
/// srv-fr-par-1 has a private NIC whose address IPAM gives, and IPAM is down
/// in nl-ams.
async fn stub() -> String {
    async fn servers(UrlPath(zone): UrlPath<String>) -> impl IntoResponse {
        if zone == "fr-par-2" {
            return (
                StatusCode::SERVICE_UNAVAILABLE,
                [("x-total-count", "0")],
                r#"{"message":"upstream connect error"}"#.to_string(),
            );
        }
        let body = serde_json::json!({"servers": [{
            "id": format!("11111111-1111-4111-8111-{:012}", zone.len()),
            "name": format!("srv-{zone}"), "state": "running",
            "commercial_type": "DEV1-S", "zone": zone, "tags": ["a", "b"],
            "volumes": {}, "allowed_actions": [],
            "private_nics": if zone == "fr-par-1" {
                serde_json::json!([{"id": "nic-1", "private_network_id": "pn", "server_id": "s",
                                    "mac_address": "02:00:00:00:00:01", "state": "available"}])
            } else {
                serde_json::json!([])
            }
        }]});
        (StatusCode::OK, [("x-total-count", "1")], body.to_string())
    }
    async fn ips(UrlPath(region): UrlPath<String>) -> impl IntoResponse {
        let ips = match region.as_str() {
            "nl-ams" => return (StatusCode::SERVICE_UNAVAILABLE, "{}".to_string()),
            "fr-par" => serde_json::json!([
                {"id": "ip6", "address": "fd00::5/64", "is_ipv6": true,
                 "resource": {"type": "instance_private_nic", "id": "nic-1"}},
                {"id": "ip4", "address": "10.0.0.5/22", "is_ipv6": false,
                 "resource": {"type": "instance_private_nic", "id": "nic-1"}}
            ]),
            _ => serde_json::json!([]),
        };
        let n = ips.as_array().map_or(0, Vec::len);
        (
            StatusCode::OK,
            serde_json::json!({"ips": ips, "total_count": n}).to_string(),
        )
    }
    let app = Router::new()
        .route("/instance/v1/zones/{zone}/servers", get(servers))
        .route("/ipam/v1/regions/{region}/ips", get(ips));
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let addr = listener.local_addr().expect("addr");
    tokio::spawn(async move { axum::serve(listener, app).await });
    format!("http://{addr}")
}

#[test]
fn one_failing_zone_is_reported_and_the_rest_listed() {
    let rt = runtime();
    let url = rt.block_on(stub());
    let dir = tempfile::tempdir().expect("tmp");
    let out = scwdash(&url, Some("k"), dir.path(), &["servers", "--zone", "all"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let stderr = text(&out.stderr);
    // The zone that failed, and the region whose private IPs failed (its
    // servers are still listed).
    assert_eq!(stderr.lines().count(), 2, "{stderr}");
    assert!(stderr.starts_with("scwdash: fr-par-2: "), "{stderr}");
    assert!(stderr.contains("503"), "{stderr}");
    assert!(
        stderr.contains("scwdash: nl-ams (private IPs): "),
        "{stderr}"
    );
    let stdout = text(&out.stdout);
    // The NIC's IPv4 from IPAM, not its IPv6, in the PRIVATE IP column.
    let fr_par_1 = stdout
        .lines()
        .find(|l| l.contains("srv-fr-par-1 "))
        .unwrap();
    assert!(fr_par_1.contains(" 10.0.0.5 "), "{fr_par_1}");
    assert!(!fr_par_1.contains("fd00::5"), "{fr_par_1}");
    // A header, then one server in each of the nine other zones (it-mil-1 included).
    assert_eq!(stdout.lines().count(), 1 + 9, "{stdout}");
    assert!(stdout.contains("srv-it-mil-1"));
    assert!(stdout.contains("srv-nl-ams-1"));
    assert!(stdout.contains("a,b"));
    assert!(!stdout.contains("srv-fr-par-2"));
}
