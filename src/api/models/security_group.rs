//! Instance v1 security groups and their rules (API-FACTS §8).

use std::ops::RangeInclusive;

use serde::{Deserialize, Serialize};

use super::common::ResourceRef;
use super::enums::{null_as_default, string_enum};

string_enum! {
    /// Protocol a rule matches; upper case on the wire.
    pub enum RuleProtocol {
        Tcp => "TCP",
        Udp => "UDP",
        Icmp => "ICMP",
        Any => "ANY",
    }
}

impl RuleProtocol {
    /// Whether rules of this protocol carry ports (the API nulls them for ICMP/ANY).
    pub fn has_ports(&self) -> bool {
        matches!(self, RuleProtocol::Tcp | RuleProtocol::Udp)
    }
}

string_enum! {
    /// Traffic direction a rule applies to.
    pub enum RuleDirection {
        Inbound => "inbound",
        Outbound => "outbound",
    }
}

string_enum! {
    /// What a rule does with matching packets.
    pub enum RuleAction {
        Accept => "accept",
        Drop => "drop",
    }
}

string_enum! {
    /// Default policy of a security group for unmatched traffic.
    pub enum SecurityPolicy {
        Accept => "accept",
        Drop => "drop",
    }
}

string_enum! {
    /// Whether a group's rules are applied yet.
    pub enum SecurityGroupState {
        Available => "available",
        Syncing => "syncing",
        SyncingError => "syncing_error",
    }
}

/// One rule. The API normalises rules: a /32 comes back as a bare address and a
/// single port as `dest_port_to: null`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SecurityGroupRule {
    pub id: String,
    pub protocol: RuleProtocol,
    pub direction: RuleDirection,
    pub action: RuleAction,
    pub ip_range: String,
    /// Always null in recordings and absent from the SDK.
    #[serde(default)]
    pub dest_ip_range: Option<String>,
    #[serde(default)]
    pub dest_port_from: Option<u32>,
    #[serde(default)]
    pub dest_port_to: Option<u32>,
    #[serde(default, deserialize_with = "null_as_default")]
    pub position: u32,
    /// `false` for the default outbound SMTP drops; `null` in old bodies.
    #[serde(default)]
    pub editable: Option<bool>,
    #[serde(default, deserialize_with = "null_as_default")]
    pub zone: String,
}

impl SecurityGroupRule {
    /// The port range the rule matches, or `None` for all ports. A single port is
    /// `p..=p` (the API sends it as `dest_port_to: null`).
    pub fn ports(&self) -> Option<RangeInclusive<u32>> {
        let from = self.dest_port_from?;
        Some(from..=self.dest_port_to.unwrap_or(from))
    }

    /// Rules are editable unless the API says `editable: false`.
    pub fn is_editable(&self) -> bool {
        self.editable != Some(false)
    }
}

/// An Instance security group.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SecurityGroup {
    pub id: String,
    pub name: String,
    #[serde(default)]
    pub description: Option<String>,
    #[serde(default, deserialize_with = "null_as_default")]
    pub creation_date: String,
    #[serde(default, deserialize_with = "null_as_default")]
    pub modification_date: String,
    #[serde(default, deserialize_with = "null_as_default")]
    pub organization: String,
    /// Missing in pre-2021 bodies.
    #[serde(default)]
    pub project: Option<String>,
    #[serde(default, deserialize_with = "null_as_default")]
    pub servers: Vec<ResourceRef>,
    #[serde(default, deserialize_with = "null_as_default")]
    pub stateful: bool,
    pub inbound_default_policy: SecurityPolicy,
    pub outbound_default_policy: SecurityPolicy,
    #[serde(default, deserialize_with = "null_as_default")]
    pub organization_default: bool,
    #[serde(default, deserialize_with = "null_as_default")]
    pub project_default: bool,
    /// Read-only: whether the six default SMTP-blocking rules are present.
    #[serde(default, deserialize_with = "null_as_default")]
    pub enable_default_security: bool,
    /// Missing in pre-2021 bodies.
    #[serde(default)]
    pub state: Option<SecurityGroupState>,
    #[serde(default, deserialize_with = "null_as_default")]
    pub tags: Vec<String>,
    #[serde(default, deserialize_with = "null_as_default")]
    pub zone: String,
}

/// `{"security_groups": [...]}`: one page of `GET .../security_groups`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SecurityGroupsList {
    #[serde(default, deserialize_with = "null_as_default")]
    pub security_groups: Vec<SecurityGroup>,
}

/// `{"security_group": {...}}`: GET/POST/PATCH/PUT of one group.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SecurityGroupResponse {
    pub security_group: SecurityGroup,
}

/// `{"rules": [...]}`: GET or PUT `.../security_groups/{id}/rules` (unpaginated in
/// practice; PUT returns the full list including non-editable defaults).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RulesList {
    #[serde(default, deserialize_with = "null_as_default")]
    pub rules: Vec<SecurityGroupRule>,
}

/// `{"rule": {...}}`: POST rules, GET/PATCH/PUT one rule.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RuleResponse {
    pub rule: SecurityGroupRule,
}
