//! The full volumes-map PATCH built to attach a volume: root and existing
//! volumes kept, the new one at the next free slot, the API's limit enforced.
#![allow(clippy::unwrap_used)]

use crate::forms_common;

use forms_common::server;
use scwdash::api::models::VolumeServerType;
use scwdash::app::forms::AttachTarget;
use scwdash::app::forms::volume::{MAX_SERVER_VOLUMES, volumes_with};

#[test]
fn root_kept_and_new_volume_appended() {
    let target = AttachTarget::from_server(&server("srv", "web", "fr-par-1", 1));
    let map = volumes_with(&target, "new").unwrap();
    assert_eq!(
        serde_json::to_value(&map).unwrap(),
        serde_json::json!({
            "0": {"id": "srv-vol0", "volume_type": "sbs_volume"},
            "1": {"id": "new", "volume_type": "sbs_volume"},
        })
    );
}

#[test]
fn a_gap_left_by_a_detach_is_reused() {
    let mut target = AttachTarget::from_server(&server("srv", "web", "fr-par-1", 4));
    target.volumes.retain(|(slot, _, _)| slot != "2");
    let map = volumes_with(&target, "new").unwrap();
    assert_eq!(map.len(), 4);
    assert_eq!(map["2"].id.as_deref(), Some("new"));
    assert_eq!(
        map["3"].id.as_deref(),
        Some("srv-vol3"),
        "others keep their slot"
    );
}

#[test]
fn local_volume_types_are_kept_as_they_are() {
    let mut target = AttachTarget::from_server(&server("srv", "web", "fr-par-1", 1));
    target.volumes[0].2 = VolumeServerType::LSsd;
    let map = volumes_with(&target, "new").unwrap();
    assert_eq!(map["0"].volume_type, Some(VolumeServerType::LSsd));
}

#[test]
fn slots_order_numerically_past_ten() {
    let target = AttachTarget::from_server(&server("srv", "web", "fr-par-1", 11));
    assert_eq!(
        target.volumes[10].0, "10",
        "slot 10 comes after 9, not after 1"
    );
    let map = volumes_with(&target, "new").unwrap();
    assert_eq!(map["11"].id.as_deref(), Some("new"));
}

#[test]
fn the_limit_is_refused_with_a_clear_message() {
    let full = AttachTarget::from_server(&server("srv", "web", "fr-par-1", MAX_SERVER_VOLUMES));
    assert_eq!(
        volumes_with(&full, "new").unwrap_err(),
        "web already has 16 volumes (the API allows 16: the root and 15 more)"
    );
    let almost =
        AttachTarget::from_server(&server("srv", "web", "fr-par-1", MAX_SERVER_VOLUMES - 1));
    assert_eq!(
        volumes_with(&almost, "new").unwrap().len(),
        MAX_SERVER_VOLUMES
    );
}

#[test]
fn an_attached_volume_is_not_attached_twice() {
    let target = AttachTarget::from_server(&server("srv", "web", "fr-par-1", 2));
    assert_eq!(
        volumes_with(&target, "srv-vol1").unwrap_err(),
        "the volume is already attached to web"
    );
}
