//! The create forms against the simulator: "New server" under zone "all"
//! asks for the zone and its pickers follow it (the image picker offering
//! the chosen type's architecture), and without a configured project the
//! form asks for one; each request is sent and read back from the API.
#![allow(clippy::unwrap_used)]

use crossterm::event::KeyCode;
use scwdash::api::locality::{Zone, ZoneScope};
use scwdash::api::{block, instance};
use scwdash::app::form::{FieldKind, Form};
use scwdash::app::forms::FormKind;
use scwdash::app::{Mode, State, Tab};
use scwdash::sim;

use crate::flow_edit::{Harness, is_form};

fn form(state: &State) -> &Form {
    match &state.mode {
        Mode::Form(f) => f,
        other => panic!("no form: {other:?}"),
    }
}

/// Tabs to the field `key`.
fn focus(h: &mut Harness, key: &str) {
    while form(&h.state).fields[form(&h.state).focus].key != key {
        h.key(KeyCode::Tab);
    }
}

/// Opens the focused picker, filters with `filter`, takes the first match.
fn pick(h: &mut Harness, filter: &str) {
    h.ch(' ');
    h.type_text(filter);
    h.key(KeyCode::Enter);
}

fn loaded(state: &State) -> bool {
    matches!(&form(state).kind, FormKind::CreateServer { loading, .. } if loading.is_empty())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_server_created_under_all_goes_to_the_zone_chosen_with_an_image_of_its_type() {
    let mut h = Harness::start_in(ZoneScope::All, Some(sim::PROJECT.to_string())).await;
    h.wait("web-1", |s| {
        s.table(Tab::Servers).rows().any(|r| r.name() == "web-1")
    })
    .await;
    h.select(Tab::Servers, "web-1");
    h.ch('n');
    h.wait("the server form", |s| is_form(s) && loaded(s)).await;
    assert_eq!(form(&h.state).title, "New server");
    assert_eq!(form(&h.state).value("zone"), "fr-par-1", "the row's zone");
    pick(&mut h, "fr-par-2");
    h.wait("fr-par-2's catalog", |s| {
        loaded(s)
            && matches!(
                form(s).kind,
                FormKind::CreateServer {
                    zone: Zone::FrPar2,
                    ..
                }
            )
    })
    .await;
    focus(&mut h, "name");
    h.type_text("flow-arm");
    // An arm64 type fr-par-2 has in stock.
    let arm = match &form(&h.state).field("commercial_type").unwrap().kind {
        FieldKind::Picker { options, .. } => options
            .iter()
            .find(|o| o.value.starts_with("BASIC2-A") && o.disabled.is_none())
            .unwrap()
            .value
            .clone(),
        other => panic!("{other:?}"),
    };
    focus(&mut h, "commercial_type");
    pick(&mut h, &format!("{arm} "));
    assert_eq!(form(&h.state).value("commercial_type"), arm);
    // Only arm64 images are offered: "noble" picks the arm64 one.
    focus(&mut h, "image");
    pick(&mut h, "noble");
    let image = form(&h.state).value("image").to_string();
    let images = instance::list_images(&h.client, Zone::FrPar2)
        .await
        .unwrap();
    let chosen = images.iter().find(|i| i.id == image).unwrap();
    assert_eq!(
        (chosen.name.as_str(), chosen.arch.as_str()),
        ("Ubuntu 24.04 Noble Numbat", "arm64")
    );
    h.key(KeyCode::Enter);
    h.wait("the new server", |s| {
        s.mode == Mode::Normal && s.table(Tab::Servers).rows().any(|r| r.name() == "flow-arm")
    })
    .await;
    let id = h.select(Tab::Servers, "flow-arm");
    let server = instance::get_server(&h.client, Zone::FrPar2, &id)
        .await
        .unwrap();
    assert_eq!(server.commercial_type, arm);
    assert_eq!(server.arch.as_str(), "arm64");
    assert_eq!(server.zone, "fr-par-2");
    h.sim.shutdown();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn without_a_configured_project_the_volume_form_asks_and_sends_it() {
    let mut h = Harness::start_in(ZoneScope::One(Zone::FrPar1), None).await;
    h.ch('2');
    h.ch('n');
    assert!(is_form(&h.state), "{:?}", h.state.status);
    // Everything in view belongs to the simulator's project: it is offered.
    assert_eq!(form(&h.state).value("project"), sim::PROJECT);
    h.type_text("flow-proj");
    focus(&mut h, "project");
    h.dispatch(scwdash::app::Action::Key(crossterm::event::KeyEvent::new(
        KeyCode::Char('u'),
        crossterm::event::KeyModifiers::CONTROL,
    )));
    let other = "0f1e2d3c-4b5a-4968-8776-a5b4c3d2e1f0";
    h.type_text(other);
    h.key(KeyCode::Enter);
    h.wait("the new volume", |s| {
        s.mode == Mode::Normal
            && s.table(Tab::Volumes)
                .rows()
                .any(|r| r.name() == "flow-proj")
    })
    .await;
    let id = h.select(Tab::Volumes, "flow-proj");
    let volume = block::get_volume(&h.client, Zone::FrPar1, &id)
        .await
        .unwrap();
    assert_eq!(volume.project_id, other);
    h.sim.shutdown();
}
