//! Sample rows and states shared by the dashboard tests.

#![allow(dead_code)]
// Test support: a failure here should panic the test.
#![allow(clippy::unwrap_used)]

use std::borrow::Cow;
use std::sync::Arc;
use std::time::{Duration, Instant};

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use scwdash::api::locality::Zone;
use scwdash::app::{
    self, Action, Effect, Locality, Options, RequestId, RowRef, SortKey, State, Tab, TableRow,
};
use scwdash::theme::RowClass;

/// A server-like row with the Servers tab's column ids.
pub struct SampleServer {
    pub id: String,
    pub name: String,
    pub state: &'static str,
    pub kind: &'static str,
    pub zone: Zone,
    pub ip: &'static str,
    pub nets: &'static str,
    pub tags: &'static str,
    pub allowed: Vec<&'static str>,
}

impl TableRow for SampleServer {
    fn id(&self) -> &str {
        &self.id
    }
    fn name(&self) -> Cow<'_, str> {
        Cow::Borrowed(&self.name)
    }
    fn cell(&self, column: &str) -> Cow<'_, str> {
        Cow::Borrowed(match column {
            "name" => &self.name,
            "state" => self.state,
            "type" => self.kind,
            "zone" => self.zone.as_str(),
            "public_ip" => self.ip,
            "private_nets" => self.nets,
            "tags" => self.tags,
            _ => "",
        })
    }
    fn class(&self) -> RowClass {
        match self.state {
            "running" => RowClass::Ok,
            "stopped" | "stopped in place" => RowClass::Idle,
            "starting" | "stopping" => RowClass::Transitional,
            "locked" => RowClass::Error,
            _ => RowClass::Neutral,
        }
    }
    fn sort_key(&self, column: &str) -> SortKey {
        SortKey::Text(self.cell(column).to_lowercase())
    }
    fn locality(&self) -> Option<Locality> {
        Some(Locality::Zone(self.zone))
    }
    fn details(&self) -> Vec<(String, String)> {
        vec![
            (
                "type".into(),
                format!("{} (€0.0198/h, €14.45/month)", self.kind),
            ),
            ("public ip".into(), self.ip.into()),
            ("private nets".into(), self.nets.into()),
            ("security group".into(), "default".into()),
        ]
    }
    fn raw_json(&self) -> String {
        let v = serde_json::json!({
            "id": self.id, "name": self.name, "state": self.state,
            "commercial_type": self.kind, "zone": self.zone,
            "tags": self.tags.split(',').collect::<Vec<_>>(),
            "allowed_actions": self.allowed,
        });
        serde_json::to_string_pretty(&v).unwrap()
    }
    fn power_actions(&self) -> Vec<String> {
        self.allowed.iter().map(|s| s.to_string()).collect()
    }
}

pub fn server(id: &str, name: &str, state: &'static str, zone: Zone) -> RowRef {
    tagged(id, name, state, zone, "web,prod")
}

/// A sample server with its own tags; its allowed actions are the API's for
/// its state.
pub fn tagged(id: &str, name: &str, state: &'static str, zone: Zone, tags: &'static str) -> RowRef {
    let allowed = match state {
        "running" => vec!["poweroff", "terminate", "reboot", "stop_in_place", "backup"],
        "stopped" => vec!["poweron", "backup"],
        _ => vec![],
    };
    Arc::new(SampleServer {
        id: id.to_string(),
        name: name.to_string(),
        state,
        kind: if name.starts_with("gpu") {
            "GPU-3070-S"
        } else {
            "PRO2-S"
        },
        zone,
        ip: if state == "running" { "51.15.1.2" } else { "-" },
        nets: "app-net",
        tags,
        allowed,
    })
}

/// Twelve fr-par-1 servers for the fleet tests: `stg-0`..`stg-7` tagged
/// staging (even ones stopped, odd ones running), `prod-0`..`prod-3` tagged
/// prod and stopped.
pub fn staging_fleet() -> Vec<RowRef> {
    let mut rows = Vec::new();
    for i in 0..8 {
        let state = if i % 2 == 0 { "stopped" } else { "running" };
        let (id, name) = (format!("s-{i}"), format!("stg-{i}"));
        rows.push(tagged(&id, &name, state, Zone::FrPar1, "staging,web"));
    }
    for i in 0..4 {
        let (id, name) = (format!("p-{i}"), format!("prod-{i}"));
        rows.push(tagged(&id, &name, "stopped", Zone::FrPar1, "prod"));
    }
    rows
}

/// A refresh (`r`) of a loaded dashboard answered with `rows` on the
/// Servers tab.
pub fn load_servers(state: &mut State, rows: Vec<RowRef>) {
    let effects = app::update(state, key('r'));
    for (request, tab) in fetches(&effects) {
        let rows = if tab == Tab::Servers {
            rows.clone()
        } else {
            Vec::new()
        };
        app::update(
            state,
            Action::Loaded {
                request,
                tab,
                rows,
                errors: Vec::new(),
            },
        );
    }
}

pub fn fleet() -> Vec<RowRef> {
    vec![
        server(
            "11111111-0000-0000-0000-000000000001",
            "web-1",
            "running",
            Zone::FrPar1,
        ),
        server(
            "11111111-0000-0000-0000-000000000002",
            "worker-2",
            "starting",
            Zone::FrPar1,
        ),
        server(
            "11111111-0000-0000-0000-000000000003",
            "db-1",
            "stopped",
            Zone::FrPar1,
        ),
        server(
            "11111111-0000-0000-0000-000000000004",
            "gpu-box",
            "locked",
            Zone::FrPar1,
        ),
        server(
            "11111111-0000-0000-0000-000000000005",
            "api-3",
            "running",
            Zone::FrPar1,
        ),
    ]
}

pub fn key(c: char) -> Action {
    Action::Key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE))
}

pub fn code(code: KeyCode) -> Action {
    Action::Key(KeyEvent::new(code, KeyModifiers::NONE))
}

pub fn ctrl(c: char) -> Action {
    Action::Key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::CONTROL))
}

/// The fetch effects in `effects`, as (request, tab).
pub fn fetches(effects: &[Effect]) -> Vec<(RequestId, Tab)> {
    effects
        .iter()
        .filter_map(|e| match e {
            Effect::Fetch { request, tab, .. } => Some((*request, *tab)),
            _ => None,
        })
        .collect()
}

/// A started dashboard at `t0` with the sample fleet loaded on the Servers tab
/// and every other tab loaded empty, 1 s after the refresh.
pub fn loaded_state(options: Options, t0: Instant) -> State {
    let mut state = State::new(options);
    app::update(
        &mut state,
        Action::Resize(scwdash::ui::layout::viewport(80, 24)),
    );
    app::update(&mut state, Action::Tick(t0));
    let effects = app::init(&mut state);
    for (request, tab) in fetches(&effects) {
        let rows = if tab == Tab::Servers {
            fleet()
        } else {
            Vec::new()
        };
        app::update(
            &mut state,
            Action::Loaded {
                request,
                tab,
                rows,
                errors: Vec::new(),
            },
        );
    }
    app::update(&mut state, Action::Tick(t0 + Duration::from_secs(1)));
    state
}

/// In the open bulk power menu, moves to `action` and chooses it.
pub fn choose_bulk_power(state: &mut State, action: &str) {
    let app::Mode::BulkPowerMenu(menu) = &state.mode else {
        panic!("no bulk power menu: {:?} {:?}", state.mode, state.status);
    };
    let at = menu
        .entries
        .iter()
        .position(|(a, _)| a == action)
        .unwrap_or_else(|| panic!("no {action} in {:?}", menu.entries));
    for _ in 0..at {
        app::update(state, key('j'));
    }
    app::update(state, code(KeyCode::Enter));
}
