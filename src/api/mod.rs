//! The Scaleway HTTP client. Free of any UI: the dashboard, `list` and the tests
//! all use it the same way.

pub mod locality;
pub mod secret;

pub use locality::{Product, Region, RegionScope, Zone, ZoneScope};
pub use secret::SecretKey;
