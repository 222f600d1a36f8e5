//! iCalendar import and export (`rolo::interchange::ics`): Outlook's Windows time zones,
//! Google's recurring, all-day, UTC and floating events, idempotence by UID, unknown
//! time zones and truncated files refused (or skipped and listed), the VTODO/VEVENT
//! export with stable UIDs and RFC 5545 folding, and a reader that never panics.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use chrono::{Local, NaiveDate, TimeZone, Utc};
use proptest::prelude::*;
use rolo::interchange::ics::{self, IcsOptions};
use rolo::model::*;
use rolo::store::{OpenOptions, Queries, Store};
use tempfile::TempDir;

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/ics")
        .join(name)
}

fn db() -> (TempDir, Store) {
    let dir = TempDir::new().unwrap();
    let now = Utc.with_ymd_and_hms(2026, 11, 25, 12, 0, 0).unwrap();
    let store = Store::open(OpenOptions {
        now: Some(Arc::new(move || now)),
        user: Some("sam".into()),
        ..OpenOptions::new(dir.path().join("crm.redb"))
    })
    .unwrap();
    for (name, email) in [
        ("Jürgen Müller", "j.mueller@baeckerei.example"),
        ("Priya Raman", "priya@globex.example"),
        ("Johnny Appleseed", "johnny@orchard.example"),
        ("Kim Lee", "kim@hooli.example"),
    ] {
        rolo::ops::add(
            &store,
            Contact {
                name: name.into(),
                emails: vec![Labeled {
                    label: String::new(),
                    value: email.into(),
                }],
                ..Contact::default()
            },
        )
        .unwrap();
    }
    (dir, store)
}

fn import(
    store: &Store,
    name: &str,
) -> Result<ics::IcsReport, rolo::interchange::InterchangeError> {
    ics::import_ics(store, &fixture(name), IcsOptions::default())
}

fn activity(store: &Store, external: &str) -> Activity {
    let r = store.read().unwrap();
    let id = r.activity_by_external(external).unwrap().expect(external);
    r.require(id).unwrap()
}

#[test]
fn outlook_windows_zones_become_utc_on_the_matched_attendees() {
    let (_d, store) = db();
    let r = import(&store, "outlook.ics").unwrap();
    assert_eq!(r.logged.len(), 2, "{r:?}");
    let a = activity(
        &store,
        "040000008200E00074C5B7101A82E00800000000A0B7C2F3D4E5DA01000000000000000010000000",
    );
    assert_eq!(a.kind, ActivityKind::Meeting);
    assert_eq!(a.subject, "Pricing review");
    // 10:00 in W. Europe Standard Time (Berlin, winter) is 09:00 UTC.
    assert_eq!(a.at, Utc.with_ymd_and_hms(2026, 12, 3, 9, 0, 0).unwrap());
    assert_eq!(a.duration_min, Some(90));
    assert_eq!(a.contacts, [1]);
    assert!(
        a.body.contains("2. Delivery schedule, Q1") && a.body.contains("Location: Microsoft Teams")
    );
    // The alarm's DESCRIPTION:REMINDER is not the event's.
    assert!(!a.body.contains("REMINDER"));
    let west = activity(&store, "outlook-west-coast-sync-0001");
    assert_eq!(
        west.at,
        Utc.with_ymd_and_hms(2026, 12, 4, 17, 0, 0).unwrap()
    );
}

#[test]
fn google_recurring_all_day_floating_cancelled_and_unmatched_events() {
    let (_d, store) = db();
    let r = import(&store, "google.ics").unwrap();
    assert_eq!(r.events, 5);
    assert_eq!(r.logged.len(), 3, "{r:?}");
    let weekly = activity(&store, "7kukuqrfedlm2f9t0vkh3m8a0m@google.com");
    assert_eq!(
        weekly.at,
        Utc.with_ymd_and_hms(2026, 11, 2, 9, 30, 0).unwrap()
    );
    assert!(
        weekly
            .body
            .contains("repeats weekly; only its first occurrence (2026-11-02) is logged"),
        "{}",
        weekly.body
    );
    assert_eq!(weekly.contacts, [2]);
    let offsite = activity(&store, "0a1b2c3d4e5f@google.com");
    let midnight = Local
        .from_local_datetime(
            &NaiveDate::from_ymd_opt(2026, 12, 10)
                .unwrap()
                .and_hms_opt(0, 0, 0)
                .unwrap(),
        )
        .unwrap()
        .with_timezone(&Utc);
    assert_eq!(offsite.at, midnight);
    assert_eq!(offsite.duration_min, Some(2 * 1440));
    let coffee = activity(&store, "floating-1@google.com");
    let local = Local
        .from_local_datetime(
            &NaiveDate::from_ymd_opt(2026, 11, 17)
                .unwrap()
                .and_hms_opt(16, 0, 0)
                .unwrap(),
        )
        .unwrap()
        .with_timezone(&Utc);
    assert_eq!(
        (coffee.at, coffee.duration_min, coffee.contacts.as_slice()),
        (local, Some(60), &[4u64][..])
    );
    assert_eq!(r.ignored.len(), 2);
    assert!(
        r.ignored
            .iter()
            .any(|i| i.contains("Dentist") && i.contains("no attendees"))
    );
    assert!(
        r.ignored
            .iter()
            .any(|i| i.contains("Cancelled demo") && i.contains("cancelled"))
    );
}

#[test]
fn importing_the_same_calendar_twice_logs_nothing_new() {
    let (_d, store) = db();
    import(&store, "google.ics").unwrap();
    let rev = store.revision().unwrap();
    let r = import(&store, "google.ics").unwrap();
    assert_eq!((r.logged.len(), r.already_logged.len()), (0, 3));
    assert_eq!(r.revision, None);
    assert_eq!(store.revision().unwrap(), rev);
}

#[test]
fn an_unknown_time_zone_refuses_the_file_or_is_skipped() {
    let (_d, store) = db();
    let rev = store.revision().unwrap();
    let e = import(&store, "unknown_tz.ics").unwrap_err().to_string();
    assert!(
        e.contains("Base camp call") && e.contains("Mars/Olympus_Mons") && e.contains("line 10"),
        "{e}"
    );
    assert_eq!(store.revision().unwrap(), rev);
    let opts = IcsOptions {
        skip_invalid: true,
        ..IcsOptions::default()
    };
    let r = ics::import_ics(&store, &fixture("unknown_tz.ics"), opts).unwrap();
    assert_eq!(r.logged.len(), 1);
    assert_eq!(r.skipped.len(), 1);
    assert!(r.skipped[0].reason.contains("unknown time zone"));
}

#[test]
fn truncated_and_binary_files_are_refused() {
    let (dir, store) = db();
    let rev = store.revision().unwrap();
    let e = import(&store, "truncated.ics").unwrap_err().to_string();
    assert!(
        e.contains("no END:VEVENT") && e.contains("truncated"),
        "{e}"
    );
    let bin = dir.path().join("x.ics");
    std::fs::write(&bin, b"BEGIN:VCALENDAR\r\n\x00\x01\x02garbage").unwrap();
    let e = ics::import_ics(&store, &bin, IcsOptions::default())
        .unwrap_err()
        .to_string();
    assert!(e.contains("binary"), "{e}");
    std::fs::write(&bin, b"just some text\n").unwrap();
    let e = ics::import_ics(&store, &bin, IcsOptions::default())
        .unwrap_err()
        .to_string();
    assert!(e.contains("not an iCalendar file"), "{e}");
    assert_eq!(store.revision().unwrap(), rev);
}

#[test]
fn export_writes_open_tasks_and_meetings_with_stable_uids_folding_and_crlf() {
    let (_d, store) = db();
    import(&store, "outlook.ics").unwrap();
    rolo::ops::add(
        &store,
        Task {
            title: "Send proposal, v2; with pricing".into(),
            due: Some(Due {
                date: NaiveDate::from_ymd_opt(2026, 12, 1).unwrap(),
                time: None,
            }),
            ..Task::default()
        },
    )
    .unwrap();
    rolo::ops::add(
        &store,
        Task {
            title: "Call back".into(),
            due: Some(Due {
                date: NaiveDate::from_ymd_opt(2026, 12, 2).unwrap(),
                time: chrono::NaiveTime::from_hms_opt(14, 30, 0),
            }),
            priority: Priority::High,
            ..Task::default()
        },
    )
    .unwrap();
    let (text, n) = ics::export::calendar(&store.read().unwrap()).unwrap();
    assert_eq!((n.tasks, n.meetings), (2, 2));
    assert!(text.starts_with("BEGIN:VCALENDAR\r\nVERSION:2.0\r\n"));
    assert!(text.ends_with("END:VCALENDAR\r\n"));
    assert!(text.contains("UID:rolo-task-1@rolo\r\n"));
    assert!(text.contains("SUMMARY:Send proposal\\, v2\\; with pricing\r\n"));
    assert!(text.contains("DUE;VALUE=DATE:20261201\r\n"));
    assert!(text.contains("DUE:20261202T143000\r\n"));
    assert!(text.contains("PRIORITY:1\r\n"));
    assert!(text.contains("UID:rolo-activity-1@rolo\r\nDTSTAMP:20261125T120000Z\r\nDTSTART:20261203T090000Z\r\nDTEND:20261203T103000Z\r\n"));
    assert!(text.split("\r\n").all(|l| l.len() <= 75));
    assert!(!text.replace("\r\n", "").contains('\n'));
    // Regenerating gives the same file: a subscribed calendar sees no churn.
    let (again, _) = ics::export::calendar(&store.read().unwrap()).unwrap();
    assert_eq!(text, again);
}

fn read_all(bytes: &[u8]) {
    let text = String::from_utf8_lossy(bytes);
    let props = rolo::interchange::vcard::lines::properties(&text);
    let (events, _) = ics::event::events(props);
    for e in &events {
        for p in e.start.iter().chain(e.end.iter()) {
            let _ = ics::time::when(p);
        }
        if let Some(d) = &e.duration {
            let _ = ics::time::duration_minutes(d);
        }
        if let Some(r) = &e.rrule {
            let _ = ics::time::recurrence(r);
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 300, ..ProptestConfig::default() })]

    #[test]
    fn the_reader_never_panics_on_arbitrary_bytes(bytes in prop::collection::vec(any::<u8>(), 0..600)) {
        read_all(&bytes);
    }

    #[test]
    fn the_reader_never_panics_on_mutated_calendars(
        file in prop::sample::select(vec!["outlook.ics", "google.ics", "unknown_tz.ics"]),
        edits in prop::collection::vec((any::<prop::sample::Index>(), any::<u8>(), 0u8..3), 1..12),
    ) {
        let mut bytes = std::fs::read(fixture(file)).unwrap();
        for (at, b, op) in edits {
            if bytes.is_empty() { break; }
            let i = at.index(bytes.len());
            match op {
                0 => bytes[i] = b,
                1 => { bytes.remove(i); }
                _ => bytes.insert(i, b),
            }
        }
        read_all(&bytes);
    }

    #[test]
    fn durations_and_times_never_panic(s in "[-+PTWDHMSZ0-9]{0,24}") {
        let _ = ics::time::duration_minutes(&s);
        let p = rolo::interchange::vcard::lines::properties(&format!("DTSTART;TZID=Europe/Berlin:{s}"));
        if let Some(p) = p.first() {
            let _ = ics::time::when(p);
        }
    }
}

mod cli {
    use super::*;
    use assert_cmd::Command;

    fn rolo(dir: &Path, args: &[&str]) -> std::process::Output {
        Command::cargo_bin("rolo")
            .unwrap()
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
            .unwrap()
    }

    fn text(b: &[u8]) -> String {
        String::from_utf8_lossy(b).into_owned()
    }

    #[test]
    fn import_and_export_ics_through_the_binary() {
        let dir = TempDir::new().unwrap();
        let d = dir.path();
        let f = |n: &str| fixture(n).to_string_lossy().into_owned();
        let out = rolo(
            d,
            &[
                "contact",
                "add",
                "Priya Raman",
                "--email",
                "priya@globex.example",
            ],
        );
        assert!(out.status.success(), "{}", text(&out.stderr));
        let out = rolo(d, &["import", "ics", &f("unknown_tz.ics")]);
        assert_eq!(out.status.code(), Some(1));
        assert!(text(&out.stderr).contains("unknown time zone TZID=\"Mars/Olympus_Mons\""));
        let out = rolo(
            d,
            &["import", "ics", &f("unknown_tz.ics"), "--skip-invalid"],
        );
        assert!(out.status.success());
        let s = text(&out.stdout);
        assert!(
            s.contains("logged A-1 Fine meeting on C-1") && s.contains("skipped line 10"),
            "{s}"
        );
        let out = rolo(d, &["import", "ics", &f("google.ics")]);
        assert!(
            text(&out.stdout).contains("repeats")
                || text(&out.stdout).contains("logged A-2 Globex weekly"),
            "{}",
            text(&out.stdout)
        );
        let cal = d.join("rolo.ics");
        let out = rolo(d, &["export", "ics", "--out", cal.to_str().unwrap()]);
        assert!(out.status.success(), "{}", text(&out.stderr));
        let first = std::fs::read_to_string(&cal).unwrap();
        assert!(first.contains("BEGIN:VEVENT\r\nUID:rolo-activity-1@rolo"));
        rolo(d, &["export", "ics", "--out", cal.to_str().unwrap()]);
        assert_eq!(std::fs::read_to_string(&cal).unwrap(), first);
    }
}
