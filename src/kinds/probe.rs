//! A view for the registry's unit tests: one row per server, built from the
//! servers' rows, whose Enter goes to the server. It exercises what a view
//! gets (no API, rows read from the state, rebuilt after the tabs it reads,
//! Enter jumping) without a view users would see.

use std::sync::Arc;

use crate::app::inventory::zone_of;
use crate::app::table::RowRef;
use crate::app::table::tests::TestRow;
use crate::app::{Locality, State};
use crate::theme::RowClass;

use super::{About, Enter, Kind, Tab, Target};

pub static KIND: Kind = Kind {
    about: About {
        key: "probe",
        title: "Probe",
        short_title: "Probe",
        noun: "probe",
        plural: "probes",
        names: &["probe", "pr"],
        columns: &[],
    },
    rows,
    details: |_, _| None,
    joins_changed: |_, _| false,
    reads: &[Tab::Servers],
    enter: Enter::Jump(target),
    hints: super::TABLE_HINTS,
    api: None,
};

fn rows(state: &State) -> Vec<RowRef> {
    state
        .table(Tab::Servers)
        .rows()
        .map(|s| -> RowRef {
            Arc::new(TestRow {
                id: format!("probe-{}", s.id()),
                cells: vec![("name", format!("→ {}", s.name()))],
                class: RowClass::Neutral,
            })
        })
        .collect()
}

/// The server a row names, where it lives.
fn target(state: &State, id: &str) -> Option<Target> {
    let id = id.strip_prefix("probe-")?;
    let server = state.inventory.servers.get(id)?;
    let at: Option<Locality> = zone_of(&server.zone);
    Some(Target {
        tab: Tab::Servers,
        id: id.to_string(),
        name: server.name.to_string(),
        at,
    })
}

/// A running server in `zone`.
pub(crate) fn server(id: &str, name: &str, zone: &str) -> Arc<crate::api::models::ServerSummary> {
    let json = serde_json::json!({
        "id": id, "name": name, "state": "running", "commercial_type": "DEV1-S",
        "zone": zone, "volumes": {}, "tags": [],
    });
    Arc::new(serde_json::from_value(json).expect("a server summary"))
}

/// Answers the servers' fetches among `effects` with `servers`; the other
/// effects are returned unanswered.
pub(crate) fn answer_servers(
    state: &mut State,
    effects: Vec<crate::app::Effect>,
    servers: &[Arc<crate::api::models::ServerSummary>],
) -> Vec<crate::app::Effect> {
    use crate::app::{Action, Effect, update};
    let mut rest = Vec::new();
    for effect in effects {
        match effect {
            Effect::Fetch {
                request,
                tab: Tab::Servers,
                at,
            } => {
                let here = servers
                    .iter()
                    .filter(|s| zone_of(&s.zone) == Some(at))
                    .cloned()
                    .collect();
                let action = Action::Fetched {
                    request,
                    batch: super::Batch::Servers(here),
                    errors: Vec::new(),
                };
                rest.extend(update(state, action));
            }
            other => rest.push(other),
        }
    }
    rest
}

/// A dashboard in fr-par-1 whose servers are `servers` (the other tabs'
/// fetches are left out).
pub(crate) fn with_servers(servers: &[Arc<crate::api::models::ServerSummary>]) -> State {
    let mut state = State::new(crate::app::Options::default());
    let effects = crate::app::init(&mut state);
    answer_servers(&mut state, effects, servers);
    state
}
