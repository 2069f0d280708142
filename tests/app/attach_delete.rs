//! `a` from either side (a server: attach a volume or join a network; a
//! private network: attach a server) and a server's delete that names its
//! volumes, with the choice to delete them too.
#![allow(clippy::unwrap_used)]

use crate::dash_common;

use std::sync::Arc;
use std::time::Instant;

use crossterm::event::KeyCode;
use dash_common::*;
use scwdash::api::locality::Zone;
use scwdash::api::models::ServerState;
use scwdash::app::form::FieldKind;
use scwdash::app::forms::FormSubmit;
use scwdash::app::{self, Effect, Locality, Mode, Options, State, Tab, Verb};

fn on(tab: Tab, id: &str) -> State {
    let mut state = loaded(Options::default(), Instant::now());
    app::update(&mut state, key(char::from(b'1' + tab.index() as u8)));
    assert!(state.table_mut(tab).select_id(id));
    state
}

fn menu_labels(state: &State) -> Vec<String> {
    match &state.mode {
        Mode::Choose(m) => m.items.iter().map(|i| i.label.clone()).collect(),
        other => panic!("no menu: {other:?} {:?}", state.status),
    }
}

fn picker_values(state: &State, key: &str) -> Vec<String> {
    let Mode::Form(form) = &state.mode else {
        panic!("no form: {:?}", state.mode);
    };
    match &form.field(key).unwrap().kind {
        FieldKind::Picker { options, .. } => options.iter().map(|o| o.value.clone()).collect(),
        other => panic!("{other:?}"),
    }
}

/// Space, the filter, Enter (choose), Enter (submit): the effects of the submit.
fn pick_and_submit(state: &mut State, filter: &str) -> Vec<Effect> {
    app::update(state, key(' '));
    for c in filter.chars() {
        app::update(state, key(c));
    }
    app::update(state, code(KeyCode::Enter));
    app::update(state, code(KeyCode::Enter))
}

#[test]
fn a_on_a_server_attaches_one_of_its_zones_free_volumes() {
    let mut state = on(Tab::Servers, DB);
    app::update(&mut state, key('a'));
    assert_eq!(
        menu_labels(&state),
        ["Attach a volume", "Join a private network"]
    );
    app::update(&mut state, code(KeyCode::Enter));
    // Free volumes only: not the attached ones, not the one still creating.
    assert_eq!(picker_values(&state, "volume_id"), [SPARE]);
    let effects = pick_and_submit(&mut state, "spare");
    let [
        Effect::Submit(FormSubmit::AttachVolume {
            zone,
            server_id,
            volume_id,
            request,
        }),
    ] = effects.as_slice()
    else {
        panic!("one attach: {effects:?}");
    };
    assert_eq!(
        (*zone, server_id.as_str(), volume_id.as_str()),
        (Zone::FrPar1, DB, SPARE)
    );
    // The whole map: both volumes kept, the new one after them.
    let map = request.volumes.as_ref().unwrap();
    let ids: Vec<&str> = map.values().map(|v| v.id.as_deref().unwrap()).collect();
    assert_eq!(ids, [DB_ROOT, DB_DATA, SPARE]);
    // Both rows show it at once.
    assert_eq!(state.busy[SPARE].label, "attaching");
    assert_eq!(state.busy[DB].label, "attaching");
}

#[test]
fn a_on_a_server_joins_a_network_it_is_not_on() {
    let mut state = on(Tab::Servers, DB);
    app::update(&mut state, key('a'));
    app::update(&mut state, key('j'));
    app::update(&mut state, code(KeyCode::Enter));
    // db-1 is on backend already.
    assert_eq!(picker_values(&state, "private_network_id"), [PN_FRONT]);
    let effects = pick_and_submit(&mut state, "front");
    let [
        Effect::Submit(FormSubmit::CreatePrivateNic {
            server_id, request, ..
        }),
    ] = effects.as_slice()
    else {
        panic!("one NIC: {effects:?}");
    };
    assert_eq!(
        (server_id.as_str(), request.private_network_id.as_str()),
        (DB, PN_FRONT)
    );
    assert_eq!(state.busy[PN_FRONT].label, "attaching");
}

#[test]
fn a_menu_entry_with_nothing_to_pick_says_why() {
    // A server in a zone with no free volume: its entry is refused.
    let mut state = on(Tab::Servers, DB);
    let mut volumes = (*state.inventory.volumes).clone();
    volumes.remove(SPARE);
    state.inventory.volumes = Arc::new(volumes);
    app::update(&mut state, key('a'));
    let Mode::Choose(menu) = &state.mode else {
        panic!("menu");
    };
    assert_eq!(menu.cursor, 1, "starts on what can be done");
    app::update(&mut state, key('k'));
    app::update(&mut state, code(KeyCode::Enter));
    assert_eq!(state.mode, Mode::Normal);
    assert_eq!(
        state.status.last_action.as_ref().unwrap().0,
        "no available volume in fr-par-1 to attach to db-1"
    );
}

#[test]
fn a_on_a_private_network_attaches_a_server_of_its_region() {
    let mut state = on(Tab::PrivateNetworks, PN_BACKEND);
    app::update(&mut state, key('a'));
    // db-1 and worker-1 are on backend already.
    assert_eq!(
        picker_values(&state, "server_id"),
        [BATCH, LOCKED, WEB],
        "by name: batch-2, legacy-0, web-1"
    );
    let effects = pick_and_submit(&mut state, "web-1");
    let [
        Effect::Submit(FormSubmit::CreatePrivateNic {
            zone,
            server_id,
            request,
        }),
    ] = effects.as_slice()
    else {
        panic!("one NIC: {effects:?}");
    };
    assert_eq!(
        (
            *zone,
            server_id.as_str(),
            request.private_network_id.as_str()
        ),
        (Zone::FrPar1, WEB, PN_BACKEND)
    );
    assert_eq!(state.busy[WEB].label, "attaching");
    assert_eq!(state.busy[PN_BACKEND].label, "attaching");
}

/// db-1, stopped (it runs in the sample data).
fn stopped_db() -> State {
    let mut state = on(Tab::Servers, DB);
    let mut servers = (*state.inventory.servers).clone();
    let mut db = (*servers[DB]).clone();
    db.state = ServerState::Stopped;
    servers.insert(Arc::new(db));
    state.inventory.servers = Arc::new(servers);
    state
}

#[test]
fn deleting_a_server_names_its_volumes_and_offers_to_delete_them() {
    let mut state = stopped_db();
    app::update(&mut state, key('d'));
    assert_eq!(
        menu_labels(&state),
        [
            "Delete server db-1, keep its 2 volumes",
            "Delete server db-1 and its Block volumes",
            "Detach volume db-data",
            "Leave network backend",
        ]
    );
    // Keeping them: the confirmation says each is kept.
    app::update(&mut state, code(KeyCode::Enter));
    let Mode::Confirm(keep) = state.mode.clone() else {
        panic!("confirm: {:?}", state.mode);
    };
    assert_eq!(keep.verb, Verb::Delete);
    assert_eq!(
        app::details::delete_consequences(&state, DB, false),
        [
            "db-1-root (20 GB) is detached and kept",
            "db-data (100 GB) is detached and kept"
        ]
    );
    app::update(&mut state, code(KeyCode::Esc));
    // With them: named in the question, each said to be deleted.
    app::update(&mut state, key('d'));
    app::update(&mut state, key('j'));
    app::update(&mut state, code(KeyCode::Enter));
    let Mode::Confirm(with) = state.mode.clone() else {
        panic!("confirm: {:?}", state.mode);
    };
    assert_eq!(
        with.describe(),
        "Delete server db-1 and its volumes db-1-root, db-data in fr-par-1"
    );
    assert_eq!(
        app::details::delete_consequences(&state, DB, true),
        [
            "db-1-root (20 GB) is DELETED once detached",
            "db-data (100 GB) is DELETED once detached"
        ]
    );
    let effects = app::update(&mut state, key('y'));
    assert_eq!(effects, [Effect::Run(with.clone())]);
    // The server's row and its volumes' rows show it.
    for id in [DB, DB_ROOT, DB_DATA] {
        assert_eq!(state.busy[id].label, "deleting", "{id}");
    }
    // Done: the server is read again (gone) and the volumes listed.
    let effects = app::update(
        &mut state,
        app::Action::Done {
            action: with,
            result: Ok(()),
        },
    );
    assert!(
        effects.iter().any(|e| matches!(
            e,
            Effect::Fetch {
                tab: Tab::Volumes,
                at: Locality::Zone(Zone::FrPar1),
                ..
            }
        )),
        "{effects:?}"
    );
}

#[test]
fn a_running_server_offers_no_delete_until_stopped() {
    let mut state = on(Tab::Servers, DB);
    app::update(&mut state, key('d'));
    let labels = menu_labels(&state);
    assert_eq!(labels[0], "Delete server db-1");
    assert!(!labels.iter().any(|l| l.contains("Block volumes")));
    let Mode::Choose(menu) = &state.mode else {
        panic!("menu");
    };
    assert_ne!(menu.cursor, 0, "never starts on the refused delete");
}
