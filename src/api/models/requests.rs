//! Request bodies. `None` fields are left out of the JSON so that a PATCH only
//! touches what the user changed.

use std::collections::BTreeMap;

use serde::Serialize;

use super::security_group::{RuleAction, RuleDirection, RuleProtocol, SecurityPolicy};
use super::server::{BootType, ServerAction, VolumeServerType};

/// A volume slot in a server create/update body. For a full-map PATCH send
/// `{id, volume_type}` per kept volume; omitted slots are detached.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Default)]
pub struct VolumeTemplate {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// Bytes.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub size: Option<u64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub volume_type: Option<VolumeServerType>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub boot: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub base_snapshot: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub project: Option<String>,
}

/// `POST /instance/v1/zones/{zone}/servers`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Default)]
pub struct CreateServerRequest {
    pub name: String,
    pub commercial_type: String,
    /// Image id (or label).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub image: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub project: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub tags: Option<Vec<String>>,
    /// Security group id.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub security_group: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub volumes: Option<BTreeMap<String, VolumeTemplate>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub dynamic_ip_required: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub routed_ip_enabled: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub enable_ipv6: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub boot_type: Option<BootType>,
    /// Ids of flexible IPs to attach.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub public_ips: Option<Vec<String>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub placement_group: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub protected: Option<bool>,
}

/// A security group given by id in an update (`{"id": "..."}`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SecurityGroupTemplate {
    pub id: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
}

/// `PATCH /instance/v1/zones/{zone}/servers/{id}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Default)]
pub struct UpdateServerRequest {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub tags: Option<Vec<String>>,
    /// The complete volume map: slots left out are detached.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub volumes: Option<BTreeMap<String, VolumeTemplate>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub security_group: Option<SecurityGroupTemplate>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub dynamic_ip_required: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub routed_ip_enabled: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub enable_ipv6: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub boot_type: Option<BootType>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub protected: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub commercial_type: Option<String>,
}

/// Per-volume option of a `backup` action.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct BackupVolumeTemplate {
    /// Snapshot kind, e.g. `l_ssd` or `unified`.
    pub volume_type: String,
}

/// `POST .../servers/{id}/action`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ServerActionRequest {
    pub action: ServerAction,
    /// Name of the image a `backup` creates.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// `backup` only, keyed by volume id.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub volumes: Option<BTreeMap<String, BackupVolumeTemplate>>,
    /// `enable_routed_ip` only.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub disable_ipv6: Option<bool>,
}

impl ServerActionRequest {
    /// A plain action without options: `{"action": "poweron"}`.
    pub fn new(action: ServerAction) -> Self {
        ServerActionRequest {
            action,
            name: None,
            volumes: None,
            disable_ipv6: None,
        }
    }
}

/// `POST .../servers/{id}/attach-volume`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AttachVolumeRequest {
    pub volume_id: String,
    /// `sbs_volume` for Block volumes, `l_ssd` for local ones.
    pub volume_type: VolumeServerType,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub boot: Option<bool>,
}

/// `POST .../servers/{id}/detach-volume`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DetachVolumeRequest {
    pub volume_id: String,
}

/// `POST .../security_groups`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Default)]
pub struct CreateSecurityGroupRequest {
    pub name: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub project: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub tags: Option<Vec<String>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub stateful: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub inbound_default_policy: Option<SecurityPolicy>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub outbound_default_policy: Option<SecurityPolicy>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub enable_default_security: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub project_default: Option<bool>,
}

/// `PATCH .../security_groups/{id}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Default)]
pub struct UpdateSecurityGroupRequest {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub tags: Option<Vec<String>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub stateful: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub inbound_default_policy: Option<SecurityPolicy>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub outbound_default_policy: Option<SecurityPolicy>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub project_default: Option<bool>,
}

/// One rule of a `PUT .../security_groups/{id}/rules` body. `id: null` creates a
/// rule; `id` and both ports are always sent (null when absent), like the SDK.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RuleTemplate {
    pub id: Option<String>,
    pub action: RuleAction,
    pub protocol: RuleProtocol,
    pub direction: RuleDirection,
    pub ip_range: String,
    pub dest_port_from: Option<u32>,
    pub dest_port_to: Option<u32>,
    pub position: u32,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub editable: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub zone: Option<String>,
}

/// `PUT .../security_groups/{id}/rules`: replaces every editable rule; rules
/// left out are deleted.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SetRulesRequest {
    pub rules: Vec<RuleTemplate>,
}

/// `POST .../security_groups/{id}/rules`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CreateRuleRequest {
    pub protocol: RuleProtocol,
    pub direction: RuleDirection,
    pub action: RuleAction,
    pub ip_range: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub dest_port_from: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub dest_port_to: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub position: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub editable: Option<bool>,
}

/// `PATCH .../security_groups/{id}/rules/{rule_id}`. To clear the ports send
/// `dest_port_from: 0, dest_port_to: 0` (the API turns them into null).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Default)]
pub struct UpdateRuleRequest {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub protocol: Option<RuleProtocol>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub direction: Option<RuleDirection>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub action: Option<RuleAction>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ip_range: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub dest_port_from: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub dest_port_to: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub position: Option<u32>,
}

/// `POST .../servers/{id}/private_nics`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CreatePrivateNicRequest {
    pub private_network_id: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub tags: Option<Vec<String>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ipam_ip_ids: Option<Vec<String>>,
}

/// `PATCH .../servers/{id}/private_nics/{nic_id}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Default)]
pub struct UpdatePrivateNicRequest {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub tags: Option<Vec<String>>,
}

/// `from_empty` of a Block volume creation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FromEmpty {
    /// Bytes (1 GB to 10 TB).
    pub size: u64,
}

/// `from_snapshot` of a Block volume creation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FromSnapshot {
    pub snapshot_id: String,
    /// Bytes; at least the snapshot's size.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub size: Option<u64>,
}

/// `POST /block/v1/zones/{zone}/volumes`. Set exactly one of `from_empty` and
/// `from_snapshot`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Default)]
pub struct CreateVolumeRequest {
    pub name: String,
    pub project_id: String,
    /// 5000 (`sbs_5k`, the default) or 15000 (`sbs_15k`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub perf_iops: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub from_empty: Option<FromEmpty>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub from_snapshot: Option<FromSnapshot>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub tags: Option<Vec<String>>,
}

/// `PATCH /block/v1/zones/{zone}/volumes/{id}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Default)]
pub struct UpdateVolumeRequest {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// Bytes; can only grow.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub size: Option<u64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub tags: Option<Vec<String>>,
    /// Only while the volume is `available`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub perf_iops: Option<u32>,
}

/// `POST /vpc/v2/regions/{region}/private-networks`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Default)]
pub struct CreatePrivateNetworkRequest {
    pub name: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub project_id: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub tags: Option<Vec<String>>,
    /// CIDR strings; leave `None` to let the API allocate.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub subnets: Option<Vec<String>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub vpc_id: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub default_route_propagation_enabled: Option<bool>,
}

/// `PATCH /vpc/v2/regions/{region}/private-networks/{id}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Default)]
pub struct UpdatePrivateNetworkRequest {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub tags: Option<Vec<String>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub default_route_propagation_enabled: Option<bool>,
}

/// `POST /vpc/v2/regions/{region}/vpcs`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Default)]
pub struct CreateVpcRequest {
    pub name: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub project_id: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub tags: Option<Vec<String>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub enable_routing: Option<bool>,
}

/// `PATCH /vpc/v2/regions/{region}/vpcs/{id}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Default)]
pub struct UpdateVpcRequest {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub tags: Option<Vec<String>>,
}
