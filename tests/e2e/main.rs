//! The real binaries: `list`, configuration errors, secrets, logging, and the dashboard in tmux.
#![allow(clippy::unwrap_used)]

mod command_mode;
mod config_cli;
mod config_logging;
mod e2e_tmux;
mod fleet_tmux;
mod hostile_cli;
mod hostile_world;
mod list_cmd;
mod secrets;
