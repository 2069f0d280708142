//! The pure update(): key paths, results, forms and the rule editor, as plain state-machine tests.
#![allow(clippy::unwrap_used)]

#[path = "../common/dash.rs"]
mod dash_common;
#[path = "../common/forms.rs"]
mod forms_common;

mod attach_delete;
mod browse_update;
mod cli_update;
mod command_update;
mod dash_update;
mod events_update;
mod fleet_update;
mod forms_attach;
mod forms_drift;
mod forms_flow;
mod forms_keys;
mod forms_rules;
mod forms_zone;
mod insight_update;
mod list_keys;
mod mouse_update;
mod polling_update;
mod shell_update;
mod ui_update;
