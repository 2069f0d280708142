//! IPAM v1 (`/ipam/v1/regions/{region}/ips`): the private addresses of
//! Instance NICs live here, not on the NIC (which only lists their
//! `ipam_ip_ids`). Bare objects, `page_size` paging with `total_count` in
//! the body, like VPC.

use std::collections::HashMap;

use super::client::Client;
use super::error::ApiError;
use super::locality::Region;
use super::models::{IpamAddress, IpamIp, IpamResourceType};
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
/// the NICs a dashboard shows, rather than one call per NIC. Each IP is
/// decoded straight into what is kept of it ([`IpamAddress`]);
/// [`NicAddresses::from_ips`] groups them.
pub async fn list_private_nic_ips(
    client: &Client,
    region: Region,
) -> Result<Vec<IpamAddress>, ApiError> {
    let path = format!("{}/ips", ipam_root(region));
    let query = IpFilters::private_nics().query();
    client.list_paged(&path, &query, "ips").await
}

pub async fn get_ip(client: &Client, region: Region, id: &str) -> Result<IpamIp, ApiError> {
    let path = format!("{}/ips/{}", ipam_root(region), segment(id)?);
    client.get(&path, &[]).await
}

/// The addresses of each private NIC (by NIC id), without prefix length,
/// IPv4 before IPv6 and otherwise in the API's order: what a dashboard keeps
/// of a region's IPAM list, each piece sized exactly.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct NicAddresses(HashMap<Box<str>, Box<[Box<str>]>>);

impl NicAddresses {
    /// The private NICs' addresses among `ips` (others are left out).
    pub fn from_ips(ips: Vec<IpamAddress>) -> Self {
        let mut by_nic: HashMap<String, Vec<(bool, String)>> = HashMap::new();
        for ip in ips {
            if let Some(nic) = ip.private_nic {
                by_nic
                    .entry(nic)
                    .or_default()
                    .push((ip.is_ipv6, ip.address));
            }
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

    /// A NIC's addresses, IPv4 first.
    pub fn get(&self, nic: &str) -> Option<&[Box<str>]> {
        self.0.get(nic).map(|a| &**a)
    }

    /// How many NICs have addresses.
    pub fn len(&self) -> usize {
        self.0.len()
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// Adds another region's NICs.
    pub fn merge(&mut self, other: NicAddresses) {
        self.0.extend(other.0);
    }
}

/// From (NIC id, its addresses in order).
impl FromIterator<(String, Vec<String>)> for NicAddresses {
    fn from_iter<I: IntoIterator<Item = (String, Vec<String>)>>(iter: I) -> Self {
        let exact = |a: Vec<String>| a.into_iter().map(String::into_boxed_str).collect();
        let mut map: HashMap<_, _> = iter
            .into_iter()
            .map(|(nic, a)| (nic.into_boxed_str(), exact(a)))
            .collect();
        map.shrink_to_fit();
        NicAddresses(map)
    }
}

impl From<HashMap<String, Vec<String>>> for NicAddresses {
    fn from(map: HashMap<String, Vec<String>>) -> Self {
        map.into_iter().collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ip(nic: &str, address: &str, v6: bool) -> IpamAddress {
        serde_json::from_value(serde_json::json!({
            "id": address, "address": address, "is_ipv6": v6,
            "resource": {"type": "instance_private_nic", "id": nic}
        }))
        .unwrap()
    }

    #[test]
    fn addresses_group_by_nic_ipv4_first_without_prefix() {
        let mut lb = ip("lb", "10.0.0.9/24", false);
        lb.private_nic = None;
        let got = NicAddresses::from_ips(vec![
            ip("a", "fd00::2/64", true),
            ip("a", "10.0.0.2/24", false),
            ip("b", "10.0.0.3/24", false),
            lb,
        ]);
        let of = |nic| {
            got.get(nic)
                .map(|a| a.iter().map(|s| &**s).collect::<Vec<_>>())
        };
        assert_eq!(of("a").unwrap(), ["10.0.0.2", "fd00::2"]);
        assert_eq!(of("b").unwrap(), ["10.0.0.3"]);
        assert_eq!(of("lb"), None);
        assert_eq!(got.len(), 2);
    }
}
