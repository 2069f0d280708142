//! Block Storage volumes (`/block/v1alpha1` and `/block/v1`, same shapes; API-FACTS §10).

use serde::{Deserialize, Serialize};

use super::enums::{null_as_default, string_enum};

string_enum! {
    /// Performance class of a Block volume.
    pub enum BlockVolumeType {
        Sbs5k => "sbs_5k",
        Sbs15k => "sbs_15k",
        BSsd => "b_ssd",
    }
}

impl BlockVolumeType {
    /// Provisioned IOPS implied by the type, when the type fixes it.
    pub fn iops(&self) -> Option<u32> {
        match self {
            BlockVolumeType::Sbs5k => Some(5_000),
            BlockVolumeType::Sbs15k => Some(15_000),
            _ => None,
        }
    }
}

string_enum! {
    /// Lifecycle status of a Block volume (every SDK value).
    pub enum VolumeStatus {
        Creating => "creating",
        Available => "available",
        InUse => "in_use",
        Deleting => "deleting",
        Deleted => "deleted",
        Resizing => "resizing",
        Error => "error",
        Snapshotting => "snapshotting",
        Locked => "locked",
        Updating => "updating",
    }
}

impl VolumeStatus {
    /// True while the volume is changing and worth polling.
    pub fn is_transitional(&self) -> bool {
        matches!(
            self,
            VolumeStatus::Creating
                | VolumeStatus::Deleting
                | VolumeStatus::Resizing
                | VolumeStatus::Snapshotting
                | VolumeStatus::Updating
        )
    }
}

string_enum! {
    /// How a product uses a volume; Instance attachments are `exclusive`.
    pub enum ReferenceType {
        Link => "link",
        Exclusive => "exclusive",
        ReadOnly => "read_only",
    }
}

string_enum! {
    /// Progress of an attachment.
    pub enum ReferenceStatus {
        Attaching => "attaching",
        Attached => "attached",
        Detaching => "detaching",
        Detached => "detached",
        Creating => "creating",
        Error => "error",
    }
}

/// Product resource type of an Instance server in `references[]`.
pub const INSTANCE_SERVER_RESOURCE: &str = "instance_server";

/// A product resource using the volume (for example the server it is attached to).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct VolumeReference {
    pub id: String,
    pub product_resource_type: String,
    pub product_resource_id: String,
    #[serde(default, deserialize_with = "null_as_default")]
    pub created_at: String,
    #[serde(rename = "type")]
    pub reference_type: ReferenceType,
    pub status: ReferenceStatus,
}

/// Performance specification of a volume.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct VolumeSpecs {
    #[serde(default)]
    pub perf_iops: Option<u32>,
    /// `sbs` for Block Storage volumes.
    #[serde(default)]
    pub class: Option<String>,
}

/// A Block Storage volume (bare object in GET/POST/PATCH responses).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Volume {
    pub id: String,
    pub name: String,
    #[serde(rename = "type")]
    pub volume_type: BlockVolumeType,
    /// Bytes.
    pub size: u64,
    #[serde(default, deserialize_with = "null_as_default")]
    pub project_id: String,
    #[serde(default, deserialize_with = "null_as_default")]
    pub created_at: String,
    #[serde(default, deserialize_with = "null_as_default")]
    pub updated_at: String,
    #[serde(default, deserialize_with = "null_as_default")]
    pub references: Vec<VolumeReference>,
    #[serde(default)]
    pub parent_snapshot_id: Option<String>,
    pub status: VolumeStatus,
    #[serde(default, deserialize_with = "null_as_default")]
    pub tags: Vec<String>,
    #[serde(default)]
    pub specs: Option<VolumeSpecs>,
    #[serde(default)]
    pub last_detached_at: Option<String>,
    #[serde(default)]
    pub kms_key_id: Option<String>,
    #[serde(default, deserialize_with = "null_as_default")]
    pub zone: String,
}

impl Volume {
    /// Id of the Instance server the volume is attached (or attaching) to.
    pub fn attached_server_id(&self) -> Option<&str> {
        self.references
            .iter()
            .find(|r| {
                r.product_resource_type == INSTANCE_SERVER_RESOURCE
                    && r.status != ReferenceStatus::Detached
            })
            .map(|r| r.product_resource_id.as_str())
    }

    /// Provisioned IOPS: from `specs.perf_iops`, else implied by the type.
    pub fn iops_class(&self) -> Option<u32> {
        self.specs
            .as_ref()
            .and_then(|s| s.perf_iops)
            .or_else(|| self.volume_type.iops())
    }
}

/// `{"volumes": [...], "total_count": N}`: one page of the Block volume list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BlockVolumesList {
    #[serde(default, deserialize_with = "null_as_default")]
    pub volumes: Vec<Volume>,
    #[serde(default, deserialize_with = "null_as_default")]
    pub total_count: u64,
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn volume(extra: serde_json::Value) -> Volume {
        let mut body = json!({
            "id": "vol-1", "name": "data", "type": "sbs_5k", "size": 10_000_000_000_u64,
            "status": "available", "zone": "fr-par-1",
        });
        if let (Some(b), Some(e)) = (body.as_object_mut(), extra.as_object()) {
            b.extend(e.clone());
        }
        serde_json::from_value(body).expect("volume parses")
    }

    fn reference(resource_type: &str, id: &str, status: &str) -> serde_json::Value {
        json!({"id": "ref", "product_resource_type": resource_type, "product_resource_id": id,
               "created_at": "2025-01-01T00:00:00Z", "type": "exclusive", "status": status})
    }

    #[test]
    fn attached_server_ignores_detached_and_other_products() {
        let v = volume(json!({"status": "in_use", "references": [
            reference("instance_server", "old", "detached"),
            reference("lb_backend", "lb", "attached"),
            reference("instance_server", "srv", "attaching"),
        ]}));
        assert_eq!(v.attached_server_id(), Some("srv"));
        assert_eq!(volume(json!({})).attached_server_id(), None);
    }

    #[test]
    fn iops_class_from_specs_else_type() {
        let from_specs =
            volume(json!({"type": "sbs_15k", "specs": {"perf_iops": 15000, "class": "sbs"}}));
        assert_eq!(from_specs.iops_class(), Some(15_000));
        assert_eq!(volume(json!({"specs": null})).iops_class(), Some(5_000));
        assert_eq!(volume(json!({"type": "b_ssd"})).iops_class(), None);
    }

    #[test]
    fn huge_sizes_and_unknown_values_parse() {
        let v = volume(
            json!({"size": 10_000_000_000_000_u64, "type": "sbs_50k", "status": "migrating"}),
        );
        assert_eq!(v.size, 10_000_000_000_000);
        assert_eq!(v.volume_type, BlockVolumeType::Unknown("sbs_50k".into()));
        assert_eq!(v.status, VolumeStatus::Unknown("migrating".into()));
        assert!(!v.status.is_transitional());
        assert!(VolumeStatus::Creating.is_transitional());
    }
}
