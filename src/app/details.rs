//! The detail pane's content: `(label, value)` lines each kind computes from
//! the inventory at render time (`src/kinds/<kind>/details.rs`), joined across
//! APIs. Pure: reads the state, computes lines.

use super::{State, Tab};

pub use crate::kinds::servers::details::{delete_consequences, terminate_consequences};

/// `(label, value)` lines; a label of `""` continues the previous one.
pub type Lines = Vec<(String, String)>;

pub(crate) fn push(lines: &mut Lines, label: &str, value: impl Into<String>) {
    lines.push((label.to_string(), value.into()));
}

/// Several values under one label, one per line.
pub(crate) fn push_list(lines: &mut Lines, label: &str, values: Vec<String>, empty: &str) {
    if values.is_empty() {
        push(lines, label, empty);
    }
    for (i, v) in values.into_iter().enumerate() {
        push(lines, if i == 0 { label } else { "" }, v);
    }
}

/// The joined details of the object `id` shown on `tab`, or `None` when the
/// inventory does not hold it (a test row, or data not loaded yet).
pub fn lines(state: &State, tab: Tab, id: &str) -> Option<Lines> {
    (tab.kind().details)(state, id)
}
