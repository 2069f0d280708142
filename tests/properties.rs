//! Property tests: whatever arrives from the API, a config file, the keyboard or
//! a refresh, the parsers and the table model answer `Ok` or `Err` and never
//! panic, and what they accept keeps the invariants the rest of the app relies on.
//!
//! One file, one test binary, to keep link time down. The case count is
//! proptest's (256 unless `PROPTEST_CASES` says otherwise); the slower
//! properties (files on disk, the `config` crate) run a quarter of it.

#[path = "common/fixtures.rs"]
mod fixtures_common;

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::net::IpAddr;
use std::path::Path;
use std::sync::{Arc, OnceLock};

use crossterm::event::{KeyCode, KeyModifiers};
use ipnet::IpNet;
use proptest::prelude::*;
use proptest::sample::select;
use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::Value;

use fixtures_common::fixtures_dir;
use scwdash::api::error::ApiError;
use scwdash::api::models::*;
use scwdash::api::{Region, Zone, ZoneScope};
use scwdash::app::form::{Form, FormOutcome};
use scwdash::app::rule_editor::{RuleDraft, RuleEditor, build_draft, rule_form};
use scwdash::app::table::{Column, RowRef, SortKey, TableModel, TableRow};
use scwdash::app::validate;
use scwdash::keymap::{Context, Key, KeyMap, parse_key};
use scwdash::profile::ConnectionFlags;
use scwdash::profile::ScwProfile;
use scwdash::settings::DashboardSettings;

// ---------------------------------------------------------------------------
// Shared helpers
// ---------------------------------------------------------------------------

/// Config for the properties that touch the disk or the `config` crate.
fn slow() -> ProptestConfig {
    let base = ProptestConfig::default();
    ProptestConfig {
        cases: (base.cases / 4).max(1),
        ..base
    }
}

/// A recorded body with its name and HTTP status.
struct Fixture {
    name: String,
    status: u16,
    body: Value,
}

/// Every recorded JSON body of INDEX.tsv (header-only rows skipped).
fn fixtures() -> &'static [Fixture] {
    static ALL: OnceLock<Vec<Fixture>> = OnceLock::new();
    ALL.get_or_init(|| {
        let dir = fixtures_dir();
        let index = std::fs::read_to_string(dir.join("INDEX.tsv")).expect("INDEX.tsv");
        let mut out = Vec::new();
        for line in index.lines().skip(1).filter(|l| !l.trim().is_empty()) {
            let cols: Vec<&str> = line.split('\t').collect();
            if cols[0].ends_with(".headers.json") {
                continue;
            }
            let text = std::fs::read_to_string(dir.join(cols[0])).expect(cols[0]);
            let Ok(body) = serde_json::from_str(&text) else {
                continue;
            };
            out.push(Fixture {
                name: cols[0].to_string(),
                status: cols[3].parse().expect("status"),
                body,
            });
        }
        assert!(out.len() > 80, "only {} fixtures", out.len());
        out
    })
}

fn success_fixtures() -> Vec<&'static Fixture> {
    fixtures().iter().filter(|f| f.status < 400).collect()
}

fn error_fixtures() -> Vec<&'static Fixture> {
    let errors: Vec<_> = fixtures().iter().filter(|f| f.status >= 400).collect();
    assert!(!errors.is_empty(), "no recorded error bodies");
    errors
}

/// Every object key of the recordings, so generated objects hit real fields.
fn fixture_keys() -> Vec<String> {
    fn walk(v: &Value, out: &mut BTreeSet<String>) {
        match v {
            Value::Object(m) => {
                for (k, v) in m {
                    out.insert(k.clone());
                    walk(v, out);
                }
            }
            Value::Array(a) => a.iter().for_each(|v| walk(v, out)),
            _ => {}
        }
    }
    let mut keys = BTreeSet::new();
    fixtures().iter().for_each(|f| walk(&f.body, &mut keys));
    keys.into_iter().collect()
}

/// Strings that stress parsers: empty, whitespace, unicode, control characters,
/// lookalikes of real values.
fn nasty_string() -> impl Strategy<Value = String> {
    prop_oneof![
        ".*",
        "[ \\t\\n]*",
        "\\PC{0,12}",
        select(vec![
            "",
            " ",
            "\0",
            "\u{feff}",
            "é",
            "日本",
            "🦀",
            "-1",
            "0",
            "1e400",
            "NaN",
            "null",
            "true",
            "running",
            "fr-par-1",
            "sbs_5k",
            "TCP",
            "0.0.0.0/0",
            "::/0",
            "::1/128",
        ])
        .prop_map(str::to_string),
    ]
}

/// Arbitrary JSON: leaves of every type (huge and negative numbers included),
/// nested arrays and objects whose keys are mostly real API field names.
fn arb_json() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(Value::from),
        any::<u64>().prop_map(Value::from),
        any::<f64>().prop_filter_map("finite", |f| serde_json::Number::from_f64(f)
            .map(Value::Number)),
        nasty_string().prop_map(Value::String),
    ];
    let keys = fixture_keys();
    leaf.prop_recursive(5, 96, 8, move |inner| {
        let key = prop_oneof![3 => select(keys.clone()), 1 => ".{0,8}"];
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..6).prop_map(Value::Array),
            prop::collection::vec((key, inner), 0..10)
                .prop_map(|kv| Value::Object(kv.into_iter().collect())),
        ]
    })
}

// ---------------------------------------------------------------------------
// 1. Models
// ---------------------------------------------------------------------------

/// Parses `body` as `T`; on success checks that the model re-serialises and
/// parses back to itself, exercises its helper methods, and returns what it wrote.
fn parse_as<T>(body: &[u8]) -> Option<Value>
where
    T: DeserializeOwned + Serialize + PartialEq + std::fmt::Debug + Exercise,
{
    let model: T = serde_json::from_slice(body).ok()?;
    model.exercise();
    let written = serde_json::to_vec(&model).expect("a parsed model serialises");
    let again: T = serde_json::from_slice(&written).unwrap_or_else(|e| {
        panic!(
            "{} does not re-parse its own output: {e}",
            std::any::type_name::<T>()
        )
    });
    assert_eq!(
        again,
        model,
        "{} changed in a round trip",
        std::any::type_name::<T>()
    );
    Some(serde_json::from_slice(&written).expect("json"))
}

/// Calls the model's derived helpers, so a panic in them shows up too.
trait Exercise {
    fn exercise(&self) {}
}

fn exercise_server(s: &Server) {
    let _ = (s.public_address(), s.public_addresses(), s.root_volume());
    let _ = (
        s.volumes_in_order(),
        s.private_network_ids(),
        s.has_volume("x"),
    );
    let _ = (s.state.is_transitional(), s.state.is_settled());
    for a in ServerAction::KNOWN {
        let _ = (s.allows(a), a.is_destructive());
    }
    s.volumes.values().for_each(|v| {
        let _ = v.is_sbs();
    });
}

fn exercise_rule(r: &SecurityGroupRule) {
    let _ = (r.ports(), r.is_editable(), r.protocol.has_ports());
    let _ = RuleDraft::from(r).ports();
    let _ = RuleTemplate::from(r);
}

fn exercise_volume(v: &Volume) {
    let _ = (
        v.attached_server_id(),
        v.iops_class(),
        v.status.is_transitional(),
    );
}

fn exercise_pn(p: &PrivateNetwork) {
    let _ = (p.ipv4_subnet(), p.ipv6_subnet());
}

impl Exercise for ServersList {
    fn exercise(&self) {
        self.servers.iter().for_each(exercise_server);
    }
}
impl Exercise for ServerResponse {
    fn exercise(&self) {
        exercise_server(&self.server);
    }
}
impl Exercise for ServerTypesPage {
    fn exercise(&self) {
        for t in self.servers.values() {
            let _ = (t.monthly_cost(), t.max_private_nics());
            let _ = (t.supports_block_storage(), t.supports_sbs_15k());
        }
        let _ = ServerTypesPage::merge([self.clone(), self.clone()]);
    }
}
impl Exercise for ServerTypesAvailability {}
impl Exercise for ImagesList {
    fn exercise(&self) {
        self.images.iter().for_each(|i| {
            let _ = i.root_size();
        });
    }
}
impl Exercise for ImageResponse {}
impl Exercise for SecurityGroupsList {}
impl Exercise for SecurityGroupResponse {}
impl Exercise for RulesList {
    fn exercise(&self) {
        self.rules.iter().for_each(exercise_rule);
        let _ = RuleEditor::new(Zone::FrPar1, "sg", "group", &self.rules).request();
    }
}
impl Exercise for RuleResponse {
    fn exercise(&self) {
        exercise_rule(&self.rule);
    }
}
impl Exercise for PrivateNicsList {
    fn exercise(&self) {
        self.private_nics.iter().for_each(|n| {
            let _ = n.state.is_transitional();
        });
    }
}
impl Exercise for PrivateNicResponse {}
impl Exercise for BlockVolumesList {
    fn exercise(&self) {
        self.volumes.iter().for_each(exercise_volume);
    }
}
impl Exercise for Volume {
    fn exercise(&self) {
        exercise_volume(self);
    }
}
impl Exercise for PrivateNetworksList {
    fn exercise(&self) {
        self.private_networks.iter().for_each(exercise_pn);
    }
}
impl Exercise for PrivateNetwork {
    fn exercise(&self) {
        exercise_pn(self);
    }
}
impl Exercise for VpcsList {}
impl Exercise for Vpc {}
impl Exercise for TaskResponse {
    fn exercise(&self) {
        let _ = self.task.is_fake();
    }
}

type Parser = fn(&[u8]) -> Option<Value>;

/// Every response wrapper the client parses.
const MODELS: &[(&str, Parser)] = &[
    ("ServersList", parse_as::<ServersList>),
    ("ServerResponse", parse_as::<ServerResponse>),
    ("ServerTypesPage", parse_as::<ServerTypesPage>),
    (
        "ServerTypesAvailability",
        parse_as::<ServerTypesAvailability>,
    ),
    ("ImagesList", parse_as::<ImagesList>),
    ("ImageResponse", parse_as::<ImageResponse>),
    ("SecurityGroupsList", parse_as::<SecurityGroupsList>),
    ("SecurityGroupResponse", parse_as::<SecurityGroupResponse>),
    ("RulesList", parse_as::<RulesList>),
    ("RuleResponse", parse_as::<RuleResponse>),
    ("PrivateNicsList", parse_as::<PrivateNicsList>),
    ("PrivateNicResponse", parse_as::<PrivateNicResponse>),
    ("BlockVolumesList", parse_as::<BlockVolumesList>),
    ("Volume", parse_as::<Volume>),
    ("PrivateNetworksList", parse_as::<PrivateNetworksList>),
    ("PrivateNetwork", parse_as::<PrivateNetwork>),
    ("VpcsList", parse_as::<VpcsList>),
    ("Vpc", parse_as::<Vpc>),
    ("TaskResponse", parse_as::<TaskResponse>),
];

/// One step of a JSON path.
#[derive(Debug, Clone, PartialEq)]
enum Seg {
    Key(String),
    Idx(usize),
}

fn paths(v: &Value, prefix: &mut Vec<Seg>, out: &mut Vec<Vec<Seg>>) {
    match v {
        Value::Object(m) => {
            for (k, child) in m {
                prefix.push(Seg::Key(k.clone()));
                out.push(prefix.clone());
                paths(child, prefix, out);
                prefix.pop();
            }
        }
        Value::Array(a) => {
            for (i, child) in a.iter().enumerate() {
                prefix.push(Seg::Idx(i));
                out.push(prefix.clone());
                paths(child, prefix, out);
                prefix.pop();
            }
        }
        _ => {}
    }
}

fn get<'a>(v: &'a Value, path: &[Seg]) -> Option<&'a Value> {
    path.iter().try_fold(v, |v, seg| match seg {
        Seg::Key(k) => v.get(k),
        Seg::Idx(i) => v.get(i),
    })
}

fn get_mut<'a>(v: &'a mut Value, path: &[Seg]) -> Option<&'a mut Value> {
    path.iter().try_fold(v, |v, seg| match seg {
        Seg::Key(k) => v.get_mut(k),
        Seg::Idx(i) => v.get_mut(i),
    })
}

/// What to do to one node of a recorded body.
#[derive(Debug, Clone)]
enum Mutation {
    Drop,
    Replace(Value),
    /// A string the API might invent tomorrow (a new state, type, action...).
    UnknownString(String),
}

fn arb_mutation() -> impl Strategy<Value = Mutation> {
    let wrong = prop_oneof![
        Just(Value::Null),
        Just(Value::Bool(true)),
        Just(Value::from(u64::MAX)),
        Just(Value::from(i64::MIN)),
        Just(Value::from(-1)),
        Just(Value::from(1e308)),
        Just(Value::from(0.5)),
        Just(Value::from("")),
        Just(Value::from("not-a-value")),
        Just(Value::Array(vec![])),
        Just(Value::Object(Default::default())),
        Just(serde_json::json!([null, 1, "x"])),
        Just(serde_json::json!({"x": null})),
    ];
    prop_oneof![
        1 => Just(Mutation::Drop),
        3 => wrong.prop_map(Mutation::Replace),
        1 => arb_json().prop_map(Mutation::Replace),
        2 => "[a-z_]{1,10}".prop_map(|s| Mutation::UnknownString(format!("zz_{s}"))),
    ]
}

/// Applies `m` at the node `pick` selects; returns the path it touched.
fn mutate(body: &mut Value, pick: prop::sample::Index, m: &Mutation) -> Option<Vec<Seg>> {
    let mut all = Vec::new();
    paths(body, &mut Vec::new(), &mut all);
    if matches!(m, Mutation::UnknownString(_)) {
        // A new enum value replaces a string, which is where enums live.
        all.retain(|p| get(body, p).is_some_and(Value::is_string));
    }
    if all.is_empty() {
        return None;
    }
    let path = all[pick.index(all.len())].clone();
    let (last, parent) = path.split_last()?;
    match m {
        Mutation::Drop => match (get_mut(body, parent)?, last) {
            (Value::Object(o), Seg::Key(k)) => {
                o.shift_remove(k);
            }
            (Value::Array(a), Seg::Idx(i)) => {
                a.remove(*i);
            }
            _ => {}
        },
        Mutation::Replace(v) => *get_mut(body, &path)? = v.clone(),
        Mutation::UnknownString(s) => *get_mut(body, &path)? = Value::String(s.clone()),
    }
    Some(path)
}

/// Every model's output for every unmutated success fixture (`None`: no parse).
fn baseline() -> &'static Vec<Vec<Option<Value>>> {
    static BASE: OnceLock<Vec<Vec<Option<Value>>>> = OnceLock::new();
    BASE.get_or_init(|| {
        success_fixtures()
            .iter()
            .map(|f| {
                let bytes = serde_json::to_vec(&f.body).expect("json");
                MODELS.iter().map(|(_, parse)| parse(&bytes)).collect()
            })
            .collect()
    })
}

proptest! {
    #[test]
    fn arbitrary_json_never_panics_any_model(v in arb_json()) {
        let bytes = serde_json::to_vec(&v).expect("json");
        for (_, parse) in MODELS {
            let _ = parse(&bytes);
        }
        // The same value wrapped under each list key, so nested models get it.
        for key in ["servers", "server", "images", "rules", "rule", "volumes", "private_networks",
                    "vpcs", "task", "private_nics", "security_groups", "security_group"] {
            let wrapped = serde_json::to_vec(&serde_json::json!({ key: v.clone() })).expect("json");
            for (_, parse) in MODELS {
                let _ = parse(&wrapped);
            }
        }
    }

    #[test]
    fn arbitrary_bytes_never_panic_any_model(bytes in prop::collection::vec(any::<u8>(), 0..256)) {
        for (_, parse) in MODELS {
            let _ = parse(&bytes);
        }
    }

    /// Drop a key, put null / a wrong type / a huge number / an unknown enum
    /// string anywhere in a real body: every model answers Ok or Err, and a model
    /// that kept the original string at that place keeps the unknown one verbatim.
    #[test]
    fn mutated_recordings_parse_or_fail_cleanly(
        which in any::<prop::sample::Index>(),
        edits in prop::collection::vec((any::<prop::sample::Index>(), arb_mutation()), 1..4),
    ) {
        let fixtures = success_fixtures();
        let i = which.index(fixtures.len());
        let mut body = fixtures[i].body.clone();
        let mut touched = Vec::new();
        for (pick, m) in &edits {
            if let Some(path) = mutate(&mut body, *pick, m) {
                touched.push((path, m.clone()));
            }
        }
        let bytes = serde_json::to_vec(&body).expect("json");
        // Only a single edit has a predictable effect on what the model keeps.
        let single = match touched.as_slice() {
            [(path, Mutation::UnknownString(s))] => Some((path, s)),
            _ => None,
        };
        for (m, (name, parse)) in MODELS.iter().enumerate() {
            let Some(out) = parse(&bytes) else { continue };
            let Some((path, new)) = single else { continue };
            let kept_before = baseline()[i][m]
                .as_ref()
                .and_then(|b| get(b, path))
                .zip(get(&fixtures[i].body, path))
                .is_some_and(|(model, recorded)| model.is_string() && model == recorded);
            if kept_before {
                prop_assert_eq!(
                    get(&out, path),
                    Some(&Value::String(new.clone())),
                    "{} in {}: unknown string at {:?} not kept",
                    name, &fixtures[i].name, path
                );
            }
        }
    }

    /// Unknown enum values are kept as `Unknown(s)` and written back unchanged.
    #[test]
    fn unknown_enum_strings_round_trip(s in nasty_string()) {
        fn check<T>(s: &str) -> Result<(), TestCaseError>
        where
            T: DeserializeOwned + Serialize + PartialEq + std::fmt::Debug + From<String>,
        {
            let json = serde_json::to_string(s).expect("json");
            let parsed: T = serde_json::from_str(&json).expect("a string always parses");
            prop_assert_eq!(&parsed, &T::from(s.to_string()));
            prop_assert_eq!(serde_json::to_string(&parsed).expect("json"), json);
            Ok(())
        }
        check::<ServerState>(&s)?;
        check::<ServerAction>(&s)?;
        check::<VolumeStatus>(&s)?;
        check::<BlockVolumeType>(&s)?;
        check::<RuleProtocol>(&s)?;
        check::<RuleDirection>(&s)?;
        check::<RuleAction>(&s)?;
        check::<PrivateNicState>(&s)?;
        check::<TaskStatus>(&s)?;
        check::<VolumeServerType>(&s)?;
        check::<ImageState>(&s)?;
        let p = ServerState::from(s.as_str());
        prop_assert_eq!(p.is_known(), ServerState::KNOWN.contains(&p));
        if !p.is_known() {
            prop_assert_eq!(p, ServerState::Unknown(s.as_str().into()));
        }
    }
}

// ---------------------------------------------------------------------------
// 2. Error bodies
// ---------------------------------------------------------------------------

fn check_api_error(status: u16, body: &[u8]) -> Result<(), TestCaseError> {
    let err = ApiError::from_body(status, body);
    let shown = err.to_string();
    prop_assert!(!shown.trim().is_empty(), "empty Display for {:?}", err);
    prop_assert_eq!(err.status(), Some(status));
    let fields = err.fields();
    let pairs = err.field_messages();
    prop_assert_eq!(fields.len(), pairs.len());
    prop_assert!(fields.iter().zip(&pairs).all(|(f, (g, _))| f == g));
    if err.body().is_none() {
        prop_assert!(fields.is_empty());
        prop_assert_eq!(err.kind(), None);
    }
    if let Some(kind) = err.kind() {
        prop_assert!(!kind.is_empty());
    }
    let _ = (
        err.is_retryable(),
        err.is_not_found(),
        err.is_rate_limited(),
    );
    prop_assert_eq!(err.is_not_found(), status == 404);
    Ok(())
}

proptest! {
    #[test]
    fn error_bodies_of_any_bytes(status in any::<u16>(), body in prop::collection::vec(any::<u8>(), 0..512)) {
        check_api_error(status, &body)?;
    }

    #[test]
    fn error_bodies_of_any_json(status in any::<u16>(), v in arb_json()) {
        check_api_error(status, &serde_json::to_vec(&v).expect("json"))?;
    }

    #[test]
    fn mutated_recorded_error_bodies(
        status in prop_oneof![Just(400u16), Just(404), Just(409), Just(429), Just(500), Just(503), any::<u16>()],
        which in any::<prop::sample::Index>(),
        edits in prop::collection::vec((any::<prop::sample::Index>(), arb_mutation()), 0..4),
    ) {
        let errors = error_fixtures();
        let recorded = errors[which.index(errors.len())];
        let mut body = recorded.body.clone();
        for (pick, m) in &edits {
            mutate(&mut body, *pick, m);
        }
        check_api_error(status, &serde_json::to_vec(&body).expect("json"))?;
        if edits.is_empty() {
            // Unmutated, a recorded error body is always understood.
            let err = ApiError::from_body(recorded.status, &serde_json::to_vec(&body).expect("json"));
            prop_assert!(err.body().is_some(), "{} not parsed: {}", &recorded.name, err);
        }
    }
}

// ---------------------------------------------------------------------------
// 3. Config files
// ---------------------------------------------------------------------------

/// A secret key value the generated scw configs use, to check it never leaks.
const SECRET: &str = "11111111-2222-3333-4444-555555555555";

/// Text shaped like an scw config: real keys at the top and in profiles, odd
/// values, and now and then a line of junk or a whole junk file.
fn yamlish() -> impl Strategy<Value = String> {
    let key = select(vec![
        "access_key",
        "secret_key",
        "api_url",
        "insecure",
        "default_organization_id",
        "default_project_id",
        "default_region",
        "default_zone",
        "send_telemetry",
        "active_profile",
        "profiles",
        "x",
    ]);
    let value = prop_oneof![
        3 => select(vec![
            "", "fr-par-1", "FR-PAR-2", "nl-ams", "all", "mars-1", "true", "no", "~", "null",
            "[]", "{}", "[a, b]", "{a: 1}", "SCWXXXXXXXXXXXXXXXXX", "https://x", "https://x/",
            "'unterminated", "\"q\"", "&anchor v", "*anchor", "!!binary aGk=", "1e999", "-1",
            "0x10", "prod", "dev", "nope", SECRET,
        ])
        .prop_map(str::to_string),
        1 => "\\PC{0,10}",
    ];
    let kv = (key, value).prop_map(|(k, v)| format!("{k}: {v}"));
    let profile = (
        select(vec!["prod", "default", "dev", "x y", "\"q\"", "''"]),
        prop::collection::vec(kv.clone(), 0..4),
    )
        .prop_map(|(name, kvs)| {
            let body: Vec<String> = kvs.iter().map(|l| format!("    {l}")).collect();
            format!("  {name}:\n{}", body.join("\n"))
        });
    let doc = (
        prop::collection::vec(kv, 0..6),
        proptest::option::of(prop::collection::vec(profile, 0..3)),
        proptest::option::of((any::<prop::sample::Index>(), "\\PC{0,12}")),
    )
        .prop_map(|(mut lines, profiles, junk)| {
            if let Some(profiles) = profiles {
                lines.push("profiles:".to_string());
                lines.extend(profiles);
            }
            if let Some((at, junk)) = junk {
                lines.insert(at.index(lines.len() + 1), junk);
            }
            lines.join("\n")
        });
    prop_oneof![6 => doc, 1 => ".*"]
}

/// Text shaped like config.toml: real sections, actions, roles and columns,
/// odd values, and now and then a line of junk or a whole junk file.
fn tomlish() -> impl Strategy<Value = String> {
    let num = select(vec![
        "1", "0", "-5", "nan", "inf", "1e400", "2.5", "\"5\"", "0.001",
    ]);
    let top = (select(vec!["refresh", "fast_refresh", "nope"]), num)
        .prop_map(|(k, v)| format!("{k} = {v}"));
    let key_value = select(vec![
        "\"q\"",
        "[\"q\", \"ctrl-c\"]",
        "[]",
        "[\"\"]",
        "\" \"",
        "\"up\"",
        "\"f25\"",
        "1",
        "[\"ctrl-\"]",
        "\"shift-tab\"",
        "{a = 1}",
    ]);
    let keys = prop::collection::vec(
        (
            select(vec!["quit", "help", "down", "refresh", "sort_next", "nope"]),
            key_value,
        )
            .prop_map(|(k, v)| format!("{k} = {v}")),
        0..4,
    )
    .prop_map(|l| format!("[keys]\n{}", l.join("\n")));
    let colour = select(vec![
        "\"red\"",
        "\"#12345\"",
        "\"#ff00ff\"",
        "\"208\"",
        "\"999\"",
        "\"\"",
        "1",
        "\"LightBlue\"",
    ]);
    let theme = prop::collection::vec(
        (
            select(vec!["running", "error", "accent", "muted", "nope"]),
            colour,
        )
            .prop_map(|(k, v)| format!("{k} = {v}")),
        0..4,
    )
    .prop_map(|l| format!("[theme]\n{}", l.join("\n")));
    let cols = select(vec![
        "[]",
        "[\"name\"]",
        "[\"name\", \"name\"]",
        "[\"name\", \"state\"]",
        "[\"nope\"]",
        "\"name\"",
    ]);
    let columns = prop::collection::vec(
        (
            select(vec![
                "servers",
                "volumes",
                "security_groups",
                "vpcs",
                "nope",
            ]),
            cols,
        )
            .prop_map(|(k, v)| format!("{k} = {v}")),
        0..3,
    )
    .prop_map(|l| format!("[columns]\n{}", l.join("\n")));
    let doc = (
        prop::collection::vec(top, 0..3),
        proptest::option::of(keys),
        proptest::option::of(theme),
        proptest::option::of(columns),
        proptest::option::of((any::<prop::sample::Index>(), "\\PC{0,12}")),
    )
        .prop_map(|(mut lines, keys, theme, columns, junk)| {
            lines.extend(keys);
            lines.extend(theme);
            lines.extend(columns);
            if let Some((at, junk)) = junk {
                lines.insert(at.index(lines.len() + 1), junk);
            }
            lines.join("\n")
        });
    prop_oneof![6 => doc, 1 => ".*"]
}

/// An error for a file must be one line and name the file.
fn check_config_error(shown: &str, path: &Path) -> Result<(), TestCaseError> {
    prop_assert!(!shown.contains('\n'), "multi-line error: {}", shown);
    prop_assert!(
        shown.contains(&path.display().to_string()),
        "error does not name the file: {}",
        shown
    );
    Ok(())
}

proptest! {
    #![proptest_config(slow())]

    #[test]
    fn scw_config_files_load_or_fail_in_one_line(text in yamlish(), profile in proptest::option::of(select(vec!["prod", "default", "nope"]))) {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("config.yaml");
        std::fs::write(&path, &text).expect("write");
        let flags = ConnectionFlags {
            config: Some(path.clone()),
            profile: profile.map(str::to_string),
            ..ConnectionFlags::default()
        };
        let env = |_: &str| None::<String>;
        // The secret must not leak where it is the secret key (elsewhere, as a
        // zone or URL, it is just a bad or odd value and is shown as such).
        let only_as_secret = text.matches(SECRET).count()
            == text.matches(&format!("secret_key: {SECRET}")).count();
        match ScwProfile::load_with(&flags, &env) {
            Ok(p) => {
                prop_assert_eq!(p.config_file.as_deref(), Some(path.as_path()));
                if only_as_secret {
                    prop_assert!(!format!("{p:?}").contains(SECRET), "secret in Debug output");
                }
            }
            Err(e) => {
                let shown = e.to_string();
                check_config_error(&shown, &path)?;
                if only_as_secret {
                    prop_assert!(!shown.contains(SECRET), "secret in error: {}", shown);
                }
            }
        }
    }

    #[test]
    fn dashboard_settings_parse_or_fail_in_one_line(text in tomlish()) {
        let path = Path::new("/tmp/scwdash-props/config.toml");
        match DashboardSettings::from_toml(path, &text) {
            Ok(s) => {
                prop_assert!(s.refresh.is_finite() && s.refresh > 0.0);
                prop_assert!(s.fast_refresh.is_finite() && s.fast_refresh > 0.0);
                // The key map takes the file's [keys] as they are: Ok or Err.
                let keys: HashMap<String, Vec<String>> =
                    s.keys.iter().map(|(a, k)| (a.clone(), k.0.clone())).collect();
                let _ = KeyMap::default().with_overrides(&keys);
            }
            Err(e) => check_config_error(&e.to_string(), path)?,
        }
    }
}

// ---------------------------------------------------------------------------
// 4. Validators and the rule form
// ---------------------------------------------------------------------------

/// Strings near what users type in numeric and network fields.
fn fieldish() -> impl Strategy<Value = String> {
    prop_oneof![
        nasty_string(),
        "[0-9]{0,7}",
        " ?-?[0-9]{1,25} ?",
        "[0-9]{1,3}(\\.[0-9]{1,3}){0,4}(/[0-9]{1,3})?",
        "[0-9a-fA-F:]{0,20}(/[0-9]{1,3})?",
        "(5|15)[kK]",
        "[a-z ,]{0,20}",
        any::<u32>().prop_map(|n| n.to_string()),
        any::<IpAddr>().prop_map(|a| a.to_string()),
        (any::<IpAddr>(), 0u8..140).prop_map(|(a, p)| format!("{a}/{p}")),
    ]
}

fn protocol() -> impl Strategy<Value = RuleProtocol> {
    prop_oneof![
        select(RuleProtocol::KNOWN.to_vec()),
        "[A-Za-z]{0,5}".prop_map(RuleProtocol::from),
    ]
}

/// The port and range invariants the API relies on.
fn check_rule_shape(
    protocol: &RuleProtocol,
    ip_range: &str,
    from: Option<u32>,
    to: Option<u32>,
) -> Result<(), TestCaseError> {
    check_ip_range(ip_range)?;
    if !protocol.has_ports() {
        prop_assert_eq!((from, to), (None, None), "{} carries ports", protocol);
    }
    match (from, to) {
        (None, None) => {}
        (Some(a), None) => prop_assert!((1..=65_535).contains(&a)),
        (Some(a), Some(b)) => prop_assert!(1 <= a && a < b && b <= 65_535, "{}-{}", a, b),
        (None, Some(b)) => prop_assert!(false, "upper port {} without a lower one", b),
    }
    Ok(())
}

fn check_ip_range(out: &str) -> Result<(), TestCaseError> {
    match out.parse::<IpAddr>() {
        Ok(addr) => prop_assert_eq!(addr.to_string(), out),
        Err(_) => {
            let net: IpNet = out
                .parse()
                .map_err(|_| TestCaseError::fail(format!("{out:?} is not an IP range")))?;
            prop_assert!(
                net.prefix_len() < net.max_prefix_len(),
                "{} should be a bare address",
                out
            );
            prop_assert_eq!(net.to_string(), out);
        }
    }
    Ok(())
}

proptest! {
    #[test]
    fn text_validators_never_panic(s in nasty_string()) {
        if let Ok(n) = validate::name(&s) {
            prop_assert!(!n.is_empty() && n.chars().count() <= validate::NAME_MAX);
            prop_assert_eq!(n.trim(), n.as_str());
        }
        if let Ok(Some(d)) = validate::description(&s) {
            prop_assert!(!d.is_empty() && d.chars().count() <= validate::DESCRIPTION_MAX);
        }
        if let Ok(tags) = validate::tags(&s) {
            prop_assert!(tags.len() <= validate::TAGS_MAX);
            let unique: BTreeSet<&String> = tags.iter().collect();
            prop_assert_eq!(unique.len(), tags.len());
            prop_assert!(tags.iter().all(|t| !t.is_empty() && !t.contains(',') && t.chars().count() <= validate::TAG_MAX));
        }
    }

    #[test]
    fn number_validators_accept_only_their_range(s in fieldish(), current in any::<u64>()) {
        if let Ok(n) = validate::size_gb(&s) {
            prop_assert!(validate::BLOCK_SIZE_GB.contains(&n));
        }
        if let Ok(n) = validate::grown_size_gb(&s, current) {
            prop_assert!(n >= current && validate::BLOCK_SIZE_GB.contains(&n));
        }
        if let Ok(n) = validate::iops(&s) {
            prop_assert!(validate::IOPS_CLASSES.contains(&n));
        }
        if let Ok(p) = validate::port(&s) {
            prop_assert!((1..=65_535).contains(&p));
        }
    }

    #[test]
    fn rule_ports_keep_their_invariants(p in protocol(), from in fieldish(), to in fieldish()) {
        if let Ok((a, b)) = validate::rule_ports(&p, &from, &to) {
            check_rule_shape(&p, "0.0.0.0/0", a, b)?;
        }
    }

    #[test]
    fn ip_ranges_parse_and_normalise(s in fieldish()) {
        if let Ok(out) = validate::ip_range(&s) {
            check_ip_range(&out)?;
        }
    }

    #[test]
    fn full_length_prefixes_become_bare_addresses(addr in any::<IpAddr>()) {
        let full = if addr.is_ipv4() { 32 } else { 128 };
        prop_assert_eq!(validate::ip_range(&format!(" {addr}/{full} ")), Ok(addr.to_string()));
        prop_assert_eq!(validate::ip_range(&addr.to_string()), Ok(addr.to_string()));
    }

    #[test]
    fn subnets_are_private_networks(s in fieldish(), t in fieldish()) {
        if let Ok(net) = validate::subnet(&s) {
            prop_assert_eq!(net.network(), net.addr());
            match net {
                IpNet::V4(v4) => prop_assert!(validate::SUBNET_V4_PREFIX.contains(&v4.prefix_len())),
                IpNet::V6(v6) => prop_assert_eq!(v6.prefix_len(), validate::SUBNET_V6_PREFIX),
            }
        }
        if let Ok(Some(list)) = validate::subnets(&format!("{s},{t}")) {
            let nets: Vec<IpNet> = list.iter().map(|n| n.parse().expect("a listed subnet parses")).collect();
            for (i, a) in nets.iter().enumerate() {
                for b in &nets[i + 1..] {
                    prop_assert!(!a.contains(b) && !b.contains(a), "{} overlaps {}", a, b);
                }
            }
        }
    }
}

/// Keys a user may press in a form.
fn form_key() -> impl Strategy<Value = Key> {
    prop_oneof![
        4 => any::<char>().prop_map(Key::char),
        4 => select(vec!['0', '1', '2', '5', '6', '.', '/', ':', 'a', 'f', ' ', '-']).prop_map(Key::char),
        2 => select(vec![
            KeyCode::Backspace, KeyCode::Delete, KeyCode::Left, KeyCode::Right, KeyCode::Home,
            KeyCode::End, KeyCode::Tab, KeyCode::BackTab, KeyCode::Up, KeyCode::Down, KeyCode::Enter,
        ]).prop_map(Key::plain),
        1 => select(vec!['a', 'e', 'u', 'k', 'w', 'h']).prop_map(Key::ctrl),
    ]
}

fn arb_draft() -> impl Strategy<Value = RuleDraft> {
    (
        protocol(),
        fieldish(),
        proptest::option::of(0u32..70_000),
        proptest::option::of(0u32..70_000),
    )
        .prop_map(
            |(protocol, ip_range, dest_port_from, dest_port_to)| RuleDraft {
                protocol,
                direction: RuleDirection::Inbound,
                action: RuleAction::Accept,
                ip_range,
                dest_port_from,
                dest_port_to,
            },
        )
}

fn arb_rule() -> impl Strategy<Value = SecurityGroupRule> {
    (
        arb_draft(),
        any::<u32>(),
        proptest::option::of(any::<bool>()),
        "[a-z0-9]{1,4}",
    )
        .prop_map(|(d, position, editable, id)| SecurityGroupRule {
            id,
            protocol: d.protocol,
            direction: d.direction,
            action: d.action,
            ip_range: d.ip_range,
            dest_ip_range: None,
            dest_port_from: d.dest_port_from,
            dest_port_to: d.dest_port_to,
            position,
            editable,
            zone: "fr-par-1".into(),
        })
}

proptest! {
    /// Whatever is typed or pasted into the rule sub-form, a submitted rule has
    /// valid ports and a parsable, normalised range.
    #[test]
    fn rule_form_submits_only_valid_rules(
        draft in proptest::option::of(arb_draft()),
        keys in prop::collection::vec(form_key(), 0..40),
        paste in proptest::option::of((0usize..40, fieldish())),
    ) {
        let mut form = rule_form("Rule", draft.as_ref());
        for (i, key) in keys.iter().enumerate() {
            if let Some((at, text)) = &paste
                && *at == i
            {
                form.paste(text);
            }
            let input = form.input(&KeyMap::default(), *key);
            if let Some(input) = input
                && let FormOutcome::Submit(d) = form.handle_with(input, build_draft)
            {
                check_rule_shape(&d.protocol, &d.ip_range, d.dest_port_from, d.dest_port_to)?;
            }
        }
        if let Ok(d) = build_draft(&form) {
            check_rule_shape(&d.protocol, &d.ip_range, d.dest_port_from, d.dest_port_to)?;
        }
    }

    /// The rule editor, fed any rules and any keys, keeps its cursor on a row.
    #[test]
    fn rule_editor_never_panics(
        rules in prop::collection::vec(arb_rule(), 0..6),
        keys in prop::collection::vec(
            prop_oneof![
                3 => select(vec!['a', 'e', 'd', 'K', 'J', 'k', 'j', 's', 'y', 'n']).prop_map(Key::char),
                3 => form_key(),
                1 => Just(Key::plain(KeyCode::Esc)),
                1 => Just(Key::new(KeyCode::Up, KeyModifiers::SHIFT)),
            ],
            0..50,
        ),
    ) {
        let mut editor = RuleEditor::new(Zone::NlAms1, "sg", "web", &rules);
        for key in keys {
            let _ = editor.handle_key(&KeyMap::default(), key);
            let _ = (editor.changes(), editor.removed(), editor.has_changes());
            prop_assert!(editor.cursor < editor.rows.len().max(1));
        }
        for rule in editor.request().rules {
            if rule.editable != Some(false) {
                let _ = (rule.ip_range, rule.dest_port_from, rule.dest_port_to);
            }
        }
    }
}

// ---------------------------------------------------------------------------
// 5. Key map
// ---------------------------------------------------------------------------

fn keyish() -> impl Strategy<Value = String> {
    prop_oneof![
        nasty_string(),
        (
            prop::collection::vec(
                select(vec![
                    "ctrl-", "Ctrl-", "control-", "alt-", "shift-", "SHIFT-"
                ]),
                0..3
            ),
            prop_oneof![
                select(vec![
                    "enter", "esc", "tab", "backtab", "bs", "del", "ins", "home", "end", "pgup",
                    "PgDn", "up", "down", "left", "right", "space", "minus", "f0", "f1", "f12",
                    "f24", "f25", "f256", "F5", "↑", "↓", "←", "→", "-", "ß",
                ])
                .prop_map(str::to_string),
                any::<char>().prop_map(String::from),
            ],
        )
            .prop_map(|(mods, k)| format!("{}{k}", mods.concat())),
    ]
}

proptest! {
    #[test]
    fn parsed_keys_print_back_to_themselves(name in keyish()) {
        if let Ok(key) = parse_key(&name) {
            let printed = key.to_string();
            prop_assert!(!printed.is_empty());
            prop_assert_eq!(parse_key(&printed), Ok(key), "{:?} printed as {:?}", name, printed);
        }
    }

    #[test]
    fn overrides_never_panic_and_keep_keys_unique(
        overrides in prop::collection::hash_map(
            prop_oneof![
                select(vec![
                    "quit", "refresh", "help", "down", "up", "filter", "json.down", "list.quit",
                    "form.submit", "rules.apply", "nope", "list.nope", ".", "a.b.c",
                ]).prop_map(str::to_string),
                ".{0,10}",
            ],
            prop::collection::vec(keyish(), 0..4),
            0..5,
        ),
    ) {
        let overrides: HashMap<String, Vec<String>> = overrides;
        let base = KeyMap::default();
        let unique_before: Vec<bool> = Context::ALL.iter().map(|&c| keys_unique(&base, c)).collect();
        if let Ok(map) = base.clone().with_overrides(&overrides) {
            let _ = map.help();
            for (ctx, was_unique) in Context::ALL.into_iter().zip(unique_before) {
                if was_unique {
                    prop_assert!(keys_unique(&map, ctx), "a key means two things in {:?}", ctx);
                }
                for binding in map.bindings(ctx) {
                    for key in &binding.keys {
                        let _ = map.lookup(ctx, *key);
                    }
                    let _ = map.keys_for(ctx, binding.command);
                }
            }
        }
    }
}

fn keys_unique(map: &KeyMap, ctx: Context) -> bool {
    let mut seen = BTreeSet::new();
    map.bindings(ctx).iter().all(|b| {
        let mine: BTreeSet<String> = b.keys.iter().map(|k| format!("{k:?}")).collect();
        mine.into_iter().all(|k| seen.insert(k))
    })
}

// ---------------------------------------------------------------------------
// 6. Localities
// ---------------------------------------------------------------------------

fn localityish() -> impl Strategy<Value = String> {
    let known: Vec<String> = Zone::ALL
        .iter()
        .map(|z| z.to_string())
        .chain(Region::ALL.iter().map(|r| r.to_string()))
        .chain(["all".to_string(), "ALL".to_string()])
        .collect();
    prop_oneof![
        nasty_string(),
        (select(known), " ?", " ?", any::<bool>()).prop_map(|(k, a, b, upper)| {
            let k = if upper { k.to_uppercase() } else { k };
            format!("{a}{k}{b}")
        }),
        "[a-z]{2}-[a-z]{3}(-[0-9]{1,2})?",
    ]
}

proptest! {
    #[test]
    fn localities_parse_or_fail_and_round_trip(s in localityish()) {
        if let Ok(z) = s.parse::<Zone>() {
            prop_assert_eq!(z.to_string(), s.trim().to_ascii_lowercase());
            prop_assert_eq!(z.to_string().parse::<Zone>(), Ok(z));
            prop_assert_eq!(z.region().to_string().parse::<Region>(), Ok(z.region()));
        }
        if let Ok(r) = s.parse::<Region>() {
            prop_assert_eq!(r.to_string().parse::<Region>(), Ok(r));
        }
        match s.parse::<ZoneScope>() {
            Ok(scope) => prop_assert_eq!(scope.to_string().parse::<ZoneScope>(), Ok(scope)),
            Err(e) => prop_assert!(!e.to_string().is_empty()),
        }
        let _ = s.parse::<scwdash::api::RegionScope>();
        let json = serde_json::to_string(&s).expect("json");
        prop_assert_eq!(serde_json::from_str::<Zone>(&json).ok(), s.parse::<Zone>().ok());
    }
}

// ---------------------------------------------------------------------------
// 7. Table model
// ---------------------------------------------------------------------------

/// A row whose cells depend only on its id, so a refresh keeps filter results.
struct Row(String);

impl TableRow for Row {
    fn id(&self) -> &str {
        &self.0
    }
    fn name(&self) -> std::borrow::Cow<'_, str> {
        self.cell("name")
    }
    fn cell(&self, column: &str) -> std::borrow::Cow<'_, str> {
        let n: usize = self.0.bytes().map(usize::from).sum();
        match column {
            "name" => format!("{}-{}", ["web", "DB", "cache", "Élan"][n % 4], self.0).into(),
            "size" if n % 5 == 0 => "".into(),
            "size" => (n % 7).to_string().into(),
            _ => "".into(),
        }
    }
    fn sort_key(&self, column: &str) -> SortKey {
        match column {
            "size" => self
                .cell("size")
                .parse()
                .map_or(SortKey::Missing, SortKey::Number),
            _ => SortKey::Text(self.cell(column).to_lowercase()),
        }
    }
}

#[derive(Debug, Clone)]
enum Op {
    SetRows(Vec<u8>),
    Clear,
    Push(char),
    Pop,
    CycleSort,
    Reverse,
    MoveBy(isize),
    PageBy(isize),
    Top,
    Bottom,
    SetPage(usize),
    Select(u8),
}

fn op() -> impl Strategy<Value = Op> {
    prop_oneof![
        3 => prop::collection::vec(0u8..24, 0..16).prop_map(Op::SetRows),
        1 => Just(Op::Clear),
        2 => select(vec!['w', 'e', 'b', 'd', '1', '-', 'É', 'é', 'x']).prop_map(Op::Push),
        2 => Just(Op::Pop),
        1 => Just(Op::CycleSort),
        1 => Just(Op::Reverse),
        3 => prop_oneof![-3isize..4, Just(isize::MIN), Just(isize::MAX)].prop_map(Op::MoveBy),
        1 => prop_oneof![-2isize..3, Just(isize::MIN), Just(isize::MAX)].prop_map(Op::PageBy),
        1 => Just(Op::Top),
        1 => Just(Op::Bottom),
        1 => (0usize..8).prop_map(Op::SetPage),
        2 => (0u8..24).prop_map(Op::Select),
    ]
}

fn rows_of(ids: &[u8]) -> Vec<RowRef> {
    let unique: BTreeSet<u8> = ids.iter().copied().collect();
    // Keep the API's order (first occurrence), without duplicate ids.
    let mut seen = BTreeSet::new();
    let ordered: Vec<u8> = ids.iter().copied().filter(|i| seen.insert(*i)).collect();
    debug_assert_eq!(ordered.len(), unique.len());
    ordered
        .into_iter()
        .map(|i| Arc::new(Row(format!("r{i}"))) as RowRef)
        .collect()
}

fn check_table(t: &TableModel) -> Result<(), TestCaseError> {
    let shown = t.shown();
    prop_assert!(shown <= t.total());
    if shown == 0 {
        prop_assert_eq!(t.cursor(), 0);
        prop_assert!(t.selected().is_none());
        prop_assert_eq!(t.selected_id(), None);
    } else {
        prop_assert!(t.cursor() < shown, "cursor {} of {}", t.cursor(), shown);
        let selected = t.selected().map(|r| r.id().to_string());
        prop_assert_eq!(selected.as_deref(), t.selected_id());
        prop_assert!(t.offset() <= t.cursor() && t.cursor() < t.offset() + t.page());
    }
    prop_assert_eq!(
        t.window(t.offset(), t.page()).count(),
        t.page().min(shown - t.offset().min(shown))
    );
    let needle = t.filter().to_lowercase();
    let passes = |r: &RowRef| {
        ["name", "size"]
            .iter()
            .any(|c| r.cell(c).to_lowercase().contains(&needle))
    };
    let shown_ids: BTreeSet<String> = t
        .window(0, usize::MAX)
        .map(|r| r.id().to_string())
        .collect();
    for r in t.rows() {
        prop_assert_eq!(
            shown_ids.contains(r.id()),
            passes(r),
            "filter {:?} on {}",
            &needle,
            r.id()
        );
    }
    Ok(())
}

proptest! {
    #[test]
    fn table_model_keeps_its_invariants(ops in prop::collection::vec(op(), 0..40)) {
        let mut t = TableModel::new(vec![Column::new("name", "NAME", 10, 0), Column::new("size", "SIZE", 6, 1)]);
        // Whether the user put the cursor on a row since the table (re)started:
        // only then does a refresh follow that row; until then the cursor
        // stays where it is (the top row) while rows arrive.
        let mut chosen = false;
        for op in ops {
            match op {
                Op::SetRows(ids) => {
                    let before = t.selected_id().map(str::to_string);
                    let cursor_before = t.cursor();
                    let rows = rows_of(&ids);
                    let still_there = before.as_deref().is_some_and(|id| rows.iter().any(|r| r.id() == id));
                    t.set_rows(rows);
                    if chosen && still_there {
                        prop_assert_eq!(t.selected_id(), before.as_deref(), "selection lost on refresh");
                    }
                    if !chosen && cursor_before == 0 {
                        prop_assert_eq!(t.cursor(), 0, "the cursor left the top row before the user moved it");
                    }
                }
                Op::Clear => {
                    t.clear();
                    chosen = false;
                }
                Op::Push(c) => t.push_filter(c),
                Op::Pop => t.pop_filter(),
                Op::CycleSort => t.cycle_sort(),
                Op::Reverse => t.reverse_sort(),
                Op::MoveBy(d) => {
                    chosen |= t.shown() > 0;
                    t.move_by(d)
                }
                Op::PageBy(p) => {
                    chosen |= t.shown() > 0;
                    t.page_by(p)
                }
                Op::Top => {
                    chosen = true;
                    t.top()
                }
                Op::Bottom => {
                    chosen = true;
                    t.bottom()
                }
                Op::SetPage(p) => t.set_page(p),
                Op::Select(i) => {
                    let id = format!("r{i}");
                    let shown = t.window(0, usize::MAX).any(|r| r.id() == id);
                    prop_assert_eq!(t.select_id(&id), shown);
                    chosen |= shown;
                    if shown {
                        prop_assert_eq!(t.selected_id(), Some(id.as_str()));
                    }
                }
            }
            check_table(&t)?;
        }
    }
}

// ---------------------------------------------------------------------------
// 4b. Dashboard forms
// ---------------------------------------------------------------------------

/// Every form that needs no catalog, new and prefilled from the recordings.
fn all_forms() -> &'static [Form] {
    static FORMS: OnceLock<Vec<Form>> = OnceLock::new();
    FORMS.get_or_init(|| {
        use scwdash::app::forms::{network, security_group, server, volume};
        fn each<T: DeserializeOwned>(name: &str) -> T {
            let f = fixtures().iter().find(|f| f.name == name).expect(name);
            serde_json::from_value(f.body.clone()).expect(name)
        }
        let (zone, region) = (Zone::FrPar1, Region::FrPar);
        #[derive(serde::Deserialize)]
        struct Summaries {
            servers: Vec<ServerSummary>,
        }
        let servers: Summaries = each("instance_list_servers_2_running_multi_type.json");
        let volume: VolumeSummary = each("block_get_volume_in_use.json");
        let vpcs: VpcsList = each("vpc_list_vpcs.json");
        let shared_vpcs: Vec<std::sync::Arc<Vpc>> =
            vpcs.vpcs.iter().cloned().map(std::sync::Arc::new).collect();
        let pn: PrivateNetwork = each("vpc_get_private_network.json");
        let groups: SecurityGroupsList = each("instance_list_security_groups_legacy_2020.json");
        let (no_types, no_stock) = (BTreeMap::new(), BTreeMap::new());
        // No configured project: the create forms ask for one.
        let catalog = scwdash::app::editing::Catalog {
            server_types: &no_types,
            availability: &no_stock,
            images: &[],
            security_groups: &[],
            servers: &[],
            volumes: &[],
            private_networks: &[],
            vpcs: &shared_vpcs,
            project: None,
            shared_project: None,
            zones: &Zone::ALL,
        };
        let mut forms = vec![
            volume::create(zone, &catalog),
            volume::edit(&volume, zone),
            security_group::create(zone, &catalog),
            network::create_vpc(region, &catalog),
            network::create_private_network(region, &catalog),
            network::edit_private_network(&pn, region),
        ];
        forms.extend(vpcs.vpcs.iter().map(|v| network::edit_vpc(v, region)));
        forms.extend(
            groups
                .security_groups
                .iter()
                .map(|g| security_group::edit(g, zone)),
        );
        forms.extend(
            servers
                .servers
                .iter()
                .map(|s| server::edit(s, zone, &BTreeMap::new(), &BTreeMap::new(), &[])),
        );
        forms
    })
}

proptest! {
    /// Whatever is typed or pasted, a form submits only when each field passes
    /// its own check, and what it submits can be described in the status line.
    #[test]
    fn forms_submit_only_valid_input(
        which in any::<prop::sample::Index>(),
        keys in prop::collection::vec(form_key(), 0..40),
        paste in proptest::option::of((0usize..40, fieldish())),
    ) {
        let forms = all_forms();
        let mut form = forms[which.index(forms.len())].clone();
        for (i, key) in keys.iter().enumerate() {
            if let Some((at, text)) = &paste
                && *at == i
            {
                form.paste(text);
            }
            if let FormOutcome::Submit(submit) = form.handle_key(&KeyMap::default(), *key) {
                for field in &form.fields {
                    prop_assert!(field.validate().is_ok(), "{} submitted with {} invalid", form.title, field.key);
                }
                prop_assert!(!submit.describe().is_empty());
                let _ = submit.tab();
            }
            for field in &form.fields {
                let _ = (field.display(), field.message(true));
            }
        }
    }
}

/// The dashboard's summaries read the same bodies as the full models: a page
/// of either kind, or one object.
#[derive(serde::Deserialize)]
struct SummaryPages {
    #[serde(default)]
    servers: Option<Vec<ServerSummary>>,
    #[serde(default)]
    volumes: Option<Vec<VolumeSummary>>,
}

/// Parses `bytes` into every summary shape and uses what parsed.
fn summaries_of(bytes: &[u8]) {
    if let Ok(p) = serde_json::from_slice::<SummaryPages>(bytes) {
        for s in p.servers.iter().flatten() {
            let _ = (s.public_address(), s.public_addresses(), s.root_volume());
            let _ = (s.private_network_ids(), s.has_volume("x"), s.nic_syncing());
            let _ = s.volumes_in_order().count();
        }
        for v in p.volumes.iter().flatten() {
            let _ = (v.attached_server_id(), v.iops_class());
        }
    }
    let _ = serde_json::from_slice::<ServerSummary>(bytes);
    let _ = serde_json::from_slice::<VolumeSummary>(bytes);
}

proptest! {
    /// Whatever the body, the summaries answer Ok or Err and never panic.
    #[test]
    fn summaries_never_panic(
        which in any::<prop::sample::Index>(),
        edits in prop::collection::vec((any::<prop::sample::Index>(), arb_mutation()), 0..4),
        v in arb_json(),
    ) {
        let fixtures = success_fixtures();
        let mut body = fixtures[which.index(fixtures.len())].body.clone();
        for (pick, m) in &edits {
            let _ = mutate(&mut body, *pick, m);
        }
        summaries_of(&serde_json::to_vec(&body).expect("json"));
        for key in ["servers", "volumes"] {
            let wrapped = serde_json::json!({ key: v.clone() });
            summaries_of(&serde_json::to_vec(&wrapped).expect("json"));
        }
    }
}

// ---------------------------------------------------------------------------
// The sanitiser (src/text.rs): nothing a terminal obeys survives it, printable
// text goes through unchanged, and `list -o json` stays the same JSON.
// ---------------------------------------------------------------------------

/// Strings rich in what terminals obey: ESC sequences, C0/C1, DEL, bidi and
/// zero-width characters, mixed with printable text of every width.
fn hostile_string() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        any::<char>().prop_map(|c| c.to_string()),
        select(vec![
            "\x1b]52;c;aGk=\x07",
            "\x1b]0;title\x07",
            "\x1b[2J",
            "\u{9b}31m",
            "\u{7f}",
            "\r\n\t",
            "\u{202e}",
            "\u{2066}",
            "\u{200b}",
            "\u{feff}",
            "日本",
            "🦀",
            "plain",
            "\\e",
        ])
        .prop_map(str::to_string),
    ];
    prop::collection::vec(piece, 0..12).prop_map(|v| v.concat())
}

proptest! {
    /// No dangerous character survives, whatever the input.
    #[test]
    fn sanitised_text_holds_nothing_a_terminal_obeys(s in hostile_string(), bytes in prop::collection::vec(any::<u8>(), 0..64)) {
        for out in [scwdash::text::sanitize(&s).into_owned(), scwdash::text::sanitize_bytes(&bytes)] {
            prop_assert!(!out.chars().any(scwdash::text::is_dangerous), "{:?}", out);
        }
        let kept = scwdash::text::sanitize_keep_newlines(&s);
        prop_assert!(!kept.chars().any(|c| c != '\n' && scwdash::text::is_dangerous(c)));
    }

    /// Printable text is returned exactly as it was.
    #[test]
    fn printable_text_is_unchanged(s in "\\PC*") {
        let printable: String = s.chars().filter(|c| !scwdash::text::is_dangerous(*c)).collect();
        let out = scwdash::text::sanitize(&printable);
        prop_assert_eq!(out.as_ref(), printable.as_str());
    }

    /// Safe JSON parses back to the same value and holds no raw dangerous
    /// character outside the layout's own newlines.
    #[test]
    fn safe_json_is_the_same_json(s in hostile_string(), k in hostile_string()) {
        let v = serde_json::json!([{ "name": s, k: [1, null, "x"] }]);
        let out = scwdash::text::to_safe_json_pretty(&v).expect("json");
        prop_assert!(!out.chars().any(|c| c != '\n' && scwdash::text::is_dangerous(c)), "{:?}", out);
        let back: Value = serde_json::from_str(&out).expect("valid JSON");
        prop_assert_eq!(back, v);
    }
}
