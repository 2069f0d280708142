//! Servers (Instance API): the zoned kind with power actions, volumes and
//! private NICs.

mod actions;
mod api;
pub mod details;
mod facts;
pub mod row;

pub use api::delete_detached;

use std::sync::Arc;

use crate::api::instance;
use crate::api::locality::Product;
use crate::app::editing::Selected;
use crate::app::inventory::same_names;
use crate::app::table::Column;

use super::{About, Api, Enter, Kind, fetch_one, merge_into, pick, rows_of};

pub static KIND: Kind = Kind {
    about: About {
        key: "servers",
        title: "Servers",
        short_title: "Servers",
        noun: "server",
        plural: "servers",
        names: &["servers", "srv", "server"],
        columns: &[
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
            Column::new("price", "€/MONTH", 9, 2),
        ],
    },
    rows: |state| rows_of(&state.inventory.servers, &state.inventory.joins, row::row),
    details: details::lines,
    // Network names (PRIVATE NETS), costs (PRICE: the type's price, the
    // volumes') and the NICs' addresses (PRIVATE IP).
    joins_changed: |old, new| {
        !same_names(&old.private_networks, &new.private_networks, |p| &p.name)
            || new.costs.differ_besides_servers(&old.costs)
            || (!Arc::ptr_eq(&old.private_ips, &new.private_ips)
                && old.private_ips != new.private_ips)
    },
    reads: &[],
    enter: Enter::ToggleDetails,
    hints: super::SERVER_HINTS,
    api: Some(Api {
        product: Product::Instance,
        regional: false,
        merge: merge_into!(Servers, servers, zone),
        selected: |inventory, id| pick(&inventory.servers, id, Selected::Server),
        open: actions::open,
        delete_choices: actions::delete_choices,
        fetch: |client, zones, _regions, reuse| Box::pin(api::fetch(client, zones, reuse)),
        fetch_one: fetch_one!(zone, instance::get_server_summary, Servers),
        list: |client, scope| Box::pin(api::list(client, scope)),
        delete: |client, at, id| Some(Box::pin(api::delete(client, at.zone()?, id))),
        // `scw instance server delete` deletes the volumes unless told not
        // to; the API's DELETE keeps them.
        scw_delete: |id| {
            let mut words = super::scw_words(&["instance", "server", "delete"], id);
            words.push("with-volumes=none".into());
            words
        },
        tracked: |inventory| inventory.servers.clone(),
        used_by: None,
        along: |_, _| None,
        prepare: actions::prepare,
    }),
};
