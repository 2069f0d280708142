//! The client, the scw configuration and the simulator: typed endpoints against the simulator and a local stub, recorded fixtures, settings files.
#![allow(clippy::unwrap_used)]

#[path = "../common/fixtures.rs"]
mod fixtures_common;

mod api_sim;
mod client_transport;
mod config_scw;
mod config_settings;
mod error_fixtures;
mod exec_fetch;
mod fixtures_parse;
mod hostile_api;
mod ipam_sim;
mod sim_http;
