//! Where the scw config file is looked for, in the scw CLI's order.

use std::path::{Path, PathBuf};

use super::env::{EnvFn, non_empty};

/// The candidate config files, best first: `--config`, else `SCW_CONFIG_PATH`,
/// else `$XDG_CONFIG_HOME/scw/config.yaml`, else `~/.config/scw/config.yaml`.
///
/// As in scaleway-sdk-go's `LoadConfig`, only the default location also tries
/// `config.yml` next to a missing `config.yaml`; an explicit path is taken as given.
/// As in scw, a set `XDG_CONFIG_HOME` replaces the home directory, it does not add to it.
pub fn candidate_paths(flag: Option<&Path>, env: EnvFn<'_>) -> Vec<PathBuf> {
    if let Some(path) = flag {
        return vec![path.to_path_buf()];
    }
    if let Some(path) = non_empty(env, "SCW_CONFIG_PATH") {
        return vec![PathBuf::from(path)];
    }
    let dir = match non_empty(env, "XDG_CONFIG_HOME") {
        Some(xdg) => PathBuf::from(xdg).join("scw"),
        None => match home_dir(env) {
            Some(home) => home.join(".config").join("scw"),
            None => return Vec::new(),
        },
    };
    vec![dir.join("config.yaml"), dir.join("config.yml")]
}

/// `$HOME`, else `%USERPROFILE%` (Windows), like scw's `GetHomeDir`.
pub fn home_dir(env: EnvFn<'_>) -> Option<PathBuf> {
    non_empty(env, "HOME")
        .or_else(|| non_empty(env, "USERPROFILE"))
        .map(PathBuf::from)
}
