//! The real binary on inputs that used to freeze or kill it: no terminal, a
//! refresh interval no `Duration` holds, `SCW_*` variables that are not UTF-8.
//! Each is one line on stderr and exit code 2, never a backtrace.

use std::path::Path;
use std::process::{Command, Output};

const BIN: &str = env!("CARGO_BIN_EXE_scwdash");

/// `scwdash ARGS` in an empty home, stdin/stdout not a terminal.
fn run(home: &Path, args: &[&str], env: &[(&str, &std::ffi::OsStr)]) -> Output {
    let mut cmd = Command::new(BIN);
    cmd.args(args)
        .env_clear()
        .env("PATH", std::env::var_os("PATH").unwrap_or_default())
        .env("HOME", home)
        .env("XDG_STATE_HOME", home.join("state"))
        .env("SCW_CONFIG_PATH", home.join("absent.yaml"));
    for (k, v) in env {
        cmd.env(k, v);
    }
    cmd.output().unwrap()
}

/// Exit 2 and exactly one line on stderr, without a trace of a backtrace.
fn one_line_exit_2(out: &Output) -> String {
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    for noise in ["backtrace", "Location:", "panicked", "\u{1b}["] {
        assert!(!stderr.contains(noise), "{noise:?} in {stderr}");
    }
    stderr
}

#[test]
fn without_a_terminal_the_dashboard_says_so_in_one_line() {
    let dir = tempfile::tempdir().unwrap();
    let out = run(dir.path(), &["--demo"], &[]);
    let stderr = one_line_exit_2(&out);
    assert_eq!(
        stderr,
        "scwdash needs a terminal; try `scwdash list …` for scripts\n"
    );
    assert!(out.stdout.is_empty());
}

#[test]
fn a_refresh_no_duration_holds_is_a_clean_error() {
    let dir = tempfile::tempdir().unwrap();
    for value in ["1e20", "1e308", "inf"] {
        let out = run(dir.path(), &["--demo", "--refresh", value], &[]);
        let stderr = one_line_exit_2(&out);
        assert!(stderr.contains("from --refresh"), "{stderr}");
        assert!(stderr.contains("at most 86400"), "{stderr}");
    }
    let cfg = dir.path().join("config/scwdash");
    std::fs::create_dir_all(&cfg).unwrap();
    for text in ["refresh = 1e308\n", "fast_refresh = 1e300\n"] {
        std::fs::write(cfg.join("config.toml"), text).unwrap();
        let xdg = dir.path().join("config");
        let out = run(
            dir.path(),
            &["--demo"],
            &[("XDG_CONFIG_HOME", xdg.as_os_str())],
        );
        let stderr = one_line_exit_2(&out);
        assert!(stderr.contains("at most 86400"), "{stderr}");
    }
}

#[cfg(unix)]
#[test]
fn a_scw_variable_that_is_not_utf8_is_named() {
    use std::os::unix::ffi::OsStrExt;
    let dir = tempfile::tempdir().unwrap();
    let bad = std::ffi::OsStr::from_bytes(b"prod\xff");
    for var in ["SCW_PROFILE", "SCW_API_URL", "SCW_SECRET_KEY"] {
        for args in [&["--demo"][..], &["list", "servers"][..]] {
            let out = run(dir.path(), args, &[(var, bad)]);
            let stderr = one_line_exit_2(&out);
            assert_eq!(
                stderr,
                format!(
                    "scwdash: the environment variable {var} is not valid UTF-8; fix or unset it\n"
                ),
                "{args:?}"
            );
        }
    }
}
