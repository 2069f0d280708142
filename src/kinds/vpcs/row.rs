//! VPCs as rows: default flag, routing and their private network count.

use std::borrow::Cow;
use std::sync::Arc;

use crate::api::models::Vpc;
use crate::api::path::{Locality as PathAt, ResourceKind, resource_path};
use crate::app::inventory::{Joins, region_of};
use crate::app::{Locality, RowRef, SortKey, TableRow};

use crate::app::rows::{date, instant, tags, yes_no};

pub struct VpcRow {
    pub vpc: Arc<Vpc>,
}

/// VPC cells read nothing from other APIs; the joins are not needed.
pub fn row(vpc: Arc<Vpc>, _joins: Arc<Joins>) -> RowRef {
    Arc::new(VpcRow { vpc })
}

impl TableRow for VpcRow {
    fn id(&self) -> &str {
        &self.vpc.id
    }

    fn name(&self) -> Cow<'_, str> {
        Cow::Borrowed(&self.vpc.name)
    }

    fn cell(&self, column: &str) -> Cow<'_, str> {
        let v = &*self.vpc;
        match column {
            "name" => Cow::Borrowed(&v.name),
            "id" => Cow::Borrowed(&v.id),
            "region" => Cow::Borrowed(&v.region),
            "default" => yes_no(v.is_default),
            "private_networks" => Cow::Owned(v.private_network_count.to_string()),
            "routing" => yes_no(v.routing_enabled),
            "tags" => tags(&v.tags),
            "project" => Cow::Borrowed(&v.project_id),
            "created" => date(&v.created_at),
            _ => Cow::Borrowed(""),
        }
    }

    fn sort_key(&self, column: &str) -> SortKey {
        match column {
            "private_networks" => SortKey::Number(f64::from(self.vpc.private_network_count)),
            "created" => instant(&self.vpc.created_at),
            _ => SortKey::text(&self.cell(column)),
        }
    }

    fn locality(&self) -> Option<Locality> {
        region_of(&self.vpc.region)
    }

    fn raw_json(&self) -> String {
        serde_json::to_string_pretty(&*self.vpc).unwrap_or_default()
    }

    fn api_path(&self) -> Option<String> {
        let at = PathAt::Region(self.vpc.region.parse().ok()?);
        resource_path(ResourceKind::Vpc, at, &self.vpc.id).ok()
    }
}
