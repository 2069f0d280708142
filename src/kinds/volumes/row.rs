//! Block volumes as rows: size, IOPS class and the server they are attached
//! to, by name (from the Instance API, through the joins).

use std::borrow::Cow;
use std::sync::Arc;

use crate::api::models::{VolumeStatus, VolumeSummary};
use crate::api::path::{Locality as PathAt, ResourceKind, resource_path};
use crate::app::inventory::{Joins, zone_of};
use crate::app::{Locality, RowRef, SortKey, TableRow};
use crate::theme::RowClass;

use crate::app::rows::{date, gb, instant, iops, tags};

pub struct VolumeRow {
    pub volume: Arc<VolumeSummary>,
    joins: Arc<Joins>,
}

pub fn row(volume: Arc<VolumeSummary>, joins: Arc<Joins>) -> RowRef {
    Arc::new(VolumeRow { volume, joins })
}

pub fn status_class(status: &VolumeStatus) -> RowClass {
    match status {
        VolumeStatus::Available | VolumeStatus::InUse => RowClass::Ok,
        VolumeStatus::Error | VolumeStatus::Locked => RowClass::Error,
        VolumeStatus::Deleted => RowClass::Idle,
        s if s.is_transitional() => RowClass::Transitional,
        _ => RowClass::Neutral,
    }
}

impl TableRow for VolumeRow {
    fn id(&self) -> &str {
        &self.volume.id
    }

    fn name(&self) -> Cow<'_, str> {
        Cow::Borrowed(&self.volume.name)
    }

    fn cell(&self, column: &str) -> Cow<'_, str> {
        let v = &*self.volume;
        match column {
            "name" => Cow::Borrowed(&v.name),
            "id" => Cow::Borrowed(&v.id),
            "status" => Cow::Borrowed(v.status.as_str()),
            "size" => Cow::Owned(gb(v.size)),
            "iops" => Cow::Owned(v.iops_class().map(iops).unwrap_or_default()),
            "zone" => Cow::Borrowed(&v.zone),
            "server" => match v.attached_server_id() {
                Some(id) => Cow::Borrowed(self.joins.server_name(id).unwrap_or(id)),
                None => Cow::Borrowed(""),
            },
            "tags" => tags(&v.tags),
            "project" => Cow::Borrowed(&v.project_id),
            "created" => date(&v.created_at),
            _ => Cow::Borrowed(""),
        }
    }

    fn class(&self) -> RowClass {
        status_class(&self.volume.status)
    }

    fn sort_key(&self, column: &str) -> SortKey {
        match column {
            "size" => SortKey::Number(self.volume.size as f64),
            "created" => instant(&self.volume.created_at),
            "iops" => self
                .volume
                .iops_class()
                .map_or(SortKey::Missing, |i| SortKey::Number(f64::from(i))),
            _ => SortKey::text(&self.cell(column)),
        }
    }

    fn locality(&self) -> Option<Locality> {
        zone_of(&self.volume.zone)
    }

    fn raw_json(&self) -> String {
        serde_json::to_string_pretty(&*self.volume).unwrap_or_default()
    }

    fn api_path(&self) -> Option<String> {
        let at = PathAt::Zone(self.volume.zone.parse().ok()?);
        resource_path(ResourceKind::Volume, at, &self.volume.id).ok()
    }
}
