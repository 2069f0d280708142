//! The dashboard's forms, one file per resource: each opens a [`Form`] from the
//! data it needs and builds a typed request from it. [`FormSubmit`] is what the
//! executor sends.

pub mod network;
pub mod security_group;
pub mod server;
pub mod volume;

use std::collections::BTreeMap;

use crate::api::locality::{Product, Region, Zone};
use crate::api::models::{
    CreatePrivateNetworkRequest, CreatePrivateNicRequest, CreateSecurityGroupRequest,
    CreateServerRequest, CreateVolumeRequest, CreateVpcRequest, SetRulesRequest,
    UpdatePrivateNetworkRequest, UpdateSecurityGroupRequest, UpdateServerRequest,
    UpdateVolumeRequest, UpdateVpcRequest, VolumeServerType,
};

use super::editing::Catalog;
use super::form::{Check, Field, Form, PickOption};

/// A request a form produced, with where to send it. The executor maps each to
/// one API call (see each variant); a server create may add its power-on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FormSubmit {
    /// `POST /instance/v1/zones/{zone}/servers`, then (when `power_on`)
    /// `POST .../servers/{id}/action` `{"action": "poweron"}`: the API
    /// creates servers stopped.
    CreateServer {
        zone: Zone,
        request: CreateServerRequest,
        power_on: bool,
    },
    /// `PATCH /instance/v1/zones/{zone}/servers/{id}` (name, tags, and the
    /// type or security group when changed).
    UpdateServer {
        zone: Zone,
        id: String,
        request: UpdateServerRequest,
    },
    /// `PATCH /instance/v1/zones/{zone}/servers/{server_id}` with the complete
    /// `volumes` map (existing volumes kept, the new one appended).
    AttachVolume {
        zone: Zone,
        server_id: String,
        volume_id: String,
        request: UpdateServerRequest,
    },
    /// `POST /block/v1/zones/{zone}/volumes`.
    CreateVolume {
        zone: Zone,
        request: CreateVolumeRequest,
    },
    /// `PATCH /block/v1/zones/{zone}/volumes/{id}`.
    UpdateVolume {
        zone: Zone,
        id: String,
        request: UpdateVolumeRequest,
    },
    /// `POST /instance/v1/zones/{zone}/security_groups`.
    CreateSecurityGroup {
        zone: Zone,
        request: CreateSecurityGroupRequest,
    },
    /// `PATCH /instance/v1/zones/{zone}/security_groups/{id}`.
    UpdateSecurityGroup {
        zone: Zone,
        id: String,
        request: UpdateSecurityGroupRequest,
    },
    /// `PUT /instance/v1/zones/{zone}/security_groups/{id}/rules`.
    SetRules {
        zone: Zone,
        security_group_id: String,
        request: SetRulesRequest,
    },
    /// `POST /instance/v1/zones/{zone}/servers/{server_id}/private_nics`.
    CreatePrivateNic {
        zone: Zone,
        server_id: String,
        request: CreatePrivateNicRequest,
    },
    /// `POST /vpc/v2/regions/{region}/private-networks`.
    CreatePrivateNetwork {
        region: Region,
        request: CreatePrivateNetworkRequest,
    },
    /// `PATCH /vpc/v2/regions/{region}/private-networks/{id}`.
    UpdatePrivateNetwork {
        region: Region,
        id: String,
        request: UpdatePrivateNetworkRequest,
    },
    /// `POST /vpc/v2/regions/{region}/vpcs`.
    CreateVpc {
        region: Region,
        request: CreateVpcRequest,
    },
    /// `PATCH /vpc/v2/regions/{region}/vpcs/{id}`.
    UpdateVpc {
        region: Region,
        id: String,
        request: UpdateVpcRequest,
    },
}

impl FormSubmit {
    /// For the log: "update server <id> in fr-par-1" (ids, which the log
    /// keeps exact); the status line names them (`status::describe`).
    pub fn describe(&self) -> String {
        self.describe_named(|id| id.to_string())
    }

    /// "update server web-1 in fr-par-1", each id written by `name`.
    pub fn describe_named(&self, name: impl Fn(&str) -> String) -> String {
        match self {
            FormSubmit::CreateServer { zone, request, .. } => {
                format!("create server {} in {zone}", request.name)
            }
            FormSubmit::UpdateServer { zone, id, .. } => {
                format!("update server {} in {zone}", name(id))
            }
            FormSubmit::AttachVolume {
                zone,
                server_id,
                volume_id,
                ..
            } => format!(
                "attach volume {} to server {} in {zone}",
                name(volume_id),
                name(server_id)
            ),
            FormSubmit::CreateVolume { zone, request } => {
                format!("create volume {} in {zone}", request.name)
            }
            FormSubmit::UpdateVolume { zone, id, .. } => {
                format!("update volume {} in {zone}", name(id))
            }
            FormSubmit::CreateSecurityGroup { zone, request } => {
                format!("create security group {} in {zone}", request.name)
            }
            FormSubmit::UpdateSecurityGroup { zone, id, .. } => {
                format!("update security group {} in {zone}", name(id))
            }
            FormSubmit::SetRules {
                zone,
                security_group_id,
                request,
            } => format!(
                "set {} of security group {} in {zone}",
                super::status::count(request.rules.len(), "rule"),
                name(security_group_id)
            ),
            FormSubmit::CreatePrivateNic {
                zone,
                server_id,
                request,
            } => format!(
                "attach server {} in {zone} to private network {}",
                name(server_id),
                name(&request.private_network_id)
            ),
            FormSubmit::CreatePrivateNetwork { region, request } => {
                format!("create private network {} in {region}", request.name)
            }
            FormSubmit::UpdatePrivateNetwork { region, id, .. } => {
                format!("update private network {} in {region}", name(id))
            }
            FormSubmit::CreateVpc { region, request } => {
                format!("create VPC {} in {region}", request.name)
            }
            FormSubmit::UpdateVpc { region, id, .. } => {
                format!("update VPC {} in {region}", name(id))
            }
        }
    }
}

/// A server as the attach-volume form needs it: its slots, in the zone.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AttachTarget {
    pub id: String,
    pub name: String,
    /// `(slot, volume id, volume type)` of every attached volume.
    pub volumes: Vec<(String, String, VolumeServerType)>,
}

/// Which form this is, with what its builder needs beyond the fields.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FormKind {
    CreateServer {
        zone: Zone,
        /// The configured project; `None`: the form's project field.
        project: Option<String>,
        /// Architecture of each of the zone's server types.
        type_arch: BTreeMap<String, String>,
        /// Every image of the zone: the picker offers those of the chosen
        /// type's architecture.
        images: Vec<server::ImageChoice>,
        /// What of the zone's catalog is still being fetched ("server
        /// types", "images"): the request waits for it.
        loading: Vec<&'static str>,
    },
    UpdateServer {
        zone: Zone,
        id: String,
        /// What the server had when the form opened: only changes are sent.
        current_type: String,
        current_group: Option<String>,
    },
    CreateVolume {
        zone: Zone,
        /// The configured project; `None`: the form's project field.
        project: Option<String>,
    },
    UpdateVolume {
        zone: Zone,
        id: String,
        size_gb: u64,
        iops: Option<u32>,
    },
    AttachVolume {
        zone: Zone,
        volume_id: String,
        servers: Vec<AttachTarget>,
    },
    CreateSecurityGroup {
        zone: Zone,
        project: Option<String>,
    },
    UpdateSecurityGroup {
        zone: Zone,
        id: String,
    },
    CreatePrivateNetwork {
        region: Region,
        project_id: Option<String>,
    },
    UpdatePrivateNetwork {
        region: Region,
        id: String,
    },
    AttachPrivateNetwork {
        zone: Zone,
        server_id: String,
    },
    /// `a` on a server: one of its zone's free volumes (`volume_id`).
    AttachToServer {
        zone: Zone,
        server: AttachTarget,
    },
    /// `a` on a private network: one of its region's servers (`server_id`),
    /// with the zone each lives in.
    AttachToNetwork {
        network_id: String,
        servers: Vec<(String, Zone)>,
    },
    CreateVpc {
        region: Region,
        project_id: Option<String>,
    },
    UpdateVpc {
        region: Region,
        id: String,
    },
    /// The rule sub-form of the rule editor (built by `rule_editor`).
    Rule,
}

/// Builds the request of a form whose fields passed their checks. An error
/// names the field to blame (or none) and says why.
pub fn build(form: &Form) -> Result<FormSubmit, (String, String)> {
    match &form.kind {
        FormKind::CreateServer { .. } => server::build_create(form),
        FormKind::UpdateServer { .. } => server::build_update(form),
        FormKind::CreateVolume { zone, project } => volume::build_create(form, *zone, project),
        FormKind::UpdateVolume { .. } => volume::build_update(form),
        FormKind::AttachVolume { .. } => volume::build_attach(form),
        FormKind::AttachToServer { .. } => volume::build_attach_to_server(form),
        FormKind::CreateSecurityGroup { zone, project } => {
            security_group::build_create(form, *zone, project)
        }
        FormKind::UpdateSecurityGroup { zone, id } => security_group::build_update(form, *zone, id),
        FormKind::CreatePrivateNetwork { .. }
        | FormKind::UpdatePrivateNetwork { .. }
        | FormKind::AttachPrivateNetwork { .. }
        | FormKind::AttachToNetwork { .. }
        | FormKind::CreateVpc { .. }
        | FormKind::UpdateVpc { .. } => network::build(form),
        FormKind::Rule => Err((
            String::new(),
            "a rule is applied from the rule editor".into(),
        )),
    }
}

/// A field changed: what depends on it in the same form follows it.
pub(super) fn changed(form: &mut Form, key: &str) {
    if let FormKind::CreateServer { .. } = form.kind {
        server::changed(form, key);
    }
}

/// The zone field of a create form opened under zone "all": one of `zones`
/// where `product` is served, `zone` (the selected row's) to begin with.
/// `None` when `zones` offers no choice (one zone in view: the form's title
/// names it).
fn zone_field(zones: &[Zone], product: Product, zone: Zone) -> Option<Field> {
    (!zones.is_empty()).then(|| {
        let options = zones
            .iter()
            .filter(|z| z.serves(product))
            .map(|z| PickOption::new(z.as_str(), z.as_str()))
            .collect();
        Field::picker("zone", "Zone", options, Some(zone.as_str()), true)
    })
}

/// The title of a form creating a `noun` in `zone`, and its first fields:
/// under zone "all" the zone field (and the title names no zone).
pub(crate) fn new_in_zone(
    noun: &str,
    product: Product,
    zone: Zone,
    catalog: &Catalog<'_>,
) -> (String, Vec<Field>) {
    match zone_field(catalog.zones, product, zone) {
        Some(field) => (format!("New {noun}"), vec![field]),
        None => (format!("New {noun} in {zone}"), Vec::new()),
    }
}

/// The zone a create form asks for (its zone field), else `zone`.
pub(crate) fn zone_of(form: &Form, zone: Zone) -> Zone {
    form.value("zone").parse().unwrap_or(zone)
}

/// The project field of a create form when no project is configured
/// (`default_project_id`): prefilled with the project every resource in view
/// belongs to, when they share one.
pub(crate) fn project_field(catalog: &Catalog<'_>) -> Option<Field> {
    catalog.project.is_none().then(|| {
        Field::text(
            "project",
            "Project",
            catalog.shared_project.unwrap_or(""),
            Check::Uuid,
        )
        .hint("no default_project_id set")
    })
}

/// The project a create request names: the configured one, else the
/// form's project field (a UUID).
pub(crate) fn project(
    form: &Form,
    configured: &Option<String>,
) -> Result<Option<String>, (String, String)> {
    match configured {
        Some(p) => Ok(Some(p.clone())),
        None => parse(form, "project", super::validate::uuid).map(Some),
    }
}

/// The form field an API argument name blames: the last non-numeric segment
/// (`from_empty.size` -> `size`, `rules.2.dest_port_to` -> `dest_port_to`),
/// with a few renames (`volumes` -> the server picker of an attach).
pub fn field_for_argument(kind: &FormKind, argument: &str) -> Option<String> {
    let last = argument
        .split('.')
        .rev()
        .find(|s| !s.is_empty() && s.parse::<u64>().is_err())?;
    let key = match (kind, last) {
        (FormKind::AttachVolume { .. }, "volumes" | "volume_id") => "server",
        (FormKind::AttachToServer { .. }, "volumes") => "volume_id",
        (FormKind::AttachToNetwork { .. }, "private_network_id") => "server_id",
        (_, "project" | "project_id" | "organization") => "project",
        (_, "image_id") => "image",
        (_, other) => other,
    };
    Some(key.to_string())
}

/// Parses a text field with a validator, naming the field on failure.
pub(crate) fn parse<T>(
    form: &Form,
    key: &str,
    check: impl Fn(&str) -> Result<T, String>,
) -> Result<T, (String, String)> {
    check(form.value(key)).map_err(|m| (key.to_string(), m))
}

/// The tags field as a request value: `Some(list)`, empty meaning "no tags".
pub(crate) fn tags(form: &Form) -> Result<Vec<String>, (String, String)> {
    parse(form, "tags", super::validate::tags)
}

/// A picker value, `None` when nothing is chosen.
pub(crate) fn picked(form: &Form, key: &str) -> Option<String> {
    Some(form.value(key).to_string()).filter(|v| !v.is_empty())
}

/// A form's request the API applied.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Applied {
    /// A step after the request that failed (the power-on after a create),
    /// in the API's words. The resource exists, so the form closes anyway:
    /// sending it again would create a second one.
    pub follow_up_error: Option<String>,
}

/// Why the API refused a form's request, as the form shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SubmitError {
    /// The whole message (the status line and the form's own line).
    pub message: String,
    /// `(argument name, message)` per blamed field, as the API named them.
    pub fields: Vec<(String, String)>,
    /// The answer was lost: the request may have been applied.
    pub outcome_unknown: bool,
}

impl SubmitError {
    pub fn from_api(err: &crate::api::ApiError) -> Self {
        SubmitError {
            message: err.to_string(),
            fields: err.field_messages(),
            outcome_unknown: err.outcome_unknown(),
        }
    }
}

impl FormSubmit {
    /// Whether this edits an existing resource (its fields were prefilled
    /// from it): read again before sending, to show what changed meanwhile.
    pub fn is_edit(&self) -> bool {
        self.edited().is_some()
    }

    /// The id of the resource this edits (of [`FormSubmit::tab`]'s kind, at
    /// [`FormSubmit::locality`]); `None` for a request that edits nothing.
    pub fn edited(&self) -> Option<&str> {
        match self {
            FormSubmit::UpdateServer { id, .. }
            | FormSubmit::UpdateVolume { id, .. }
            | FormSubmit::UpdateSecurityGroup { id, .. }
            | FormSubmit::UpdatePrivateNetwork { id, .. }
            | FormSubmit::UpdateVpc { id, .. } => Some(id),
            _ => None,
        }
    }

    /// Where the request goes: the zone or region refreshed after it.
    pub fn locality(&self) -> Option<crate::app::Locality> {
        use crate::app::Locality;
        use FormSubmit as F;
        Some(match self {
            F::CreateServer { zone, .. }
            | F::UpdateServer { zone, .. }
            | F::AttachVolume { zone, .. }
            | F::CreateVolume { zone, .. }
            | F::UpdateVolume { zone, .. }
            | F::CreateSecurityGroup { zone, .. }
            | F::UpdateSecurityGroup { zone, .. }
            | F::SetRules { zone, .. }
            | F::CreatePrivateNic { zone, .. } => Locality::Zone(*zone),
            F::CreatePrivateNetwork { region, .. }
            | F::UpdatePrivateNetwork { region, .. }
            | F::CreateVpc { region, .. }
            | F::UpdateVpc { region, .. } => Locality::Region(*region),
        })
    }

    /// The other resource an attach changes, and its tab: the server a
    /// volume attaches to, the network a server joins (its row shows the
    /// request too).
    pub fn other_side(&self) -> Option<(&str, crate::app::Tab)> {
        use crate::app::Tab;
        match self {
            FormSubmit::AttachVolume { server_id, .. } => Some((server_id, Tab::Servers)),
            FormSubmit::CreatePrivateNic { request, .. } => {
                Some((&request.private_network_id, Tab::PrivateNetworks))
            }
            _ => None,
        }
    }

    /// The tab whose rows the request changes (refreshed after success).
    pub fn tab(&self) -> crate::app::Tab {
        use crate::app::Tab;
        match self {
            FormSubmit::CreateServer { .. }
            | FormSubmit::UpdateServer { .. }
            | FormSubmit::CreatePrivateNic { .. } => Tab::Servers,
            FormSubmit::AttachVolume { .. }
            | FormSubmit::CreateVolume { .. }
            | FormSubmit::UpdateVolume { .. } => Tab::Volumes,
            FormSubmit::CreateSecurityGroup { .. }
            | FormSubmit::UpdateSecurityGroup { .. }
            | FormSubmit::SetRules { .. } => Tab::SecurityGroups,
            FormSubmit::CreatePrivateNetwork { .. } | FormSubmit::UpdatePrivateNetwork { .. } => {
                Tab::PrivateNetworks
            }
            FormSubmit::CreateVpc { .. } | FormSubmit::UpdateVpc { .. } => Tab::Vpcs,
        }
    }
}
