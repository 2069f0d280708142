//! VPCs (VPC API): regional containers of private networks.

mod actions;
mod api;
pub mod details;
pub mod row;

use futures::future::BoxFuture;

use crate::api::Client;
use crate::api::locality::{Product, Region, Zone};
use crate::app::details::Lines;
use crate::app::editing::{Catalog, FormAt, Selected};
use crate::app::inventory::{Inventory, Joins, merge, region_of};
use crate::app::table::Column;
use crate::app::{Choice, Locality, Mode, PendingAction, RowRef, State};
use crate::keymap::Command;

use crate::exec::Reuse;
use crate::list::{Listing, Scope};

use super::{About, Batch, Deleting, Fetched, Kind, rows_of};

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

    fn selected<'a>(&self, inventory: &'a Inventory, id: &str) -> Selected<'a> {
        inventory
            .vpcs
            .get(id)
            .map_or(Selected::None, |v| Selected::Vpc(v))
    }

    fn open(
        &self,
        command: Command,
        selected: Selected<'_>,
        at: FormAt,
        catalog: &Catalog<'_>,
    ) -> Option<Result<Mode, String>> {
        actions::open(command, selected, at, catalog)
    }

    fn delete_choices(&self, state: &State, plain: &PendingAction) -> Vec<Choice> {
        actions::delete_choices(state, plain)
    }

    fn fetch<'a>(
        &'a self,
        client: &'a Client,
        _zones: &'a [Zone],
        regions: &'a [Region],
        _reuse: &'a Reuse,
    ) -> BoxFuture<'a, Fetched> {
        Box::pin(api::fetch(client, regions))
    }

    fn list<'a>(&'a self, client: &'a Client, scope: &'a Scope) -> BoxFuture<'a, Listing> {
        Box::pin(api::list(client, scope))
    }

    fn delete<'a>(&'a self, client: &'a Client, at: Locality, id: &'a str) -> Option<Deleting<'a>> {
        Some(Box::pin(api::delete(client, at.region(), id)))
    }
}
