//! The key map as data: per-mode sections of bindings, each with a description
//! that feeds the help overlay. User overrides (from `[keys]` in config.toml)
//! replace only the commands they name; everything else keeps its default.

use std::collections::HashMap;
use std::fmt;

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use crate::kinds::Tab;

/// One key press, normalised so that `S` and `shift-s` are the same key and
/// `shift-tab` is `BackTab`, whatever the terminal reports.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Key {
    pub code: KeyCode,
    pub mods: KeyModifiers,
}

impl Key {
    pub fn new(code: KeyCode, mods: KeyModifiers) -> Self {
        let mut mods = mods & (KeyModifiers::CONTROL | KeyModifiers::ALT | KeyModifiers::SHIFT);
        let code = match code {
            // Shift is already in the character itself.
            KeyCode::Char(c) => {
                mods.remove(KeyModifiers::SHIFT);
                if mods.is_empty() {
                    KeyCode::Char(c)
                } else {
                    KeyCode::Char(c.to_ascii_lowercase())
                }
            }
            KeyCode::BackTab => {
                mods.remove(KeyModifiers::SHIFT);
                KeyCode::BackTab
            }
            KeyCode::Tab if mods.contains(KeyModifiers::SHIFT) => {
                mods.remove(KeyModifiers::SHIFT);
                KeyCode::BackTab
            }
            other => other,
        };
        Key { code, mods }
    }

    pub fn plain(code: KeyCode) -> Self {
        Key::new(code, KeyModifiers::NONE)
    }

    pub fn char(c: char) -> Self {
        Key::plain(KeyCode::Char(c))
    }

    pub fn ctrl(c: char) -> Self {
        Key::new(KeyCode::Char(c), KeyModifiers::CONTROL)
    }

    /// A key that types a character where text is typed (no Ctrl/Alt).
    pub fn is_printable(&self) -> bool {
        matches!(self.code, KeyCode::Char(c) if !c.is_control())
            && !self
                .mods
                .intersects(KeyModifiers::CONTROL | KeyModifiers::ALT)
    }
}

impl From<KeyEvent> for Key {
    fn from(ev: KeyEvent) -> Self {
        Key::new(ev.code, ev.modifiers)
    }
}

impl fmt::Display for Key {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.mods.contains(KeyModifiers::CONTROL) {
            f.write_str("Ctrl-")?;
        }
        if self.mods.contains(KeyModifiers::ALT) {
            f.write_str("Alt-")?;
        }
        if self.mods.contains(KeyModifiers::SHIFT) {
            f.write_str("Shift-")?;
        }
        match self.code {
            KeyCode::Char(' ') => f.write_str("Space"),
            KeyCode::Char(c) => write!(f, "{c}"),
            KeyCode::Enter => f.write_str("Enter"),
            KeyCode::Esc => f.write_str("Esc"),
            KeyCode::Tab => f.write_str("Tab"),
            KeyCode::BackTab => f.write_str("Shift-Tab"),
            KeyCode::Backspace => f.write_str("Backspace"),
            KeyCode::Delete => f.write_str("Del"),
            KeyCode::Insert => f.write_str("Ins"),
            KeyCode::Home => f.write_str("Home"),
            KeyCode::End => f.write_str("End"),
            KeyCode::PageUp => f.write_str("PgUp"),
            KeyCode::PageDown => f.write_str("PgDn"),
            KeyCode::Up => f.write_str("↑"),
            KeyCode::Down => f.write_str("↓"),
            KeyCode::Left => f.write_str("←"),
            KeyCode::Right => f.write_str("→"),
            KeyCode::F(n) => write!(f, "F{n}"),
            other => write!(f, "{other:?}"),
        }
    }
}

/// Why a key name could not be parsed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown key {key:?}: {reason}")]
pub struct KeyParseError {
    pub key: String,
    pub reason: &'static str,
}

/// The arrow keys by the glyphs `Display` (and so the help overlay) prints, so
/// a key copied from the help into config.toml means the same key.
fn arrow(name: &str) -> Option<KeyCode> {
    match name {
        "↑" => Some(KeyCode::Up),
        "↓" => Some(KeyCode::Down),
        "←" => Some(KeyCode::Left),
        "→" => Some(KeyCode::Right),
        _ => None,
    }
}

/// Parses a key name as written in config.toml: `"ctrl-c"`, `"shift-tab"`,
/// `"pgdn"`, `"f5"`, `"?"`, `"enter"`, `"esc"`, an arrow as the help prints it (`"↑"`) or a
/// single character.
pub fn parse_key(name: &str) -> Result<Key, KeyParseError> {
    let err = |reason| KeyParseError {
        key: name.to_string(),
        reason,
    };
    if let Some(code) = arrow(name) {
        return Ok(Key::plain(code));
    }
    if name.chars().count() == 1 {
        let c = name.chars().next().ok_or_else(|| err("empty"))?;
        if c.is_control() {
            return Err(err("control characters are not key names"));
        }
        return Ok(Key::char(c));
    }
    if name.is_empty() {
        return Err(err("empty key name"));
    }
    let mut mods = KeyModifiers::NONE;
    let mut rest = name;
    loop {
        let lower = rest.to_ascii_lowercase();
        let prefix = [
            ("ctrl-", KeyModifiers::CONTROL),
            ("control-", KeyModifiers::CONTROL),
            ("alt-", KeyModifiers::ALT),
            ("shift-", KeyModifiers::SHIFT),
        ]
        .into_iter()
        .find(|(p, _)| lower.starts_with(p) && rest.len() > p.len());
        match prefix {
            Some((p, m)) => {
                mods |= m;
                rest = &rest[p.len()..];
            }
            None => break,
        }
    }
    if let Some(code) = arrow(rest) {
        return Ok(Key::new(code, mods));
    }
    if rest.chars().count() == 1 {
        let c = rest.chars().next().ok_or_else(|| err("empty"))?;
        if c.is_control() {
            return Err(err("control characters are not key names"));
        }
        if !mods.is_empty() && !c.is_ascii_graphic() {
            return Err(err(
                "only ASCII characters can be combined with ctrl/alt/shift",
            ));
        }
        let c = if mods.contains(KeyModifiers::SHIFT) && mods == KeyModifiers::SHIFT {
            c.to_ascii_uppercase()
        } else {
            c
        };
        return Ok(Key::new(KeyCode::Char(c), mods));
    }
    let code = match rest.to_ascii_lowercase().as_str() {
        "enter" | "return" => KeyCode::Enter,
        "esc" | "escape" => KeyCode::Esc,
        "tab" => KeyCode::Tab,
        "backtab" => KeyCode::BackTab,
        "backspace" | "bs" => KeyCode::Backspace,
        "delete" | "del" => KeyCode::Delete,
        "insert" | "ins" => KeyCode::Insert,
        "home" => KeyCode::Home,
        "end" => KeyCode::End,
        "pgup" | "pageup" => KeyCode::PageUp,
        "pgdn" | "pgdown" | "pagedown" => KeyCode::PageDown,
        "up" => KeyCode::Up,
        "down" => KeyCode::Down,
        "left" => KeyCode::Left,
        "right" => KeyCode::Right,
        "space" => KeyCode::Char(' '),
        "minus" => KeyCode::Char('-'),
        f if f.starts_with('f') => match f[1..].parse::<u8>() {
            Ok(n @ 1..=24) => KeyCode::F(n),
            _ => return Err(err("not a key name (function keys are f1..f24)")),
        },
        _ => return Err(err("not a key name")),
    };
    Ok(Key::new(code, mods))
}

/// Where a binding applies: the key map has one section per mode.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Context {
    /// Checked after the mode's own section, in every mode.
    Global,
    Normal,
    Filter,
    Confirm,
    Menu,
    Help,
    Json,
    /// The details full screen.
    Details,
    /// An open form (printable keys always type into it).
    Form,
    /// The rule editor of a security group.
    Rules,
    /// An open picker list in a form (printable keys filter it).
    Picker,
    /// Editing keys wherever text is typed (form fields, filters), checked
    /// after the mode's own section, as yazi's `[input]`.
    Input,
    /// The command line (`:`): its own keys, then `[input]`'s editing keys.
    CommandLine,
    /// The topology view's tree, checked before the tables' keys there.
    Tree,
}

impl Context {
    pub const ALL: [Context; 14] = [
        Context::Normal,
        Context::CommandLine,
        Context::Tree,
        Context::Filter,
        Context::Confirm,
        Context::Menu,
        Context::Form,
        Context::Picker,
        Context::Input,
        Context::Rules,
        Context::Json,
        Context::Details,
        Context::Help,
        Context::Global,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Context::Global => "global",
            Context::Normal => "normal",
            Context::Filter => "filter",
            Context::Confirm => "confirm",
            Context::Menu => "menu",
            Context::Help => "help",
            Context::Json => "json",
            Context::Details => "details",
            Context::Form => "form",
            Context::Rules => "rules",
            Context::Picker => "picker",
            Context::Input => "input",
            Context::CommandLine => "command",
            Context::Tree => "tree",
        }
    }

    /// Modes where printable keys type text rather than run commands.
    pub fn types_text(self) -> bool {
        matches!(
            self,
            Context::Filter
                | Context::Form
                | Context::Picker
                | Context::Input
                | Context::CommandLine
        )
    }

    pub fn title(self) -> &'static str {
        match self {
            Context::Global => "Everywhere",
            Context::Normal => "Tables",
            Context::Filter => "Filter",
            Context::Confirm => "Confirmation",
            Context::Menu => "Menus",
            Context::Help => "Help",
            Context::Json => "Raw JSON, scw command",
            Context::Details => "Details (full screen)",
            Context::Form => "Forms",
            Context::Rules => "Rule editor",
            Context::Picker => "Pickers",
            Context::Input => "Text input",
            Context::CommandLine => "Command line (:)",
            Context::Tree => "Topology tree",
        }
    }
}

/// What a key does. Names (`Command::name`) are what `[keys]` in config.toml uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Command {
    Tab(u8),
    NextTab,
    PrevTab,
    PickZone,
    PrevZone,
    NextZone,
    Up,
    Down,
    Top,
    Bottom,
    PageUp,
    PageDown,
    Filter,
    Back,
    SortNext,
    SortReverse,
    Details,
    /// The details pane over the whole screen, and back.
    DetailsFull,
    /// Scroll the details pane (it may hold more lines than it shows).
    DetailsUp,
    DetailsDown,
    RawJson,
    CopyId,
    Refresh,
    TogglePause,
    PowerMenu,
    New,
    Edit,
    Attach,
    Delete,
    Help,
    Quit,
    Accept,
    Yes,
    No,
    NextField,
    PrevField,
    Submit,
    MoveUp,
    MoveDown,
    Apply,
    CursorLeft,
    CursorRight,
    LineStart,
    LineEnd,
    DeleteBack,
    DeleteForward,
    DeleteWord,
    ClearLine,
    /// Mark / unmark the selected row and move down (`app::marks`).
    Mark,
    /// Mark every row the filter shows; again: unmark them.
    MarkAll,
    /// Open the command line (`:`).
    CommandLine,
    /// A shell on the selected server (the `[ssh]` command).
    Shell,
    /// The equivalent `scw` command of the pending or last action.
    Cli,
    /// Complete the command line's word; again: the next candidate.
    Complete,
    /// The previous completion candidate.
    CompleteBack,
    /// What uses the selected group, network or volume (`app::used_by`).
    UsedBy,
    /// The topology tree: open a branch, or go to its first child.
    Expand,
    /// Close a branch, or go to the parent.
    Collapse,
    /// Open / close a branch; on a leaf, go to its resource.
    OpenNode,
    /// Go to the node's resource in its tab.
    GoTo,
}

/// `[keys]` names of the tab commands, `tab_1` for `Tab(1)` (index 0 unused).
const TAB_NAMES: [&str; 10] = [
    "tab", "tab_1", "tab_2", "tab_3", "tab_4", "tab_5", "tab_6", "tab_7", "tab_8", "tab_9",
];

impl Command {
    pub fn name(self) -> &'static str {
        match self {
            Command::Tab(n) => TAB_NAMES.get(usize::from(n)).copied().unwrap_or("tab"),
            Command::NextTab => "next_tab",
            Command::PrevTab => "prev_tab",
            Command::PickZone => "pick_zone",
            Command::PrevZone => "prev_zone",
            Command::NextZone => "next_zone",
            Command::Up => "up",
            Command::Down => "down",
            Command::Top => "top",
            Command::Bottom => "bottom",
            Command::PageUp => "page_up",
            Command::PageDown => "page_down",
            Command::Filter => "filter",
            Command::Back => "back",
            Command::SortNext => "sort_next",
            Command::SortReverse => "sort_reverse",
            Command::Details => "details",
            Command::DetailsFull => "details_full",
            Command::DetailsUp => "details_up",
            Command::DetailsDown => "details_down",
            Command::RawJson => "raw_json",
            Command::CopyId => "copy_id",
            Command::Refresh => "refresh",
            Command::TogglePause => "pause",
            Command::PowerMenu => "power",
            Command::New => "new",
            Command::Edit => "edit",
            Command::Attach => "attach",
            Command::Delete => "delete",
            Command::Help => "help",
            Command::Quit => "quit",
            Command::Accept => "accept",
            Command::Yes => "yes",
            Command::No => "no",
            Command::NextField => "next_field",
            Command::PrevField => "prev_field",
            Command::Submit => "submit",
            Command::MoveUp => "move_up",
            Command::MoveDown => "move_down",
            Command::Apply => "apply",
            Command::CursorLeft => "cursor_left",
            Command::CursorRight => "cursor_right",
            Command::LineStart => "line_start",
            Command::LineEnd => "line_end",
            Command::DeleteBack => "delete_back",
            Command::DeleteForward => "delete_forward",
            Command::DeleteWord => "delete_word",
            Command::ClearLine => "clear_line",
            Command::Mark => "mark",
            Command::MarkAll => "mark_all",
            Command::CommandLine => "command_line",
            Command::Shell => "shell",
            Command::Cli => "cli",
            Command::Complete => "complete",
            Command::CompleteBack => "complete_back",
            Command::UsedBy => "used_by",
            Command::Expand => "expand",
            Command::Collapse => "collapse",
            Command::OpenNode => "open",
            Command::GoTo => "go",
        }
    }

    /// Commands that change something in the cloud; refused in read-only mode.
    pub fn is_mutating(self) -> bool {
        matches!(
            self,
            Command::PowerMenu | Command::New | Command::Edit | Command::Attach | Command::Delete
        )
    }
}

/// A key as a mode that takes text sees it: a printable character to type, or
/// a command of the key map (editing keys included). Nothing else reaches the
/// modes' handlers, so every non-printable key is rebindable.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Input {
    Char(char),
    Command(Command),
}

/// One binding: the keys that trigger `command` and the sentence the help shows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KeyBinding {
    pub keys: Vec<Key>,
    pub command: Command,
    pub description: &'static str,
}

/// One mode's part of the help overlay.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HelpSection {
    pub title: &'static str,
    pub lines: Vec<HelpLine>,
}

/// One help line: the keys as shown, what they do, and the action name to use
/// in `[keys]` to remap them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HelpLine {
    pub keys: String,
    pub description: &'static str,
    pub action: &'static str,
}

/// Why user key overrides were rejected.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum KeymapError {
    #[error("unknown key {key:?} for action {action:?} ({reason})")]
    BadKey {
        key: String,
        action: String,
        reason: &'static str,
    },
    #[error("unknown action {0:?} in [keys]; the help overlay (?) lists the action names")]
    UnknownAction(String),
    /// One key, two actions where both would be looked up: one of them
    /// would silently never run.
    #[error(
        "key {key} is bound to both {first:?} and {second:?} in {place}; give one of them another key"
    )]
    Conflict {
        key: String,
        first: String,
        second: String,
        place: String,
    },
    /// A printable key bound where text is typed: it would type, never run.
    #[error(
        "[keys.{context}] {action} = {key:?}: printable keys type text in the {context} mode; \
         bind a key such as \"ctrl-x\", \"f2\" or an arrow"
    )]
    TypesText {
        key: String,
        action: String,
        context: &'static str,
    },
}

/// The live key map: sections per mode, looked up in order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KeyMap {
    sections: Vec<(Context, Vec<KeyBinding>)>,
}

/// What each mode's section offers, in help order: the commands with the
/// sentence the help shows. Their keys are not written here: they come from
/// `[keys]` in the embedded assets/config.toml (`KeyMap::default`). The tab
/// keys come first in the tables' section, one per registry entry
/// ([`sections`]).
const SECTIONS: &[(Context, &[(Command, &str)])] = {
    use Command as C;
    &[
        (
            Context::Normal,
            &[
                (C::NextTab, "next tab"),
                (C::PrevTab, "previous tab"),
                (C::PickZone, "pick a zone (or all)"),
                (C::PrevZone, "previous zone"),
                (C::NextZone, "next zone"),
                (C::Up, "move up"),
                (C::Down, "move down"),
                (C::Top, "first row"),
                (C::Bottom, "last row"),
                (C::PageUp, "page up"),
                (C::PageDown, "page down"),
                (C::Filter, "filter: text, tag: state: zone: …"),
                (C::Back, "cancel run; clear marks, filter"),
                (C::SortNext, "cycle the sort column"),
                (C::SortReverse, "reverse the sort"),
                (C::Details, "show / hide details"),
                (C::DetailsFull, "details full screen"),
                (C::DetailsUp, "scroll the details up"),
                (C::DetailsDown, "scroll the details down"),
                (C::RawJson, "raw JSON of the row"),
                (C::CopyId, "copy the id"),
                (C::Refresh, "refresh now"),
                (C::TogglePause, "pause / resume auto-refresh"),
                (C::PowerMenu, "power menu (servers)"),
                (C::New, "new"),
                (C::Edit, "edit"),
                (C::Attach, "attach to server / network; rules"),
                (C::Delete, "delete / detach (menu on servers)"),
                (C::Mark, "mark / unmark the row, move down"),
                (C::MarkAll, "mark all shown (again: unmark)"),
                (C::UsedBy, "what uses this (SG, PN, volume)"),
                (C::Help, "help"),
                (C::Quit, "quit"),
                (C::CommandLine, "command line (Tab lists commands)"),
                (C::Shell, "a shell on the server ([ssh])"),
            ],
        ),
        (
            Context::CommandLine,
            &[
                (C::Accept, "run the command"),
                (C::Back, "close"),
                (C::Complete, "complete (again: next candidate)"),
                (C::CompleteBack, "previous candidate"),
                (C::Up, "previous command (history)"),
                (C::Down, "next command (history)"),
            ],
        ),
        (
            Context::Filter,
            &[
                (C::Accept, "keep the filter"),
                (C::Back, "clear the filter"),
                (C::Up, "move up"),
                (C::Down, "move down"),
                (C::Cli, "scw command (typed confirmation)"),
            ],
        ),
        (
            Context::Confirm,
            &[
                (C::Yes, "yes, do it"),
                (C::No, "no (the default)"),
                (C::Up, "scroll the list up"),
                (C::Down, "scroll the list down"),
                (C::Cli, "show and copy the scw command"),
            ],
        ),
        (
            Context::Menu,
            &[
                (C::Up, "move up"),
                (C::Down, "move down"),
                (C::Top, "first entry"),
                (C::Bottom, "last entry"),
                (C::Accept, "choose"),
                (C::Back, "close"),
            ],
        ),
        (
            Context::Form,
            &[
                (C::NextField, "next field"),
                (C::PrevField, "previous field"),
                (C::Submit, "submit (only when valid)"),
                (C::Back, "cancel, send nothing"),
                (C::Cli, "show and copy the scw command"),
            ],
        ),
        (
            Context::Picker,
            &[
                (C::Up, "previous option"),
                (C::Down, "next option"),
                (C::PageUp, "ten options up"),
                (C::PageDown, "ten options down"),
                (C::Accept, "choose"),
                (C::Back, "close the list"),
            ],
        ),
        (
            Context::Input,
            &[
                (C::CursorLeft, "cursor left / previous choice"),
                (C::CursorRight, "cursor right / next choice"),
                (C::LineStart, "start of the text"),
                (C::LineEnd, "end of the text"),
                (C::DeleteBack, "delete before the cursor"),
                (C::DeleteForward, "delete under the cursor"),
                (C::DeleteWord, "delete the word before"),
                (C::ClearLine, "clear the text"),
            ],
        ),
        (
            Context::Rules,
            &[
                (C::Up, "previous rule"),
                (C::Down, "next rule"),
                (C::New, "add a rule"),
                (C::Edit, "edit the rule"),
                (C::Delete, "delete the rule"),
                (C::MoveUp, "move the rule up"),
                (C::MoveDown, "move the rule down"),
                (C::Apply, "apply the staged changes"),
                (C::Back, "close (asks if changes are staged)"),
                (C::Cli, "show and copy the scw command"),
            ],
        ),
        (
            Context::Json,
            &[
                (C::Up, "scroll up"),
                (C::Down, "scroll down"),
                (C::Top, "top"),
                (C::Bottom, "bottom"),
                (C::PageUp, "page up"),
                (C::PageDown, "page down"),
                (C::Back, "close"),
            ],
        ),
        (
            Context::Details,
            &[
                (C::Up, "scroll up"),
                (C::Down, "scroll down"),
                (C::Top, "top"),
                (C::Bottom, "bottom"),
                (C::PageUp, "page up"),
                (C::PageDown, "page down"),
                (C::DetailsFull, "back to the table"),
                (C::Back, "back to the table"),
            ],
        ),
        (
            Context::Help,
            &[
                (C::Up, "scroll up"),
                (C::Down, "scroll down"),
                (C::Top, "top"),
                (C::Bottom, "bottom"),
                (C::PageUp, "page up"),
                (C::PageDown, "page down"),
                (C::Back, "close the help"),
            ],
        ),
        (
            Context::Tree,
            &[
                (C::OpenNode, "open / close a branch; on a leaf, go to it"),
                (C::Expand, "open a branch (open: its first node)"),
                (C::Collapse, "close a branch (closed: its parent)"),
                (C::GoTo, "go to the node's resource in its tab"),
            ],
        ),
        (Context::Global, &[(C::Quit, "quit")]),
    ]
};

/// [`SECTIONS`] with a line per tab first in the tables' section: `tab_n`
/// goes to the n-th entry of the registry, described by its plural
/// ("security groups").
fn sections() -> Vec<(Context, Vec<(Command, &'static str)>)> {
    let tabs = || {
        Tab::ALL
            .into_iter()
            .zip(1..)
            .map(|(tab, n)| (Command::Tab(n), tab.about().plural))
    };
    SECTIONS
        .iter()
        .map(|(ctx, commands)| {
            let first = (*ctx == Context::Normal).then(tabs).into_iter().flatten();
            (*ctx, first.chain(commands.iter().copied()).collect())
        })
        .collect()
}

/// The `[keys]` entry holding `command`'s default keys in `context`
/// (`normal.refresh`, `json.down`).
fn default_entry(context: Context, command: Command) -> String {
    format!("{}.{}", context.name(), command.name())
}

impl Default for KeyMap {
    /// The commands of [`SECTIONS`] with the keys of the embedded
    /// assets/config.toml (a test proves they all parse).
    fn default() -> Self {
        static DEFAULT: std::sync::OnceLock<KeyMap> = std::sync::OnceLock::new();
        DEFAULT
            .get_or_init(|| {
                let keys = &crate::settings::defaults().keys;
                let sections = sections()
                    .into_iter()
                    .map(|(ctx, commands)| {
                        let bindings = commands
                            .into_iter()
                            .map(|(command, description)| KeyBinding {
                                keys: keys
                                    .get(&default_entry(ctx, command))
                                    .into_iter()
                                    .flat_map(|list| list.keys())
                                    .filter_map(|k| parse_key(k).ok())
                                    .collect(),
                                command,
                                description,
                            })
                            .collect();
                        (ctx, bindings)
                    })
                    .collect();
                KeyMap { sections }
            })
            .clone()
    }
}

/// Whether `name` is an action `[keys]` may rebind: a command name bound in
/// some mode (`refresh`), or `mode.command` (`json.down`). The key map is the
/// one list of actions; the settings validate against it.
pub fn is_action(name: &str) -> bool {
    let (ctx, name) = match name.split_once('.') {
        Some((m, n)) => match Context::ALL.into_iter().find(|c| c.name() == m) {
            Some(c) => (Some(c), n),
            None => return false,
        },
        None => (None, name),
    };
    sections()
        .iter()
        .filter(|(c, _)| ctx.is_none_or(|want| want == *c))
        .any(|(_, commands)| commands.iter().any(|(c, _)| c.name() == name))
}

impl KeyMap {
    /// The command bound to `key` in `context` itself (no fallback).
    pub fn lookup_in(&self, context: Context, key: Key) -> Option<Command> {
        self.bindings(context)
            .iter()
            .find(|b| b.keys.contains(&key))
            .map(|b| b.command)
    }

    /// The command bound to `key` in `context`, falling back to the global section.
    pub fn lookup(&self, context: Context, key: Key) -> Option<Command> {
        self.lookup_in(context, key)
            .or_else(|| self.lookup_in(Context::Global, key))
    }

    /// What `key` means where text is typed: a printable key (no Ctrl/Alt)
    /// types itself, even `q`; any other key is looked up in `context`, the
    /// global section, then `[input]` (cursor moves, deletions).
    pub fn text_input(&self, context: Context, key: Key) -> Option<Input> {
        if let KeyCode::Char(c) = key.code
            && key.is_printable()
        {
            return Some(Input::Char(c));
        }
        self.lookup(context, key)
            .or_else(|| self.lookup(Context::Input, key))
            .map(Input::Command)
    }

    pub fn bindings(&self, context: Context) -> &[KeyBinding] {
        self.sections
            .iter()
            .find(|(c, _)| *c == context)
            .map(|(_, b)| b.as_slice())
            .unwrap_or(&[])
    }

    /// The keys for `command` in `context`, as the help and hints show them ("j/↓").
    pub fn keys_for(&self, context: Context, command: Command) -> String {
        self.bindings(context)
            .iter()
            .filter(|b| b.command == command)
            .flat_map(|b| b.keys.iter().map(Key::to_string))
            .collect::<Vec<_>>()
            .join("/")
    }

    /// The help overlay's content: one titled section per mode, generated from
    /// the live bindings.
    pub fn help(&self) -> Vec<HelpSection> {
        self.sections
            .iter()
            .map(|(ctx, bindings)| HelpSection {
                title: ctx.title(),
                lines: bindings
                    .iter()
                    .filter(|b| !b.keys.is_empty())
                    .map(|b| HelpLine {
                        keys: b
                            .keys
                            .iter()
                            .map(Key::to_string)
                            .collect::<Vec<_>>()
                            .join(" "),
                        description: b.description,
                        action: b.command.name(),
                    })
                    .collect(),
            })
            .collect()
    }

    /// Applies user overrides: `action -> keys`. A bare action name (`"refresh"`)
    /// rebinds that action in every mode it appears in (printable keys are left
    /// out of the modes where they type text, which keep their own keys when
    /// nothing else is left); `"mode.action"` (`"json.down"`)
    /// only in one mode. A key that would then mean two things where it is
    /// looked up is an error naming both actions: nothing silently wins.
    pub fn with_overrides(
        mut self,
        overrides: &HashMap<String, Vec<String>>,
    ) -> Result<Self, KeymapError> {
        let mut names: Vec<&String> = overrides.keys().collect();
        names.sort();
        for action in names {
            let (ctx, name) = match action.split_once('.') {
                Some((m, n)) => {
                    let ctx = Context::ALL
                        .into_iter()
                        .find(|c| c.name() == m)
                        .ok_or_else(|| KeymapError::UnknownAction(action.clone()))?;
                    (Some(ctx), n)
                }
                None => (None, action.as_str()),
            };
            let keys = overrides[action]
                .iter()
                .map(|k| {
                    parse_key(k)
                        .map(|key| (k, key))
                        .map_err(|e| KeymapError::BadKey {
                            key: k.clone(),
                            action: action.clone(),
                            reason: e.reason,
                        })
                })
                .collect::<Result<Vec<_>, _>>()?;
            let mut found = false;
            for (c, bindings) in &mut self.sections {
                if ctx.is_some_and(|want| want != *c) {
                    continue;
                }
                let Some(target) = bindings.iter_mut().find(|b| b.command.name() == name) else {
                    continue;
                };
                found = true;
                let mut mine = Vec::new();
                for (written, key) in &keys {
                    if c.types_text() && key.is_printable() {
                        if ctx.is_some() {
                            return Err(KeymapError::TypesText {
                                key: (*written).clone(),
                                action: name.to_string(),
                                context: c.name(),
                            });
                        }
                        continue;
                    }
                    mine.push(*key);
                }
                // Only letters for a mode that types them: it keeps its own keys.
                if !mine.is_empty() || keys.is_empty() {
                    target.keys = mine;
                }
            }
            if !found {
                return Err(KeymapError::UnknownAction(action.clone()));
            }
        }
        self.check_conflicts()?;
        Ok(self)
    }

    /// Every pair of bindings that share a key where a lookup would see both:
    /// within one mode, a mode and the global section after it, and a text
    /// mode and the `[input]` editing keys after it.
    fn check_conflicts(&self) -> Result<(), KeymapError> {
        let mut layers: Vec<(Context, Context)> = Context::ALL
            .into_iter()
            .flat_map(|c| [(c, c), (c, Context::Global)])
            .filter(|(c, other)| !(c != other && *c == Context::Global))
            .collect();
        for c in Context::ALL.into_iter().filter(|c| c.types_text()) {
            if c != Context::Input {
                layers.push((c, Context::Input));
            }
        }
        for (ctx, other) in layers {
            let first = self.bindings(ctx);
            let second = self.bindings(other);
            for (i, a) in first.iter().enumerate() {
                let rest: &[KeyBinding] = if ctx == other {
                    &first[i + 1..]
                } else {
                    second
                };
                for b in rest.iter().filter(|b| b.command != a.command) {
                    if let Some(key) = a.keys.iter().find(|k| b.keys.contains(k)) {
                        let place = if ctx == other {
                            format!("[keys.{}]", ctx.name())
                        } else {
                            format!("[keys.{}] and [keys.{}]", ctx.name(), other.name())
                        };
                        return Err(KeymapError::Conflict {
                            key: format!("{:?}", key.to_string()),
                            first: a.command.name().to_string(),
                            second: b.command.name().to_string(),
                            place,
                        });
                    }
                }
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn parses_named_keys() {
        assert_eq!(parse_key("ctrl-c"), Ok(Key::ctrl('c')));
        assert_eq!(parse_key("Ctrl-C"), Ok(Key::ctrl('c')));
        assert_eq!(parse_key("shift-tab"), Ok(Key::plain(KeyCode::BackTab)));
        assert_eq!(parse_key("pgdn"), Ok(Key::plain(KeyCode::PageDown)));
        assert_eq!(parse_key("f5"), Ok(Key::plain(KeyCode::F(5))));
        assert_eq!(parse_key("?"), Ok(Key::char('?')));
        assert_eq!(parse_key("enter"), Ok(Key::plain(KeyCode::Enter)));
        assert_eq!(parse_key("esc"), Ok(Key::plain(KeyCode::Esc)));
        assert_eq!(parse_key("S"), Ok(Key::char('S')));
        assert_eq!(parse_key("shift-s"), Ok(Key::char('S')));
        assert_eq!(parse_key("-"), Ok(Key::char('-')));
        assert_eq!(parse_key("space"), Ok(Key::char(' ')));
    }

    #[test]
    fn rejects_bad_names_with_the_name() {
        for bad in ["ctrl-ß", "f99", "hyper-x", "", "ctrl-", "pgdnn"] {
            let err = parse_key(bad).unwrap_err();
            assert_eq!(err.key, bad);
        }
    }

    #[test]
    fn terminal_events_normalise_to_parsed_keys() {
        let shifted = KeyEvent::new(KeyCode::Char('S'), KeyModifiers::SHIFT);
        assert_eq!(Key::from(shifted), parse_key("S").unwrap());
        let backtab = KeyEvent::new(KeyCode::BackTab, KeyModifiers::SHIFT);
        assert_eq!(Key::from(backtab), parse_key("shift-tab").unwrap());
    }

    #[test]
    fn defaults_cover_the_design_table() {
        let km = KeyMap::default();
        let n = |s: &str| km.lookup(Context::Normal, parse_key(s).unwrap());
        assert_eq!(n("1"), Some(Command::Tab(1)));
        assert_eq!(n("tab"), Some(Command::NextTab));
        assert_eq!(n("]"), Some(Command::NextZone));
        assert_eq!(n("G"), Some(Command::Bottom));
        assert_eq!(n("O"), Some(Command::SortReverse));
        assert_eq!(n("o"), Some(Command::SortNext));
        assert_eq!(n(":"), Some(Command::CommandLine));
        assert_eq!(n("s"), Some(Command::Shell));
        assert_eq!(n("p"), Some(Command::PowerMenu));
        assert_eq!(n("P"), Some(Command::TogglePause));
        assert_eq!(n("ctrl-c"), Some(Command::Quit));
        assert_eq!(
            km.lookup(Context::Confirm, parse_key("enter").unwrap()),
            Some(Command::No)
        );
    }

    #[test]
    fn overrides_replace_only_what_they_name() {
        let mut o = HashMap::new();
        o.insert("refresh".to_string(), vec!["ctrl-r".to_string()]);
        o.insert("json.down".to_string(), vec!["J".to_string()]);
        let km = KeyMap::default().with_overrides(&o).unwrap();
        assert_eq!(
            km.lookup(Context::Normal, Key::ctrl('r')),
            Some(Command::Refresh)
        );
        assert_eq!(km.lookup(Context::Normal, Key::char('r')), None);
        assert_eq!(
            km.lookup(Context::Json, Key::char('J')),
            Some(Command::Down)
        );
        // Unnamed bindings keep their defaults, including `j` outside the json mode.
        assert_eq!(
            km.lookup(Context::Normal, Key::char('j')),
            Some(Command::Down)
        );
        assert_eq!(
            km.lookup(Context::Normal, Key::char('q')),
            Some(Command::Quit)
        );
    }

    fn overridden(pairs: &[(&str, &str)]) -> Result<KeyMap, KeymapError> {
        let o = pairs
            .iter()
            .map(|(a, k)| (a.to_string(), vec![k.to_string()]))
            .collect();
        KeyMap::default().with_overrides(&o)
    }

    #[test]
    fn two_actions_on_one_key_is_an_error_naming_both() {
        let err = overridden(&[("quit", "j")]).unwrap_err().to_string();
        assert!(
            err.contains("\"j\"") && err.contains("\"quit\"") && err.contains("\"down\""),
            "{err}"
        );
        let err = overridden(&[("refresh", "q")]).unwrap_err().to_string();
        assert!(
            err.contains("\"refresh\"")
                && err.contains("\"quit\"")
                && err.contains("[keys.normal]"),
            "{err}"
        );
        // A mode's key that the global section also has.
        let err = overridden(&[("normal.refresh", "ctrl-c")])
            .unwrap_err()
            .to_string();
        assert!(err.contains("[keys.normal] and [keys.global]"), "{err}");
        // A form key that the editing keys also have.
        let err = overridden(&[("form.submit", "ctrl-w")])
            .unwrap_err()
            .to_string();
        assert!(
            err.contains("\"submit\"") && err.contains("\"delete_word\""),
            "{err}"
        );
        // Moving both is fine.
        let km = overridden(&[("refresh", "q"), ("quit", "x")]).unwrap();
        assert_eq!(
            km.lookup(Context::Normal, Key::char('q')),
            Some(Command::Refresh)
        );
    }

    #[test]
    fn letters_are_refused_where_they_type_and_skipped_for_bare_actions() {
        let err = overridden(&[("picker.down", "j")]).unwrap_err().to_string();
        assert!(err.contains("[keys.picker] down"), "{err}");
        // `down = "x"` rebinds the tables and menus; filters and pickers keep
        // their arrows (x would type there).
        let km = overridden(&[("down", "x")]).unwrap();
        assert_eq!(
            km.lookup(Context::Menu, Key::char('x')),
            Some(Command::Down)
        );
        assert_eq!(km.keys_for(Context::Picker, Command::Down), "↓/Tab");
    }

    #[test]
    fn the_tree_keys_are_their_own_section() {
        let km = KeyMap::default();
        let t = |km: &KeyMap, s: &str| km.lookup_in(Context::Tree, parse_key(s).unwrap());
        assert_eq!(t(&km, "enter"), Some(Command::OpenNode));
        assert_eq!(t(&km, "right"), Some(Command::Expand));
        assert_eq!(t(&km, "h"), Some(Command::Collapse));
        assert_eq!(t(&km, "L"), Some(Command::GoTo));
        // The tables' keys are not the tree's (they come after it there).
        assert_eq!(t(&km, "j"), None);
        // `[keys.tree] expand = "x"` moves it; `l` is free again.
        let km = overridden(&[("tree.expand", "x")]).unwrap();
        assert_eq!(t(&km, "x"), Some(Command::Expand));
        assert_eq!(t(&km, "l"), None);
    }

    #[test]
    fn bad_overrides_say_which_key_and_action() {
        let mut o = HashMap::new();
        o.insert("refresh".to_string(), vec!["ctrl-ß".to_string()]);
        let err = KeyMap::default()
            .with_overrides(&o)
            .unwrap_err()
            .to_string();
        assert!(
            err.starts_with("unknown key \"ctrl-ß\" for action \"refresh\""),
            "{err}"
        );
        let mut o = HashMap::new();
        o.insert("frobnicate".to_string(), vec!["x".to_string()]);
        let err = KeyMap::default()
            .with_overrides(&o)
            .unwrap_err()
            .to_string();
        assert!(err.contains("\"frobnicate\""), "{err}");
    }

    #[test]
    fn help_is_generated_from_the_live_map() {
        let mut o = HashMap::new();
        o.insert("help".to_string(), vec!["f1".to_string()]);
        let km = KeyMap::default().with_overrides(&o).unwrap();
        let help = km.help();
        let tables = &help.iter().find(|s| s.title == "Tables").unwrap().lines;
        assert!(
            tables
                .iter()
                .any(|l| l.keys == "F1" && l.description == "help")
        );
        assert!(!tables.iter().any(|l| l.keys == "?"));
    }

    #[test]
    fn the_tab_keys_and_their_help_come_from_the_registry() {
        let help = KeyMap::default().help();
        let tables = &help.iter().find(|s| s.title == "Tables").unwrap().lines;
        let tabs: Vec<(&str, &str, &str)> = tables
            .iter()
            .take(5)
            .map(|l| (l.keys.as_str(), l.description, l.action))
            .collect();
        assert_eq!(
            tabs,
            [
                ("1", "servers", "tab_1"),
                ("2", "volumes", "tab_2"),
                ("3", "security groups", "tab_3"),
                ("4", "private networks", "tab_4"),
                ("5", "VPCs", "tab_5"),
            ]
        );
        // Every entry (the unit tests' probe view the last) is an action.
        let last = format!("tab_{}", Tab::ALL.len());
        assert!(is_action(&last) && is_action(&format!("normal.{last}")));
        assert!(!is_action(&format!("tab_{}", Tab::ALL.len() + 1)));
    }

    #[test]
    fn each_tab_command_has_its_own_name() {
        assert_eq!(Command::Tab(1).name(), "tab_1");
        assert_eq!(Command::Tab(5).name(), "tab_5");
        assert_eq!(Command::Tab(6).name(), "tab_6", "a sixth tab is not tab_5");
    }

    #[test]
    fn every_default_key_parses_and_names_an_action() {
        for (action, keys) in &crate::settings::defaults().keys {
            assert!(is_action(action), "[keys] {action} is not an action");
            for key in keys.keys() {
                assert!(parse_key(key).is_ok(), "[keys] {action}: {key:?}");
            }
        }
        // Every command the sections offer has a default key.
        let km = KeyMap::default();
        // The unit tests' probe view is no tab of config.toml.
        let probe = Command::Tab(u8::try_from(Tab::Probe.index() + 1).unwrap());
        for ctx in Context::ALL {
            for b in km.bindings(ctx).iter().filter(|b| b.command != probe) {
                assert!(
                    !b.keys.is_empty(),
                    "{} has no default key",
                    default_entry(ctx, b.command)
                );
            }
        }
        assert!(is_action("json.down"));
        assert!(!is_action("cancel"));
        assert!(!is_action("json.frobnicate"));
    }

    proptest! {
        #[test]
        fn parser_never_panics(s in "\\PC{0,12}") {
            let _ = parse_key(&s);
        }

        #[test]
        fn parser_never_panics_on_modifier_soup(s in "(ctrl-|alt-|shift-|f|-){0,4}.{0,3}") {
            if let Ok(k) = parse_key(&s) {
                // Whatever parses, displays without panicking.
                let _ = k.to_string();
            }
        }
    }
}
