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

use compact_str::CompactString;
use serde::{Deserialize, Deserializer, Serialize};

use super::common::ResourceRef;
use super::enums::null_as_default;
use super::private_nic::PrivateNicState;
use super::server::{
    IpFamily, PublicAddress, ServerAction, ServerState, ServerVolumeState, VolumeServerType,
    all_addresses, column_address, is_ipv6, slot_order,
};
use super::shared::Shared;
use super::stamp::Stamp;
use super::volume::{BlockVolumeType, INSTANCE_SERVER_RESOURCE, ReferenceStatus, VolumeStatus};
use crate::api::reuse::Keyed;
use crate::inline_str::InlineStr;

/// A server as the dashboard keeps it. Ids are [`InlineStr`]s, dates [`Stamp`]s,
/// names, tags and addresses [`CompactString`]s and lists boxed slices, so a
/// server's text lives in its own box, not in a heap block a string
/// (100,000 servers: ~2.2 KB a server before, docs/BENCHMARKS.md).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(from = "ServerFields")]
pub struct ServerSummary {
    pub id: InlineStr,
    pub name: CompactString,
    pub state: ServerState,
    pub state_detail: Shared,
    pub commercial_type: Shared,
    pub allowed_actions: AllowedActions,
    /// In numeric slot order (`"2"` before `"10"`); slot `"0"` is the root.
    pub volumes: Box<[VolumeSlot]>,
    /// The public IPs; the deprecated `public_ip` mirror of the first one
    /// when an older body has only that.
    pub public_ips: Box<[IpSummary]>,
    pub private_ip: Option<Box<str>>,
    pub private_nics: Box<[NicSummary]>,
    pub security_group: Option<SharedRef>,
    /// The image's id and name (the rest of the image object is skipped).
    pub image: Option<SharedRef>,
    pub tags: Box<[CompactString]>,
    pub creation_date: Stamp,
    /// The server's last change (a stopped server's stop, the cost view's
    /// "stopped for N days").
    pub modification_date: Stamp,
    pub project: Shared,
    pub arch: Shared,
    pub zone: Shared,
}

/// The keys of a server that a summary reads.
#[derive(Deserialize)]
struct ServerFields {
    id: InlineStr,
    name: CompactString,
    state: ServerState,
    #[serde(default, deserialize_with = "shared_or_empty")]
    state_detail: Shared,
    commercial_type: Shared,
    #[serde(default)]
    allowed_actions: AllowedActions,
    #[serde(default, deserialize_with = "slots_in_order")]
    volumes: Box<[VolumeSlot]>,
    #[serde(default)]
    public_ip: Option<IpSummary>,
    #[serde(default, deserialize_with = "boxed")]
    public_ips: Box<[IpSummary]>,
    #[serde(default)]
    private_ip: Option<Box<str>>,
    #[serde(default, deserialize_with = "boxed")]
    private_nics: Box<[NicSummary]>,
    #[serde(default)]
    security_group: Option<SharedRef>,
    #[serde(default)]
    image: Option<SharedRef>,
    #[serde(default, deserialize_with = "boxed")]
    tags: Box<[CompactString]>,
    #[serde(default)]
    creation_date: Stamp,
    #[serde(default)]
    modification_date: Stamp,
    #[serde(default, deserialize_with = "shared_or_empty")]
    project: Shared,
    #[serde(default, deserialize_with = "shared_or_empty")]
    arch: Shared,
    zone: Shared,
}

impl From<ServerFields> for ServerSummary {
    fn from(f: ServerFields) -> Self {
        // The legacy mirror matters only to a body without `public_ips`.
        let public_ips = match f.public_ip {
            Some(legacy) if f.public_ips.is_empty() => Box::new([legacy]),
            _ => f.public_ips,
        };
        ServerSummary {
            id: f.id,
            name: f.name,
            state: f.state,
            state_detail: f.state_detail,
            commercial_type: f.commercial_type,
            allowed_actions: f.allowed_actions,
            volumes: f.volumes,
            public_ips,
            private_ip: f.private_ip,
            private_nics: f.private_nics,
            security_group: f.security_group,
            image: f.image,
            tags: f.tags,
            creation_date: f.creation_date,
            modification_date: f.modification_date,
            project: f.project,
            arch: f.arch,
            zone: f.zone,
        }
    }
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

/// One entry of a server's `volumes` map, with its slot.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(from = "SlotFields")]
pub struct VolumeSlot {
    /// The map's key (`"0"` is the root), filled in by [`slots_in_order`].
    pub slot: CompactString,
    pub id: InlineStr,
    pub volume_type: VolumeServerType,
    pub boot: bool,
    pub state: Option<ServerVolumeState>,
    /// Only local volumes carry a name and a size (Block ones live in
    /// Block): boxed, one word for the many slots without (32 bytes less).
    #[serde(flatten)]
    local: Option<Box<LocalVolume>>,
}

/// What a local volume's slot says of it.
#[derive(Debug, Clone, PartialEq, Serialize)]
struct LocalVolume {
    name: Option<CompactString>,
    size: Option<u64>,
}

#[derive(Deserialize)]
struct SlotFields {
    id: InlineStr,
    volume_type: VolumeServerType,
    #[serde(default, deserialize_with = "null_as_default")]
    boot: bool,
    #[serde(default)]
    state: Option<ServerVolumeState>,
    #[serde(default)]
    name: Option<CompactString>,
    #[serde(default)]
    size: Option<u64>,
}

impl From<SlotFields> for VolumeSlot {
    fn from(f: SlotFields) -> Self {
        let local = (f.name.is_some() || f.size.is_some()).then(|| {
            Box::new(LocalVolume {
                name: f.name,
                size: f.size,
            })
        });
        VolumeSlot {
            slot: CompactString::default(),
            id: f.id,
            volume_type: f.volume_type,
            boot: f.boot,
            state: f.state,
            local,
        }
    }
}

impl VolumeSlot {
    /// A local volume's name, as the slot says.
    pub fn name(&self) -> Option<&str> {
        self.local.as_ref()?.name.as_deref()
    }

    /// A local volume's size in bytes, as the slot says.
    pub fn size(&self) -> Option<u64> {
        self.local.as_ref()?.size
    }

    /// What to call the slot's volume: its Block name when Block lists it
    /// (`block`), else its own (local) name, else its id.
    pub fn label(&self, block: Option<&VolumeSummary>) -> String {
        block
            .map(|b| b.name.as_str())
            .or(self.name())
            .filter(|n| !n.is_empty())
            .unwrap_or(&self.id)
            .to_string()
    }
}

/// A public IP: its address and whether it is IPv6 (by its family when the
/// API sent one, else by the address).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(from = "IpFields")]
pub struct IpSummary {
    pub address: CompactString,
    pub ipv6: bool,
}

#[derive(Deserialize)]
struct IpFields {
    address: CompactString,
    #[serde(default)]
    family: Option<IpFamily>,
}

impl From<IpFields> for IpSummary {
    fn from(f: IpFields) -> Self {
        IpSummary {
            ipv6: is_ipv6(f.family.as_ref(), &f.address),
            address: f.address,
        }
    }
}

impl IpSummary {
    /// True for IPv6 addresses.
    pub fn is_ipv6(&self) -> bool {
        self.ipv6
    }
}

impl PublicAddress for IpSummary {
    fn address(&self) -> &str {
        &self.address
    }
    fn ipv6(&self) -> bool {
        self.ipv6
    }
}

/// A private NIC: what it connects to and how it is doing.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct NicSummary {
    pub id: InlineStr,
    pub private_network_id: Shared,
    #[serde(default, deserialize_with = "null_as_default")]
    pub mac_address: CompactString,
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
        column_address(&self.public_ips, None)
    }

    /// Every public address, IPv4 first (the legacy `public_ip` when it was
    /// the only one).
    pub fn public_addresses(&self) -> Vec<&str> {
        all_addresses(&self.public_ips, None)
    }

    /// Whether the API currently allows `action` on this server.
    pub fn allows(&self, action: &ServerAction) -> bool {
        self.allowed_actions.contains(action)
    }

    /// Volumes with their slot, in numeric slot order.
    pub fn volumes_in_order(&self) -> impl Iterator<Item = (&str, &VolumeSlot)> {
        self.volumes.iter().map(|v| (v.slot.as_str(), v))
    }

    /// The root volume (slot `"0"`).
    pub fn root_volume(&self) -> Option<&VolumeSlot> {
        self.volumes.iter().find(|v| v.slot == "0")
    }

    /// True when a volume with this id is attached.
    pub fn has_volume(&self, volume_id: &str) -> bool {
        self.volumes.iter().any(|v| v.id == volume_id)
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
    pub id: InlineStr,
    pub name: CompactString,
    pub volume_type: BlockVolumeType,
    /// Bytes.
    pub size: u64,
    pub status: VolumeStatus,
    /// Provisioned IOPS: `specs.perf_iops`, else implied by the type.
    pub iops: Option<u32>,
    /// The Instance server it is attached (or attaching) to.
    pub server_id: Option<InlineStr>,
    pub tags: Box<[CompactString]>,
    pub project_id: Shared,
    pub created_at: Stamp,
    /// Set on detached volumes only.
    pub last_detached_at: Stamp,
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
    id: InlineStr,
    name: CompactString,
    #[serde(rename = "type")]
    volume_type: BlockVolumeType,
    size: u64,
    status: VolumeStatus,
    #[serde(default)]
    specs: Option<SpecsFields>,
    #[serde(default, deserialize_with = "null_as_default")]
    references: Vec<ReferenceFields>,
    #[serde(default, deserialize_with = "boxed")]
    tags: Box<[CompactString]>,
    #[serde(default, deserialize_with = "shared_or_empty")]
    project_id: Shared,
    #[serde(default)]
    created_at: Stamp,
    #[serde(default)]
    last_detached_at: Stamp,
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
    product_resource_id: InlineStr,
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

/// A `volumes` map as a boxed slice in numeric slot order, each entry
/// holding its slot: a map of one entry would cost a whole B-tree node (room
/// for eleven).
fn slots_in_order<'de, D: Deserializer<'de>>(d: D) -> Result<Box<[VolumeSlot]>, D::Error> {
    let map: Option<std::collections::HashMap<CompactString, VolumeSlot>> = Option::deserialize(d)?;
    let mut v: Vec<VolumeSlot> = map
        .unwrap_or_default()
        .into_iter()
        .map(|(slot, v)| VolumeSlot { slot, ..v })
        .collect();
    v.sort_by(|a, b| slot_order(&a.slot).cmp(&slot_order(&b.slot)));
    Ok(v.into_boxed_slice())
}

/// A list that may be `null`, as a boxed slice: no spare capacity (a list of
/// five tags would keep room for eight, per server) and no capacity word.
fn boxed<'de, D, T>(d: D) -> Result<Box<[T]>, D::Error>
where
    D: Deserializer<'de>,
    T: Deserialize<'de>,
{
    let v: Vec<T> = null_as_default(d)?;
    Ok(v.into_boxed_slice())
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

    /// A server as the simulator and the API list it (trimmed of the keys a
    /// summary skips).
    fn body(public: &str) -> String {
        format!(
            r#"{{"id": "5f0f3c2a-1d1e-4a36-9a57-0f4a2f3c1003", "name": "worker-12345",
            "state": "running", "commercial_type": "DEV1-S", "allowed_actions": ["poweroff"],
            "volumes": {{"0": {{"id": "8a0b1c2d-3e4f-4a5b-9c6d-7e8f9a0b1c2d",
                "volume_type": "sbs_volume", "boot": false, "state": "available"}}}},
            {public},
            "private_nics": [{{"id": "1b2c3d4e-5f6a-4b7c-8d9e-0f1a2b3c4d5e",
                "private_network_id": "e7b2a4c6-3d5f-4e81-9a0b-1c2d3e4f4001",
                "mac_address": "02:00:00:10:aa:03", "state": "available"}}],
            "tags": ["web"], "creation_date": "2026-01-05T09:00:00.000000+00:00",
            "modification_date": "2026-01-05T09:00:00.000000+00:00",
            "project": "p", "arch": "x86_64", "zone": "fr-par-1"}}"#
        )
    }

    #[test]
    fn a_server_keeps_its_text_in_its_own_box() {
        let s: ServerSummary = serde_json::from_str(&body(
            r#""public_ip": {"address": "51.15.0.7", "family": "inet"},
            "public_ips": [{"address": "51.15.0.7", "family": "inet"}]"#,
        ))
        .unwrap();
        let inline = |t: &InlineStr| matches!(t, InlineStr::Inline { .. });
        assert!(inline(&s.id));
        assert_eq!(
            s.creation_date,
            Stamp::parse("2026-01-05T09:00:00.000000+00:00")
        );
        assert!(inline(&s.volumes[0].id) && inline(&s.private_nics[0].id));
        assert!(!s.name.is_heap_allocated() && !s.tags[0].is_heap_allocated());
        assert!(!s.private_nics[0].mac_address.is_heap_allocated());
        assert!(!s.public_ips[0].address.is_heap_allocated());
        // The legacy mirror is not kept twice.
        assert_eq!(s.public_addresses(), ["51.15.0.7"]);
        assert_eq!(s.volumes[0].slot, "0");
        // A Block volume's slot has no name or size of its own to keep.
        assert_eq!((s.volumes[0].name(), s.volumes[0].size()), (None, None));
        assert!(std::mem::size_of::<VolumeSlot>() <= 112);
        // The boxes the `Arc`s hold: 456 and 240 bytes with `String`s,
        // `Vec`s and two-word `Shared`s, besides the heap blocks of the text.
        assert!(std::mem::size_of::<ServerSummary>() <= 256);
        assert!(std::mem::size_of::<VolumeSummary>() <= 200);
    }

    #[test]
    fn a_local_volume_slot_keeps_its_name_and_size() {
        let s: ServerSummary = serde_json::from_str(&body(r#""public_ips": []"#).replace(
            r#""volume_type": "sbs_volume""#,
            r#""volume_type": "l_ssd", "name": "root", "size": 20000000000"#,
        ))
        .unwrap();
        let slot = &s.volumes[0];
        assert_eq!(
            (slot.name(), slot.size()),
            (Some("root"), Some(20_000_000_000))
        );
        assert_eq!(slot.label(None), "root");
        let json = serde_json::to_value(slot).unwrap();
        assert_eq!(
            (json["name"].as_str(), json["size"].as_u64()),
            (Some("root"), Some(20_000_000_000))
        );
    }

    #[test]
    fn an_older_body_with_only_the_legacy_public_ip_keeps_it() {
        let old: ServerSummary = serde_json::from_str(&body(
            r#""public_ip": {"address": "51.15.0.8", "family": "inet"}, "public_ips": null"#,
        ))
        .unwrap();
        assert_eq!(old.public_address(), Some("51.15.0.8"));
        assert_eq!(old.public_addresses(), ["51.15.0.8"]);
        let v6: ServerSummary = serde_json::from_str(&body(
            r#""public_ips": [{"address": "2001:bc8::1", "family": null}]"#,
        ))
        .unwrap();
        assert!(v6.public_ips[0].is_ipv6());
        assert_eq!(v6.public_address(), Some("2001:bc8::1"));
    }

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
