//! Each tab refreshes each zone (or region) on its own schedule: one slot per
//! (tab, locality) with its fetch in flight, when that fetch started, when it
//! last finished and how. A zone whose requests hang (slowloris) only holds
//! its own slot, so the other zones and the fast polling of a starting server
//! go on; the status line names a zone whose fetch has been out too long.

use std::collections::HashMap;
use std::time::{Duration, Instant};

use super::{Locality, RequestId, Tab, UserError};
use crate::api::locality::ZoneScope;

/// A fetch out for longer than this is "slow" on the status line.
pub const SLOW_FETCH: Duration = Duration::from_secs(5);

/// The localities `tab` is listed by under `scope`: zones for the zoned
/// kinds, regions for the regional ones.
pub fn localities(tab: Tab, scope: ZoneScope) -> Vec<Locality> {
    let Some(api) = tab.api() else {
        // A view: nothing to fetch.
        return Vec::new();
    };
    let product = api.product;
    if api.regional {
        let regions = scope.regions(product);
        regions.into_iter().map(Locality::Region).collect()
    } else {
        scope
            .zones(product)
            .into_iter()
            .map(Locality::Zone)
            .collect()
    }
}

#[derive(Debug, Clone, Default)]
struct Slot {
    /// The fetch out now and when it started (`None`: time not known yet).
    in_flight: Option<(RequestId, Option<Instant>)>,
    /// When the last fetch finished, and which one it was.
    done_at: Option<Instant>,
    done_request: Option<RequestId>,
    /// How the last fetch ended, when it failed.
    error: Option<UserError>,
    /// When the fetches started failing, while they fail.
    failing_since: Option<Instant>,
}

/// Every slot, by (tab, locality).
#[derive(Debug, Clone, Default)]
pub struct Fetches {
    slots: HashMap<(Tab, Locality), Slot>,
}

impl Fetches {
    /// A fetch of `tab` in `at` went out (a newer one supersedes the older).
    pub fn start(&mut self, tab: Tab, at: Locality, request: RequestId, now: Option<Instant>) {
        self.slots.entry((tab, at)).or_default().in_flight = Some((request, now));
    }

    /// The fetch `request` answered: its slot, or `None` when it was
    /// superseded (the zone changed, or a newer fetch started).
    pub fn finish(
        &mut self,
        request: RequestId,
        now: Option<Instant>,
        error: Option<UserError>,
    ) -> Option<(Tab, Locality)> {
        let (key, slot) = self
            .slots
            .iter_mut()
            .find(|(_, s)| s.in_flight.is_some_and(|(r, _)| r == request))?;
        slot.in_flight = None;
        slot.done_at = now.or(slot.done_at);
        slot.done_request = Some(request);
        if error.is_none() {
            slot.failing_since = None;
        } else {
            slot.failing_since = slot.failing_since.or(now);
        }
        slot.error = error;
        Some(*key)
    }

    /// Whether a list of `tab` in `at` is out.
    pub fn listing(&self, tab: Tab, at: Locality) -> bool {
        self.slots
            .get(&(tab, at))
            .is_some_and(|s| s.in_flight.is_some())
    }

    /// Whether `tab` has a fetch out in any locality.
    pub fn in_flight(&self, tab: Tab) -> bool {
        self.slots
            .iter()
            .any(|((t, _), s)| *t == tab && s.in_flight.is_some())
    }

    pub fn any_in_flight(&self) -> bool {
        self.slots.values().any(|s| s.in_flight.is_some())
    }

    /// Whether a fetch out now is not slow (so the refresh is still going).
    pub fn any_prompt_in_flight(&self, now: Option<Instant>) -> bool {
        self.slots
            .values()
            .filter_map(|s| s.in_flight)
            .any(|(_, since)| !is_slow(since, now))
    }

    /// Whether `tab` in `at` should be fetched now: its last fetch finished
    /// at least `every` ago and none is out.
    pub fn due(&self, tab: Tab, at: Locality, now: Instant, every: Duration) -> bool {
        self.slots.get(&(tab, at)).is_some_and(|s| {
            s.in_flight.is_none()
                && s.done_at
                    .is_some_and(|d| now.saturating_duration_since(d) >= every)
        })
    }

    /// When the last fetch of `tab` in `at` finished.
    pub fn done_at(&self, tab: Tab, at: Locality) -> Option<Instant> {
        self.slots.get(&(tab, at)).and_then(|s| s.done_at)
    }

    /// Whether a fetch of `tab` in `at` sent after `request` has finished:
    /// its answer is newer than what `request` brings.
    pub fn newer_done(&self, tab: Tab, at: Locality, request: RequestId) -> bool {
        self.slots
            .get(&(tab, at))
            .and_then(|s| s.done_request)
            .is_some_and(|done| done > request)
    }

    /// The latest time any fetch finished.
    pub fn last_done(&self) -> Option<Instant> {
        self.slots.values().filter_map(|s| s.done_at).max()
    }

    /// Since when fetches fail, while some still do (the earliest failure
    /// of those not answered since).
    pub fn failing_since(&self) -> Option<Instant> {
        self.slots.values().filter_map(|s| s.failing_since).min()
    }

    /// Localities with a fetch out for longer than [`SLOW_FETCH`], with the
    /// longest wait each, slowest first.
    pub fn slow(&self, now: Option<Instant>) -> Vec<(Locality, Duration)> {
        let Some(now) = now else {
            return Vec::new();
        };
        let mut by: HashMap<Locality, Duration> = HashMap::new();
        for ((_, at), s) in &self.slots {
            if let Some((_, Some(since))) = s.in_flight
                && is_slow(Some(since), Some(now))
            {
                let waited = now.saturating_duration_since(since);
                let e = by.entry(*at).or_default();
                *e = (*e).max(waited);
            }
        }
        let mut v: Vec<(Locality, Duration)> = by.into_iter().collect();
        v.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.to_string().cmp(&b.0.to_string())));
        v
    }

    /// The latest failure of each locality (any tab's), for the zone bar.
    pub fn errors(&self) -> HashMap<Locality, UserError> {
        let mut out: HashMap<Locality, UserError> = HashMap::new();
        for tab in Tab::ALL {
            for ((t, at), s) in &self.slots {
                if *t == tab
                    && let Some(e) = &s.error
                {
                    out.entry(*at).or_insert_with(|| e.clone());
                }
            }
        }
        out
    }

    /// Forgets every slot (the zone changed: everything is fetched anew).
    pub fn clear(&mut self) {
        self.slots.clear();
    }
}

/// Rows in transition read one by one (GET by id) on the fast schedule,
/// while their slot's list keeps its normal pace: one server starting in a
/// 10,000-server fleet costs one small request a second, not a zone's pages.
#[derive(Debug, Clone, Default)]
pub struct Polls {
    by_id: HashMap<String, Poll>,
}

#[derive(Debug, Clone)]
struct Poll {
    tab: Tab,
    at: Locality,
    in_flight: Option<RequestId>,
    /// When it was last read (or listed, when first seen in transition).
    done_at: Option<Instant>,
}

impl Polls {
    /// Whether `id` (of `tab`, in `at`) should be read now: none of its reads
    /// is out and the last one is `every` old. A row first seen in transition
    /// counts as read when its zone was last listed (`listed`).
    pub fn due(
        &mut self,
        id: &str,
        (tab, at): (Tab, Locality),
        now: Instant,
        every: Duration,
        listed: Option<Instant>,
    ) -> bool {
        let p = self.by_id.entry(id.to_string()).or_insert_with(|| Poll {
            tab,
            at,
            in_flight: None,
            done_at: listed.or(Some(now)),
        });
        p.in_flight.is_none()
            && p.done_at
                .is_none_or(|d| now.saturating_duration_since(d) >= every)
    }

    /// A read of `id` (of `tab`, in `at`) went out.
    pub fn start(&mut self, id: &str, (tab, at): (Tab, Locality), request: RequestId) {
        let p = self.by_id.entry(id.to_string()).or_insert_with(|| Poll {
            tab,
            at,
            in_flight: None,
            done_at: None,
        });
        p.in_flight = Some(request);
    }

    /// The read `request` answered: the (tab, locality) of its row, or
    /// `None` when it is no longer wanted (the row settled, the zone changed).
    pub fn finish(&mut self, request: RequestId, now: Option<Instant>) -> Option<(Tab, Locality)> {
        let p = self
            .by_id
            .values_mut()
            .find(|p| p.in_flight == Some(request))?;
        p.in_flight = None;
        p.done_at = now.or(p.done_at);
        Some((p.tab, p.at))
    }

    /// A list of `tab` in `at` went out: the reads of its rows still out
    /// are dropped when they answer. The API may serve two requests in
    /// flight together in either order, so a read out beside a list could
    /// hold a state older than the list's, or newer: neither answer could be
    /// trusted over the other. With no read beside a list, every answer
    /// applied was served after those applied before it.
    pub fn supersede(&mut self, (tab, at): (Tab, Locality)) {
        for p in self.by_id.values_mut() {
            if p.tab == tab && p.at == at {
                p.in_flight = None;
            }
        }
    }

    /// Forgets the rows `watched` no longer names (they settled).
    pub fn retain(&mut self, watched: impl Fn(&str) -> bool) {
        self.by_id.retain(|id, _| watched(id));
    }

    /// The ids read one by one now.
    pub fn ids(&self) -> impl Iterator<Item = &str> {
        self.by_id.keys().map(String::as_str)
    }

    /// Forgets every row (the zone changed).
    pub fn clear(&mut self) {
        self.by_id.clear();
    }
}

fn is_slow(since: Option<Instant>, now: Option<Instant>) -> bool {
    match (since, now) {
        (Some(since), Some(now)) => now.saturating_duration_since(since) >= SLOW_FETCH,
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::locality::Zone;

    #[test]
    fn a_hung_zone_holds_only_its_own_slot() {
        let t0 = Instant::now();
        let (par1, par2) = (Locality::Zone(Zone::FrPar1), Locality::Zone(Zone::FrPar2));
        let mut f = Fetches::default();
        f.start(Tab::Servers, par1, RequestId(1), Some(t0));
        f.start(Tab::Servers, par2, RequestId(2), Some(t0));
        assert_eq!(
            f.finish(RequestId(1), Some(t0), None),
            Some((Tab::Servers, par1))
        );
        let later = t0 + Duration::from_secs(6);
        assert!(f.due(Tab::Servers, par1, later, Duration::from_secs(2)));
        assert!(!f.due(Tab::Servers, par2, later, Duration::from_secs(2)));
        assert_eq!(f.slow(Some(later)), [(par2, Duration::from_secs(6))]);
        assert!(!f.any_prompt_in_flight(Some(later)));
        // A superseded answer is dropped.
        f.start(Tab::Servers, par2, RequestId(3), Some(later));
        assert_eq!(f.finish(RequestId(2), Some(later), None), None);
        assert!(f.slow(Some(later)).is_empty());
    }
}
