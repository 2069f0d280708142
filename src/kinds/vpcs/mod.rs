//! VPCs (VPC API): regional containers of private networks.

pub mod details;
pub mod row;

use crate::api::locality::Product;
use crate::app::details::Lines;
use crate::app::inventory::{Inventory, Joins, merge, region_of};
use crate::app::table::Column;
use crate::app::{Locality, RowRef, State};

use super::{About, Batch, Kind, rows_of};

pub struct Vpcs;

const ABOUT: About = About::regional(
    ["vpcs", "VPCs", "VPCs", "VPC"],
    Product::Vpc,
    &[
        Column::new("name", "NAME", 20, 0),
        Column::new("id", "ID", 36, 6),
        Column::new("region", "REGION", 7, 2),
        Column::new("default", "DEFAULT", 8, 3),
        Column::new("private_networks", "NETWORKS", 9, 1),
        Column::new("routing", "ROUTING", 8, 3),
        Column::new("tags", "TAGS", 16, 5),
        Column::new("project", "PROJECT", 36, 6),
        Column::new("created", "CREATED", 10, 6),
    ],
);

impl Kind for Vpcs {
    fn about(&self) -> &'static About {
        &ABOUT
    }

    fn rows(&self, inventory: &Inventory) -> Vec<RowRef> {
        rows_of(&inventory.vpcs, &inventory.joins, row::row)
    }

    fn details(&self, state: &State, id: &str) -> Option<Lines> {
        details::lines(state, id)
    }

    fn merge(&self, inventory: &mut Inventory, batch: Batch, fetched: &[Locality]) -> bool {
        if let Batch::Vpcs(fresh) = batch {
            merge(
                &mut inventory.vpcs,
                fresh,
                fetched,
                |s| &s.id,
                |s| region_of(&s.region),
            )
        } else {
            false
        }
    }

    /// VPC cells read nothing from other kinds.
    fn joins_changed(&self, _old: &Joins, _new: &Joins) -> bool {
        false
    }
}
