//! Decoding one page of a list answer straight from its bytes: the items under
//! a key known only at run time (`servers`, `volumes`, ...) and the body's
//! `total_count`; every other key is skipped unread.

use std::fmt;
use std::marker::PhantomData;
use std::ops::Range;
use std::sync::OnceLock;

use serde::de::{DeserializeOwned, DeserializeSeed, IgnoredAny, MapAccess, Visitor};
use serde::{Deserialize, Deserializer};

/// One fetched page: its items, the total it announces (header or body), and
/// its body's fingerprint (to notice a server that ignores paging and repeats
/// itself, and to know a body read before).
pub(crate) struct Page<C, Y> {
    pub items: PageItems<C, Y>,
    pub total: Option<usize>,
    /// The body's own `total_count`, kept with a remembered page.
    pub total_count: Option<u64>,
    pub body: BodyPrint,
}

/// A page's items: decoded from its body, or the very items a body with
/// the same print brought last time.
pub(crate) enum PageItems<C, Y> {
    Decoded {
        items: C,
        /// Each item's `id`, when the items are objects in an array (read
        /// only when no [`PageMemory`] can tell an item's id).
        ids: Option<Vec<Option<String>>>,
    },
    Recalled(Vec<Y>),
}

/// What a list read last time, page by page. Most pages of an idle fleet
/// come back byte for byte, and the same bytes decode to the same items:
/// such a page is not decoded again, nor its items compared one by one.
pub(crate) trait PageMemory<Y>: Sync {
    /// The items and `total_count` of the page whose body printed `print`
    /// last time.
    fn recall(&self, print: &BodyPrint) -> Option<(Vec<Y>, Option<u64>)>;
    /// An item's id, to drop one listed twice. `None` from a memory that
    /// keeps nothing.
    fn id<'a>(&self, item: &'a Y) -> Option<&'a str>;
    /// Whether the pages read now are kept for the next time.
    fn keeps(&self) -> bool;
}

/// Where a page's items are in a list, with its print and `total_count`.
pub(crate) struct PageSpan {
    pub body: BodyPrint,
    pub items: Range<usize>,
    pub total_count: Option<u64>,
}

/// Every item of a list, and the pages they came in when they are kept (a
/// page that repeated items of earlier pages is not: its items are not all
/// in the list).
pub(crate) struct Listed<Y> {
    pub items: Vec<Y>,
    pub pages: Vec<PageSpan>,
}

/// The memory of a list read once: nothing is recalled or kept.
pub(crate) struct NoMemory;

impl<Y> PageMemory<Y> for NoMemory {
    fn recall(&self, _: &BodyPrint) -> Option<(Vec<Y>, Option<u64>)> {
        None
    }
    fn id<'a>(&self, _: &'a Y) -> Option<&'a str> {
        None
    }
    fn keeps(&self) -> bool {
        false
    }
}

/// A body's length and hash, in place of the body: a list compares each
/// page with the one before it, and holding the whole previous page for that
/// cost a page of memory (~250 KB at 100 servers) per list in flight; a
/// list's memory knows a page read before by it. The hash is seeded at
/// random once per process, so a server cannot make two bodies print alike
/// on purpose; by chance, two bodies of one length do with odds of 2^-64.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) struct BodyPrint {
    pub len: usize,
    hash: u64,
}

impl BodyPrint {
    pub fn of(body: &[u8]) -> BodyPrint {
        use std::hash::BuildHasher;
        BodyPrint {
            len: body.len(),
            hash: seed().hash_one(body),
        }
    }
}

/// An id's hash, with the same seed and odds as [`BodyPrint`]: a list drops
/// an item whose id it has already seen, and holding every id as a `String`
/// for that cost ~14 MB at 100,000 servers while every zone listed at once
/// (heaptrack); a print is 8 bytes.
pub(crate) fn id_print(id: &str) -> u64 {
    use std::hash::BuildHasher;
    seed().hash_one(id)
}

/// The process's random seed for prints.
fn seed() -> &'static foldhash::quality::RandomState {
    static SEED: OnceLock<foldhash::quality::RandomState> = OnceLock::new();
    SEED.get_or_init(Default::default)
}

/// What a page's body holds, before the total is chosen by page style.
pub(crate) struct Decoded<C> {
    pub items: Option<C>,
    pub total_count: Option<u64>,
}

/// Reads a page body as a map, keeping `key` (as `C`) and `total_count`.
pub(crate) struct PageSeed<'k, C> {
    key: &'k str,
    items: PhantomData<C>,
}

impl<'k, C> PageSeed<'k, C> {
    pub fn new(key: &'k str) -> Self {
        PageSeed {
            key,
            items: PhantomData,
        }
    }
}

impl<'de, C: DeserializeOwned> DeserializeSeed<'de> for PageSeed<'_, C> {
    type Value = Decoded<C>;

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Decoded<C>, D::Error> {
        d.deserialize_map(self)
    }
}

impl<'de, C: DeserializeOwned> Visitor<'de> for PageSeed<'_, C> {
    type Value = Decoded<C>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "an object with a `{}` list", self.key)
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Decoded<C>, A::Error> {
        let mut decoded = Decoded {
            items: None,
            total_count: None,
        };
        while let Some(name) = map.next_key::<std::borrow::Cow<'de, str>>()? {
            if name == self.key {
                decoded.items = Some(map.next_value()?);
            } else if name == "total_count" {
                decoded.total_count = map.next_value::<Option<u64>>()?;
            } else {
                map.next_value::<IgnoredAny>()?;
            }
        }
        Ok(decoded)
    }
}

/// A JSON object read as `(key, value)` pairs in the order sent (the server
/// types list is a map keyed by type name, in the API's order).
pub(crate) struct InOrder<T>(Vec<(String, T)>);

impl<T> From<InOrder<T>> for Vec<(String, T)> {
    fn from(v: InOrder<T>) -> Self {
        v.0
    }
}

impl<'de, T: Deserialize<'de>> Deserialize<'de> for InOrder<T> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct PairsVisitor<T>(PhantomData<T>);
        impl<'de, T: Deserialize<'de>> Visitor<'de> for PairsVisitor<T> {
            type Value = InOrder<T>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("an object")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<InOrder<T>, A::Error> {
                let mut pairs = Vec::with_capacity(map.size_hint().unwrap_or(0));
                while let Some(pair) = map.next_entry::<String, T>()? {
                    pairs.push(pair);
                }
                Ok(InOrder(pairs))
            }
        }
        d.deserialize_map(PairsVisitor(PhantomData))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn decode<C: DeserializeOwned>(key: &str, body: &str) -> Decoded<C> {
        PageSeed::<C>::new(key)
            .deserialize(&mut serde_json::Deserializer::from_str(body))
            .unwrap()
    }

    #[test]
    fn bodies_print_alike_only_when_equal() {
        let a = BodyPrint::of(br#"{"servers":[{"id":"a"}]}"#);
        assert_eq!(a, BodyPrint::of(br#"{"servers":[{"id":"a"}]}"#));
        assert_eq!(a.len, 24);
        assert_ne!(a, BodyPrint::of(br#"{"servers":[{"id":"b"}]}"#));
        assert_ne!(a, BodyPrint::of(br#"{"servers":[{"id":"a"}] }"#));
    }

    #[test]
    fn keeps_the_key_and_the_total_and_skips_the_rest() {
        let d: Decoded<Vec<u32>> = decode(
            "volumes",
            r#"{"other": {"deep": [1, {"x": null}]}, "volumes": [1, 2], "total_count": 7}"#,
        );
        assert_eq!(d.items, Some(vec![1, 2]));
        assert_eq!(d.total_count, Some(7));
        let d: Decoded<Vec<u32>> = decode("volumes", r#"{"servers": [1]}"#);
        assert_eq!((d.items, d.total_count), (None, None));
    }

    #[test]
    fn maps_keep_the_order_sent() {
        let d: Decoded<InOrder<u8>> = decode("servers", r#"{"servers": {"b": 1, "a": 2, "c": 3}}"#);
        let pairs: Vec<(String, u8)> = d.items.unwrap().into();
        assert_eq!(pairs, [("b".into(), 1), ("a".into(), 2), ("c".into(), 3)]);
    }

    #[test]
    fn a_key_with_escapes_still_matches() {
        let d: Decoded<Vec<u8>> = decode("servers", r#"{"serv\u0065rs": [4]}"#);
        assert_eq!(d.items, Some(vec![4]));
    }
}
