//! What the events compare about a volume: its status, name, tags, size,
//! IOPS and the server it is attached to.

use crate::api::models::VolumeSummary;
use crate::app::Tab;
use crate::app::events::fact::identity;
use crate::app::events::{Fact, Link, Tracked};
use crate::app::inventory::zone_of;
use crate::app::rows::{gb, iops};

impl Tracked for VolumeSummary {
    identity!(zone_of, zone);

    fn fact(&self) -> Fact {
        let mut values = vec![("size".to_string(), gb(self.size))];
        if let Some(n) = self.iops_class() {
            values.push(("IOPS".to_string(), iops(n)));
        }
        Fact {
            state: Some(self.status.as_str().to_string()),
            links: self
                .attached_server_id()
                .map(|s| Link::holder(Tab::Servers, s))
                .into_iter()
                .collect(),
            values,
            ..Fact::named(&self.id, &self.name, &self.tags)
        }
    }

    fn settled(&self) -> bool {
        !self.status.is_transitional()
    }
}
