//! A generic table over rows supplied by the resource views: sorted and filtered
//! views are cached (recomputed on data, sort or filter change, never per
//! frame), the selection follows the row's id across refreshes, and the scroll
//! offset lets rendering touch only the visible rows.

use std::borrow::Cow;
use std::cmp::Ordering;
use std::fmt;
use std::net::IpAddr;
use std::sync::Arc;

use crate::theme::RowClass;

use super::Locality;
use super::filter_query::{Fields, Problem, Query};

/// A resource as a table row. The resource views implement this for the API
/// models (`impl TableRow for Server`); the table never sees the model itself.
pub trait TableRow: Send + Sync {
    /// The API id: selection and actions follow it.
    fn id(&self) -> &str;
    /// The human name, for dialogs ("Power off web-1 in fr-par-1?").
    fn name(&self) -> Cow<'_, str>;
    /// The text of the cell under the column whose `Column::id` is `column`.
    fn cell(&self, column: &str) -> Cow<'_, str>;
    /// What the row's state means (colour of the state cell, spinner).
    fn class(&self) -> RowClass {
        RowClass::Neutral
    }
    /// The key the column sorts by; text cells sort case-insensitively by
    /// default. Rows with equal keys sort by zone (or region), then id.
    fn sort_key(&self, column: &str) -> SortKey {
        SortKey::text(&self.cell(column))
    }
    /// Where the resource lives, named in confirmations and used by actions.
    fn locality(&self) -> Option<Locality> {
        None
    }
    /// `(label, value)` lines for the detail pane.
    fn details(&self) -> Vec<(String, String)> {
        Vec::new()
    }
    /// The API object, pretty-printed, for the raw JSON view (built on demand).
    fn raw_json(&self) -> String {
        String::new()
    }
    /// The API path of the object (`/instance/v1/zones/fr-par-1/servers/ID`):
    /// the raw JSON view fetches it, so it shows exactly what the API says.
    fn api_path(&self) -> Option<String> {
        None
    }
    /// Power actions the API allows now (`allowed_actions`), empty for non-servers.
    fn power_actions(&self) -> Vec<String> {
        Vec::new()
    }
    /// What the filter's words search, lower-cased, when it is more than the
    /// row's cells (a tree's row holds its ancestors' and descendants'
    /// names, so a match keeps its path on screen).
    fn search_text(&self) -> Option<String> {
        None
    }
}

impl fmt::Debug for dyn TableRow {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "row {}", self.id())
    }
}

/// A row as the table holds it: shared, so a refresh result moves in without copies.
pub type RowRef = Arc<dyn TableRow>;

/// Separates the cells in a row's search text; the filter never types it
/// (control characters are dropped), a needle holding it is matched cell by cell.
const SEP: char = '\0';

/// A sort key: numbers sort as numbers (sizes, prices, counts), addresses
/// by value (`9.9.9.9` before `10.0.0.1`, IPv4 before IPv6), text as text,
/// empty last.
#[derive(Debug, Clone, PartialEq)]
pub enum SortKey {
    Number(f64),
    Ip(IpAddr),
    Text(String),
    Missing,
}

impl SortKey {
    /// A text key, case-insensitive; an empty cell is `Missing` (sorts last).
    pub fn text(cell: &str) -> SortKey {
        if cell.is_empty() {
            SortKey::Missing
        } else {
            SortKey::Text(cell.to_lowercase())
        }
    }

    /// The address at the start of `text` (`172.16.8.0/22,fd46::/64` sorts by
    /// `172.16.8.0`), or `Missing` when there is none.
    pub fn ip(text: &str) -> SortKey {
        let first = text.split([',', '/', ' ']).next().unwrap_or("");
        first.parse().map_or(SortKey::Missing, SortKey::Ip)
    }

    /// Kinds of key in the order they sort among each other.
    fn rank(&self) -> u8 {
        match self {
            SortKey::Number(_) => 0,
            SortKey::Ip(_) => 1,
            SortKey::Text(_) => 2,
            SortKey::Missing => 3,
        }
    }

    fn compare(&self, other: &SortKey) -> Ordering {
        use SortKey::*;
        match (self, other) {
            (Number(a), Number(b)) => a.total_cmp(b),
            (Ip(a), Ip(b)) => a.cmp(b),
            (Text(a), Text(b)) => a.cmp(b),
            _ => self.rank().cmp(&other.rank()),
        }
    }
}

/// One column of a table, as the resource view declares it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Column {
    /// Stable id passed to `TableRow::cell` and `sort_key`.
    pub id: &'static str,
    pub title: &'static str,
    /// The narrowest the column is shown at (its cells cut to it with `…`)
    /// before a narrow screen drops it; otherwise its content sets its width.
    pub width: u16,
    /// 0 is always shown; higher numbers are dropped first on narrow screens
    /// (the least useful columns, tags first, carry the highest).
    pub priority: u8,
    /// The state column gets the state colour and the spinner.
    pub is_state: bool,
}

impl Column {
    pub const fn new(id: &'static str, title: &'static str, width: u16, priority: u8) -> Self {
        Column {
            id,
            title,
            width,
            priority,
            is_state: false,
        }
    }

    pub const fn state(id: &'static str, title: &'static str, width: u16) -> Self {
        Column {
            id,
            title,
            width,
            priority: 0,
            is_state: true,
        }
    }
}

/// Sort column (index into `columns`) and direction.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SortState {
    pub column: usize,
    pub descending: bool,
}

pub struct TableModel {
    columns: Vec<Column>,
    rows: Vec<RowRef>,
    /// Row indices in sort order (all rows).
    sorted: Vec<usize>,
    /// Indices into `rows` that pass the filter, in sort order: what is shown.
    view: Vec<usize>,
    sort: SortState,
    filter: String,
    /// Which cells the filter's terms read (`tag:` the tags...), from the
    /// kind's column catalogue.
    fields: Fields,
    /// `filter` parsed, once per change.
    query: Query,
    /// Per row, its cells lower-cased and joined by `SEP`, for the filter.
    /// Built by the first filtering after new rows and kept until the rows
    /// change: formatting every cell of 10 000 rows takes tens of ms, too
    /// much to redo on each typed character.
    search_text: Vec<String>,
    /// Per column a field term reads (`tag:` the tags), each row's cell in
    /// lower case; built by the first filtering that needs it and kept until
    /// the rows change, as `search_text`.
    field_text: Vec<(&'static str, Vec<String>)>,
    cursor: usize,
    selected_id: Option<String>,
    offset: usize,
    page: usize,
    loaded: bool,
    /// Whether the user put the cursor somewhere. Until then it stays on the
    /// top row while rows arrive (under "all", zones answer in any order: the
    /// selection must not stick to whichever answered first).
    chosen: bool,
    /// The rows in transition, by id with their locality (`None`: a row
    /// without one): found when the rows change, so the per-tick question
    /// "what must be polled fast" does not walk the whole fleet.
    in_transition: Vec<(String, Option<Locality>)>,
    /// How many rows each locality holds (what listing it costs).
    per_locality: Vec<(Option<Locality>, usize)>,
    /// Each row's locality, by row index: read once when the rows change,
    /// not on every comparison of a sort (a row finds it by parsing).
    localities: Vec<Option<Locality>>,
}

impl fmt::Debug for TableModel {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("TableModel")
            .field("rows", &self.rows.len())
            .field("shown", &self.view.len())
            .field("sort", &self.sort)
            .field("filter", &self.filter)
            .field("selected_id", &self.selected_id)
            .finish()
    }
}

impl TableModel {
    pub fn new(columns: Vec<Column>) -> Self {
        TableModel {
            fields: Fields::from_columns(&columns),
            query: Query::default(),
            columns,
            rows: Vec::new(),
            sorted: Vec::new(),
            view: Vec::new(),
            sort: SortState {
                column: 0,
                descending: false,
            },
            filter: String::new(),
            search_text: Vec::new(),
            field_text: Vec::new(),
            cursor: 0,
            selected_id: None,
            offset: 0,
            page: 10,
            loaded: false,
            chosen: false,
            in_transition: Vec::new(),
            per_locality: Vec::new(),
            localities: Vec::new(),
        }
    }

    /// The filter's terms read the cells of every column of the kind's
    /// `catalogue`, shown or not (`tag:` works with the tags column hidden).
    pub fn with_catalogue(mut self, catalogue: &[Column]) -> Self {
        self.fields = Fields::from_columns(catalogue);
        self.set_filter(&self.filter.clone());
        self
    }

    pub fn columns(&self) -> &[Column] {
        &self.columns
    }

    /// A filter term this kind has no field for (`type:` on volumes): the
    /// table then shows no row, and the screen says why.
    pub fn filter_problem(&self) -> Option<&Problem> {
        self.query.problem()
    }

    /// Replaces the data (a refresh); the selection stays on the same id if it
    /// is still there, else on the same position.
    pub fn set_rows(&mut self, rows: Vec<RowRef>) {
        self.rows = rows;
        self.in_transition = Vec::new();
        self.per_locality = Vec::new();
        self.localities = Vec::with_capacity(self.rows.len());
        for r in &self.rows {
            let at = r.locality();
            self.localities.push(at);
            if r.class() == RowClass::Transitional {
                self.in_transition.push((r.id().to_string(), at));
            }
            match self.per_locality.iter_mut().find(|(l, _)| *l == at) {
                Some((_, n)) => *n += 1,
                None => self.per_locality.push((at, 1)),
            }
        }
        self.search_text = Vec::new();
        self.field_text = Vec::new();
        self.loaded = true;
        self.resort();
    }

    /// Forgets the rows (the scope changed): the table shows "loading" again.
    pub fn clear(&mut self) {
        // A new scope: the user's choice was a row of the old one.
        self.chosen = false;
        self.rows.clear();
        self.in_transition.clear();
        self.per_locality.clear();
        self.localities.clear();
        self.search_text = Vec::new();
        self.field_text = Vec::new();
        self.loaded = false;
        self.resort();
    }

    /// Whether data has arrived at least once (to tell "loading" from "empty").
    pub fn is_loaded(&self) -> bool {
        self.loaded
    }

    /// Every row, filtered or not.
    pub fn total(&self) -> usize {
        self.rows.len()
    }

    /// Rows passing the filter.
    pub fn shown(&self) -> usize {
        self.view.len()
    }

    /// The shown rows `start..start+len` in display order: rendering touches only these.
    pub fn window(&self, start: usize, len: usize) -> impl Iterator<Item = &RowRef> {
        self.view
            .iter()
            .skip(start)
            .take(len)
            .map(|&i| &self.rows[i])
    }

    pub fn rows(&self) -> impl Iterator<Item = &RowRef> {
        self.rows.iter()
    }

    pub fn any_transitional(&self) -> bool {
        !self.in_transition.is_empty()
    }

    /// The rows in transition: their ids and localities (`None`: a row
    /// without one).
    pub fn transitional(&self) -> &[(String, Option<Locality>)] {
        &self.in_transition
    }

    /// How many rows live in `at`.
    pub fn rows_in(&self, at: Locality) -> usize {
        self.per_locality
            .iter()
            .filter(|(l, _)| *l == Some(at))
            .map(|(_, n)| n)
            .sum()
    }

    /// The locality of the row `id`, when it is a row of this table (a walk
    /// of the rows: for the few rows with a mutation in flight).
    pub fn locality_of(&self, id: &str) -> Option<Option<Locality>> {
        self.rows
            .iter()
            .find(|r| r.id() == id)
            .map(|r| r.locality())
    }

    /// Whether a transitional row is on screen (its spinner needs ticks).
    pub fn transitional_on_screen(&self) -> bool {
        self.window(self.offset, self.page)
            .any(|r| r.class() == RowClass::Transitional)
    }

    pub fn sort(&self) -> SortState {
        self.sort
    }

    pub fn filter(&self) -> &str {
        &self.filter
    }

    /// Position of the selection among the shown rows.
    pub fn cursor(&self) -> usize {
        self.cursor
    }

    pub fn offset(&self) -> usize {
        self.offset
    }

    pub fn selected(&self) -> Option<&RowRef> {
        self.view.get(self.cursor).map(|&i| &self.rows[i])
    }

    pub fn selected_id(&self) -> Option<&str> {
        self.selected_id.as_deref()
    }

    /// The number of rows the screen shows at once (from the layout), so paging
    /// and scrolling match what is drawn.
    pub fn set_page(&mut self, rows: usize) {
        self.page = rows.max(1);
        self.scroll_into_view();
    }

    pub fn page(&self) -> usize {
        self.page
    }

    pub fn cycle_sort(&mut self) {
        if !self.columns.is_empty() {
            self.sort.column = (self.sort.column + 1) % self.columns.len();
            self.sort.descending = false;
            self.sort_changed();
        }
    }

    pub fn reverse_sort(&mut self) {
        self.sort.descending = !self.sort.descending;
        self.sort_changed();
    }

    pub fn set_sort(&mut self, sort: SortState) {
        self.sort = sort;
        self.sort_changed();
    }

    /// Shows `column` too, at the right, unless it is shown; its index
    /// (`:sort price` on a tab whose columns leave PRICE out).
    pub fn show_column(&mut self, column: Column) -> usize {
        if let Some(i) = self.columns.iter().position(|c| c.id == column.id) {
            return i;
        }
        self.columns.push(column);
        // The filter matches the cells shown: the new one too.
        self.search_text = Vec::new();
        self.columns.len() - 1
    }

    pub fn set_filter(&mut self, filter: &str) {
        self.filter = filter.to_string();
        self.reparse();
    }

    pub fn push_filter(&mut self, c: char) {
        self.filter.push(c);
        self.reparse();
    }

    pub fn pop_filter(&mut self) {
        self.filter.pop();
        self.reparse();
    }

    /// The filter changed: parse it once, then filter.
    fn reparse(&mut self) {
        self.query = Query::parse(&self.filter, &self.fields);
        self.refilter();
    }

    pub fn move_by(&mut self, delta: isize) {
        if self.view.is_empty() {
            return;
        }
        let last = self.view.len() - 1;
        self.cursor = self.cursor.saturating_add_signed(delta).min(last);
        self.after_move();
    }

    pub fn page_by(&mut self, pages: isize) {
        self.move_by(pages.saturating_mul(self.page as isize));
    }

    pub fn top(&mut self) {
        self.cursor = 0;
        self.after_move();
    }

    pub fn bottom(&mut self) {
        self.cursor = self.view.len().saturating_sub(1);
        self.after_move();
    }

    /// Selects the row with `id` if it is shown.
    pub fn select_id(&mut self, id: &str) -> bool {
        match self.view.iter().position(|&i| self.rows[i].id() == id) {
            Some(pos) => {
                self.cursor = pos;
                self.after_move();
                true
            }
            None => false,
        }
    }

    fn after_move(&mut self) {
        self.chosen = true;
        self.selected_id = self.selected().map(|r| r.id().to_string());
        self.scroll_into_view();
    }

    fn scroll_into_view(&mut self) {
        if self.cursor < self.offset {
            self.offset = self.cursor;
        } else if self.cursor >= self.offset + self.page {
            self.offset = self.cursor + 1 - self.page;
        }
        let max_offset = self.view.len().saturating_sub(self.page);
        self.offset = self.offset.min(max_offset);
    }

    /// Sorts again, keeping the selected row on the screen line it was on
    /// (reversing a long list must not leave the user looking elsewhere).
    fn resort(&mut self) {
        self.resort_keeping(None);
    }

    /// The sort changed, the rows did not: the selected row is known by its
    /// index, so it is found again without comparing every row's id.
    fn sort_changed(&mut self) {
        let selected = self.view.get(self.cursor).copied();
        self.resort_keeping(selected);
    }

    /// [`Self::resort`], with the index of the selected row when known.
    fn resort_keeping(&mut self, selected: Option<usize>) {
        let line = self.cursor.saturating_sub(self.offset);
        self.sort_rows();
        self.refilter_keeping(selected);
        self.offset = self.cursor.saturating_sub(line);
        self.scroll_into_view();
    }

    /// Orders the rows by the sort column: keys are built for that column
    /// only, once per sort (none kept between sorts), and compared with what
    /// breaks ties inline, so no comparison calls back into a row.
    fn sort_rows(&mut self) {
        let Some(column) = self.columns.get(self.sort.column) else {
            self.sorted = (0..self.rows.len()).collect();
            return;
        };
        let places = place_ranks(&self.per_locality);
        let mut entries: Vec<SortEntry> = self
            .rows
            .iter()
            .zip(&self.localities)
            .enumerate()
            .map(|(row, (r, at))| {
                let key = r.sort_key(column.id);
                SortEntry {
                    text_head: match &key {
                        SortKey::Text(text) => head(text),
                        _ => 0,
                    },
                    key,
                    place: places.iter().position(|p| p == at).unwrap_or(0),
                    id_head: head(r.id()),
                    row,
                }
            })
            .collect();
        let descending = self.sort.descending;
        let rows = &self.rows;
        // Every entry differs (the row index last), so an unstable sort
        // gives exactly the stable order.
        entries.sort_unstable_by(|a, b| a.order(b, descending, rows));
        // A new vector: collected from `entries` in place, the indices would
        // keep the entries' buffer, eight times their size (6 MB at 100,000
        // rows), for as long as the order is held.
        let mut sorted = Vec::with_capacity(entries.len());
        sorted.extend(entries.iter().map(|e| e.row));
        self.sorted = sorted;
    }

    fn refilter(&mut self) {
        self.refilter_keeping(None);
    }

    /// Filters the sorted rows; `selected` is the index of the selected row
    /// when the caller knows it.
    fn refilter_keeping(&mut self, selected: Option<usize>) {
        self.view = if self.query.is_empty() {
            self.sorted.clone()
        } else {
            if self.query.has_text() && self.search_text.len() != self.rows.len() {
                self.search_text = self.rows.iter().map(|r| self.joined_cells(r)).collect();
            }
            let wanted: Vec<&'static str> = self.query.columns().collect();
            for column in wanted {
                if !self.field_text.iter().any(|(c, _)| *c == column) {
                    let cells = self.rows.iter().map(|r| r.cell(column).to_lowercase());
                    self.field_text.push((column, cells.collect()));
                }
            }
            let (query, text, rows) = (&self.query, &self.search_text, &self.rows);
            let (columns, fields) = (&self.columns, &self.field_text);
            // A needle holding `SEP` would match across two cells in the
            // joined text: it is matched cell by cell.
            let contains = |i: usize, needle: &str| {
                if needle.contains(SEP) {
                    columns
                        .iter()
                        .any(|c| rows[i].cell(c.id).to_lowercase().contains(needle))
                } else {
                    text[i].contains(needle)
                }
            };
            let cell = |i: usize, column: &'static str| {
                fields
                    .iter()
                    .find(|(c, _)| *c == column)
                    .map_or("", |(_, cells)| cells[i].as_str())
            };
            self.sorted
                .iter()
                .copied()
                .filter(|&i| query.matches(|needle| contains(i, needle), |c| cell(i, c)))
                .collect()
        };
        self.reselect(selected);
    }

    /// The row's cells, lower-cased, separated by `SEP` (or the row's own
    /// search text).
    fn joined_cells(&self, row: &RowRef) -> String {
        if let Some(text) = row.search_text() {
            return text;
        }
        let mut text = String::new();
        for (n, c) in self.columns.iter().enumerate() {
            if n > 0 {
                text.push(SEP);
            }
            text.push_str(&row.cell(c.id).to_lowercase());
        }
        text
    }

    /// Puts the cursor back on the selected id, or keeps its position clamped.
    /// `known`: the index of the row that had the selection, when known (a
    /// sort change): looked for by index rather than by every row's id.
    fn reselect(&mut self, known: Option<usize>) {
        let found = self
            .selected_id
            .as_deref()
            .filter(|_| self.chosen)
            .and_then(|id| {
                let known = known.filter(|&i| self.rows.get(i).is_some_and(|r| r.id() == id));
                match known {
                    Some(row) => self.view.iter().position(|&i| i == row),
                    None => self.view.iter().position(|&i| self.rows[i].id() == id),
                }
            });
        self.cursor = match found {
            Some(pos) => pos,
            None => self.cursor.min(self.view.len().saturating_sub(1)),
        };
        if found.is_none() {
            self.selected_id = self.selected().map(|r| r.id().to_string());
        }
        self.scroll_into_view();
    }
}

/// One row in a sort: its key for the sort column, then what orders rows
/// whose keys are equal (zone or region, then id), held inline so a
/// comparison reads this entry only.
struct SortEntry {
    key: SortKey,
    /// The first bytes of a text key ([`head`]): most comparisons end there.
    text_head: u64,
    /// The row's zone (or region) among the table's, in name order.
    place: usize,
    /// The first bytes of the row's id ([`head`]).
    id_head: u64,
    row: usize,
}

impl SortEntry {
    /// Keys ascending, or descending when asked; empty keys last either
    /// way; ties by zone, then id, the same in both directions; then the
    /// rows' order (the order the stable sort of old kept).
    fn order(&self, other: &SortEntry, descending: bool, rows: &[RowRef]) -> Ordering {
        let by_key = match (&self.key, &other.key) {
            (SortKey::Text(a), SortKey::Text(b)) => {
                self.text_head.cmp(&other.text_head).then_with(|| a.cmp(b))
            }
            (a, b) => a.compare(b),
        };
        let either_missing =
            matches!(self.key, SortKey::Missing) || matches!(other.key, SortKey::Missing);
        let by_key = if descending && !either_missing {
            by_key.reverse()
        } else {
            by_key
        };
        by_key
            .then(self.place.cmp(&other.place))
            .then(self.id_head.cmp(&other.id_head))
            .then_with(|| rows[self.row].id().cmp(rows[other.row].id()))
            .then(self.row.cmp(&other.row))
    }
}

/// The first 8 bytes of `text` as a big-endian number, zero-padded: two
/// texts whose heads differ compare as their heads do; equal heads need
/// the whole texts.
fn head(text: &str) -> u64 {
    let mut bytes = [0u8; 8];
    let n = text.len().min(8);
    bytes[..n].copy_from_slice(&text.as_bytes()[..n]);
    u64::from_be_bytes(bytes)
}

/// The table's localities in the order their names sort (`None` first, as
/// the empty name): a row's place among them orders ties.
fn place_ranks(per_locality: &[(Option<Locality>, usize)]) -> Vec<Option<Locality>> {
    let mut places: Vec<Option<Locality>> = per_locality.iter().map(|(at, _)| *at).collect();
    places.sort_by_key(|at| at.map_or("", Locality::as_str));
    places
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    /// A plain row for tests: cells by column id.
    pub struct TestRow {
        pub id: String,
        pub cells: Vec<(&'static str, String)>,
        pub class: RowClass,
    }

    impl TableRow for TestRow {
        fn id(&self) -> &str {
            &self.id
        }
        fn name(&self) -> Cow<'_, str> {
            self.cell("name")
        }
        fn cell(&self, column: &str) -> Cow<'_, str> {
            self.cells
                .iter()
                .find(|(c, _)| *c == column)
                .map(|(_, v)| Cow::Borrowed(v.as_str()))
                .unwrap_or(Cow::Borrowed(""))
        }
        fn class(&self) -> RowClass {
            self.class
        }
    }

    fn row(id: &str, name: &str, size: &str) -> RowRef {
        Arc::new(TestRow {
            id: id.into(),
            cells: vec![("name", name.into()), ("size", size.into())],
            class: RowClass::Neutral,
        })
    }

    #[test]
    fn the_cursor_stays_on_top_while_rows_arrive_until_the_user_moves() {
        let mut t = TableModel::new(vec![Column::new("name", "NAME", 10, 0)]);
        // The second zone answers first, then the first zone's rows sort above.
        t.set_rows(vec![row("b1", "nl-web", "1")]);
        t.set_rows(vec![row("a1", "fr-db", "1"), row("b1", "nl-web", "1")]);
        assert_eq!(t.selected_id(), Some("a1"));
        // Once the user chose a row, it is followed wherever it sorts.
        t.move_by(1);
        assert_eq!(t.selected_id(), Some("b1"));
        t.set_rows(vec![
            row("a0", "ams-api", "1"),
            row("a1", "fr-db", "1"),
            row("b1", "nl-web", "1"),
        ]);
        assert_eq!(t.selected_id(), Some("b1"));
        // Another zone: the table starts over, on its top row again.
        t.clear();
        t.set_rows(vec![row("c1", "waw-db", "1")]);
        t.set_rows(vec![row("a1", "fr-db", "1"), row("c1", "waw-db", "1")]);
        assert_eq!(t.selected_id(), Some("a1"));
    }

    fn model() -> TableModel {
        let mut t = TableModel::new(vec![
            Column::new("name", "NAME", 10, 0),
            Column::new("size", "SIZE", 5, 1),
        ]);
        t.set_rows(vec![
            row("a", "web", "3"),
            row("b", "db", "1"),
            row("c", "Worker", "2"),
        ]);
        t
    }

    fn names(t: &TableModel) -> Vec<String> {
        t.window(0, 100)
            .map(|r| r.cell("name").into_owned())
            .collect()
    }

    /// The order of 100,000 rows is held for as long as they are: it must
    /// take a word a row, not the buffer its sort keys were built in.
    #[test]
    fn the_order_kept_takes_no_more_than_a_word_a_row() {
        let mut t = model();
        let rows: Vec<RowRef> = (0..1000)
            .map(|i| row(&format!("r{i}"), &format!("n{i}"), "1"))
            .collect();
        t.set_rows(rows);
        t.reverse_sort();
        assert_eq!(t.sorted.len(), 1000);
        assert!(t.sorted.capacity() <= 1000, "{}", t.sorted.capacity());
    }

    #[test]
    fn sorts_by_column_and_reverses() {
        let mut t = model();
        assert_eq!(names(&t), ["db", "web", "Worker"]);
        t.reverse_sort();
        assert_eq!(names(&t), ["Worker", "web", "db"]);
        t.cycle_sort();
        assert_eq!(names(&t), ["db", "Worker", "web"]);
    }

    #[test]
    fn filter_is_case_insensitive_over_cells() {
        let mut t = model();
        t.set_filter("WOR");
        assert_eq!(names(&t), ["Worker"]);
        t.set_filter("2");
        assert_eq!(names(&t), ["Worker"]);
        t.set_filter("");
        assert_eq!(t.shown(), 3);
    }

    #[test]
    fn filter_reads_the_new_rows_and_never_spans_two_cells() {
        let mut t = model();
        t.set_filter("e");
        assert_eq!(names(&t), ["web", "Worker"]);
        // New data while filtering: the cached search text is not reused.
        t.set_rows(vec![row("d", "edge", "7"), row("a", "db-2", "3")]);
        assert_eq!(names(&t), ["edge"]);
        t.push_filter('d');
        assert_eq!(names(&t), ["edge"]);
        t.clear();
        t.set_rows(vec![row("e", "cache", "1")]);
        assert_eq!(t.shown(), 0, "\"ed\" is not in cache");
        // "cache" + "1" are two cells: no match across them.
        t.set_filter("e\u{0}1");
        assert_eq!(t.shown(), 0);
        t.set_filter("he");
        assert_eq!(names(&t), ["cache"]);
    }

    #[test]
    fn field_terms_read_the_new_rows() {
        let tagged = |id: &str, tags: &str| -> RowRef {
            Arc::new(TestRow {
                id: id.into(),
                cells: vec![("name", id.into()), ("tags", tags.into())],
                class: RowClass::Neutral,
            })
        };
        let mut t = TableModel::new(vec![Column::new("name", "NAME", 10, 0)]).with_catalogue(&[
            Column::new("name", "NAME", 10, 0),
            Column::new("tags", "TAGS", 10, 1),
        ]);
        t.set_rows(vec![tagged("a", "staging"), tagged("b", "prod")]);
        // The tags column is not shown: the term reads it all the same.
        t.set_filter("tag:staging");
        assert_eq!(names(&t), ["a"]);
        // New data: the cached cells are not reused.
        t.set_rows(vec![tagged("a", "prod"), tagged("b", "Staging,web")]);
        assert_eq!(names(&t), ["b"]);
        t.set_filter("!tag:staging");
        assert_eq!(names(&t), ["a"]);
    }

    #[test]
    fn selection_follows_the_id_across_refresh() {
        let mut t = model();
        assert!(t.select_id("a"));
        t.set_rows(vec![
            row("z", "aaa", "9"),
            row("a", "web", "3"),
            row("b", "db", "1"),
        ]);
        assert_eq!(t.selected_id(), Some("a"));
        assert_eq!(
            t.selected().map(|r| r.name().into_owned()),
            Some("web".into())
        );
        // When the row is gone, the cursor keeps its position (clamped): it was
        // third of [aaa, db, web] and is now last of [aaa, db].
        t.set_rows(vec![row("b", "db", "1"), row("z", "aaa", "9")]);
        assert_eq!(t.selected_id(), Some("b"));
    }

    #[test]
    fn scrolling_keeps_the_cursor_visible() {
        let mut t = TableModel::new(vec![Column::new("name", "NAME", 10, 0)]);
        t.set_rows(
            (0..1000)
                .map(|i| row(&i.to_string(), &format!("{i:04}"), ""))
                .collect(),
        );
        t.set_page(10);
        t.bottom();
        assert_eq!(t.offset(), 990);
        t.page_by(-1);
        assert_eq!(t.cursor(), 989);
        t.top();
        assert_eq!(t.offset(), 0);
        t.move_by(15);
        assert_eq!(t.offset(), 6);
    }

    /// A row with a zone and a sort key of its own.
    struct Keyed {
        id: &'static str,
        zone: crate::api::locality::Zone,
        key: SortKey,
    }

    impl TableRow for Keyed {
        fn id(&self) -> &str {
            self.id
        }
        fn name(&self) -> Cow<'_, str> {
            Cow::Borrowed(self.id)
        }
        fn cell(&self, _column: &str) -> Cow<'_, str> {
            Cow::Borrowed(self.id)
        }
        fn sort_key(&self, _column: &str) -> SortKey {
            self.key.clone()
        }
        fn locality(&self) -> Option<Locality> {
            Some(Locality::Zone(self.zone))
        }
    }

    fn ids(t: &TableModel) -> Vec<String> {
        t.window(0, 100).map(|r| r.id().to_string()).collect()
    }

    #[test]
    fn ties_sort_by_zone_then_id_in_both_directions() {
        use crate::api::locality::Zone;
        let keyed = |id, zone, n: f64| -> RowRef {
            Arc::new(Keyed {
                id,
                zone,
                key: SortKey::Number(n),
            })
        };
        let mut t = TableModel::new(vec![Column::new("size", "SIZE", 5, 0)]);
        t.set_rows(vec![
            keyed("b", Zone::FrPar2, 20.0),
            keyed("c", Zone::FrPar1, 20.0),
            keyed("a", Zone::FrPar2, 20.0),
            keyed("big", Zone::NlAms1, 500.0),
        ]);
        assert_eq!(ids(&t), ["c", "a", "b", "big"]);
        t.reverse_sort();
        assert_eq!(ids(&t), ["big", "c", "a", "b"]);
    }

    #[test]
    fn addresses_sort_by_value_and_empty_cells_last() {
        use crate::api::locality::Zone;
        let ip = |id, text: &str| -> RowRef {
            Arc::new(Keyed {
                id,
                zone: Zone::FrPar1,
                key: SortKey::ip(text),
            })
        };
        let mut t = TableModel::new(vec![Column::new("ip", "IP", 5, 0)]);
        t.set_rows(vec![
            ip("ten", "10.0.0.1"),
            ip("none", ""),
            ip("v6", "2001:db8::1"),
            ip("nine", "9.9.9.9"),
            ip("subnet", "172.16.8.0/22,fd46:78ab::/64"),
        ]);
        assert_eq!(ids(&t), ["nine", "ten", "subnet", "v6", "none"]);
        t.reverse_sort();
        assert_eq!(ids(&t), ["v6", "subnet", "ten", "nine", "none"]);
        assert_eq!(SortKey::text(""), SortKey::Missing);
    }

    #[test]
    fn reversing_keeps_the_selected_row_on_its_screen_line() {
        // 43 volumes, a 13-row page: the selected row is the 11th on screen.
        let mut t = TableModel::new(vec![Column::new("name", "NAME", 10, 0)]);
        t.set_rows(
            (0..43)
                .map(|i| row(&i.to_string(), &format!("{i:02}"), ""))
                .collect(),
        );
        t.set_page(13);
        t.move_by(10);
        assert_eq!((t.cursor(), t.offset()), (10, 0));
        t.reverse_sort();
        assert_eq!(t.selected_id(), Some("10"));
        assert_eq!((t.cursor(), t.offset()), (32, 22), "still the 11th line");
        t.reverse_sort();
        assert_eq!((t.cursor(), t.offset()), (10, 0), "back where it was");
        // At the end, the line is kept as far as the rows allow.
        t.bottom();
        t.move_by(-1);
        assert_eq!((t.cursor(), t.offset()), (41, 30));
        t.reverse_sort();
        assert_eq!((t.cursor(), t.offset()), (1, 0));
        assert!(t.cursor() >= t.offset() && t.cursor() < t.offset() + t.page());
    }

    /// The rows of the window as the test built them (the same `Arc`s).
    fn order_of(t: &TableModel, built: &[RowRef]) -> Vec<usize> {
        t.window(0, usize::MAX)
            .map(|r| {
                built
                    .iter()
                    .position(|b| Arc::ptr_eq(b, r))
                    .unwrap_or(usize::MAX)
            })
            .collect()
    }

    #[test]
    fn text_sorts_case_insensitively_by_the_whole_text() {
        // Five names share their first 8 bytes ("web-serv"), one is that
        // prefix alone; upper case sorts with lower case; UTF-8 by bytes.
        let names = [
            "web-server-b",
            "WEB-SERVER-A",
            "web-serv",
            "web-server-a2",
            "Web-Sers",
            "éclair",
            "zeta",
        ];
        let rows: Vec<RowRef> = names
            .iter()
            .enumerate()
            .map(|(i, n)| row(&i.to_string(), n, ""))
            .collect();
        let mut t = TableModel::new(vec![Column::new("name", "NAME", 10, 0)]);
        t.set_rows(rows.clone());
        let shown = |t: &TableModel| -> Vec<&str> {
            order_of(t, &rows).into_iter().map(|i| names[i]).collect()
        };
        let ascending = [
            "Web-Sers",
            "web-serv",
            "WEB-SERVER-A",
            "web-server-a2",
            "web-server-b",
            "zeta",
            "éclair",
        ];
        assert_eq!(shown(&t), ascending);
        t.reverse_sort();
        let descending: Vec<&str> = ascending.iter().rev().copied().collect();
        assert_eq!(shown(&t), descending);
    }

    fn keyed(id: &'static str, key: SortKey) -> RowRef {
        Arc::new(Keyed {
            id,
            zone: crate::api::locality::Zone::FrPar1,
            key,
        })
    }

    #[test]
    fn numbers_sort_as_numbers_and_empty_last() {
        let mut t = TableModel::new(vec![Column::new("size", "SIZE", 5, 0)]);
        t.set_rows(vec![
            keyed("ten", SortKey::Number(10.0)),
            keyed("none", SortKey::Missing),
            keyed("nine", SortKey::Number(9.0)),
            keyed("hundred", SortKey::Number(100.0)),
            keyed("minus", SortKey::Number(-1.5)),
        ]);
        assert_eq!(ids(&t), ["minus", "nine", "ten", "hundred", "none"]);
        t.reverse_sort();
        assert_eq!(ids(&t), ["hundred", "ten", "nine", "minus", "none"]);
    }

    #[test]
    fn dates_sort_by_instant_whatever_their_offset() {
        use crate::app::rows::instant;
        let mut t = TableModel::new(vec![Column::new("created", "CREATED", 5, 0)]);
        t.set_rows(vec![
            keyed("nine", instant("2025-01-01T09:00:00Z")),
            keyed("blank", instant("")),
            keyed("eight", instant("2025-01-01T10:00:00+02:00")),
            keyed("text", instant("not a date")),
            keyed("half-past", instant("2025-01-01T08:30:00.5Z")),
        ]);
        assert_eq!(ids(&t), ["eight", "half-past", "nine", "text", "blank"]);
        t.reverse_sort();
        assert_eq!(ids(&t), ["text", "nine", "half-past", "eight", "blank"]);
    }

    #[test]
    fn ties_read_the_whole_id_and_rows_without_a_zone_come_first() {
        // Ids that share their first 8 bytes; one row has no zone (a plain
        // row's key is its NAME cell, the same text).
        let same = || SortKey::text("same");
        let no_zone = Arc::new(TestRow {
            id: "zz".into(),
            cells: vec![("name", "Same".into())],
            class: RowClass::Neutral,
        }) as RowRef;
        let mut t = TableModel::new(vec![Column::new("name", "NAME", 5, 0)]);
        t.set_rows(vec![
            keyed("00000000-b", same()),
            keyed("00000000-a", same()),
            no_zone,
            keyed("00000000", same()),
        ]);
        let expected = ["zz", "00000000", "00000000-a", "00000000-b"];
        assert_eq!(ids(&t), expected);
        t.reverse_sort();
        assert_eq!(ids(&t), expected, "ties read the same way reversed");
    }

    #[test]
    fn rows_alike_in_key_zone_and_id_keep_their_order() {
        // 300 rows under one id, three names: each name's rows in the
        // order they came, in both directions (as a stable sort leaves them).
        let names = ["b", "a", "c"];
        let rows: Vec<RowRef> = (0..300).map(|i| row("dup", names[i % 3], "")).collect();
        let mut t = TableModel::new(vec![Column::new("name", "NAME", 5, 0)]);
        t.set_rows(rows.clone());
        let of = |name: usize| (0..300).filter(move |i| i % 3 == name);
        let ascending: Vec<usize> = of(1).chain(of(0)).chain(of(2)).collect();
        assert_eq!(order_of(&t, &rows), ascending);
        t.reverse_sort();
        let descending: Vec<usize> = of(2).chain(of(0)).chain(of(1)).collect();
        assert_eq!(order_of(&t, &rows), descending);
    }

    #[test]
    fn a_sort_change_keeps_the_chosen_row_selected() {
        let mut t = model();
        assert!(t.select_id("a"));
        for _ in 0..5 {
            t.cycle_sort();
            assert_eq!(t.selected_id(), Some("a"));
            assert_eq!(t.selected().map(|r| r.id().to_string()), Some("a".into()));
            t.reverse_sort();
            assert_eq!(t.selected().map(|r| r.id().to_string()), Some("a".into()));
        }
        // By name: [db, web, Worker] reversed is [Worker, web, db]: "a" (web)
        // stays in the middle, where the cursor now is.
        t.set_sort(SortState {
            column: 0,
            descending: true,
        });
        assert_eq!((t.cursor(), t.selected_id()), (1, Some("a")));
    }
}
