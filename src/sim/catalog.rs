//! Reference data: server types (copied from the real fr-par-1 catalogue) and public images.

use std::collections::BTreeMap;
use std::sync::OnceLock;

use serde_json::{Map, Value, json};

use crate::api::locality::Zone;

const SERVER_TYPES: &str = include_str!("../../assets/sim/server_types.json");

/// The organisation that owns Scaleway's public images (as recorded).
pub(super) const IMAGE_ORG: &str = "51b656e3-4865-41e8-adbc-0c45bdd780db";

struct Catalog {
    types: Map<String, Value>,
    availability: Map<String, Value>,
}

fn catalog() -> &'static Catalog {
    static CATALOG: OnceLock<Catalog> = OnceLock::new();
    CATALOG.get_or_init(|| {
        let mut all: Value = serde_json::from_str(SERVER_TYPES).unwrap_or_else(|_| json!({}));
        let take = |v: &mut Value, k: &str| match v.get_mut(k).map(Value::take) {
            Some(Value::Object(m)) => m,
            _ => Map::new(),
        };
        Catalog {
            types: take(&mut all, "servers"),
            availability: take(&mut all, "availability_fr_par_1"),
        }
    })
}

/// GPU types are only offered in a few zones, like on the real platform.
fn offered(zone: Zone, t: &Value) -> bool {
    let gpu = t.get("gpu").and_then(Value::as_u64).unwrap_or(0) > 0;
    !gpu || matches!(
        zone,
        Zone::FrPar1 | Zone::FrPar2 | Zone::NlAms1 | Zone::PlWaw2
    )
}

/// The server types sold in `zone`, keyed by commercial type (sorted).
pub fn server_types(zone: Zone) -> BTreeMap<&'static str, &'static Value> {
    catalog()
        .types
        .iter()
        .filter(|(_, t)| offered(zone, t))
        .map(|(k, v)| (k.as_str(), v))
        .collect()
}

pub fn server_type(zone: Zone, name: &str) -> Option<&'static Value> {
    server_type_named(zone, name).map(|(_, t)| t)
}

/// The catalogue's own name of a server type sold in `zone`, with its type:
/// a server keeps the `&'static str` rather than a copy of the text.
pub fn server_type_named(zone: Zone, name: &str) -> Option<(&'static str, &'static Value)> {
    catalog()
        .types
        .get_key_value(name)
        .filter(|(_, t)| offered(zone, t))
        .map(|(k, t)| (k.as_str(), t))
}

/// The architecture of a server type (`x86_64` when the catalogue has none).
pub fn arch_of(t: &'static Value) -> &'static str {
    t.get("arch").and_then(Value::as_str).unwrap_or("x86_64")
}

/// Stock level: the recorded fr-par-1 value when there is one, else a stable per-zone pick.
pub fn availability(zone: Zone, name: &str) -> &'static str {
    if zone == Zone::FrPar1
        && let Some(a) = catalog().availability.get(name).and_then(Value::as_str)
    {
        return a;
    }
    let h = name
        .bytes()
        .chain(zone.as_str().bytes())
        .fold(7u32, |h, b| h.wrapping_mul(31).wrapping_add(b as u32));
    match h % 10 {
        0 => "shortage",
        1 => "scarce",
        _ => "available",
    }
}

/// A public image as the Instance API shows it.
#[derive(Debug, Clone)]
pub struct Image {
    pub id: String,
    pub name: &'static str,
    pub label: &'static str,
    pub arch: &'static str,
    pub zone: Zone,
    pub root_id: String,
}

const IMAGES: [(&str, &str); 4] = [
    ("Ubuntu 24.04 Noble Numbat", "ubuntu_noble"),
    ("Ubuntu 22.04 Jammy Jellyfish", "ubuntu_jammy"),
    ("Debian 12 (Bookworm)", "debian_bookworm"),
    ("Rocky Linux 9", "rockylinux_9"),
];

/// A stable id derived from text, shaped like a v4 UUID.
pub fn stable_uuid(text: &str) -> String {
    let mut h: u128 = 0x6c62_272e_07bb_0142_62b8_2175_6295_c58d;
    for b in text.bytes() {
        h ^= b as u128;
        h = h.wrapping_mul(0x0000_0000_0100_0000_0000_0000_0000_013B);
    }
    uuid::Builder::from_random_bytes(h.to_be_bytes())
        .into_uuid()
        .to_string()
}

/// The public images of a zone: each distribution for both architectures.
pub fn images(zone: Zone) -> &'static [Image] {
    static IMAGES_BY_ZONE: OnceLock<Vec<Vec<Image>>> = OnceLock::new();
    let all = IMAGES_BY_ZONE.get_or_init(|| Zone::ALL.iter().map(|z| build_images(*z)).collect());
    let index = Zone::ALL.iter().position(|z| *z == zone).unwrap_or(0);
    all.get(index).map_or(&[], Vec::as_slice)
}

/// Built once per zone: servers render their image on every list.
fn build_images(zone: Zone) -> Vec<Image> {
    let mut out = Vec::new();
    for (name, label) in IMAGES {
        for arch in ["x86_64", "arm64"] {
            let key = format!("{}/{label}/{arch}", zone.as_str());
            out.push(Image {
                id: stable_uuid(&key),
                name,
                label,
                arch,
                zone,
                root_id: stable_uuid(&format!("{key}/root")),
            });
        }
    }
    out
}

/// Look an image up by id, or by label (`ubuntu_noble`) for the server's arch.
pub fn find_image(zone: Zone, id_or_label: &str, arch: &str) -> Option<&'static Image> {
    let all = images(zone);
    all.iter().find(|i| i.id == id_or_label).or_else(|| {
        all.iter()
            .find(|i| i.label == id_or_label && i.arch == arch)
    })
}

impl Image {
    /// The image as the Instance API shows it (see `render::image`).
    pub fn to_json(&self) -> Value {
        serde_json::to_value(super::render::image(self)).unwrap_or_default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn catalogue_has_all_recorded_types_and_gpus_only_in_some_zones() {
        assert_eq!(server_types(Zone::FrPar1).len(), 136);
        assert!(server_type(Zone::FrPar1, "L4-1-24G").is_some());
        assert!(server_type(Zone::FrPar3, "L4-1-24G").is_none());
        assert!(server_type(Zone::FrPar3, "DEV1-S").is_some());
    }

    #[test]
    fn images_are_stable_and_per_zone() {
        assert_eq!(images(Zone::FrPar1)[0].id, images(Zone::FrPar1)[0].id);
        assert_ne!(images(Zone::FrPar1)[0].id, images(Zone::NlAms1)[0].id);
        assert!(find_image(Zone::FrPar1, "ubuntu_noble", "arm64").is_some());
    }
}
