//! Logging to a file only: anything written to stdout or stderr would corrupt the
//! terminal UI. Writes go through a background thread so a slow disk never stalls
//! a frame; the returned handle must be kept alive to flush them at exit.

use std::fs::OpenOptions;
use std::path::{Path, PathBuf};

use tracing_appender::non_blocking::WorkerGuard;
use tracing_subscriber::EnvFilter;

/// Log lines queued for the writer thread before new ones are dropped.
const LOG_QUEUE_LINES: usize = 4096;

use crate::profile::{EnvFn, home_dir, real_env};

/// The variable holding a `RUST_LOG`-style filter, e.g. `scwdash=debug,reqwest=warn`.
pub const FILTER_ENV: &str = "SCWDASH_LOG";

/// The filter used when [`FILTER_ENV`] is unset.
pub const DEFAULT_FILTER: &str = "info";

const FILE_NAME: &str = "scwdash.log";

/// Keeps the log writer alive; dropping it flushes what is queued.
#[must_use = "dropping the handle stops logging"]
pub struct LogHandle {
    /// Where the log goes, so the UI can tell the user.
    pub path: PathBuf,
    _guard: WorkerGuard,
}

#[derive(Debug, thiserror::Error)]
pub enum LogError {
    #[error("cannot open the log file {}: {source}", path.display())]
    Open {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("no place for the log file (no home directory); pass --log-file PATH")]
    NoDefaultPath,
    #[error("invalid {FILTER_ENV} filter {filter:?}: {message}")]
    Filter { filter: String, message: String },
    #[error("logging was already set up in this process")]
    AlreadyInitialised,
}

/// The default log file: `$XDG_STATE_HOME/scwdash/scwdash.log`, else
/// `~/.local/state/scwdash/scwdash.log` on Linux, else the platform cache dir.
pub fn default_log_path(env: EnvFn<'_>) -> Option<PathBuf> {
    if let Some(state) = env("XDG_STATE_HOME").filter(|v| !v.is_empty()) {
        return Some(PathBuf::from(state).join("scwdash").join(FILE_NAME));
    }
    if cfg!(target_os = "linux")
        && let Some(home) = home_dir(env)
    {
        return Some(home.join(".local/state/scwdash").join(FILE_NAME));
    }
    let dirs = directories::ProjectDirs::from("", "", "scwdash")?;
    let dir = dirs.state_dir().unwrap_or(dirs.cache_dir());
    Some(dir.join(FILE_NAME))
}

/// Sets up logging to `log_file` (else the default path) from the real environment.
pub fn init(log_file: Option<&Path>) -> Result<LogHandle, LogError> {
    init_with(log_file, &real_env)
}

/// Sets up the global subscriber: appends to the file, filter from [`FILTER_ENV`].
pub fn init_with(log_file: Option<&Path>, env: EnvFn<'_>) -> Result<LogHandle, LogError> {
    let path = match log_file {
        Some(p) => p.to_path_buf(),
        None => default_log_path(env).ok_or(LogError::NoDefaultPath)?,
    };
    let spec = env(FILTER_ENV)
        .filter(|v| !v.trim().is_empty())
        .unwrap_or_else(|| DEFAULT_FILTER.to_string());
    let filter = EnvFilter::try_new(&spec).map_err(|e| LogError::Filter {
        filter: spec.clone(),
        message: e.to_string(),
    })?;

    let open_err = |source| LogError::Open {
        path: path.clone(),
        source,
    };
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir).map_err(open_err)?;
    }
    let file = OpenOptions::new()
        .create(true)
        .append(true)
        .open(&path)
        .map_err(open_err)?;

    // The default queue preallocates room for 128,000 lines (4 MB); a
    // dashboard logs a few lines a second. When the queue is full, lines are
    // dropped rather than the UI blocked on the disk.
    let (writer, guard) = tracing_appender::non_blocking::NonBlockingBuilder::default()
        .buffered_lines_limit(LOG_QUEUE_LINES)
        .lossy(true)
        .finish(file);
    tracing_subscriber::fmt()
        .with_writer(writer)
        .with_ansi(false)
        .with_env_filter(filter)
        .try_init()
        .map_err(|_| LogError::AlreadyInitialised)?;
    Ok(LogHandle {
        path,
        _guard: guard,
    })
}
