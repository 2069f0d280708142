//! End-to-end: the real `scwdash` binary in a detached tmux session of fixed
//! size, driven with `send-keys` and read with `capture-pane`, as a person at
//! a terminal would. Each test has its own tmux server (`-L` socket) and its
//! own HOME / XDG dirs in a temp dir, so a user's tmux and config are never
//! touched. Skipped (with a message) only when tmux is not installed.

// The helpers below are test code too: a failed step should stop the test.
#![allow(clippy::unwrap_used)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use tempfile::TempDir;

pub(super) const BIN: &str = env!("CARGO_BIN_EXE_scwdash");
pub(super) const MARKER: &str = "E2E-PRE-LAUNCH-MARKER";
/// Generous: the demo loads in well under a second, CI machines are slow.
pub(super) const WAIT: Duration = Duration::from_secs(15);

pub(super) fn tmux_available() -> bool {
    Command::new("tmux")
        .arg("-V")
        .output()
        .is_ok_and(|o| o.status.success())
}

/// Skips the test (passing) when tmux is absent; CI installs it.
macro_rules! require_tmux {
    () => {
        if !tmux_available() {
            eprintln!("skipped: tmux is not installed (CI installs it in .ci/run)");
            return;
        }
    };
}

/// One tmux server with one session running `sh`, in a private temp HOME.
pub(super) struct Session {
    socket: String,
    dir: TempDir,
}

impl Session {
    pub(super) fn start(width: u16, height: u16) -> Session {
        static N: AtomicUsize = AtomicUsize::new(0);
        let socket = format!(
            "scwdash-e2e-{}-{}",
            std::process::id(),
            N.fetch_add(1, Ordering::SeqCst)
        );
        let dir = tempfile::tempdir().unwrap();
        for sub in ["config", "data", "state", "cache"] {
            std::fs::create_dir_all(dir.path().join(sub)).unwrap();
        }
        let s = Session { socket, dir };
        let home = s.dir.path();
        // The server inherits this environment, and the shell in the pane
        // inherits the server's: nothing from the user's environment leaks in.
        let out = Command::new("tmux")
            .env_clear()
            .env("PATH", std::env::var_os("PATH").unwrap_or_default())
            .env("HOME", home)
            .env("XDG_CONFIG_HOME", home.join("config"))
            .env("XDG_DATA_HOME", home.join("data"))
            .env("XDG_STATE_HOME", home.join("state"))
            .env("XDG_CACHE_HOME", home.join("cache"))
            .env("TERM", "xterm-256color")
            .env("LANG", "C.UTF-8")
            .env("PS1", "$ ")
            .args(["-L", &s.socket, "-f", "/dev/null", "new-session", "-d"])
            .args([
                "-s",
                "e2e",
                "-x",
                &width.to_string(),
                "-y",
                &height.to_string(),
            ])
            .arg("sh")
            .output()
            .unwrap();
        assert!(out.status.success(), "tmux new-session: {out:?}");
        s.tmux(&["set-option", "-g", "status", "off"]);
        s.tmux(&[
            "resize-window",
            "-t",
            "e2e",
            "-x",
            &width.to_string(),
            "-y",
            &height.to_string(),
        ]);
        // dash prompts with `$`, or `#` as root (capture trims the space).
        s.wait_for("the shell prompt", |screen| {
            screen
                .lines()
                .any(|l| l.starts_with('$') || l.starts_with('#'))
        });
        s
    }

    pub(super) fn home(&self) -> &Path {
        self.dir.path()
    }

    pub(super) fn log_file(&self) -> PathBuf {
        self.home().join("scwdash.log")
    }

    pub(super) fn tmux(&self, args: &[&str]) -> Output {
        let out = Command::new("tmux")
            .args(["-L", &self.socket])
            .args(args)
            .output()
            .unwrap();
        assert!(out.status.success(), "tmux {args:?}: {out:?}");
        out
    }

    /// Types `line` and Enter into the pane's shell.
    pub(super) fn type_line(&self, line: &str) {
        self.tmux(&["send-keys", "-t", "e2e", "-l", line]);
        self.tmux(&["send-keys", "-t", "e2e", "Enter"]);
    }

    /// Sends tmux key names (`q`, `Tab`, `Escape`, `Enter`...).
    pub(super) fn keys(&self, keys: &[&str]) {
        for k in keys {
            self.tmux(&["send-keys", "-t", "e2e", k]);
        }
    }

    /// Sends literal text (no key-name lookup: `/`, `]`, `?` are characters).
    pub(super) fn text(&self, text: &str) {
        self.tmux(&["send-keys", "-t", "e2e", "-l", text]);
    }

    pub(super) fn screen(&self) -> String {
        let out = self.tmux(&["capture-pane", "-p", "-t", "e2e"]);
        String::from_utf8_lossy(&out.stdout).into_owned()
    }

    pub(super) fn format(&self, fmt: &str) -> String {
        let out = self.tmux(&["display-message", "-p", "-t", "e2e", fmt]);
        String::from_utf8_lossy(&out.stdout).trim().to_string()
    }

    pub(super) fn alternate_on(&self) -> bool {
        self.format("#{alternate_on}") == "1"
    }

    /// Polls the screen until `pred` holds; panics with the last screen.
    pub(super) fn wait_for(&self, what: &str, pred: impl Fn(&str) -> bool) -> String {
        let start = Instant::now();
        loop {
            let screen = self.screen();
            if pred(&screen) {
                return screen;
            }
            if start.elapsed() > WAIT {
                panic!("timed out waiting for {what}; screen:\n{screen}");
            }
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    pub(super) fn wait_text(&self, text: &str) -> String {
        self.wait_for(&format!("{text:?}"), |s| s.contains(text))
    }

    /// Echoes the marker, then runs scwdash (with `args`, `env` before it)
    /// through `sh -c` that records its pid, prints its exit status and the
    /// terminal modes afterwards.
    pub(super) fn launch(&self, env: &str, args: &str) {
        self.type_line(&format!("clear; echo {MARKER}"));
        self.wait_for("the marker", |s| s.lines().any(|l| l.trim() == MARKER));
        let pid = self.home().join("pid");
        let log = self.log_file();
        self.type_line(&format!(
            "sh -c 'echo $$ > {pid}; exec env {env} {BIN} {args} --log-file {log} 2>{err}'; \
             echo EX\"\"IT=$?; stty -a | tr -s \" ;\" \"\\n\\n\" | grep -E \"^-?(icanon|echo|isig)$\" | tr \"\\n\" \" \"; echo ST\"\"TY-DONE",
            pid = pid.display(),
            log = log.display(),
            err = self.home().join("stderr").display(),
        ));
    }

    pub(super) fn pid(&self) -> String {
        let path = self.home().join("pid");
        let start = Instant::now();
        loop {
            if let Ok(p) = std::fs::read_to_string(&path)
                && !p.trim().is_empty()
            {
                return p.trim().to_string();
            }
            assert!(start.elapsed() < WAIT, "no pid file");
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    pub(super) fn stderr(&self) -> String {
        std::fs::read_to_string(self.home().join("stderr")).unwrap_or_default()
    }

    /// Waits for the dashboard to have exited and checks the terminal is the
    /// shell's again: main screen with the marker, cursor shown, cooked mode.
    /// Returns the exit status.
    pub(super) fn assert_restored(&self) -> i32 {
        let screen = self.wait_text("STTY-DONE");
        assert!(!self.alternate_on(), "still on the alternate screen");
        assert_eq!(self.format("#{cursor_flag}"), "1", "cursor hidden");
        assert_eq!(
            self.format("#{mouse_any_flag}"),
            "0",
            "mouse capture left on"
        );
        assert!(
            screen.lines().any(|l| l.trim() == MARKER),
            "the pre-launch screen is not back:\n{screen}"
        );
        let modes = screen
            .lines()
            .find(|l| l.contains("STTY-DONE"))
            .unwrap()
            .to_string();
        for mode in ["icanon", "echo", "isig"] {
            assert!(
                modes.split_whitespace().any(|m| m == mode),
                "{mode} is not on after exit: {modes}\n{screen}"
            );
        }
        let exit = screen
            .lines()
            .find_map(|l| l.trim().strip_prefix("EXIT="))
            .unwrap_or_else(|| panic!("no exit status:\n{screen}"));
        exit.trim().parse().unwrap()
    }
}

impl Session {
    /// Runs the demo under a non-interactive sh, which waits without job
    /// control, so the pane's shell does not take the terminal back while
    /// the dashboard is stopped (Ctrl-Z, SIGTSTP); `EXIT=` follows its end.
    /// Returns its pid once its servers are on screen.
    pub(super) fn launch_demo_stoppable(&self) -> String {
        self.type_line(&format!("clear; echo {MARKER}"));
        self.wait_for("the marker", |sc| sc.lines().any(|l| l.trim() == MARKER));
        let pid = self.home().join("pid");
        self.type_line(&format!(
            "sh -c 'sh -c \"echo \\$\\$ > {pid}; exec {BIN} --demo --log-file {log}\"; echo EX\"\"IT=$?'",
            pid = pid.display(),
            log = self.log_file().display(),
        ));
        self.wait_for("the demo servers", |sc| row(sc, "web-1").is_some());
        self.pid()
    }

    /// `q` to the demo [`Session::launch_demo_stoppable`] started: its exit
    /// status, and the screen that says it.
    pub(super) fn quit_stoppable(&self) -> (String, String) {
        self.text("q");
        let screen = self.wait_text("EXIT=");
        let exit = screen
            .lines()
            .find_map(|l| l.trim().strip_prefix("EXIT="))
            .unwrap()
            .trim()
            .to_string();
        (exit, screen)
    }
}

impl Drop for Session {
    fn drop(&mut self) {
        let _ = Command::new("tmux")
            .args(["-L", &self.socket, "kill-server"])
            .output();
    }
}

/// The line of the tab bar (the one naming every tab).
fn tab_bar(screen: &str) -> String {
    screen
        .lines()
        .find(|l| l.contains("1 Servers") && l.contains("5 VPCs"))
        .unwrap_or_else(|| panic!("no tab bar:\n{screen}"))
        .to_string()
}

/// The count shown after a tab's title, once loaded.
fn tab_count(screen: &str, title: &str) -> Option<usize> {
    let bar = tab_bar(screen);
    let rest = &bar[bar.find(title)? + title.len()..];
    rest.split_whitespace().next()?.parse().ok()
}

/// The table row naming `name` (the first one).
pub(super) fn row<'a>(screen: &'a str, name: &str) -> Option<&'a str> {
    screen.lines().find(|l| {
        l.split_whitespace()
            .any(|w| w.trim_start_matches('>') == name)
    })
}

pub(super) fn start_demo(width: u16, height: u16) -> Session {
    let s = Session::start(width, height);
    s.launch("", "--demo");
    s.wait_for("the demo servers", |screen| {
        row(screen, "web-1").is_some() && screen.contains("DEMO")
    });
    s
}

#[test]
fn demo_tabs_zones_filter_help_and_quit() {
    require_tmux!();
    let s = start_demo(120, 40);
    assert!(s.alternate_on(), "the dashboard uses the alternate screen");

    // Every tab, by number: title in the bar (short ones at 120 columns),
    // a count, a known demo row.
    let tabs = [
        ("1", "Servers", "db-primary"),
        ("2", "Volumes", "backup-2025"),
        ("3", "SGs", "web"),
        ("4", "PNs", "prod-backend"),
        ("5", "VPCs", "prod"),
    ];
    for (key, title, known) in tabs {
        s.text(key);
        let screen = s.wait_for(&format!("tab {title} with {known}"), |screen| {
            tab_count(screen, title).is_some() && row(screen, known).is_some()
        });
        let count = tab_count(&screen, title).unwrap();
        assert!(count >= 1, "{title} shows {count} rows:\n{screen}");
    }
    // The events view: nothing changed since the demo started.
    s.text("6");
    s.wait_text("no events yet");
    // The cost view: the servers largest first, then the leaks.
    s.text("7");
    s.wait_for("the cost view", |screen| {
        tab_count(screen, "Cost").is_some() && row(screen, "db-primary").is_some()
    });
    // The topology: the tree from the region down.
    s.text("8");
    s.wait_for("the topology view", |screen| {
        tab_count(screen, "Topo").is_some() && row(screen, "prod-backend").is_some()
    });
    // Tab cycles back to the first tab from the last.
    s.keys(&["Tab"]);
    s.wait_for("Tab back to servers", |screen| {
        row(screen, "web-1").is_some()
    });
    s.keys(&["Tab"]);
    s.wait_for("Tab to volumes", |screen| {
        row(screen, "backup-2025").is_some()
    });
    s.text("1");
    let screen = s.wait_for("servers again", |screen| row(screen, "web-1").is_some());
    let fr_par_1 = tab_count(&screen, "Servers").unwrap();

    // Next zone: fr-par-2 servers, not fr-par-1's.
    s.text("]");
    let screen = s.wait_for("fr-par-2 servers", |screen| {
        row(screen, "db-replica").is_some() && row(screen, "web-1").is_none()
    });
    assert!(tab_count(&screen, "Servers").is_some());

    // The zone picker: choose "all" (the last entry).
    s.text("z");
    s.wait_text("all");
    // The picker lists the ten zones then "all"; `j` stops at the last.
    s.text(&"j".repeat(11));
    s.keys(&["Enter"]);
    let screen = s.wait_for("servers of every zone", |screen| {
        row(screen, "waw-dev").is_some() || row(screen, "ams-web-1").is_some()
    });
    // All zones: more servers than fr-par-1 alone.
    let all = s.wait_for("the all-zone count", |screen| {
        tab_count(screen, "Servers").is_some_and(|n| n > fr_par_1)
    });
    drop((screen, all));

    // Filter as you type.
    s.text("/");
    s.text("ams-");
    s.wait_for("the filtered rows", |screen| {
        row(screen, "ams-db").is_some() && row(screen, "api-gateway").is_none()
    });
    s.keys(&["Escape"]);
    s.wait_for("the filter cleared", |screen| {
        row(screen, "api-gateway").is_some()
    });

    // Help lists the bindings of the live key map, and closes.
    s.text("?");
    // Waits for the whole overlay (a capture can catch a frame half drawn).
    let bindings = ["filter: text", "power menu", "quit", "pick a zone"];
    s.wait_for("the help overlay with its bindings", |screen| {
        screen.contains("Keys (from your key map)") && bindings.iter().all(|b| screen.contains(b))
    });
    s.keys(&["Escape"]);
    s.wait_for("help closed", |screen| {
        !screen.contains("Keys (from your key map)") && row(screen, "api-gateway").is_some()
    });

    s.text("q");
    assert_eq!(s.assert_restored(), 0, "stderr: {}", s.stderr());
    // `--log-file` is where the dashboard logs (not the default path).
    let log = std::fs::read_to_string(s.log_file()).unwrap_or_default();
    assert!(log.contains("dashboard start"), "--log-file holds: {log}");
}

#[test]
fn power_off_a_running_server() {
    require_tmux!();
    let s = start_demo(120, 40);
    // Select worker-1 (running) through the filter.
    s.text("/");
    s.text("worker-1");
    s.keys(&["Enter"]);
    let screen = s.wait_for("worker-1 alone", |screen| {
        row(screen, "worker-1").is_some() && row(screen, "web-1").is_none()
    });
    assert!(
        row(&screen, "worker-1").unwrap().contains("running"),
        "{screen}"
    );
    s.text("p");
    let menu = s.wait_text("Power: worker-1");
    // Move the menu cursor to "power off".
    let mut chosen = false;
    let mut screen = menu;
    for _ in 0..8 {
        let on_power_off = screen
            .lines()
            .any(|l| l.contains('>') && l.to_lowercase().contains("power off"));
        if on_power_off {
            chosen = true;
            break;
        }
        let before = screen.clone();
        s.text("j");
        screen = s.wait_for("the menu cursor to move", |now| now != before);
    }
    assert!(chosen, "no power off in the menu:\n{screen}");
    s.keys(&["Enter"]);
    // The question names the action and the server (the menu's lines name
    // one or the other, never both).
    s.wait_for("the confirmation", |screen| {
        screen.lines().any(|l| {
            let l = l.to_lowercase();
            l.contains("power off") && l.contains("worker-1")
        })
    });
    s.text("y");
    let start = Instant::now();
    loop {
        let screen = s.screen();
        if row(&screen, "worker-1").is_some_and(|r| r.contains("stopped")) {
            break;
        }
        assert!(
            start.elapsed() < Duration::from_secs(30),
            "worker-1 never showed stopped:\n{screen}"
        );
        std::thread::sleep(Duration::from_millis(100));
    }
    s.text("q");
    assert_eq!(s.assert_restored(), 0, "stderr: {}", s.stderr());
}

/// Where `text` starts on `screen`, as 1-based (column, row) for SGR mouse.
fn cell_of(screen: &str, text: &str) -> (usize, usize) {
    for (y, line) in screen.lines().enumerate() {
        if let Some(byte) = line.find(text) {
            return (line[..byte].chars().count() + 1, y + 1);
        }
    }
    panic!("{text:?} not on screen:\n{screen}");
}

impl Session {
    /// Sends an SGR mouse report (`button` 0 = left, 64/65 = wheel up/down)
    /// at 1-based `(x, y)`, as a terminal would, press then release.
    fn mouse(&self, button: u8, (x, y): (usize, usize)) {
        for end in ["M", "m"] {
            if end == "m" && button >= 64 {
                break;
            }
            let report = format!("\x1b[<{button};{x};{y}{end}");
            let hex: Vec<String> = report.bytes().map(|b| format!("{b:02x}")).collect();
            let mut args = vec!["send-keys", "-t", "e2e", "-H"];
            args.extend(hex.iter().map(String::as_str));
            self.tmux(&args);
        }
    }
}

#[test]
fn mouse_clicks_tabs_rows_zones_menus_and_wheel_scrolls() {
    require_tmux!();
    // 140 columns: the short zone names beside the DEMO badge and the cost.
    let s = start_demo(140, 40);
    assert_eq!(s.format("#{mouse_any_flag}"), "1", "mouse captured");
    // A tab.
    let screen = s.screen();
    s.mouse(0, cell_of(&screen, "2 Volumes"));
    let screen = s.wait_for("the volumes tab", |screen| {
        row(screen, "backup-2025").is_some()
    });
    // A row: the click moves the selection marker onto it.
    let (_, y) = cell_of(&screen, "backup-2025");
    s.mouse(0, (10, y));
    s.wait_for("backup-2025 selected", |screen| {
        row(screen, "backup-2025").is_some_and(|r| r.trim_start().starts_with('>'))
    });
    // The wheel moves the selection three rows.
    s.mouse(65, (10, y));
    s.wait_for("the selection moved by the wheel", |screen| {
        row(screen, "backup-2025").is_some_and(|r| !r.trim_start().starts_with('>'))
    });
    // A zone in the bar (short names at 140 columns). The header has ~10
    // columns to spare there: a segment that outranks the short names
    // ("refresh failing since …", e.g. a fetch timing out on a loaded
    // machine) compacts the bar for a while, so wait for the names rather
    // than take them from whatever screen the wheel left (it once failed).
    let screen = s.wait_for("the short zone names", |screen| screen.contains(" ams1 "));
    assert!(!screen.contains("nl-ams-1"), "{screen}");
    s.mouse(0, cell_of(&screen, " ams1 "));
    s.wait_for("zone nl-ams-1", |screen| {
        screen.contains("nl-ams-1") && row(screen, "backup-2025").is_none()
    });
    // A menu entry: "all" in the zone picker.
    s.text("z");
    let screen = s.wait_for("the zone picker", |screen| {
        screen.contains("a letter jumps")
    });
    let (x, y) = cell_of(&screen, "│  all ");
    s.mouse(0, (x + 3, y));
    s.wait_for("zone all", |screen| {
        !screen.contains("a letter jumps") && row(screen, "backup-2025").is_some()
    });
    s.text("q");
    assert_eq!(s.assert_restored(), 0, "stderr: {}", s.stderr());
}

/// `kill -SIG` the dashboard: the terminal is restored and the exit status
/// is 128 + the signal's number, as for a process the signal killed.
fn signal_restores(signal: &str, number: i32) {
    let s = start_demo(100, 30);
    let pid = s.pid();
    let out = Command::new("kill")
        .args([&format!("-{signal}"), &pid])
        .output()
        .unwrap();
    assert!(out.status.success(), "{out:?}");
    assert_eq!(s.assert_restored(), 128 + number, "stderr: {}", s.stderr());
}

#[test]
fn sigterm_restores_the_terminal() {
    require_tmux!();
    signal_restores("TERM", 15);
}

#[test]
fn sighup_restores_the_terminal() {
    require_tmux!();
    signal_restores("HUP", 1);
}

#[test]
fn sigquit_restores_the_terminal() {
    require_tmux!();
    signal_restores("QUIT", 3);
}

/// The state letter of `pid` in /proc (`T` when stopped), if Linux.
pub(super) fn proc_state(pid: &str) -> Option<char> {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
    stat.rsplit(") ").next()?.chars().next()
}

/// Ctrl-Z and SIGTSTP: the shell's screen comes back and the process stops;
/// SIGCONT brings the dashboard back, redrawn, and keys work at once.
#[test]
fn ctrl_z_and_sigtstp_suspend_and_sigcont_resumes() {
    require_tmux!();
    if !Path::new("/proc/self/stat").exists() {
        eprintln!("skipped: needs /proc to see that the process is stopped");
        return;
    }
    let s = Session::start(100, 30);
    let pid = s.launch_demo_stoppable();
    for how in ["ctrl-z", "sigtstp"] {
        match how {
            "ctrl-z" => s.keys(&["C-z"]),
            _ => {
                let out = Command::new("kill").args(["-TSTP", &pid]).output().unwrap();
                assert!(out.status.success(), "{out:?}");
            }
        }
        let start = Instant::now();
        while proc_state(&pid) != Some('T') {
            assert!(start.elapsed() < WAIT, "{how}: not stopped");
            std::thread::sleep(Duration::from_millis(20));
        }
        assert!(
            !s.alternate_on(),
            "{how}: the shell's screen is back while stopped"
        );
        let screen = s.screen();
        assert!(
            screen.lines().any(|l| l.trim() == MARKER),
            "{how}: the pre-launch screen:\n{screen}"
        );
        let out = Command::new("kill").args(["-CONT", &pid]).output().unwrap();
        assert!(out.status.success(), "{out:?}");
        s.wait_for(&format!("{how}: the dashboard redrawn"), |sc| {
            row(sc, "web-1").is_some()
        });
        assert!(s.alternate_on());
        // A key works at once: the Volumes tab.
        s.text("2");
        s.wait_for(&format!("{how}: the volumes tab"), |sc| {
            row(sc, "backup-2025").is_some()
        });
        s.text("1");
        s.wait_for("the servers tab", |sc| row(sc, "web-1").is_some());
    }
    let (exit, screen) = s.quit_stoppable();
    assert_eq!(exit, "0", "q after a resume exits 0:\n{screen}");
    assert!(!s.alternate_on());
}

#[test]
fn a_panic_restores_the_terminal() {
    require_tmux!();
    let s = Session::start(100, 30);
    s.launch("SCWDASH_TEST_PANIC=1", "--demo");
    let exit = s.assert_restored();
    assert_ne!(exit, 0, "a panic must not exit 0");
    let stderr = s.stderr();
    assert!(
        stderr.contains("SCWDASH_TEST_PANIC=1"),
        "the panic report is missing: {stderr}"
    );
}

#[test]
fn without_credentials_the_screen_says_what_is_missing() {
    require_tmux!();
    let s = Session::start(120, 40);
    s.launch("", "");
    s.wait_text("credentials needed");
    // Each one waited for: tmux can be read between two writes of a frame.
    for needed in [
        "secret key",
        "access key",
        "scwdash --demo",
        "Press q to quit",
    ] {
        s.wait_text(needed);
    }
    let config = s.home().join("config");
    s.wait_text(&config.to_string_lossy());
    s.text("q");
    assert_eq!(s.assert_restored(), 0, "stderr: {}", s.stderr());
}
