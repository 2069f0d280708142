//! Fault injection, changeable while the simulator runs.
//!
//! The knobs start from the [`super::SimConfig`] and can be changed at run time,
//! in process with [`super::SimHandle::set_faults`] or over HTTP with the admin
//! endpoint `POST /_sim/faults` (loopback only, outside any Scaleway path, no
//! token, never faulted itself). A soak test uses it to stop the faults and
//! watch the dashboard converge without restarting the simulator, which holds
//! the state. `GET /_sim/faults` answers the current knobs and the number of
//! requests seen per `METHOD path`, so a test can check that a POST was sent
//! exactly once.

use std::collections::BTreeMap;
use std::sync::Arc;
use std::time::{Duration, Instant};

use axum::Json;
use axum::extract::State;
use axum::response::{IntoResponse, Response};
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use serde::{Deserialize, Serialize};
use serde_json::json;

use super::App;
use super::error::ApiError;

/// The fault knobs. In the admin endpoint's body every field is optional:
/// only the ones given change.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct FaultKnobs {
    /// Fraction (0.0-1.0) of requests answered 503 or cut before the handler runs.
    pub fail_rate: f64,
    /// Fraction (0.0-1.0) of requests that are applied and whose answer is
    /// then lost (connection cut): the other half of `fail_rate`, which
    /// catches a client that blindly retries a POST.
    #[serde(default)]
    pub lost_answer_rate: f64,
    /// Requests per second before 429 (0 = unlimited).
    pub rate_limit: u32,
    /// Added latency per request, in milliseconds.
    pub latency_ms: u64,
    /// Requests that are applied and then answered with a cut connection.
    pub drop_response_after_apply: Option<DropAfterApply>,
}

/// Apply a matching request, then cut the connection instead of answering, so
/// the client cannot know whether it was applied. Deterministic: the next
/// `times` successful matching requests are cut, no others.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DropAfterApply {
    /// `POST`, `DELETE`, ... (case-insensitive).
    pub method: String,
    /// The request path ends with this (e.g. `/action` for every server
    /// action, `/volumes` for Block volume creations).
    pub path_suffix: String,
    /// How many matching requests to cut; 0 disables the rule.
    #[serde(default = "one")]
    pub times: u32,
}

fn one() -> u32 {
    1
}

/// The admin body: the knobs to change.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct KnobsPatch {
    fail_rate: Option<f64>,
    lost_answer_rate: Option<f64>,
    rate_limit: Option<u32>,
    latency_ms: Option<u64>,
    /// `null` removes the rule.
    #[serde(default, deserialize_with = "present")]
    drop_response_after_apply: Option<Option<DropAfterApply>>,
}

/// Tells "absent" (outer `None`) from an explicit `null` (inner `None`).
fn present<'de, D: serde::Deserializer<'de>>(
    d: D,
) -> Result<Option<Option<DropAfterApply>>, D::Error> {
    Option::<DropAfterApply>::deserialize(d).map(Some)
}

/// What a request draws before the handler runs.
pub(crate) enum Fault {
    RateLimited,
    Unavailable,
    Drop,
}

/// The knobs and the state they need (random draws, rate window, counters).
pub(crate) struct Faults {
    knobs: FaultKnobs,
    rng: StdRng,
    window: Instant,
    count: u32,
    /// Requests seen, by `METHOD path`, faulted ones included.
    seen: BTreeMap<String, u64>,
}

impl Faults {
    pub fn new(knobs: FaultKnobs, seed: u64) -> Self {
        Self {
            knobs,
            rng: StdRng::seed_from_u64(seed ^ 0x5eed),
            window: Instant::now(),
            count: 0,
            seen: BTreeMap::new(),
        }
    }

    pub fn knobs(&self) -> &FaultKnobs {
        &self.knobs
    }

    pub fn set(&mut self, knobs: FaultKnobs) {
        self.knobs = knobs;
        self.knobs.fail_rate = self.knobs.fail_rate.clamp(0.0, 1.0);
        self.knobs.lost_answer_rate = self.knobs.lost_answer_rate.clamp(0.0, 1.0);
        self.count = 0;
    }

    pub fn latency(&self) -> Duration {
        Duration::from_millis(self.knobs.latency_ms)
    }

    /// How many requests `METHOD path` the simulator has received.
    pub fn seen(&self, method: &str, path: &str) -> u64 {
        self.seen
            .get(&format!("{} {path}", method.to_ascii_uppercase()))
            .copied()
            .unwrap_or(0)
    }

    /// Counts the request and draws its fault, if any.
    pub fn draw(&mut self, method: &str, path: &str) -> Option<Fault> {
        *self.seen.entry(format!("{method} {path}")).or_default() += 1;
        if self.knobs.rate_limit > 0 {
            if self.window.elapsed() >= Duration::from_secs(1) {
                self.window = Instant::now();
                self.count = 0;
            }
            self.count += 1;
            if self.count > self.knobs.rate_limit {
                return Some(Fault::RateLimited);
            }
        }
        let rate = self.knobs.fail_rate;
        if rate > 0.0 && self.rng.random_bool(rate) {
            return Some(if self.rng.random_bool(0.5) {
                Fault::Unavailable
            } else {
                Fault::Drop
            });
        }
        None
    }

    /// Whether the answer to this applied request is to be cut: drawn from
    /// `lost_answer_rate`, or by the `drop_response_after_apply` rule (which
    /// uses up one of its `times`).
    pub fn cut_after_apply(&mut self, method: &str, path: &str) -> bool {
        let rate = self.knobs.lost_answer_rate;
        if rate > 0.0 && self.rng.random_bool(rate) {
            return true;
        }
        let Some(rule) = &mut self.knobs.drop_response_after_apply else {
            return false;
        };
        if rule.times == 0
            || !rule.method.eq_ignore_ascii_case(method)
            || !path.ends_with(&rule.path_suffix)
        {
            return false;
        }
        rule.times -= 1;
        true
    }

    fn report(&self) -> serde_json::Value {
        json!({"knobs": self.knobs, "requests": self.seen})
    }
}

/// `GET /_sim/faults`: the knobs and the request counts.
pub(crate) async fn get_faults(State(app): State<Arc<App>>) -> Response {
    Json(app.faults().report()).into_response()
}

/// `POST /_sim/faults`: change the knobs given in the body.
pub(crate) async fn set_faults(State(app): State<Arc<App>>, body: axum::body::Bytes) -> Response {
    let patch: KnobsPatch = match serde_json::from_slice(&body) {
        Ok(p) => p,
        Err(e) => {
            return ApiError::arg("body", "format", format!("invalid fault knobs: {e}"))
                .into_response();
        }
    };
    let mut faults = app.faults();
    let mut knobs = faults.knobs().clone();
    if let Some(v) = patch.fail_rate {
        knobs.fail_rate = v;
    }
    if let Some(v) = patch.lost_answer_rate {
        knobs.lost_answer_rate = v;
    }
    if let Some(v) = patch.rate_limit {
        knobs.rate_limit = v;
    }
    if let Some(v) = patch.latency_ms {
        knobs.latency_ms = v;
    }
    if let Some(v) = patch.drop_response_after_apply {
        knobs.drop_response_after_apply = v;
    }
    tracing::info!(?knobs, "simulator faults changed");
    faults.set(knobs);
    Json(faults.report()).into_response()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cut_rule_is_used_up_and_matches_method_and_suffix() {
        let mut f = Faults::new(
            FaultKnobs {
                drop_response_after_apply: Some(DropAfterApply {
                    method: "post".into(),
                    path_suffix: "/action".into(),
                    times: 1,
                }),
                ..FaultKnobs::default()
            },
            1,
        );
        assert!(!f.cut_after_apply("GET", "/x/action"));
        assert!(!f.cut_after_apply("POST", "/x/actions"));
        assert!(f.cut_after_apply("POST", "/x/action"));
        assert!(!f.cut_after_apply("POST", "/x/action"));
    }

    #[test]
    fn lost_answer_rate_cuts_applied_requests_at_that_rate() {
        let mut f = Faults::new(
            FaultKnobs {
                lost_answer_rate: 0.5,
                ..FaultKnobs::default()
            },
            3,
        );
        let cut = (0..1000)
            .filter(|_| f.cut_after_apply("POST", "/x"))
            .count();
        assert!((350..650).contains(&cut), "{cut} of 1000 cut at rate 0.5");
        // It never fails a request before it is applied.
        assert!((0..100).all(|_| f.draw("POST", "/x").is_none()));
        f.set(FaultKnobs {
            lost_answer_rate: 1.0,
            ..FaultKnobs::default()
        });
        assert!(f.cut_after_apply("GET", "/y"));
        f.set(FaultKnobs::default());
        assert!(!f.cut_after_apply("GET", "/y"));
    }

    #[test]
    fn rate_limit_and_counts() {
        let mut f = Faults::new(
            FaultKnobs {
                rate_limit: 2,
                ..FaultKnobs::default()
            },
            1,
        );
        let drawn: Vec<bool> = (0..3).map(|_| f.draw("GET", "/a").is_some()).collect();
        assert_eq!(drawn, vec![false, false, true]);
        assert_eq!(f.seen("get", "/a"), 3);
        f.set(FaultKnobs::default());
        assert!(f.draw("GET", "/a").is_none());
    }

    #[test]
    fn patch_tells_null_from_absent() {
        let p: KnobsPatch = serde_json::from_str(r#"{"fail_rate":0}"#).expect("patch");
        assert!(p.drop_response_after_apply.is_none());
        let p: KnobsPatch =
            serde_json::from_str(r#"{"drop_response_after_apply":null}"#).expect("patch");
        assert_eq!(p.drop_response_after_apply, Some(None));
        assert!(serde_json::from_str::<KnobsPatch>(r#"{"fail":1}"#).is_err());
    }
}
