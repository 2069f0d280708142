//! What the events compare about a private network: its name, tags and
//! subnets.

use crate::api::models::PrivateNetwork;
use crate::app::events::fact::identity;
use crate::app::events::{Fact, Tracked};
use crate::app::inventory::region_of;

impl Tracked for PrivateNetwork {
    identity!(region_of, region);

    fn fact(&self) -> Fact {
        let mut subnets: Vec<&str> = self.subnets.iter().map(|s| s.subnet.as_str()).collect();
        subnets.sort_unstable();
        Fact {
            values: vec![("subnets".to_string(), subnets.join(","))],
            ..Fact::named(&self.id, &self.name, &self.tags)
        }
    }
}
