//! Instance API v1 endpoints (`/instance/v1/zones/{zone}/...`): servers,
//! actions, volume attachment, server types, images, security groups and
//! their rules, private NICs. One function per endpoint, typed both ways.

use std::collections::BTreeMap;

use super::client::Client;
use super::error::ApiError;
use super::locality::Zone;
use super::models::{
    AttachVolumeRequest, CreatePrivateNicRequest, CreateRuleRequest, CreateSecurityGroupRequest,
    CreateServerRequest, DetachVolumeRequest, Image, ImageResponse, PrivateNic, PrivateNicResponse,
    RuleResponse, RulesList, SecurityGroup, SecurityGroupResponse, SecurityGroupRule, Server,
    ServerActionRequest, ServerResponse, ServerState, ServerSummary, ServerType,
    ServerTypeAvailability, ServerTypesAvailability, SetRulesRequest, Task, TaskResponse,
    UpdatePrivateNicRequest, UpdateRuleRequest, UpdateSecurityGroupRequest, UpdateServerRequest,
};
use super::path::{instance_root, segment};
use super::reuse::Known;

/// Server-side filters of `GET /servers`; `None` leaves a filter out.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ServerFilters {
    /// Substring match ("web" matches "web-1").
    pub name: Option<String>,
    pub project: Option<String>,
    pub commercial_type: Option<String>,
    pub state: Option<ServerState>,
    /// Servers carrying every tag (sent comma-joined, as the API wants).
    pub tags: Vec<String>,
    pub private_network: Option<String>,
}

impl ServerFilters {
    fn query(&self) -> Vec<(&'static str, String)> {
        let mut q = Vec::new();
        let mut push = |k, v: &Option<String>| {
            if let Some(v) = v {
                q.push((k, v.clone()));
            }
        };
        push("name", &self.name);
        push("project", &self.project);
        push("commercial_type", &self.commercial_type);
        push("private_network", &self.private_network);
        if let Some(state) = &self.state {
            q.push(("state", state.as_str().to_string()));
        }
        if !self.tags.is_empty() {
            q.push(("tags", self.tags.join(",")));
        }
        q
    }
}

fn server_path(zone: Zone, id: &str) -> Result<String, ApiError> {
    Ok(format!("{}/servers/{}", instance_root(zone), segment(id)?))
}

fn sg_path(zone: Zone, id: &str) -> Result<String, ApiError> {
    Ok(format!(
        "{}/security_groups/{}",
        instance_root(zone),
        segment(id)?
    ))
}

fn rule_path(zone: Zone, sg: &str, rule: &str) -> Result<String, ApiError> {
    Ok(format!("{}/rules/{}", sg_path(zone, sg)?, segment(rule)?))
}

fn nic_path(zone: Zone, server: &str, nic: &str) -> Result<String, ApiError> {
    Ok(format!(
        "{}/private_nics/{}",
        server_path(zone, server)?,
        segment(nic)?
    ))
}

// ---- servers ----

/// Every server of the zone matching `filters` (all pages).
pub async fn list_servers(
    client: &Client,
    zone: Zone,
    filters: &ServerFilters,
) -> Result<Vec<Server>, ApiError> {
    let path = format!("{}/servers", instance_root(zone));
    client
        .list_instance(&path, &filters.query(), "servers")
        .await
}

/// Every server of the zone as a [`ServerSummary`]: what a dashboard keeps
/// of 10,000 servers without holding every key of each. Each is decoded
/// straight into its own `Arc`, and one equal to a `known` server is swapped
/// for it as its page arrives; a page `known` read byte for byte is not
/// decoded. Returns what the next listing is to reuse (its items in order).
pub async fn list_server_summaries(
    client: &Client,
    zone: Zone,
    known: &Known<ServerSummary>,
) -> Result<Known<ServerSummary>, ApiError> {
    let path = format!("{}/servers", instance_root(zone));
    client.list_instance_known(&path, "servers", known).await
}

pub async fn get_server(client: &Client, zone: Zone, id: &str) -> Result<Server, ApiError> {
    let r: ServerResponse = client.get(&server_path(zone, id)?, &[]).await?;
    Ok(r.server)
}

/// One server as a [`ServerSummary`], the dashboard's view (an edit form
/// reads it again before sending, to show what changed meanwhile).
pub async fn get_server_summary(
    client: &Client,
    zone: Zone,
    id: &str,
) -> Result<ServerSummary, ApiError> {
    #[derive(serde::Deserialize)]
    struct One {
        server: ServerSummary,
    }
    let r: One = client.get(&server_path(zone, id)?, &[]).await?;
    Ok(r.server)
}

/// Creates a server (201); it starts `stopped`.
pub async fn create_server(
    client: &Client,
    zone: Zone,
    request: &CreateServerRequest,
) -> Result<Server, ApiError> {
    let path = format!("{}/servers", instance_root(zone));
    let r: ServerResponse = client.post(&path, request).await?;
    Ok(r.server)
}

/// PATCHes a server. A `volumes` map replaces the whole attachment set, so it
/// must carry every volume to keep (see `VolumeTemplate::keep`).
pub async fn update_server(
    client: &Client,
    zone: Zone,
    id: &str,
    request: &UpdateServerRequest,
) -> Result<Server, ApiError> {
    let r: ServerResponse = client.patch(&server_path(zone, id)?, request).await?;
    Ok(r.server)
}

/// Deletes a stopped server (the API refuses a running one).
pub async fn delete_server(client: &Client, zone: Zone, id: &str) -> Result<(), ApiError> {
    client.delete(&server_path(zone, id)?).await
}

/// Starts an action (poweron, poweroff, reboot, stop_in_place, terminate...); 202.
pub async fn server_action(
    client: &Client,
    zone: Zone,
    id: &str,
    request: &ServerActionRequest,
) -> Result<Task, ApiError> {
    let path = format!("{}/action", server_path(zone, id)?);
    let r: TaskResponse = client.post(&path, request).await?;
    Ok(r.task)
}

pub async fn attach_volume(
    client: &Client,
    zone: Zone,
    server_id: &str,
    request: &AttachVolumeRequest,
) -> Result<Server, ApiError> {
    let path = format!("{}/attach-volume", server_path(zone, server_id)?);
    let r: ServerResponse = client.post(&path, request).await?;
    Ok(r.server)
}

pub async fn detach_volume(
    client: &Client,
    zone: Zone,
    server_id: &str,
    request: &DetachVolumeRequest,
) -> Result<Server, ApiError> {
    let path = format!("{}/detach-volume", server_path(zone, server_id)?);
    let r: ServerResponse = client.post(&path, request).await?;
    Ok(r.server)
}

// ---- products ----

/// Every server type of the zone, pages merged, keyed by commercial type.
pub async fn list_server_types(
    client: &Client,
    zone: Zone,
) -> Result<BTreeMap<String, ServerType>, ApiError> {
    let path = format!("{}/products/servers", instance_root(zone));
    let pairs = client.list_instance_map(&path, &[], "servers").await?;
    Ok(pairs.into_iter().collect())
}

/// Stock of every server type in the zone.
pub async fn list_server_availability(
    client: &Client,
    zone: Zone,
) -> Result<BTreeMap<String, ServerTypeAvailability>, ApiError> {
    let path = format!("{}/products/servers/availability", instance_root(zone));
    let pairs: Vec<(String, ServerTypeAvailability)> =
        client.list_instance_map(&path, &[], "servers").await?;
    Ok(ServerTypesAvailability {
        servers: pairs.into_iter().collect(),
    }
    .servers)
}

// ---- images ----

pub async fn list_images(client: &Client, zone: Zone) -> Result<Vec<Image>, ApiError> {
    let path = format!("{}/images", instance_root(zone));
    client.list_instance(&path, &[], "images").await
}

pub async fn get_image(client: &Client, zone: Zone, id: &str) -> Result<Image, ApiError> {
    let path = format!("{}/images/{}", instance_root(zone), segment(id)?);
    let r: ImageResponse = client.get(&path, &[]).await?;
    Ok(r.image)
}

// ---- security groups ----

pub async fn list_security_groups(
    client: &Client,
    zone: Zone,
) -> Result<Vec<SecurityGroup>, ApiError> {
    let path = format!("{}/security_groups", instance_root(zone));
    client.list_instance(&path, &[], "security_groups").await
}

pub async fn get_security_group(
    client: &Client,
    zone: Zone,
    id: &str,
) -> Result<SecurityGroup, ApiError> {
    let r: SecurityGroupResponse = client.get(&sg_path(zone, id)?, &[]).await?;
    Ok(r.security_group)
}

pub async fn create_security_group(
    client: &Client,
    zone: Zone,
    request: &CreateSecurityGroupRequest,
) -> Result<SecurityGroup, ApiError> {
    let path = format!("{}/security_groups", instance_root(zone));
    let r: SecurityGroupResponse = client.post(&path, request).await?;
    Ok(r.security_group)
}

pub async fn update_security_group(
    client: &Client,
    zone: Zone,
    id: &str,
    request: &UpdateSecurityGroupRequest,
) -> Result<SecurityGroup, ApiError> {
    let r: SecurityGroupResponse = client.patch(&sg_path(zone, id)?, request).await?;
    Ok(r.security_group)
}

pub async fn delete_security_group(client: &Client, zone: Zone, id: &str) -> Result<(), ApiError> {
    client.delete(&sg_path(zone, id)?).await
}

// ---- rules ----

/// The group's rules (the API does not paginate them by total; see `list_instance`).
pub async fn list_rules(
    client: &Client,
    zone: Zone,
    sg_id: &str,
) -> Result<Vec<SecurityGroupRule>, ApiError> {
    let path = format!("{}/rules", sg_path(zone, sg_id)?);
    client.list_instance(&path, &[], "rules").await
}

pub async fn get_rule(
    client: &Client,
    zone: Zone,
    sg_id: &str,
    rule_id: &str,
) -> Result<SecurityGroupRule, ApiError> {
    let r: RuleResponse = client.get(&rule_path(zone, sg_id, rule_id)?, &[]).await?;
    Ok(r.rule)
}

pub async fn create_rule(
    client: &Client,
    zone: Zone,
    sg_id: &str,
    request: &CreateRuleRequest,
) -> Result<SecurityGroupRule, ApiError> {
    let path = format!("{}/rules", sg_path(zone, sg_id)?);
    let r: RuleResponse = client.post(&path, request).await?;
    Ok(r.rule)
}

pub async fn update_rule(
    client: &Client,
    zone: Zone,
    sg_id: &str,
    rule_id: &str,
    request: &UpdateRuleRequest,
) -> Result<SecurityGroupRule, ApiError> {
    let r: RuleResponse = client
        .patch(&rule_path(zone, sg_id, rule_id)?, request)
        .await?;
    Ok(r.rule)
}

pub async fn delete_rule(
    client: &Client,
    zone: Zone,
    sg_id: &str,
    rule_id: &str,
) -> Result<(), ApiError> {
    client.delete(&rule_path(zone, sg_id, rule_id)?).await
}

/// Replaces every editable rule at once (PUT `.../rules`); returns the new set.
pub async fn set_rules(
    client: &Client,
    zone: Zone,
    sg_id: &str,
    request: &SetRulesRequest,
) -> Result<Vec<SecurityGroupRule>, ApiError> {
    let path = format!("{}/rules", sg_path(zone, sg_id)?);
    let r: RulesList = client.put(&path, request).await?;
    Ok(r.rules)
}

// ---- private NICs ----

pub async fn list_private_nics(
    client: &Client,
    zone: Zone,
    server_id: &str,
) -> Result<Vec<PrivateNic>, ApiError> {
    let path = format!("{}/private_nics", server_path(zone, server_id)?);
    client.list_instance(&path, &[], "private_nics").await
}

pub async fn get_private_nic(
    client: &Client,
    zone: Zone,
    server_id: &str,
    nic_id: &str,
) -> Result<PrivateNic, ApiError> {
    let r: PrivateNicResponse = client.get(&nic_path(zone, server_id, nic_id)?, &[]).await?;
    Ok(r.private_nic)
}

/// Plugs the server into a private network (201).
pub async fn create_private_nic(
    client: &Client,
    zone: Zone,
    server_id: &str,
    request: &CreatePrivateNicRequest,
) -> Result<PrivateNic, ApiError> {
    let path = format!("{}/private_nics", server_path(zone, server_id)?);
    let r: PrivateNicResponse = client.post(&path, request).await?;
    Ok(r.private_nic)
}

pub async fn update_private_nic(
    client: &Client,
    zone: Zone,
    server_id: &str,
    nic_id: &str,
    request: &UpdatePrivateNicRequest,
) -> Result<PrivateNic, ApiError> {
    let r: PrivateNicResponse = client
        .patch(&nic_path(zone, server_id, nic_id)?, request)
        .await?;
    Ok(r.private_nic)
}

pub async fn delete_private_nic(
    client: &Client,
    zone: Zone,
    server_id: &str,
    nic_id: &str,
) -> Result<(), ApiError> {
    client.delete(&nic_path(zone, server_id, nic_id)?).await
}
