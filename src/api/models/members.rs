//! The servers of a security group (`servers: [{id, name}]`), kept compact: a
//! zone's default group lists every server of the zone (10,000 at a
//! 100,000-server fleet), and two `String`s a member in a `Vec` cost ~230
//! bytes each where the text is ~45. Here every name sits in one block with
//! its end offset, and the ids are packed 16-byte UUIDs, or, when any id of
//! the group is not a canonical lower-case UUID, one more text block.

use std::fmt;
use std::ops::Deref;

use serde::de::{Deserializer, SeqAccess, Visitor};
use serde::ser::{SerializeSeq, SerializeStruct, Serializer};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

/// Length of a hyphenated UUID.
const UUID_LEN: usize = 36;

/// A security group's member servers, in the API's order, each an id and a
/// name (empty when the API sent none). Sized exactly; iterate with
/// [`Members::iter`].
#[derive(Clone, Default, PartialEq, Eq)]
pub struct Members {
    /// Every name, one after another.
    names: Box<str>,
    /// Where each member's name ends in `names`.
    name_ends: Box<[u32]>,
    ids: Ids,
}

#[derive(Clone, PartialEq, Eq)]
enum Ids {
    /// Every id is a canonical lower-case UUID (what the API sends).
    Uuids(Box<[u128]>),
    /// Otherwise: the ids one after another, with their ends.
    Text { text: Box<str>, ends: Box<[u32]> },
}

impl Default for Ids {
    fn default() -> Self {
        Ids::Uuids(Box::default())
    }
}

/// A member's id: borrowed text, or a packed UUID written out on the stack.
/// Reads as a `&str` through `Deref`.
#[derive(Clone, Copy)]
pub enum MemberId<'a> {
    Text(&'a str),
    Uuid([u8; UUID_LEN]),
}

impl Deref for MemberId<'_> {
    type Target = str;

    fn deref(&self) -> &str {
        match self {
            MemberId::Text(s) => s,
            // Written by `Uuid::hyphenated`, so always ASCII.
            MemberId::Uuid(b) => std::str::from_utf8(b).unwrap_or_default(),
        }
    }
}

impl fmt::Display for MemberId<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self)
    }
}

impl fmt::Debug for MemberId<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(&**self, f)
    }
}

/// `s` as a UUID when writing the UUID back gives `s` byte for byte (so the
/// id round-trips and compares as sent).
fn canonical_uuid(s: &str) -> Option<u128> {
    if s.len() != UUID_LEN {
        return None;
    }
    let u = Uuid::try_parse(s).ok()?;
    let mut buf = [0u8; UUID_LEN];
    (u.hyphenated().encode_lower(&mut buf) == s).then_some(u.as_u128())
}

/// An offset into a block, which a member list never lets exceed `u32`.
fn end(len: usize) -> u32 {
    u32::try_from(len).unwrap_or(u32::MAX)
}

impl Members {
    /// How many members.
    pub fn len(&self) -> usize {
        self.name_ends.len()
    }

    pub fn is_empty(&self) -> bool {
        self.name_ends.is_empty()
    }

    /// Every member as (id, name), in the API's order.
    pub fn iter(&self) -> impl ExactSizeIterator<Item = (MemberId<'_>, &str)> + '_ {
        (0..self.len()).map(|i| (self.id(i), self.name(i)))
    }

    fn name(&self, i: usize) -> &str {
        slice(&self.names, &self.name_ends, i)
    }

    fn id(&self, i: usize) -> MemberId<'_> {
        match &self.ids {
            Ids::Uuids(u) => {
                let mut buf = [0u8; UUID_LEN];
                Uuid::from_u128(u[i]).hyphenated().encode_lower(&mut buf);
                MemberId::Uuid(buf)
            }
            Ids::Text { text, ends } => MemberId::Text(slice(text, ends, i)),
        }
    }

    /// Bytes its blocks hold on the heap (they are sized exactly).
    pub fn heap_bytes(&self) -> usize {
        let ids = match &self.ids {
            Ids::Uuids(u) => std::mem::size_of_val::<[u128]>(u),
            Ids::Text { text, ends } => text.len() + std::mem::size_of_val::<[u32]>(ends),
        };
        self.names.len() + std::mem::size_of_val::<[u32]>(&self.name_ends) + ids
    }
}

/// The `i`th piece of `text`, whose pieces end at `ends`.
fn slice<'a>(text: &'a str, ends: &[u32], i: usize) -> &'a str {
    let start = if i == 0 { 0 } else { ends[i - 1] as usize };
    text.get(start..ends[i] as usize).unwrap_or_default()
}

/// Collects members one at a time, then sizes the blocks exactly.
#[derive(Default)]
struct Builder {
    names: String,
    name_ends: Vec<u32>,
    uuids: Vec<u128>,
    /// Set once an id is not a canonical UUID: every id as text from then on.
    text: Option<(String, Vec<u32>)>,
}

impl Builder {
    fn push(&mut self, id: &str, name: &str) {
        self.names.push_str(name);
        self.name_ends.push(end(self.names.len()));
        if self.text.is_none() {
            match canonical_uuid(id) {
                Some(u) => return self.uuids.push(u),
                None => self.text = Some(self.uuids_as_text()),
            }
        }
        if let Some((text, ends)) = &mut self.text {
            text.push_str(id);
            ends.push(end(text.len()));
        }
    }

    /// The ids packed so far, as text.
    fn uuids_as_text(&mut self) -> (String, Vec<u32>) {
        let mut text = String::with_capacity(self.uuids.len() * UUID_LEN);
        let mut ends = Vec::with_capacity(self.uuids.len());
        for u in self.uuids.drain(..) {
            text.push_str(
                Uuid::from_u128(u)
                    .hyphenated()
                    .encode_lower(&mut [0u8; UUID_LEN]),
            );
            ends.push(end(text.len()));
        }
        (text, ends)
    }

    fn build(self) -> Members {
        let ids = match self.text {
            Some((text, ends)) => Ids::Text {
                text: text.into_boxed_str(),
                ends: ends.into_boxed_slice(),
            },
            None => Ids::Uuids(self.uuids.into_boxed_slice()),
        };
        Members {
            names: self.names.into_boxed_str(),
            name_ends: self.name_ends.into_boxed_slice(),
            ids,
        }
    }
}

impl<'a> FromIterator<(&'a str, &'a str)> for Members {
    fn from_iter<I: IntoIterator<Item = (&'a str, &'a str)>>(iter: I) -> Self {
        let mut b = Builder::default();
        for (id, name) in iter {
            b.push(id, name);
        }
        b.build()
    }
}

impl fmt::Debug for Members {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_list().entries(self.iter()).finish()
    }
}

impl Serialize for Members {
    /// `[{"id": ..., "name": ...}]`, as the API sends it.
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut seq = s.serialize_seq(Some(self.len()))?;
        for (id, name) in self.iter() {
            seq.serialize_element(&Entry { id: &id, name })?;
        }
        seq.end()
    }
}

struct Entry<'a> {
    id: &'a str,
    name: &'a str,
}

impl Serialize for Entry<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut m = s.serialize_struct("ResourceRef", 2)?;
        m.serialize_field("id", self.id)?;
        m.serialize_field("name", self.name)?;
        m.end()
    }
}

/// One member as sent; borrowed from the body when it has no escapes.
#[derive(Deserialize)]
struct EntryIn<'a> {
    #[serde(borrow)]
    id: std::borrow::Cow<'a, str>,
    #[serde(default, borrow)]
    name: Option<std::borrow::Cow<'a, str>>,
}

impl<'de> Deserialize<'de> for Members {
    /// `[{"id", "name"}]` or `null` (no members); each member is appended
    /// as it is read, so no list of them is built first.
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct MembersVisitor;

        impl<'de> Visitor<'de> for MembersVisitor {
            type Value = Members;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a list of {id, name} or null")
            }

            fn visit_unit<E>(self) -> Result<Members, E> {
                Ok(Members::default())
            }

            fn visit_none<E>(self) -> Result<Members, E> {
                Ok(Members::default())
            }

            fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Members, D::Error> {
                d.deserialize_seq(self)
            }

            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Members, A::Error> {
                let mut b = Builder::default();
                while let Some(e) = seq.next_element::<EntryIn<'de>>()? {
                    b.push(&e.id, e.name.as_deref().unwrap_or_default());
                }
                Ok(b.build())
            }
        }

        d.deserialize_option(MembersVisitor)
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;
    use serde_json::json;

    fn uuid(i: u32) -> String {
        Uuid::from_u128(0x5e1f_0000_4000_8000_0000_0000_0000_0000 + u128::from(i))
            .hyphenated()
            .to_string()
    }

    fn pairs(m: &Members) -> Vec<(String, String)> {
        m.iter()
            .map(|(i, n)| (i.to_string(), n.to_string()))
            .collect()
    }

    #[test]
    fn a_ten_thousand_member_group_holds_about_thirty_bytes_a_member() {
        let servers: Vec<_> = (0..10_000)
            .map(|i| json!({"id": uuid(i), "name": format!("web-{i}")}))
            .collect();
        let body = serde_json::to_string(&servers).unwrap();
        let m: Members = serde_json::from_str(&body).unwrap();
        assert_eq!(m.len(), 10_000);
        // 16 (id) + 4 (offset) + ~8 (name) a member.
        assert!(m.heap_bytes() < 30 * 10_000, "{} bytes", m.heap_bytes());
        // What the same body took as a `Vec<ResourceRef>` (before, ~100
        // bytes a member before the allocator's rounding and the Vec's slack).
        let refs: Vec<super::super::ResourceRef> = serde_json::from_str(&body).unwrap();
        let before = refs.capacity() * std::mem::size_of::<super::super::ResourceRef>()
            + refs
                .iter()
                .map(|r| r.id.capacity() + r.name.capacity())
                .sum::<usize>();
        assert!(
            m.heap_bytes() * 3 < before,
            "{} vs {before}",
            m.heap_bytes()
        );
        assert_eq!(m.heap_bytes(), 16 * 10_000 + 4 * 10_000 + m.names.len());
        let (id, name) = m.iter().nth(4321).unwrap();
        assert_eq!((&*id, name), (uuid(4321).as_str(), "web-4321"));
    }

    #[test]
    fn it_round_trips_as_the_api_sends_it_null_and_missing_names_included() {
        let sent = json!([
            {"id": uuid(1), "name": "web-1"},
            {"id": uuid(2), "name": null},
            {"id": uuid(3)},
            {"id": uuid(4), "name": "é \"quoted\"", "extra": 1}
        ]);
        let m: Members = serde_json::from_value(sent).unwrap();
        assert_eq!(
            serde_json::to_value(&m).unwrap(),
            json!([
                {"id": uuid(1), "name": "web-1"},
                {"id": uuid(2), "name": ""},
                {"id": uuid(3), "name": ""},
                {"id": uuid(4), "name": "é \"quoted\""}
            ])
        );
        let again: Members = serde_json::from_value(serde_json::to_value(&m).unwrap()).unwrap();
        assert_eq!(again, m);
        let none: Members = serde_json::from_str("null").unwrap();
        assert!(none.is_empty());
        assert_eq!(serde_json::to_string(&none).unwrap(), "[]");
        assert!(serde_json::from_str::<Members>(r#"[{"name": "x"}]"#).is_err());
    }

    #[test]
    fn ids_that_are_not_canonical_uuids_are_kept_as_sent() {
        let upper = uuid(2).to_uppercase();
        let hostile = "../\u{1b}[2J\u{0}evil";
        let sent = [
            (uuid(1), "a"),
            (upper.clone(), "b"),
            (hostile.to_string(), ""),
            (String::new(), "d"),
            (uuid(5).replace('-', ""), "e"),
            (uuid(6), "f"),
        ];
        let m: Members = sent.iter().map(|(i, n)| (i.as_str(), *n)).collect();
        assert!(matches!(m.ids, Ids::Text { .. }));
        let want: Vec<(String, String)> = sent
            .iter()
            .map(|(i, n)| (i.clone(), n.to_string()))
            .collect();
        assert_eq!(pairs(&m), want);
        let json = serde_json::to_string(&m).unwrap();
        assert_eq!(pairs(&serde_json::from_str(&json).unwrap()), want);
        // All canonical: packed, and the same order and text back.
        let packed: Members = [(uuid(7).as_str(), "g"), (uuid(8).as_str(), "")]
            .into_iter()
            .collect();
        assert!(matches!(packed.ids, Ids::Uuids(_)));
        assert_eq!(
            pairs(&packed),
            [(uuid(7), "g".to_string()), (uuid(8), String::new())]
        );
    }
}
