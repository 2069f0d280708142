//! What the events compare about a resource: a [`Fact`], the few values a
//! user notices changing (name, state, tags, what it is attached to, size,
//! type...), built by each kind from its model (`Tracked::fact`). The same
//! facts are written to the snapshot file, so a diff after a restart and a
//! diff between two refreshes are one comparison ([`compare`]).

use std::any::Any;
use std::sync::Arc;

use serde::{Deserialize, Serialize};

use super::change::{Change, Link};
use crate::api::id_map::{IdMap, Keyed};
use crate::app::Locality;

/// The values of one resource the events view reports on.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Fact {
    pub id: String,
    pub name: String,
    /// The API's state or status, for kinds that have one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub state: Option<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub tags: Vec<String>,
    /// What the resource is attached to (a server's volumes and private
    /// networks, a volume's server), in no meaningful order.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub links: Vec<Link>,
    /// Other values reported when they change, by label: `("type",
    /// "DEV1-S")`, `("size", "20 GB")`, `("IOPS", "5000")`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub values: Vec<(String, String)>,
}

impl Fact {
    /// A resource's id, name and tags; nothing else yet.
    pub fn named<T: AsRef<str>>(id: &str, name: &str, tags: &[T]) -> Fact {
        Fact {
            id: id.to_string(),
            name: name.to_string(),
            tags: tags.iter().map(|t| t.as_ref().to_string()).collect(),
            ..Fact::default()
        }
    }
}

/// A resource model the events follow. Each kind implements it for its
/// model (in `src/kinds/<kind>/facts.rs`).
pub trait Tracked: PartialEq + Send + Sync + 'static {
    fn id(&self) -> &str;
    fn name(&self) -> &str;
    /// Where it lives (`None`: unknown, never compared).
    fn locality(&self) -> Option<Locality>;
    fn fact(&self) -> Fact;
    /// Whether the resource is at rest (not starting, stopping, creating...):
    /// an action's notification waits for it.
    fn settled(&self) -> bool {
        true
    }
}

/// The parts of [`Tracked`] every model writes alike: its `id` and `name`
/// fields, and where it lives by `locality(&self.field)` (`zone_of(zone)`).
macro_rules! identity {
    ($locality:path, $field:ident) => {
        fn id(&self) -> &str {
            &self.id
        }

        fn name(&self) -> &str {
            &self.name
        }

        fn locality(&self) -> Option<$crate::app::Locality> {
            $locality(&self.$field)
        }
    };
}
pub(crate) use identity;

/// A [`Tracked`] model behind `dyn`, comparable with another of its kind.
pub trait Entry: Send + Sync {
    fn id(&self) -> &str;
    fn name(&self) -> &str;
    fn locality(&self) -> Option<Locality>;
    fn fact(&self) -> Fact;
    fn settled(&self) -> bool;
    /// The same allocation, or an equal value (then nothing changed).
    fn same(&self, other: &dyn Entry) -> bool;
    fn as_any(&self) -> &dyn Any;
}

impl<T: Tracked> Entry for T {
    fn id(&self) -> &str {
        Tracked::id(self)
    }
    fn name(&self) -> &str {
        Tracked::name(self)
    }
    fn locality(&self) -> Option<Locality> {
        Tracked::locality(self)
    }
    fn fact(&self) -> Fact {
        Tracked::fact(self)
    }
    fn settled(&self) -> bool {
        Tracked::settled(self)
    }
    fn same(&self, other: &dyn Entry) -> bool {
        other
            .as_any()
            .downcast_ref::<T>()
            .is_some_and(|o| std::ptr::eq(self, o) || self == o)
    }
    fn as_any(&self) -> &dyn Any {
        self
    }
}

/// One kind's models by id, as the inventory holds them (`Models<T>`).
pub trait TrackedMap: Send + Sync {
    fn entry(&self, id: &str) -> Option<&dyn Entry>;
    fn entries(&self) -> Box<dyn Iterator<Item = &dyn Entry> + '_>;
}

impl<T: Tracked + Keyed> TrackedMap for IdMap<T> {
    fn entry(&self, id: &str) -> Option<&dyn Entry> {
        self.get(id).map(|m| m.as_ref() as &dyn Entry)
    }
    fn entries(&self) -> Box<dyn Iterator<Item = &dyn Entry> + '_> {
        Box::new(self.values().map(|m| m.as_ref() as &dyn Entry))
    }
}

/// A kind's models, shared with the inventory (cloning is one `Arc`).
pub type Shared = Arc<dyn TrackedMap>;

/// What changed from `old` to `new` (the same resource), in a fixed order:
/// name, state, values, tags, links. A list reordered is not a change.
pub fn compare(old: &Fact, new: &Fact) -> Vec<Change> {
    let mut changes = Vec::new();
    if old.name != new.name {
        changes.push(Change::Renamed {
            from: old.name.clone(),
            to: new.name.clone(),
        });
    }
    if old.state != new.state {
        changes.push(Change::State {
            from: old.state.clone().unwrap_or_default(),
            to: new.state.clone().unwrap_or_default(),
        });
    }
    for (label, to) in &new.values {
        let from = value(&old.values, label);
        if from != Some(to.as_str()) {
            changes.push(Change::Value {
                what: label.clone(),
                from: from.unwrap_or("none").to_string(),
                to: to.clone(),
            });
        }
    }
    for (label, from) in &old.values {
        if value(&new.values, label).is_none() {
            changes.push(Change::Value {
                what: label.clone(),
                from: from.clone(),
                to: "none".to_string(),
            });
        }
    }
    let added = missing_from(&new.tags, &old.tags);
    let removed = missing_from(&old.tags, &new.tags);
    if !added.is_empty() || !removed.is_empty() {
        changes.push(Change::Tags { added, removed });
    }
    for link in missing_from(&new.links, &old.links) {
        changes.push(Change::Attached(link));
    }
    for link in missing_from(&old.links, &new.links) {
        changes.push(Change::Detached(link));
    }
    changes
}

fn value<'a>(values: &'a [(String, String)], label: &str) -> Option<&'a str> {
    values
        .iter()
        .find(|(l, _)| l == label)
        .map(|(_, v)| v.as_str())
}

/// The items of `a` that `b` does not hold (as many times as `a` holds them
/// more often): a multiset difference, blind to order.
fn missing_from<T: PartialEq + Clone>(a: &[T], b: &[T]) -> Vec<T> {
    let mut unused: Vec<bool> = vec![true; b.len()];
    let mut out = Vec::new();
    for item in a {
        match b
            .iter()
            .enumerate()
            .position(|(i, x)| unused[i] && x == item)
        {
            Some(i) => unused[i] = false,
            None => out.push(item.clone()),
        }
    }
    out
}

/// One firewall rule as the events name it, with the API's id.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RuleFact {
    pub id: String,
    /// "inbound accept TCP 22 from 0.0.0.0/0"
    pub text: String,
}

impl RuleFact {
    pub fn of(rule: &crate::api::models::SecurityGroupRule) -> RuleFact {
        let ports = match rule.ports() {
            Some(p) if p.start() == p.end() => format!(" {}", p.start()),
            Some(p) => format!(" {}-{}", p.start(), p.end()),
            None => String::new(),
        };
        RuleFact {
            id: rule.id.clone(),
            text: format!(
                "{} {} {}{} {} {}",
                rule.direction,
                rule.action,
                rule.protocol,
                ports,
                match rule.direction {
                    crate::api::models::RuleDirection::Outbound => "to",
                    _ => "from",
                },
                rule.ip_range
            ),
        }
    }
}

/// How a group's rules changed. A rule keeps its id when edited in place
/// (changed); a rule set again (new id, same text) or moved is no change.
pub fn compare_rules(old: &[RuleFact], new: &[RuleFact]) -> Vec<Change> {
    let mut changes = Vec::new();
    let mut old_left: Vec<&RuleFact> = Vec::new();
    let mut new_left: Vec<&RuleFact> = new.iter().collect();
    for o in old {
        match new_left.iter().position(|n| n.id == o.id) {
            Some(i) => {
                let n = new_left.remove(i);
                if n.text != o.text {
                    changes.push(Change::RuleChanged {
                        from: o.text.clone(),
                        to: n.text.clone(),
                    });
                }
            }
            None => old_left.push(o),
        }
    }
    let old_texts: Vec<String> = old_left.iter().map(|r| r.text.clone()).collect();
    let new_texts: Vec<String> = new_left.iter().map(|r| r.text.clone()).collect();
    for text in missing_from(&old_texts, &new_texts) {
        changes.push(Change::RuleRemoved(text));
    }
    for text in missing_from(&new_texts, &old_texts) {
        changes.push(Change::RuleAdded(text));
    }
    changes
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::app::Tab;

    fn fact(name: &str) -> Fact {
        Fact {
            id: "id-1".into(),
            name: name.into(),
            state: Some("running".into()),
            tags: vec!["web".into(), "prod".into()],
            links: vec![
                Link::new(Tab::Volumes, "vol-a"),
                Link::new(Tab::PrivateNetworks, "pn-1"),
            ],
            values: vec![("type".into(), "DEV1-S".into())],
        }
    }

    #[test]
    fn equal_facts_have_no_change_whatever_the_order() {
        let a = fact("web-1");
        let mut b = a.clone();
        b.tags.reverse();
        b.links.reverse();
        assert_eq!(compare(&a, &b), []);
    }

    #[test]
    fn every_field_reports_its_change() {
        let a = fact("web-1");
        let mut b = fact("web-2");
        b.state = Some("stopping".into());
        b.tags = vec!["web".into(), "staging".into()];
        b.links = vec![
            Link::new(Tab::Volumes, "vol-b"),
            Link::new(Tab::PrivateNetworks, "pn-1"),
        ];
        b.values = vec![
            ("type".into(), "DEV1-M".into()),
            ("size".into(), "20 GB".into()),
        ];
        assert_eq!(
            compare(&a, &b),
            [
                Change::Renamed {
                    from: "web-1".into(),
                    to: "web-2".into()
                },
                Change::State {
                    from: "running".into(),
                    to: "stopping".into()
                },
                Change::Value {
                    what: "type".into(),
                    from: "DEV1-S".into(),
                    to: "DEV1-M".into()
                },
                Change::Value {
                    what: "size".into(),
                    from: "none".into(),
                    to: "20 GB".into()
                },
                Change::Tags {
                    added: vec!["staging".into()],
                    removed: vec!["prod".into()]
                },
                Change::Attached(Link::new(Tab::Volumes, "vol-b")),
                Change::Detached(Link::new(Tab::Volumes, "vol-a")),
            ]
        );
    }

    #[test]
    fn a_value_that_goes_is_reported_as_none() {
        let a = fact("web-1");
        let mut b = a.clone();
        b.values.clear();
        assert_eq!(
            compare(&a, &b),
            [Change::Value {
                what: "type".into(),
                from: "DEV1-S".into(),
                to: "none".into()
            }]
        );
    }

    #[test]
    fn a_second_nic_on_the_same_network_is_an_attach() {
        let a = fact("web-1");
        let mut b = a.clone();
        b.links.push(Link::new(Tab::PrivateNetworks, "pn-1"));
        assert_eq!(
            compare(&a, &b),
            [Change::Attached(Link::new(Tab::PrivateNetworks, "pn-1"))]
        );
    }

    fn rule(id: &str, text: &str) -> RuleFact {
        RuleFact {
            id: id.into(),
            text: text.into(),
        }
    }

    #[test]
    fn rules_added_removed_changed_and_moved() {
        let old = [
            rule("r1", "inbound accept TCP 22 from 0.0.0.0/0"),
            rule("r2", "inbound accept TCP 80 from 0.0.0.0/0"),
            rule("r3", "inbound drop ANY from 10.0.0.0/8"),
        ];
        // r2 edited in place, r3 removed, r4 added, r1 moved to the end.
        let new = [
            rule("r2", "inbound accept TCP 443 from 0.0.0.0/0"),
            rule("r4", "outbound drop TCP 25 to 0.0.0.0/0"),
            rule("r1", "inbound accept TCP 22 from 0.0.0.0/0"),
        ];
        assert_eq!(
            compare_rules(&old, &new),
            [
                Change::RuleChanged {
                    from: "inbound accept TCP 80 from 0.0.0.0/0".into(),
                    to: "inbound accept TCP 443 from 0.0.0.0/0".into()
                },
                Change::RuleRemoved("inbound drop ANY from 10.0.0.0/8".into()),
                Change::RuleAdded("outbound drop TCP 25 to 0.0.0.0/0".into()),
            ]
        );
    }

    #[test]
    fn rules_set_again_with_new_ids_are_no_change() {
        let old = [rule("r1", "inbound accept TCP 22 from 0.0.0.0/0")];
        let new = [rule("r9", "inbound accept TCP 22 from 0.0.0.0/0")];
        assert_eq!(compare_rules(&old, &new), []);
    }

    #[test]
    fn a_rule_is_described_as_the_table_reads_it() {
        let r: crate::api::models::SecurityGroupRule = serde_json::from_str(
            r#"{"id":"r","protocol":"TCP","direction":"inbound","ip_range":"0.0.0.0/0",
                "dest_port_from":8000,"dest_port_to":8080,"position":1,"action":"accept"}"#,
        )
        .unwrap();
        assert_eq!(
            RuleFact::of(&r).text,
            "inbound accept TCP 8000-8080 from 0.0.0.0/0"
        );
    }
}
