//! Block Storage API v1 endpoints (`/block/v1/zones/{zone}/volumes`): bare
//! objects (no wrapper), `page_size` paging with `total_count` in the body.

use super::client::Client;
use super::error::ApiError;
use super::locality::Zone;
use super::models::{CreateVolumeRequest, UpdateVolumeRequest, Volume, VolumeSummary};
use super::path::{block_root, segment};
use super::reuse::Known;

fn volume_path(zone: Zone, id: &str) -> Result<String, ApiError> {
    Ok(format!("{}/volumes/{}", block_root(zone), segment(id)?))
}

/// Every volume of the zone (all pages).
pub async fn list_volumes(client: &Client, zone: Zone) -> Result<Vec<Volume>, ApiError> {
    let path = format!("{}/volumes", block_root(zone));
    client.list_paged(&path, &[], "volumes").await
}

/// Every volume of the zone as a [`VolumeSummary`] (the dashboard's view),
/// each decoded straight into its own `Arc` and swapped for an equal `known`
/// one as its page arrives (a page read before, byte for byte, is not
/// decoded). Returns what the next listing is to reuse.
pub async fn list_volume_summaries(
    client: &Client,
    zone: Zone,
    known: &Known<VolumeSummary>,
) -> Result<Known<VolumeSummary>, ApiError> {
    let path = format!("{}/volumes", block_root(zone));
    client.list_paged_known(&path, "volumes", known).await
}

pub async fn get_volume(client: &Client, zone: Zone, id: &str) -> Result<Volume, ApiError> {
    client.get(&volume_path(zone, id)?, &[]).await
}

/// One volume as a [`VolumeSummary`], the dashboard's view.
pub async fn get_volume_summary(
    client: &Client,
    zone: Zone,
    id: &str,
) -> Result<VolumeSummary, ApiError> {
    client.get(&volume_path(zone, id)?, &[]).await
}

/// Creates a volume (200, not 201, on this API).
pub async fn create_volume(
    client: &Client,
    zone: Zone,
    request: &CreateVolumeRequest,
) -> Result<Volume, ApiError> {
    let path = format!("{}/volumes", block_root(zone));
    client.post(&path, request).await
}

pub async fn update_volume(
    client: &Client,
    zone: Zone,
    id: &str,
    request: &UpdateVolumeRequest,
) -> Result<Volume, ApiError> {
    client.patch(&volume_path(zone, id)?, request).await
}

/// Deletes a detached volume (the API refuses one in use).
pub async fn delete_volume(client: &Client, zone: Zone, id: &str) -> Result<(), ApiError> {
    client.delete(&volume_path(zone, id)?).await
}
