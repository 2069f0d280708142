//! The list views of servers and volumes: only the fields a dashboard shows,
//! joins or acts on. serde skips every other key while parsing, so a summary
//! never allocates them: a server listed by a 10,000-server fleet takes about
//! a tenth of the full [`Server`](super::Server) (which keeps every recorded
//! key for `list -o json` and the fixtures' round trip). The full object is
//! one `GET` away (the dashboard's raw view fetches it).
//!
//! Repeated strings (zone, type, project, image and group names, network ids)
//! are shared through [`Shared`], so ten thousand servers of one project hold
//! one copy of its id.

use serde::{Deserialize, Deserializer, Serialize};

use super::common::ResourceRef;
use super::enums::null_as_default;
use super::private_nic::PrivateNicState;
use super::server::{
    IpFamily, PublicAddress, ServerAction, ServerState, ServerVolumeState, VolumeServerType,
    all_addresses, column_address, is_ipv6, slot_order,
};
use super::shared::Shared;
use super::volume::{BlockVolumeType, INSTANCE_SERVER_RESOURCE, ReferenceStatus, VolumeStatus};
use crate::api::reuse::Keyed;

/// A server as the dashboard keeps it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ServerSummary {
    pub id: String,
    pub name: String,
    pub state: ServerState,
    #[serde(default, deserialize_with = "shared_or_empty")]
    pub state_detail: Shared,
    pub commercial_type: Shared,
    #[serde(default)]
    pub allowed_actions: AllowedActions,
    /// In numeric slot order (`"2"` before `"10"`); slot `"0"` is the root.
    #[serde(default, deserialize_with = "slots_in_order")]
    pub volumes: Vec<(String, VolumeSlot)>,
    /// Deprecated mirror of the first entry of `public_ips` (older bodies have
    /// only this one).
    #[serde(default)]
    pub public_ip: Option<IpSummary>,
    #[serde(default, deserialize_with = "compact")]
    pub public_ips: Vec<IpSummary>,
    #[serde(default)]
    pub private_ip: Option<String>,
    #[serde(default, deserialize_with = "compact")]
    pub private_nics: Vec<NicSummary>,
    #[serde(default)]
    pub security_group: Option<SharedRef>,
    /// The image's id and name (the rest of the image object is skipped).
    #[serde(default)]
    pub image: Option<SharedRef>,
    #[serde(default, deserialize_with = "compact")]
    pub tags: Vec<String>,
    #[serde(default, deserialize_with = "null_as_default")]
    pub creation_date: String,
    /// The server's last change (a stopped server's stop, the cost view's
    /// "stopped for N days").
    #[serde(default, deserialize_with = "null_as_default")]
    pub modification_date: String,
    #[serde(default, deserialize_with = "shared_or_empty")]
    pub project: Shared,
    #[serde(default, deserialize_with = "shared_or_empty")]
    pub arch: Shared,
    pub zone: Shared,
}

/// The power actions the API allows on a server now, as a set of the ones
/// this version knows (an action it does not know is never offered): one
/// byte in place of a list of strings, ~150 bytes a server.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct AllowedActions(u8);

// A bit for each known action.
const _: () = assert!(ServerAction::KNOWN.len() <= 8);

impl AllowedActions {
    /// The bit of a known action.
    fn bit(action: &ServerAction) -> Option<u8> {
        let at = ServerAction::KNOWN.iter().position(|a| a == action)?;
        Some(1 << at)
    }

    pub fn contains(&self, action: &ServerAction) -> bool {
        Self::bit(action).is_some_and(|bit| self.0 & bit != 0)
    }

    /// The allowed actions, in the API's order of `ServerAction::KNOWN`.
    pub fn iter(&self) -> impl Iterator<Item = &'static ServerAction> + '_ {
        ServerAction::KNOWN
            .iter()
            .enumerate()
            .filter(|(at, _)| self.0 & (1 << at) != 0)
            .map(|(_, a)| a)
    }
}

impl FromIterator<ServerAction> for AllowedActions {
    fn from_iter<I: IntoIterator<Item = ServerAction>>(actions: I) -> Self {
        AllowedActions(
            actions
                .into_iter()
                .filter_map(|a| Self::bit(&a))
                .fold(0, |set, bit| set | bit),
        )
    }
}

impl Serialize for AllowedActions {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_seq(self.iter())
    }
}

impl<'de> Deserialize<'de> for AllowedActions {
    /// A list of action names (`null` for none); unknown names are dropped.
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let actions: Vec<ServerAction> = null_as_default(d)?;
        Ok(actions.into_iter().collect())
    }
}

/// One entry of a server's `volumes` map.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct VolumeSlot {
    pub id: String,
    pub volume_type: VolumeServerType,
    #[serde(default, deserialize_with = "null_as_default")]
    pub boot: bool,
    #[serde(default)]
    pub state: Option<ServerVolumeState>,
    /// Only local volumes carry a name and a size; Block ones live in Block.
    #[serde(default)]
    pub name: Option<String>,
    #[serde(default)]
    pub size: Option<u64>,
}

/// A public IP: its address and family.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct IpSummary {
    pub address: String,
    #[serde(default)]
    pub family: Option<IpFamily>,
}

impl IpSummary {
    /// True for IPv6 addresses (by family when present, else by the address).
    pub fn is_ipv6(&self) -> bool {
        is_ipv6(self.family.as_ref(), &self.address)
    }
}

impl PublicAddress for IpSummary {
    fn address(&self) -> &str {
        &self.address
    }
    fn ipv6(&self) -> bool {
        self.is_ipv6()
    }
}

/// A private NIC: what it connects to and how it is doing.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct NicSummary {
    pub id: String,
    pub private_network_id: Shared,
    #[serde(default, deserialize_with = "null_as_default")]
    pub mac_address: String,
    pub state: PrivateNicState,
}

/// An embedded `{id, name}` reference whose values repeat across servers
/// (their security group, their image).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SharedRef {
    pub id: Shared,
    #[serde(default, deserialize_with = "shared_or_empty")]
    pub name: Shared,
}

impl From<&ResourceRef> for SharedRef {
    fn from(r: &ResourceRef) -> Self {
        SharedRef {
            id: Shared::from(r.id.as_str()),
            name: Shared::from(r.name.as_str()),
        }
    }
}

impl ServerSummary {
    /// The address to show in a PUBLIC IP column: the first IPv4 of `public_ips`,
    /// else the legacy `public_ip`, else any public address (IPv6).
    pub fn public_address(&self) -> Option<&str> {
        column_address(&self.public_ips, self.public_ip.as_ref())
    }

    /// Every public address, IPv4 first; falls back to the legacy `public_ip`.
    pub fn public_addresses(&self) -> Vec<&str> {
        all_addresses(&self.public_ips, self.public_ip.as_ref())
    }

    /// Whether the API currently allows `action` on this server.
    pub fn allows(&self, action: &ServerAction) -> bool {
        self.allowed_actions.contains(action)
    }

    /// Volumes with their slot, in numeric slot order.
    pub fn volumes_in_order(&self) -> impl Iterator<Item = (&str, &VolumeSlot)> {
        self.volumes.iter().map(|(slot, v)| (slot.as_str(), v))
    }

    /// The root volume (slot `"0"`).
    pub fn root_volume(&self) -> Option<&VolumeSlot> {
        self.volumes
            .iter()
            .find(|(slot, _)| slot == "0")
            .map(|(_, v)| v)
    }

    /// True when a volume with this id is attached.
    pub fn has_volume(&self, volume_id: &str) -> bool {
        self.volumes.iter().any(|(_, v)| v.id == volume_id)
    }

    /// Ids of the private networks this server is attached to, in NIC order.
    pub fn private_network_ids(&self) -> Vec<&str> {
        self.private_nics
            .iter()
            .map(|nic| nic.private_network_id.as_str())
            .collect()
    }

    /// True while a private NIC is still being configured.
    pub fn nic_syncing(&self) -> bool {
        self.private_nics.iter().any(|n| n.state.is_transitional())
    }
}

/// A Block Storage volume as the dashboard keeps it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(from = "VolumeFields")]
pub struct VolumeSummary {
    pub id: String,
    pub name: String,
    pub volume_type: BlockVolumeType,
    /// Bytes.
    pub size: u64,
    pub status: VolumeStatus,
    /// Provisioned IOPS: `specs.perf_iops`, else implied by the type.
    pub iops: Option<u32>,
    /// The Instance server it is attached (or attaching) to.
    pub server_id: Option<String>,
    pub tags: Vec<String>,
    pub project_id: Shared,
    pub created_at: String,
    pub last_detached_at: Option<String>,
    pub zone: Shared,
}

impl VolumeSummary {
    /// Id of the Instance server the volume is attached (or attaching) to.
    pub fn attached_server_id(&self) -> Option<&str> {
        self.server_id.as_deref()
    }

    /// Provisioned IOPS (5,000 or 15,000 on current volumes).
    pub fn iops_class(&self) -> Option<u32> {
        self.iops
    }
}

/// The keys of a Block volume that a summary reads.
#[derive(Deserialize)]
struct VolumeFields {
    id: String,
    name: String,
    #[serde(rename = "type")]
    volume_type: BlockVolumeType,
    size: u64,
    status: VolumeStatus,
    #[serde(default)]
    specs: Option<SpecsFields>,
    #[serde(default, deserialize_with = "null_as_default")]
    references: Vec<ReferenceFields>,
    #[serde(default, deserialize_with = "compact")]
    tags: Vec<String>,
    #[serde(default, deserialize_with = "shared_or_empty")]
    project_id: Shared,
    #[serde(default, deserialize_with = "null_as_default")]
    created_at: String,
    #[serde(default)]
    last_detached_at: Option<String>,
    #[serde(default, deserialize_with = "shared_or_empty")]
    zone: Shared,
}

#[derive(Deserialize)]
struct SpecsFields {
    #[serde(default)]
    perf_iops: Option<u32>,
}

#[derive(Deserialize)]
struct ReferenceFields {
    #[serde(default, deserialize_with = "null_as_default")]
    product_resource_type: String,
    #[serde(default, deserialize_with = "null_as_default")]
    product_resource_id: String,
    status: ReferenceStatus,
}

impl From<VolumeFields> for VolumeSummary {
    fn from(f: VolumeFields) -> Self {
        let server_id = f
            .references
            .into_iter()
            .find(|r| {
                r.product_resource_type == INSTANCE_SERVER_RESOURCE
                    && r.status != ReferenceStatus::Detached
            })
            .map(|r| r.product_resource_id);
        let iops = f
            .specs
            .and_then(|s| s.perf_iops)
            .or_else(|| f.volume_type.iops());
        VolumeSummary {
            id: f.id,
            name: f.name,
            volume_type: f.volume_type,
            size: f.size,
            status: f.status,
            iops,
            server_id,
            tags: f.tags,
            project_id: f.project_id,
            created_at: f.created_at,
            last_detached_at: f.last_detached_at,
            zone: f.zone,
        }
    }
}

/// A `volumes` map as a vector in numeric slot order: a map of one entry
/// would cost a whole B-tree node (room for eleven).
fn slots_in_order<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<(String, VolumeSlot)>, D::Error> {
    let map: Option<std::collections::HashMap<String, VolumeSlot>> = Option::deserialize(d)?;
    let mut v: Vec<(String, VolumeSlot)> = map.unwrap_or_default().into_iter().collect();
    v.sort_by(|(a, _), (b, _)| slot_order(a).cmp(&slot_order(b)));
    v.shrink_to_fit();
    Ok(v)
}

/// A list that may be `null`, without the spare capacity growth leaves (a
/// list of five actions would keep room for eight, per server).
fn compact<'de, D, T>(d: D) -> Result<Vec<T>, D::Error>
where
    D: Deserializer<'de>,
    T: Deserialize<'de>,
{
    let mut v: Vec<T> = null_as_default(d)?;
    v.shrink_to_fit();
    Ok(v)
}

/// A string that may be `null` or missing, as a [`Shared`].
fn shared_or_empty<'de, D: Deserializer<'de>>(d: D) -> Result<Shared, D::Error> {
    Ok(Option::<Shared>::deserialize(d)?.unwrap_or_default())
}

impl Keyed for ServerSummary {
    fn key(&self) -> &str {
        &self.id
    }
}

impl Keyed for VolumeSummary {
    fn key(&self) -> &str {
        &self.id
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn allowed_actions_keep_the_known_ones_in_a_byte() {
        let body = r#"["reboot", "hibernate", "poweroff", "backup", "reboot"]"#;
        let set: AllowedActions = serde_json::from_str(body).unwrap();
        assert!(set.contains(&ServerAction::Reboot));
        assert!(set.contains(&ServerAction::Poweroff));
        assert!(!set.contains(&ServerAction::Poweron));
        assert!(!set.contains(&ServerAction::Unknown("hibernate".into())));
        let names: Vec<&str> = set.iter().map(ServerAction::as_str).collect();
        assert_eq!(names, ["poweroff", "reboot", "backup"]);
        assert_eq!(
            serde_json::to_string(&set).unwrap(),
            r#"["poweroff","reboot","backup"]"#
        );
        let none: AllowedActions = serde_json::from_str("null").unwrap();
        assert_eq!(none.iter().count(), 0);
        assert_eq!(std::mem::size_of::<AllowedActions>(), 1);
    }
}
