//! IPAM v1 IPs (`/ipam/v1/regions/{region}/ips`): where the real API keeps
//! the private addresses of Instance NICs (their `ipam_ip_ids`). Regional,
//! bare objects, `page_size` paging with `total_count` in the body. Every
//! field of the SDKs' `IP` type (Python `scaleway.ipam.v1.types.IP`, the
//! TypeScript `@scaleway/sdk-ipam` `IP`); the ones their unmarshalling allows
//! to be missing or null are optional or default here too.

use serde::{Deserialize, Serialize};

use super::enums::{null_as_default, string_enum};

string_enum! {
    /// What an IP is attached to (SDK `ResourceType`; only the kinds the
    /// dashboard filters by are named, the rest are kept as sent).
    pub enum IpamResourceType {
        UnknownType => "unknown_type",
        Custom => "custom",
        InstanceServer => "instance_server",
        InstanceIp => "instance_ip",
        InstancePrivateNic => "instance_private_nic",
        LbServer => "lb_server",
        VpcGateway => "vpc_gateway",
        VpcGatewayNetwork => "vpc_gateway_network",
        K8sNode => "k8s_node",
        RdbInstance => "rdb_instance",
        BaremetalPrivateNic => "baremetal_private_nic",
    }
}

/// The resource an IP is attached to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct IpamResource {
    /// `unknown_type` when missing, as the SDKs default it.
    #[serde(
        rename = "type",
        default = "unknown_type",
        deserialize_with = "or_unknown"
    )]
    pub kind: IpamResourceType,
    /// For `instance_private_nic`: the NIC's id.
    #[serde(default, deserialize_with = "null_as_default")]
    pub id: String,
    #[serde(default)]
    pub mac_address: Option<String>,
    /// The DNS name of the resource in the private network (the server's name).
    #[serde(default)]
    pub name: Option<String>,
}

fn unknown_type() -> IpamResourceType {
    IpamResourceType::UnknownType
}

fn or_unknown<'de, D: serde::Deserializer<'de>>(d: D) -> Result<IpamResourceType, D::Error> {
    Ok(Option::<IpamResourceType>::deserialize(d)?.unwrap_or_else(unknown_type))
}

/// A reverse DNS entry of an IP.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct IpamReverse {
    #[serde(default, deserialize_with = "null_as_default")]
    pub hostname: String,
    #[serde(default)]
    pub address: Option<String>,
}

/// The pool an IP was booked from: one of these is set (a private NIC's IPs
/// name their `subnet_id`).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct IpamSource {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub zonal: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub private_network_id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub subnet_id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub vpc_id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub regional: Option<bool>,
}

/// An IPAM IP.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct IpamIp {
    pub id: String,
    /// In CIDR notation: `172.16.4.2/22`, `fd46:…:1/64`.
    pub address: String,
    #[serde(default, deserialize_with = "null_as_default")]
    pub project_id: String,
    #[serde(default, deserialize_with = "null_as_default")]
    pub is_ipv6: bool,
    #[serde(default)]
    pub created_at: Option<String>,
    #[serde(default)]
    pub updated_at: Option<String>,
    #[serde(default)]
    pub source: Option<IpamSource>,
    #[serde(default)]
    pub resource: Option<IpamResource>,
    #[serde(default, deserialize_with = "null_as_default")]
    pub tags: Vec<String>,
    #[serde(default, deserialize_with = "null_as_default")]
    pub reverses: Vec<IpamReverse>,
    #[serde(default, deserialize_with = "null_as_default")]
    pub region: String,
    /// Set only for zonal IPs; private-network IPs are regional (`null`).
    #[serde(default)]
    pub zone: Option<String>,
}

impl IpamIp {
    /// The address without its prefix length (`172.16.4.2`), as people read it.
    pub fn bare_address(&self) -> &str {
        bare(&self.address)
    }

    /// The id of the resource it is attached to when that is a resource of
    /// `kind` (for an Instance private NIC: the NIC's id).
    pub fn attached_to(&self, kind: &IpamResourceType) -> Option<&str> {
        self.resource
            .as_ref()
            .filter(|r| r.kind == *kind)
            .map(|r| r.id.as_str())
    }
}

/// `address` without its prefix length.
fn bare(address: &str) -> &str {
    address.split_once('/').map_or(address, |(a, _)| a)
}

/// What a dashboard keeps of an IPAM IP, decoded straight from the body: a
/// region lists one per private NIC address (~33,000 at a 100,000-server
/// fleet), and the full [`IpamIp`] of each (dates, source, reverses, tags)
/// was built only to be dropped.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct IpamAddress {
    /// Without prefix length (`172.16.4.2`).
    #[serde(deserialize_with = "bare_owned")]
    pub address: String,
    #[serde(default, deserialize_with = "null_as_default")]
    pub is_ipv6: bool,
    /// The id of the Instance private NIC it is attached to, if that is
    /// what it is attached to.
    #[serde(default, rename = "resource", deserialize_with = "private_nic_of")]
    pub private_nic: Option<String>,
}

fn bare_owned<'de, D: serde::Deserializer<'de>>(d: D) -> Result<String, D::Error> {
    let mut address = String::deserialize(d)?;
    address.truncate(bare(&address).len());
    Ok(address)
}

/// The `resource` of an IP, reduced to the NIC's id when it is a private NIC.
fn private_nic_of<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Option<String>, D::Error> {
    #[derive(Deserialize)]
    struct Owner {
        #[serde(
            rename = "type",
            default = "unknown_type",
            deserialize_with = "or_unknown"
        )]
        kind: IpamResourceType,
        #[serde(default, deserialize_with = "null_as_default")]
        id: String,
    }
    let owner = Option::<Owner>::deserialize(d)?;
    Ok(owner
        .filter(|o| o.kind == IpamResourceType::InstancePrivateNic)
        .map(|o| o.id))
}

/// `{"ips": [...], "total_count": N}`: `GET /ipam/v1/regions/{region}/ips`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct IpamIpsList {
    #[serde(default, deserialize_with = "null_as_default")]
    pub ips: Vec<IpamIp>,
    #[serde(default, deserialize_with = "null_as_default")]
    pub total_count: u64,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nulls_and_missing_keys_take_the_sdk_defaults() {
        let ip: IpamIp = serde_json::from_str(
            r#"{"id": "i", "address": "172.16.4.2/22", "project_id": null, "is_ipv6": null,
                "tags": null, "reverses": null, "region": "fr-par", "zone": null,
                "resource": {"type": null, "id": "nic"}}"#,
        )
        .unwrap();
        assert_eq!(ip.bare_address(), "172.16.4.2");
        assert!(!ip.is_ipv6 && ip.tags.is_empty() && ip.reverses.is_empty());
        assert_eq!(ip.zone, None);
        let r = ip.resource.as_ref().unwrap();
        assert_eq!(r.kind, IpamResourceType::UnknownType);
        assert_eq!(ip.attached_to(&IpamResourceType::InstancePrivateNic), None);
        let nic: IpamIp = serde_json::from_str(
            r#"{"id": "j", "address": "fd00::2/64", "resource": {"type": "instance_private_nic", "id": "n1"}}"#,
        )
        .unwrap();
        assert_eq!(
            nic.attached_to(&IpamResourceType::InstancePrivateNic),
            Some("n1")
        );
        assert_eq!(nic.bare_address(), "fd00::2");
    }

    #[test]
    fn an_address_keeps_only_the_bare_address_family_and_private_nic() {
        let full = r#"{"id": "j", "address": "fd00::2/64", "is_ipv6": true,
            "project_id": "p", "created_at": "2026-01-01T00:00:00Z", "tags": ["a"],
            "source": {"subnet_id": "s"}, "reverses": [{"hostname": "h", "address": null}],
            "resource": {"type": "instance_private_nic", "id": "n1", "mac_address": "m",
                         "name": "web"}, "region": "fr-par", "zone": null}"#;
        let a: IpamAddress = serde_json::from_str(full).unwrap();
        let model: IpamIp = serde_json::from_str(full).unwrap();
        assert_eq!(a.address, model.bare_address());
        assert_eq!(
            a.private_nic.as_deref(),
            model.attached_to(&IpamResourceType::InstancePrivateNic)
        );
        assert!(a.is_ipv6);
        let other: IpamAddress = serde_json::from_str(
            r#"{"address": "10.0.0.9", "is_ipv6": null,
                "resource": {"type": "lb_server", "id": "lb"}}"#,
        )
        .unwrap();
        assert_eq!((other.address.as_str(), other.is_ipv6), ("10.0.0.9", false));
        assert_eq!(other.private_nic, None);
        for resource in [
            r#""resource": null"#,
            r#""resource": {"type": null, "id": "n"}"#,
        ] {
            let body = format!(r#"{{"address": "10.0.0.8/24", {resource}}}"#);
            let a: IpamAddress = serde_json::from_str(&body).unwrap();
            assert_eq!((a.address.as_str(), a.private_nic), ("10.0.0.8", None));
        }
    }
}
