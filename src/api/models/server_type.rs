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

impl ServerType {
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
