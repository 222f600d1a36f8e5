//! End-to-end tests of the `rolo` binary: each test gets its own temporary database, a
//! pinned clock (2026-11-25T12:00:00Z, a Wednesday, in UTC) and ROLO_USER=sam.

mod cli_common;

use std::path::Path;
use std::process::Output;

use cli_common::{NOW, Rolo};
use serde_json::Value;

/// What these tests ask of the CLI besides the shared harness: other users.
impl Rolo {
    fn run_as(&self, user: &str, args: &[&str]) -> Output {
        self.cmd_on(&self.db, user, args).output().unwrap()
    }

    fn ok_as(&self, user: &str, args: &[&str]) -> String {
        let out = self.run_as(user, args);
        assert!(
            out.status.success(),
            "rolo {args:?} failed ({:?}): {}",
            out.status.code(),
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8(out.stdout).unwrap()
    }

    /// Runs as `user`; must exit 1 with exactly one line on stderr, nothing on stdout, and
    /// leave the revision unchanged. Returns the stderr line.
    fn fail_as(&self, user: &str, args: &[&str]) -> String {
        let before = self.rev();
        let out = self.run_as(user, args);
        let err = one_line_error(&out, args);
        assert_eq!(self.rev(), before, "rolo {args:?} changed the revision");
        err
    }

    fn fail(&self, args: &[&str]) -> String {
        self.fail_as("sam", args)
    }
}

/// Checks exit code 1, one stderr line, empty stdout; returns the line.
fn one_line_error(out: &Output, args: &[&str]) -> String {
    let err = String::from_utf8_lossy(&out.stderr).into_owned();
    assert_eq!(
        out.status.code(),
        Some(1),
        "rolo {args:?} should exit 1; stderr: {err}"
    );
    assert_eq!(
        err.lines().count(),
        1,
        "rolo {args:?} should print exactly one line on stderr, got: {err:?}"
    );
    assert!(err.ends_with('\n'), "{err:?}");
    assert!(
        out.stdout.is_empty(),
        "rolo {args:?} printed on stdout: {}",
        String::from_utf8_lossy(&out.stdout)
    );
    err.trim_end().to_string()
}

fn ids(v: &Value) -> Vec<String> {
    v.as_array()
        .unwrap_or_else(|| panic!("not an array: {v}"))
        .iter()
        .map(|x| x["id"].as_str().unwrap().to_string())
        .collect()
}

fn strs(v: &Value) -> Vec<String> {
    v.as_array()
        .unwrap_or_else(|| panic!("not an array: {v}"))
        .iter()
        .map(|x| x.as_str().unwrap().to_string())
        .collect()
}

fn has_keys(v: &Value, keys: &[&str]) {
    let obj = v
        .as_object()
        .unwrap_or_else(|| panic!("not an object: {v}"));
    for k in keys {
        assert!(obj.contains_key(*k), "missing field {k:?} in {v}");
    }
}

/// A database with Acme (O-1), Jane (C-1) and Bob (C-2) at Acme, and deal D-1.
fn seeded() -> Rolo {
    let r = Rolo::new();
    r.ok(&[
        "contact",
        "add",
        "Jane",
        "--email",
        "jane@acme.com",
        "--company",
        "Acme",
    ]);
    r.ok(&[
        "contact",
        "add",
        "Bob",
        "--email",
        "bob@acme.com",
        "--company",
        "Acme",
    ]);
    r.ok(&[
        "deal",
        "add",
        "Acme 50 seats",
        "--value",
        "12,500",
        "--company",
        "Acme",
        "--contact",
        "C-1",
    ]);
    r
}

// ---------------------------------------------------------------------------------------
// The full flow

#[test]
fn companies_and_contacts_from_a_fresh_database() {
    let r = Rolo::new();
    let o = r.json(&[
        "company",
        "add",
        "Globex",
        "--domain",
        "https://www.Globex.com/",
    ]);
    assert_eq!(o["id"], "O-1");
    assert_eq!(o["name"], "Globex");
    assert_eq!(o["domain"], "globex.com");
    assert_eq!(o["owner"], "sam");
    assert_eq!(o["created"], NOW);

    let out = r.ok(&[
        "contact",
        "add",
        "Jane Doe",
        "--email",
        "jane@acme.com",
        "--company",
        "Acme",
    ]);
    assert!(out.contains("C-1"), "{out}");
    assert!(
        out.contains("O-2 Acme"),
        "a new company is announced: {out}"
    );
    let bob = r.json(&[
        "contact",
        "add",
        "Bob",
        "--email",
        "bob@acme.com",
        "--company",
        "ACME",
        "--tag",
        "VIP",
        "--owner",
        "alex",
    ]);
    assert_eq!(bob["id"], "C-2");
    assert_eq!(
        bob["company"], "O-2",
        "an existing company is found by name"
    );
    assert_eq!(bob["company_name"], "Acme");
    assert_eq!(bob["tags"], serde_json::json!(["vip"]));
    assert_eq!(bob["owner"], "alex");
    has_keys(
        &bob,
        &[
            "id",
            "name",
            "company",
            "company_name",
            "emails",
            "phones",
            "tags",
            "owner",
            "lifecycle",
            "created",
            "updated",
            "last_activity",
        ],
    );
    assert_eq!(bob["emails"][0]["value"], "bob@acme.com");

    let companies = r.json(&["company", "list"]);
    assert_eq!(
        ids(&companies),
        ["O-2", "O-1"],
        "sorted by name: Acme, Globex"
    );

    let jane = r.json(&["contact", "show", "C-1"]);
    assert_eq!(jane["name"], "Jane Doe");
    assert_eq!(jane["company_name"], "Acme");

    let table = r.ok(&["contact", "show", "C-1"]);
    assert!(
        table.contains("Jane Doe") && table.contains("jane@acme.com"),
        "{table}"
    );

    let acme = r.json(&["company", "show", "Acme"]);
    assert_eq!(acme["id"], "O-2");
    assert_eq!(ids(&acme["contacts"]), ["C-1", "C-2"]);

    let mine = r.json(&["contact", "list", "--owner", "me"]);
    assert_eq!(ids(&mine), ["C-1"]);
    let alex = r.json(&["contact", "list", "--owner", "alex"]);
    assert_eq!(ids(&alex), ["C-2"]);
    let vip = r.json(&["contact", "list", "--tag", "vip"]);
    assert_eq!(ids(&vip), ["C-2"]);
    let by_name = r.json(&["contact", "list", "--sort", "name"]);
    assert_eq!(ids(&by_name), ["C-2", "C-1"], "Bob before Jane Doe");
    let created = r.json(&["contact", "list", "--sort", "created"]);
    assert_eq!(ids(&created), ["C-1", "C-2"]);

    let table = r.ok(&["contact", "list"]);
    let header = table.lines().next().unwrap();
    assert!(
        header.starts_with("ID") && header.contains("NAME"),
        "{table}"
    );
    assert_eq!(table.lines().count(), 3, "{table}");
}

#[test]
fn deals_move_win_and_lose() {
    let r = Rolo::new();
    r.ok(&[
        "contact",
        "add",
        "Jane",
        "--email",
        "jane@acme.com",
        "--company",
        "Acme",
    ]);
    let d = r.json(&[
        "deal",
        "add",
        "Acme 50 seats",
        "--value",
        "12,500",
        "--company",
        "Acme",
        "--contact",
        "C-1",
        "--close",
        "2026-12-20",
    ]);
    has_keys(
        &d,
        &[
            "id",
            "title",
            "pipeline",
            "stage",
            "status",
            "value_minor",
            "currency",
            "value",
            "close_date",
            "probability",
            "owner",
            "company",
            "contacts",
            "history",
            "closed_at",
            "last_activity",
        ],
    );
    assert_eq!(d["id"], "D-1");
    assert_eq!(d["value_minor"], 1_250_000);
    assert_eq!(d["currency"], "EUR");
    assert_eq!(d["stage"], "Lead In");
    assert_eq!(d["status"], "open");
    assert_eq!(d["close_date"], "2026-12-20");
    assert_eq!(d["company"], "O-1");
    assert_eq!(d["contacts"], serde_json::json!(["C-1"]));
    assert_eq!(d["pipeline"], "P-1");
    assert_eq!(d["owner"], "sam");

    let out = r.ok(&["deal", "move", "D-1", "neg"]);
    assert!(out.contains("Negotiation"), "{out}");
    let d = r.json(&["deal", "show", "D-1"]);
    assert_eq!(d["stage"], "Negotiation");
    let stages: Vec<&str> = d["history"]
        .as_array()
        .unwrap()
        .iter()
        .map(|h| h["stage"].as_str().unwrap())
        .collect();
    assert_eq!(stages, ["Lead In", "Negotiation"]);
    let d = r.json(&["deal", "move", "d1", "PROPOSAL"]);
    assert_eq!(d["stage"], "Proposal Sent", "case-insensitive prefix");

    let g = r.json(&[
        "deal",
        "add",
        "Globex pilot",
        "--value",
        "3k",
        "--currency",
        "usd",
        "--company",
        "Globex",
        "--tag",
        "Pilot",
    ]);
    assert_eq!(g["id"], "D-2");
    assert_eq!(g["currency"], "USD");
    assert_eq!(g["value_minor"], 300_000);
    let won = r.json(&["deal", "won", "D-2"]);
    assert_eq!(won["status"], "won");
    assert_eq!(won["stage"], "Won");
    assert_eq!(won["closed_at"], NOW);

    r.ok(&["deal", "add", "Initech", "--value", "1000"]);
    let lost = r.json(&["deal", "lost", "D-3", "--reason", "went with a competitor"]);
    assert_eq!(lost["status"], "lost");
    assert_eq!(lost["lost_reason"], "went with a competitor");
    let table = r.ok(&["deal", "show", "D-3"]);
    assert!(table.contains("went with a competitor"), "{table}");

    // Lists: open by default, filters, sorts.
    assert_eq!(ids(&r.json(&["deal", "list"])), ["D-1"]);
    assert_eq!(ids(&r.json(&["deal", "list", "--status", "won"])), ["D-2"]);
    assert_eq!(ids(&r.json(&["deal", "list", "--status", "lost"])), ["D-3"]);
    assert_eq!(
        ids(&r.json(&["deal", "list", "--status", "all", "--sort", "value"])),
        ["D-1", "D-2", "D-3"]
    );
    assert_eq!(
        ids(&r.json(&["deal", "list", "--status", "all", "--sort", "title"])),
        ["D-1", "D-2", "D-3"]
    );
    assert_eq!(ids(&r.json(&["deal", "list", "--stage", "prop"])), ["D-1"]);
    assert_eq!(
        ids(&r.json(&["deal", "list", "--stage", "lead"])),
        Vec::<String>::new()
    );
    assert_eq!(
        ids(&r.json(&["deal", "list", "--status", "all", "--tag", "pilot"])),
        ["D-2"]
    );
    assert_eq!(
        ids(&r.json(&["deal", "list", "--status", "all", "--owner", "sam"])).len(),
        3
    );
    assert_eq!(
        ids(&r.json(&["deal", "list", "--status", "all", "--owner", "alex"])),
        Vec::<String>::new()
    );
    let table = r.ok(&["deal", "list"]);
    assert!(table.contains("€12,500.00"), "{table}");
}

#[test]
fn deal_list_filters_rotting_deals_and_deals_without_a_next_step() {
    let r = Rolo::new();
    // Negotiation rots after 7 days: one deal has sat there since October.
    let early = r
        .cmd_on(
            &r.db,
            "sam",
            &["deal", "add", "Old talks", "--stage", "negotiation"],
        )
        .env("ROLO_NOW", "2026-10-01T12:00:00Z")
        .output()
        .unwrap();
    assert!(early.status.success());
    r.ok(&["deal", "add", "Fresh talks", "--stage", "negotiation"]);
    r.ok(&["deal", "add", "Planned", "--stage", "qualified"]);
    r.ok(&["task", "add", "Send the plan", "--deal", "D-3"]);
    assert_eq!(ids(&r.json(&["deal", "list", "--rotting"])), ["D-1"]);
    assert_eq!(
        ids(&r.json(&["deal", "list", "--no-next-step", "--sort", "created"])),
        ["D-1", "D-2"]
    );
    assert_eq!(
        ids(&r.json(&["deal", "list", "--rotting", "--no-next-step"])),
        ["D-1"]
    );
}

#[test]
fn task_due_dates_resolve_against_the_pinned_clock() {
    let r = seeded();
    let due = |args: &[&str]| -> String {
        let mut a = vec!["task", "add"];
        a.extend_from_slice(args);
        r.json(&a)["due"].as_str().unwrap_or("").to_string()
    };
    // 2026-11-25 is a Wednesday.
    assert_eq!(
        due(&["Call Jane", "--due", "fri", "--deal", "D-1"]),
        "2026-11-27"
    );
    assert_eq!(
        due(&["Send contract", "--due", "today", "--contact", "C-1"]),
        "2026-11-25"
    );
    assert_eq!(due(&["Follow up", "--due", "+3d"]), "2026-11-28");
    assert_eq!(due(&["Late", "--due", "2026-11-20"]), "2026-11-20");
    assert_eq!(due(&["Soon", "--due", "tomorrow"]), "2026-11-26");
    assert_eq!(due(&["Plan", "--due", "next week"]), "2026-11-30");
    assert_eq!(due(&["Later", "--due", "2026-12-10"]), "2026-12-10");

    let t1 = r.json(&["task", "show", "T-1"]);
    has_keys(
        &t1,
        &[
            "id", "title", "due", "due_time", "assignee", "link", "priority", "done", "done_at",
        ],
    );
    assert_eq!(t1["link"], "D-1");
    assert_eq!(t1["assignee"], "sam");
    assert_eq!(t1["done"], false);

    assert_eq!(ids(&r.json(&["task", "list", "--due", "today"])), ["T-2"]);
    assert_eq!(ids(&r.json(&["task", "list", "--due", "overdue"])), ["T-4"]);
    assert_eq!(
        ids(&r.json(&["task", "list", "--due", "week"])),
        ["T-4", "T-2", "T-5", "T-1", "T-3", "T-6"],
        "next 7 days with overdue, by due date"
    );
    assert_eq!(
        ids(&r.json(&["task", "list"])),
        ["T-4", "T-2", "T-5", "T-1", "T-3", "T-6", "T-7"]
    );
    assert_eq!(ids(&r.json(&["task", "list", "--link", "D-1"])), ["T-1"]);

    let done = r.json(&["task", "done", "T-2"]);
    assert_eq!(done["done"], true);
    assert_eq!(done["done_at"], NOW);
    assert_eq!(
        ids(&r.json(&["task", "list", "--due", "today"])),
        Vec::<String>::new()
    );
    assert_eq!(ids(&r.json(&["task", "list", "--done"])), ["T-2"]);

    let snoozed = r.json(&["task", "snooze", "T-1", "2d"]);
    assert_eq!(snoozed["due"], "2026-11-29", "fri + 2d");
    let snoozed = r.json(&["task", "snooze", "T-4", "2d"]);
    assert_eq!(
        snoozed["due"], "2026-11-27",
        "overdue tasks snooze from today"
    );
    let snoozed = r.json(&["task", "snooze", "T-3", "2026-12-01"]);
    assert_eq!(snoozed["due"], "2026-12-01");
    assert_eq!(
        ids(&r.json(&["task", "list", "--due", "overdue"])),
        Vec::<String>::new()
    );

    r.ok_as("alex", &["task", "add", "Alex's", "--due", "today"]);
    assert_eq!(
        ids(&r.json(&["task", "list", "--assignee", "alex"])),
        ["T-8"]
    );
    assert_eq!(
        ids(&r.json(&["task", "list", "--owner", "me", "--due", "today"])),
        Vec::<String>::new()
    );

    let table = r.ok(&["task", "list", "--due", "week"]);
    assert!(
        table.contains("Call Jane") && table.contains("D-1"),
        "{table}"
    );
}

#[test]
fn logging_touches_contacts_companies_and_deals() {
    let r = seeded();
    let a = r.json(&[
        "log",
        "call",
        "Discussed pricing",
        "--contact",
        "C-1",
        "--deal",
        "D-1",
    ]);
    has_keys(
        &a,
        &[
            "id", "kind", "subject", "body", "at", "contacts", "company", "deal", "author",
        ],
    );
    assert_eq!(a["id"], "A-1");
    assert_eq!(a["kind"], "call");
    assert_eq!(a["subject"], "Discussed pricing");
    assert_eq!(a["company"], "O-1", "the company comes from the deal");
    assert_eq!(a["at"], NOW);
    assert_eq!(a["author"], "sam");
    let e = r.json(&[
        "log",
        "email",
        "Sent the quote\nbody text",
        "--contact",
        "C-2",
    ]);
    assert_eq!(
        (e["kind"].as_str(), e["subject"].as_str()),
        (Some("email"), Some("Sent the quote"))
    );
    assert_eq!(e["body"], "body text");
    assert_eq!(e["company"], "O-1", "the company comes from the contact");
    let m = r.json(&[
        "log",
        "meeting",
        "Kickoff",
        "--deal",
        "D-1",
        "--duration",
        "1h",
    ]);
    assert_eq!(
        (m["kind"].as_str(), m["duration_min"].as_u64()),
        (Some("meeting"), Some(60))
    );
    let n = r.json(&["log", "note", "Likes golf", "--contact", "C-1"]);
    assert_eq!(n["kind"], "note");

    let jane = r.json(&["contact", "show", "C-1"]);
    assert_eq!(jane["last_activity"], NOW);
    assert_eq!(ids(&jane["deals"]), ["D-1"]);
    let mut acts = ids(&jane["recent_activities"]);
    acts.sort();
    assert_eq!(acts, ["A-1", "A-4"]);
    let bob = r.json(&["contact", "show", "C-2"]);
    assert_eq!(bob["last_activity"], NOW);
    let acme = r.json(&["company", "show", "O-1"]);
    assert_eq!(acme["last_activity"], NOW);
    assert_eq!(acme["recent_activities"].as_array().unwrap().len(), 4);
    let d = r.json(&["deal", "show", "D-1"]);
    assert_eq!(d["last_activity"], NOW);
    let mut acts = ids(&d["recent_activities"]);
    acts.sort();
    assert_eq!(acts, ["A-1", "A-3"]);
    let table = r.ok(&["deal", "show", "D-1"]);
    assert!(table.contains("Kickoff"), "{table}");
}

#[test]
fn pipelines_list_add_and_stages() {
    let r = Rolo::new();
    let list = r.json(&["pipeline", "list"]);
    assert_eq!(ids(&list), ["P-1"]);
    assert_eq!(list[0]["name"], "Sales");
    let p = r.json(&[
        "pipeline",
        "add",
        "Renewals",
        "--stages",
        "Upcoming:20,In talks:60",
    ]);
    assert_eq!(p["id"], "P-2");
    let names: Vec<&str> = p["stages"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["Upcoming", "In talks", "Won", "Lost"]);
    assert_eq!(p["stages"][1]["probability"], 60);

    let stages = r.json(&["pipeline", "stages", "renewals"]);
    assert_eq!(stages.as_array().unwrap().len(), 4);
    assert_eq!(stages[0]["name"], "Upcoming");
    assert_eq!(stages[2]["outcome"], "won");

    let stages = r.json(&[
        "pipeline",
        "stages",
        "P-2",
        "--add",
        "Signed:90",
        "--after",
        "in talks",
    ]);
    let names: Vec<&str> = stages
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["Upcoming", "In talks", "Signed", "Won", "Lost"]);

    let d = r.json(&[
        "deal",
        "add",
        "Renewal",
        "--pipeline",
        "Renewals",
        "--stage",
        "sign",
    ]);
    assert_eq!(d["pipeline"], "P-2");
    assert_eq!(d["stage"], "Signed");
    assert_eq!(
        ids(&r.json(&["deal", "list", "--pipeline", "renewals"])),
        ["D-1"]
    );
    let table = r.ok(&["pipeline", "list"]);
    assert!(
        table.contains("Renewals") && table.contains("Upcoming"),
        "{table}"
    );

    let e = r.fail(&["pipeline", "stages", "Renewals", "--remove", "Signed"]);
    assert!(e.contains("Signed") && e.contains("deals"), "{e}");
}

// ---------------------------------------------------------------------------------------
// JSON and CSV

#[test]
fn csv_has_a_header_and_neutralises_formulas() {
    let r = Rolo::new();
    for name in [
        "=HYPERLINK(\"http://evil\",\"x\")",
        "+1 555",
        "-minus",
        "@handle",
        "Plain",
    ] {
        r.ok(&["contact", "add", "--", name]);
    }
    r.ok(&["deal", "add", "--value", "5", "--", "=1+1"]);
    let out = r.ok(&["contact", "list", "--csv", "--sort", "created"]);
    let mut rdr = csv::Reader::from_reader(out.as_bytes());
    let header: Vec<String> = rdr.headers().unwrap().iter().map(String::from).collect();
    assert_eq!(header[0], "ID");
    assert_eq!(header[1], "NAME");
    let names: Vec<String> = rdr.records().map(|r| r.unwrap()[1].to_string()).collect();
    assert_eq!(
        names,
        [
            "'=HYPERLINK(\"http://evil\",\"x\")",
            "'+1 555",
            "'-minus",
            "'@handle",
            "Plain"
        ]
    );
    let out = r.ok(&["deal", "list", "--csv"]);
    let mut rdr = csv::Reader::from_reader(out.as_bytes());
    assert_eq!(&rdr.headers().unwrap()[1], "TITLE");
    let rows: Vec<csv::StringRecord> = rdr.records().map(|r| r.unwrap()).collect();
    assert_eq!(rows.len(), 1);
    assert_eq!(&rows[0][0], "D-1");
    assert_eq!(&rows[0][1], "'=1+1");
    // JSON keeps the real value.
    let list = r.json(&["contact", "list", "--sort", "created"]);
    assert_eq!(list[0]["name"], "=HYPERLINK(\"http://evil\",\"x\")");
    // An empty list is still a header row.
    let out = r.ok(&["task", "list", "--csv"]);
    assert_eq!(out.trim_end(), "ID,DUE,TITLE,LINK,ASSIGNEE,PRIORITY,STATE");
    assert_eq!(r.json(&["task", "list"]), serde_json::json!([]));
}

// ---------------------------------------------------------------------------------------
// Undo, redo, history

#[test]
fn undo_reverts_the_latest_change_and_redo_reapplies_it() {
    let r = seeded();
    r.ok(&["contact", "edit", "C-1", "--title", "CEO"]);
    let rev = r.rev();
    let out = r.ok(&["undo"]);
    assert!(
        out.contains(&format!("r{rev}")),
        "undo names what it undid: {out}"
    );
    assert_eq!(r.rev(), rev + 1);
    assert_eq!(r.json(&["contact", "show", "C-1"])["title"], Value::Null);
    let out = r.ok(&["redo"]);
    assert!(out.contains("redid"), "{out}");
    assert_eq!(r.json(&["contact", "show", "C-1"])["title"], "CEO");
    assert_eq!(r.rev(), rev + 2);
}

#[test]
fn undo_twice_walks_back_two_changes() {
    let r = seeded();
    r.ok(&["deal", "move", "D-1", "qual"]);
    r.ok(&["deal", "move", "D-1", "neg"]);
    r.ok(&["undo"]);
    assert_eq!(r.json(&["deal", "show", "D-1"])["stage"], "Qualified");
    r.ok(&["undo"]);
    let d = r.json(&["deal", "show", "D-1"]);
    assert_eq!(d["stage"], "Lead In");
    assert_eq!(d["history"].as_array().unwrap().len(), 1);
    assert_eq!(ids(&r.json(&["deal", "list", "--stage", "lead"])), ["D-1"]);
    // Undo of the create: the deal is gone.
    r.ok(&["undo"]);
    let e = r.fail(&["deal", "show", "D-1"]);
    assert!(e.contains("D-1") && e.contains("does not exist"), "{e}");
    assert_eq!(
        r.json(&["deal", "list", "--status", "all"]),
        serde_json::json!([])
    );
    // Redo three times restores it, with the same id.
    r.ok(&["redo"]);
    r.ok(&["redo"]);
    r.ok(&["redo"]);
    let d = r.json(&["deal", "show", "D-1"]);
    assert_eq!(d["stage"], "Negotiation");
    let e = r.fail(&["redo"]);
    assert!(e.contains("nothing to redo"), "{e}");
}

#[test]
fn undo_is_blocked_by_a_later_change_of_another_user() {
    let r = seeded();
    r.ok(&["deal", "edit", "D-1", "--value", "20000"]);
    r.ok_as("alex", &["deal", "move", "D-1", "neg"]);
    let blocker = r.rev();
    let e = r.fail(&["undo"]);
    assert!(
        e.contains(&format!("r{blocker}")),
        "names the blocking revision: {e}"
    );
    assert!(e.contains("alex") && e.contains("D-1"), "{e}");
    let d = r.json(&["deal", "show", "D-1"]);
    assert_eq!(d["value_minor"], 2_000_000);
    assert_eq!(d["stage"], "Negotiation");
    // Alex may undo their own change; then sam's undo goes through.
    r.ok_as("alex", &["undo"]);
    r.ok(&["undo"]);
    assert_eq!(r.json(&["deal", "show", "D-1"])["value_minor"], 1_250_000);
}

#[test]
fn undo_takes_back_only_the_callers_change() {
    let r = seeded();
    r.ok_as("alex", &["company", "add", "Globex"]);
    let out = r.ok(&["undo"]);
    assert!(out.contains("deal.add"), "sam's latest is the deal: {out}");
    assert_eq!(ids(&r.json(&["company", "list"])), ["O-1", "O-2"]);
    assert_eq!(r.json(&["deal", "list"]), serde_json::json!([]));
}

#[test]
fn history_lists_changes_newest_first_and_filters_by_record() {
    let r = seeded();
    r.ok(&["task", "add", "Call", "--deal", "D-1"]);
    r.ok(&["deal", "move", "D-1", "neg"]);
    r.ok(&["contact", "edit", "C-2", "--title", "CTO"]);
    r.ok_as("alex", &["deal", "won", "D-1"]);
    let all = r.json(&["history"]);
    let revs: Vec<u64> = all
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["rev"].as_u64().unwrap())
        .collect();
    assert_eq!(revs, (1..=8).rev().collect::<Vec<_>>());
    has_keys(&all[0], &["rev", "at", "user", "op", "summary", "records"]);
    assert_eq!(all[0]["user"], "alex");
    assert_eq!(all[0]["at"], NOW);

    let d1 = r.json(&["history", "D-1"]);
    let ops: Vec<&str> = d1
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["op"].as_str().unwrap())
        .collect();
    assert_eq!(ops, ["deal.won", "deal.move", "deal.add"]);
    for e in d1.as_array().unwrap() {
        assert!(strs(&e["records"]).contains(&"D-1".to_string()), "{e}");
    }
    let alex = r.json(&["history", "--user", "alex"]);
    assert_eq!(alex.as_array().unwrap().len(), 1);
    let table = r.ok(&["history", "D-1"]);
    assert_eq!(table.lines().count(), 4, "{table}");
    assert!(
        table.contains("alex") && table.contains("deal.won"),
        "{table}"
    );
    assert!(
        !table.contains("CTO") && !table.contains("task.add"),
        "{table}"
    );
}

// ---------------------------------------------------------------------------------------
// Deleting linked records

#[test]
fn delete_with_links_is_refused_then_unlink_removes_them() {
    let r = seeded();
    r.ok(&["task", "add", "Call Jane", "--contact", "C-1"]);
    r.ok(&["log", "call", "hello", "--contact", "C-1", "--deal", "D-1"]);
    let e = r.fail(&["contact", "rm", "C-1"]);
    for link in ["D-1", "T-1", "A-1"] {
        assert!(e.contains(link), "the refusal lists {link}: {e}");
    }
    assert!(e.contains("--unlink"), "{e}");
    assert_eq!(r.json(&["contact", "show", "C-1"])["name"], "Jane");

    let out = r.json(&["contact", "rm", "C-1", "--unlink"]);
    assert_eq!(out["deleted"], "C-1");
    let e = r.fail(&["contact", "show", "C-1"]);
    assert!(e.contains("C-1"), "{e}");
    let d = r.json(&["deal", "show", "D-1"]);
    assert_eq!(d["contacts"], serde_json::json!([]));
    assert_eq!(r.json(&["task", "show", "T-1"])["link"], Value::Null);
    assert_eq!(
        r.json(&["activity", "show", "A-1"])["contacts"],
        serde_json::json!([])
    );

    let e = r.fail(&["company", "rm", "Acme"]);
    assert!(e.contains("O-"), "{e}");
    let e = r.fail(&["company", "rm", "O-1"]);
    for link in ["C-2", "D-1", "A-1"] {
        assert!(e.contains(link), "the refusal lists {link}: {e}");
    }
    r.ok(&["company", "rm", "O-1", "--unlink"]);
    assert_eq!(r.json(&["contact", "show", "C-2"])["company"], Value::Null);
    assert_eq!(r.json(&["deal", "show", "D-1"])["company"], Value::Null);

    // No id anywhere points at the deleted records.
    let dump = [
        r.ok(&["--json", "contact", "list"]),
        r.ok(&["--json", "deal", "list", "--status", "all"]),
        r.ok(&["--json", "task", "list"]),
        r.ok(&["--json", "activity", "list"]),
    ]
    .concat();
    assert!(!dump.contains("\"C-1\""), "{dump}");
    assert!(!dump.contains("\"O-1\""), "{dump}");

    r.ok(&["deal", "rm", "D-1", "--unlink"]);
    assert_eq!(r.json(&["activity", "show", "A-1"])["deal"], Value::Null);
}

// ---------------------------------------------------------------------------------------
// Bad input: one line on stderr, exit 1, nothing changed

#[test]
fn unknown_and_wrong_kind_ids_are_refused() {
    let r = seeded();
    let e = r.fail(&["deal", "move", "D-99", "neg"]);
    assert!(e.contains("D-99") && e.contains("does not exist"), "{e}");
    let e = r.fail(&["deal", "move", "C-1", "neg"]);
    assert!(
        e.contains("C-1") && e.contains("contact") && e.contains("deal"),
        "{e}"
    );
    let e = r.fail(&["deal", "move", "nonsense", "neg"]);
    assert!(e.contains("nonsense"), "{e}");
    let e = r.fail(&["task", "add", "x", "--deal", "D-42"]);
    assert!(e.contains("D-42"), "{e}");
    let e = r.fail(&["deal", "add", "x", "--contact", "C-77"]);
    assert!(e.contains("C-77"), "{e}");
    assert_eq!(r.json(&["deal", "show", "D-1"])["stage"], "Lead In");
}

#[test]
fn an_unknown_stage_is_refused() {
    let r = seeded();
    let e = r.fail(&["deal", "move", "D-1", "closing"]);
    assert!(e.contains("stage") && e.contains("closing"), "{e}");
    assert!(e.contains("Negotiation"), "lists the stages: {e}");
    let e = r.fail(&["deal", "add", "x", "--stage", "zzz"]);
    assert!(e.contains("zzz"), "{e}");
    let e = r.fail(&["deal", "list", "--stage", "zzz"]);
    assert!(e.contains("zzz"), "{e}");
}

#[test]
fn a_malformed_email_is_refused() {
    let r = seeded();
    let e = r.fail(&["contact", "add", "Eve", "--email", "eve-at-example"]);
    assert!(e.contains("email") && e.contains("eve-at-example"), "{e}");
    let e = r.fail(&["contact", "edit", "C-1", "--email", "jane@"]);
    assert!(e.contains("email") && e.contains("jane@"), "{e}");
    // A taken email names its owner.
    let e = r.fail(&["contact", "add", "Eve", "--email", "JANE@acme.com"]);
    assert!(e.contains("C-1"), "{e}");
    // Nothing half-done: the company named alongside was not created.
    r.fail(&[
        "contact",
        "add",
        "Eve",
        "--email",
        "bad",
        "--company",
        "Newco",
    ]);
    let names: Vec<String> = r
        .json(&["company", "list"])
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["name"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(names, ["Acme"]);
    assert_eq!(
        ids(&r.json(&["contact", "list", "--sort", "created"])),
        ["C-1", "C-2"]
    );
}

#[test]
fn negative_and_non_numeric_values_are_refused() {
    let r = seeded();
    let e = r.fail(&["deal", "add", "x", "--value", "-5"]);
    assert!(
        e.contains("value") && e.contains("-5") && e.contains("negative"),
        "{e}"
    );
    let e = r.fail(&["deal", "add", "x", "--value", "lots"]);
    assert!(e.contains("value") && e.contains("lots"), "{e}");
    let e = r.fail(&["deal", "edit", "D-1", "--value", "-5"]);
    assert!(e.contains("value") && e.contains("-5"), "{e}");
    let e = r.fail(&["deal", "edit", "D-1", "--value", "12.345"]);
    assert!(e.contains("12.345"), "{e}");
    assert_eq!(r.json(&["deal", "show", "D-1"])["value_minor"], 1_250_000);
}

#[test]
fn an_unparseable_date_is_refused() {
    let r = seeded();
    let e = r.fail(&["task", "add", "x", "--due", "someday maybe"]);
    assert!(e.contains("due") && e.contains("someday maybe"), "{e}");
    let e = r.fail(&["deal", "edit", "D-1", "--close", "whenever"]);
    assert!(e.contains("close") && e.contains("whenever"), "{e}");
    let e = r.fail(&["task", "add", "x", "--due", "2026-02-30"]);
    assert!(e.contains("2026-02-30"), "{e}");
    assert_eq!(r.json(&["task", "list"]), serde_json::json!([]));
}

#[test]
fn an_unknown_currency_is_refused() {
    let r = seeded();
    let e = r.fail(&["deal", "add", "x", "--value", "5", "--currency", "XYZ"]);
    assert!(e.contains("currency") && e.contains("XYZ"), "{e}");
    let e = r.fail(&["deal", "edit", "D-1", "--currency", "euro"]);
    assert!(e.contains("currency") && e.contains("euro"), "{e}");
    assert_eq!(r.json(&["deal", "show", "D-1"])["currency"], "EUR");
}

#[test]
fn a_file_that_is_not_a_rolo_database_is_refused_and_left_alone() {
    let r = Rolo::new();
    let bad = r.dir.path().join("notes.txt");
    let garbage: Vec<u8> = (0..8192u32).map(|i| (i * 7 + 13) as u8).collect();
    std::fs::write(&bad, &garbage).unwrap();
    let args = ["contact", "add", "Jane"];
    let out = r.cmd_on(&bad, "sam", &args).output().unwrap();
    let e = one_line_error(&out, &args);
    assert!(e.contains("notes.txt"), "names the file: {e}");
    assert_eq!(
        std::fs::read(&bad).unwrap(),
        garbage,
        "the file was modified"
    );
    // A directory is not a database either.
    let args = ["contact", "list"];
    let out = r.cmd_on(r.dir.path(), "sam", &args).output().unwrap();
    let e = one_line_error(&out, &args);
    assert!(e.contains("not a rolo database"), "{e}");
}

#[test]
fn a_garbage_file_is_reported_as_not_a_rolo_database() {
    let r = Rolo::new();
    let bad = r.dir.path().join("notes.txt");
    std::fs::write(&bad, b"this is not a database\n".repeat(300)).unwrap();
    let args = ["contact", "list"];
    let out = r.cmd_on(&bad, "sam", &args).output().unwrap();
    let e = one_line_error(&out, &args);
    assert!(e.contains("not a rolo database"), "{e}");
    assert!(e.contains("--db"), "says what to check: {e}");
}

fn open_raw(path: &Path) -> redb::Database {
    redb::Database::builder()
        .set_concurrency_mode(redb::ConcurrencyMode::MultiWriter)
        .open(path)
        .unwrap()
}

const META: redb::TableDefinition<&str, u64> = redb::TableDefinition::new("meta");

fn raw_meta(path: &Path, key: &str) -> Option<u64> {
    use redb::ReadableDatabase;
    let db = open_raw(path);
    let read = db.begin_read().unwrap();
    let t = read.open_table(META).unwrap();
    t.get(key).unwrap().map(|v| v.value())
}

#[test]
fn a_database_from_a_newer_rolo_is_refused() {
    let r = seeded();
    let rev = r.rev();
    {
        let db = open_raw(&r.db);
        let w = db.begin_write().unwrap();
        w.open_table(META)
            .unwrap()
            .insert("schema_version", 999)
            .unwrap();
        w.commit().unwrap();
    }
    for args in [&["contact", "list"][..], &["contact", "add", "Eve"][..]] {
        let out = r.run_as("sam", args);
        let e = one_line_error(&out, args);
        assert!(e.contains("999") && e.contains("newer"), "{e}");
        assert!(e.contains("upgrade"), "says what to do: {e}");
    }
    assert_eq!(raw_meta(&r.db, "schema_version"), Some(999));
    assert_eq!(raw_meta(&r.db, "revision"), Some(rev));
}

#[test]
fn an_unreadable_database_is_refused() {
    use std::os::unix::fs::PermissionsExt;
    let r = seeded();
    let rev = r.rev();
    std::fs::set_permissions(&r.db, std::fs::Permissions::from_mode(0o000)).unwrap();
    let args = ["contact", "add", "Eve"];
    let out = r.run_as("sam", &args);
    if uzers::get_current_uid() == 0 {
        println!(
            "note: running as root, file permissions do not apply; skipping the chmod 000 assertion"
        );
    } else {
        let e = one_line_error(&out, &args);
        assert!(e.contains("crm.redb") && e.contains("permission"), "{e}");
    }
    std::fs::set_permissions(&r.db, std::fs::Permissions::from_mode(0o600)).unwrap();
    if uzers::get_current_uid() != 0 {
        assert_eq!(r.rev(), rev);
        assert_eq!(ids(&r.json(&["contact", "list"])), ["C-2", "C-1"]);
    }
}

#[test]
fn a_busy_database_times_out_with_a_clear_message() {
    let r = seeded();
    let rev = r.rev();
    let db = open_raw(&r.db);
    let held = db.begin_write().unwrap();
    let started = std::time::Instant::now();
    let args = ["contact", "add", "Eve", "--email", "eve@acme.com"];
    let out = r
        .cmd_on(&r.db, "sam", &args)
        .env("ROLO_BUSY_TIMEOUT_MS", "300")
        .timeout(std::time::Duration::from_secs(10))
        .output()
        .unwrap();
    let waited = started.elapsed();
    let e = one_line_error(&out, &args);
    assert!(e.contains("database busy"), "{e}");
    assert!(
        waited >= std::time::Duration::from_millis(300),
        "gave up before the timeout: {waited:?}"
    );
    // A new process waits to open the file while another holds a write transaction
    // (redb's open takes the lock); transactions are short, so this is a wait, not a
    // failure, once the writer is done.
    held.abort().unwrap();
    drop(db);
    assert_eq!(r.rev(), rev);
    assert_eq!(ids(&r.json(&["contact", "list"])), ["C-2", "C-1"]);
    // Once free, the same command works.
    r.ok(&args);
    assert_eq!(r.rev(), rev + 1);
}

// ---------------------------------------------------------------------------------------
// Bad usage

#[test]
fn bad_usage_exits_2() {
    let r = Rolo::new();
    for (args, word) in [
        (&["frobnicate"][..], "frobnicate"),
        (&["contact", "list", "--colour"][..], "--colour"),
        (&["deal", "move", "D-1"][..], "STAGE"),
        (&["log", "tweet", "hi"][..], "tweet"),
        (&["--json", "--csv", "contact", "list"][..], "--csv"),
    ] {
        let out = r.run_as("sam", args);
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "rolo {args:?}: {err}");
        assert!(err.contains(word), "rolo {args:?} names {word}: {err}");
        assert!(out.stdout.is_empty());
    }
    assert!(!r.db.exists(), "bad usage must not create the database");
}
