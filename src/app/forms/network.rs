//! VPC v2 forms: private networks (create, rename/tags, attach a server) and
//! VPCs (create, rename/tags).

use std::sync::Arc;

use super::{FormKind, FormSubmit, parse, picked, tags};
use crate::api::locality::{Region, Zone};
use crate::api::models::{
    CreatePrivateNetworkRequest, CreatePrivateNicRequest, CreateVpcRequest, PrivateNetwork,
    ServerSummary, UpdatePrivateNetworkRequest, UpdateVpcRequest, Vpc,
};
use crate::app::editing::Catalog;
use crate::app::form::{Check, Field, Form, PickOption};
use crate::app::validate;

fn tags_field(current: &[String]) -> Field {
    Field::text("tags", "Tags", &current.join(", "), Check::Tags).hint("comma-separated")
}

/// New private network in `region`; the VPC picker offers the region's VPCs with
/// the default one preselected.
pub fn create_private_network(region: Region, catalog: &Catalog<'_>) -> Form {
    let vpcs = catalog.vpcs;
    let options: Vec<PickOption> = vpcs
        .iter()
        .filter(|v| v.region == region.as_str())
        .map(|v| {
            let default = if v.is_default { "  (default)" } else { "" };
            PickOption::new(v.id.clone(), format!("{}{default}", v.name))
        })
        .collect();
    let default = vpcs
        .iter()
        .find(|v| v.is_default && v.region == region.as_str())
        .map(|v| v.id.as_str());
    let mut fields = vec![
        Field::text("name", "Name", "", Check::Name),
        Field::picker("vpc_id", "VPC", options, default, false).hint("empty: the default VPC"),
        Field::text("subnets", "Subnets", "", Check::Subnets).hint("CIDRs, empty: allocated"),
        tags_field(&[]),
    ];
    fields.extend(super::project_field(catalog));
    Form::new(
        format!("New private network in {region}"),
        FormKind::CreatePrivateNetwork {
            region,
            project_id: catalog.project.map(str::to_string),
        },
        fields,
    )
}

pub fn edit_private_network(pn: &PrivateNetwork, region: Region) -> Form {
    Form::new(
        format!("Edit private network {}", pn.name),
        FormKind::UpdatePrivateNetwork {
            region,
            id: pn.id.clone(),
        },
        vec![
            Field::text("name", "Name", &pn.name, Check::Name),
            tags_field(&pn.tags),
        ],
    )
}

/// Attach `server` to a private network of its region it is not on yet.
pub fn attach_server(
    server: &ServerSummary,
    zone: Zone,
    networks: &[Arc<PrivateNetwork>],
) -> Result<Form, String> {
    let region = zone.region();
    let on: Vec<&str> = server.private_network_ids();
    let options: Vec<PickOption> = networks
        .iter()
        .filter(|pn| pn.region == region.as_str() && !on.contains(&pn.id.as_str()))
        .map(|pn| {
            let subnet = pn.ipv4_subnet().map(|s| s.to_string()).unwrap_or_default();
            PickOption::new(pn.id.clone(), format!("{:<24} {subnet}", pn.name))
        })
        .collect();
    if options.is_empty() {
        return Err(format!(
            "no private network in {region} that {} is not already on",
            server.name
        ));
    }
    Ok(Form::new(
        format!("Attach {} to a private network", server.name),
        FormKind::AttachPrivateNetwork {
            zone,
            server_id: server.id.to_string(),
        },
        vec![Field::picker(
            "private_network_id",
            "Private network",
            options,
            None,
            true,
        )],
    ))
}

/// Attach one of the region's servers that is not on `network` yet to it
/// (`a` on a private network): a private NIC on the chosen server.
pub fn attach_to_network(
    network: &PrivateNetwork,
    region: Region,
    servers: &[Arc<ServerSummary>],
) -> Result<Form, String> {
    let candidates: Vec<(&ServerSummary, Zone)> = servers
        .iter()
        .filter_map(|s| Some((s.as_ref(), s.zone.parse::<Zone>().ok()?)))
        .filter(|(s, z)| {
            z.region() == region && !s.private_network_ids().contains(&network.id.as_str())
        })
        .collect();
    if candidates.is_empty() {
        return Err(format!(
            "every server in {region} is on {} already",
            network.name
        ));
    }
    let options = candidates
        .iter()
        .map(|(s, z)| {
            PickOption::new(
                s.id.clone(),
                format!("{:<24} {z:<9} {}", s.name, s.state.as_str()),
            )
        })
        .collect();
    Ok(Form::new(
        format!("Attach a server to {}", network.name),
        FormKind::AttachToNetwork {
            network_id: network.id.clone(),
            servers: candidates
                .iter()
                .map(|(s, z)| (s.id.to_string(), *z))
                .collect(),
        },
        vec![Field::picker("server_id", "Server", options, None, true)],
    ))
}

pub fn create_vpc(region: Region, catalog: &Catalog<'_>) -> Form {
    let mut fields = vec![
        Field::text("name", "Name", "", Check::Name),
        tags_field(&[]),
    ];
    fields.extend(super::project_field(catalog));
    Form::new(
        format!("New VPC in {region}"),
        FormKind::CreateVpc {
            region,
            project_id: catalog.project.map(str::to_string),
        },
        fields,
    )
}

pub fn edit_vpc(vpc: &Vpc, region: Region) -> Form {
    Form::new(
        format!("Edit VPC {}", vpc.name),
        FormKind::UpdateVpc {
            region,
            id: vpc.id.clone(),
        },
        vec![
            Field::text("name", "Name", &vpc.name, Check::Name),
            tags_field(&vpc.tags),
        ],
    )
}

pub(super) fn build(form: &Form) -> Result<FormSubmit, (String, String)> {
    let name = || parse(form, "name", validate::name);
    let non_empty = |t: Vec<String>| Some(t).filter(|t| !t.is_empty());
    Ok(match &form.kind {
        FormKind::CreatePrivateNetwork { region, project_id } => FormSubmit::CreatePrivateNetwork {
            region: *region,
            request: CreatePrivateNetworkRequest {
                name: name()?,
                project_id: super::project(form, project_id)?,
                tags: non_empty(tags(form)?),
                subnets: parse(form, "subnets", validate::subnets)?,
                vpc_id: picked(form, "vpc_id"),
                default_route_propagation_enabled: None,
            },
        },
        FormKind::UpdatePrivateNetwork { region, id } => FormSubmit::UpdatePrivateNetwork {
            region: *region,
            id: id.clone(),
            request: UpdatePrivateNetworkRequest {
                name: Some(name()?),
                tags: Some(tags(form)?),
                default_route_propagation_enabled: None,
            },
        },
        FormKind::AttachPrivateNetwork { zone, server_id } => FormSubmit::CreatePrivateNic {
            zone: *zone,
            server_id: server_id.clone(),
            request: CreatePrivateNicRequest {
                private_network_id: picked(form, "private_network_id").ok_or_else(|| {
                    (
                        "private_network_id".to_string(),
                        "choose a private network".to_string(),
                    )
                })?,
                tags: None,
                ipam_ip_ids: None,
            },
        },
        FormKind::AttachToNetwork {
            network_id,
            servers,
        } => {
            let chosen = form.value("server_id");
            let (server_id, zone) = servers
                .iter()
                .find(|(id, _)| id == chosen)
                .ok_or_else(|| ("server_id".to_string(), "choose a server".to_string()))?;
            FormSubmit::CreatePrivateNic {
                zone: *zone,
                server_id: server_id.clone(),
                request: CreatePrivateNicRequest {
                    private_network_id: network_id.clone(),
                    tags: None,
                    ipam_ip_ids: None,
                },
            }
        }
        FormKind::CreateVpc { region, project_id } => FormSubmit::CreateVpc {
            region: *region,
            request: CreateVpcRequest {
                name: name()?,
                project_id: super::project(form, project_id)?,
                tags: non_empty(tags(form)?),
                enable_routing: None,
            },
        },
        FormKind::UpdateVpc { region, id } => FormSubmit::UpdateVpc {
            region: *region,
            id: id.clone(),
            request: UpdateVpcRequest {
                name: Some(name()?),
                tags: Some(tags(form)?),
            },
        },
        _ => return Err((String::new(), "not a network form".into())),
    })
}
