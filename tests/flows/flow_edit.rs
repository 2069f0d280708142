//! Editing end to end: keys into the pure update, effects through the real
//! executor and client against the in-process simulator, and the simulator's
//! state read back over HTTP with the typed client. Refusals the inventory
//! already knows are explained and send nothing.
#![allow(clippy::unwrap_used)]

use std::time::{Duration, Instant};

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::{Terminal, backend::TestBackend};
use scwdash::api::ipam::{self, IpFilters};
use scwdash::api::locality::{Region, Zone, ZoneScope};
use scwdash::api::models::ServerState;
use scwdash::api::{Client, ClientConfig, SecretKey, block, instance, vpc};
use scwdash::app::{self, Action, Effect, Mode, Options, Outcome, State, Tab};
use scwdash::event::Executor;
use scwdash::exec::ApiExecutor;
use scwdash::sim::faults::{DropAfterApply, FaultKnobs};
use scwdash::sim::{self, SimConfig, SimHandle};
use tokio::sync::mpsc::{UnboundedReceiver, UnboundedSender, unbounded_channel};

const PAR1: Zone = Zone::FrPar1;

/// Also driven by the fleet flows (`flow_fleet`) and the form flows (`flow_forms`).
pub(super) struct Harness {
    pub(super) state: State,
    exec: ApiExecutor,
    tx: UnboundedSender<Action>,
    rx: UnboundedReceiver<Action>,
    pub(super) client: Client,
    pub(super) sim: SimHandle,
}

impl Harness {
    /// The simulator's demo fleet with short transitions, every tab loaded.
    pub(super) async fn start(read_only: bool) -> Harness {
        Harness::start_with(
            read_only,
            Duration::from_millis(100),
            Duration::from_secs(5),
        )
        .await
    }

    /// `transition`: the simulator's step; `refresh_every`: the slow polling.
    pub(super) async fn start_with(
        read_only: bool,
        transition: Duration,
        refresh_every: Duration,
    ) -> Harness {
        Harness::launch(
            transition,
            Options {
                zone: ZoneScope::One(PAR1),
                refresh_every,
                fast_refresh: Duration::from_millis(100),
                read_only,
                project: Some(sim::PROJECT.to_string()),
                ..Options::default()
            },
        )
        .await
    }

    /// [`Harness::start`] with `zone` in view and `project` configured.
    pub(super) async fn start_in(zone: ZoneScope, project: Option<String>) -> Harness {
        Harness::launch(
            Duration::from_millis(100),
            Options {
                zone,
                refresh_every: Duration::from_secs(5),
                fast_refresh: Duration::from_millis(100),
                project,
                ..Options::default()
            },
        )
        .await
    }

    /// A simulator of its own with steps of `transition`, and a dashboard
    /// started with `options` on it, every tab loaded.
    pub(super) async fn launch(transition: Duration, options: Options) -> Harness {
        let sim = sim::spawn(SimConfig {
            transition,
            ..SimConfig::fast()
        })
        .await
        .unwrap();
        Harness::on(sim, options).await
    }

    /// A dashboard started with `options` on a running simulator (the one
    /// an earlier harness ran on: a restart), every tab loaded.
    pub(super) async fn on(sim: SimHandle, options: Options) -> Harness {
        let mut config = ClientConfig::new(SecretKey::new("flow-edit-key"));
        config.api_url = sim.base_url();
        let client = Client::new(config).unwrap();
        let (tx, rx) = unbounded_channel();
        let mut h = Harness {
            state: State::new(options),
            exec: ApiExecutor::new(client.clone(), Box::new(|_| Ok(()))),
            tx,
            rx,
            client,
            sim,
        };
        h.dispatch(Action::Tick(Instant::now()));
        for effect in app::init(&mut h.state) {
            h.exec.execute(effect, &h.tx);
        }
        h.wait("every tab loaded", |s| {
            s.tables.iter().all(|t| t.is_loaded())
        })
        .await;
        h
    }

    pub(super) fn dispatch(&mut self, action: Action) -> Vec<Effect> {
        let effects = app::update(&mut self.state, action);
        for effect in &effects {
            self.exec.execute(effect.clone(), &self.tx);
        }
        effects
    }

    /// Presses a key; returns the effects it caused (already running).
    pub(super) fn key(&mut self, code: KeyCode) -> Vec<Effect> {
        self.dispatch(Action::Key(KeyEvent::new(code, KeyModifiers::NONE)))
    }

    pub(super) fn ch(&mut self, c: char) -> Vec<Effect> {
        self.key(KeyCode::Char(c))
    }

    pub(super) fn type_text(&mut self, text: &str) {
        for c in text.chars() {
            self.ch(c);
        }
    }

    /// Switches to `tab` and selects the row named `name`; returns its id.
    pub(super) fn select(&mut self, tab: Tab, name: &str) -> String {
        self.ch(char::from(b'1' + tab.index() as u8));
        let id = self
            .state
            .table(tab)
            .rows()
            .find(|r| r.name() == name)
            .map(|r| r.id().to_string())
            .unwrap_or_else(|| panic!("no {} named {name}", tab.noun()));
        assert!(self.state.table_mut(tab).select_id(&id));
        id
    }

    /// Creates a `tab` resource through its form with only a name typed (the
    /// other fields keep their defaults), waits for its row and selects it;
    /// returns its id.
    async fn create_named(&mut self, tab: Tab, name: &str) -> String {
        self.ch(char::from(b'1' + tab.index() as u8));
        self.ch('n');
        assert!(is_form(&self.state), "{:?}", self.state.status);
        self.type_text(name);
        self.key(KeyCode::Enter);
        self.wait(&format!("the new {} {name}", tab.noun()), |s| {
            s.mode == Mode::Normal && s.table(tab).rows().any(|r| r.name() == name)
        })
        .await;
        self.select(tab, name)
    }

    /// A new volume `name`, its edit form open (`e`); returns its id.
    async fn edit_new_volume(&mut self, name: &str) -> String {
        let id = self.create_named(Tab::Volumes, name).await;
        self.ch('e');
        assert!(is_form(&self.state), "{:?}", self.state.status);
        id
    }

    /// Feeds results and ticks through update until `done(state)`.
    pub(super) async fn wait(&mut self, what: &str, done: impl Fn(&State) -> bool) {
        let deadline = Instant::now() + Duration::from_secs(20);
        loop {
            if let Ok(Some(a)) =
                tokio::time::timeout(Duration::from_millis(20), self.rx.recv()).await
            {
                self.dispatch(a);
            }
            while let Ok(a) = self.rx.try_recv() {
                self.dispatch(a);
            }
            self.dispatch(Action::Tick(Instant::now()));
            if done(&self.state) {
                return;
            }
            assert!(
                Instant::now() < deadline,
                "timed out waiting for {what}: mode {:?}, status {:?}",
                self.state.mode,
                self.state.status
            );
        }
    }

    pub(super) fn status(&self) -> String {
        self.state
            .status
            .last_action
            .as_ref()
            .map(|(t, _)| t.clone())
            .unwrap_or_default()
    }
}

pub(super) fn is_form(s: &State) -> bool {
    matches!(s.mode, Mode::Form(_))
}

/// Nothing in `effects` changes anything.
fn sends_nothing(effects: &[Effect]) -> bool {
    !effects
        .iter()
        .any(|e| matches!(e, Effect::Run(_) | Effect::Submit(_)))
}

/// Opens the server form (its images load on demand) and fills name, type
/// and image; the focus is left on the image field.
async fn fill_server_form(h: &mut Harness, name: &str) {
    h.ch('1');
    h.ch('n');
    h.wait("the server form", is_form).await;
    h.type_text(name);
    h.key(KeyCode::Tab);
    h.type_text("DEV1-S ");
    h.key(KeyCode::Enter);
    h.key(KeyCode::Tab);
    h.type_text("x86_64");
    h.key(KeyCode::Enter);
}

/// Enter on the form: exactly one request goes out (an edit form first
/// reads its resource again, then sends).
fn submit_form(h: &mut Harness) {
    let sent = h.key(KeyCode::Enter);
    assert!(
        matches!(sent.as_slice(), [Effect::Submit(_) | Effect::Recheck(_)]),
        "{sent:?} {:?}",
        h.state.mode
    );
}

/// The screen as text, for what the user sees.
pub(super) fn screen(state: &State) -> String {
    let mut terminal = Terminal::new(TestBackend::new(160, 48)).unwrap();
    terminal.draw(|f| scwdash::ui::render(f, state)).unwrap();
    let buf = terminal.backend().buffer();
    (0..48)
        .map(|y| (0..160).map(|x| buf[(x, y)].symbol()).collect::<String>() + "\n")
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn server_created_and_powered_on_is_polled_until_running() {
    // Steps long enough that the first refresh sees `starting`; only the
    // fast polling (the slow period is a minute) can then show `running`.
    let mut h = Harness::start_with(false, Duration::from_secs(1), Duration::from_secs(60)).await;
    fill_server_form(&mut h, "edit-srv").await;
    submit_form(&mut h);
    assert_eq!(
        h.status(),
        "creating server edit-srv in fr-par-1, then powering it on"
    );
    h.wait("the new row", |s| {
        s.mode == Mode::Normal && s.table(Tab::Servers).rows().any(|r| r.name() == "edit-srv")
    })
    .await;
    assert_eq!(h.status(), "create server edit-srv in fr-par-1");
    let id = h.select(Tab::Servers, "edit-srv");
    let seen = h.state.inventory.servers[&id].state.clone();
    assert_eq!(
        seen,
        ServerState::Starting,
        "the refresh right after the submit"
    );
    let row = screen(&h.state);
    let row = row.lines().find(|l| l.contains("edit-srv")).unwrap();
    assert!(row.contains("starting"), "{row}");
    h.wait("running on screen", |s| {
        screen(s)
            .lines()
            .any(|l| l.contains("edit-srv") && l.contains("running"))
    })
    .await;
    let server = instance::get_server(&h.client, PAR1, &id).await.unwrap();
    assert_eq!(server.state, ServerState::Running);
    assert_eq!(server.commercial_type, "DEV1-S");
    assert_eq!(
        h.sim.requests_seen(
            "POST",
            &format!("/instance/v1/zones/{PAR1}/servers/{id}/action")
        ),
        1
    );
    h.sim.shutdown();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn server_created_stopped_then_powered_on() {
    let mut h = Harness::start(false).await;
    fill_server_form(&mut h, "edit-cold").await;
    // Tags, security group, then "Power on after create": switched off.
    for _ in 0..3 {
        h.key(KeyCode::Tab);
    }
    h.ch(' ');
    submit_form(&mut h);
    h.wait("the new row", |s| {
        s.mode == Mode::Normal
            && s.table(Tab::Servers)
                .rows()
                .any(|r| r.name() == "edit-cold")
    })
    .await;
    let id = h.select(Tab::Servers, "edit-cold");
    let server = instance::get_server(&h.client, PAR1, &id).await.unwrap();
    assert_eq!(server.state, ServerState::Stopped);

    h.ch('p');
    let Mode::PowerMenu(menu) = &h.state.mode else {
        panic!("no power menu: {:?}", h.state.mode)
    };
    assert_eq!(menu.actions[0], "poweron");
    h.key(KeyCode::Enter);
    h.wait("running", |s| {
        s.inventory
            .servers
            .get(&id)
            .is_some_and(|s| s.state == ServerState::Running)
    })
    .await;
    let server = instance::get_server(&h.client, PAR1, &id).await.unwrap();
    assert_eq!(server.state, ServerState::Running);
    h.sim.shutdown();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn power_on_failure_after_create_is_reported_and_creates_one_server() {
    let mut h = Harness::start(false).await;
    // The power-on is applied but its answer is lost: to the dashboard it
    // failed (outcome unknown), after the create succeeded.
    h.sim.set_faults(FaultKnobs {
        drop_response_after_apply: Some(DropAfterApply {
            method: "POST".into(),
            path_suffix: "/action".into(),
            times: 1,
        }),
        ..FaultKnobs::default()
    });
    fill_server_form(&mut h, "edit-half").await;
    submit_form(&mut h);
    h.wait("the form closed", |s| s.mode == Mode::Normal).await;
    let (text, outcome) = h.state.status.last_action.clone().unwrap();
    assert_eq!(outcome, Outcome::Failed);
    assert!(
        text.starts_with("server edit-half created, but power-on failed: outcome unknown"),
        "{text}"
    );
    let line = screen(&h.state);
    assert!(
        line.contains("server edit-half created, but power-on failed"),
        "{line}"
    );
    h.wait("the new row", |s| {
        s.table(Tab::Servers)
            .rows()
            .any(|r| r.name() == "edit-half")
    })
    .await;
    let listed = instance::list_servers(&h.client, PAR1, &Default::default())
        .await
        .unwrap();
    assert_eq!(
        listed.iter().filter(|s| s.name == "edit-half").count(),
        1,
        "one server only"
    );
    let path = format!("/instance/v1/zones/{PAR1}/servers");
    assert_eq!(h.sim.requests_seen("POST", &path), 1);
    h.sim.shutdown();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn volume_created_attached_then_detached() {
    let mut h = Harness::start(false).await;
    let vol = h.create_named(Tab::Volumes, "edit-vol").await;
    h.wait("available", |s| {
        s.inventory
            .volumes
            .get(&vol)
            .is_some_and(|v| v.status.as_str() == "available")
    })
    .await;
    let server_id = h
        .state
        .inventory
        .servers
        .values()
        .find(|s| s.name == "worker-2")
        .unwrap()
        .id
        .clone();
    let root = instance::get_server(&h.client, PAR1, &server_id)
        .await
        .unwrap()
        .volumes["0"]
        .id
        .clone();

    h.ch('a');
    assert!(is_form(&h.state), "{:?}", h.state.status);
    h.type_text("worker-2");
    h.key(KeyCode::Enter);
    h.key(KeyCode::Enter);
    h.wait("in use", |s| {
        s.inventory
            .volumes
            .get(&vol)
            .is_some_and(|v| v.status.as_str() == "in_use")
    })
    .await;
    let v = block::get_volume(&h.client, PAR1, &vol).await.unwrap();
    assert_eq!(v.status.as_str(), "in_use");
    let server = instance::get_server(&h.client, PAR1, &server_id)
        .await
        .unwrap();
    assert_eq!(server.volumes["0"].id, root, "root kept");
    assert!(server.volumes.values().any(|v| v.id == vol));

    // `d` on the attached volume offers the detach, named, default No.
    h.select(Tab::Volumes, "edit-vol");
    h.ch('d');
    let Mode::Confirm(action) = &h.state.mode else {
        panic!("no confirmation: {:?}", h.state.mode)
    };
    assert_eq!(
        action.describe(),
        "Detach volume edit-vol from server worker-2 in fr-par-1"
    );
    h.ch('y');
    h.wait("available", |s| {
        s.inventory
            .volumes
            .get(&vol)
            .is_some_and(|v| v.status.as_str() == "available")
    })
    .await;
    let server = instance::get_server(&h.client, PAR1, &server_id)
        .await
        .unwrap();
    assert!(!server.volumes.values().any(|v| v.id == vol));
    assert_eq!(server.volumes["0"].id, root);

    // Free now: `d` deletes it.
    h.select(Tab::Volumes, "edit-vol");
    h.ch('d');
    let Mode::Confirm(action) = &h.state.mode else {
        panic!("no confirmation: {:?}", h.state.mode)
    };
    assert_eq!(action.describe(), "Delete volume edit-vol in fr-par-1");
    h.ch('y');
    h.wait("gone", |s| !s.inventory.volumes.contains_key(&vol))
        .await;
    assert!(block::get_volume(&h.client, PAR1, &vol).await.is_err());
    h.sim.shutdown();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn rules_edited_and_applied_in_order() {
    let mut h = Harness::start(false).await;
    let sg = h.select(Tab::SecurityGroups, "web");
    h.ch('a');
    h.wait("the rule editor", |s| matches!(s.mode, Mode::RuleEditor(_)))
        .await;
    let before = instance::list_rules(&h.client, PAR1, &sg).await.unwrap();
    let ports = |rules: &[scwdash::api::models::SecurityGroupRule]| {
        let mut r: Vec<_> = rules
            .iter()
            .filter(|r| r.editable != Some(false))
            .map(|r| (r.position, r.dest_port_from))
            .collect();
        r.sort();
        r.into_iter().map(|(_, p)| p).collect::<Vec<_>>()
    };
    let mut expected = ports(&before);
    assert!(expected.len() >= 2, "{before:?}");
    // Add a rule for 8443 at the end, then move it up once.
    for _ in 0..before.len() {
        h.ch('j');
    }
    h.ch('a');
    for _ in 0..4 {
        h.key(KeyCode::Tab);
    }
    h.type_text("8443");
    h.key(KeyCode::Enter);
    h.ch('K');
    // Apply reads the rules again, then asks with the staged diff.
    h.ch('s');
    h.wait("the review", |s| {
        matches!(&s.mode, Mode::RuleEditor(e)
            if matches!(e.review, Some(scwdash::app::rule_editor::Review::Ready { .. })))
    })
    .await;
    let sent = h.ch('y');
    let puts = sent
        .iter()
        .filter(|e| matches!(e, Effect::Submit(_)))
        .count();
    assert_eq!(puts, 1, "one PUT: {sent:?}");
    h.wait("applied", |s| s.mode == Mode::Normal).await;
    let after = instance::list_rules(&h.client, PAR1, &sg).await.unwrap();
    let last = expected.len() - 1;
    expected.insert(last, Some(8443));
    assert_eq!(ports(&after), expected);
    h.sim.shutdown();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn server_joins_then_leaves_a_private_network() {
    let mut h = Harness::start(false).await;
    let pn = h
        .state
        .inventory
        .private_networks
        .values()
        .find(|p| p.name == "sandbox")
        .unwrap()
        .id
        .clone();
    let server = h.select(Tab::Servers, "worker-2");
    // `a`: attach a volume, or join a network (the second entry).
    h.ch('a');
    h.ch('j');
    h.key(KeyCode::Enter);
    assert!(is_form(&h.state), "{:?}", h.state.status);
    h.ch(' ');
    h.type_text("sandbox");
    h.key(KeyCode::Enter);
    h.key(KeyCode::Enter);
    h.wait("the NIC", |s| {
        s.inventory.servers.get(&server).is_some_and(|x| {
            x.private_nics
                .iter()
                .any(|n| n.private_network_id == pn && n.state.as_str() == "available")
        })
    })
    .await;
    let nics = instance::list_private_nics(&h.client, PAR1, &server)
        .await
        .unwrap();
    let nic = nics.iter().find(|n| n.private_network_id == pn).unwrap();
    assert_eq!(nic.state.as_str(), "available");

    // Its addresses come from IPAM: the server's details show them under
    // the network, and the network's details by the server.
    let filters = IpFilters {
        resource_id: Some(nic.id.clone()),
        ..IpFilters::private_nics()
    };
    let ips = ipam::list_ips(&h.client, Region::FrPar, &filters)
        .await
        .unwrap();
    let v4 = ips
        .iter()
        .find(|i| !i.is_ipv6)
        .unwrap()
        .bare_address()
        .to_string();
    let v6 = ips
        .iter()
        .find(|i| i.is_ipv6)
        .unwrap()
        .bare_address()
        .to_string();
    h.wait("the NIC's addresses in the details", |s| {
        app::details::lines(s, Tab::Servers, &server)
            .is_some_and(|l| l.iter().any(|(_, v)| v.contains(&v4)))
    })
    .await;
    let lines = app::details::lines(&h.state, Tab::Servers, &server).unwrap();
    let at = lines
        .iter()
        .position(|(_, v)| v.starts_with("sandbox · available · "))
        .unwrap_or_else(|| panic!("no available NIC on sandbox: {lines:?}"));
    assert_eq!(lines[at + 1].1, format!("  {v4}, {v6}"));
    let pn_lines = app::details::lines(&h.state, Tab::PrivateNetworks, &pn).unwrap();
    assert!(
        pn_lines
            .iter()
            .any(|(_, v)| v == &format!("worker-2 · {v4}, {v6} · available")),
        "{pn_lines:?}"
    );

    // `d` on the server: a menu (delete / leave each network).
    h.select(Tab::Servers, "worker-2");
    h.ch('d');
    let Mode::Choose(menu) = &h.state.mode else {
        panic!("no menu: {:?}", h.state.mode)
    };
    let at = menu
        .items
        .iter()
        .position(|i| i.label == "Leave network sandbox")
        .unwrap();
    for _ in 0..at {
        h.ch('j');
    }
    h.key(KeyCode::Enter);
    let Mode::Confirm(action) = &h.state.mode else {
        panic!("no confirmation: {:?}", h.state.mode)
    };
    assert_eq!(
        action.describe(),
        "Detach server worker-2 from private network sandbox in fr-par-1"
    );
    h.ch('y');
    h.wait("the NIC gone", |s| {
        s.inventory
            .servers
            .get(&server)
            .is_some_and(|x| x.private_nics.iter().all(|n| n.private_network_id != pn))
    })
    .await;
    let nics = instance::list_private_nics(&h.client, PAR1, &server)
        .await
        .unwrap();
    assert!(nics.iter().all(|n| n.private_network_id != pn));
    h.sim.shutdown();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn empty_private_network_and_vpc_deleted() {
    let mut h = Harness::start(false).await;
    // A new VPC, empty.
    let vpc_id = h.create_named(Tab::Vpcs, "edit-vpc").await;
    h.ch('d');
    assert!(matches!(h.state.mode, Mode::Confirm(_)));
    h.ch('y');
    h.wait("VPC gone", |s| !s.inventory.vpcs.contains_key(&vpc_id))
        .await;
    assert!(
        vpc::get_vpc(&h.client, Region::FrPar, &vpc_id)
            .await
            .is_err()
    );

    let pn = h.select(Tab::PrivateNetworks, "sandbox");
    h.ch('d');
    let Mode::Confirm(action) = &h.state.mode else {
        panic!("no confirmation: {:?}", h.state.mode)
    };
    assert_eq!(
        action.describe(),
        "Delete private network sandbox in fr-par"
    );
    h.ch('y');
    h.wait("PN gone", |s| {
        !s.inventory.private_networks.contains_key(&pn)
    })
    .await;
    assert!(
        vpc::get_private_network(&h.client, Region::FrPar, &pn)
            .await
            .is_err()
    );
    h.sim.shutdown();
}

/// The key sent nothing, left no dialog open, and said `want` as a refusal.
fn refused(h: &mut Harness, effects: Vec<Effect>, want: &str) {
    assert!(sends_nothing(&effects), "{effects:?}");
    assert_eq!(h.state.mode, Mode::Normal);
    let (text, outcome) = h.state.status.last_action.clone().unwrap();
    assert_eq!(outcome, Outcome::Refused);
    assert_eq!(text, want);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn refusals_are_explained_and_send_nothing() {
    let mut h = Harness::start(false).await;

    // A running server: the menu's delete entry (its first, where the menu
    // does not start on a running server) explains.
    let web1 = h.select(Tab::Servers, "web-1");
    let mut effects = h.ch('d');
    if let Mode::Choose(menu) = &h.state.mode {
        for _ in 0..menu.cursor {
            h.ch('k');
        }
        effects.extend(h.key(KeyCode::Enter));
    }
    refused(&mut h, effects, "web-1 is running: power it off first (p)");

    let root = h.select(Tab::Volumes, "web-1-root");
    let effects = h.ch('d');
    refused(
        &mut h,
        effects,
        "web-1-root is in use by web-1 (its root volume)",
    );

    h.select(Tab::SecurityGroups, "database");
    let effects = h.ch('d');
    refused(
        &mut h,
        effects,
        "database is in use by db-primary, redis-cache",
    );

    h.select(Tab::PrivateNetworks, "prod-backend");
    let effects = h.ch('d');
    let text = h.status();
    refused(&mut h, effects, &text);
    assert!(
        text.starts_with("prod-backend has private NICs of ")
            && text.ends_with(": detach them first")
            && text.contains("web-1"),
        "{text}"
    );

    h.select(Tab::Vpcs, "prod");
    let effects = h.ch('d');
    let text = h.status();
    refused(&mut h, effects, &text);
    assert!(
        text.starts_with("prod holds private networks prod-backend"),
        "{text}"
    );

    // The simulator still has all of them.
    assert!(instance::get_server(&h.client, PAR1, &web1).await.is_ok());
    assert!(block::get_volume(&h.client, PAR1, &root).await.is_ok());
    h.sim.shutdown();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn read_only_refuses_every_mutation() {
    let mut h = Harness::start(true).await;
    for (tab, name) in [(Tab::Servers, "worker-2"), (Tab::Volumes, "web-1-root")] {
        h.select(tab, name);
        for c in ['n', 'e', 'a', 'd'] {
            let effects = h.ch(c);
            assert!(effects.is_empty(), "{c}: {effects:?}");
            assert_eq!(h.state.mode, Mode::Normal);
            assert!(h.status().starts_with("read-only mode"), "{}", h.status());
        }
    }
    h.sim.shutdown();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_form_refused_by_the_api_keeps_its_input() {
    // Slow transitions: a new volume stays `creating` long enough to edit.
    let mut h = Harness::start_with(false, Duration::from_secs(5), Duration::from_secs(5)).await;
    let id = h.create_named(Tab::Volumes, "slow-vol").await;
    // A volume still creating cannot change its IOPS class: the API says so.
    h.ch('e');
    assert!(is_form(&h.state), "{:?}", h.state.status);
    h.type_text("-x");
    h.key(KeyCode::Tab);
    h.key(KeyCode::Tab);
    h.key(KeyCode::Right);
    h.key(KeyCode::Enter);
    h.wait("the API's answer", |s| {
        matches!(&s.mode, Mode::Form(f) if !f.sending) && s.status.last_error.is_some()
    })
    .await;
    let Mode::Form(form) = &h.state.mode else {
        panic!("form closed")
    };
    assert_eq!(form.value("name"), "slow-vol-x");
    assert_eq!(form.value("perf_iops"), "15K (15000 IOPS)");
    let field = form.fields.iter().find(|f| f.key == "perf_iops").unwrap();
    assert!(
        field
            .error
            .as_deref()
            .is_some_and(|e| e.contains("not available")),
        "{field:?}"
    );
    let v = block::get_volume(&h.client, PAR1, &id).await.unwrap();
    assert_eq!(v.name, "slow-vol");
    h.sim.shutdown();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_stopped_server_changes_type_and_group_from_e() {
    let mut h = Harness::start(false).await;
    let web = h
        .state
        .inventory
        .security_groups
        .values()
        .find(|g| g.name == "web" && g.zone == "fr-par-1")
        .unwrap()
        .id
        .clone();
    let id = h.select(Tab::Servers, "old-wordpress");
    h.ch('e');
    h.wait("the edit form (after the zone's types)", is_form)
        .await;
    // Name, tags, then the type picker and the group picker.
    h.key(KeyCode::Tab);
    h.key(KeyCode::Tab);
    h.type_text("DEV1-M ");
    h.key(KeyCode::Enter);
    h.key(KeyCode::Tab);
    h.type_text("web");
    h.key(KeyCode::Enter);
    submit_form(&mut h);
    h.wait("the new type and group on the row", |s| {
        s.inventory.servers.get(&id).is_some_and(|x| {
            &*x.commercial_type == "DEV1-M"
                && x.security_group.as_ref().is_some_and(|g| *g.id == *web)
        })
    })
    .await;
    let s = instance::get_server(&h.client, PAR1, &id).await.unwrap();
    assert_eq!(s.commercial_type, "DEV1-M");
    assert_eq!(s.security_group.map(|g| g.id), Some(web));
    assert_eq!(s.state, ServerState::Stopped);
    h.sim.shutdown();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_lost_create_is_found_by_the_refresh_and_a_resubmit_asks_first() {
    let mut h = Harness::start(false).await;
    h.sim.set_faults(FaultKnobs {
        drop_response_after_apply: Some(DropAfterApply {
            method: "POST".into(),
            path_suffix: "/volumes".into(),
            times: 1,
        }),
        ..FaultKnobs::default()
    });
    h.ch('2');
    h.ch('n');
    assert!(is_form(&h.state), "{:?}", h.state.status);
    h.type_text("lost-vol");
    submit_form(&mut h);
    let message = |s: &State| match &s.mode {
        Mode::Form(f) => f.message.clone().unwrap_or_default(),
        _ => String::new(),
    };
    h.wait("the refresh's verdict", |s| {
        message(s).contains("the refresh shows a new volume named lost-vol in fr-par-1")
    })
    .await;
    let path = format!("/block/v1/zones/{PAR1}/volumes");
    assert_eq!(h.sim.requests_seen("POST", &path), 1);
    // Enter asks before creating a second one; the user says so with Enter.
    assert!(sends_nothing(&h.key(KeyCode::Enter)));
    assert!(
        message(&h.state).contains("Enter again creates a second one"),
        "{}",
        message(&h.state)
    );
    assert_eq!(h.sim.requests_seen("POST", &path), 1);
    submit_form(&mut h);
    h.wait("the second volume", |s| {
        s.mode == Mode::Normal
            && s.table(Tab::Volumes)
                .rows()
                .filter(|r| r.name() == "lost-vol")
                .count()
                == 2
    })
    .await;
    assert_eq!(h.sim.requests_seen("POST", &path), 2);
    h.sim.shutdown();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_edit_shows_what_changed_elsewhere_before_overwriting_it() {
    let mut h = Harness::start(false).await;
    let id = h.edit_new_volume("drift-vol").await;
    h.key(KeyCode::Tab);
    h.key(KeyCode::Tab);
    // Meanwhile someone else tags the volume.
    let elsewhere = scwdash::api::models::UpdateVolumeRequest {
        tags: Some(vec!["set-elsewhere".into()]),
        ..Default::default()
    };
    block::update_volume(&h.client, PAR1, &id, &elsewhere)
        .await
        .unwrap();
    // The user presses Enter on the form: the volume is read again and
    // the change shown; nothing is sent.
    let effects = h.key(KeyCode::Enter);
    assert!(sends_nothing(&effects), "{effects:?}");
    let message = |s: &State| match &s.mode {
        Mode::Form(f) => f.message.clone().unwrap_or_default(),
        _ => String::new(),
    };
    h.wait("the change made elsewhere", |s| {
        message(s).contains("Tags \"\" → \"set-elsewhere\"")
    })
    .await;
    let path = format!("/block/v1/zones/{PAR1}/volumes/{id}");
    assert_eq!(
        h.sim.requests_seen("PATCH", &path),
        1,
        "only the other PATCH"
    );
    // Enter again overwrites, as the user chose.
    submit_form(&mut h);
    h.wait("the form closed", |s| s.mode == Mode::Normal).await;
    assert_eq!(h.sim.requests_seen("PATCH", &path), 2);
    let volume = block::get_volume(&h.client, PAR1, &id).await.unwrap();
    assert!(volume.tags.is_empty(), "{:?}", volume.tags);
    h.sim.shutdown();
}

/// The re-read before an edit is sent is the kind's GET by id
/// (`Api::fetch_one`): a resource deleted elsewhere meanwhile reads as gone,
/// the request goes out once, and the API's refusal is said on the form.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_edit_of_a_resource_deleted_elsewhere_is_sent_once_and_refused() {
    let mut h = Harness::start(false).await;
    let id = h.edit_new_volume("gone-vol").await;
    h.type_text("-x");
    block::delete_volume(&h.client, PAR1, &id).await.unwrap();
    h.key(KeyCode::Enter);
    h.wait("the API's answer", |s| {
        matches!(&s.mode, Mode::Form(f) if !f.sending) && s.status.last_error.is_some()
    })
    .await;
    let path = format!("/block/v1/zones/{PAR1}/volumes/{id}");
    assert_eq!(h.sim.requests_seen("PATCH", &path), 1, "sent once");
    h.sim.shutdown();
}
