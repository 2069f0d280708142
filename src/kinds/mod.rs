//! The registry of what the dashboard shows: every tab is one entry here,
//! and everything that differs between tabs lives in its own module
//! (`src/kinds/<kind>/`): its names, its column catalogue, its rows and
//! detail lines, what Enter does on a row, and, for a resource kind of the
//! API, how it is fetched, listed, deleted and edited and how a fetch enters
//! the inventory. Tabs, `[columns]` in config.toml, the tab bar, the tab keys
//! (`tab_n` is the n-th entry) and their help lines, the scheduler, the
//! executor and `scwdash list` are all driven by [`Tab::ALL`] and
//! [`Tab::kind`], so no code outside this file matches on the kind.
//!
//! Adding a resource kind: a module with its [`Kind`] (a `static` of plain
//! functions), a variant of [`Tab`] and of [`Batch`], and its line in
//! [`Tab::kind`] (see README "Architecture").
//!
//! A view that is not an API kind (cost, topology, events) is an entry
//! whose `api` is `None`: nothing fetches, lists or deletes it, `n`/`e`/`a`/`d`
//! say it offers none, and `scwdash list` does not name it. Its `rows` read
//! the state (the inventory, an event log); they are rebuilt whenever the
//! rows of a tab it `reads` are, or when its own inputs change
//! (`app::rebuild_rows`). Its `enter` is usually [`Enter::Jump`]: Enter on a
//! row goes to the resource the row names (`app::jump_to`).

pub mod cost;
pub mod events;
pub mod private_networks;
#[cfg(test)]
pub(crate) mod probe;
pub mod security_groups;
pub mod servers;
pub mod topology;
pub mod volumes;
pub mod vpcs;

use std::sync::Arc;

use futures::future::BoxFuture;

use crate::api::locality::{Product, Region, Zone};
use crate::api::models::{PrivateNetwork, SecurityGroup, ServerSummary, VolumeSummary, Vpc};
use crate::api::{ApiError, Client};
use crate::app::details::Lines;
use crate::app::editing::{Catalog, FormAt, Selected};
use crate::app::inventory::{Inventory, Joins, Models};
use crate::app::table::Column;
use crate::app::{Choice, Locality, Mode, PendingAction, RowRef, State, UserError};
use crate::exec::{Reuse, user_error};
use crate::keymap::Command;
use crate::list::{Listing, Scope};

/// One tab of the dashboard, in tab-bar order: the key that identifies a kind
/// in the state (tables, fetch slots, marks). What the kind *is* lives behind
/// [`Tab::kind`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Tab {
    Servers,
    Volumes,
    SecurityGroups,
    PrivateNetworks,
    Vpcs,
    /// What changed (`:events`).
    Events,
    /// Where the money goes, and the leaks (a view).
    Cost,
    /// How the fleet is wired, as a tree (a view).
    Topology,
    /// A view for the registry's own unit tests (`probe.rs`): never built
    /// outside them.
    #[cfg(test)]
    Probe,
}

/// One entry of the registry: what a tab shows and offers.
pub struct Kind {
    pub about: About,
    /// The table rows, in no particular order (sorted by name after),
    /// built from the state: API kinds share the inventory's `Arc`s, views
    /// read whatever they summarise.
    pub rows: fn(&State) -> Vec<RowRef>,
    /// The joined details of the row `id`, or `None` when the state does
    /// not hold it (a test row, or data not loaded yet).
    pub details: fn(&State, &str) -> Option<Lines>,
    /// Whether the cells read a part of the joins that differs between
    /// `old` and `new` (the rows must then be rebuilt).
    pub joins_changed: fn(&Joins, &Joins) -> bool,
    /// The tabs whose rows this tab's rows are built from: rebuilt after
    /// theirs, and shown once all of them are loaded. Only earlier tabs.
    pub reads: &'static [Tab],
    /// What Enter (and a double click) does on a row.
    pub enter: Enter,
    /// The keys the status line teaches on this tab when it has nothing to
    /// report, as currently bound.
    pub hints: &'static [Hint],
    /// The API behind the tab; `None` for a view.
    pub api: Option<Api>,
}

/// A key the status line teaches: the command (in its key-map section) and
/// the word for it.
pub type Hint = (crate::keymap::Context, Command, &'static str);

/// The status line's keys on a table of resources.
pub const TABLE_HINTS: &[Hint] = {
    use crate::keymap::Context::Normal;
    &[
        (Normal, Command::Filter, "filter"),
        (Normal, Command::SortNext, "sort"),
        (Normal, Command::Details, "details"),
        (Normal, Command::PickZone, "zone"),
    ]
};

/// The servers' keys: a table's, and the power menu (on another tab `p`
/// only says it is for servers, so it is not taught there).
pub const SERVER_HINTS: &[Hint] = {
    use crate::keymap::Context::Normal;
    &[
        (Normal, Command::Filter, "filter"),
        (Normal, Command::SortNext, "sort"),
        (Normal, Command::Details, "details"),
        (Normal, Command::PowerMenu, "power"),
        (Normal, Command::PickZone, "zone"),
    ]
};

/// What Enter on a row does.
#[derive(Clone, Copy)]
pub enum Enter {
    /// Shows or hides the details pane (the API kinds).
    ToggleDetails,
    /// Goes to the resource the row `id` names (`app::jump_to`); `None` when
    /// it names none (Enter then does nothing).
    Jump(fn(&State, &str) -> Option<Target>),
}

/// A resource to go to: its tab, its id and, when known, where it lives
/// (the zone scope changes to show it).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Target {
    pub tab: Tab,
    pub id: String,
    /// What the status line calls it ("server web-1 no longer exists").
    pub name: String,
    pub at: Option<Locality>,
}

/// A tab's names and the columns it can show.
pub struct About {
    /// The tab's name in `[columns]` of config.toml (snake case).
    pub key: &'static str,
    /// The tab bar's title.
    pub title: &'static str,
    /// The title when the tab bar is too narrow for the full ones.
    pub short_title: &'static str,
    /// The singular noun used in dialogs ("Delete volume data-1?").
    pub noun: &'static str,
    /// What the help calls the tab ("security groups").
    pub plural: &'static str,
    /// The names command mode accepts for the tab (`:sg`), the canonical
    /// one first.
    pub names: &'static [&'static str],
    /// Every column the tab can show (`[columns]` in config.toml picks from
    /// these ids; the settings validate against them; the rows fill the cells
    /// by them).
    pub columns: &'static [Column],
}

/// A resource kind's API: where it lives and the calls the dashboard, `list`
/// and the forms make.
///
/// `fetch` and `list` share the kind's `api.rs`, its endpoints and
/// `fan_out`, but not one call, on purpose: the dashboard lists summaries
/// (a server is ~1.5 KB instead of ~9 KB for the full model, for fleets of
/// 100,000) and reuses the copies its last refresh decoded, while `list` runs
/// once and prints the full models, whose JSON is what scripts read (every
/// field scwdash understands; `list servers` joins the NICs' IPAM addresses
/// too). One call would either cut `list -o json` down to the summary or make
/// the dashboard hold six times the memory.
pub struct Api {
    /// The product whose API lists this kind (which zones or regions it
    /// serves).
    pub product: Product,
    /// Regional kinds follow the region of the chosen zone (or all regions).
    pub regional: bool,
    /// Takes in a fetch result of this kind: what it holds replaces what the
    /// `fetched` localities held. A batch of another kind is ignored. Returns
    /// whether the models changed (an unchanged answer rebuilds nothing).
    pub merge: fn(&mut Inventory, Batch, &[Locality]) -> bool,
    /// The model of the row `id`, typed, for the forms.
    pub selected: for<'a> fn(&'a Inventory, &str) -> Selected<'a>,
    /// The mode a command (`New`, `Edit`, `Attach`) opens (a form, the rule
    /// editor) or why it cannot; `None` when this kind offers no such form.
    pub open: fn(Opening<'_>) -> Option<Opened>,
    /// What `d` offers on the row `plain` deletes: one verdict (the
    /// confirmation, or why not), or a menu of choices.
    pub delete_choices: fn(&State, &PendingAction) -> Vec<Choice>,
    /// Lists this kind in `zones` (a zoned kind) or `regions` (a regional
    /// one), all concurrently: the dashboard's fetch.
    pub fetch:
        for<'a> fn(&'a Client, &'a [Zone], &'a [Region], &'a Reuse) -> BoxFuture<'a, Fetched>,
    /// Reads the one resource `id` living in `at` (GET by id): a batch of
    /// that item, or an empty batch when it is gone (404). The fast polling
    /// of a row in transition reads only that row.
    pub fetch_one:
        for<'a> fn(&'a Client, Locality, &'a str) -> BoxFuture<'a, Result<Batch, ApiError>>,
    /// `scwdash list KIND` over the scope: the full models, as table rows and
    /// JSON objects.
    pub list: for<'a> fn(&'a Client, &'a Scope) -> BoxFuture<'a, Listing>,
    /// Deletes the resource `id` living in `at`; `None` when `at` is not
    /// where this kind lives (a region for a zoned kind).
    pub delete: for<'a> fn(&'a Client, Locality, &'a str) -> Option<Deleting<'a>>,
    /// The `scw` words (after `scw`, before `zone=`/`region=`) that delete
    /// `id` as `delete` does, for `:cli`.
    pub scw_delete: fn(&str) -> Vec<String>,
    /// The models the events compare refresh by refresh (`app::events`),
    /// shared with the inventory.
    pub tracked: fn(&Inventory) -> crate::app::events::Shared,
    /// The servers that use the resource `id` ("used by", `u`); `None` when
    /// the kind has no users to list (servers, VPCs: their details say what
    /// they hold).
    pub used_by: Option<fn(&Inventory, &str) -> Vec<crate::app::used_by::User>>,
    /// Another fetch that goes with each fetch of this kind at a locality
    /// (the private networks of a region bring its NIC addresses along).
    pub along: fn(&mut State, Locality) -> Option<crate::app::Effect>,
    /// What `command` (`New`, `Edit`, `Attach`) on the row `id` needs
    /// fetched before its form can open (a zone's catalog, a group's rules).
    pub prepare: fn(&mut State, Command, Option<&str>) -> Needs,
}

/// What a form waits for ("server types of fr-par-1", named on the status
/// line while it loads) and the fetches not asked for yet.
pub type Needs = (Vec<String>, Vec<crate::app::Effect>);

/// [`Api::prepare`] of a kind whose forms need nothing fetched first.
pub(crate) fn needs_nothing(_: &mut State, _: Command, _: Option<&str>) -> Needs {
    (Vec::new(), Vec::new())
}

/// `words` then `last`, as owned strings (the `scw` words of a delete).
pub(crate) fn scw_words(words: &[&str], last: &str) -> Vec<String> {
    words
        .iter()
        .copied()
        .chain([last])
        .map(str::to_string)
        .collect()
}

/// The mode a form command opens, or why it cannot.
pub type Opened = Result<Mode, String>;

/// What [`Api::open`] is asked: `command` on the `selected` model, the form
/// opening `at` a locality and choosing from `catalog`.
pub struct Opening<'a> {
    pub command: Command,
    pub selected: Selected<'a>,
    pub at: FormAt,
    pub catalog: &'a Catalog<'a>,
}

/// A fetch's models and the localities that failed.
pub type Fetched = (Batch, Vec<(Locality, UserError)>);

/// A delete in flight.
pub type Deleting<'a> = BoxFuture<'a, Result<(), ApiError>>;

/// Each model in its own `Arc`, shared by the table row and the inventory.
pub(crate) fn shared<T>(items: Vec<T>) -> Vec<Arc<T>> {
    items.into_iter().map(Arc::new).collect()
}

/// One resource read by id as a batch of one, or an empty batch when the
/// API says it is gone (404).
pub(crate) async fn one<T>(
    read: impl std::future::Future<Output = Result<T, ApiError>>,
    batch: fn(Vec<Arc<T>>) -> Batch,
) -> Result<Batch, ApiError> {
    match read.await {
        Ok(item) => Ok(batch(vec![Arc::new(item)])),
        Err(e) if e.is_not_found() => Ok(batch(Vec::new())),
        Err(e) => Err(e),
    }
}

/// [`Api::fetch_one`] of a zoned kind: `read` the item in `at`'s zone (a
/// region holds no zoned item).
pub(crate) fn one_in_zone<'a, T, F>(
    at: Locality,
    id: &str,
    read: impl FnOnce(Zone) -> F,
    batch: fn(Vec<Arc<T>>) -> Batch,
) -> BoxFuture<'a, Result<Batch, ApiError>>
where
    T: 'a,
    F: std::future::Future<Output = Result<T, ApiError>> + Send + 'a,
{
    match at.zone() {
        Some(zone) => Box::pin(one(read(zone), batch)),
        None => {
            let detail = format!("{id} is zoned, not in region {at}");
            Box::pin(std::future::ready(Err(ApiError::Request { detail })))
        }
    }
}

/// An [`Api::fetch_one`] from the call reading one item by id in a `zone`
/// or a `region`, and the [`Batch`] variant the item goes in.
macro_rules! fetch_one {
    (zone, $get:path, $variant:ident) => {
        |client, at, id| {
            let read = move |zone| $get(client, zone, id);
            $crate::kinds::one_in_zone(at, id, read, $crate::kinds::Batch::$variant)
        }
    };
    (region, $get:path, $variant:ident) => {
        |client, at, id| {
            let read = $get(client, at.region(), id);
            Box::pin($crate::kinds::one(read, $crate::kinds::Batch::$variant))
        }
    };
}
pub(crate) use fetch_one;

/// An [`Api::merge`] of the [`Batch`] variant `$variant` into the inventory's
/// `$models` map, each model placed by its `zone` or its `region` field.
macro_rules! merge_into {
    ($variant:ident, $models:ident, zone) => {
        $crate::kinds::merge_into!(@ $variant, $models, |m| {
            $crate::app::inventory::zone_of(&m.zone)
        })
    };
    ($variant:ident, $models:ident, region) => {
        $crate::kinds::merge_into!(@ $variant, $models, |m| {
            $crate::app::inventory::region_of(&m.region)
        })
    };
    (@ $variant:ident, $models:ident, $at:expr) => {
        |inventory, batch, fetched| match batch {
            $crate::kinds::Batch::$variant(fresh) => {
                let models = &mut inventory.$models;
                $crate::app::inventory::merge(models, fresh, fetched, $at)
            }
            _ => false,
        }
    };
}
pub(crate) use merge_into;

/// Every zone's (or region's) items in one list, and the errors by locality.
pub(crate) fn collect<L: Copy, T>(
    results: Vec<(L, Result<Vec<T>, ApiError>)>,
    locality: impl Fn(L) -> Locality,
) -> (Vec<T>, Vec<(Locality, UserError)>) {
    let mut items = Vec::new();
    let mut errors = Vec::new();
    for (at, result) in results {
        let at = locality(at);
        match result {
            Ok(mut v) => items.append(&mut v),
            Err(e) => {
                tracing::warn!(locality = %at, error = %e, "list failed");
                errors.push((at, user_error(&e)));
            }
        }
    }
    (items, errors)
}

/// The model `id` among `models`, typed by `wrap` (`Selected::Server`).
pub(crate) fn pick<'a, T: crate::api::id_map::Keyed>(
    models: &'a Models<T>,
    id: &str,
    wrap: fn(&'a T) -> Selected<'a>,
) -> Selected<'a> {
    models.get(id).map_or(Selected::None, |m| wrap(m))
}

/// The rows of one kind's models, each sharing its model and the joins.
pub(crate) fn rows_of<T>(
    models: &Models<T>,
    joins: &Arc<Joins>,
    row: fn(Arc<T>, Arc<Joins>) -> RowRef,
) -> Vec<RowRef> {
    models
        .values()
        .map(|m| row(m.clone(), joins.clone()))
        .collect()
}

/// Every API kind: what a view summarising the whole fleet (cost,
/// topology) reads (a test checks it against `Tab::with_api`).
pub(crate) const FLEET: &[Tab] = &[
    Tab::Servers,
    Tab::Volumes,
    Tab::SecurityGroups,
    Tab::PrivateNetworks,
    Tab::Vpcs,
];

/// How many tabs there are (the unit tests' probe view is one more).
const TABS: usize = 8 + cfg!(test) as usize;

impl Tab {
    /// Every tab, in tab-bar order (`Tab::index` is the position here): the
    /// API kinds, then the views.
    pub const ALL: [Tab; TABS] = [
        Tab::Servers,
        Tab::Volumes,
        Tab::SecurityGroups,
        Tab::PrivateNetworks,
        Tab::Vpcs,
        Tab::Events,
        Tab::Cost,
        Tab::Topology,
        #[cfg(test)]
        Tab::Probe,
    ];

    /// The registry: what each tab shows.
    pub fn kind(self) -> &'static Kind {
        match self {
            Tab::Servers => &servers::KIND,
            Tab::Volumes => &volumes::KIND,
            Tab::SecurityGroups => &security_groups::KIND,
            Tab::PrivateNetworks => &private_networks::KIND,
            Tab::Vpcs => &vpcs::KIND,
            Tab::Events => &events::KIND,
            Tab::Cost => &cost::KIND,
            Tab::Topology => &topology::KIND,
            #[cfg(test)]
            Tab::Probe => &probe::KIND,
        }
    }

    pub fn about(self) -> &'static About {
        &self.kind().about
    }

    /// The API behind the tab; `None` for a view.
    pub fn api(self) -> Option<&'static Api> {
        self.kind().api.as_ref()
    }

    /// The tabs that are resource kinds of the API, in tab order.
    pub fn with_api() -> impl Iterator<Item = Tab> {
        Tab::ALL.into_iter().filter(|t| t.api().is_some())
    }

    pub fn index(self) -> usize {
        self as usize
    }

    pub fn from_number(n: u8) -> Option<Tab> {
        Tab::ALL.get(usize::from(n).checked_sub(1)?).copied()
    }

    /// The tab whose `[columns]` name is `key`.
    pub fn from_key(key: &str) -> Option<Tab> {
        Tab::ALL.into_iter().find(|t| t.about().key == key)
    }

    /// The tab command mode names `name` (`sg`, `servers`), in any case.
    pub fn from_name(name: &str) -> Option<Tab> {
        Tab::ALL
            .into_iter()
            .find(|t| t.about().names.iter().any(|n| n.eq_ignore_ascii_case(name)))
    }

    pub fn title(self) -> &'static str {
        self.about().title
    }

    /// The singular noun used in dialogs ("Delete volume data-1?").
    pub fn noun(self) -> &'static str {
        self.about().noun
    }

    /// Regional kinds follow the region of the chosen zone (or all regions).
    pub fn is_regional(self) -> bool {
        self.api().is_some_and(|a| a.regional)
    }

    /// Every column the tab can show.
    pub fn catalogue(self) -> Vec<Column> {
        self.about().columns.to_vec()
    }

    /// The columns named by `ids`, in that order (unknown ids are skipped:
    /// the settings were validated against the same catalogue).
    pub fn columns_for<S: AsRef<str>>(self, ids: &[S]) -> Vec<Column> {
        let all = self.catalogue();
        ids.iter()
            .filter_map(|id| all.iter().find(|c| c.id == id.as_ref()).cloned())
            .collect()
    }

    /// The default columns (`[columns]` of assets/config.toml). Ids are the
    /// contract with `TableRow::cell`.
    pub fn columns(self) -> Vec<Column> {
        let d = crate::settings::Columns::default();
        self.columns_for(d.for_tab(self))
    }
}

/// One fetch's typed result: what `Action::Fetched` carries.
#[derive(Debug, Clone)]
pub enum Batch {
    Servers(Vec<Arc<ServerSummary>>),
    Volumes(Vec<Arc<VolumeSummary>>),
    SecurityGroups(Vec<Arc<SecurityGroup>>),
    PrivateNetworks(Vec<Arc<PrivateNetwork>>),
    Vpcs(Vec<Arc<Vpc>>),
}

impl Batch {
    pub fn tab(&self) -> Tab {
        match self {
            Batch::Servers(_) => Tab::Servers,
            Batch::Volumes(_) => Tab::Volumes,
            Batch::SecurityGroups(_) => Tab::SecurityGroups,
            Batch::PrivateNetworks(_) => Tab::PrivateNetworks,
            Batch::Vpcs(_) => Tab::Vpcs,
        }
    }

    pub fn len(&self) -> usize {
        match self {
            Batch::Servers(v) => v.len(),
            Batch::Volumes(v) => v.len(),
            Batch::SecurityGroups(v) => v.len(),
            Batch::PrivateNetworks(v) => v.len(),
            Batch::Vpcs(v) => v.len(),
        }
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Whether both hold the very same `Arc`s, in the same order.
    pub fn same_items(&self, other: &Batch) -> bool {
        fn same<T>(a: &[Arc<T>], b: &[Arc<T>]) -> bool {
            a.len() == b.len() && a.iter().zip(b).all(|(x, y)| Arc::ptr_eq(x, y))
        }
        match (self, other) {
            (Batch::Servers(a), Batch::Servers(b)) => same(a, b),
            (Batch::Volumes(a), Batch::Volumes(b)) => same(a, b),
            (Batch::SecurityGroups(a), Batch::SecurityGroups(b)) => same(a, b),
            (Batch::PrivateNetworks(a), Batch::PrivateNetworks(b)) => same(a, b),
            (Batch::Vpcs(a), Batch::Vpcs(b)) => same(a, b),
            _ => false,
        }
    }

    /// Takes in what [`Api::fetch_one`] read of `id`: its item replaces the
    /// one `id` held (an empty batch removes it). Returns whether the models
    /// changed.
    pub(crate) fn merge_one(self, inventory: &mut Inventory, id: &str) -> bool {
        use crate::app::inventory::merge_one;
        match self {
            Batch::Servers(v) => merge_one(&mut inventory.servers, id, v),
            Batch::Volumes(v) => merge_one(&mut inventory.volumes, id, v),
            Batch::SecurityGroups(v) => merge_one(&mut inventory.security_groups, id, v),
            Batch::PrivateNetworks(v) => merge_one(&mut inventory.private_networks, id, v),
            Batch::Vpcs(v) => merge_one(&mut inventory.vpcs, id, v),
        }
    }

    /// The first model, typed (a resource read again for an edit form);
    /// a group without its rules.
    pub fn first(&self) -> Selected<'_> {
        let first = match self {
            Batch::Servers(v) => v.first().map(|s| Selected::Server(s)),
            Batch::Volumes(v) => v.first().map(|v| Selected::Volume(v)),
            Batch::SecurityGroups(v) => v.first().map(|g| Selected::SecurityGroup(g, None)),
            Batch::PrivateNetworks(v) => v.first().map(|p| Selected::PrivateNetwork(p)),
            Batch::Vpcs(v) => v.first().map(|v| Selected::Vpc(v)),
        };
        first.unwrap_or(Selected::None)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn default_columns_keep_a_name() {
        for tab in Tab::ALL
            .into_iter()
            .filter(|t| !t.about().columns.is_empty())
        {
            assert!(
                tab.columns().iter().any(|c| c.priority == 0),
                "{tab:?} default columns keep a name"
            );
        }
    }

    #[test]
    fn configured_columns_select_and_order() {
        let cols = Tab::Servers.columns_for(&["price", "name"]);
        let ids: Vec<&str> = cols.iter().map(|c| c.id).collect();
        assert_eq!(ids, ["price", "name"]);
    }

    #[test]
    fn keys_name_one_tab_each() {
        for tab in Tab::ALL {
            assert_eq!(Tab::from_key(tab.about().key), Some(tab));
        }
    }

    #[test]
    fn tabs_are_listed_in_index_order_and_each_has_a_tab_key() {
        for (i, tab) in Tab::ALL.into_iter().enumerate() {
            assert_eq!(tab.index(), i);
            assert_eq!(Tab::from_number(u8::try_from(i + 1).unwrap()), Some(tab));
        }
        // `tab_1` to `tab_9` are the tab keys' names.
        assert!(Tab::ALL.len() <= 9);
    }

    #[test]
    fn command_mode_names_name_one_tab_each() {
        for (name, tab) in [
            ("servers", Tab::Servers),
            ("srv", Tab::Servers),
            ("server", Tab::Servers),
            ("volumes", Tab::Volumes),
            ("vol", Tab::Volumes),
            ("security-groups", Tab::SecurityGroups),
            ("sg", Tab::SecurityGroups),
            ("SG", Tab::SecurityGroups),
            ("private-networks", Tab::PrivateNetworks),
            ("pn", Tab::PrivateNetworks),
            ("vpcs", Tab::Vpcs),
            ("vpc", Tab::Vpcs),
        ] {
            assert_eq!(Tab::from_name(name), Some(tab), "{name}");
        }
        assert_eq!(Tab::from_name("nope"), None);
        let mut all: Vec<String> = Tab::ALL
            .iter()
            .flat_map(|t| t.about().names.iter().map(|n| n.to_ascii_lowercase()))
            .collect();
        let count = all.len();
        all.sort();
        all.dedup();
        assert_eq!(all.len(), count, "a name for two tabs");
        for tab in Tab::ALL {
            let canonical = tab.about().names.first().copied();
            assert_eq!(canonical, Some(tab.about().key.replace('_', "-").as_str()));
        }
    }

    /// A view is rebuilt after the tabs it reads: only earlier tabs, so a
    /// rebuild never loops.
    #[test]
    fn views_read_only_earlier_tabs() {
        for tab in Tab::ALL {
            for read in tab.kind().reads {
                assert!(read.index() < tab.index(), "{tab:?} reads {read:?}");
            }
        }
    }

    #[test]
    fn the_fleet_is_every_api_kind() {
        assert_eq!(FLEET.to_vec(), Tab::with_api().collect::<Vec<_>>());
    }

    #[test]
    fn a_view_has_no_api() {
        assert!(Tab::Probe.api().is_none());
        assert!(!Tab::Probe.is_regional());
        assert!(!Tab::with_api().any(|t| t == Tab::Probe));
        assert!(matches!(Tab::Servers.kind().enter, Enter::ToggleDetails));
        assert!(matches!(Tab::Probe.kind().enter, Enter::Jump(_)));
    }
}
