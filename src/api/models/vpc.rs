//! VPC v2 private networks and VPCs (regional, bare objects; API-FACTS §11).

use ipnet::{IpNet, Ipv4Net, Ipv6Net};
use serde::{Deserialize, Serialize};

use super::enums::null_as_default;

/// A subnet of a private network as returned (requests send plain CIDR strings).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Subnet {
    pub id: String,
    /// CIDR, e.g. `172.16.52.0/22` or `fd46:78ab:30b8:83ca::/64`.
    pub subnet: String,
    #[serde(default, deserialize_with = "null_as_default")]
    pub created_at: String,
    #[serde(default, deserialize_with = "null_as_default")]
    pub updated_at: String,
    #[serde(default)]
    pub project_id: Option<String>,
    #[serde(default)]
    pub private_network_id: Option<String>,
    #[serde(default)]
    pub vpc_id: Option<String>,
    #[serde(default)]
    pub region: Option<String>,
}

impl Subnet {
    /// The parsed CIDR, or `None` if the API sent something unparsable.
    pub fn cidr(&self) -> Option<IpNet> {
        self.subnet.parse().ok()
    }
}

/// A VPC v2 private network.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PrivateNetwork {
    pub id: String,
    pub name: String,
    #[serde(default, deserialize_with = "null_as_default")]
    pub tags: Vec<String>,
    #[serde(default, deserialize_with = "null_as_default")]
    pub organization_id: String,
    #[serde(default, deserialize_with = "null_as_default")]
    pub project_id: String,
    #[serde(default, deserialize_with = "null_as_default")]
    pub region: String,
    #[serde(default, deserialize_with = "null_as_default")]
    pub created_at: String,
    #[serde(default, deserialize_with = "null_as_default")]
    pub updated_at: String,
    #[serde(default, deserialize_with = "null_as_default")]
    pub subnets: Vec<Subnet>,
    #[serde(default, deserialize_with = "null_as_default")]
    pub vpc_id: String,
    #[serde(default, deserialize_with = "null_as_default")]
    pub dhcp_enabled: bool,
    #[serde(default, deserialize_with = "null_as_default")]
    pub default_route_propagation_enabled: bool,
    #[serde(default)]
    pub has_s3_integration: Option<bool>,
}

impl PrivateNetwork {
    /// The first IPv4 subnet.
    pub fn ipv4_subnet(&self) -> Option<Ipv4Net> {
        self.subnets.iter().find_map(|s| match s.cidr()? {
            IpNet::V4(net) => Some(net),
            IpNet::V6(_) => None,
        })
    }

    /// The first IPv6 subnet.
    pub fn ipv6_subnet(&self) -> Option<Ipv6Net> {
        self.subnets.iter().find_map(|s| match s.cidr()? {
            IpNet::V6(net) => Some(net),
            IpNet::V4(_) => None,
        })
    }
}

/// A VPC.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Vpc {
    pub id: String,
    pub name: String,
    #[serde(default, deserialize_with = "null_as_default")]
    pub organization_id: String,
    #[serde(default, deserialize_with = "null_as_default")]
    pub project_id: String,
    #[serde(default, deserialize_with = "null_as_default")]
    pub region: String,
    #[serde(default, deserialize_with = "null_as_default")]
    pub tags: Vec<String>,
    #[serde(default, deserialize_with = "null_as_default")]
    pub is_default: bool,
    #[serde(default, deserialize_with = "null_as_default")]
    pub created_at: String,
    #[serde(default, deserialize_with = "null_as_default")]
    pub updated_at: String,
    #[serde(default, deserialize_with = "null_as_default")]
    pub private_network_count: u32,
    #[serde(default, deserialize_with = "null_as_default")]
    pub routing_enabled: bool,
    #[serde(default, deserialize_with = "null_as_default")]
    pub custom_routes_propagation_enabled: bool,
}

/// `{"private_networks": [...], "total_count": N}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PrivateNetworksList {
    #[serde(default, deserialize_with = "null_as_default")]
    pub private_networks: Vec<PrivateNetwork>,
    #[serde(default, deserialize_with = "null_as_default")]
    pub total_count: u64,
}

/// `{"vpcs": [...], "total_count": N}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct VpcsList {
    #[serde(default, deserialize_with = "null_as_default")]
    pub vpcs: Vec<Vpc>,
    #[serde(default, deserialize_with = "null_as_default")]
    pub total_count: u64,
}

impl crate::api::id_map::Keyed for PrivateNetwork {
    fn key(&self) -> &str {
        &self.id
    }
}

impl crate::api::id_map::Keyed for Vpc {
    fn key(&self) -> &str {
        &self.id
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn subnets_are_found_by_family_whatever_their_order() {
        let pn: PrivateNetwork = serde_json::from_value(json!({
            "id": "pn", "name": "app-net",
            "subnets": [
                {"id": "s6", "subnet": "fd46:78ab:30b8:83ca::/64"},
                {"id": "s4", "subnet": "172.16.52.0/22"},
                {"id": "bad", "subnet": "not a cidr"},
            ],
        }))
        .expect("parse");
        assert_eq!(
            pn.ipv4_subnet().map(|n| n.to_string()).as_deref(),
            Some("172.16.52.0/22")
        );
        assert_eq!(
            pn.ipv6_subnet().map(|n| n.to_string()).as_deref(),
            Some("fd46:78ab:30b8:83ca::/64")
        );
        assert_eq!(pn.subnets[2].cidr(), None);
    }

    #[test]
    fn network_without_subnets_has_none() {
        let pn: PrivateNetwork =
            serde_json::from_value(json!({"id": "pn", "name": "n", "subnets": null}))
                .expect("parse");
        assert_eq!(pn.ipv4_subnet(), None);
    }
}
