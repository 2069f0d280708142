//! Security groups (Instance API): zoned, with rules fetched per group.

mod actions;
mod api;
pub mod details;
pub mod row;

use futures::future::BoxFuture;

use crate::api::Client;
use crate::api::locality::{Product, Region, Zone};
use crate::app::details::Lines;
use crate::app::editing::{Catalog, FormAt, Selected};
use crate::app::inventory::{Inventory, Joins, merge, zone_of};
use crate::app::table::Column;
use crate::app::{Choice, Locality, Mode, PendingAction, RowRef, State};
use crate::keymap::Command;

use crate::exec::Reuse;
use crate::list::{Listing, Scope};

use super::{About, Batch, Deleting, Fetched, Kind, rows_of};

pub struct SecurityGroups;

const ABOUT: About = About::zoned(
    [
        "security_groups",
        "Security groups",
        "SGs",
        "security group",
    ],
    Product::Instance,
    &[
        Column::new("name", "NAME", 20, 0),
        Column::new("id", "ID", 36, 6),
        Column::new("zone", "ZONE", 9, 2),
        Column::new("inbound_default", "INBOUND", 8, 1),
        Column::new("outbound_default", "OUTBOUND", 9, 1),
        Column::new("stateful", "STATEFUL", 8, 3),
        Column::new("rules", "RULES", 5, 3),
        Column::new("servers", "SERVERS", 8, 2),
        Column::new("tags", "TAGS", 16, 5),
        Column::new("project", "PROJECT", 36, 6),
        Column::new("created", "CREATED", 10, 6),
    ],
);

impl Kind for SecurityGroups {
    fn about(&self) -> &'static About {
        &ABOUT
    }

    fn rows(&self, inventory: &Inventory) -> Vec<RowRef> {
        rows_of(&inventory.security_groups, &inventory.joins, row::row)
    }

    fn details(&self, state: &State, id: &str) -> Option<Lines> {
        details::lines(state, id)
    }

    fn merge(&self, inventory: &mut Inventory, batch: Batch, fetched: &[Locality]) -> bool {
        if let Batch::SecurityGroups(fresh) = batch {
            merge(
                &mut inventory.security_groups,
                fresh,
                fetched,
                |s| &s.id,
                |s| zone_of(&s.zone),
            )
        } else {
            false
        }
    }

    /// Rule counts (RULES), known once a group's rules were fetched, or
    /// the failure to fetch them.
    fn joins_changed(&self, old: &Joins, new: &Joins) -> bool {
        new.rules_per_group != old.rules_per_group || new.rules_failed != old.rules_failed
    }

    fn selected<'a>(&self, inventory: &'a Inventory, id: &str) -> Selected<'a> {
        match inventory.security_groups.get(id) {
            Some(g) => Selected::SecurityGroup(g, inventory.rules.get(id).map(|r| r.as_slice())),
            None => Selected::None,
        }
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
        _reuse: &'a Reuse,
    ) -> BoxFuture<'a, Fetched> {
        Box::pin(api::fetch(client, zones))
    }

    fn list<'a>(&'a self, client: &'a Client, scope: &'a Scope) -> BoxFuture<'a, Listing> {
        Box::pin(api::list(client, scope))
    }

    fn delete<'a>(&'a self, client: &'a Client, at: Locality, id: &'a str) -> Option<Deleting<'a>> {
        Some(Box::pin(api::delete(client, at.zone()?, id)))
    }
}
