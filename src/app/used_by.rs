//! "Used by" (`u`): the reverse question from a security group, a private
//! network or a volume: which servers use it. Read from the inventory (the
//! servers in scope) and, for groups, the API's own list of the group's
//! servers (which names servers of other scopes too).

use super::inventory::{Inventory, zone_of};
use super::private_ips::PrivateIps;
use super::{Locality, Tab};

/// The "used by" menu: what uses `title`'s resource, one line each.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UsedByMenu {
    /// "web (security group)".
    pub title: String,
    pub users: Vec<User>,
    pub cursor: usize,
}

/// One user of a resource: where choosing it goes, and how it reads.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct User {
    pub tab: Tab,
    pub id: String,
    /// A name from the API.
    pub name: String,
    /// Its state and zone, its address on the network.
    pub detail: String,
    /// Where it lives (a jump there changes the zone scope when needed).
    pub at: Option<Locality>,
}

/// The users of the resource `id` shown on `tab`, or `None` when that kind
/// of resource has no users to list (servers, VPCs: their own details say
/// what they hold).
pub fn users(inventory: &Inventory, tab: Tab, id: &str) -> Option<Vec<User>> {
    let mut users = (tab.api()?.used_by?)(inventory, id);
    users.sort_by(|a, b| a.name.cmp(&b.name).then_with(|| a.id.cmp(&b.id)));
    users.dedup_by(|a, b| a.id == b.id);
    Some(users)
}

fn server_user(s: &crate::api::models::ServerSummary, detail: String) -> User {
    User {
        tab: Tab::Servers,
        id: s.id.to_string(),
        name: s.name.to_string(),
        detail,
        at: zone_of(&s.zone),
    }
}

pub(crate) fn group_users(inventory: &Inventory, id: &str) -> Vec<User> {
    let mut users: Vec<User> = inventory
        .servers
        .values()
        .filter(|s| {
            s.security_group
                .as_ref()
                .is_some_and(|g| g.id.as_str() == id)
        })
        .map(|s| server_user(s, format!("{} {}", s.state.as_str(), s.zone)))
        .collect();
    // The group's own list: servers this scope does not hold.
    if let Some(group) = inventory.security_groups.get(id) {
        for (member, name) in group.servers.iter() {
            if !inventory.servers.contains_key(&member) {
                users.push(User {
                    tab: Tab::Servers,
                    id: member.to_string(),
                    name: name.to_string(),
                    detail: format!("{} (not in this scope)", group.zone),
                    at: zone_of(&group.zone),
                });
            }
        }
    }
    users
}

pub(crate) fn network_users(inventory: &Inventory, id: &str) -> Vec<User> {
    let ips: &PrivateIps = &inventory.private_ips;
    inventory
        .joins
        .network_servers
        .get(id)
        .into_iter()
        .flatten()
        .map(|s| {
            let addresses: Vec<&str> = s
                .private_nics
                .iter()
                .filter(|n| n.private_network_id.as_str() == id)
                .filter_map(|n| ips.of(&n.id))
                .flatten()
                .map(|a| &**a)
                .collect();
            let mut detail = format!("{} {}", s.state.as_str(), s.zone);
            if !addresses.is_empty() {
                detail.push(' ');
                detail.push_str(&addresses.join(" "));
            }
            server_user(s, detail)
        })
        .collect()
}

pub(crate) fn volume_users(inventory: &Inventory, id: &str) -> Vec<User> {
    let by_reference = inventory
        .volumes
        .get(id)
        .and_then(|v| v.attached_server_id())
        .map(str::to_string);
    inventory
        .servers
        .values()
        .filter(|s| s.has_volume(id) || by_reference.as_deref() == Some(s.id.as_str()))
        .map(|s| {
            let slot = s
                .volumes_in_order()
                .find(|(_, v)| v.id == id)
                .map(|(slot, _)| if slot == "0" { ", boot volume" } else { "" })
                .unwrap_or("");
            server_user(s, format!("{} {}{slot}", s.state.as_str(), s.zone))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use std::collections::HashMap;
    use std::sync::Arc;

    use serde_json::json;

    use super::*;
    use crate::app::cost::tests::{group, inventory as fleet, models, nic, server_with, volume};

    fn inventory() -> Inventory {
        let servers = vec![
            server_with(
                "web",
                "running",
                "DEV1-S",
                "fr-par-1",
                json!({"0": {"id": "root", "volume_type": "sbs_volume"}}),
                json!({"security_group": {"id": "sg", "name": "web"},
                       "private_nics": [nic("n1", "pn")]}),
            ),
            server_with(
                "api",
                "stopped",
                "DEV1-S",
                "fr-par-1",
                json!({"0": {"id": "api-root", "volume_type": "sbs_volume"},
                       "1": {"id": "shared", "volume_type": "sbs_volume"}}),
                json!({"security_group": {"id": "sg", "name": "web"},
                       "private_nics": [nic("n2", "pn"), nic("n3", "other")]}),
            ),
        ];
        let volumes = vec![
            volume("root", "sbs_5k", 20, "fr-par-1", Some("web")),
            volume("spare", "sbs_5k", 20, "fr-par-1", None),
        ];
        let mut inv = fleet(servers, volumes, &[]);
        inv.security_groups = models(vec![group(
            "sg",
            "fr-par-1",
            false,
            json!([{"id": "web", "name": "web"}, {"id": "far", "name": "far-away"}]),
        )]);
        let mut ips = PrivateIps::default();
        ips.apply(
            crate::api::locality::Region::FrPar,
            Ok(HashMap::from([("n1".to_string(), vec!["172.16.0.2".to_string()])]).into()),
        );
        inv.private_ips = Arc::new(ips);
        inv.joins = Arc::new(inv.build_joins());
        inv
    }

    fn names(users: Option<Vec<User>>) -> Vec<(String, String)> {
        users
            .unwrap()
            .into_iter()
            .map(|u| (u.name, u.detail))
            .collect()
    }

    fn pair(a: &str, b: &str) -> (String, String) {
        (a.to_string(), b.to_string())
    }

    #[test]
    fn a_group_lists_its_servers_even_out_of_scope() {
        assert_eq!(
            names(users(&inventory(), Tab::SecurityGroups, "sg")),
            [
                pair("api", "stopped fr-par-1"),
                pair("far-away", "fr-par-1 (not in this scope)"),
                pair("web", "running fr-par-1"),
            ]
        );
    }

    #[test]
    fn a_network_lists_its_servers_with_their_addresses() {
        assert_eq!(
            names(users(&inventory(), Tab::PrivateNetworks, "pn")),
            [
                pair("api", "stopped fr-par-1"),
                pair("web", "running fr-par-1 172.16.0.2"),
            ]
        );
        assert_eq!(names(users(&inventory(), Tab::PrivateNetworks, "none")), []);
    }

    #[test]
    fn a_volume_lists_its_server() {
        let inv = inventory();
        assert_eq!(
            names(users(&inv, Tab::Volumes, "root")),
            [pair("web", "running fr-par-1, boot volume")]
        );
        assert_eq!(names(users(&inv, Tab::Volumes, "spare")), []);
        // Block does not list it (yet): the server's own slot says so.
        assert_eq!(
            names(users(&inv, Tab::Volumes, "shared")),
            [pair("api", "stopped fr-par-1")]
        );
        let web = users(&inv, Tab::Volumes, "root").unwrap().remove(0);
        assert_eq!((web.tab, web.id.as_str()), (Tab::Servers, "web"));
    }

    #[test]
    fn servers_and_vpcs_have_no_users_to_list() {
        assert_eq!(users(&inventory(), Tab::Servers, "web"), None);
        assert_eq!(users(&inventory(), Tab::Vpcs, "v"), None);
    }
}
