//! Logging goes to a file, filtered by SCWDASH_LOG. One test: the global subscriber
//! can be set only once per process.

#![allow(clippy::unwrap_used)] // tests: a panic is the failure report

use std::collections::HashMap;
use std::path::PathBuf;

use scwdash::logging::{LogError, default_log_path, init_with};

#[test]
fn logs_go_to_the_file_with_the_filter_from_scwdash_log() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("nested/dir/scwdash.log");

    let bad = HashMap::from([("SCWDASH_LOG", "scwdash=loud".to_string())]);
    let err = init_with(Some(&path), &|k| bad.get(k).cloned())
        .err()
        .unwrap();
    assert!(matches!(err, LogError::Filter { .. }), "{err}");
    assert!(
        err.to_string()
            .starts_with("invalid SCWDASH_LOG filter \"scwdash=loud\"")
    );

    let vars = HashMap::from([("SCWDASH_LOG", "warn".to_string())]);
    let handle = init_with(Some(&path), &|k| vars.get(k).cloned()).unwrap();
    assert_eq!(handle.path, path);
    tracing::info!("quiet-info-line");
    tracing::warn!("loud-warn-line");
    // A name from the API with a title-setting sequence and a forged line.
    tracing::warn!(name = %"web\u{1b}]0;pwned\u{7}\nFAKE line", "hostile-name");

    let again = init_with(Some(&path), &|k| vars.get(k).cloned())
        .err()
        .unwrap();
    assert!(matches!(again, LogError::AlreadyInitialised));

    drop(handle); // flushes the background writer
    let text = std::fs::read_to_string(&path).unwrap();
    assert!(text.contains("loud-warn-line"), "{text}");
    assert!(!text.contains("quiet-info-line"), "{text}");
    assert!(
        !text.contains("\u{1b}["),
        "no colour codes in the file: {text}"
    );
    assert!(
        !text.contains(['\u{1b}', '\u{7}']),
        "no raw escape in the file: {text:?}"
    );
    assert!(text.contains("web\\e]0;pwned\\u{7}\\nFAKE line"), "{text}");
    assert!(
        !text.lines().any(|l| l.starts_with("FAKE")),
        "a value cannot forge a line: {text}"
    );
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = |p: &std::path::Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode(&path), 0o600, "log file mode");
        assert_eq!(mode(path.parent().unwrap()), 0o700, "log directory mode");
        assert_eq!(
            mode(&dir.path().join("nested")),
            0o700,
            "created parents too"
        );
    }
}

#[test]
fn the_default_log_path_follows_xdg_state_home_then_home() {
    let xdg = HashMap::from([
        ("XDG_STATE_HOME", "/state".to_string()),
        ("HOME", "/home/u".to_string()),
    ]);
    assert_eq!(
        default_log_path(&|k| xdg.get(k).cloned()),
        Some(PathBuf::from("/state/scwdash/scwdash.log"))
    );
    if cfg!(target_os = "linux") {
        let home = HashMap::from([("HOME", "/home/u".to_string())]);
        assert_eq!(
            default_log_path(&|k| home.get(k).cloned()),
            Some(PathBuf::from("/home/u/.local/state/scwdash/scwdash.log"))
        );
    }
}

/// `scwdash sim --log-file X` writes its log to X (it used to write none).
#[test]
fn sim_writes_its_log_where_log_file_says() {
    use std::io::{BufRead, BufReader};
    use std::process::{Command, Stdio};
    let dir = tempfile::tempdir().unwrap();
    let log = dir.path().join("sim.log");
    let mut child = Command::new(env!("CARGO_BIN_EXE_scwdash"))
        .args(["sim", "--listen", "127.0.0.1:0", "--log-file"])
        .arg(&log)
        .env_remove("SCWDASH_LOG")
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    let mut first = String::new();
    // Kept open until the end: the simulator prints more lines.
    let mut stdout = BufReader::new(child.stdout.take().unwrap());
    stdout.read_line(&mut first).unwrap();
    assert!(first.contains("listening on"), "{first}");
    // Ctrl-C: the simulator stops and the log is flushed.
    let pid = child.id().to_string();
    assert!(
        Command::new("kill")
            .args(["-INT", &pid])
            .status()
            .unwrap()
            .success()
    );
    assert!(child.wait().unwrap().success());
    let text = std::fs::read_to_string(&log).unwrap();
    assert!(text.contains("simulator listening"), "{text}");
}
