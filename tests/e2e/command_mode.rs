//! End-to-end in tmux: `:` commands on the real binary (with completion, a
//! typo's suggestion, an alias, the history kept in the state dir across
//! runs), and `s` with an `[ssh] command` template pointing at a script that
//! writes its arguments to a file: the terminal is the script's while it
//! runs (its keys reach it, Ctrl-C ends it, not the dashboard; Ctrl-Z stops
//! both until continued), then the dashboard is redrawn with the exit code.

use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

use super::e2e_tmux::{Session, WAIT, proc_state, row, tmux_available};

/// The script `s` runs: writes its arguments, one a line, to `args.txt`,
/// says so, waits for a line (written to `typed.txt`) and exits 7.
fn script(home: &Path) -> String {
    let path = home.join("fake-ssh.sh");
    std::fs::write(
        &path,
        format!(
            "#!/bin/sh\nprintf '%s\\n' \"$@\" > {args}\necho SHELL-SCRIPT-RAN\nread line\n\
             echo \"$line\" > {typed}\nexit 7\n",
            args = home.join("args.txt").display(),
            typed = home.join("typed.txt").display(),
        ),
    )
    .unwrap();
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o755)).unwrap();
    }
    path.display().to_string()
}

/// A session whose config has the script as `[ssh] command` and an alias.
fn configured(width: u16, height: u16) -> Session {
    let s = Session::start(width, height);
    let script = script(s.home());
    let dir = s.home().join("config/scwdash");
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(
        dir.join("config.toml"),
        format!(
            "[ssh]\ncommand = \"{script} {{name}} {{public_ip}} --zone={{zone}} {{id}} '{{user}} x'\"\n\
             user = \"e2e\"\n\n[aliases]\nbig = \"sort -size\"\n"
        ),
    )
    .unwrap();
    s
}

fn launched(s: &Session) {
    s.launch("", "--demo");
    s.wait_for("the demo servers", |screen| {
        row(screen, "web-1").is_some() && screen.contains("DEMO")
    });
}

/// `:` + `line` + Enter.
fn command(s: &Session, line: &str) {
    s.text(":");
    s.text(line);
    s.keys(&["Enter"]);
}

fn history_file(s: &Session) -> std::path::PathBuf {
    s.home().join("state/scwdash/command_history")
}

#[test]
fn colon_commands_complete_suggest_alias_and_remember() {
    if !tmux_available() {
        eprintln!("skipped: tmux is not installed");
        return;
    }
    let s = configured(120, 40);
    launched(&s);
    command(&s, "vol");
    s.wait_for("the volumes tab", |sc| row(sc, "backup-2025").is_some());
    // The alias sorts by size, descending.
    command(&s, "big");
    s.wait_for("sorted by size", |sc| sc.contains("SIZE▼"));
    // Completion: `:zo` Tab -> `:zone `, `nl-ams-1` typed, Enter.
    s.text(":zo");
    s.keys(&["Tab"]);
    s.wait_for("the completed name", |sc| sc.contains(":zone ▏"));
    s.text("nl-ams-1");
    s.keys(&["Enter"]);
    s.wait_for("nl-ams-1 volumes", |sc| {
        row(sc, "backup-2025").is_none() && sc.contains("nl-ams-1")
    });
    // A typo: said, suggested, Tab puts it in.
    command(&s, "zoen all");
    s.wait_text("unknown command :zoen; did you mean :zone? (Tab)");
    s.keys(&["Tab"]);
    s.wait_for("the suggestion", |sc| sc.contains(":zone all▏"));
    s.keys(&["Enter"]);
    s.wait_for("every zone", |sc| row(sc, "backup-2025").is_some());
    command(&s, "q");
    assert_eq!(s.assert_restored(), 0, "stderr: {}", s.stderr());

    let kept = std::fs::read_to_string(history_file(&s)).unwrap();
    assert_eq!(kept, "vol\nbig\nzone nl-ams-1\nzone all\nq\n");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(history_file(&s))
            .unwrap()
            .permissions()
            .mode();
        assert_eq!(mode & 0o777, 0o600);
    }

    // The next run walks it with ↑. (The screen is cleared first: the old
    // marker would otherwise let the launch type ahead of its `clear`.)
    s.type_line("clear");
    s.wait_for("a clear screen", |sc| !sc.contains("STTY-DONE"));
    launched(&s);
    s.text(":");
    s.keys(&["Up"]);
    s.wait_for("the newest command", |sc| sc.contains(":q▏"));
    s.keys(&["Up", "Up"]);
    s.wait_for("an older one", |sc| sc.contains(":zone nl-ams-1▏"));
    s.keys(&["Enter"]);
    s.wait_for("nl-ams-1 again", |sc| {
        row(sc, "web-1").is_none() && sc.contains("nl-ams-1")
    });
    s.text("q");
    assert_eq!(s.assert_restored(), 0, "stderr: {}", s.stderr());
}

/// The args the script got, as written.
fn args(s: &Session) -> Vec<String> {
    std::fs::read_to_string(s.home().join("args.txt"))
        .unwrap()
        .lines()
        .map(str::to_string)
        .collect()
}

#[test]
fn s_runs_the_template_in_the_terminal_and_comes_back() {
    if !tmux_available() {
        eprintln!("skipped: tmux is not installed");
        return;
    }
    let s = configured(120, 40);
    launched(&s);
    s.text("/web-1");
    s.keys(&["Enter"]);
    let screen = s.wait_for("web-1 alone", |sc| {
        row(sc, "web-1").is_some() && row(sc, "api-gateway").is_none()
    });
    let ip = row(&screen, "web-1")
        .unwrap()
        .split_whitespace()
        .find(|w| w.parse::<std::net::Ipv4Addr>().is_ok())
        .unwrap()
        .to_string();
    s.text("s");
    s.wait_for("the script in the terminal", |sc| {
        sc.contains("SHELL-SCRIPT-RAN") && row(sc, "web-1").is_none()
    });
    assert!(!s.alternate_on(), "the script has the main screen");
    assert_eq!(s.format("#{mouse_any_flag}"), "0", "no mouse capture");
    let got = args(&s);
    assert_eq!(got.len(), 5, "{got:?}");
    assert_eq!(
        got[..3],
        ["web-1".to_string(), ip, "--zone=fr-par-1".into()]
    );
    assert_eq!(got[3].len(), 36, "the id: {got:?}");
    assert_eq!(got[4], "e2e x", "one argument, from the template's quotes");
    // Its keys reach it, not the dashboard.
    s.type_line("hello q");
    s.wait_for("the dashboard redrawn with the exit code", |sc| {
        row(sc, "web-1").is_some() && sc.contains("ended: exit code 7")
    });
    assert!(s.alternate_on());
    assert_eq!(
        std::fs::read_to_string(s.home().join("typed.txt")).unwrap(),
        "hello q\n"
    );
    // Ctrl-C ends the script, not the dashboard.
    s.text("s");
    s.wait_for("the script again", |sc| sc.contains("SHELL-SCRIPT-RAN"));
    s.keys(&["C-c"]);
    s.wait_for("back after Ctrl-C", |sc| {
        row(sc, "web-1").is_some() && sc.contains("killed by signal 2")
    });
    s.text("2");
    s.wait_for("keys work: the volumes tab", |sc| {
        row(sc, "backup-2025").is_some()
    });
    // Once more to the end (the main screen's cursor moves past the ^C).
    s.text("1");
    s.wait_for("servers", |sc| row(sc, "web-1").is_some());
    s.text("s");
    s.wait_for("the script a third time", |sc| {
        sc.contains("SHELL-SCRIPT-RAN")
    });
    s.type_line("bye");
    s.wait_for("back", |sc| row(sc, "web-1").is_some());
    s.text("q");
    assert_eq!(s.assert_restored(), 0, "stderr: {}", s.stderr());
}

/// `s` when the template's program is not installed: said on the status
/// line, and the terminal is the dashboard's again (the child had taken its
/// foreground before its exec failed: no key reached the dashboard after).
#[test]
fn s_with_a_program_that_is_not_installed_says_so_and_keys_still_work() {
    if !tmux_available() {
        eprintln!("skipped: tmux is not installed");
        return;
    }
    let s = Session::start(160, 40);
    let dir = s.home().join("config/scwdash");
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(
        dir.join("config.toml"),
        "[ssh]\ncommand = \"scwdash-no-such-ssh {public_ip}\"\n",
    )
    .unwrap();
    launched(&s);
    s.text("s");
    s.wait_text(
        "could not run scwdash-no-such-ssh on api-gateway: not installed (not found on PATH)",
    );
    s.text("2");
    s.wait_for("keys work: the volumes tab", |sc| {
        row(sc, "backup-2025").is_some()
    });
    s.text("q");
    assert_eq!(s.assert_restored(), 0, "stderr: {}", s.stderr());
}

fn wait_state(pid: &str, want: impl Fn(Option<char>) -> bool, what: &str) {
    let start = Instant::now();
    while !want(proc_state(pid)) {
        assert!(
            start.elapsed() < WAIT,
            "{what}: state {:?}",
            proc_state(pid)
        );
        std::thread::sleep(Duration::from_millis(20));
    }
}

fn cont(pid: &str) {
    let out = Command::new("kill").args(["-CONT", pid]).output().unwrap();
    assert!(out.status.success(), "{out:?}");
}

#[test]
fn ctrl_z_suspends_from_the_command_line_and_from_the_shell() {
    if !tmux_available() || !Path::new("/proc/self/stat").exists() {
        eprintln!("skipped: needs tmux and /proc");
        return;
    }
    let s = configured(120, 40);
    let pid = s.launch_demo_stoppable();

    // Ctrl-Z with the command line open: suspended, then back as it was.
    s.text(":vo");
    s.wait_for("the command line", |sc| sc.contains(":vo▏"));
    s.keys(&["C-z"]);
    wait_state(&pid, |st| st == Some('T'), "stopped by Ctrl-Z");
    assert!(!s.alternate_on());
    cont(&pid);
    s.wait_for("the line kept", |sc| {
        sc.contains(":vo▏") && row(sc, "web-1").is_some()
    });
    s.text("l");
    s.keys(&["Enter"]);
    s.wait_for("the volumes tab", |sc| row(sc, "backup-2025").is_some());
    s.text("1");
    s.wait_for("servers", |sc| row(sc, "web-1").is_some());

    // Ctrl-Z in the script: it stops, so does the dashboard; continued,
    // the script has the terminal again.
    s.text("/web-1");
    s.keys(&["Enter"]);
    s.wait_for("web-1 alone", |sc| row(sc, "api-gateway").is_none());
    s.text("s");
    s.wait_for("the script", |sc| sc.contains("SHELL-SCRIPT-RAN"));
    s.keys(&["C-z"]);
    wait_state(
        &pid,
        |st| st == Some('T'),
        "the dashboard stopped with its script",
    );
    cont(&pid);
    wait_state(&pid, |st| st != Some('T'), "continued");
    s.type_line("after");
    s.wait_for("back with the exit code", |sc| {
        row(sc, "web-1").is_some() && sc.contains("ended: exit code 7")
    });
    assert_eq!(
        std::fs::read_to_string(s.home().join("typed.txt")).unwrap(),
        "after\n"
    );
    let (exit, screen) = s.quit_stoppable();
    assert_eq!(exit, "0", "{screen}");
}
