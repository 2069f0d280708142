//! Instance v1 private NICs: a server's attachment to a private network.

use serde::{Deserialize, Serialize};

use super::enums::{null_as_default, string_enum};

string_enum! {
    /// State of a private NIC.
    pub enum PrivateNicState {
        Available => "available",
        Syncing => "syncing",
        SyncingError => "syncing_error",
    }
}

impl PrivateNicState {
    /// True while the NIC is still being configured.
    pub fn is_transitional(&self) -> bool {
        matches!(self, PrivateNicState::Syncing)
    }
}

/// A private NIC.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PrivateNic {
    pub id: String,
    pub private_network_id: String,
    pub server_id: String,
    #[serde(default, deserialize_with = "null_as_default")]
    pub mac_address: String,
    pub state: PrivateNicState,
    #[serde(default, deserialize_with = "null_as_default")]
    pub creation_date: String,
    #[serde(default, deserialize_with = "null_as_default")]
    pub modification_date: String,
    #[serde(default, deserialize_with = "null_as_default")]
    pub zone: String,
    #[serde(default, deserialize_with = "null_as_default")]
    pub tags: Vec<String>,
    /// IPAM addresses, filled automatically (usually one IPv4 and one IPv6).
    #[serde(default, deserialize_with = "null_as_default")]
    pub ipam_ip_ids: Vec<String>,
}

/// `{"private_nics": [...]}`: `GET .../servers/{id}/private_nics`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PrivateNicsList {
    #[serde(default, deserialize_with = "null_as_default")]
    pub private_nics: Vec<PrivateNic>,
}

/// `{"private_nic": {...}}`: POST, GET and PATCH of one NIC.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PrivateNicResponse {
    pub private_nic: PrivateNic,
}
