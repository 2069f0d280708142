//! The one error type for everything the user configures, worded for people: each
//! message names the file, variable or flag at fault and what would be accepted.

use std::fmt;
use std::path::PathBuf;

/// Where a configured value came from, so an error can point at it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Source {
    /// A command-line flag such as `--zone`.
    Flag(&'static str),
    /// An environment variable such as `SCW_DEFAULT_ZONE`.
    Env(&'static str),
    /// A key in a config file, e.g. `profiles.prod.default_zone`.
    File { key: String, path: PathBuf },
}

impl fmt::Display for Source {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Source::Flag(flag) => f.write_str(flag),
            Source::Env(var) => f.write_str(var),
            Source::File { key, path } => write!(f, "{key} in {}", path.display()),
        }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    /// The file exists but could not be read (permissions, a directory, ...).
    #[error("{}: cannot read: {source}", path.display())]
    Unreadable {
        path: PathBuf,
        source: std::io::Error,
    },

    /// The file is not well-formed YAML or TOML.
    #[error("{}: invalid {format} at line {line}, column {column}: {message}", path.display())]
    Syntax {
        path: PathBuf,
        format: &'static str,
        line: usize,
        column: usize,
        message: String,
    },

    /// The file parses but its content does not fit (a wrong type, an unknown key...).
    #[error("{}: {message}", path.display())]
    Invalid { path: PathBuf, message: String },

    /// The chosen profile does not exist.
    #[error("profile {name:?} (from {chosen_by}) not found in {} (profiles there: {})", in_file(.file), available.join(", "))]
    UnknownProfile {
        name: String,
        chosen_by: Source,
        /// The file that was read, or `None` when no config file exists.
        file: Option<PathBuf>,
        available: Vec<String>,
    },

    /// A zone or region name that does not exist.
    #[error("invalid {kind} {value:?} from {from}; expected one of: {expected}")]
    InvalidLocality {
        kind: &'static str,
        value: String,
        from: Source,
        expected: String,
    },

    /// A plain-http API URL to a host that is not loopback, without `--insecure-http`.
    #[error(
        "refusing the API URL {url} from {from}: plain http would send the secret key in clear; use https, or pass --insecure-http if you must"
    )]
    Cleartext { url: String, from: Source },

    /// An `SCW_*` variable whose value is not UTF-8.
    #[error("the environment variable {var} is not valid UTF-8; fix or unset it")]
    NotUnicode { var: String },

    /// A value of the wrong shape for its setting (a boolean, a URL, a duration).
    #[error("invalid {what} {value:?} from {from}; expected {expected}")]
    InvalidValue {
        what: &'static str,
        value: String,
        from: Source,
        expected: &'static str,
    },
}

fn in_file(file: &Option<PathBuf>) -> String {
    match file {
        Some(path) => path.display().to_string(),
        None => "any scw config file (none exists)".to_string(),
    }
}
