//! The dashboard's own settings (`scwdash/config.toml`): refresh intervals, key map,
//! theme and columns. The user's file is laid over the built-in defaults
//! (`assets/config.toml`) with the `config` crate, so it only names what it changes.

use std::borrow::Cow;
use std::collections::BTreeMap;
use std::fmt;
use std::path::{Path, PathBuf};
use std::str::FromStr;

use config::{Config, File, FileFormat};
use serde::de::{self, Deserializer, SeqAccess, Visitor};
use serde::{Deserialize, Serialize};

use crate::profile::{ConfigError, EnvFn, Source, home_dir, real_env};

/// The documented defaults, embedded so the binary needs no file to run.
pub const DEFAULTS_TOML: &str = include_str!("../assets/config.toml");

/// The volume price table with its sources (`[prices]`), laid over the
/// defaults like a second default file, so config.toml overrides it.
pub const PRICES_TOML: &str = include_str!("../assets/prices.toml");

/// The dashboard's settings, after the user's file and `--refresh` are applied.
/// No field has a default in code: the embedded `assets/config.toml` names
/// every one, and user files are laid over it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DashboardSettings {
    /// Seconds between automatic refreshes.
    pub refresh: f64,
    /// Seconds between refreshes while something is changing state.
    pub fast_refresh: f64,
    /// Items the auto-refresh lists a second at most, on average.
    pub refresh_items_per_second: f64,
    /// Clicks and the wheel act on the dashboard (false: the terminal's own
    /// selection works instead).
    pub mouse: bool,
    /// Action -> keys, as written (parsed by the key map): a bare action
    /// (`refresh`) as `[keys]` writes it, a mode's as `mode.action`
    /// (`[keys.json] down` and `"json.down"` are both `json.down`).
    #[serde(deserialize_with = "flat_keys")]
    pub keys: BTreeMap<String, KeyList>,
    pub theme: Theme,
    pub columns: Columns,
    /// `s` on a server: the command run in the terminal.
    pub ssh: Ssh,
    /// Words that stand for a command line (`prod = "filter tag:prod"`).
    /// Empty by default: an empty table is left out of a TOML file.
    #[serde(default)]
    pub aliases: BTreeMap<String, String>,
    /// `[prices]`: what volumes cost (assets/prices.toml).
    pub prices: Prices,
    /// `[cost]`: what the cost view calls a leak.
    pub cost: CostSettings,
    pub events: EventSettings,
    pub notifications: Notifications,
}

/// `[prices]`: EUR per GB-month by volume type, and where the figures come
/// from (shown by the cost view).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Prices {
    pub source: String,
    pub date: String,
    /// Volume type (`sbs_5k`, `l_ssd`) -> EUR per GB (10^9 bytes) and month.
    pub volumes: BTreeMap<String, f64>,
}

/// `[cost]`: the thresholds of the cost view's leaks.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CostSettings {
    /// A server stopped for longer than this still holding volumes is a leak.
    pub stopped_days: u32,
}

/// `[events]`: the changes of each refresh.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EventSettings {
    /// Seconds a changed row stays highlighted.
    pub highlight: f64,
}

/// `[notifications]`: the bell and a desktop notification when an action
/// finishes (off by default).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Notifications {
    pub enabled: bool,
    /// `osc9`, `osc777` or `bell`.
    pub desktop: String,
}

impl Notifications {
    /// How notifications go out, or `None` when they are off.
    pub fn desktop(&self) -> Option<crate::app::events::Desktop> {
        use crate::app::events::Desktop;
        if !self.enabled {
            return None;
        }
        match self.desktop.as_str() {
            "osc9" => Some(Desktop::Osc9),
            "osc777" => Some(Desktop::Osc777),
            _ => Some(Desktop::Bell),
        }
    }
}

/// `[ssh]`: the command `s` runs on a server, with placeholders.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Ssh {
    pub command: String,
    pub user: String,
}

/// One or more keys for an action; the file may write `"q"` or `["q", "ctrl-c"]`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(transparent)]
pub struct KeyList(pub Vec<String>);

/// `[theme]`: which preset to use, the presets' colours, and the user's own
/// colours laid over whichever preset is in use.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Theme {
    pub preset: Preset,
    /// For terminals with a dark background.
    pub dark: Palette,
    /// For terminals with a light background.
    pub light: Palette,
    /// `[theme] running = "..."` and friends: override the preset in use.
    pub running: Option<String>,
    pub stopped: Option<String>,
    pub transitional: Option<String>,
    pub error: Option<String>,
    pub accent: Option<String>,
    pub muted: Option<String>,
    pub selection: Option<String>,
    pub destructive: Option<String>,
    pub demo_badge: Option<String>,
    pub text: Option<String>,
    pub badge_text: Option<String>,
}

/// `[theme] preset`: a palette by name, or the one matching the terminal's
/// background (asked with OSC 11 at start-up).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase", try_from = "String")]
pub enum Preset {
    Dark,
    Light,
    Auto,
}

impl TryFrom<String> for Preset {
    type Error = String;
    fn try_from(name: String) -> Result<Self, String> {
        match name.as_str() {
            "dark" => Ok(Preset::Dark),
            "light" => Ok(Preset::Light),
            "auto" => Ok(Preset::Auto),
            _ => Err(format!(
                "[theme] preset = {name:?}: expected \"dark\", \"light\" or \"auto\""
            )),
        }
    }
}

/// Which of the two palettes a terminal needs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Background {
    Dark,
    Light,
}

/// Colour names (as ratatui parses them) for the things whose colour carries meaning.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Palette {
    pub running: String,
    pub stopped: String,
    pub transitional: String,
    pub error: String,
    pub accent: String,
    pub muted: String,
    pub selection: String,
    pub destructive: String,
    pub demo_badge: String,
    /// Ordinary text.
    pub text: String,
    /// Text on badges (DEMO, READ-ONLY, the current tab and zone).
    pub badge_text: String,
}

/// The columns each tab shows, left to right, by the kind's key
/// (`[columns] servers = [...]`; the keys come from the kinds registry).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Columns(BTreeMap<String, Vec<String>>);

impl Default for DashboardSettings {
    /// The embedded `assets/config.toml`, parsed once.
    fn default() -> Self {
        defaults().clone()
    }
}

impl Default for Theme {
    fn default() -> Self {
        defaults().theme.clone()
    }
}

impl Default for Columns {
    fn default() -> Self {
        defaults().columns.clone()
    }
}

/// The built-in settings: `assets/config.toml` alone. It is part of the
/// binary and a test proves it parses and validates, so failing here is a
/// build defect, not a user error.
pub fn defaults() -> &'static DashboardSettings {
    static DEFAULTS: std::sync::OnceLock<DashboardSettings> = std::sync::OnceLock::new();
    DEFAULTS.get_or_init(|| {
        Config::builder()
            .add_source(File::from_str(DEFAULTS_TOML, FileFormat::Toml))
            .add_source(File::from_str(PRICES_TOML, FileFormat::Toml))
            .build()
            .and_then(Config::try_deserialize)
            .expect("the embedded assets/config.toml is valid settings")
    })
}

/// `[keys]` flattened: `action = keys` stays `action`, a `[keys.mode]`
/// table's `action = keys` becomes `mode.action`.
fn flat_keys<'de, D: Deserializer<'de>>(d: D) -> Result<BTreeMap<String, KeyList>, D::Error> {
    let entries = BTreeMap::<String, KeyEntry>::deserialize(d)?;
    let mut flat = BTreeMap::new();
    for (name, entry) in entries {
        match entry {
            KeyEntry::Keys(keys) => {
                flat.insert(name, keys);
            }
            KeyEntry::Mode(actions) => {
                for (action, keys) in actions {
                    flat.insert(format!("{name}.{action}"), keys);
                }
            }
        }
    }
    Ok(flat)
}

/// One entry of `[keys]`: an action's keys, or a mode's table of them.
enum KeyEntry {
    Keys(KeyList),
    Mode(BTreeMap<String, KeyList>),
}

impl<'de> Deserialize<'de> for KeyEntry {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct EntryVisitor;
        impl<'de> Visitor<'de> for EntryVisitor {
            type Value = KeyEntry;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(
                    "a key such as \"q\" or a list of keys such as [\"q\", \"ctrl-c\"] \
                     (or a mode's table of them)",
                )
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<KeyEntry, E> {
                KeyListVisitor.visit_str(v).map(KeyEntry::Keys)
            }
            fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<KeyEntry, A::Error> {
                KeyListVisitor.visit_seq(seq).map(KeyEntry::Keys)
            }
            fn visit_map<A: de::MapAccess<'de>>(self, map: A) -> Result<KeyEntry, A::Error> {
                let actions = BTreeMap::deserialize(de::value::MapAccessDeserializer::new(map))?;
                Ok(KeyEntry::Mode(actions))
            }
        }
        d.deserialize_any(EntryVisitor)
    }
}

/// Reads `"q"` or `["q", "ctrl-c"]`.
struct KeyListVisitor;

impl<'de> Deserialize<'de> for KeyList {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_any(KeyListVisitor)
    }
}

impl<'de> Visitor<'de> for KeyListVisitor {
    type Value = KeyList;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a key such as \"q\" or a list of keys such as [\"q\", \"ctrl-c\"]")
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<KeyList, E> {
        Ok(KeyList(vec![v.to_string()]))
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<KeyList, A::Error> {
        let mut keys = Vec::new();
        while let Some(key) = seq.next_element::<String>()? {
            keys.push(key);
        }
        Ok(KeyList(keys))
    }
}

impl DashboardSettings {
    /// The `[keys]` entries that differ from the defaults: what the key map
    /// must override (passing the defaults again would rebind `back` in every
    /// mode to the tables' keys).
    pub fn key_overrides(&self) -> std::collections::HashMap<String, Vec<String>> {
        let defaults = &defaults().keys;
        self.keys
            .iter()
            .filter(|(action, keys)| defaults.get(*action) != Some(keys))
            .map(|(a, k)| (a.clone(), k.0.clone()))
            .collect()
    }
}

impl KeyList {
    pub fn keys(&self) -> impl Iterator<Item = &str> {
        self.0.iter().map(String::as_str)
    }
}

impl Theme {
    /// The background the palette is for: the preset's, or for `auto` what
    /// `detect` finds (dark when the terminal does not say).
    pub fn background(&self, detect: impl FnOnce() -> Option<Background>) -> Background {
        match self.preset {
            Preset::Dark => Background::Dark,
            Preset::Light => Background::Light,
            Preset::Auto => detect().unwrap_or(Background::Dark),
        }
    }

    /// The colours for `background`: its preset with the user's `[theme]`
    /// colours laid over.
    pub fn palette(&self, background: Background) -> Palette {
        let base = match background {
            Background::Dark => &self.dark,
            Background::Light => &self.light,
        };
        let pick = |own: &Option<String>, preset: &String| own.clone().unwrap_or(preset.clone());
        Palette {
            running: pick(&self.running, &base.running),
            stopped: pick(&self.stopped, &base.stopped),
            transitional: pick(&self.transitional, &base.transitional),
            error: pick(&self.error, &base.error),
            accent: pick(&self.accent, &base.accent),
            muted: pick(&self.muted, &base.muted),
            selection: pick(&self.selection, &base.selection),
            destructive: pick(&self.destructive, &base.destructive),
            demo_badge: pick(&self.demo_badge, &base.demo_badge),
            text: pick(&self.text, &base.text),
            badge_text: pick(&self.badge_text, &base.badge_text),
        }
    }
}

impl Palette {
    /// Every role with its colour name, for validation and the help overlay.
    pub fn roles(&self) -> [(&'static str, &str); 11] {
        [
            ("running", &self.running),
            ("stopped", &self.stopped),
            ("transitional", &self.transitional),
            ("error", &self.error),
            ("accent", &self.accent),
            ("muted", &self.muted),
            ("selection", &self.selection),
            ("destructive", &self.destructive),
            ("demo_badge", &self.demo_badge),
            ("text", &self.text),
            ("badge_text", &self.badge_text),
        ]
    }
}

impl Columns {
    /// The chosen column ids of `tab`.
    pub fn for_tab(&self, tab: crate::app::Tab) -> &[String] {
        self.0.get(tab.about().key).map_or(&[], Vec::as_slice)
    }

    /// These settings with `tab` showing `ids`.
    pub fn with<S: Into<String>>(
        mut self,
        tab: crate::app::Tab,
        ids: impl IntoIterator<Item = S>,
    ) -> Self {
        let ids = ids.into_iter().map(Into::into).collect();
        self.0.insert(tab.about().key.to_string(), ids);
        self
    }

    /// Checks every tab's choice against its kind's catalogue, and that
    /// every table names a kind.
    fn validate(&self) -> Result<(), String> {
        use crate::app::Tab;
        for name in self.0.keys() {
            if Tab::from_key(name).is_none() {
                let keys: Vec<&str> = Tab::ALL.iter().map(|t| t.about().key).collect();
                return Err(format!(
                    "[columns] {name}: not a tab; tabs are: {}",
                    keys.join(", ")
                ));
            }
        }
        // A view without columns takes no `[columns]` entry.
        for tab in Tab::ALL
            .into_iter()
            .filter(|t| !t.about().columns.is_empty())
        {
            let name = tab.about().key;
            let chosen = self.for_tab(tab);
            let catalogue = tab.catalogue();
            let available: Vec<&str> = catalogue.iter().map(|c| c.id).collect();
            if chosen.is_empty() {
                return Err(format!("[columns] {name}: expected at least one column"));
            }
            for (i, column) in chosen.iter().enumerate() {
                if !available.contains(&column.as_str()) {
                    return Err(format!(
                        "[columns] {name}: unknown column {column:?}; columns are: {}",
                        available.join(", ")
                    ));
                }
                if chosen[..i].contains(column) {
                    return Err(format!(
                        "[columns] {name}: column {column:?} is listed twice"
                    ));
                }
            }
        }
        Ok(())
    }
}

/// Where the user's settings file lives: `$XDG_CONFIG_HOME/scwdash/config.toml`,
/// else `~/.config/scwdash/config.toml` on Linux, else the platform config dir.
pub fn settings_path(env: EnvFn<'_>) -> Option<PathBuf> {
    if let Some(xdg) = env("XDG_CONFIG_HOME").filter(|v| !v.is_empty()) {
        return Some(PathBuf::from(xdg).join("scwdash").join("config.toml"));
    }
    if cfg!(target_os = "linux")
        && let Some(home) = home_dir(env)
    {
        return Some(home.join(".config").join("scwdash").join("config.toml"));
    }
    directories::ProjectDirs::from("", "", "scwdash").map(|d| d.config_dir().join("config.toml"))
}

impl DashboardSettings {
    /// Loads the user's file (if any) from the real environment's config dir.
    pub fn load(refresh: Option<f64>) -> Result<Self, ConfigError> {
        Self::load_with(refresh, &real_env)
    }

    /// Loads with an injected environment; a missing file means the defaults.
    /// `refresh` is the `--refresh` flag, which wins over the file.
    pub fn load_with(refresh: Option<f64>, env: EnvFn<'_>) -> Result<Self, ConfigError> {
        let mut settings = match settings_path(env) {
            Some(path) => Self::from_file(&path)?,
            None => Self::default(),
        };
        if let Some(secs) = refresh {
            settings.refresh = check_seconds(secs, Source::Flag("--refresh"))?;
        }
        Ok(settings)
    }

    /// The defaults overlaid with `path`; a missing file gives the defaults.
    pub fn from_file(path: &Path) -> Result<Self, ConfigError> {
        match std::fs::read_to_string(path) {
            Ok(text) => Self::from_toml(path, &text),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(Self::default()),
            Err(source) => Err(ConfigError::Unreadable {
                path: path.to_path_buf(),
                source,
            }),
        }
    }

    /// The defaults overlaid with the TOML `text`; `path` names it in errors.
    pub fn from_toml(path: &Path, text: &str) -> Result<Self, ConfigError> {
        let invalid = |message: String| ConfigError::Invalid {
            path: path.to_path_buf(),
            message,
        };
        let merged = Config::builder()
            .add_source(File::from_str(DEFAULTS_TOML, FileFormat::Toml))
            .add_source(File::from_str(PRICES_TOML, FileFormat::Toml))
            .add_source(File::from_str(&theme_shorthand(text), FileFormat::Toml))
            .build()
            .map_err(|e| toml_error(path, text, e))?;
        let settings: DashboardSettings = merged
            .try_deserialize()
            .map_err(|e| invalid(e.to_string()))?;
        settings.validate().map_err(invalid)?;
        Ok(settings)
    }

    /// Checks what serde cannot: intervals, action names, colours and columns.
    fn validate(&self) -> Result<(), String> {
        for (name, secs) in [
            ("refresh", self.refresh),
            ("fast_refresh", self.fast_refresh),
            ("[events] highlight", self.events.highlight),
        ] {
            if !valid_interval(secs) {
                return Err(format!(
                    "{name} = {}: expected {INTERVAL_RANGE}",
                    shown_seconds(secs)
                ));
            }
        }
        let rate = self.refresh_items_per_second;
        if !(rate.is_finite() && rate >= 1.0) {
            return Err(format!(
                "refresh_items_per_second = {rate}: expected a number of items of 1 or more"
            ));
        }
        for (action, keys) in &self.keys {
            if !crate::keymap::is_action(action) {
                let keymap = crate::keymap::KeyMap::default();
                let known: Vec<&str> = keymap
                    .bindings(crate::keymap::Context::Normal)
                    .iter()
                    .map(|b| b.command.name())
                    .collect();
                return Err(format!(
                    "unknown action {action:?} in [keys]; actions are: {}",
                    known.join(", ")
                ));
            }
            if keys.0.is_empty() || keys.0.iter().any(|k| k.trim().is_empty()) {
                return Err(format!(
                    "[keys] {action}: expected at least one non-empty key"
                ));
            }
            for key in &keys.0 {
                if let Err(e) = crate::keymap::parse_key(key) {
                    return Err(format!("[keys] {action}: {e}"));
                }
            }
        }
        // Two actions on one key in one mode: named here, with the file.
        if let Err(e) = crate::keymap::KeyMap::default().with_overrides(&self.key_overrides()) {
            return Err(e.to_string());
        }
        // The presets first: once they are colours, a fault in the merged
        // palette is in the user's own `[theme]` colours.
        for (table, palette) in [
            ("[theme.dark]", self.theme.dark.clone()),
            ("[theme.light]", self.theme.light.clone()),
            ("[theme]", self.theme.palette(Background::Dark)),
        ] {
            for (role, colour) in palette.roles() {
                if ratatui::style::Color::from_str(colour).is_err() {
                    return Err(format!(
                        "{table} {role} = {colour:?}: not a colour; use a name such as \"green\", \
                         a 256-colour index such as \"208\", or \"#rrggbb\""
                    ));
                }
            }
        }
        self.prices.validate()?;
        if !["osc9", "osc777", "bell"].contains(&self.notifications.desktop.as_str()) {
            return Err(format!(
                "[notifications] desktop = {:?}: expected \"osc9\", \"osc777\" or \"bell\"",
                self.notifications.desktop
            ));
        }
        self.columns.validate()?;
        crate::app::shell::Template::parse(&self.ssh.command, &self.ssh.user)?;
        crate::commands::Aliases(self.aliases.clone()).check()
    }
}

impl Prices {
    /// Every price a number of euros, none negative.
    fn validate(&self) -> Result<(), String> {
        for (kind, price) in &self.volumes {
            if !price.is_finite() || *price < 0.0 {
                return Err(format!(
                    "[prices.volumes] {kind} = {price}: expected euros per GB and month, 0 or more"
                ));
            }
        }
        Ok(())
    }
}

/// The longest refresh interval accepted: a day. Far beyond any use, and well
/// inside what a `Duration` holds (`1e20` seconds would panic converting).
const MAX_INTERVAL_SECS: f64 = 86_400.0;

const INTERVAL_RANGE: &str = "a number of seconds above 0 and at most 86400 (a day)";

fn valid_interval(secs: f64) -> bool {
    secs.is_finite() && secs > 0.0 && secs <= MAX_INTERVAL_SECS
}

/// A number of seconds as written, but `1e308` rather than its 309 digits.
fn shown_seconds(secs: f64) -> String {
    if secs.abs() >= 1e16 {
        format!("{secs:e}")
    } else {
        secs.to_string()
    }
}

fn check_seconds(secs: f64, from: Source) -> Result<f64, ConfigError> {
    if valid_interval(secs) {
        Ok(secs)
    } else {
        Err(ConfigError::InvalidValue {
            what: "refresh interval",
            value: shown_seconds(secs),
            from,
            expected: INTERVAL_RANGE,
        })
    }
}

/// A TOML syntax error with its 1-based line and column (the embedded defaults are
/// known to parse, so a parse error is always in the user's `text`).
/// `theme = "light"` (a preset's name where `[theme]` is a table) means
/// `[theme] preset = "light"`: the user's text with that one value made a
/// table, so the presets' colours from the defaults stay under it. Any other
/// text, a faulty one included (its error names its own lines), is kept.
fn theme_shorthand(text: &str) -> Cow<'_, str> {
    let Ok(mut table) = text.parse::<toml::Table>() else {
        return Cow::Borrowed(text);
    };
    let Some(toml::Value::String(preset)) = table.get("theme") else {
        return Cow::Borrowed(text);
    };
    let preset = toml::Table::from_iter([("preset".to_string(), preset.clone().into())]);
    table.insert("theme".to_string(), toml::Value::Table(preset));
    toml::to_string(&table).map_or(Cow::Borrowed(text), Cow::Owned)
}

fn toml_error(path: &Path, text: &str, err: config::ConfigError) -> ConfigError {
    if let config::ConfigError::FileParse { cause, .. } = &err
        && let Some(toml_err) = cause.downcast_ref::<toml::de::Error>()
    {
        let offset = toml_err.span().map(|s| s.start).unwrap_or(0);
        let before = text.get(..offset).unwrap_or(text);
        let line = before.matches('\n').count() + 1;
        let column = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
        return ConfigError::Syntax {
            path: path.to_path_buf(),
            format: "TOML",
            line,
            column,
            message: toml_err.message().trim().to_string(),
        };
    }
    ConfigError::Invalid {
        path: path.to_path_buf(),
        message: err.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_columns_table_must_name_a_tab() {
        let e =
            DashboardSettings::from_toml(Path::new("c.toml"), "[columns]\nservres = [\"name\"]\n")
                .unwrap_err()
                .to_string();
        assert!(
            e.contains("[columns] servres: not a tab; tabs are: servers, volumes,"),
            "{e}"
        );
    }
}
