//! End to end in process: the pure update, the real executor and client, the simulator.
#![allow(clippy::unwrap_used)]

#[path = "../common/screen.rs"]
mod screen_common;

mod demo_screens;
mod events_flow;
mod faults_mutations;
mod flow_edit;
mod flow_fleet;
mod flow_forms;
mod flow_power;
mod insight_views;
mod slow_zone;
