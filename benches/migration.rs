//! Moving a whole Pipedrive account into a fresh database as a whole process:
//! `rolo import pipedrive DIR` over generated export files of 10k organizations, 100k
//! persons, 20k deals, 1M activities (a fifth of them still "To do", so tasks) and 50k
//! notes — the size of a busy sales team's account.
//!
//! `cargo bench --bench migration`; `ROLO_BENCH_ACCOUNT_SCALE=0.1` makes every file a
//! tenth as long (for a quick look). The files are written once to
//! target/bench-data/pipedrive-<scale>/ and kept. Peak memory is read with
//! `/usr/bin/time` when it is there.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::Instant;

const ROLO: &str = env!("CARGO_BIN_EXE_rolo");

fn main() {
    let scale: f64 = std::env::var("ROLO_BENCH_ACCOUNT_SCALE")
        .ok()
        .and_then(|s| s.parse().ok())
        .filter(|s: &f64| *s > 0.0)
        .unwrap_or(1.0);
    let n = |full: usize| ((full as f64 * scale) as usize).max(1);
    let sizes = Sizes {
        orgs: n(10_000),
        persons: n(100_000),
        deals: n(20_000),
        activities: n(1_000_000),
        notes: n(50_000),
    };
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("target/bench-data")
        .join(format!("pipedrive-{scale}"));
    if !dir.join("notes.csv").exists() {
        std::fs::create_dir_all(&dir).expect("bench dir");
        write_account(&dir, &sizes);
    }
    println!("rolo migration benchmark");
    let db = dir.with_extension("redb");
    let _ = std::fs::remove_file(&db);
    let timed = Path::new("/usr/bin/time").exists();
    let mut cmd = if timed {
        let mut c = Command::new("/usr/bin/time");
        c.args(["-f", "rolo-bench-rss:%M", ROLO]);
        c
    } else {
        Command::new(ROLO)
    };
    cmd.arg("--db")
        .arg(&db)
        .args(["import", "pipedrive"])
        .arg(&dir);
    let t = Instant::now();
    let out = cmd
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .output()
        .expect("run rolo");
    let took = t.elapsed();
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{err}");
    let rss = err
        .lines()
        .find_map(|l| l.strip_prefix("rolo-bench-rss:"))
        .and_then(|kb| kb.trim().parse::<f64>().ok())
        .map(|kb| format!("peak RSS {:.0} MB  ", kb / 1024.0))
        .unwrap_or_default();
    println!(
        "{:<60} {:>8.1} s  {rss}(target ≤ 60 s at scale 1)",
        format!(
            "import pipedrive: {} orgs, {} persons, {} deals, {} activities, {} notes",
            sizes.orgs, sizes.persons, sizes.deals, sizes.activities, sizes.notes
        ),
        took.as_secs_f64()
    );
    print!("{}", String::from_utf8_lossy(&out.stdout));
    let _ = std::fs::remove_file(&db);
}

struct Sizes {
    orgs: usize,
    persons: usize,
    deals: usize,
    activities: usize,
    notes: usize,
}

const FIRST: [&str; 10] = [
    "Jane", "Jürgen", "José", "Hélène", "Łukasz", "Aiko", "Wei", "Priya", "Chinedu", "Sofia",
];
const LAST: [&str; 10] = [
    "Doe", "Müller", "García", "Dubois", "Nowak", "Tanaka", "Wang", "Sharma", "Okafor", "Rossi",
];
const OWNERS: [&str; 5] = [
    "Kim Closer",
    "Sam Seller",
    "Ana Lima",
    "Ola Berg",
    "Raj Patel",
];
const STAGES: [&str; 5] = [
    "Qualified",
    "Contact Made",
    "Demo Scheduled",
    "Proposal Made",
    "Negotiations Started",
];
const TYPES: [&str; 5] = ["call", "meeting", "email", "task", "deadline"];

fn person(i: usize) -> String {
    format!("{} {} {i}", FIRST[i % 10], LAST[i / 10 % 10])
}

fn org(i: usize) -> String {
    format!("Org {i} GmbH")
}

fn day(i: usize) -> String {
    let d = 1 + i % 28;
    let m = 1 + i / 28 % 12;
    format!("2024-{m:02}-{d:02}")
}

fn write_account(dir: &Path, s: &Sizes) {
    let mut o = String::from(
        "Organization - Name,Organization - Address,Organization - Owner,Organization - Add time\n",
    );
    for i in 0..s.orgs {
        let _ = writeln!(
            o,
            "{},\"Hauptstraße {i}, Berlin\",{},{} 09:00:00",
            org(i),
            OWNERS[i % 5],
            day(i)
        );
    }
    std::fs::write(dir.join("organizations.csv"), o).expect("write");

    let mut p = String::from(
        "Person - Name,Person - Organization,Person - Email - Work,Person - Phone - Work,Person - Owner,Person - Add time\n",
    );
    for i in 0..s.persons {
        let _ = writeln!(
            p,
            "{},{},person{i}@org{}.example,+49 30 {:07},{},{} 10:00:00",
            person(i),
            org(i % s.orgs),
            i % s.orgs,
            i,
            OWNERS[i % 5],
            day(i)
        );
    }
    std::fs::write(dir.join("persons.csv"), p).expect("write");

    let mut d = String::from(
        "Deal - Title,Deal - Value,Deal - Currency,Deal - Pipeline,Deal - Stage,Deal - Status,Deal - Owner,Deal - Organization,Deal - Contact person,Deal - Deal created,Deal - Won time,Deal - Lost time\n",
    );
    for i in 0..s.deals {
        let (status, won, lost) = match i % 5 {
            0 => ("Won", format!("{} 16:00:00", day(i + 30)), String::new()),
            1 => ("Lost", String::new(), format!("{} 16:00:00", day(i + 30))),
            _ => ("Open", String::new(), String::new()),
        };
        let _ = writeln!(
            d,
            "Deal {i},{},EUR,Pipeline,{},{status},{},{},{},{} 11:00:00,{won},{lost}",
            1000 + i % 50 * 500,
            STAGES[i % 5],
            OWNERS[i % 5],
            org(i % s.orgs),
            person(i % s.persons),
            day(i)
        );
    }
    std::fs::write(dir.join("deals.csv"), d).expect("write");

    let mut a = String::with_capacity(s.activities * 160);
    a.push_str("Activity - Subject,Activity - Type,Activity - Done,Activity - Due date,Activity - Due time,Activity - Duration,Activity - Assigned to user,Activity - Note,Activity - Deal,Activity - Contact person,Activity - Add time\n");
    for i in 0..s.activities {
        let done = if i % 5 == 4 { "To do" } else { "Done" };
        let _ = writeln!(
            a,
            "Follow-up {i},{},{done},{},{:02}:{:02},00:30,{},<p>Talked about the offer.</p>,Deal {},{},{} 08:00:00",
            TYPES[i % 5],
            day(i),
            8 + i % 9,
            i % 4 * 15,
            OWNERS[i % 5],
            i % s.deals,
            person(i % s.persons),
            day(i)
        );
    }
    std::fs::write(dir.join("activities.csv"), a).expect("write");

    let mut n =
        String::from("Note - Content,Note - Deal,Note - Person,Note - User,Note - Add time\n");
    for i in 0..s.notes {
        let _ = writeln!(
            n,
            "\"<p>Note {i}</p><ul><li>budget ok</li><li>call back</li></ul>\",Deal {},{},{},{} 12:00:00",
            i % s.deals,
            person(i % s.persons),
            OWNERS[i % 5],
            day(i)
        );
    }
    std::fs::write(dir.join("notes.csv"), n).expect("write");
}
