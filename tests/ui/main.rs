//! Whole-screen snapshots (TestBackend + insta) of every view, form and dialog, and the colours that carry meaning.
#![allow(clippy::unwrap_used)]

#[path = "../common/dash.rs"]
mod dash_common;
#[path = "../common/forms.rs"]
mod forms_common;
#[path = "../common/screen.rs"]
mod screen_common;

mod command_render;
mod dash_render;
mod edit_render;
mod events_render;
mod fleet_render;
mod forms_render;
mod hostile_walk;
mod themes_render;
mod ui_render;
