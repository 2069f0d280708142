//! Block volumes (Block API): zoned, attached to at most one server.

mod actions;
mod api;
pub mod details;
pub mod row;

use futures::future::BoxFuture;

use crate::api::Client;
use crate::api::locality::{Product, Region, Zone};
use crate::app::details::Lines;
use crate::app::editing::{Catalog, FormAt, Selected};
use crate::app::inventory::{Inventory, Joins, merge, same_names, zone_of};
use crate::app::table::Column;
use crate::app::{Choice, Locality, Mode, PendingAction, RowRef, State};
use crate::keymap::Command;

use crate::exec::Reuse;
use crate::list::{Listing, Scope};

use super::{About, Batch, Deleting, Fetched, Kind, rows_of};

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

    fn selected<'a>(&self, inventory: &'a Inventory, id: &str) -> Selected<'a> {
        inventory
            .volumes
            .get(id)
            .map_or(Selected::None, |v| Selected::Volume(v))
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
        zones: &'a [Zone],
        _regions: &'a [Region],
        reuse: &'a Reuse,
    ) -> BoxFuture<'a, Fetched> {
        Box::pin(api::fetch(client, zones, reuse))
    }

    fn list<'a>(&'a self, client: &'a Client, scope: &'a Scope) -> BoxFuture<'a, Listing> {
        Box::pin(api::list(client, scope))
    }

    fn delete<'a>(&'a self, client: &'a Client, at: Locality, id: &'a str) -> Option<Deleting<'a>> {
        Some(Box::pin(api::delete(client, at.zone()?, id)))
    }
}
