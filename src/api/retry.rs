//! When and how long to wait before trying a request again.
//!
//! The real API rate-limits with an empty 429 and no `Retry-After` (API-FACTS
//! section 13), so the client backs off on its own: exponential, with full jitter
//! (a random wait in `[0, min(max_delay, base_delay * 2^(n-1))]`) so that the many
//! concurrent requests of a refresh do not come back all at once.

use std::fmt;
use std::time::Duration;

use rand::Rng;

/// How many times, and how patiently, a request is retried.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RetryPolicy {
    /// Attempts in total, the first included; 1 disables retries.
    pub max_attempts: u32,
    /// The cap of the first back-off; doubles on each retry.
    pub base_delay: Duration,
    /// No single wait is longer than this, `Retry-After` included.
    pub max_delay: Duration,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        Self {
            max_attempts: 4,
            base_delay: Duration::from_millis(500),
            max_delay: Duration::from_secs(8),
        }
    }
}

impl RetryPolicy {
    /// One attempt only.
    pub fn none() -> Self {
        Self {
            max_attempts: 1,
            ..Self::default()
        }
    }

    /// The upper bound of the wait after failed attempt `attempt` (1-based).
    pub fn cap(&self, attempt: u32) -> Duration {
        let exp = attempt.saturating_sub(1).min(30);
        self.base_delay
            .saturating_mul(1u32 << exp)
            .min(self.max_delay)
    }

    /// The wait after failed attempt `attempt` (1-based): the server's
    /// `Retry-After` when it gave one, else a random share of [`Self::cap`];
    /// never more than `max_delay`.
    pub fn delay(&self, attempt: u32, retry_after: Option<Duration>) -> Duration {
        if let Some(wait) = retry_after {
            return wait.min(self.max_delay);
        }
        let cap = self.cap(attempt);
        let cap_micros = u64::try_from(cap.as_micros()).unwrap_or(u64::MAX);
        Duration::from_micros(rand::rng().random_range(0..=cap_micros))
    }
}

/// Why a request is being retried.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BackoffReason {
    /// HTTP 429.
    RateLimited,
    /// HTTP 502, 503 or 504.
    Unavailable(u16),
    Timeout,
    Connection,
}

/// Sent by the client just before it sleeps, so the UI can say what is going on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BackoffEvent {
    /// `GET`, `POST`, ...
    pub method: String,
    /// The API path, without query string.
    pub path: String,
    pub reason: BackoffReason,
    /// The attempt that just failed (1-based).
    pub attempt: u32,
    pub max_attempts: u32,
    /// How long the client waits before the next attempt.
    pub delay: Duration,
}

impl fmt::Display for BackoffEvent {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let why = match self.reason {
            BackoffReason::RateLimited => "rate limited".to_string(),
            BackoffReason::Unavailable(status) => format!("API unavailable ({status})"),
            BackoffReason::Timeout => "no answer in time".to_string(),
            BackoffReason::Connection => "connection failed".to_string(),
        };
        write!(
            f,
            "{why}, retrying in {:.1} s ({}/{})",
            self.delay.as_secs_f64(),
            self.attempt + 1,
            self.max_attempts
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cap_doubles_and_is_bounded() {
        let p = RetryPolicy {
            max_attempts: 10,
            base_delay: Duration::from_millis(100),
            max_delay: Duration::from_millis(700),
        };
        assert_eq!(p.cap(1), Duration::from_millis(100));
        assert_eq!(p.cap(2), Duration::from_millis(200));
        assert_eq!(p.cap(3), Duration::from_millis(400));
        assert_eq!(p.cap(4), Duration::from_millis(700));
        assert_eq!(p.cap(200), Duration::from_millis(700));
    }

    #[test]
    fn jittered_delay_stays_under_cap_and_varies() {
        let p = RetryPolicy::default();
        let delays: Vec<Duration> = (0..200).map(|_| p.delay(3, None)).collect();
        assert!(delays.iter().all(|d| *d <= p.cap(3)));
        let first = delays[0];
        assert!(delays.iter().any(|d| *d != first), "no jitter");
    }

    #[test]
    fn retry_after_is_honoured_but_bounded() {
        let p = RetryPolicy::default();
        assert_eq!(
            p.delay(1, Some(Duration::from_secs(2))),
            Duration::from_secs(2)
        );
        assert_eq!(p.delay(1, Some(Duration::from_secs(600))), p.max_delay);
    }

    #[test]
    fn event_reads_like_a_status_line() {
        let e = BackoffEvent {
            method: "GET".into(),
            path: "/block/v1/zones/fr-par-1/volumes".into(),
            reason: BackoffReason::RateLimited,
            attempt: 1,
            max_attempts: 4,
            delay: Duration::from_millis(1200),
        };
        assert_eq!(e.to_string(), "rate limited, retrying in 1.2 s (2/4)");
    }
}
