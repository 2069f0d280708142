//! VPC API v2 endpoints (`/vpc/v2/regions/{region}/...`): private networks and
//! VPCs. Bare objects, `page_size` paging with `total_count` in the body.

use super::client::Client;
use super::error::ApiError;
use super::locality::Region;
use super::models::{
    CreatePrivateNetworkRequest, CreateVpcRequest, PrivateNetwork, UpdatePrivateNetworkRequest,
    UpdateVpcRequest, Vpc,
};
use super::path::{segment, vpc_root};

fn pn_path(region: Region, id: &str) -> Result<String, ApiError> {
    Ok(format!(
        "{}/private-networks/{}",
        vpc_root(region),
        segment(id)?
    ))
}

fn vpc_path(region: Region, id: &str) -> Result<String, ApiError> {
    Ok(format!("{}/vpcs/{}", vpc_root(region), segment(id)?))
}

pub async fn list_private_networks(
    client: &Client,
    region: Region,
) -> Result<Vec<PrivateNetwork>, ApiError> {
    let path = format!("{}/private-networks", vpc_root(region));
    client.list_paged(&path, &[], "private_networks").await
}

pub async fn get_private_network(
    client: &Client,
    region: Region,
    id: &str,
) -> Result<PrivateNetwork, ApiError> {
    client.get(&pn_path(region, id)?, &[]).await
}

pub async fn create_private_network(
    client: &Client,
    region: Region,
    request: &CreatePrivateNetworkRequest,
) -> Result<PrivateNetwork, ApiError> {
    let path = format!("{}/private-networks", vpc_root(region));
    client.post(&path, request).await
}

pub async fn update_private_network(
    client: &Client,
    region: Region,
    id: &str,
    request: &UpdatePrivateNetworkRequest,
) -> Result<PrivateNetwork, ApiError> {
    client.patch(&pn_path(region, id)?, request).await
}

/// Deletes a private network (refused while NICs are attached to it).
pub async fn delete_private_network(
    client: &Client,
    region: Region,
    id: &str,
) -> Result<(), ApiError> {
    client.delete(&pn_path(region, id)?).await
}

pub async fn list_vpcs(client: &Client, region: Region) -> Result<Vec<Vpc>, ApiError> {
    let path = format!("{}/vpcs", vpc_root(region));
    client.list_paged(&path, &[], "vpcs").await
}

pub async fn get_vpc(client: &Client, region: Region, id: &str) -> Result<Vpc, ApiError> {
    client.get(&vpc_path(region, id)?, &[]).await
}

pub async fn create_vpc(
    client: &Client,
    region: Region,
    request: &CreateVpcRequest,
) -> Result<Vpc, ApiError> {
    let path = format!("{}/vpcs", vpc_root(region));
    client.post(&path, request).await
}

pub async fn update_vpc(
    client: &Client,
    region: Region,
    id: &str,
    request: &UpdateVpcRequest,
) -> Result<Vpc, ApiError> {
    client.patch(&vpc_path(region, id)?, request).await
}

/// Deletes a VPC (refused while it holds private networks).
pub async fn delete_vpc(client: &Client, region: Region, id: &str) -> Result<(), ApiError> {
    client.delete(&vpc_path(region, id)?).await
}
