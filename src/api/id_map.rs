//! Models of one kind by id, found by each model's own id: a map keyed by a
//! copy of every id held a second string per model (~70 bytes with its
//! entry), 14 MB at 100,000 servers and their volumes.

use std::borrow::Borrow;
use std::collections::HashSet;
use std::fmt;
use std::hash::{Hash, Hasher};
use std::sync::Arc;

/// A model with a stable id.
pub trait Keyed {
    fn key(&self) -> &str;
}

/// `Arc`s of models by their id. Seeded at random (foldhash): ids come from
/// the network.
pub struct IdMap<T> {
    by_id: HashSet<ById<T>, foldhash::fast::RandomState>,
}

impl<T> Default for IdMap<T> {
    fn default() -> Self {
        IdMap {
            by_id: HashSet::default(),
        }
    }
}

impl<T> Clone for IdMap<T> {
    /// Copies the `Arc`s, not the models.
    fn clone(&self) -> Self {
        IdMap {
            by_id: self.by_id.clone(),
        }
    }
}

impl<T> fmt::Debug for IdMap<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "IdMap({} models)", self.by_id.len())
    }
}

impl<T> IdMap<T> {
    pub fn len(&self) -> usize {
        self.by_id.len()
    }

    pub fn is_empty(&self) -> bool {
        self.by_id.is_empty()
    }

    /// The models, in no particular order.
    pub fn values(&self) -> impl Iterator<Item = &Arc<T>> {
        self.by_id.iter().map(|m| &m.0)
    }
}

impl<T: Keyed> IdMap<T> {
    pub fn with_capacity(capacity: usize) -> Self {
        IdMap {
            by_id: HashSet::with_capacity_and_hasher(capacity, Default::default()),
        }
    }

    pub fn get(&self, id: &str) -> Option<&Arc<T>> {
        self.by_id.get(id).map(|m| &m.0)
    }

    pub fn contains_key(&self, id: &str) -> bool {
        self.by_id.contains(id)
    }

    /// Each model with its id.
    pub fn iter(&self) -> impl Iterator<Item = (&str, &Arc<T>)> {
        self.by_id.iter().map(|m| (m.0.key(), &m.0))
    }

    /// Puts `model` in place of the one with its id, if any.
    pub fn insert(&mut self, model: Arc<T>) {
        self.by_id.replace(ById(model));
    }

    pub fn remove(&mut self, id: &str) -> Option<Arc<T>> {
        self.by_id.take(id).map(|m| m.0)
    }
}

/// `map[id]`, like a `HashMap`'s: panics when no model has this id.
impl<T: Keyed, Q: AsRef<str> + ?Sized> std::ops::Index<&Q> for IdMap<T> {
    type Output = Arc<T>;

    fn index(&self, id: &Q) -> &Arc<T> {
        self.get(id.as_ref()).expect("no model with this id")
    }
}

impl<T: Keyed> FromIterator<Arc<T>> for IdMap<T> {
    fn from_iter<I: IntoIterator<Item = Arc<T>>>(models: I) -> Self {
        IdMap {
            by_id: models.into_iter().map(ById).collect(),
        }
    }
}

/// An `Arc` hashed and compared by its model's id, found by `&str`.
struct ById<T>(Arc<T>);

impl<T> Clone for ById<T> {
    fn clone(&self) -> Self {
        ById(self.0.clone())
    }
}

impl<T: Keyed> Hash for ById<T> {
    fn hash<H: Hasher>(&self, state: &mut H) {
        self.0.key().hash(state);
    }
}

impl<T: Keyed> PartialEq for ById<T> {
    fn eq(&self, other: &Self) -> bool {
        self.0.key() == other.0.key()
    }
}

impl<T: Keyed> Eq for ById<T> {}

impl<T: Keyed> Borrow<str> for ById<T> {
    fn borrow(&self) -> &str {
        self.0.key()
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    /// A model with an id and a value, for the maps' and reuse sets' tests.
    #[derive(Debug, PartialEq)]
    pub(crate) struct Item(pub &'static str, pub u32);

    impl Keyed for Item {
        fn key(&self) -> &str {
            self.0
        }
    }

    #[test]
    fn models_are_found_replaced_and_removed_by_their_own_id() {
        let mut map: IdMap<Item> = [Arc::new(Item("a", 1)), Arc::new(Item("b", 2))]
            .into_iter()
            .collect();
        assert_eq!(map.get("a").map(|m| m.1), Some(1));
        map.insert(Arc::new(Item("a", 3)));
        assert_eq!((map.len(), map.get("a").map(|m| m.1)), (2, Some(3)));
        assert_eq!(map.remove("b").map(|m| m.1), Some(2));
        assert!(!map.contains_key("b"));
        let ids: Vec<&str> = map.iter().map(|(id, _)| id).collect();
        assert_eq!(ids, ["a"]);
        let copy = map.clone();
        assert!(Arc::ptr_eq(copy.get("a").unwrap(), map.get("a").unwrap()));
    }
}
