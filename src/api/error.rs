//! One error type for everything a Scaleway call can do wrong, with a `Display`
//! written for the status line and accessors a form needs (which fields are wrong).
//!
//! Error bodies follow the real API (see the fixtures' API-FACTS.md, section 12):
//! a common envelope `{type, message, ...}` whose extra keys depend on `type`, plus
//! legacy Instance shapes (`fields`, `unknown_resource`, `authorization_required`).

use std::collections::BTreeMap;
use std::fmt;

use serde::Deserialize;

/// How many characters of a non-JSON body are kept (enough for a proxy message).
const SNIPPET_CHARS: usize = 200;

/// Everything that can go wrong talking to the API.
#[derive(Debug, Clone, PartialEq)]
pub enum ApiError {
    /// The API answered with a JSON error body.
    Api(Box<ApiErrorBody>),
    /// The API (or a proxy in front of it) answered an error without a JSON body,
    /// e.g. a 429 with an empty body or a 503 "upstream connect error ...".
    Http {
        status: u16,
        /// The first characters of the body, trimmed; empty if there was none.
        body: String,
    },
    /// A 3xx: the API never redirects, so it is not followed (the token would
    /// go along). `target` is the host (and port) it pointed to.
    Redirect {
        endpoint: String,
        status: u16,
        target: String,
    },
    /// The answer was larger than the client reads (`limit` bytes).
    TooLarge { endpoint: String, limit: usize },
    /// No answer within the configured timeout.
    Timeout { endpoint: String },
    /// The connection failed. `before_send` is true when it failed while
    /// connecting, so the server cannot have seen the request.
    Connection {
        endpoint: String,
        detail: String,
        before_send: bool,
    },
    /// A success answer whose body did not match the expected model.
    Decode { endpoint: String, detail: String },
    /// The request could not be built (bad base URL, body that does not serialize).
    Request { detail: String },
}

/// A parsed Scaleway error body, with the HTTP status it came with.
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(default)]
pub struct ApiErrorBody {
    #[serde(skip)]
    pub status: u16,
    /// The Scaleway error `type` (`invalid_arguments`, `not_found`, ...); empty if absent.
    #[serde(rename = "type")]
    pub kind: String,
    pub message: String,
    pub help_message: Option<String>,
    pub resource: Option<String>,
    pub resource_id: Option<String>,
    pub precondition: Option<String>,
    pub current_state: Option<String>,
    /// `denied_authentication`: `api_key`, `jwt`, ...
    pub method: Option<String>,
    /// `denied_authentication`: `not_found`, `expired`, ...
    pub reason: Option<String>,
    /// `expired` (Block, 2023).
    pub expired_since: Option<String>,
    pub details: Vec<ErrorDetail>,
    /// Legacy Instance validation errors: field path to messages.
    pub fields: BTreeMap<String, Vec<String>>,
}

/// One entry of `details`, whose shape depends on the error type.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(untagged)]
pub enum ErrorDetail {
    /// `invalid_arguments`.
    InvalidArgument {
        argument_name: String,
        #[serde(default)]
        reason: String,
        #[serde(default)]
        help_message: String,
    },
    /// `quotas_exceeded`.
    QuotaExceeded {
        resource: String,
        quota: u64,
        current: u64,
        #[serde(default)]
        organization_id: Option<String>,
        #[serde(default)]
        project_id: Option<String>,
    },
    /// `permissions_denied`.
    PermissionDenied { resource: String, action: String },
    /// Anything else, kept for the raw view.
    Other(serde_json::Value),
}

impl ApiError {
    /// Builds the error for a non-success answer from its status and body.
    pub fn from_body(status: u16, body: &[u8]) -> Self {
        if let Ok(mut parsed) = serde_json::from_slice::<ApiErrorBody>(body)
            && (!parsed.message.is_empty() || !parsed.kind.is_empty())
        {
            parsed.status = status;
            return ApiError::Api(Box::new(parsed));
        }
        ApiError::Http {
            status,
            body: snippet(body),
        }
    }

    /// The HTTP status, when the server answered.
    pub fn status(&self) -> Option<u16> {
        match self {
            ApiError::Api(body) => Some(body.status),
            ApiError::Http { status, .. } | ApiError::Redirect { status, .. } => Some(*status),
            _ => None,
        }
    }

    /// The parsed error body, when there was one.
    pub fn body(&self) -> Option<&ApiErrorBody> {
        match self {
            ApiError::Api(body) => Some(body),
            _ => None,
        }
    }

    /// The Scaleway error `type`, when there was one.
    pub fn kind(&self) -> Option<&str> {
        self.body()
            .map(|b| b.kind.as_str())
            .filter(|k| !k.is_empty())
    }

    /// The argument names / fields the error blames, so a form can put the
    /// message next to the field.
    pub fn fields(&self) -> Vec<String> {
        self.field_messages().into_iter().map(|(f, _)| f).collect()
    }

    /// Each blamed field with its message, in the order the API gave them.
    pub fn field_messages(&self) -> Vec<(String, String)> {
        let Some(body) = self.body() else {
            return Vec::new();
        };
        let mut out: Vec<(String, String)> = body
            .details
            .iter()
            .filter_map(|d| match d {
                ErrorDetail::InvalidArgument {
                    argument_name,
                    reason,
                    help_message,
                } => {
                    let msg = if help_message.is_empty() {
                        reason.clone()
                    } else {
                        help_message.clone()
                    };
                    Some((argument_name.clone(), msg))
                }
                _ => None,
            })
            .collect();
        out.extend(
            body.fields
                .iter()
                .map(|(name, msgs)| (name.clone(), msgs.join("; "))),
        );
        out
    }

    /// Whether trying again later may succeed: rate limiting, a gateway or
    /// service that is briefly unavailable, a timeout or a failed connection.
    /// Whether it is *safe* to resend is the client's decision (see `client.rs`).
    pub fn is_retryable(&self) -> bool {
        match self {
            ApiError::Api(body) => is_retryable_status(body.status) && body.kind != "out_of_stock",
            ApiError::Http { status, .. } => is_retryable_status(*status),
            ApiError::Timeout { .. } | ApiError::Connection { .. } => true,
            ApiError::Decode { .. }
            | ApiError::Request { .. }
            | ApiError::Redirect { .. }
            | ApiError::TooLarge { .. } => false,
        }
    }

    /// Whether a request that failed this way may nevertheless have been
    /// applied: the answer was lost (timeout, connection cut after sending) or
    /// a gateway error came back, which the service may send after acting.
    /// For a mutation this means the outcome is unknown until the next read.
    pub fn outcome_unknown(&self) -> bool {
        match self {
            ApiError::Timeout { .. } => true,
            ApiError::Connection { before_send, .. } => !before_send,
            ApiError::Http { status, .. } => matches!(status, 502..=504),
            // A typed error (`out_of_stock`, ...) is the service's own "no".
            ApiError::Api(body) => matches!(body.status, 502..=504) && body.kind.is_empty(),
            ApiError::Decode { .. }
            | ApiError::Request { .. }
            | ApiError::Redirect { .. }
            | ApiError::TooLarge { .. } => false,
        }
    }

    pub fn is_not_found(&self) -> bool {
        self.status() == Some(404)
    }

    pub fn is_rate_limited(&self) -> bool {
        self.status() == Some(429)
    }
}

/// Statuses that mean "not now" rather than "no".
pub(crate) fn is_retryable_status(status: u16) -> bool {
    matches!(status, 429 | 502 | 503 | 504)
}

fn snippet(body: &[u8]) -> String {
    let text = String::from_utf8_lossy(body);
    let text = text.trim();
    let mut out: String = text.chars().take(SNIPPET_CHARS).collect();
    if out.len() < text.len() {
        out.push('…');
    }
    out
}

/// The zone or region a call went to, from its path
/// (`/instance/v1/zones/fr-par-1/servers` is `zone fr-par-1`).
fn locality_of(endpoint: &str) -> Option<String> {
    let mut parts = endpoint.split('/');
    while let Some(part) = parts.next() {
        let kind = match part {
            "zones" => "zone",
            "regions" => "region",
            _ => continue,
        };
        return parts.next().map(|name| format!("{kind} {name}"));
    }
    None
}

/// Plain words for a bare status, used when the body says nothing better.
fn status_words(status: u16) -> &'static str {
    match status {
        400 => "bad request",
        401 => "authentication denied",
        403 => "permission denied",
        404 => "not found",
        409 => "conflict",
        410 => "gone",
        412 => "precondition failed",
        429 => "rate limited by the API",
        500 => "API server error",
        502 => "bad gateway",
        503 => "service unavailable",
        504 => "gateway timeout",
        _ => "unexpected answer",
    }
}

impl std::error::Error for ApiError {}

impl fmt::Display for ApiError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ApiError::Api(body) => body.fmt(f),
            ApiError::Http { status: 429, .. } => f.write_str("rate limited by the API (429)"),
            ApiError::Http { status, body } if body.is_empty() => {
                write!(f, "{} ({status}, empty answer)", status_words(*status))
            }
            ApiError::Http { status, body } => {
                write!(f, "{} ({status}): {body}", status_words(*status))
            }
            ApiError::Redirect {
                endpoint,
                status,
                target,
            } => write!(
                f,
                "{endpoint} was redirected ({status}) to {target}: not followed, the API never redirects (check the API URL)"
            ),
            ApiError::TooLarge { endpoint, limit } => write!(
                f,
                "the answer to {endpoint} is larger than {} MiB; not read",
                limit >> 20
            ),
            ApiError::Timeout { endpoint } => match locality_of(endpoint) {
                Some(place) => write!(
                    f,
                    "{place} is not answering: no answer in time from {endpoint}"
                ),
                None => write!(f, "no answer in time from {endpoint}"),
            },
            ApiError::Connection {
                endpoint,
                detail,
                before_send: true,
            } => write!(f, "cannot connect to the API for {endpoint}: {detail}"),
            ApiError::Connection {
                endpoint, detail, ..
            } => write!(f, "connection lost during {endpoint}: {detail}"),
            ApiError::Decode { endpoint, detail } => {
                write!(f, "unexpected answer from {endpoint}: {detail}")
            }
            ApiError::Request { detail } => write!(f, "cannot build the request: {detail}"),
        }
    }
}

impl ApiErrorBody {
    /// The resource and its id, as far as the body names them.
    fn what(&self) -> String {
        match (&self.resource, &self.resource_id) {
            (Some(r), Some(id)) if !id.is_empty() => format!("{r} {id}"),
            (Some(r), _) => r.clone(),
            (None, Some(id)) => id.clone(),
            (None, None) => String::new(),
        }
    }

    /// The message, or failing that the status in words.
    fn message_or_status(&self) -> String {
        if self.message.is_empty() {
            status_words(self.status).to_string()
        } else {
            self.message.clone()
        }
    }
}

impl fmt::Display for ApiErrorBody {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let what = self.what();
        match self.kind.as_str() {
            "invalid_arguments" if !self.details.is_empty() => {
                let parts: Vec<String> = self
                    .details
                    .iter()
                    .map(|d| match d {
                        ErrorDetail::InvalidArgument {
                            argument_name,
                            reason,
                            help_message,
                        } => {
                            let why = if help_message.is_empty() {
                                reason
                            } else {
                                help_message
                            };
                            format!("invalid argument {argument_name}: {why}")
                        }
                        other => format!("invalid argument: {}", detail_text(other)),
                    })
                    .collect();
                f.write_str(&parts.join("; "))
            }
            "invalid_request_error" if !self.fields.is_empty() => {
                let parts: Vec<String> = self
                    .fields
                    .iter()
                    .map(|(name, msgs)| format!("invalid {name}: {}", msgs.join("; ")))
                    .collect();
                f.write_str(&parts.join("; "))
            }
            "not_found" if !what.is_empty() => write!(f, "not found: {what}"),
            // Legacy: `"<uuid>" not found`.
            "unknown_resource" => {
                let msg = self.message_or_status();
                let id = msg.trim_end_matches(" not found").trim_matches('"');
                write!(f, "not found: {id}")
            }
            // Legacy Instance quota error (2020): `resource` names what ran out.
            "invalid_request_error" if self.status == 403 && self.resource.is_some() => {
                write!(f, "quota exceeded: {what} ({})", self.message_or_status())
            }
            "precondition_failed" => {
                let why = self
                    .help_message
                    .as_deref()
                    .or(self.precondition.as_deref())
                    .unwrap_or(&self.message);
                write!(f, "precondition failed: {why}")
            }
            "denied_authentication" => match self.reason.as_deref() {
                Some("expired") => {
                    f.write_str("authentication denied: the key has expired (check SCW_SECRET_KEY)")
                }
                _ => f.write_str("authentication denied (check SCW_SECRET_KEY)"),
            },
            "permissions_denied" => {
                let parts: Vec<String> = self
                    .details
                    .iter()
                    .map(|d| match d {
                        ErrorDetail::PermissionDenied { resource, action } => {
                            format!("{action} on {resource}")
                        }
                        other => detail_text(other),
                    })
                    .collect();
                if parts.is_empty() {
                    f.write_str("permission denied (check the API key's IAM policies)")
                } else {
                    write!(
                        f,
                        "permission denied: {} (check the API key's IAM policies)",
                        parts.join(", ")
                    )
                }
            }
            "authorization_required" => {
                write!(f, "permission denied: {}", self.message_or_status())
            }
            "quotas_exceeded" => {
                let parts: Vec<String> = self.details.iter().map(detail_text).collect();
                if parts.is_empty() {
                    write!(f, "quota exceeded: {}", self.message_or_status())
                } else {
                    write!(f, "quota exceeded: {}", parts.join(", "))
                }
            }
            "transient_state" => match &self.current_state {
                Some(state) => write!(f, "busy: {what} is {state}, try again shortly"),
                None => write!(f, "busy: {what} is in a transient state, try again shortly"),
            },
            "expired" | "resource_expired" => write!(f, "gone: {what} has expired"),
            "out_of_stock" => write!(f, "out of stock: {what}"),
            "locked" => write!(f, "locked: {what}"),
            "already_exists" => write!(f, "already exists: {what}"),
            _ if self.status == 429 => f.write_str("rate limited by the API (429)"),
            _ => {
                let mut text = format!(
                    "{} ({}): {}",
                    status_words(self.status),
                    self.status,
                    self.message_or_status()
                );
                if !what.is_empty() {
                    text.push_str(&format!(" ({what})"));
                }
                if let Some(help) = &self.help_message {
                    text.push_str(&format!(": {help}"));
                }
                f.write_str(&text)
            }
        }
    }
}

fn detail_text(detail: &ErrorDetail) -> String {
    match detail {
        ErrorDetail::InvalidArgument {
            argument_name,
            help_message,
            ..
        } => format!("{argument_name}: {help_message}"),
        ErrorDetail::QuotaExceeded {
            resource,
            quota,
            current,
            organization_id,
            project_id,
        } => {
            let scope = match (organization_id, project_id) {
                (_, Some(project)) => format!(" in project {project}"),
                (Some(org), None) => format!(" in organization {org}"),
                (None, None) => String::new(),
            };
            format!("{resource} (using {current} of {quota}){scope}")
        }
        ErrorDetail::PermissionDenied { resource, action } => format!("{action} on {resource}"),
        ErrorDetail::Other(value) => value.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn empty_429_is_rate_limited() {
        let err = ApiError::from_body(429, b"");
        assert_eq!(err.to_string(), "rate limited by the API (429)");
        assert!(err.is_retryable());
        assert_eq!(err.status(), Some(429));
    }

    #[test]
    fn proxy_text_is_kept() {
        let err = ApiError::from_body(
            503,
            b"upstream connect error or disconnect/reset before headers. reset reason: overflow",
        );
        assert!(matches!(err, ApiError::Http { status: 503, .. }));
        assert!(
            err.to_string()
                .starts_with("service unavailable (503): upstream connect error")
        );
        assert!(err.is_retryable());
    }

    #[test]
    fn long_body_is_cut() {
        let body = "x".repeat(5000);
        let ApiError::Http { body, .. } = ApiError::from_body(502, body.as_bytes()) else {
            panic!("expected Http");
        };
        assert!(body.chars().count() <= SNIPPET_CHARS + 1);
    }

    #[test]
    fn message_only_json_is_an_api_error() {
        let err = ApiError::from_body(500, br#"{"message":"internal error"}"#);
        assert_eq!(err.kind(), None);
        assert_eq!(err.to_string(), "API server error (500): internal error");
        assert!(!err.is_retryable());
    }

    #[test]
    fn out_of_stock_is_not_retried() {
        let err = ApiError::from_body(
            503,
            br#"{"message":"resource is out of stock","resource":"server","type":"out_of_stock"}"#,
        );
        assert!(!err.is_retryable());
        assert_eq!(err.to_string(), "out of stock: server");
    }

    #[test]
    fn lost_answers_leave_the_outcome_unknown() {
        let cut = ApiError::Connection {
            endpoint: "POST /x".into(),
            detail: "connection closed before message completed".into(),
            before_send: false,
        };
        assert!(cut.outcome_unknown());
        let refused = ApiError::Connection {
            endpoint: "POST /x".into(),
            detail: "Connection refused".into(),
            before_send: true,
        };
        assert!(!refused.outcome_unknown());
        assert!(
            ApiError::from_body(503, br#"{"message":"upstream connect error"}"#).outcome_unknown()
        );
        assert!(!ApiError::from_body(429, b"").outcome_unknown());
        assert!(
            !ApiError::from_body(503, br#"{"message":"no","type":"out_of_stock"}"#)
                .outcome_unknown()
        );
        assert!(
            !ApiError::from_body(400, br#"{"message":"bad","type":"invalid_arguments"}"#)
                .outcome_unknown()
        );
    }

    #[test]
    fn transport_errors_read_well() {
        let t = ApiError::Timeout {
            endpoint: "GET /instance/v1/zones/fr-par-1/servers".into(),
        };
        assert!(t.is_retryable());
        assert_eq!(t.status(), None);
        assert!(t.to_string().contains("no answer in time"));
        let d = ApiError::Decode {
            endpoint: "GET /x".into(),
            detail: "missing field `id`".into(),
        };
        assert!(!d.is_retryable());
        assert!(d.to_string().contains("GET /x"));
    }
}
