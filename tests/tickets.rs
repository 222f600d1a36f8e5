//! The service desk through the `rolo` binary, as a support agent uses it: tickets move
//! through the state machine (refusals say why), SLA deadlines follow business hours,
//! holidays and policy changes, the sweep warns once and closes solved tickets, and bad
//! calendars and policies are refused with nothing written.

mod cli_common;

use cli_common::Rolo;
use serde_json::Value;

/// A desk with one customer, Jane at Acme, on a UTC Monday–Friday 9–17 calendar.
fn desk() -> Rolo {
    let r = Rolo::new();
    r.ok(&["company", "add", "Acme"]);
    r.ok(&[
        "contact",
        "add",
        "Jane Doe",
        "--email",
        "jane@acme.test",
        "--company",
        "O-1",
    ]);
    r
}

fn open(r: &Rolo, args: &[&str]) -> String {
    let mut a = vec!["ticket", "add"];
    a.extend_from_slice(args);
    r.json(&a)["id"].as_str().unwrap().to_string()
}

fn status(r: &Rolo, id: &str) -> String {
    r.json(&["ticket", "show", id])["status"]
        .as_str()
        .unwrap()
        .to_string()
}

fn fails(r: &Rolo, args: &[&str]) -> String {
    let out = r.run(args);
    assert!(!out.status.success(), "rolo {args:?} should fail");
    String::from_utf8_lossy(&out.stderr).into_owned()
}

#[test]
fn a_ticket_goes_from_new_to_closed_and_refuses_moves_the_state_machine_forbids() {
    let r = desk();
    let s = open(
        &r,
        &["Login fails", "--requester", "jane@acme.test", "-m", "Help"],
    );
    assert_eq!(s, "S-1");
    let t = r.json(&["ticket", "show", &s]);
    assert_eq!(t["status"], "new");
    assert_eq!(t["company"], "O-1", "the requester's company is filled in");
    // A reply opens a new ticket and counts as the first reply.
    r.ok(&[
        "ticket",
        "reply",
        &s,
        "Looking into it",
        "--status",
        "pending",
    ]);
    assert_eq!(status(&r, &s), "pending");
    assert_eq!(
        r.json(&["ticket", "show", &s])["sla"]["first_reply"]["state"],
        "met"
    );
    // The customer answering moves pending back to open.
    r.ok(&["ticket", "message", &s, "Still broken"]);
    assert_eq!(status(&r, &s), "open");
    r.ok(&["ticket", "status", &s, "on-hold"]);
    r.ok(&["ticket", "status", &s, "solved"]);
    // Solved does not go to pending; it reopens first.
    let err = fails(&r, &["ticket", "status", &s, "pending"]);
    assert!(err.contains("solved") && err.contains("reopens"), "{err}");
    let err = fails(&r, &["ticket", "status", &s, "new"]);
    assert!(err.contains("never goes back to new"), "{err}");
    r.ok(&["ticket", "status", &s, "open"]);
    assert_eq!(r.json(&["ticket", "show", &s])["reopened"], 1);
    // Close solves and closes; closed is final.
    r.ok(&["ticket", "close", &s]);
    assert_eq!(status(&r, &s), "closed");
    let err = fails(&r, &["ticket", "status", &s, "open"]);
    assert!(err.contains("final") && err.contains("follow-up"), "{err}");
    let err = fails(&r, &["ticket", "reply", &s, "hello?"]);
    assert!(err.contains("closed"), "{err}");
    // A customer writing to a closed ticket opens a linked follow-up.
    let got = r.json(&["ticket", "message", &s, "It broke again"]);
    assert_eq!(got["id"], "S-2");
    assert_eq!(got["follow_up_of"], "S-1");
    assert_eq!(got["status"], "new");
    assert_eq!(status(&r, &s), "closed");
    // The thread shows on the ticket and the requester's timeline; doctor agrees.
    let shown = r.ok(&["ticket", "show", "S-1"]);
    assert!(
        shown.contains("Looking into it") && shown.contains("Still broken"),
        "{shown}"
    );
    let contact = r.json(&["contact", "show", "C-1"]);
    assert_eq!(contact["open_tickets"].as_array().unwrap().len(), 1);
    assert!(r.ok(&["doctor"]).contains("ok"));
}

#[test]
fn a_four_business_hour_target_set_friday_at_four_falls_due_monday_and_skips_a_holiday() {
    let r = desk();
    r.ok(&[
        "calendar",
        "add",
        "Office",
        "--tz",
        "UTC",
        "--hours",
        "mon-fri 09:00-17:00",
    ]);
    r.ok(&[
        "sla",
        "add",
        "Four hours",
        "--target",
        "high:4h/2d",
        "--calendar",
        "Office",
        "--position",
        "1",
    ]);
    // Friday 2026-11-27 16:00 UTC.
    let friday = |args: &[&str]| {
        r.cmd(args)
            .env("ROLO_NOW", "2026-11-27T16:00:00Z")
            .output()
            .unwrap()
    };
    let out = friday(&[
        "ticket",
        "add",
        "Server down",
        "--requester",
        "C-1",
        "-p",
        "high",
        "--json",
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let t: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(t["sla"]["first_reply"]["due"], "2026-11-30T12:00:00Z");
    // Make that Monday a holiday: the deadline moves to Tuesday noon, and the change
    // says which ticket moved.
    let said = r.ok(&[
        "calendar",
        "edit",
        "Office",
        "--holiday",
        "2026-11-30 Company day",
    ]);
    assert!(said.contains("S-1"), "{said}");
    let t = r.json(&["ticket", "show", "S-1"]);
    assert_eq!(t["sla"]["first_reply"]["due"], "2026-12-01T12:00:00Z");
    assert_eq!(t["sla"]["policy"], "L-2");
}

#[test]
fn policy_changes_recompute_open_tickets_and_no_deadline_outlives_its_policy() {
    let r = desk();
    r.ok(&[
        "sla",
        "add",
        "Fast",
        "--target",
        "urgent:30m/2h",
        "--calendar",
        "none",
        "--position",
        "1",
    ]);
    let s = open(&r, &["Outage", "--requester", "C-1", "-p", "urgent"]);
    let due = |r: &Rolo| r.json(&["ticket", "show", &s])["sla"]["first_reply"]["due"].clone();
    // NOW is 2026-11-25 12:00 UTC; 24/7 counting.
    assert_eq!(due(&r), "2026-11-25T12:30:00Z");
    r.ok(&["sla", "edit", "Fast", "--target", "urgent:1h/2h"]);
    assert_eq!(due(&r), "2026-11-25T13:00:00Z");
    // Removing it hands the ticket to the default policy (urgent: 1 business hour on
    // the default Mon–Fri 9–17 calendar, UTC here).
    let said = r.ok(&["sla", "rm", "Fast"]);
    assert!(said.contains("S-1"), "{said}");
    let t = r.json(&["ticket", "show", &s]);
    assert_eq!(t["sla"]["policy"], "L-1");
    assert_eq!(t["sla"]["first_reply"]["due"], "2026-11-25T13:00:00Z");
    // Removing every policy leaves no deadline at all, never a stale one.
    r.ok(&["sla", "rm", "L-1"]);
    let t = r.json(&["ticket", "show", &s]);
    assert_eq!(t["sla"]["policy"], Value::Null);
    assert_eq!(t["next_deadline"], Value::Null);
    // Recompute after the fact changes nothing more.
    assert!(r.ok(&["sla", "recompute"]).contains("no ticket"));
    assert!(r.ok(&["doctor"]).contains("ok"));
}

#[test]
fn bad_calendars_and_policies_are_refused_with_the_field_and_nothing_is_written() {
    let r = desk();
    let before = r.rev();
    let err = fails(&r, &["calendar", "add", "Moon", "--tz", "Moon/Base"]);
    assert!(
        err.contains("time_zone") && err.contains("Europe/Berlin"),
        "{err}"
    );
    let err = fails(
        &r,
        &["calendar", "add", "Night", "--hours", "mon-fri 17-09"],
    );
    assert!(err.contains("17-09"), "{err}");
    let err = fails(&r, &["sla", "add", "Zero", "--target", "urgent:0m/1h"]);
    assert!(
        err.contains("first_reply") && err.contains("1 minute"),
        "{err}"
    );
    let err = fails(&r, &["sla", "add", "Odd", "--if", "colour=red"]);
    assert!(err.contains("colour"), "{err}");
    let err = fails(&r, &["sla", "add", "Nowhere", "--calendar", "H-9"]);
    assert!(err.contains("H-9"), "{err}");
    let err = fails(&r, &["calendar", "rm", "H-1"]);
    assert!(
        err.contains("L-1"),
        "the default policy counts in it: {err}"
    );
    let ics = r.dir.path().join("bad.ics");
    std::fs::write(
        &ics,
        "BEGIN:VCALENDAR\nBEGIN:VEVENT\nDTSTART;VALUE=DATE:2026-99-01\nEND:VEVENT\nEND:VCALENDAR\n",
    )
    .unwrap();
    let err = fails(
        &r,
        &[
            "calendar",
            "edit",
            "H-1",
            "--holidays-from",
            ics.to_str().unwrap(),
        ],
    );
    assert!(err.contains("bad.ics") && err.contains("line"), "{err}");
    assert_eq!(r.rev(), before, "nothing was written");
}

#[test]
fn holidays_import_from_an_ics_file() {
    let r = desk();
    let ics = r.dir.path().join("holidays.ics");
    std::fs::write(
        &ics,
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nBEGIN:VEVENT\r\nUID:1\r\nDTSTART;VALUE=DATE:20261225\r\nDTEND;VALUE=DATE:20261227\r\nSUMMARY:Christmas\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n",
    )
    .unwrap();
    r.ok(&[
        "calendar",
        "edit",
        "H-1",
        "--holidays-from",
        ics.to_str().unwrap(),
    ]);
    let c = r.json(&["calendar", "show", "H-1"]);
    let days: Vec<&str> = c["holidays"]
        .as_array()
        .unwrap()
        .iter()
        .map(|h| h["date"].as_str().unwrap())
        .collect();
    assert_eq!(days, vec!["2026-12-25", "2026-12-26"]);
}

#[test]
fn the_queue_lists_breached_tickets_first_and_filters_by_deadline_and_owner() {
    let r = desk();
    r.ok(&[
        "sla",
        "add",
        "Clock",
        "--target",
        "urgent:1h/4h",
        "--target",
        "low:1d/5d",
        "--calendar",
        "none",
        "--position",
        "1",
    ]);
    // Opened yesterday: its first reply (1 h) is long overdue.
    let late = r
        .cmd(&[
            "ticket",
            "add",
            "Old outage",
            "--requester",
            "C-1",
            "-p",
            "urgent",
            "--json",
        ])
        .env("ROLO_NOW", "2026-11-24T12:00:00Z")
        .output()
        .unwrap();
    assert!(late.status.success());
    open(
        &r,
        &[
            "Question",
            "--requester",
            "C-1",
            "-p",
            "low",
            "--assignee",
            "alex",
        ],
    );
    open(&r, &["New outage", "--requester", "C-1", "-p", "urgent"]);
    let ids = |v: Value| -> Vec<String> {
        v.as_array()
            .unwrap()
            .iter()
            .map(|t| t["id"].as_str().unwrap().to_string())
            .collect()
    };
    assert_eq!(ids(r.json(&["ticket", "list"])), ["S-1", "S-3", "S-2"]);
    assert_eq!(ids(r.json(&["ticket", "list", "--breached"])), ["S-1"]);
    assert_eq!(
        ids(r.json(&["ticket", "list", "--due-within", "2h"])),
        ["S-1", "S-3"]
    );
    assert_eq!(
        ids(r.json(&["ticket", "list", "--assignee", "alex"])),
        ["S-2"]
    );
    r.ok(&["ticket", "assign", "S-3", "me"]);
    assert_eq!(ids(r.json(&["ticket", "list", "--mine"])), ["S-3"]);
    let table = r.ok(&["ticket", "list", "--breached"]);
    assert!(table.contains("! first reply breached"), "{table}");
}

#[test]
fn breach_rules_fire_once_per_deadline_and_the_sweep_closes_solved_tickets() {
    let r = desk();
    r.ok(&[
        "sla",
        "add",
        "Clock",
        "--target",
        "urgent:1h/4h",
        "--calendar",
        "none",
        "--position",
        "1",
    ]);
    r.ok(&[
        "rule",
        "add",
        "Escalate",
        "--when",
        "sla-breached",
        "--note",
        "SLA breached: escalate",
    ]);
    r.ok(&[
        "rule",
        "add",
        "Warn",
        "--when",
        "sla-breach-in:2",
        "--task",
        "Answer {title}",
    ]);
    open(&r, &["Outage", "--requester", "C-1", "-p", "urgent"]);
    // Within two hours of the deadline: the warning fires, once.
    let first = r.ok(&["sweep"]);
    assert!(first.contains("R-") && first.contains("S-1"), "{first}");
    let again = r.ok(&["sweep"]);
    assert!(!again.contains("S-1"), "fires once: {again}");
    // Two hours later the deadline has passed: the breach rule fires, once.
    let later = |args: &[&str]| {
        let out = r
            .cmd(args)
            .env("ROLO_NOW", "2026-11-25T14:00:00Z")
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8(out.stdout).unwrap()
    };
    let breached = later(&["sweep"]);
    assert!(breached.contains("S-1"), "{breached}");
    assert!(!later(&["sweep"]).contains("S-1"));
    let thread = r.ok(&["ticket", "show", "S-1"]);
    assert_eq!(
        thread.matches("SLA breached: escalate").count(),
        1,
        "{thread}"
    );
    // Solved now, the sweep four days later closes it.
    r.ok(&["ticket", "status", "S-1", "solved"]);
    let out = r
        .cmd(&["sweep"])
        .env("ROLO_NOW", "2026-11-29T12:00:01Z")
        .output()
        .unwrap();
    assert!(String::from_utf8_lossy(&out.stdout).contains("closed S-1"));
    assert_eq!(status(&r, "S-1"), "closed");
}

#[test]
fn the_tickets_report_counts_what_the_desk_did() {
    let r = desk();
    r.ok(&[
        "sla",
        "add",
        "Clock",
        "--target",
        "normal:1h/1d",
        "--calendar",
        "none",
        "--position",
        "1",
    ]);
    open(&r, &["One", "--requester", "C-1"]);
    open(&r, &["Two", "--requester", "C-1"]);
    r.ok(&["ticket", "reply", "S-1", "Done", "--status", "solved"]);
    let rep = r.json(&["report", "tickets"]);
    assert_eq!(rep["opened"], 2);
    assert_eq!(rep["solved"], 1);
    assert_eq!(rep["one_touch_rate"], 1.0);
    let first = &rep["achievement"][0];
    assert_eq!(first["target"], "first reply");
    assert_eq!(first["achieved"], 1);
    assert_eq!(rep["backlog"][0]["tickets"], 1);
}
