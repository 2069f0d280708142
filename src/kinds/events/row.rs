//! An event as a row: its age (or "away"), the kind and name of the
//! resource, the change in words, where. The age column sorts newest first.

use std::borrow::Cow;
use std::sync::Arc;
use std::time::Instant;

use crate::app::events::{Change, Event, When};
use crate::app::{Locality, RowRef, SortKey, TableRow};
use crate::theme::RowClass;

pub struct EventRow {
    event: Event,
    id: String,
    age: String,
}

pub fn row(event: Event, now: Option<Instant>) -> RowRef {
    Arc::new(EventRow {
        id: format!("event-{}", event.seq),
        age: age(&event, now),
        event,
    })
}

/// The event a row id names.
pub fn seq_of(row_id: &str) -> Option<u64> {
    row_id.strip_prefix("event-")?.parse().ok()
}

/// "12s", "3m", "2h", "1d" since it was seen; "away" for what changed while
/// the dashboard was closed.
pub fn age(event: &Event, now: Option<Instant>) -> String {
    let When::Seen(seen) = event.when else {
        return "away".to_string();
    };
    let secs = match (seen, now) {
        (Some(seen), Some(now)) => now.saturating_duration_since(seen).as_secs(),
        _ => 0,
    };
    match secs {
        s if s < 60 => format!("{s}s"),
        s if s < 3600 => format!("{}m", s / 60),
        s if s < 86_400 => format!("{}h", s / 3600),
        s => format!("{}d", s / 86_400),
    }
}

impl TableRow for EventRow {
    fn id(&self) -> &str {
        &self.id
    }

    fn name(&self) -> Cow<'_, str> {
        Cow::Borrowed(&self.event.name)
    }

    fn cell(&self, column: &str) -> Cow<'_, str> {
        let e = &self.event;
        match column {
            "age" => Cow::Borrowed(&self.age),
            "kind" => Cow::Borrowed(e.tab.noun()),
            "name" => Cow::Borrowed(&e.name),
            "change" => Cow::Owned(e.change.to_string()),
            "zone" => Cow::Owned(e.locality.map(|l| l.to_string()).unwrap_or_default()),
            "id" => Cow::Borrowed(&e.id),
            _ => Cow::Borrowed(""),
        }
    }

    /// Created reads as good news, deleted as a loss; the rest as is.
    fn class(&self) -> RowClass {
        match self.event.change {
            Change::Created => RowClass::Ok,
            Change::Deleted => RowClass::Error,
            _ => RowClass::Neutral,
        }
    }

    /// Newest first when sorted by age, ascending.
    fn sort_key(&self, column: &str) -> SortKey {
        match column {
            "age" => SortKey::Number(-(self.event.seq as f64)),
            other => SortKey::text(&self.cell(other)),
        }
    }

    fn locality(&self) -> Option<Locality> {
        self.event.locality
    }
}
