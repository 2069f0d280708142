//! IPAM v1 (`/ipam/v1/regions/{region}/ips`): the private addresses of
//! Instance NICs live here, not on the NIC (which only lists their
//! `ipam_ip_ids`). Bare objects, `page_size` paging with `total_count` in
//! the body, like VPC.

use std::collections::HashMap;

use super::client::Client;
use super::error::ApiError;
use super::locality::Region;
use super::models::{IpamIp, IpamResourceType};
use super::path::{ipam_root, segment};

/// Filters of `GET .../ips` (SDK `ListIPsRequest`); unset ones are not sent.
/// Lists are sent as repeated keys, as both SDKs do.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct IpFilters {
    pub resource_type: Option<IpamResourceType>,
    /// IPs of one resource (for a private NIC: the NIC's id).
    pub resource_id: Option<String>,
    /// IPs of any of these resources.
    pub resource_ids: Vec<String>,
    pub private_network_id: Option<String>,
    pub project_id: Option<String>,
    pub is_ipv6: Option<bool>,
}

impl IpFilters {
    /// Every address of every Instance private NIC of the region.
    pub fn private_nics() -> Self {
        IpFilters {
            resource_type: Some(IpamResourceType::InstancePrivateNic),
            ..IpFilters::default()
        }
    }

    fn query(&self) -> Vec<(&'static str, String)> {
        let mut q = Vec::new();
        if let Some(t) = &self.resource_type {
            q.push(("resource_type", t.as_str().to_string()));
        }
        if let Some(id) = &self.resource_id {
            q.push(("resource_id", id.clone()));
        }
        for id in &self.resource_ids {
            q.push(("resource_ids", id.clone()));
        }
        if let Some(id) = &self.private_network_id {
            q.push(("private_network_id", id.clone()));
        }
        if let Some(id) = &self.project_id {
            q.push(("project_id", id.clone()));
        }
        if let Some(v6) = self.is_ipv6 {
            q.push(("is_ipv6", v6.to_string()));
        }
        q
    }
}

/// Every IP of the region matching `filters` (all pages).
pub async fn list_ips(
    client: &Client,
    region: Region,
    filters: &IpFilters,
) -> Result<Vec<IpamIp>, ApiError> {
    let path = format!("{}/ips", ipam_root(region));
    client.list_paged(&path, &filters.query(), "ips").await
}

/// Every address of the region's Instance private NICs: one list for all
/// the NICs a dashboard shows, rather than one call per NIC.
pub async fn list_private_nic_ips(
    client: &Client,
    region: Region,
) -> Result<Vec<IpamIp>, ApiError> {
    list_ips(client, region, &IpFilters::private_nics()).await
}

pub async fn get_ip(client: &Client, region: Region, id: &str) -> Result<IpamIp, ApiError> {
    let path = format!("{}/ips/{}", ipam_root(region), segment(id)?);
    client.get(&path, &[]).await
}

/// The addresses of each private NIC (by NIC id), without prefix length,
/// IPv4 before IPv6 and otherwise in the API's order: what a dashboard keeps
/// of a region's IPAM list.
pub fn addresses_by_nic(ips: Vec<IpamIp>) -> HashMap<String, Vec<String>> {
    let mut by_nic: HashMap<String, Vec<(bool, String)>> = HashMap::new();
    for ip in ips {
        let Some(nic) = ip.attached_to(&IpamResourceType::InstancePrivateNic) else {
            continue;
        };
        by_nic
            .entry(nic.to_string())
            .or_default()
            .push((ip.is_ipv6, ip.bare_address().to_string()));
    }
    by_nic
        .into_iter()
        .map(|(nic, mut v)| {
            // Stable: each family keeps the API's order.
            v.sort_by_key(|(v6, _)| *v6);
            (nic, v.into_iter().map(|(_, a)| a).collect())
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ip(nic: &str, address: &str, v6: bool) -> IpamIp {
        serde_json::from_value(serde_json::json!({
            "id": address, "address": address, "is_ipv6": v6,
            "resource": {"type": "instance_private_nic", "id": nic}
        }))
        .unwrap()
    }

    #[test]
    fn addresses_group_by_nic_ipv4_first_without_prefix() {
        let mut lb = ip("lb", "10.0.0.9/24", false);
        lb.resource.as_mut().unwrap().kind = IpamResourceType::LbServer;
        let got = addresses_by_nic(vec![
            ip("a", "fd00::2/64", true),
            ip("a", "10.0.0.2/24", false),
            ip("b", "10.0.0.3/24", false),
            lb,
        ]);
        assert_eq!(got["a"], ["10.0.0.2", "fd00::2"]);
        assert_eq!(got["b"], ["10.0.0.3"]);
        assert!(!got.contains_key("lb"));
    }
}
