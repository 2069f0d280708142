//! The simulator's answers as JSON text: the bytes serde_json's compact
//! writer makes, written with less work for what a list page is mostly made
//! of. A servers page of 100 is ~240 KB, over half of it keys; serde_json
//! scans every key for characters to escape, as it must for any map, and
//! writes each piece through its writer separately. Here a struct's field
//! names (Rust identifiers, never escaped) are written as they are, a string
//! with nothing to escape in one piece, and everything else (numbers,
//! strings that need escapes) by serde_json itself, so the text is the same.
//!
//! A value this writer does not handle as serde_json would (a map key that
//! is not a string or a number) makes it fail; [`to_vec`] then writes the
//! whole value again with serde_json.

use std::fmt::Display;

use serde::ser::{self, Serialize};

/// `value` as compact JSON, byte for byte what `serde_json::to_vec` writes.
pub fn to_vec<T: Serialize + ?Sized>(value: &T, capacity: usize) -> serde_json::Result<Vec<u8>> {
    let mut out = Vec::with_capacity(capacity);
    match value.serialize(Writer { out: &mut out }) {
        Ok(()) => Ok(out),
        Err(Unsupported) => serde_json::to_vec(value),
    }
}

/// Something serde_json would write differently or refuse: [`to_vec`]
/// hands the value to serde_json.
#[derive(Debug)]
pub struct Unsupported;

impl std::fmt::Display for Unsupported {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("not written by the simulator's JSON writer")
    }
}

impl std::error::Error for Unsupported {}

impl ser::Error for Unsupported {
    fn custom<T: Display>(_: T) -> Self {
        Unsupported
    }
}

type Result<T = ()> = std::result::Result<T, Unsupported>;

/// serde_json's own text of a leaf value (numbers, escaped strings).
fn by_serde_json<T: Serialize + ?Sized>(out: &mut Vec<u8>, value: &T) -> Result {
    serde_json::to_writer(out, value).map_err(|_| Unsupported)
}

/// A string as serde_json writes it: in one piece when none of its bytes
/// needs an escape (`"`, `\` and control characters do).
fn string(out: &mut Vec<u8>, s: &str) -> Result {
    if s.bytes().all(|b| b >= 0x20 && b != b'"' && b != b'\\') {
        out.reserve(s.len() + 2);
        out.push(b'"');
        out.extend_from_slice(s.as_bytes());
        out.push(b'"');
        Ok(())
    } else {
        by_serde_json(out, s)
    }
}

struct Writer<'a> {
    out: &'a mut Vec<u8>,
}

/// An object or array being written: `first` until its first member.
pub struct Compound<'a> {
    out: &'a mut Vec<u8>,
    first: bool,
    /// What closes it: `}`, `]`, or `]}` / `}}` for an enum variant's.
    close: &'static [u8],
}

impl<'a> Compound<'a> {
    fn open(out: &'a mut Vec<u8>, open: &[u8], close: &'static [u8]) -> Self {
        out.extend_from_slice(open);
        Self {
            out,
            first: true,
            close,
        }
    }

    fn comma(&mut self) {
        if !self.first {
            self.out.push(b',');
        }
        self.first = false;
    }

    fn element<T: Serialize + ?Sized>(&mut self, value: &T) -> Result {
        self.comma();
        value.serialize(Writer { out: self.out })
    }

    /// A struct's field: its name is written without a look for escapes
    /// (field names are identifiers, or our renames such as `type`).
    fn field<T: Serialize + ?Sized>(&mut self, key: &'static str, value: &T) -> Result {
        self.comma();
        self.out.reserve(key.len() + 3);
        self.out.push(b'"');
        self.out.extend_from_slice(key.as_bytes());
        self.out.extend_from_slice(b"\":");
        value.serialize(Writer { out: self.out })
    }

    fn close(self) -> Result {
        self.out.extend_from_slice(self.close);
        Ok(())
    }
}

/// `{"variant":` opened before an enum variant's content.
fn variant_key(out: &mut Vec<u8>, variant: &'static str) -> Result {
    out.push(b'{');
    string(out, variant)?;
    out.push(b':');
    Ok(())
}

/// An enum variant's array or object, inside `{"variant": ...}`.
macro_rules! variant_compound {
    ($method:ident, $open:literal, $close:literal) => {
        fn $method(
            self,
            _: &'static str,
            _: u32,
            variant: &'static str,
            _: usize,
        ) -> Result<Compound<'a>> {
            variant_key(self.out, variant)?;
            Ok(Compound::open(self.out, $open, $close))
        }
    };
}

impl<'a> ser::Serializer for Writer<'a> {
    type Ok = ();
    type Error = Unsupported;
    type SerializeSeq = Compound<'a>;
    type SerializeTuple = Compound<'a>;
    type SerializeTupleStruct = Compound<'a>;
    type SerializeTupleVariant = Compound<'a>;
    type SerializeMap = Compound<'a>;
    type SerializeStruct = Compound<'a>;
    type SerializeStructVariant = Compound<'a>;

    fn serialize_bool(self, v: bool) -> Result {
        self.out
            .extend_from_slice(if v { b"true" } else { b"false" });
        Ok(())
    }
    fn serialize_i8(self, v: i8) -> Result {
        by_serde_json(self.out, &v)
    }
    fn serialize_i16(self, v: i16) -> Result {
        by_serde_json(self.out, &v)
    }
    fn serialize_i32(self, v: i32) -> Result {
        by_serde_json(self.out, &v)
    }
    fn serialize_i64(self, v: i64) -> Result {
        by_serde_json(self.out, &v)
    }
    fn serialize_i128(self, v: i128) -> Result {
        by_serde_json(self.out, &v)
    }
    fn serialize_u8(self, v: u8) -> Result {
        by_serde_json(self.out, &v)
    }
    fn serialize_u16(self, v: u16) -> Result {
        by_serde_json(self.out, &v)
    }
    fn serialize_u32(self, v: u32) -> Result {
        by_serde_json(self.out, &v)
    }
    fn serialize_u64(self, v: u64) -> Result {
        by_serde_json(self.out, &v)
    }
    fn serialize_u128(self, v: u128) -> Result {
        by_serde_json(self.out, &v)
    }
    fn serialize_f32(self, v: f32) -> Result {
        by_serde_json(self.out, &v)
    }
    fn serialize_f64(self, v: f64) -> Result {
        by_serde_json(self.out, &v)
    }
    fn serialize_char(self, v: char) -> Result {
        string(self.out, v.encode_utf8(&mut [0; 4]))
    }
    fn serialize_str(self, v: &str) -> Result {
        string(self.out, v)
    }
    fn serialize_bytes(self, v: &[u8]) -> Result {
        by_serde_json(self.out, v)
    }
    fn serialize_none(self) -> Result {
        self.serialize_unit()
    }
    fn serialize_some<T: Serialize + ?Sized>(self, value: &T) -> Result {
        value.serialize(self)
    }
    fn serialize_unit(self) -> Result {
        self.out.extend_from_slice(b"null");
        Ok(())
    }
    fn serialize_unit_struct(self, _name: &'static str) -> Result {
        self.serialize_unit()
    }
    fn serialize_unit_variant(self, _: &'static str, _: u32, variant: &'static str) -> Result {
        string(self.out, variant)
    }
    fn serialize_newtype_struct<T: Serialize + ?Sized>(self, _: &'static str, value: &T) -> Result {
        value.serialize(self)
    }
    fn serialize_newtype_variant<T: Serialize + ?Sized>(
        self,
        _: &'static str,
        _: u32,
        variant: &'static str,
        value: &T,
    ) -> Result {
        variant_key(self.out, variant)?;
        value.serialize(Writer { out: self.out })?;
        self.out.push(b'}');
        Ok(())
    }
    fn serialize_seq(self, len: Option<usize>) -> Result<Compound<'a>> {
        // serde_json writes an empty sequence of known length as `[]` at
        // once; the bytes are the same either way.
        let _ = len;
        Ok(Compound::open(self.out, b"[", b"]"))
    }
    fn serialize_tuple(self, len: usize) -> Result<Compound<'a>> {
        self.serialize_seq(Some(len))
    }
    fn serialize_tuple_struct(self, _: &'static str, len: usize) -> Result<Compound<'a>> {
        self.serialize_seq(Some(len))
    }
    variant_compound!(serialize_tuple_variant, b"[", b"]}");
    fn serialize_map(self, _: Option<usize>) -> Result<Compound<'a>> {
        Ok(Compound::open(self.out, b"{", b"}"))
    }
    fn serialize_struct(self, _: &'static str, _: usize) -> Result<Compound<'a>> {
        Ok(Compound::open(self.out, b"{", b"}"))
    }
    variant_compound!(serialize_struct_variant, b"{", b"}}");
}

/// serde's six kinds of compound value are written as two: arrays of
/// elements and objects of named fields.
macro_rules! compound {
    ($($kind:ident :: $method:ident ($($key:ident)?) => $write:ident;)*) => {$(
        impl ser::$kind for Compound<'_> {
            type Ok = ();
            type Error = Unsupported;
            fn $method<T: Serialize + ?Sized>(
                &mut self,
                $($key: &'static str,)?
                value: &T,
            ) -> Result {
                self.$write($($key,)? value)
            }
            fn end(self) -> Result {
                self.close()
            }
        }
    )*};
}

compound! {
    SerializeSeq::serialize_element() => element;
    SerializeTuple::serialize_element() => element;
    SerializeTupleStruct::serialize_field() => element;
    SerializeTupleVariant::serialize_field() => element;
    SerializeStruct::serialize_field(key) => field;
    SerializeStructVariant::serialize_field(key) => field;
}

impl ser::SerializeMap for Compound<'_> {
    type Ok = ();
    type Error = Unsupported;
    fn serialize_key<T: Serialize + ?Sized>(&mut self, key: &T) -> Result {
        self.comma();
        key.serialize(KeyWriter { out: self.out })?;
        self.out.push(b':');
        Ok(())
    }
    fn serialize_value<T: Serialize + ?Sized>(&mut self, value: &T) -> Result {
        value.serialize(Writer { out: self.out })
    }
    fn end(self) -> Result {
        self.close()
    }
}

/// A map key: a string as it is; anything else is left to serde_json
/// (which quotes numbers and refuses the rest).
struct KeyWriter<'a> {
    out: &'a mut Vec<u8>,
}

impl ser::Serializer for KeyWriter<'_> {
    type Ok = ();
    type Error = Unsupported;
    type SerializeSeq = ser::Impossible<(), Unsupported>;
    type SerializeTuple = ser::Impossible<(), Unsupported>;
    type SerializeTupleStruct = ser::Impossible<(), Unsupported>;
    type SerializeTupleVariant = ser::Impossible<(), Unsupported>;
    type SerializeMap = ser::Impossible<(), Unsupported>;
    type SerializeStruct = ser::Impossible<(), Unsupported>;
    type SerializeStructVariant = ser::Impossible<(), Unsupported>;

    fn serialize_str(self, v: &str) -> Result {
        string(self.out, v)
    }
    fn serialize_newtype_struct<T: Serialize + ?Sized>(self, _: &'static str, value: &T) -> Result {
        value.serialize(self)
    }
    fn serialize_bool(self, _: bool) -> Result {
        Err(Unsupported)
    }
    fn serialize_i8(self, _: i8) -> Result {
        Err(Unsupported)
    }
    fn serialize_i16(self, _: i16) -> Result {
        Err(Unsupported)
    }
    fn serialize_i32(self, _: i32) -> Result {
        Err(Unsupported)
    }
    fn serialize_i64(self, _: i64) -> Result {
        Err(Unsupported)
    }
    fn serialize_u8(self, _: u8) -> Result {
        Err(Unsupported)
    }
    fn serialize_u16(self, _: u16) -> Result {
        Err(Unsupported)
    }
    fn serialize_u32(self, _: u32) -> Result {
        Err(Unsupported)
    }
    fn serialize_u64(self, _: u64) -> Result {
        Err(Unsupported)
    }
    fn serialize_f32(self, _: f32) -> Result {
        Err(Unsupported)
    }
    fn serialize_f64(self, _: f64) -> Result {
        Err(Unsupported)
    }
    fn serialize_char(self, _: char) -> Result {
        Err(Unsupported)
    }
    fn serialize_bytes(self, _: &[u8]) -> Result {
        Err(Unsupported)
    }
    fn serialize_none(self) -> Result {
        Err(Unsupported)
    }
    fn serialize_some<T: Serialize + ?Sized>(self, _: &T) -> Result {
        Err(Unsupported)
    }
    fn serialize_unit(self) -> Result {
        Err(Unsupported)
    }
    fn serialize_unit_struct(self, _: &'static str) -> Result {
        Err(Unsupported)
    }
    fn serialize_unit_variant(self, _: &'static str, _: u32, _: &'static str) -> Result {
        Err(Unsupported)
    }
    fn serialize_newtype_variant<T: Serialize + ?Sized>(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: &T,
    ) -> Result {
        Err(Unsupported)
    }
    fn serialize_seq(self, _: Option<usize>) -> Result<Self::SerializeSeq> {
        Err(Unsupported)
    }
    fn serialize_tuple(self, _: usize) -> Result<Self::SerializeTuple> {
        Err(Unsupported)
    }
    fn serialize_tuple_struct(
        self,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeTupleStruct> {
        Err(Unsupported)
    }
    fn serialize_tuple_variant(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeTupleVariant> {
        Err(Unsupported)
    }
    fn serialize_map(self, _: Option<usize>) -> Result<Self::SerializeMap> {
        Err(Unsupported)
    }
    fn serialize_struct(self, _: &'static str, _: usize) -> Result<Self::SerializeStruct> {
        Err(Unsupported)
    }
    fn serialize_struct_variant(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeStructVariant> {
        Err(Unsupported)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sim::world::World;
    use crate::sim::{fleet, render, security_groups};
    use serde::Serialize;
    use serde_json::json;

    fn same<T: Serialize + ?Sized>(value: &T) {
        let ours = to_vec(value, 0).map(String::from_utf8);
        let theirs = serde_json::to_vec(value).map(String::from_utf8);
        match (ours, theirs) {
            (Ok(Ok(a)), Ok(Ok(b))) => assert_eq!(a, b),
            (a, b) => assert_eq!(format!("{a:?}"), format!("{b:?}")),
        }
    }

    #[derive(Serialize)]
    enum Shapes {
        Unit,
        Newtype(u8),
        Tuple(i32, &'static str),
        Struct { a: Option<f64>, b: () },
    }

    #[derive(Serialize)]
    struct Leaves<'a> {
        text: &'a str,
        #[serde(rename = "type")]
        kind: char,
        bytes: &'a [u8],
        big: u128,
        small: i128,
        float: f32,
        none: Option<u8>,
        unit: (),
        nested: Vec<Shapes>,
        #[serde(skip_serializing_if = "Option::is_none")]
        skipped: Option<u8>,
        tuple: (u8, bool, bool),
    }

    #[test]
    fn every_shape_reads_as_serde_json_wrote_it() {
        for text in [
            "",
            "plain",
            "quote \" backslash \\ slash /",
            "tab\t newline\n nul\u{0} esc\u{1b} del\u{7f}",
            "naïve ünïcode ✓ 𝄞",
        ] {
            same(text);
            same(&json!({ text: [text, {"k": text}] }));
        }
        same(&json!({
            "ints": [0, -1, i64::MIN, u64::MAX], "floats": [0.5, -1e300, 1.0, 3.0e-7],
            "empty": {}, "none": [], "null": null, "bools": [true, false],
            "deep": [[[{"a": [{}]}]]],
        }));
        same(&Leaves {
            text: "x\"y",
            kind: '"',
            bytes: &[0, 1, 255],
            big: u128::MAX,
            small: i128::MIN,
            float: f32::NAN,
            none: None,
            unit: (),
            nested: vec![
                Shapes::Unit,
                Shapes::Newtype(7),
                Shapes::Tuple(-3, "t"),
                Shapes::Struct {
                    a: Some(f64::INFINITY),
                    b: (),
                },
                Shapes::Struct {
                    a: Some(2.5),
                    b: (),
                },
            ],
            skipped: None,
            tuple: (1, true, false),
        });
        same(&Vec::<u8>::new());
        same(&std::collections::BTreeMap::from([("b", 1), ("a\"", 2)]));
        // Keys serde_json quotes or refuses: left to serde_json whole.
        same(&std::collections::BTreeMap::from([(1, "one"), (2, "two")]));
        same(&std::collections::BTreeMap::from([((), 1)]));
        same(&std::collections::HashMap::from([(vec![1], 1)]));
    }

    #[test]
    fn the_simulators_objects_read_as_serde_json_wrote_them() {
        let mut w = World::new(42, std::time::Duration::ZERO);
        fleet::demo(&mut w);
        let mut big = World::new(7, std::time::Duration::ZERO);
        fleet::generated(&mut big, 300, None);
        if let Some(s) = w.servers.values_mut().next() {
            s.name = "odd \"name\"\n\\".into();
            s.tags = vec!["ü".into(), "\t".into()];
        }
        let mut seen = 0;
        for w in [&w, &big] {
            for s in w.servers.values() {
                same(&render::server(w, s));
                seen += 1;
            }
            for v in w.volumes.values() {
                same(&render::block_volume(v, "v1"));
                same(&render::block_volume(v, "v1alpha1"));
            }
            for g in w.security_groups.values() {
                same(&security_groups::render_sg(w, g));
            }
            let page: Vec<_> = w.servers.values().map(|s| render::server(w, s)).collect();
            same(&crate::sim::http::Keyed("servers", page));
        }
        assert_eq!(seen, 330);
        for zone in crate::api::locality::Zone::ALL {
            for i in crate::sim::catalog::images(zone) {
                same(&render::image(i));
            }
        }
    }
}
