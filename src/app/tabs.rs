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

    /// The default columns. Ids are the contract with `TableRow::cell`.
    pub fn columns(self) -> Vec<Column> {
        match self {
            Tab::Servers => vec![
                Column::new("name", "NAME", 18, 0),
                Column::state("state", "STATE", 14),
                Column::new("type", "TYPE", 10, 1),
                Column::new("zone", "ZONE", 9, 2),
                Column::new("public_ip", "PUBLIC IP", 15, 3),
                Column::new("private_nets", "PRIVATE NETS", 14, 5),
                Column::new("tags", "TAGS", 16, 4),
            ],
            Tab::Volumes => vec![
                Column::new("name", "NAME", 18, 0),
                Column::state("state", "STATUS", 14),
                Column::new("size", "SIZE", 8, 1),
                Column::new("iops", "IOPS", 6, 3),
                Column::new("zone", "ZONE", 9, 2),
                Column::new("server", "SERVER", 16, 1),
                Column::new("tags", "TAGS", 16, 4),
            ],
            Tab::SecurityGroups => vec![
                Column::new("name", "NAME", 20, 0),
                Column::new("zone", "ZONE", 9, 2),
                Column::new("inbound", "INBOUND", 8, 1),
                Column::new("outbound", "OUTBOUND", 9, 1),
                Column::new("stateful", "STATEFUL", 8, 3),
                Column::new("servers", "SERVERS", 8, 2),
                Column::new("tags", "TAGS", 16, 4),
            ],
            Tab::PrivateNetworks => vec![
                Column::new("name", "NAME", 20, 0),
                Column::new("region", "REGION", 7, 2),
                Column::new("subnets", "SUBNETS", 20, 1),
                Column::new("vpc", "VPC", 16, 3),
                Column::new("tags", "TAGS", 16, 4),
            ],
            Tab::Vpcs => vec![
                Column::new("name", "NAME", 20, 0),
                Column::new("region", "REGION", 7, 2),
                Column::new("networks", "NETWORKS", 9, 1),
                Column::new("routing", "ROUTING", 8, 3),
                Column::new("default", "DEFAULT", 8, 3),
                Column::new("tags", "TAGS", 16, 4),
            ],
        }
    }
}
