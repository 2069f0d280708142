//! The topology view's tree keys (`[keys.tree]`): open and close branches,
//! move to a branch's first node or its parent, and go to a node's
//! resource. The open branches are the state's (`State::topology`), kept by
//! node key across refreshes; the rows are rebuilt from them.

use crate::app::rebuild::rebuild_rows;
use crate::app::topology::view;
use crate::app::{Effect, State, Tab};
use crate::keymap::Command;
use crate::kinds::topology::{node_target, tree};

/// Runs a tree command on the selected node (the topology tab only).
pub fn command(state: &mut State, command: Command) -> Vec<Effect> {
    if state.tab != Tab::Topology {
        return Vec::new();
    }
    let Some(key) = state.current().selected_id().map(str::to_string) else {
        return Vec::new();
    };
    let nodes = tree(state);
    let Some(node) = view::find(&nodes, &key) else {
        return Vec::new();
    };
    let branch = !node.children.is_empty();
    let open = state.topology.is_open(node);
    match command {
        Command::OpenNode if branch => set_open(state, node, !open),
        Command::OpenNode | Command::GoTo => return go(state, &key),
        Command::Expand if branch && !open => set_open(state, node, true),
        // Open already: into it.
        Command::Expand if branch => state.table_mut(Tab::Topology).move_by(1),
        Command::Collapse if branch && open => set_open(state, node, false),
        Command::Collapse => {
            if let Some((parent, _)) = key.rsplit_once('/') {
                state.table_mut(Tab::Topology).select_id(parent);
            }
        }
        _ => {}
    }
    state.dirty = true;
    Vec::new()
}

fn set_open(state: &mut State, node: &crate::app::topology::Node, open: bool) {
    if state.topology.set(node, open) {
        rebuild_rows(state, Tab::Topology);
    }
}

/// Goes to the resource of the node `key`, when it stands for one.
fn go(state: &mut State, key: &str) -> Vec<Effect> {
    match node_target(state, key).and_then(|(tab, id)| crate::app::jump::target(state, tab, &id)) {
        Some(target) => crate::app::jump::jump_to(state, target),
        None => Vec::new(),
    }
}
