//! A node of the topology tree as a table row: the tree column draws the
//! guides, a ▾ / ▸ on open / closed branches and the name; the TREE column
//! sorts in tree order; the filter searches the node's path and content.

use std::borrow::Cow;

use crate::app::topology::view::TreeRow;
use crate::app::{SortKey, Tab, TableRow};
use crate::theme::RowClass;

pub struct TopologyRow {
    /// Its line in the tree (the TREE column sorts by it).
    position: usize,
    row: TreeRow,
    /// Guides, glyph and name, as the TREE cell shows them.
    tree: String,
}

impl TopologyRow {
    pub fn new(position: usize, row: TreeRow) -> Self {
        let glyph = match (row.has_children(), row.open) {
            (false, _) => "  ",
            (true, true) => "▾ ",
            (true, false) => "▸ ",
        };
        let tree = format!("{}{glyph}{}", row.guides, row.node().name);
        TopologyRow {
            position,
            row,
            tree,
        }
    }
}

impl TableRow for TopologyRow {
    fn id(&self) -> &str {
        &self.row.node().key
    }

    fn name(&self) -> Cow<'_, str> {
        Cow::Borrowed(&self.row.node().name)
    }

    fn cell(&self, column: &str) -> Cow<'_, str> {
        match column {
            "tree" => Cow::Borrowed(&self.tree),
            "detail" => Cow::Borrowed(&self.row.node().detail),
            // Not a column: where Enter and `u` go (`tabkey/id`).
            "target" => match &self.row.node().target {
                Some((tab, id)) => Cow::Owned(format!("{}/{id}", tab.about().key)),
                None => Cow::Borrowed(""),
            },
            _ => Cow::Borrowed(""),
        }
    }

    fn class(&self) -> RowClass {
        self.row.node().class
    }

    fn sort_key(&self, column: &str) -> SortKey {
        match column {
            "tree" => SortKey::Number(self.position as f64),
            _ => SortKey::text(&self.cell(column)),
        }
    }

    fn search_text(&self) -> Option<String> {
        Some(self.row.search_text())
    }
}

/// The `target` cell back as a tab and an id.
pub fn parse_target(cell: &str) -> Option<(Tab, String)> {
    let (tab, id) = cell.split_once('/')?;
    Some((Tab::from_key(tab)?, id.to_string()))
}
