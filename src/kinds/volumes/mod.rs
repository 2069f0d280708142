//! Block volumes (Block API): zoned, attached to at most one server.

mod actions;
mod api;
pub mod details;
mod facts;
pub mod row;

use crate::api::block;
use crate::api::locality::Product;
use crate::app::editing::Selected;
use crate::app::inventory::same_names;
use crate::app::table::Column;

use super::{About, Api, Enter, Kind, fetch_one, merge_into, pick, rows_of};

pub static KIND: Kind = Kind {
    about: About {
        key: "volumes",
        title: "Volumes",
        short_title: "Volumes",
        noun: "volume",
        plural: "volumes",
        names: &["volumes", "vol", "volume"],
        columns: &[
            Column::new("name", "NAME", 18, 0),
            Column::new("id", "ID", 36, 6),
            Column::state("status", "STATUS", 14),
            Column::new("size", "SIZE", 8, 1),
            Column::new("iops", "IOPS", 6, 3),
            Column::new("zone", "ZONE", 9, 2),
            Column::new("server", "SERVER", 16, 1),
            Column::new("tags", "TAGS", 16, 5),
            Column::new("project", "PROJECT", 36, 6),
            Column::new("created", "CREATED", 10, 6),
        ],
    },
    rows: |state| rows_of(&state.inventory.volumes, &state.inventory.joins, row::row),
    details: details::lines,
    // Server names (SERVER).
    joins_changed: |old, new| !same_names(&old.servers, &new.servers, |s| &s.name),
    reads: &[],
    enter: Enter::ToggleDetails,
    hints: super::TABLE_HINTS,
    api: Some(Api {
        product: Product::Block,
        regional: false,
        merge: merge_into!(Volumes, volumes, zone),
        selected: |inventory, id| pick(&inventory.volumes, id, Selected::Volume),
        open: actions::open,
        delete_choices: actions::delete_choices,
        fetch: |client, zones, _regions, reuse| Box::pin(api::fetch(client, zones, reuse)),
        fetch_one: fetch_one!(zone, block::get_volume_summary, Volumes),
        list: |client, scope| Box::pin(api::list(client, scope)),
        delete: |client, at, id| Some(Box::pin(api::delete(client, at.zone()?, id))),
        // `scw block volume delete` takes the id as `volume-id=`.
        scw_delete: |id| {
            super::scw_words(&["block", "volume", "delete"], &format!("volume-id={id}"))
        },
        tracked: |inventory| inventory.volumes.clone(),
        used_by: Some(crate::app::used_by::volume_users),
        along: |_, _| None,
        prepare: super::needs_nothing,
    }),
};
