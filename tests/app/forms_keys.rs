//! Form key handling, inline validation, the requests each form builds, and how
//! an API refusal is placed by the field it names.
#![allow(clippy::unwrap_used)]

use crate::forms_common;

use crossterm::event::{KeyCode, KeyModifiers};
use forms_common::*;
use scwdash::api::locality::{Region, Zone};
use scwdash::api::models::{SecurityPolicy, VolumeServerType};
use scwdash::app::form::{Check, Field, FieldKind, Form, FormOutcome};
use scwdash::app::forms::{self, FormKind, FormSubmit, network, security_group, server, volume};
use scwdash::keymap::{Key, KeyMap};

fn create_server_form() -> Form {
    server::create(Zone::FrPar1, &data().catalog(Some("proj-1")))
}

/// Opens the focused picker, filters with `filter` and takes the first match.
fn pick(form: &mut Form, filter: &str) {
    form.handle_key(&KeyMap::default(), k(KeyCode::Char(' ')));
    assert!(form.picker.is_some(), "Space opens the picker");
    type_text(form, filter);
    assert_eq!(enter(form), FormOutcome::Continue);
    assert!(form.picker.is_none(), "Enter chooses and closes the picker");
}

/// A form of one empty text field, `name`.
fn name_form(check: Check) -> Form {
    Form::new(
        "t",
        FormKind::Rule,
        vec![Field::text("name", "Name", "", check)],
    )
}

#[test]
fn text_editing_with_cursor_keys() {
    let mut form = name_form(Check::Name);
    type_text(&mut form, "wb-1");
    form.handle_key(&KeyMap::default(), k(KeyCode::Home));
    form.handle_key(&KeyMap::default(), k(KeyCode::Right));
    type_text(&mut form, "e");
    assert_eq!(form.value("name"), "web-1");
    form.handle_key(&KeyMap::default(), k(KeyCode::End));
    form.handle_key(&KeyMap::default(), k(KeyCode::Backspace));
    type_text(&mut form, "2");
    assert_eq!(form.value("name"), "web-2");
    form.handle_key(&KeyMap::default(), k(KeyCode::Left));
    form.handle_key(&KeyMap::default(), k(KeyCode::Delete));
    assert_eq!(form.value("name"), "web-");
    form.handle_key(
        &KeyMap::default(),
        Key::new(KeyCode::Char('u'), KeyModifiers::CONTROL),
    );
    assert_eq!(form.value("name"), "");
    // Multi-byte characters move by character, not byte.
    type_text(&mut form, "été");
    form.handle_key(&KeyMap::default(), k(KeyCode::Left));
    form.handle_key(&KeyMap::default(), k(KeyCode::Backspace));
    assert_eq!(form.value("name"), "éé");
    form.paste("x\ny");
    assert_eq!(
        form.value("name"),
        "éxyé",
        "paste inserts at the cursor, controls dropped"
    );
}

#[test]
fn tab_and_shift_tab_wrap_and_mark_fields_touched() {
    let mut form = create_server_form();
    assert_eq!(form.focus, 0);
    assert_eq!(
        form.fields[0].message(form.submitted),
        None,
        "untouched: no error yet"
    );
    tab(&mut form);
    assert_eq!(form.focus, 1);
    assert_eq!(
        form.fields[0].message(false).as_deref(),
        Some("a name is required"),
        "leaving an invalid field shows why"
    );
    form.handle_key(&KeyMap::default(), shift_tab());
    form.handle_key(&KeyMap::default(), shift_tab());
    assert_eq!(
        form.focus,
        form.fields.len() - 1,
        "Shift-Tab wraps to the last field"
    );
    form.handle_key(&KeyMap::default(), k(KeyCode::Tab));
    assert_eq!(form.focus, 0, "Tab wraps to the first");
}

#[test]
fn esc_cancels_and_sends_nothing() {
    let mut form = create_server_form();
    type_text(&mut form, "web-1");
    assert_eq!(
        form.handle_key(&KeyMap::default(), k(KeyCode::Esc)),
        FormOutcome::Cancel
    );
}

#[test]
fn enter_on_an_invalid_form_focuses_the_first_bad_field_and_keeps_input() {
    let mut form = create_server_form();
    tab(&mut form);
    tab(&mut form);
    pick(&mut form, "noble x86");
    assert_eq!(form.focus, 2);
    assert_eq!(enter(&mut form), FormOutcome::Continue, "nothing submitted");
    assert_eq!(form.focus, 0, "name is the first invalid field");
    assert_eq!(form.message.as_deref(), Some("Name: a name is required"));
    assert_eq!(
        form.value("image"),
        "11111111-aaaa-4000-8000-000000000001",
        "choice kept"
    );
    type_text(&mut form, "web-1");
    assert_eq!(enter(&mut form), FormOutcome::Continue);
    assert_eq!(form.focus, 1, "then the type");
    assert_eq!(
        form.fields[1].message(true).as_deref(),
        Some("choose one (Space opens the list)")
    );
    assert_eq!(form.value("name"), "web-1");
}

#[test]
fn picker_filters_as_you_type_and_shows_availability() {
    let mut form = create_server_form();
    tab(&mut form);
    form.handle_key(&KeyMap::default(), k(KeyCode::Char('p')));
    assert_eq!(
        form.picker.as_ref().unwrap().filter,
        "p",
        "typing opens the picker"
    );
    type_text(&mut form, "ro2");
    let m = form.picker_matches();
    assert_eq!(m.len(), 1);
    let scwdash::app::form::FieldKind::Picker { options, .. } = &form.fields[1].kind else {
        panic!("type is a picker");
    };
    assert_eq!(
        options[m[0]].label,
        "PRO2-S         8 vCPU  32 GB    €83.22/month  available"
    );
    form.handle_key(&KeyMap::default(), k(KeyCode::Backspace));
    form.handle_key(&KeyMap::default(), k(KeyCode::Backspace));
    form.handle_key(&KeyMap::default(), k(KeyCode::Backspace));
    assert!(
        form.picker_matches().len() >= 2,
        "Backspace widens the filter"
    );
    form.handle_key(&KeyMap::default(), k(KeyCode::Esc));
    assert!(form.picker.is_none(), "Esc closes only the picker");
    assert_eq!(form.value("commercial_type"), "", "nothing chosen");
}

#[test]
fn out_of_stock_types_are_listed_but_refused() {
    let mut form = create_server_form();
    type_text(&mut form, "big");
    tab(&mut form);
    pick(&mut form, "GP1");
    assert_eq!(form.value("commercial_type"), "GP1-XL");
    assert_eq!(
        form.fields[1].message(false).as_deref(),
        Some("GP1-XL cannot be chosen: out of stock in this zone")
    );
    assert_eq!(enter(&mut form), FormOutcome::Continue);
}

#[test]
fn create_server_builds_the_typed_request() {
    let mut form = create_server_form();
    type_text(&mut form, "web-1");
    tab(&mut form);
    pick(&mut form, "PRO2");
    tab(&mut form);
    pick(&mut form, "debian");
    tab(&mut form);
    type_text(&mut form, "web, prod");
    tab(&mut form);
    pick(&mut form, "web");
    let FormOutcome::Submit(FormSubmit::CreateServer {
        zone,
        request,
        power_on,
    }) = enter(&mut form)
    else {
        panic!("valid form submits: {:?}", form.message);
    };
    assert_eq!(zone, Zone::FrPar1);
    assert!(power_on, "powered on after create by default");
    assert_eq!(request.name, "web-1");
    assert_eq!(request.commercial_type, "PRO2-S");
    assert_eq!(
        request.image.as_deref(),
        Some("11111111-aaaa-4000-8000-000000000002")
    );
    assert_eq!(request.tags, Some(vec!["web".into(), "prod".into()]));
    assert_eq!(request.security_group.as_deref(), Some("sg-web"));
    assert_eq!(request.project.as_deref(), Some("proj-1"));
}

#[test]
fn power_on_after_create_can_be_switched_off() {
    let mut form = create_server_form();
    type_text(&mut form, "cold-1");
    tab(&mut form);
    pick(&mut form, "DEV1");
    tab(&mut form);
    pick(&mut form, "debian");
    assert_eq!(form.value("power_on"), "true", "on by default");
    while form.fields[form.focus].key != "power_on" {
        tab(&mut form);
    }
    form.handle_key(&KeyMap::default(), k(KeyCode::Char(' ')));
    let FormOutcome::Submit(FormSubmit::CreateServer { power_on, .. }) = enter(&mut form) else {
        panic!("valid form submits: {:?}", form.message);
    };
    assert!(!power_on);
}

/// The image picker's options, by value.
fn image_options(form: &Form) -> Vec<String> {
    match &form.field("image").unwrap().kind {
        FieldKind::Picker { options, .. } => options.iter().map(|o| o.value.clone()).collect(),
        other => panic!("{other:?}"),
    }
}

const NOBLE: &str = "11111111-aaaa-4000-8000-000000000001";
const DEBIAN: &str = "11111111-aaaa-4000-8000-000000000002";
const NOBLE_ARM: &str = "11111111-aaaa-4000-8000-000000000003";

#[test]
fn the_image_picker_offers_the_types_architecture_and_a_type_change_clears_a_misfit() {
    let mut form = create_server_form();
    assert_eq!(
        image_options(&form),
        [DEBIAN, NOBLE, NOBLE_ARM],
        "no type yet"
    );
    type_text(&mut form, "web-1");
    tab(&mut form);
    pick(&mut form, "DEV1");
    assert_eq!(image_options(&form), [DEBIAN, NOBLE], "x86_64 only");
    tab(&mut form);
    // "arm" matches nothing an x86_64 type runs: nothing is chosen.
    pick(&mut form, "arm");
    assert_eq!(form.value("image"), "");
    pick(&mut form, "noble");
    assert_eq!(form.value("image"), NOBLE);
    // Another x86_64 type keeps the image.
    form.handle_key(&KeyMap::default(), shift_tab());
    pick(&mut form, "PRO2");
    assert_eq!(form.value("image"), NOBLE);
    // An arm64 type clears it and says why, by the image.
    pick(&mut form, "COPARM");
    assert_eq!(image_options(&form), [NOBLE_ARM]);
    assert_eq!(form.value("image"), "");
    let why = "cleared: ubuntu_noble is x86_64, COPARM1-2C-8G runs arm64";
    assert_eq!(form.field("image").unwrap().error.as_deref(), Some(why));
    tab(&mut form);
    pick(&mut form, "");
    assert_eq!(form.value("image"), NOBLE_ARM);
    assert_eq!(form.field("image").unwrap().error, None);
    let FormOutcome::Submit(FormSubmit::CreateServer { request, .. }) = enter(&mut form) else {
        panic!("valid: {:?}", form.message);
    };
    assert_eq!(
        (request.commercial_type.as_str(), request.image.as_deref()),
        ("COPARM1-2C-8G", Some(NOBLE_ARM))
    );
}

#[test]
fn api_error_keeps_input_and_places_messages_by_field() {
    let mut form = create_server_form();
    type_text(&mut form, "web-1");
    tab(&mut form);
    pick(&mut form, "PRO2");
    tab(&mut form);
    pick(&mut form, "debian");
    assert!(matches!(enter(&mut form), FormOutcome::Submit(_)));
    form.mark_sending();
    assert_eq!(
        form.handle_key(&KeyMap::default(), k(KeyCode::Char('x'))),
        FormOutcome::Continue
    );
    assert_eq!(
        form.value("name"),
        "web-1",
        "keys are ignored while sending"
    );
    form.apply_error(
        "invalid arguments",
        &[
            (
                "commercial_type".into(),
                "not available in this zone".into(),
            ),
            ("placement_group".into(), "not a valid value".into()),
        ],
    );
    assert!(!form.sending);
    assert_eq!(form.focus, 1, "focus goes to the blamed field");
    assert_eq!(
        form.fields[1].message(false).as_deref(),
        Some("not available in this zone")
    );
    assert_eq!(
        form.message.as_deref(),
        Some("invalid arguments (placement_group: not a valid value)"),
        "arguments without a field stay on the form line"
    );
    assert_eq!(form.value("name"), "web-1");
    assert_eq!(form.value("image"), "11111111-aaaa-4000-8000-000000000002");
    // Choosing again clears the API's message.
    pick(&mut form, "DEV1");
    assert_eq!(form.fields[1].error, None);
}

#[test]
fn argument_names_map_to_fields() {
    let kind = FormKind::Rule;
    assert_eq!(
        forms::field_for_argument(&kind, "name").as_deref(),
        Some("name")
    );
    assert_eq!(
        forms::field_for_argument(&kind, "from_empty.size").as_deref(),
        Some("size")
    );
    assert_eq!(
        forms::field_for_argument(&kind, "rules.2.dest_port_to").as_deref(),
        Some("dest_port_to")
    );
    assert_eq!(
        forms::field_for_argument(&kind, "subnets.0").as_deref(),
        Some("subnets")
    );
    assert_eq!(
        forms::field_for_argument(&kind, "project_id").as_deref(),
        Some("project")
    );
    let attach = FormKind::AttachVolume {
        zone: Zone::FrPar1,
        volume_id: "v".into(),
        servers: vec![],
    };
    assert_eq!(
        forms::field_for_argument(&attach, "volumes").as_deref(),
        Some("server")
    );
}

#[test]
fn volume_create_and_block_size_errors() {
    let mut form = volume::create(Zone::NlAms1, &data().catalog(Some("proj-1")));
    type_text(&mut form, "data");
    tab(&mut form);
    form.handle_key(&KeyMap::default(), k(KeyCode::End));
    type_text(&mut form, "0000"); // "10" -> "100000"
    tab(&mut form);
    assert_eq!(
        form.fields[1].message(false).as_deref(),
        Some("100000 GB is out of range (1-10000 GB)")
    );
    assert_eq!(enter(&mut form), FormOutcome::Continue);
    assert_eq!(form.focus, 1);
    form.handle_key(
        &KeyMap::default(),
        Key::new(KeyCode::Char('u'), KeyModifiers::CONTROL),
    );
    type_text(&mut form, "50");
    tab(&mut form);
    form.handle_key(&KeyMap::default(), k(KeyCode::Right));
    assert_eq!(form.value("perf_iops"), "15K (15000 IOPS)");
    let FormOutcome::Submit(FormSubmit::CreateVolume { zone, request }) = enter(&mut form) else {
        panic!("valid: {:?}", form.message);
    };
    assert_eq!(zone, Zone::NlAms1);
    assert_eq!(
        serde_json::to_value(&request).unwrap(),
        serde_json::json!({"name": "data", "project_id": "proj-1", "perf_iops": 15000,
                           "from_empty": {"size": 50_000_000_000_u64}})
    );
    form.apply_error("bad", &[("from_empty.size".into(), "too small".into())]);
    assert_eq!(form.fields[1].error.as_deref(), Some("too small"));
    assert_eq!(form.value("size"), "50");
}

#[test]
fn volume_edit_sends_only_what_changed_and_never_shrinks() {
    let v = volume("vol-1", "data", "available", "fr-par-1");
    let mut form = volume::edit(&v, Zone::FrPar1);
    tab(&mut form);
    form.handle_key(
        &KeyMap::default(),
        Key::new(KeyCode::Char('u'), KeyModifiers::CONTROL),
    );
    type_text(&mut form, "10");
    assert_eq!(enter(&mut form), FormOutcome::Continue);
    assert_eq!(
        form.fields[1].message(true).as_deref(),
        Some("volumes can only grow: 10 GB is less than the current 20 GB")
    );
    form.handle_key(
        &KeyMap::default(),
        Key::new(KeyCode::Char('u'), KeyModifiers::CONTROL),
    );
    type_text(&mut form, "20");
    let FormOutcome::Submit(FormSubmit::UpdateVolume { id, request, .. }) = enter(&mut form) else {
        panic!("valid");
    };
    assert_eq!(id, "vol-1");
    assert_eq!(
        serde_json::to_value(&request).unwrap(),
        serde_json::json!({"name": "data", "tags": ["data"]}),
        "same size and IOPS are not sent"
    );
}

#[test]
fn server_rename_and_tags() {
    let s = server("srv-1", "web-1", "fr-par-1", 1);
    let mut form = server::edit(
        &s,
        Zone::FrPar1,
        &server_types(),
        &availability(),
        &security_groups(),
    );
    assert_eq!(form.value("tags"), "web, prod");
    type_text(&mut form, "b");
    tab(&mut form);
    type_text(&mut form, ",,");
    assert_eq!(enter(&mut form), FormOutcome::Continue);
    assert_eq!(
        form.message.as_deref(),
        Some("Tags: tag 3 is empty (remove the extra comma)")
    );
    for _ in 0..2 {
        form.handle_key(&KeyMap::default(), k(KeyCode::Backspace));
    }
    let FormOutcome::Submit(FormSubmit::UpdateServer { id, request, .. }) = enter(&mut form) else {
        panic!("valid");
    };
    assert_eq!(id, "srv-1");
    assert_eq!(request.name.as_deref(), Some("web-1b"));
    assert_eq!(request.tags, Some(vec!["web".into(), "prod".into()]));
}

#[test]
fn a_stopped_server_changes_type_and_group_from_its_edit_form() {
    let s = stopped_server("srv-2", "worker");
    let mut form = server::edit(
        &s,
        Zone::FrPar1,
        &server_types(),
        &availability(),
        &security_groups(),
    );
    assert_eq!(
        form.value("commercial_type"),
        "DEV1-S",
        "the current type first"
    );
    assert_eq!(form.value("security_group"), "sg-default");
    // Unchanged: only name and tags are sent.
    let FormOutcome::Submit(FormSubmit::UpdateServer { request, .. }) = enter(&mut form) else {
        panic!("valid");
    };
    assert_eq!(
        serde_json::to_value(&request).unwrap(),
        serde_json::json!({"name": "worker", "tags": []})
    );
    // Name, tags, then the type picker: an arm64 type is not offered to an
    // x86_64 server, PRO2-S is.
    tab(&mut form);
    tab(&mut form);
    form.handle_key(&KeyMap::default(), k(KeyCode::Char(' ')));
    type_text(&mut form, "COPARM");
    assert!(
        form.picker_matches().is_empty(),
        "arm64 types are not offered"
    );
    form.handle_key(&KeyMap::default(), k(KeyCode::Esc));
    pick(&mut form, "PRO2-S");
    tab(&mut form);
    pick(&mut form, "web");
    let FormOutcome::Submit(FormSubmit::UpdateServer { id, request, .. }) = enter(&mut form) else {
        panic!("valid");
    };
    assert_eq!(id, "srv-2");
    assert_eq!(
        serde_json::to_value(&request).unwrap(),
        serde_json::json!({"name": "worker", "tags": [], "commercial_type": "PRO2-S",
                           "security_group": {"id": "sg-web"}})
    );
}

#[test]
fn a_running_server_keeps_its_type_but_can_change_group() {
    let s = server("srv-1", "web-1", "fr-par-1", 1);
    let form = server::edit(
        &s,
        Zone::FrPar1,
        &server_types(),
        &availability(),
        &security_groups(),
    );
    let keys: Vec<&str> = form.fields.iter().map(|f| f.key).collect();
    assert_eq!(
        keys,
        vec!["name", "tags", "security_group"],
        "no type while running"
    );
}

#[test]
fn security_group_create_and_edit() {
    let mut form = security_group::create(Zone::FrPar1, &data().catalog(Some("proj-1")));
    type_text(&mut form, "web");
    tab(&mut form);
    type_text(&mut form, "front servers");
    tab(&mut form);
    form.handle_key(&KeyMap::default(), k(KeyCode::Char(' ')));
    tab(&mut form);
    tab(&mut form);
    form.handle_key(&KeyMap::default(), k(KeyCode::Char(' ')));
    let FormOutcome::Submit(FormSubmit::CreateSecurityGroup { request, .. }) = enter(&mut form)
    else {
        panic!("valid");
    };
    assert_eq!(request.description.as_deref(), Some("front servers"));
    assert_eq!(request.inbound_default_policy, Some(SecurityPolicy::Accept));
    assert_eq!(
        request.outbound_default_policy,
        Some(SecurityPolicy::Accept)
    );
    assert_eq!(request.stateful, Some(false));

    let g = &security_groups()[1];
    let mut edit = security_group::edit(g, Zone::FrPar1);
    tab(&mut edit);
    // Typing stops at the API's limit and says so.
    type_text(&mut edit, &"d".repeat(300));
    assert_eq!(edit.value("description").chars().count(), 255);
    assert_eq!(
        edit.message.as_deref(),
        Some("Description holds at most 255 characters: the rest was left out")
    );
    // A longer value that came from the API is refused on submit.
    let mut long = (*security_groups()[1]).clone();
    long.description = Some("d".repeat(300));
    let mut edit = security_group::edit(&long, Zone::FrPar1);
    assert_eq!(enter(&mut edit), FormOutcome::Continue);
    assert_eq!(edit.focus, 1);
    assert_eq!(
        edit.fields[1].message(true).as_deref(),
        Some("too long: 300 characters (at most 255)")
    );
}

#[test]
fn private_network_create_with_subnets_and_vpc() {
    let mut form = network::create_private_network(Region::FrPar, &data().catalog(Some("p")));
    assert_eq!(
        form.value("vpc_id"),
        "vpc-default",
        "the default VPC is preselected"
    );
    type_text(&mut form, "app-net");
    tab(&mut form);
    pick(&mut form, "prod");
    tab(&mut form);
    type_text(&mut form, "172.16.32.1/22");
    assert_eq!(enter(&mut form), FormOutcome::Continue);
    assert_eq!(
        form.message.as_deref(),
        Some("Subnets: 172.16.32.1/22 has host bits set; the network is 172.16.32.0/22")
    );
    assert_eq!(form.value("subnets"), "172.16.32.1/22", "typed text kept");
    form.handle_key(
        &KeyMap::default(),
        Key::new(KeyCode::Char('u'), KeyModifiers::CONTROL),
    );
    type_text(&mut form, "172.16.32.0/22");
    let FormOutcome::Submit(FormSubmit::CreatePrivateNetwork { region, request }) =
        enter(&mut form)
    else {
        panic!("valid");
    };
    assert_eq!(region, Region::FrPar);
    assert_eq!(request.vpc_id.as_deref(), Some("vpc-prod"));
    assert_eq!(request.subnets, Some(vec!["172.16.32.0/22".to_string()]));
    assert_eq!(request.project_id.as_deref(), Some("p"));
}

#[test]
fn attach_server_to_a_private_network_of_its_region() {
    let mut s = (*server("srv-1", "web-1", "fr-par-2", 1)).clone();
    s.private_nics = Box::new([serde_json::from_value(serde_json::json!({
        "id": "nic", "private_network_id": "pn-app", "server_id": "srv-1",
        "mac_address": "", "state": "available"
    }))
    .unwrap()]);
    let mut form = network::attach_server(&s, Zone::FrPar2, &private_networks()).unwrap();
    form.handle_key(&KeyMap::default(), k(KeyCode::Char(' ')));
    assert_eq!(
        form.picker_matches().len(),
        1,
        "only db-net: app-net is attached, ams is elsewhere"
    );
    enter(&mut form);
    let FormOutcome::Submit(FormSubmit::CreatePrivateNic {
        zone,
        server_id,
        request,
    }) = enter(&mut form)
    else {
        panic!("valid");
    };
    assert_eq!((zone, server_id.as_str()), (Zone::FrPar2, "srv-1"));
    assert_eq!(request.private_network_id, "pn-db");
    let lonely = server("srv-2", "x", "nl-ams-1", 1);
    let only_par: Vec<_> = private_networks().into_iter().take(2).collect();
    assert_eq!(
        network::attach_server(&lonely, Zone::NlAms1, &only_par).unwrap_err(),
        "no private network in nl-ams that x is not already on"
    );
}

#[test]
fn vpc_create_and_rename() {
    let mut form = network::create_vpc(Region::PlWaw, &data().catalog(Some("proj-1")));
    type_text(&mut form, "prod");
    let FormOutcome::Submit(FormSubmit::CreateVpc { region, request }) = enter(&mut form) else {
        panic!("valid");
    };
    assert_eq!(
        (region, request.name.as_str(), request.tags),
        (Region::PlWaw, "prod", None)
    );
    let v = &vpcs()[1];
    let mut edit = network::edit_vpc(v, Region::FrPar);
    edit.handle_key(
        &KeyMap::default(),
        Key::new(KeyCode::Char('u'), KeyModifiers::CONTROL),
    );
    assert_eq!(
        enter(&mut edit),
        FormOutcome::Continue,
        "empty name refused"
    );
    type_text(&mut edit, "production");
    let FormOutcome::Submit(FormSubmit::UpdateVpc { id, request, .. }) = enter(&mut edit) else {
        panic!("valid");
    };
    assert_eq!(id, "vpc-prod");
    assert_eq!(request.name.as_deref(), Some("production"));
    assert_eq!(request.tags, Some(vec![]));
}

#[test]
fn attach_volume_form_builds_the_full_map() {
    let v = volume("vol-new", "data", "available", "fr-par-1");
    let servers = vec![
        server("srv-a", "web-1", "fr-par-1", 2),
        server("srv-b", "far", "nl-ams-1", 1),
    ];
    let mut form = volume::attach(&v, Zone::FrPar1, &servers).unwrap();
    form.handle_key(&KeyMap::default(), k(KeyCode::Char(' ')));
    assert_eq!(
        form.picker_matches().len(),
        1,
        "only servers of the volume's zone"
    );
    enter(&mut form);
    let FormOutcome::Submit(FormSubmit::AttachVolume {
        server_id,
        volume_id,
        request,
        ..
    }) = enter(&mut form)
    else {
        panic!("valid");
    };
    assert_eq!(
        (server_id.as_str(), volume_id.as_str()),
        ("srv-a", "vol-new")
    );
    let map = request.volumes.unwrap();
    assert_eq!(map.keys().collect::<Vec<_>>(), ["0", "1", "2"]);
    assert_eq!(map["2"].id.as_deref(), Some("vol-new"));
    assert_eq!(map["2"].volume_type, Some(VolumeServerType::SbsVolume));
    assert_eq!(
        volume::attach(
            &volume("v", "busy", "in_use", "fr-par-1"),
            Zone::FrPar1,
            &servers
        )
        .unwrap_err(),
        "volume busy is in_use; only an available volume can be attached"
    );
}

fn ctrl(c: char) -> Key {
    Key::new(KeyCode::Char(c), KeyModifiers::CONTROL)
}

fn overridden(action: &str, keys: &[&str]) -> KeyMap {
    let o = std::collections::HashMap::from([(
        action.to_string(),
        keys.iter().map(|k| k.to_string()).collect(),
    )]);
    KeyMap::default().with_overrides(&o).unwrap()
}

#[test]
fn ctrl_w_deletes_the_word_before_the_cursor() {
    let mut form = name_form(Check::None);
    type_text(&mut form, "web server  one");
    form.handle_key(&KeyMap::default(), ctrl('w'));
    assert_eq!(form.value("name"), "web server  ");
    form.handle_key(&KeyMap::default(), ctrl('w'));
    assert_eq!(form.value("name"), "web ", "spaces then the word go");
    // In the middle: only what is before the cursor.
    type_text(&mut form, "one");
    for _ in 0..3 {
        form.handle_key(&KeyMap::default(), k(KeyCode::Left));
    }
    form.handle_key(&KeyMap::default(), ctrl('w'));
    assert_eq!(form.value("name"), "one");
}

#[test]
fn editing_keys_are_bindable_in_the_input_section() {
    let km = overridden("input.cursor_left", &["ctrl-b"]);
    let mut form = name_form(Check::None);
    type_text(&mut form, "wb");
    form.handle_key(&km, ctrl('b'));
    type_text(&mut form, "e");
    assert_eq!(form.value("name"), "web", "ctrl-b moved the cursor left");
    form.handle_key(&km, k(KeyCode::Left));
    type_text(&mut form, "!");
    assert_eq!(form.value("name"), "we!b", "Left is no longer bound");
    // A printable key always types: binding one in a form is refused, named.
    let o = std::collections::HashMap::from([("form.submit".to_string(), vec!["x".to_string()])]);
    let err = KeyMap::default()
        .with_overrides(&o)
        .unwrap_err()
        .to_string();
    assert!(err.contains("[keys.form] submit = \"x\""), "{err}");
    type_text(&mut form, "x");
    form.handle_key(&km, k(KeyCode::Char('x')));
    assert_eq!(form.value("name"), "we!xxb");
}

#[test]
fn picker_keys_go_through_the_key_map() {
    let km = overridden("picker.down", &["ctrl-n"]);
    let mut form = create_server_form();
    tab(&mut form);
    form.handle_key(&km, k(KeyCode::Char(' ')));
    assert_eq!(form.picker.as_ref().unwrap().cursor, 0);
    form.handle_key(&km, ctrl('n'));
    assert_eq!(form.picker.as_ref().unwrap().cursor, 1, "ctrl-n moves down");
    form.handle_key(&km, k(KeyCode::Down));
    assert_eq!(
        form.picker.as_ref().unwrap().cursor,
        1,
        "Down was rebound away"
    );
    type_text(&mut form, "pro dev");
    form.handle_key(&km, ctrl('w'));
    assert_eq!(form.picker.as_ref().unwrap().filter, "pro ");
    form.handle_key(&km, ctrl('u'));
    assert_eq!(form.picker.as_ref().unwrap().filter, "");
}
