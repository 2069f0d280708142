//! Instance v1 images, listed for the server creation form and embedded in servers.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::common::Arch;
use super::enums::{null_as_default, string_enum};

string_enum! {
    /// Lifecycle state of an image.
    pub enum ImageState {
        Available => "available",
        Creating => "creating",
        Error => "error",
    }
}

string_enum! {
    /// Kind of a volume inside an image (a snapshot kind, not a server volume kind).
    pub enum ImageVolumeType {
        LSsd => "l_ssd",
        BSsd => "b_ssd",
        Unified => "unified",
        Scratch => "scratch",
        SbsVolume => "sbs_volume",
        SbsSnapshot => "sbs_snapshot",
    }
}

/// The root or an extra volume of an image.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ImageVolume {
    pub id: String,
    #[serde(default, deserialize_with = "null_as_default")]
    pub name: String,
    #[serde(default)]
    pub volume_type: Option<ImageVolumeType>,
    /// Bytes.
    #[serde(default)]
    pub size: Option<u64>,
}

/// An Instance image.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Image {
    pub id: String,
    pub name: String,
    #[serde(default)]
    pub arch: Arch,
    #[serde(default)]
    pub root_volume: Option<ImageVolume>,
    #[serde(default, deserialize_with = "null_as_default")]
    pub extra_volumes: BTreeMap<String, ImageVolume>,
    #[serde(default, deserialize_with = "null_as_default")]
    pub public: bool,
    #[serde(default)]
    pub state: Option<ImageState>,
    #[serde(default, deserialize_with = "null_as_default")]
    pub zone: String,
    #[serde(default, deserialize_with = "null_as_default")]
    pub creation_date: String,
    #[serde(default, deserialize_with = "null_as_default")]
    pub modification_date: String,
    #[serde(default)]
    pub organization: Option<String>,
    #[serde(default)]
    pub project: Option<String>,
    /// Empty string or null when the image was not made from a server.
    #[serde(default)]
    pub from_server: Option<String>,
    #[serde(default, deserialize_with = "null_as_default")]
    pub tags: Vec<String>,
    /// Legacy; kept raw.
    #[serde(default)]
    pub default_bootscript: Option<serde_json::Value>,
}

impl Image {
    /// Size of the root volume in bytes, when the API reports it.
    pub fn root_size(&self) -> Option<u64> {
        self.root_volume.as_ref().and_then(|v| v.size)
    }
}

/// `{"images": [...]}`: one page of `GET .../images`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ImagesList {
    #[serde(default, deserialize_with = "null_as_default")]
    pub images: Vec<Image>,
}

/// `{"image": {...}}`: `GET .../images/{id}`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ImageResponse {
    pub image: Image,
}
