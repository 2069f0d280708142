//! Logging to a file only: anything written to stdout or stderr would corrupt the
//! terminal UI. Writes go through a background thread so a slow disk never stalls
//! a frame; the returned handle must be kept alive to flush them at exit.
//!
//! Every line passes through [`crate::text`]'s sanitiser on its way to the file
//! (the writer does it, so no call site can forget): a server name carrying
//! escape sequences must not retitle the terminal of whoever greps the log.
//! The file is private (0600, in a 0700 directory): it names servers, IPs and
//! API errors.

use std::fs::OpenOptions;
use std::io::{self, Write};
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

/// Where scwdash keeps what it remembers between runs (the log, the command
/// history, the last snapshot of the fleet): `$XDG_STATE_HOME/scwdash`, else
/// `~/.local/state/scwdash` on Linux, else the platform state (or cache) dir.
pub fn state_dir(env: EnvFn<'_>) -> Option<PathBuf> {
    if let Some(state) = env("XDG_STATE_HOME").filter(|v| !v.is_empty()) {
        return Some(PathBuf::from(state).join("scwdash"));
    }
    if cfg!(target_os = "linux")
        && let Some(home) = home_dir(env)
    {
        return Some(home.join(".local/state/scwdash"));
    }
    let dirs = directories::ProjectDirs::from("", "", "scwdash")?;
    Some(dirs.state_dir().unwrap_or(dirs.cache_dir()).to_path_buf())
}

/// The default log file: `scwdash.log` in the [`state_dir`].
pub fn default_log_path(env: EnvFn<'_>) -> Option<PathBuf> {
    Some(state_dir(env)?.join(FILE_NAME))
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
        create_private_dir(dir, log_file.is_none()).map_err(open_err)?;
    }
    let file = open_private(&path).map_err(open_err)?;

    // The default queue preallocates room for 128,000 lines (4 MB); a
    // dashboard logs a few lines a second. When the queue is full, lines are
    // dropped rather than the UI blocked on the disk.
    let (writer, guard) = tracing_appender::non_blocking::NonBlockingBuilder::default()
        .buffered_lines_limit(LOG_QUEUE_LINES)
        .lossy(true)
        .finish(Sanitizing(file));
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

/// Creates `dir` (and missing parents) as 0700. The default directory is ours
/// alone, so an existing one is tightened too; a directory the user named
/// with `--log-file` (say `/tmp`) is left as it is.
pub(crate) fn create_private_dir(dir: &Path, ours: bool) -> io::Result<()> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::{DirBuilderExt, PermissionsExt};
        std::fs::DirBuilder::new()
            .recursive(true)
            .mode(0o700)
            .create(dir)?;
        if ours {
            std::fs::set_permissions(dir, std::fs::Permissions::from_mode(0o700))?;
        }
        Ok(())
    }
    #[cfg(not(unix))]
    {
        let _ = ours;
        std::fs::create_dir_all(dir)
    }
}

/// Opens the log for appending, created 0600; an older, wider file is
/// tightened to 0600.
fn open_private(path: &Path) -> io::Result<std::fs::File> {
    let mut options = OpenOptions::new();
    options.create(true).append(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::{OpenOptionsExt, PermissionsExt};
        options.mode(0o600);
        let file = options.open(path)?;
        file.set_permissions(std::fs::Permissions::from_mode(0o600))?;
        Ok(file)
    }
    #[cfg(not(unix))]
    {
        options.open(path)
    }
}

/// A writer that sanitises what passes through. The fmt layer writes each
/// event as one buffer ending in a newline: that last newline is kept, any
/// other line break or control character is escaped, so a value cannot forge
/// a second log line either.
pub struct Sanitizing<W>(pub W);

impl<W: Write> Write for Sanitizing<W> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        let (body, end) = match buf.strip_suffix(b"\n") {
            Some(body) => (body, "\n"),
            None => (buf, ""),
        };
        let mut line = crate::text::sanitize_bytes(body);
        line.push_str(end);
        self.0.write_all(line.as_bytes())?;
        Ok(buf.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        self.0.flush()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_writer_escapes_everything_but_the_final_newline() {
        let mut w = Sanitizing(Vec::new());
        w.write_all(b"name=\x1b]0;pwned\x07 x\ny\n").expect("write");
        assert_eq!(
            String::from_utf8(w.0).expect("utf8"),
            "name=\\e]0;pwned\\u{7} x\\ny\n"
        );
    }
}
