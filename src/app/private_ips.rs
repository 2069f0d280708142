//! The private addresses of Instance NICs, from IPAM (the NIC object only
//! lists their ids). Listed region by region, with each fetch of the
//! region's private networks (the regional lists) and after a NIC is
//! created; a region that fails keeps its last known addresses and says so
//! where they are shown. Rows and details read them through the joins.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::sync::Arc;

use crate::api::ipam::NicAddresses;
use crate::api::locality::{Product, Region};

use super::{Effect, Locality, RequestId, State, UserError};

/// Every NIC address the dashboard knows, with how each region's list went.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PrivateIps {
    /// Each region's NICs and their addresses (bare, IPv4 first), shared:
    /// a region's new list replaces only its own, and a copy of the whole
    /// (each arrival makes one) copies three pointers, not every NIC.
    by_region: BTreeMap<Region, Arc<NicAddresses>>,
    /// Regions listed at least once.
    loaded: HashSet<Region>,
    /// The last list of a region failed (its older addresses stay).
    failed: HashMap<Region, String>,
}

/// Where a region's addresses stand.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Listing<'a> {
    Loading,
    Loaded,
    Failed(&'a str),
}

impl PrivateIps {
    /// A NIC's addresses, IPv4 first, when its region's list holds it.
    pub fn of(&self, nic: &str) -> Option<&[Box<str>]> {
        self.by_region.values().find_map(|a| a.get(nic))
    }

    /// How the last list of `region` went.
    pub fn listing(&self, region: Region) -> Listing<'_> {
        match self.failed.get(&region) {
            Some(e) => Listing::Failed(e),
            None if self.loaded.contains(&region) => Listing::Loaded,
            None => Listing::Loading,
        }
    }

    /// Takes in one region's list: it replaces what the region held; a
    /// failure keeps it and is remembered.
    pub fn apply(&mut self, region: Region, result: Result<NicAddresses, String>) {
        match result {
            Ok(fresh) => {
                self.by_region.insert(region, Arc::new(fresh));
                self.loaded.insert(region);
                self.failed.remove(&region);
            }
            Err(e) => {
                self.failed.insert(region, e);
            }
        }
    }

    /// The address a table cell shows for NICs `nics`: the first IPv4 of
    /// any of them, else the first address.
    pub fn first_of<'a>(&self, nics: impl Iterator<Item = &'a str> + Clone) -> Option<&str> {
        let all = || nics.clone().filter_map(|n| self.of(n)).flatten();
        all()
            .find(|a| !a.contains(':'))
            .or_else(|| all().next())
            .map(|a| &**a)
    }
}

/// A NIC's addresses in words for the details: "172.16.24.2, fd46::2", or
/// why there are none to show.
pub fn describe(ips: &PrivateIps, nic: &str, region: Option<Region>) -> String {
    if let Some(addresses) = ips.of(nic).filter(|a| !a.is_empty()) {
        return addresses.join(", ");
    }
    match region.map(|r| ips.listing(r)) {
        Some(Listing::Failed(e)) => format!("addresses unavailable ({e})"),
        Some(Listing::Loaded) => "no address in IPAM".to_string(),
        Some(Listing::Loading) | None => "addresses loading…".to_string(),
    }
}

/// Lists `region`'s NIC addresses; an earlier list still out becomes stale.
pub(super) fn fetch(state: &mut State, region: Region) -> Effect {
    let request = RequestId(state.next_request);
    state.next_request += 1;
    state.private_ip_requests.insert(region, request);
    Effect::FetchPrivateIps { request, region }
}

/// The addresses' fetch that goes with a fetch of private networks at
/// `at` (the private networks' `Api::along`): a region's NIC addresses.
pub(crate) fn along(state: &mut State, at: Locality) -> Option<Effect> {
    match at {
        Locality::Region(r) => Some(fetch(state, r)),
        Locality::Zone(_) => None,
    }
}

/// A region's addresses arrived: kept unless superseded or out of scope,
/// and the server rows show them.
pub(super) fn arrived(
    state: &mut State,
    request: RequestId,
    region: Region,
    result: Result<NicAddresses, UserError>,
) {
    let in_scope = state.zone.regions(Product::Vpc).contains(&region);
    if state.private_ip_requests.get(&region) != Some(&request) || !in_scope {
        return;
    }
    state.private_ip_requests.remove(&region);
    let result = result.map_err(|e| {
        let e = e.about(&format!("private IPs of {region}"));
        let message = e.message.clone();
        state.status.last_error = Some(e);
        message
    });
    let mut ips = state.inventory.private_ips.as_ref().clone();
    ips.apply(region, result);
    if ips == *state.inventory.private_ips {
        // An unchanged list (most refreshes) leaves the joins and rows be.
        return;
    }
    state.inventory.private_ips = Arc::new(ips);
    super::results::rejoin(state);
    state.dirty = true;
}

#[cfg(test)]
mod tests {
    use super::*;

    fn map(pairs: &[(&str, &[&str])]) -> NicAddresses {
        pairs
            .iter()
            .map(|(n, a)| (n.to_string(), a.iter().map(|s| s.to_string()).collect()))
            .collect()
    }

    #[test]
    fn a_region_replaces_only_its_own_addresses_and_a_failure_keeps_them() {
        let mut ips = PrivateIps::default();
        assert_eq!(ips.listing(Region::FrPar), Listing::Loading);
        assert_eq!(
            describe(&ips, "a", Some(Region::FrPar)),
            "addresses loading…"
        );
        ips.apply(Region::FrPar, Ok(map(&[("a", &["10.0.0.2", "fd00::2"])])));
        ips.apply(Region::NlAms, Ok(map(&[("b", &["10.1.0.2"])])));
        assert_eq!(
            describe(&ips, "a", Some(Region::FrPar)),
            "10.0.0.2, fd00::2"
        );
        ips.apply(Region::FrPar, Ok(map(&[("c", &["fd00::3"])])));
        assert_eq!(ips.of("a"), None);
        assert_eq!(ips.of("b").map(<[Box<str>]>::len), Some(1));
        assert_eq!(
            describe(&ips, "a", Some(Region::FrPar)),
            "no address in IPAM"
        );
        ips.apply(Region::FrPar, Err("service unavailable".into()));
        assert_eq!(ips.of("c").map(<[Box<str>]>::len), Some(1));
        assert_eq!(
            describe(&ips, "z", Some(Region::FrPar)),
            "addresses unavailable (service unavailable)"
        );
        ips.apply(Region::FrPar, Ok(NicAddresses::default()));
        assert_eq!(ips.listing(Region::FrPar), Listing::Loaded);
    }

    #[test]
    fn a_region_arriving_shares_the_other_regions_lists_and_an_unchanged_one_changes_nothing() {
        let mut state = State::new(super::super::Options {
            zone: crate::api::locality::ZoneScope::All,
            ..super::super::Options::default()
        });
        let par = map(&[("a", &["10.0.0.2"])]);
        let r = request(&fetch(&mut state, Region::FrPar));
        arrived(&mut state, r, Region::FrPar, Ok(par.clone()));
        let r = request(&fetch(&mut state, Region::NlAms));
        arrived(
            &mut state,
            r,
            Region::NlAms,
            Ok(map(&[("b", &["10.1.0.2"])])),
        );
        let held = Arc::clone(&state.inventory.private_ips);
        // Amsterdam's new list: Paris's stays the same allocation, not a copy.
        let r = request(&fetch(&mut state, Region::NlAms));
        arrived(
            &mut state,
            r,
            Region::NlAms,
            Ok(map(&[("c", &["10.1.0.3"])])),
        );
        let now = &state.inventory.private_ips;
        assert_eq!(now.of("c").map(<[Box<str>]>::len), Some(1));
        assert!(Arc::ptr_eq(
            &held.by_region[&Region::FrPar],
            &now.by_region[&Region::FrPar]
        ));
        // Paris again, unchanged: nothing is replaced.
        let held = Arc::clone(&state.inventory.private_ips);
        let r = request(&fetch(&mut state, Region::FrPar));
        arrived(&mut state, r, Region::FrPar, Ok(par));
        assert!(Arc::ptr_eq(&held, &state.inventory.private_ips));
    }

    fn request(effect: &Effect) -> RequestId {
        match effect {
            Effect::FetchPrivateIps { request, .. } => *request,
            other => panic!("not an IPAM fetch: {other:?}"),
        }
    }

    #[test]
    fn the_private_networks_bring_the_addresses_and_only_the_latest_in_scope_is_kept() {
        let mut state = State::new(super::super::Options::default());
        let start = super::super::init(&mut state);
        assert!(start.iter().any(|e| matches!(
            e,
            Effect::FetchPrivateIps {
                region: Region::FrPar,
                ..
            }
        )));
        let old = request(&fetch(&mut state, Region::FrPar));
        let new = request(&fetch(&mut state, Region::FrPar));
        arrived(
            &mut state,
            old,
            Region::FrPar,
            Ok(map(&[("a", &["10.0.0.9"])])),
        );
        assert_eq!(state.inventory.private_ips.of("a"), None, "stale");
        arrived(
            &mut state,
            new,
            Region::FrPar,
            Ok(map(&[("a", &["10.0.0.2"])])),
        );
        assert_eq!(
            state.inventory.private_ips.of("a").map(|a| &*a[0]),
            Some("10.0.0.2")
        );
        // The joins the rows read see them too.
        assert!(state.inventory.joins.private_ips.of("a").is_some());
        // A region outside the scope (fr-par-1) is not kept.
        let ams = request(&fetch(&mut state, Region::NlAms));
        arrived(
            &mut state,
            ams,
            Region::NlAms,
            Ok(map(&[("b", &["10.1.0.2"])])),
        );
        assert_eq!(state.inventory.private_ips.of("b"), None);
        // A failure is on the status line; the addresses stay.
        let again = request(&fetch(&mut state, Region::FrPar));
        arrived(
            &mut state,
            again,
            Region::FrPar,
            Err(UserError::new("boom")),
        );
        assert!(state.inventory.private_ips.of("a").is_some());
        let error = state.status.last_error.as_ref().map(|e| e.message.as_str());
        assert_eq!(error, Some("private IPs of fr-par: boom"));
    }

    #[test]
    fn the_cell_prefers_an_ipv4_of_any_nic() {
        let mut ips = PrivateIps::default();
        ips.apply(
            Region::FrPar,
            Ok(map(&[("a", &["fd00::2"]), ("b", &["10.0.0.3", "fd00::3"])])),
        );
        assert_eq!(ips.first_of(["a", "b"].into_iter()), Some("10.0.0.3"));
        assert_eq!(ips.first_of(["a"].into_iter()), Some("fd00::2"));
        assert_eq!(ips.first_of(["x"].into_iter()), None);
    }
}
