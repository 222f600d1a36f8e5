//! Privacy end to end through the `rolo` binary: one person's export (checked against
//! every record table), their erasure (shared records redacted, history rewritten,
//! suppression, no undo), the scrub (canary bytes gone from every file; another
//! process's open file and writes respected; `kill -9` harmless). Each test has its own
//! temporary database, a pinned clock and ROLO_USER=sam.

mod cli_common;

use std::path::{Path, PathBuf};
use std::sync::Arc;

use cli_common::Rolo;
use rolo::model::Kind;
use rolo::store::schema::{self, Role};
use rolo::store::{OpenOptions, Queries, Store};
use serde_json::Value;

const CANARY_NAME: &str = "Zyxwa Qorvath";
const CANARY_EMAIL: &str = "zq.canary@qorvath.test";
const CANARY_PHONE: &str = "+1 555 867 5309";

/// What these tests ask of the CLI besides the shared harness.
impl Rolo {
    fn fail(&self, args: &[&str]) -> String {
        let out = self.run(args);
        let err = String::from_utf8_lossy(&out.stderr).into_owned();
        assert_eq!(out.status.code(), Some(1), "rolo {args:?}: {err}");
        assert_eq!(err.lines().count(), 1, "rolo {args:?}: {err:?}");
        err.trim_end().to_string()
    }

    fn open(&self, user: &str) -> Store {
        Store::open(OpenOptions {
            user: Some(user.into()),
            ..OpenOptions::new(&self.db)
        })
        .unwrap()
    }
}

/// Acme (O-1) with a note naming the canary; the canary (C-1) and Other Person (C-2) at
/// Acme; an email to both (A-1), a note on the canary alone (A-2), a task about the
/// canary (T-1), a deal with both (D-1); another contact whose notes name the canary.
fn canary() -> Rolo {
    let r = Rolo::new();
    r.ok(&[
        "company",
        "add",
        "Acme",
        "--notes",
        &format!("{CANARY_NAME} is our champion"),
    ]);
    r.ok(&[
        "contact",
        "add",
        CANARY_NAME,
        "--email",
        CANARY_EMAIL,
        "--phone",
        CANARY_PHONE,
        "--company",
        "Acme",
        "--notes",
        "canary private notes: allergic to cats",
    ]);
    r.ok(&[
        "contact",
        "add",
        "Other Person",
        "--email",
        "other@acme.test",
        "--company",
        "Acme",
    ]);
    r.ok(&[
        "log",
        "email",
        "--contact",
        "C-1",
        "--contact",
        "C-2",
        "--subject",
        &format!("Intro {CANARY_NAME}"),
        &format!("Hi both, reach {CANARY_EMAIL} or 555-867-5309; Other Person knows"),
    ]);
    r.ok(&[
        "log",
        "note",
        "--contact",
        "C-1",
        "--subject",
        "private chat about cats",
    ]);
    r.ok(&["task", "add", "Call about cats", "--contact", "C-1"]);
    r.ok(&[
        "deal",
        "add",
        "Acme seats",
        "--company",
        "Acme",
        "--contact",
        "C-1",
    ]);
    r.ok(&[
        "deal",
        "edit",
        "D-1",
        "--contact",
        "C-1",
        "--contact",
        "C-2",
    ]);
    r.ok(&[
        "contact",
        "add",
        "Referrer",
        "--notes",
        &format!("introduced {CANARY_NAME}"),
    ]);
    r.ok(&["contact", "edit", "C-1", "--title", "CTO"]);
    // A ticket of theirs, and one of a colleague's with them on Cc.
    r.ok(&[
        "ticket",
        "add",
        &format!("Login for {CANARY_NAME}"),
        "--requester",
        "C-1",
        "-m",
        &format!("call me on {CANARY_PHONE}"),
    ]);
    r.ok(&[
        "ticket",
        "add",
        "Invoice copy",
        "--requester",
        "C-2",
        "--cc",
        CANARY_EMAIL,
    ]);
    r
}

fn refs(list: &Value) -> Vec<String> {
    list.as_array()
        .unwrap()
        .iter()
        .map(|v| v["ref"].as_str().unwrap().to_string())
        .collect()
}

#[test]
fn the_export_holds_every_record_that_names_the_person_by_table() {
    let r = canary();
    let x = r.json(&["privacy", "export", "C-1"]);
    assert_eq!(x["format"], "rolo-person-export");
    assert_eq!(x["version"], 1);
    assert_eq!(x["contact"]["name"], CANARY_NAME);
    // Every record table is a key of `records`: a new kind shows up or this fails.
    for t in schema::tables() {
        if let Role::Records(kind) = t.role() {
            assert!(
                x["records"].get(t.name()).is_some(),
                "the export has no list for table {} ({kind:?})",
                t.name()
            );
        }
    }
    // A-3 is the first message of their ticket S-1; S-2 has them on Cc.
    assert_eq!(refs(&x["records"]["activities"]), ["A-1", "A-2", "A-3"]);
    assert_eq!(refs(&x["records"]["tickets"]), ["S-1", "S-2"]);
    assert_eq!(refs(&x["records"]["tasks"]), ["T-1"]);
    assert_eq!(refs(&x["records"]["deals"]), ["D-1"]);
    assert_eq!(refs(&x["records"]["companies"]), ["O-1"]);
    assert_eq!(refs(&x["records"]["contacts"]), ["C-3"]);
    let history = x["history"].as_array().unwrap();
    assert!(
        history.iter().any(|e| e["op"] == "contact.add"),
        "{history:?}"
    );
    assert!(
        history.iter().any(|e| e["op"] == "contact.edit"),
        "{history:?}"
    );

    // To a file, and as CSV tables into a folder.
    let file = r.dir.path().join("c1.json");
    r.ok(&["privacy", "export", "C-1", "--out", file.to_str().unwrap()]);
    let back: Value = serde_json::from_slice(&std::fs::read(&file).unwrap()).unwrap();
    assert_eq!(back["subject"], "C-1");
    let dir = r.dir.path().join("c1-csv");
    r.ok(&[
        "privacy",
        "export",
        "C-1",
        "--csv",
        "--out",
        dir.to_str().unwrap(),
    ]);
    for f in [
        "contact.csv",
        "activities.csv",
        "deals.csv",
        "tasks.csv",
        "tickets.csv",
        "history.csv",
        "consent.csv",
    ] {
        assert!(dir.join(f).exists(), "{f} missing");
    }
    let acts = std::fs::read_to_string(dir.join("activities.csv")).unwrap();
    assert_eq!(
        acts.lines().count(),
        4,
        "a header and three activities: {acts}"
    );
    assert!(
        r.fail(&["privacy", "export", "C-1", "--csv"])
            .contains("--out")
    );
}

#[test]
fn every_table_of_a_used_file_is_known_to_the_schema_list() {
    let r = Rolo::new();
    r.ok(&["demo", "--size", "S"]);
    r.ok(&["privacy", "erase", "C-1", "--reason", "test", "--yes"]);
    r.ok(&["contact", "consent", "C-2", "opted-in", "--source", "form"]);
    let db = redb::Builder::new()
        .set_concurrency_mode(redb::ConcurrencyMode::MultiWriter)
        .open(&r.db)
        .unwrap();
    let unknown = schema::unlisted_in(&db).unwrap();
    assert!(
        unknown.is_empty(),
        "tables not in store::schema (add them, and to the privacy walk if they can hold a person's data): {unknown:?}"
    );
    // Every record kind has its table in the list (the walk reads them all).
    for kind in Kind::ALL {
        assert!(
            schema::tables()
                .iter()
                .any(|t| t.role() == Role::Records(kind)),
            "{kind:?}"
        );
    }
}

/// Every file under `dir`, recursively.
fn files(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for e in std::fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        if p.is_dir() {
            out.extend(files(&p));
        } else {
            out.push(p);
        }
    }
    out
}

fn hits(bytes: &[u8], needle: &str) -> usize {
    let hay = bytes.to_ascii_lowercase();
    let needle = needle.to_ascii_lowercase();
    hay.windows(needle.len())
        .filter(|w| *w == needle.as_bytes())
        .count()
}

const CANARIES: &[&str] = &[
    "Zyxwa",
    "Qorvath",
    "zq.canary",
    "867 5309",
    "867-5309",
    "8675309",
    "allergic to cats",
];

#[test]
fn after_erase_and_scrub_no_file_holds_the_canary_and_the_others_remain() {
    let r = canary();
    let before: usize = CANARIES
        .iter()
        .map(|c| hits(&std::fs::read(&r.db).unwrap(), c))
        .sum();
    assert!(before > 0);
    let out = r.ok(&[
        "privacy",
        "erase",
        "C-1",
        "--reason",
        "asked by email",
        "--yes",
    ]);
    assert!(out.contains("erased C-1"), "{out}");
    // Redacted, not yet scrubbed: the live data is clean, the freed bytes may not be.
    let show = r.ok(&["company", "show", "O-1"]);
    assert!(show.contains("[erased] is our champion"), "{show}");
    assert!(
        r.fail(&["contact", "show", "C-1"])
            .contains("C-1 does not exist")
    );
    use std::os::unix::fs::PermissionsExt;
    let mode = |p: &Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
    let before_mode = mode(&r.db);
    r.ok(&["privacy", "scrub"]);
    assert_eq!(mode(&r.db), before_mode, "the scrubbed file keeps its mode");
    assert!(!rolo::store::temp_path(&r.db).exists());
    for f in files(r.dir.path()) {
        let bytes = std::fs::read(&f).unwrap();
        for c in CANARIES {
            assert_eq!(hits(&bytes, c), 0, "{c:?} found in {}", f.display());
        }
    }
    // The other recipient, the company, the shared email and the deal remain.
    let other = r.json(&["contact", "show", "C-2"]);
    assert_eq!(other["emails"][0]["value"], "other@acme.test");
    assert!(hits(&std::fs::read(&r.db).unwrap(), "other@acme.test") > 0);
    let email = r.json(&["activity", "show", "A-1"]);
    assert_eq!(email["contacts"], serde_json::json!(["C-2"]), "{email}");
    assert!(
        email["subject"].as_str().unwrap().contains("[erased]"),
        "{email}"
    );
    assert!(
        email["body"]
            .as_str()
            .unwrap()
            .contains("Other Person knows"),
        "{email}"
    );
    assert!(
        r.fail(&["activity", "show", "A-2"])
            .contains("does not exist")
    );
    assert!(r.fail(&["task", "show", "T-1"]).contains("does not exist"));
    let deal = r.json(&["deal", "show", "D-1"]);
    assert_eq!(deal["contacts"], serde_json::json!(["C-2"]), "{deal}");
    assert_eq!(r.json(&["company", "show", "O-1"])["name"], "Acme");
    // Their ticket stays as the desk's record, without them; the colleague's ticket
    // loses them from Cc and can still be worked on.
    let mine = r.json(&["ticket", "show", "S-1"]);
    assert_eq!(mine["requester"], Value::Null, "{mine}");
    assert!(
        mine["subject"].as_str().unwrap().contains("[erased]"),
        "{mine}"
    );
    let theirs = r.json(&["ticket", "show", "S-2"]);
    assert_eq!(theirs["cc"], serde_json::json!([]), "{theirs}");
    r.ok(&["ticket", "edit", "S-2", "--tag", "billing"]);
    let doctor = r.ok(&["doctor"]);
    assert!(doctor.contains("indexes and totals: ok"), "{doctor}");
}

#[test]
fn an_erase_cannot_be_undone_and_is_in_the_history_with_a_tombstone() {
    let r = canary();
    r.ok(&[
        "privacy",
        "erase",
        "C-1",
        "--reason",
        "request of Zyxwa Qorvath",
        "--yes",
    ]);
    let err = r.fail(&["undo"]);
    assert!(err.contains("cannot be undone"), "{err}");
    let h = r.json(&["history", "--limit", "1"]);
    assert_eq!(h[0]["op"], "privacy.erase");
    let t = r.json(&["privacy", "erasures"]);
    assert_eq!(t[0]["contact"], 1);
    assert_eq!(t[0]["user"], "sam");
    assert_eq!(t[0]["reason"], "request of [erased]");
    assert_eq!(t[0]["suppressed"], 1);
    // Every entry of the history is still there (who did what, when), none names them.
    let all = r.ok(&["history", "--limit", "100", "--json"]);
    for c in CANARIES {
        assert_eq!(hits(all.as_bytes(), c), 0, "{c} in the history: {all}");
    }
    let entries: Value = serde_json::from_str(&all).unwrap();
    assert_eq!(entries.as_array().unwrap().len() as u64, r.rev());
}

#[test]
fn an_erased_address_is_flagged_when_it_comes_back() {
    let r = canary();
    r.ok(&["privacy", "erase", "C-1", "--reason", "asked", "--yes"]);
    let err = r.fail(&[
        "contact",
        "add",
        "Back Again",
        "--email",
        "ZQ.Canary@qorvath.test",
    ]);
    assert!(
        err.contains("erased") && err.contains("--allow-erased"),
        "{err}"
    );
    // A message from the address does not make a contact of it.
    let mail = format!(
        "From: Someone <{CANARY_EMAIL}>\r\nTo: other@acme.test\r\nSubject: hi again\r\nMessage-ID: <x1@test>\r\n\r\nhello\r\n"
    );
    let out = r
        .cmd(&["log-email", "--create-contacts"])
        .write_stdin(mail.clone())
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("erased"), "{err}");
    assert_eq!(r.json(&["contact", "list"]).as_array().unwrap().len(), 2);
    // An import names the row and says how to go on.
    let csv = r.dir.path().join("back.csv");
    std::fs::write(
        &csv,
        format!("name,email\nBack Again,{CANARY_EMAIL}\nNew Person,new@x.test\n"),
    )
    .unwrap();
    let err = r.fail(&["import", "csv", csv.to_str().unwrap(), "--as", "contacts"]);
    assert!(
        err.contains("line 2") && err.contains("erased in r"),
        "{err}"
    );
    r.ok(&[
        "import",
        "csv",
        csv.to_str().unwrap(),
        "--as",
        "contacts",
        "--skip-invalid",
    ]);
    assert_eq!(r.json(&["contact", "list"]).as_array().unwrap().len(), 3);
    // They asked to come back: the override lets them.
    r.ok(&[
        "contact",
        "add",
        "Back Again",
        "--email",
        CANARY_EMAIL,
        "--allow-erased",
    ]);
}

#[test]
fn unknown_ids_and_the_only_contact_on_an_open_deal_get_clear_messages() {
    let r = canary();
    assert!(
        r.fail(&["privacy", "export", "C-99"])
            .contains("C-99 does not exist")
    );
    assert!(
        r.fail(&["privacy", "erase", "C-99", "--reason", "x", "--yes"])
            .contains("C-99 does not exist")
    );
    let wrong = r.fail(&["privacy", "export", "O-1"]);
    assert!(wrong.contains("O-1"), "{wrong}");
    r.ok(&["contact", "add", "Solo Buyer", "--email", "solo@buyer.test"]);
    r.ok(&["deal", "add", "Solo deal", "--contact", "Solo Buyer"]);
    let rev = r.rev();
    let err = r.fail(&["privacy", "erase", "C-4", "--reason", "asked"]);
    assert!(err.contains("only contact on open deal D-2"), "{err}");
    assert!(err.contains("--yes"), "{err}");
    assert_eq!(r.rev(), rev, "a refused erase wrote nothing");
    assert!(
        r.fail(&["privacy", "erase", "C-1", "--reason", "  ", "--yes"])
            .contains("reason")
    );
    r.ok(&["privacy", "erase", "C-4", "--reason", "asked", "--yes"]);
    let deal = r.json(&["deal", "show", "D-2"]);
    assert_eq!(deal["contacts"], serde_json::json!([]), "{deal}");
}

#[test]
fn scrub_refuses_or_waits_while_another_process_has_the_file_and_loses_no_write() {
    let r = canary();
    let other = r.open("ann");
    // The erase works beside the other process; the scrub does not.
    r.ok(&["privacy", "erase", "C-1", "--reason", "asked", "--yes"]);
    let err = r.fail(&["privacy", "scrub", "--wait", "0"]);
    assert!(
        err.contains("another process has the database open"),
        "{err}"
    );
    let err = r.fail(&[
        "privacy", "erase", "C-3", "--reason", "asked", "--yes", "--scrub",
    ]);
    assert!(err.contains("another process"), "{err}");
    assert!(
        r.fail(&["contact", "show", "C-3"])
            .contains("does not exist"),
        "the erase itself went through"
    );
    // The other process writes, then closes while the scrub waits for it.
    rolo::ops::add(
        &other,
        rolo::model::Contact {
            name: "Written by ann".into(),
            ..Default::default()
        },
    )
    .unwrap();
    let closer = std::thread::spawn(move || {
        std::thread::sleep(std::time::Duration::from_millis(700));
        drop(other);
    });
    r.ok(&["privacy", "scrub", "--wait", "20"]);
    closer.join().unwrap();
    let names: Vec<String> = r
        .json(&["contact", "list"])
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["name"].as_str().unwrap().to_string())
        .collect();
    assert!(names.contains(&"Written by ann".to_string()), "{names:?}");
}

#[test]
fn writers_racing_a_scrub_lose_nothing() {
    let r = Arc::new(canary());
    let base = r.json(&["contact", "list"]).as_array().unwrap().len();
    let writer = {
        let r = r.clone();
        std::thread::spawn(move || {
            for i in 0..12 {
                r.ok(&["contact", "add", &format!("Racer {i}")]);
            }
        })
    };
    for _ in 0..4 {
        // Either it finds a moment alone or it gives up cleanly; neither loses a write.
        let out = r.run(&["privacy", "scrub", "--wait", "2"]);
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(
            out.status.success() || err.contains("another process"),
            "{err}"
        );
    }
    writer.join().unwrap();
    r.ok(&["privacy", "scrub"]);
    assert_eq!(
        r.json(&["contact", "list"]).as_array().unwrap().len(),
        base + 12
    );
    assert!(r.ok(&["doctor"]).contains("ok"));
}

#[test]
fn a_scrub_killed_midway_leaves_the_old_file_whole() {
    let r = Rolo::new();
    r.ok(&["demo", "--size", "S"]);
    r.ok(&["privacy", "erase", "C-1", "--reason", "test", "--yes"]);
    let count = |r: &Rolo| {
        let s = r.open("sam");
        let n: Vec<u64> = Kind::ALL
            .iter()
            .map(|k| s.read().unwrap().count(*k).unwrap())
            .collect();
        (n, s.revision().unwrap())
    };
    let before = count(&r);
    for delay in [0u64, 3, 10, 30, 80] {
        let mut child = std::process::Command::new(assert_cmd::cargo::cargo_bin("rolo"))
            .env("ROLO_USER", "sam")
            .env("ROLO_CONFIG_DIR", r.dir.path().join("config"))
            .args(["--db", r.db.to_str().unwrap(), "privacy", "scrub"])
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .unwrap();
        std::thread::sleep(std::time::Duration::from_millis(delay));
        let _ = child.kill();
        let _ = child.wait();
        assert_eq!(count(&r), before, "after a kill at {delay} ms");
        assert!(r.ok(&["doctor"]).contains("indexes and totals: ok"));
    }
    // The next scrub clears any leftover temporary file.
    r.ok(&["privacy", "scrub"]);
    assert!(!rolo::store::temp_path(&r.db).exists());
    assert_eq!(count(&r), before);
}

#[test]
fn consent_is_an_append_only_ledger_shown_with_the_contact() {
    let r = canary();
    r.ok(&[
        "contact",
        "consent",
        "C-1",
        "opted-in",
        "--basis",
        "consent",
        "--source",
        "form",
        "--wording",
        "newsletter form v3",
        "--at",
        "2026-11-20",
    ]);
    r.ok(&[
        "contact",
        "consent",
        "C-1",
        "opted-out",
        "--email",
        CANARY_EMAIL,
    ]);
    let ledger = r.json(&["contact", "consent", "C-1"]);
    assert_eq!(ledger.as_array().unwrap().len(), 2);
    assert_eq!(ledger[0]["state"], "granted");
    assert_eq!(ledger[0]["basis"], "consent");
    assert_eq!(ledger[0]["source"], "form");
    assert_eq!(ledger[0]["wording"], "newsletter form v3");
    assert_eq!(ledger[1]["state"], "denied");
    assert_eq!(ledger[1]["email"], CANARY_EMAIL);
    let show = r.json(&["contact", "show", "C-1"]);
    assert_eq!(show["consent"]["state"], "denied");
    assert_eq!(show["consent_history"].as_array().unwrap().len(), 2);
    let text = r.ok(&["contact", "show", "C-1"]);
    assert!(text.contains("opted-out (marketing email)"), "{text}");
    assert!(text.contains("Consent history"), "{text}");
    assert!(r.fail(&["undo"]).contains("append-only"));
    assert!(
        r.fail(&["contact", "consent", "C-1", "maybe"])
            .contains("opted-in")
    );
    assert!(
        r.fail(&[
            "contact", "consent", "C-1", "opted-in", "--email", "x@y.test"
        ])
        .contains("not an address of C-1")
    );
    assert!(
        r.fail(&["contact", "consent", "C-9", "opted-in"])
            .contains("C-9 does not exist")
    );
    // The export carries the ledger; the erase removes it.
    assert_eq!(
        r.json(&["privacy", "export", "C-1"])["consent"]
            .as_array()
            .unwrap()
            .len(),
        2
    );
    let t = r.json(&["privacy", "erase", "C-1", "--reason", "asked", "--yes"]);
    assert_eq!(t["tombstone"]["consent_removed"], 2);
}

#[test]
fn an_unsubscribe_email_records_an_opt_out_and_mailing_exports_leave_out_the_rest() {
    let r = canary();
    r.ok(&["contact", "consent", "C-1", "opted-in", "--source", "form"]);
    r.ok(&[
        "contact", "consent", "C-2", "opted-in", "--source", "import",
    ]);
    let csv = r.ok(&["export", "csv", "--kind", "contacts", "--for", "marketing"]);
    assert_eq!(csv.lines().count(), 3, "{csv}");
    let mail = "From: Other <other@acme.test>\r\nTo: sales@us.test\r\nSubject: Unsubscribe\r\nMessage-ID: <u1@test>\r\n\r\nplease\r\n";
    r.cmd(&["log-email"]).write_stdin(mail).assert().success();
    let ledger = r.json(&["contact", "consent", "C-2"]);
    assert_eq!(ledger[1]["state"], "denied");
    assert_eq!(ledger[1]["source"], "email");
    let csv = r.ok(&["export", "csv", "--kind", "contacts", "--for", "marketing"]);
    assert_eq!(csv.lines().count(), 2, "{csv}");
    assert!(
        csv.contains(CANARY_EMAIL) && !csv.contains("other@acme.test"),
        "{csv}"
    );
    assert!(
        r.fail(&["export", "json", "--kind", "contacts", "--for", "marketing"])
            .contains("contacts as CSV")
    );
}

#[test]
fn retention_with_a_pinned_clock_erases_exactly_the_due_and_keeps_the_held() {
    let r = Rolo::new();
    let at = |now: &str, args: &[&str]| {
        let out = r.cmd(args).env("ROLO_NOW", now).output().unwrap();
        assert!(
            out.status.success(),
            "{args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    };
    at("2024-01-10T09:00:00Z", &["contact", "add", "Old Lead"]);
    at(
        "2024-01-10T09:00:00Z",
        &["contact", "add", "Old Held", "--tag", "legal-hold"],
    );
    at(
        "2024-01-10T09:00:00Z",
        &["contact", "add", "Old Customer", "--lifecycle", "customer"],
    );
    at("2024-01-10T09:00:00Z", &["contact", "add", "Active Lead"]);
    at(
        "2025-06-01T09:00:00Z",
        &["log", "note", "--contact", "C-4", "--subject", "still keen"],
    );
    r.ok(&["contact", "add", "New Lead"]);
    let rule = [
        "privacy",
        "retention",
        "--lifecycle",
        "lead",
        "--idle",
        "24",
    ];
    let err = r.fail(&[&rule[..], &["--apply"]].concat());
    assert!(err.contains("--dry-run first"), "{err}");
    assert!(r.run(&rule).status.code() == Some(2), "a mode is required");
    let preview = r.json(&[&rule[..], &["--dry-run"]].concat());
    assert_eq!(
        preview,
        serde_json::json!([{"id": "C-1", "name": "Old Lead"}])
    );
    let h = r.json(&["history", "--limit", "1"]);
    assert_eq!(h[0]["op"], "privacy.retention.preview");
    assert!(
        h[0]["summary"].as_str().unwrap().contains("held: C-2"),
        "{h}"
    );
    // A preview changes nothing, so undo passes over it.
    let done = r.json(&[&rule[..], &["--apply"]].concat());
    assert_eq!(done["erased"], serde_json::json!(["C-1"]));
    let names: Vec<String> = r
        .json(&["contact", "list"])
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["name"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(
        names,
        ["Active Lead", "New Lead", "Old Customer", "Old Held"]
    );
    assert_eq!(
        r.json(&["history", "--limit", "1"])[0]["op"],
        "privacy.retention"
    );
    assert!(r.fail(&["undo"]).contains("cannot be undone"));
    assert_eq!(
        r.json(&["privacy", "erasures"]).as_array().unwrap().len(),
        1
    );
    assert!(r.ok(&["doctor"]).contains("indexes and totals: ok"));
}

#[test]
fn a_backup_keeps_the_consent_ledger_the_suppression_list_and_the_tombstones() {
    let r = canary();
    r.ok(&["contact", "consent", "C-2", "opted-in", "--source", "form"]);
    r.ok(&["privacy", "erase", "C-1", "--reason", "asked", "--yes"]);
    let copy = Rolo::new();
    r.ok(&["backup", copy.db.to_str().unwrap()]);
    assert_eq!(
        copy.json(&["contact", "consent", "C-2"])
            .as_array()
            .unwrap()
            .len(),
        1
    );
    assert_eq!(
        copy.json(&["privacy", "erasures"])
            .as_array()
            .unwrap()
            .len(),
        1
    );
    let err = copy.fail(&["contact", "add", "Back", "--email", CANARY_EMAIL]);
    assert!(err.contains("erased"), "{err}");
}
