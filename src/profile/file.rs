//! Reading the scw config file (YAML) with the `config` crate into raw, unvalidated
//! values; validation happens once all layers are merged, so each error can say
//! which layer a bad value came from.

use std::collections::BTreeMap;
use std::io::ErrorKind;
use std::path::{Path, PathBuf};

use config::{Config, File, FileFormat};
use serde::Deserialize;

use super::error::ConfigError;
use super::yaml_guard::{self, MAX_YAML_VALUES, Refused};

/// One set of scw settings, as written at the top level or under `profiles.NAME`.
/// Unknown keys are ignored, as scw does, so newer scw files still load.
/// No `Debug`: it holds the secret key in clear.
#[derive(Clone, Default, Deserialize)]
pub struct RawProfile {
    pub access_key: Option<String>,
    pub secret_key: Option<String>,
    pub api_url: Option<String>,
    pub insecure: Option<bool>,
    pub default_organization_id: Option<String>,
    pub default_project_id: Option<String>,
    pub default_region: Option<String>,
    pub default_zone: Option<String>,
    pub send_telemetry: Option<bool>,
}

/// The whole file: top-level values, the active profile's name, and the profiles.
/// The top-level fields are spelled out rather than `#[serde(flatten)]`ed so that a
/// type error keeps the key it is about. No `Debug`: it holds the secret key.
#[derive(Clone, Default, Deserialize)]
pub struct RawConfig {
    pub access_key: Option<String>,
    pub secret_key: Option<String>,
    pub api_url: Option<String>,
    pub insecure: Option<bool>,
    pub default_organization_id: Option<String>,
    pub default_project_id: Option<String>,
    pub default_region: Option<String>,
    pub default_zone: Option<String>,
    pub send_telemetry: Option<bool>,
    pub active_profile: Option<String>,
    /// A profile written as `name:` with nothing under it is an empty profile.
    #[serde(default)]
    pub profiles: BTreeMap<String, Option<RawProfile>>,
}

impl RawConfig {
    /// The top-level values, which every profile is merged over.
    pub fn top(&self) -> RawProfile {
        RawProfile {
            access_key: self.access_key.clone(),
            secret_key: self.secret_key.clone(),
            api_url: self.api_url.clone(),
            insecure: self.insecure,
            default_organization_id: self.default_organization_id.clone(),
            default_project_id: self.default_project_id.clone(),
            default_region: self.default_region.clone(),
            default_zone: self.default_zone.clone(),
            send_telemetry: self.send_telemetry,
        }
    }
}

/// Reads the first of `candidates` that exists. `Ok(None)` when none does: running
/// on environment variables alone is allowed.
pub fn read_first(candidates: &[PathBuf]) -> Result<Option<(PathBuf, RawConfig)>, ConfigError> {
    for path in candidates {
        match std::fs::read_to_string(path) {
            Ok(text) => return parse(path, &text).map(|raw| Some((path.clone(), raw))),
            Err(e) if e.kind() == ErrorKind::NotFound => continue,
            Err(source) => {
                return Err(ConfigError::Unreadable {
                    path: path.clone(),
                    source,
                });
            }
        }
    }
    Ok(None)
}

/// Parses the text of a scw config file; `path` is only used in errors.
/// Aliases are bounded before the loader expands them, and no error message
/// carries a credential's value (see [`yaml_guard`]).
pub fn parse(path: &Path, text: &str) -> Result<RawConfig, ConfigError> {
    let sensitive = match yaml_guard::scan(text) {
        Ok(scan) => scan.sensitive,
        Err(Refused::TooBig) => {
            return Err(ConfigError::Invalid {
                path: path.to_path_buf(),
                message: format!(
                    "its aliases expand to more than {MAX_YAML_VALUES} values (an alias bomb?); not loaded"
                ),
            });
        }
        // The loader below reports it with its line and column.
        Err(Refused::Syntax) => Vec::new(),
    };
    let redact = |message: String| redacted(message, &sensitive);
    let built = Config::builder()
        .add_source(File::from_str(text, FileFormat::Yaml))
        .build()
        .map_err(|e| match yaml_error(path, e) {
            ConfigError::Syntax {
                path,
                format,
                line,
                column,
                message,
            } => ConfigError::Syntax {
                path,
                format,
                line,
                column,
                message: redact(message),
            },
            ConfigError::Invalid { path, message } => ConfigError::Invalid {
                path,
                message: redact(message),
            },
            other => other,
        })?;
    built
        .try_deserialize::<RawConfig>()
        .map_err(|e| ConfigError::Invalid {
            path: path.to_path_buf(),
            message: redact(e.to_string()),
        })
}

/// `message` with every sensitive value replaced, longest first (so a value
/// that contains another is not half shown). Quoted, as serde quotes values,
/// always; bare only from a few characters on, so that a short test value
/// does not eat letters out of the words.
fn redacted(mut message: String, sensitive: &[String]) -> String {
    const BARE_FROM: usize = 6;
    let mut values: Vec<&str> = sensitive
        .iter()
        .map(|v| v.trim())
        .filter(|v| !v.is_empty())
        .collect();
    values.sort_by_key(|v| std::cmp::Reverse(v.len()));
    for value in values {
        message = message.replace(&format!("{value:?}"), "\"<redacted>\"");
        if value.chars().count() >= BARE_FROM {
            message = message.replace(value, "<redacted>");
        }
    }
    message
}

impl RawConfig {
    /// Whether any layer of the file sets a non-blank secret key.
    pub fn holds_secret(&self) -> bool {
        let set = |v: &Option<String>| v.as_deref().is_some_and(|s| !s.trim().is_empty());
        set(&self.secret_key) || self.profiles.values().flatten().any(|p| set(&p.secret_key))
    }
}

/// Turns the `config` crate's parse error into one that names the line, using the
/// YAML scanner's own position rather than picking it out of a message.
fn yaml_error(path: &Path, err: config::ConfigError) -> ConfigError {
    if let config::ConfigError::FileParse { cause, .. } = &err {
        if let Some(scan) = cause.downcast_ref::<yaml_rust2::ScanError>() {
            return ConfigError::Syntax {
                path: path.to_path_buf(),
                format: "YAML",
                line: scan.marker().line(),
                column: scan.marker().col() + 1,
                message: scan.info().to_string(),
            };
        }
        return ConfigError::Invalid {
            path: path.to_path_buf(),
            message: cause.to_string(),
        };
    }
    ConfigError::Invalid {
        path: path.to_path_buf(),
        message: err.to_string(),
    }
}
