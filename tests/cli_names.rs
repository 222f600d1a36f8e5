//! Companies and contacts named on the CLI, as the TUI's form fields name them: `--company`
//! and `--contact` take an id or a name; a new company name on contact and deal commands
//! creates the company in the same change; a name several records share is refused
//! with their ids; a task's or an activity's company must exist.

use std::path::Path;

use assert_cmd::Command;
use tempfile::TempDir;

fn rolo(dir: &Path, args: &[&str]) -> (bool, String) {
    let out = Command::cargo_bin("rolo")
        .expect("binary")
        .env_clear()
        .env("PATH", std::env::var_os("PATH").unwrap_or_default())
        .env("HOME", dir)
        .env("ROLO_CONFIG_DIR", dir.join("config"))
        .env("ROLO_NOW", "2026-11-25T12:00:00Z")
        .env("TZ", "UTC")
        .env("ROLO_USER", "sam")
        .arg("--db")
        .arg(dir.join("crm.redb"))
        .args(args)
        .output()
        .expect("run rolo");
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    (out.status.success(), text)
}

fn ok(dir: &Path, args: &[&str]) -> String {
    let (ok, text) = rolo(dir, args);
    assert!(ok, "rolo {args:?}: {text}");
    text
}

/// Two companies named Globex (O-1, O-2) and one Acme (O-3), with Jane at Acme (C-1).
fn setup() -> TempDir {
    let dir = TempDir::new().expect("dir");
    let d = dir.path();
    ok(d, &["company", "add", "Globex", "--domain", "globex.com"]);
    ok(d, &["company", "add", "Globex", "--domain", "globex.de"]);
    ok(d, &["company", "add", "Acme"]);
    ok(d, &["contact", "add", "Jane Doe", "--company", "Acme"]);
    dir
}

#[test]
fn an_ambiguous_company_name_is_refused_with_the_candidates() {
    let dir = setup();
    let d = dir.path();
    let (done, text) = rolo(d, &["contact", "add", "Ann Twin", "--company", "globex"]);
    assert!(!done, "{text}");
    assert!(text.contains("2 companies are named 'globex'"), "{text}");
    assert!(text.contains("O-1 Globex (globex.com)"), "{text}");
    assert!(text.contains("O-2 Globex (globex.de)"), "{text}");
    let (done, text) = rolo(d, &["deal", "add", "Pilot", "--company", "Globex"]);
    assert!(!done && text.contains("O-1 Globex"), "{text}");
    let out = ok(d, &["contact", "add", "Ann Twin", "--company", "O-2"]);
    assert!(out.contains("added contact C-2"), "{out}");
}

#[test]
fn contact_edit_creates_an_unknown_company_like_add_and_one_undo_removes_both() {
    let dir = setup();
    let d = dir.path();
    let out = ok(d, &["contact", "edit", "C-1", "--company", "Newco Ltd"]);
    assert!(out.contains("and company O-4 Newco Ltd"), "{out}");
    assert!(ok(d, &["contact", "show", "C-1"]).contains("O-4 Newco Ltd"));
    ok(d, &["undo"]);
    let (found, _) = rolo(d, &["company", "show", "O-4"]);
    assert!(!found, "the company went with the undo");
    assert!(ok(d, &["contact", "show", "C-1"]).contains("O-3 Acme"));
}

#[test]
fn deal_edit_says_which_company_it_created() {
    let dir = setup();
    let d = dir.path();
    ok(d, &["deal", "add", "Pilot", "--company", "Acme"]);
    let out = ok(d, &["deal", "edit", "D-1", "--company", "Initech"]);
    assert!(out.contains("and company O-4 Initech"), "{out}");
}

#[test]
fn contact_flags_take_a_name() {
    let dir = setup();
    let d = dir.path();
    let out = ok(
        d,
        &["deal", "add", "Pilot", "--contact", "jane doe", "--json"],
    );
    assert!(out.contains("C-1"), "{out}");
    ok(d, &["task", "add", "Call Jane", "--contact", "Jane Doe"]);
    assert!(ok(d, &["task", "show", "T-1"]).contains("C-1"));
    ok(
        d,
        &["log", "note", "Met at the fair", "--contact", "Jane Doe"],
    );
    assert!(ok(d, &["activity", "list", "--on", "C-1"]).contains("Met at the fair"));
    let (done, text) = rolo(d, &["task", "add", "Call Nobody", "--contact", "Nobody"]);
    assert!(
        !done && text.contains("no contact named 'Nobody'"),
        "{text}"
    );
}

#[test]
fn a_task_or_activity_company_must_exist_and_may_be_named() {
    let dir = setup();
    let d = dir.path();
    ok(d, &["task", "add", "Plan renewal", "--company", "acme"]);
    assert!(ok(d, &["task", "show", "T-1"]).contains("O-3"));
    let (done, text) = rolo(d, &["task", "add", "Plan", "--company", "Umbrella"]);
    assert!(
        !done && text.contains("no company named 'Umbrella'"),
        "{text}"
    );
    let (found, _) = rolo(d, &["company", "show", "O-4"]);
    assert!(!found, "a task never creates a company");
    ok(d, &["log", "call", "Quarterly call", "--company", "Acme"]);
    assert!(ok(d, &["activity", "list", "--on", "O-3"]).contains("Quarterly call"));
}

#[test]
fn a_name_that_starts_like_an_id_is_a_name() {
    let dir = setup();
    let d = dir.path();
    // "O-1 Solutions" is not O-1 (Globex): it is a new company of that name.
    let out = ok(d, &["contact", "add", "Ida", "--company", "O-1 Solutions"]);
    assert!(out.contains("and company O-4 O-1 Solutions"), "{out}");
    // "O-1 Globex" (what a completion writes) is O-1.
    let out = ok(
        d,
        &["contact", "add", "Ivo", "--company", "O-1 Globex", "--json"],
    );
    assert!(out.contains("O-1"), "{out}");
    let (done, text) = rolo(d, &["contact", "add", "Uma", "--company", "O-99"]);
    assert!(!done && text.contains("O-99 does not exist"), "{text}");
}
