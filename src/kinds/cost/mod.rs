//! The cost view (`:cost`): where the money goes, largest first (per
//! server, per tag, per zone), then the leaks, each with its month; Enter
//! goes to the resource a line names. A view: no API, its rows read the
//! inventory's costs (`app::cost`) whenever the tabs it reads change.

pub mod details;
pub mod row;

use std::sync::Arc;

use crate::api::locality::ZoneScope;
use crate::app::cost::breakdown::Breakdown;
use crate::app::cost::leaks::{self, Leak};
use crate::app::table::Column;
use crate::app::{RowRef, State};

use super::{About, Enter, Kind};
use crate::keymap::{Command, Context};
use row::{CostRow, Section};

pub static KIND: Kind = Kind {
    about: About {
        key: "cost",
        title: "Cost",
        short_title: "Cost",
        noun: "cost line",
        plural: "cost",
        names: &["cost", "costs"],
        columns: &[
            Column::new("section", "WHAT", 14, 0),
            Column::new("name", "NAME", 18, 0),
            Column::new("monthly", "€/MONTH", 10, 0),
            Column::new("detail", "WHY", 30, 1),
        ],
    },
    rows,
    details: details::lines,
    joins_changed: |old, new| !Arc::ptr_eq(&old.costs, &new.costs) && old.costs != new.costs,
    reads: super::FLEET,
    enter: Enter::Jump(|state, id| {
        let (tab, id) = row::target(id)?;
        crate::app::jump::target(state, tab, id)
    }),
    hints: &[
        (Context::Normal, Command::Filter, "filter"),
        (Context::Normal, Command::SortNext, "sort"),
        (Context::Normal, Command::Details, "go to"),
        (Context::Normal, Command::UsedBy, "used by"),
        (Context::Normal, Command::PickZone, "zone"),
    ],
    api: None,
};

/// The leaks of the fleet in scope, now (the topology's orphans are some
/// of them).
pub fn leaks(state: &State) -> Vec<Leak> {
    leaks::find(&leaks::Fleet {
        inventory: &state.inventory,
        now: state.wall_now(),
        stopped_days: state.stopped_days,
        all_zones: state.zone == ZoneScope::All,
    })
}

fn rows(state: &State) -> Vec<RowRef> {
    let inv = &state.inventory;
    let b = Breakdown::build(&inv.servers, &inv.volumes, &inv.joins.costs);
    let sections = [
        (Section::Server, b.servers),
        (Section::Tag, b.tags),
        (Section::Zone, b.zones),
    ];
    let mut out: Vec<RowRef> = Vec::new();
    for (section, lines) in sections {
        for line in lines {
            let position = out.len();
            out.push(Arc::new(CostRow::line(section, position, line)));
        }
    }
    for leak in leaks(state) {
        let position = out.len();
        out.push(Arc::new(CostRow::leak(position, leak)));
    }
    out
}
