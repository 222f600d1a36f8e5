//! Bad keymap and theme files stop `rolo` before the terminal is touched, naming file,
//! line and reason; `rolo check-config` validates them without starting the TUI.

use assert_cmd::Command;
use predicates::prelude::*;
use tempfile::TempDir;

fn rolo(config: &TempDir) -> Command {
    let mut cmd = Command::cargo_bin("rolo").expect("binary");
    cmd.env("ROLO_CONFIG_DIR", config.path())
        .env("ROLO_DB", config.path().join("db.redb"))
        .env("ROLO_USER", "sam")
        .env_remove("NO_COLOR");
    cmd
}

#[test]
fn check_config_reports_ok_and_merged_files() {
    let dir = TempDir::new().expect("dir");
    std::fs::write(
        dir.path().join("keymap.toml"),
        "[pipeline]\n\"ctrl-l\" = \"move_stage_next\"\n",
    )
    .expect("write");
    rolo(&dir)
        .arg("check-config")
        .assert()
        .success()
        .stdout(predicate::str::contains("keymap ok").and(predicate::str::contains("keymap.toml")));
}

#[test]
fn a_bad_keymap_names_file_line_and_reason() {
    let dir = TempDir::new().expect("dir");
    std::fs::write(
        dir.path().join("keymap.toml"),
        "[pipeline]\nj = \"down\"\nx = \"fly_away\"\n",
    )
    .expect("write");
    rolo(&dir)
        .arg("check-config")
        .assert()
        .failure()
        .stderr(predicate::str::contains(
            "keymap.toml:3: unknown action 'fly_away'",
        ));
    // Starting the TUI fails the same way, before any escape sequence is written.
    rolo(&dir)
        .assert()
        .failure()
        .stdout(predicate::str::is_empty())
        .stderr(predicate::str::contains("keymap.toml:3"));
}

#[test]
fn a_conflicting_key_and_a_bad_theme_are_refused() {
    let dir = TempDir::new().expect("dir");
    std::fs::write(
        dir.path().join("keymap.toml"),
        "[today]\nG = \"top\"\n\"shift-g\" = \"bottom\"\n",
    )
    .expect("write");
    rolo(&dir)
        .arg("check-config")
        .assert()
        .failure()
        .stderr(predicate::str::contains("conflict"));
    std::fs::remove_file(dir.path().join("keymap.toml")).expect("rm");
    std::fs::create_dir(dir.path().join("themes")).expect("mkdir");
    std::fs::write(
        dir.path().join("themes/mine.toml"),
        "inherits = \"dark\"\n[styles]\nselection = { fg = \"chartreuse\" }\n",
    )
    .expect("write");
    rolo(&dir)
        .arg("check-config")
        .assert()
        .failure()
        .stderr(predicate::str::contains(
            "mine.toml:3: selection: unknown colour 'chartreuse'",
        ));
    rolo(&dir)
        .args(["--theme", "nope"])
        .assert()
        .failure()
        .stderr(predicate::str::contains("unknown theme 'nope'"));
}
