//! A string kept inside its owner when it fits: for ids (UUIDs, 36 bytes)
//! and timestamps (32), which the simulator's models and the dashboard's
//! summaries hold by the hundred thousand.
//!
//! As a `String` each costs 24 bytes plus a heap block of 48 (10,000
//! servers in the simulator: some 20 MB). An [`InlineStr`] keeps up to
//! [`INLINE`] bytes in its own 40 and only a longer one on the heap, and
//! reads as a `&str` everywhere (`Deref`, `Borrow<str>` for map look-ups by
//! `&str`), so what is shown and answered is unchanged. Short text (names,
//! tags) is better kept as a `CompactString` (24 bytes, inline up to 24).

use std::borrow::Borrow;
use std::fmt;
use std::hash::{Hash, Hasher};
use std::ops::Deref;

use serde::de::{self, Visitor};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// The longest string kept inline (a UUID is 36).
pub const INLINE: usize = 38;

#[derive(Clone)]
pub enum InlineStr {
    Inline { len: u8, bytes: [u8; INLINE] },
    Heap(Box<str>),
}

impl InlineStr {
    pub fn new(s: &str) -> Self {
        let Ok(len) = u8::try_from(s.len()) else {
            return Self::Heap(s.into());
        };
        if s.len() > INLINE {
            return Self::Heap(s.into());
        }
        let mut bytes = [0; INLINE];
        bytes[..s.len()].copy_from_slice(s.as_bytes());
        Self::Inline { len, bytes }
    }

    pub fn as_str(&self) -> &str {
        match self {
            // Checking UTF-8 at every read cost ~10% of a servers page's CPU.
            // SAFETY: `new` copies the bytes of a whole `&str` and nothing
            // else writes them, so `bytes[..len]` is always valid UTF-8.
            Self::Inline { len, bytes } => unsafe {
                std::str::from_utf8_unchecked(&bytes[..usize::from(*len)])
            },
            Self::Heap(s) => s,
        }
    }
}

impl Default for InlineStr {
    fn default() -> Self {
        Self::new("")
    }
}

impl Deref for InlineStr {
    type Target = str;
    fn deref(&self) -> &str {
        self.as_str()
    }
}

impl AsRef<str> for InlineStr {
    fn as_ref(&self) -> &str {
        self.as_str()
    }
}

/// Maps keyed by `InlineStr` are looked up by `&str`: hash and equality are the `str`'s.
impl Borrow<str> for InlineStr {
    fn borrow(&self) -> &str {
        self.as_str()
    }
}

impl Hash for InlineStr {
    fn hash<H: Hasher>(&self, state: &mut H) {
        self.as_str().hash(state);
    }
}

impl PartialEq for InlineStr {
    fn eq(&self, other: &Self) -> bool {
        self.as_str() == other.as_str()
    }
}

impl Eq for InlineStr {}

impl PartialOrd for InlineStr {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for InlineStr {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        self.as_str().cmp(other.as_str())
    }
}

impl PartialEq<str> for InlineStr {
    fn eq(&self, other: &str) -> bool {
        self.as_str() == other
    }
}

impl PartialEq<&str> for InlineStr {
    fn eq(&self, other: &&str) -> bool {
        self.as_str() == *other
    }
}

impl PartialEq<String> for InlineStr {
    fn eq(&self, other: &String) -> bool {
        self.as_str() == other
    }
}

impl PartialEq<InlineStr> for str {
    fn eq(&self, other: &InlineStr) -> bool {
        self == other.as_str()
    }
}

impl PartialEq<InlineStr> for &str {
    fn eq(&self, other: &InlineStr) -> bool {
        *self == other.as_str()
    }
}

impl PartialEq<InlineStr> for String {
    fn eq(&self, other: &InlineStr) -> bool {
        self == other.as_str()
    }
}

impl From<&str> for InlineStr {
    fn from(s: &str) -> Self {
        Self::new(s)
    }
}

impl From<&String> for InlineStr {
    fn from(s: &String) -> Self {
        Self::new(s)
    }
}

impl From<String> for InlineStr {
    fn from(s: String) -> Self {
        Self::new(&s)
    }
}

impl From<&InlineStr> for String {
    fn from(s: &InlineStr) -> Self {
        s.as_str().to_string()
    }
}

impl From<InlineStr> for String {
    fn from(s: InlineStr) -> Self {
        s.as_str().to_string()
    }
}

impl fmt::Display for InlineStr {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl fmt::Debug for InlineStr {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(self.as_str(), f)
    }
}

impl Serialize for InlineStr {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

impl<'de> Deserialize<'de> for InlineStr {
    /// From a borrowed or owned JSON string: no heap block when it fits.
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct Text;
        impl Visitor<'_> for Text {
            type Value = InlineStr;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a string")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<InlineStr, E> {
                Ok(InlineStr::new(v))
            }
        }
        d.deserialize_str(Text)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    #[test]
    fn short_strings_stay_inline_and_long_ones_go_to_the_heap() {
        let uuid = "f1e2d3c4-b5a6-4978-8a9b-0c1d2e3f4a5b";
        assert!(matches!(InlineStr::new(uuid), InlineStr::Inline { .. }));
        assert!(matches!(InlineStr::new(""), InlineStr::Inline { .. }));
        let long = "x".repeat(INLINE + 1);
        assert!(matches!(InlineStr::new(&long), InlineStr::Heap(_)));
        let huge = "é".repeat(300);
        for s in [
            uuid,
            "",
            "web-12",
            "naïve ünïcode",
            long.as_str(),
            huge.as_str(),
        ] {
            let i = InlineStr::new(s);
            assert_eq!(i.as_str(), s);
            assert_eq!(i.len(), s.len());
            assert_eq!(i.to_string(), s);
            assert_eq!(format!("{i:?}"), format!("{s:?}"));
        }
        assert_eq!(std::mem::size_of::<InlineStr>(), 40);
    }

    #[test]
    fn it_compares_hashes_and_serializes_as_its_str() {
        let a = InlineStr::from("server-a");
        assert_eq!(a, "server-a");
        assert_eq!("server-a", a);
        assert_eq!(a, "server-a".to_string());
        let b = InlineStr::from("server-b");
        assert_ne!(a, b);
        assert!(a < b);
        let mut map = HashMap::new();
        map.insert(a.clone(), 1);
        assert_eq!(map.get("server-a"), Some(&1));
        assert_eq!(
            serde_json::to_string(&[a, InlineStr::from("x".repeat(50))]).ok(),
            Some(format!("[\"server-a\",\"{}\"]", "x".repeat(50)))
        );
    }

    #[test]
    fn it_deserializes_plain_escaped_and_long_strings() {
        let body = format!(r#"["web-1", "a\"b\u00e9", "{}"]"#, "y".repeat(60));
        let got: Vec<InlineStr> = serde_json::from_str(&body).unwrap();
        assert_eq!(got[0], "web-1");
        assert_eq!(got[1], "a\"bé");
        assert!(matches!(got[2], InlineStr::Heap(_)));
        assert_eq!(got[2], "y".repeat(60));
        assert!(serde_json::from_str::<InlineStr>("12").is_err());
    }
}
