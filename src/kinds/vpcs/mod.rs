//! VPCs (VPC API): regional containers of private networks.

mod actions;
mod api;
pub mod details;
mod facts;
pub mod row;

use crate::api::locality::Product;
use crate::api::vpc;
use crate::app::editing::Selected;
use crate::app::table::Column;

use super::{About, Api, Enter, Kind, fetch_one, merge_into, pick, rows_of};

pub static KIND: Kind = Kind {
    about: About {
        key: "vpcs",
        title: "VPCs",
        short_title: "VPCs",
        noun: "VPC",
        plural: "VPCs",
        names: &["vpcs", "vpc"],
        columns: &[
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
    },
    rows: |state| rows_of(&state.inventory.vpcs, &state.inventory.joins, row::row),
    details: details::lines,
    // VPC cells read nothing from other kinds.
    joins_changed: |_old, _new| false,
    reads: &[],
    enter: Enter::ToggleDetails,
    hints: super::TABLE_HINTS,
    api: Some(Api {
        product: Product::Vpc,
        regional: true,
        merge: merge_into!(Vpcs, vpcs, region),
        selected: |inventory, id| pick(&inventory.vpcs, id, Selected::Vpc),
        open: actions::open,
        delete_choices: actions::delete_choices,
        fetch: |client, _zones, regions, _reuse| Box::pin(api::fetch(client, regions)),
        fetch_one: fetch_one!(region, vpc::get_vpc, Vpcs),
        list: |client, scope| Box::pin(api::list(client, scope)),
        delete: |client, at, id| Some(Box::pin(api::delete(client, at.region(), id))),
        scw_delete: |id| super::scw_words(&["vpc", "vpc", "delete"], id),
        tracked: |inventory| inventory.vpcs.clone(),
        used_by: None,
        along: |_, _| None,
        prepare: super::needs_nothing,
    }),
};
