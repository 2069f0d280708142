//! The binary reports a configuration mistake in one line and exits 2.

#![allow(clippy::unwrap_used)] // tests: a panic is the failure report

use std::process::Command;

fn scwdash(home: &std::path::Path) -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_scwdash"));
    cmd.env_clear().env("HOME", home).env("RUST_BACKTRACE", "1");
    cmd
}

#[test]
fn a_config_error_is_one_line_and_exit_code_2() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("scw.yaml");
    std::fs::write(&file, "default_zone: fr-par-9\n").unwrap();
    let out = scwdash(dir.path())
        .env("SCW_CONFIG_PATH", &file)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    assert!(
        stderr.starts_with(&format!(
            "scwdash: invalid zone \"fr-par-9\" from default_zone in {}; expected one of:",
            file.display()
        )),
        "{stderr}"
    );
    assert!(out.stdout.is_empty());
}

#[test]
fn an_unknown_profile_flag_is_reported_the_same_way() {
    let dir = tempfile::tempdir().unwrap();
    let out = scwdash(dir.path())
        .args(["--profile", "nope"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(
        stderr.starts_with("scwdash: profile \"nope\" (from --profile) not found"),
        "{stderr}"
    );
}
