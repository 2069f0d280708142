//! VPC v2: private networks and VPCs (regional).

use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use chrono::Utc;
use ipnet::IpNet;
use serde_json::{Value, json};

use super::App;
use super::error::{ApiError, ApiResult};
use super::http::{
    self, NameTagsPatch, Owner, body, body_page, get, get_all, json_response, str_field, tags_field,
};
use super::world::{PrivateNetwork, Subnet, Vpc, World, z_time};
use crate::api::locality::Region;

pub fn render_pn(p: &PrivateNetwork) -> Value {
    let subnets: Vec<Value> = p
        .subnets
        .iter()
        .map(|s| {
            json!({"id": s.id, "created_at": z_time(s.created), "updated_at": z_time(s.created), "subnet": s.cidr,
                   "project_id": p.project, "private_network_id": p.id, "vpc_id": p.vpc_id, "region": p.region.as_str()})
        })
        .collect();
    json!({
        "id": p.id, "name": p.name, "tags": p.tags, "organization_id": p.project,
        "created_at": z_time(p.created), "updated_at": z_time(p.updated), "project_id": p.project,
        "subnets": subnets, "vpc_id": p.vpc_id, "dhcp_enabled": true, "has_s3_integration": false,
        "default_route_propagation_enabled": p.default_route_propagation_enabled, "region": p.region.as_str(),
    })
}

pub fn render_vpc(w: &World, v: &Vpc) -> Value {
    let count = w
        .pns_by_region
        .get(&v.region)
        .into_iter()
        .flatten()
        .filter(|id| w.private_networks[*id].vpc_id == v.id)
        .count();
    json!({
        "created_at": z_time(v.created), "custom_routes_propagation_enabled": v.custom_routes_propagation_enabled,
        "id": v.id, "is_default": v.is_default, "name": v.name, "organization_id": v.project,
        "private_network_count": count, "project_id": v.project, "region": v.region.as_str(),
        "routing_enabled": v.routing_enabled, "tags": v.tags, "updated_at": z_time(v.updated),
    })
}

fn pn_in<'a>(w: &'a World, region: Region, id: &str) -> ApiResult<&'a PrivateNetwork> {
    w.private_networks
        .get(id)
        .filter(|p| p.region == region)
        .ok_or_else(|| ApiError::not_found("private_network", id))
}

fn vpc_in<'a>(w: &'a World, region: Region, id: &str) -> ApiResult<&'a Vpc> {
    w.vpcs
        .get(id)
        .filter(|v| v.region == region)
        .ok_or_else(|| ApiError::not_found("vpc", id))
}

/// Subnets for a new private network: the given CIDRs, plus an automatic IPv4 /22
/// and IPv6 /64 for each family left out.
pub fn allocate_subnets(w: &mut World, given: &[String]) -> ApiResult<Vec<Subnet>> {
    let mut nets = Vec::new();
    for (i, text) in given.iter().enumerate() {
        let net: IpNet = text.parse().map_err(|_| {
            ApiError::arg(
                &format!("subnets.{i}"),
                "format",
                format!("{text} is not a valid CIDR"),
            )
        })?;
        nets.push(net.trunc());
    }
    if !nets.iter().any(|n| matches!(n, IpNet::V4(_))) {
        let third = w.random_u32(64) * 4;
        nets.push(
            format!("172.16.{third}.0/22")
                .parse()
                .map_err(|_| ApiError::arg("subnets", "format", "bad CIDR"))?,
        );
    }
    if !nets.iter().any(|n| matches!(n, IpNet::V6(_))) {
        let (a, b, c) = (
            w.random_u32(0xffff),
            w.random_u32(0xffff),
            w.random_u32(0xffff),
        );
        nets.push(
            format!("fd46:{a:x}:{b:x}:{c:x}::/64")
                .parse()
                .map_err(|_| ApiError::arg("subnets", "format", "bad CIDR"))?,
        );
    }
    let now = Utc::now();
    Ok(nets
        .into_iter()
        .map(|n| Subnet {
            id: w.uuid().into(),
            cidr: n.to_string(),
            created: now,
        })
        .collect())
}

fn order<T>(items: &mut [T], q: &http::Query, name: fn(&T) -> &str) -> ApiResult<()> {
    match get(q, "order_by").unwrap_or("created_at_asc") {
        "created_at_asc" => {}
        "created_at_desc" => items.reverse(),
        "name_asc" => items.sort_by(|a, b| name(a).cmp(name(b))),
        "name_desc" => items.sort_by(|a, b| name(b).cmp(name(a))),
        other => {
            return Err(ApiError::arg(
                "order_by",
                "constraint",
                format!("unknown order {other}"),
            ));
        }
    }
    Ok(())
}

pub async fn list_pns(
    State(app): State<Arc<App>>,
    Path(region): Path<String>,
    Query(q): Query<http::Query>,
) -> ApiResult<Response> {
    let region = http::region(&region)?;
    let w = app.world();
    let name = get(&q, "name");
    let vpc = get(&q, "vpc_id");
    let tags = get_all(&q, "tags");
    let owner = Owner::regional(&q);
    let ids: Vec<&str> = get_all(&q, "private_network_ids")
        .into_iter()
        .flat_map(|s| s.split(','))
        .collect();
    let mut pns: Vec<&PrivateNetwork> = w
        .pns_by_region
        .get(&region)
        .into_iter()
        .flatten()
        .filter_map(|id| w.private_networks.get(id))
        .filter(|p| owner.owns(&p.project))
        .filter(|p| name.is_none_or(|n| p.name.contains(n)))
        .filter(|p| vpc.is_none_or(|v| p.vpc_id == v))
        .filter(|p| tags.iter().all(|t| p.tags.iter().any(|pt| pt == t)))
        .filter(|p| ids.is_empty() || ids.contains(&p.id.as_str()))
        .collect();
    order(&mut pns, &q, |p| p.name.as_str())?;
    let (page, total) = body_page(pns, &q)?;
    let items: Vec<Value> = page.into_iter().map(render_pn).collect();
    Ok(json_response(
        StatusCode::OK,
        json!({"private_networks": items, "total_count": total}),
    ))
}

pub async fn create_pn(
    State(app): State<Arc<App>>,
    Path(region): Path<String>,
    raw: Bytes,
) -> ApiResult<Response> {
    let region = http::region(&region)?;
    let b = body(&raw)?;
    let mut w = app.world();
    let vpc_id = match str_field(&b, "vpc_id") {
        Some(id) => vpc_in(&w, region, id)?.id.clone(),
        None => w.default_vpc(region),
    };
    let given = tags_field(&b, "subnets")?.unwrap_or_default();
    let subnets = allocate_subnets(&mut w, &given)?;
    let id = w.uuid();
    let now = Utc::now();
    let pn = PrivateNetwork {
        project: http::project_of(&b, "project_id", "organization_id"),
        id: id.clone().into(),
        name: str_field(&b, "name")
            .map(str::to_string)
            .unwrap_or_else(|| format!("pn-{}", &id[..8])),
        region,
        vpc_id,
        tags: tags_field(&b, "tags")?.unwrap_or_default(),
        subnets,
        default_route_propagation_enabled: b
            .get("default_route_propagation_enabled")
            .and_then(Value::as_bool)
            .unwrap_or(false),
        created: now,
        updated: now,
    };
    let out = render_pn(&pn);
    w.insert_pn(pn);
    Ok(json_response(StatusCode::OK, out))
}

pub async fn get_pn(
    State(app): State<Arc<App>>,
    Path((region, id)): Path<(String, String)>,
) -> ApiResult<Response> {
    let region = http::region(&region)?;
    let w = app.world();
    Ok(json_response(
        StatusCode::OK,
        render_pn(pn_in(&w, region, &id)?),
    ))
}

pub async fn update_pn(
    State(app): State<Arc<App>>,
    Path((region, id)): Path<(String, String)>,
    raw: Bytes,
) -> ApiResult<Response> {
    let region = http::region(&region)?;
    let b = body(&raw)?;
    let mut w = app.world();
    pn_in(&w, region, &id)?;
    let patch = NameTagsPatch::parse(&b)?;
    if let Some(p) = w.private_networks.get_mut(&id) {
        patch.apply(&mut p.name, &mut p.tags);
        if let Some(d) = b
            .get("default_route_propagation_enabled")
            .and_then(Value::as_bool)
        {
            p.default_route_propagation_enabled = d;
        }
        p.updated = Utc::now();
    }
    Ok(json_response(
        StatusCode::OK,
        render_pn(pn_in(&w, region, &id)?),
    ))
}

pub async fn delete_pn(
    State(app): State<Arc<App>>,
    Path((region, id)): Path<(String, String)>,
) -> ApiResult<Response> {
    let region = http::region(&region)?;
    let mut w = app.world();
    pn_in(&w, region, &id)?;
    if w.nics_on(&id, region) > 0 {
        return Err(ApiError::in_use(
            "Private Network must be empty to be deleted",
        ));
    }
    w.remove_pn(&id);
    Ok(http::no_content())
}

pub async fn list_vpcs(
    State(app): State<Arc<App>>,
    Path(region): Path<String>,
    Query(q): Query<http::Query>,
) -> ApiResult<Response> {
    let region = http::region(&region)?;
    let w = app.world();
    let name = get(&q, "name");
    let tags = get_all(&q, "tags");
    let is_default = get(&q, "is_default").map(|d| d == "true");
    let owner = Owner::regional(&q);
    let mut vpcs: Vec<&Vpc> = w
        .vpcs_by_region
        .get(&region)
        .into_iter()
        .flatten()
        .filter_map(|id| w.vpcs.get(id))
        .filter(|v| owner.owns(&v.project))
        .filter(|v| name.is_none_or(|n| v.name.contains(n)))
        .filter(|v| is_default.is_none_or(|d| v.is_default == d))
        .filter(|v| tags.iter().all(|t| v.tags.iter().any(|vt| vt == t)))
        .collect();
    order(&mut vpcs, &q, |v| v.name.as_str())?;
    let (page, total) = body_page(vpcs, &q)?;
    let items: Vec<Value> = page.into_iter().map(|v| render_vpc(&w, v)).collect();
    Ok(json_response(
        StatusCode::OK,
        json!({"vpcs": items, "total_count": total}),
    ))
}

pub async fn create_vpc(
    State(app): State<Arc<App>>,
    Path(region): Path<String>,
    raw: Bytes,
) -> ApiResult<Response> {
    let region = http::region(&region)?;
    let b = body(&raw)?;
    let mut w = app.world();
    let id = w.uuid();
    let now = Utc::now();
    let v = Vpc {
        project: http::project_of(&b, "project_id", "organization_id"),
        id: id.clone().into(),
        name: str_field(&b, "name")
            .map(str::to_string)
            .unwrap_or_else(|| format!("vpc-{}", &id[..8])),
        region,
        tags: tags_field(&b, "tags")?.unwrap_or_default(),
        is_default: false,
        routing_enabled: b
            .get("enable_routing")
            .and_then(Value::as_bool)
            .unwrap_or(true),
        custom_routes_propagation_enabled: false,
        created: now,
        updated: now,
    };
    w.insert_vpc(v);
    Ok(json_response(
        StatusCode::OK,
        render_vpc(&w, vpc_in(&w, region, &id)?),
    ))
}

pub async fn get_vpc(
    State(app): State<Arc<App>>,
    Path((region, id)): Path<(String, String)>,
) -> ApiResult<Response> {
    let region = http::region(&region)?;
    let w = app.world();
    Ok(json_response(
        StatusCode::OK,
        render_vpc(&w, vpc_in(&w, region, &id)?),
    ))
}

pub async fn update_vpc(
    State(app): State<Arc<App>>,
    Path((region, id)): Path<(String, String)>,
    raw: Bytes,
) -> ApiResult<Response> {
    let region = http::region(&region)?;
    let b = body(&raw)?;
    let mut w = app.world();
    vpc_in(&w, region, &id)?;
    let patch = NameTagsPatch::parse(&b)?;
    if let Some(v) = w.vpcs.get_mut(&id) {
        patch.apply(&mut v.name, &mut v.tags);
        v.updated = Utc::now();
    }
    Ok(json_response(
        StatusCode::OK,
        render_vpc(&w, vpc_in(&w, region, &id)?),
    ))
}

pub async fn delete_vpc(
    State(app): State<Arc<App>>,
    Path((region, id)): Path<(String, String)>,
) -> ApiResult<Response> {
    let region = http::region(&region)?;
    let mut w = app.world();
    let v = vpc_in(&w, region, &id)?;
    if v.is_default {
        return Err(ApiError::Precondition {
            status: StatusCode::PRECONDITION_FAILED,
            precondition: "resource_not_usable",
            help: "the default VPC cannot be deleted".into(),
        });
    }
    let has_pns = w
        .pns_by_region
        .get(&region)
        .into_iter()
        .flatten()
        .any(|p| w.private_networks[p].vpc_id == id);
    if has_pns {
        return Err(ApiError::in_use("VPC must be empty to be deleted"));
    }
    w.remove_vpc(&id);
    Ok(http::no_content())
}
