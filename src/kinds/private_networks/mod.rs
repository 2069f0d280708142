//! Private networks (VPC API): regional, inside a VPC, joined by servers'
//! private NICs.

pub mod details;
pub mod row;

use crate::api::locality::Product;
use crate::app::details::Lines;
use crate::app::inventory::{Inventory, Joins, merge, region_of, same_names};
use crate::app::table::Column;
use crate::app::{Locality, RowRef, State};

use super::{About, Batch, Kind, rows_of};

pub struct PrivateNetworks;

const ABOUT: About = About::regional(
    [
        "private_networks",
        "Private networks",
        "PNs",
        "private network",
    ],
    Product::Vpc,
    &[
        Column::new("name", "NAME", 20, 0),
        Column::new("id", "ID", 36, 6),
        Column::new("region", "REGION", 7, 2),
        Column::new("vpc", "VPC", 16, 3),
        Column::new("subnets", "SUBNETS", 20, 1),
        Column::new("servers", "SERVERS", 8, 3),
        Column::new("tags", "TAGS", 16, 5),
        Column::new("project", "PROJECT", 36, 6),
        Column::new("created", "CREATED", 10, 6),
    ],
);

impl Kind for PrivateNetworks {
    fn about(&self) -> &'static About {
        &ABOUT
    }

    fn rows(&self, inventory: &Inventory) -> Vec<RowRef> {
        rows_of(&inventory.private_networks, &inventory.joins, row::row)
    }

    fn details(&self, state: &State, id: &str) -> Option<Lines> {
        details::lines(state, id)
    }

    fn merge(&self, inventory: &mut Inventory, batch: Batch, fetched: &[Locality]) -> bool {
        if let Batch::PrivateNetworks(fresh) = batch {
            merge(
                &mut inventory.private_networks,
                fresh,
                fetched,
                |s| &s.id,
                |s| region_of(&s.region),
            )
        } else {
            false
        }
    }

    /// VPC names (VPC) and NIC counts (SERVERS).
    fn joins_changed(&self, old: &Joins, new: &Joins) -> bool {
        !same_names(&old.vpcs, &new.vpcs, |v| &v.name)
            || new.nics_per_network != old.nics_per_network
    }
}
