//! The resource kinds the dashboard shows, one tab each, with the columns their
//! tables declare. The resource views fill the cells by these column ids.

use super::table::Column;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Tab {
    Servers,
    Volumes,
    SecurityGroups,
    PrivateNetworks,
    Vpcs,
}

impl Tab {
    pub const ALL: [Tab; 5] = [
        Tab::Servers,
        Tab::Volumes,
        Tab::SecurityGroups,
        Tab::PrivateNetworks,
        Tab::Vpcs,
    ];

    pub fn index(self) -> usize {
        self as usize
    }

    pub fn from_number(n: u8) -> Option<Tab> {
        Tab::ALL.get(usize::from(n).checked_sub(1)?).copied()
    }

    pub fn title(self) -> &'static str {
        match self {
            Tab::Servers => "Servers",
            Tab::Volumes => "Volumes",
            Tab::SecurityGroups => "Security groups",
            Tab::PrivateNetworks => "Private networks",
            Tab::Vpcs => "VPCs",
        }
    }

    /// The singular noun used in dialogs ("Delete volume data-1?").
    pub fn noun(self) -> &'static str {
        match self {
            Tab::Servers => "server",
            Tab::Volumes => "volume",
            Tab::SecurityGroups => "security group",
            Tab::PrivateNetworks => "private network",
            Tab::Vpcs => "VPC",
        }
    }

    /// Regional kinds follow the region of the chosen zone (or all regions).
    pub fn is_regional(self) -> bool {
        matches!(self, Tab::PrivateNetworks | Tab::Vpcs)
    }

    /// The product whose API lists this kind (which zones or regions it
    /// serves).
    pub fn product(self) -> crate::api::locality::Product {
        use crate::api::locality::Product;
        match self {
            Tab::Servers | Tab::SecurityGroups => Product::Instance,
            Tab::Volumes => Product::Block,
            Tab::PrivateNetworks | Tab::Vpcs => Product::Vpc,
        }
    }

    /// Every column the tab can show (`[columns]` in config.toml picks from
    /// these ids; the settings validate against them).
    pub fn catalogue(self) -> Vec<Column> {
        match self {
            Tab::Servers => vec![
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
            Tab::Volumes => vec![
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
            Tab::SecurityGroups => vec![
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
            Tab::PrivateNetworks => vec![
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
            Tab::Vpcs => vec![
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
        }
    }

    /// The columns named by `ids`, in that order (unknown ids are skipped:
    /// the settings were validated against the same catalogue).
    pub fn columns_for<S: AsRef<str>>(self, ids: &[S]) -> Vec<Column> {
        let all = self.catalogue();
        ids.iter()
            .filter_map(|id| all.iter().find(|c| c.id == id.as_ref()).cloned())
            .collect()
    }

    /// The default columns (`[columns]` of assets/config.toml). Ids are the
    /// contract with `TableRow::cell`.
    pub fn columns(self) -> Vec<Column> {
        let d = crate::settings::Columns::default();
        self.columns_for(d.for_tab(self))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn default_columns_keep_a_name() {
        for tab in Tab::ALL {
            assert!(
                tab.columns().iter().any(|c| c.priority == 0),
                "{tab:?} default columns keep a name"
            );
        }
    }

    #[test]
    fn configured_columns_select_and_order() {
        let cols = Tab::Servers.columns_for(&["price", "name"]);
        let ids: Vec<&str> = cols.iter().map(|c| c.id).collect();
        assert_eq!(ids, ["price", "name"]);
    }
}
