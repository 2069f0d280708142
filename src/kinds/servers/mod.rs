//! Servers (Instance API): the zoned kind with power actions, volumes and
//! private NICs.

mod actions;
mod api;
pub mod details;
pub mod row;

use std::sync::Arc;

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

pub struct Servers;

const ABOUT: About = About::zoned(
    ["servers", "Servers", "Servers", "server"],
    Product::Instance,
    &[
        Column::new("name", "NAME", 18, 0),
        Column::new("id", "ID", 36, 6),
        Column::state("state", "STATE", 14),
        Column::new("type", "TYPE", 14, 1),
        Column::new("zone", "ZONE", 9, 2),
        Column::new("public_ip", "PUBLIC IP", 15, 3),
        Column::new("private_ip", "PRIVATE IP", 15, 5),
        Column::new("private_nets", "PRIVATE NETS", 14, 4),
        Column::new("volumes", "VOLS", 4, 5),
        Column::new("security_group", "SECURITY GROUP", 16, 5),
        Column::new("image", "IMAGE", 16, 5),
        Column::new("arch", "ARCH", 6, 6),
        Column::new("tags", "TAGS", 16, 5),
        Column::new("project", "PROJECT", 36, 6),
        Column::new("created", "CREATED", 10, 6),
        Column::new("price", "PRICE", 11, 4),
    ],
);

impl Kind for Servers {
    fn about(&self) -> &'static About {
        &ABOUT
    }

    fn rows(&self, inventory: &Inventory) -> Vec<RowRef> {
        rows_of(&inventory.servers, &inventory.joins, row::row)
    }

    fn details(&self, state: &State, id: &str) -> Option<Lines> {
        details::lines(state, id)
    }

    fn merge(&self, inventory: &mut Inventory, batch: Batch, fetched: &[Locality]) -> bool {
        if let Batch::Servers(fresh) = batch {
            merge(
                &mut inventory.servers,
                fresh,
                fetched,
                |s| &s.id,
                |s| zone_of(&s.zone),
            )
        } else {
            false
        }
    }

    /// Network names (PRIVATE NETS), prices (PRICE) and the NICs'
    /// addresses (PRIVATE IP).
    fn joins_changed(&self, old: &Joins, new: &Joins) -> bool {
        !same_names(&old.private_networks, &new.private_networks, |p| &p.name)
            || new.prices != old.prices
            || (!Arc::ptr_eq(&old.private_ips, &new.private_ips)
                && old.private_ips != new.private_ips)
    }

    fn selected<'a>(&self, inventory: &'a Inventory, id: &str) -> Selected<'a> {
        inventory
            .servers
            .get(id)
            .map_or(Selected::None, |s| Selected::Server(s))
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
