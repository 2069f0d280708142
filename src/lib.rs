//! scwdash: a fast, safe terminal dashboard for the Scaleway cloud.
//!
//! The binary (`main.rs`) is a thin shell over this library so that integration
//! tests and benchmarks drive exactly the code users run.

pub mod api;
pub mod app;
pub mod cli;
pub mod commands;
pub mod dashboard;
pub mod event;
pub mod exec;
pub mod history;
pub mod inline_str;
pub mod keymap;
pub mod kinds;
pub mod list;
pub mod logging;
pub mod memory;
pub mod notify;
pub mod profile;
pub mod settings;
pub mod sim;
pub mod snapshot_store;
pub mod terminal;
pub mod text;
pub mod theme;
pub mod ui;
