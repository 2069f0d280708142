//! What the events compare about a security group: its name, tags and
//! policies (its rules are compared as they arrive, `events::rules_arrived`).

use crate::api::models::SecurityGroup;
use crate::app::events::fact::identity;
use crate::app::events::{Fact, Tracked};
use crate::app::inventory::zone_of;

impl Tracked for SecurityGroup {
    identity!(zone_of, zone);

    fn fact(&self) -> Fact {
        let yes_no = |b: bool| if b { "yes" } else { "no" }.to_string();
        Fact {
            values: vec![
                (
                    "inbound policy".to_string(),
                    self.inbound_default_policy.to_string(),
                ),
                (
                    "outbound policy".to_string(),
                    self.outbound_default_policy.to_string(),
                ),
                ("stateful".to_string(), yes_no(self.stateful)),
            ],
            ..Fact::named(&self.id, &self.name, &self.tags)
        }
    }
}
