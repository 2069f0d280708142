//! The topology view (`:topology`): the fleet as a tree, region -> VPC ->
//! private network -> server -> volumes and security group, public-only
//! servers and orphans (`app::topology`). Branches open and close with the
//! `[keys.tree]` keys (`app::modes::tree`); Enter on a leaf, or `L` on any
//! node, goes to the resource in its tab. A view: no API, its rows read the
//! inventory whenever the tabs it reads change, and the open branches.

pub mod row;

use std::sync::Arc;

use crate::app::table::Column;
use crate::app::topology::{self, Node, view};

use crate::app::details::{Lines, push};
use crate::app::{RowRef, State};

use super::{About, Enter, Kind, Tab};
use crate::keymap::{Command, Context};

pub static KIND: Kind = Kind {
    about: About {
        key: "topology",
        title: "Topology",
        short_title: "Topo",
        noun: "node",
        plural: "topology",
        names: &["topology", "topo", "xray"],
        columns: &[
            Column::new("tree", "TREE", 34, 0),
            Column::new("detail", "STATE · ADDRESSES · SIZE", 30, 1),
        ],
    },
    rows,
    details,
    joins_changed: |old, new| {
        !Arc::ptr_eq(&old.private_ips, &new.private_ips) && old.private_ips != new.private_ips
    },
    reads: super::FLEET,
    enter: Enter::Jump(target),
    // The tree's own keys come first.
    hints: &[
        (Context::Normal, Command::Filter, "filter"),
        (Context::Tree, Command::OpenNode, "open/close, go"),
        (Context::Tree, Command::Expand, "open"),
        (Context::Tree, Command::Collapse, "close"),
        (Context::Normal, Command::UsedBy, "used by"),
    ],
    api: None,
};

/// The tree of the fleet in scope, with its orphans.
pub fn tree(state: &State) -> Vec<Node> {
    topology::build(&state.inventory, &super::cost::leaks(state))
}

fn rows(state: &State) -> Vec<RowRef> {
    let tree = Arc::new(tree(state));
    view::rows(&tree, &state.topology)
        .into_iter()
        .enumerate()
        .map(|(position, row)| -> RowRef { Arc::new(row::TopologyRow::new(position, row)) })
        .collect()
}

/// The resource the node `key` stands for.
fn target(state: &State, key: &str) -> Option<crate::kinds::Target> {
    let (tab, id) = node_target(state, key)?;
    crate::app::jump::target(state, tab, &id)
}

/// The tab and id of the node `key`'s resource, as its row says.
pub fn node_target(state: &State, key: &str) -> Option<(Tab, String)> {
    let row = crate::app::jump::row_of(state, Tab::Topology, key)?;
    row::parse_target(&row.cell("target"))
}

/// A node's details: what the tree says of it, then its resource's own
/// details (a server's volumes, NICs, cost...).
fn details(state: &State, key: &str) -> Option<Lines> {
    let row = crate::app::jump::row_of(state, Tab::Topology, key)?;
    let mut lines = Lines::new();
    push(&mut lines, "node", row.name());
    let detail = row.cell("detail");
    if !detail.is_empty() {
        push(&mut lines, "", detail);
    }
    if let Some((tab, id)) = row::parse_target(&row.cell("target")) {
        push(&mut lines, "id", id.clone());
        if let Some(own) = (tab.kind().details)(state, &id) {
            lines.extend(own);
        }
    }
    Some(lines)
}
