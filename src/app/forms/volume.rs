//! Block volume forms: create, edit (name, size, IOPS, tags) and attach to a
//! server through the full volumes-map PATCH.

use std::collections::BTreeMap;
use std::sync::Arc;

use super::{AttachTarget, FormKind, FormSubmit, parse, tags};
use crate::api::locality::{Product, Zone};
use crate::api::models::{
    CreateVolumeRequest, FromEmpty, ServerSummary, UpdateServerRequest, UpdateVolumeRequest,
    VolumeServerType, VolumeStatus, VolumeSummary, VolumeTemplate,
};
use crate::app::editing::Catalog;
use crate::app::form::{Check, Field, Form, PickOption};
use crate::app::validate::{self, GB};

/// Most entries of a server's `volumes` map: the root plus 15 attached volumes
/// ("up to 15 volumes at a time", API-FACTS §7).
pub const MAX_SERVER_VOLUMES: usize = 16;

const IOPS_CHOICES: [&str; 2] = ["5K (5000 IOPS)", "15K (15000 IOPS)"];

fn iops_of(form: &Form) -> u32 {
    if form.value("perf_iops") == IOPS_CHOICES[1] {
        15_000
    } else {
        5_000
    }
}

/// New empty Block volume in `zone` (under zone "all" the form asks,
/// starting there), in the configured project or the one the form asks for
/// (the Block API needs one).
pub fn create(zone: Zone, catalog: &Catalog<'_>) -> Form {
    let (title, mut fields) = super::new_in_zone("volume", Product::Block, zone, catalog);
    fields.extend([
        Field::text("name", "Name", "", Check::Name),
        Field::text("size", "Size (GB)", "10", Check::SizeGb).hint("1-10000"),
        Field::choice("perf_iops", "IOPS", &IOPS_CHOICES, 0),
        Field::text("tags", "Tags", "", Check::Tags).hint("comma-separated"),
    ]);
    fields.extend(super::project_field(catalog));
    Form::new(
        title,
        FormKind::CreateVolume {
            zone,
            project: catalog.project.map(str::to_string),
        },
        fields,
    )
}

pub(super) fn build_create(
    form: &Form,
    zone: Zone,
    project: &Option<String>,
) -> Result<FormSubmit, (String, String)> {
    let size = parse(form, "size", validate::size_gb)?;
    let tags = tags(form)?;
    Ok(FormSubmit::CreateVolume {
        zone: super::zone_of(form, zone),
        request: CreateVolumeRequest {
            name: parse(form, "name", validate::name)?,
            project_id: super::project(form, project)?.unwrap_or_default(),
            perf_iops: Some(iops_of(form)),
            from_empty: Some(FromEmpty { size: size * GB }),
            from_snapshot: None,
            tags: Some(tags).filter(|t| !t.is_empty()),
        },
    })
}

/// Rename, retag, grow or change the IOPS class of a volume.
pub fn edit(volume: &VolumeSummary, zone: Zone) -> Form {
    let size_gb = volume.size.div_ceil(GB);
    let iops = volume.iops_class();
    let mut fields = vec![
        Field::text("name", "Name", &volume.name, Check::Name),
        Field::text(
            "size",
            "Size (GB)",
            &size_gb.to_string(),
            Check::GrowFromGb(size_gb),
        )
        .hint("can only grow"),
    ];
    if iops.is_some() {
        let index = usize::from(iops == Some(15_000));
        fields.push(
            Field::choice("perf_iops", "IOPS", &IOPS_CHOICES, index).hint("only while available"),
        );
    }
    fields.push(Field::text(
        "tags",
        "Tags",
        &volume.tags.join(", "),
        Check::Tags,
    ));
    Form::new(
        format!("Edit volume {}", volume.name),
        FormKind::UpdateVolume {
            zone,
            id: volume.id.to_string(),
            size_gb,
            iops,
        },
        fields,
    )
}

pub(super) fn build_update(form: &Form) -> Result<FormSubmit, (String, String)> {
    let FormKind::UpdateVolume {
        zone,
        id,
        size_gb,
        iops,
    } = &form.kind
    else {
        return Err((String::new(), "not a volume form".into()));
    };
    let size = parse(form, "size", |s| validate::grown_size_gb(s, *size_gb))?;
    let new_iops = form.field("perf_iops").map(|_| iops_of(form));
    Ok(FormSubmit::UpdateVolume {
        zone: *zone,
        id: id.clone(),
        request: UpdateVolumeRequest {
            name: Some(parse(form, "name", validate::name)?),
            // Only what changed: a same-size or same-IOPS PATCH can be refused
            // while the volume is in use.
            size: (size != *size_gb).then_some(size * GB),
            tags: Some(tags(form)?),
            perf_iops: new_iops.filter(|n| Some(*n) != *iops),
        },
    })
}

impl AttachTarget {
    pub fn from_server(server: &ServerSummary) -> Self {
        AttachTarget {
            id: server.id.to_string(),
            name: server.name.to_string(),
            volumes: server
                .volumes_in_order()
                .map(|(slot, v)| (slot.to_string(), v.id.to_string(), v.volume_type.clone()))
                .collect(),
        }
    }
}

/// The complete `volumes` map for a PATCH that attaches `volume_id` to
/// `server`: every attached volume kept (`{id, volume_type}`), the new one in
/// the lowest free slot after the root, at most [`MAX_SERVER_VOLUMES`] entries.
pub fn volumes_with(
    server: &AttachTarget,
    volume_id: &str,
) -> Result<BTreeMap<String, VolumeTemplate>, String> {
    if server.volumes.iter().any(|(_, id, _)| id == volume_id) {
        return Err(format!("the volume is already attached to {}", server.name));
    }
    if server.volumes.len() >= MAX_SERVER_VOLUMES {
        return Err(format!(
            "{} already has {} volumes (the API allows {MAX_SERVER_VOLUMES}: the root and 15 more)",
            server.name,
            server.volumes.len()
        ));
    }
    let mut map: BTreeMap<String, VolumeTemplate> = server
        .volumes
        .iter()
        .map(|(slot, id, kind)| {
            (
                slot.clone(),
                VolumeTemplate {
                    id: Some(id.clone()),
                    volume_type: Some(kind.clone()),
                    ..Default::default()
                },
            )
        })
        .collect();
    let slot = (1..)
        .map(|n: usize| n.to_string())
        .find(|s| !map.contains_key(s))
        .unwrap_or_default();
    map.insert(
        slot,
        VolumeTemplate {
            id: Some(volume_id.to_string()),
            volume_type: Some(VolumeServerType::SbsVolume),
            ..Default::default()
        },
    );
    Ok(map)
}

/// Attach `volume` to one of `servers` (those in its zone are offered). Refused
/// with a message when the volume is not available.
pub fn attach(
    volume: &VolumeSummary,
    zone: Zone,
    servers: &[Arc<ServerSummary>],
) -> Result<Form, String> {
    if volume.status != VolumeStatus::Available {
        return Err(format!(
            "volume {} is {}; only an available volume can be attached",
            volume.name, volume.status
        ));
    }
    let targets: Vec<AttachTarget> = servers
        .iter()
        .filter(|s| s.zone == zone.as_str())
        .map(|s| AttachTarget::from_server(s))
        .collect();
    if targets.is_empty() {
        return Err(format!("no server in {zone} to attach {} to", volume.name));
    }
    let options = targets
        .iter()
        .map(|t| {
            let mut o = PickOption::new(
                t.id.clone(),
                format!("{:<24} {:>2} volumes", t.name, t.volumes.len()),
            );
            if t.volumes.len() >= MAX_SERVER_VOLUMES {
                o.disabled = Some(format!("already {MAX_SERVER_VOLUMES} volumes"));
            }
            o
        })
        .collect();
    Ok(Form::new(
        format!("Attach volume {}", volume.name),
        FormKind::AttachVolume {
            zone,
            volume_id: volume.id.to_string(),
            servers: targets,
        },
        vec![Field::picker("server", "Server", options, None, true)],
    ))
}

/// Attach one of `zone`'s available volumes to `server` (`a` on a server):
/// volumes attached nowhere, in the server's zone. Refused with a message
/// when there is none or the server has no slot left.
pub fn attach_to_server(
    server: &ServerSummary,
    zone: Zone,
    volumes: &[Arc<VolumeSummary>],
) -> Result<Form, String> {
    let target = AttachTarget::from_server(server);
    if target.volumes.len() >= MAX_SERVER_VOLUMES {
        return Err(format!(
            "{} already has {MAX_SERVER_VOLUMES} volumes (the API's most)",
            server.name
        ));
    }
    let options: Vec<PickOption> = volumes
        .iter()
        .filter(|v| {
            v.zone == zone.as_str()
                && v.status == VolumeStatus::Available
                && v.attached_server_id().is_none()
        })
        .map(|v| {
            let iops = v
                .iops_class()
                .map(crate::app::rows::iops)
                .unwrap_or_default();
            PickOption::new(
                v.id.clone(),
                format!("{:<24} {:>7}  {iops}", v.name, crate::app::rows::gb(v.size)),
            )
        })
        .collect();
    if options.is_empty() {
        return Err(format!(
            "no available volume in {zone} to attach to {}",
            server.name
        ));
    }
    Ok(Form::new(
        format!("Attach a volume to {}", server.name),
        FormKind::AttachToServer {
            zone,
            server: target,
        },
        vec![Field::picker("volume_id", "Volume", options, None, true)],
    ))
}

pub(super) fn build_attach_to_server(form: &Form) -> Result<FormSubmit, (String, String)> {
    let FormKind::AttachToServer { zone, server } = &form.kind else {
        return Err((String::new(), "not an attach form".into()));
    };
    let volume_id = super::picked(form, "volume_id")
        .ok_or_else(|| ("volume_id".to_string(), "choose a volume".to_string()))?;
    let volumes = volumes_with(server, &volume_id).map_err(|m| ("volume_id".to_string(), m))?;
    Ok(FormSubmit::AttachVolume {
        zone: *zone,
        server_id: server.id.clone(),
        volume_id,
        request: UpdateServerRequest {
            volumes: Some(volumes),
            ..Default::default()
        },
    })
}

pub(super) fn build_attach(form: &Form) -> Result<FormSubmit, (String, String)> {
    let FormKind::AttachVolume {
        zone,
        volume_id,
        servers,
    } = &form.kind
    else {
        return Err((String::new(), "not an attach form".into()));
    };
    let chosen = form.value("server");
    let server = servers
        .iter()
        .find(|s| s.id == chosen)
        .ok_or_else(|| ("server".to_string(), "choose a server".to_string()))?;
    let volumes = volumes_with(server, volume_id).map_err(|m| ("server".to_string(), m))?;
    Ok(FormSubmit::AttachVolume {
        zone: *zone,
        server_id: server.id.clone(),
        volume_id: volume_id.clone(),
        request: UpdateServerRequest {
            volumes: Some(volumes),
            ..Default::default()
        },
    })
}
