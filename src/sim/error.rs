//! Error bodies exactly as the real API writes them (API-FACTS §12).

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde_json::{Value, json};

/// One `details[]` entry of an `invalid_arguments` error.
#[derive(Debug, Clone)]
pub struct ArgError {
    pub argument_name: String,
    pub reason: &'static str,
    pub help_message: String,
}

impl ArgError {
    pub fn new(argument_name: &str, reason: &'static str, help_message: impl Into<String>) -> Self {
        Self {
            argument_name: argument_name.to_string(),
            reason,
            help_message: help_message.into(),
        }
    }
}

/// Every failure the simulator can answer with.
#[derive(Debug, Clone)]
pub enum ApiError {
    Unauthenticated,
    NotFound {
        resource: &'static str,
        id: String,
    },
    InvalidArguments(Vec<ArgError>),
    /// Instance answers refused preconditions with HTTP 400, Block and VPC with 412.
    Precondition {
        status: StatusCode,
        precondition: &'static str,
        help: String,
    },
}

impl ApiError {
    pub fn not_found(resource: &'static str, id: &str) -> Self {
        ApiError::NotFound {
            resource,
            id: id.to_string(),
        }
    }

    pub fn arg(argument_name: &str, reason: &'static str, help: impl Into<String>) -> Self {
        ApiError::InvalidArguments(vec![ArgError::new(argument_name, reason, help)])
    }

    /// Block/VPC: deleting something still used (412).
    pub fn in_use(help: impl Into<String>) -> Self {
        ApiError::Precondition {
            status: StatusCode::PRECONDITION_FAILED,
            precondition: "resource_still_in_use",
            help: help.into(),
        }
    }

    /// Instance: an action or change not possible in the current state (400).
    pub fn not_usable(help: impl Into<String>) -> Self {
        ApiError::Precondition {
            status: StatusCode::BAD_REQUEST,
            precondition: "resource_not_usable",
            help: help.into(),
        }
    }

    /// Instance: deleting or terminating a protected server (400).
    pub fn protected(help: impl Into<String>) -> Self {
        ApiError::Precondition {
            status: StatusCode::BAD_REQUEST,
            precondition: "protected_resource",
            help: help.into(),
        }
    }

    /// Instance: deleting something still used (400).
    pub fn instance_in_use(help: impl Into<String>) -> Self {
        ApiError::Precondition {
            status: StatusCode::BAD_REQUEST,
            precondition: "resource_still_in_use",
            help: help.into(),
        }
    }

    pub fn status_and_body(&self) -> (StatusCode, Value) {
        match self {
            ApiError::Unauthenticated => (
                StatusCode::UNAUTHORIZED,
                json!({"message": "authentication is denied", "method": "api_key", "reason": "not_found", "type": "denied_authentication"}),
            ),
            ApiError::NotFound { resource, id } => (
                StatusCode::NOT_FOUND,
                json!({"message": "resource is not found", "resource": resource, "resource_id": id, "type": "not_found"}),
            ),
            ApiError::InvalidArguments(details) => {
                let details: Vec<Value> = details
                    .iter()
                    .map(|d| json!({"argument_name": d.argument_name, "reason": d.reason, "help_message": d.help_message}))
                    .collect();
                (
                    StatusCode::BAD_REQUEST,
                    json!({"details": details, "message": "invalid argument(s)", "type": "invalid_arguments"}),
                )
            }
            ApiError::Precondition {
                status,
                precondition,
                help,
            } => (
                *status,
                json!({"help_message": help, "message": "precondition is not respected", "precondition": precondition, "type": "precondition_failed"}),
            ),
        }
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let (status, body) = self.status_and_body();
        (status, axum::Json(body)).into_response()
    }
}

pub type ApiResult<T> = Result<T, ApiError>;
