//! Small shapes shared by several resources.

use serde::{Deserialize, Serialize};

use super::enums::{null_as_default, string_enum};

string_enum! {
    /// CPU architecture of a server, server type or image.
    pub enum Arch {
        X86_64 => "x86_64",
        Arm64 => "arm64",
        Arm => "arm",
    }
}

impl Default for Arch {
    fn default() -> Self {
        Arch::Unknown(Default::default())
    }
}

/// A reference to another resource by id and name, as the Instance API embeds it
/// (a server's security group, a volume's server; a security group's servers
/// are [`super::Members`]).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct ResourceRef {
    pub id: String,
    #[serde(default, deserialize_with = "null_as_default")]
    pub name: String,
}
