//! The registry of resource kinds: every tab the dashboard shows is one entry
//! here, and everything that differs between kinds lives in the kind's own
//! module (`src/kinds/<kind>/`): its names, its column catalogue, its rows and
//! detail lines, how its fetch result enters the inventory and which rows go
//! stale when the joins change. Tabs, `[columns]` in config.toml, the tab bar
//! and the tab keys (`tab_n` is the n-th entry) are all driven by [`Tab::ALL`]
//! and [`Tab::kind`], so no code outside this file matches on the kind.
//!
//! Adding a kind: a module implementing [`Kind`], a variant of [`Tab`] and of
//! [`Batch`], and its line in [`Tab::kind`] (see README "Architecture").
//!
//! Views that are not API kinds (the cost, topology and events views) plug in
//! the same way: a `Tab` variant whose [`Kind`] builds its rows and details
//! from what the other kinds put in the inventory (`Inventory::joins`) and
//! whose `merge` ignores every batch; `fetch` is then to become optional (the
//! scheduler skipping a tab without one), which is not built yet.

pub mod private_networks;
pub mod security_groups;
pub mod servers;
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
}

/// A kind's names, where its API lives and the columns it can show.
pub struct About {
    /// The kind's name in `[columns]` of config.toml (snake case).
    pub key: &'static str,
    /// The tab bar's title.
    pub title: &'static str,
    /// The title when the tab bar is too narrow for the full ones.
    pub short_title: &'static str,
    /// The singular noun used in dialogs ("Delete volume data-1?").
    pub noun: &'static str,
    /// The product whose API lists this kind (which zones or regions it
    /// serves).
    pub product: Product,
    /// Regional kinds follow the region of the chosen zone (or all regions).
    pub regional: bool,
    /// Every column the tab can show (`[columns]` in config.toml picks from
    /// these ids; the settings validate against them; the rows fill the cells
    /// by them).
    pub columns: &'static [Column],
}

impl About {
    /// A kind listed per zone; `names` are its key, title, short title and
    /// noun.
    pub const fn zoned(
        names: [&'static str; 4],
        product: Product,
        columns: &'static [Column],
    ) -> Self {
        let [key, title, short_title, noun] = names;
        About {
            key,
            title,
            short_title,
            noun,
            product,
            regional: false,
            columns,
        }
    }

    /// A kind listed per region.
    pub const fn regional(
        names: [&'static str; 4],
        product: Product,
        columns: &'static [Column],
    ) -> Self {
        About {
            regional: true,
            ..About::zoned(names, product, columns)
        }
    }
}

/// Everything that differs between the dashboard's kinds of resources.
pub trait Kind: Sync {
    fn about(&self) -> &'static About;

    /// The table rows, in no particular order, sharing the inventory's `Arc`s.
    fn rows(&self, inventory: &Inventory) -> Vec<RowRef>;

    /// The joined details of the object `id`, or `None` when the inventory does
    /// not hold it (a test row, or data not loaded yet).
    fn details(&self, state: &State, id: &str) -> Option<Lines>;

    /// Takes in a fetch result of this kind: what it holds replaces what the
    /// `fetched` localities held. A batch of another kind is ignored. Returns
    /// whether the models changed (an unchanged answer rebuilds nothing).
    fn merge(&self, inventory: &mut Inventory, batch: Batch, fetched: &[Locality]) -> bool;

    /// Whether the cells of this kind read a part of the joins that differs
    /// between `old` and `new` (its rows must then be rebuilt).
    fn joins_changed(&self, old: &Joins, new: &Joins) -> bool;

    /// The model of the row `id`, typed, for the forms.
    fn selected<'a>(&self, inventory: &'a Inventory, id: &str) -> Selected<'a>;

    /// The mode `command` (`New`, `Edit`, `Attach`) opens for `selected` (a
    /// form, the rule editor) or why it cannot; `None` when this kind offers
    /// no such form.
    fn open(
        &self,
        command: Command,
        selected: Selected<'_>,
        at: FormAt,
        catalog: &Catalog<'_>,
    ) -> Option<Result<Mode, String>>;

    /// What `d` offers on the row `plain` deletes: one verdict (the
    /// confirmation, or why not), or a menu of choices.
    fn delete_choices(&self, state: &State, plain: &PendingAction) -> Vec<Choice>;

    /// Lists this kind in `zones` (a zoned kind) or `regions` (a regional
    /// one), all concurrently: the dashboard's fetch.
    fn fetch<'a>(
        &'a self,
        client: &'a Client,
        zones: &'a [Zone],
        regions: &'a [Region],
        reuse: &'a Reuse,
    ) -> BoxFuture<'a, Fetched>;

    /// `scwdash list KIND` over the scope: the full models, as table rows and
    /// JSON objects.
    fn list<'a>(&'a self, client: &'a Client, scope: &'a Scope) -> BoxFuture<'a, Listing>;

    /// Deletes the resource `id` living in `at`; `None` when `at` is not
    /// where this kind lives (a region for a zoned kind).
    fn delete<'a>(&'a self, client: &'a Client, at: Locality, id: &'a str) -> Option<Deleting<'a>>;
}

/// A fetch's models and the localities that failed.
pub type Fetched = (Batch, Vec<(Locality, UserError)>);

/// A delete in flight.
pub type Deleting<'a> = BoxFuture<'a, Result<(), ApiError>>;

/// Each model in its own `Arc`, shared by the table row and the inventory.
pub(crate) fn shared<T>(items: Vec<T>) -> Vec<Arc<T>> {
    items.into_iter().map(Arc::new).collect()
}

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

impl Tab {
    pub const ALL: [Tab; 5] = [
        Tab::Servers,
        Tab::Volumes,
        Tab::SecurityGroups,
        Tab::PrivateNetworks,
        Tab::Vpcs,
    ];

    /// The registry: what each tab shows.
    pub fn kind(self) -> &'static dyn Kind {
        match self {
            Tab::Servers => &servers::Servers,
            Tab::Volumes => &volumes::Volumes,
            Tab::SecurityGroups => &security_groups::SecurityGroups,
            Tab::PrivateNetworks => &private_networks::PrivateNetworks,
            Tab::Vpcs => &vpcs::Vpcs,
        }
    }

    pub fn index(self) -> usize {
        self as usize
    }

    pub fn from_number(n: u8) -> Option<Tab> {
        Tab::ALL.get(usize::from(n).checked_sub(1)?).copied()
    }

    /// The tab whose `[columns]` name is `key`.
    pub fn from_key(key: &str) -> Option<Tab> {
        Tab::ALL.into_iter().find(|t| t.kind().about().key == key)
    }

    pub fn title(self) -> &'static str {
        self.kind().about().title
    }

    /// The singular noun used in dialogs ("Delete volume data-1?").
    pub fn noun(self) -> &'static str {
        self.kind().about().noun
    }

    /// Regional kinds follow the region of the chosen zone (or all regions).
    pub fn is_regional(self) -> bool {
        self.kind().about().regional
    }

    /// The product whose API lists this kind.
    pub fn product(self) -> Product {
        self.kind().about().product
    }

    /// Every column the tab can show.
    pub fn catalogue(self) -> Vec<Column> {
        self.kind().about().columns.to_vec()
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
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn default_columns_keep_a_name() {
        for tab in Tab::ALL {
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
            assert_eq!(Tab::from_key(tab.kind().about().key), Some(tab));
        }
    }
}
