//! What the events compare about a server: its state, name, tags, type,
//! security group, volumes and private networks.

use crate::api::models::ServerSummary;
use crate::app::Tab;
use crate::app::events::fact::identity;
use crate::app::events::{Fact, Link, Tracked};
use crate::app::inventory::zone_of;

impl Tracked for ServerSummary {
    identity!(zone_of, zone);

    fn fact(&self) -> Fact {
        let volumes = self.volumes_in_order().map(|(_, v)| {
            Link::new(Tab::Volumes, v.id.as_str()).named(v.name().map(str::to_string))
        });
        let networks = self
            .private_nics
            .iter()
            .map(|nic| Link::new(Tab::PrivateNetworks, nic.private_network_id.as_str()));
        let mut values = vec![("type".to_string(), self.commercial_type.to_string())];
        if let Some(group) = &self.security_group {
            let name = if group.name.is_empty() {
                &group.id
            } else {
                &group.name
            };
            values.push(("security group".to_string(), name.to_string()));
        }
        Fact {
            state: Some(self.state.as_str().to_string()),
            links: volumes.chain(networks).collect(),
            values,
            ..Fact::named(&self.id, &self.name, &self.tags)
        }
    }

    fn settled(&self) -> bool {
        !self.state.is_transitional() && !self.nic_syncing()
    }
}
