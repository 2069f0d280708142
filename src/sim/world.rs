//! The simulator's own state: entities, indexes by zone/region, and a timer queue.
//!
//! Transitions are lazy: every request first calls [`World::tick`], which applies the
//! timed events that are due. Nothing runs in the background, so a test that waits
//! `n * transition` sees exactly the states the recorded API showed, deterministically.

use std::cmp::Reverse;
use std::collections::{BinaryHeap, HashMap, HashSet};
use std::net::IpAddr;
use std::time::{Duration, Instant};

use chrono::{DateTime, Utc};
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use uuid::Uuid;

use super::time_text::{Offset, TimeText};
use crate::api::locality::{Region, Zone};
use crate::inline_str::InlineStr;

/// The single project (and organisation) every simulated resource belongs to.
pub const PROJECT: &str = "f1e2d3c4-b5a6-4978-8a9b-0c1d2e3f4a5b";

/// A volume slot on a server (`volumes["0"]`, ...).
#[derive(Debug, Clone)]
pub struct ServerVolume {
    pub id: InlineStr,
    /// `sbs_volume`, `l_ssd` or `scratch`.
    pub volume_type: &'static str,
    /// Only for local volumes (sbs sizes live in the Block volume); empty
    /// (no heap block) for the others, so not an `InlineStr` of 40 bytes.
    pub name: Box<str>,
    pub size: u64,
    pub state: &'static str,
    pub created: DateTime<Utc>,
}

/// A server's volume slots, in index order. A sorted `Vec` rather than a
/// `BTreeMap`: servers have one or two volumes, and a map's first leaf node
/// reserves room for eleven (1.2 KB a server, 12 MB of a 10,000-server fleet).
#[derive(Debug, Clone, Default)]
pub struct VolumeSlots(Vec<(u32, ServerVolume)>);

impl VolumeSlots {
    pub fn new() -> Self {
        Self::default()
    }

    /// Put `volume` in slot `index`, replacing what was there. Grows by
    /// one: a `Vec` would keep room for four (most servers have one).
    pub fn insert(&mut self, index: u32, volume: ServerVolume) {
        match self.0.binary_search_by_key(&index, |(k, _)| *k) {
            Ok(at) => self.0[at].1 = volume,
            Err(at) => {
                self.0.reserve_exact(1);
                self.0.insert(at, (index, volume));
            }
        }
    }

    pub fn get(&self, index: &u32) -> Option<&ServerVolume> {
        self.0.iter().find(|(k, _)| k == index).map(|(_, v)| v)
    }

    pub fn contains_key(&self, index: &u32) -> bool {
        self.get(index).is_some()
    }

    /// `(index, volume)` in index order, like a map's `iter()`.
    pub fn iter(&self) -> impl Iterator<Item = (&u32, &ServerVolume)> {
        self.0.iter().map(|(k, v)| (k, v))
    }

    pub fn values(&self) -> impl Iterator<Item = &ServerVolume> {
        self.0.iter().map(|(_, v)| v)
    }

    pub fn values_mut(&mut self) -> impl Iterator<Item = &mut ServerVolume> {
        self.0.iter_mut().map(|(_, v)| v)
    }
}

impl<const N: usize> From<[(u32, ServerVolume); N]> for VolumeSlots {
    fn from(slots: [(u32, ServerVolume); N]) -> Self {
        let mut out = Self::new();
        for (k, v) in slots {
            out.insert(k, v);
        }
        out
    }
}

#[derive(Debug, Clone)]
pub struct PrivateNic {
    pub id: InlineStr,
    pub private_network_id: InlineStr,
    pub mac_address: InlineStr,
    pub state: &'static str,
    pub created: DateTime<Utc>,
    pub modified: DateTime<Utc>,
    pub tags: Vec<InlineStr>,
    pub ipam_ip_ids: Vec<InlineStr>,
}

/// An IPAM address booked for a private NIC from its network's subnet, kept
/// in [`World::ips`] under its id. What its private network already knows
/// (the project, the subnet's id) is read from there when it is shown rather
/// than copied into each of a large fleet's thousands of addresses.
#[derive(Debug, Clone)]
pub struct IpamIp {
    pub address: IpAddr,
    /// The subnet's prefix length (`address` is shown in CIDR notation).
    pub prefix: u8,
    /// Its subnet: an index into the network's `subnets` (fixed at creation).
    pub subnet: u16,
    pub private_network_id: InlineStr,
    pub region: Region,
    /// The NIC it is attached to, and that NIC's server.
    pub server_id: InlineStr,
    pub nic_id: InlineStr,
    pub created: DateTime<Utc>,
}

#[derive(Debug, Clone)]
pub struct PublicIp {
    pub id: InlineStr,
    pub address: InlineStr,
    pub ipam_id: InlineStr,
}

/// The writable settings of a server besides name, tags, type, volumes and group.
#[derive(Debug, Clone)]
pub struct ServerSettings {
    pub protected: bool,
    /// `local`, `bootscript` or `rescue` (SDK-I BootType).
    pub boot_type: &'static str,
    pub enable_ipv6: bool,
}

impl Default for ServerSettings {
    fn default() -> Self {
        Self {
            protected: false,
            boot_type: "local",
            enable_ipv6: false,
        }
    }
}

#[derive(Debug, Clone)]
pub struct Server {
    pub id: InlineStr,
    pub name: InlineStr,
    pub zone: Zone,
    /// Both from the catalogue (`catalog::server_type_named`), not copies.
    pub commercial_type: &'static str,
    pub arch: &'static str,
    pub image_id: InlineStr,
    pub state: &'static str,
    pub state_detail: &'static str,
    pub tags: Vec<InlineStr>,
    pub volumes: VolumeSlots,
    pub security_group: InlineStr,
    pub private_nics: Vec<PrivateNic>,
    /// Boxed, like the IPv6: 120 bytes inline in every server, with or without one.
    pub public_ip: Option<Box<PublicIp>>,
    /// A routed IPv6 address (`family: "inet6"`, SLAAC), listed after the IPv4.
    pub public_ipv6: Option<Box<PublicIp>>,
    pub settings: ServerSettings,
    pub project: InlineStr,
    pub mac_address: InlineStr,
    pub created: DateTime<Utc>,
    pub modified: DateTime<Utc>,
    pub node: u32,
    /// Bumped by every action so that timers of a superseded action are ignored.
    pub generation: u64,
}

#[derive(Debug, Clone)]
pub struct Reference {
    pub id: InlineStr,
    pub server_id: InlineStr,
    pub created: DateTime<Utc>,
    pub status: &'static str,
}

#[derive(Debug, Clone)]
pub struct Volume {
    pub id: InlineStr,
    /// The project it belongs to (list filters `project`/`project_id` match it).
    pub project: InlineStr,
    pub name: InlineStr,
    pub zone: Zone,
    pub size: u64,
    pub perf_iops: u32,
    pub status: &'static str,
    pub tags: Vec<InlineStr>,
    pub reference: Option<Reference>,
    pub created: DateTime<Utc>,
    pub updated: DateTime<Utc>,
    pub last_detached: Option<DateTime<Utc>>,
}

#[derive(Debug, Clone)]
pub struct Rule {
    pub id: String,
    pub protocol: String,
    pub direction: String,
    pub action: String,
    pub ip_range: String,
    pub dest_port_from: Option<u32>,
    pub dest_port_to: Option<u32>,
    pub editable: bool,
}

#[derive(Debug, Clone)]
pub struct SecurityGroup {
    pub id: String,
    /// The project it belongs to (list filters `project`/`project_id` match it).
    pub project: String,
    pub name: String,
    pub description: Option<String>,
    pub zone: Zone,
    pub stateful: bool,
    pub inbound_default_policy: String,
    pub outbound_default_policy: String,
    pub project_default: bool,
    pub enable_default_security: bool,
    pub state: &'static str,
    pub tags: Vec<String>,
    /// Editable rules only; the default drop rules are added when rendering.
    pub rules: Vec<Rule>,
    pub created: DateTime<Utc>,
    pub modified: DateTime<Utc>,
}

#[derive(Debug, Clone)]
pub struct Subnet {
    pub id: String,
    pub cidr: String,
    pub created: DateTime<Utc>,
}

#[derive(Debug, Clone)]
pub struct PrivateNetwork {
    pub id: String,
    /// The project it belongs to (list filters `project`/`project_id` match it).
    pub project: String,
    pub name: String,
    pub region: Region,
    pub vpc_id: String,
    pub tags: Vec<String>,
    pub subnets: Vec<Subnet>,
    pub default_route_propagation_enabled: bool,
    pub created: DateTime<Utc>,
    pub updated: DateTime<Utc>,
}

#[derive(Debug, Clone)]
pub struct Vpc {
    pub id: String,
    /// The project it belongs to (list filters `project`/`project_id` match it).
    pub project: String,
    pub name: String,
    pub region: Region,
    pub tags: Vec<String>,
    pub is_default: bool,
    pub routing_enabled: bool,
    pub custom_routes_propagation_enabled: bool,
    pub created: DateTime<Utc>,
    pub updated: DateTime<Utc>,
}

/// A private image made by the `backup` action.
#[derive(Debug, Clone)]
pub struct BackupImage {
    pub id: String,
    /// The project of the server it was made from.
    pub project: String,
    pub name: String,
    pub zone: Zone,
    pub arch: String,
    pub from_server: String,
    pub root_id: String,
    pub created: DateTime<Utc>,
}

/// What a timer does when it fires.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub enum Event {
    ServerStep {
        id: InlineStr,
        generation: u64,
        state: &'static str,
        detail: &'static str,
    },
    ServerGone {
        id: InlineStr,
        generation: u64,
    },
    ServerVolumeSettled {
        server: InlineStr,
        volume: InlineStr,
    },
    VolumeStatus {
        id: InlineStr,
        status: &'static str,
    },
    SecurityGroupAvailable {
        id: InlineStr,
    },
    NicAvailable {
        server: InlineStr,
        nic: InlineStr,
    },
    /// A detach completes, unless the volume was attached again since.
    VolumeDetached {
        id: InlineStr,
        reference: InlineStr,
    },
}

/// Entities kept in insertion (= creation) order per locality, so that lists are
/// O(zone size) and never O(fleet²).
#[derive(Debug, Default)]
pub struct World {
    /// Boxed: a map keeps room for a quarter more entries than it holds, and
    /// a server is over 500 bytes (a volume about 300).
    pub servers: HashMap<InlineStr, Box<Server>>,
    pub servers_by_zone: HashMap<Zone, Vec<InlineStr>>,
    /// Zones where a server was created no later than the one before it
    /// (the machine's clock went back): their lists are not in creation
    /// order, so a listing sorts them (see `servers_in_creation_order`).
    unordered_zones: HashSet<Zone>,
    pub volumes: HashMap<InlineStr, Box<Volume>>,
    pub volumes_by_zone: HashMap<Zone, Vec<InlineStr>>,
    pub security_groups: HashMap<String, SecurityGroup>,
    pub sgs_by_zone: HashMap<Zone, Vec<String>>,
    pub private_networks: HashMap<String, PrivateNetwork>,
    pub pns_by_region: HashMap<Region, Vec<String>>,
    pub vpcs: HashMap<String, Vpc>,
    pub vpcs_by_region: HashMap<Region, Vec<String>>,
    /// IPAM addresses of private NICs, and their ids per region in booking order.
    pub ips: HashMap<InlineStr, IpamIp>,
    pub ips_by_region: HashMap<Region, Vec<InlineStr>>,
    /// Addresses booked in each subnet (by subnet id).
    ips_used: HashMap<String, HashSet<IpAddr>>,
    /// Backups, in creation order (few, so a plain list).
    pub images: Vec<BackupImage>,
    timers: BinaryHeap<Reverse<(Instant, u64, Event)>>,
    timer_seq: u64,
    pub rng: Option<StdRng>,
    /// Length of one transition step.
    pub step: Duration,
    /// How far [`World::advance`] has moved this world's clock ahead of the
    /// machine's: tests step the state machines exactly, whatever the load.
    skew: Duration,
}

impl World {
    pub fn new(seed: u64, step: Duration) -> Self {
        Self {
            rng: Some(StdRng::seed_from_u64(seed)),
            step,
            ..Default::default()
        }
    }

    fn rng(&mut self) -> &mut StdRng {
        self.rng.get_or_insert_with(|| StdRng::seed_from_u64(0))
    }

    /// A UUID drawn from the seeded generator, so a seed always yields the same ids.
    pub fn uuid(&mut self) -> InlineStr {
        let bytes: [u8; 16] = self.rng().random();
        let uuid = uuid::Builder::from_random_bytes(bytes).into_uuid();
        InlineStr::new(uuid.hyphenated().encode_lower(&mut Uuid::encode_buffer()))
    }

    pub fn random_u32(&mut self, below: u32) -> u32 {
        self.rng().random_range(0..below.max(1))
    }

    pub fn mac(&mut self, prefix: &str) -> InlineStr {
        let b: [u8; 3] = self.rng().random();
        format!("{prefix}:{:02x}:{:02x}:{:02x}", b[0], b[1], b[2]).into()
    }

    pub fn nil_uuid() -> String {
        Uuid::nil().to_string()
    }

    /// The simulator's clock: the machine's, plus what tests advanced it by.
    fn now(&self) -> Instant {
        Instant::now() + self.skew
    }

    /// Moves the clock `steps` transition steps ahead at once and applies what
    /// became due, as if that much time had passed.
    pub fn advance(&mut self, steps: u32) {
        self.skew += self.step * steps;
        self.tick();
    }

    /// Schedule `event` `steps` transition steps from now.
    pub fn schedule(&mut self, steps: u32, event: Event) {
        let at = self.now() + self.step * steps;
        self.timer_seq += 1;
        self.timers.push(Reverse((at, self.timer_seq, event)));
    }

    /// Apply every timer that is due.
    pub fn tick(&mut self) {
        let now = self.now();
        while let Some(Reverse((at, _, _))) = self.timers.peek() {
            if *at > now {
                break;
            }
            if let Some(Reverse((_, _, event))) = self.timers.pop() {
                self.apply(event);
            }
        }
    }

    fn apply(&mut self, event: Event) {
        let now = Utc::now();
        match event {
            Event::ServerStep {
                id,
                generation,
                state,
                detail,
            } => {
                if let Some(s) = self
                    .servers
                    .get_mut(&id)
                    .filter(|s| s.generation == generation)
                {
                    s.state = state;
                    s.state_detail = detail;
                    s.modified = now;
                }
            }
            Event::ServerGone { id, generation } => {
                if self
                    .servers
                    .get(&id)
                    .is_some_and(|s| s.generation == generation)
                {
                    self.remove_server(&id);
                }
            }
            Event::ServerVolumeSettled { server, volume } => {
                if let Some(s) = self.servers.get_mut(&server) {
                    for v in s.volumes.values_mut().filter(|v| v.id == volume) {
                        v.state = "available";
                    }
                }
                if let Some(r) = self
                    .volumes
                    .get_mut(&volume)
                    .and_then(|v| v.reference.as_mut())
                    .filter(|r| r.server_id == server)
                {
                    r.status = "attached";
                }
            }
            Event::VolumeStatus { id, status } => {
                if let Some(v) = self.volumes.get_mut(&id) {
                    // The attachment may have changed since the timer was set.
                    v.status = match (v.reference.is_some(), status) {
                        (true, _) => "in_use",
                        (false, "in_use") => "available",
                        (false, other) => other,
                    };
                    v.updated = now;
                }
            }
            Event::SecurityGroupAvailable { id } => {
                if let Some(g) = self.security_groups.get_mut(id.as_str()) {
                    g.state = "available";
                }
            }
            Event::VolumeDetached { id, reference } => {
                if let Some(v) = self
                    .volumes
                    .get_mut(&id)
                    .filter(|v| v.reference.as_ref().is_some_and(|r| r.id == reference))
                {
                    v.reference = None;
                    v.status = "available";
                    v.updated = now;
                    v.last_detached = Some(now);
                }
            }
            Event::NicAvailable { server, nic } => {
                if let Some(n) = self
                    .servers
                    .get_mut(&server)
                    .and_then(|s| s.private_nics.iter_mut().find(|n| n.id == nic))
                {
                    n.state = "available";
                    n.modified = now;
                }
            }
        }
    }

    /// Room for `n` more servers with their root volume.
    pub fn reserve_servers(&mut self, n: usize) {
        self.servers.reserve(n);
        self.volumes.reserve(n);
    }

    pub fn insert_server(&mut self, s: Server) {
        let after_the_last = self
            .servers_by_zone
            .get(&s.zone)
            .and_then(|ids| ids.last())
            .and_then(|id| self.servers.get(id))
            .is_none_or(|last| last.created < s.created);
        if !after_the_last {
            self.unordered_zones.insert(s.zone);
        }
        self.servers_by_zone
            .entry(s.zone)
            .or_default()
            .push(s.id.clone());
        self.servers.insert(s.id.clone(), Box::new(s));
    }

    /// The ids of a zone's servers from the oldest to the newest, when its
    /// list is kept that way (each server created strictly after the one
    /// before it, as the clock goes): the default order of a listing is then
    /// this list reversed, as a stable sort by creation date would leave it,
    /// and a page reads only its own servers rather than the whole zone.
    pub fn servers_in_creation_order(&self, zone: Zone) -> Option<&[InlineStr]> {
        if self.unordered_zones.contains(&zone) {
            return None;
        }
        Some(self.servers_by_zone.get(&zone).map_or(&[], Vec::as_slice))
    }

    /// Delete a server: local volumes go with it, block volumes are detached.
    pub fn remove_server(&mut self, id: &str) {
        let Some(s) = self.servers.remove(id) else {
            return;
        };
        if let Some(ids) = self.servers_by_zone.get_mut(&s.zone) {
            ids.retain(|x| x != id);
        }
        for v in s.volumes.values().filter(|v| v.volume_type == "sbs_volume") {
            self.detach_block(&v.id);
        }
        // Its NICs go with it, and their addresses back to the pools.
        for nic in &s.private_nics {
            self.release_ips(&nic.ipam_ip_ids);
        }
    }

    /// Books a NIC's addresses in its private network (as the API does when
    /// the NIC is created): the next free IPv4 of the first IPv4 subnet (after
    /// the network address and the gateway's `.1`), and an IPv6 of the first
    /// IPv6 subnet derived from the NIC's MAC (EUI-64, no random draw, so the
    /// fleets stay what their seed makes them). Returns the IPs' ids, IPv4
    /// first, or `None` (nothing booked) when the IPv4 subnet is full.
    pub fn book_nic_ips(
        &mut self,
        pn_id: &str,
        server_id: &str,
        nic_id: &str,
        mac: &str,
        created: DateTime<Utc>,
    ) -> Option<Vec<InlineStr>> {
        let pn = self.private_networks.get(pn_id)?;
        let region = pn.region;
        let subnets: Vec<(String, u16, ipnet::IpNet)> = pn
            .subnets
            .iter()
            .enumerate()
            .filter_map(|(i, s)| {
                Some((
                    s.id.clone(),
                    u16::try_from(i).ok()?,
                    s.cidr.parse::<ipnet::IpNet>().ok()?,
                ))
            })
            .collect();
        let v4 = subnets
            .iter()
            .find(|(_, _, n)| matches!(n, ipnet::IpNet::V4(_)));
        let v6 = subnets
            .iter()
            .find(|(_, _, n)| matches!(n, ipnet::IpNet::V6(_)));
        let mut picks = Vec::new();
        if let Some((id, index, ipnet::IpNet::V4(net))) = v4 {
            let used = self.ips_used.get(id);
            let free = net
                .hosts()
                .skip(1)
                .map(IpAddr::V4)
                .find(|a| used.is_none_or(|u| !u.contains(a)))?;
            picks.push((id.clone(), *index, free, net.prefix_len()));
        }
        if let Some((id, index, ipnet::IpNet::V6(net))) = v6 {
            let used = self.ips_used.get(id);
            let base = u128::from(net.network()) | (eui64(mac) & u128::from(net.hostmask()));
            let free = (0..u128::from(u16::MAX))
                .map(|i| std::net::Ipv6Addr::from(base ^ i))
                .filter(|a| net.contains(a) && *a != net.network())
                .map(IpAddr::V6)
                .find(|a| used.is_none_or(|u| !u.contains(a)));
            if let Some(free) = free {
                picks.push((id.clone(), *index, free, net.prefix_len()));
            }
        }
        // Exactly as long as needed: a NIC keeps this list (a pushed `Vec`
        // reserves four).
        let mut ids = Vec::with_capacity(picks.len());
        for (subnet_id, subnet, address, prefix) in picks {
            let id = self.uuid();
            self.ips_used.entry(subnet_id).or_default().insert(address);
            self.ips_by_region
                .entry(region)
                .or_default()
                .push(id.clone());
            self.ips.insert(
                id.clone(),
                IpamIp {
                    address,
                    prefix,
                    subnet,
                    private_network_id: pn_id.into(),
                    region,
                    server_id: server_id.into(),
                    nic_id: nic_id.into(),
                    created,
                },
            );
            ids.push(id);
        }
        Some(ids)
    }

    /// The id of the subnet `ip` was booked from ("" once its network is
    /// gone, which a network with NICs cannot be).
    pub fn ip_subnet_id(&self, ip: &IpamIp) -> &str {
        self.private_networks
            .get(ip.private_network_id.as_str())
            .and_then(|pn| pn.subnets.get(usize::from(ip.subnet)))
            .map_or("", |s| s.id.as_str())
    }

    /// The project of `ip`: its private network's.
    pub fn ip_project(&self, ip: &IpamIp) -> &str {
        self.private_networks
            .get(ip.private_network_id.as_str())
            .map_or("", |pn| pn.project.as_str())
    }

    /// Gives the addresses `ids` back to their subnets (the NIC is gone).
    pub fn release_ips(&mut self, ids: &[InlineStr]) {
        for id in ids {
            let Some(ip) = self.ips.remove(id) else {
                continue;
            };
            let subnet = self.ip_subnet_id(&ip).to_string();
            if let Some(used) = self.ips_used.get_mut(&subnet) {
                used.remove(&ip.address);
            }
            if let Some(ids) = self.ips_by_region.get_mut(&ip.region) {
                ids.retain(|x| x != id);
            }
        }
    }

    /// Mark a block volume attached to `server` (reference `attaching` until settled).
    pub fn attach_block(&mut self, volume: &str, server: &str, settled: bool) {
        let rid = self.uuid();
        if let Some(v) = self.volumes.get_mut(volume) {
            v.status = "in_use";
            v.updated = Utc::now();
            v.reference = Some(Reference {
                id: rid,
                server_id: server.into(),
                created: Utc::now(),
                status: if settled { "attached" } else { "attaching" },
            });
        }
    }

    /// Start detaching a block volume: its reference shows `detaching` (the
    /// volume stays `in_use`, `last_detached_at` still null, as recorded in
    /// block_get_volume_in_use_detaching.json) for one step, then the volume
    /// is `available` with `last_detached_at` set.
    pub fn detach_block(&mut self, volume: &str) {
        let Some(r) = self
            .volumes
            .get_mut(volume)
            .and_then(|v| v.reference.as_mut())
        else {
            return;
        };
        r.status = "detaching";
        let reference = r.id.clone();
        self.schedule(
            1,
            Event::VolumeDetached {
                id: volume.into(),
                reference,
            },
        );
    }

    /// Drop a block volume's reference at once (a volume made for a server
    /// that is not attached after all): no detach, so no `last_detached_at`.
    pub fn release_block(&mut self, volume: &str) {
        if let Some(v) = self.volumes.get_mut(volume) {
            v.reference = None;
            v.status = "available";
            v.updated = Utc::now();
        }
    }

    pub fn insert_volume(&mut self, v: Volume) {
        self.volumes_by_zone
            .entry(v.zone)
            .or_default()
            .push(v.id.clone());
        self.volumes.insert(v.id.clone(), Box::new(v));
    }

    pub fn remove_volume(&mut self, id: &str) {
        if let Some(v) = self.volumes.remove(id)
            && let Some(ids) = self.volumes_by_zone.get_mut(&v.zone)
        {
            ids.retain(|x| x != id);
        }
    }

    pub fn insert_sg(&mut self, g: SecurityGroup) {
        self.sgs_by_zone
            .entry(g.zone)
            .or_default()
            .push(g.id.clone());
        self.security_groups.insert(g.id.clone(), g);
    }

    pub fn remove_sg(&mut self, id: &str) {
        if let Some(g) = self.security_groups.remove(id)
            && let Some(ids) = self.sgs_by_zone.get_mut(&g.zone)
        {
            ids.retain(|x| x != id);
        }
    }

    pub fn insert_pn(&mut self, p: PrivateNetwork) {
        self.pns_by_region
            .entry(p.region)
            .or_default()
            .push(p.id.clone());
        self.private_networks.insert(p.id.clone(), p);
    }

    pub fn remove_pn(&mut self, id: &str) {
        if let Some(p) = self.private_networks.remove(id)
            && let Some(ids) = self.pns_by_region.get_mut(&p.region)
        {
            ids.retain(|x| x != id);
        }
    }

    pub fn insert_vpc(&mut self, v: Vpc) {
        self.vpcs_by_region
            .entry(v.region)
            .or_default()
            .push(v.id.clone());
        self.vpcs.insert(v.id.clone(), v);
    }

    pub fn remove_vpc(&mut self, id: &str) {
        if let Some(v) = self.vpcs.remove(id)
            && let Some(ids) = self.vpcs_by_region.get_mut(&v.region)
        {
            ids.retain(|x| x != id);
        }
    }

    /// The project-default security group of a zone, created on first use like the API does.
    pub fn default_sg(&mut self, zone: Zone) -> String {
        if let Some(id) = self.sgs_by_zone.get(&zone).and_then(|ids| {
            ids.iter()
                .find(|id| self.security_groups[*id].project_default)
        }) {
            return id.clone();
        }
        let id = self.uuid().to_string();
        let now = Utc::now();
        self.insert_sg(SecurityGroup {
            project: PROJECT.to_string(),
            id: id.clone(),
            name: "Default security group".into(),
            description: Some("Auto generated security group.".into()),
            zone,
            stateful: true,
            inbound_default_policy: "accept".into(),
            outbound_default_policy: "accept".into(),
            project_default: true,
            enable_default_security: true,
            state: "available",
            tags: vec![],
            rules: vec![],
            created: now,
            modified: now,
        });
        id
    }

    /// The default VPC of a region (always exists once the world is seeded).
    pub fn default_vpc(&mut self, region: Region) -> String {
        if let Some(id) = self
            .vpcs_by_region
            .get(&region)
            .and_then(|ids| ids.iter().find(|id| self.vpcs[*id].is_default))
        {
            return id.clone();
        }
        let id = self.uuid().to_string();
        let now = Utc::now();
        self.insert_vpc(Vpc {
            project: PROJECT.to_string(),
            id: id.clone(),
            name: "default".into(),
            region,
            tags: vec!["default".into()],
            is_default: true,
            routing_enabled: true,
            custom_routes_propagation_enabled: false,
            created: now,
            updated: now,
        });
        id
    }

    /// Number of NICs plugged into a private network (scans the region's servers).
    pub fn nics_on(&self, pn: &str, region: Region) -> usize {
        region
            .zones()
            .filter_map(|z| self.servers_by_zone.get(&z))
            .flatten()
            .filter_map(|id| self.servers.get(id))
            .map(|s| {
                s.private_nics
                    .iter()
                    .filter(|n| n.private_network_id == pn)
                    .count()
            })
            .sum()
    }
}

/// The interface id a MAC gives under EUI-64 (`02:00:00:1a:8a:06` ->
/// `::ff:fe1a:8a06` with the universal/local bit flipped).
fn eui64(mac: &str) -> u128 {
    let b: Vec<u8> = mac
        .split(':')
        .filter_map(|h| u8::from_str_radix(h, 16).ok())
        .collect();
    let [b0, b1, b2, b3, b4, b5] = b[..] else {
        return 2;
    };
    let id = [b0 ^ 0x02, b1, b2, 0xff, 0xfe, b3, b4, b5];
    u128::from(u64::from_be_bytes(id))
}

/// Time format of the Instance API (`+00:00`, microseconds).
pub fn instance_time(t: DateTime<Utc>) -> String {
    TimeText::new(t, Offset::Instance).to_string()
}

/// Time format of Block and VPC (`Z`, microseconds).
pub fn z_time(t: DateTime<Utc>) -> String {
    TimeText::new(t, Offset::Z).to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn slot(id: &str) -> ServerVolume {
        ServerVolume {
            id: id.into(),
            volume_type: "sbs_volume",
            name: Box::default(),
            size: 0,
            state: "available",
            created: Utc::now(),
        }
    }

    #[test]
    fn volume_slots_iterate_in_index_order_and_insert_replaces() {
        let mut slots = VolumeSlots::new();
        slots.insert(2, slot("c"));
        slots.insert(0, slot("a"));
        slots.insert(1, slot("b"));
        slots.insert(0, slot("root"));
        let seen: Vec<(u32, &str)> = slots.iter().map(|(k, v)| (*k, v.id.as_str())).collect();
        assert_eq!(seen, [(0, "root"), (1, "b"), (2, "c")]);
        assert_eq!(slots.get(&1).map(|v| v.id.as_str()), Some("b"));
        assert!(!slots.contains_key(&3));
        for v in slots.values_mut() {
            v.state = "attaching";
        }
        assert!(slots.values().all(|v| v.state == "attaching"));
        let from = VolumeSlots::from([(1, slot("y")), (0, slot("x"))]);
        let ids: Vec<&str> = from.values().map(|v| v.id.as_str()).collect();
        assert_eq!(ids, ["x", "y"]);
    }

    fn volume(w: &mut World) -> InlineStr {
        let id = w.uuid();
        let now = Utc::now();
        w.insert_volume(Volume {
            project: PROJECT.into(),
            id: id.clone(),
            name: "v".into(),
            zone: Zone::FrPar1,
            size: 1_000_000_000,
            perf_iops: 5000,
            status: "available",
            tags: vec![],
            reference: None,
            created: now,
            updated: now,
            last_detached: None,
        });
        id
    }

    #[test]
    fn a_late_timer_respects_the_current_attachment() {
        let mut w = World::new(3, Duration::ZERO);
        let v = volume(&mut w);
        w.attach_block(&v, "server-a", false);
        w.schedule(
            1,
            Event::VolumeStatus {
                id: v.clone(),
                status: "in_use",
            },
        );
        w.schedule(
            1,
            Event::ServerVolumeSettled {
                server: "server-a".into(),
                volume: v.clone(),
            },
        );
        w.detach_block(&v);
        w.attach_block(&v, "server-b", false);
        w.tick();
        let r = w.volumes[v.as_str()].reference.clone().unwrap();
        assert_eq!((r.server_id.as_str(), r.status), ("server-b", "attaching"));
        w.detach_block(&v);
        w.schedule(
            1,
            Event::VolumeStatus {
                id: v.clone(),
                status: "in_use",
            },
        );
        w.tick();
        assert_eq!(w.volumes[v.as_str()].status, "available");
    }

    #[test]
    fn a_detach_passes_through_detaching() {
        let mut w = World::new(3, Duration::from_secs(3600));
        let v = volume(&mut w);
        w.attach_block(&v, "server-a", true);
        w.detach_block(&v);
        w.tick();
        let vol = &w.volumes[v.as_str()];
        assert_eq!(vol.status, "in_use");
        assert_eq!(vol.reference.as_ref().map(|r| r.status), Some("detaching"));
        assert!(vol.last_detached.is_none());
        w.step = Duration::ZERO;
        w.detach_block(&v);
        w.tick();
        let vol = &w.volumes[v.as_str()];
        assert_eq!((vol.status, vol.reference.is_none()), ("available", true));
        assert!(vol.last_detached.is_some());
    }

    #[test]
    fn an_address_shows_its_networks_subnet_and_project_and_goes_back_when_released() {
        let mut w = World::new(5, Duration::ZERO);
        let given = ["fd00:1::/64".to_string(), "10.9.0.0/30".to_string()];
        let subnets = crate::sim::vpc::allocate_subnets(&mut w, &given).unwrap();
        let (v6_subnet, v4_subnet) = (subnets[0].id.clone(), subnets[1].id.clone());
        let now = Utc::now();
        w.insert_pn(PrivateNetwork {
            id: "pn".into(),
            project: "other-project".into(),
            name: "n".into(),
            region: Region::FrPar,
            vpc_id: "vpc".into(),
            tags: vec![],
            subnets,
            default_route_propagation_enabled: false,
            created: now,
            updated: now,
        });
        let ids = w
            .book_nic_ips("pn", "server", "nic", "02:00:00:1a:8a:06", now)
            .unwrap();
        assert_eq!((ids.len(), ids.capacity()), (2, 2));
        let shown: Vec<(String, &str, &str)> = ids
            .iter()
            .map(|id| {
                let ip = &w.ips[id.as_str()];
                (
                    format!("{}/{}", ip.address, ip.prefix),
                    w.ip_subnet_id(ip),
                    w.ip_project(ip),
                )
            })
            .collect();
        assert_eq!(
            shown,
            [
                ("10.9.0.2/30".into(), v4_subnet.as_str(), "other-project"),
                (
                    "fd00:1::ff:fe1a:8a06/64".into(),
                    v6_subnet.as_str(),
                    "other-project"
                ),
            ]
        );
        // A /30 has one address past the gateway: the next NIC finds none
        // until the first one's are released.
        assert!(
            w.book_nic_ips("pn", "s2", "n2", "02:00:00:00:00:01", now)
                .is_none()
        );
        w.release_ips(&ids);
        assert!(w.ips.is_empty());
        let again = w.book_nic_ips("pn", "s2", "n2", "02:00:00:00:00:01", now);
        let again = again.unwrap();
        assert_eq!(w.ips[again[0].as_str()].address.to_string(), "10.9.0.2");
    }

    #[test]
    fn seeded_ids_are_reproducible() {
        let (mut a, mut b) = (World::new(9, Duration::ZERO), World::new(9, Duration::ZERO));
        assert_eq!(a.uuid(), b.uuid());
        assert_ne!(a.uuid(), World::new(10, Duration::ZERO).uuid());
    }
}
