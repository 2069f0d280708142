//! Instance v1 servers (API-FACTS §5, §6).

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::common::{Arch, ResourceRef};
use super::enums::{null_as_default, string_enum};
use super::image::Image;
use super::private_nic::PrivateNic;

string_enum! {
    /// Power state of a server. Note the spaces in `stopped in place`.
    pub enum ServerState {
        Running => "running",
        Stopped => "stopped",
        StoppedInPlace => "stopped in place",
        Starting => "starting",
        Stopping => "stopping",
        Locked => "locked",
    }
}

impl ServerState {
    /// True while the server moves between states, so the UI polls it faster and
    /// shows a spinner.
    pub fn is_transitional(&self) -> bool {
        matches!(self, ServerState::Starting | ServerState::Stopping)
    }

    /// True for the states the SDK's `WaitForServer` stops at.
    pub fn is_settled(&self) -> bool {
        matches!(
            self,
            ServerState::Running
                | ServerState::Stopped
                | ServerState::StoppedInPlace
                | ServerState::Locked
        )
    }
}

string_enum! {
    /// An action for `POST .../servers/{id}/action`, also listed in `allowed_actions`.
    pub enum ServerAction {
        Poweron => "poweron",
        Poweroff => "poweroff",
        Reboot => "reboot",
        StopInPlace => "stop_in_place",
        Terminate => "terminate",
        Backup => "backup",
        EnableRoutedIp => "enable_routed_ip",
    }
}

impl ServerAction {
    /// Actions that interrupt or destroy a running workload and therefore ask the
    /// user for confirmation first.
    pub fn is_destructive(&self) -> bool {
        matches!(
            self,
            ServerAction::Poweroff
                | ServerAction::Reboot
                | ServerAction::StopInPlace
                | ServerAction::Terminate
        )
    }
}

string_enum! {
    /// Kind of a volume attached to a server (`volumes.*.volume_type`).
    pub enum VolumeServerType {
        LSsd => "l_ssd",
        BSsd => "b_ssd",
        SbsVolume => "sbs_volume",
        Scratch => "scratch",
    }
}

string_enum! {
    /// State of a volume as seen from its server.
    pub enum ServerVolumeState {
        Available => "available",
        Attaching => "attaching",
        Detaching => "detaching",
        Snapshotting => "snapshotting",
        Resizing => "resizing",
        Fetching => "fetching",
        Saving => "saving",
        Hotsyncing => "hotsyncing",
        Deleting => "deleting",
        Error => "error",
    }
}

string_enum! {
    /// How a server boots.
    pub enum BootType {
        Local => "local",
        Bootscript => "bootscript",
        Rescue => "rescue",
    }
}

string_enum! {
    /// Address family of a public IP.
    pub enum IpFamily {
        Inet => "inet",
        Inet6 => "inet6",
    }
}

string_enum! {
    /// How a public IP is configured on the server.
    pub enum ProvisioningMode {
        Manual => "manual",
        Dhcp => "dhcp",
        Slaac => "slaac",
    }
}

string_enum! {
    /// State of a public IP attached to a server.
    pub enum ServerIpState {
        Detached => "detached",
        Attached => "attached",
        Pending => "pending",
        Error => "error",
    }
}

/// One entry of a server's `volumes` map. `sbs_volume` entries carry only
/// `{boot, volume_type, id, state, zone}` (name and size live in the Block API),
/// and right after attaching even `state` may be missing.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ServerVolume {
    pub id: String,
    pub volume_type: VolumeServerType,
    #[serde(default, deserialize_with = "null_as_default")]
    pub boot: bool,
    #[serde(default)]
    pub state: Option<ServerVolumeState>,
    #[serde(default)]
    pub name: Option<String>,
    /// Bytes; only on local (`l_ssd`, `scratch`) entries.
    #[serde(default)]
    pub size: Option<u64>,
    #[serde(default, deserialize_with = "null_as_default")]
    pub zone: String,
    #[serde(default)]
    pub server: Option<ResourceRef>,
    #[serde(default)]
    pub organization: Option<String>,
    #[serde(default)]
    pub project: Option<String>,
    #[serde(default)]
    pub creation_date: Option<String>,
    #[serde(default)]
    pub modification_date: Option<String>,
    #[serde(default, deserialize_with = "null_as_default")]
    pub tags: Vec<String>,
}

impl ServerVolume {
    /// True for Block Storage volumes, whose details come from the Block API.
    pub fn is_sbs(&self) -> bool {
        self.volume_type == VolumeServerType::SbsVolume
    }
}

/// A public (flexible) IP as embedded in a server. Pre-2024 bodies only have
/// `{id, address, dynamic}`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PublicIp {
    pub id: String,
    pub address: String,
    #[serde(default, deserialize_with = "null_as_default")]
    pub dynamic: bool,
    #[serde(default)]
    pub gateway: Option<String>,
    /// Prefix length as a string (`"32"`, `"64"`), as the API sends it.
    #[serde(default)]
    pub netmask: Option<String>,
    #[serde(default)]
    pub family: Option<IpFamily>,
    #[serde(default)]
    pub provisioning_mode: Option<ProvisioningMode>,
    #[serde(default, deserialize_with = "null_as_default")]
    pub tags: Vec<String>,
    #[serde(default)]
    pub state: Option<ServerIpState>,
    #[serde(default)]
    pub ipam_id: Option<String>,
}

impl PublicIp {
    /// True for IPv6 addresses (by family when present, else by the address).
    pub fn is_ipv6(&self) -> bool {
        is_ipv6(self.family.as_ref(), &self.address)
    }
}

/// The sort key of a `volumes` slot: numeric order (`"2"` before `"10"`),
/// a slot that is not a number last.
pub(super) fn slot_order(slot: &str) -> (u32, &str) {
    (slot.parse().unwrap_or(u32::MAX), slot)
}

/// IPv6 by the family when the API sent one, else by the address itself.
pub(super) fn is_ipv6(family: Option<&IpFamily>, address: &str) -> bool {
    match family {
        Some(IpFamily::Inet6) => true,
        Some(IpFamily::Inet) => false,
        _ => address.contains(':'),
    }
}

/// A public IP as the full model and the summary both hold it.
pub(super) trait PublicAddress {
    fn address(&self) -> &str;
    fn ipv6(&self) -> bool;
}

impl PublicAddress for PublicIp {
    fn address(&self) -> &str {
        &self.address
    }
    fn ipv6(&self) -> bool {
        self.is_ipv6()
    }
}

/// The address for a PUBLIC IP column: the first IPv4 of `ips`, else the
/// legacy `public_ip`, else any public address (IPv6).
pub(super) fn column_address<'a, T: PublicAddress>(
    ips: &'a [T],
    legacy: Option<&'a T>,
) -> Option<&'a str> {
    ips.iter()
        .find(|ip| !ip.ipv6())
        .or(legacy)
        .or_else(|| ips.first())
        .map(PublicAddress::address)
}

/// Every public address, IPv4 first; the legacy `public_ip` when `ips` is empty.
pub(super) fn all_addresses<'a, T: PublicAddress>(
    ips: &'a [T],
    legacy: Option<&'a T>,
) -> Vec<&'a str> {
    if ips.is_empty() {
        return legacy.iter().map(|ip| ip.address()).collect();
    }
    let (v4, v6): (Vec<&T>, Vec<&T>) = ips.iter().partition(|ip| !ip.ipv6());
    v4.into_iter()
        .chain(v6)
        .map(PublicAddress::address)
        .collect()
}

/// The legacy `ipv6` block of a server (null on current servers).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ServerIpv6 {
    pub address: String,
    #[serde(default)]
    pub gateway: Option<String>,
    #[serde(default)]
    pub netmask: Option<String>,
}

/// Where the server physically runs; every field is an opaque string.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct ServerLocation {
    #[serde(default, deserialize_with = "null_as_default")]
    pub zone_id: String,
    #[serde(default, deserialize_with = "null_as_default")]
    pub platform_id: String,
    #[serde(default, deserialize_with = "null_as_default")]
    pub cluster_id: String,
    #[serde(default, deserialize_with = "null_as_default")]
    pub hypervisor_id: String,
    #[serde(default, deserialize_with = "null_as_default")]
    pub node_id: String,
}

/// The placement group a server belongs to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PlacementGroup {
    pub id: String,
    #[serde(default, deserialize_with = "null_as_default")]
    pub name: String,
    /// `optional` or `enforced`.
    #[serde(default)]
    pub policy_mode: Option<String>,
    /// `max_availability` or `low_latency`.
    #[serde(default)]
    pub policy_type: Option<String>,
    #[serde(default)]
    pub policy_respected: Option<bool>,
    #[serde(default)]
    pub organization: Option<String>,
    #[serde(default)]
    pub project: Option<String>,
    #[serde(default, deserialize_with = "null_as_default")]
    pub tags: Vec<String>,
    #[serde(default, deserialize_with = "null_as_default")]
    pub zone: String,
}

/// A file system attached to a server.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ServerFilesystem {
    pub filesystem_id: String,
    #[serde(default, deserialize_with = "null_as_default")]
    pub state: String,
}

/// An Instance v1 server. Unknown keys (`bootscript`, `extra_networks`, `dns`...)
/// are ignored.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Server {
    pub id: String,
    pub name: String,
    pub state: ServerState,
    #[serde(default, deserialize_with = "null_as_default")]
    pub state_detail: String,
    pub commercial_type: String,
    #[serde(default, deserialize_with = "null_as_default")]
    pub allowed_actions: Vec<ServerAction>,
    /// Keyed by the string index `"0"`, `"1"`, ...; `"0"` is the root volume.
    /// Use [`Server::volumes_in_order`] for numeric order.
    #[serde(default, deserialize_with = "null_as_default")]
    pub volumes: BTreeMap<String, ServerVolume>,
    /// Deprecated mirror of the first entry of `public_ips`.
    #[serde(default)]
    pub public_ip: Option<PublicIp>,
    #[serde(default, deserialize_with = "null_as_default")]
    pub public_ips: Vec<PublicIp>,
    #[serde(default)]
    pub private_ip: Option<String>,
    #[serde(default, deserialize_with = "null_as_default")]
    pub private_nics: Vec<PrivateNic>,
    #[serde(default)]
    pub security_group: Option<ResourceRef>,
    #[serde(default)]
    pub image: Option<Image>,
    #[serde(default, deserialize_with = "null_as_default")]
    pub tags: Vec<String>,
    #[serde(default, deserialize_with = "null_as_default")]
    pub creation_date: String,
    #[serde(default, deserialize_with = "null_as_default")]
    pub modification_date: String,
    #[serde(default, deserialize_with = "null_as_default")]
    pub project: String,
    #[serde(default, deserialize_with = "null_as_default")]
    pub organization: String,
    #[serde(default)]
    pub arch: Arch,
    #[serde(default, deserialize_with = "null_as_default")]
    pub protected: bool,
    #[serde(default, deserialize_with = "null_as_default")]
    pub hostname: String,
    #[serde(default)]
    pub boot_type: Option<BootType>,
    #[serde(default)]
    pub placement_group: Option<PlacementGroup>,
    #[serde(default)]
    pub location: Option<ServerLocation>,
    pub zone: String,
    #[serde(default, deserialize_with = "null_as_default")]
    pub enable_ipv6: bool,
    #[serde(default)]
    pub ipv6: Option<ServerIpv6>,
    #[serde(default, deserialize_with = "null_as_default")]
    pub dynamic_ip_required: bool,
    #[serde(default, deserialize_with = "null_as_default")]
    pub routed_ip_enabled: bool,
    #[serde(default, deserialize_with = "null_as_default")]
    pub mac_address: String,
    #[serde(default, deserialize_with = "null_as_default")]
    pub end_of_service: bool,
    #[serde(default, deserialize_with = "null_as_default")]
    pub filesystems: Vec<ServerFilesystem>,
    /// Never seen non-empty; kept raw.
    #[serde(default, deserialize_with = "null_as_default")]
    pub maintenances: Vec<serde_json::Value>,
    /// Windows servers only.
    #[serde(default)]
    pub admin_password_encryption_ssh_key_id: Option<String>,
    /// Windows servers only; encrypted with the user's SSH key.
    #[serde(default)]
    pub admin_password_encrypted_value: Option<String>,
}

impl Server {
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

    /// Volumes ordered by their numeric slot (`"2"` before `"10"`), with the slot.
    pub fn volumes_in_order(&self) -> Vec<(&str, &ServerVolume)> {
        let mut v: Vec<(&str, &ServerVolume)> = self
            .volumes
            .iter()
            .map(|(k, vol)| (k.as_str(), vol))
            .collect();
        v.sort_by_key(|(k, _)| slot_order(k));
        v
    }

    /// The root volume (slot `"0"`).
    pub fn root_volume(&self) -> Option<&ServerVolume> {
        self.volumes.get("0")
    }

    /// True when a volume with this id is attached.
    pub fn has_volume(&self, volume_id: &str) -> bool {
        self.volumes.values().any(|v| v.id == volume_id)
    }

    /// Ids of the private networks this server is attached to, in NIC order.
    pub fn private_network_ids(&self) -> Vec<&str> {
        self.private_nics
            .iter()
            .map(|nic| nic.private_network_id.as_str())
            .collect()
    }
}

/// `{"server": {...}}`: GET/PATCH/POST server, attach-volume, detach-volume.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ServerResponse {
    pub server: Server,
}

/// `{"servers": [...]}`: one page of `GET .../servers` (total in `X-Total-Count`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ServersList {
    #[serde(default, deserialize_with = "null_as_default")]
    pub servers: Vec<Server>,
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    /// The smallest server body the models accept: every other key may be absent.
    fn minimal(extra: serde_json::Value) -> Server {
        let mut body = json!({
            "id": "srv-1",
            "name": "web-1",
            "state": "running",
            "commercial_type": "DEV1-S",
            "zone": "fr-par-1",
        });
        if let (Some(b), Some(e)) = (body.as_object_mut(), extra.as_object()) {
            b.extend(e.clone());
        }
        serde_json::from_value(body).expect("minimal server parses")
    }

    #[test]
    fn stopped_in_place_has_spaces_on_the_wire() {
        let state: ServerState = serde_json::from_str(r#""stopped in place""#).expect("parse");
        assert_eq!(state, ServerState::StoppedInPlace);
        assert_eq!(state.as_str(), "stopped in place");
        assert!(state.is_settled());
        assert!(!state.is_transitional());
    }

    #[test]
    fn transitional_states_are_starting_and_stopping() {
        let transitional: Vec<&ServerState> = ServerState::KNOWN
            .iter()
            .filter(|s| s.is_transitional())
            .collect();
        assert_eq!(
            transitional,
            [&ServerState::Starting, &ServerState::Stopping]
        );
        assert!(!ServerState::Unknown("booting".into()).is_settled());
    }

    #[test]
    fn actions_serialise_to_api_strings() {
        let actions = serde_json::to_value(ServerAction::KNOWN).expect("json");
        assert_eq!(
            actions,
            json!([
                "poweron",
                "poweroff",
                "reboot",
                "stop_in_place",
                "terminate",
                "backup",
                "enable_routed_ip"
            ])
        );
        assert!(ServerAction::Terminate.is_destructive());
        assert!(!ServerAction::Poweron.is_destructive());
    }

    #[test]
    fn unknown_state_and_action_are_kept() {
        let s =
            minimal(json!({"state": "hibernating", "allowed_actions": ["poweron", "hibernate"]}));
        assert_eq!(s.state, ServerState::Unknown("hibernating".into()));
        assert_eq!(
            s.allowed_actions,
            [
                ServerAction::Poweron,
                ServerAction::Unknown("hibernate".into())
            ]
        );
        assert!(s.allows(&ServerAction::Poweron));
        assert!(!s.allows(&ServerAction::Reboot));
    }

    #[test]
    fn nulls_and_missing_keys_are_tolerated() {
        let s = minimal(json!({
            "tags": null,
            "public_ips": null,
            "volumes": null,
            "security_group": null,
            "image": null,
            "state_detail": null,
        }));
        assert!(s.tags.is_empty() && s.public_ips.is_empty() && s.volumes.is_empty());
        assert_eq!(s.public_address(), None);
        assert_eq!(s.arch, Arch::default());
    }

    #[test]
    fn public_address_prefers_ipv4_then_legacy_field() {
        let v6 = json!({"id": "a", "address": "2001:db8::1", "dynamic": false, "family": "inet6"});
        let v4 = json!({"id": "b", "address": "51.15.1.2", "dynamic": false, "family": "inet"});
        let s = minimal(json!({"public_ips": [v6.clone(), v4.clone()], "public_ip": v6}));
        assert_eq!(s.public_address(), Some("51.15.1.2"));
        assert_eq!(s.public_addresses(), ["51.15.1.2", "2001:db8::1"]);

        // Pre-2024 bodies: only `public_ip`, without a family.
        let legacy = minimal(
            json!({"public_ip": {"id": "c", "address": "212.47.232.136", "dynamic": false}}),
        );
        assert_eq!(legacy.public_address(), Some("212.47.232.136"));
        assert_eq!(legacy.public_addresses(), ["212.47.232.136"]);

        let only_v6 = minimal(json!({"public_ips": [{"id": "d", "address": "2001:db8::2"}]}));
        assert_eq!(only_v6.public_address(), Some("2001:db8::2"));
    }

    #[test]
    fn sbs_volume_entry_without_name_size_or_state() {
        let s = minimal(json!({"volumes": {
            "0": {"boot": false, "id": "root", "volume_type": "l_ssd", "name": "root", "size": 20000000000_u64, "state": "available", "zone": "fr-par-1"},
            "1": {"boot": false, "id": "blk", "volume_type": "sbs_volume", "zone": "fr-par-1"}
        }}));
        let sbs = &s.volumes["1"];
        assert!(sbs.is_sbs());
        assert_eq!(
            (sbs.name.as_deref(), sbs.size, sbs.state.as_ref()),
            (None, None, None)
        );
        assert_eq!(s.root_volume().map(|v| v.id.as_str()), Some("root"));
        assert!(s.has_volume("blk"));
    }

    #[test]
    fn volumes_are_ordered_by_numeric_slot() {
        let vol = |id: &str| json!({"id": id, "volume_type": "sbs_volume"});
        let s = minimal(json!({"volumes": {"10": vol("j"), "2": vol("b"), "0": vol("a")}}));
        let order: Vec<&str> = s.volumes_in_order().iter().map(|(k, _)| *k).collect();
        assert_eq!(order, ["0", "2", "10"]);
    }
}
