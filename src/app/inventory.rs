//! The latest typed data of every kind, keyed by id, so the detail pane can
//! join across APIs (a server's volumes from Block, its NICs' network names
//! from VPC). The maps hold the same `Arc`s as the table rows: a model is never
//! copied, only pointed at twice.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::sync::Arc;

use crate::api::id_map::{IdMap, Keyed};
use crate::api::locality::{Region, Zone};
use crate::api::models::{
    Image, PrivateNetwork, SecurityGroup, SecurityGroupRule, ServerSummary, ServerType,
    ServerTypeAvailability, Shared, VolumeSummary, Vpc,
};

pub use crate::kinds::Batch;

use super::cost::{FleetCosts, HourlyPrices, VolumePrices};
use super::private_ips::PrivateIps;
use super::{Locality, Tab};

/// Server types of one zone, by commercial type (`DEV1-S`).
pub type ServerTypes = BTreeMap<String, ServerType>;

/// What the server form chooses from besides the types: the zone's images
/// and which types are in stock.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ZoneCatalog {
    pub images: Vec<Image>,
    pub availability: BTreeMap<String, ServerTypeAvailability>,
}

/// What other tabs' cells need (a server's network names, a volume's server
/// name): the inventory's own maps, shared (never copied), and a few counts.
/// Rebuilt after each fetch; a tab's rows are rebuilt only when the part they
/// read changed.
#[derive(Debug, Default)]
pub struct Joins {
    pub servers: Models<ServerSummary>,
    pub private_networks: Models<PrivateNetwork>,
    pub vpcs: Models<Vpc>,
    /// Private NICs per private network (from the servers' `private_nics`).
    /// Shared with the next joins while the servers are the same.
    pub nics_per_network: Arc<HashMap<String, usize>>,
    /// Servers with a NIC on each private network, so the network's detail
    /// pane reads only its own servers (rendering stays O(what is shown)).
    pub network_servers: Arc<HashMap<String, Vec<Arc<ServerSummary>>>>,
    /// Private NIC addresses (IPAM), shared with the inventory.
    pub private_ips: Arc<PrivateIps>,
    /// Rules per security group, for groups whose rules were fetched.
    pub rules_per_group: HashMap<String, usize>,
    /// Groups whose rules could not be fetched (their RULES cell says so).
    pub rules_failed: HashSet<String>,
    /// EUR/hour by (zone, commercial type), from the cached server types.
    pub prices: Arc<HashMap<(Shared, Shared), f64>>,
    /// What each server and volume costs a month, and the totals.
    pub costs: Arc<FleetCosts>,
}

impl Joins {
    pub fn server_name(&self, id: &str) -> Option<&str> {
        self.servers.get(id).map(|s| s.name.as_str())
    }

    pub fn network_name(&self, id: &str) -> Option<&str> {
        self.private_networks.get(id).map(|p| p.name.as_str())
    }

    pub fn vpc_name(&self, id: &str) -> Option<&str> {
        self.vpcs.get(id).map(|v| v.name.as_str())
    }
}

/// Models of one kind by id, shared by the inventory, the joins and the rows.
pub type Models<T> = Arc<IdMap<T>>;

#[derive(Debug, Default)]
pub struct Inventory {
    pub servers: Models<ServerSummary>,
    pub volumes: Models<VolumeSummary>,
    pub security_groups: Models<SecurityGroup>,
    pub private_networks: Models<PrivateNetwork>,
    pub vpcs: Models<Vpc>,
    /// Fetched once per zone and kept: prices and capabilities rarely change.
    pub server_types: HashMap<Zone, Arc<ServerTypes>>,
    /// Images and availability per zone, fetched when a server form needs them.
    pub zone_catalogs: HashMap<Zone, Arc<ZoneCatalog>>,
    /// Groups whose last rule fetch failed.
    pub rules_failed: HashSet<String>,
    /// Private NIC addresses, listed region by region (IPAM).
    pub private_ips: Arc<PrivateIps>,
    /// What volumes cost (`[prices]`); kept across scope changes.
    pub volume_prices: Arc<VolumePrices>,
    /// A group's rules, fetched when the group is looked at.
    pub rules: HashMap<String, Arc<Vec<SecurityGroupRule>>>,
    pub joins: Arc<Joins>,
    /// The last answer taken in for each (tab, locality), by the very `Arc`s
    /// it held: what the models hold there until something else changes them.
    pub(crate) last_answers: HashMap<(Tab, Locality), Batch>,
}

/// Where a model lives, from its `zone` / `region` string.
pub fn zone_of(s: &str) -> Option<Locality> {
    s.parse::<Zone>().ok().map(Locality::Zone)
}

pub fn region_of(s: &str) -> Option<Locality> {
    s.parse::<Region>().ok().map(Locality::Region)
}

/// Whether one of `localities` covers a resource in `at` (a region covers
/// its zones).
pub fn covered(localities: &[Locality], at: Option<Locality>) -> bool {
    let Some(at) = at else { return false };
    localities.iter().any(|f| match (*f, at) {
        (f, at) if f == at => true,
        (Locality::Region(r), Locality::Zone(z)) => z.region() == r,
        _ => false,
    })
}

/// Replaces the entries of `map` that live in the `fetched` localities by
/// `fresh`; the others stay (another zone's fetch, or one that failed this
/// time: their last known state beats an empty zone). An entry whose
/// locality is unknown is replaced by any fetch. Returns whether anything
/// changed: when `fresh` holds exactly what those localities held (the same
/// `Arc`s, or equal values), the map is left as it is, so an unchanged
/// refresh rebuilds no rows and allocates no second map.
pub(crate) fn merge<T: PartialEq + Keyed>(
    map: &mut Models<T>,
    fresh: Vec<Arc<T>>,
    fetched: &[Locality],
    locality: impl Fn(&T) -> Option<Locality>,
) -> bool {
    let replaced = |v: &T| {
        let at = locality(v);
        at.is_none() || covered(fetched, at)
    };
    let held_there = map.values().filter(|v| replaced(v)).count();
    let unchanged = held_there == fresh.len()
        && fresh.iter().all(|f| {
            map.get(f.key())
                .is_some_and(|held| replaced(held) && (Arc::ptr_eq(held, f) || **held == **f))
        });
    if unchanged {
        return false;
    }
    let mut next: IdMap<T> = IdMap::with_capacity(map.len().max(fresh.len()));
    for v in map.values() {
        let at = locality(v);
        if at.is_some() && !covered(fetched, at) {
            next.insert(v.clone());
        }
    }
    for item in fresh {
        next.insert(item);
    }
    *map = Arc::new(next);
    true
}

/// Puts the one model read by id in `map` in place of what `id` held: the
/// first of `fresh`, or nothing when `fresh` is empty (it is gone). Returns
/// whether anything changed: an equal answer (most polls of a row in
/// transition) leaves the map, and so every row, as it is.
pub(crate) fn merge_one<T: PartialEq + Keyed>(
    map: &mut Models<T>,
    id: &str,
    fresh: Vec<Arc<T>>,
) -> bool {
    let fresh = fresh.into_iter().next();
    match (map.get(id), &fresh) {
        (None, None) => return false,
        (Some(held), Some(f)) if Arc::ptr_eq(held, f) || **held == **f => return false,
        _ => {}
    }
    // The joins share the map: this copies its `Arc`s, not the models.
    let models = Arc::make_mut(map);
    models.remove(id);
    if let Some(item) = fresh {
        models.insert(item);
    }
    true
}

impl Inventory {
    /// Takes in one resource read by id (`Kind::fetch_one`; an empty batch:
    /// it is gone). Returns whether the kind's models changed.
    pub fn apply_one(&mut self, id: &str, batch: Batch) -> bool {
        // The tab's models no longer hold exactly its last answers.
        let tab = batch.tab();
        self.last_answers.retain(|(t, _), _| *t != tab);
        batch.merge_one(self, id)
    }

    /// Takes in a fetch result: what it holds replaces what the `fetched`
    /// localities held (a failed locality is not among them). Returns whether
    /// the kind's models changed.
    pub fn apply(&mut self, batch: Batch, fetched: &[Locality]) -> bool {
        let tab = batch.tab();
        let Some(api) = tab.api() else {
            return false;
        };
        // The client swaps every unchanged item of a list for the copy it
        // already holds: an answer made of the very `Arc`s the locality's
        // last answer brought is what the models hold there, known in
        // O(answer) without walking the whole fleet.
        if let [at] = fetched {
            let key = (tab, *at);
            if self
                .last_answers
                .get(&key)
                .is_some_and(|last| last.same_items(&batch))
            {
                return false;
            }
            self.last_answers
                .retain(|(t, l), _| *t != tab || !covered(fetched, Some(*l)));
            self.last_answers.insert(key, batch.clone());
        } else {
            self.last_answers.retain(|(t, _), _| *t != tab);
        }
        (api.merge)(self, batch, fetched)
    }

    /// Forgets every resource (the scope changed); server types stay cached.
    pub fn clear(&mut self) {
        self.servers = Models::default();
        self.volumes = Models::default();
        self.security_groups = Models::default();
        self.private_networks = Models::default();
        self.vpcs = Models::default();
        self.rules.clear();
        self.rules_failed.clear();
        self.private_ips = Arc::default();
        self.joins = Arc::new(Joins::default());
        self.last_answers.clear();
    }

    /// The joins of the current models. A part whose inputs are the very
    /// `Arc`s the held joins were built from is shared with them, not worked
    /// out again: a security group's rules or a region's private IPs
    /// arriving cost O(groups), not O(fleet), and the tabs comparing old and
    /// new joins find the same pointers.
    pub fn build_joins(&self) -> Joins {
        let held = &self.joins;
        let (nics_per_network, network_servers) = if Arc::ptr_eq(&held.servers, &self.servers) {
            (held.nics_per_network.clone(), held.network_servers.clone())
        } else {
            network_joins(&self.servers)
        };
        let prices: HourlyPrices = self
            .server_types
            .iter()
            .flat_map(|(zone, types)| {
                types.iter().map(|(name, t)| {
                    (
                        (Shared::from(zone.as_str()), Shared::from(name)),
                        t.hourly_price,
                    )
                })
            })
            .collect();
        let prices = if prices == *held.prices {
            held.prices.clone()
        } else {
            Arc::new(prices)
        };
        let costs =
            if held
                .costs
                .built_from(&self.servers, &self.volumes, &prices, &self.volume_prices)
            {
                held.costs.clone()
            } else {
                Arc::new(FleetCosts::build(
                    &self.servers,
                    &self.volumes,
                    prices.clone(),
                    self.volume_prices.clone(),
                ))
            };
        Joins {
            servers: self.servers.clone(),
            private_networks: self.private_networks.clone(),
            vpcs: self.vpcs.clone(),
            private_ips: self.private_ips.clone(),
            nics_per_network,
            network_servers,
            rules_per_group: self
                .rules
                .iter()
                .map(|(k, v)| (k.clone(), v.len()))
                .collect(),
            rules_failed: self.rules_failed.clone(),
            prices,
            costs,
        }
    }

    /// Rebuilds the joins; returns the tabs whose cells read a part that
    /// changed (their rows must be rebuilt to show it).
    pub fn refresh_joins(&mut self) -> Vec<Tab> {
        let new = self.build_joins();
        let old = &self.joins;
        let tabs = Tab::ALL
            .into_iter()
            .filter(|t| (t.kind().joins_changed)(old, &new))
            .collect();
        self.joins = Arc::new(new);
        tabs
    }

    /// The server type of `server`, when its zone's types are known.
    pub fn server_type(&self, server: &ServerSummary) -> Option<&ServerType> {
        let zone: Zone = server.zone.parse().ok()?;
        self.server_types
            .get(&zone)?
            .get(server.commercial_type.as_str())
    }
}

/// NICs per private network and the servers on each, from the servers.
type NetworkJoins = (
    Arc<HashMap<String, usize>>,
    Arc<HashMap<String, Vec<Arc<ServerSummary>>>>,
);

fn network_joins(servers: &Models<ServerSummary>) -> NetworkJoins {
    let mut nics_per_network: HashMap<String, usize> = HashMap::new();
    let mut network_servers: HashMap<String, Vec<Arc<ServerSummary>>> = HashMap::new();
    for s in servers.values() {
        for nic in &s.private_nics {
            *nics_per_network
                .entry(nic.private_network_id.to_string())
                .or_default() += 1;
        }
        // Each network once per server, however many NICs it has there:
        // deduplicated among the server's few NICs, not by scanning the
        // network's (possibly thousands of) servers.
        let mut networks: Vec<&str> = s.private_network_ids();
        networks.sort_unstable();
        networks.dedup();
        for network in networks {
            network_servers
                .entry(network.to_string())
                .or_default()
                .push(s.clone());
        }
    }
    (Arc::new(nics_per_network), Arc::new(network_servers))
}

/// Whether both maps hold the same ids with models `same` says are alike;
/// a model both hold by the same `Arc` is not looked into.
pub(crate) fn same_models<T: Keyed>(
    a: &Models<T>,
    b: &Models<T>,
    same: impl Fn(&T, &T) -> bool,
) -> bool {
    Arc::ptr_eq(a, b)
        || (a.len() == b.len()
            && a.iter()
                .all(|(k, v)| b.get(k).is_some_and(|w| Arc::ptr_eq(v, w) || same(v, w))))
}

/// Whether both maps hold the same ids with the same names.
pub(crate) fn same_names<T: Keyed>(
    a: &Models<T>,
    b: &Models<T>,
    name: impl Fn(&T) -> &str,
) -> bool {
    same_models(a, b, |v, w| name(v) == name(w))
}
