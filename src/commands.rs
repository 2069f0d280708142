//! The command line's commands (`:`), as ONE table: each command's name,
//! aliases, argument and help sentence. The parser, the completion, the help
//! overlay's command section and the README's command list are all read from
//! it ([`all`]), so a command cannot exist in one and be missing in another.
//!
//! Tab commands (`:servers`, `:vol`, and the views `:cost`, `:events`...) are
//! not written here: every entry of the kinds registry brings its own names
//! (`About::commands`), so a new tab or view gets its command by being
//! registered.
//!
//! Pure: no state, no I/O. What a parsed command does is
//! `app::modes::command_line`'s job.

use std::borrow::Cow;
use std::collections::BTreeMap;

use crate::api::locality::{Region, RegionScope, Zone, ZoneScope};
use crate::kinds::Tab;

/// What follows a command's name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Arg {
    /// Nothing (`:refresh`).
    None,
    /// A zone or `all` (`:zone nl-ams-1`).
    Zone,
    /// A region or `all` (`:region pl-waw`).
    Region,
    /// A column id or header of the current tab, `-` first for descending.
    Column,
    /// Free text, the rest of the line (`:filter tag:prod`); empty clears.
    Text,
    /// Which rows to mark: `all` or `none`.
    Marks,
}

/// How a command's line becomes a [`Parsed`]: as it is (a command without
/// argument), or with its argument read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Verb {
    Fixed(Parsed),
    Zone,
    Region,
    Sort,
    Filter,
    Mark,
}

/// One command of the table.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Spec {
    pub name: &'static str,
    pub aliases: &'static [&'static str],
    /// The argument as the help writes it (`ZONE|all`), empty without one.
    pub usage: &'static str,
    pub help: Cow<'static, str>,
    pub verb: Verb,
}

impl Spec {
    const fn new(
        name: &'static str,
        aliases: &'static [&'static str],
        usage: &'static str,
        help: &'static str,
        verb: Verb,
    ) -> Spec {
        Spec {
            name,
            aliases,
            usage,
            help: Cow::Borrowed(help),
            verb,
        }
    }

    /// What follows the name (what completion offers).
    pub fn arg(&self) -> Arg {
        match self.verb {
            Verb::Fixed(_) => Arg::None,
            Verb::Zone => Arg::Zone,
            Verb::Region => Arg::Region,
            Verb::Sort => Arg::Column,
            Verb::Filter => Arg::Text,
            Verb::Mark => Arg::Marks,
        }
    }

    /// The name and every alias.
    pub fn names(&self) -> impl Iterator<Item = &'static str> + '_ {
        std::iter::once(self.name).chain(self.aliases.iter().copied())
    }
}

/// The commands that are not tabs, in help order.
const COMMANDS: &[Spec] = &[
    Spec::new(
        "zone",
        &["z"],
        "ZONE|all",
        "show one zone, or every zone",
        Verb::Zone,
    ),
    Spec::new(
        "region",
        &[],
        "REGION|all",
        "go to the region's first zone",
        Verb::Region,
    ),
    Spec::new(
        "sort",
        &[],
        "[-]COLUMN",
        "sort by a column (-: descending)",
        Verb::Sort,
    ),
    Spec::new(
        "filter",
        &["f"],
        "TEXT",
        "filter as / does (empty: clear)",
        Verb::Filter,
    ),
    Spec::new(
        "mark",
        &["m"],
        "all|none",
        "mark the rows shown, or none",
        Verb::Mark,
    ),
    Spec::new(
        "refresh",
        &["r"],
        "",
        "refresh now",
        Verb::Fixed(Parsed::Refresh),
    ),
    Spec::new(
        "pause",
        &[],
        "",
        "pause auto-refresh",
        Verb::Fixed(Parsed::Pause),
    ),
    Spec::new(
        "resume",
        &[],
        "",
        "resume auto-refresh",
        Verb::Fixed(Parsed::Resume),
    ),
    Spec::new(
        "cli",
        &[],
        "",
        "scw command of the last action",
        Verb::Fixed(Parsed::Cli),
    ),
    Spec::new(
        "help",
        &["h"],
        "",
        "the help overlay (keys, commands)",
        Verb::Fixed(Parsed::Help),
    ),
    Spec::new("quit", &["q"], "", "quit", Verb::Fixed(Parsed::Quit)),
];

/// Every command: the tabs of the kinds registry, then [`COMMANDS`].
pub fn all() -> Vec<Spec> {
    let tabs = Tab::ALL.into_iter().filter_map(|tab| {
        let (name, aliases) = tab.about().names.split_first()?;
        Some(Spec {
            name,
            aliases,
            usage: "",
            help: Cow::Owned(format!("the {} tab", tab.title())),
            verb: Verb::Fixed(Parsed::Tab(tab)),
        })
    });
    tabs.chain(COMMANDS.iter().cloned()).collect()
}

/// The command named `word` (a name or an alias).
pub fn find(word: &str) -> Option<Spec> {
    all().into_iter().find(|s| s.names().any(|n| n == word))
}

/// `[aliases]` of config.toml: a word that stands for a command line
/// (`prod = "filter tag:prod"`). Checked at load ([`Aliases::check`]).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Aliases(pub BTreeMap<String, String>);

impl Aliases {
    pub fn get(&self, word: &str) -> Option<&str> {
        self.0.get(word).map(String::as_str)
    }

    /// An alias is one word, never a command's name (it would hide it), and
    /// what it stands for is a command line that parses (no other alias).
    pub fn check(&self) -> Result<(), String> {
        for (name, line) in &self.0 {
            let word_chars = |c: char| c.is_ascii_alphanumeric() || c == '-' || c == '_';
            if name.is_empty() || !name.chars().all(word_chars) {
                return Err(format!(
                    "[aliases] {name:?}: an alias is one word of letters, digits, - and _"
                ));
            }
            if let Some(spec) = find(name) {
                return Err(format!(
                    "[aliases] {name} would hide the command :{}; choose another name",
                    spec.name
                ));
            }
            parse(line, &Aliases::default())
                .map_err(|e| format!("[aliases] {name} = {line:?}: {}", e.message))?;
        }
        Ok(())
    }
}

/// A command line, understood.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Parsed {
    Tab(Tab),
    Zone(ZoneScope),
    Region(RegionScope),
    /// A column as typed (id or header): the current tab decides.
    Sort {
        column: String,
        descending: bool,
    },
    Filter(String),
    /// `true`: mark every row the filter shows; `false`: clear the marks.
    Mark(bool),
    Refresh,
    Pause,
    Resume,
    Help,
    Cli,
    Quit,
}

/// Why a command line cannot run: the message, and the line that was
/// probably meant (offered by Tab).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParseError {
    pub message: String,
    pub suggestion: Option<String>,
}

impl ParseError {
    pub fn new(message: impl Into<String>) -> Self {
        ParseError {
            message: message.into(),
            suggestion: None,
        }
    }
}

/// The command's word and the rest of the line, after a leading `:` and
/// spaces.
fn split(line: &str) -> (&str, &str) {
    let line = line.trim_start().trim_start_matches(':').trim_start();
    match line.split_once(char::is_whitespace) {
        Some((word, rest)) => (word, rest.trim()),
        None => (line, ""),
    }
}

/// Parses `line` (with or without its `:`), `aliases` expanded first.
pub fn parse(line: &str, aliases: &Aliases) -> Result<Parsed, ParseError> {
    let (word, rest) = split(line);
    if word.is_empty() {
        return Err(ParseError::new("type a command; Tab lists them"));
    }
    let lower = word.to_lowercase();
    if let Some(expansion) = aliases.get(&lower) {
        let line = if rest.is_empty() {
            expansion.to_string()
        } else {
            format!("{expansion} {rest}")
        };
        return parse(&line, &Aliases::default());
    }
    let Some(spec) = find(&lower) else {
        let names = all()
            .iter()
            .flat_map(|s| s.names().map(str::to_string).collect::<Vec<_>>())
            .chain(aliases.0.keys().cloned())
            .collect::<Vec<_>>();
        let nearest = nearest(&lower, names.iter().map(String::as_str));
        let mut message = format!("unknown command :{word}");
        if let Some(n) = &nearest {
            message.push_str(&format!("; did you mean :{n}? (Tab)"));
        }
        return Err(ParseError {
            message,
            suggestion: nearest.map(|n| with_rest(&n, rest)),
        });
    };
    let name = spec.name;
    let no_more = |what: Parsed| {
        if rest.is_empty() {
            Ok(what)
        } else {
            Err(ParseError::new(format!(":{name} takes no argument")))
        }
    };
    match spec.verb {
        Verb::Fixed(parsed) => no_more(parsed),
        Verb::Zone => one_word(name, rest, "a zone (fr-par-1 … it-mil-1) or all").and_then(|w| {
            w.parse::<ZoneScope>()
                .map(Parsed::Zone)
                .map_err(|_| unknown_value(name, "zone", w, zone_words()))
        }),
        Verb::Region => one_word(
            name,
            rest,
            "a region (fr-par, nl-ams, pl-waw, it-mil) or all",
        )
        .and_then(|w| {
            w.parse::<RegionScope>()
                .map(Parsed::Region)
                .map_err(|_| unknown_value(name, "region", w, region_words()))
        }),
        Verb::Sort => {
            if rest.is_empty() {
                return Err(ParseError::new(
                    ":sort needs a column: :sort name, :sort -price (Tab lists them)",
                ));
            }
            let (descending, column) = match rest.strip_prefix('-') {
                Some(c) => (true, c.trim()),
                None => (false, rest),
            };
            Ok(Parsed::Sort {
                column: column.to_string(),
                descending,
            })
        }
        Verb::Filter => Ok(Parsed::Filter(rest.to_string())),
        Verb::Mark => match one_word(name, rest, "all or none")? {
            "all" => Ok(Parsed::Mark(true)),
            "none" => Ok(Parsed::Mark(false)),
            other => Err(unknown_value(
                name,
                "choice",
                other,
                vec!["all".into(), "none".into()],
            )),
        },
    }
}

fn with_rest(word: &str, rest: &str) -> String {
    if rest.is_empty() {
        word.to_string()
    } else {
        format!("{word} {rest}")
    }
}

/// The single word argument of `:name`, or what it needs.
fn one_word<'a>(name: &str, rest: &'a str, needs: &str) -> Result<&'a str, ParseError> {
    match rest.split_whitespace().collect::<Vec<_>>().as_slice() {
        [] => Err(ParseError::new(format!(":{name} needs {needs}"))),
        [word] => Ok(word),
        _ => Err(ParseError::new(format!(
            ":{name} takes one argument: {needs}"
        ))),
    }
}

fn unknown_value(name: &str, what: &str, given: &str, choices: Vec<String>) -> ParseError {
    let lower = given.to_lowercase();
    let nearest = nearest(&lower, choices.iter().map(String::as_str));
    let mut message = format!("unknown {what} {given:?}");
    match &nearest {
        Some(n) => message.push_str(&format!("; did you mean {n}? (Tab)")),
        None => message.push_str(&format!("; {what}s are: {}", choices.join(", "))),
    }
    ParseError {
        message,
        suggestion: nearest.map(|n| format!("{name} {n}")),
    }
}

pub fn zone_words() -> Vec<String> {
    Zone::ALL
        .iter()
        .map(|z| z.as_str().to_string())
        .chain(["all".to_string()])
        .collect()
}

pub fn region_words() -> Vec<String> {
    Region::ALL
        .iter()
        .map(|r| r.as_str().to_string())
        .chain(["all".to_string()])
        .collect()
}

/// The candidate nearest to `word` by edit distance (a swap of two letters
/// counts once), if near enough to be
/// what was meant: at most a third of the longer word's letters differ (at
/// least one), or `word` begins it.
pub fn nearest<'a>(word: &str, candidates: impl Iterator<Item = &'a str>) -> Option<String> {
    candidates
        .filter(|c| !c.is_empty())
        .map(|c| (strsim::osa_distance(word, c), c))
        .filter(|(d, c)| {
            let longer = word.chars().count().max(c.chars().count());
            *d <= (longer / 3).max(1) || c.starts_with(word)
        })
        .min_by_key(|(d, c)| (*d, c.len()))
        .map(|(_, c)| c.to_string())
}

/// One completion: the text that replaces the word, and what it is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Candidate {
    pub text: String,
    pub help: String,
}

/// What can complete the word before the cursor: the words replace
/// `line[start..]` (characters).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Completions {
    pub start: usize,
    pub candidates: Vec<Candidate>,
}

/// What completion needs to know beyond the line: the aliases and the
/// current tab's columns (`(id, header)`).
pub struct Context<'a> {
    pub aliases: &'a Aliases,
    pub columns: Vec<(&'static str, &'static str)>,
}

/// The candidates for the word `typed` (the line up to the cursor ends in
/// it): command names (and aliases) for the first word, the argument's
/// values after a command.
pub fn complete(typed: &str, ctx: &Context<'_>) -> Completions {
    let lead = typed.len() - typed.trim_start().trim_start_matches(':').len();
    let body = &typed[lead..];
    let char_start = |byte: usize| typed[..byte].chars().count();
    let Some(space) = body.find(char::is_whitespace) else {
        let prefix = body.to_lowercase();
        let mut candidates: Vec<Candidate> = all()
            .iter()
            .flat_map(|spec| {
                spec.names()
                    .map(|n| Candidate {
                        text: n.to_string(),
                        help: if n == spec.name {
                            spec.help.to_string()
                        } else {
                            format!("= :{}", spec.name)
                        },
                    })
                    .collect::<Vec<_>>()
            })
            .chain(ctx.aliases.0.iter().map(|(name, line)| Candidate {
                text: name.clone(),
                help: format!("alias for :{line}"),
            }))
            .filter(|c| c.text.starts_with(&prefix))
            .collect();
        candidates.dedup_by(|a, b| a.text == b.text);
        return Completions {
            start: char_start(lead),
            candidates,
        };
    };
    let word = body[..space].to_lowercase();
    let args_at = lead + space + (body[space..].len() - body[space..].trim_start().len());
    let rest = &typed[args_at..];
    let Some(spec) = find(&word) else {
        return Completions::default();
    };
    let values = |words: Vec<String>, help: &str, prefix: &str| {
        words
            .into_iter()
            .filter(|w| w.starts_with(prefix))
            .map(|w| Candidate {
                text: w,
                help: help.to_string(),
            })
            .collect::<Vec<_>>()
    };
    let lower = rest.to_lowercase();
    let candidates = match spec.arg() {
        Arg::None | Arg::Text => Vec::new(),
        Arg::Zone => values(zone_words(), "zone", &lower),
        Arg::Region => values(region_words(), "region", &lower),
        Arg::Marks => values(vec!["all".into(), "none".into()], "marks", &lower),
        Arg::Column => {
            let (dash, prefix) = match lower.strip_prefix('-') {
                Some(p) => ("-", p),
                None => ("", lower.as_str()),
            };
            ctx.columns
                .iter()
                .filter(|(id, _)| id.starts_with(prefix))
                .map(|(id, header)| Candidate {
                    text: format!("{dash}{id}"),
                    help: if dash.is_empty() {
                        format!("{header}, ascending")
                    } else {
                        format!("{header}, descending")
                    },
                })
                .collect()
        }
    };
    Completions {
        start: char_start(args_at),
        candidates,
    }
}

/// The longest text every candidate starts with.
pub fn common_prefix(candidates: &[Candidate]) -> String {
    let Some(first) = candidates.first() else {
        return String::new();
    };
    let mut prefix: &str = &first.text;
    for c in &candidates[1..] {
        let same = prefix
            .char_indices()
            .zip(c.text.chars())
            .take_while(|((_, a), b)| a == b)
            .last()
            .map_or(0, |((i, a), _)| i + a.len_utf8());
        prefix = &prefix[..same];
    }
    prefix.to_string()
}

/// The README's command list (and the help's): a Markdown table generated
/// from [`all`], between the README's `commands` markers.
pub fn markdown() -> String {
    let mut out = String::from("| command | also | does |\n|---|---|---|\n");
    for spec in all() {
        // A `|` inside a table cell is escaped, code spans included.
        let usage = if spec.usage.is_empty() {
            format!("`:{}`", spec.name)
        } else {
            format!("`:{} {}`", spec.name, spec.usage.replace('|', "\\|"))
        };
        let aliases: Vec<String> = spec.aliases.iter().map(|a| format!("`:{a}`")).collect();
        out.push_str(&format!(
            "| {usage} | {} | {} |\n",
            aliases.join(" "),
            spec.help.replace('|', "\\|")
        ));
    }
    out
}

/// The README's markers around the generated command list (a test in
/// tests/app compares what is between them with [`markdown`]).
pub const README_BEGIN: &str = "<!-- commands:begin (generated from src/commands.rs) -->";
pub const README_END: &str = "<!-- commands:end -->";

#[cfg(test)]
mod tests {
    use super::*;

    fn p(line: &str) -> Result<Parsed, ParseError> {
        parse(line, &Aliases::default())
    }

    #[test]
    fn every_name_is_unique() {
        let mut seen = std::collections::HashSet::new();
        for spec in all() {
            for n in spec.names() {
                assert!(seen.insert(n), "{n} names two commands");
            }
        }
    }

    #[test]
    fn parses_arguments() {
        assert_eq!(
            p("zone nl-ams-1"),
            Ok(Parsed::Zone(ZoneScope::One(Zone::NlAms1)))
        );
        assert_eq!(p(":zone ALL"), Ok(Parsed::Zone(ZoneScope::All)));
        assert_eq!(
            p("region pl-waw"),
            Ok(Parsed::Region(RegionScope::One(Region::PlWaw)))
        );
        assert_eq!(
            p("sort -size"),
            Ok(Parsed::Sort {
                column: "size".into(),
                descending: true
            })
        );
        assert_eq!(
            p("filter tag:prod  x"),
            Ok(Parsed::Filter("tag:prod  x".into()))
        );
        assert_eq!(p("filter"), Ok(Parsed::Filter(String::new())));
        assert_eq!(p("q"), Ok(Parsed::Quit));
    }

    #[test]
    fn errors_say_what_is_needed_and_suggest() {
        let e = p("zone").unwrap_err();
        assert!(e.message.contains("needs a zone"), "{e:?}");
        let e = p("zone nl-ams-9").unwrap_err();
        assert_eq!(e.suggestion.as_deref(), Some("zone nl-ams-1"), "{e:?}");
        let e = p("refresh now").unwrap_err();
        assert!(e.message.contains("takes no argument"), "{e:?}");
        let e = p("fitler tag:x").unwrap_err();
        assert_eq!(
            e.message,
            "unknown command :fitler; did you mean :filter? (Tab)"
        );
        assert_eq!(e.suggestion.as_deref(), Some("filter tag:x"));
        let e = p("xyzzy").unwrap_err();
        assert_eq!(e.suggestion, None, "{e:?}");
    }

    #[test]
    fn aliases_expand_and_are_checked() {
        let mut map = BTreeMap::new();
        map.insert("prod".to_string(), "filter tag:prod".to_string());
        let aliases = Aliases(map);
        assert_eq!(
            parse("prod", &aliases),
            Ok(Parsed::Filter("tag:prod".into()))
        );
        assert_eq!(
            parse("prod !zone:nl-ams-1", &aliases),
            Ok(Parsed::Filter("tag:prod !zone:nl-ams-1".into()))
        );
        assert_eq!(aliases.check(), Ok(()));
        let shadow = Aliases([("sort".to_string(), "zone all".to_string())].into());
        assert!(
            shadow
                .check()
                .unwrap_err()
                .contains("would hide the command :sort")
        );
        let bad = Aliases([("x".to_string(), "zoen all".to_string())].into());
        let e = bad.check().unwrap_err();
        assert!(
            e.contains("unknown command :zoen; did you mean :zone?"),
            "{e}"
        );
    }

    #[test]
    fn completes_names_and_arguments() {
        let aliases = Aliases::default();
        let ctx = Context {
            aliases: &aliases,
            columns: vec![
                ("name", "NAME"),
                ("price", "PRICE"),
                ("public_ip", "PUBLIC IP"),
            ],
        };
        let names = |typed: &str| -> Vec<String> {
            complete(typed, &ctx)
                .candidates
                .into_iter()
                .map(|c| c.text)
                .collect()
        };
        assert_eq!(names("so"), ["sort"]);
        assert!(names("").contains(&"zone".to_string()));
        assert_eq!(names("zone nl-"), ["nl-ams-1", "nl-ams-2", "nl-ams-3"]);
        assert_eq!(names("sort -p"), ["-price", "-public_ip"]);
        assert_eq!(complete("sort -p", &ctx).start, 5);
        assert_eq!(complete(":zo", &ctx).start, 1);
        assert!(names("refresh ").is_empty());
        let c = complete("zone nl-", &ctx);
        assert_eq!(common_prefix(&c.candidates), "nl-ams-");
    }

    #[test]
    fn nearest_is_near_or_nothing() {
        let words = ["filter", "zone", "region"];
        assert_eq!(
            nearest("fitler", words.into_iter()).as_deref(),
            Some("filter")
        );
        assert_eq!(
            nearest("regoin", words.into_iter()).as_deref(),
            Some("region")
        );
        assert_eq!(nearest("qqqqqq", words.into_iter()), None);
    }
}
