//! Typed serde models of the Scaleway API responses and request bodies.
//!
//! Parsing is tolerant on purpose: unknown keys are ignored, enums keep unknown
//! values, and keys some real responses omit or send as `null` are optional.
//! The recorded bodies in `shared/fixtures/scaleway/real` are the spec
//! (`tests/api/fixtures_parse.rs` parses every one of them).

mod common;
mod enums;
mod image;
mod ipam;
mod members;
mod private_nic;
mod requests;
mod security_group;
mod server;
mod server_type;
mod shared;
mod stamp;
mod summary;
mod task;
mod volume;
mod vpc;

pub use common::{Arch, ResourceRef};
pub use image::{Image, ImageResponse, ImageState, ImageVolume, ImageVolumeType, ImagesList};
pub use ipam::{
    IpamAddress, IpamIp, IpamIpsList, IpamResource, IpamResourceType, IpamReverse, IpamSource,
};
pub use members::{MemberId, Members};
pub use private_nic::{PrivateNic, PrivateNicResponse, PrivateNicState, PrivateNicsList};
pub use requests::*;
pub use security_group::{
    RuleAction, RuleDirection, RuleProtocol, RuleResponse, RulesList, SecurityGroup,
    SecurityGroupResponse, SecurityGroupRule, SecurityGroupState, SecurityGroupsList,
    SecurityPolicy,
};
pub use server::{
    BootType, IpFamily, PlacementGroup, ProvisioningMode, PublicIp, Server, ServerAction,
    ServerFilesystem, ServerIpState, ServerIpv6, ServerLocation, ServerResponse, ServerState,
    ServerVolume, ServerVolumeState, ServersList, VolumeServerType,
};
pub use server_type::{
    Availability, GpuInfo, HOURS_PER_MONTH, SBS_15K_MIN_BLOCK_BANDWIDTH, ServerType,
    ServerTypeAvailability, ServerTypeCapabilities, ServerTypeInterface, ServerTypeNetwork,
    ServerTypesAvailability, ServerTypesPage, SizeConstraint,
};
pub use shared::Shared;
pub use stamp::Stamp;
pub use summary::{
    AllowedActions, IpSummary, NicSummary, ServerSummary, SharedRef, VolumeSlot, VolumeSummary,
};
pub use task::{FAKE_TASK_ID, Task, TaskResponse, TaskStatus};
pub use volume::{
    BlockVolumeType, BlockVolumesList, INSTANCE_SERVER_RESOURCE, ReferenceStatus, ReferenceType,
    Volume, VolumeReference, VolumeSpecs, VolumeStatus,
};
pub use vpc::{PrivateNetwork, PrivateNetworksList, Subnet, Vpc, VpcsList};
