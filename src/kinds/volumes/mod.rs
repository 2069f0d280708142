//! Block volumes (Block API): zoned, attached to at most one server.

pub mod details;
pub mod row;

use crate::api::locality::Product;
use crate::app::details::Lines;
use crate::app::inventory::{Inventory, Joins, merge, same_names, zone_of};
use crate::app::table::Column;
use crate::app::{Locality, RowRef, State};

use super::{About, Batch, Kind, rows_of};

pub struct Volumes;

const ABOUT: About = About::zoned(
    ["volumes", "Volumes", "Volumes", "volume"],
    Product::Block,
    &[
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
);

impl Kind for Volumes {
    fn about(&self) -> &'static About {
        &ABOUT
    }

    fn rows(&self, inventory: &Inventory) -> Vec<RowRef> {
        rows_of(&inventory.volumes, &inventory.joins, row::row)
    }

    fn details(&self, state: &State, id: &str) -> Option<Lines> {
        details::lines(state, id)
    }

    fn merge(&self, inventory: &mut Inventory, batch: Batch, fetched: &[Locality]) -> bool {
        if let Batch::Volumes(fresh) = batch {
            merge(
                &mut inventory.volumes,
                fresh,
                fetched,
                |s| &s.id,
                |s| zone_of(&s.zone),
            )
        } else {
            false
        }
    }

    /// Server names (SERVER).
    fn joins_changed(&self, old: &Joins, new: &Joins) -> bool {
        !same_names(&old.servers, &new.servers, |s| &s.name)
    }
}
