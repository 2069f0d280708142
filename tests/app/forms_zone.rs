//! "New server" under zone "all": the form asks for the zone (the selected
//! row's to begin with), and its type, image and group pickers follow the
//! zone chosen, fetching that zone's catalog first.
#![allow(clippy::unwrap_used)]

use crate::dash_common;

use std::collections::BTreeMap;
use std::time::Instant;

use crossterm::event::KeyCode;
use dash_common::*;
use scwdash::api::locality::{Zone, ZoneScope};
use scwdash::api::models::{Image, ServerType};
use scwdash::app::form::{FieldKind, Form};
use scwdash::app::forms::FormSubmit;
use scwdash::app::inventory::ZoneCatalog;
use scwdash::app::{self, Action, Effect, Mode, Options, State};
use serde_json::json;

fn image(id: &str, name: &str, arch: &str, zone: Zone) -> Image {
    serde_json::from_value(json!({"id": id, "name": name, "arch": arch, "zone": zone.as_str()}))
        .unwrap()
}

fn catalog(zone: Zone, images: &[(&str, &str, &str)]) -> Action {
    Action::ZoneCatalog {
        zone,
        result: Ok(ZoneCatalog {
            images: images
                .iter()
                .map(|(id, name, arch)| image(id, name, arch, zone))
                .collect(),
            availability: BTreeMap::new(),
        }),
    }
}

fn form(state: &State) -> &Form {
    match &state.mode {
        Mode::Form(f) => f,
        other => panic!("no form: {other:?} {:?}", state.status),
    }
}

fn options_of(state: &State, key: &str) -> Vec<String> {
    match &form(state).field(key).unwrap().kind {
        FieldKind::Picker { options, .. } => options.iter().map(|o| o.value.clone()).collect(),
        other => panic!("{other:?}"),
    }
}

fn focus(state: &mut State, key: &str) {
    while form(state).fields[form(state).focus].key != key {
        app::update(state, code(KeyCode::Tab));
    }
}

/// Opens the focused picker, filters with `filter`, takes the first match.
fn pick(state: &mut State, filter: &str) -> Vec<Effect> {
    app::update(state, key(' '));
    for c in filter.chars() {
        app::update(state, key(c));
    }
    app::update(state, code(KeyCode::Enter))
}

/// The sample fleet under zone "all", with a default project.
fn loaded_under_all() -> State {
    loaded_in(
        ZoneScope::All,
        Options {
            project: Some("proj-1".into()),
            ..Options::default()
        },
        Instant::now(),
    )
}

#[test]
fn new_server_under_all_asks_the_zone_and_its_pickers_follow_it() {
    let mut state = loaded_under_all();
    // The row's zone (fr-par-1) is where the form starts: its catalog first.
    let effects = app::update(&mut state, key('n'));
    assert!(effects.contains(&Effect::FetchZoneCatalog(Zone::FrPar1)));
    answer(&mut state, effects);
    app::update(
        &mut state,
        catalog(Zone::FrPar1, &[("img-par", "ubuntu_noble", "x86_64")]),
    );
    assert_eq!(form(&state).title, "New server");
    assert_eq!(form(&state).value("zone"), "fr-par-1");
    assert_eq!(form(&state).fields[0].key, "zone", "asked first");
    // Only the zones Instance serves.
    assert_eq!(options_of(&state, "zone").len(), Zone::ALL.len());
    focus(&mut state, "commercial_type");
    pick(&mut state, "DEV1-S");
    focus(&mut state, "image");
    pick(&mut state, "noble");
    assert_eq!(form(&state).value("image"), "img-par");

    // Another zone: what is not loaded of its catalog is fetched (its
    // server types came with the prices of "all"); meanwhile the image
    // picker keeps only what is chosen and says it is loading, and Enter
    // waits.
    assert!(state.inventory.server_types.contains_key(&Zone::NlAms1));
    focus(&mut state, "zone");
    let effects = pick(&mut state, "nl-ams-1");
    assert_eq!(effects, [Effect::FetchZoneCatalog(Zone::NlAms1)]);
    assert_eq!(form(&state).value("commercial_type"), "DEV1-S");
    assert_eq!(options_of(&state, "image"), ["img-par"]);
    let hint = form(&state).field("image").unwrap().hint.clone();
    assert_eq!(hint.as_deref(), Some("loading nl-ams-1's images…"));
    focus(&mut state, "name");
    for c in "ams-web".chars() {
        app::update(&mut state, key(c));
    }
    assert!(app::update(&mut state, code(KeyCode::Enter)).is_empty());
    assert!(
        form(&state)
            .message
            .as_deref()
            .unwrap()
            .contains("still loading"),
        "{:?}",
        form(&state).message
    );

    // Its types come again without DEV1-S: the choice goes, saying so.
    let arm = |n: u32| -> ServerType {
        serde_json::from_value(
            json!({"ncpus": n, "ram": 1u64 << 33, "hourly_price": 0.04, "arch": "arm64"}),
        )
        .unwrap()
    };
    let x86: ServerType = serde_json::from_value(
        json!({"ncpus": 2, "ram": 1u64 << 33, "hourly_price": 0.05, "arch": "x86_64"}),
    )
    .unwrap();
    let types = BTreeMap::from([
        ("COPARM1-2C-8G".to_string(), arm(2)),
        ("PRO2-XS".to_string(), x86),
    ]);
    app::update(
        &mut state,
        Action::ServerTypes {
            zone: Zone::NlAms1,
            result: Ok(std::sync::Arc::new(types)),
        },
    );
    assert_eq!(
        options_of(&state, "commercial_type"),
        ["COPARM1-2C-8G", "PRO2-XS"],
        "cheapest first"
    );
    assert_eq!(form(&state).value("commercial_type"), "");
    assert_eq!(
        form(&state)
            .field("commercial_type")
            .unwrap()
            .error
            .as_deref(),
        Some("cleared: DEV1-S is not offered in nl-ams-1")
    );
    // Its images: the image of the same name and architecture stands in
    // for fr-par-1's (ids differ by zone).
    app::update(
        &mut state,
        catalog(
            Zone::NlAms1,
            &[
                ("img-ams", "ubuntu_noble", "x86_64"),
                ("img-ams-arm", "ubuntu_noble", "arm64"),
            ],
        ),
    );
    assert_eq!(form(&state).value("image"), "img-ams");
    focus(&mut state, "commercial_type");
    pick(&mut state, "PRO2");
    let effects = app::update(&mut state, code(KeyCode::Enter));
    let [Effect::Submit(FormSubmit::CreateServer { zone, request, .. })] = effects.as_slice()
    else {
        panic!("one create: {effects:?} {:?}", form(&state).message);
    };
    assert_eq!(*zone, Zone::NlAms1);
    assert_eq!(
        (request.commercial_type.as_str(), request.image.as_deref()),
        ("PRO2-XS", Some("img-ams"))
    );
}

#[test]
fn new_server_in_one_zone_has_no_zone_field() {
    let mut state = loaded(Options::default(), Instant::now());
    let effects = app::update(&mut state, key('n'));
    answer(&mut state, effects);
    app::update(&mut state, catalog(Zone::FrPar1, &[]));
    assert_eq!(form(&state).title, "New server in fr-par-1");
    assert!(form(&state).field("zone").is_none());
    // Another zone's catalog arriving changes nothing here.
    app::update(
        &mut state,
        catalog(Zone::NlAms1, &[("img-ams", "ubuntu_noble", "x86_64")]),
    );
    assert!(options_of(&state, "image").is_empty());
}

/// Every zoned create form asks for the zone under "all", and its request
/// goes where the field says, not to the selected row's zone.
#[test]
fn new_volume_and_security_group_under_all_go_to_the_zone_chosen() {
    let mut state = loaded_under_all();
    for tab in ['2', '3'] {
        app::update(&mut state, key(tab));
        let effects = app::update(&mut state, key('n'));
        answer(&mut state, effects);
        assert_eq!(form(&state).fields[0].key, "zone", "tab {tab}: asked first");
        assert_eq!(form(&state).value("zone"), "fr-par-1", "the row's zone");
        pick(&mut state, "nl-ams-1");
        focus(&mut state, "name");
        for c in "data-ams".chars() {
            app::update(&mut state, key(c));
        }
        let effects = app::update(&mut state, code(KeyCode::Enter));
        let zone = match effects.as_slice() {
            [Effect::Submit(FormSubmit::CreateVolume { zone, .. })] if tab == '2' => *zone,
            [Effect::Submit(FormSubmit::CreateSecurityGroup { zone, .. })] if tab == '3' => *zone,
            other => panic!(
                "tab {tab}: one create: {other:?} {:?}",
                form(&state).message
            ),
        };
        assert_eq!(zone, Zone::NlAms1, "tab {tab}");
        state.mode = Mode::Normal;
    }
}
