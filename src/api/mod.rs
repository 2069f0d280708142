//! The Scaleway HTTP client. Free of any UI: the dashboard, `list` and the tests
//! all use it the same way.

pub mod locality;
pub mod models;

pub use locality::{Product, Region, RegionScope, Zone, ZoneScope};
