//! "Since you last looked": what the fleet looked like when the dashboard
//! last saw it, zone by zone (region by region), as facts. The executor
//! writes it (`Effect::SaveSnapshot`, built off the loop from the shared
//! models by [`build`]); the next run reads it back (`crate::snapshot_store`)
//! and compares each zone's first answer with it. Pure: the file's I/O lives
//! in `crate::snapshot_store`.

use std::collections::HashMap;
use std::fmt;
use std::sync::Arc;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

use super::change::tab_key;
use super::fact::{Entry, Fact, RuleFact, Shared};
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
/// first answer of each is compared with it. Each slice and group is shared
/// with the saves that write it again.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Previous {
    pub slices: HashMap<(Tab, Locality), Arc<Slice>>,
    pub rules: HashMap<String, Arc<GroupRules>>,
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
                .map(|s| ((s.kind, s.at), Arc::new(s)))
                .collect(),
            rules: file
                .rules
                .into_iter()
                .map(|r| (r.group.clone(), Arc::new(r)))
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
/// left, the last run's slices not compared yet), shared with the state
/// too. Facts are made off the loop, by [`build`].
#[derive(Clone)]
pub struct Source {
    pub key: String,
    pub models: Vec<(Tab, Shared)>,
    /// The (kind, locality) pairs the models hold complete.
    pub complete: Vec<(Tab, Locality)>,
    /// Zones this run saw and left.
    pub left: Vec<(Tab, Locality, Arc<[Fact]>)>,
    /// The last run's slices of zones this run has not seen.
    pub kept: Vec<Arc<Slice>>,
    /// Every group's rules as this run last saw them.
    pub rules: Arc<HashMap<String, Arc<[RuleFact]>>>,
    /// The last run's rules of groups this run has not seen.
    pub kept_rules: Vec<Arc<GroupRules>>,
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

/// The models of each of `complete`'s localities (a model in none of them
/// is left out). Each group is sized by a first count: grown by doubling,
/// the groups of 200,000 models held ~5 MB at the dashboard's high-water.
fn grouped<'a>(models: &'a Shared, complete: &[Locality]) -> Vec<(Locality, Vec<&'a dyn Entry>)> {
    let group_of = |entry: &dyn Entry| {
        let at = entry.locality();
        complete.iter().position(|s| covered(&[*s], at))
    };
    let mut sizes = vec![0; complete.len()];
    for at in models.entries().filter_map(group_of) {
        sizes[at] += 1;
    }
    let mut groups: Vec<(Locality, Vec<&dyn Entry>)> = complete
        .iter()
        .zip(sizes)
        .map(|(at, size)| (*at, Vec::with_capacity(size)))
        .collect();
    for entry in models.entries() {
        if let Some(at) = group_of(entry) {
            groups[at].1.push(entry);
        }
    }
    groups
}

/// The slices of the models `complete` covers, each seen at `now`.
pub fn slices_of(models: &Shared, tab: Tab, complete: &[Locality], now: i64) -> Vec<Slice> {
    grouped(models, complete)
        .into_iter()
        .map(|(at, entries)| Slice {
            kind: tab,
            at,
            saved_at: now,
            facts: entries.iter().map(|e| e.fact()).collect(),
        })
        .collect()
}

/// The file to write at `now` (Unix seconds): the slices the models hold
/// complete, then those left this run, then the last run's others, in one
/// order (the same fleet writes the same file). It serializes as a
/// [`SnapshotFile`] straight from the models, one fact at a time: the facts
/// of a whole fleet (tens of megabytes at 100,000 servers) are never all in
/// memory at once.
pub fn file_of(source: &Source, now: i64) -> impl Serialize + '_ {
    let mut slices: Vec<SliceOut<'_>> = Vec::new();
    for (tab, models) in &source.models {
        let complete: Vec<Locality> = source
            .complete
            .iter()
            .filter(|(t, _)| t == tab)
            .map(|(_, at)| *at)
            .collect();
        slices.extend(
            grouped(models, &complete)
                .into_iter()
                .map(|(at, mut entries)| {
                    entries.sort_by(|a, b| a.id().cmp(b.id()));
                    SliceOut {
                        kind: *tab,
                        at,
                        saved_at: now,
                        facts: FactsOut::Made(entries),
                    }
                }),
        );
    }
    let left = source
        .left
        .iter()
        .map(|(kind, at, facts)| (*kind, *at, now, &facts[..]));
    let kept = source
        .kept
        .iter()
        .map(|s| (s.kind, s.at, s.saved_at, s.facts.as_slice()));
    for (kind, at, saved_at, facts) in left.chain(kept) {
        if !slices.iter().any(|s| s.kind == kind && s.at == at) {
            let mut facts: Vec<&Fact> = facts.iter().collect();
            facts.sort_by(|a, b| a.id.cmp(&b.id));
            slices.push(SliceOut {
                kind,
                at,
                saved_at,
                facts: FactsOut::Held(facts),
            });
        }
    }
    let mut rules: Vec<RulesOut<'_>> = source
        .rules
        .iter()
        .map(|(group, rules)| RulesOut {
            group,
            saved_at: now,
            rules: &rules[..],
        })
        .collect();
    rules.extend(
        source
            .kept_rules
            .iter()
            .filter(|kept| !source.rules.contains_key(&kept.group))
            .map(|kept| RulesOut {
                group: &kept.group,
                saved_at: kept.saved_at,
                rules: &kept.rules,
            }),
    );
    slices.sort_by_key(|a| (a.kind, a.at.to_string()));
    rules.sort_by(|a, b| a.group.cmp(b.group));
    FileOut {
        format: FORMAT,
        version: VERSION,
        key: &source.key,
        slices,
        rules,
    }
}

/// [`SnapshotFile`] as written: borrowed, its facts made while serialized.
#[derive(Serialize)]
struct FileOut<'a> {
    format: &'static str,
    version: u32,
    key: &'a str,
    slices: Vec<SliceOut<'a>>,
    rules: Vec<RulesOut<'a>>,
}

/// [`Slice`] as written.
#[derive(Serialize)]
struct SliceOut<'a> {
    #[serde(with = "tab_key")]
    kind: Tab,
    #[serde(with = "locality_name")]
    at: Locality,
    saved_at: i64,
    facts: FactsOut<'a>,
}

/// A slice's facts, sorted by id: made from the models one at a time as
/// they are written, or those held from before.
enum FactsOut<'a> {
    Made(Vec<&'a dyn Entry>),
    Held(Vec<&'a Fact>),
}

impl Serialize for FactsOut<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            FactsOut::Made(entries) => s.collect_seq(entries.iter().map(|e| e.fact())),
            FactsOut::Held(facts) => s.collect_seq(facts),
        }
    }
}

/// [`GroupRules`] as written.
#[derive(Serialize)]
struct RulesOut<'a> {
    group: &'a str,
    saved_at: i64,
    rules: &'a [RuleFact],
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

    /// A model with an id, a name and a zone.
    #[derive(Debug, Clone, PartialEq)]
    struct Thing {
        id: String,
        name: String,
        zone: Zone,
    }

    fn in_zone(zone: &Zone) -> Option<Locality> {
        Some(Locality::Zone(*zone))
    }

    impl crate::app::events::fact::Tracked for Thing {
        crate::app::events::fact::identity!(in_zone, zone);

        fn fact(&self) -> Fact {
            Fact::named::<String>(&self.id, &self.name, &[])
        }
    }

    impl crate::api::id_map::Keyed for Thing {
        fn key(&self) -> &str {
            &self.id
        }
    }

    fn fact(id: &str) -> Fact {
        Fact::named::<String>(id, id, &[])
    }

    fn slice(at: Zone, saved_at: i64, ids: &[&str]) -> Slice {
        Slice {
            kind: Tab::Servers,
            at: Locality::Zone(at),
            saved_at,
            facts: ids.iter().map(|id| fact(id)).collect(),
        }
    }

    /// Each zone's group holds its models and no spare room (a group grown
    /// by doubling kept up to twice its size, fleet-wide, while saving).
    #[test]
    fn groups_are_sized_to_their_models() {
        let zones = [Zone::FrPar1, Zone::NlAms1, Zone::PlWaw1];
        let models: crate::api::id_map::IdMap<Thing> = (0..1000)
            .map(|i| {
                std::sync::Arc::new(Thing {
                    id: format!("s-{i}"),
                    name: format!("n-{i}"),
                    zone: zones[i % 3],
                })
            })
            .collect();
        let models = std::sync::Arc::new(models) as Shared;
        let complete = [Locality::Zone(Zone::FrPar1), Locality::Zone(Zone::NlAms1)];
        let groups = grouped(&models, &complete);
        let sizes: Vec<(usize, usize)> = groups
            .iter()
            .map(|(_, g)| (g.len(), g.capacity()))
            .collect();
        assert_eq!(sizes, [(334, 334), (333, 333)]);
    }

    /// The streamed file is the whole snapshot: complete zones from the
    /// models (facts by id), zones left this run at `now`, the last run's
    /// other slices as they were, and rules seen now over those kept.
    #[test]
    fn the_file_is_written_from_the_models_and_what_is_kept() {
        let models: crate::api::id_map::IdMap<Thing> = [
            ("s-2", Zone::FrPar1),
            ("s-1", Zone::FrPar1),
            ("s-3", Zone::NlAms1),
            // In no complete zone: not written.
            ("s-9", Zone::PlWaw1),
        ]
        .into_iter()
        .map(|(id, zone)| {
            let thing = Thing {
                id: id.into(),
                name: format!("name-{id}"),
                zone,
            };
            std::sync::Arc::new(thing)
        })
        .collect();
        let rule = |id: &str| RuleFact {
            id: id.into(),
            text: "inbound accept TCP 22".into(),
        };
        let source = Source {
            key: "k".into(),
            models: vec![(Tab::Servers, std::sync::Arc::new(models) as Shared)],
            complete: vec![
                (Tab::Servers, Locality::Zone(Zone::NlAms1)),
                (Tab::Servers, Locality::Zone(Zone::FrPar1)),
            ],
            left: vec![(
                Tab::Servers,
                Locality::Zone(Zone::FrPar2),
                vec![fact("l-2"), fact("l-1")].into(),
            )],
            kept: vec![
                // Seen complete this run: the models win.
                slice(Zone::FrPar1, 5, &["old"]).into(),
                slice(Zone::PlWaw2, 7, &["k-1"]).into(),
            ],
            rules: Arc::new([("g-1".to_string(), vec![rule("r-new")].into())].into()),
            kept_rules: vec![
                GroupRules {
                    group: "g-1".into(),
                    saved_at: 3,
                    rules: vec![rule("r-old")],
                }
                .into(),
                GroupRules {
                    group: "g-0".into(),
                    saved_at: 3,
                    rules: vec![rule("r-kept")],
                }
                .into(),
            ],
        };
        let json = serde_json::to_vec(&file_of(&source, 100)).unwrap();
        let file: SnapshotFile = serde_json::from_slice(&json).unwrap();
        assert_eq!((file.format.as_str(), file.version), (FORMAT, VERSION));
        assert_eq!(file.key, "k");
        let slices: Vec<(String, i64, Vec<String>)> = file
            .slices
            .iter()
            .map(|s| {
                let ids = s.facts.iter().map(|f| f.id.clone()).collect();
                (s.at.to_string(), s.saved_at, ids)
            })
            .collect();
        let expected = [
            ("fr-par-1", 100, vec!["s-1", "s-2"]),
            ("fr-par-2", 100, vec!["l-1", "l-2"]),
            ("nl-ams-1", 100, vec!["s-3"]),
            ("pl-waw-2", 7, vec!["k-1"]),
        ]
        .map(|(at, t, ids)| {
            (
                at.to_string(),
                t,
                ids.iter().map(|i| i.to_string()).collect(),
            )
        });
        assert_eq!(slices, expected);
        assert_eq!(file.slices[0].facts[0].name, "name-s-1");
        let rules: Vec<(&str, i64, &str)> = file
            .rules
            .iter()
            .map(|r| (r.group.as_str(), r.saved_at, r.rules[0].id.as_str()))
            .collect();
        assert_eq!(rules, [("g-0", 3, "r-kept"), ("g-1", 100, "r-new")]);
        // The same fleet writes the same bytes.
        assert_eq!(json, serde_json::to_vec(&file_of(&source, 100)).unwrap());
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
