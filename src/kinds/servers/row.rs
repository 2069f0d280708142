//! Servers as rows: the state carries the colour and the spinner; private
//! networks are shown by name (from the VPC API, through the joins).

use std::borrow::Cow;
use std::sync::Arc;

use crate::api::models::{ServerState, ServerSummary};
use crate::api::path::{Locality as PathAt, ResourceKind, resource_path};
use crate::app::cost::Amount;
use crate::app::inventory::{Joins, zone_of};
use crate::app::{Locality, RowRef, SortKey, TableRow};
use crate::theme::RowClass;

use crate::app::rows::{date, instant, tags};

pub struct ServerRow {
    pub server: Arc<ServerSummary>,
    joins: Arc<Joins>,
}

pub fn row(server: Arc<ServerSummary>, joins: Arc<Joins>) -> RowRef {
    Arc::new(ServerRow { server, joins })
}

/// The class of a server state (also used by the details pane).
pub fn state_class(state: &ServerState) -> RowClass {
    match state {
        ServerState::Running => RowClass::Ok,
        ServerState::Stopped | ServerState::StoppedInPlace => RowClass::Idle,
        ServerState::Starting | ServerState::Stopping => RowClass::Transitional,
        ServerState::Locked => RowClass::Error,
        ServerState::Unknown(_) => RowClass::Neutral,
    }
}

/// A private NIC still syncing counts as a transition (the refresh speeds up).
fn nic_syncing(s: &ServerSummary) -> bool {
    s.nic_syncing()
}

/// The first private IPv4 of the server's NICs (IPAM), else the legacy
/// `private_ip` older bodies carry: the PRIVATE IP cell and `{private_ip}`
/// of the `[ssh]` command.
pub fn private_address<'a>(
    server: &'a ServerSummary,
    ips: &'a crate::app::private_ips::PrivateIps,
) -> Option<&'a str> {
    let nics = server.private_nics.iter().map(|n| n.id.as_str());
    ips.first_of(nics).or(server.private_ip.as_deref())
}

impl ServerRow {
    fn network_names(&self) -> String {
        self.server
            .private_nics
            .iter()
            .map(|n| {
                self.joins
                    .network_name(&n.private_network_id)
                    .unwrap_or(n.private_network_id.as_str())
            })
            .collect::<Vec<_>>()
            .join(",")
    }

    fn private_address(&self) -> Option<&str> {
        private_address(&self.server, &self.joins.private_ips)
    }

    /// Its month: compute while billed (€0 stopped) and its volumes.
    fn monthly(&self) -> Option<Amount> {
        self.joins.costs.server(&self.server.id).map(|c| c.total())
    }
}

impl TableRow for ServerRow {
    fn id(&self) -> &str {
        &self.server.id
    }

    fn name(&self) -> Cow<'_, str> {
        Cow::Borrowed(&self.server.name)
    }

    fn cell(&self, column: &str) -> Cow<'_, str> {
        let s = &*self.server;
        match column {
            "name" => Cow::Borrowed(&s.name),
            "id" => Cow::Borrowed(&s.id),
            "state" => {
                if nic_syncing(s) && !s.state.is_transitional() {
                    Cow::Owned(format!("{} (nic syncing)", s.state.as_str()))
                } else {
                    Cow::Borrowed(s.state.as_str())
                }
            }
            "type" => Cow::Borrowed(&s.commercial_type),
            "zone" => Cow::Borrowed(&s.zone),
            "public_ip" => Cow::Borrowed(s.public_address().unwrap_or("")),
            "private_ip" => Cow::Borrowed(self.private_address().unwrap_or("")),
            "private_nets" => Cow::Owned(self.network_names()),
            "volumes" => Cow::Owned(s.volumes.len().to_string()),
            "security_group" => {
                Cow::Borrowed(s.security_group.as_ref().map_or("", |g| g.name.as_str()))
            }
            "image" => Cow::Borrowed(s.image.as_ref().map_or("", |i| i.name.as_str())),
            "arch" => Cow::Borrowed(s.arch.as_str()),
            "tags" => tags(&s.tags),
            "project" => Cow::Borrowed(&s.project),
            "created" => date(&s.creation_date),
            "price" => Cow::Owned(self.monthly().map(|m| m.monthly()).unwrap_or_default()),
            _ => Cow::Borrowed(""),
        }
    }

    fn class(&self) -> RowClass {
        let class = state_class(&self.server.state);
        if class != RowClass::Error && nic_syncing(&self.server) {
            RowClass::Transitional
        } else {
            class
        }
    }

    fn sort_key(&self, column: &str) -> SortKey {
        match column {
            "price" => self
                .monthly()
                .filter(|m| !m.is_unknown())
                .map_or(SortKey::Missing, |m| SortKey::Number(m.sort_value())),
            "volumes" => SortKey::Number(self.server.volumes.len() as f64),
            "public_ip" | "private_ip" => SortKey::ip(&self.cell(column)),
            "created" => instant(&self.server.creation_date),
            _ => SortKey::text(&self.cell(column)),
        }
    }

    fn locality(&self) -> Option<Locality> {
        zone_of(&self.server.zone)
    }

    fn raw_json(&self) -> String {
        serde_json::to_string_pretty(&*self.server).unwrap_or_default()
    }

    fn api_path(&self) -> Option<String> {
        let at = PathAt::Zone(self.server.zone.parse().ok()?);
        resource_path(ResourceKind::Server, at, &self.server.id).ok()
    }

    fn power_actions(&self) -> Vec<String> {
        self.server
            .allowed_actions
            .iter()
            .map(|a| a.as_str().to_string())
            .collect()
    }
}
