//! Security groups as rows: default policies, statefulness, and the rule
//! count once the group's rules were fetched (they come from another call).

use std::borrow::Cow;
use std::sync::Arc;

use crate::api::models::{SecurityGroup, SecurityGroupState};
use crate::api::path::{Locality as PathAt, ResourceKind, resource_path};
use crate::app::inventory::{Joins, zone_of};
use crate::app::{Locality, RowRef, SortKey, TableRow};
use crate::theme::RowClass;

use crate::app::rows::{date, instant, tags, yes_no};

pub struct SecurityGroupRow {
    pub group: Arc<SecurityGroup>,
    joins: Arc<Joins>,
}

pub fn row(group: Arc<SecurityGroup>, joins: Arc<Joins>) -> RowRef {
    Arc::new(SecurityGroupRow { group, joins })
}

impl TableRow for SecurityGroupRow {
    fn id(&self) -> &str {
        &self.group.id
    }

    fn name(&self) -> Cow<'_, str> {
        Cow::Borrowed(&self.group.name)
    }

    fn cell(&self, column: &str) -> Cow<'_, str> {
        let g = &*self.group;
        match column {
            "name" => Cow::Borrowed(&g.name),
            "id" => Cow::Borrowed(&g.id),
            "zone" => Cow::Borrowed(&g.zone),
            "inbound_default" => Cow::Borrowed(g.inbound_default_policy.as_str()),
            "outbound_default" => Cow::Borrowed(g.outbound_default_policy.as_str()),
            "stateful" => yes_no(g.stateful),
            // Fetched in the background (`app::rule_counts`): "…" until
            // they arrive, "error" when they could not be fetched.
            "rules" => match self.joins.rules_per_group.get(&g.id) {
                Some(n) => Cow::Owned(n.to_string()),
                None if self.joins.rules_failed.contains(&g.id) => Cow::Borrowed("error"),
                None => Cow::Borrowed("…"),
            },
            "servers" => Cow::Owned(g.servers.len().to_string()),
            "tags" => tags(&g.tags),
            "project" => Cow::Borrowed(g.project.as_deref().unwrap_or("")),
            "created" => date(&g.creation_date),
            _ => Cow::Borrowed(""),
        }
    }

    fn class(&self) -> RowClass {
        match self.group.state {
            Some(SecurityGroupState::Syncing) => RowClass::Transitional,
            Some(SecurityGroupState::SyncingError) => RowClass::Error,
            _ => RowClass::Neutral,
        }
    }

    fn sort_key(&self, column: &str) -> SortKey {
        match column {
            "servers" => SortKey::Number(self.group.servers.len() as f64),
            "created" => instant(&self.group.creation_date),
            "rules" => self
                .joins
                .rules_per_group
                .get(&self.group.id)
                .map_or(SortKey::Missing, |n| SortKey::Number(*n as f64)),
            _ => SortKey::text(&self.cell(column)),
        }
    }

    fn locality(&self) -> Option<Locality> {
        zone_of(&self.group.zone)
    }

    fn raw_json(&self) -> String {
        serde_json::to_string_pretty(&*self.group).unwrap_or_default()
    }

    fn api_path(&self) -> Option<String> {
        let at = PathAt::Zone(self.group.zone.parse().ok()?);
        resource_path(ResourceKind::SecurityGroup, at, &self.group.id).ok()
    }
}
