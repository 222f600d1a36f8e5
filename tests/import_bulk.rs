//! Large CSV imports write their new records in bulk (staged, then written together at
//! commit). These tests import the same files the bulk way and the record-by-record
//! way into two identical databases and require identical results — records, indexes,
//! counters, aggregates and the change-log entry — with rules firing on some rows,
//! rows matching contacts already in rolo or earlier in the file, and new companies;
//! then that undo reverts a bulk import whole and that an invalid row still aborts it.

use std::fmt::Write as _;
use std::path::Path;
use std::sync::Arc;

use chrono::{TimeZone, Utc};
use redb::{ReadableDatabase, ReadableTable, TableDefinition};
use rolo::interchange::csv_import::{self, CsvOptions, ImportReport};
use rolo::interchange::{ImportKind, InterchangeError};
use rolo::model::*;
use rolo::ops;
use rolo::store::aggregate::AGG_STAGE;
use rolo::store::tables::*;
use rolo::store::{OpenOptions, Queries, Store};
use tempfile::TempDir;

fn open(path: &Path) -> Store {
    let now = Utc.with_ymd_and_hms(2026, 11, 25, 12, 0, 0).unwrap();
    Store::open(OpenOptions {
        now: Some(Arc::new(move || now)),
        user: Some("sam".into()),
        ..OpenOptions::new(path)
    })
    .unwrap()
}

/// A database with a few companies and contacts (some of which the files match) and
/// a second user, so the round-robin rule has a team to share leads in.
fn seeded(dir: &Path, name: &str) -> Store {
    let store = open(&dir.join(name));
    let acme = ops::add(
        &store,
        Company {
            name: "Acme Corp".into(),
            domain: Some("acme.example".into()),
            ..Company::default()
        },
    )
    .unwrap()
    .value;
    for i in 0..40 {
        ops::add(
            &store,
            Contact {
                name: format!("Known Person {i}"),
                emails: vec![Labeled {
                    label: String::new(),
                    value: format!("known{i}@acme.example"),
                }],
                company: (i % 2 == 0).then_some(acme.id),
                owner: if i % 3 == 0 { "kim" } else { "sam" }.into(),
                ..Contact::default()
            },
        )
        .unwrap();
    }
    store
}

fn import(store: &Store, file: &Path, kind: ImportKind, per_record: bool) -> ImportReport {
    try_import(store, file, kind, per_record).unwrap()
}

fn try_import(
    store: &Store,
    file: &Path,
    kind: ImportKind,
    per_record: bool,
) -> Result<ImportReport, InterchangeError> {
    let mut opts = CsvOptions::new(kind);
    opts.per_record = per_record;
    csv_import::import_csv(store, file, &opts, &mut |_, _| {})
}

/// 2,000 contacts: new companies every few rows, known companies, emails already in
/// rolo (some filling empty fields), emails repeated later in the file, leads with a
/// source (the default round-robin rule fires on those), imported creation dates.
fn contacts_csv(path: &Path) {
    let mut s = String::from("name,email,company,title,owner,lifecycle,source,tags,created\n");
    for i in 0..2000 {
        let email = match i % 50 {
            7 => format!("known{}@acme.example", i % 40),
            13 if i > 100 => format!("person{}@example.org", i - 100),
            _ => format!("person{i}@example.org"),
        };
        let company = match i % 7 {
            0 => String::new(),
            1 => "Acme Corp".into(),
            2 => "ACME corp".into(),
            _ => format!("Company {}", i % 97),
        };
        let (lifecycle, source) = match i % 11 {
            0 => ("lead", "webinar"),
            1 => ("lead", ""),
            2 => ("customer", "referral"),
            _ => ("", ""),
        };
        let title = if i % 5 == 0 { "Buyer" } else { "" };
        let owner = if i % 9 == 0 { "lee" } else { "" };
        let created = if i % 4 == 0 { "2024-03-15 10:22" } else { "" };
        let _ = writeln!(
            s,
            "Person {i} Müller,{email},{company},{title},{owner},{lifecycle},{source},vip;t{},{created}",
            i % 3
        );
    }
    std::fs::write(path, s).unwrap();
}

/// Whether the contacts file has a contact with `person{n}@example.org`.
fn imported(n: usize) -> bool {
    !(n % 50 == 7 || (n % 50 == 13 && n > 100)) && n < 2000
}

/// Deals at new and known companies, some entering Proposal Sent (the default
/// follow-up rule fires), some won, linked to imported contacts by email.
fn deals_csv(path: &Path) {
    let mut s = String::from("title,stage,value,company,contact,probability,created\n");
    // "Discovery" is not a stage of Sales: the import adds it.
    let stages = [
        "Lead In",
        "Qualified",
        "Proposal Sent",
        "won",
        "lost",
        "Discovery",
    ];
    for i in 0..300 {
        let _ = writeln!(
            s,
            "Deal {i},{},{},Deal Co {},{},{},{}",
            stages[i % stages.len()],
            1000 + i * 37,
            i % 13,
            if imported(i * 3) {
                format!("person{}@example.org", i * 3)
            } else {
                String::new()
            },
            if i % 4 == 0 { "40" } else { "" },
            if i % 2 == 0 { "2024-05-01" } else { "" }
        );
    }
    std::fs::write(path, s).unwrap();
}

/// Tasks on imported deals (Today's queue carries the deal's value) and contacts.
fn tasks_csv(path: &Path) {
    let mut s = String::from("title,due,deal,contact,priority,assignee\n");
    for i in 0..300 {
        let (deal, contact) = if i % 2 == 0 || !imported(i) {
            (format!("Deal {i}"), String::new())
        } else {
            (String::new(), format!("person{i}@example.org"))
        };
        let _ = writeln!(
            s,
            "Task {i},2026-12-{:02},{deal},{contact},{},{}",
            1 + i % 28,
            ["low", "normal", "high"][i % 3],
            if i % 5 == 0 { "kim" } else { "" }
        );
    }
    std::fs::write(path, s).unwrap();
}

/// Activities on imported deals and contacts, several per contact in no order of time
/// (so "last activity" keeps the latest), some still "To do" (tasks), some replies
/// (which close the follow-ups the deals' rules made).
fn activities_csv(path: &Path) {
    let mut s = String::from("subject,type,done,date,due time,deal,contact,owner,direction\n");
    for i in 0..400 {
        let contact = if imported(i % 150) {
            format!("person{}@example.org", i % 150)
        } else {
            String::new()
        };
        let _ = writeln!(
            s,
            "Touch {i},{},{},2026-{:02}-{:02},{:02}:15,Deal {},{contact},{},{}",
            ["call", "meeting", "email", "note"][i % 4],
            if i % 7 == 0 { "to do" } else { "done" },
            1 + (i * 7) % 11,
            1 + i % 28,
            8 + i % 9,
            i % 300,
            if i % 3 == 0 { "kim" } else { "" },
            // Replies close the follow-ups that wait for them.
            if i % 4 == 2 { "inbound" } else { "" }
        );
    }
    std::fs::write(path, s).unwrap();
}

/// Every row of a table, as debug text (keys and values of any type).
fn dump<K: redb::Key + 'static, V: redb::Value + 'static>(
    store: &Path,
    def: TableDefinition<K, V>,
) -> Vec<String> {
    let mut builder = redb::Builder::new();
    builder.set_concurrency_mode(redb::ConcurrencyMode::MultiWriter);
    let db = builder.open(store).unwrap();
    let read = db.begin_read().unwrap();
    let Ok(t) = read.open_table(def) else {
        return Vec::new();
    };
    t.iter()
        .unwrap()
        .map(|row| {
            let (k, v) = row.unwrap();
            format!("{:?} => {:?}", k.value(), v.value())
        })
        .collect()
}

/// Every entry of the sort index, in order (the pages they sit in differ: a bulk load
/// fills them, record-by-record writes split them).
fn sort_entries(store: &Path) -> Vec<String> {
    let mut builder = redb::Builder::new();
    builder.set_concurrency_mode(redb::ConcurrencyMode::MultiWriter);
    let db = builder.open(store).unwrap();
    let read = db.begin_read().unwrap();
    let Ok(t) = read.open_table(rolo::store::sort_pages::IDX_SORT_PAGE) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    rolo::store::sort_pages::each(&t, &mut |tag, key, id| {
        out.push(format!("{tag:#x} {key:?} {id}"));
        Ok(true)
    })
    .unwrap();
    out
}

/// Every record, index, counter and aggregate of the database at `path`.
fn contents(path: &Path) -> Vec<(String, Vec<String>)> {
    let mut out = Vec::new();
    for kind in [
        Kind::Company,
        Kind::Contact,
        Kind::Deal,
        Kind::Task,
        Kind::Activity,
        Kind::Pipeline,
        Kind::Rule,
    ] {
        out.push((format!("{kind:?}"), dump(path, records(kind))));
    }
    out.push(("meta".into(), dump(path, META)));
    out.push(("email".into(), dump(path, IDX_EMAIL)));
    out.push(("link".into(), dump(path, IDX_LINK)));
    out.push(("timeline".into(), dump(path, IDX_TIMELINE)));
    out.push(("activity_time".into(), dump(path, IDX_ACTIVITY_TIME)));
    out.push(("stage".into(), dump(path, IDX_STAGE)));
    out.push(("due".into(), dump(path, IDX_DUE)));
    out.push(("external".into(), dump(path, IDX_EXTERNAL)));
    out.push(("owner".into(), dump(path, IDX_OWNER)));
    out.push(("card".into(), dump(path, IDX_CARD)));
    out.push(("sort".into(), sort_entries(path)));
    out.push(("queue".into(), dump(path, IDX_QUEUE)));
    out.push((
        "search".into(),
        dump(path, rolo::store::search_pages::IDX_SEARCH_PAGE),
    ));
    out.push(("agg_stage".into(), dump(path, AGG_STAGE)));
    use rolo::store::facts::*;
    out.push(("fact_leads".into(), dump(path, FACT_LEADS)));
    out.push(("fact_touched".into(), dump(path, FACT_TOUCHED)));
    out.push(("fact_missing".into(), dump(path, FACT_MISSING)));
    out.push(("fact_dupes".into(), dump(path, FACT_DUPES)));
    out.push(("fact_dupes_shared".into(), dump(path, FACT_DUPES_SHARED)));
    out
}

fn assert_same_contents(a: &Path, b: &Path) {
    for ((name, x), (_, y)) in contents(a).into_iter().zip(contents(b)) {
        assert_eq!(x.len(), y.len(), "{name}: row counts differ");
        for (i, (rx, ry)) in x.iter().zip(&y).enumerate() {
            assert_eq!(rx, ry, "{name}: row {i} differs");
        }
    }
}

/// Into an empty database the bulk path counts the holders of each duplicate
/// fingerprint from the new rows alone: the counts, and every other table, must be
/// what the record-by-record path writes.
#[test]
fn a_bulk_import_into_an_empty_database_counts_shared_fingerprints() {
    let dir = TempDir::new().unwrap();
    let file = dir.path().join("people.csv");
    let mut s = String::from("name,email,company\n");
    for i in 0..1500 {
        // Every fifth row repeats a name at its company; every seventh an email up to
        // a "+tag" (which the fingerprint drops, while rolo keeps them apart).
        let name = if i % 5 == 0 {
            format!("Dana Roe {}", i % 3)
        } else {
            format!("Person {i}")
        };
        let email = if i % 7 == 0 {
            format!("shared{}+{i}@example.org", i % 4)
        } else {
            format!("p{i}@example.org")
        };
        let _ = writeln!(s, "{name},{email},Company {}", i % 2);
    }
    std::fs::write(&file, s).unwrap();
    let one = open(&dir.path().join("one.redb"));
    let bulk = open(&dir.path().join("bulk.redb"));
    import(&one, &file, ImportKind::Contacts, true);
    import(&bulk, &file, ImportKind::Contacts, false);
    assert_same_contents(&dir.path().join("one.redb"), &dir.path().join("bulk.redb"));
    let shared = dump(
        &dir.path().join("bulk.redb"),
        rolo::store::facts::FACT_DUPES_SHARED,
    );
    // "Dana Roe 0|1|2" at Company 0 and Company 1: six shared name fingerprints;
    // shared0..3@example.org: four shared email fingerprints.
    assert_eq!(shared.len(), 10, "{shared:?}");
    assert!(bulk.verify_derived().unwrap().is_empty());
}

#[test]
fn a_bulk_import_writes_what_record_by_record_writes() {
    let dir = TempDir::new().unwrap();
    let (contacts, deals, tasks, activities) = (
        dir.path().join("contacts.csv"),
        dir.path().join("deals.csv"),
        dir.path().join("tasks.csv"),
        dir.path().join("activities.csv"),
    );
    contacts_csv(&contacts);
    deals_csv(&deals);
    tasks_csv(&tasks);
    activities_csv(&activities);
    let one = seeded(dir.path(), "one.redb");
    let bulk = seeded(dir.path(), "bulk.redb");
    for (file, kind) in [
        (&contacts, ImportKind::Contacts),
        (&deals, ImportKind::Deals),
        (&tasks, ImportKind::Tasks),
        (&activities, ImportKind::Activities),
    ] {
        let a = import(&one, file, kind, true);
        let b = import(&bulk, file, kind, false);
        assert_eq!(
            serde_json::to_value(&a).unwrap(),
            serde_json::to_value(&b).unwrap(),
            "{kind:?} reports differ"
        );
        let rev = b.revision.unwrap();
        let (mut ea, mut eb) = (
            one.read().unwrap().entry(rev).unwrap().unwrap(),
            bulk.read().unwrap().entry(rev).unwrap().unwrap(),
        );
        // The same changes; the bulk path lists the "last activity" updates after the
        // activities, the per-record path after each one.
        ea.changes.sort_by_key(|c| c.rid);
        eb.changes.sort_by_key(|c| c.rid);
        assert_eq!(ea, eb, "{kind:?} change-log entries differ");
    }
    // The files exercised every path: matches, new companies, rules firing.
    let r = bulk.read().unwrap();
    assert_eq!(r.count(Kind::Deal).unwrap(), 300);
    assert!(r.count(Kind::Company).unwrap() > 90);
    let leads = r
        .all::<Contact>()
        .unwrap()
        .into_iter()
        .filter(|c| c.source.as_deref() == Some("webinar"))
        .map(|c| c.owner)
        .collect::<std::collections::BTreeSet<_>>();
    assert!(leads.len() > 1, "round robin shared the leads: {leads:?}");
    assert!(
        r.all::<Task>()
            .unwrap()
            .iter()
            .any(|t| t.title.starts_with("Follow up on the proposal"))
    );
    assert!(
        r.all::<Task>().unwrap().iter().any(|t| t
            .closed_reason
            .as_deref()
            .is_some_and(|c| c.starts_with("reply received"))),
        "a reply in the activities file closed a follow-up"
    );
    drop(r);
    assert!(bulk.verify_derived().unwrap().is_empty());
    let (p1, p2) = (one.path().to_path_buf(), bulk.path().to_path_buf());
    drop((one, bulk));
    assert_same_contents(&p1, &p2);
}

#[test]
fn undo_reverts_a_bulk_import_whole() {
    let dir = TempDir::new().unwrap();
    let file = dir.path().join("contacts.csv");
    contacts_csv(&file);
    let fresh = seeded(dir.path(), "fresh.redb");
    let fresh_path = fresh.path().to_path_buf();
    drop(fresh);
    let expected = contents(&fresh_path);
    // Both ways: known contacts are filled with companies the import creates after
    // first touching them, which undo must unlink before removing the companies.
    for (name, per_record) in [("one.redb", true), ("bulk.redb", false)] {
        let store = seeded(dir.path(), name);
        let r = import(&store, &file, ImportKind::Contacts, per_record);
        assert!(r.created.len() > 1500, "{}", r.created.len());
        ops::undo(&store).unwrap();
        assert!(store.verify_derived().unwrap().is_empty());
        let a = store.path().to_path_buf();
        drop(store);
        // Records and indexes are back as they were; only the change log and the
        // counters (ids are not reused, round-robin turns were taken) moved on.
        for ((name, x), (_, y)) in contents(&a).into_iter().zip(&expected) {
            if name != "meta" {
                assert_eq!(&x, y, "{name} differs after undo");
            }
        }
    }
}

#[test]
fn an_invalid_row_in_a_large_file_still_writes_nothing() {
    let dir = TempDir::new().unwrap();
    let file = dir.path().join("contacts.csv");
    contacts_csv(&file);
    let mut text = std::fs::read_to_string(&file).unwrap();
    text.push_str("Late Mistake,not-an-email,New Co,,,,,,\n");
    std::fs::write(&file, text).unwrap();
    let store = seeded(dir.path(), "crm.redb");
    let fresh = seeded(dir.path(), "fresh.redb");
    let err = try_import(&store, &file, ImportKind::Contacts, false)
        .unwrap_err()
        .to_string();
    assert!(
        err.contains("line 2002, column \"email\", value \"not-an-email\""),
        "{err}"
    );
    let (a, b) = (store.path().to_path_buf(), fresh.path().to_path_buf());
    drop((store, fresh));
    assert_same_contents(&a, &b);

    // With --skip-invalid the rest is imported and the bad line listed.
    let store = open(&a);
    let mut opts = CsvOptions::new(ImportKind::Contacts);
    opts.skip_invalid = true;
    let r = csv_import::import_csv(&store, &file, &opts, &mut |_, _| {}).unwrap();
    assert_eq!(r.skipped.iter().map(|e| e.line).collect::<Vec<_>>(), [2002]);
    assert!(store.verify_derived().unwrap().is_empty());
}

#[test]
fn a_large_import_is_logged_compressed_and_stays_readable_and_erasable() {
    let dir = TempDir::new().unwrap();
    let file = dir.path().join("contacts.csv");
    contacts_csv(&file);
    let store = seeded(dir.path(), "crm.redb");
    let r = import(&store, &file, ImportKind::Contacts, false);
    let rev = store.revision().unwrap();
    let entry = store.read().unwrap().entry(rev).unwrap().unwrap();
    assert!(
        entry.changes.len() > r.created.len(),
        "contacts and companies"
    );
    let plain = rmp_serde::to_vec_named(&entry).unwrap();
    let path = store.path().to_path_buf();
    drop(store);
    let stored = |path: &Path| -> Vec<u8> {
        let mut builder = redb::Builder::new();
        builder.set_concurrency_mode(redb::ConcurrencyMode::MultiWriter);
        let db = builder.open(path).unwrap();
        let read = db.begin_read().unwrap();
        let t = read.open_table(CHANGELOG).unwrap();
        t.get(rev).unwrap().unwrap().value().to_vec()
    };
    let raw = stored(&path);
    assert_eq!(raw[0], 0xc1, "stored compressed");
    assert!(
        raw.len() * 3 < plain.len(),
        "{} of {} bytes",
        raw.len(),
        plain.len()
    );

    // Erasing an imported person rewrites the entry: still compressed, without them.
    let store = open(&path);
    let id = store
        .read()
        .unwrap()
        .contact_by_email("person5@example.org")
        .unwrap()
        .unwrap();
    rolo::privacy::erase(&store, id, "asked by email", true).unwrap();
    let after = store.read().unwrap().entry(rev).unwrap().unwrap();
    assert_eq!(after.changes.len(), entry.changes.len());
    assert!(format!("{after:?}").contains("Person 6 Müller"));
    assert!(!format!("{after:?}").contains("Person 5 Müller"));
    let history = store.read().unwrap().entries_since(rev - 1).unwrap();
    assert_eq!(history[0].op, entry.op);
    drop(store);
    assert_eq!(stored(&path)[0], 0xc1, "rewritten compressed");
}

/// A large file is converted a chunk of rows at a time while the rest is read: the
/// rows still come in file order, with their line numbers, blank lines and a report
/// footer left out, and a last row cut off by the end of the file named.
#[test]
fn a_file_read_in_chunks_keeps_file_order_footers_and_cut_rows() {
    let dir = TempDir::new().unwrap();
    let file = dir.path().join("many.csv");
    let mut s = String::from("name,email\n");
    let bad = [3, 2500, 6999];
    for i in 0..7000 {
        if bad.contains(&i) {
            let _ = writeln!(s, "Bad {i},not-an-email");
        } else {
            let _ = writeln!(s, "Person {i},p{i}@example.org");
        }
        if i == 4000 {
            s.push_str(",\n\n");
        }
    }
    s.push_str("\"Grand Totals (7000 records)\"\n");
    std::fs::write(&file, s).unwrap();
    let store = open(&dir.path().join("crm.redb"));
    let mut opts = CsvOptions::new(ImportKind::Contacts);
    opts.skip_invalid = true;
    let r = csv_import::import_csv(&store, &file, &opts, &mut |_, _| {}).unwrap();
    // Row i is on line i + 2, and two lines further on after the blank ones.
    let lines: Vec<u64> = r.skipped.iter().map(|e| e.line).collect();
    assert_eq!(lines, [5, 2502, 7003]);
    assert_eq!((r.rows, r.footer_lines, r.created.len()), (7000, 1, 6997));
    let created: Vec<u64> = r.created.iter().map(|o| o.line).collect();
    assert!(created.windows(2).all(|w| w[0] < w[1]), "in file order");
    assert_eq!(created.last(), Some(&7002));
    let read = store.read().unwrap();
    let last = read.contact_by_email("p6998@example.org").unwrap().unwrap();
    assert_eq!(
        read.get::<Contact>(last).unwrap().unwrap().name,
        "Person 6998"
    );

    // A file that ends part way through its last row: that row is named, not imported.
    let cut = dir.path().join("cut.csv");
    let mut s = String::from("name,email,title\n");
    for i in 0..5000 {
        let _ = writeln!(s, "Person {i},q{i}@example.org,Buyer");
    }
    s.push_str("Last,last@example.org");
    std::fs::write(&cut, s).unwrap();
    let err = try_import(&store, &cut, ImportKind::Contacts, false)
        .unwrap_err()
        .to_string();
    assert!(
        err.contains("line 5002") && err.contains("truncated"),
        "{err}"
    );
}
