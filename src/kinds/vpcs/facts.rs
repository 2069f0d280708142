//! What the events compare about a VPC: its name, tags and routing.

use crate::api::models::Vpc;
use crate::app::events::fact::identity;
use crate::app::events::{Fact, Tracked};
use crate::app::inventory::region_of;

impl Tracked for Vpc {
    identity!(region_of, region);

    fn fact(&self) -> Fact {
        let routing = if self.routing_enabled { "on" } else { "off" };
        Fact {
            values: vec![("routing".to_string(), routing.to_string())],
            ..Fact::named(&self.id, &self.name, &self.tags)
        }
    }
}
