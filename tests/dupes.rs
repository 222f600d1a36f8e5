//! Duplicates and merging: `find_duplicates` pairs contacts by phone, name and email
//! and companies by domain and name, with reasons and scores, in near-linear time;
//! `ops::merge` moves activities, deals and tasks (or a company's contacts), keeps every
//! email, phone and tag, deletes the duplicate, and `undo` restores both.

use std::sync::Arc;

use chrono::{TimeZone, Utc};
use rolo::interchange::dupes::{self, DupeKind, normalize_phone};
use rolo::model::*;
use rolo::ops;
use rolo::store::{OpenOptions, Queries, Store};
use tempfile::TempDir;

fn db() -> (TempDir, Store) {
    let dir = TempDir::new().unwrap();
    let now = Utc.with_ymd_and_hms(2026, 11, 25, 12, 0, 0).unwrap();
    let store = Store::open(OpenOptions {
        now: Some(Arc::new(move || now)),
        user: Some("sam".into()),
        ..OpenOptions::new(dir.path().join("crm.redb"))
    })
    .unwrap();
    (dir, store)
}

fn labeled(v: &str) -> Vec<Labeled> {
    vec![Labeled {
        label: String::new(),
        value: v.into(),
    }]
}

fn company(store: &Store, name: &str, domain: Option<&str>) -> u64 {
    ops::add(
        store,
        Company {
            name: name.into(),
            domain: domain.map(Into::into),
            ..Company::default()
        },
    )
    .unwrap()
    .value
    .id
}

fn person(store: &Store, c: Contact) -> u64 {
    ops::add(store, c).unwrap().value.id
}

#[test]
fn contacts_pair_by_phone_name_and_email_with_reasons() {
    let (_d, store) = db();
    let acme = company(&store, "Acme", None);
    let a = person(
        &store,
        Contact {
            name: "Jane Doe".into(),
            company: Some(acme),
            phones: labeled("020 7946 0000"),
            location: Some("London, UK".into()),
            ..Contact::default()
        },
    );
    let b = person(
        &store,
        Contact {
            name: "Jane Do".into(),
            company: Some(acme),
            phones: labeled("+44 20 7946 0000"),
            ..Contact::default()
        },
    );
    let c = person(
        &store,
        Contact {
            name: "Doe, Jane".into(),
            ..Contact::default()
        },
    );
    let d = person(
        &store,
        Contact {
            name: "J".into(),
            emails: labeled("jane.doe@elsewhere.example"),
            ..Contact::default()
        },
    );
    let g1 = person(
        &store,
        Contact {
            name: "Bob".into(),
            emails: labeled("Bob.Smith@gmail.com"),
            ..Contact::default()
        },
    );
    let g2 = person(
        &store,
        Contact {
            name: "Robert".into(),
            emails: labeled("bobsmith+crm@googlemail.com"),
            ..Contact::default()
        },
    );
    person(
        &store,
        Contact {
            name: "Someone Else".into(),
            company: Some(acme),
            ..Contact::default()
        },
    );
    let found = dupes::find_duplicates(&store.read().unwrap(), DupeKind::Contacts, 50).unwrap();
    let pair = |x: u64, y: u64| {
        found
            .iter()
            .find(|p| p.keep.id == x && p.other.id == y)
            .unwrap_or_else(|| panic!("{x}-{y}: {found:#?}"))
    };
    let ab = pair(a, b);
    assert!(
        ab.reasons.iter().any(|r| r == "same phone +442079460000"),
        "{ab:?}"
    );
    assert!(
        ab.reasons
            .iter()
            .any(|r| r.starts_with("similar names at the same company"))
    );
    assert!(ab.score >= 0.9);
    assert_eq!(pair(a, c).reasons, ["same name"]);
    assert!(pair(a, d).reasons[0].contains("jane.doe@elsewhere.example"));
    assert_eq!(pair(g1, g2).reasons, ["same mailbox bobsmith@gmail.com"]);
    assert_eq!((found[0].keep.id, found[0].score), (g1, 0.97));
    assert!(
        found
            .iter()
            .all(|p| p.other_label != "Someone Else" && p.keep_label != "Someone Else")
    );
}

#[test]
fn companies_pair_by_domain_and_name_without_legal_form() {
    let (_d, store) = db();
    let a = company(&store, "Globex Corporation", Some("globex.example"));
    let b = company(&store, "GLOBEX, Inc.", None);
    let c = company(&store, "Globex Holdings", Some("globex.example"));
    company(&store, "Initech", None);
    let found = dupes::find_duplicates(&store.read().unwrap(), DupeKind::Companies, 10).unwrap();
    assert!(
        found
            .iter()
            .any(|p| (p.keep.id, p.other.id) == (a, b) && p.reasons == ["same name"]),
        "{found:#?}"
    );
    assert!(
        found
            .iter()
            .any(|p| (p.keep.id, p.other.id) == (a, c)
                && p.reasons[0] == "same domain globex.example")
    );
    assert!(
        found
            .iter()
            .all(|p| p.keep_label != "Initech" && p.other_label != "Initech")
    );
}

#[test]
fn phones_normalise_to_e164_only_when_the_country_is_known() {
    assert_eq!(normalize_phone("+1 (415) 555-0132", None), "+14155550132");
    assert_eq!(
        normalize_phone("06 12 34 56 78", Some("Paris, France")),
        "+33612345678"
    );
    assert_eq!(normalize_phone(" 06 12 34 56 78 ", None), "06 12 34 56 78");
}

#[test]
fn merging_contacts_moves_everything_and_undo_restores_both() {
    let (_d, store) = db();
    let acme = company(&store, "Acme", None);
    let keep = person(
        &store,
        Contact {
            name: "Jane Doe".into(),
            emails: labeled("jane@acme.example"),
            tags: vec!["vip".into()],
            ..Contact::default()
        },
    );
    let gone = person(
        &store,
        Contact {
            name: "Jane D.".into(),
            company: Some(acme),
            title: Some("CTO".into()),
            emails: labeled("jd@home.example"),
            phones: labeled("+44 20 7946 0000"),
            tags: vec!["lead-magnet".into()],
            ..Contact::default()
        },
    );
    let pipeline = store.read().unwrap().default_pipeline().unwrap();
    let deal = ops::add(
        &store,
        Deal {
            title: "Acme pilot".into(),
            pipeline: pipeline.id,
            stage: pipeline.stages[0].id,
            contacts: vec![gone, keep],
            ..Deal::default()
        },
    )
    .unwrap()
    .value
    .id;
    let act = ops::log_activity(
        &store,
        Activity {
            kind: ActivityKind::Call,
            subject: "Intro".into(),
            contacts: vec![gone],
            ..Activity::default()
        },
    )
    .unwrap()
    .value
    .id;
    let task = ops::add(
        &store,
        Task {
            title: "Follow up".into(),
            link: Some(RecordId::new(Kind::Contact, gone)),
            ..Task::default()
        },
    )
    .unwrap()
    .value
    .id;
    let before = store.revision().unwrap();
    let snapshot = |s: &Store| {
        let r = s.read().unwrap();
        (
            r.all::<Contact>().unwrap(),
            r.all::<Deal>().unwrap(),
            r.all::<Activity>().unwrap(),
            r.all::<Task>().unwrap(),
        )
    };
    let was = snapshot(&store);

    let m = ops::merge(
        &store,
        RecordId::new(Kind::Contact, keep),
        RecordId::new(Kind::Contact, gone),
    )
    .unwrap();
    assert_eq!(m.rev, before + 1, "one operation, one change-log entry");
    assert_eq!(
        (m.value.deals, m.value.activities, m.value.tasks),
        (1, 1, 1)
    );
    let r = store.read().unwrap();
    assert!(r.get::<Contact>(gone).unwrap().is_none());
    let k: Contact = r.require(keep).unwrap();
    assert_eq!(k.name, "Jane Doe");
    assert_eq!((k.company, k.title.as_deref()), (Some(acme), Some("CTO")));
    let emails: Vec<&str> = k.emails.iter().map(|e| e.value.as_str()).collect();
    assert_eq!(emails, ["jane@acme.example", "jd@home.example"]);
    assert_eq!(k.phones.len(), 1);
    assert_eq!(k.tags, ["vip", "lead-magnet"]);
    assert_eq!(r.contact_by_email("JD@home.example").unwrap(), Some(keep));
    assert_eq!(r.require::<Deal>(deal).unwrap().contacts, [keep]);
    assert_eq!(r.require::<Activity>(act).unwrap().contacts, [keep]);
    assert_eq!(
        r.require::<Task>(task).unwrap().link,
        Some(RecordId::new(Kind::Contact, keep))
    );
    drop(r);

    ops::undo(&store).unwrap();
    assert_eq!(snapshot(&store), was);
    assert_eq!(
        store
            .read()
            .unwrap()
            .contact_by_email("jd@home.example")
            .unwrap(),
        Some(gone)
    );
}

#[test]
fn merging_companies_moves_contacts_deals_activities_and_tasks() {
    let (_d, store) = db();
    let keep = company(&store, "Globex", None);
    let gone = company(&store, "Globex Inc", Some("globex.example"));
    let c = person(
        &store,
        Contact {
            name: "Priya".into(),
            company: Some(gone),
            ..Contact::default()
        },
    );
    let pipeline = store.read().unwrap().default_pipeline().unwrap();
    let deal = ops::add(
        &store,
        Deal {
            title: "Rollout".into(),
            pipeline: pipeline.id,
            stage: pipeline.stages[0].id,
            company: Some(gone),
            ..Deal::default()
        },
    )
    .unwrap()
    .value
    .id;
    let act = ops::log_activity(
        &store,
        Activity {
            subject: "Note".into(),
            company: Some(gone),
            ..Activity::default()
        },
    )
    .unwrap()
    .value
    .id;
    let task = ops::add(
        &store,
        Task {
            title: "Call".into(),
            link: Some(RecordId::new(Kind::Company, gone)),
            ..Task::default()
        },
    )
    .unwrap()
    .value
    .id;
    let m = ops::merge(
        &store,
        RecordId::new(Kind::Company, keep),
        RecordId::new(Kind::Company, gone),
    )
    .unwrap()
    .value;
    assert_eq!((m.contacts, m.deals, m.activities, m.tasks), (1, 1, 1, 1));
    let r = store.read().unwrap();
    assert_eq!(
        r.require::<Company>(keep).unwrap().domain.as_deref(),
        Some("globex.example")
    );
    assert_eq!(r.require::<Contact>(c).unwrap().company, Some(keep));
    assert_eq!(r.require::<Deal>(deal).unwrap().company, Some(keep));
    assert_eq!(r.require::<Activity>(act).unwrap().company, Some(keep));
    assert_eq!(
        r.require::<Task>(task).unwrap().link,
        Some(RecordId::new(Kind::Company, keep))
    );
    assert!(r.get::<Company>(gone).unwrap().is_none());
}

#[test]
fn merge_refuses_mixed_kinds_itself_and_missing_records() {
    let (_d, store) = db();
    let a = company(&store, "A", None);
    let c = person(
        &store,
        Contact {
            name: "P".into(),
            ..Contact::default()
        },
    );
    let co = RecordId::new(Kind::Company, a);
    let e = ops::merge(&store, RecordId::new(Kind::Contact, c), co)
        .unwrap_err()
        .to_string();
    assert!(e.contains("two contacts"), "{e}");
    assert!(
        ops::merge(&store, co, co)
            .unwrap_err()
            .to_string()
            .contains("itself")
    );
    let e = ops::merge(&store, co, RecordId::new(Kind::Company, 99))
        .unwrap_err()
        .to_string();
    assert!(e.contains("O-99 does not exist"), "{e}");
}

#[test]
fn dupes_and_merge_through_the_binary() {
    use assert_cmd::Command;
    let dir = TempDir::new().unwrap();
    let rolo = |args: &[&str]| {
        Command::cargo_bin("rolo")
            .unwrap()
            .env_clear()
            .env("PATH", std::env::var_os("PATH").unwrap_or_default())
            .env("HOME", dir.path())
            .env("ROLO_CONFIG_DIR", dir.path().join("config"))
            .env("ROLO_NOW", "2026-11-25T12:00:00Z")
            .env("TZ", "UTC")
            .env("ROLO_USER", "sam")
            .arg("--db")
            .arg(dir.path().join("crm.redb"))
            .args(args)
            .output()
            .unwrap()
    };
    let text = |b: &[u8]| String::from_utf8_lossy(b).into_owned();
    rolo(&["contact", "add", "Jane Doe", "--phone", "+1 415 555 0132"]);
    rolo(&[
        "contact",
        "add",
        "Jane Doe",
        "--phone",
        "+14155550132",
        "--email",
        "jane@x.example",
    ]);
    let out = rolo(&["dupes"]);
    let s = text(&out.stdout);
    assert!(
        s.contains("C-1 Jane Doe  <-  C-2 Jane Doe") && s.contains("same phone +14155550132"),
        "{s}"
    );
    let out = rolo(&["--json", "dupes", "--limit", "1"]);
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v[0]["other"], "C-2");
    let out = rolo(&["merge", "C-1", "C-2"]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(text(&out.stdout).contains("merged C-2 into C-1"));
    assert!(text(&rolo(&["dupes"]).stderr).contains("no duplicate contacts found"));
    assert!(rolo(&["undo"]).status.success());
    assert!(rolo(&["contact", "show", "C-2"]).status.success());
    let out = rolo(&["merge", "C-1", "D-1"]);
    assert_eq!(out.status.code(), Some(1));
}
