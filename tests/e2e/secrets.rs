//! The secret key never shows: not on the dashboard's screens, not on stdout
//! or stderr, not in the log file at trace level, not in the simulator's own
//! output. The real binary runs against the real simulator binary, with a
//! distinctive key, in the situations that print the most: success, a wrong
//! key (401), and an unavailable API (503 and cut connections).
#![allow(clippy::unwrap_used)]

use std::path::{Path, PathBuf};
use std::process::{Child, Command};
use std::time::{Duration, Instant};

const BIN: &str = env!("CARGO_BIN_EXE_scwdash");
/// Every key below contains this; it must appear nowhere.
const CANARY: &str = "5ec2e7-canary";
const RIGHT_KEY: &str = "5ec2e7-canary-0d1f7a3b-right-key";
const WRONG_KEY: &str = "5ec2e7-canary-9c4e2b6d-wrong-key";

/// A `scwdash sim` child process; killed on drop.
struct Sim {
    child: Child,
    url: String,
}

impl Drop for Sim {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn sim(dir: &Path, name: &str, extra: &[&str]) -> Sim {
    let out = dir.join(format!("{name}.out"));
    let child = Command::new(BIN)
        .args(["sim", "--listen", "127.0.0.1:0", "--transition-ms", "200"])
        .args(["--secret-key", RIGHT_KEY])
        .args(extra)
        .env("SCWDASH_LOG", "trace")
        .stdout(std::fs::File::create(&out).unwrap())
        .stderr(std::fs::File::create(dir.join(format!("{name}.err"))).unwrap())
        .spawn()
        .unwrap();
    let deadline = Instant::now() + Duration::from_secs(20);
    let url = loop {
        let text = std::fs::read_to_string(&out).unwrap_or_default();
        if let Some(url) = text.split_whitespace().find(|w| w.starts_with("http://")) {
            break url.to_string();
        }
        assert!(Instant::now() < deadline, "the simulator did not start");
        std::thread::sleep(Duration::from_millis(50));
    };
    Sim { child, url }
}

/// Everything written anywhere in `dir`, with the file names.
fn all_output(dir: &Path) -> Vec<(String, String)> {
    std::fs::read_dir(dir)
        .unwrap()
        .filter_map(Result::ok)
        .filter(|e| e.path().is_file())
        .map(|e| {
            let bytes = std::fs::read(e.path()).unwrap();
            (
                e.file_name().to_string_lossy().into_owned(),
                String::from_utf8_lossy(&bytes).into_owned(),
            )
        })
        .collect()
}

fn assert_no_secret(dir: &Path, expect_files: usize) {
    let files = all_output(dir);
    assert!(
        files.len() >= expect_files,
        "expected at least {expect_files} captured files, got {:?}",
        files.iter().map(|(n, _)| n).collect::<Vec<_>>()
    );
    for (name, text) in &files {
        assert!(
            !text.contains(CANARY),
            "the secret key leaked into {name}:\n{text}"
        );
    }
}

fn list(dir: &Path, name: &str, url: &str, key: &str) -> (i32, String) {
    let log = dir.join(format!("{name}.log"));
    let out = Command::new(BIN)
        .args([
            "list",
            "servers",
            "--zone",
            "all",
            "-o",
            "json",
            "--log-file",
        ])
        .arg(&log)
        .env_clear()
        .env("PATH", std::env::var("PATH").unwrap_or_default())
        .env("HOME", dir.join("home"))
        .env("SCW_API_URL", url)
        .env("SCW_SECRET_KEY", key)
        .env("SCWDASH_LOG", "trace")
        .output()
        .unwrap();
    std::fs::write(dir.join(format!("{name}.stdout")), &out.stdout).unwrap();
    std::fs::write(dir.join(format!("{name}.stderr")), &out.stderr).unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn list_never_prints_or_logs_the_key() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    std::fs::create_dir(d.join("home")).unwrap();
    let good = sim(d, "sim-good", &[]);
    let (code, _) = list(d, "ok", &good.url, RIGHT_KEY);
    assert_eq!(code, 0, "list with the right key");
    let (code, err) = list(d, "denied", &good.url, WRONG_KEY);
    assert_ne!(code, 0);
    assert!(err.contains("authentication denied"), "{err}");
    let down = sim(d, "sim-down", &["--fail-rate", "1"]);
    let (code, err) = list(d, "unavailable", &down.url, RIGHT_KEY);
    assert_ne!(code, 0);
    assert!(!err.trim().is_empty(), "no error printed under 503s");
    // The log at trace level saw the requests (so it had the chance to leak).
    let log = std::fs::read_to_string(d.join("denied.log")).unwrap();
    assert!(log.contains("401"), "the log shows no 401:\n{log}");
    drop((good, down));
    assert!(d.join("sim-good.out").exists());
    assert_no_secret(d, 12);
}

/// A dashboard in its own tmux server; every screen is saved to `dir`.
struct Tmux {
    socket: String,
    dir: PathBuf,
    shots: usize,
}

impl Tmux {
    fn start(dir: &Path, name: &str, url: &str, key: &str) -> Self {
        let socket = format!("scwdash-secrets-{}-{name}", std::process::id());
        let conf = dir.join("tmux.conf");
        std::fs::write(&conf, "set -g remain-on-exit on\nset -g status off\n").unwrap();
        let log = dir.join(format!("{name}-dashboard.log"));
        let status = Command::new("tmux")
            .env_clear()
            .env("PATH", std::env::var("PATH").unwrap_or_default())
            .env("HOME", dir.join("home"))
            .env("TERM", "xterm-256color")
            .env("LANG", "C.UTF-8")
            .env("SCW_API_URL", url)
            .env("SCW_SECRET_KEY", key)
            .env("SCWDASH_LOG", "trace")
            .args(["-L", &socket, "-f"])
            .arg(&conf)
            .args(["new-session", "-d", "-s", "t", "-x", "150", "-y", "40"])
            .arg(format!(
                "exec '{BIN}' --zone all --log-file '{}' 2>'{}'",
                log.display(),
                dir.join(format!("{name}-dashboard.stderr")).display()
            ))
            .status()
            .expect("tmux is required for this test (CI installs it)");
        assert!(status.success(), "tmux did not start");
        Tmux {
            socket,
            dir: dir.to_path_buf(),
            shots: 0,
        }
    }

    fn tmux(&self, args: &[&str]) -> String {
        let out = Command::new("tmux")
            .args(["-L", &self.socket])
            .args(args)
            .output()
            .unwrap();
        String::from_utf8_lossy(&out.stdout).into_owned()
    }

    /// Captures the screen (with escape sequences, so hidden text counts too).
    fn shot(&mut self) -> String {
        let screen = self.tmux(&["capture-pane", "-p", "-e", "-t", "t"]);
        self.shots += 1;
        let path = self
            .dir
            .join(format!("{}-screen-{:03}.txt", self.socket, self.shots));
        std::fs::write(path, &screen).unwrap();
        screen
    }

    fn keys(&mut self, keys: &[&str]) {
        for k in keys {
            self.tmux(&["send-keys", "-t", "t", k]);
            std::thread::sleep(Duration::from_millis(150));
            self.shot();
        }
    }

    fn wait_for(&mut self, what: &str, timeout: Duration) -> String {
        let deadline = Instant::now() + timeout;
        loop {
            let screen = self.shot();
            if screen.contains(what) {
                return screen;
            }
            assert!(
                Instant::now() < deadline,
                "no {what:?} on screen:\n{screen}"
            );
            std::thread::sleep(Duration::from_millis(200));
        }
    }
}

impl Drop for Tmux {
    fn drop(&mut self) {
        self.tmux(&["kill-server"]);
    }
}

/// Visits every tab, the raw JSON view, the help and the power menu.
const TOUR: &[&str] = &[
    "1", "y", "Escape", "2", "y", "Escape", "3", "4", "5", "?", "Escape", "1", "p", "Escape", "r",
];

#[test]
fn dashboard_never_shows_or_logs_the_key() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    std::fs::create_dir(d.join("home")).unwrap();
    let good = sim(d, "sim-good", &[]);
    let flaky = sim(d, "sim-flaky", &["--fail-rate", "0.6"]);

    let mut ok = Tmux::start(d, "ok", &good.url, RIGHT_KEY);
    ok.wait_for("refreshed ", Duration::from_secs(20));
    ok.keys(TOUR);
    ok.keys(&["q"]);

    let mut denied = Tmux::start(d, "denied", &good.url, WRONG_KEY);
    denied.wait_for("authentication denied", Duration::from_secs(20));
    denied.keys(TOUR);
    denied.keys(&["q"]);

    let mut down = Tmux::start(d, "down", &flaky.url, RIGHT_KEY);
    down.wait_for("error: ", Duration::from_secs(30));
    down.keys(TOUR);
    down.keys(&["q"]);
    std::thread::sleep(Duration::from_millis(500));
    drop((ok, denied, down, good, flaky));

    // The trace logs really recorded the calls, including the failures.
    let log = std::fs::read_to_string(d.join("denied-dashboard.log")).unwrap();
    assert!(log.contains("401"), "no 401 in the log:\n{log}");
    let log = std::fs::read_to_string(d.join("down-dashboard.log")).unwrap();
    assert!(log.contains("503") || log.contains("connection"), "{log}");
    assert_no_secret(d, 40);
}
