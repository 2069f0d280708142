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

/// The client's log lines name each call, its status, its time and its
/// back-off, and never the token: read from the log file of the real
/// `scwdash list`, whose subscriber is global from the start of the process.
/// (An in-process test with a thread-local subscriber was flaky: tracing
/// caches each call site's interest for the whole process, and a call site
/// first hit on another test's thread while that subscriber was the only one
/// registered was cached as "never", so its lines went missing.)
#[test]
fn list_logs_name_each_call_and_its_retry_but_never_the_token() {
    use std::sync::Arc;
    use std::sync::atomic::{AtomicUsize, Ordering};

    use axum::Router;
    use axum::http::StatusCode;
    use axum::routing::get;

    const TOKEN: &str = "log-test-secret-0000";
    let rt = tokio::runtime::Runtime::new().unwrap();
    let hits = Arc::new(AtomicUsize::new(0));
    let seen = hits.clone();
    let url = rt.block_on(async move {
        // The first listing is rate limited (an empty 429, as the API does),
        // the retry answers an empty zone.
        let servers = move || {
            let seen = seen.clone();
            async move {
                if seen.fetch_add(1, Ordering::SeqCst) == 0 {
                    (StatusCode::TOO_MANY_REQUESTS, String::new())
                } else {
                    (StatusCode::OK, r#"{"servers":[]}"#.to_string())
                }
            }
        };
        let ips = || async { r#"{"ips":[],"total_count":0}"# };
        let app = Router::new()
            .route("/instance/v1/zones/{zone}/servers", get(servers))
            .route("/ipam/v1/regions/{region}/ips", get(ips));
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        tokio::spawn(async move { axum::serve(listener, app).await });
        format!("http://{addr}")
    });
    let dir = tempfile::tempdir().unwrap();
    let log = dir.path().join("list.log");
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_scwdash"))
        .args(["list", "servers", "--zone", "fr-par-1", "--log-file"])
        .arg(&log)
        .env_clear()
        .env("PATH", std::env::var_os("PATH").unwrap_or_default())
        .env("HOME", dir.path())
        .env("XDG_CONFIG_HOME", dir.path().join("config"))
        .env("SCW_CONFIG_PATH", dir.path().join("absent.yaml"))
        .env("SCW_API_URL", &url)
        .env("SCW_SECRET_KEY", TOKEN)
        .env("SCWDASH_LOG", "debug")
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(hits.load(Ordering::SeqCst), 2, "one 429, one retry");
    let text = std::fs::read_to_string(&log).unwrap();
    let path = "/instance/v1/zones/fr-par-1/servers";
    let calls: Vec<&str> = text
        .lines()
        .filter(|l| l.contains("api call") && l.contains(path))
        .collect();
    assert_eq!(calls.len(), 2, "{text}");
    assert!(calls[0].contains("status=429"), "{text}");
    assert!(calls[1].contains("status=200"), "{text}");
    assert!(calls.iter().all(|l| l.contains("elapsed_ms")), "{text}");
    assert!(
        text.lines()
            .any(|l| l.contains("backing off") && l.contains(path)),
        "{text}"
    );
    assert!(!text.contains(TOKEN), "token in the log: {text}");
}
