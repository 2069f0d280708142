//! update() with the real rows and the inventory: stale results, fast
//! polling, terminate by typed name, read-only refusals, joins, rules, raw JSON.
#![allow(clippy::unwrap_used)]

use crate::dash_common;

use std::time::{Duration, Instant};

use crossterm::event::KeyCode;
use dash_common::*;
use scwdash::api::locality::Zone;
use scwdash::app::{
    self, Action, Batch, Effect, Locality, Mode, Options, Outcome, State, Tab, UserError, Verb,
};

fn select(state: &mut State, name: &str) {
    let id = state
        .current()
        .rows()
        .find(|r| r.name() == name)
        .map(|r| r.id().to_string())
        .unwrap();
    assert!(state.table_mut(state.tab).select_id(&id));
}

fn options() -> Options {
    Options {
        refresh_every: Duration::from_secs(5),
        fast_refresh: Duration::from_secs(1),
        ..Options::default()
    }
}

#[test]
fn a_stale_fetch_result_is_dropped() {
    let t0 = Instant::now();
    let mut state = loaded(options(), t0);
    let first = app::update(&mut state, key('r'));
    let old = fetches(&first)
        .into_iter()
        .find(|(_, t)| *t == Tab::Servers)
        .unwrap()
        .0;
    // A newer refresh supersedes the first one.
    let second = app::update(&mut state, key('r'));
    let new = fetches(&second)
        .into_iter()
        .find(|(_, t)| *t == Tab::Servers)
        .unwrap()
        .0;
    assert_ne!(old, new);
    app::update(
        &mut state,
        Action::Fetched {
            request: old,
            batch: Batch::Servers(vec![]),
            errors: vec![],
        },
    );
    assert_eq!(
        state.table(Tab::Servers).total(),
        5,
        "stale empty answer ignored"
    );
    assert_eq!(state.inventory.servers.len(), 5);
    app::update(
        &mut state,
        Action::Fetched {
            request: new,
            batch: Batch::Servers(servers().into_iter().take(2).collect()),
            errors: vec![],
        },
    );
    assert_eq!(state.table(Tab::Servers).total(), 2);
}

#[test]
fn transitional_states_poll_fast_until_they_settle() {
    let t0 = Instant::now();
    let mut state = loaded(options(), t0);
    // batch-2 is starting, scratch-new is creating.
    assert_eq!(state.refresh_interval(), Duration::from_secs(1));
    let due = app::update(&mut state, Action::Tick(t0 + Duration::from_millis(2100)));
    assert!(fetches(&due).is_empty(), "the lists keep their pace");
    let mut polled: Vec<(Tab, String)> =
        reads(&due).into_iter().map(|(_, t, id)| (t, id)).collect();
    polled.sort();
    assert_eq!(
        polled,
        [
            (Tab::Servers, BATCH.to_string()),
            (Tab::Volumes, NEW_VOL.to_string())
        ],
        "the rows in transition, each read alone"
    );
    // Both settle: here, both are gone when read.
    for (request, tab, id) in reads(&due) {
        let gone = match tab {
            Tab::Servers => Batch::Servers(vec![]),
            _ => Batch::Volumes(vec![]),
        };
        app::update(
            &mut state,
            Action::FetchedOne {
                request,
                id,
                result: Ok(gone),
            },
        );
    }
    assert!(!state.table(Tab::Servers).rows().any(|r| r.id() == BATCH));
    assert!(!state.table(Tab::Volumes).rows().any(|r| r.id() == NEW_VOL));
    assert_eq!(state.refresh_interval(), Duration::from_secs(5));
    let not_yet = app::update(&mut state, Action::Tick(t0 + Duration::from_millis(4000)));
    assert!(not_yet.is_empty(), "{not_yet:?}");
}

#[test]
fn a_syncing_nic_also_polls_fast() {
    let t0 = Instant::now();
    let mut state = loaded(options(), t0);
    let mut web = (*servers()[0]).clone();
    web.private_nics[0].state = "syncing".into();
    let effects = app::update(&mut state, key('r'));
    for (request, tab) in fetches(&effects) {
        let batch = match tab {
            Tab::Servers => Batch::Servers(vec![std::sync::Arc::new(web.clone())]),
            other => batch(other),
        };
        app::update(
            &mut state,
            Action::Fetched {
                request,
                batch,
                errors: vec![],
            },
        );
    }
    let volumes_settled = !state.table(Tab::Volumes).any_transitional();
    assert!(!volumes_settled, "scratch-new is still creating");
    assert!(state.table(Tab::Servers).any_transitional());
    let row = state.table(Tab::Servers).rows().next().unwrap().clone();
    assert_eq!(row.cell("state"), "running (nic syncing)");
}

fn open_terminate(state: &mut State) {
    select(state, "web-1");
    app::update(state, key('p'));
    let Mode::PowerMenu(menu) = &state.mode else {
        panic!("no power menu: {:?}", state.mode)
    };
    assert_eq!(
        menu.actions,
        ["poweroff", "stop_in_place", "reboot", "terminate"]
    );
    for _ in 0..3 {
        app::update(state, key('j'));
    }
    app::update(state, code(KeyCode::Enter));
}

#[test]
fn terminate_needs_the_server_name_typed() {
    let mut state = loaded(options(), Instant::now());
    open_terminate(&mut state);
    assert!(
        matches!(state.mode, Mode::TypeToConfirm { .. }),
        "{:?}",
        state.mode
    );
    // `y` is just a letter here, and a wrong name does nothing.
    for c in "y web".chars() {
        assert!(app::update(&mut state, key(c)).is_empty());
    }
    assert!(app::update(&mut state, code(KeyCode::Enter)).is_empty());
    assert!(matches!(state.mode, Mode::TypeToConfirm { .. }));
    assert_eq!(
        state.status.last_action.as_ref().unwrap().1,
        Outcome::Refused
    );
    for _ in 0..5 {
        app::update(&mut state, code(KeyCode::Backspace));
    }
    for c in "web-1".chars() {
        app::update(&mut state, key(c));
    }
    let effects = app::update(&mut state, code(KeyCode::Enter));
    let [Effect::Run(action)] = effects.as_slice() else {
        panic!("{effects:?}")
    };
    assert_eq!(action.verb, Verb::Power("terminate".into()));
    assert_eq!(action.id, WEB);
    assert_eq!(action.locality, Some(Locality::Zone(Zone::FrPar1)));
    assert_eq!(state.mode, Mode::Normal);
}

#[test]
fn terminate_can_be_cancelled_with_esc() {
    let mut state = loaded(options(), Instant::now());
    open_terminate(&mut state);
    for c in "web-1".chars() {
        app::update(&mut state, key(c));
    }
    assert!(app::update(&mut state, code(KeyCode::Esc)).is_empty());
    assert_eq!(state.mode, Mode::Normal);
    assert!(state.busy.is_empty());
}

#[test]
fn terminate_explains_what_happens_to_volumes() {
    let state = loaded(options(), Instant::now());
    let web = app::details::terminate_consequences(&state, WEB);
    assert_eq!(web, ["web-1-root (l_ssd, 20 GB) is DELETED"]);
    let db = app::details::terminate_consequences(&state, DB);
    assert_eq!(
        db,
        [
            "db-1-root (20 GB) is detached and kept",
            "db-data (100 GB) is detached and kept"
        ]
    );
}

#[test]
fn read_only_refuses_power_and_delete() {
    let mut state = loaded(
        Options {
            read_only: true,
            ..options()
        },
        Instant::now(),
    );
    select(&mut state, "web-1");
    for k in ['p', 'd'] {
        assert!(app::update(&mut state, key(k)).is_empty());
        assert_eq!(state.mode, Mode::Normal);
        let (text, outcome) = state.status.last_action.clone().unwrap();
        assert_eq!(outcome, Outcome::Refused);
        assert!(text.contains("read-only"), "{text}");
    }
}

#[test]
fn an_action_result_reports_and_refreshes() {
    let mut state = loaded(options(), Instant::now());
    select(&mut state, "web-1");
    app::update(&mut state, key('p'));
    let effects = app::update(&mut state, code(KeyCode::Enter));
    assert!(effects.is_empty(), "poweroff asks first");
    let Mode::Confirm(action) = state.mode.clone() else {
        panic!()
    };
    assert_eq!(action.describe(), "Power off server web-1 in fr-par-1");
    let effects = app::update(&mut state, key('y'));
    assert_eq!(effects, [Effect::Run(action.clone())]);
    assert!(state.busy.contains_key(WEB));
    let err = UserError {
        message: "server is locked".into(),
        fields: vec!["action".into()],
    };
    let effects = app::update(
        &mut state,
        Action::Done {
            action,
            result: Err(err.clone()),
        },
    );
    assert!(fetches(&effects).is_empty(), "{effects:?}");
    assert_eq!(
        reads(&effects)
            .into_iter()
            .map(|(_, t, id)| (t, id))
            .collect::<Vec<_>>(),
        [(Tab::Servers, WEB.to_string())],
        "the server alone is read again"
    );
    assert_eq!(state.status.last_error, Some(err));
    // The row says it failed until the refresh shows the server's own state.
    assert!(state.busy[WEB].failed);
    answer(&mut state, effects);
    assert!(state.busy.is_empty());
}

#[test]
fn the_private_ip_column_shows_the_first_ipv4_ipam_lists() {
    let state = loaded(options(), Instant::now());
    let cell = |id: &str| {
        let row = state.table(Tab::Servers).rows().find(|r| r.id() == id);
        row.unwrap().cell("private_ip").into_owned()
    };
    // Not the IPv6 IPAM lists beside it, not the network's subnet.
    assert_eq!(cell(DB), "172.16.8.2");
    assert_eq!(cell(WORKER), "172.16.8.3");
    // No NIC, no address.
    assert_eq!(cell(BATCH), "");
}

#[test]
fn details_join_across_apis() {
    let mut state = loaded(options(), Instant::now());
    select(&mut state, "db-1");
    let lines = app::details::lines(&state, Tab::Servers, DB).unwrap();
    let text: String = lines.iter().map(|(l, v)| format!("{l}: {v}\n")).collect();
    assert!(text.contains("PRO2-XS · 2 vCPU"), "{text}");
    assert!(text.contains("€0.0550/hour · €40.15/month"), "{text}");
    assert!(
        text.contains("0: db-1-root 20 GB sbs_5k 5K IOPS (boot)"),
        "{text}"
    );
    assert!(
        text.contains("1: db-data 100 GB sbs_15k 15K IOPS"),
        "{text}"
    );
    // The NIC's addresses from IPAM, not its network's subnet.
    assert!(
        text.contains(
            "private nics: backend · available · 02:00:00:10:aa:02\n:   172.16.8.2, fd46:"
        ),
        "{text}"
    );
    let vol = app::details::lines(&state, Tab::Volumes, DB_DATA).unwrap();
    assert!(
        vol.iter()
            .any(|(l, v)| l == "server" && v == "db-1 (running)"),
        "{vol:?}"
    );
    let pn = app::details::lines(&state, Tab::PrivateNetworks, PN_BACKEND).unwrap();
    let pn_text = format!("{pn:?}");
    assert!(
        pn_text.contains("db-1") && pn_text.contains("worker-1"),
        "{pn_text}"
    );
    assert!(pn_text.contains("\"default\""), "{pn_text}");
    let vpc = app::details::lines(&state, Tab::Vpcs, VPC_DEFAULT).unwrap();
    let vpc_text = format!("{vpc:?}");
    assert!(
        vpc_text.contains("backend") && vpc_text.contains("frontend"),
        "{vpc_text}"
    );
    // Cells join too: the volume's server by name, the network's NIC count.
    let volume_row = state
        .table(Tab::Volumes)
        .rows()
        .find(|r| r.id() == DB_DATA)
        .unwrap()
        .clone();
    assert_eq!(volume_row.cell("server"), "db-1");
    assert_eq!(volume_row.cell("iops"), "15K");
    let pn_row = state
        .table(Tab::PrivateNetworks)
        .rows()
        .find(|r| r.id() == PN_BACKEND)
        .unwrap()
        .clone();
    assert_eq!(pn_row.cell("servers"), "2");
    assert_eq!(pn_row.cell("vpc"), "default");
}

#[test]
fn rows_and_inventory_share_the_models() {
    let state = loaded(options(), Instant::now());
    let model = state.inventory.servers.get(WEB).unwrap();
    // One allocation, pointed at by the inventory, the row, the network join
    // (once per network the server is on) and at most one older join per
    // other tab (rows keep the joins they were built with until rebuilt).
    let networks = model.private_nics.len();
    assert!(networks > 0, "the sample server is on a network");
    let count = std::sync::Arc::strong_count(model);
    assert!(
        (2 + networks..=2 + networks + Tab::ALL.len() - 1).contains(&count),
        "{count}"
    );
    let joined = state.inventory.joins.servers.get(WEB).unwrap();
    assert!(
        std::sync::Arc::ptr_eq(model, joined),
        "the join is not a copy"
    );
}

#[test]
fn a_failing_zone_keeps_its_inventory() {
    let t0 = Instant::now();
    let mut state = loaded(options(), t0);
    let effects = app::update(&mut state, key('r'));
    let (request, _) = fetches(&effects)
        .into_iter()
        .find(|(_, t)| *t == Tab::Servers)
        .unwrap();
    app::update(
        &mut state,
        Action::Fetched {
            request,
            batch: Batch::Servers(vec![]),
            errors: vec![(
                Locality::Zone(Zone::FrPar1),
                UserError::new("service unavailable"),
            )],
        },
    );
    assert_eq!(state.inventory.servers.len(), 5);
    assert_eq!(state.table(Tab::Servers).total(), 5);
    assert!(
        state
            .locality_errors
            .contains_key(&Locality::Zone(Zone::FrPar1))
    );
}

#[test]
fn rules_are_fetched_when_a_group_is_selected() {
    let mut state = loaded(options(), Instant::now());
    // The background fetch (`rule_counts`) asked for every group already;
    // a group it has not reached yet is asked for as soon as it is selected.
    assert!(state.rules_requested.contains(SG_DEFAULT));
    state.rules_requested.clear();
    let effects = app::update(&mut state, key('3'));
    let group = state.current().selected_id().unwrap().to_string();
    assert!(
        effects.contains(&Effect::FetchRules {
            group: group.clone(),
            zone: Zone::FrPar1
        }),
        "{effects:?}"
    );
    // Asked once only.
    assert!(app::update(&mut state, key('k')).is_empty());
    app::update(
        &mut state,
        Action::Rules {
            group: SG_DEFAULT.into(),
            result: Ok(std::sync::Arc::new(rules())),
        },
    );
    let row = state
        .table(Tab::SecurityGroups)
        .rows()
        .find(|r| r.id() == SG_DEFAULT)
        .unwrap()
        .clone();
    assert_eq!(row.cell("rules"), "3");
    let lines = app::details::lines(&state, Tab::SecurityGroups, SG_DEFAULT).unwrap();
    assert!(
        lines
            .iter()
            .any(|(_, v)| v == "inbound accept TCP 80-443 from 0.0.0.0/0"),
        "{lines:?}"
    );
}

#[test]
fn raw_json_fetches_the_exact_api_object() {
    let mut state = loaded(options(), Instant::now());
    select(&mut state, "web-1");
    let effects = app::update(&mut state, key('y'));
    let [Effect::FetchRaw { title, path }] = effects.as_slice() else {
        panic!("{effects:?}")
    };
    assert_eq!(path, &format!("/instance/v1/zones/fr-par-1/servers/{WEB}"));
    app::update(
        &mut state,
        Action::Raw {
            title: title.clone(),
            result: Ok("{\"server\": {}}".into()),
        },
    );
    let Mode::RawJson { text, .. } = &state.mode else {
        panic!()
    };
    assert_eq!(text, "{\"server\": {}}");
}

#[test]
fn server_types_are_fetched_once_per_zone() {
    let mut state = State::new(options());
    let effects = app::init(&mut state);
    let types: Vec<_> = effects
        .iter()
        .filter(|e| matches!(e, Effect::FetchServerTypes(_)))
        .collect();
    assert_eq!(types, [&Effect::FetchServerTypes(Zone::FrPar1)]);
    let effects = app::update(&mut state, key(']'));
    assert!(effects.contains(&Effect::FetchServerTypes(Zone::FrPar2)));
    let effects = app::update(&mut state, key('['));
    assert!(
        !effects
            .iter()
            .any(|e| matches!(e, Effect::FetchServerTypes(_)))
    );
}

#[test]
fn configured_columns_are_the_tables_columns() {
    let columns =
        scwdash::settings::Columns::default().with(Tab::Servers, ["name", "price", "state"]);
    let state = loaded(
        Options {
            columns,
            ..options()
        },
        Instant::now(),
    );
    let ids: Vec<&str> = state
        .table(Tab::Servers)
        .columns()
        .iter()
        .map(|c| c.id)
        .collect();
    assert_eq!(ids, ["name", "price", "state"]);
    let web = state
        .table(Tab::Servers)
        .rows()
        .find(|r| r.id() == WEB)
        .unwrap()
        .clone();
    // A month: DEV1-S running, 0.0088 * 730 = 6.424, and its 20 GB local
    // SSD at the shipped 0.0292 a GB: 0.584.
    assert_eq!(web.cell("price"), "€7.01");
}

#[test]
fn equal_sort_keys_keep_their_order_across_refreshes() {
    let mut state = loaded(options(), Instant::now());
    // Sort by zone: every server is in fr-par-1.
    for _ in 0..3 {
        app::update(&mut state, key('o'));
    }
    let order = |s: &State| -> Vec<String> {
        s.table(Tab::Servers)
            .window(0, 10)
            .map(|r| r.name().into_owned())
            .collect()
    };
    let before = order(&state);
    // Ties sort by zone, then id (not by the API's order, which may change).
    assert_eq!(before, ["web-1", "db-1", "worker-1", "batch-2", "legacy-0"]);
    for _ in 0..5 {
        let effects = app::update(&mut state, key('r'));
        answer(&mut state, effects);
        assert_eq!(order(&state), before);
    }
}

#[test]
fn ten_thousand_servers_are_held_once() {
    let t0 = Instant::now();
    let mut state = loaded(options(), t0);
    let template = (*servers()[0]).clone();
    let many: Vec<std::sync::Arc<scwdash::api::models::ServerSummary>> = (0..10_000)
        .map(|i| {
            let mut s = template.clone();
            s.id = format!("srv-{i:05}").into();
            s.name = format!("node-{i:05}").into();
            std::sync::Arc::new(s)
        })
        .collect();
    let effects = app::update(&mut state, key('r'));
    for (request, tab) in fetches(&effects) {
        let batch = match tab {
            Tab::Servers => Batch::Servers(many.clone()),
            other => batch(other),
        };
        app::update(
            &mut state,
            Action::Fetched {
                request,
                batch,
                errors: vec![],
            },
        );
    }
    drop(many);
    assert_eq!(state.table(Tab::Servers).total(), 10_000);
    // Each model lives once, pointed at by its row, the inventory, its
    // network joins and at most one older join per other tab.
    assert!(
        state
            .inventory
            .servers
            .values()
            .all(|s| std::sync::Arc::strong_count(s) < 2 + s.private_nics.len() + Tab::ALL.len())
    );
}

fn mark(state: &State, id: &str) -> Option<&'static str> {
    state.busy.get(id).map(|m| m.label)
}

#[test]
fn a_form_submit_marks_its_row_until_the_refresh() {
    let mut state = loaded(options(), Instant::now());
    let submit = submit_attach(&mut state);
    assert_eq!(mark(&state, SPARE), Some("attaching"), "marked at once");
    let (text, outcome) = state.status.last_action.clone().unwrap();
    assert_eq!(outcome, Outcome::Pending);
    assert!(text.starts_with("attaching volume"), "{text}");
    let effects = app::update(
        &mut state,
        Action::Submitted {
            submit,
            result: Ok(Default::default()),
        },
    );
    assert_eq!(state.mode, Mode::Normal);
    // Accepted: the mark stays until the refresh shows the API's state...
    assert_eq!(mark(&state, SPARE), Some("attaching"));
    let tabs: Vec<Tab> = fetches(&effects).into_iter().map(|(_, t)| t).collect();
    assert_eq!(tabs, [Tab::Volumes, Tab::Servers]);
    // ... and goes with it.
    answer(&mut state, effects);
    assert_eq!(mark(&state, SPARE), None);
    assert!(state.accepted.is_empty());
}

#[test]
fn a_refused_submit_marks_its_row_failed_until_the_next_refresh() {
    let mut state = loaded(options(), Instant::now());
    let submit = submit_attach(&mut state);
    let error = scwdash::app::forms::SubmitError {
        message: "volume is busy".into(),
        fields: Vec::new(),
        outcome_unknown: false,
    };
    let effects = app::update(
        &mut state,
        Action::Submitted {
            submit,
            result: Err(error),
        },
    );
    assert!(effects.is_empty());
    assert!(state.busy[SPARE].failed, "{:?}", state.busy);
    assert!(
        matches!(state.mode, Mode::Form(_)),
        "the form keeps its input"
    );
    app::update(&mut state, code(KeyCode::Esc));
    let effects = app::update(&mut state, key('r'));
    answer(&mut state, effects);
    assert_eq!(
        mark(&state, SPARE),
        None,
        "the refresh shows the volume again"
    );
}

#[test]
fn a_create_marks_no_row_and_says_creating() {
    let mut state = loaded(
        Options {
            project: Some("proj-1".into()),
            ..options()
        },
        Instant::now(),
    );
    app::update(&mut state, key('2'));
    app::update(&mut state, key('n'));
    for c in "fresh-vol".chars() {
        app::update(&mut state, key(c));
    }
    state.status.last_error = Some(UserError::new("an older failure"));
    let effects = app::update(&mut state, code(KeyCode::Enter));
    assert!(
        matches!(effects.as_slice(), [Effect::Submit(_)]),
        "{effects:?}"
    );
    assert!(state.busy.is_empty());
    let (text, outcome) = state.status.last_action.clone().unwrap();
    assert_eq!(outcome, Outcome::Pending);
    assert_eq!(text, "creating volume fresh-vol in fr-par-1");
    assert_eq!(state.status.last_error, None, "not this request's error");
}

#[test]
fn a_delete_marks_its_row_deleting_then_failed_until_the_refresh() {
    let mut state = loaded(options(), Instant::now());
    app::update(&mut state, key('2'));
    select(&mut state, "spare-backup");
    app::update(&mut state, key('d'));
    let effects = app::update(&mut state, key('y'));
    let [Effect::Run(action)] = effects.as_slice() else {
        panic!("{effects:?}")
    };
    assert_eq!(mark(&state, SPARE), Some("deleting"));
    app::update(
        &mut state,
        Action::Done {
            action: action.clone(),
            result: Err(UserError::new("volume is in use")),
        },
    );
    assert!(state.busy[SPARE].failed);
    let effects = app::update(&mut state, key('r'));
    answer(&mut state, effects);
    assert_eq!(mark(&state, SPARE), None);
}

#[test]
fn power_on_failure_after_create_closes_the_form_and_says_so() {
    use scwdash::api::models::CreateServerRequest;
    use scwdash::app::form::Form;
    use scwdash::app::forms::{Applied, FormKind, FormSubmit};
    let mut state = loaded(options(), Instant::now());
    let kind = FormKind::CreateServer {
        zone: Zone::FrPar1,
        project: None,
        type_arch: Default::default(),
        images: Default::default(),
        loading: Default::default(),
    };
    let mut form = Form::new("New server in fr-par-1", kind, Vec::new());
    form.mark_sending();
    state.mode = Mode::Form(Box::new(form));
    let submit = FormSubmit::CreateServer {
        zone: Zone::FrPar1,
        request: CreateServerRequest {
            name: "web-2".into(),
            ..Default::default()
        },
        power_on: true,
    };
    let effects = app::update(
        &mut state,
        Action::Submitted {
            submit,
            result: Ok(Applied {
                follow_up_error: Some("server is locked".into()),
            }),
        },
    );
    assert_eq!(state.mode, Mode::Normal, "no second create from this form");
    assert_eq!(
        state.status.last_action,
        Some((
            "server web-2 created, but power-on failed: server is locked".into(),
            Outcome::Failed
        ))
    );
    let tabs: Vec<Tab> = fetches(&effects).into_iter().map(|(_, t)| t).collect();
    assert_eq!(tabs, [Tab::Servers], "the new server shows");
}

/// `n` on servers before the zone's images arrived says "loading …"; once
/// they arrive the form opens and the notice goes (it described nothing any
/// more).
#[test]
fn the_loading_notice_of_a_form_goes_when_the_form_opens() {
    let mut state = loaded(options(), Instant::now());
    let effects = app::update(&mut state, key('n'));
    assert!(
        effects
            .iter()
            .any(|e| matches!(e, Effect::FetchZoneCatalog(Zone::FrPar1))),
        "{effects:?}"
    );
    let (text, outcome) = state.status.last_action.clone().unwrap();
    assert!(text.contains("loading images of fr-par-1"), "{text}");
    assert_eq!(outcome, Outcome::Pending);
    app::update(
        &mut state,
        Action::ZoneCatalog {
            zone: Zone::FrPar1,
            result: Ok(Default::default()),
        },
    );
    assert!(matches!(state.mode, Mode::Form(_)), "{:?}", state.status);
    assert!(
        !state
            .status
            .last_action
            .as_ref()
            .is_some_and(|(t, _)| t.contains("loading")),
        "{:?}",
        state.status.last_action
    );
}

/// A refresh that brings what is already held (equal models, new
/// allocations) keeps the held maps and joins: no rows are rebuilt, no second
/// map allocated. A changed answer is still applied.
#[test]
fn an_unchanged_refresh_keeps_the_held_models() {
    let t0 = Instant::now();
    let mut state = loaded(options(), t0);
    let held = state.inventory.servers.clone();
    let joins = state.inventory.joins.clone();
    let effects = app::update(&mut state, key('r'));
    answer(&mut state, effects);
    assert!(std::sync::Arc::ptr_eq(&held, &state.inventory.servers));
    assert!(std::sync::Arc::ptr_eq(&joins, &state.inventory.joins));

    let mut renamed = servers();
    let mut web = (*renamed[0]).clone();
    web.name = "renamed-web".into();
    renamed[0] = std::sync::Arc::new(web);
    let effects = app::update(&mut state, key('r'));
    for (request, tab) in fetches(&effects) {
        let batch = match tab {
            Tab::Servers => Batch::Servers(renamed.clone()),
            other => batch(other),
        };
        app::update(
            &mut state,
            Action::Fetched {
                request,
                batch,
                errors: vec![],
            },
        );
    }
    assert!(!std::sync::Arc::ptr_eq(&held, &state.inventory.servers));
    assert!(
        state
            .table(Tab::Servers)
            .rows()
            .any(|r| r.name() == "renamed-web")
    );
}

/// Under `--zone all`, one zone's server starting reads that server alone,
/// fast, not its zone's list nor every zone of every tab.
#[test]
fn only_the_slots_in_transition_poll_fast() {
    let t0 = Instant::now();
    let mut state = State::new(Options {
        zone: scwdash::api::locality::ZoneScope::All,
        ..options()
    });
    app::update(&mut state, Action::Tick(t0));
    let effects = app::init(&mut state);
    let all = fetches(&effects).len();
    answer(&mut state, effects);
    assert!(state.table(Tab::Servers).any_transitional());
    let due = app::update(&mut state, Action::Tick(t0 + Duration::from_millis(1100)));
    let polled: Vec<(Tab, Locality, &str)> = due
        .iter()
        .filter_map(|e| match e {
            Effect::FetchOne { tab, at, id, .. } => Some((*tab, *at, id.as_str())),
            _ => None,
        })
        .collect();
    assert_eq!(
        polled,
        [
            (Tab::Servers, Locality::Zone(Zone::FrPar1), BATCH),
            (Tab::Volumes, Locality::Zone(Zone::FrPar1), NEW_VOL)
        ],
        "{all} slots in all"
    );
    assert!(fetches(&due).is_empty(), "no zone is listed fast: {due:?}");
}

/// The RULES cell of every group fills in without selecting it: the rules
/// are fetched in the background once the main lists are in, "…" meanwhile,
/// "error" for a fetch that failed, which the next list of groups retries.
#[test]
fn security_groups_count_their_rules_in_the_background() {
    let t0 = Instant::now();
    let mut state = State::new(Options {
        zone: scwdash::api::locality::ZoneScope::One(Zone::FrPar1),
        ..options()
    });
    app::update(&mut state, Action::Tick(t0));
    let effects = app::init(&mut state);
    let more = answer(&mut state, effects);
    let rule_fetches = |effects: &[Effect]| -> Vec<String> {
        effects
            .iter()
            .filter_map(|e| match e {
                Effect::FetchRules { group, .. } => Some(group.clone()),
                _ => None,
            })
            .collect()
    };
    let mut asked = rule_fetches(&more);
    asked.sort();
    assert_eq!(
        asked,
        [SG_DEFAULT, SG_DB],
        "on the servers tab, nothing selected"
    );
    let cell = |state: &State, id: &str| {
        let row = state
            .table(Tab::SecurityGroups)
            .rows()
            .find(|r| r.id() == id);
        row.unwrap().cell("rules").into_owned()
    };
    assert_eq!(cell(&state, SG_DB), "…");
    app::update(
        &mut state,
        Action::Rules {
            group: SG_DB.into(),
            result: Ok(std::sync::Arc::new(rules())),
        },
    );
    app::update(
        &mut state,
        Action::Rules {
            group: SG_DEFAULT.into(),
            result: Err(UserError::new("service unavailable")),
        },
    );
    assert_eq!(cell(&state, SG_DB), "3");
    assert_eq!(cell(&state, SG_DEFAULT), "error");
    let error = state.status.last_error.as_ref().unwrap().message.clone();
    assert_eq!(error, "rules of default: service unavailable");
    // The next list of groups tries the failed one again (`r` re-reads
    // every group's rules).
    let effects = app::update(&mut state, key('r'));
    let more = answer(&mut state, effects);
    let mut asked = rule_fetches(&more);
    asked.sort();
    assert_eq!(asked, [SG_DEFAULT, SG_DB]);
    assert_eq!(cell(&state, SG_DEFAULT), "…");
}

/// The server `d` menu never starts on "Delete server" of a running server
/// (refused there); on a stopped one it does.
#[test]
fn the_server_delete_menu_starts_on_what_can_be_done() {
    let mut state = loaded(Options::default(), Instant::now());
    app::update(&mut state, key('1'));
    for (id, first) in [(DB, "Detach volume"), (WORKER, "Delete server")] {
        assert!(state.table_mut(Tab::Servers).select_id(id));
        app::update(&mut state, key('d'));
        let Mode::Choose(menu) = &state.mode else {
            panic!("no menu: {:?}", state.mode);
        };
        let label = &menu.items[menu.cursor].label;
        assert!(label.starts_with(first), "{id}: starts on {label}");
        app::update(&mut state, code(KeyCode::Esc));
    }
}
