//! Instance private NICs: a server's plug into a regional Private Network.

use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use chrono::Utc;
use serde_json::{Value, json};

use super::App;
use super::catalog;
use super::error::{ApiError, ApiResult};
use super::http::{self, body, instance_page, json_response, str_field, tags_field};
use super::instance::server_in;
use super::render;
use super::world::{Event, PrivateNic, World};
use crate::api::locality::Zone;

fn nic_json(w: &World, zone: Zone, server: &str, nic: &str) -> ApiResult<Value> {
    let s = server_in(w, zone, server)?;
    let n = s
        .private_nics
        .iter()
        .find(|n| n.id == nic)
        .ok_or_else(|| ApiError::not_found("instance_private_nic", nic))?;
    Ok(serde_json::to_value(render::nic(s, n)).unwrap_or_default())
}

pub async fn list_nics(
    State(app): State<Arc<App>>,
    Path((zone, id)): Path<(String, String)>,
    Query(q): Query<http::Query>,
) -> ApiResult<Response> {
    let zone = http::zone(&zone)?;
    let w = app.world();
    let s = server_in(&w, zone, &id)?;
    let nics: Vec<_> = s.private_nics.iter().map(|n| render::nic(s, n)).collect();
    let page = instance_page(
        nics,
        &q,
        &format!("/servers/{id}/private_nics"),
        &http::echoed(&q),
    )?;
    Ok(page.respond(json!({"private_nics": page.items})))
}

pub async fn create_nic(
    State(app): State<Arc<App>>,
    Path((zone, id)): Path<(String, String)>,
    raw: Bytes,
) -> ApiResult<Response> {
    let zone = http::zone(&zone)?;
    let b = body(&raw)?;
    let mut w = app.world();
    let s = server_in(&w, zone, &id)?;
    let pn_id = str_field(&b, "private_network_id").ok_or_else(|| {
        ApiError::arg(
            "private_network_id",
            "required",
            "required key not provided",
        )
    })?;
    let pn = w
        .private_networks
        .get(pn_id)
        .ok_or_else(|| ApiError::not_found("private_network", pn_id))?;
    if pn.region != zone.region() {
        return Err(ApiError::arg(
            "private_network_id",
            "constraint",
            format!(
                "private network {pn_id} is in region {}, server is in zone {zone}",
                pn.region
            ),
        ));
    }
    if s.private_nics.iter().any(|n| n.private_network_id == pn_id) {
        return Err(ApiError::arg(
            "private_network_id",
            "constraint",
            "server is already attached to this private network",
        ));
    }
    let max = catalog::server_type(zone, s.commercial_type)
        .and_then(|t| t.pointer("/capabilities/private_network"))
        .and_then(Value::as_u64)
        .unwrap_or(8) as usize;
    if s.private_nics.len() >= max {
        return Err(ApiError::arg(
            "private_network_id",
            "constraint",
            format!("{} supports at most {max} private NICs", s.commercial_type),
        ));
    }
    let tags = tags_field(&b, "tags")?.unwrap_or_default();
    let pn_id = pn_id.to_string();
    let (nic_id, mac_address) = (w.uuid(), w.mac("02:00:00"));
    let ipam_ip_ids = w
        .book_nic_ips(&pn_id, &id, &nic_id, &mac_address, Utc::now())
        .ok_or_else(|| {
            ApiError::not_usable(format!(
                "no free IPv4 address left in the subnets of private network {pn_id}"
            ))
        })?;
    let nic = PrivateNic {
        id: nic_id,
        private_network_id: pn_id.into(),
        mac_address,
        state: "syncing",
        created: Utc::now(),
        modified: Utc::now(),
        tags,
        ipam_ip_ids,
    };
    let nic_id = nic.id.clone();
    if let Some(s) = w.servers.get_mut(id.as_str()) {
        s.private_nics.push(nic);
    }
    w.schedule(
        1,
        Event::NicAvailable {
            server: id.clone().into(),
            nic: nic_id.clone(),
        },
    );
    Ok(json_response(
        StatusCode::CREATED,
        json!({"private_nic": nic_json(&w, zone, &id, &nic_id)?}),
    ))
}

pub async fn get_nic(
    State(app): State<Arc<App>>,
    Path((zone, id, nic)): Path<(String, String, String)>,
) -> ApiResult<Response> {
    let zone = http::zone(&zone)?;
    let w = app.world();
    Ok(json_response(
        StatusCode::OK,
        json!({"private_nic": nic_json(&w, zone, &id, &nic)?}),
    ))
}

pub async fn update_nic(
    State(app): State<Arc<App>>,
    Path((zone, id, nic)): Path<(String, String, String)>,
    raw: Bytes,
) -> ApiResult<Response> {
    let zone = http::zone(&zone)?;
    let b = body(&raw)?;
    let mut w = app.world();
    nic_json(&w, zone, &id, &nic)?;
    if let Some(tags) = tags_field(&b, "tags")?
        && let Some(n) = w
            .servers
            .get_mut(id.as_str())
            .and_then(|s| s.private_nics.iter_mut().find(|n| n.id == nic))
    {
        n.tags = tags;
        n.modified = Utc::now();
    }
    Ok(json_response(
        StatusCode::OK,
        json!({"private_nic": nic_json(&w, zone, &id, &nic)?}),
    ))
}

pub async fn delete_nic(
    State(app): State<Arc<App>>,
    Path((zone, id, nic)): Path<(String, String, String)>,
) -> ApiResult<Response> {
    let zone = http::zone(&zone)?;
    let mut w = app.world();
    nic_json(&w, zone, &id, &nic)?;
    let mut released = Vec::new();
    if let Some(s) = w.servers.get_mut(id.as_str()) {
        s.private_nics.retain(|n| {
            if n.id == nic {
                released.extend(n.ipam_ip_ids.iter().cloned());
            }
            n.id != nic
        });
        s.modified = Utc::now();
    }
    // Its addresses go back to the network's pool.
    w.release_ips(&released);
    Ok(http::no_content())
}
