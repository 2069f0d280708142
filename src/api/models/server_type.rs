//! Instance v1 server types (`/products/servers`), a map keyed by commercial type.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::common::Arch;
use super::enums::{null_as_default, string_enum};
use super::server::BootType;

/// Minimum block bandwidth (bytes/s) a type needs for `sbs_15k` volumes: "at least
/// 3 GiB/s" per Scaleway's block-storage docs.
pub const SBS_15K_MIN_BLOCK_BANDWIDTH: u64 = 3 * 1024 * 1024 * 1024;

/// Size limits in bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct SizeConstraint {
    #[serde(default, deserialize_with = "null_as_default")]
    pub min_size: u64,
    #[serde(default, deserialize_with = "null_as_default")]
    pub max_size: u64,
}

/// What a server type can do.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct ServerTypeCapabilities {
    #[serde(default, deserialize_with = "null_as_default")]
    pub boot_types: Vec<BootType>,
    #[serde(default)]
    pub placement_groups: Option<bool>,
    #[serde(default)]
    pub block_storage: Option<bool>,
    #[serde(default)]
    pub hot_snapshots_local_volume: Option<bool>,
    /// Maximum number of private NICs.
    #[serde(default)]
    pub private_network: Option<u32>,
    #[serde(default)]
    pub max_file_systems: Option<u32>,
}

/// Bandwidth of one network interface, in bits per second.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct ServerTypeInterface {
    #[serde(default)]
    pub internal_bandwidth: Option<u64>,
    #[serde(default)]
    pub internet_bandwidth: Option<u64>,
}

/// Network capacity of a server type (bits per second).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct ServerTypeNetwork {
    #[serde(default, deserialize_with = "null_as_default")]
    pub ipv6_support: bool,
    #[serde(default)]
    pub sum_internal_bandwidth: Option<u64>,
    #[serde(default)]
    pub sum_internet_bandwidth: Option<u64>,
    #[serde(default, deserialize_with = "null_as_default")]
    pub interfaces: Vec<ServerTypeInterface>,
}

/// GPU model of a GPU server type.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct GpuInfo {
    #[serde(default, deserialize_with = "null_as_default")]
    pub gpu_manufacturer: String,
    #[serde(default, deserialize_with = "null_as_default")]
    pub gpu_name: String,
    /// Bytes.
    #[serde(default)]
    pub gpu_memory: Option<u64>,
}

/// A commercial server type (its name is the map key, not a field).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ServerType {
    pub ncpus: u32,
    /// Bytes.
    pub ram: u64,
    #[serde(default)]
    pub arch: Arch,
    /// Euros per hour.
    pub hourly_price: f64,
    /// Euros per month; absent on some types.
    #[serde(default)]
    pub monthly_price: Option<f64>,
    #[serde(default)]
    pub gpu: Option<u32>,
    #[serde(default)]
    pub gpu_info: Option<GpuInfo>,
    #[serde(default)]
    pub mig_profile: Option<serde_json::Value>,
    /// Local volume limits by volume type (today only `l_ssd`).
    #[serde(default, deserialize_with = "null_as_default")]
    pub per_volume_constraint: BTreeMap<String, SizeConstraint>,
    /// Limits on the total size of local volumes.
    #[serde(default)]
    pub volumes_constraint: Option<SizeConstraint>,
    #[serde(default)]
    pub capabilities: Option<ServerTypeCapabilities>,
    #[serde(default)]
    pub network: Option<ServerTypeNetwork>,
    /// Bandwidth to block storage, bytes per second.
    #[serde(default)]
    pub block_bandwidth: Option<u64>,
    #[serde(default, deserialize_with = "null_as_default")]
    pub end_of_service: bool,
    #[serde(default, deserialize_with = "null_as_default")]
    pub baremetal: bool,
    #[serde(default, deserialize_with = "null_as_default")]
    pub alt_names: Vec<String>,
    /// Bytes.
    #[serde(default)]
    pub scratch_storage_max_size: Option<u64>,
    #[serde(default)]
    pub scratch_storage_max_volumes_count: Option<u32>,
}

/// Hours in a billing month: 130 of the 136 recorded types have `monthly_price`
/// equal to `hourly_price * 730` (e.g. 0.1578 -> 115.194); the rest differ by a
/// few euros, so the API's own figure wins when present.
pub const HOURS_PER_MONTH: f64 = 730.0;

impl ServerType {
    /// Monthly price in euros: the API's figure, else `hourly_price * 730`.
    pub fn monthly_cost(&self) -> f64 {
        self.monthly_price
            .unwrap_or(self.hourly_price * HOURS_PER_MONTH)
    }

    /// How many private NICs a server of this type may have, when known.
    pub fn max_private_nics(&self) -> Option<u32> {
        self.capabilities.as_ref()?.private_network
    }

    /// Whether Block Storage volumes can be attached at all (unknown counts as yes).
    pub fn supports_block_storage(&self) -> bool {
        self.capabilities
            .as_ref()
            .and_then(|c| c.block_storage)
            .unwrap_or(true)
    }

    /// Whether the type has enough block bandwidth for `sbs_15k` volumes.
    pub fn supports_sbs_15k(&self) -> bool {
        self.block_bandwidth
            .is_some_and(|bw| bw >= SBS_15K_MIN_BLOCK_BANDWIDTH)
    }
}

/// `{"servers": {"DEV1-S": {...}, ...}}`: one page of `GET .../products/servers`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct ServerTypesPage {
    #[serde(default, deserialize_with = "null_as_default")]
    pub servers: BTreeMap<String, ServerType>,
}

impl ServerTypesPage {
    /// Merges pages into one map; a later page wins on a duplicate key.
    pub fn merge(pages: impl IntoIterator<Item = ServerTypesPage>) -> ServerTypesPage {
        let mut servers = BTreeMap::new();
        for page in pages {
            servers.extend(page.servers);
        }
        ServerTypesPage { servers }
    }
}

string_enum! {
    /// Stock level of a server type in a zone.
    pub enum Availability {
        Available => "available",
        Scarce => "scarce",
        Shortage => "shortage",
    }
}

/// Stock of one server type.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ServerTypeAvailability {
    pub availability: Availability,
}

/// `{"servers": {"<type>": {"availability": "..."}}}`:
/// `GET .../products/servers/availability`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct ServerTypesAvailability {
    #[serde(default, deserialize_with = "null_as_default")]
    pub servers: BTreeMap<String, ServerTypeAvailability>,
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn server_type(extra: serde_json::Value) -> ServerType {
        let mut body = json!({"ncpus": 2, "ram": 2_147_483_648_u64, "hourly_price": 0.01});
        if let (Some(b), Some(e)) = (body.as_object_mut(), extra.as_object()) {
            b.extend(e.clone());
        }
        serde_json::from_value(body).expect("server type parses")
    }

    #[test]
    fn sbs_15k_needs_enough_block_bandwidth() {
        assert!(server_type(json!({"block_bandwidth": 5_242_880_000_u64})).supports_sbs_15k());
        assert!(!server_type(json!({"block_bandwidth": 335_544_320})).supports_sbs_15k());
        assert!(!server_type(json!({})).supports_sbs_15k());
    }

    #[test]
    fn missing_monthly_price_and_capabilities_are_tolerated() {
        let t = server_type(json!({"monthly_price": null, "capabilities": null}));
        assert_eq!(t.monthly_price, None);
        assert_eq!(t.max_private_nics(), None);
        assert!(t.supports_block_storage());
    }

    #[test]
    fn monthly_cost_falls_back_to_730_hours() {
        let listed = server_type(json!({"hourly_price": 0.1578, "monthly_price": 115.194}));
        assert_eq!(listed.monthly_cost(), 115.194);
        let unlisted = server_type(json!({"hourly_price": 0.5}));
        assert_eq!(unlisted.monthly_cost(), 365.0);
    }

    #[test]
    fn later_page_wins_when_merging() {
        let page = |price: f64| ServerTypesPage {
            servers: [(
                "DEV1-S".to_owned(),
                server_type(json!({"hourly_price": price})),
            )]
            .into(),
        };
        let merged = ServerTypesPage::merge([page(1.0), page(2.0)]);
        assert_eq!(merged.servers.len(), 1);
        assert_eq!(merged.servers["DEV1-S"].hourly_price, 2.0);
    }
}
