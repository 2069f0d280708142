//! End to end in process: the pure update, the real executor and client, the simulator.
#![allow(clippy::unwrap_used)]

mod flow_edit;
mod flow_power;
mod faults_mutations;
