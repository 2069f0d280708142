//! The fleet snapshot's file ("since you last looked"): one per profile and
//! API URL, named by a hash of them (never the token), in the state dir,
//! private (0600 in a 0700 directory), at most [`MAX_BYTES`]. Written by the
//! executor (`Effect::SaveSnapshot`) through a temporary file renamed over
//! the old one, so a crash never leaves half a snapshot; read once at
//! start-up. A file that is corrupt, too big or another's is ignored with a
//! log line: it only costs the "while away" events of one start.

use std::io::{Read, Write};
use std::path::{Path, PathBuf};

use crate::app::events::Store;
use serde::Serialize;

use crate::app::events::snapshot::{self, Clock, FORMAT, Previous, SnapshotFile, Source, VERSION};

/// The largest snapshot written or read: ample for 100,000 servers (a few
/// hundred bytes each), and a bound on what a start-up reads.
pub const MAX_BYTES: u64 = 64 << 20;

/// The key of a profile against an API: a stable hash (FNV-1a, 64 bits) of
/// both, so another profile or endpoint never reads this one's snapshot and
/// the file name says nothing of either.
pub fn key(profile: &str, api_url: &str) -> String {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for byte in profile.bytes().chain([0]).chain(api_url.bytes()) {
        hash ^= u64::from(byte);
        hash = hash.wrapping_mul(0x0100_0000_01b3);
    }
    format!("{hash:016x}")
}

/// The demo's own key: its simulator listens on a new port every run, and
/// its fleet is not the user's.
pub fn demo_key() -> String {
    "demo".to_string()
}

/// Where the snapshot of `key` lives in the state dir.
pub fn store(state_dir: &Path, key: String) -> Store {
    Store {
        path: state_dir.join(format!("fleet-{key}.json")),
        key,
    }
}

/// The wall clock now, for the loaded snapshot's "since" label.
pub fn clock_now() -> Clock {
    let now = chrono::Local::now();
    Clock {
        now: now.timestamp(),
        utc_offset: now.offset().local_minus_utc(),
    }
}

/// Why a snapshot file was not used.
#[derive(Debug, thiserror::Error)]
pub enum LoadError {
    #[error("cannot read {}: {source}", path.display())]
    Read {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("{} is larger than the snapshot bound", path.display())]
    TooBig { path: PathBuf },
    #[error("{} is not a snapshot: {message}", path.display())]
    Corrupt { path: PathBuf, message: String },
    #[error("{} belongs to another profile or API", path.display())]
    Foreign { path: PathBuf },
}

/// The snapshot `store` holds, or `None` (none yet, or unusable: logged).
pub fn load(store: &Store, clock: Clock) -> Option<Previous> {
    match read(store) {
        Ok(Some(file)) => Some(Previous::from_file(file, clock)),
        Ok(None) => None,
        Err(e) => {
            tracing::warn!(error = %e, "fleet snapshot ignored");
            None
        }
    }
}

/// Reads and checks the file: `Ok(None)` when there is none.
pub fn read(store: &Store) -> Result<Option<SnapshotFile>, LoadError> {
    read_at_most(store, MAX_BYTES)
}

fn read_at_most(store: &Store, max_bytes: u64) -> Result<Option<SnapshotFile>, LoadError> {
    let path = &store.path;
    let file = match std::fs::File::open(path) {
        Ok(f) => f,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(source) => {
            return Err(LoadError::Read {
                path: path.clone(),
                source,
            });
        }
    };
    let read_error = |source| LoadError::Read {
        path: path.clone(),
        source,
    };
    let size = file.metadata().map_err(read_error)?.len();
    if size > max_bytes {
        return Err(LoadError::TooBig { path: path.clone() });
    }
    let corrupt = |message: String| LoadError::Corrupt {
        path: path.clone(),
        message,
    };
    // Parsed as it is read (never the whole file in memory besides what it
    // holds), and never past the bound should the file grow meanwhile.
    let reader = std::io::BufReader::new(file.take(max_bytes));
    let snapshot: SnapshotFile =
        serde_json::from_reader(reader).map_err(|e| corrupt(e.to_string()))?;
    if snapshot.format != FORMAT || snapshot.version != VERSION {
        return Err(corrupt(format!(
            "format {:?} version {}",
            snapshot.format, snapshot.version
        )));
    }
    if snapshot.key != store.key {
        return Err(LoadError::Foreign { path: path.clone() });
    }
    Ok(Some(snapshot))
}

/// Writes the snapshot of `source` at `now` (Unix seconds), serialized
/// straight from the models into the file; returns its size.
pub fn save(path: &Path, source: &Source, now: i64) -> std::io::Result<usize> {
    write(path, &snapshot::file_of(source, now))
}

/// Writes `snapshot` to `path` (0600, its directory 0700), through a
/// temporary file renamed over the old one. Refused above [`MAX_BYTES`].
pub fn write(path: &Path, snapshot: &impl Serialize) -> std::io::Result<usize> {
    write_at_most(path, snapshot, MAX_BYTES)
}

fn write_at_most(path: &Path, snapshot: &impl Serialize, max_bytes: u64) -> std::io::Result<usize> {
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        crate::logging::create_private_dir(dir, true)?;
    }
    // A temporary file of its own: two writes at once (a periodic save
    // still running when the quit's starts) never share one, so neither
    // fails nor renames the other's half-written file into place.
    let tmp = temporary_beside(path);
    // A temporary file left by a crash of an earlier process with this
    // pid is ours to replace.
    let _ = std::fs::remove_file(&tmp);
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    let file = options.open(&tmp)?;
    let mut out = Bounded {
        inner: std::io::BufWriter::new(file),
        written: 0,
        max_bytes,
    };
    let written = serde_json::to_writer(&mut out, snapshot)
        .map_err(std::io::Error::from)
        .and_then(|()| out.inner.into_inner().map_err(|e| e.into_error()))
        .and_then(|file| file.sync_all())
        .and_then(|()| std::fs::rename(&tmp, path));
    if let Err(e) = written {
        let _ = std::fs::remove_file(&tmp);
        return Err(e);
    }
    Ok(out.written as usize)
}

/// A writer that refuses to write more than `max_bytes` in all.
struct Bounded<W> {
    inner: W,
    written: u64,
    max_bytes: u64,
}

impl<W: Write> Write for Bounded<W> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        if self.written + buf.len() as u64 > self.max_bytes {
            return Err(std::io::Error::other(format!(
                "snapshot over the {}-byte bound, not written",
                self.max_bytes
            )));
        }
        let n = self.inner.write(buf)?;
        self.written += n as u64;
        Ok(n)
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.inner.flush()
    }
}

/// The executor's snapshot writes: one at a time, and never an older
/// snapshot over a newer one (a periodic save, written off the loop, may
/// still be running when the quit's is written on the loop's thread).
#[derive(Debug, Clone, Default)]
pub struct Writer {
    inner: std::sync::Arc<WriterState>,
}

#[derive(Debug, Default)]
struct WriterState {
    /// Tickets handed out, in the order the saves were asked for.
    taken: std::sync::atomic::AtomicU64,
    /// The ticket of the last save written.
    written: std::sync::Mutex<u64>,
}

impl Writer {
    /// A save's place in line, taken when it is asked for.
    pub fn ticket(&self) -> u64 {
        self.inner
            .taken
            .fetch_add(1, std::sync::atomic::Ordering::SeqCst)
            + 1
    }

    /// Runs the save `write` holding `ticket`, unless one asked for after
    /// it was written already (`Ok(None)`: skipped, it is older).
    pub fn in_order<T>(
        &self,
        ticket: u64,
        write: impl FnOnce() -> std::io::Result<T>,
    ) -> std::io::Result<Option<T>> {
        // A poisoned lock only means a write panicked; the ticket stands.
        let mut written = self.inner.written.lock().unwrap_or_else(|e| e.into_inner());
        if *written > ticket {
            return Ok(None);
        }
        let done = write()?;
        *written = ticket;
        Ok(Some(done))
    }
}

/// `fleet-….json.<pid>-<n>.tmp`: unique within this process and beside
/// `path` (a rename stays on one file system).
fn temporary_beside(path: &Path) -> PathBuf {
    static NEXT: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);
    let n = NEXT.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    path.with_extension(format!("json.{}-{n}.tmp", std::process::id()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::locality::Zone;
    use crate::app::events::snapshot::{GroupRules, Slice};
    use crate::app::events::{Fact, RuleFact};
    use crate::app::{Locality, Tab};

    fn sample(key: &str) -> SnapshotFile {
        SnapshotFile {
            format: FORMAT.to_string(),
            version: VERSION,
            key: key.to_string(),
            slices: vec![Slice {
                kind: Tab::Servers,
                at: Locality::Zone(Zone::FrPar1),
                saved_at: 1_741_010_580,
                facts: vec![Fact {
                    id: "s-1".into(),
                    name: "web-\u{1b}]0;x\u{7}1".into(),
                    state: Some("running".into()),
                    tags: vec!["prod".into()],
                    ..Fact::default()
                }],
            }],
            rules: vec![GroupRules {
                group: "g-1".into(),
                saved_at: 1_741_010_580,
                rules: vec![RuleFact {
                    id: "r-1".into(),
                    text: "inbound accept TCP 22 from 0.0.0.0/0".into(),
                }],
            }],
        }
    }

    fn store_in(dir: &Path, key: &str) -> Store {
        store(&dir.join("state"), key.to_string())
    }

    #[test]
    fn a_snapshot_round_trips() {
        let dir = tempfile::tempdir().unwrap();
        let store = store_in(dir.path(), "k1");
        assert!(read(&store).unwrap().is_none(), "no file yet");
        let written = sample("k1");
        write(&store.path, &written).unwrap();
        assert_eq!(read(&store).unwrap(), Some(written.clone()));
        // Written again over the old one, through the temporary file.
        write(&store.path, &written).unwrap();
        assert_eq!(files_beside(&store.path), [file_name(&store.path)]);
        let clock = Clock {
            now: 1_741_010_580,
            utc_offset: 0,
        };
        let previous = load(&store, clock).unwrap();
        assert_eq!(previous.slices.len(), 1);
        assert_eq!(previous.rules["g-1"].rules.len(), 1);
        assert_eq!(previous.clock, clock);
    }

    fn file_name(path: &Path) -> String {
        path.file_name().unwrap().to_string_lossy().into_owned()
    }

    /// The names of the files in `path`'s directory, sorted.
    fn files_beside(path: &Path) -> Vec<String> {
        let mut names: Vec<String> = std::fs::read_dir(path.parent().unwrap())
            .unwrap()
            .map(|e| file_name(&e.unwrap().path()))
            .collect();
        names.sort();
        names
    }

    /// A periodic save still running when the quit's starts: with one
    /// shared temporary file, one of them failed (`File exists`, or the
    /// rename found the file gone) and the quit's snapshot could be lost
    /// (`events_flow::a_rename_while_the_dashboard_was_closed_…`, once).
    #[test]
    fn writes_at_once_to_one_file_all_succeed_and_leave_a_whole_file() {
        let dir = tempfile::tempdir().unwrap();
        let store = store_in(dir.path(), "k1");
        let written = sample("k1");
        std::thread::scope(|s| {
            let writers: Vec<_> = (0..8)
                .map(|_| {
                    s.spawn(|| {
                        (0..25)
                            .map(|_| write(&store.path, &written).map(|_| ()))
                            .collect::<std::io::Result<Vec<()>>>()
                    })
                })
                .collect();
            for w in writers {
                w.join().unwrap().unwrap();
            }
        });
        assert_eq!(read(&store).unwrap(), Some(written));
        assert_eq!(files_beside(&store.path), [file_name(&store.path)]);
    }

    /// The quit's save written first, the periodic one asked for before it
    /// last: the older is skipped, the file keeps the newer.
    #[test]
    fn an_older_save_is_not_written_over_a_newer_one() {
        let dir = tempfile::tempdir().unwrap();
        let store = store_in(dir.path(), "k1");
        let writer = Writer::default();
        let older = writer.ticket();
        let newer = writer.ticket();
        let mut newest = sample("k1");
        newest.slices[0].saved_at += 60;
        let wrote = writer.in_order(newer, || write(&store.path, &newest));
        assert!(wrote.unwrap().is_some());
        let skipped = writer.in_order(older, || write(&store.path, &sample("k1")));
        assert!(skipped.unwrap().is_none());
        assert_eq!(read(&store).unwrap(), Some(newest));
    }

    #[cfg(unix)]
    #[test]
    fn the_file_is_private() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let store = store_in(dir.path(), "k1");
        write(&store.path, &sample("k1")).unwrap();
        let mode = |p: &Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode(&store.path), 0o600);
        assert_eq!(mode(store.path.parent().unwrap()), 0o700);
        assert!(
            store
                .path
                .file_name()
                .unwrap()
                .to_string_lossy()
                .starts_with("fleet-k1")
        );
    }

    #[test]
    fn corrupt_foreign_and_other_formats_are_refused() {
        let dir = tempfile::tempdir().unwrap();
        let store = store_in(dir.path(), "k1");
        write(&store.path, &sample("k1")).unwrap();
        let text = std::fs::read_to_string(&store.path).unwrap();
        let cases = [
            (text[..text.len() / 2].to_string(), "not a snapshot"),
            ("\u{0}\u{ff}garbage".to_string(), "not a snapshot"),
            (
                text.replace(FORMAT, "something-else"),
                "not a snapshot: format",
            ),
            (
                text.replace("\"version\":1", "\"version\":99"),
                "version 99",
            ),
            (text.replace("\"servers\"", "\"gpus\""), "unknown kind"),
            (
                text.replace("\"key\":\"k1\"", "\"key\":\"k2\""),
                "another profile",
            ),
        ];
        for (content, words) in cases {
            std::fs::write(&store.path, &content).unwrap();
            let e = read(&store).unwrap_err().to_string();
            assert!(e.contains(words), "{words}: {e}");
            // Loading says so in the log and goes on without it.
            assert!(load(&store, Clock::default()).is_none());
        }
    }

    #[test]
    fn oversized_files_are_neither_read_nor_written() {
        let dir = tempfile::tempdir().unwrap();
        let store = store_in(dir.path(), "k1");
        let snapshot = sample("k1");
        let size = write(&store.path, &snapshot).unwrap() as u64;
        assert!(read_at_most(&store, size).unwrap().is_some());
        assert!(matches!(
            read_at_most(&store, size - 1),
            Err(LoadError::TooBig { .. })
        ));
        let other = dir.path().join("other.json");
        assert!(write_at_most(&other, &snapshot, size - 1).is_err());
        assert!(!other.exists());
    }

    #[test]
    fn keys_differ_by_profile_and_url_and_are_stable() {
        let a = key("default", "https://api.scaleway.com");
        assert_eq!(a, key("default", "https://api.scaleway.com"));
        assert_eq!(a.len(), 16);
        assert_ne!(a, key("prod", "https://api.scaleway.com"));
        assert_ne!(a, key("default", "http://127.0.0.1:4010"));
        // The separator keeps ("ab", "c") and ("a", "bc") apart.
        assert_ne!(key("ab", "c"), key("a", "bc"));
        assert_ne!(demo_key(), a);
    }
}
