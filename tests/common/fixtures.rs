//! Where the real recorded responses live (`../shared/fixtures/scaleway/real`,
//! or `SCWDASH_FIXTURES`), for every test that reads them.

#![allow(dead_code)]

use std::path::{Path, PathBuf};

/// The directory holding `INDEX.tsv` and the recorded bodies.
pub fn fixtures_dir() -> PathBuf {
    let mut candidates = Vec::new();
    if let Some(dir) = std::env::var_os("SCWDASH_FIXTURES") {
        candidates.push(PathBuf::from(dir));
    }
    candidates.push(Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/fixtures/scaleway/real"));
    candidates.push(PathBuf::from("/work/shared/fixtures/scaleway/real"));
    candidates
        .iter()
        .find(|dir| dir.join("INDEX.tsv").is_file())
        .cloned()
        .unwrap_or_else(|| {
            panic!(
                "no fixture directory with INDEX.tsv among {candidates:?} (set SCWDASH_FIXTURES)"
            )
        })
}

/// One recorded file's text.
pub fn read_fixture(name: &str) -> String {
    let path = fixtures_dir().join(name);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}
