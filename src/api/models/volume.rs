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
