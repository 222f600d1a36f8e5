//! The `rolo` binary on a temporary database, for tests that drive the CLI as a person
//! would: a clean environment (own HOME and config, UTC, a pinned clock `NOW`), acting
//! as sam unless told otherwise.

#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::Output;

use assert_cmd::Command;
use serde_json::Value;
use tempfile::TempDir;

/// The clock every run here reads (`ROLO_NOW`).
pub const NOW: &str = "2026-11-25T12:00:00Z";

/// A temporary folder with a database in it.
pub struct Rolo {
    /// The folder (HOME and the config live here too).
    pub dir: TempDir,
    /// The database file.
    pub db: PathBuf,
}

impl Rolo {
    /// A fresh folder; the database is created by the first run.
    pub fn new() -> Rolo {
        let dir = TempDir::new().unwrap();
        let db = dir.path().join("crm.redb");
        Rolo { dir, db }
    }

    /// The binary with the test environment, acting as `user`, on `db`.
    pub fn cmd_on(&self, db: &Path, user: &str, args: &[&str]) -> Command {
        let mut c = Command::cargo_bin("rolo").unwrap();
        c.env_clear()
            .env("PATH", std::env::var_os("PATH").unwrap_or_default())
            .env("HOME", self.dir.path())
            .env("ROLO_CONFIG_DIR", self.dir.path().join("config"))
            .env("ROLO_NOW", NOW)
            .env("TZ", "UTC")
            .env("ROLO_USER", user)
            .arg("--db")
            .arg(db)
            .args(args);
        c
    }

    /// The binary acting as sam on this database.
    pub fn cmd(&self, args: &[&str]) -> Command {
        self.cmd_on(&self.db, "sam", args)
    }

    /// Runs as sam.
    pub fn run(&self, args: &[&str]) -> Output {
        self.cmd(args).output().unwrap()
    }

    /// Runs as sam; must succeed; returns stdout.
    pub fn ok(&self, args: &[&str]) -> String {
        let out = self.run(args);
        assert!(
            out.status.success(),
            "rolo {args:?} failed ({:?}): {}",
            out.status.code(),
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8(out.stdout).unwrap()
    }

    /// Runs with `--json`; must succeed; returns the parsed output.
    pub fn json(&self, args: &[&str]) -> Value {
        let mut a = args.to_vec();
        a.push("--json");
        let text = self.ok(&a);
        serde_json::from_str(&text).unwrap_or_else(|e| panic!("rolo {a:?}: {e}: {text}"))
    }

    /// The current revision, read through the CLI.
    pub fn rev(&self) -> u64 {
        self.json(&["history", "--limit", "1"])[0]["rev"]
            .as_u64()
            .expect("history has a rev")
    }
}
