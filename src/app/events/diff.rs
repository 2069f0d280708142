//! The diff of two looks at one kind, restricted to the zones or regions
//! that answered: between two refreshes (the models, where an unchanged
//! model is the same `Arc` or an equal value and costs one comparison), or
//! between the snapshot a previous run left and the first refresh (facts).
//! Only what both looks cover is compared, so a zone that failed, was not
//! fetched or left the scope is never "everything deleted".

use std::collections::HashMap;

use super::change::Change;
use super::fact::{Fact, TrackedMap, compare};
use crate::app::Locality;

/// The changes of one resource.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Delta {
    pub id: String,
    /// Its name now (its last name, when deleted).
    pub name: String,
    pub locality: Option<Locality>,
    pub changes: Vec<Change>,
}

/// What changed among the models `within` covers, from `before` to
/// `after`. Models of unknown locality are never compared. In name order.
pub fn diff_models(
    before: &dyn TrackedMap,
    after: &dyn TrackedMap,
    within: impl Fn(Option<Locality>) -> bool,
) -> Vec<Delta> {
    let mut deltas = Vec::new();
    for new in after.entries().filter(|e| within(e.locality())) {
        let changes = match before.entry(new.id()) {
            None => vec![Change::Created],
            Some(old) if old.same(new) => continue,
            Some(old) => compare(&old.fact(), &new.fact()),
        };
        if !changes.is_empty() {
            deltas.push(Delta {
                id: new.id().to_string(),
                name: new.name().to_string(),
                locality: new.locality(),
                changes,
            });
        }
    }
    for old in before.entries().filter(|e| within(e.locality())) {
        if after.entry(old.id()).is_none() {
            deltas.push(Delta {
                id: old.id().to_string(),
                name: old.name().to_string(),
                locality: old.locality(),
                changes: vec![Change::Deleted],
            });
        }
    }
    sort(&mut deltas);
    deltas
}

/// What changed of the one resource `id` (read alone by the fast polling).
pub fn diff_one(before: &dyn TrackedMap, after: &dyn TrackedMap, id: &str) -> Option<Delta> {
    let (old, new) = (before.entry(id), after.entry(id));
    let changes = match (old, new) {
        (None, None) => return None,
        (None, Some(_)) => vec![Change::Created],
        (Some(_), None) => vec![Change::Deleted],
        (Some(o), Some(n)) if o.same(n) => return None,
        (Some(o), Some(n)) => compare(&o.fact(), &n.fact()),
    };
    let shown = new.or(old)?;
    (!changes.is_empty()).then(|| Delta {
        id: id.to_string(),
        name: shown.name().to_string(),
        locality: shown.locality(),
        changes,
    })
}

/// What changed from the facts `old` to the facts `new` of one zone or
/// region (`at`): a snapshot against a refresh. In name order.
pub fn diff_facts(old: &[Fact], new: &[Fact], at: Option<Locality>) -> Vec<Delta> {
    let before: HashMap<&str, &Fact> = old.iter().map(|f| (f.id.as_str(), f)).collect();
    let after: HashMap<&str, &Fact> = new.iter().map(|f| (f.id.as_str(), f)).collect();
    let delta = |f: &Fact, changes| Delta {
        id: f.id.clone(),
        name: f.name.clone(),
        locality: at,
        changes,
    };
    let mut deltas = Vec::new();
    for f in new {
        let changes = match before.get(f.id.as_str()) {
            None => vec![Change::Created],
            Some(o) => compare(o, f),
        };
        if !changes.is_empty() {
            deltas.push(delta(f, changes));
        }
    }
    for f in old {
        if !after.contains_key(f.id.as_str()) {
            deltas.push(delta(f, vec![Change::Deleted]));
        }
    }
    sort(&mut deltas);
    deltas
}

fn sort(deltas: &mut [Delta]) {
    deltas.sort_by(|a, b| a.name.cmp(&b.name).then_with(|| a.id.cmp(&b.id)));
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use super::*;
    use crate::api::locality::Zone;
    use crate::app::events::change::Link;
    use crate::app::events::fact::Tracked;
    use crate::app::{Tab, inventory::covered};

    /// A model with just what the diff reads.
    #[derive(Debug, Clone, PartialEq)]
    struct Thing {
        id: String,
        name: String,
        state: String,
        zone: Zone,
        tags: Vec<String>,
        volumes: Vec<String>,
        size: u64,
    }

    fn in_zone(zone: &Zone) -> Option<Locality> {
        Some(Locality::Zone(*zone))
    }

    impl Tracked for Thing {
        crate::app::events::fact::identity!(in_zone, zone);

        fn fact(&self) -> Fact {
            Fact {
                id: self.id.clone(),
                name: self.name.clone(),
                state: Some(self.state.clone()),
                tags: self.tags.clone(),
                links: self
                    .volumes
                    .iter()
                    .map(|v| Link::new(Tab::Volumes, v))
                    .collect(),
                values: vec![("size".into(), format!("{} GB", self.size))],
            }
        }
    }

    fn thing(id: &str, name: &str, zone: Zone) -> Thing {
        Thing {
            id: id.into(),
            name: name.into(),
            state: "running".into(),
            zone,
            tags: vec!["a".into(), "b".into()],
            volumes: vec!["v1".into(), "v2".into()],
            size: 20,
        }
    }

    impl crate::api::id_map::Keyed for Thing {
        fn key(&self) -> &str {
            &self.id
        }
    }

    type Map = crate::api::id_map::IdMap<Thing>;

    fn map(things: impl IntoIterator<Item = Thing>) -> Map {
        things.into_iter().map(Arc::new).collect()
    }

    fn fleet() -> Vec<Thing> {
        vec![
            thing("1", "web-1", Zone::FrPar1),
            thing("2", "web-2", Zone::FrPar1),
            thing("3", "db-1", Zone::FrPar2),
        ]
    }

    fn in_zones(zones: &[Zone]) -> impl Fn(Option<Locality>) -> bool {
        let zones: Vec<Locality> = zones.iter().map(|z| Locality::Zone(*z)).collect();
        move |at| covered(&zones, at)
    }

    fn words(deltas: &[Delta]) -> Vec<String> {
        deltas
            .iter()
            .flat_map(|d| d.changes.iter().map(move |c| format!("{} {c}", d.name)))
            .collect()
    }

    #[test]
    fn same_models_or_equal_copies_are_no_change() {
        let before = map(fleet());
        let same = before.clone();
        let copies = map(fleet());
        let all = in_zones(&[Zone::FrPar1, Zone::FrPar2]);
        assert_eq!(diff_models(&before, &same, &all), []);
        assert_eq!(diff_models(&before, &copies, &all), []);
    }

    #[test]
    fn reordered_lists_are_no_change() {
        let before = map(fleet());
        let mut things = fleet();
        things.reverse();
        for t in &mut things {
            t.tags.reverse();
            t.volumes.reverse();
        }
        let after = map(things);
        let all = in_zones(&[Zone::FrPar1, Zone::FrPar2]);
        assert_eq!(diff_models(&before, &after, &all), []);
    }

    #[test]
    fn created_deleted_and_changed_in_name_order() {
        let before = map(fleet());
        let mut things = fleet();
        things.retain(|t| t.id != "2");
        things.push(thing("4", "api-1", Zone::FrPar1));
        things[0].state = "stopping".into();
        things[0].name = "web-1b".into();
        things[1].size = 50;
        things[1].volumes = vec!["v1".into(), "v3".into()];
        things[1].tags = vec!["a".into(), "c".into()];
        let after = map(things);
        let all = in_zones(&[Zone::FrPar1, Zone::FrPar2]);
        assert_eq!(
            words(&diff_models(&before, &after, &all)),
            [
                "api-1 created",
                "db-1 size 20 GB → 50 GB",
                "db-1 tags +c -b",
                "db-1 attached volume v3",
                "db-1 detached volume v2",
                "web-1b renamed web-1 → web-1b",
                "web-1b running → stopping",
                "web-2 deleted",
            ]
        );
    }

    #[test]
    fn a_zone_that_did_not_answer_is_not_deleted() {
        // fr-par-2 failed: the merged inventory kept its old models, or (a
        // scope change) does not hold them at all. Neither is a deletion.
        let before = map(fleet());
        let kept = map(fleet());
        let dropped = map(fleet().into_iter().filter(|t| t.zone == Zone::FrPar1));
        let answered = in_zones(&[Zone::FrPar1]);
        assert_eq!(diff_models(&before, &kept, &answered), []);
        assert_eq!(diff_models(&before, &dropped, &answered), []);
        // The zone that answered is still compared.
        let mut things = fleet();
        things[0].state = "stopped".into();
        let after = map(things.into_iter().filter(|t| t.zone == Zone::FrPar1));
        assert_eq!(
            words(&diff_models(&before, &after, &answered)),
            ["web-1 running → stopped"]
        );
    }

    #[test]
    fn one_resource_read_alone() {
        let before = map(fleet());
        let mut things = fleet();
        things[0].state = "stopped".into();
        let after = map(things);
        let delta = diff_one(&before, &after, "1").unwrap();
        assert_eq!(words(&[delta]), ["web-1 running → stopped"]);
        assert_eq!(diff_one(&before, &after, "2"), None);
        let gone = map(fleet().into_iter().skip(1));
        assert_eq!(
            words(&[diff_one(&before, &gone, "1").unwrap()]),
            ["web-1 deleted"]
        );
        assert_eq!(diff_one(&before, &gone, "9"), None);
    }

    #[test]
    fn facts_diff_like_models() {
        let old: Vec<Fact> = fleet().iter().map(Tracked::fact).collect();
        let mut things = fleet();
        things[2].name = "db-main".into();
        things.remove(1);
        things.reverse();
        let new: Vec<Fact> = things.iter().map(Tracked::fact).collect();
        let at = Some(Locality::Zone(Zone::FrPar1));
        let deltas = diff_facts(&old, &new, at);
        assert_eq!(
            words(&deltas),
            ["db-main renamed db-1 → db-main", "web-2 deleted"]
        );
        assert!(deltas.iter().all(|d| d.locality == at));
        assert_eq!(diff_facts(&old, &old, at), []);
    }
}
