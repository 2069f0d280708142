//! Request bodies. `None` fields are left out of the JSON so that a PATCH only
//! touches what the user changed.

use std::collections::BTreeMap;

use serde::Serialize;

use super::security_group::{
    RuleAction, RuleDirection, RuleProtocol, SecurityGroupRule, SecurityPolicy,
};
use super::server::{BootType, ServerAction, ServerVolume, VolumeServerType};

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

impl VolumeTemplate {
    /// `{id, volume_type}`: keeps an attached volume in a full-map PATCH.
    pub fn keep(volume: &ServerVolume) -> Self {
        VolumeTemplate {
            id: Some(volume.id.clone()),
            volume_type: Some(volume.volume_type.clone()),
            ..Default::default()
        }
    }
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

impl From<&SecurityGroupRule> for RuleTemplate {
    /// The template that leaves an existing rule as it is in a `PUT .../rules`.
    fn from(rule: &SecurityGroupRule) -> Self {
        RuleTemplate {
            id: Some(rule.id.clone()),
            action: rule.action.clone(),
            protocol: rule.protocol.clone(),
            direction: rule.direction.clone(),
            ip_range: rule.ip_range.clone(),
            dest_port_from: rule.dest_port_from,
            dest_port_to: rule.dest_port_to,
            position: rule.position,
            editable: rule.editable,
            zone: None,
        }
    }
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

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::{Value, json};

    fn to_json(body: &impl Serialize) -> Value {
        serde_json::to_value(body).expect("serialise")
    }

    #[test]
    fn create_volume_from_empty() {
        let body = CreateVolumeRequest {
            name: "data".into(),
            project_id: "proj".into(),
            perf_iops: Some(5000),
            from_empty: Some(FromEmpty {
                size: 20_000_000_000,
            }),
            ..Default::default()
        };
        assert_eq!(
            to_json(&body),
            json!({"name": "data", "perf_iops": 5000, "from_empty": {"size": 20_000_000_000_u64}, "project_id": "proj"})
        );
    }

    #[test]
    fn create_volume_from_snapshot_with_tags() {
        let body = CreateVolumeRequest {
            name: "restored".into(),
            project_id: "proj".into(),
            from_snapshot: Some(FromSnapshot {
                snapshot_id: "snap".into(),
                size: None,
            }),
            tags: Some(vec!["a".into()]),
            ..Default::default()
        };
        assert_eq!(
            to_json(&body),
            json!({"name": "restored", "project_id": "proj", "from_snapshot": {"snapshot_id": "snap"}, "tags": ["a"]})
        );
    }

    #[test]
    fn set_rules_sends_null_id_and_ports() {
        let body = SetRulesRequest {
            rules: vec![
                RuleTemplate {
                    id: None,
                    action: RuleAction::Accept,
                    protocol: RuleProtocol::Icmp,
                    direction: RuleDirection::Inbound,
                    ip_range: "0.0.0.0/0".into(),
                    dest_port_from: None,
                    dest_port_to: None,
                    position: 1,
                    editable: None,
                    zone: None,
                },
                RuleTemplate {
                    id: Some("r1".into()),
                    action: RuleAction::Drop,
                    protocol: RuleProtocol::Tcp,
                    direction: RuleDirection::Outbound,
                    ip_range: "10.0.0.0/8".into(),
                    dest_port_from: Some(1000),
                    dest_port_to: Some(2000),
                    position: 2,
                    editable: Some(true),
                    zone: Some("fr-par-1".into()),
                },
            ],
        };
        assert_eq!(
            to_json(&body),
            json!({"rules": [
                {"id": null, "action": "accept", "protocol": "ICMP", "direction": "inbound",
                 "ip_range": "0.0.0.0/0", "dest_port_from": null, "dest_port_to": null, "position": 1},
                {"id": "r1", "action": "drop", "protocol": "TCP", "direction": "outbound",
                 "ip_range": "10.0.0.0/8", "dest_port_from": 1000, "dest_port_to": 2000, "position": 2,
                 "editable": true, "zone": "fr-par-1"},
            ]})
        );
    }

    #[test]
    fn existing_rule_becomes_a_template_that_keeps_it() {
        let rule: SecurityGroupRule = serde_json::from_value(json!({
            "id": "r1", "protocol": "UDP", "direction": "inbound", "ip_range": "10.0.0.1",
            "dest_ip_range": null, "dest_port_from": 53, "dest_port_to": null,
            "position": 4, "editable": true, "action": "accept", "zone": "fr-par-1"
        }))
        .expect("rule");
        assert_eq!(
            to_json(&RuleTemplate::from(&rule)),
            json!({"id": "r1", "action": "accept", "protocol": "UDP", "direction": "inbound",
                   "ip_range": "10.0.0.1", "dest_port_from": 53, "dest_port_to": null,
                   "position": 4, "editable": true})
        );
    }

    #[test]
    fn attached_volume_becomes_a_keep_template() {
        let vol: ServerVolume = serde_json::from_value(
            json!({"id": "v1", "volume_type": "sbs_volume", "boot": false, "state": "available"}),
        )
        .expect("volume");
        assert_eq!(
            to_json(&VolumeTemplate::keep(&vol)),
            json!({"id": "v1", "volume_type": "sbs_volume"})
        );
    }

    #[test]
    fn plain_server_action() {
        assert_eq!(
            to_json(&ServerActionRequest::new(ServerAction::StopInPlace)),
            json!({"action": "stop_in_place"})
        );
    }

    #[test]
    fn backup_action_with_volume_options() {
        let body = ServerActionRequest {
            name: Some("nightly".into()),
            volumes: Some(
                [(
                    "vol-1".to_owned(),
                    BackupVolumeTemplate {
                        volume_type: "unified".into(),
                    },
                )]
                .into(),
            ),
            ..ServerActionRequest::new(ServerAction::Backup)
        };
        assert_eq!(
            to_json(&body),
            json!({"action": "backup", "name": "nightly", "volumes": {"vol-1": {"volume_type": "unified"}}})
        );
    }

    #[test]
    fn update_server_with_full_volume_map() {
        let slot = |id: &str| VolumeTemplate {
            id: Some(id.into()),
            volume_type: Some(VolumeServerType::SbsVolume),
            ..Default::default()
        };
        let body = UpdateServerRequest {
            volumes: Some(
                [
                    ("0".to_owned(), slot("root")),
                    ("1".to_owned(), slot("data")),
                ]
                .into(),
            ),
            ..Default::default()
        };
        assert_eq!(
            to_json(&body),
            json!({"volumes": {
                "0": {"id": "root", "volume_type": "sbs_volume"},
                "1": {"id": "data", "volume_type": "sbs_volume"},
            }})
        );
        assert_eq!(to_json(&UpdateServerRequest::default()), json!({}));
    }

    #[test]
    fn update_server_security_group_is_an_object() {
        let body = UpdateServerRequest {
            name: Some("web-2".into()),
            security_group: Some(SecurityGroupTemplate {
                id: "sg".into(),
                name: None,
            }),
            ..Default::default()
        };
        assert_eq!(
            to_json(&body),
            json!({"name": "web-2", "security_group": {"id": "sg"}})
        );
    }

    #[test]
    fn create_server_skips_unset_fields() {
        let body = CreateServerRequest {
            name: "web-1".into(),
            commercial_type: "DEV1-S".into(),
            image: Some("img".into()),
            project: Some("proj".into()),
            tags: Some(vec!["web".into()]),
            security_group: Some("sg".into()),
            dynamic_ip_required: Some(false),
            volumes: Some(
                [(
                    "0".to_owned(),
                    VolumeTemplate {
                        size: Some(20_000_000_000),
                        volume_type: Some(VolumeServerType::SbsVolume),
                        ..Default::default()
                    },
                )]
                .into(),
            ),
            ..Default::default()
        };
        assert_eq!(
            to_json(&body),
            json!({"name": "web-1", "commercial_type": "DEV1-S", "image": "img", "project": "proj",
                   "tags": ["web"], "security_group": "sg", "dynamic_ip_required": false,
                   "volumes": {"0": {"size": 20_000_000_000_u64, "volume_type": "sbs_volume"}}})
        );
    }

    #[test]
    fn attach_and_detach_volume() {
        let attach = AttachVolumeRequest {
            volume_id: "v".into(),
            volume_type: VolumeServerType::SbsVolume,
            boot: None,
        };
        assert_eq!(
            to_json(&attach),
            json!({"volume_id": "v", "volume_type": "sbs_volume"})
        );
        let detach = DetachVolumeRequest {
            volume_id: "v".into(),
        };
        assert_eq!(to_json(&detach), json!({"volume_id": "v"}));
    }

    #[test]
    fn rule_create_and_update_skip_unset_fields() {
        let create = CreateRuleRequest {
            protocol: RuleProtocol::Tcp,
            direction: RuleDirection::Inbound,
            action: RuleAction::Accept,
            ip_range: "1.2.3.4/32".into(),
            dest_port_from: Some(22),
            dest_port_to: None,
            position: None,
            editable: None,
        };
        assert_eq!(
            to_json(&create),
            json!({"protocol": "TCP", "direction": "inbound", "action": "accept",
                   "ip_range": "1.2.3.4/32", "dest_port_from": 22})
        );
        let update = UpdateRuleRequest {
            dest_port_from: Some(0),
            dest_port_to: Some(0),
            ..Default::default()
        };
        assert_eq!(
            to_json(&update),
            json!({"dest_port_from": 0, "dest_port_to": 0})
        );
    }

    #[test]
    fn security_group_bodies() {
        let create = CreateSecurityGroupRequest {
            name: "web".into(),
            project: Some("proj".into()),
            stateful: Some(true),
            inbound_default_policy: Some(SecurityPolicy::Drop),
            outbound_default_policy: Some(SecurityPolicy::Accept),
            ..Default::default()
        };
        assert_eq!(
            to_json(&create),
            json!({"name": "web", "project": "proj", "stateful": true,
                   "inbound_default_policy": "drop", "outbound_default_policy": "accept"})
        );
        let update = UpdateSecurityGroupRequest {
            description: Some("front".into()),
            ..Default::default()
        };
        assert_eq!(to_json(&update), json!({"description": "front"}));
    }

    #[test]
    fn private_nic_bodies() {
        let create = CreatePrivateNicRequest {
            private_network_id: "pn".into(),
            tags: None,
            ipam_ip_ids: None,
        };
        assert_eq!(to_json(&create), json!({"private_network_id": "pn"}));
        let update = UpdatePrivateNicRequest { tags: Some(vec![]) };
        assert_eq!(to_json(&update), json!({"tags": []}));
    }

    #[test]
    fn private_network_subnets_are_cidr_strings() {
        let body = CreatePrivateNetworkRequest {
            name: "app-net".into(),
            project_id: Some("proj".into()),
            subnets: Some(vec!["172.16.32.0/22".into()]),
            vpc_id: Some("vpc".into()),
            ..Default::default()
        };
        assert_eq!(
            to_json(&body),
            json!({"name": "app-net", "project_id": "proj", "subnets": ["172.16.32.0/22"], "vpc_id": "vpc"})
        );
        let update = UpdatePrivateNetworkRequest {
            name: Some("renamed".into()),
            ..Default::default()
        };
        assert_eq!(to_json(&update), json!({"name": "renamed"}));
    }

    #[test]
    fn vpc_and_volume_updates() {
        let create = CreateVpcRequest {
            name: "prod".into(),
            tags: Some(vec!["prod".into()]),
            ..Default::default()
        };
        assert_eq!(to_json(&create), json!({"name": "prod", "tags": ["prod"]}));
        let update = UpdateVpcRequest {
            tags: Some(vec![]),
            ..Default::default()
        };
        assert_eq!(to_json(&update), json!({"tags": []}));
        let volume = UpdateVolumeRequest {
            perf_iops: Some(15000),
            ..Default::default()
        };
        assert_eq!(to_json(&volume), json!({"perf_iops": 15000}));
    }
}
