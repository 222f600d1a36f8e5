//! The README's examples are tests: trycmd runs every ```console block of README.md in
//! order, each `$ rolo ...` line against the binary, and compares what it prints (stdout
//! and stderr together) with the lines below it. The tour starts from an empty database
//! in a fresh directory holding the files it imports (tests/fixtures/readme/), on a
//! pinned clock, as user `sam`, with no colour and a config.toml that only names sam's
//! email address. The same harness runs the command-line cases in tests/cmd/ (search
//! arguments), each case on its own database.
//!
//! After a deliberate change of output: `TRYCMD=overwrite cargo test --test readme`
//! rewrites the expected output in place; read the diff before committing it.

use std::path::{Path, PathBuf};
use std::sync::Mutex;

/// Wednesday noon, UTC: every date in the README is relative to it.
const NOW: &str = "2026-11-25T12:00:00Z";

/// trycmd runs a Markdown case's commands in the process's working directory (a
/// `README.in/` template would have to sit beside README.md), so each test holds this
/// while it works in a temporary directory of its own.
static WORKING_DIR: Mutex<()> = Mutex::new(());

fn manifest_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// A harness with the environment every case shares; `db` is the database file,
/// relative to the case's working directory or absolute.
fn cases(home: &Path, db: &str) -> trycmd::TestCases {
    let config = home.join("config");
    let cases = trycmd::TestCases::new();
    cases
        .register_bin("rolo", PathBuf::from(env!("CARGO_BIN_EXE_rolo")))
        .env("ROLO_DB", db)
        .env("ROLO_NOW", NOW)
        .env("ROLO_USER", "sam")
        .env("ROLO_CONFIG_DIR", config.display().to_string())
        .env("HOME", home.display().to_string())
        .env("TZ", "UTC")
        .env("NO_COLOR", "1")
        .env("ROLO_BUSY_TIMEOUT_MS", "5000")
        .env("MALLOC_ARENA_MAX", "2");
    cases
}

/// Copies the README's fixture files (and folders: an account export) into `dir`,
/// where the tour runs.
fn copy_fixtures(dir: &Path) -> std::io::Result<()> {
    copy_tree(&manifest_dir().join("tests/fixtures/readme"), dir)
}

fn copy_tree(from: &Path, to: &Path) -> std::io::Result<()> {
    for entry in std::fs::read_dir(from)? {
        let entry = entry?;
        let target = to.join(entry.file_name());
        if entry.file_type()?.is_dir() {
            std::fs::create_dir_all(&target)?;
            copy_tree(&entry.path(), &target)?;
        } else {
            std::fs::copy(entry.path(), target)?;
        }
    }
    Ok(())
}

#[test]
fn readme_cli_tour() -> std::io::Result<()> {
    let _cwd = WORKING_DIR.lock().unwrap_or_else(|e| e.into_inner());
    let dir = tempfile::tempdir()?;
    std::fs::create_dir(dir.path().join("config"))?;
    // The one setting the tour relies on, as the README's email section shows it: sam's
    // own address, so a message sam receives is inbound and sam is not an unknown sender.
    std::fs::write(
        dir.path().join("config/config.toml"),
        "emails = [\"sam@example.com\"]\n",
    )?;
    copy_fixtures(dir.path())?;
    std::env::set_current_dir(dir.path())?;
    cases(dir.path(), "crm.redb")
        .case(manifest_dir().join("README.md"))
        .run();
    Ok(())
}

#[test]
fn command_line_cases() -> std::io::Result<()> {
    let _cwd = WORKING_DIR.lock().unwrap_or_else(|e| e.into_inner());
    let dir = tempfile::tempdir()?;
    std::fs::create_dir(dir.path().join("config"))?;
    std::env::set_current_dir(dir.path())?;
    for case in std::fs::read_dir(manifest_dir().join("tests/cmd"))? {
        let case = case?.path();
        if case.extension().is_none_or(|e| e != "md") {
            continue;
        }
        // Each case file starts from an empty database of its own.
        let db = dir
            .path()
            .join(case.with_extension("redb").file_name().unwrap_or_default());
        cases(dir.path(), &db.display().to_string())
            .case(&case)
            .run();
    }
    Ok(())
}
