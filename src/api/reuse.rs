//! Reusing what the previous fetch decoded: an item of a fresh page that is
//! equal to the one already held is swapped for it at once, so a refresh of
//! 10,000 unchanged servers allocates a page at a time and keeps nothing new,
//! instead of a second copy of the whole fleet alive until the swap. A page
//! whose body comes back byte for byte is not even decoded: its items are
//! the ones it brought last time ([`PageMemory`]).

use std::collections::HashMap;
use std::ops::Range;
use std::sync::Arc;

use super::id_map::IdMap;
pub use super::id_map::Keyed;
use super::page::{BodyPrint, Listed, PageMemory};

/// The models of the last fetch, in the order listed, by id and by the page
/// they came in. Holds the same `Arc`s as the dashboard (pointers only).
pub struct Known<T> {
    items: Vec<Arc<T>>,
    by_id: IdMap<T>,
    /// Each page's items (a range of `items`) and `total_count`, by its
    /// body's print.
    pages: HashMap<BodyPrint, (Range<usize>, Option<u64>)>,
}

impl<T> Default for Known<T> {
    fn default() -> Self {
        Known {
            items: Vec::new(),
            by_id: IdMap::default(),
            pages: HashMap::new(),
        }
    }
}

impl<T> Known<T> {
    /// The items, in the order listed.
    pub fn items(&self) -> &[Arc<T>] {
        &self.items
    }
}

impl<T: Keyed + PartialEq> Known<T> {
    /// What a list read: its items and the pages they came in.
    pub(crate) fn listed(listed: Listed<Arc<T>>) -> Self {
        Known {
            by_id: listed.items.iter().cloned().collect(),
            items: listed.items,
            pages: listed
                .pages
                .into_iter()
                .map(|p| (p.body, (p.items, p.total_count)))
                .collect(),
        }
    }

    /// The held copy when it equals `fresh` (which is then dropped), else
    /// `fresh`.
    pub fn reuse(&self, fresh: Arc<T>) -> Arc<T> {
        match self.by_id.get(fresh.key()) {
            Some(known) if **known == *fresh => known.clone(),
            _ => fresh,
        }
    }
}

impl<T: Keyed + Send + Sync> PageMemory<Arc<T>> for Known<T> {
    fn recall(&self, print: &BodyPrint) -> Option<(Vec<Arc<T>>, Option<u64>)> {
        let (items, total_count) = self.pages.get(print)?;
        Some((self.items.get(items.clone())?.to_vec(), *total_count))
    }

    fn id<'a>(&self, item: &'a Arc<T>) -> Option<&'a str> {
        Some(item.key())
    }

    fn keeps(&self) -> bool {
        true
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::id_map::tests::Item;

    #[test]
    fn equal_items_come_back_as_the_held_copy_and_changed_ones_as_fresh() {
        let held = vec![Arc::new(Item("a", 1)), Arc::new(Item("b", 2))];
        let known = Known::listed(Listed {
            items: held.clone(),
            pages: Vec::new(),
        });
        let same = known.reuse(Arc::new(Item("a", 1)));
        assert!(Arc::ptr_eq(&same, &held[0]));
        let changed = known.reuse(Arc::new(Item("b", 3)));
        assert!(!Arc::ptr_eq(&changed, &held[1]));
        assert_eq!(*changed, Item("b", 3));
        let new = known.reuse(Arc::new(Item("c", 1)));
        assert_eq!(*new, Item("c", 1));
        assert_eq!(known.items().len(), 2);
    }
}
