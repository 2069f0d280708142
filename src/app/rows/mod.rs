//! Cell formatting shared by the kinds' rows (`src/kinds/<kind>/row.rs`) and
//! their detail lines: sizes, prices, tags, dates.

use std::borrow::Cow;

use chrono::{DateTime, Utc};

use crate::api::models::Stamp;

/// Tags as one cell: `web,prod`.
pub(crate) fn tags<T: std::borrow::Borrow<str>>(tags: &[T]) -> Cow<'_, str> {
    match tags {
        [] => Cow::Borrowed(""),
        [one] => Cow::Borrowed(one.borrow()),
        many => Cow::Owned(many.join(",")),
    }
}

/// A date as a model holds it: RFC 3339 text, or a [`Stamp`] (servers and
/// volumes).
pub(crate) trait Dated {
    /// The instant in UTC, else the text to show in its place.
    fn instant_or_text(&self) -> Result<DateTime<Utc>, &str>;
}

impl Dated for str {
    fn instant_or_text(&self) -> Result<DateTime<Utc>, &str> {
        DateTime::parse_from_rfc3339(self)
            .map(|t| t.to_utc())
            .map_err(|_| self)
    }
}

impl Dated for String {
    fn instant_or_text(&self) -> Result<DateTime<Utc>, &str> {
        self.as_str().instant_or_text()
    }
}

impl Dated for Stamp {
    fn instant_or_text(&self) -> Result<DateTime<Utc>, &str> {
        self.utc().ok_or("")
    }
}

/// The day of a date, in UTC: `2025-11-03` (the cell of a CREATED column;
/// it sorts by [`instant`]).
pub(crate) fn date<T: Dated + ?Sized>(ts: &T) -> Cow<'_, str> {
    match ts.instant_or_text() {
        Ok(t) => Cow::Owned(t.format("%Y-%m-%d").to_string()),
        Err(text) => Cow::Borrowed(text.get(..10).unwrap_or(text)),
    }
}

/// A date to the minute, in UTC: `2025-11-03 14:22 UTC` rather than the
/// API's `2025-11-03T14:22:07.123456+00:00` (text as received when it does
/// not parse).
pub(crate) fn when<T: Dated + ?Sized>(ts: &T) -> String {
    match ts.instant_or_text() {
        Ok(t) => t.format("%Y-%m-%d %H:%M UTC").to_string(),
        Err(text) => text.to_string(),
    }
}

/// A date as a sort key: by the instant, whatever its offset or precision
/// (text when it does not parse).
pub(crate) fn instant<T: Dated + ?Sized>(ts: &T) -> crate::app::SortKey {
    use crate::app::SortKey;
    match ts.instant_or_text() {
        Ok(t) => {
            SortKey::Number(t.timestamp() as f64 + f64::from(t.timestamp_subsec_nanos()) / 1e9)
        }
        Err(text) => SortKey::text(text),
    }
}

pub(crate) fn yes_no(b: bool) -> Cow<'static, str> {
    Cow::Borrowed(if b { "yes" } else { "no" })
}

/// Sizes as the console shows them: decimal GB (Scaleway bills in GB = 10^9).
pub fn gb(bytes: u64) -> String {
    let gb = bytes as f64 / 1e9;
    if gb >= 1000.0 {
        format!("{:.1} TB", gb / 1000.0)
    } else if gb.fract() == 0.0 || gb >= 100.0 {
        format!("{gb:.0} GB")
    } else {
        format!("{gb:.1} GB")
    }
}

/// Memory as the catalogue names it: binary gigabytes written "GB" (8 GB RAM
/// is 8 GiB).
pub fn ram(bytes: u64) -> String {
    let gib = bytes as f64 / f64::from(1u32 << 30);
    if gib.fract() == 0.0 {
        format!("{gib:.0} GB")
    } else {
        format!("{gib:.1} GB")
    }
}

/// `5K` / `15K` for an IOPS class.
pub fn iops(iops: u32) -> String {
    if iops % 1000 == 0 {
        format!("{}K", iops / 1000)
    } else {
        iops.to_string()
    }
}

/// Euros with enough digits for hourly prices (€0.0198).
pub fn euros(amount: f64) -> String {
    if amount < 1.0 {
        format!("€{amount:.4}")
    } else {
        format!("€{amount:.2}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_read_compact_and_in_utc() {
        let api = "2025-11-03T14:22:07.123456+00:00";
        assert_eq!(date(api), "2025-11-03");
        assert_eq!(when(api), "2025-11-03 14:22 UTC");
        // Another offset is the same instant.
        assert_eq!(when("2025-11-04T01:30:00+02:00"), "2025-11-03 23:30 UTC");
        assert_eq!(date("2025-11-04T01:30:00+02:00"), "2025-11-03");
        assert_eq!(when("yesterday"), "yesterday");
    }

    #[test]
    fn sizes_and_iops_read_like_the_console() {
        assert_eq!(gb(20_000_000_000), "20 GB");
        assert_eq!(gb(1_500_000_000), "1.5 GB");
        assert_eq!(gb(2_000_000_000_000), "2.0 TB");
        assert_eq!(ram(8_589_934_592), "8 GB");
        assert_eq!(ram(1_610_612_736), "1.5 GB");
        assert_eq!(iops(5000), "5K");
        assert_eq!(iops(15000), "15K");
        assert_eq!(euros(0.0198), "€0.0198");
        assert_eq!(euros(14.454), "€14.45");
    }
}
