//! Instance security groups and their rules, normalised the way the API does.

use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use chrono::Utc;
use ipnet::IpNet;
use serde::Serialize;
use serde_json::{Value, json};

use super::App;
use super::catalog::stable_uuid;
use super::error::{ApiError, ApiResult};
use super::http::{self, body, get, instance_page, json_response, str_field, with_location};
use super::render::{IdName, InstanceTime};
use super::world::{Event, Rule, SecurityGroup, Server, World};
use crate::api::locality::Zone;

/// The six non-editable outbound SMTP drop rules (ip range, port).
const DEFAULT_RULES: [(&str, u32); 6] = [
    ("0.0.0.0/0", 25),
    ("0.0.0.0/0", 465),
    ("0.0.0.0/0", 587),
    ("::/0", 25),
    ("::/0", 465),
    ("::/0", 587),
];

fn rule_json(r: &Rule, position: usize, zone: Zone) -> Value {
    json!({
        "id": r.id, "protocol": r.protocol, "direction": r.direction, "ip_range": r.ip_range,
        "dest_ip_range": null, "dest_port_from": r.dest_port_from, "dest_port_to": r.dest_port_to,
        "position": position, "editable": r.editable, "action": r.action, "zone": zone.as_str(),
    })
}

/// The six default drop rules, ids stable per `owner` (a group, or the zone's
/// default rule set).
fn default_rules(owner: &str, zone: Zone) -> impl Iterator<Item = Value> {
    DEFAULT_RULES
        .iter()
        .enumerate()
        .map(move |(i, (range, port))| {
            let r = Rule {
                id: stable_uuid(&format!("{owner}/default/{i}")),
                protocol: "TCP".into(),
                direction: "outbound".into(),
                action: "drop".into(),
                ip_range: range.to_string(),
                dest_port_from: Some(*port),
                dest_port_to: None,
                editable: false,
            };
            rule_json(&r, i + 1, zone)
        })
}

/// All rules as the API lists them: defaults first (1-6), then editable ones from 1.
fn all_rules(g: &SecurityGroup) -> Vec<Value> {
    let defaults = g
        .enable_default_security
        .then(|| default_rules(&g.id, g.zone));
    defaults
        .into_iter()
        .flatten()
        .chain(
            g.rules
                .iter()
                .enumerate()
                .map(|(i, r)| rule_json(r, i + 1, g.zone)),
        )
        .collect()
}

/// A security group as the Instance API shows it, written from the world as
/// borrowed: a zone's default group lists every server of the zone, and as
/// `Value`s (a map each) 1,000 of them took 0.9 MB of a listing's peak.
/// Fields in the order the API sends them.
#[derive(Serialize)]
pub struct SgJson<'a> {
    id: &'a str,
    creation_date: InstanceTime,
    modification_date: InstanceTime,
    name: &'a str,
    description: Option<&'a str>,
    organization: &'a str,
    project: &'a str,
    servers: Vec<IdName<'a>>,
    stateful: bool,
    inbound_default_policy: &'a str,
    outbound_default_policy: &'a str,
    organization_default: bool,
    project_default: bool,
    enable_default_security: bool,
    state: &'a str,
    tags: &'a [String],
    zone: &'a str,
}

/// The servers of `g`'s zone in the group, in the zone's order.
fn group_servers<'a>(w: &'a World, g: &'a SecurityGroup) -> impl Iterator<Item = &'a Server> {
    w.servers_by_zone
        .get(&g.zone)
        .into_iter()
        .flatten()
        .filter_map(|id| w.servers.get(id))
        .filter(|s| s.security_group == g.id)
        .map(|s| &**s)
}

pub fn render_sg<'a>(w: &'a World, g: &'a SecurityGroup) -> SgJson<'a> {
    let servers = group_servers(w, g)
        .map(|s| IdName {
            id: &s.id,
            name: &s.name,
        })
        .collect();
    SgJson {
        id: &g.id,
        creation_date: InstanceTime(g.created),
        modification_date: InstanceTime(g.modified),
        name: &g.name,
        description: g.description.as_deref(),
        organization: &g.project,
        project: &g.project,
        servers,
        stateful: g.stateful,
        inbound_default_policy: &g.inbound_default_policy,
        outbound_default_policy: &g.outbound_default_policy,
        organization_default: false,
        project_default: g.project_default,
        enable_default_security: g.enable_default_security,
        state: g.state,
        tags: &g.tags,
        zone: g.zone.as_str(),
    }
}

/// `{"security_groups": [...]}`.
#[derive(Serialize)]
struct SgsJson<'a> {
    security_groups: Vec<SgJson<'a>>,
}

fn sg_in<'a>(w: &'a World, zone: Zone, id: &str) -> ApiResult<&'a SecurityGroup> {
    w.security_groups
        .get(id)
        .filter(|g| g.zone == zone)
        .ok_or_else(|| ApiError::not_found("instance_security_group", id))
}

fn sg_mut<'a>(w: &'a mut World, zone: Zone, id: &str) -> ApiResult<&'a mut SecurityGroup> {
    w.security_groups
        .get_mut(id)
        .filter(|g| g.zone == zone)
        .ok_or_else(|| ApiError::not_found("instance_security_group", id))
}

fn one_of(b: &Value, key: &str, allowed: &[&str], default: Option<&str>) -> ApiResult<String> {
    match str_field(b, key).or(default) {
        Some(v) if allowed.contains(&v) => Ok(v.to_string()),
        Some(v) => Err(ApiError::arg(
            key,
            "constraint",
            format!("{v} is not one of {}", allowed.join(", ")),
        )),
        None => Err(ApiError::arg(key, "required", "required key not provided")),
    }
}

fn port(b: &Value, key: &str) -> ApiResult<Option<u32>> {
    match b.get(key) {
        None | Some(Value::Null) => Ok(None),
        Some(v) => match v.as_u64() {
            Some(p) if p <= 65535 => Ok(Some(p as u32)),
            _ => Err(ApiError::arg(
                key,
                "constraint",
                "must be a port between 0 and 65535",
            )),
        },
    }
}

/// Build a rule from a request, normalised like the API (/32 -> bare address,
/// equal ports -> single port, ICMP/ANY -> no ports). `base` supplies PATCH defaults.
pub fn normalise_rule(b: &Value, base: Option<&Rule>, id: String) -> ApiResult<Rule> {
    let protocol = one_of(
        b,
        "protocol",
        &["TCP", "UDP", "ICMP", "ANY"],
        base.map(|r| r.protocol.as_str()).or(Some("TCP")),
    )?;
    let direction = one_of(
        b,
        "direction",
        &["inbound", "outbound"],
        base.map(|r| r.direction.as_str()).or(Some("inbound")),
    )?;
    let action = one_of(
        b,
        "action",
        &["accept", "drop"],
        base.map(|r| r.action.as_str()).or(Some("accept")),
    )?;
    let range_text = str_field(b, "ip_range")
        .map(str::to_string)
        .or(base.map(|r| r.ip_range.clone()))
        .unwrap_or_else(|| "0.0.0.0/0".into());
    let net: IpNet = range_text
        .parse()
        .or_else(|_| range_text.parse::<std::net::IpAddr>().map(IpNet::from))
        .map_err(|_| {
            ApiError::arg(
                "ip_range",
                "format",
                format!("{range_text} is not a valid CIDR"),
            )
        })?;
    let ip_range = if net.prefix_len() == net.max_prefix_len() {
        net.addr().to_string()
    } else {
        net.to_string()
    };
    let (mut from, mut to) = (port(b, "dest_port_from")?, port(b, "dest_port_to")?);
    if let Some(r) = base {
        if b.get("dest_port_from").is_none() {
            from = r.dest_port_from;
        }
        if b.get("dest_port_to").is_none() {
            to = r.dest_port_to;
        }
    }
    if from == Some(0) && to.is_none_or(|t| t == 0) {
        (from, to) = (None, None);
    }
    if let (Some(f), Some(t)) = (from, to)
        && t < f
    {
        return Err(ApiError::arg(
            "dest_port_to",
            "constraint",
            "dest_port_to must be greater than dest_port_from",
        ));
    }
    if to == from || from.is_none() {
        to = None;
    }
    if protocol == "ICMP" || protocol == "ANY" {
        (from, to) = (None, None);
    }
    Ok(Rule {
        id,
        protocol,
        direction,
        action,
        ip_range,
        dest_port_from: from,
        dest_port_to: to,
        editable: true,
    })
}

/// Rules changed: the group is `syncing` for one step.
fn touch(w: &mut World, id: &str) {
    if let Some(g) = w.security_groups.get_mut(id) {
        g.state = "syncing";
        g.modified = Utc::now();
    }
    w.schedule(1, Event::SecurityGroupAvailable { id: id.into() });
}

pub async fn list_sgs(
    State(app): State<Arc<App>>,
    Path(zone): Path<String>,
    Query(q): Query<http::Query>,
) -> ApiResult<Response> {
    let zone = http::zone(&zone)?;
    let w = app.world();
    let name = get(&q, "name");
    let owner = http::Owner::instance(&q);
    let groups: Vec<&SecurityGroup> = w
        .sgs_by_zone
        .get(&zone)
        .into_iter()
        .flatten()
        .filter_map(|id| w.security_groups.get(id))
        .filter(|g| owner.owns(&g.project))
        .filter(|g| name.is_none_or(|n| g.name.contains(n)))
        .collect();
    let page = instance_page(groups, &q, "/security_groups", &http::echoed(&q))?;
    let security_groups = page.items.iter().map(|g| render_sg(&w, g)).collect();
    Ok(page.respond(SgsJson { security_groups }))
}

pub async fn get_sg(
    State(app): State<Arc<App>>,
    Path((zone, id)): Path<(String, String)>,
) -> ApiResult<Response> {
    let zone = http::zone(&zone)?;
    let w = app.world();
    let g = sg_in(&w, zone, &id)?;
    Ok(json_response(
        StatusCode::OK,
        json!({"security_group": render_sg(&w, g)}),
    ))
}

/// Applies a create/update body. Every field is checked before any is set,
/// as the API does: a refused PATCH leaves the group as it was.
fn apply_sg_fields(g: &mut SecurityGroup, b: &Value) -> ApiResult<()> {
    let name_tags = http::NameTagsPatch::parse(b)?;
    let policy = |key| match b.get(key) {
        Some(_) => one_of(b, key, &["accept", "drop"], None).map(Some),
        None => Ok(None),
    };
    let inbound = policy("inbound_default_policy")?;
    let outbound = policy("outbound_default_policy")?;
    name_tags.apply(&mut g.name, &mut g.tags);
    if b.get("description").is_some() {
        g.description = str_field(b, "description").map(str::to_string);
    }
    if let Some(s) = b.get("stateful").and_then(Value::as_bool) {
        g.stateful = s;
    }
    if let Some(p) = inbound {
        g.inbound_default_policy = p;
    }
    if let Some(p) = outbound {
        g.outbound_default_policy = p;
    }
    g.modified = Utc::now();
    Ok(())
}

pub async fn create_sg(
    State(app): State<Arc<App>>,
    Path(zone): Path<String>,
    raw: Bytes,
) -> ApiResult<Response> {
    let zone = http::zone(&zone)?;
    let b = body(&raw)?;
    let mut w = app.world();
    let now = Utc::now();
    let id = w.uuid();
    let mut g = SecurityGroup {
        project: http::project_of(&b, "project", "organization"),
        id: id.clone().into(),
        name: format!("sg-{}", &id[..8]),
        description: None,
        zone,
        stateful: true,
        inbound_default_policy: "accept".into(),
        outbound_default_policy: "accept".into(),
        project_default: false,
        enable_default_security: true,
        state: "available",
        tags: vec![],
        rules: vec![],
        created: now,
        modified: now,
    };
    apply_sg_fields(&mut g, &b)?;
    w.insert_sg(g);
    let g = sg_in(&w, zone, &id)?;
    let resp = json_response(
        StatusCode::CREATED,
        json!({"security_group": render_sg(&w, g)}),
    );
    Ok(with_location(
        resp,
        format!("https://api.scaleway.com/instance/v1/zones/{zone}/security_groups/{id}"),
    ))
}

pub async fn update_sg(
    State(app): State<Arc<App>>,
    Path((zone, id)): Path<(String, String)>,
    raw: Bytes,
) -> ApiResult<Response> {
    let zone = http::zone(&zone)?;
    apply_and_render(&app, zone, &id, &body(&raw)?)
}

/// Applies a PATCH (or a PUT's completed body) and answers the group.
fn apply_and_render(app: &App, zone: Zone, id: &str, b: &Value) -> ApiResult<Response> {
    let mut w = app.world();
    apply_sg_fields(sg_mut(&mut w, zone, id)?, b)?;
    let g = sg_in(&w, zone, id)?;
    Ok(json_response(
        StatusCode::OK,
        json!({"security_group": render_sg(&w, g)}),
    ))
}

/// `PUT /security_groups/{id}` (the SDKs' `_setSecurityGroup`): the group is
/// replaced, not patched: `name` is required, and the description, tags and
/// policies left out go back to their defaults (none, none, accept).
pub async fn set_sg(
    State(app): State<Arc<App>>,
    Path((zone, id)): Path<(String, String)>,
    raw: Bytes,
) -> ApiResult<Response> {
    let zone = http::zone(&zone)?;
    let b = http::replacement(
        &raw,
        &[
            ("description", Value::Null),
            ("tags", json!([])),
            ("stateful", json!(true)),
            ("inbound_default_policy", json!("accept")),
            ("outbound_default_policy", json!("accept")),
        ],
    )?;
    apply_and_render(&app, zone, &id, &b)
}

/// `GET /security_groups/default/rules`: the rules every new group starts
/// with (the six outbound SMTP drops), unpaginated like every rule list.
pub async fn list_default_rules(Path(zone): Path<String>) -> ApiResult<Response> {
    let zone = http::zone(&zone)?;
    let rules: Vec<Value> = default_rules(&format!("{zone}/default-rules"), zone).collect();
    Ok(json_response(StatusCode::OK, json!({"rules": rules})))
}

pub async fn delete_sg(
    State(app): State<Arc<App>>,
    Path((zone, id)): Path<(String, String)>,
) -> ApiResult<Response> {
    let zone = http::zone(&zone)?;
    let mut w = app.world();
    let g = sg_in(&w, zone, &id)?;
    if g.project_default {
        return Err(ApiError::not_usable(
            "the project default security group cannot be deleted",
        ));
    }
    let used = w
        .servers_by_zone
        .get(&zone)
        .into_iter()
        .flatten()
        .any(|s| w.servers.get(s).is_some_and(|s| s.security_group == id));
    if used {
        return Err(ApiError::instance_in_use("group is in use by servers"));
    }
    w.remove_sg(&id);
    Ok(http::no_content())
}

/// Rules honour `page`/`per_page` (so page-until-empty clients such as the Python SDK
/// stop), but carry neither `X-Total-Count` nor `Link`, as recorded.
pub async fn list_rules(
    State(app): State<Arc<App>>,
    Path((zone, id)): Path<(String, String)>,
    Query(q): Query<http::Query>,
) -> ApiResult<Response> {
    let zone = http::zone(&zone)?;
    let w = app.world();
    let page = instance_page(all_rules(sg_in(&w, zone, &id)?), &q, "", &[])?;
    Ok(json_response(StatusCode::OK, json!({"rules": page.items})))
}

/// Insert at a 1-based editable position, or append.
fn insert_at(rules: &mut Vec<Rule>, rule: Rule, position: Option<u64>) {
    match position {
        Some(p) if p >= 1 && (p as usize) <= rules.len() => rules.insert(p as usize - 1, rule),
        _ => rules.push(rule),
    }
}

fn find_rule(g: &SecurityGroup, rule_id: &str) -> ApiResult<Value> {
    all_rules(g)
        .into_iter()
        .find(|r| r.get("id").and_then(Value::as_str) == Some(rule_id))
        .ok_or_else(|| ApiError::not_found("instance_security_group_rule", rule_id))
}

pub async fn create_rule(
    State(app): State<Arc<App>>,
    Path((zone, id)): Path<(String, String)>,
    raw: Bytes,
) -> ApiResult<Response> {
    let zone = http::zone(&zone)?;
    let b = body(&raw)?;
    let mut w = app.world();
    sg_in(&w, zone, &id)?;
    let rid = w.uuid().to_string();
    let rule = normalise_rule(&b, None, rid.clone())?;
    insert_at(
        &mut sg_mut(&mut w, zone, &id)?.rules,
        rule,
        b.get("position").and_then(Value::as_u64),
    );
    touch(&mut w, &id);
    let r = find_rule(sg_in(&w, zone, &id)?, &rid)?;
    let resp = json_response(StatusCode::CREATED, json!({"rule": r}));
    Ok(with_location(
        resp,
        format!(
            "https://api.scaleway.com/instance/v1/zones/{zone}/security_groups/{id}/rules/{rid}"
        ),
    ))
}

pub async fn set_rules(
    State(app): State<Arc<App>>,
    Path((zone, id)): Path<(String, String)>,
    raw: Bytes,
) -> ApiResult<Response> {
    let zone = http::zone(&zone)?;
    let b = body(&raw)?;
    let mut w = app.world();
    let old = sg_in(&w, zone, &id)?.rules.clone();
    let wanted = b
        .get("rules")
        .and_then(Value::as_array)
        .cloned()
        .unwrap_or_default();
    let mut next: Vec<(u64, Rule)> = Vec::new();
    for (i, r) in wanted.iter().enumerate() {
        if r.get("editable") == Some(&Value::Bool(false)) {
            continue;
        }
        let existing = str_field(r, "id").and_then(|rid| old.iter().find(|o| o.id == rid));
        let rid = match existing {
            Some(o) => o.id.clone(),
            None => w.uuid().to_string(),
        };
        let rule = normalise_rule(r, None, rid)?;
        next.push((
            r.get("position")
                .and_then(Value::as_u64)
                .unwrap_or(i as u64 + 1),
            rule,
        ));
    }
    next.sort_by_key(|(p, _)| *p);
    sg_mut(&mut w, zone, &id)?.rules = next.into_iter().map(|(_, r)| r).collect();
    touch(&mut w, &id);
    Ok(json_response(
        StatusCode::OK,
        json!({"rules": all_rules(sg_in(&w, zone, &id)?)}),
    ))
}

pub async fn get_rule(
    State(app): State<Arc<App>>,
    Path((zone, id, rid)): Path<(String, String, String)>,
) -> ApiResult<Response> {
    let zone = http::zone(&zone)?;
    let w = app.world();
    Ok(json_response(
        StatusCode::OK,
        json!({"rule": find_rule(sg_in(&w, zone, &id)?, &rid)?}),
    ))
}

pub async fn update_rule(
    State(app): State<Arc<App>>,
    Path((zone, id, rid)): Path<(String, String, String)>,
    raw: Bytes,
) -> ApiResult<Response> {
    let zone = http::zone(&zone)?;
    let b = body(&raw)?;
    let mut w = app.world();
    let g = sg_mut(&mut w, zone, &id)?;
    let Some(idx) = g.rules.iter().position(|r| r.id == rid) else {
        find_rule(g, &rid)?;
        return Err(ApiError::arg(
            "rule_id",
            "constraint",
            "default rules are not editable",
        ));
    };
    let rule = normalise_rule(&b, Some(&g.rules[idx]), rid.clone())?;
    g.rules.remove(idx);
    let pos = b
        .get("position")
        .and_then(Value::as_u64)
        .or(Some(idx as u64 + 1));
    insert_at(&mut g.rules, rule, pos);
    touch(&mut w, &id);
    Ok(json_response(
        StatusCode::OK,
        json!({"rule": find_rule(sg_in(&w, zone, &id)?, &rid)?}),
    ))
}

pub async fn delete_rule(
    State(app): State<Arc<App>>,
    Path((zone, id, rid)): Path<(String, String, String)>,
) -> ApiResult<Response> {
    let zone = http::zone(&zone)?;
    let mut w = app.world();
    let g = sg_mut(&mut w, zone, &id)?;
    let Some(idx) = g.rules.iter().position(|r| r.id == rid) else {
        find_rule(g, &rid)?;
        return Err(ApiError::arg(
            "rule_id",
            "constraint",
            "default rules are not editable",
        ));
    };
    g.rules.remove(idx);
    touch(&mut w, &id);
    Ok(http::no_content())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rule(v: Value) -> ApiResult<Rule> {
        normalise_rule(&v, None, "r".into())
    }

    /// What `render_sg` wrote when it built a `Value` (before it was
    /// serialized from the world as borrowed).
    fn sg_as_value(w: &World, g: &SecurityGroup) -> Value {
        let servers: Vec<Value> = group_servers(w, g)
            .map(|s| json!({"id": s.id, "name": s.name}))
            .collect();
        json!({
            "id": g.id, "creation_date": crate::sim::world::instance_time(g.created),
            "modification_date": crate::sim::world::instance_time(g.modified),
            "name": g.name, "description": g.description, "organization": g.project, "project": g.project,
            "servers": servers, "stateful": g.stateful, "inbound_default_policy": g.inbound_default_policy,
            "outbound_default_policy": g.outbound_default_policy, "organization_default": false,
            "project_default": g.project_default, "enable_default_security": g.enable_default_security,
            "state": g.state, "tags": g.tags, "zone": g.zone.as_str(),
        })
    }

    #[test]
    fn groups_are_written_as_the_value_they_were() {
        let mut w = World::new(42, std::time::Duration::ZERO);
        crate::sim::fleet::demo(&mut w);
        if let Some(g) = w.security_groups.values_mut().next() {
            g.description = None;
            g.tags = vec!["t".into()];
        }
        let mut with_servers = 0;
        for g in w.security_groups.values() {
            let old = serde_json::to_string(&sg_as_value(&w, g)).ok();
            assert_eq!(serde_json::to_string(&render_sg(&w, g)).ok(), old);
            with_servers += usize::from(!render_sg(&w, g).servers.is_empty());
        }
        assert!(with_servers > 1);
    }

    #[test]
    fn rules_are_normalised_like_the_api() {
        let r = rule(json!({"ip_range": "8.8.8.8/32", "dest_port_from": 22, "dest_port_to": 22}))
            .unwrap();
        assert_eq!(
            (r.ip_range.as_str(), r.dest_port_from, r.dest_port_to),
            ("8.8.8.8", Some(22), None)
        );
        let r =
            rule(json!({"ip_range": "2001:db8::1/128", "protocol": "ICMP", "dest_port_from": 1}))
                .unwrap();
        assert_eq!(
            (r.ip_range.as_str(), r.dest_port_from),
            ("2001:db8::1", None)
        );
        let r = rule(json!({"dest_port_from": 0, "dest_port_to": 0})).unwrap();
        assert_eq!((r.dest_port_from, r.dest_port_to), (None, None));
        assert!(rule(json!({"ip_range": "nope"})).is_err());
        assert!(rule(json!({"dest_port_from": 90, "dest_port_to": 80})).is_err());
    }

    #[test]
    fn a_refused_update_changes_nothing() {
        let now = Utc::now();
        let mut g = SecurityGroup {
            project: crate::sim::PROJECT.to_string(),
            id: "sg".into(),
            name: "web".into(),
            description: None,
            zone: Zone::FrPar1,
            stateful: true,
            inbound_default_policy: "accept".into(),
            outbound_default_policy: "accept".into(),
            project_default: false,
            enable_default_security: true,
            state: "available",
            tags: vec!["a".into()],
            rules: Vec::new(),
            created: now,
            modified: now,
        };
        let before = format!("{g:?}");
        for bad in [
            json!({"name": "renamed", "tags": "not-a-list"}),
            json!({"name": "renamed", "inbound_default_policy": "maybe"}),
            json!({"stateful": false, "outbound_default_policy": 3}),
        ] {
            assert!(apply_sg_fields(&mut g, &bad).is_err(), "{bad}");
            assert_eq!(format!("{g:?}"), before, "{bad} changed the group");
        }
        apply_sg_fields(
            &mut g,
            &json!({"name": "renamed", "tags": [], "inbound_default_policy": "drop"}),
        )
        .unwrap();
        assert_eq!((g.name.as_str(), g.tags.len()), ("renamed", 0));
        assert_eq!(g.inbound_default_policy, "drop");
    }
}
