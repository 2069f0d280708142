//! Filter terms, so a filter can select a fleet: `/` takes `tag:staging`,
//! `state:stopped`, `zone:nl-ams-1`, `region:fr-par`, `type:DEV1-S` and
//! `name:web` beside plain words; `!` before a term negates it; every term
//! must hold (AND). The text is parsed once per filter change into a
//! [`Query`] that the table applies to each row (`TableModel::refilter`),
//! so a frame never parses anything.
//!
//! A term names a field; which cell answers it comes from the kind's column
//! catalogue ([`Fields`]). A term the kind does not have (`type:` on volumes)
//! is a [`Problem`] the screen states, and the filter then shows no row
//! rather than rows that ignore what was asked.

use std::borrow::Cow;

use super::table::{Column, TableRow};

/// A field a term can test.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Field {
    Name,
    Tag,
    State,
    Zone,
    Region,
    Type,
    /// The kind of resource a row names (the events view).
    Kind,
}

impl Field {
    pub const ALL: [Field; 7] = [
        Field::Name,
        Field::Tag,
        Field::State,
        Field::Zone,
        Field::Region,
        Field::Type,
        Field::Kind,
    ];

    /// The word before the colon (`tag` in `tag:prod`).
    pub fn word(self) -> &'static str {
        match self {
            Field::Name => "name",
            Field::Tag => "tag",
            Field::State => "state",
            Field::Zone => "zone",
            Field::Region => "region",
            Field::Type => "type",
            Field::Kind => "kind",
        }
    }

    fn from_word(word: &str) -> Option<Field> {
        Field::ALL
            .into_iter()
            .find(|f| f.word().eq_ignore_ascii_case(word))
    }
}

/// The filter syntax, one example and what it selects per line: the help
/// overlay and the README show these.
pub const SYNTAX: &[(&str, &str)] = &[
    ("web", "any shown cell contains \"web\""),
    ("name:web", "the name contains \"web\""),
    ("tag:staging", "one tag is \"staging\""),
    ("state:stopped", "the state is exactly \"stopped\""),
    ("zone:nl-ams-1", "in that zone"),
    ("region:fr-par", "in that region (or its zones)"),
    ("type:DEV1-S", "commercial type (servers)"),
    ("kind:volume", "the kind of resource (events)"),
    ("!tag:prod", "! negates a term"),
    ("tag:web* a b", "* is a wildcard; terms are ANDed"),
];

/// The one-line reminder the filter prompt shows.
pub const PROMPT_HINT: &str = "name: tag: state: zone: region: type: · ! not · * any";

/// Which cell (column id) answers each field on one kind.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Fields {
    name: Option<&'static str>,
    tag: Option<&'static str>,
    state: Option<&'static str>,
    zone: Option<&'static str>,
    region: Option<&'static str>,
    kind: Option<&'static str>,
    noun: Option<&'static str>,
}

impl Fields {
    /// From a kind's column catalogue: `name`, `tags`, the state column,
    /// `zone`, `region`, `type`. A zoned kind answers `region:` from its zone.
    pub fn from_columns(columns: &[Column]) -> Fields {
        let has = |id: &'static str| columns.iter().any(|c| c.id == id).then_some(id);
        Fields {
            name: has("name"),
            tag: has("tags"),
            state: columns.iter().find(|c| c.is_state).map(|c| c.id),
            zone: has("zone"),
            region: has("region").or(has("zone")),
            kind: has("type"),
            noun: has("kind"),
        }
    }

    fn column(&self, field: Field) -> Option<&'static str> {
        match field {
            Field::Name => self.name,
            Field::Tag => self.tag,
            Field::State => self.state,
            Field::Zone => self.zone,
            Field::Region => self.region,
            Field::Type => self.kind,
            Field::Kind => self.noun,
        }
    }

    /// The fields this kind has, in syntax order.
    pub fn available(&self) -> Vec<Field> {
        Field::ALL
            .into_iter()
            .filter(|f| self.column(*f).is_some())
            .collect()
    }
}

/// A term the kind cannot answer: the screen says so.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    pub field: Field,
    /// The fields the kind does have.
    pub available: Vec<Field>,
}

impl Problem {
    /// "volumes have no type: (terms here: name: tag: state: zone: region:)";
    /// `what` is the tab's title in lower case.
    pub fn describe(&self, what: &str) -> String {
        let here: Vec<String> = self
            .available
            .iter()
            .map(|f| format!("{}:", f.word()))
            .collect();
        let mut text = format!("{what} have no {}:", self.field.word());
        if self.field == Field::Zone && self.available.contains(&Field::Region) {
            text.push_str(", they are regional: use region:");
        }
        format!("{text} (terms here: {})", here.join(" "))
    }
}

/// How a value is compared (both sides lower case).
#[derive(Debug, Clone, PartialEq, Eq)]
enum Pattern {
    /// The whole value, exactly.
    Exact(String),
    /// Anywhere in the value.
    Contains(String),
    /// `*` matches any run of characters: the pieces between the stars.
    Glob(Vec<String>),
}

impl Pattern {
    fn new(value: &str, contains: bool) -> Pattern {
        let value = value.to_lowercase();
        if value.contains('*') {
            Pattern::Glob(value.split('*').map(str::to_string).collect())
        } else if contains {
            Pattern::Contains(value)
        } else {
            Pattern::Exact(value)
        }
    }

    /// `text` is already lower case.
    fn matches(&self, text: &str) -> bool {
        match self {
            Pattern::Exact(v) => text == v,
            Pattern::Contains(v) => text.contains(v.as_str()),
            Pattern::Glob(pieces) => glob(pieces, text),
        }
    }
}

/// Whether `text` is `pieces` joined by runs of any characters.
fn glob(pieces: &[String], text: &str) -> bool {
    let Some((first, rest)) = pieces.split_first() else {
        return text.is_empty();
    };
    let Some(mut left) = text.strip_prefix(first.as_str()) else {
        return false;
    };
    let Some((last, middle)) = rest.split_last() else {
        return left.is_empty();
    };
    for piece in middle {
        match left.find(piece.as_str()) {
            Some(at) => left = &left[at + piece.len()..],
            None => return false,
        }
    }
    left.len() >= last.len() && left.ends_with(last.as_str())
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum Test {
    /// A plain word: any shown cell contains it (lower case).
    Text(String),
    Field {
        field: Field,
        column: &'static str,
        pattern: Pattern,
    },
}

#[derive(Debug, Clone, PartialEq, Eq)]
struct Term {
    negate: bool,
    test: Test,
}

/// A parsed filter: every term must hold.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Query {
    terms: Vec<Term>,
    problem: Option<Problem>,
}

impl Query {
    /// Parses `text` for a kind with `fields`. Words are split on spaces
    /// (`"..."` keeps spaces in one); a field word followed by `:` makes a
    /// term, anything else (an IPv6 address too) is a plain word. A term
    /// still being typed (`tag:`, a lone `!`) is left out until it has a
    /// value.
    pub fn parse(text: &str, fields: &Fields) -> Query {
        let mut query = Query::default();
        for word in words(text) {
            let (negate, word) = match word.strip_prefix('!') {
                Some(rest) => (true, rest),
                None => (false, word.as_str()),
            };
            let field = word
                .split_once(':')
                .and_then(|(f, v)| Some((Field::from_word(f)?, v)));
            let test = match field {
                Some((_, "")) => continue,
                Some((field, value)) => match fields.column(field) {
                    Some(column) => {
                        // States are shown with spaces ("stopped in place").
                        let value = match field {
                            Field::State => value.replace('_', " "),
                            _ => value.to_string(),
                        };
                        Test::Field {
                            field,
                            column,
                            pattern: Pattern::new(&value, field == Field::Name),
                        }
                    }
                    None => {
                        query.problem.get_or_insert(Problem {
                            field,
                            available: fields.available(),
                        });
                        continue;
                    }
                },
                None if word.is_empty() => continue,
                None => Test::Text(word.to_lowercase()),
            };
            query.terms.push(Term { negate, test });
        }
        query
    }

    /// Nothing to test: every row passes.
    pub fn is_empty(&self) -> bool {
        self.terms.is_empty() && self.problem.is_none()
    }

    /// A term this kind cannot answer (then no row passes).
    pub fn problem(&self) -> Option<&Problem> {
        self.problem.as_ref()
    }

    /// Whether a plain word needs the rows' joined cells.
    pub fn has_text(&self) -> bool {
        self.terms.iter().any(|t| matches!(t.test, Test::Text(_)))
    }

    /// The columns whose cells the field terms read.
    pub fn columns(&self) -> impl Iterator<Item = &'static str> + '_ {
        self.terms.iter().filter_map(|t| match t.test {
            Test::Field { column, .. } => Some(column),
            Test::Text(_) => None,
        })
    }

    /// Whether a row passes: `text(needle)` says whether one of its shown
    /// cells contains the lower-case `needle`, `cell(column)` is its cell in
    /// lower case (the table caches both, so a keystroke allocates nothing
    /// per row).
    pub fn matches<'a>(
        &self,
        text: impl Fn(&str) -> bool,
        cell: impl Fn(&'static str) -> &'a str,
    ) -> bool {
        if self.problem.is_some() {
            return false;
        }
        self.terms.iter().all(|term| {
            let hit = match &term.test {
                Test::Text(needle) => text(needle),
                Test::Field {
                    field,
                    column,
                    pattern,
                } => field_matches(*field, cell(column), pattern),
            };
            hit != term.negate
        })
    }
}

/// `cell` is in lower case.
fn field_matches(field: Field, cell: &str, pattern: &Pattern) -> bool {
    match field {
        Field::Tag => cell.split(',').any(|tag| pattern.matches(tag.trim())),
        Field::State => pattern.matches(state_word(cell)),
        // A zoned kind's region is its zone's: fr-par-1 is in fr-par.
        Field::Region => pattern.matches(cell) || pattern.matches(region_of_zone(cell)),
        Field::Name | Field::Zone | Field::Type | Field::Kind => pattern.matches(cell),
    }
}

/// The state a state cell names, without the note a row may add to it
/// ("running (nic syncing)" is running).
pub fn state_word(cell: &str) -> &str {
    cell.split_once(" (")
        .map_or(cell, |(state, _)| state)
        .trim()
}

/// `fr-par` of `fr-par-1`; a region name is returned as it is.
fn region_of_zone(zone: &str) -> &str {
    match zone.rsplit_once('-') {
        Some((region, n)) if !n.is_empty() && n.chars().all(|c| c.is_ascii_digit()) => region,
        _ => zone,
    }
}

/// The words of a filter: split on whitespace; a `"` starts or ends a run
/// where spaces belong to the word (the quotes themselves are dropped).
fn words(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut word = String::new();
    let mut quoted = false;
    for c in text.chars() {
        match c {
            '"' => quoted = !quoted,
            c if c.is_whitespace() && !quoted => {
                if !word.is_empty() {
                    out.push(std::mem::take(&mut word));
                }
            }
            c => word.push(c),
        }
    }
    if !word.is_empty() {
        out.push(word);
    }
    out
}

/// Sets the current tab's filter to `text` (`:filter tag:prod` in command
/// mode; the same as typing it after `/`).
pub fn set(state: &mut super::State, text: &str) {
    let tab = state.tab;
    state.table_mut(tab).set_filter(text);
    state.dirty = true;
}

/// The cell of `row` a field reads, for a caller outside the table (the
/// bulk actions read the state this way).
pub fn cell_of<'a>(row: &'a dyn TableRow, fields: &Fields, field: Field) -> Cow<'a, str> {
    match fields.column(field) {
        Some(column) => row.cell(column),
        None => Cow::Borrowed(""),
    }
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use super::*;
    use crate::app::table::tests::TestRow;
    use crate::theme::RowClass;

    fn server_fields() -> Fields {
        Fields::from_columns(&crate::app::Tab::Servers.catalogue())
    }

    fn server(name: &str, state: &str, kind: &str, zone: &str, tags: &str) -> Arc<TestRow> {
        Arc::new(TestRow {
            id: name.into(),
            cells: vec![
                ("name", name.into()),
                ("state", state.into()),
                ("type", kind.into()),
                ("zone", zone.into()),
                ("tags", tags.into()),
            ],
            class: RowClass::Neutral,
        })
    }

    fn passes(filter: &str, row: &TestRow) -> bool {
        let q = Query::parse(filter, &server_fields());
        let lower: Vec<(&str, String)> = ["name", "state", "type", "zone", "tags"]
            .map(|c| (c, row.cell(c).to_lowercase()))
            .into();
        let joined: Vec<&str> = lower.iter().map(|(_, v)| v.as_str()).collect();
        let joined = joined.join("\0");
        let cell = |column: &'static str| {
            lower
                .iter()
                .find(|(c, _)| *c == column)
                .map_or("", |(_, v)| v.as_str())
        };
        q.matches(|needle| joined.contains(needle), cell)
    }

    #[test]
    fn field_terms_select_a_fleet() {
        let web = server(
            "staging-web",
            "running",
            "DEV1-S",
            "fr-par-2",
            "staging,web",
        );
        let db = server("staging-db", "stopped", "DEV1-L", "fr-par-2", "staging,db");
        let prod = server(
            "web-1",
            "stopped in place",
            "PRO2-S",
            "nl-ams-1",
            "prod,web",
        );
        assert!(passes("tag:staging", &web) && passes("tag:staging", &db));
        assert!(!passes("tag:staging", &prod));
        // A tag is matched whole: "stag" is not "staging".
        assert!(!passes("tag:stag", &web));
        assert!(passes("tag:stag*", &web));
        assert!(passes("tag:staging state:stopped", &db));
        assert!(!passes("tag:staging state:stopped", &web));
        // "stopped" is not "stopped in place"; both spellings of the latter work.
        assert!(!passes("state:stopped", &prod));
        assert!(passes("state:stopped_in_place", &prod));
        assert!(passes("state:\"stopped in place\"", &prod));
        assert!(passes("state:stopped*", &prod));
        assert!(passes("zone:NL-AMS-1", &prod));
        assert!(passes("region:nl-ams", &prod) && !passes("region:fr-par", &prod));
        assert!(passes("type:dev1-s", &web) && !passes("type:DEV1", &web));
        assert!(passes("name:web", &web) && passes("name:web", &prod));
        assert!(passes("!tag:prod", &web) && !passes("!tag:prod", &prod));
        assert!(passes("!name:db web", &web));
        assert!(!passes("!web", &web));
        assert!(passes("staging db", &db) && !passes("staging db", &web));
    }

    #[test]
    fn state_notes_do_not_hide_the_state() {
        let row = server("a", "running (nic syncing)", "", "fr-par-1", "");
        assert!(passes("state:running", &row));
        assert_eq!(state_word("running (nic syncing)"), "running");
    }

    #[test]
    fn terms_being_typed_are_left_out_and_other_colons_are_text() {
        let row = server("a", "running", "DEV1-S", "fr-par-1", "x");
        assert!(passes("tag:", &row));
        assert!(passes("!", &row));
        assert!(Query::parse("tag: !", &server_fields()).is_empty());
        // An address or a time is text, not a term.
        let q = Query::parse("fd00::1", &server_fields());
        assert!(q.has_text() && q.problem().is_none());
    }

    #[test]
    fn a_term_the_kind_lacks_is_a_problem_not_an_empty_match() {
        let volumes = Fields::from_columns(&crate::app::Tab::Volumes.catalogue());
        let q = Query::parse("type:DEV1-S", &volumes);
        let p = q.problem().expect("volumes have no type");
        assert_eq!(p.field, Field::Type);
        assert_eq!(
            p.describe("volumes"),
            "volumes have no type: (terms here: name: tag: state: zone: region:)"
        );
        let networks = Fields::from_columns(&crate::app::Tab::PrivateNetworks.catalogue());
        let q = Query::parse("zone:fr-par-1", &networks);
        assert_eq!(
            q.problem().unwrap().describe("private networks"),
            "private networks have no zone:, they are regional: use region: \
             (terms here: name: tag: region:)"
        );
        assert!(!q.matches(|_| true, |_| ""));
    }

    #[test]
    fn globs_anchor_at_both_ends() {
        let g = |p: &str, t: &str| glob(&p.split('*').map(str::to_string).collect::<Vec<_>>(), t);
        assert!(g("web*", "web-1") && !g("web*", "a-web"));
        assert!(g("*web", "a-web") && !g("*web", "web-1"));
        assert!(g("a*b*c", "a-x-b-y-c") && !g("a*b*c", "a-c-b"));
        assert!(g("*", "") && g("ab*ab", "abab") && !g("ab*ab", "aba"));
    }

    #[test]
    fn quotes_keep_spaces_in_one_word() {
        assert_eq!(words("a  \"b c\" d"), ["a", "b c", "d"]);
        assert_eq!(words("name:\"my web"), ["name:my web"]);
    }
}
