//! The derived tables (kanban card order, sorted contacts and companies, Today's queue
//! facts, stage totals, the report facts) stay exactly what a full recount of the
//! records gives, after random sequences of operations: adds, edits, moves, won/lost,
//! renames, logged activities, contact edits, deletes, merges, a bulk load (demo), undo
//! and redo. `rolo doctor`'s recount is the oracle,
//! and it is itself checked against a hand count and against damage.

use std::sync::{Arc, Mutex};

use chrono::{Duration, NaiveDate, TimeZone, Utc};
use proptest::prelude::*;
use rolo::model::{
    Activity, ActivityKind, Company, Contact, Deal, Due, Kind, Labeled, Priority, RecordId, Task,
};
use rolo::ops;
use rolo::store::{OpenOptions, Queries, Store, Windows};
use tempfile::TempDir;

fn open(dir: &TempDir) -> Store {
    let at = Arc::new(Mutex::new(
        Utc.with_ymd_and_hms(2026, 11, 25, 12, 0, 0).unwrap(),
    ));
    Store::open(OpenOptions {
        now: Some(Arc::new(move || {
            let mut t = at.lock().unwrap();
            *t += Duration::minutes(7);
            *t
        })),
        user: Some("sam".into()),
        ..OpenOptions::new(dir.path().join("crm.redb"))
    })
    .unwrap()
}

/// One step a person (or a rule, or an import) might take.
#[derive(Debug, Clone)]
enum Step {
    Company(u8),
    Contact(u8, Option<u8>),
    Deal {
        value: i64,
        company: Option<u8>,
        probability: Option<u8>,
        owner: u8,
        usd: bool,
    },
    Value(u8, i64),
    Owner(u8, u8),
    Move(u8, i32),
    Win(u8),
    Lose(u8),
    Rename(u8, u8),
    Task(u8, i64, bool),
    Done(u8),
    Delete(u8),
    Merge(u8, u8),
    StageProbability(u8),
    /// An activity: (contact, deal, kind, author, hours from now).
    Log(u8, Option<u8>, u8, u8, i64),
    /// A contact's email, phone, source and owner: (contact, variant).
    Edit(u8, u8),
    Undo,
    Redo,
}

fn step() -> impl Strategy<Value = Step> {
    prop_oneof![
        any::<u8>().prop_map(Step::Company),
        (any::<u8>(), proptest::option::of(any::<u8>())).prop_map(|(a, b)| Step::Contact(a, b)),
        (
            0i64..2_000_000,
            proptest::option::of(any::<u8>()),
            proptest::option::of(0u8..=100),
            0u8..3,
            any::<bool>()
        )
            .prop_map(|(value, company, probability, owner, usd)| Step::Deal {
                value,
                company,
                probability,
                owner,
                usd
            }),
        (any::<u8>(), 0i64..5_000_000).prop_map(|(d, v)| Step::Value(d, v)),
        (any::<u8>(), 0u8..3).prop_map(|(d, o)| Step::Owner(d, o)),
        (any::<u8>(), prop_oneof![Just(-1), Just(1)]).prop_map(|(d, s)| Step::Move(d, s)),
        any::<u8>().prop_map(Step::Win),
        any::<u8>().prop_map(Step::Lose),
        (any::<u8>(), any::<u8>()).prop_map(|(c, n)| Step::Rename(c, n)),
        (any::<u8>(), -5i64..10, any::<bool>()).prop_map(|(d, due, hi)| Step::Task(d, due, hi)),
        any::<u8>().prop_map(Step::Done),
        any::<u8>().prop_map(Step::Delete),
        (any::<u8>(), any::<u8>()).prop_map(|(a, b)| Step::Merge(a, b)),
        any::<u8>().prop_map(Step::StageProbability),
        (
            any::<u8>(),
            proptest::option::of(any::<u8>()),
            0u8..4,
            0u8..3,
            -2000i64..48
        )
            .prop_map(|(c, d, k, a, h)| Step::Log(c, d, k, a, h)),
        (any::<u8>(), any::<u8>()).prop_map(|(c, v)| Step::Edit(c, v)),
        Just(Step::Undo),
        Just(Step::Redo),
    ]
}

const OWNERS: [&str; 3] = ["sam", "kenji", "alex"];

/// The id of the `n`-th existing record of `kind` (wrapping), if any exist.
fn pick(store: &Store, kind: Kind, n: u8) -> Option<u64> {
    let r = store.read().ok()?;
    let ids: Vec<u64> = match kind {
        Kind::Company => r.all::<Company>().ok()?.iter().map(|c| c.id).collect(),
        Kind::Contact => r.all::<Contact>().ok()?.iter().map(|c| c.id).collect(),
        Kind::Deal => r.all::<Deal>().ok()?.iter().map(|c| c.id).collect(),
        Kind::Task => r.all::<Task>().ok()?.iter().map(|c| c.id).collect(),
        _ => Vec::new(),
    };
    (!ids.is_empty()).then(|| ids[n as usize % ids.len()])
}

/// Applies a step; refusals (a deal already won, nothing to undo) are fine.
fn apply(store: &Store, s: &Step) {
    let name = |n: u8| format!("Name {}", n % 17);
    let _ = match s {
        Step::Company(n) => ops::add(
            store,
            Company {
                name: format!("Company {}", n % 11),
                ..Company::default()
            },
        )
        .map(drop),
        Step::Contact(n, co) => {
            let company = co.and_then(|c| pick(store, Kind::Company, c));
            ops::add(
                store,
                Contact {
                    name: name(*n),
                    company,
                    ..Contact::default()
                },
            )
            .map(drop)
        }
        Step::Deal {
            value,
            company,
            probability,
            owner,
            usd,
        } => {
            let company = company.and_then(|c| pick(store, Kind::Company, c));
            ops::add(
                store,
                Deal {
                    title: format!("Deal {value}"),
                    pipeline: 1,
                    stage: 1,
                    value: *value,
                    currency: if *usd {
                        rolo::model::Currency::parse("USD").unwrap()
                    } else {
                        rolo::model::Currency::EUR
                    },
                    company,
                    probability: *probability,
                    owner: OWNERS[*owner as usize].into(),
                    ..Deal::default()
                },
            )
            .map(drop)
        }
        Step::Value(d, v) => match pick(store, Kind::Deal, *d) {
            Some(id) => ops::update(store, id, |x: &mut Deal| {
                x.value = *v;
                Ok(())
            })
            .map(drop),
            None => Ok(()),
        },
        Step::Owner(d, o) => match pick(store, Kind::Deal, *d) {
            Some(id) => ops::update(store, id, |x: &mut Deal| {
                x.owner = OWNERS[*o as usize].into();
                Ok(())
            })
            .map(drop),
            None => Ok(()),
        },
        Step::Move(d, step) => match pick(store, Kind::Deal, *d) {
            Some(id) => ops::step_deal(store, id, *step).map(drop),
            None => Ok(()),
        },
        Step::Win(d) => match pick(store, Kind::Deal, *d) {
            Some(id) => ops::win_deal(store, id).map(drop),
            None => Ok(()),
        },
        Step::Lose(d) => match pick(store, Kind::Deal, *d) {
            Some(id) => ops::lose_deal(store, id, None).map(drop),
            None => Ok(()),
        },
        Step::Rename(c, n) => match pick(store, Kind::Company, *c) {
            Some(id) => ops::update(store, id, |x: &mut Company| {
                x.name = format!("Renamed {n}");
                Ok(())
            })
            .map(drop),
            None => Ok(()),
        },
        Step::Task(d, due, high) => {
            let link = pick(store, Kind::Deal, *d).map(|id| RecordId::new(Kind::Deal, id));
            ops::add(
                store,
                Task {
                    title: "Call".into(),
                    link,
                    due: Some(Due {
                        date: NaiveDate::from_ymd_opt(2026, 11, 25).unwrap() + Duration::days(*due),
                        time: None,
                    }),
                    priority: if *high {
                        Priority::High
                    } else {
                        Priority::Normal
                    },
                    assignee: "sam".into(),
                    ..Task::default()
                },
            )
            .map(drop)
        }
        Step::Done(t) => match pick(store, Kind::Task, *t) {
            Some(id) => ops::complete_task(store, id).map(drop),
            None => Ok(()),
        },
        Step::Delete(n) => {
            let kind = [Kind::Company, Kind::Deal, Kind::Contact][*n as usize % 3];
            match pick(store, kind, *n / 3) {
                Some(id) => ops::delete(store, RecordId::new(kind, id), true).map(drop),
                None => Ok(()),
            }
        }
        Step::Merge(a, b) => {
            let kind = if a % 2 == 0 {
                Kind::Contact
            } else {
                Kind::Company
            };
            match (pick(store, kind, *a), pick(store, kind, *b)) {
                (Some(x), Some(y)) if x != y => {
                    ops::merge(store, RecordId::new(kind, x), RecordId::new(kind, y)).map(drop)
                }
                _ => Ok(()),
            }
        }
        Step::StageProbability(p) => {
            ops::pipeline::edit_stage(store, 1, "Qualified", None, Some(p % 101), None).map(drop)
        }
        Step::Log(c, d, kind, author, hours) => {
            let contact = pick(store, Kind::Contact, *c);
            let deal = d.and_then(|d| pick(store, Kind::Deal, d));
            ops::log_activity(
                store,
                Activity {
                    kind: ActivityKind::ALL[*kind as usize % 4],
                    subject: "touch".into(),
                    at: Utc.with_ymd_and_hms(2026, 11, 25, 12, 0, 0).unwrap()
                        + Duration::hours(*hours),
                    author: OWNERS[*author as usize % 3].into(),
                    contacts: contact.into_iter().collect(),
                    deal,
                    ..Activity::default()
                },
            )
            .map(drop)
        }
        Step::Edit(c, v) => match pick(store, Kind::Contact, *c) {
            Some(id) => ops::update(store, id, |x: &mut Contact| {
                let label = |value: String| Labeled {
                    label: String::new(),
                    value,
                };
                x.emails = match v % 4 {
                    0 => Vec::new(),
                    1 => vec![label(format!("Ann.Lee+{v}@GoogleMail.com"))],
                    2 => vec![label(" ".into()), label(format!("p{}@x.com", v % 3))],
                    _ => vec![label(format!("p{}@x.com", v % 3))],
                };
                x.phones = if v % 3 == 0 {
                    Vec::new()
                } else {
                    vec![label("+1 555 0100".into())]
                };
                x.source = [None, Some("Web"), Some(" web "), Some("Referral")][*v as usize % 4]
                    .map(Into::into);
                x.owner = OWNERS[*v as usize % 3].into();
                Ok(())
            })
            .map(drop),
            None => Ok(()),
        },
        Step::Undo => ops::undo(store).map(drop),
        Step::Redo => ops::redo(store).map(drop),
    };
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 24, .. ProptestConfig::default() })]

    #[test]
    fn derived_tables_equal_a_recount_after_any_operations(steps in proptest::collection::vec(step(), 1..40)) {
        let dir = TempDir::new().unwrap();
        let store = open(&dir);
        for s in &steps {
            apply(&store, s);
            let problems = store.verify_derived().unwrap();
            prop_assert!(problems.is_empty(), "after {:?}: {:?}", s, problems);
        }
    }
}

#[test]
fn a_bulk_load_and_operations_on_it_keep_the_derived_tables_exact() {
    let dir = TempDir::new().unwrap();
    let store = open(&dir);
    rolo::demo::generate(&store, rolo::demo::Size::S, 7).unwrap();
    assert_eq!(store.verify_derived().unwrap(), Vec::<String>::new());
    for (i, s) in [
        Step::Value(3, 99_000),
        Step::Move(4, 1),
        Step::Rename(2, 9),
        Step::Win(5),
        Step::Merge(2, 3),
        Step::Undo,
        Step::Redo,
        Step::Delete(4),
    ]
    .iter()
    .enumerate()
    {
        apply(&store, s);
        assert_eq!(
            store.verify_derived().unwrap(),
            Vec::<String>::new(),
            "step {i}: {s:?}"
        );
    }
}

#[test]
fn stage_totals_match_a_hand_count() {
    let dir = TempDir::new().unwrap();
    let store = open(&dir);
    for (value, probability, owner) in [
        (10_000, None, "sam"),
        (20_000, Some(50), "sam"),
        (5_000, None, "kenji"),
    ] {
        ops::add(
            &store,
            Deal {
                title: "d".into(),
                pipeline: 1,
                stage: 1,
                value,
                probability,
                owner: owner.into(),
                ..Deal::default()
            },
        )
        .unwrap();
    }
    let r = store.read().unwrap();
    let p = r.default_pipeline().unwrap();
    let first = p.stages[0].clone();
    let all = r
        .stage_totals(p.id, first.id, None, first.probability)
        .unwrap();
    assert_eq!(all.count, 3);
    let (_, sum, weighted) = all.money[0];
    assert_eq!(sum, 35_000);
    let expected = (15_000 * i64::from(first.probability) + 20_000 * 50) / 100;
    assert_eq!(weighted, expected);
    let sams = r
        .stage_totals(p.id, first.id, Some("sam"), first.probability)
        .unwrap();
    assert_eq!((sams.count, sams.money[0].1), (2, 30_000));
}

#[test]
fn doctor_finds_damage_and_repair_rebuilds() {
    let dir = TempDir::new().unwrap();
    let store = open(&dir);
    rolo::demo::generate(&store, rolo::demo::Size::S, 3).unwrap();
    // Damage: drop the derived tables as an interrupted or foreign writer might.
    store.rebuild_derived().unwrap();
    assert!(store.verify_derived().unwrap().is_empty());
    drop(store);
    {
        let mut builder = redb::Builder::new();
        builder.set_concurrency_mode(redb::ConcurrencyMode::MultiWriter);
        let db = builder.open(dir.path().join("crm.redb")).unwrap();
        let w = db.begin_write().unwrap();
        w.delete_table(rolo::store::aggregate::AGG_STAGE).unwrap();
        w.commit().unwrap();
    }
    let store = open(&dir);
    let problems = store.verify_derived().unwrap();
    assert!(
        problems.iter().any(|p| p.contains("stage totals")),
        "{problems:?}"
    );
    store.rebuild_derived().unwrap();
    assert!(store.verify_derived().unwrap().is_empty());
}

#[test]
fn doctor_finds_a_stale_letter_mask_in_the_search_pages_and_repair_rebuilds_it() {
    let dir = TempDir::new().unwrap();
    let store = open(&dir);
    rolo::demo::generate(&store, rolo::demo::Size::S, 3).unwrap();
    drop(store);
    {
        // Damage: the first row's mask cleared, its text left as it was.
        let db = raw_db(&dir);
        let w = db.begin_write().unwrap();
        edit_first_search_page(&w, |bytes| bytes[1..9].fill(0));
        w.commit().unwrap();
    }
    doctor_finds_and_repair_mends(&open(&dir), &["stale letter mask"]);
}

/// Rewrites the first page of the search index with `edit` (its first row's bytes:
/// the id's low byte, the letter mask, the text's length, the text).
fn edit_first_search_page(w: &redb::WriteTransaction, edit: impl FnOnce(&mut Vec<u8>)) {
    use redb::ReadableTable;
    let mut t = w
        .open_table(rolo::store::search_pages::IDX_SEARCH_PAGE)
        .unwrap();
    let (k, mut bytes) = {
        let (k, v) = t.first().unwrap().unwrap();
        (k.value(), v.value().to_vec())
    };
    edit(&mut bytes);
    t.insert(k, bytes.as_slice()).unwrap();
}

/// The recount reports a problem naming each of `found`, and a repair leaves none.
fn doctor_finds_and_repair_mends(store: &Store, found: &[&str]) {
    let problems = store.verify_derived().unwrap();
    for words in found {
        assert!(
            problems.iter().any(|p| p.contains(words)),
            "{words}: {problems:?}"
        );
    }
    store.rebuild_derived().unwrap();
    assert!(store.verify_derived().unwrap().is_empty());
}

/// The recount holds no copy of the sort or search index: it compares them by number
/// and a sum of fingerprints, which still tells a changed entry or row.
#[test]
fn doctor_finds_a_changed_sort_entry_and_search_row_and_repair_rebuilds_them() {
    use redb::ReadableTable;
    use rolo::store::sort_pages::{IDX_SORT_PAGE, decode, encode};
    let dir = TempDir::new().unwrap();
    let store = open(&dir);
    rolo::demo::generate(&store, rolo::demo::Size::S, 3).unwrap();
    drop(store);
    {
        let db = raw_db(&dir);
        let w = db.begin_write().unwrap();
        {
            // A sort entry pointing at another record (the page still well-formed).
            let mut t = w.open_table(IDX_SORT_PAGE).unwrap();
            let (k, bytes) = {
                let (k, v) = t.first().unwrap().unwrap();
                let (tag, key, id) = k.value();
                ((tag, key.to_string(), id), v.value().to_vec())
            };
            let mut entries: Vec<(String, u64)> = decode(&bytes)
                .unwrap()
                .into_iter()
                .map(|(k, id)| (k.to_string(), id))
                .collect();
            let last = entries.len() - 1;
            entries[last].1 += 100_000;
            t.insert((k.0, k.1.as_str(), k.2), encode(&entries).as_slice())
                .unwrap();
        }
        // A search row whose text has two letters swapped (same letter mask).
        edit_first_search_page(&w, |bytes| {
            let len = u32::from_le_bytes(bytes[9..13].try_into().unwrap()) as usize;
            let text = &mut bytes[13..13 + len];
            let at = text
                .windows(2)
                .position(|w| w[0] != w[1] && w.is_ascii())
                .unwrap();
            text.swap(at, at + 1);
        });
        w.commit().unwrap();
    }
    doctor_finds_and_repair_mends(
        &open(&dir),
        &["sort index's", "search pages disagree with the records"],
    );
}

#[test]
fn doctor_finds_damaged_report_facts_and_repair_rebuilds_them() {
    let dir = TempDir::new().unwrap();
    let path = dir.path().join("crm.redb");
    let store = open(&dir);
    rolo::demo::generate(&store, rolo::demo::Size::S, 11).unwrap();
    assert!(store.verify_derived().unwrap().is_empty());
    drop(store);
    {
        // Damage: one day's activity count off by one, and a duplicate fingerprint
        // forgotten, as a foreign writer or a bug might leave them.
        use redb::{ReadableTable, ReadableTableMetadata};
        use rolo::store::facts::{AGG_ACTIVITY, FACT_DUPES};
        let mut builder = redb::Builder::new();
        builder.set_concurrency_mode(redb::ConcurrencyMode::MultiWriter);
        let db = builder.open(&path).unwrap();
        let w = db.begin_write().unwrap();
        {
            let mut t = w.open_table(AGG_ACTIVITY).unwrap();
            assert!(t.len().unwrap() > 0);
            let (day, author, kind, n) = {
                let (k, v) = t.first().unwrap().unwrap();
                let (day, author, kind) = k.value();
                (day, author.to_string(), kind, v.value())
            };
            t.insert((day, author.as_str(), kind), n + 1).unwrap();
            let mut d = w.open_table(FACT_DUPES).unwrap();
            let key = d.first().unwrap().unwrap().0.value();
            d.remove(key).unwrap();
        }
        w.commit().unwrap();
    }
    let config = TempDir::new().unwrap();
    let doctor = |repair: bool| {
        let mut cmd = assert_cmd::Command::cargo_bin("rolo").unwrap();
        cmd.env("ROLO_USER", "sam")
            .env("ROLO_CONFIG_DIR", config.path())
            .env_remove("ROLO_DB")
            .arg("--db")
            .arg(&path)
            .arg("doctor");
        if repair {
            cmd.arg("--repair");
        }
        cmd.output().unwrap()
    };
    let found = doctor(false);
    let text = String::from_utf8_lossy(&found.stdout).to_string()
        + &String::from_utf8_lossy(&found.stderr);
    assert_eq!(found.status.code(), Some(1), "{text}");
    assert!(text.contains("activities per day"), "{text}");
    assert!(text.contains("duplicate fingerprints"), "{text}");
    let repaired = doctor(true);
    assert!(repaired.status.success(), "{repaired:?}");
    let again = doctor(false);
    assert!(again.status.success(), "{again:?}");
    let store = open(&dir);
    assert!(store.verify_derived().unwrap().is_empty());
}

#[test]
fn a_schema_1_database_gets_its_derived_tables_on_first_open() {
    let dir = TempDir::new().unwrap();
    let store = open(&dir);
    rolo::demo::generate(&store, rolo::demo::Size::S, 5).unwrap();
    let before = store.revision().unwrap();
    drop(store);
    {
        // Make it what the previous release wrote: schema 1, no derived tables.
        let mut builder = redb::Builder::new();
        builder.set_concurrency_mode(redb::ConcurrencyMode::MultiWriter);
        let db = builder.open(dir.path().join("crm.redb")).unwrap();
        let w = db.begin_write().unwrap();
        for name in ["idx_card", "idx_sort_page", "agg_stage", "idx_queue"] {
            let def: redb::TableDefinition<u64, u64> = redb::TableDefinition::new(name);
            // The key types differ per table; deleting by name works for any.
            let _ = w.delete_table(def);
        }
        set_schema_version(&w, 1);
        w.commit().unwrap();
    }
    let store = open(&dir);
    assert!(store.verify_derived().unwrap().is_empty());
    let r = store.read().unwrap();
    assert_eq!(
        r.meta("schema_version").unwrap(),
        rolo::store::SCHEMA_VERSION
    );
    assert_eq!(
        r.revision().unwrap(),
        before + 1,
        "one entry records the migration"
    );
    let entry = r.entry(before + 1).unwrap().unwrap();
    assert!(
        entry
            .summary
            .contains(&format!("from schema 1 to {}", rolo::store::SCHEMA_VERSION)),
        "{}",
        entry.summary
    );
}

#[test]
fn a_schema_6_database_gets_the_deals_report_rows_on_first_open() {
    let dir = TempDir::new().unwrap();
    let store = open(&dir);
    rolo::demo::generate(&store, rolo::demo::Size::S, 9).unwrap();
    let deals = store
        .read()
        .unwrap()
        .all::<rolo::model::Deal>()
        .unwrap()
        .len();
    assert!(deals > 0);
    let hygiene = |store: &Store| {
        let r = store.read().unwrap();
        let scope = rolo::report::Scope::default();
        match rolo::report::run(&r, store.now(), rolo::report::ReportName::Hygiene, &scope) {
            Ok(rolo::report::Report::Hygiene(h)) => h.duplicates,
            other => panic!("{other:?}"),
        }
    };
    let groups = hygiene(&store);
    assert!(!groups.is_empty());
    let before = store.revision().unwrap();
    drop(store);
    {
        // Make it what the previous release wrote: schema 6, no deal report rows, and
        // duplicate fingerprints with the owner only.
        use redb::ReadableTable;
        use rolo::store::facts::FACT_DUPES;
        let db = raw_db(&dir);
        let w = db.begin_write().unwrap();
        assert!(
            w.delete_table(rolo::store::deal_facts::IDX_DEAL_FACTS)
                .unwrap()
        );
        let rows: Vec<((u8, u64, u64), String)> = w
            .open_table(FACT_DUPES)
            .unwrap()
            .iter()
            .unwrap()
            .map(|row| {
                let (k, v) = row.unwrap();
                (k.value(), v.value().0.to_string())
            })
            .collect();
        assert!(!rows.is_empty());
        assert!(w.delete_table(FACT_DUPES).unwrap());
        {
            let old: redb::TableDefinition<(u8, u64, u64), &str> =
                redb::TableDefinition::new("fact_dupes");
            let mut t = w.open_table(old).unwrap();
            for (k, owner) in &rows {
                t.insert(*k, owner.as_str()).unwrap();
            }
        }
        set_schema_version(&w, 6);
        w.commit().unwrap();
    }
    let store = open(&dir);
    assert_eq!(store.verify_derived().unwrap(), Vec::<String>::new());
    let summary = migration_summary(&store, before, 6);
    assert!(
        summary.contains(&format!("report rows for {deals} deals")),
        "{summary}"
    );
    assert_eq!(hygiene(&store), groups, "the same duplicate groups");
}

/// Checks that opening migrated the file from schema `from` to the current one in
/// one change-log entry after revision `before`; returns that entry's summary.
fn migration_summary(store: &Store, before: u64, from: u64) -> String {
    let r = store.read().unwrap();
    assert_eq!(
        r.meta("schema_version").unwrap(),
        rolo::store::SCHEMA_VERSION
    );
    assert_eq!(r.revision().unwrap(), before + 1, "one entry records it");
    let summary = r.entry(before + 1).unwrap().unwrap().summary;
    let want = format!("from schema {from} to {}", rolo::store::SCHEMA_VERSION);
    assert!(summary.contains(&want), "{summary}");
    summary
}

/// A database as schema 4 left it: the search pages without the rows' letter masks
/// (each row the id's low byte, the text's length, the text), at `version`.
fn write_schema_4_pages(db: &redb::Database, version: u64) {
    use redb::ReadableTable;
    let pages: redb::TableDefinition<u64, &[u8]> = redb::TableDefinition::new("idx_search_page");
    let w = db.begin_write().unwrap();
    {
        let mut t = w.open_table(pages).unwrap();
        let all: Vec<(u64, Vec<u8>)> = t
            .iter()
            .unwrap()
            .map(|row| {
                let (k, v) = row.unwrap();
                (k.value(), v.value().to_vec())
            })
            .collect();
        assert!(!all.is_empty());
        for (k, new) in all {
            let mut old = Vec::new();
            let mut rest = new.as_slice();
            while !rest.is_empty() {
                let len = u32::from_le_bytes(rest[9..13].try_into().unwrap()) as usize;
                old.push(rest[0]);
                old.extend_from_slice(&rest[9..13 + len]);
                rest = &rest[13 + len..];
            }
            t.insert(k, old.as_slice()).unwrap();
        }
        set_schema_version(&w, version);
    }
    w.commit().unwrap();
}

/// Writes the schema version a file says it has, as an older release would have.
fn set_schema_version(w: &redb::WriteTransaction, version: u64) {
    let meta: redb::TableDefinition<&str, u64> = redb::TableDefinition::new("meta");
    w.open_table(meta)
        .unwrap()
        .insert("schema_version", version)
        .unwrap();
}

fn raw_db(dir: &TempDir) -> redb::Database {
    let mut builder = redb::Builder::new();
    builder.set_concurrency_mode(redb::ConcurrencyMode::MultiWriter);
    builder.open(dir.path().join("crm.redb")).unwrap()
}

/// The ids of the best `limit` contacts for `query`, from the search pages.
fn stored_hits(store: &Store, query: &str, limit: usize) -> Vec<(RecordId, u32)> {
    let mut q = rolo::search::query::parse(query).unwrap();
    q.kind = Some(Kind::Contact);
    let finder = rolo::search::Finder::new(&q);
    rolo::search::top_stored(&finder, &store.read().unwrap(), limit)
        .unwrap()
        .iter()
        .map(|h| (h.rid, h.score))
        .collect()
}

#[test]
fn a_schema_3_database_drops_its_per_record_search_index_on_first_open() {
    let dir = TempDir::new().unwrap();
    let store = open(&dir);
    rolo::demo::generate(&store, rolo::demo::Size::S, 5).unwrap();
    let before = store.revision().unwrap();
    let found = stored_hits(&store, "a", 5);
    drop(store);
    let legacy: redb::TableDefinition<u64, &str> = redb::TableDefinition::new("idx_search");
    {
        // What schema 3 wrote: the search index per record besides the pages.
        let db = raw_db(&dir);
        let w = db.begin_write().unwrap();
        w.open_table(legacy).unwrap().insert(1, "x").unwrap();
        w.commit().unwrap();
        write_schema_4_pages(&db, 3);
    }
    let store = open(&dir);
    assert!(store.verify_derived().unwrap().is_empty());
    assert_eq!(
        stored_hits(&store, "a", 5),
        found,
        "search reads the pages as before"
    );
    let r = store.read().unwrap();
    assert_eq!(
        r.meta("schema_version").unwrap(),
        rolo::store::SCHEMA_VERSION
    );
    let entry = r.entry(before + 1).unwrap().unwrap();
    assert!(
        entry
            .summary
            .contains(&format!("from schema 3 to {}", rolo::store::SCHEMA_VERSION)),
        "{}",
        entry.summary
    );
    drop((r, store));
    let db = raw_db(&dir);
    let read = redb::ReadableDatabase::begin_read(&db).unwrap();
    assert!(
        read.open_table(legacy).is_err(),
        "the per-record search index is gone"
    );
}

#[test]
fn a_schema_4_database_gets_letter_masks_in_its_search_pages_on_first_open() {
    let dir = TempDir::new().unwrap();
    let store = open(&dir);
    rolo::demo::generate(&store, rolo::demo::Size::S, 5).unwrap();
    let before = store.revision().unwrap();
    let queries = ["a", "mul", "jane acme", "%company gmbh", "%email gmx", "zq"];
    let found: Vec<_> = queries.iter().map(|q| stored_hits(&store, q, 50)).collect();
    drop(store);
    write_schema_4_pages(&raw_db(&dir), 4);
    let store = open(&dir);
    assert!(store.verify_derived().unwrap().is_empty());
    let again: Vec<_> = queries.iter().map(|q| stored_hits(&store, q, 50)).collect();
    assert_eq!(again, found, "the same hits, ranked the same");
    let summary = migration_summary(&store, before, 4);
    assert!(summary.contains("letter masks"), "{summary}");
}

#[test]
fn a_schema_4_page_that_cannot_be_read_is_rebuilt_from_the_records() {
    let dir = TempDir::new().unwrap();
    let store = open(&dir);
    rolo::demo::generate(&store, rolo::demo::Size::S, 5).unwrap();
    let found = stored_hits(&store, "mul", 50);
    drop(store);
    {
        let db = raw_db(&dir);
        write_schema_4_pages(&db, 4);
        let pages: redb::TableDefinition<u64, &[u8]> =
            redb::TableDefinition::new("idx_search_page");
        let w = db.begin_write().unwrap();
        {
            use redb::ReadableTable;
            let mut t = w.open_table(pages).unwrap();
            let first = t.first().unwrap().unwrap().0.value();
            t.insert(first, [1u8, 200, 0, 0, 0, b'x'].as_slice())
                .unwrap();
        }
        w.commit().unwrap();
    }
    let store = open(&dir);
    assert!(store.verify_derived().unwrap().is_empty());
    assert_eq!(stored_hits(&store, "mul", 50), found);
}

/// The search index and the other derived tables stay exact through what writes many
/// records at once: a restore from a JSON export, a CSV import, and its undo.
#[test]
fn restore_import_and_undo_keep_the_derived_tables_exact() {
    let dir = TempDir::new().unwrap();
    let rolo = |db: &str, args: &[&str]| {
        let out = assert_cmd::Command::cargo_bin("rolo")
            .unwrap()
            .env("ROLO_CONFIG_DIR", dir.path().join("config"))
            .env("ROLO_USER", "sam")
            .arg("--db")
            .arg(dir.path().join(db))
            .args(args)
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "rolo {args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    };
    let check = |db: &str, when: &str| {
        let store = Store::open(OpenOptions::new(dir.path().join(db))).unwrap();
        assert_eq!(
            store.verify_derived().unwrap(),
            Vec::<String>::new(),
            "{when}"
        );
    };
    let backup = dir.path().join("backup.json");
    let csv = dir.path().join("people.csv");
    std::fs::write(
        &csv,
        "Name,Email,Company\nNew Person,new@example.com,Fresh Co\nOther One,other@example.com,\n",
    )
    .unwrap();
    rolo("a.redb", &["demo", "--size", "S", "--seed", "2"]);
    rolo(
        "a.redb",
        &["export", "json", "--out", backup.to_str().unwrap()],
    );
    rolo("b.redb", &["import", "json", backup.to_str().unwrap()]);
    check("b.redb", "after a restore");
    rolo(
        "b.redb",
        &["import", "csv", csv.to_str().unwrap(), "--as", "contacts"],
    );
    check("b.redb", "after a CSV import");
    rolo("b.redb", &["undo"]);
    check("b.redb", "after undoing the import");
    // A whole account: its calls move "last activity" on the records they name, all
    // in one pass (`Tx::move_last_activity`).
    let account = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/accounts/hubspot"
    );
    rolo("b.redb", &["import", "hubspot", account]);
    check("b.redb", "after an account import");
    rolo("b.redb", &["undo"]);
    check("b.redb", "after undoing the account import");
}

/// The best hits of each query three ways: the TUI's table (letter masks, company
/// index), the CLI's pages, and every document scored one by one (no mask, no page).
fn rank_three_ways(store: &Store, table: &rolo::search::SearchTable) {
    use rolo::search::{Finder, Hit, query};
    let r = store.read().unwrap();
    let docs = r.search_docs(None).unwrap();
    let key = |hits: Vec<Hit>| hits.iter().map(|h| (h.rid, h.score)).collect::<Vec<_>>();
    for q in [
        "a",
        "mul",
        "jane acme",
        "j",
        "'acme",
        "^jan",
        "ler$",
        "jane !acme",
        "%company acme jane",
        "acme",
        "zyxwq",
        "%company zyxwq",
        "%company gmbh",
        "%email gmx",
        "c: an",
        "d: zyx",
        "zz",
    ] {
        let finder = Finder::new(&query::parse(q).unwrap());
        // A small limit fills the best early, so most rows are skipped by their bound.
        for limit in [40, 3, 1] {
            let naive = key(finder.top(&docs, limit));
            assert_eq!(key(finder.top_rows(table, limit)), naive, "table, {q:?}");
            assert_eq!(
                key(rolo::search::top_stored(&finder, &r, limit).unwrap()),
                naive,
                "pages, {q:?}"
            );
        }
    }
}

#[test]
fn the_tuis_table_the_clis_pages_and_a_full_scan_rank_alike() {
    let dir = TempDir::new().unwrap();
    let store = open(&dir);
    rolo::demo::generate(&store, rolo::demo::Size::S, 5).unwrap();
    let mut table = store.read().unwrap().search_table().unwrap();
    rank_three_ways(&store, &table);
    // A company renamed to letters nobody has: its contacts and deals must now be found
    // by the new name, in the table kept current by live changes as in the TUI.
    let company = RecordId::new(Kind::Company, 1);
    ops::update(&store, 1, |c: &mut Company| {
        c.name = "Zyxwq Labs".into();
        Ok(())
    })
    .unwrap();
    let after: Option<Company> = store.read().unwrap().get(1).unwrap();
    let text = after
        .map(rolo::model::Record::Company)
        .as_ref()
        .and_then(rolo::search::Parts::of)
        .map(|p| p.encode());
    table.apply(vec![(company, text)]);
    let finder = rolo::search::Finder::new(&rolo::search::query::parse("zyxwq").unwrap());
    assert!(
        finder.top_rows(&table, 40).len() > 1,
        "the company and its people are found by the new name"
    );
    rank_three_ways(&store, &table);
}

/// Schema 8 added the index of open tasks that close on an activity: a schema-7 file
/// gets it on first open, and an activity then closes the task that waits for it (and
/// only that one).
#[test]
fn a_schema_7_database_gets_its_waiting_tasks_indexed_and_an_activity_still_closes_them() {
    use rolo::model::AutoClose;
    let dir = TempDir::new().unwrap();
    let store = open(&dir);
    let contact = ops::add(
        &store,
        Contact {
            name: "Ada Waits".into(),
            ..Contact::default()
        },
    )
    .unwrap()
    .value
    .id;
    let on = Some(RecordId::new(Kind::Contact, contact));
    let task = |title: &str, auto_close| {
        ops::add(
            &store,
            Task {
                title: title.into(),
                link: on,
                auto_close,
                ..Task::default()
            },
        )
        .unwrap()
        .value
        .id
    };
    let waits = task("Keep in touch with Ada", Some(AutoClose::OnActivity));
    let plain = task("Send Ada the contract", None);
    let before = store.revision().unwrap();
    drop(store);
    {
        let db = raw_db(&dir);
        let w = db.begin_write().unwrap();
        assert!(w.delete_table(rolo::store::tables::IDX_WAITING).unwrap());
        set_schema_version(&w, 7);
        w.commit().unwrap();
    }
    let store = open(&dir);
    assert_eq!(store.verify_derived().unwrap(), Vec::<String>::new());
    let summary = migration_summary(&store, before, 7);
    assert!(summary.ends_with("added: 1 task)"), "{summary}");
    ops::add(
        &store,
        Activity {
            kind: ActivityKind::Call,
            subject: "Caught up with Ada".into(),
            contacts: vec![contact],
            at: store.now(),
            ..Activity::default()
        },
    )
    .unwrap();
    let r = store.read().unwrap();
    assert!(
        !r.require::<Task>(waits).unwrap().is_open(),
        "closed by the call"
    );
    assert!(r.require::<Task>(plain).unwrap().is_open(), "not waiting");
    drop(r);
    // A closed task waits no more: the recount finds its entry gone.
    assert_eq!(store.verify_derived().unwrap(), Vec::<String>::new());
}

/// Schema 10 may store a large change-log entry compressed: a schema-9 file changes
/// only its version (and records that it did); its history reads as before.
#[test]
fn a_schema_9_database_moves_to_10_keeping_its_history() {
    let dir = TempDir::new().unwrap();
    let store = open(&dir);
    rolo::demo::generate(&store, rolo::demo::Size::S, 5).unwrap();
    let before = store.revision().unwrap();
    let history = store.read().unwrap().entries_since(0).unwrap();
    drop(store);
    {
        let db = raw_db(&dir);
        let w = db.begin_write().unwrap();
        set_schema_version(&w, 9);
        w.commit().unwrap();
    }
    let store = open(&dir);
    let summary = migration_summary(&store, before, 9);
    assert!(summary.ends_with("(large change-log entries may be stored compressed)"));
    let now = store.read().unwrap().entries_since(0).unwrap();
    assert_eq!(now[..history.len()], history[..]);
    assert_eq!(store.verify_derived().unwrap(), Vec::<String>::new());
}

/// Schema 9 keeps the sort index in pages: a schema-8 file (one key per entry) has its
/// entries moved into pages on first open, and every sorted list reads as before.
#[test]
fn a_schema_8_database_gets_its_sort_index_in_pages_on_first_open() {
    use redb::ReadableTableMetadata;
    use rolo::store::sort_pages::{IDX_SORT_PAGE, LEGACY_IDX_SORT, each};
    let dir = TempDir::new().unwrap();
    let store = open(&dir);
    rolo::demo::generate(&store, rolo::demo::Size::S, 5).unwrap();
    let before = store.revision().unwrap();
    let pages = |store: &Store| {
        let r = store.read().unwrap();
        let mut all = Vec::new();
        for tag in [0x10u8, 0x11, 0x15, 0x18, 0x20, 0x30, 0x33, 0x40] {
            for forward in [true, false] {
                let list = r.sorted(tag, None, forward, 500).unwrap();
                // Pages read from an entry on, both ways, and where entries stand.
                for (k, id) in list.iter().step_by(37) {
                    for way in [true, false] {
                        all.push(r.sorted(tag, Some((k, *id)), way, 70).unwrap());
                    }
                    let rank = r.sorted_rank(tag, k, *id).unwrap();
                    all.push(vec![(format!("rank {rank}"), 0)]);
                }
                all.push(list);
            }
        }
        all
    };
    let lists = pages(&store);
    assert!(lists[0].len() > 50, "the demo has contacts");
    drop(store);
    let mut entries = 0;
    {
        // What schema 8 kept: one key per entry.
        let db = raw_db(&dir);
        let w = db.begin_write().unwrap();
        {
            let paged = w.open_table(IDX_SORT_PAGE).unwrap();
            let mut old = w.open_table(LEGACY_IDX_SORT).unwrap();
            each(&paged, &mut |tag, key, id| {
                old.insert((tag, key, id), ()).unwrap();
                entries += 1;
                Ok(true)
            })
            .unwrap();
            assert_eq!(old.len().unwrap(), entries);
        }
        assert!(w.delete_table(IDX_SORT_PAGE).unwrap());
        set_schema_version(&w, 8);
        w.commit().unwrap();
    }
    let store = open(&dir);
    assert_eq!(store.verify_derived().unwrap(), Vec::<String>::new());
    let summary = migration_summary(&store, before, 8);
    assert!(
        summary.ends_with(&format!(
            "the sort index's {entries} entries kept in pages)"
        )),
        "{summary}"
    );
    assert_eq!(pages(&store), lists);
    let db = raw_db(&dir);
    let r = redb::ReadableDatabase::begin_read(&db).unwrap();
    assert!(
        r.open_table(LEGACY_IDX_SORT).is_err(),
        "the old table is gone"
    );
}
