//! Instance v1 security groups and their rules (API-FACTS §8).

use std::ops::RangeInclusive;

use serde::{Deserialize, Serialize};

use super::enums::{null_as_default, string_enum};
use super::members::Members;

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
    /// Every member server (a zone's default group can list thousands).
    #[serde(default)]
    pub servers: Members,
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

impl crate::api::id_map::Keyed for SecurityGroup {
    fn key(&self) -> &str {
        &self.id
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rule(json: &str) -> SecurityGroupRule {
        serde_json::from_str(json).expect("rule parses")
    }

    #[test]
    fn rule_with_null_ports_matches_all_ports() {
        let r = rule(
            r#"{"id":"r1","protocol":"ICMP","direction":"inbound","ip_range":"0.0.0.0/0",
                "dest_ip_range":null,"dest_port_from":null,"dest_port_to":null,
                "position":1,"editable":true,"action":"accept","zone":"fr-par-1"}"#,
        );
        assert_eq!(r.ports(), None);
        assert!(!r.protocol.has_ports());
        assert!(r.is_editable());
    }

    #[test]
    fn single_port_comes_back_with_null_upper_bound() {
        let r = rule(
            r#"{"id":"r2","protocol":"TCP","direction":"inbound","ip_range":"8.8.8.8",
                "dest_port_from":22,"dest_port_to":null,"position":2,"action":"accept"}"#,
        );
        assert_eq!(r.ports(), Some(22..=22));
        let range = SecurityGroupRule {
            dest_port_to: Some(2000),
            dest_port_from: Some(1000),
            ..r
        };
        assert_eq!(range.ports(), Some(1000..=2000));
    }

    #[test]
    fn old_rule_with_null_editable_and_unknown_values() {
        let r = rule(
            r#"{"id":"r3","protocol":"SCTP","direction":"sideways","ip_range":"::/0",
                "dest_port_from":null,"dest_port_to":null,"position":3,"editable":null,
                "action":"reject","zone":"fr-par-1"}"#,
        );
        assert_eq!(r.editable, None);
        assert!(r.is_editable());
        assert_eq!(r.protocol, RuleProtocol::Unknown("SCTP".into()));
        assert_eq!(r.direction, RuleDirection::Unknown("sideways".into()));
        assert_eq!(r.action, RuleAction::Unknown("reject".into()));
        assert_eq!(r.dest_ip_range, None);
    }

    #[test]
    fn default_rules_are_not_editable() {
        let r = rule(
            r#"{"id":"d1","protocol":"TCP","direction":"outbound","ip_range":"0.0.0.0/0",
                "dest_port_from":25,"dest_port_to":null,"position":1,"editable":false,
                "action":"drop","zone":"fr-par-1"}"#,
        );
        assert!(!r.is_editable());
    }
}
