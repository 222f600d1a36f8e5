//! The store's open policy: file mode, foreign files, newer schemas, first-open races.

use std::os::unix::fs::PermissionsExt;

use rolo::Error;
use rolo::model::{Contact, Kind};
use rolo::store::{OpenOptions, Queries, Store};

#[test]
fn a_new_database_is_private_and_starts_with_the_sales_pipeline() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("sub/dir/crm.redb");
    let store = Store::open(OpenOptions::new(&path)).unwrap();
    let mode = std::fs::metadata(&path).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode, 0o600, "mode {mode:o}");
    assert!(store.warnings().is_empty());
    let r = store.read().unwrap();
    let p = r.pipelines().unwrap();
    assert_eq!(p.len(), 1);
    assert_eq!(
        p[0].stage_names(),
        [
            "Lead In",
            "Qualified",
            "Proposal Sent",
            "Negotiation",
            "Won",
            "Lost"
        ]
    );
    assert_eq!(r.revision().unwrap(), 1);
    assert_eq!(r.entries_since(0).unwrap().len(), 1);
}

#[test]
fn a_world_readable_file_is_warned_about() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("crm.redb");
    drop(Store::open(OpenOptions::new(&path)).unwrap());
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o644)).unwrap();
    let store = Store::open(OpenOptions::new(&path)).unwrap();
    assert!(
        store
            .warnings()
            .iter()
            .any(|w| w.contains("world-readable")),
        "{:?}",
        store.warnings()
    );
}

#[test]
fn foreign_files_are_refused_and_left_alone() {
    let dir = tempfile::tempdir().unwrap();
    let garbage = dir.path().join("notes.txt");
    std::fs::write(
        &garbage,
        b"this is not a database, just some words\n".repeat(200),
    )
    .unwrap();
    let before = std::fs::read(&garbage).unwrap();
    let err = Store::open(OpenOptions::new(&garbage))
        .err()
        .expect("refused");
    assert!(
        matches!(err, Error::NotRolo { .. } | Error::Corrupt { .. }),
        "{err}"
    );
    assert!(err.to_string().contains("notes.txt"), "{err}");
    assert_eq!(
        std::fs::read(&garbage).unwrap(),
        before,
        "the file was changed"
    );

    // A redb file of another program.
    let other = dir.path().join("other.redb");
    let db = redb::Database::create(&other).unwrap();
    let txn = db.begin_write().unwrap();
    txn.open_table(redb::TableDefinition::<u64, u64>::new("things"))
        .unwrap()
        .insert(1, 2)
        .unwrap();
    txn.commit().unwrap();
    drop(db);
    let err = Store::open(OpenOptions::new(&other))
        .err()
        .expect("refused");
    assert!(matches!(err, Error::NotRolo { .. }), "{err}");
}

#[test]
fn a_database_from_a_newer_rolo_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("crm.redb");
    drop(Store::open(OpenOptions::new(&path)).unwrap());
    {
        let db = redb::Database::builder()
            .set_concurrency_mode(redb::ConcurrencyMode::MultiWriter)
            .open(&path)
            .unwrap();
        let txn = db.begin_write().unwrap();
        txn.open_table(redb::TableDefinition::<&str, u64>::new("meta"))
            .unwrap()
            .insert("schema_version", 99)
            .unwrap();
        txn.commit().unwrap();
    }
    let err = Store::open(OpenOptions::new(&path)).err().expect("refused");
    assert!(matches!(err, Error::TooNew { found: 99, .. }), "{err}");
    assert!(err.to_string().contains("upgrade rolo"), "{err}");
}

#[test]
fn concurrent_first_opens_create_one_pipeline() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("crm.redb");
    let threads: Vec<_> = (0..4)
        .map(|_| {
            let path = path.clone();
            std::thread::spawn(move || Store::open(OpenOptions::new(path)).map(|_| ()))
        })
        .collect();
    for t in threads {
        t.join().unwrap().unwrap();
    }
    let store = Store::open(OpenOptions::new(&path)).unwrap();
    assert_eq!(store.read().unwrap().pipelines().unwrap().len(), 1);
}

#[test]
fn a_write_that_fails_leaves_no_trace() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(OpenOptions::new(dir.path().join("crm.redb"))).unwrap();
    let rev = store.revision().unwrap();
    let err = store
        .write("test", |tx| {
            tx.create(Contact {
                name: "Half".into(),
                ..Contact::default()
            })?;
            Err::<(), _>(Error::invalid("name", "refused after a write"))
        })
        .unwrap_err();
    assert!(err.to_string().contains("refused"));
    let r = store.read().unwrap();
    assert_eq!(r.revision().unwrap(), rev);
    assert_eq!(r.count(Kind::Contact).unwrap(), 0);
}

fn add_contact(store: &Store, name: &str) {
    store
        .write("test", |tx| {
            tx.create(Contact {
                name: name.into(),
                ..Contact::default()
            })
        })
        .unwrap();
}

#[test]
fn a_process_that_only_reads_leaves_the_file_untouched() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("crm.redb");
    add_contact(&Store::open(OpenOptions::new(&path)).unwrap(), "Ada");
    let before = std::fs::read(&path).unwrap();
    {
        let store = Store::open(OpenOptions::new(&path)).unwrap();
        let r = store.read().unwrap();
        assert_eq!(r.count(Kind::Contact).unwrap(), 1);
    }
    assert!(
        std::fs::read(&path).unwrap() == before,
        "opening, reading and closing changed the file's bytes"
    );
}

#[test]
fn a_reading_process_writes_on_demand_and_sees_every_processs_writes() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("crm.redb");
    let first = Store::open(OpenOptions::new(&path)).unwrap();
    // Opened while `first` holds the file for writing: a reader beside it.
    let second = Store::open(OpenOptions::new(&path)).unwrap();
    add_contact(&first, "Ada");
    assert_eq!(second.read().unwrap().count(Kind::Contact).unwrap(), 1);
    // The reader's first write opens it for writing; its reads then see its own writes
    // and the other process's.
    add_contact(&second, "Grace");
    assert_eq!(second.read().unwrap().count(Kind::Contact).unwrap(), 2);
    add_contact(&first, "Linus");
    assert_eq!(second.read().unwrap().count(Kind::Contact).unwrap(), 3);
    assert_eq!(first.read().unwrap().count(Kind::Contact).unwrap(), 3);
    drop(first);
    drop(second);
    let again = Store::open(OpenOptions::new(&path)).unwrap();
    assert_eq!(again.read().unwrap().count(Kind::Contact).unwrap(), 3);
}

/// A large operation's change-log entry is encoded while its staged records are
/// written; a record written again afterwards, and records added after, still appear
/// in the entry as they ended up.
#[test]
fn a_large_operations_entry_lists_its_changes_as_they_ended_up() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(OpenOptions::new(dir.path().join("crm.redb"))).unwrap();
    let n = 12_000;
    let ids = store
        .write("import.test", |tx| {
            let mut ids = Vec::new();
            for i in 0..n {
                let id = tx.stage_id(Kind::Contact)?;
                tx.stage(rolo::model::Record::Contact(Contact {
                    id,
                    name: format!("Person {i}"),
                    ..Contact::default()
                }))?;
                ids.push(id);
            }
            // Written again after the staged records went out (the write sends them).
            for &i in &[0, 7, n - 1] {
                let mut c: Contact = tx.get(ids[i])?.unwrap();
                c.name = format!("Renamed {i}");
                tx.put(rolo::model::Record::Contact(c))?;
            }
            // And one more record after them.
            let id = tx.next_id(Kind::Contact)?;
            tx.put(rolo::model::Record::Contact(Contact {
                id,
                name: "Late Person".into(),
                ..Contact::default()
            }))?;
            Ok(ids)
        })
        .unwrap()
        .value;
    let r = store.read().unwrap();
    let entry = r.entry(r.revision().unwrap()).unwrap().unwrap();
    assert_eq!(entry.changes.len(), n + 1);
    let name = |i: usize| match entry.changes[i].after.as_deref() {
        Some(rolo::model::Record::Contact(c)) => c.name.clone(),
        other => panic!("{other:?}"),
    };
    assert_eq!(entry.changes[0].rid.id, ids[0]);
    assert_eq!(
        (name(0), name(1), name(7), name(n - 1), name(n)),
        (
            "Renamed 0".to_string(),
            "Person 1".to_string(),
            "Renamed 7".to_string(),
            format!("Renamed {}", n - 1),
            "Late Person".to_string()
        )
    );
    assert!(entry.changes.iter().all(|c| c.before.is_none()));
}
