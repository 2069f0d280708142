//! [`Stamp`]: an RFC 3339 date as the instant it names, for the dates the
//! dashboard holds by the hundred thousand (a server's creation and last
//! change, a volume's creation and last detach).
//!
//! Kept as text, each date is 32 bytes or more (40 inline, 56 as a
//! `String`); as microseconds since the epoch it is 8, and every reader
//! wants the instant anyway (the CREATED cell is the UTC day, sorting is by
//! instant, the cost view counts days). A date that does not parse, or is
//! missing or `null`, is [`Stamp::NONE`] and shows as an empty cell.

use chrono::{DateTime, SecondsFormat, Utc};
use serde::de::{self, Visitor};
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::fmt;

#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Stamp(i64);

impl Stamp {
    /// No date: missing, `null` or not RFC 3339.
    pub const NONE: Stamp = Stamp(i64::MIN);

    /// The instant of an RFC 3339 text, whatever its offset; [`Stamp::NONE`]
    /// when it does not parse.
    pub fn parse(text: &str) -> Stamp {
        DateTime::parse_from_rfc3339(text)
            .ok()
            .map(|t| t.timestamp_micros())
            .filter(|&us| us != i64::MIN)
            .map_or(Stamp::NONE, Stamp)
    }

    /// The instant, in UTC.
    pub fn utc(self) -> Option<DateTime<Utc>> {
        if self == Stamp::NONE {
            return None;
        }
        DateTime::from_timestamp_micros(self.0)
    }

    pub fn is_none(self) -> bool {
        self == Stamp::NONE
    }
}

impl Default for Stamp {
    fn default() -> Self {
        Stamp::NONE
    }
}

impl fmt::Debug for Stamp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.utc() {
            Some(t) => write!(f, "{}", t.to_rfc3339_opts(SecondsFormat::AutoSi, false)),
            None => f.write_str("none"),
        }
    }
}

impl Serialize for Stamp {
    /// As the API writes dates (`2026-01-05T09:00:00.123456+00:00`), or `null`.
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self.utc() {
            Some(t) => s.serialize_str(&t.to_rfc3339_opts(SecondsFormat::AutoSi, false)),
            None => s.serialize_none(),
        }
    }
}

impl<'de> Deserialize<'de> for Stamp {
    /// From an RFC 3339 string; `null` and text that does not parse are
    /// [`Stamp::NONE`] (a bad date empties a cell, it does not drop a list).
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct Text;
        impl<'de> Visitor<'de> for Text {
            type Value = Stamp;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("an RFC 3339 date or null")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Stamp, E> {
                Ok(Stamp::parse(v))
            }
            fn visit_none<E: de::Error>(self) -> Result<Stamp, E> {
                Ok(Stamp::NONE)
            }
            fn visit_unit<E: de::Error>(self) -> Result<Stamp, E> {
                Ok(Stamp::NONE)
            }
            fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Stamp, D::Error> {
                d.deserialize_str(Text)
            }
        }
        d.deserialize_option(Text)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_date_is_its_instant_in_eight_bytes() {
        let a = Stamp::parse("2026-01-05T09:00:00.123456+00:00");
        let b = Stamp::parse("2026-01-05T10:00:00.123456+01:00");
        assert_eq!(a, b);
        assert!(Stamp::parse("2026-01-05T09:00:01Z") > a);
        assert_eq!(
            serde_json::to_string(&a).unwrap(),
            r#""2026-01-05T09:00:00.123456+00:00""#
        );
        assert_eq!(std::mem::size_of::<Stamp>(), 8);
    }

    #[test]
    fn null_missing_and_bad_dates_are_none() {
        let got: Vec<Stamp> =
            serde_json::from_str(r#"[null, "", "yesterday", "2026-13-01T00:00:00Z"]"#).unwrap();
        assert!(got.iter().all(|s| s.is_none() && s.utc().is_none()));
        assert_eq!(serde_json::to_string(&Stamp::NONE).unwrap(), "null");
        assert!(serde_json::from_str::<Stamp>("12").is_err());
    }
}
