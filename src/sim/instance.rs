//! Instance v1: servers, actions, volumes on servers, server types and images.

use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use chrono::Utc;
use serde_json::{Map, Value, json};

use super::App;
use super::catalog;
use super::error::{ApiError, ApiResult};
use super::http::{
    self, InOrder, Keyed, NameTagsPatch, Owner, body, get, instance_page, json_response, str_field,
    tags_field, with_location,
};
use super::render;
use super::server_volumes::{extra_volumes, new_root_volume, set_volumes, volume_entry_id};
use super::world::{
    BackupImage, Event, PublicIp, Server, ServerSettings, ServerVolume, VolumeSlots, World,
    instance_time,
};
use crate::api::locality::Zone;
use crate::inline_str::InlineStr;

/// `allowed_actions` exactly as recorded per state (API-FACTS §6).
pub fn allowed_actions(s: &Server) -> Vec<&'static str> {
    if s.volumes.values().any(|v| v.state == "attaching") {
        return vec![];
    }
    match (s.state, s.state_detail) {
        ("stopped", _) => vec!["poweron", "backup"],
        ("running", _) => vec!["poweroff", "terminate", "reboot", "stop_in_place", "backup"],
        ("stopping", "terminating") => vec![],
        ("starting" | "stopping", _) => vec!["stop_in_place", "backup"],
        ("stopped in place", _) => vec!["poweron", "poweroff", "terminate", "reboot", "backup"],
        _ => vec![],
    }
}

/// An IPv4 is `pending` while the server boots or stops and `attached` once it
/// is settled (stopped, stopped in place, or running past `booting kernel`), as
/// recorded; the routed IPv6 is `attached` throughout.
pub(super) fn ipv4_state(s: &Server) -> &'static str {
    match (s.state, s.state_detail) {
        ("stopped" | "stopped in place", _) => "attached",
        ("running", detail) if detail != "booting kernel" => "attached",
        _ => "pending",
    }
}

/// The server `id` of `zone`, or the recorded 404.
pub fn server_in<'a>(w: &'a World, zone: Zone, id: &str) -> ApiResult<&'a Server> {
    w.servers
        .get(id)
        .map(|s| &**s)
        .filter(|s| s.zone == zone)
        .ok_or_else(|| ApiError::not_found("instance_server", id))
}

pub(super) fn server_mut<'a>(w: &'a mut World, zone: Zone, id: &str) -> ApiResult<&'a mut Server> {
    w.servers
        .get_mut(id)
        .map(|s| &mut **s)
        .filter(|s| s.zone == zone)
        .ok_or_else(|| ApiError::not_found("instance_server", id))
}

pub(super) fn wrap_server(
    w: &World,
    zone: Zone,
    id: &str,
    status: StatusCode,
) -> ApiResult<Response> {
    let s = server_in(w, zone, id)?;
    Ok(json_response(status, Keyed("server", render::server(w, s))))
}

pub async fn list_servers(
    State(app): State<Arc<App>>,
    Path(zone): Path<String>,
    Query(q): Query<http::Query>,
) -> ApiResult<Response> {
    let zone = http::zone(&zone)?;
    let w = app.world();
    let name = get(&q, "name");
    let state = get(&q, "state");
    let ctype = get(&q, "commercial_type");
    let pn = get(&q, "private_network");
    let tags: Vec<&str> = get(&q, "tags")
        .map(|t| t.split(',').filter(|t| !t.is_empty()).collect())
        .unwrap_or_default();
    let ids: Option<Vec<&str>> = get(&q, "servers").map(|t| t.split(',').collect());
    let pns: Option<Vec<&str>> = get(&q, "private_networks").map(|t| t.split(',').collect());
    let mac = get(&q, "private_nic_mac_address");
    let with_ip = get(&q, "with_ip");
    let without_ip = get(&q, "without_ip") == Some("true");
    let order = get(&q, "order").unwrap_or("creation_date_desc");
    let owner = Owner::instance(&q);
    let mut extra = vec![("order".to_string(), order.to_string())];
    extra.extend(
        q.iter()
            .filter(|(k, _)| !matches!(k.as_str(), "page" | "per_page" | "order"))
            .cloned(),
    );
    let unfiltered = [name, state, ctype, pn, mac, with_ip]
        .iter()
        .all(Option::is_none)
        && tags.is_empty()
        && ids.is_none()
        && pns.is_none()
        && !without_ip
        && owner.is_anyone();
    // Every server of the zone in creation order: the page is cut from the
    // ids, and only its own servers are looked up (a zone of 1,000 servers
    // was a sixth of a page's CPU, read whole to be sorted).
    if let (true, Some(all), "creation_date_desc" | "creation_date_asc") =
        (unfiltered, w.servers_in_creation_order(zone), order)
    {
        let newest_first = order == "creation_date_desc";
        let look_up = |id: &InlineStr| w.servers.get(id).map(|s| &**s);
        let page = instance_page(
            InOrder::new(all, newest_first, look_up),
            &q,
            "/servers",
            &extra,
        )?;
        let servers: Vec<_> = page.items.iter().map(|s| render::server(&w, s)).collect();
        return Ok(page.respond(Keyed("servers", servers)));
    }
    let mut matching: Vec<&Server> = w
        .servers_by_zone
        .get(&zone)
        .into_iter()
        .flatten()
        .filter_map(|id| w.servers.get(id).map(|s| &**s))
        .filter(|s| owner.owns(&s.project))
        .filter(|s| name.is_none_or(|n| s.name.contains(n)))
        .filter(|s| state.is_none_or(|st| s.state == st))
        .filter(|s| ctype.is_none_or(|c| s.commercial_type == c))
        .filter(|s| pn.is_none_or(|p| s.private_nics.iter().any(|n| n.private_network_id == p)))
        .filter(|s| tags.iter().all(|t| s.tags.iter().any(|st| st == t)))
        .filter(|s| ids.as_ref().is_none_or(|ids| ids.contains(&s.id.as_str())))
        .filter(|s| {
            pns.as_ref().is_none_or(|p| {
                s.private_nics
                    .iter()
                    .any(|n| p.contains(&n.private_network_id.as_str()))
            })
        })
        .filter(|s| mac.is_none_or(|m| s.private_nics.iter().any(|n| n.mac_address == m)))
        .filter(|s| with_ip.is_none_or(|ip| s.public_ip.as_ref().is_some_and(|p| p.address == ip)))
        .filter(|s| !without_ip || s.public_ip.is_none())
        .collect();
    match order {
        "creation_date_desc" => matching.sort_by_key(|s| std::cmp::Reverse(s.created)),
        "creation_date_asc" => matching.sort_by_key(|s| s.created),
        "modification_date_desc" => matching.sort_by_key(|s| std::cmp::Reverse(s.modified)),
        "modification_date_asc" => matching.sort_by_key(|s| s.modified),
        other => {
            return Err(ApiError::arg(
                "order",
                "constraint",
                format!("unknown order {other}"),
            ));
        }
    }
    let page = instance_page(matching, &q, "/servers", &extra)?;
    let servers: Vec<_> = page.items.iter().map(|s| render::server(&w, s)).collect();
    Ok(page.respond(Keyed("servers", servers)))
}

pub async fn get_server(
    State(app): State<Arc<App>>,
    Path((zone, id)): Path<(String, String)>,
) -> ApiResult<Response> {
    let zone = http::zone(&zone)?;
    let w = app.world();
    wrap_server(&w, zone, &id, StatusCode::OK)
}

pub async fn create_server(
    State(app): State<Arc<App>>,
    Path(zone): Path<String>,
    raw: Bytes,
) -> ApiResult<Response> {
    let zone = http::zone(&zone)?;
    let b = body(&raw)?;
    let mut w = app.world();
    let mut missing = Vec::new();
    let ctype = str_field(&b, "commercial_type");
    let image = str_field(&b, "image");
    if ctype.is_none() {
        missing.push(super::error::ArgError::new(
            "commercial_type",
            "required",
            "required key not provided",
        ));
    }
    if image.is_none() {
        missing.push(super::error::ArgError::new(
            "image",
            "required",
            "required key not provided",
        ));
    }
    match b.get("volumes") {
        // With the rest missing too, the API lists `volumes` as well (recorded
        // error_400_invalid_arguments_create_server.json).
        None if !missing.is_empty() => missing.push(super::error::ArgError::new(
            "volumes",
            "required",
            "required key not provided",
        )),
        None | Some(Value::Object(_)) => {}
        Some(_) => missing.push(super::error::ArgError::new(
            "volumes",
            "format",
            "must be a map of volume templates",
        )),
    }
    let (Some(ctype), Some(image), true) = (ctype, image, missing.is_empty()) else {
        return Err(ApiError::InvalidArguments(missing));
    };
    let (ctype, stype) = catalog::server_type_named(zone, ctype).ok_or_else(|| {
        ApiError::arg(
            "commercial_type",
            "constraint",
            format!("{ctype} is not available in {zone}"),
        )
    })?;
    let arch = catalog::arch_of(stype);
    let img = catalog::find_image(zone, image, arch)
        .ok_or_else(|| ApiError::not_found("instance_image", image))?;
    if img.arch != arch {
        return Err(ApiError::arg(
            "image",
            "constraint",
            format!("image arch {} does not match {ctype} ({arch})", img.arch),
        ));
    }
    let tags = tags_field(&b, "tags")?.unwrap_or_default();
    let sg = match b.get("security_group").and_then(Value::as_str) {
        Some(id) => {
            w.security_groups
                .get(id)
                .filter(|g| g.zone == zone)
                .ok_or_else(|| ApiError::not_found("instance_security_group", id))?;
            id.to_string()
        }
        None => w.default_sg(zone),
    };
    let project = http::project_of(&b, "project", "organization");
    let id = w.uuid();
    let name = match str_field(&b, "name") {
        Some(n) if !n.is_empty() => n.to_string(),
        _ => format!("scw-{}", &id[..8]),
    };
    let root = b.get("volumes").and_then(|v| v.get("0"));
    let root_size = root
        .and_then(|r| r.get("size"))
        .and_then(Value::as_u64)
        .filter(|s| *s > 0)
        .unwrap_or(10_000_000_000);
    let root_type = root
        .and_then(|r| r.get("volume_type"))
        .and_then(Value::as_str)
        .unwrap_or("sbs_volume");
    let now = Utc::now();
    // Volumes are appended per zone, so everything past `before` was created here.
    let before = w.volumes_by_zone.get(&zone).map_or(0, Vec::len);
    let vol = if root_type == "l_ssd" {
        ServerVolume {
            id: w.uuid(),
            volume_type: "l_ssd",
            name: img.name.to_string().into(),
            size: root_size,
            state: "available",
            created: now,
        }
    } else {
        let vid = new_root_volume(&mut w, zone, (&id, &project), &name, root_size);
        ServerVolume {
            id: vid.into(),
            volume_type: "sbs_volume",
            name: Box::default(),
            size: root_size,
            state: "available",
            created: now,
        }
    };
    let public_ip = if b
        .get("dynamic_ip_required")
        .and_then(Value::as_bool)
        .unwrap_or(true)
    {
        let (a, c) = (w.random_u32(250) + 2, w.random_u32(250) + 2);
        Some(Box::new(PublicIp {
            id: w.uuid(),
            address: format!("51.15.{a}.{c}").into(),
            ipam_id: w.uuid(),
        }))
    } else {
        None
    };
    let server = Server {
        id: id.clone(),
        name: name.into(),
        zone,
        commercial_type: ctype,
        arch,
        image_id: img.id.clone().into(),
        state: "stopped",
        state_detail: "",
        tags,
        volumes: VolumeSlots::from([(0, vol)]),
        security_group: sg.into(),
        private_nics: vec![],
        public_ip,
        public_ipv6: None,
        settings: ServerSettings::default(),
        project: project.into(),
        mac_address: w.mac("de:00:00"),
        created: now,
        modified: now,
        node: w.random_u32(4000),
        generation: 0,
    };
    w.insert_server(server);
    if let Err(e) = extra_volumes(&mut w, zone, &id, b.get("volumes")) {
        // Undo: the server and the volumes created for it (not the ones it borrowed).
        let created: Vec<InlineStr> = w
            .volumes_by_zone
            .get(&zone)
            .map(|v| v[before..].to_vec())
            .unwrap_or_default();
        w.remove_server(&id);
        for v in created {
            w.remove_volume(&v);
        }
        return Err(e);
    }
    let resp = wrap_server(&w, zone, &id, StatusCode::CREATED)?;
    Ok(with_location(
        resp,
        format!("https://api.scaleway.com/instance/v1/zones/{zone}/servers/{id}"),
    ))
}

pub async fn update_server(
    State(app): State<Arc<App>>,
    Path((zone, id)): Path<(String, String)>,
    raw: Bytes,
) -> ApiResult<Response> {
    let zone = http::zone(&zone)?;
    let b = body(&raw)?;
    let mut w = app.world();
    let patch = ServerPatch::parse(&w, zone, &id, &b)?;
    patch.apply(&mut w, zone, &id)?;
    wrap_server(&w, zone, &id, StatusCode::OK)
}

/// `PUT /servers/{id}` (the SDKs' `_setServer`): the whole server is sent back,
/// so the writable fields are replaced: `name` is required and tags left out
/// become none; read-only fields (state, ids, dates...) are ignored.
pub async fn set_server(
    State(app): State<Arc<App>>,
    Path((zone, id)): Path<(String, String)>,
    raw: Bytes,
) -> ApiResult<Response> {
    let zone = http::zone(&zone)?;
    let b = http::replacement(&raw, &[("tags", json!([]))])?;
    let mut w = app.world();
    let patch = ServerPatch::parse(&w, zone, &id, &b)?;
    patch.apply(&mut w, zone, &id)?;
    wrap_server(&w, zone, &id, StatusCode::OK)
}

/// `GET /servers/{id}/action`: the actions allowed now (the SDKs' `listServerActions`).
pub async fn list_server_actions(
    State(app): State<Arc<App>>,
    Path((zone, id)): Path<(String, String)>,
) -> ApiResult<Response> {
    let zone = http::zone(&zone)?;
    let w = app.world();
    let s = server_in(&w, zone, &id)?;
    Ok(json_response(
        StatusCode::OK,
        json!({"actions": allowed_actions(s)}),
    ))
}

/// A server PATCH, every field checked before anything changes.
struct ServerPatch {
    name_tags: NameTagsPatch,
    security_group: Option<String>,
    commercial_type: Option<(&'static str, &'static str)>,
    protected: Option<bool>,
    enable_ipv6: Option<bool>,
    boot_type: Option<&'static str>,
    volumes: Option<Map<String, Value>>,
}

fn bool_field(b: &Value, key: &str) -> ApiResult<Option<bool>> {
    match b.get(key) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::Bool(v)) => Ok(Some(*v)),
        Some(_) => Err(ApiError::arg(key, "format", "must be a boolean")),
    }
}

impl ServerPatch {
    fn parse(w: &World, zone: Zone, id: &str, b: &Value) -> ApiResult<Self> {
        let s = server_in(w, zone, id)?;
        let security_group = match b.get("security_group") {
            None | Some(Value::Null) => None,
            Some(v) => {
                let sid = volume_entry_id(v).ok_or_else(|| {
                    ApiError::arg("security_group.id", "required", "required key not provided")
                })?;
                w.security_groups
                    .get(sid)
                    .filter(|g| g.zone == zone)
                    .ok_or_else(|| ApiError::not_found("instance_security_group", sid))?;
                Some(sid.to_string())
            }
        };
        // The simulator has no placement groups: `null` (none) is accepted, a
        // malformed id is the recorded 400, a well-formed one is unknown.
        match b.get("placement_group") {
            None | Some(Value::Null) => {}
            Some(v) => {
                let pid = volume_entry_id(v).unwrap_or_default();
                if uuid::Uuid::parse_str(pid).is_err() {
                    return Err(ApiError::arg(
                        "placement_group",
                        "constraint",
                        "not a valid value",
                    ));
                }
                return Err(ApiError::not_found("instance_placement_group", pid));
            }
        }
        let commercial_type = match str_field(b, "commercial_type") {
            Some(t) if t != s.commercial_type => {
                let (t, arch) = catalog::server_type_named(zone, t)
                    .and_then(|(t, v)| Some((t, v.get("arch")?.as_str()?)))
                    .ok_or_else(|| {
                        ApiError::arg(
                            "commercial_type",
                            "constraint",
                            format!("{t} is not available in {zone}"),
                        )
                    })?;
                if arch != s.arch {
                    return Err(ApiError::arg(
                        "commercial_type",
                        "constraint",
                        format!("{t} is {arch}, the server's image is {}", s.arch),
                    ));
                }
                if s.state != "stopped" {
                    return Err(ApiError::not_usable("server should be stopped"));
                }
                Some((t, arch))
            }
            _ => None,
        };
        let boot_type = match str_field(b, "boot_type") {
            None => None,
            Some(t) => Some(
                ["local", "bootscript", "rescue"]
                    .into_iter()
                    .find(|k| *k == t)
                    .ok_or_else(|| {
                        ApiError::arg(
                            "boot_type",
                            "constraint",
                            format!("{t} is not one of local, bootscript, rescue"),
                        )
                    })?,
            ),
        };
        let volumes = match b.get("volumes") {
            None => None,
            Some(v) => Some(
                v.as_object()
                    .cloned()
                    .ok_or_else(|| ApiError::arg("volumes", "format", "must be a map"))?,
            ),
        };
        Ok(Self {
            name_tags: NameTagsPatch::parse(b)?,
            security_group,
            commercial_type,
            protected: bool_field(b, "protected")?,
            enable_ipv6: bool_field(b, "enable_ipv6")?,
            boot_type,
            volumes,
        })
    }

    fn apply(self, w: &mut World, zone: Zone, id: &str) -> ApiResult<()> {
        if let Some(map) = &self.volumes {
            set_volumes(w, zone, id, map)?;
        }
        let s = server_mut(w, zone, id)?;
        self.name_tags.apply(&mut s.name, &mut s.tags);
        if let Some(g) = self.security_group {
            s.security_group = g.into();
        }
        if let Some((t, arch)) = self.commercial_type {
            s.commercial_type = t;
            s.arch = arch;
        }
        if let Some(p) = self.protected {
            s.settings.protected = p;
        }
        if let Some(v) = self.enable_ipv6 {
            s.settings.enable_ipv6 = v;
        }
        if let Some(t) = self.boot_type {
            s.settings.boot_type = t;
        }
        s.modified = Utc::now();
        Ok(())
    }
}

pub async fn delete_server(
    State(app): State<Arc<App>>,
    Path((zone, id)): Path<(String, String)>,
) -> ApiResult<Response> {
    let zone = http::zone(&zone)?;
    let mut w = app.world();
    let s = server_in(&w, zone, &id)?;
    if s.settings.protected {
        return Err(ApiError::protected("server is protected"));
    }
    if s.state != "stopped" {
        return Err(ApiError::not_usable("server should be stopped"));
    }
    w.remove_server(&id);
    Ok(http::no_content())
}

/// The `backup` action: a private image of the server, listed under `/images`.
fn backup_image(w: &mut World, id: &str, name: Option<&str>) -> String {
    let (image_id, root_id) = (w.uuid(), w.uuid());
    if let Some(s) = w.servers.get(id) {
        let name = name
            .map(str::to_string)
            .unwrap_or_else(|| format!("{}-{}", s.name, Utc::now().format("%Y-%m-%d_%H-%M")));
        let image = BackupImage {
            id: image_id.clone().into(),
            project: s.project.clone().into(),
            name,
            zone: s.zone,
            arch: s.arch.into(),
            from_server: s.id.clone().into(),
            root_id: root_id.into(),
            created: Utc::now(),
        };
        w.images.push(image);
    }
    image_id.into()
}

/// Schedule the recorded state sequence of an action.
fn run_action(w: &mut World, id: &str, action: &str) {
    let Some(s) = w.servers.get_mut(id) else {
        return;
    };
    s.generation += 1;
    let generation = s.generation;
    let from_in_place = s.state == "stopped in place";
    let steps: Vec<(&'static str, &'static str)> = match action {
        "poweron" if from_in_place => vec![
            ("starting", "stopped in place"),
            ("running", "booting kernel"),
        ],
        "poweron" => vec![
            ("starting", "allocating node"),
            ("starting", "provisioning node"),
            ("running", "booting kernel"),
        ],
        "poweroff" => vec![("stopping", "stopping"), ("stopped", "")],
        "stop_in_place" => vec![
            ("stopping", "stopping in place"),
            ("stopped in place", "stopped in place"),
        ],
        "reboot" => vec![
            ("stopping", "rebooting"),
            ("starting", "rebooting"),
            ("running", "booting kernel"),
        ],
        "terminate" => vec![("stopping", "terminating")],
        _ => vec![],
    };
    if let Some((state, detail)) = steps.first() {
        s.state = state;
        s.state_detail = detail;
        s.modified = Utc::now();
    }
    if action == "terminate" {
        for v in s
            .volumes
            .values_mut()
            .filter(|v| v.volume_type != "sbs_volume")
        {
            v.state = "deleting";
        }
        w.schedule(
            1,
            Event::ServerGone {
                id: id.to_string().into(),
                generation,
            },
        );
    }
    for (i, (state, detail)) in steps.into_iter().enumerate().skip(1) {
        w.schedule(
            i as u32,
            Event::ServerStep {
                id: id.to_string().into(),
                generation,
                state,
                detail,
            },
        );
    }
}

pub async fn server_action(
    State(app): State<Arc<App>>,
    Path((zone, id)): Path<(String, String)>,
    raw: Bytes,
) -> ApiResult<Response> {
    let zone = http::zone(&zone)?;
    let b = body(&raw)?;
    let mut w = app.world();
    let s = server_in(&w, zone, &id)?;
    let action = str_field(&b, "action").unwrap_or("poweron");
    let known = [
        "poweron",
        "backup",
        "stop_in_place",
        "poweroff",
        "terminate",
        "reboot",
        "enable_routed_ip",
    ];
    if !known.contains(&action) {
        return Err(ApiError::arg(
            "action",
            "constraint",
            format!("unknown action {action}"),
        ));
    }
    if action == "terminate" && s.settings.protected {
        return Err(ApiError::protected("server is protected"));
    }
    let allowed = allowed_actions(s);
    if action != "enable_routed_ip" && !allowed.contains(&action) {
        let help = if action == "poweron" {
            "server should be stopped"
        } else {
            "server should be running"
        };
        return Err(ApiError::not_usable(help));
    }
    let href_result = if action == "backup" {
        let image = backup_image(&mut w, &id, str_field(&b, "name"));
        format!("/images/{image}")
    } else {
        format!("/servers/{id}")
    };
    run_action(&mut w, &id, action);
    Ok(json_response(
        StatusCode::ACCEPTED,
        json!({"task": {
            "id": World::nil_uuid(),
            "description": "fake task",
            "status": "pending",
            "href_from": format!("/servers/{id}/action"),
            "href_result": href_result,
            "started_at": instance_time(Utc::now()),
            "terminated_at": null,
            "progress": 0,
            "zone": zone.as_str(),
        }}),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    fn server(w: &mut World) -> InlineStr {
        let id = w.uuid();
        let now = Utc::now();
        w.insert_server(Server {
            id: id.clone(),
            name: "t".into(),
            zone: Zone::FrPar1,
            commercial_type: "DEV1-S",
            arch: "x86_64",
            image_id: InlineStr::default(),
            state: "stopped",
            state_detail: "",
            tags: vec![],
            volumes: VolumeSlots::new(),
            security_group: InlineStr::default(),
            private_nics: vec![],
            public_ip: None,
            public_ipv6: None,
            settings: ServerSettings::default(),
            project: crate::sim::PROJECT.into(),
            mac_address: InlineStr::default(),
            created: now,
            modified: now,
            node: 0,
            generation: 0,
        });
        id
    }

    #[test]
    fn a_zone_is_in_creation_order_until_a_server_is_created_no_later_than_the_last() {
        let mut w = World::new(1, Duration::ZERO);
        crate::sim::fleet::generated(&mut w, 60, None);
        let created = |w: &World, id: &InlineStr| w.servers[id.as_str()].created;
        for zone in Zone::ALL {
            let ids = w.servers_in_creation_order(zone).unwrap();
            assert_eq!(ids.len(), 6);
            assert!(
                ids.windows(2)
                    .all(|p| created(&w, &p[0]) < created(&w, &p[1]))
            );
        }
        // Created now, after the fleet: the zone stays in order.
        let id = server(&mut w);
        assert_eq!(
            w.servers_in_creation_order(Zone::FrPar1)
                .and_then(<[_]>::last),
            Some(&id)
        );
        // One created at the same instant as the last (a clock that went
        // back): that zone's listings sort again, the others need not.
        let mut twin = (*w.servers[id.as_str()]).clone();
        twin.id = w.uuid();
        w.insert_server(twin);
        assert!(w.servers_in_creation_order(Zone::FrPar1).is_none());
        assert!(w.servers_in_creation_order(Zone::FrPar2).is_some());
    }

    #[test]
    fn allowed_actions_follow_the_recorded_table() {
        let mut w = World::new(1, Duration::ZERO);
        let id = server(&mut w);
        let table = [
            ("stopped", "", vec!["poweron", "backup"]),
            (
                "starting",
                "allocating node",
                vec!["stop_in_place", "backup"],
            ),
            (
                "running",
                "booting kernel",
                vec!["poweroff", "terminate", "reboot", "stop_in_place", "backup"],
            ),
            ("stopping", "stopping", vec!["stop_in_place", "backup"]),
            ("stopping", "terminating", vec![]),
            (
                "stopped in place",
                "stopped in place",
                vec!["poweron", "poweroff", "terminate", "reboot", "backup"],
            ),
        ];
        for (state, detail, expected) in table {
            let s = w.servers.get_mut(id.as_str()).unwrap();
            (s.state, s.state_detail) = (state, detail);
            assert_eq!(allowed_actions(s), expected, "{state}/{detail}");
        }
    }

    #[test]
    fn timers_apply_in_order_and_reach_the_final_state() {
        let mut w = World::new(1, Duration::ZERO);
        let id = server(&mut w);
        run_action(&mut w, &id, "poweron");
        assert_eq!(w.servers[id.as_str()].state_detail, "allocating node");
        w.tick();
        assert_eq!(
            (
                w.servers[id.as_str()].state,
                w.servers[id.as_str()].state_detail
            ),
            ("running", "booting kernel")
        );
        run_action(&mut w, &id, "terminate");
        w.tick();
        assert!(!w.servers.contains_key(id.as_str()));
    }
}
