//! The Scaleway HTTP client. Free of any UI: the dashboard, `list` and the tests
//! all use it the same way.

pub mod block;
pub mod client;
pub mod error;
pub mod fanout;
pub mod id_map;
pub mod instance;
pub mod ipam;
pub mod locality;
pub mod models;
mod page;
pub mod path;
pub mod retry;
pub mod reuse;
pub mod secret;
pub mod vpc;

pub use client::{Client, ClientConfig};
pub use error::ApiError;
pub use locality::{Product, Region, RegionScope, Zone, ZoneScope};
pub use retry::{BackoffEvent, RetryPolicy};
pub use secret::{AccessKey, SecretKey};
