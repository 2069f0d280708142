//! Ages as the screen shows them ("12s", "3m"), and what of the screen moves
//! with time alone. A tick redraws only when that changes: at 100,000
//! servers a frame costs ~2 ms, and redrawing one every second, to change
//! nothing once an age reads in minutes, was half of the idle CPU.

use std::fmt;

use super::{Locality, State};

/// Under this many seconds an age reads in seconds, then in whole minutes.
const SECONDS_SHOWN_BELOW: u64 = 120;

/// An age as shown: rounded when made, so two ages that read the same are
/// equal.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Age(u64);

impl Age {
    pub fn of(seconds: u64) -> Age {
        if seconds < SECONDS_SHOWN_BELOW {
            Age(seconds)
        } else {
            Age(seconds / 60 * 60)
        }
    }
}

impl fmt::Display for Age {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.0 < SECONDS_SHOWN_BELOW {
            write!(f, "{}s", self.0)
        } else {
            write!(f, "{}m", self.0 / 60)
        }
    }
}

/// What the frame shows that changes with time alone (besides the spinner,
/// the highlights and the events' ages, which their own ticks redraw).
#[derive(Debug, PartialEq, Eq)]
pub struct TimeShown {
    refreshed: Option<Age>,
    failing: Option<Age>,
    /// The slow zones (or regions) and their waits in whole seconds.
    slow: Vec<(Locality, u64)>,
}

impl TimeShown {
    pub fn of(state: &State) -> TimeShown {
        TimeShown {
            refreshed: state.refreshed_ago().map(Age::of),
            failing: state.refresh_failing_for().map(Age::of),
            slow: state
                .fetches
                .slow(state.now)
                .into_iter()
                .map(|(at, waited)| (at, waited.as_secs()))
                .collect(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_age_reads_in_seconds_then_in_minutes() {
        let shown = |s| Age::of(s).to_string();
        assert_eq!(shown(0), "0s");
        assert_eq!(shown(119), "119s");
        assert_eq!(shown(120), "2m");
        assert_eq!(shown(179), "2m");
        assert_eq!(shown(180), "3m");
    }

    #[test]
    fn ages_that_read_the_same_are_equal() {
        assert_eq!(Age::of(125), Age::of(170));
        assert_ne!(Age::of(170), Age::of(185));
        assert_ne!(Age::of(30), Age::of(31));
    }
}
