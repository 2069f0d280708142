//! What the simulator answers for its largest objects (servers, Block
//! volumes), serialized straight from the models: each field is written
//! from the `World` as it is borrowed, with no `serde_json::Value` tree in
//! between (a page of 100 servers as `Value`s took ten times its 240 KB of
//! JSON, and the time to build and drop them). Fields are declared in the
//! order the recorded API sends them.

use chrono::{DateTime, Utc};
use serde::{Serialize, Serializer};

use super::catalog::{self, Image};
use super::instance::{allowed_actions, ipv4_state};
use super::time_text::{Offset, TimeText};
use super::world::{PrivateNic, PublicIp, Server, ServerVolume, Volume, World};
use crate::inline_str::InlineStr;

/// JSON `null`.
type Null = ();
/// JSON `[]`.
type NoItems = [Null; 0];

/// JSON `{}`.
#[derive(Serialize)]
pub struct NoKeys {}

/// An Instance time (`+00:00`, microseconds), written from the stack.
#[derive(Clone, Copy)]
pub struct InstanceTime(pub DateTime<Utc>);

impl Serialize for InstanceTime {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&TimeText::new(self.0, Offset::Instance))
    }
}

/// A Block / VPC time (`Z`, microseconds), written from the stack.
#[derive(Clone, Copy)]
pub struct ZTime(pub DateTime<Utc>);

impl Serialize for ZTime {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&TimeText::new(self.0, Offset::Z))
    }
}

#[derive(Serialize, Clone, Copy)]
pub struct IdName<'a> {
    pub id: &'a str,
    pub name: &'a str,
}

/// A server as the Instance API shows it (`GET /servers/{id}`, lists).
#[derive(Serialize)]
pub struct ServerJson<'a> {
    id: &'a str,
    name: &'a str,
    arch: &'a str,
    commercial_type: &'a str,
    boot_type: &'a str,
    organization: &'a str,
    project: &'a str,
    hostname: &'a str,
    image: Option<ImageJson<'a>>,
    volumes: VolumesJson<'a>,
    tags: &'a [InlineStr],
    state: &'a str,
    protected: bool,
    state_detail: &'a str,
    public_ip: Option<PublicIpJson<'a>>,
    public_ips: Vec<PublicIpJson<'a>>,
    mac_address: &'a str,
    routed_ip_enabled: bool,
    ipv6: Null,
    extra_networks: NoItems,
    dynamic_ip_required: bool,
    enable_ipv6: bool,
    private_ip: Null,
    creation_date: InstanceTime,
    modification_date: InstanceTime,
    bootscript: Null,
    security_group: IdName<'a>,
    location: Option<LocationJson<'a>>,
    maintenances: NoItems,
    allowed_actions: Vec<&'static str>,
    placement_group: Null,
    private_nics: Vec<NicJson<'a>>,
    zone: &'a str,
    filesystems: NoItems,
    end_of_service: bool,
    dns: Dns<'a>,
    admin_password_encryption_ssh_key_id: Null,
}

pub fn server<'a>(w: &'a World, s: &'a Server) -> ServerJson<'a> {
    let image = catalog::find_image(s.zone, &s.image_id, s.arch).map(image);
    let v4 = s
        .public_ip
        .iter()
        .map(|ip| public_ip(ip, "inet", ipv4_state(s)));
    let v6 = s
        .public_ipv6
        .iter()
        .map(|ip| public_ip(ip, "inet6", "attached"));
    let public_ips: Vec<PublicIpJson<'a>> = v4.chain(v6).collect();
    let sg_name = w
        .security_groups
        .get(s.security_group.as_str())
        .map_or("", |g| g.name.as_str());
    ServerJson {
        id: &s.id,
        name: &s.name,
        arch: s.arch,
        commercial_type: s.commercial_type,
        boot_type: s.settings.boot_type,
        organization: &s.project,
        project: &s.project,
        hostname: &s.name,
        image,
        volumes: VolumesJson(s),
        tags: &s.tags,
        state: s.state,
        protected: s.settings.protected,
        state_detail: s.state_detail,
        public_ip: public_ips.first().copied(),
        public_ips,
        mac_address: &s.mac_address,
        routed_ip_enabled: true,
        ipv6: (),
        extra_networks: [],
        dynamic_ip_required: s.public_ip.is_some(),
        enable_ipv6: s.settings.enable_ipv6,
        private_ip: (),
        creation_date: InstanceTime(s.created),
        modification_date: InstanceTime(s.modified),
        bootscript: (),
        security_group: IdName {
            id: &s.security_group,
            name: sg_name,
        },
        location: location(s),
        maintenances: [],
        allowed_actions: allowed_actions(s),
        placement_group: (),
        private_nics: s.private_nics.iter().map(|n| nic(s, n)).collect(),
        zone: s.zone.as_str(),
        filesystems: [],
        end_of_service: false,
        dns: Dns(&s.id),
        admin_password_encryption_ssh_key_id: (),
    }
}

/// `{id}.pub.instances.scw.cloud`.
pub struct Dns<'a>(&'a str);

impl Serialize for Dns<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(&format_args!("{}.pub.instances.scw.cloud", self.0))
    }
}

/// The server's volume slots as the map the API shows (`"0": {...}`).
pub struct VolumesJson<'a>(&'a Server);

impl Serialize for VolumesJson<'_> {
    fn serialize<S: Serializer>(&self, ser: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        let s = self.0;
        let mut map = ser.serialize_map(None)?;
        for (k, v) in s.volumes.iter() {
            map.serialize_key(&k.to_string())?;
            map.serialize_value(&volume_entry(s, v, Some(false)))?;
        }
        map.end()
    }
}

/// One of a server's volumes: an SBS reference, or a local volume in full.
#[derive(Serialize)]
#[serde(untagged)]
pub enum VolumeEntry<'a> {
    Sbs {
        boot: bool,
        volume_type: &'a str,
        id: &'a str,
        state: &'a str,
        zone: &'a str,
    },
    Local(LocalVolumeJson<'a>),
}

/// A local (`l_ssd`, `scratch`) volume: in its server's map (with `boot`)
/// and in the legacy Instance volumes API (without).
#[derive(Serialize)]
pub struct LocalVolumeJson<'a> {
    #[serde(skip_serializing_if = "Option::is_none")]
    boot: Option<bool>,
    pub id: &'a str,
    name: &'a str,
    volume_type: &'a str,
    export_uri: Null,
    organization: &'a str,
    project: &'a str,
    server: IdName<'a>,
    size: u64,
    state: &'a str,
    creation_date: InstanceTime,
    modification_date: InstanceTime,
    tags: NoItems,
    zone: &'a str,
}

/// The entry of `v` in the volume map of `s`; `boot` is left out when
/// `None` (the legacy volumes API).
pub fn volume_entry<'a>(s: &'a Server, v: &'a ServerVolume, boot: Option<bool>) -> VolumeEntry<'a> {
    if v.volume_type == "sbs_volume" {
        return VolumeEntry::Sbs {
            boot: boot.unwrap_or(false),
            volume_type: "sbs_volume",
            id: &v.id,
            state: v.state,
            zone: s.zone.as_str(),
        };
    }
    VolumeEntry::Local(local_volume(s, v, boot))
}

pub fn local_volume<'a>(
    s: &'a Server,
    v: &'a ServerVolume,
    boot: Option<bool>,
) -> LocalVolumeJson<'a> {
    LocalVolumeJson {
        boot,
        id: &v.id,
        name: &v.name,
        volume_type: v.volume_type,
        export_uri: (),
        organization: &s.project,
        project: &s.project,
        server: IdName {
            id: &s.id,
            name: &s.name,
        },
        size: v.size,
        state: v.state,
        creation_date: InstanceTime(v.created),
        modification_date: InstanceTime(v.created),
        tags: [],
        zone: s.zone.as_str(),
    }
}

#[derive(Serialize, Clone, Copy)]
pub struct PublicIpJson<'a> {
    id: &'a str,
    address: &'a str,
    dynamic: bool,
    gateway: &'static str,
    netmask: &'static str,
    family: &'static str,
    provisioning_mode: &'static str,
    tags: NoItems,
    state: &'static str,
    ipam_id: &'a str,
}

fn public_ip<'a>(ip: &'a PublicIp, family: &'static str, state: &'static str) -> PublicIpJson<'a> {
    let v6 = family == "inet6";
    PublicIpJson {
        id: &ip.id,
        address: &ip.address,
        dynamic: !v6,
        gateway: if v6 {
            "fe80::dc00:ff:fe00:1"
        } else {
            "62.210.0.1"
        },
        netmask: if v6 { "64" } else { "32" },
        family,
        provisioning_mode: if v6 { "slaac" } else { "dhcp" },
        tags: [],
        state,
        ipam_id: &ip.ipam_id,
    }
}

#[derive(Serialize)]
pub struct LocationJson<'a> {
    zone_id: &'a str,
    platform_id: &'static str,
    cluster_id: &'static str,
    hypervisor_id: String,
    node_id: String,
}

/// Where the server runs; `null` while it has no hypervisor (stopped, and
/// while the node is still being allocated), as recorded.
fn location(s: &Server) -> Option<LocationJson<'_>> {
    let unplaced = matches!(
        (s.state, s.state_detail),
        ("stopped", _) | ("starting", "allocating node")
    );
    (!unplaced).then(|| LocationJson {
        zone_id: s.zone.as_str(),
        platform_id: "14",
        cluster_id: "16",
        hypervisor_id: (s.node / 40 + 300).to_string(),
        node_id: (s.node % 40).to_string(),
    })
}

/// A private NIC (in its server, and `GET .../private_nics`).
#[derive(Serialize)]
pub struct NicJson<'a> {
    id: &'a str,
    private_network_id: &'a str,
    server_id: &'a str,
    mac_address: &'a str,
    state: &'a str,
    creation_date: InstanceTime,
    modification_date: InstanceTime,
    zone: &'a str,
    tags: &'a [InlineStr],
    ipam_ip_ids: &'a [InlineStr],
}

pub fn nic<'a>(s: &'a Server, n: &'a PrivateNic) -> NicJson<'a> {
    NicJson {
        id: &n.id,
        private_network_id: &n.private_network_id,
        server_id: &s.id,
        mac_address: &n.mac_address,
        state: n.state,
        creation_date: InstanceTime(n.created),
        modification_date: InstanceTime(n.modified),
        zone: s.zone.as_str(),
        tags: &n.tags,
        ipam_ip_ids: &n.ipam_ip_ids,
    }
}

/// A public image (in a server, and `GET /images`).
#[derive(Serialize)]
pub struct ImageJson<'a> {
    id: &'a str,
    name: &'a str,
    organization: &'static str,
    project: &'static str,
    root_volume: RootVolume<'a>,
    extra_volumes: NoKeys,
    public: bool,
    arch: &'a str,
    creation_date: &'static str,
    modification_date: &'static str,
    default_bootscript: Null,
    from_server: &'static str,
    state: &'static str,
    tags: NoItems,
    zone: &'a str,
}

/// An SBS image's root is a snapshot reference: no size, no name (as recorded).
#[derive(Serialize)]
struct RootVolume<'a> {
    volume_type: &'static str,
    id: &'a str,
    size: u64,
    name: &'static str,
}

pub fn image(i: &Image) -> ImageJson<'_> {
    const CREATED: &str = "2025-09-12T09:11:41.420846+00:00";
    ImageJson {
        id: &i.id,
        name: i.name,
        organization: catalog::IMAGE_ORG,
        project: catalog::IMAGE_ORG,
        root_volume: RootVolume {
            volume_type: "sbs_snapshot",
            id: &i.root_id,
            size: 0,
            name: "",
        },
        extra_volumes: NoKeys {},
        public: true,
        arch: i.arch,
        creation_date: CREATED,
        modification_date: CREATED,
        default_bootscript: (),
        // "" (not null) on SBS images, as every 2025-2026 recording shows.
        from_server: "",
        state: "available",
        tags: [],
        zone: i.zone.as_str(),
    }
}

/// A Block volume as Block `ver` shows it: v1 adds `kms_key_id` (always null
/// here).
#[derive(Serialize)]
pub struct BlockVolumeJson<'a> {
    id: &'a str,
    name: &'a str,
    #[serde(rename = "type")]
    kind: &'static str,
    size: u64,
    project_id: &'a str,
    created_at: ZTime,
    updated_at: ZTime,
    references: Vec<ReferenceJson<'a>>,
    parent_snapshot_id: Null,
    status: &'a str,
    tags: &'a [InlineStr],
    specs: Specs,
    last_detached_at: Option<ZTime>,
    zone: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    kms_key_id: Option<Null>,
}

#[derive(Serialize)]
struct ReferenceJson<'a> {
    id: &'a str,
    product_resource_type: &'static str,
    product_resource_id: &'a str,
    created_at: ZTime,
    #[serde(rename = "type")]
    kind: &'static str,
    status: &'a str,
}

#[derive(Serialize)]
struct Specs {
    perf_iops: u32,
    class: &'static str,
}

pub fn block_volume<'a>(v: &'a Volume, ver: &str) -> BlockVolumeJson<'a> {
    BlockVolumeJson {
        id: &v.id,
        name: &v.name,
        kind: if v.perf_iops >= 15000 {
            "sbs_15k"
        } else {
            "sbs_5k"
        },
        size: v.size,
        project_id: &v.project,
        created_at: ZTime(v.created),
        updated_at: ZTime(v.updated),
        references: v
            .reference
            .iter()
            .map(|r| ReferenceJson {
                id: &r.id,
                product_resource_type: "instance_server",
                product_resource_id: &r.server_id,
                created_at: ZTime(r.created),
                kind: "exclusive",
                status: r.status,
            })
            .collect(),
        parent_snapshot_id: (),
        status: v.status,
        tags: &v.tags,
        specs: Specs {
            perf_iops: v.perf_iops,
            class: "sbs",
        },
        last_detached_at: v.last_detached.map(ZTime),
        zone: v.zone.as_str(),
        kms_key_id: (ver == "v1").then_some(()),
    }
}
