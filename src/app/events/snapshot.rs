//! "Since you last looked": what the fleet looked like when the dashboard
//! last saw it, zone by zone (region by region), as facts. The executor
//! writes it (`Effect::SaveSnapshot`, built off the loop from the shared
//! models by [`build`]); the next run reads it back (`crate::snapshot_store`)
//! and compares each zone's first answer with it. Pure: the file's I/O lives
//! in `crate::snapshot_store`.

use std::collections::HashMap;
use std::fmt;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

use super::change::tab_key;
use super::fact::{Fact, RuleFact, Shared};
use crate::app::inventory::covered;
use crate::app::{Locality, Tab};

/// What the file says it is; anything else is not ours.
pub const FORMAT: &str = "scwdash-fleet-snapshot";
pub const VERSION: u32 = 1;

/// The snapshot file.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SnapshotFile {
    pub format: String,
    pub version: u32,
    /// Which profile and API it describes (a hash, never a credential): a
    /// file of another one is ignored.
    pub key: String,
    pub slices: Vec<Slice>,
    #[serde(default)]
    pub rules: Vec<GroupRules>,
}

/// One kind in one zone (or region) as last seen complete.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Slice {
    #[serde(with = "tab_key")]
    pub kind: Tab,
    #[serde(with = "locality_name")]
    pub at: Locality,
    /// When it was seen, Unix seconds.
    pub saved_at: i64,
    pub facts: Vec<Fact>,
}

/// One security group's rules as last seen.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct GroupRules {
    pub group: String,
    pub saved_at: i64,
    pub rules: Vec<RuleFact>,
}

/// The last run's snapshot as the state holds it, slice by slice until the
/// first answer of each is compared with it.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Previous {
    pub slices: HashMap<(Tab, Locality), Slice>,
    pub rules: HashMap<String, GroupRules>,
    /// The wall clock when it was read, for "N changes since 14:03".
    pub clock: Clock,
}

/// The wall clock, read once by whoever loads the snapshot (the state
/// never reads a clock): now in Unix seconds and the local UTC offset.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Clock {
    pub now: i64,
    pub utc_offset: i32,
}

impl Previous {
    pub fn from_file(file: SnapshotFile, clock: Clock) -> Previous {
        Previous {
            slices: file
                .slices
                .into_iter()
                .map(|s| ((s.kind, s.at), s))
                .collect(),
            rules: file
                .rules
                .into_iter()
                .map(|r| (r.group.clone(), r))
                .collect(),
            clock,
        }
    }
}

/// "14:03" today, "Mar 3 14:03" another day, in local time.
pub fn since_label(saved_at: i64, clock: Clock) -> String {
    let Some(offset) = chrono::FixedOffset::east_opt(clock.utc_offset) else {
        return String::new();
    };
    let local = |t: i64| chrono::DateTime::from_timestamp(t, 0).map(|d| d.with_timezone(&offset));
    match (local(saved_at), local(clock.now)) {
        (Some(then), Some(now)) if then.date_naive() == now.date_naive() => {
            then.format("%H:%M").to_string()
        }
        (Some(then), _) => then.format("%b %-d %H:%M").to_string(),
        _ => String::new(),
    }
}

/// What the executor needs to write the snapshot: the shared models (one
/// `Arc` each, so building the effect costs nothing), which zones of each
/// kind they hold complete, and what is kept from before (zones this run
/// left, the last run's slices not compared yet). Facts are made off the
/// loop, by [`build`].
#[derive(Clone)]
pub struct Source {
    pub key: String,
    pub models: Vec<(Tab, Shared)>,
    /// The (kind, locality) pairs the models hold complete.
    pub complete: Vec<(Tab, Locality)>,
    /// Zones this run saw and left.
    pub left: Vec<(Tab, Locality, Vec<Fact>)>,
    /// The last run's slices of zones this run has not seen.
    pub kept: Vec<Slice>,
    /// Every group's rules as this run last saw them.
    pub rules: HashMap<String, Vec<RuleFact>>,
    /// The last run's rules of groups this run has not seen.
    pub kept_rules: Vec<GroupRules>,
}

impl fmt::Debug for Source {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Source")
            .field("complete", &self.complete.len())
            .field("left", &self.left.len())
            .field("kept", &self.kept.len())
            .finish()
    }
}

/// The slices of the models `complete` covers, each seen at `now`.
pub fn slices_of(models: &Shared, tab: Tab, complete: &[Locality], now: i64) -> Vec<Slice> {
    let mut slices: Vec<Slice> = complete
        .iter()
        .map(|at| Slice {
            kind: tab,
            at: *at,
            saved_at: now,
            facts: Vec::new(),
        })
        .collect();
    for entry in models.entries() {
        let at = entry.locality();
        if let Some(slice) = slices.iter_mut().find(|s| covered(&[s.at], at)) {
            slice.facts.push(entry.fact());
        }
    }
    slices
}

/// The file to write at `now` (Unix seconds): the slices the models hold
/// complete, then those left this run, then the last run's others.
pub fn build(source: &Source, now: i64) -> SnapshotFile {
    let mut slices = Vec::new();
    for (tab, models) in &source.models {
        let complete: Vec<Locality> = source
            .complete
            .iter()
            .filter(|(t, _)| t == tab)
            .map(|(_, at)| *at)
            .collect();
        slices.extend(slices_of(models, *tab, &complete, now));
    }
    let left = source.left.iter().map(|(kind, at, facts)| Slice {
        kind: *kind,
        at: *at,
        saved_at: now,
        facts: facts.clone(),
    });
    for slice in left.chain(source.kept.iter().cloned()) {
        if !slices
            .iter()
            .any(|s| s.kind == slice.kind && s.at == slice.at)
        {
            slices.push(slice);
        }
    }
    let mut rules: Vec<GroupRules> = source
        .rules
        .iter()
        .map(|(group, rules)| GroupRules {
            group: group.clone(),
            saved_at: now,
            rules: rules.clone(),
        })
        .collect();
    for kept in &source.kept_rules {
        if !source.rules.contains_key(&kept.group) {
            rules.push(kept.clone());
        }
    }
    // The same fleet writes the same file.
    slices.sort_by_key(|a| (a.kind, a.at.to_string()));
    for s in &mut slices {
        s.facts.sort_by(|a, b| a.id.cmp(&b.id));
    }
    rules.sort_by(|a, b| a.group.cmp(&b.group));
    SnapshotFile {
        format: FORMAT.to_string(),
        version: VERSION,
        key: source.key.clone(),
        slices,
        rules,
    }
}

/// A zone or region by its name (`fr-par-1`, `fr-par`).
mod locality_name {
    use super::*;
    use crate::app::inventory::{region_of, zone_of};

    pub fn serialize<S: Serializer>(at: &Locality, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&at.to_string())
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Locality, D::Error> {
        let name = String::deserialize(d)?;
        zone_of(&name)
            .or_else(|| region_of(&name))
            .ok_or_else(|| serde::de::Error::custom(format!("unknown zone or region {name:?}")))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::locality::{Region, Zone};

    #[test]
    fn labels_say_the_time_today_and_the_day_before() {
        // 2025-03-03 14:03:00 UTC; the clock two hours later, in UTC+1.
        let saved = 1_741_010_580;
        let clock = Clock {
            now: saved + 7200,
            utc_offset: 3600,
        };
        assert_eq!(since_label(saved, clock), "15:03");
        let next_day = Clock {
            now: saved + 86_400,
            ..clock
        };
        assert_eq!(since_label(saved, next_day), "Mar 3 15:03");
    }

    #[test]
    fn slices_name_their_kind_and_place() {
        let slice = Slice {
            kind: Tab::PrivateNetworks,
            at: Locality::Region(Region::FrPar),
            saved_at: 1,
            facts: vec![],
        };
        let json = serde_json::to_string(&slice).unwrap();
        assert_eq!(
            json,
            r#"{"kind":"private_networks","at":"fr-par","saved_at":1,"facts":[]}"#
        );
        assert_eq!(serde_json::from_str::<Slice>(&json).unwrap(), slice);
        let zoned = json.replace("fr-par\"", "nl-ams-2\"");
        assert_eq!(
            serde_json::from_str::<Slice>(&zoned).unwrap().at,
            Locality::Zone(Zone::NlAms2)
        );
        assert!(serde_json::from_str::<Slice>(&json.replace("fr-par\"", "mars-1\"")).is_err());
    }
}
