//! Block Storage (v1alpha1 and v1 share one implementation): SBS volumes.

use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use chrono::Utc;
use serde_json::Value;

use super::App;
use super::error::{ApiError, ApiResult};
use super::http::{
    self, InOrder, NameTagsPatch, Owner, body, body_page, get, get_all, json_response, str_field,
    tags_field,
};
use super::render::{BlockVolumeJson, block_volume};
use super::world::{Event, Volume, World};
use crate::api::locality::{Product, Zone};
use crate::inline_str::InlineStr;

const MIN_SIZE: u64 = 1_000_000_000;
const MAX_SIZE: u64 = 10_000_000_000_000;

fn version(v: &str) -> ApiResult<()> {
    if v == "v1" || v == "v1alpha1" {
        Ok(())
    } else {
        Err(ApiError::not_found("unknown", ""))
    }
}

/// A page of a Block list.
#[derive(serde::Serialize)]
struct VolumesPage<'a> {
    volumes: Vec<BlockVolumeJson<'a>>,
    total_count: usize,
}

fn volume_in<'a>(w: &'a World, zone: Zone, id: &str) -> ApiResult<&'a Volume> {
    w.volumes
        .get(id)
        .map(|v| &**v)
        .filter(|v| v.zone == zone)
        .ok_or_else(|| ApiError::not_found("volume", id))
}

fn perf(b: &Value) -> ApiResult<Option<u32>> {
    match b.get("perf_iops") {
        None | Some(Value::Null) => Ok(None),
        Some(v) => match v.as_u64() {
            Some(p @ (5000 | 15000)) => Ok(Some(p as u32)),
            _ => Err(ApiError::arg(
                "perf_iops",
                "constraint",
                "perf_iops must be 5000 or 15000",
            )),
        },
    }
}

fn size_ok(arg: &str, size: u64) -> ApiResult<u64> {
    if (MIN_SIZE..=MAX_SIZE).contains(&size) {
        Ok(size)
    } else {
        Err(ApiError::arg(
            arg,
            "constraint",
            format!("size must be between {MIN_SIZE} and {MAX_SIZE} bytes"),
        ))
    }
}

pub async fn list_volumes(
    State(app): State<Arc<App>>,
    Path((ver, zone)): Path<(String, String)>,
    Query(q): Query<http::Query>,
) -> ApiResult<Response> {
    version(&ver)?;
    let zone = http::served_zone(Product::Block, &zone)?;
    let w = app.world();
    let name = get(&q, "name");
    let product = get(&q, "product_resource_id");
    let tags = get_all(&q, "tags");
    let owner = Owner::regional(&q);
    let order = get(&q, "order_by").unwrap_or("created_at_asc");
    let unfiltered = name.is_none() && product.is_none() && tags.is_empty() && owner.is_anyone();
    let ids = w.volumes_by_zone.get(&zone).map_or(&[][..], Vec::as_slice);
    let look_up = |id: &InlineStr| w.volumes.get(id).map(|v| &**v);
    // The zone's ids are in creation order: an unfiltered page in that order
    // (or its reverse) is cut from them.
    if let (true, "created_at_asc" | "created_at_desc") = (unfiltered, order) {
        let newest_first = order == "created_at_desc";
        let (page, total) = body_page(InOrder::new(ids, newest_first, look_up), &q)?;
        return Ok(volumes_page(&page, total, &ver));
    }
    let mut vols: Vec<&Volume> = ids
        .iter()
        .filter_map(look_up)
        .filter(|v| owner.owns(&v.project))
        .filter(|v| name.is_none_or(|n| v.name.contains(n)))
        .filter(|v| product.is_none_or(|p| v.reference.as_ref().is_some_and(|r| r.server_id == p)))
        .filter(|v| tags.iter().all(|t| v.tags.iter().any(|vt| vt == t)))
        .collect();
    match order {
        "created_at_asc" => {}
        "created_at_desc" => vols.reverse(),
        "name_asc" => vols.sort_by(|a, b| a.name.cmp(&b.name)),
        "name_desc" => vols.sort_by(|a, b| b.name.cmp(&a.name)),
        other => {
            return Err(ApiError::arg(
                "order_by",
                "constraint",
                format!("unknown order {other}"),
            ));
        }
    }
    let (page, total) = body_page(vols, &q)?;
    Ok(volumes_page(&page, total, &ver))
}

/// The answer of a Block list: `page` and the listing's `total`.
fn volumes_page(page: &[&Volume], total: usize, ver: &str) -> Response {
    let volumes: Vec<_> = page.iter().map(|v| block_volume(v, ver)).collect();
    json_response(
        StatusCode::OK,
        VolumesPage {
            volumes,
            total_count: total,
        },
    )
}

pub async fn create_volume(
    State(app): State<Arc<App>>,
    Path((ver, zone)): Path<(String, String)>,
    raw: Bytes,
) -> ApiResult<Response> {
    version(&ver)?;
    let zone = http::served_zone(Product::Block, &zone)?;
    let b = body(&raw)?;
    let mut w = app.world();
    if b.get("from_snapshot").is_some_and(|s| !s.is_null()) {
        let sid = b
            .pointer("/from_snapshot/snapshot_id")
            .and_then(Value::as_str)
            .unwrap_or_default();
        return Err(ApiError::not_found("snapshot", sid));
    }
    let size = b
        .pointer("/from_empty/size")
        .and_then(Value::as_u64)
        .ok_or_else(|| ApiError::arg("from_empty.size", "required", "required key not provided"))?;
    let size = size_ok("from_empty.size", size)?;
    let perf_iops = perf(&b)?.unwrap_or(5000);
    let id = w.uuid();
    let now = Utc::now();
    let v = Volume {
        project: http::project_of(&b, "project_id", "organization_id").into(),
        id: id.clone(),
        name: str_field(&b, "name")
            .map(str::to_string)
            .unwrap_or_else(|| format!("vol-{}", &id[..8]))
            .into(),
        zone,
        size,
        perf_iops,
        status: "creating",
        tags: tags_field(&b, "tags")?.unwrap_or_default(),
        reference: None,
        created: now,
        updated: now,
        last_detached: None,
    };
    let out = json_response(StatusCode::OK, block_volume(&v, &ver));
    w.insert_volume(v);
    w.schedule(
        1,
        Event::VolumeStatus {
            id,
            status: "available",
        },
    );
    Ok(out)
}

pub async fn get_volume(
    State(app): State<Arc<App>>,
    Path((ver, zone, id)): Path<(String, String, String)>,
) -> ApiResult<Response> {
    version(&ver)?;
    let zone = http::served_zone(Product::Block, &zone)?;
    let w = app.world();
    Ok(json_response(
        StatusCode::OK,
        block_volume(volume_in(&w, zone, &id)?, &ver),
    ))
}

pub async fn update_volume(
    State(app): State<Arc<App>>,
    Path((ver, zone, id)): Path<(String, String, String)>,
    raw: Bytes,
) -> ApiResult<Response> {
    version(&ver)?;
    let zone = http::served_zone(Product::Block, &zone)?;
    let b = body(&raw)?;
    let mut w = app.world();
    let v = volume_in(&w, zone, &id)?.clone();
    let patch = NameTagsPatch::parse(&b)?;
    let size = match b.get("size").and_then(Value::as_u64) {
        Some(s) if s < v.size => {
            return Err(ApiError::arg(
                "size",
                "constraint",
                "volume size can only be increased",
            ));
        }
        Some(s) => Some(size_ok("size", s)?),
        None => None,
    };
    let new_perf = perf(&b)?.filter(|p| *p != v.perf_iops);
    let busy = matches!(v.status, "creating" | "updating" | "resizing");
    if new_perf.is_some() && busy {
        return Err(ApiError::arg(
            "perf_iops",
            "constraint",
            "can't update perf_iops when volume is not available",
        ));
    }
    let mut settle = None;
    if let Some(m) = w.volumes.get_mut(id.as_str()) {
        patch.apply(&mut m.name, &mut m.tags);
        if let Some(s) = size {
            m.size = s;
        }
        if let Some(p) = new_perf {
            m.perf_iops = p;
            settle = Some(m.status);
            m.status = "updating";
        }
        m.updated = Utc::now();
    }
    if let Some(status) = settle {
        w.schedule(
            1,
            Event::VolumeStatus {
                id: id.clone().into(),
                status,
            },
        );
    }
    Ok(json_response(
        StatusCode::OK,
        block_volume(volume_in(&w, zone, &id)?, &ver),
    ))
}

pub async fn delete_volume(
    State(app): State<Arc<App>>,
    Path((ver, zone, id)): Path<(String, String, String)>,
) -> ApiResult<Response> {
    version(&ver)?;
    let zone = http::served_zone(Product::Block, &zone)?;
    let mut w = app.world();
    let v = volume_in(&w, zone, &id)?;
    if v.reference.is_some() {
        return Err(ApiError::in_use(
            "volume is attached to a server, detach it first",
        ));
    }
    w.remove_volume(&id);
    Ok(http::no_content())
}
