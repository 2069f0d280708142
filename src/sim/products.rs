//! Catalogue endpoints (server types, availability, images) and the legacy Instance
//! volumes API, which only knows local volumes.

use std::sync::Arc;

use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use serde_json::{Map, Value, json};

use super::App;
use super::catalog;
use super::error::{ApiError, ApiResult};
use super::http::{self, Keyed, get, instance_page, json_response};
use super::render::{self, LocalVolumeJson};
use super::world::{BackupImage, World, instance_time};
use crate::api::locality::Zone;

pub async fn list_server_types(
    Path(zone): Path<String>,
    Query(q): Query<http::Query>,
) -> ApiResult<Response> {
    let zone = http::zone(&zone)?;
    let all: Vec<(&str, &Value)> = catalog::server_types(zone).into_iter().collect();
    let page = instance_page(all, &q, "/products/servers", &[])?;
    Ok(page.respond(ServerTypesJson {
        servers: Entries(&page.items),
    }))
}

/// `{"servers": {...}}` written from the catalogue as borrowed: a page
/// of server types cloned into a `Value` tree took 1.3 MB per request.
#[derive(serde::Serialize)]
struct ServerTypesJson<'a> {
    servers: Entries<'a>,
}

/// A JSON object of `(key, value)` pairs in their order.
struct Entries<'a>(&'a [(&'a str, &'a Value)]);

impl serde::Serialize for Entries<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_map(self.0.iter().map(|(k, v)| (k, v)))
    }
}

pub async fn server_types_availability(
    Path(zone): Path<String>,
    Query(q): Query<http::Query>,
) -> ApiResult<Response> {
    let zone = http::zone(&zone)?;
    let all: Vec<&str> = catalog::server_types(zone).into_keys().collect();
    let page = instance_page(all, &q, "/products/servers/availability", &[])?;
    let map: Map<String, Value> = page
        .items
        .iter()
        .map(|k| {
            (
                k.to_string(),
                json!({"availability": catalog::availability(zone, k)}),
            )
        })
        .collect();
    Ok(page.respond(json!({"servers": map})))
}

/// A backup image as the Instance API shows it (private, made from a server).
fn backup_json(i: &BackupImage) -> Value {
    json!({
        "id": i.id,
        "name": i.name,
        "organization": i.project,
        "project": i.project,
        "root_volume": {"volume_type": "sbs_snapshot", "id": i.root_id, "size": 0, "name": ""},
        "extra_volumes": {},
        "public": false,
        "arch": i.arch,
        "creation_date": instance_time(i.created),
        "modification_date": instance_time(i.created),
        "default_bootscript": null,
        "from_server": i.from_server,
        "state": "available",
        "tags": [],
        "zone": i.zone.as_str(),
    })
}

/// Public images of the zone followed by the project's backups, as JSON.
fn zone_images(w: &World, zone: Zone) -> Vec<Value> {
    catalog::images(zone)
        .iter()
        .map(catalog::Image::to_json)
        .chain(w.images.iter().filter(|i| i.zone == zone).map(backup_json))
        .collect()
}

pub async fn list_images(
    State(app): State<Arc<App>>,
    Path(zone): Path<String>,
    Query(q): Query<http::Query>,
) -> ApiResult<Response> {
    let zone = http::zone(&zone)?;
    let w = app.world();
    let field = |v: &Value, k: &str| {
        v.get(k)
            .and_then(Value::as_str)
            .unwrap_or_default()
            .to_string()
    };
    let name = get(&q, "name");
    let arch = get(&q, "arch");
    let public = get(&q, "public").map(|p| p == "true");
    let images: Vec<Value> = zone_images(&w, zone)
        .into_iter()
        .filter(|i| name.is_none_or(|n| field(i, "name").contains(n)))
        .filter(|i| arch.is_none_or(|a| field(i, "arch") == a))
        .filter(|i| public.is_none_or(|p| i.get("public") == Some(&Value::Bool(p))))
        .collect();
    let page = instance_page(images, &q, "/images", &http::echoed(&q))?;
    Ok(page.respond(json!({"images": page.items})))
}

pub async fn get_image(
    State(app): State<Arc<App>>,
    Path((zone, id)): Path<(String, String)>,
) -> ApiResult<Response> {
    let zone = http::zone(&zone)?;
    let w = app.world();
    let img = zone_images(&w, zone)
        .into_iter()
        .find(|i| i.get("id").and_then(Value::as_str) == Some(id.as_str()))
        .ok_or_else(|| ApiError::not_found("instance_image", &id))?;
    Ok(json_response(StatusCode::OK, json!({"image": img})))
}

/// Local (`l_ssd`/`scratch`) volumes of a zone, as the legacy Instance
/// volumes API lists them: as in their server, without `boot`.
fn local_volumes(w: &World, zone: Zone) -> Vec<LocalVolumeJson<'_>> {
    w.servers_by_zone
        .get(&zone)
        .into_iter()
        .flatten()
        .filter_map(|id| w.servers.get(id))
        .flat_map(|s| {
            s.volumes
                .values()
                .filter(|v| v.volume_type != "sbs_volume")
                .map(move |v| render::local_volume(s, v, None))
        })
        .collect()
}

/// `GET /volumes`: legacy Instance volumes (default page size 100, as recorded).
pub async fn list_instance_volumes(
    State(app): State<Arc<App>>,
    Path(zone): Path<String>,
    Query(mut q): Query<http::Query>,
) -> ApiResult<Response> {
    let zone = http::zone(&zone)?;
    let w = app.world();
    if get(&q, "per_page").is_none() {
        q.push(("per_page".into(), "100".into()));
    }
    let page = instance_page(local_volumes(&w, zone), &q, "/volumes", &http::echoed(&q))?;
    Ok(page.respond(Keyed("volumes", &page.items)))
}

/// `GET /volumes/{id}`: an SBS id answers 404 `instance_volume`, like the real API.
pub async fn get_instance_volume(
    State(app): State<Arc<App>>,
    Path((zone, id)): Path<(String, String)>,
) -> ApiResult<Response> {
    let zone = http::zone(&zone)?;
    let w = app.world();
    let v = local_volumes(&w, zone)
        .into_iter()
        .find(|v| v.id == id)
        .ok_or_else(|| ApiError::not_found("instance_volume", &id))?;
    Ok(json_response(StatusCode::OK, Keyed("volume", v)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn server_types_are_written_as_the_map_they_were() {
        let all: Vec<(&str, &Value)> = catalog::server_types(Zone::FrPar1).into_iter().collect();
        assert!(all.len() > 1);
        let map: Map<String, Value> = all
            .iter()
            .map(|(k, v)| (k.to_string(), (*v).clone()))
            .collect();
        let borrowed = serde_json::to_string(&ServerTypesJson {
            servers: Entries(&all),
        })
        .ok();
        assert_eq!(
            borrowed,
            serde_json::to_string(&json!({ "servers": map })).ok()
        );
    }
}
