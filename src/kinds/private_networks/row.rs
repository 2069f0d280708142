//! Private networks as rows: subnets, their VPC by name and how many server
//! NICs are attached (counted from the servers' `private_nics`).

use std::borrow::Cow;
use std::sync::Arc;

use crate::api::models::PrivateNetwork;
use crate::api::path::{Locality as PathAt, ResourceKind, resource_path};
use crate::app::inventory::{Joins, region_of};
use crate::app::{Locality, RowRef, SortKey, TableRow};

use crate::app::rows::{date, instant, tags};

pub struct PrivateNetworkRow {
    pub network: Arc<PrivateNetwork>,
    joins: Arc<Joins>,
}

pub fn row(network: Arc<PrivateNetwork>, joins: Arc<Joins>) -> RowRef {
    Arc::new(PrivateNetworkRow { network, joins })
}

impl PrivateNetworkRow {
    fn nics(&self) -> usize {
        self.joins
            .nics_per_network
            .get(&self.network.id)
            .copied()
            .unwrap_or(0)
    }
}

impl TableRow for PrivateNetworkRow {
    fn id(&self) -> &str {
        &self.network.id
    }

    fn name(&self) -> Cow<'_, str> {
        Cow::Borrowed(&self.network.name)
    }

    fn cell(&self, column: &str) -> Cow<'_, str> {
        let p = &*self.network;
        match column {
            "name" => Cow::Borrowed(&p.name),
            "id" => Cow::Borrowed(&p.id),
            "region" => Cow::Borrowed(&p.region),
            "vpc" => Cow::Borrowed(self.joins.vpc_name(&p.vpc_id).unwrap_or(p.vpc_id.as_str())),
            "subnets" => Cow::Owned(
                p.subnets
                    .iter()
                    .map(|s| s.subnet.as_str())
                    .collect::<Vec<_>>()
                    .join(","),
            ),
            "servers" => Cow::Owned(self.nics().to_string()),
            "tags" => tags(&p.tags),
            "project" => Cow::Borrowed(&p.project_id),
            "created" => date(&p.created_at),
            _ => Cow::Borrowed(""),
        }
    }

    fn sort_key(&self, column: &str) -> SortKey {
        match column {
            "servers" => SortKey::Number(self.nics() as f64),
            "subnets" => SortKey::ip(&self.cell(column)),
            "created" => instant(&self.network.created_at),
            _ => SortKey::text(&self.cell(column)),
        }
    }

    fn locality(&self) -> Option<Locality> {
        region_of(&self.network.region)
    }

    fn raw_json(&self) -> String {
        serde_json::to_string_pretty(&*self.network).unwrap_or_default()
    }

    fn api_path(&self) -> Option<String> {
        let at = PathAt::Region(self.network.region.parse().ok()?);
        resource_path(ResourceKind::PrivateNetwork, at, &self.network.id).ok()
    }
}
