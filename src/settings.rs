//! The dashboard's own settings (`scwdash/config.toml`): refresh intervals, key map,
//! theme and columns. The user's file is laid over the built-in defaults
//! (`assets/config.toml`) with the `config` crate, so it only names what it changes.

use std::collections::BTreeMap;
use std::fmt;
use std::path::{Path, PathBuf};
use std::str::FromStr;

use config::{Config, File, FileFormat};
use serde::de::{self, Deserializer, SeqAccess, Visitor};
use serde::{Deserialize, Serialize};

use crate::cli::CommonArgs;
use crate::profile::{ConfigError, EnvFn, Source, home_dir, real_env};

/// The documented defaults, embedded so the binary needs no file to run.
pub const DEFAULTS_TOML: &str = include_str!("../assets/config.toml");

/// The tables' actions with their default keys, as `KeyMap::default()` binds
/// them (a test keeps the two equal). Action names are checked against the key
/// map (`keymap::is_action`), which also accepts `mode.action` and the dialog
/// actions (`accept`, `yes`, `no`).
pub const DEFAULT_KEYS: &[(&str, &[&str])] = &[
    ("quit", &["q", "ctrl-c"]),
    ("help", &["?"]),
    ("pause", &["P"]),
    ("tab_1", &["1"]),
    ("tab_2", &["2"]),
    ("tab_3", &["3"]),
    ("tab_4", &["4"]),
    ("tab_5", &["5"]),
    ("next_tab", &["tab"]),
    ("prev_tab", &["backtab"]),
    ("pick_zone", &["z"]),
    ("prev_zone", &["["]),
    ("next_zone", &["]"]),
    ("down", &["j", "down"]),
    ("up", &["k", "up"]),
    ("top", &["g", "home"]),
    ("bottom", &["G", "end"]),
    ("page_up", &["pageup"]),
    ("page_down", &["pagedown"]),
    ("filter", &["/"]),
    ("back", &["esc"]),
    ("sort_next", &["s"]),
    ("sort_reverse", &["S"]),
    ("details", &["enter"]),
    ("raw_json", &["y"]),
    ("copy_id", &["c"]),
    ("refresh", &["r", "f5"]),
    ("power", &["p"]),
    ("new", &["n"]),
    ("edit", &["e"]),
    ("attach", &["a"]),
    ("delete", &["d"]),
];

/// The columns each tab can show; the defaults are a subset.
pub const SERVER_COLUMNS: &[&str] = &[
    "name",
    "id",
    "state",
    "type",
    "zone",
    "public_ip",
    "private_ip",
    "private_nets",
    "volumes",
    "security_group",
    "image",
    "arch",
    "tags",
    "project",
    "created",
    "price",
];
pub const VOLUME_COLUMNS: &[&str] = &[
    "name", "id", "status", "size", "iops", "zone", "server", "tags", "project", "created",
];
pub const SECURITY_GROUP_COLUMNS: &[&str] = &[
    "name",
    "id",
    "zone",
    "inbound_default",
    "outbound_default",
    "stateful",
    "rules",
    "servers",
    "tags",
    "project",
    "created",
];
pub const PRIVATE_NETWORK_COLUMNS: &[&str] = &[
    "name", "id", "region", "vpc", "subnets", "servers", "tags", "project", "created",
];
pub const VPC_COLUMNS: &[&str] = &[
    "name",
    "id",
    "region",
    "default",
    "private_networks",
    "routing",
    "tags",
    "project",
    "created",
];

/// The dashboard's settings, after the user's file and `--refresh` are applied.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct DashboardSettings {
    /// Seconds between automatic refreshes.
    pub refresh: f64,
    /// Seconds between refreshes while something is changing state.
    pub fast_refresh: f64,
    /// Action name -> keys, as written (parsed by the key map).
    pub keys: BTreeMap<String, KeyList>,
    pub theme: Theme,
    pub columns: Columns,
}

/// One or more keys for an action; the file may write `"q"` or `["q", "ctrl-c"]`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(transparent)]
pub struct KeyList(pub Vec<String>);

/// Colour names (as ratatui parses them) for the things whose colour carries meaning.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Theme {
    pub running: String,
    pub stopped: String,
    pub transitional: String,
    pub error: String,
    pub accent: String,
    pub muted: String,
    pub selection: String,
    pub destructive: String,
    pub demo_badge: String,
}

/// The columns each tab shows, left to right.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Columns {
    pub servers: Vec<String>,
    pub volumes: Vec<String>,
    pub security_groups: Vec<String>,
    pub private_networks: Vec<String>,
    pub vpcs: Vec<String>,
}

fn strings(list: &[&str]) -> Vec<String> {
    list.iter().map(|s| s.to_string()).collect()
}

impl Default for DashboardSettings {
    fn default() -> Self {
        DashboardSettings {
            refresh: 5.0,
            fast_refresh: 1.0,
            keys: DEFAULT_KEYS
                .iter()
                .map(|(action, keys)| (action.to_string(), KeyList(strings(keys))))
                .collect(),
            theme: Theme::default(),
            columns: Columns::default(),
        }
    }
}

impl Default for Theme {
    fn default() -> Self {
        Theme {
            running: "green".into(),
            stopped: "gray".into(),
            transitional: "yellow".into(),
            error: "red".into(),
            accent: "cyan".into(),
            muted: "darkgray".into(),
            selection: "blue".into(),
            destructive: "lightred".into(),
            demo_badge: "magenta".into(),
        }
    }
}

impl Default for Columns {
    fn default() -> Self {
        Columns {
            servers: strings(&[
                "name",
                "state",
                "type",
                "zone",
                "public_ip",
                "private_nets",
                "tags",
            ]),
            volumes: strings(&["name", "status", "size", "iops", "zone", "server", "tags"]),
            security_groups: strings(&[
                "name",
                "zone",
                "inbound_default",
                "outbound_default",
                "stateful",
                "rules",
                "tags",
            ]),
            private_networks: strings(&["name", "region", "vpc", "subnets", "servers", "tags"]),
            vpcs: strings(&["name", "region", "default", "private_networks", "tags"]),
        }
    }
}

impl<'de> Deserialize<'de> for KeyList {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct KeyListVisitor;
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
        d.deserialize_any(KeyListVisitor)
    }
}

impl DashboardSettings {
    /// The `[keys]` entries that differ from the defaults: what the key map
    /// must override (passing the defaults again would rebind `back` in every
    /// mode to the tables' keys).
    pub fn key_overrides(&self) -> std::collections::HashMap<String, Vec<String>> {
        self.keys
            .iter()
            .filter(|(action, keys)| {
                DEFAULT_KEYS
                    .iter()
                    .find(|(a, _)| a == action)
                    .is_none_or(|(_, d)| keys.0.iter().map(String::as_str).ne(d.iter().copied()))
            })
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
    /// Every role with its colour name, for validation and the help overlay.
    pub fn roles(&self) -> [(&'static str, &str); 9] {
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
        ]
    }
}

impl Columns {
    /// The chosen column ids of `tab`.
    pub fn for_tab(&self, tab: crate::app::Tab) -> &[String] {
        use crate::app::Tab;
        match tab {
            Tab::Servers => &self.servers,
            Tab::Volumes => &self.volumes,
            Tab::SecurityGroups => &self.security_groups,
            Tab::PrivateNetworks => &self.private_networks,
            Tab::Vpcs => &self.vpcs,
        }
    }

    /// Every tab with its chosen and its available columns.
    pub fn tabs(&self) -> [(&'static str, &[String], &'static [&'static str]); 5] {
        [
            ("servers", &self.servers, SERVER_COLUMNS),
            ("volumes", &self.volumes, VOLUME_COLUMNS),
            (
                "security_groups",
                &self.security_groups,
                SECURITY_GROUP_COLUMNS,
            ),
            (
                "private_networks",
                &self.private_networks,
                PRIVATE_NETWORK_COLUMNS,
            ),
            ("vpcs", &self.vpcs, VPC_COLUMNS),
        ]
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
    pub fn load(flags: &CommonArgs) -> Result<Self, ConfigError> {
        Self::load_with(flags, &real_env)
    }

    /// Loads with an injected environment; a missing file means the defaults.
    pub fn load_with(flags: &CommonArgs, env: EnvFn<'_>) -> Result<Self, ConfigError> {
        let mut settings = match settings_path(env) {
            Some(path) => Self::from_file(&path)?,
            None => Self::default(),
        };
        if let Some(secs) = flags.refresh {
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
            .add_source(File::from_str(text, FileFormat::Toml))
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
        ] {
            if !(secs.is_finite() && secs > 0.0) {
                return Err(format!(
                    "{name} = {secs}: expected a number of seconds above 0"
                ));
            }
        }
        for (action, keys) in &self.keys {
            if !crate::keymap::is_action(action) {
                let known: Vec<&str> = DEFAULT_KEYS.iter().map(|(a, _)| *a).collect();
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
        for (role, colour) in self.theme.roles() {
            if ratatui::style::Color::from_str(colour).is_err() {
                return Err(format!(
                    "[theme] {role} = {colour:?}: not a colour; use a name such as \"green\", \
                     a 256-colour index such as \"208\", or \"#rrggbb\""
                ));
            }
        }
        for (tab, chosen, available) in self.columns.tabs() {
            if chosen.is_empty() {
                return Err(format!("[columns] {tab}: expected at least one column"));
            }
            for (i, column) in chosen.iter().enumerate() {
                if !available.contains(&column.as_str()) {
                    return Err(format!(
                        "[columns] {tab}: unknown column {column:?}; columns are: {}",
                        available.join(", ")
                    ));
                }
                if chosen[..i].contains(column) {
                    return Err(format!(
                        "[columns] {tab}: column {column:?} is listed twice"
                    ));
                }
            }
        }
        Ok(())
    }
}

fn check_seconds(secs: f64, from: Source) -> Result<f64, ConfigError> {
    if secs.is_finite() && secs > 0.0 {
        Ok(secs)
    } else {
        Err(ConfigError::InvalidValue {
            what: "refresh interval",
            value: secs.to_string(),
            from,
            expected: "a number of seconds above 0",
        })
    }
}

/// A TOML syntax error with its 1-based line and column (the embedded defaults are
/// known to parse, so a parse error is always in the user's `text`).
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
