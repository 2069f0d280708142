//! What the fleet in scope costs: each server (its compute while billed, and
//! its volumes), each volume, and the totals the header shows. Built once per
//! change of the joins (`Inventory::build_joins`), read by the PRICE column,
//! the header and the cost view; rendering only reads.
//!
//! The rules, with their sources:
//! - a server's compute costs its type's `hourly_price` (from the API) while
//!   it is powered: running, starting, and **stopped in place** ("standby
//!   mode": "You are still billed for an Instance in standby mode, as well as
//!   for its storage", Scaleway docs, instances/how-to/use-standby-mode,
//!   validated 2025-05-21); a powered-off (`stopped`) server costs nothing for
//!   compute ("Billing pauses if you power off the Instance", Scaleway docs,
//!   understanding-instance-pricing), nor does one shutting down;
//! - a month is 730 hours, the convention of the API's own `monthly_price`;
//! - volumes cost while they exist, attached or not, the server running or not:
//!   per GB (10^9 bytes) and month by type, from `[prices.volumes]`
//!   (assets/prices.toml); a type missing there is "price unknown", counted
//!   apart and never read as €0.

pub mod breakdown;
pub mod leaks;

use std::collections::HashMap;
use std::iter::Sum;
use std::ops::{Add, AddAssign};
use std::sync::Arc;

use crate::api::models::{
    HOURS_PER_MONTH, ServerState, ServerSummary, Shared, VolumeServerType, VolumeSlot,
    VolumeSummary,
};
use crate::app::inventory::{Models, same_models};
use crate::settings::Prices;

/// Euros, with the parts whose price is unknown counted apart: a sum is never
/// made to look complete by reading an unknown price as €0. Held in
/// millionths of a euro, so sums are exact whatever their order (a fleet's
/// servers come in no order, and a total must not flicker by a cent between
/// two refreshes).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Amount {
    /// The sum of the parts whose price is known, in micro-euros.
    micros: i64,
    /// How many parts have no known price.
    pub unknown: u32,
}

impl Amount {
    pub const ZERO: Amount = Amount {
        micros: 0,
        unknown: 0,
    };

    /// One part whose price is not known.
    pub const UNKNOWN: Amount = Amount {
        micros: 0,
        unknown: 1,
    };

    /// `eur` to the millionth (prices have at most six decimals).
    pub fn known(eur: f64) -> Amount {
        Amount {
            micros: (eur * 1e6).round() as i64,
            unknown: 0,
        }
    }

    /// Known when `eur` is.
    pub fn maybe(eur: Option<f64>) -> Amount {
        eur.map_or(Amount::UNKNOWN, Amount::known)
    }

    /// The known part, in euros.
    pub fn eur(&self) -> f64 {
        self.micros as f64 / 1e6
    }

    pub fn is_complete(&self) -> bool {
        self.unknown == 0
    }

    /// Nothing known, something unknown: there is no figure to show at all.
    pub fn is_unknown(&self) -> bool {
        self.unknown > 0 && self.micros == 0
    }

    /// Whether the known part is more than nothing.
    pub fn is_positive(&self) -> bool {
        self.micros > 0
    }

    /// The known part, for sorting (an unknown part sorts as nothing).
    pub fn sort_value(&self) -> f64 {
        self.eur()
    }

    /// `€163.07`, `€12.40+?` when a part's price is unknown, `?` when none
    /// is known. Two decimals: monthly sums.
    pub fn monthly(&self) -> String {
        self.show(|eur| {
            let cents = (eur * 100.0).round() as u64;
            format!("€{}.{:02}", thousands(cents / 100), cents % 100)
        })
    }

    /// `€0.2234` (four decimals: hourly prices are that small).
    pub fn hourly(&self) -> String {
        self.show(|eur| format!("€{eur:.4}"))
    }

    /// `€1,234` without decimals, for the header's narrow segment.
    pub fn rounded(&self) -> String {
        self.show(|eur| format!("€{}", thousands(eur.round() as u64)))
    }

    /// The figure as `figure` writes it, with the unknown marks.
    pub fn show_with(&self, figure: impl Fn(f64) -> String) -> String {
        self.show(figure)
    }

    fn show(&self, figure: impl Fn(f64) -> String) -> String {
        match (self.unknown, self.micros) {
            (0, _) => figure(self.eur()),
            (_, 0) => "?".to_string(),
            _ => format!("{}+?", figure(self.eur())),
        }
    }
}

/// `12,345`: thousands separated so a monthly sum reads at a glance.
fn thousands(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    out
}

impl Add for Amount {
    type Output = Amount;
    fn add(self, other: Amount) -> Amount {
        Amount {
            micros: self.micros + other.micros,
            unknown: self.unknown + other.unknown,
        }
    }
}

impl AddAssign for Amount {
    fn add_assign(&mut self, other: Amount) {
        *self = *self + other;
    }
}

impl Sum for Amount {
    fn sum<I: Iterator<Item = Amount>>(iter: I) -> Amount {
        iter.fold(Amount::ZERO, Add::add)
    }
}

/// `[prices.volumes]`: EUR per GB-month by volume type, with where the
/// figures come from.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct VolumePrices {
    per_gb_month: HashMap<String, f64>,
    pub source: String,
    pub date: String,
}

/// Bytes in a billed GB (Scaleway bills decimal gigabytes).
const GB: f64 = 1e9;

impl VolumePrices {
    pub fn new(prices: &Prices) -> Self {
        VolumePrices {
            per_gb_month: prices
                .volumes
                .iter()
                .map(|(k, v)| (k.clone(), *v))
                .collect(),
            source: prices.source.clone(),
            date: prices.date.clone(),
        }
    }

    /// The price of a GB-month of volume type `kind`, when the table has it.
    pub fn per_gb_month(&self, kind: &str) -> Option<f64> {
        self.per_gb_month.get(kind).copied()
    }

    /// A Block volume's month: by its type, else by its IOPS class (a type
    /// this version does not know, provisioned at 5K or 15K).
    pub fn block(&self, volume: &VolumeSummary) -> Amount {
        let by_class = || match volume.iops_class() {
            Some(5_000) => self.per_gb_month("sbs_5k"),
            Some(15_000) => self.per_gb_month("sbs_15k"),
            _ => None,
        };
        let price = self
            .per_gb_month(volume.volume_type.as_str())
            .or_else(by_class);
        Amount::maybe(price.map(|p| p * volume.size as f64 / GB))
    }

    /// A server's own volume (local SSD, scratch, a legacy one the Block
    /// inventory does not hold): by its type and the size its slot carries.
    pub fn local(&self, slot: &VolumeSlot) -> Amount {
        let price = self.per_gb_month(slot.volume_type.as_str());
        Amount::maybe(price.zip(slot.size()).map(|(p, size)| p * size as f64 / GB))
    }
}

/// Whether the server's compute is billed in its state (see the module's
/// rules): powered on or held on its node.
pub fn compute_billed(server: &ServerSummary) -> bool {
    match &server.state {
        ServerState::Running | ServerState::Starting | ServerState::StoppedInPlace => true,
        // Shutting down is not billed, unless the server stays on its node
        // (stopping in place) or comes back at once (rebooting).
        ServerState::Stopping => {
            let detail = server.state_detail.as_str();
            detail.contains("in place") || detail.contains("reboot")
        }
        ServerState::Stopped => false,
        // Locked or a state this version does not know: still allocated, so
        // counted rather than hidden.
        ServerState::Locked | ServerState::Unknown(_) => true,
    }
}

/// One server's month.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ServerCost {
    /// The type's `hourly_price`, when the zone's types are known.
    pub hourly: Option<f64>,
    /// Whether its compute is billed in its current state.
    pub billed: bool,
    /// Compute for a month in this state (€0 when not billed).
    pub compute: Amount,
    /// Its volumes for a month.
    pub volumes: Amount,
}

impl ServerCost {
    pub fn total(&self) -> Amount {
        self.compute + self.volumes
    }

    /// "€163.07/month: compute €161.23 + volumes €1.90", saying why compute
    /// is €0 or what is unknown.
    pub fn describe(&self) -> String {
        let compute = match (self.billed, self.hourly) {
            (false, _) => "compute €0 (not billed while stopped)".to_string(),
            (true, None) => "compute ? (type price loading)".to_string(),
            (true, Some(_)) => format!("compute {}", self.compute.monthly()),
        };
        let volumes = if self.volumes.is_complete() {
            format!("volumes {}", self.volumes.monthly())
        } else {
            format!("volumes {} (price unknown)", self.volumes.monthly())
        };
        format!("{}/month: {compute} + {volumes}", self.total().monthly())
    }

    /// What it costs an hour now (compute only).
    pub fn hourly_now(&self) -> Amount {
        if self.billed {
            Amount::maybe(self.hourly)
        } else {
            Amount::ZERO
        }
    }
}

/// The header's figures for the fleet in scope.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Totals {
    /// Compute an hour, now.
    pub hourly: Amount,
    /// Compute for a month at the current states.
    pub compute: Amount,
    /// Every volume for a month (attached or not).
    pub volumes: Amount,
    /// Servers in scope, and those whose compute is billed.
    pub servers: usize,
    pub billed: usize,
}

impl Totals {
    pub fn monthly(&self) -> Amount {
        self.compute + self.volumes
    }
}

/// Every server's and volume's month, and the totals. A month is worked out
/// when asked for, from the models and prices shared with the inventory: a
/// map of 10,000 servers' months cost ~5 MB, once per `Joins` a tab's rows
/// still held.
#[derive(Debug, Clone, Default)]
pub struct FleetCosts {
    servers: Models<ServerSummary>,
    /// Block volumes by id.
    volumes: Models<VolumeSummary>,
    hourly: Arc<HourlyPrices>,
    prices: Arc<VolumePrices>,
    pub totals: Totals,
}

/// EUR an hour by (zone, commercial type), as the joins hold the server
/// types' prices.
pub type HourlyPrices = HashMap<(Shared, Shared), f64>;

/// Equal costs: the same models (a model held by the same `Arc` is not
/// looked into), prices and totals.
impl PartialEq for FleetCosts {
    fn eq(&self, other: &Self) -> bool {
        same_models(&self.servers, &other.servers, ServerSummary::eq)
            && same_models(&self.volumes, &other.volumes, VolumeSummary::eq)
            && same_arc(&self.hourly, &other.hourly)
            && same_arc(&self.prices, &other.prices)
            && self.totals == other.totals
    }
}

/// Equal values, known at once when both are one `Arc`.
fn same_arc<T: PartialEq>(a: &Arc<T>, b: &Arc<T>) -> bool {
    Arc::ptr_eq(a, b) || a == b
}

impl FleetCosts {
    pub fn build(
        servers: &Models<ServerSummary>,
        volumes: &Models<VolumeSummary>,
        hourly: Arc<HourlyPrices>,
        prices: Arc<VolumePrices>,
    ) -> Self {
        let mut costs = FleetCosts {
            servers: servers.clone(),
            volumes: volumes.clone(),
            hourly,
            prices,
            totals: Totals::default(),
        };
        let mut totals = Totals {
            volumes: volumes.values().map(|v| costs.prices.block(v)).sum(),
            servers: servers.len(),
            ..Totals::default()
        };
        for s in servers.values() {
            let cost = costs.of(s);
            // Volumes the server holds that Block does not list are its own
            // (local); the Block ones are in the volumes' total already.
            totals.volumes += costs.own_volumes(s);
            totals.hourly += cost.hourly_now();
            totals.compute += cost.compute;
            totals.billed += usize::from(cost.billed);
        }
        costs.totals = totals;
        costs
    }

    /// Whether these costs were built from these very models and prices
    /// (the same `Arc`s): then they are still right, and are shared.
    pub fn built_from(
        &self,
        servers: &Models<ServerSummary>,
        volumes: &Models<VolumeSummary>,
        hourly: &Arc<HourlyPrices>,
        prices: &Arc<VolumePrices>,
    ) -> bool {
        Arc::ptr_eq(&self.servers, servers)
            && Arc::ptr_eq(&self.volumes, volumes)
            && Arc::ptr_eq(&self.hourly, hourly)
            && Arc::ptr_eq(&self.prices, prices)
    }

    /// The month of the server `id`, when it is in scope.
    pub fn server(&self, id: &str) -> Option<ServerCost> {
        self.servers.get(id).map(|s| self.of(s))
    }

    /// The month of the Block volume `id`, when it is in scope.
    pub fn volume(&self, id: &str) -> Option<Amount> {
        self.volumes.get(id).map(|v| self.prices.block(v))
    }

    /// Whether a server's month may differ between `self` and `other` for a
    /// reason other than the server itself: its type's price, the volume
    /// prices, or one of its Block volumes.
    pub fn differ_besides_servers(&self, other: &FleetCosts) -> bool {
        let same_volumes = same_models(&self.volumes, &other.volumes, |v, w| {
            self.prices.block(v) == other.prices.block(w)
        });
        !same_volumes
            || !same_arc(&self.hourly, &other.hourly)
            || !same_arc(&self.prices, &other.prices)
    }

    fn of(&self, s: &ServerSummary) -> ServerCost {
        let type_price = self
            .hourly
            .get(&(s.zone.clone(), s.commercial_type.clone()))
            .copied();
        let billed = compute_billed(s);
        let compute = if billed {
            Amount::maybe(type_price.map(|h| h * HOURS_PER_MONTH))
        } else {
            Amount::ZERO
        };
        ServerCost {
            hourly: type_price,
            billed,
            compute,
            volumes: s.volumes.iter().map(|slot| self.slot(slot)).sum(),
        }
    }

    /// A volume slot's month: the Block volume's when Block lists it, else
    /// by the slot's own type and size; an SBS volume Block has not listed
    /// (yet) is unknown.
    fn slot(&self, slot: &VolumeSlot) -> Amount {
        match self.volume(&slot.id) {
            Some(amount) => amount,
            None if slot.volume_type == VolumeServerType::SbsVolume => Amount::UNKNOWN,
            None => self.prices.local(slot),
        }
    }

    /// The month of the server's volumes Block does not list.
    fn own_volumes(&self, s: &ServerSummary) -> Amount {
        s.volumes
            .iter()
            .filter(|slot| !self.volumes.contains_key(&slot.id))
            .map(|slot| self.slot(slot))
            .sum()
    }
}

#[cfg(test)]
pub(crate) mod tests;
