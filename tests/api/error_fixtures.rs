//! Every real recorded Scaleway error body parses into an `ApiError` whose type,
//! message and blamed fields match the JSON, and whose `Display` says something
//! a person can act on.

use crate::fixtures_common;

use fixtures_common::fixtures_dir;
use scwdash::api::ApiError;
use serde_json::Value;

/// `(file name, status)` for every error fixture listed in INDEX.tsv.
fn error_fixtures() -> Vec<(String, u16)> {
    let index = std::fs::read_to_string(fixtures_dir().join("INDEX.tsv")).expect("INDEX.tsv");
    let mut lines = index.lines();
    let header: Vec<&str> = lines.next().expect("header").split('\t').collect();
    let file_col = header
        .iter()
        .position(|c| *c == "filename")
        .expect("filename");
    let status_col = header.iter().position(|c| *c == "status").expect("status");
    lines
        .map(|l| l.split('\t').collect::<Vec<_>>())
        .filter(|cols| cols[file_col].starts_with("error_"))
        .map(|cols| {
            let status = cols[status_col].parse().expect("status is a number");
            (cols[file_col].to_string(), status)
        })
        .collect()
}

/// The fields the JSON blames, computed straight from the JSON.
fn expected_fields(json: &Value) -> Vec<String> {
    let mut out: Vec<String> = json["details"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|d| d["argument_name"].as_str().map(str::to_string))
        .collect();
    if let Some(fields) = json["fields"].as_object() {
        let mut names: Vec<String> = fields.keys().cloned().collect();
        names.sort();
        out.extend(names);
    }
    out
}

#[test]
fn every_recorded_error_body_parses() {
    let fixtures = error_fixtures();
    assert!(
        fixtures.len() >= 25,
        "only {} error fixtures",
        fixtures.len()
    );
    let dir = fixtures_dir();
    let mut json_bodies = 0;
    for (file, status) in fixtures {
        if file.ends_with(".headers.json") {
            // Headers only: the recorded answer had an empty body.
            let err = ApiError::from_body(status, b"");
            assert_eq!(err.status(), Some(status), "{file}");
            assert!(matches!(err, ApiError::Http { .. }), "{file}: {err:?}");
            assert!(!err.to_string().is_empty(), "{file}");
            continue;
        }
        json_bodies += 1;
        let bytes = std::fs::read(dir.join(&file)).expect("fixture readable");
        let json: Value = serde_json::from_slice(&bytes).expect("fixture is JSON");
        let err = ApiError::from_body(status, &bytes);
        let body = err
            .body()
            .unwrap_or_else(|| panic!("{file}: not parsed as an API error: {err:?}"));
        assert_eq!(err.status(), Some(status), "{file}");
        assert_eq!(Some(body.kind.as_str()), json["type"].as_str(), "{file}");
        assert_eq!(
            Some(body.message.as_str()),
            json["message"].as_str(),
            "{file}"
        );
        assert_eq!(
            body.resource.as_deref(),
            json["resource"].as_str(),
            "{file} resource"
        );
        assert_eq!(
            body.resource_id.as_deref(),
            json["resource_id"].as_str(),
            "{file} resource_id"
        );
        assert_eq!(
            body.help_message.as_deref(),
            json["help_message"].as_str(),
            "{file} help_message"
        );
        assert_eq!(
            body.details.len(),
            json["details"].as_array().map_or(0, Vec::len),
            "{file} details"
        );
        assert_eq!(err.fields(), expected_fields(&json), "{file} fields");

        let shown = err.to_string();
        assert!(shown.len() >= 10, "{file}: display too short: {shown:?}");
        assert!(!shown.contains('{'), "{file}: display leaks JSON: {shown}");
        // The specific part of the body must reach the user.
        for key in ["resource_id", "help_message", "current_state"] {
            if let Some(v) = json[key].as_str() {
                assert!(
                    shown.contains(v),
                    "{file}: {key} {v:?} missing in {shown:?}"
                );
            }
        }
        for name in err.fields() {
            assert!(
                shown.contains(&name),
                "{file}: field {name} missing in {shown:?}"
            );
        }
        if let Some(details) = json["details"].as_array() {
            for d in details {
                if let Some(r) = d["resource"].as_str() {
                    assert!(shown.contains(r), "{file}: {r} missing in {shown:?}");
                }
            }
        }
    }
    assert!(json_bodies >= 25);
}

fn load(file: &str, status: u16) -> ApiError {
    let bytes = std::fs::read(fixtures_dir().join(file)).expect("fixture");
    ApiError::from_body(status, &bytes)
}

#[test]
fn status_line_wording() {
    assert_eq!(
        load("error_400_invalid_arguments_detach_volume.json", 400).to_string(),
        "invalid argument volume_id: Volume 11111111-1111-1111-1111-111111111111 is not attached to this server"
    );
    assert_eq!(
        load("error_404_instance_server.json", 404).to_string(),
        "not found: instance_server 9e858e94-9b0f-4a2e-9f54-40437bd3ff05"
    );
    assert_eq!(
        load("error_400_precondition_failed_server_action.json", 400).to_string(),
        "precondition failed: server should be stopped"
    );
    assert_eq!(
        load("error_401_denied_authentication.json", 401).to_string(),
        "authentication denied (check SCW_SECRET_KEY)"
    );
    assert_eq!(
        load("error_400_legacy_invalid_request_error_fields.json", 400).to_string(),
        "invalid rules.2.dest_port_to: value must be at least 1"
    );
    assert_eq!(
        load("error_403_permissions_denied_instance.json", 403).to_string(),
        "permission denied: read on compute_ips (check the API key's IAM policies)"
    );
    assert_eq!(
        load("error_409_transient_state_gateway.json", 409).to_string(),
        "busy: gateway ec175d39-169d-42e1-9d4a-3c40c9d3eade is configuring, try again shortly"
    );
    assert_eq!(
        load("error_404_legacy_unknown_resource.json", 404).to_string(),
        "not found: fafb9217-6399-45d9-9016-60c766f3f0db"
    );
    assert_eq!(
        load("error_403_legacy_quota_instance_ips.json", 403).to_string(),
        "quota exceeded: ips (Quota exceeded for this resource.)"
    );
    assert!(
        load("error_403_quotas_exceeded_with_scope.json", 403)
            .to_string()
            .contains("rdb_instances (using 5 of 2) in project 63a66ec9")
    );
    assert_eq!(
        ApiError::from_body(429, b"").to_string(),
        "rate limited by the API (429)"
    );
}

#[test]
fn fields_name_the_form_inputs() {
    let err = load("error_400_invalid_arguments_create_server.json", 400);
    assert_eq!(err.fields(), ["commercial_type", "image", "volumes"]);
    let messages = err.field_messages();
    assert_eq!(
        messages[1],
        ("image".into(), "required key not provided".into())
    );
    assert!(!err.is_retryable());

    let legacy = load("error_400_legacy_invalid_request_error_fields.json", 400);
    assert_eq!(legacy.fields(), ["rules.2.dest_port_to"]);

    let not_found = load("error_404_block_volume.json", 404);
    assert!(not_found.fields().is_empty());
    assert!(not_found.is_not_found());
}

#[test]
fn retryability_follows_the_status() {
    assert!(!load("error_503_out_of_stock.json", 503).is_retryable());
    assert!(!load("error_500_instance_server_error.json", 500).is_retryable());
    assert!(!load("error_412_precondition_failed_block_volume_size.json", 412).is_retryable());
    assert!(ApiError::from_body(503, b"upstream request timeout").is_retryable());
    assert!(ApiError::from_body(502, b"").is_retryable());
    assert!(ApiError::from_body(504, b"").is_retryable());
}
