//! The events view (`:events`): what changed, newest first, from the
//! timeline `app::events` keeps. A view, not an API kind: nothing fetches
//! it; its rows are rebuilt when an event is recorded and, while it is
//! shown, as the ages grow. Enter goes to the resource an event names.

mod row;

use crate::app::details::{Lines, push};
use crate::app::events::{Event, When};
use crate::app::table::Column;
use crate::app::{RowRef, State};

use super::{About, Enter, Kind, Target};

pub use row::{EventRow, age};

pub static KIND: Kind = Kind {
    about: About {
        key: "events",
        title: "Events",
        short_title: "Events",
        noun: "event",
        plural: "events",
        names: &["events", "ev"],
        columns: &[
            Column::new("age", "AGE", 5, 0),
            Column::new("kind", "KIND", 8, 1),
            Column::new("name", "NAME", 16, 0),
            Column::new("change", "CHANGE", 24, 0),
            Column::new("zone", "ZONE", 9, 2),
            Column::new("id", "ID", 36, 6),
        ],
    },
    rows,
    details,
    joins_changed: |_, _| false,
    reads: &[],
    enter: Enter::Jump(target),
    hints: super::TABLE_HINTS,
    api: None,
};

fn rows(state: &State) -> Vec<RowRef> {
    state
        .events
        .timeline
        .iter()
        .map(|e| row::row(e.clone(), state.now))
        .collect()
}

fn event<'a>(state: &'a State, row_id: &str) -> Option<&'a Event> {
    let seq = row::seq_of(row_id)?;
    state.events.timeline.iter().find(|e| e.seq == seq)
}

/// The resource the event `row_id` names, where it lives.
fn target(state: &State, row_id: &str) -> Option<Target> {
    let e = event(state, row_id)?;
    Some(Target {
        tab: e.tab,
        id: e.id.clone(),
        name: e.name.clone(),
        at: e.locality,
    })
}

fn details(state: &State, row_id: &str) -> Option<Lines> {
    let e = event(state, row_id)?;
    let mut lines = Lines::new();
    push(&mut lines, "Change", e.change.to_string());
    push(
        &mut lines,
        "Resource",
        format!("{} {}", e.tab.noun(), e.name),
    );
    push(&mut lines, "Its id", e.id.clone());
    if let Some(at) = e.locality {
        push(&mut lines, "Where", at.to_string());
    }
    let when = match e.when {
        When::Seen(_) => format!("{} ago, by a refresh", age(e, state.now)),
        When::Away { since } => format!(
            "while the dashboard was closed (after {})",
            crate::app::events::snapshot::since_label(since, state.events.previous.clock)
        ),
    };
    push(&mut lines, "Seen", when);
    push(&mut lines, "", "Enter goes to it");
    Some(lines)
}
