//! The time of day in a pure state machine: read once at start-up beside an
//! `Instant`, then advanced by the `Instant`s the ticks bring (`State::now`),
//! so `update` never reads a clock and a test sets the day it wants.

use std::time::Instant;

use chrono::{DateTime, Utc};

/// A moment known both ways: by the monotonic clock and by the calendar.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct WallClock {
    pub at: Instant,
    pub utc: DateTime<Utc>,
}

impl WallClock {
    /// Now, by both clocks (the dashboard's start-up; I/O, so not in `update`).
    pub fn now() -> Self {
        WallClock {
            at: Instant::now(),
            utc: Utc::now(),
        }
    }

    /// The calendar time at `now` (a monotonic instant after `at`; one
    /// before it reads as `at`).
    pub fn at(&self, now: Instant) -> DateTime<Utc> {
        let elapsed = now.saturating_duration_since(self.at);
        self.utc + chrono::Duration::from_std(elapsed).unwrap_or(chrono::Duration::zero())
    }
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use chrono::TimeZone;

    use super::*;

    #[test]
    fn the_calendar_follows_the_ticks() {
        let t0 = Instant::now();
        let day = Utc
            .with_ymd_and_hms(2026, 3, 1, 12, 0, 0)
            .single()
            .unwrap_or_default();
        let clock = WallClock { at: t0, utc: day };
        let later = clock.at(t0 + Duration::from_secs(86_400 * 2));
        assert_eq!(later.to_rfc3339(), "2026-03-03T12:00:00+00:00");
        assert_eq!(clock.at(t0), day);
    }
}
