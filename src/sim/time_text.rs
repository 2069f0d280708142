//! The simulator's timestamps as text, written digit by digit.
//!
//! Every server of a page carries a handful of dates; chrono's `format` reads
//! its `%Y-%m-%d...` pattern again at each call, which was a tenth of the CPU
//! of a servers page. [`TimeText`] writes the same characters directly (the
//! unusual cases, a leap second or a year outside 0000-9999, still go through
//! chrono), so what the simulator answers is unchanged.

use std::fmt;
use std::ops::Deref;

use chrono::{DateTime, Datelike, Timelike, Utc};

/// Time format of the Instance API (`+00:00`, microseconds).
pub const INSTANCE_TIME: &str = "%Y-%m-%dT%H:%M:%S%.6f+00:00";
/// Time format of Block and VPC (`Z`, microseconds).
pub const Z_TIME: &str = "%Y-%m-%dT%H:%M:%S%.6fZ";

/// How a time ends: `+00:00` (Instance) or `Z` (Block, VPC, IPAM).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Offset {
    Instance,
    Z,
}

impl Offset {
    fn suffix(self) -> &'static str {
        match self {
            Self::Instance => "+00:00",
            Self::Z => "Z",
        }
    }

    fn pattern(self) -> &'static str {
        match self {
            Self::Instance => INSTANCE_TIME,
            Self::Z => Z_TIME,
        }
    }
}

/// `2026-01-05T09:00:00.000000+00:00` is 32 bytes; chrono's own text of an
/// unusual time may be longer.
const LONGEST: usize = 40;

/// A time written as the API shows it, on the stack.
pub struct TimeText {
    bytes: [u8; LONGEST],
    len: usize,
}

impl TimeText {
    pub fn new(t: DateTime<Utc>, offset: Offset) -> Self {
        let mut out = Self {
            bytes: [0; LONGEST],
            len: 0,
        };
        let year = t.year();
        let nanos = t.nanosecond();
        // A leap second (nanos past 1e9) and years chrono writes with a sign
        // or more digits: chrono's own text, as before.
        if !(0..=9999).contains(&year) || nanos >= 1_000_000_000 {
            use fmt::Write;
            let _ = write!(out, "{}", t.format(offset.pattern()));
            return out;
        }
        out.digits(year as u32, 4);
        out.push(b'-');
        out.digits(t.month(), 2);
        out.push(b'-');
        out.digits(t.day(), 2);
        out.push(b'T');
        out.digits(t.hour(), 2);
        out.push(b':');
        out.digits(t.minute(), 2);
        out.push(b':');
        out.digits(t.second(), 2);
        out.push(b'.');
        out.digits(nanos / 1000, 6);
        for b in offset.suffix().bytes() {
            out.push(b);
        }
        out
    }

    fn push(&mut self, b: u8) {
        if let Some(slot) = self.bytes.get_mut(self.len) {
            *slot = b;
            self.len += 1;
        }
    }

    /// `n` as exactly `width` decimal digits (zero-padded).
    fn digits(&mut self, mut n: u32, width: usize) {
        let start = self.len;
        for _ in 0..width {
            self.push(b'0');
        }
        for i in (start..self.len).rev() {
            self.bytes[i] = b'0' + (n % 10) as u8;
            n /= 10;
        }
    }

    pub fn as_str(&self) -> &str {
        // Only ASCII digits and separators, or whole `&str`s from chrono, are
        // written; a failed check would only ever show an empty time.
        std::str::from_utf8(&self.bytes[..self.len]).unwrap_or_default()
    }
}

impl fmt::Write for TimeText {
    fn write_str(&mut self, s: &str) -> fmt::Result {
        let end = self.len + s.len();
        let slot = self.bytes.get_mut(self.len..end).ok_or(fmt::Error)?;
        slot.copy_from_slice(s.as_bytes());
        self.len = end;
        Ok(())
    }
}

impl Deref for TimeText {
    type Target = str;
    fn deref(&self) -> &str {
        self.as_str()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::{NaiveDate, TimeZone};

    fn both(t: DateTime<Utc>) {
        for offset in [Offset::Instance, Offset::Z] {
            assert_eq!(
                TimeText::new(t, offset).as_str(),
                t.format(offset.pattern()).to_string(),
                "{t:?}"
            );
        }
    }

    #[test]
    fn times_read_as_chronos_text_of_the_same_pattern() {
        both(Utc::now());
        both(DateTime::<Utc>::default());
        let mut seed: u64 = 0x9e37_79b9_7f4a_7c15;
        for _ in 0..5000 {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            // Any second from year 0 to 9999, any microsecond and nanosecond.
            let secs = (seed % 315_537_897_600) as i64 - 62_167_219_200;
            let nanos = (seed >> 40) as u32 % 1_000_000_000;
            if let Some(t) = Utc.timestamp_opt(secs, nanos).single() {
                both(t);
            }
        }
        for (y, m, d) in [(0, 1, 1), (9999, 12, 31), (10_000, 1, 1), (-1, 6, 15)] {
            let t = NaiveDate::from_ymd_opt(y, m, d)
                .and_then(|d| d.and_hms_micro_opt(23, 59, 59, 999_999))
                .map(|t| t.and_utc());
            both(t.unwrap());
        }
        // A leap second (chrono shows `:60`).
        let leap = NaiveDate::from_ymd_opt(2016, 12, 31)
            .and_then(|d| d.and_hms_nano_opt(23, 59, 59, 1_500_000_000))
            .map(|t| t.and_utc());
        both(leap.unwrap());
    }
}
