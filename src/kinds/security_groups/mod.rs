//! Security groups (Instance API): zoned, with rules fetched per group.

mod actions;
mod api;
pub mod details;
mod facts;
pub mod row;

use crate::api::instance;
use crate::api::locality::Product;
use crate::app::editing::Selected;
use crate::app::table::Column;

use super::{About, Api, Enter, Kind, fetch_one, merge_into, rows_of};

pub static KIND: Kind = Kind {
    about: About {
        key: "security_groups",
        title: "Security groups",
        short_title: "SGs",
        noun: "security group",
        plural: "security groups",
        names: &["security-groups", "sg", "sgs"],
        columns: &[
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
    },
    rows: |state| {
        rows_of(
            &state.inventory.security_groups,
            &state.inventory.joins,
            row::row,
        )
    },
    details: details::lines,
    // Rule counts (RULES), known once a group's rules were fetched, or
    // the failure to fetch them.
    joins_changed: |old, new| {
        new.rules_per_group != old.rules_per_group || new.rules_failed != old.rules_failed
    },
    reads: &[],
    enter: Enter::ToggleDetails,
    hints: super::TABLE_HINTS,
    api: Some(Api {
        product: Product::Instance,
        regional: false,
        merge: merge_into!(SecurityGroups, security_groups, zone),
        selected: |inventory, id| match inventory.security_groups.get(id) {
            Some(g) => Selected::SecurityGroup(g, inventory.rules.get(id).map(|r| r.as_slice())),
            None => Selected::None,
        },
        open: actions::open,
        delete_choices: actions::delete_choices,
        fetch: |client, zones, _regions, _reuse| Box::pin(api::fetch(client, zones)),
        fetch_one: fetch_one!(zone, instance::get_security_group, SecurityGroups),
        list: |client, scope| Box::pin(api::list(client, scope)),
        delete: |client, at, id| Some(Box::pin(api::delete(client, at.zone()?, id))),
        scw_delete: |id| super::scw_words(&["instance", "security-group", "delete"], id),
        tracked: |inventory| inventory.security_groups.clone(),
        used_by: Some(crate::app::used_by::group_users),
        along: |_, _| None,
        prepare: actions::prepare,
    }),
};
