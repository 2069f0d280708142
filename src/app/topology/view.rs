//! The tree as rows: which branches are open (each node's default, flipped
//! by the user's toggles, kept by node key across refreshes) and the tree
//! drawn with guides (`├─`, `└─`, `│`). A row's search text holds its
//! ancestors' and descendants' names too, so the filter keeps a match's path
//! and a matching branch's content on screen; it is made only when a filter
//! asks for it (a row points into the shared tree, it copies nothing).

use std::collections::HashSet;
use std::sync::Arc;

use super::Node;

/// Which nodes the user opened or closed against their default.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Toggles {
    flipped: HashSet<String>,
}

impl Toggles {
    pub fn is_open(&self, node: &Node) -> bool {
        node.open_by_default() != self.flipped.contains(&node.key)
    }

    /// Opens (`true`) or closes the node; whether that changed anything.
    pub fn set(&mut self, node: &Node, open: bool) -> bool {
        if self.is_open(node) == open {
            return false;
        }
        if !self.flipped.remove(&node.key) {
            self.flipped.insert(node.key.clone());
        }
        true
    }
}

/// One line of the tree on screen: a node of the shared tree by its path.
#[derive(Debug, Clone)]
pub struct TreeRow {
    tree: Arc<Vec<Node>>,
    /// Child indices from the roots down to the node.
    path: Vec<usize>,
    /// The guides before the node's name: `│  ├─ `.
    pub guides: String,
    pub open: bool,
}

impl TreeRow {
    pub fn node(&self) -> &Node {
        self.nodes().last().copied().unwrap_or(&EMPTY)
    }

    /// The nodes from the root down to this one.
    fn nodes(&self) -> Vec<&Node> {
        let mut out = Vec::with_capacity(self.path.len());
        let mut level: &[Node] = &self.tree;
        for &i in &self.path {
            let Some(node) = level.get(i) else { break };
            out.push(node);
            level = &node.children;
        }
        out
    }

    pub fn depth(&self) -> usize {
        self.path.len().saturating_sub(1)
    }

    pub fn has_children(&self) -> bool {
        !self.node().children.is_empty()
    }

    /// The key of the branch holding this node.
    pub fn parent_key(&self) -> Option<&str> {
        let nodes = self.nodes();
        let n = nodes.len();
        (n >= 2).then(|| nodes[n - 2].key.as_str())
    }

    /// Lower-cased names and details of the node, its ancestors and all its
    /// descendants (open or not).
    pub fn search_text(&self) -> String {
        let mut text = String::new();
        for node in self.nodes() {
            push_text(node, &mut text);
        }
        subtree_text(self.node(), &mut text);
        text
    }
}

static EMPTY: Node = Node {
    key: String::new(),
    kind: super::NodeKind::Orphans,
    name: String::new(),
    detail: String::new(),
    class: crate::theme::RowClass::Neutral,
    target: None,
    children: Vec::new(),
};

fn push_text(node: &Node, out: &mut String) {
    out.push('\n');
    out.push_str(&node.name.to_lowercase());
    out.push(' ');
    out.push_str(&node.detail.to_lowercase());
}

fn subtree_text(node: &Node, out: &mut String) {
    for child in &node.children {
        push_text(child, out);
        subtree_text(child, out);
    }
}

/// The rows of `tree` with the branches `toggles` leaves open.
pub fn rows(tree: &Arc<Vec<Node>>, toggles: &Toggles) -> Vec<TreeRow> {
    let mut out = Vec::new();
    walk(tree, &tree[..], toggles, &mut out, &mut Vec::new(), "");
    out
}

fn walk(
    tree: &Arc<Vec<Node>>,
    level: &[Node],
    toggles: &Toggles,
    out: &mut Vec<TreeRow>,
    path: &mut Vec<usize>,
    guides: &str,
) {
    let count = level.len();
    for (i, node) in level.iter().enumerate() {
        let last = i + 1 == count;
        let top = path.is_empty();
        let branch = match (top, last) {
            (true, _) => "",
            (false, true) => "└─ ",
            (false, false) => "├─ ",
        };
        let open = toggles.is_open(node);
        path.push(i);
        out.push(TreeRow {
            tree: tree.clone(),
            path: path.clone(),
            guides: format!("{guides}{branch}"),
            open,
        });
        if open {
            let inner = match (top, last) {
                (true, _) => String::new(),
                (false, true) => format!("{guides}   "),
                (false, false) => format!("{guides}│  "),
            };
            walk(tree, &node.children, toggles, out, path, &inner);
        }
        path.pop();
    }
}

/// The node `key` in `tree`.
pub fn find<'a>(tree: &'a [Node], key: &str) -> Option<&'a Node> {
    tree.iter().find_map(|n| {
        if n.key == key {
            Some(n)
        } else if key
            .strip_prefix(n.key.as_str())
            .is_some_and(|rest| rest.starts_with('/'))
        {
            find(&n.children, key)
        } else {
            None
        }
    })
}
