//! Logging email (`rolo::interchange::email`): RFC 2047 headers, quoted-printable,
//! base64 ISO-8859-1 and HTML-only bodies decoded; contacts matched by From, To and Cc;
//! the company and the most recent open deal; direction from the user's addresses and
//! the reply closing a follow-up; idempotence by Message-ID; --create-contacts; bad
//! messages refused; mbox and Maildir in bulk; and a reader that never panics.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use chrono::{TimeZone, Utc};
use proptest::prelude::*;
use rolo::interchange::email::{self, LogOptions, MailOutcome};
use rolo::model::*;
use rolo::store::{OpenOptions, Queries, Store};
use tempfile::TempDir;

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/eml")
        .join(name)
}

fn contact(store: &Store, name: &str, email: &str, company: Option<u64>) -> u64 {
    rolo::ops::add(
        store,
        Contact {
            name: name.into(),
            company,
            emails: vec![Labeled {
                label: String::new(),
                value: email.into(),
            }],
            ..Contact::default()
        },
    )
    .unwrap()
    .value
    .id
}

/// Jürgen (C-1, Bäckerei O-1), Priya (C-2, Globex O-2), Seán (C-3, Globex), Kim (C-4).
fn db() -> (TempDir, Store) {
    let dir = TempDir::new().unwrap();
    let now = Utc.with_ymd_and_hms(2026, 11, 25, 12, 0, 0).unwrap();
    let store = Store::open(OpenOptions {
        now: Some(Arc::new(move || now)),
        user: Some("sam".into()),
        ..OpenOptions::new(dir.path().join("crm.redb"))
    })
    .unwrap();
    let bakery = rolo::ops::add(
        &store,
        Company {
            name: "Bäckerei Schön".into(),
            ..Company::default()
        },
    )
    .unwrap()
    .value
    .id;
    let globex = rolo::ops::add(
        &store,
        Company {
            name: "Globex".into(),
            ..Company::default()
        },
    )
    .unwrap()
    .value
    .id;
    contact(
        &store,
        "Jürgen Müller",
        "j.mueller@baeckerei.example",
        Some(bakery),
    );
    contact(&store, "Priya Raman", "priya@globex.example", Some(globex));
    contact(
        &store,
        "Seán O'Brien",
        "sean.obrien@globex.example",
        Some(globex),
    );
    contact(&store, "Kim Lee", "kim@hooli.example", None);
    (dir, store)
}

fn opts() -> LogOptions {
    LogOptions {
        own: vec!["sam@rolo.example".into()],
        create_contacts: false,
        support: Vec::new(),
    }
}

fn log(
    store: &Store,
    name: &str,
    o: &LogOptions,
) -> Result<MailOutcome, rolo::interchange::InterchangeError> {
    let path = fixture(name);
    email::log_email(store, &std::fs::read(&path).unwrap(), &path, o)
}

fn logged(o: MailOutcome) -> email::LoggedMail {
    match o {
        MailOutcome::Logged(l) => l,
        other => panic!("not logged: {other:?}"),
    }
}

fn activity(store: &Store, id: u64) -> Activity {
    store.read().unwrap().require(id).unwrap()
}

#[test]
fn rfc_2047_headers_and_quoted_printable_body_on_every_matched_contact() {
    let (_d, store) = db();
    let l = logged(log(&store, "rfc2047_qp.eml", &opts()).unwrap());
    assert_eq!(l.contacts, [1, 2]);
    assert_eq!(l.unknown, ["unknown.person@elsewhere.example"]);
    assert_eq!(l.direction, "inbound");
    let a = activity(&store, l.activity);
    assert_eq!(a.kind, ActivityKind::Email);
    assert_eq!(a.subject, "Angebot für Brötchen – Rückfrage");
    assert!(a.body.starts_with("Hallo Sam,\n\nvielen Dank für das Angebot. Können wir die Lieferung auf Montag verschieben?"), "{}", a.body);
    assert_eq!(a.at, Utc.with_ymd_and_hms(2026, 11, 24, 8, 12, 0).unwrap());
    assert_eq!(
        a.external_id.as_deref(),
        Some("20261124091200.4711@baeckerei.example")
    );
    // The sender's company is the activity's; the other company is listed.
    assert_eq!(a.company, Some(1));
    assert!(l.also.iter().any(|x| x.starts_with("O-2")), "{:?}", l.also);
    assert!(a.body.contains("[also concerns: O-2 Globex]"));
    assert_eq!(
        store
            .read()
            .unwrap()
            .timeline_ids(RecordId::new(Kind::Contact, 2), 10)
            .unwrap(),
        [l.activity]
    );
}

#[test]
fn base64_iso_8859_1_and_html_only_bodies_become_text() {
    let (_d, store) = db();
    let l = logged(log(&store, "latin1_base64.eml", &opts()).unwrap());
    let a = activity(&store, l.activity);
    assert!(a.body.contains("Regards, Seán Ó Briain"), "{}", a.body);
    let o = LogOptions {
        create_contacts: true,
        ..opts()
    };
    let l = logged(log(&store, "newsletter.eml", &o).unwrap());
    let a = activity(&store, l.activity);
    assert!(
        a.body.contains("November update") && a.body.contains("new orchard"),
        "{}",
        a.body
    );
    assert!(
        !a.body.contains("<p>") && !a.body.contains("color:red"),
        "{}",
        a.body
    );
    let created: Contact = store.read().unwrap().require(l.created[0]).unwrap();
    assert_eq!(
        (created.name.as_str(), created.email()),
        ("Orchard Labs News", Some("news@orchard.example"))
    );
}

#[test]
fn a_second_log_of_the_same_message_does_nothing() {
    let (_d, store) = db();
    let first = logged(log(&store, "reply_alternative.eml", &opts()).unwrap());
    let rev = store.revision().unwrap();
    match log(&store, "reply_alternative.eml", &opts()).unwrap() {
        MailOutcome::AlreadyLogged { activity } => assert_eq!(activity, first.activity),
        other => panic!("{other:?}"),
    }
    assert_eq!(store.revision().unwrap(), rev);
}

#[test]
fn the_most_recent_open_deal_is_linked_and_a_reply_closes_the_follow_up() {
    let (_d, store) = db();
    let pipeline = store.read().unwrap().default_pipeline().unwrap();
    let deal = |title: &str| {
        rolo::ops::add(
            &store,
            Deal {
                title: title.into(),
                pipeline: pipeline.id,
                stage: pipeline.stages[0].id,
                contacts: vec![2],
                company: Some(2),
                ..Deal::default()
            },
        )
        .unwrap()
        .value
        .id
    };
    let old = deal("Globex pilot");
    let new = deal("Globex rollout");
    // Touch the older deal last: "most recent" is the latest update, not the latest id.
    rolo::ops::update(&store, old, |d: &mut Deal| {
        d.notes = "updated".into();
        Ok(())
    })
    .unwrap();
    let _ = new;
    let follow_up = rolo::ops::add(
        &store,
        Task {
            title: "Chase Priya".into(),
            link: Some(RecordId::new(Kind::Contact, 2)),
            auto_close: Some(AutoClose::OnReply),
            ..Task::default()
        },
    )
    .unwrap()
    .value
    .id;
    let l = logged(log(&store, "reply_alternative.eml", &opts()).unwrap());
    assert_eq!(l.deal, Some(old));
    assert_eq!(l.company, Some(2));
    let a = activity(&store, l.activity);
    assert_eq!(
        a.body.lines().next(),
        Some("Hi Sam, looks good. Let's sign next week.")
    );
    let t: Task = store.read().unwrap().require(follow_up).unwrap();
    assert!(!t.is_open(), "an inbound reply closes the follow-up: {t:?}");
}

#[test]
fn mail_from_the_user_is_outbound_and_unknown_recipients_can_be_created() {
    let (_d, store) = db();
    let l = logged(log(&store, "outbound.eml", &opts()).unwrap());
    assert_eq!(
        (l.direction, l.contacts.as_slice()),
        ("outbound", &[4u64][..])
    );
    assert_eq!(l.unknown, ["new.prospect@hooli.example"]);
    let (_d2, store2) = db();
    let o = LogOptions {
        create_contacts: true,
        ..opts()
    };
    let l = logged(log(&store2, "outbound.eml", &o).unwrap());
    assert_eq!(l.created.len(), 1);
    let c: Contact = store2.read().unwrap().require(l.created[0]).unwrap();
    assert_eq!(c.name, "New Prospect");
}

#[test]
fn no_from_no_known_contact_and_garbage_are_errors_that_change_nothing() {
    let (_d, store) = db();
    let rev = store.revision().unwrap();
    let e = log(&store, "no_from.eml", &opts()).unwrap_err().to_string();
    assert!(e.contains("no From header"), "{e}");
    let e = log(&store, "unknown_sender.eml", &opts())
        .unwrap_err()
        .to_string();
    assert!(
        e.contains("stranger@nowhere.example") && e.contains("--create-contacts"),
        "{e}"
    );
    let e = email::log_email(&store, b"\x00\x01\x02\xff binary", Path::new("x"), &opts())
        .unwrap_err()
        .to_string();
    assert!(e.contains("not an email message"), "{e}");
    let e = email::log_email(&store, b"  \n", Path::new("x"), &opts())
        .unwrap_err()
        .to_string();
    assert!(e.contains("empty"), "{e}");
    assert_eq!(store.revision().unwrap(), rev);
}

#[test]
fn a_huge_body_is_cut_to_20_kb() {
    let (_d, store) = db();
    let big = format!(
        "From: kim@hooli.example\r\nTo: sam@rolo.example\r\nSubject: Big\r\nMessage-ID: <big@x>\r\n\r\n{}",
        "é".repeat(30_000)
    );
    let l =
        logged(email::log_email(&store, big.as_bytes(), Path::new("big.eml"), &opts()).unwrap());
    assert!(l.truncated);
    let a = activity(&store, l.activity);
    assert!(
        a.body.len() < 20_200 && a.body.ends_with("the first 20 kB are kept]"),
        "{}",
        a.body.len()
    );
}

#[test]
fn mbox_and_maildir_log_in_bulk_skipping_what_is_logged() {
    let (dir, store) = db();
    let r = email::import_mbox(&store, &fixture("inbox.mbox"), &opts(), false).unwrap();
    assert_eq!(
        (r.messages, r.logged, r.already_logged, r.no_contact),
        (3, 3, 0, 0),
        "{r:?}"
    );
    let rev = store.revision().unwrap();
    assert_eq!(r.revision, Some(rev));
    // A Maildir holding one known message, one new, one unknown and one without From.
    let md = dir.path().join("Mail");
    for sub in ["cur", "new", "tmp"] {
        std::fs::create_dir_all(md.join(sub)).unwrap();
    }
    for (sub, f) in [
        ("cur", "rfc2047_qp.eml"),
        ("new", "outbound.eml"),
        ("new", "unknown_sender.eml"),
        ("new", "no_from.eml"),
    ] {
        std::fs::copy(fixture(f), md.join(sub).join(format!("1700000000.{f}:2,S"))).unwrap();
    }
    let e = email::import_maildir(&store, &md, &opts(), false)
        .unwrap_err()
        .to_string();
    assert!(
        e.contains("no_from.eml") && e.contains("no From header"),
        "{e}"
    );
    assert_eq!(store.revision().unwrap(), rev);
    let r = email::import_maildir(&store, &md, &opts(), true).unwrap();
    assert_eq!(
        (
            r.messages,
            r.logged,
            r.already_logged,
            r.no_contact,
            r.skipped.len()
        ),
        (4, 1, 1, 1, 1),
        "{r:?}"
    );
}

fn read(bytes: &[u8]) {
    let _ = email::parse_mail(bytes);
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 300, ..ProptestConfig::default() })]

    #[test]
    fn the_reader_never_panics_on_arbitrary_bytes(bytes in prop::collection::vec(any::<u8>(), 0..600)) {
        read(&bytes);
    }

    #[test]
    fn the_reader_never_panics_on_mutated_messages(
        file in prop::sample::select(vec!["rfc2047_qp.eml", "latin1_base64.eml", "newsletter.eml", "reply_alternative.eml", "inbox.mbox"]),
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
        read(&bytes);
    }
}

mod cli {
    use super::*;
    use assert_cmd::Command;

    fn rolo(dir: &Path, stdin: Option<Vec<u8>>, args: &[&str]) -> std::process::Output {
        let cfg = dir.join("config");
        std::fs::create_dir_all(&cfg).unwrap();
        std::fs::write(cfg.join("config.toml"), "emails = [\"sam@rolo.example\"]\n").unwrap();
        let mut c = Command::cargo_bin("rolo").unwrap();
        c.env_clear()
            .env("PATH", std::env::var_os("PATH").unwrap_or_default())
            .env("HOME", dir)
            .env("ROLO_CONFIG_DIR", &cfg)
            .env("ROLO_NOW", "2026-11-25T12:00:00Z")
            .env("TZ", "UTC")
            .env("ROLO_USER", "sam")
            .arg("--db")
            .arg(dir.join("crm.redb"))
            .args(args);
        if let Some(s) = stdin {
            c.write_stdin(s);
        }
        c.output().unwrap()
    }

    fn text(b: &[u8]) -> String {
        String::from_utf8_lossy(b).into_owned()
    }

    #[test]
    fn log_email_from_stdin_and_file_through_the_binary() {
        let dir = TempDir::new().unwrap();
        let d = dir.path();
        let f = |n: &str| fixture(n).to_string_lossy().into_owned();
        let msg = std::fs::read(fixture("reply_alternative.eml")).unwrap();
        let out = rolo(d, Some(msg.clone()), &["log-email"]);
        assert_eq!(out.status.code(), Some(1));
        let err = text(&out.stderr);
        assert!(
            err.contains("(stdin)")
                && err.contains("priya@globex.example")
                && err.contains("--create-contacts"),
            "{err}"
        );
        let out = rolo(d, Some(msg.clone()), &["log-email", "--create-contacts"]);
        assert!(out.status.success(), "{}", text(&out.stderr));
        let s = text(&out.stdout);
        assert!(
            s.contains("logged inbound email A-1 \"Re: Proposal for Globex\" on C-1")
                && s.contains("created contact C-1"),
            "{s}"
        );
        let out = rolo(d, Some(msg), &["log-email"]);
        assert!(out.status.success());
        assert!(text(&out.stdout).contains("already logged as A-1; nothing to do"));
        let out = rolo(d, None, &["log-email", &f("no_from.eml")]);
        assert_eq!(out.status.code(), Some(1));
        assert!(text(&out.stderr).contains("no From header"));
        let out = rolo(
            d,
            None,
            &["import", "mbox", &f("inbox.mbox"), "--create-contacts"],
        );
        assert!(out.status.success(), "{}", text(&out.stderr));
        assert!(
            text(&out.stdout).contains("3 messages: 2 logged, 1 already logged"),
            "{}",
            text(&out.stdout)
        );
    }
}
