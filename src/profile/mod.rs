//! The scw CLI's configuration, read exactly as scw reads it: config file (top level,
//! then the chosen profile), then `SCW_*` variables, then command-line flags.
//!
//! Missing credentials are not an error here: the dashboard shows a help screen
//! built from [`ScwProfile::missing_credentials`] and [`ScwProfile::searched_paths`].

mod env;
mod error;
mod file;
mod paths;
mod safety;
mod yaml_guard;

use std::path::PathBuf;

use crate::api::{AccessKey, Region, RegionScope, SecretKey, Zone, ZoneScope};

pub use env::{EnvFn, real_env};
pub use error::{ConfigError, Source};
pub use paths::{candidate_paths, home_dir};

use env::non_empty;
use file::{RawConfig, RawProfile};

/// The command line's say over the profile (`--profile`, `--zone`,
/// `--region`, `--api-url`, `--config`), as plain data: the clap types stay
/// in `cli`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ConnectionFlags {
    pub profile: Option<String>,
    pub zone: Option<String>,
    pub region: Option<String>,
    pub api_url: Option<String>,
    pub config: Option<std::path::PathBuf>,
    /// `--insecure-http`: plain http to a host that is not loopback.
    pub insecure_http: bool,
}

/// The API endpoint used when nothing else is configured.
pub const DEFAULT_API_URL: &str = "https://api.scaleway.com";

/// The profile name scw reserves for the file's top-level values.
pub const DEFAULT_PROFILE: &str = "default";

/// The zone scw falls back to when none is configured anywhere.
pub const DEFAULT_ZONE: Zone = Zone::FrPar1;

/// The resolved scw settings the dashboard and `list` run with. Its `Debug`
/// shows neither key: the secret is redacted, the access key only a prefix.
#[derive(Debug, Clone)]
pub struct ScwProfile {
    /// The profile in use; [`DEFAULT_PROFILE`] for the file's top level.
    pub profile: String,
    pub access_key: Option<AccessKey>,
    pub secret_key: Option<SecretKey>,
    pub organization_id: Option<String>,
    pub project_id: Option<String>,
    /// Base URL of the API, without a trailing slash.
    pub api_url: String,
    pub insecure: bool,
    pub send_telemetry: Option<bool>,
    /// The zone to start in; `All` only when `--zone all` was given.
    pub zone: ZoneScope,
    /// The region for regional kinds: as configured, else the zone's region.
    pub region: RegionScope,
    /// The config file that was read, if one exists.
    pub config_file: Option<PathBuf>,
    /// Worth telling before starting: plain http allowed by `--insecure-http`,
    /// a config file with a secret that others can read.
    pub warnings: Vec<String>,
    searched: Vec<PathBuf>,
}

impl ScwProfile {
    /// Loads from the real process environment; an `SCW_*` variable that is
    /// not UTF-8 is an error rather than silently unset.
    pub fn load(flags: &ConnectionFlags) -> Result<Self, ConfigError> {
        safety::check_env_unicode(std::env::vars_os())?;
        Self::load_with(flags, &real_env)
    }

    /// Loads with an injected environment (tests, or a caller with its own).
    pub fn load_with(flags: &ConnectionFlags, env: EnvFn<'_>) -> Result<Self, ConfigError> {
        let searched = candidate_paths(flags.config.as_deref(), env);
        let (config_file, raw) = match file::read_first(&searched)? {
            Some((path, raw)) => (Some(path), raw),
            None => (None, RawConfig::default()),
        };
        let (profile, mut layers) = file_layers(&raw, config_file.as_ref(), flags, env)?;
        layers.push(env_layer(env));
        layers.push(flag_layer(flags));

        let mut merged = Merged::default();
        for layer in layers {
            merged.apply(layer)?;
        }
        let (zone, region) = merged.locality();
        let mut warnings = Vec::new();
        let api_url = match merged.api_url {
            Some((url, from)) => {
                warnings.extend(safety::check_cleartext(&url, &from, flags.insecure_http)?);
                url
            }
            None => DEFAULT_API_URL.to_string(),
        };
        if let Some(path) = &config_file {
            warnings.extend(safety::check_file_mode(path, raw.holds_secret()));
        }
        Ok(ScwProfile {
            profile,
            access_key: merged.access_key.map(AccessKey::new),
            secret_key: merged.secret_key,
            organization_id: merged.organization_id,
            project_id: merged.project_id,
            api_url,
            insecure: merged.insecure.unwrap_or(false),
            send_telemetry: merged.send_telemetry,
            zone,
            region,
            config_file,
            warnings,
            searched,
        })
    }

    /// The credentials that are not configured anywhere, by their scw config key
    /// (`access_key`, `secret_key`). Only the secret key is needed to call the API;
    /// the access key is listed so the help screen can ask for the pair, as scw does.
    pub fn missing_credentials(&self) -> Vec<&'static str> {
        let mut missing = Vec::new();
        if self.access_key.is_none() {
            missing.push("access_key");
        }
        if self.secret_key.is_none() {
            missing.push("secret_key");
        }
        missing
    }

    /// Whether the API can be called (a secret key is configured).
    pub fn can_authenticate(&self) -> bool {
        self.secret_key.is_some()
    }

    /// The files looked for, best first, for the help screen.
    pub fn searched_paths(&self) -> &[PathBuf] {
        &self.searched
    }
}

/// One layer of settings with where each value came from. Zones and regions stay
/// text until merged so a bad one is reported with its origin.
#[derive(Default)]
struct Layer {
    access_key: Option<String>,
    secret_key: Option<SecretKey>,
    api_url: Option<(String, Source)>,
    insecure: Option<bool>,
    /// `insecure` as text, from the environment; parsed when merged so a bad value
    /// is an error, not a silent `false`.
    insecure_text: Option<(String, Source)>,
    organization_id: Option<String>,
    project_id: Option<String>,
    send_telemetry: Option<bool>,
    zone: Option<(String, Source)>,
    region: Option<(String, Source)>,
}

/// Picks the profile (`--profile` > `SCW_PROFILE` > `active_profile` > top level)
/// and returns its name with the file's layers: top level, then the profile.
fn file_layers(
    raw: &RawConfig,
    path: Option<&PathBuf>,
    flags: &ConnectionFlags,
    env: EnvFn<'_>,
) -> Result<(String, Vec<Layer>), ConfigError> {
    let file_source = |key: &str| Source::File {
        key: key.to_string(),
        path: path.cloned().unwrap_or_default(),
    };
    let chosen = flags
        .profile
        .clone()
        .filter(|p| !p.trim().is_empty())
        .map(|p| (p, Source::Flag("--profile")))
        .or_else(|| non_empty(env, "SCW_PROFILE").map(|p| (p, Source::Env("SCW_PROFILE"))))
        .or_else(|| {
            raw.active_profile
                .clone()
                .filter(|p| !p.trim().is_empty())
                .map(|p| (p, file_source("active_profile")))
        });

    let top = raw_layer(&raw.top(), "", path);
    let Some((name, chosen_by)) = chosen else {
        return Ok((DEFAULT_PROFILE.to_string(), vec![top]));
    };
    // scw reserves "default" for the top level, even if `profiles.default` exists.
    if name == DEFAULT_PROFILE {
        return Ok((name, vec![top]));
    }
    match raw.profiles.get(&name) {
        Some(profile) => {
            let prefix = format!("profiles.{name}.");
            let layer = raw_layer(&profile.clone().unwrap_or_default(), &prefix, path);
            Ok((name, vec![top, layer]))
        }
        None => Err(ConfigError::UnknownProfile {
            name,
            chosen_by,
            file: path.cloned(),
            available: std::iter::once(DEFAULT_PROFILE.to_string())
                .chain(
                    raw.profiles
                        .keys()
                        .filter(|k| k.as_str() != DEFAULT_PROFILE)
                        .cloned(),
                )
                .collect(),
        }),
    }
}

fn raw_layer(raw: &RawProfile, prefix: &str, path: Option<&PathBuf>) -> Layer {
    let source = |key: &str| Source::File {
        key: format!("{prefix}{key}"),
        path: path.cloned().unwrap_or_default(),
    };
    // A blank key in the file is unset, like an empty variable: the help
    // screen, not a request with an empty token.
    let credential = |v: &Option<String>| v.clone().filter(|v| !v.trim().is_empty());
    Layer {
        access_key: credential(&raw.access_key),
        secret_key: credential(&raw.secret_key).map(SecretKey::new),
        api_url: raw.api_url.clone().map(|v| (v, source("api_url"))),
        insecure: raw.insecure,
        insecure_text: None,
        organization_id: raw.default_organization_id.clone(),
        project_id: raw.default_project_id.clone(),
        send_telemetry: raw.send_telemetry,
        zone: raw
            .default_zone
            .clone()
            .map(|v| (v, source("default_zone"))),
        region: raw
            .default_region
            .clone()
            .map(|v| (v, source("default_region"))),
    }
}

fn env_layer(env: EnvFn<'_>) -> Layer {
    let with = |var: &'static str| non_empty(env, var).map(|v| (v, Source::Env(var)));
    Layer {
        access_key: non_empty(env, "SCW_ACCESS_KEY"),
        secret_key: non_empty(env, "SCW_SECRET_KEY").map(SecretKey::new),
        api_url: with("SCW_API_URL"),
        insecure: None,
        insecure_text: with("SCW_INSECURE"),
        organization_id: non_empty(env, "SCW_DEFAULT_ORGANIZATION_ID"),
        project_id: non_empty(env, "SCW_DEFAULT_PROJECT_ID"),
        send_telemetry: None,
        zone: with("SCW_DEFAULT_ZONE"),
        region: with("SCW_DEFAULT_REGION"),
    }
}

fn flag_layer(flags: &ConnectionFlags) -> Layer {
    let with = |v: &Option<String>, flag: &'static str| {
        v.clone()
            .filter(|v| !v.trim().is_empty())
            .map(|v| (v, Source::Flag(flag)))
    };
    Layer {
        api_url: with(&flags.api_url, "--api-url"),
        zone: with(&flags.zone, "--zone"),
        region: with(&flags.region, "--region"),
        ..Layer::default()
    }
}

/// Parses a textual boolean the way Go's `strconv.ParseBool` (used by scw) does.
fn parse_go_bool(text: &str) -> Option<bool> {
    match text.trim() {
        "1" | "t" | "T" | "true" | "TRUE" | "True" => Some(true),
        "0" | "f" | "F" | "false" | "FALSE" | "False" => Some(false),
        _ => None,
    }
}

/// The settings as merged so far, weakest layer first.
#[derive(Default)]
struct Merged {
    access_key: Option<String>,
    secret_key: Option<SecretKey>,
    api_url: Option<(String, Source)>,
    insecure: Option<bool>,
    organization_id: Option<String>,
    project_id: Option<String>,
    send_telemetry: Option<bool>,
    zone: Option<ZoneScope>,
    region: Option<RegionScope>,
}

impl Merged {
    fn apply(&mut self, layer: Layer) -> Result<(), ConfigError> {
        fn set<T>(slot: &mut Option<T>, value: Option<T>) {
            if value.is_some() {
                *slot = value;
            }
        }
        set(&mut self.access_key, layer.access_key);
        set(&mut self.secret_key, layer.secret_key);
        set(&mut self.organization_id, layer.organization_id);
        set(&mut self.project_id, layer.project_id);
        set(&mut self.insecure, layer.insecure);
        set(&mut self.send_telemetry, layer.send_telemetry);
        if let Some((value, from)) = layer.insecure_text {
            let parsed = parse_go_bool(&value).ok_or(ConfigError::InvalidValue {
                what: "boolean",
                value,
                from,
                expected: "true or false",
            })?;
            self.insecure = Some(parsed);
        }
        if let Some((value, from)) = layer.api_url {
            self.api_url = Some((parse_api_url(value, from.clone())?, from));
        }
        let zone = layer
            .zone
            .map(|(v, from)| parse_zone(v, from))
            .transpose()?;
        let region = layer
            .region
            .map(|(v, from)| parse_region(v, from))
            .transpose()?;
        // A zone set in a stronger layer than the region carries its own region:
        // `--zone nl-ams-1` must not leave regional kinds in the file's fr-par.
        if let Some(zone) = zone {
            self.zone = Some(zone);
            self.region = Some(match zone {
                ZoneScope::One(z) => RegionScope::One(z.region()),
                ZoneScope::All => RegionScope::All,
            });
        }
        set(&mut self.region, region);
        Ok(())
    }

    /// The final zone and region: what was set, else derived from the other, else
    /// scw's defaults (fr-par-1 in fr-par).
    fn locality(&self) -> (ZoneScope, RegionScope) {
        let zone = self.zone.unwrap_or(match self.region {
            Some(RegionScope::One(r)) => ZoneScope::One(r.zones().next().unwrap_or(DEFAULT_ZONE)),
            Some(RegionScope::All) => ZoneScope::All,
            None => ZoneScope::One(DEFAULT_ZONE),
        });
        let region = self.region.unwrap_or(match zone {
            ZoneScope::One(z) => RegionScope::One(z.region()),
            ZoneScope::All => RegionScope::All,
        });
        (zone, region)
    }
}

/// `all` is a choice only on the command line; a config default names one zone.
fn parse_zone(value: String, from: Source) -> Result<ZoneScope, ConfigError> {
    let allow_all = matches!(from, Source::Flag(_));
    let parsed = if allow_all {
        value.parse::<ZoneScope>().ok()
    } else {
        value.parse::<Zone>().ok().map(ZoneScope::One)
    };
    parsed.ok_or_else(|| ConfigError::InvalidLocality {
        kind: "zone",
        expected: choices(Zone::ALL.map(Zone::as_str).join(", "), allow_all),
        value,
        from,
    })
}

fn parse_region(value: String, from: Source) -> Result<RegionScope, ConfigError> {
    let allow_all = matches!(from, Source::Flag(_));
    let parsed = if allow_all {
        value.parse::<RegionScope>().ok()
    } else {
        value.parse::<Region>().ok().map(RegionScope::One)
    };
    parsed.ok_or_else(|| ConfigError::InvalidLocality {
        kind: "region",
        expected: choices(Region::ALL.map(Region::as_str).join(", "), allow_all),
        value,
        from,
    })
}

fn choices(list: String, allow_all: bool) -> String {
    if allow_all {
        format!("{list}, all")
    } else {
        list
    }
}

/// An API URL must be http(s) with a host; the trailing slash is dropped so paths
/// join cleanly.
fn parse_api_url(value: String, from: Source) -> Result<String, ConfigError> {
    let trimmed = value.trim().trim_end_matches('/');
    let host = trimmed
        .strip_prefix("https://")
        .or_else(|| trimmed.strip_prefix("http://"));
    match host {
        Some(h) if !h.is_empty() && !h.contains(char::is_whitespace) => Ok(trimmed.to_string()),
        _ => Err(ConfigError::InvalidValue {
            what: "API URL",
            value,
            from,
            expected: "an http:// or https:// URL such as https://api.scaleway.com",
        }),
    }
}
