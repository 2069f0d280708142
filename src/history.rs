//! The command line's history on disk: one command a line, oldest first, in
//! `command_history` under the state dir (`logging::state_dir`), private
//! (0600 in a 0700 directory). Read at start and written after each command
//! by the executor (`Effect::LoadHistory`, `Effect::SaveHistory`): `update`
//! never touches the disk.

use std::io::{self, Write};
use std::path::{Path, PathBuf};

use crate::app::command_line::{HISTORY_MAX, LINE_MAX};

const FILE_NAME: &str = "command_history";

/// The history file under the state dir.
pub fn default_path(env: crate::profile::EnvFn<'_>) -> Option<PathBuf> {
    Some(crate::logging::state_dir(env)?.join(FILE_NAME))
}

/// The commands the file holds, the newest [`HISTORY_MAX`] of them; a
/// missing file is an empty history. Lines that could not have been typed
/// (control characters, too long) are skipped: the file is not trusted.
pub fn read(path: &Path) -> io::Result<Vec<String>> {
    let text = match std::fs::read(path) {
        Ok(bytes) => String::from_utf8_lossy(&bytes).into_owned(),
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(e) => return Err(e),
    };
    let lines: Vec<String> = text
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .filter(|l| l.chars().count() <= LINE_MAX && !l.chars().any(char::is_control))
        .map(str::to_string)
        .collect();
    let skip = lines.len().saturating_sub(HISTORY_MAX);
    Ok(lines.into_iter().skip(skip).collect())
}

/// Replaces the file with `lines` (the newest [`HISTORY_MAX`]): written
/// to a private temporary file beside it, then renamed over it, so a
/// crash never leaves half a history.
pub fn write(path: &Path, lines: &[String]) -> io::Result<()> {
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        crate::logging::create_private_dir(dir, true)?;
    }
    let skip = lines.len().saturating_sub(HISTORY_MAX);
    let mut text = String::new();
    for line in lines.iter().skip(skip) {
        text.push_str(line);
        text.push('\n');
    }
    let tmp = path.with_extension("tmp");
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create(true).truncate(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    let mut file = options.open(&tmp)?;
    file.write_all(text.as_bytes())?;
    file.sync_all()?;
    drop(file);
    std::fs::rename(&tmp, path)
}

/// Writes the history file on its own thread, one write after the other
/// (two at once would race on the temporary file), the newest list only
/// when several wait. Dropping it lets the last write finish (a second at
/// most), so `:q` is remembered too.
pub struct Writer {
    lines: Option<std::sync::mpsc::Sender<Vec<String>>>,
    done: std::sync::mpsc::Receiver<()>,
}

/// How long dropping a [`Writer`] waits for its last write.
const LAST_WRITE: std::time::Duration = std::time::Duration::from_secs(1);

impl Writer {
    /// Starts the thread; `failed` hears of each write that failed.
    pub fn start(path: PathBuf, failed: impl Fn(io::Error) + Send + 'static) -> Writer {
        let (lines, queue) = std::sync::mpsc::channel::<Vec<String>>();
        let (finished, done) = std::sync::mpsc::channel();
        std::thread::spawn(move || {
            while let Ok(mut latest) = queue.recv() {
                while let Ok(newer) = queue.try_recv() {
                    latest = newer;
                }
                if let Err(e) = write(&path, &latest) {
                    failed(e);
                }
            }
            let _ = finished.send(());
        });
        Writer {
            lines: Some(lines),
            done,
        }
    }

    pub fn save(&self, lines: Vec<String>) {
        if let Some(tx) = &self.lines {
            let _ = tx.send(lines);
        }
    }
}

impl Drop for Writer {
    fn drop(&mut self) {
        // The thread ends once the queue is closed and written.
        drop(self.lines.take());
        let _ = self.done.recv_timeout(LAST_WRITE);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_bounded_and_private() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("state/scwdash").join(FILE_NAME);
        assert_eq!(read(&path).expect("missing is empty"), Vec::<String>::new());
        let many: Vec<String> = (0..HISTORY_MAX + 20)
            .map(|i| format!("zone all {i}"))
            .collect();
        write(&path, &many).expect("write");
        let back = read(&path).expect("read");
        assert_eq!(back.len(), HISTORY_MAX);
        assert_eq!(back.last(), many.last());
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(&path).expect("meta").permissions().mode();
            assert_eq!(mode & 0o777, 0o600);
            let dir_mode = std::fs::metadata(path.parent().expect("dir"))
                .expect("meta")
                .permissions()
                .mode();
            assert_eq!(dir_mode & 0o777, 0o700);
        }
    }

    #[test]
    fn skips_lines_that_could_not_have_been_typed() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join(FILE_NAME);
        std::fs::write(&path, "sort -price\n\x1b]0;x\x07\n\nzone all\n").expect("write");
        assert_eq!(read(&path).expect("read"), ["sort -price", "zone all"]);
    }
}
