//! The dashboard's state model and its pure state machine: `update(state,
//! action) -> effects`. No I/O here; time arrives in `Action::Tick(now)`, data in
//! `Action::Fetched` and the other results, so every transition is a plain unit
//! test.

pub mod age;
pub mod bulk;
pub mod cli_equivalent;
pub mod clock;
pub mod command_line;
pub mod cost;
pub mod details;
pub mod details_view;
pub mod editing;
pub mod events;
pub mod filter_query;
pub mod form;
pub mod forms;
pub mod inventory;
pub mod jump;
pub mod keys;
pub mod marks;
pub mod modes;
pub mod mouse;
pub(crate) mod mutate;
pub mod paste;
pub mod pending;
pub mod private_ips;
pub mod rebuild;
mod results;
pub mod rows;
pub mod rule_counts;
pub mod rule_editor;
pub mod rule_sync;
mod schedule;
pub mod shell;
pub mod slots;
pub mod status;
pub mod table;
pub mod topology;
pub mod unknown_create;
mod update;
pub mod used_by;
pub mod validate;

use std::collections::{HashMap, HashSet};
use std::fmt;
use std::sync::Arc;
use std::time::{Duration, Instant};

use crossterm::event::KeyEvent;

use crate::api::locality::{Region, Zone, ZoneScope};
use crate::keymap::KeyMap;
use crate::theme::Theme;

pub use crate::kinds::Tab;
pub use inventory::{Batch, Inventory, ServerTypes};
pub use jump::jump_to;
pub use modes::zone_picker::zone_choices;
pub use rebuild::rebuild_rows;
pub use table::{Column, RowRef, SortKey, SortState, TableModel, TableRow};
pub use update::{init, update};

/// Where a resource lives: zoned kinds in a zone, regional kinds in a region.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Locality {
    Zone(Zone),
    Region(Region),
}

impl Locality {
    /// The zone, for a zoned resource.
    pub fn zone(self) -> Option<Zone> {
        match self {
            Locality::Zone(z) => Some(z),
            Locality::Region(_) => None,
        }
    }

    /// The zone's or region's name (`fr-par-1`, `fr-par`).
    pub fn as_str(self) -> &'static str {
        match self {
            Locality::Zone(z) => z.as_str(),
            Locality::Region(r) => r.as_str(),
        }
    }

    /// The region, or the zone's region.
    pub fn region(self) -> Region {
        match self {
            Locality::Zone(z) => z.region(),
            Locality::Region(r) => r,
        }
    }
}

impl fmt::Display for Locality {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Locality::Zone(z) => z.fmt(f),
            Locality::Region(r) => r.fmt(f),
        }
    }
}

/// Identifies one fetch; a result whose id is no longer the latest for its tab
/// (the zone changed, or a newer refresh started) is dropped.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct RequestId(pub u64);

/// An error as the user reads it: the API's message and the fields it names.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UserError {
    pub message: String,
    pub fields: Vec<String>,
}

impl UserError {
    pub fn new(message: impl Into<String>) -> Self {
        UserError {
            message: message.into(),
            fields: Vec::new(),
        }
    }

    /// The same error, its message prefixed with what it is about
    /// ("images of fr-par-1: ...").
    pub fn about(self, what: &str) -> Self {
        UserError {
            message: format!("{what}: {}", self.message),
            fields: self.fields,
        }
    }
}

impl fmt::Display for UserError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)?;
        if !self.fields.is_empty() {
            write!(f, " (fields: {})", self.fields.join(", "))?;
        }
        Ok(())
    }
}

/// What a mutating request does, as data: carried by the confirm dialog and
/// handed to the executor unchanged once confirmed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Verb {
    /// A server action by its API name: `poweron`, `poweroff`, `stop_in_place`,
    /// `reboot`, `terminate`.
    Power(String),
    Delete,
    /// Detach the volume (`id`) from its server (`POST .../detach-volume`).
    DetachVolume {
        server_id: String,
        server_name: String,
    },
    /// Remove the server's (`id`) private NIC on a network (`DELETE .../private_nics/{nic_id}`).
    LeaveNetwork {
        nic_id: String,
        network_name: String,
    },
    /// Delete the server (`id`), then each of its Block volumes `(id, name)`
    /// once the API has detached it, as the scw CLI's `with-volumes`.
    DeleteWithVolumes {
        volumes: Vec<(String, String)>,
    },
}

impl Verb {
    /// Destructive verbs ask first; the dialog is drawn in red.
    pub fn is_destructive(&self) -> bool {
        match self {
            Verb::Power(a) => a != "poweron",
            Verb::Delete
            | Verb::DeleteWithVolumes { .. }
            | Verb::DetachVolume { .. }
            | Verb::LeaveNetwork { .. } => true,
        }
    }

    pub fn label(&self) -> String {
        match self {
            Verb::Power(a) => power_label(a).to_string(),
            Verb::Delete | Verb::DeleteWithVolumes { .. } => "Delete".to_string(),
            Verb::DetachVolume { .. } => "Detach".to_string(),
            Verb::LeaveNetwork { .. } => "Detach".to_string(),
        }
    }
}

/// The words shown for a server action name.
pub fn power_label(action: &str) -> &str {
    match action {
        "poweron" => "Power on",
        "poweroff" => "Power off",
        "stop_in_place" => "Stop in place",
        "reboot" => "Reboot",
        "terminate" => "Terminate",
        other => other,
    }
}

/// A mutating request on one resource.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PendingAction {
    pub verb: Verb,
    pub tab: Tab,
    pub id: String,
    pub name: String,
    pub locality: Option<Locality>,
}

impl PendingAction {
    /// "Power off server web-1 in fr-par-1"
    pub fn describe(&self) -> String {
        let mut s = format!("{} {} {}", self.verb.label(), self.tab.noun(), self.name);
        match &self.verb {
            Verb::DetachVolume { server_name, .. } => {
                s.push_str(&format!(" from server {server_name}"));
            }
            Verb::LeaveNetwork { network_name, .. } => {
                s.push_str(&format!(" from private network {network_name}"));
            }
            Verb::DeleteWithVolumes { volumes } => {
                let names: Vec<&str> = volumes.iter().map(|(_, n)| n.as_str()).collect();
                let noun = if names.len() == 1 {
                    "volume"
                } else {
                    "volumes"
                };
                s.push_str(&format!(" and its {noun} {}", names.join(", ")));
            }
            Verb::Power(_) | Verb::Delete => {}
        }
        if let Some(l) = self.locality {
            s.push_str(&format!(" in {l}"));
        }
        s
    }
}

/// The power menu on one server: the actions the API allows now.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PowerMenu {
    pub id: String,
    pub name: String,
    pub locality: Option<Locality>,
    pub actions: Vec<String>,
    pub cursor: usize,
}

/// A small menu of actions on one resource (`d` on a server: delete it,
/// detach one of its volumes, leave one of its networks; `a` on a server:
/// attach a volume, join a network). An entry the inventory already knows
/// to be refused carries the reason instead.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChoiceMenu {
    pub title: String,
    pub items: Vec<Choice>,
    pub cursor: usize,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Choice {
    pub label: String,
    pub action: Result<Chosen, String>,
}

/// What choosing a menu entry does.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Chosen {
    /// Ask to confirm the action (default No), then run it.
    Confirm(PendingAction),
    /// Open the form (the volume or network picker of `a` on a server).
    Open(Box<form::Form>),
}

impl Choice {
    /// An entry that confirms `verdict` (or says why it cannot be done).
    pub fn confirm(label: impl Into<String>, verdict: Result<PendingAction, String>) -> Self {
        Choice {
            label: label.into(),
            action: verdict.map(Chosen::Confirm),
        }
    }

    /// The action the entry asks to confirm, when it is one.
    pub fn confirms(&self) -> Option<&PendingAction> {
        match &self.action {
            Ok(Chosen::Confirm(action)) => Some(action),
            _ => None,
        }
    }
}

/// A form asked for while the data it chooses from is still loading; opened
/// when the data arrives (if the user is still where they asked).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PendingOpen {
    pub command: crate::keymap::Command,
    pub tab: Tab,
    pub id: Option<String>,
}

/// What has the keyboard.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub enum Mode {
    #[default]
    Normal,
    Filter,
    Help {
        scroll: u16,
    },
    /// A two-step confirmation; the answer defaults to No.
    Confirm(PendingAction),
    /// A confirmation by typing the resource's name (terminate): Enter runs
    /// it only when `typed` is exactly the name.
    TypeToConfirm {
        action: PendingAction,
        typed: String,
    },
    PowerMenu(PowerMenu),
    /// Delete / detach choices on one resource.
    Choose(ChoiceMenu),
    /// The zone picker: `cursor` indexes every zone (`Zone::ALL`), then "all".
    ZonePicker {
        cursor: usize,
    },
    RawJson {
        title: String,
        text: String,
        scroll: u16,
    },
    /// The selected row's details over the whole screen (`f`); the scroll
    /// is `State::details`, shared with the pane.
    Details,
    /// A create/edit/attach form (see `form.rs`, opened by `forms::*`).
    Form(Box<form::Form>),
    /// The rule editor of one security group.
    RuleEditor(Box<rule_editor::RuleEditor>),
    /// "Clear the marks?" (Esc with marks); the answer defaults to No.
    ClearMarks {
        tab: Tab,
        count: usize,
    },
    /// The power menu of the marked servers (`bulk`).
    BulkPowerMenu(bulk::BulkMenu),
    /// One confirmation for an action on the marks (`bulk`), default No.
    BulkConfirm(Box<bulk::Confirming>),
    /// What a finished bulk action did: failures with the API's message.
    BulkReport(Box<bulk::Report>),
    /// The command line (`:`).
    CommandLine(Box<command_line::CommandLine>),
    /// The `scw` equivalent of a request, over the mode it was opened from.
    Cli(cli_equivalent::CliView),
    /// What uses a group, network or volume (`u`); choosing one goes there.
    UsedBy(used_by::UsedByMenu),
}

/// What the credentials check found missing, for the explanatory screen.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MissingCredentials {
    /// e.g. "secret key (SCW_SECRET_KEY or secret_key in the profile)"
    pub missing: Vec<String>,
    /// Config files looked at, in order.
    pub searched: Vec<String>,
    pub profile: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub enum Screen {
    #[default]
    Dashboard,
    MissingCredentials(MissingCredentials),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    Pending,
    Succeeded,
    Failed,
    Info,
    Refused,
}

/// The status line's memory (`status` expires it).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Status {
    /// The last thing the user did and how it went.
    pub last_action: Option<(String, Outcome)>,
    pub last_error: Option<UserError>,
    /// What `last_error` is about: it goes once that succeeds.
    pub error_about: Option<status::About>,
    /// The message as last seen by a tick, and since when it shows.
    pub shown: Option<((String, Outcome), Instant)>,
    /// Rate-limit back-off in progress, in words ("rate limited, retrying in 4 s").
    pub backoff: Option<String>,
    /// Shown for the whole session: the set-up is unsafe (plain http to a
    /// remote API, a config file others can read).
    pub warning: Option<String>,
}

/// Start-up options for the state.
#[derive(Debug, Clone)]
pub struct Options {
    pub profile: String,
    pub zone: ZoneScope,
    pub demo: bool,
    pub read_only: bool,
    pub refresh_every: Duration,
    /// The refresh period while something is in transition.
    pub fast_refresh: Duration,
    /// Items the auto-refresh lists a second at most (`refresh_items_per_second`).
    pub refresh_items_per_second: f64,
    pub keymap: KeyMap,
    pub theme: Theme,
    /// The column ids each tab shows (`[columns]`).
    pub columns: crate::settings::Columns,
    /// Where the log goes, shown in the help.
    pub log_path: Option<String>,
    /// Whether the dashboard takes the mouse (`mouse` in config.toml).
    pub mouse: bool,
    /// The project new resources go to (`default_project_id`; the
    /// simulator's project in the demo).
    pub project: Option<String>,
    /// `[ssh]`: what `s` runs on a server.
    pub ssh: shell::Template,
    /// `[aliases]` of the command line.
    pub aliases: crate::commands::Aliases,
    /// What volumes cost and what the cost view calls a leak.
    pub cost: CostOptions,
    /// The time of day at start-up (`None`: unknown, as in most tests).
    pub clock: Option<clock::WallClock>,
    /// Highlights, notifications and the last run's snapshot (`events`).
    pub events: events::Options,
}

/// `[prices]` and `[cost]` of the settings, as the state uses them.
#[derive(Debug, Clone, PartialEq)]
pub struct CostOptions {
    pub prices: cost::VolumePrices,
    /// A server stopped for longer than this many days still holding volumes
    /// is a leak.
    pub stopped_days: u32,
}

impl CostOptions {
    pub fn new(settings: &crate::settings::DashboardSettings) -> Self {
        CostOptions {
            prices: cost::VolumePrices::new(&settings.prices),
            stopped_days: settings.cost.stopped_days,
        }
    }
}

impl Default for Options {
    /// The built-in settings (assets/config.toml).
    fn default() -> Self {
        let settings = crate::settings::defaults();
        Options {
            profile: "default".to_string(),
            zone: ZoneScope::One(Zone::FrPar1),
            demo: false,
            read_only: false,
            refresh_every: Duration::from_secs_f64(settings.refresh),
            fast_refresh: Duration::from_secs_f64(settings.fast_refresh),
            refresh_items_per_second: settings.refresh_items_per_second,
            keymap: KeyMap::default(),
            theme: Theme::default(),
            columns: settings.columns.clone(),
            log_path: None,
            mouse: settings.mouse,
            project: None,
            cost: CostOptions::new(settings),
            clock: None,
            ssh: shell::Template::default(),
            aliases: crate::commands::Aliases(settings.aliases.clone()),
            events: events::Options {
                highlight: Duration::from_secs_f64(settings.events.highlight),
                ..events::Options::default()
            },
        }
    }
}

#[derive(Debug)]
pub struct State {
    pub profile: String,
    pub screen: Screen,
    pub tab: Tab,
    pub zone: ZoneScope,
    /// One table per tab, in `Tab::ALL` order (indexed by `Tab::index`).
    pub tables: Vec<TableModel>,
    pub mode: Mode,
    pub keymap: KeyMap,
    pub theme: Theme,
    pub status: Status,
    pub demo: bool,
    pub read_only: bool,
    pub paused: bool,
    pub show_details: bool,
    /// How far the details of the selected row are scrolled.
    pub details: details_view::DetailsScroll,
    /// Errors of the last refresh, per zone or region, shown in the zone bar.
    pub locality_errors: HashMap<Locality, UserError>,
    pub refresh_every: Duration,
    pub fast_refresh: Duration,
    pub refresh_items_per_second: f64,
    /// The latest typed data of every kind, for joins in the detail pane.
    pub inventory: Inventory,
    /// Zones whose server types were asked for (fetched once per zone).
    pub server_types_requested: HashSet<crate::api::locality::Zone>,
    /// Security groups whose rules were asked for.
    pub rules_requested: HashSet<String>,
    /// The latest list of each region's NIC addresses (IPAM) still out.
    pub private_ip_requests: HashMap<Region, RequestId>,
    /// Zones whose images and server availability were asked for.
    pub catalog_requested: HashSet<crate::api::locality::Zone>,
    /// A form waiting for its data (see `PendingOpen`).
    pub pending_open: Option<PendingOpen>,
    /// A resource gone to before its tab's rows arrived (see `jump`).
    pub jump: Option<crate::kinds::Target>,
    /// The project new resources go to.
    pub project: Option<String>,
    pub log_path: Option<String>,
    /// The latest time seen (from `Tick`).
    pub now: Option<Instant>,
    pub last_refresh: Option<Instant>,
    /// Counts ticks; drives the spinner.
    pub tick: u64,
    /// Terminal size and table page sizes, from `Resize`.
    pub viewport: Viewport,
    /// Each tab's fetch in each zone or region (see `slots`).
    pub fetches: slots::Fetches,
    /// Rows in transition polled one by one (see `slots::Polls`).
    pub polls: slots::Polls,
    /// Resources with a mutation in flight (an action or a form's request),
    /// by id, so their row shows it at once (see `pending`).
    pub busy: HashMap<String, pending::Mark>,
    /// Accepted mutations whose row keeps its "in flight" look until the
    /// tab's next fetch shows the API's own state (no flash of the old state).
    pub accepted: HashMap<String, Tab>,
    pub next_request: u64,
    /// Marked rows, per tab, by id (`marks`).
    pub marks: marks::Marks,
    /// The bulk action being sent (`bulk`).
    pub bulk: Option<bulk::Run>,
    /// The report of a bulk action that ended while a dialog or form was
    /// open: shown once the tables have the keyboard again.
    pub bulk_report: Option<bulk::Report>,
    /// Whether the terminal's mouse is captured (clicks and the wheel act).
    pub mouse: bool,
    /// The last click, to tell a double click (see `mouse`).
    pub last_click: Option<mouse::LastClick>,
    /// `[ssh]`: what `s` runs on a server.
    pub ssh: shell::Template,
    /// `[aliases]` of the command line.
    pub aliases: crate::commands::Aliases,
    /// The command line's history (read from the state dir at start).
    pub command_history: command_line::History,
    /// The requests sent this session, for `:cli`.
    pub last_requests: cli_equivalent::LastRequests,
    /// What changed: the timeline, highlights, "while away" (`events`).
    pub events: events::Events,
    /// Set when something visible changed; the loop draws and clears it.
    pub dirty: bool,
    /// Views whose inputs changed while another tab was shown: rebuilt when
    /// shown (`rebuild::rebuild_shown_view`), so a refresh of a large fleet
    /// does not pay for the cost and topology views nobody is looking at.
    pub stale_views: Vec<Tab>,
    pub quit: bool,
    /// The time of day at start-up (see `clock`).
    pub clock: Option<clock::WallClock>,
    /// `[cost] stopped_days`.
    pub stopped_days: u32,
    /// The topology view's branches opened or closed by the user.
    pub topology: topology::view::Toggles,
}

impl State {
    pub fn new(options: Options) -> Self {
        let mut state = State {
            profile: options.profile,
            screen: Screen::Dashboard,
            tab: Tab::Servers,
            zone: options.zone,
            tables: Tab::ALL
                .iter()
                .map(|t| {
                    TableModel::new(t.columns_for(options.columns.for_tab(*t)))
                        .with_catalogue(&t.catalogue())
                })
                .collect(),
            mode: Mode::Normal,
            keymap: options.keymap,
            theme: options.theme,
            status: Status::default(),
            demo: options.demo,
            read_only: options.read_only,
            paused: false,
            show_details: true,
            details: details_view::DetailsScroll::default(),
            locality_errors: HashMap::new(),
            refresh_every: options.refresh_every,
            fast_refresh: options.fast_refresh,
            refresh_items_per_second: options.refresh_items_per_second,
            inventory: Inventory {
                volume_prices: Arc::new(options.cost.prices),
                ..Inventory::default()
            },
            server_types_requested: HashSet::new(),
            rules_requested: HashSet::new(),
            private_ip_requests: HashMap::new(),
            catalog_requested: HashSet::new(),
            pending_open: None,
            jump: None,
            project: options.project,
            log_path: options.log_path,
            now: None,
            last_refresh: None,
            tick: 0,
            viewport: Viewport::default(),
            fetches: slots::Fetches::default(),
            polls: slots::Polls::default(),
            busy: HashMap::new(),
            accepted: HashMap::new(),
            marks: marks::Marks::default(),
            bulk: None,
            bulk_report: None,
            next_request: 1,
            mouse: options.mouse,
            last_click: None,
            ssh: options.ssh,
            aliases: options.aliases,
            command_history: command_line::History::default(),
            last_requests: cli_equivalent::LastRequests::default(),
            events: events::Events::new(options.events),
            dirty: true,
            stale_views: Vec::new(),
            quit: false,
            clock: options.clock,
            stopped_days: options.cost.stopped_days,
            topology: topology::view::Toggles::default(),
        };
        rebuild::build_ready_views(&mut state);
        state
    }

    pub fn table(&self, tab: Tab) -> &TableModel {
        &self.tables[tab.index()]
    }

    pub fn table_mut(&mut self, tab: Tab) -> &mut TableModel {
        &mut self.tables[tab.index()]
    }

    pub fn current(&self) -> &TableModel {
        self.table(self.tab)
    }

    /// Seconds since the last completed refresh, as the header shows it.
    pub fn refreshed_ago(&self) -> Option<u64> {
        Some(
            self.now?
                .saturating_duration_since(self.last_refresh?)
                .as_secs(),
        )
    }

    /// Seconds the fetches have been failing, while some fail (the header
    /// then says so instead of how old the last success is).
    pub fn refresh_failing_for(&self) -> Option<u64> {
        Some(
            self.now?
                .saturating_duration_since(self.fetches.failing_since()?)
                .as_secs(),
        )
    }

    /// Whether something on screen moves (spinner): ticks then come faster.
    pub fn animating(&self) -> bool {
        self.screen == Screen::Dashboard
            && (self.current().transitional_on_screen()
                || !self.current().is_loaded()
                || !self.busy.is_empty())
    }

    /// How often the loop should tick: fast while animating, else once a second
    /// (the schedule; a frame only when what it shows moved, `age::TimeShown`).
    pub fn tick_interval(&self) -> Duration {
        if self.animating() {
            Duration::from_millis(250)
        } else {
            Duration::from_secs(1)
        }
    }

    /// The auto-refresh period: faster while any resource is in transition
    /// or has a mutation in flight.
    pub fn refresh_interval(&self) -> Duration {
        let in_flight = self.busy.values().any(|m| !m.failed);
        // A view's rows repeat the API tabs' states: those tell.
        let changing = Tab::with_api().any(|t| self.table(t).any_transitional());
        if in_flight || changing {
            self.refresh_every.min(self.fast_refresh)
        } else {
            self.list_interval()
        }
    }

    /// How often each list is fetched again when nothing is changing:
    /// `refresh_every`, stretched so the auto-refresh lists at most
    /// `refresh_items_per_second` items a second on average. Listing costs
    /// CPU by the item (decoding, comparing): without the stretch, idle CPU
    /// grew with the fleet (34% at 100,000 servers re-listed every 5 s).
    pub fn list_interval(&self) -> Duration {
        let items: usize = Tab::with_api().map(|t| self.table(t).total()).sum();
        let stretched = items as f64 / self.refresh_items_per_second.max(1.0);
        self.refresh_every.max(Duration::from_secs_f64(stretched))
    }

    /// The list interval when the fleet's size stretched it past
    /// `refresh_every` (the header says so).
    pub fn stretched_interval(&self) -> Option<Duration> {
        Some(self.list_interval()).filter(|i| *i > self.refresh_every)
    }

    /// Zones and regions whose fetch has been out too long, slowest first.
    pub fn slow_localities(&self) -> Vec<Locality> {
        self.fetches
            .slow(self.now)
            .into_iter()
            .map(|(l, _)| l)
            .collect()
    }

    /// The time of day, when the clock is known (`clock` and a tick).
    pub fn wall_now(&self) -> Option<chrono::DateTime<chrono::Utc>> {
        Some(self.clock?.at(self.now?))
    }

    /// The spinner glyph for this tick.
    pub fn spinner(&self) -> char {
        const FRAMES: [char; 4] = ['◐', '◓', '◑', '◒'];
        FRAMES[(self.tick % 4) as usize]
    }
}

/// The terminal's size and how many table rows fit on it with and without
/// the details pane. The ui's layout measures it (`ui::layout::viewport`);
/// `update` only pages by it, so it never calls into the ui.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Viewport {
    pub width: u16,
    pub height: u16,
    /// Table rows with the details pane, then without; `None` until measured.
    pub table_rows: Option<(usize, usize)>,
}

impl Default for Viewport {
    /// Unmeasured: the tables keep their own page size until the first `Resize`.
    fn default() -> Self {
        Viewport {
            width: 80,
            height: 24,
            table_rows: None,
        }
    }
}

impl Viewport {
    /// The table's page with or without the details pane, once measured.
    pub fn table_rows(&self, show_details: bool) -> Option<usize> {
        self.table_rows
            .map(|(with, without)| if show_details { with } else { without })
    }

    /// The heights of the table (its header included) and of the details
    /// pane when the table has `rows` rows to show: the pane takes what the
    /// rows leave free, never less than its smallest size; without the pane
    /// the table takes it all. The ui lays the screen out by this.
    pub fn split(&self, rows: usize, show_details: bool) -> (u16, u16) {
        let (with, without) = self.table_rows.unwrap_or((10, 10));
        let body = u16::try_from(without + 1).unwrap_or(u16::MAX);
        if !show_details {
            return (body, 0);
        }
        let most = u16::try_from(with + 1).unwrap_or(u16::MAX);
        let table = u16::try_from(rows.saturating_add(1))
            .unwrap_or(u16::MAX)
            .clamp(2, most.max(2));
        (table, body.saturating_sub(table))
    }
}

/// Everything that can happen to the dashboard.
#[derive(Debug)]
pub enum Action {
    Key(KeyEvent),
    /// A mouse gesture on what the last frame drew there (`mouse::Hits`).
    Mouse {
        gesture: mouse::Gesture,
        target: Option<mouse::Target>,
        at: Instant,
    },
    Paste(String),
    /// The terminal's new size, measured by the ui (`ui::layout::viewport`).
    Resize(Viewport),
    Tick(Instant),
    /// A fetch finished with typed data: the inventory takes it in and the
    /// tab's rows are built from it. `errors` name the zones/regions that
    /// failed; a failed locality keeps its last rows on screen.
    Fetched {
        request: RequestId,
        batch: Batch,
        errors: Vec<(Locality, UserError)>,
    },
    /// One resource read by id arrived (`Effect::FetchOne`): a batch of it,
    /// or an empty batch when it is gone.
    FetchedOne {
        request: RequestId,
        id: String,
        result: Result<Batch, UserError>,
    },
    /// A zone's server types arrived (prices, capabilities).
    ServerTypes {
        zone: crate::api::locality::Zone,
        result: Result<Arc<ServerTypes>, UserError>,
    },
    /// A zone's images and server-type availability arrived (for the
    /// server form).
    ZoneCatalog {
        zone: crate::api::locality::Zone,
        result: Result<inventory::ZoneCatalog, UserError>,
    },
    /// A security group's rules arrived.
    Rules {
        group: String,
        result: Result<Arc<Vec<crate::api::models::SecurityGroupRule>>, UserError>,
    },
    /// A region's private NIC addresses arrived (IPAM), by NIC id.
    PrivateIps {
        request: RequestId,
        region: Region,
        result: Result<crate::api::ipam::NicAddresses, UserError>,
    },
    /// The raw JSON of an object arrived (for the view titled `title`).
    Raw {
        title: String,
        result: Result<String, UserError>,
    },
    /// A mutating request finished.
    Done {
        action: PendingAction,
        result: Result<(), UserError>,
    },
    /// The client is backing off (rate limit); `None` when it is over.
    Backoff(Option<String>),
    /// A message from the executor (e.g. "copied id to the clipboard").
    Notice(String, Outcome),
    /// SIGTERM / SIGHUP: leave cleanly.
    Shutdown,
    /// A form's request (`Effect::Submit`) finished. On failure the open form
    /// keeps its input and shows the API's messages by the fields they name.
    Submitted {
        submit: forms::FormSubmit,
        result: Result<forms::Applied, forms::SubmitError>,
    },
    /// The resource an edit form changes, read again (`Effect::Recheck`):
    /// one item, or why it could not be read.
    Rechecked {
        submit: forms::FormSubmit,
        result: Result<Batch, UserError>,
    },
    /// One request of a bulk action came back (`Effect::BulkStep`);
    /// `rate_limited`: the API answered 429 to every attempt.
    BulkStepDone {
        run: u64,
        action: PendingAction,
        result: Result<(), UserError>,
        rate_limited: bool,
    },
    /// The command history the state dir held (`Effect::LoadHistory`).
    HistoryLoaded(Vec<String>),
    /// A program run in the terminal (`Effect::Shell`) ended, or could not
    /// start.
    ShellExited {
        program: shell::Program,
        result: Result<shell::Exit, String>,
    },
}

/// I/O for the executor to perform; results come back as `Action`s.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Effect {
    /// List `tab`'s resources in one zone (regional kinds: one region),
    /// answering with `Action::Fetched { request, .. }`.
    Fetch {
        request: RequestId,
        tab: Tab,
        at: Locality,
    },
    /// Read the one resource `id` of `tab` in `at` (GET by id: the fast
    /// polling of a row in transition), answering with `Action::FetchedOne`.
    FetchOne {
        request: RequestId,
        tab: Tab,
        at: Locality,
        id: String,
    },
    /// Perform a confirmed action, answering with `Action::Done`.
    Run(PendingAction),
    /// Put text on the clipboard (OSC 52), answering with `Action::Notice`.
    Copy(String),
    /// Fetch a zone's server types, answering with `Action::ServerTypes`.
    FetchServerTypes(crate::api::locality::Zone),
    /// Fetch a zone's images and availability, answering with `Action::ZoneCatalog`.
    FetchZoneCatalog(crate::api::locality::Zone),
    /// Fetch a security group's rules, answering with `Action::Rules`.
    FetchRules {
        group: String,
        zone: crate::api::locality::Zone,
    },
    /// List a region's private NIC addresses (IPAM), answering with
    /// `Action::PrivateIps`.
    FetchPrivateIps { request: RequestId, region: Region },
    /// GET an object as raw JSON, answering with `Action::Raw`.
    FetchRaw { title: String, path: String },
    /// Send a form's request, answering with `Action::Submitted`.
    Submit(forms::FormSubmit),
    /// Read again the resource an edit form's request changes, before
    /// sending it, answering with `Action::Rechecked`.
    Recheck(forms::FormSubmit),
    /// One request of bulk action `run`, answering with
    /// `Action::BulkStepDone`.
    BulkStep { run: u64, action: PendingAction },
    /// Read the command history from the state dir, answering with
    /// `Action::HistoryLoaded`.
    LoadHistory,
    /// Write the command history (every entry, newest last) to the state dir.
    SaveHistory(Vec<String>),
    /// Run a program in the terminal, the dashboard stepping aside until it
    /// exits (the event loop does it: it owns the terminal), answering with
    /// `Action::ShellExited`.
    Shell(shell::Program),
    /// Write the fleet snapshot to `path` (`events::snapshot`); `last`: the
    /// dashboard is quitting, so it is written before the loop ends.
    SaveSnapshot {
        path: std::path::PathBuf,
        source: events::SaveSource,
        last: bool,
    },
    /// Ring the bell and send a desktop notification through the terminal.
    Notify(events::Notification),
}
