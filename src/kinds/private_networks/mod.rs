//! Private networks (VPC API): regional, inside a VPC, joined by servers'
//! private NICs.

mod actions;
mod api;
pub mod details;
mod facts;
pub mod row;

use crate::api::locality::Product;
use crate::api::vpc;
use crate::app::editing::Selected;
use crate::app::inventory::same_names;
use crate::app::table::Column;

use super::{About, Api, Enter, Kind, fetch_one, merge_into, pick, rows_of};

pub static KIND: Kind = Kind {
    about: About {
        key: "private_networks",
        title: "Private networks",
        short_title: "PNs",
        noun: "private network",
        plural: "private networks",
        names: &["private-networks", "pn", "pns"],
        columns: &[
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
    },
    rows: |state| {
        rows_of(
            &state.inventory.private_networks,
            &state.inventory.joins,
            row::row,
        )
    },
    details: details::lines,
    // VPC names (VPC) and NIC counts (SERVERS).
    joins_changed: |old, new| {
        !same_names(&old.vpcs, &new.vpcs, |v| &v.name)
            || new.nics_per_network != old.nics_per_network
    },
    reads: &[],
    enter: Enter::ToggleDetails,
    hints: super::TABLE_HINTS,
    api: Some(Api {
        product: Product::Vpc,
        regional: true,
        merge: merge_into!(PrivateNetworks, private_networks, region),
        selected: |inventory, id| pick(&inventory.private_networks, id, Selected::PrivateNetwork),
        open: actions::open,
        delete_choices: actions::delete_choices,
        fetch: |client, _zones, regions, _reuse| Box::pin(api::fetch(client, regions)),
        fetch_one: fetch_one!(region, vpc::get_private_network, PrivateNetworks),
        list: |client, scope| Box::pin(api::list(client, scope)),
        delete: |client, at, id| Some(Box::pin(api::delete(client, at.region(), id))),
        scw_delete: |id| super::scw_words(&["vpc", "private-network", "delete"], id),
        tracked: |inventory| inventory.private_networks.clone(),
        used_by: Some(crate::app::used_by::network_users),
        along: crate::app::private_ips::along,
        prepare: super::needs_nothing,
    }),
};
