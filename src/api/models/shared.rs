//! [`Shared`]: an immutable string interned while parsing, for the values that
//! repeat across thousands of resources (zones, server types, project ids,
//! image and security-group names). Ten thousand servers in one project then
//! hold one copy of the project id, not ten thousand.

use std::borrow::Borrow;
use std::collections::HashSet;
use std::fmt;
use std::ops::Deref;
use std::sync::{Arc, Mutex, OnceLock};

use serde::de::{self, Visitor};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// An interned, cheaply cloned string. Reads like a `&str` (`Deref`).
///
/// One pointer wide: the `Arc` holds a `Box<str>` rather than the `str`
/// itself, so a server's nine shared values take 72 bytes, not 144 (a second
/// small block per distinct value, of which there are few).
#[derive(Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Shared(Arc<Box<str>>);

impl Shared {
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// The process-wide pool. Values nobody holds any more are pruned when the
/// pool has doubled since the last pruning, so it stays within twice the
/// distinct values alive (memory stays flat over a long session).
struct Pool {
    values: HashSet<Shared>,
    prune_at: usize,
}

const MIN_PRUNE_AT: usize = 1024;

fn pool() -> &'static Mutex<Pool> {
    static POOL: OnceLock<Mutex<Pool>> = OnceLock::new();
    POOL.get_or_init(|| {
        Mutex::new(Pool {
            values: HashSet::new(),
            prune_at: MIN_PRUNE_AT,
        })
    })
}

fn intern(s: &str) -> Shared {
    // A poisoned pool only means another thread panicked mid-insert; the set
    // itself is still valid.
    let mut pool = pool().lock().unwrap_or_else(|e| e.into_inner());
    if let Some(v) = pool.values.get(s) {
        return v.clone();
    }
    if pool.values.len() >= pool.prune_at {
        pool.values.retain(|v| Arc::strong_count(&v.0) > 1);
        pool.prune_at = (pool.values.len() * 2).max(MIN_PRUNE_AT);
    }
    let v = Shared(Arc::new(Box::from(s)));
    pool.values.insert(v.clone());
    v
}

/// How many distinct values the pool holds (for tests of its bound).
#[cfg(test)]
fn pooled() -> usize {
    pool()
        .lock()
        .unwrap_or_else(|e| e.into_inner())
        .values
        .len()
}

impl Default for Shared {
    fn default() -> Self {
        intern("")
    }
}

impl From<&str> for Shared {
    fn from(s: &str) -> Self {
        intern(s)
    }
}

impl From<String> for Shared {
    fn from(s: String) -> Self {
        intern(&s)
    }
}

impl From<&String> for Shared {
    fn from(s: &String) -> Self {
        intern(s)
    }
}

impl From<Shared> for String {
    fn from(s: Shared) -> Self {
        s.0.to_string()
    }
}

impl Deref for Shared {
    type Target = str;
    fn deref(&self) -> &str {
        &self.0
    }
}

impl AsRef<str> for Shared {
    fn as_ref(&self) -> &str {
        &self.0
    }
}

impl Borrow<str> for Shared {
    fn borrow(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Shared {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(self.as_str(), f)
    }
}

impl fmt::Display for Shared {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl PartialEq<str> for Shared {
    fn eq(&self, other: &str) -> bool {
        self.as_str() == other
    }
}

impl PartialEq<&str> for Shared {
    fn eq(&self, other: &&str) -> bool {
        self.as_str() == *other
    }
}

impl PartialEq<String> for Shared {
    fn eq(&self, other: &String) -> bool {
        self.as_str() == other.as_str()
    }
}

impl Serialize for Shared {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.0)
    }
}

impl<'de> Deserialize<'de> for Shared {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct SharedVisitor;
        impl Visitor<'_> for SharedVisitor {
            type Value = Shared;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a string")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Shared, E> {
                Ok(intern(v))
            }
        }
        d.deserialize_str(SharedVisitor)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn equal_values_share_one_allocation() {
        let a: Shared = serde_json::from_str("\"fr-par-1-shared-test\"").unwrap();
        let b = Shared::from("fr-par-1-shared-test");
        assert_eq!(a, b);
        assert!(Arc::ptr_eq(&a.0, &b.0));
        assert_eq!(std::mem::size_of::<Shared>(), 8);
        assert_eq!(a, "fr-par-1-shared-test");
        assert_eq!(
            serde_json::to_string(&a).unwrap(),
            "\"fr-par-1-shared-test\""
        );
    }

    #[test]
    fn values_nobody_holds_are_pruned() {
        for i in 0..5 * MIN_PRUNE_AT {
            drop(Shared::from(format!("transient-{i}")));
        }
        let kept = Shared::from("kept-while-pruning");
        for i in 0..5 * MIN_PRUNE_AT {
            drop(Shared::from(format!("transient-again-{i}")));
        }
        // Other tests intern concurrently, but never thousands of values.
        assert!(pooled() < 3 * MIN_PRUNE_AT, "pool grew to {}", pooled());
        assert_eq!(
            Shared::from("kept-while-pruning").0.as_ptr(),
            kept.0.as_ptr()
        );
    }
}
