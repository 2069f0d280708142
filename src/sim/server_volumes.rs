//! Volumes on servers: the full-map PATCH, attach-volume/detach-volume, and the extra
//! volumes of a create request. Keeps Block `in_use`/references consistent both ways.

use std::collections::BTreeMap;
use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::Response;
use chrono::Utc;
use serde_json::{Map, Value, json};

use super::App;
use super::error::{ApiError, ApiResult};
use super::http::{self, body, str_field};
use super::instance::{server_in, server_mut, wrap_server};
use super::world::{Event, ServerVolume, Volume, VolumeSlots, World};
use crate::api::locality::Zone;

/// Most volumes a server may carry (the API counts the root).
const MAX_VOLUMES: usize = 16;

/// A new block volume of `size` bytes, already attached to `server` and in
/// the server's project (`owner` is (server id, project)).
pub(super) fn new_root_volume(
    w: &mut World,
    zone: Zone,
    owner: (&str, &str),
    name: &str,
    size: u64,
) -> String {
    let (server, project) = owner;
    let id = w.uuid();
    let now = Utc::now();
    w.insert_volume(Volume {
        project: project.to_string().into(),
        id: id.clone(),
        name: format!("{name}-root").into(),
        zone,
        size,
        perf_iops: 5000,
        status: "in_use",
        tags: vec![],
        reference: None,
        created: now,
        updated: now,
        last_detached: None,
    });
    w.attach_block(&id, server, true);
    id.into()
}

/// Volumes `"1"`.. of a create request: an existing block volume (`id`) is attached,
/// a `size` alone creates a new one.
pub(super) fn extra_volumes(
    w: &mut World,
    zone: Zone,
    id: &str,
    volumes: Option<&Value>,
) -> ApiResult<()> {
    let Some(requested) = volumes.and_then(Value::as_object) else {
        return Ok(());
    };
    let root = server_in(w, zone, id)?
        .volumes
        .get(&0)
        .map(|v| v.id.clone())
        .unwrap_or_default();
    let mut map = Map::new();
    map.insert("0".into(), json!(root));
    let (name, project) = {
        let s = server_in(w, zone, id)?;
        (s.name.clone(), s.project.clone())
    };
    for (k, v) in requested.iter().filter(|(k, _)| k.as_str() != "0") {
        let vid = match volume_entry_id(v) {
            Some(vid) => vid.to_string(),
            None => {
                let size = v
                    .get("size")
                    .and_then(Value::as_u64)
                    .filter(|s| *s > 0)
                    .ok_or_else(|| {
                        ApiError::arg(
                            &format!("volumes.{k}.size"),
                            "required",
                            "an id or a size is required",
                        )
                    })?;
                let vid = new_root_volume(w, zone, (id, &project), &format!("{name}-{k}"), size);
                w.release_block(&vid);
                if let Some(v) = w.volumes.get_mut(vid.as_str()) {
                    v.name = format!("{name}-data-{k}").into();
                }
                vid
            }
        };
        map.insert(k.clone(), json!(vid));
    }
    set_volumes(w, zone, id, &map)
}

/// Parse one entry of a `volumes` map: `"<uuid>"` or `{"id": ..}`.
pub(super) fn volume_entry_id(v: &Value) -> Option<&str> {
    v.as_str().or_else(|| v.get("id").and_then(Value::as_str))
}

/// Check that a block volume may be attached to `server` in `zone`.
fn check_attachable(w: &World, zone: Zone, server: &str, vid: &str) -> ApiResult<()> {
    let v = w
        .volumes
        .get(vid)
        .ok_or_else(|| ApiError::not_found("volume", vid))?;
    if v.zone != zone {
        return Err(ApiError::arg(
            "volumes",
            "constraint",
            format!("volume {vid} is in zone {}, not {zone}", v.zone),
        ));
    }
    if v.status == "creating" {
        return Err(ApiError::arg(
            "volumes",
            "constraint",
            format!("volume {vid} is still being created"),
        ));
    }
    if let Some(r) = &v.reference
        && r.server_id != server
    {
        return Err(ApiError::arg(
            "volumes",
            "constraint",
            format!("volume {vid} is already attached to server {}", r.server_id),
        ));
    }
    Ok(())
}

/// Apply a full `volumes` map: omitted sbs volumes are detached, new ones attach.
pub(super) fn set_volumes(
    w: &mut World,
    zone: Zone,
    id: &str,
    map: &Map<String, Value>,
) -> ApiResult<()> {
    if map.len() > MAX_VOLUMES {
        return Err(ApiError::arg(
            "volumes",
            "constraint",
            format!("a server can have at most {MAX_VOLUMES} volumes"),
        ));
    }
    let current = server_in(w, zone, id)?.clone();
    let mut wanted: BTreeMap<u32, String> = BTreeMap::new();
    for (k, v) in map {
        let idx: u32 = k.parse().map_err(|_| {
            ApiError::arg(
                &format!("volumes.{k}"),
                "format",
                "index must be an integer",
            )
        })?;
        let vid = volume_entry_id(v).ok_or_else(|| {
            ApiError::arg(
                &format!("volumes.{k}.id"),
                "required",
                "required key not provided",
            )
        })?;
        wanted.insert(idx, vid.to_string());
    }
    let running = current.state != "stopped";
    for old in current.volumes.values() {
        let kept = wanted.values().any(|v| *v == old.id);
        if !kept && old.volume_type != "sbs_volume" {
            return Err(ApiError::arg(
                "volumes",
                "constraint",
                format!("local volume {} cannot be detached", old.id),
            ));
        }
        if !kept && running && current.volumes.get(&0).is_some_and(|r| r.id == old.id) {
            return Err(ApiError::not_usable(
                "the root volume can only be detached from a stopped server",
            ));
        }
    }
    let known: Vec<&str> = current.volumes.values().map(|v| v.id.as_str()).collect();
    for vid in wanted.values().filter(|v| !known.contains(&v.as_str())) {
        check_attachable(w, zone, id, vid)?;
    }
    let mut next = VolumeSlots::new();
    let mut attached = Vec::new();
    for (idx, vid) in &wanted {
        let entry = match current.volumes.values().find(|v| v.id == *vid) {
            Some(old) => old.clone(),
            None => {
                attached.push(vid.clone());
                ServerVolume {
                    id: vid.clone().into(),
                    volume_type: "sbs_volume",
                    name: Box::default(),
                    size: 0,
                    state: "attaching",
                    created: Utc::now(),
                }
            }
        };
        next.insert(*idx, entry);
    }
    for old in current
        .volumes
        .values()
        .filter(|o| !wanted.values().any(|v| *v == o.id))
    {
        w.detach_block(&old.id);
    }
    for vid in &attached {
        w.attach_block(vid, id, false);
        w.schedule(
            1,
            Event::ServerVolumeSettled {
                server: id.to_string().into(),
                volume: vid.clone().into(),
            },
        );
    }
    let s = server_mut(w, zone, id)?;
    s.volumes = next;
    s.modified = Utc::now();
    Ok(())
}

pub async fn attach_volume(
    State(app): State<Arc<App>>,
    Path((zone, id)): Path<(String, String)>,
    raw: Bytes,
) -> ApiResult<Response> {
    let zone = http::zone(&zone)?;
    let b = body(&raw)?;
    let mut w = app.world();
    let s = server_in(&w, zone, &id)?;
    let vid = str_field(&b, "volume_id")
        .ok_or_else(|| ApiError::arg("volume_id", "required", "required key not provided"))?;
    if s.volumes.values().any(|v| v.id == vid) {
        return Err(ApiError::arg(
            "volume_id",
            "constraint",
            format!("Volume {vid} is already attached to this server"),
        ));
    }
    let mut map: Map<String, Value> = s
        .volumes
        .iter()
        .map(|(k, v)| (k.to_string(), json!(v.id)))
        .collect();
    let free = (0..).find(|i| !s.volumes.contains_key(i)).unwrap_or(0);
    map.insert(free.to_string(), json!(vid));
    set_volumes(&mut w, zone, &id, &map)?;
    wrap_server(&w, zone, &id, StatusCode::OK)
}

pub async fn detach_volume(
    State(app): State<Arc<App>>,
    Path((zone, id)): Path<(String, String)>,
    raw: Bytes,
) -> ApiResult<Response> {
    let zone = http::zone(&zone)?;
    let b = body(&raw)?;
    let mut w = app.world();
    let s = server_in(&w, zone, &id)?;
    let vid = str_field(&b, "volume_id")
        .ok_or_else(|| ApiError::arg("volume_id", "required", "required key not provided"))?;
    if !s.volumes.values().any(|v| v.id == vid) {
        return Err(ApiError::arg(
            "volume_id",
            "constraint",
            format!("Volume {vid} is not attached to this server"),
        ));
    }
    let map: Map<String, Value> = s
        .volumes
        .iter()
        .filter(|(_, v)| v.id != vid)
        .map(|(k, v)| (k.to_string(), json!(v.id)))
        .collect();
    set_volumes(&mut w, zone, &id, &map)?;
    wrap_server(&w, zone, &id, StatusCode::OK)
}
