//! Building request paths: ids become path segments only when they cannot
//! change the path (no `/`, `?`, `#`, `%`, `..`), so a hostile or corrupt id in
//! a response can never make the client call another endpoint.

use super::error::ApiError;
use super::locality::{Region, Zone};

/// `id` as a path segment, or an error naming what was refused.
pub fn segment(id: &str) -> Result<&str, ApiError> {
    let safe = !id.is_empty()
        && id != "."
        && id != ".."
        && id
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.'));
    if safe {
        Ok(id)
    } else {
        Err(ApiError::Request {
            detail: format!("{id:?} is not a valid resource id"),
        })
    }
}

/// `/instance/v1/zones/{zone}`.
pub fn instance_root(zone: Zone) -> String {
    format!("/instance/v1/zones/{zone}")
}

/// `/block/v1/zones/{zone}`.
pub fn block_root(zone: Zone) -> String {
    format!("/block/v1/zones/{zone}")
}

/// `/vpc/v2/regions/{region}`.
pub fn vpc_root(region: Region) -> String {
    format!("/vpc/v2/regions/{region}")
}

/// `/ipam/v1/regions/{region}`.
pub fn ipam_root(region: Region) -> String {
    format!("/ipam/v1/regions/{region}")
}

/// Where a resource lives, for the raw JSON view.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ResourceKind {
    Server,
    Image,
    SecurityGroup,
    Volume,
    PrivateNetwork,
    Vpc,
}

/// A zone or a region, whichever the kind is scoped by.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Locality {
    Zone(Zone),
    Region(Region),
}

/// The GET path of one resource, so the UI can call `client.get_raw(path)`.
/// Fails on an unsafe id, or when a zoned kind gets a region (or the reverse).
pub fn resource_path(kind: ResourceKind, at: Locality, id: &str) -> Result<String, ApiError> {
    let id = segment(id)?;
    let path = match (kind, at) {
        (ResourceKind::Server, Locality::Zone(z)) => format!("{}/servers/{id}", instance_root(z)),
        (ResourceKind::Image, Locality::Zone(z)) => format!("{}/images/{id}", instance_root(z)),
        (ResourceKind::SecurityGroup, Locality::Zone(z)) => {
            format!("{}/security_groups/{id}", instance_root(z))
        }
        (ResourceKind::Volume, Locality::Zone(z)) => format!("{}/volumes/{id}", block_root(z)),
        (ResourceKind::PrivateNetwork, Locality::Region(r)) => {
            format!("{}/private-networks/{id}", vpc_root(r))
        }
        (ResourceKind::Vpc, Locality::Region(r)) => format!("{}/vpcs/{id}", vpc_root(r)),
        (kind, at) => {
            return Err(ApiError::Request {
                detail: format!("{kind:?} is not addressed by {at:?}"),
            });
        }
    };
    Ok(path)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn uuids_and_commercial_types_are_segments() {
        assert!(segment("0b8a1f5e-2c3d-4e5f-8a9b-0c1d2e3f4a5b").is_ok());
        assert!(segment("DEV1-S").is_ok());
        assert!(segment("PLAY2-PICO.x_1").is_ok());
    }

    #[test]
    fn separators_and_escapes_are_refused() {
        for bad in ["", ".", "..", "a/b", "a?b", "a#b", "%2F", "a b", "é"] {
            assert!(segment(bad).is_err(), "{bad:?} accepted");
        }
    }

    #[test]
    fn resource_paths_match_the_api_layout() {
        let z = Locality::Zone(Zone::FrPar2);
        let r = Locality::Region(Region::NlAms);
        assert_eq!(
            resource_path(ResourceKind::Server, z, "abc").unwrap(),
            "/instance/v1/zones/fr-par-2/servers/abc"
        );
        assert_eq!(
            resource_path(ResourceKind::Volume, z, "abc").unwrap(),
            "/block/v1/zones/fr-par-2/volumes/abc"
        );
        assert_eq!(
            resource_path(ResourceKind::Vpc, r, "abc").unwrap(),
            "/vpc/v2/regions/nl-ams/vpcs/abc"
        );
        assert!(resource_path(ResourceKind::Vpc, z, "abc").is_err());
        assert!(resource_path(ResourceKind::Server, z, "../x").is_err());
    }
}
