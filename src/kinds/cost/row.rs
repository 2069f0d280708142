//! A line of the cost view as a table row. Its id says what it names
//! (`server/<id>`, `tag/<tag>`, `leak-volume/volumes/<id>`), so Enter and the
//! details find the resource again; the WHAT column sorts the lines in the
//! view's order (servers, tags, zones largest first, then the leaks).

use std::borrow::Cow;

use crate::app::cost::Amount;
use crate::app::cost::breakdown::Line;
use crate::app::cost::leaks::{Leak, LeakKind};
use crate::app::{SortKey, Tab, TableRow};

/// What a line is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Section {
    Server,
    Tag,
    Zone,
    Leak(LeakKind),
}

impl Section {
    /// The WHAT cell.
    pub fn label(self) -> &'static str {
        match self {
            Section::Server => "server",
            Section::Tag => "tag",
            Section::Zone => "zone",
            Section::Leak(LeakKind::UnattachedVolume) => "leak: volume",
            Section::Leak(LeakKind::StoppedWithVolumes) => "leak: stopped",
            Section::Leak(LeakKind::StoppedInPlace) => "leak: in place",
            Section::Leak(LeakKind::NetworkWithoutNic) => "leak: network",
            Section::Leak(LeakKind::UnusedGroup) => "leak: group",
            Section::Leak(LeakKind::EmptyVpc) => "leak: VPC",
        }
    }

    /// The id's prefix.
    fn key(self) -> &'static str {
        match self {
            Section::Server => "server",
            Section::Tag => "tag",
            Section::Zone => "zone",
            Section::Leak(LeakKind::UnattachedVolume) => "leak-volume",
            Section::Leak(LeakKind::StoppedWithVolumes) => "leak-stopped",
            Section::Leak(LeakKind::StoppedInPlace) => "leak-in-place",
            Section::Leak(LeakKind::NetworkWithoutNic) => "leak-network",
            Section::Leak(LeakKind::UnusedGroup) => "leak-group",
            Section::Leak(LeakKind::EmptyVpc) => "leak-vpc",
        }
    }
}

pub struct CostRow {
    id: String,
    pub section: Section,
    /// Its place in the view (the WHAT column sorts by it).
    position: usize,
    name: String,
    pub monthly: Amount,
    pub detail: String,
}

impl CostRow {
    /// A server, tag or zone line.
    pub fn line(section: Section, position: usize, line: Line) -> Self {
        let id = match &line.target {
            Some((tab, id)) => format!("{}/{}/{id}", section.key(), tab.about().key),
            None => format!("{}/{}", section.key(), line.label),
        };
        CostRow {
            id,
            section,
            position,
            name: line.label,
            monthly: line.monthly,
            detail: line.detail,
        }
    }

    pub fn leak(position: usize, leak: Leak) -> Self {
        let section = Section::Leak(leak.kind);
        let (tab, id) = &leak.target;
        CostRow {
            id: format!("{}/{}/{id}", section.key(), tab.about().key),
            section,
            position,
            name: leak.label,
            monthly: leak.monthly,
            detail: leak.detail,
        }
    }
}

/// The resource a line's id names: `server/servers/<id>` is the server
/// `<id>`; a tag or zone line names none.
pub fn target(row_id: &str) -> Option<(Tab, &str)> {
    let mut parts = row_id.splitn(3, '/');
    let section = parts.next()?;
    // Tag and zone lines hold a name from the API after their prefix,
    // which could read like a tab and an id: only these name resources.
    if section != Section::Server.key() && !section.starts_with("leak-") {
        return None;
    }
    let tab = Tab::from_key(parts.next()?)?;
    Some((tab, parts.next()?))
}

impl TableRow for CostRow {
    fn id(&self) -> &str {
        &self.id
    }

    fn name(&self) -> Cow<'_, str> {
        Cow::Borrowed(&self.name)
    }

    fn cell(&self, column: &str) -> Cow<'_, str> {
        match column {
            "section" => Cow::Borrowed(self.section.label()),
            "name" => Cow::Borrowed(&self.name),
            "monthly" => Cow::Owned(self.monthly.monthly()),
            "detail" => Cow::Borrowed(&self.detail),
            _ => Cow::Borrowed(""),
        }
    }

    fn sort_key(&self, column: &str) -> SortKey {
        match column {
            "section" => SortKey::Number(self.position as f64),
            "monthly" if self.monthly.is_unknown() => SortKey::Missing,
            "monthly" => SortKey::Number(self.monthly.sort_value()),
            _ => SortKey::text(&self.cell(column)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_id_names_its_resource_or_nothing() {
        let line = Line {
            label: "web-1".into(),
            detail: String::new(),
            monthly: Amount::known(1.0),
            target: Some((Tab::Servers, "abc".into())),
        };
        let row = CostRow::line(Section::Server, 0, line);
        assert_eq!(row.id(), "server/servers/abc");
        assert_eq!(target(row.id()), Some((Tab::Servers, "abc")));
        let tag = Line {
            label: "x/servers/abc".into(),
            detail: String::new(),
            monthly: Amount::known(1.0),
            target: None,
        };
        let row = CostRow::line(Section::Tag, 1, tag);
        assert_eq!(row.id(), "tag/x/servers/abc");
        assert_eq!(target(row.id()), None, "a tag names no resource");
    }
}
