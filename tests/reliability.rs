//! Many processes on one database file: concurrent writers lose nothing, a writer killed
//! with `kill -9` loses no committed write, and a change made by one process is seen by
//! another on its next read.

use std::io::{BufRead, BufReader, Write};
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use rolo::model::{Contact, Kind};
use rolo::store::{OpenOptions, Queries, Store};

const BIN: &str = env!("CARGO_BIN_EXE_rolo");

fn rolo(db: &Path, args: &[&str]) -> std::process::Output {
    Command::new(BIN)
        .arg("--db")
        .arg(db)
        .args(args)
        .env("ROLO_USER", "tester")
        // Four writers on a loaded 2-core CI machine can queue past the default 5 s;
        // this test is about losing nothing, not about the wait.
        .env("ROLO_BUSY_TIMEOUT_MS", "60000")
        .output()
        .expect("run rolo")
}

#[test]
fn four_processes_writing_at_once_lose_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("crm.redb");
    // Create the file first so the four writers race on writes, not on creation.
    assert!(rolo(&db, &["pipeline", "list"]).status.success());

    let writers: Vec<_> = (0..4)
        .map(|w| {
            let db = db.clone();
            std::thread::spawn(move || {
                for i in 0..250 {
                    let email = format!("w{w}n{i}@example.com");
                    let out = rolo(
                        &db,
                        &[
                            "--json",
                            "contact",
                            "add",
                            &format!("Writer {w} #{i}"),
                            "--email",
                            &email,
                        ],
                    );
                    assert!(
                        out.status.success(),
                        "{}",
                        String::from_utf8_lossy(&out.stderr)
                    );
                    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
                    let id = json["id"].as_str().unwrap().to_string();
                    let out = rolo(
                        &db,
                        &["log", "note", &format!("note {w}/{i}"), "--contact", &id],
                    );
                    assert!(
                        out.status.success(),
                        "{}",
                        String::from_utf8_lossy(&out.stderr)
                    );
                }
            })
        })
        .collect();
    for w in writers {
        w.join().unwrap();
    }

    let store = Store::open(OpenOptions::new(&db)).unwrap();
    let r = store.read().unwrap();
    assert_eq!(r.count(Kind::Contact).unwrap(), 1000);
    assert_eq!(r.count(Kind::Activity).unwrap(), 1000);
    let entries = r.entries_since(0).unwrap();
    assert_eq!(r.revision().unwrap(), entries.len() as u64);
    // Every contact got its note: last_activity set on all of them.
    assert!(
        r.all::<Contact>()
            .unwrap()
            .iter()
            .all(|c| c.last_activity.is_some())
    );
}

/// Run by `a_writer_killed_mid_loop_loses_no_committed_write` in a child process: adds
/// contacts in a loop, printing each id after its write returned.
#[test]
#[ignore = "child process of a_writer_killed_mid_loop_loses_no_committed_write"]
fn writer_child() {
    let Ok(path) = std::env::var("ROLO_TEST_WRITER_DB") else {
        return;
    };
    let store = Store::open(OpenOptions::new(path)).unwrap();
    let mut out = std::io::stdout().lock();
    for i in 0.. {
        let c = rolo::ops::add(
            &store,
            Contact {
                name: format!("Crash test {i}"),
                ..Contact::default()
            },
        )
        .unwrap();
        writeln!(out, "committed {}", c.value.id).unwrap();
        out.flush().unwrap();
    }
}

#[test]
fn a_writer_killed_mid_loop_loses_no_committed_write() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("crm.redb");
    let mut child = Command::new(std::env::current_exe().unwrap())
        .args([
            "--ignored",
            "--exact",
            "writer_child",
            "--nocapture",
            "--test-threads=1",
        ])
        .env("ROLO_TEST_WRITER_DB", &db)
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut committed = Vec::new();
    let reader = BufReader::new(child.stdout.take().unwrap());
    let started = Instant::now();
    for line in reader.lines() {
        let line = line.unwrap();
        if let Some(id) = line.strip_prefix("committed ") {
            committed.push(id.parse::<u64>().unwrap());
        }
        if committed.len() >= 200 || started.elapsed() > Duration::from_secs(60) {
            break;
        }
    }
    // SIGKILL: no destructors, no flush, possibly mid-transaction.
    child.kill().unwrap();
    child.wait().unwrap();
    assert!(
        committed.len() >= 200,
        "the writer committed only {}",
        committed.len()
    );

    let mut store = Store::open(OpenOptions::new(&db)).unwrap();
    assert!(store.check_integrity().unwrap());
    let r = store.read().unwrap();
    for id in &committed {
        assert!(
            r.get::<Contact>(*id).unwrap().is_some(),
            "C-{id} was committed but is gone"
        );
    }
    assert_eq!(
        r.revision().unwrap(),
        r.entries_since(0).unwrap().len() as u64
    );
}

#[test]
fn a_second_process_sees_a_change_on_its_next_read() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("crm.redb");
    let store = Store::open(OpenOptions::new(&db)).unwrap();
    let before = store.revision().unwrap();

    let out = rolo(
        &db,
        &[
            "contact",
            "add",
            "Seen Elsewhere",
            "--email",
            "seen@example.com",
        ],
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );

    let r = store.read().unwrap();
    assert_eq!(r.revision().unwrap(), before + 1);
    let id = r
        .contact_by_email("SEEN@example.com")
        .unwrap()
        .expect("the other process's contact");
    assert_eq!(r.require::<Contact>(id).unwrap().name, "Seen Elsewhere");

    // And the other way round: this process writes, a new process reads it.
    rolo::ops::add(
        &store,
        Contact {
            name: "Written Here".into(),
            ..Contact::default()
        },
    )
    .unwrap();
    let out = rolo(&db, &["--json", "contact", "list"]);
    let list: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let names: Vec<&str> = list
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|c| c["name"].as_str())
        .collect();
    assert!(names.contains(&"Written Here"), "{names:?}");
}
