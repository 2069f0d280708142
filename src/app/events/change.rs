//! An event: one change of one resource, with when it was seen, and the
//! words the events view and the notifications use for it.

use std::fmt;
use std::time::Instant;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::app::{Locality, Tab};

/// Something a resource is attached to or holds: a server's volume or
/// private network, a volume's server.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Link {
    #[serde(with = "tab_key")]
    pub tab: Tab,
    pub id: String,
    /// The name when the model carries it (a local volume); otherwise found
    /// when the event is made.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// The resource is attached *to* it (a volume to its server), rather
    /// than holding it (a server's volume).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub holder: bool,
}

impl Link {
    /// Something the resource holds ("attached volume data-1").
    pub fn new(tab: Tab, id: impl Into<String>) -> Link {
        Link {
            tab,
            id: id.into(),
            name: None,
            holder: false,
        }
    }

    /// What the resource is attached to ("attached to server web-1").
    pub fn holder(tab: Tab, id: impl Into<String>) -> Link {
        Link {
            holder: true,
            ..Link::new(tab, id)
        }
    }

    pub fn named(mut self, name: Option<String>) -> Link {
        self.name = name;
        self
    }

    fn words(&self) -> String {
        let name = match &self.name {
            Some(n) => n.clone(),
            None => short_id(&self.id).to_string(),
        };
        format!("{} {name}", self.tab.noun())
    }
}

/// Two links are the same attachment whatever the names they carry.
impl PartialEq for Link {
    fn eq(&self, other: &Link) -> bool {
        self.tab == other.tab && self.id == other.id && self.holder == other.holder
    }
}

impl Eq for Link {}

/// An id as a name of last resort: its first group (`5f0f3c2a`).
pub fn short_id(id: &str) -> &str {
    id.split('-').next().unwrap_or(id)
}

/// One difference between two looks at a resource.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Change {
    Created,
    Deleted,
    State {
        from: String,
        to: String,
    },
    Renamed {
        from: String,
        to: String,
    },
    Tags {
        added: Vec<String>,
        removed: Vec<String>,
    },
    Attached(Link),
    Detached(Link),
    /// Size, IOPS, type, security group, policies...
    Value {
        what: String,
        from: String,
        to: String,
    },
    RuleAdded(String),
    RuleRemoved(String),
    RuleChanged {
        from: String,
        to: String,
    },
}

impl Change {
    /// The kind of change as the filter's `change:` term and tests name it.
    pub fn label(&self) -> &'static str {
        match self {
            Change::Created => "created",
            Change::Deleted => "deleted",
            Change::State { .. } => "state",
            Change::Renamed { .. } => "renamed",
            Change::Tags { .. } => "tags",
            Change::Attached(_) => "attached",
            Change::Detached(_) => "detached",
            Change::Value { .. } => "changed",
            Change::RuleAdded(_) | Change::RuleRemoved(_) | Change::RuleChanged { .. } => "rules",
        }
    }
}

impl fmt::Display for Change {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Change::Created => f.write_str("created"),
            Change::Deleted => f.write_str("deleted"),
            Change::State { from, to } => write!(f, "{from} → {to}"),
            Change::Renamed { from, to } => write!(f, "renamed {from} → {to}"),
            Change::Tags { added, removed } => {
                f.write_str("tags")?;
                for t in added {
                    write!(f, " +{t}")?;
                }
                for t in removed {
                    write!(f, " -{t}")?;
                }
                Ok(())
            }
            Change::Attached(link) if link.holder => write!(f, "attached to {}", link.words()),
            Change::Attached(link) => write!(f, "attached {}", link.words()),
            Change::Detached(link) if link.holder => write!(f, "detached from {}", link.words()),
            Change::Detached(link) => write!(f, "detached {}", link.words()),
            Change::Value { what, from, to } => write!(f, "{what} {from} → {to}"),
            Change::RuleAdded(rule) => write!(f, "rule added: {rule}"),
            Change::RuleRemoved(rule) => write!(f, "rule removed: {rule}"),
            Change::RuleChanged { from, to } => write!(f, "rule changed: {from} → {to}"),
        }
    }
}

/// When an event was seen.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum When {
    /// By a refresh, at this tick (`None` before the first tick).
    Seen(Option<Instant>),
    /// While the dashboard was closed: found by comparing the first refresh
    /// with the snapshot the last run left (saved at `since`, Unix seconds).
    Away { since: i64 },
}

/// One change of one resource.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Event {
    /// Unique and increasing: the timeline's order and the row's id.
    pub seq: u64,
    pub tab: Tab,
    /// The resource's id (Enter jumps to it).
    pub id: String,
    /// Its name when the change was seen (the new name of a rename).
    pub name: String,
    pub locality: Option<Locality>,
    pub change: Change,
    pub when: When,
}

impl Event {
    pub fn while_away(&self) -> bool {
        matches!(self.when, When::Away { .. })
    }

    /// "server web-1 running → stopping": the notification's and the
    /// status line's words.
    pub fn sentence(&self) -> String {
        format!("{} {} {}", self.tab.noun(), self.name, self.change)
    }
}

/// A tab by its `[columns]` key, so a snapshot file names kinds, not enum
/// positions.
pub(super) mod tab_key {
    use super::*;

    pub fn serialize<S: Serializer>(tab: &Tab, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(tab.about().key)
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Tab, D::Error> {
        let key = String::deserialize(d)?;
        Tab::from_key(&key).ok_or_else(|| serde::de::Error::custom(format!("unknown kind {key:?}")))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn changes_read_as_sentences() {
        let vol = Link::new(Tab::Volumes, "8a6c9f1e-6c1b").named(Some("data-1".into()));
        let server = Link::holder(Tab::Servers, "5f0f3c2a-1d1e");
        let cases = [
            (
                Change::State {
                    from: "running".into(),
                    to: "stopping".into(),
                },
                "running → stopping",
            ),
            (Change::Attached(vol.clone()), "attached volume data-1"),
            (Change::Detached(vol), "detached volume data-1"),
            (
                Change::Attached(server.clone()),
                "attached to server 5f0f3c2a",
            ),
            (Change::Detached(server), "detached from server 5f0f3c2a"),
            (
                Change::Tags {
                    added: vec!["prod".into()],
                    removed: vec!["staging".into()],
                },
                "tags +prod -staging",
            ),
            (
                Change::Value {
                    what: "size".into(),
                    from: "20 GB".into(),
                    to: "50 GB".into(),
                },
                "size 20 GB → 50 GB",
            ),
        ];
        for (change, words) in cases {
            assert_eq!(change.to_string(), words);
        }
    }

    #[test]
    fn links_round_trip_by_kind_key() {
        let link = Link::holder(Tab::Servers, "s-1");
        let json = serde_json::to_string(&link).unwrap();
        assert_eq!(json, r#"{"tab":"servers","id":"s-1","holder":true}"#);
        assert_eq!(serde_json::from_str::<Link>(&json).unwrap(), link);
        assert!(serde_json::from_str::<Link>(r#"{"tab":"nope","id":"x"}"#).is_err());
    }
}
