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

/// The id of the row named `name` on `tab`.
fn id_of(state: &State, tab: Tab, name: &str) -> String {
    state
        .table(tab)
        .rows()
        .find(|r| r.name() == name)
        .map(|r| r.id().to_string())
        .unwrap_or_else(|| panic!("no {name}"))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_on_a_server_attaches_a_free_volume_of_its_zone() {
    let mut h = Harness::start(false).await;
    let volume = id_of(&h.state, Tab::Volumes, "scratch-data");
    let server = h.select(Tab::Servers, "worker-2");
    h.ch('a');
    h.key(KeyCode::Enter);
    assert!(is_form(&h.state), "{:?}", h.state.status);
    pick(&mut h, "scratch-data");
    h.key(KeyCode::Enter);
    // The server's row says so at once, the volume's too.
    assert_eq!(h.state.busy[&server].label, "attaching");
    assert_eq!(h.state.busy[&volume].label, "attaching");
    h.wait("attached, on both sides", |s| {
        s.inventory.volumes[&volume].status.as_str() == "in_use"
            && s.inventory.servers[&server]
                .volumes
                .iter()
                .any(|v| v.id == volume)
            && !s.busy.contains_key(&server)
    })
    .await;
    let on_api = instance::get_server(&h.client, Zone::FrPar1, &server)
        .await
        .unwrap();
    assert!(on_api.volumes.values().any(|v| v.id == volume));
    h.sim.shutdown();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_on_a_private_network_attaches_a_server() {
    let mut h = Harness::start(false).await;
    let server = id_of(&h.state, Tab::Servers, "old-wordpress");
    let network = h.select(Tab::PrivateNetworks, "sandbox");
    h.ch('a');
    assert!(is_form(&h.state), "{:?}", h.state.status);
    pick(&mut h, "old-wordpress");
    h.key(KeyCode::Enter);
    assert_eq!(h.state.busy[&network].label, "attaching");
    h.wait("the NIC on the server, the server on the network", |s| {
        s.inventory.servers[&server]
            .private_nics
            .iter()
            .any(|n| n.private_network_id == network)
            && !s.busy.contains_key(&network)
    })
    .await;
    let nics = instance::list_private_nics(&h.client, Zone::FrPar1, &server)
        .await
        .unwrap();
    assert!(nics.iter().any(|n| n.private_network_id == network));
    h.sim.shutdown();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_stopped_server_is_deleted_with_its_volumes_once_detached() {
    let mut h = Harness::start(false).await;
    let server = h.select(Tab::Servers, "worker-2");
    let root = id_of(&h.state, Tab::Volumes, "worker-2-root");
    h.ch('d');
    h.ch('j');
    h.key(KeyCode::Enter);
    let Mode::Confirm(action) = &h.state.mode else {
        panic!("no confirmation: {:?}", h.state.mode);
    };
    assert_eq!(
        action.describe(),
        "Delete server worker-2 and its volume worker-2-root in fr-par-1"
    );
    h.ch('y');
    assert_eq!(h.state.busy[&root].label, "deleting");
    h.wait("the server and its volume gone", |s| {
        !s.inventory.servers.contains_key(&server)
            && !s.inventory.volumes.contains_key(&root)
            && s.busy.is_empty()
    })
    .await;
    assert!(
        instance::get_server(&h.client, Zone::FrPar1, &server)
            .await
            .is_err()
    );
    let gone = block::get_volume(&h.client, Zone::FrPar1, &root).await;
    assert!(gone.unwrap_err().is_not_found());
    // Only once detached: one DELETE of the volume, after the server's.
    assert_eq!(
        h.sim.requests_seen(
            "DELETE",
            &format!("/block/v1/zones/fr-par-1/volumes/{root}")
        ),
        1
    );
    h.sim.shutdown();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_stopped_server_deleted_alone_keeps_its_volumes() {
    let mut h = Harness::start(false).await;
    let server = h.select(Tab::Servers, "worker-2");
    let root = id_of(&h.state, Tab::Volumes, "worker-2-root");
    h.ch('d');
    h.key(KeyCode::Enter);
    h.ch('y');
    h.wait("the server gone, its volume available", |s| {
        !s.inventory.servers.contains_key(&server)
            && s.inventory
                .volumes
                .get(&root)
                .is_some_and(|v| v.status.as_str() == "available")
    })
    .await;
    let kept = block::get_volume(&h.client, Zone::FrPar1, &root)
        .await
        .unwrap();
    assert_eq!(kept.status.as_str(), "available");
    h.sim.shutdown();
}
