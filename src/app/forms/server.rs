//! Server forms: create (type, image, security group pickers) and edit (name,
//! tags, security group, and the type while the server is stopped: the API
//! refuses a type change otherwise).

use std::collections::BTreeMap;
use std::sync::Arc;

use super::{FormKind, FormSubmit, parse, picked, tags};
use crate::api::locality::Zone;
use crate::api::models::{
    Availability, CreateServerRequest, Image, SecurityGroup, SecurityGroupTemplate, ServerState,
    ServerSummary, ServerType, ServerTypeAvailability, UpdateServerRequest,
};
use crate::app::form::{Check, Field, Form, PickOption};
use crate::app::validate;

/// RAM is reported in bytes; the console shows binary GB.
const GIB: u64 = 1 << 30;

/// `PRO2-S   8 vCPU  32 GB  EUR   83.22/month  available`, the name padded to
/// `width` so a list of types lines up.
pub fn type_label(
    name: &str,
    width: usize,
    t: &ServerType,
    availability: Option<&Availability>,
) -> String {
    let stock = availability.map_or("unknown", |a| a.as_str());
    format!(
        "{name:<width$} {:>2} vCPU {:>3} GB  EUR {:>7.2}/month  {stock}",
        t.ncpus,
        t.ram / GIB,
        t.monthly_cost()
    )
}

/// Server types for the zone's picker, cheapest first. Types in shortage or at
/// end of service are listed but cannot be chosen.
pub fn type_options(
    types: &BTreeMap<String, ServerType>,
    availability: &BTreeMap<String, ServerTypeAvailability>,
) -> Vec<PickOption> {
    let mut sorted: Vec<(&String, &ServerType)> = types.iter().collect();
    sorted.sort_by(|a, b| {
        a.1.monthly_cost()
            .total_cmp(&b.1.monthly_cost())
            .then(a.0.cmp(b.0))
    });
    let width = types.keys().map(|n| n.chars().count()).max().unwrap_or(0);
    sorted
        .into_iter()
        .map(|(name, t)| {
            let stock = availability.get(name).map(|a| &a.availability);
            let mut o = PickOption::new(name.clone(), type_label(name, width, t, stock));
            if t.end_of_service {
                o.disabled = Some("end of service".into());
            } else if stock == Some(&Availability::Shortage) {
                o.disabled = Some("out of stock in this zone".into());
            }
            o
        })
        .collect()
}

/// Images of the zone, by name: `ubuntu_noble  x86_64  a1b2c3d4`.
pub fn image_options(images: &[Image]) -> Vec<PickOption> {
    let mut sorted: Vec<&Image> = images.iter().collect();
    sorted.sort_by(|a, b| a.name.cmp(&b.name).then(a.id.cmp(&b.id)));
    sorted
        .into_iter()
        .map(|i| {
            let short: String = i.id.chars().take(8).collect();
            PickOption::new(
                i.id.clone(),
                format!("{:<32} {:<7} {short}", i.name, i.arch.as_str()),
            )
        })
        .collect()
}

/// Security groups of the zone; none chosen means the project default.
pub fn security_group_options(groups: &[Arc<SecurityGroup>]) -> Vec<PickOption> {
    groups
        .iter()
        .map(|g| {
            let default = if g.project_default { "  (default)" } else { "" };
            PickOption::new(g.id.clone(), format!("{}{default}", g.name))
        })
        .collect()
}

/// The create-server form for `zone`, from the zone's server types (with stock),
/// images and security groups. `project` comes from the configuration.
pub fn create(
    zone: Zone,
    types: &BTreeMap<String, ServerType>,
    availability: &BTreeMap<String, ServerTypeAvailability>,
    images: &[Image],
    groups: &[Arc<SecurityGroup>],
    project: Option<String>,
) -> Form {
    let type_arch = types
        .iter()
        .map(|(n, t)| (n.clone(), t.arch.as_str().to_string()))
        .collect();
    let image_arch = images
        .iter()
        .map(|i| (i.id.clone(), i.arch.as_str().to_string()))
        .collect();
    let kind = FormKind::CreateServer {
        zone,
        project,
        type_arch,
        image_arch,
    };
    Form::new(
        format!("New server in {zone}"),
        kind,
        vec![
            Field::text("name", "Name", "", Check::Name),
            Field::picker(
                "commercial_type",
                "Type",
                type_options(types, availability),
                None,
                true,
            ),
            Field::picker("image", "Image", image_options(images), None, true),
            Field::text("tags", "Tags", "", Check::Tags).hint("comma-separated"),
            Field::picker(
                "security_group",
                "Security group",
                security_group_options(groups),
                None,
                false,
            )
            .hint("empty: project default"),
            // The API creates servers stopped; the console starts them.
            Field::toggle("power_on", "Power on", true).hint("once created"),
        ],
    )
}

pub(super) fn build_create(form: &Form) -> Result<FormSubmit, (String, String)> {
    let FormKind::CreateServer {
        zone,
        project,
        type_arch,
        image_arch,
    } = &form.kind
    else {
        return Err((String::new(), "not a create-server form".into()));
    };
    let name = parse(form, "name", validate::name)?;
    let commercial_type = form.value("commercial_type").to_string();
    let image = form.value("image").to_string();
    if let (Some(t), Some(i)) = (type_arch.get(&commercial_type), image_arch.get(&image))
        && t != i
    {
        return Err((
            "image".into(),
            format!("{i} image on a {t} server type; pick a {t} image"),
        ));
    }
    let tags = tags(form)?;
    Ok(FormSubmit::CreateServer {
        zone: *zone,
        request: CreateServerRequest {
            name,
            commercial_type,
            image: Some(image),
            project: project.clone(),
            tags: Some(tags).filter(|t| !t.is_empty()),
            security_group: picked(form, "security_group"),
            ..Default::default()
        },
        power_on: form.value("power_on") == "true",
    })
}

/// Edit a server: name, tags, security group (groups of its zone), and its
/// type (the zone's types of the server's architecture) when it is stopped.
pub fn edit(
    server: &ServerSummary,
    zone: Zone,
    types: &BTreeMap<String, ServerType>,
    availability: &BTreeMap<String, ServerTypeAvailability>,
    groups: &[Arc<SecurityGroup>],
) -> Form {
    let stopped = server.state == ServerState::Stopped;
    let current_type = server.commercial_type.to_string();
    let current_group = server.security_group.as_ref().map(|g| g.id.to_string());
    let mut fields = vec![
        Field::text("name", "Name", &server.name, Check::Name),
        Field::text("tags", "Tags", &server.tags.join(", "), Check::Tags).hint("comma-separated"),
    ];
    if stopped {
        let same_arch: BTreeMap<String, ServerType> = types
            .iter()
            .filter(|(_, t)| t.arch.as_str() == &*server.arch)
            .map(|(n, t)| (n.clone(), t.clone()))
            .collect();
        fields.push(
            Field::picker(
                "commercial_type",
                "Type",
                type_options(&same_arch, availability),
                Some(&current_type),
                true,
            )
            .hint("stopped: the type can change"),
        );
    }
    fields.push(
        Field::picker(
            "security_group",
            "Security group",
            security_group_options(groups),
            current_group.as_deref(),
            false,
        )
        .hint("empty: unchanged"),
    );
    Form::new(
        format!("Edit server {}", server.name),
        FormKind::UpdateServer {
            zone,
            id: server.id.clone(),
            current_type,
            current_group,
        },
        fields,
    )
}

/// The PATCH of an edit: name and tags always; the type and the group only
/// when changed (an unchanged type is not sent, so a server that started
/// meanwhile is not refused for it).
pub(super) fn build_update(form: &Form) -> Result<FormSubmit, (String, String)> {
    let FormKind::UpdateServer {
        zone,
        id,
        current_type,
        current_group,
    } = &form.kind
    else {
        return Err((String::new(), "not an edit-server form".into()));
    };
    let commercial_type = picked(form, "commercial_type").filter(|t| t != current_type);
    let security_group = picked(form, "security_group")
        .filter(|g| Some(g) != current_group.as_ref())
        .map(|id| SecurityGroupTemplate { id, name: None });
    Ok(FormSubmit::UpdateServer {
        zone: *zone,
        id: id.to_string(),
        request: UpdateServerRequest {
            name: Some(parse(form, "name", validate::name)?),
            tags: Some(tags(form)?),
            commercial_type,
            security_group,
            ..Default::default()
        },
    })
}
