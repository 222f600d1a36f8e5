//! Core benchmarks on generated data (`rolo demo`): opening the database and loading
//! what the TUI's first frame needs, a durable single-record write, `rolo task list
//! --due today` as a whole process, and generating the data set itself.
//!
//! `cargo bench --bench store` (size L by default; `ROLO_BENCH_SIZE=M` for a quicker
//! run). The data set is generated once into target/bench-data/ and reused.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::Arc;
use std::time::{Duration, Instant};

use rolo::demo::{Size, generate};
use rolo::model::{Company, Contact, Deal, Pipeline, Task};
use rolo::store::{OpenOptions, Queries, Store};

fn main() {
    let size: Size = std::env::var("ROLO_BENCH_SIZE")
        .unwrap_or_else(|_| "L".into())
        .parse()
        .unwrap_or(Size::L);
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("target/bench-data");
    std::fs::create_dir_all(&dir).expect("create target/bench-data");
    let db = dir.join(format!("{size}.redb"));
    let fixed = chrono::DateTime::parse_from_rfc3339("2026-11-25T12:00:00Z")
        .expect("fixed time")
        .with_timezone(&chrono::Utc);
    let opts = |p: &Path| OpenOptions {
        now: Some(Arc::new(move || fixed)),
        ..OpenOptions::new(p)
    };

    println!("rolo core benchmarks, data set {size}");
    // Generating the data set (a fresh file each run, then kept for the others).
    let fresh = dir.join(format!("{size}-fresh.redb"));
    let _ = std::fs::remove_file(&fresh);
    let started = Instant::now();
    let summary = generate(&Store::open(opts(&fresh)).expect("open"), size, 1).expect("generate");
    let demo_time = started.elapsed();
    report(
        "rolo demo (generate + commit)",
        &[demo_time],
        "≤ 60 s for L",
    );
    println!("    {summary}");
    std::fs::rename(&fresh, &db).expect("keep the data set");

    // Open + load every contact, company, deal, task and pipeline.
    let mut loads = Vec::new();
    for _ in 0..7 {
        let t = Instant::now();
        let store = Store::open(opts(&db)).expect("open");
        let r = store.read().expect("read");
        let counts = (
            r.all::<Contact>().expect("contacts").len(),
            r.all::<Company>().expect("companies").len(),
            r.all::<Deal>().expect("deals").len(),
            r.all::<Task>().expect("tasks").len(),
            r.all::<Pipeline>().expect("pipelines").len(),
        );
        loads.push(t.elapsed());
        std::hint::black_box(counts);
    }
    report(
        "open + load contacts/companies/deals/tasks",
        &loads,
        "≤ 250 ms",
    );

    // One durable write: a deal moved one stage and back, many times (Lead In ↔
    // Qualified: no default rule fires there, so this is the write path alone).
    let store = Store::open(opts(&db)).expect("open");
    let deal = store
        .read()
        .expect("read")
        .all::<Deal>()
        .expect("deals")
        .into_iter()
        .find(|d| d.status == rolo::model::DealStatus::Open && d.pipeline == 1 && d.stage == 1)
        .expect("an open deal in Lead In");
    let mut writes = Vec::new();
    for i in 0..200 {
        let t = Instant::now();
        rolo::ops::step_deal(&store, deal.id, if i % 2 == 0 { 1 } else { -1 }).expect("move");
        writes.push(t.elapsed());
    }
    report(
        "durable deal move (one write transaction)",
        &writes,
        "≤ 2 ms median",
    );
    drop(store);

    // `rolo task list --due today` as a whole process.
    let mut runs = Vec::new();
    for _ in 0..15 {
        let t = Instant::now();
        let out = Command::new(env!("CARGO_BIN_EXE_rolo"))
            .args(["--db"])
            .arg(&db)
            .args(["task", "list", "--due", "today"])
            .env("ROLO_NOW", "2026-11-25T12:00:00Z")
            .output()
            .expect("run rolo");
        runs.push(t.elapsed());
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    report("`rolo task list --due today` (process)", &runs, "≤ 100 ms");
}

fn report(what: &str, samples: &[Duration], target: &str) {
    let mut s = samples.to_vec();
    s.sort();
    let median = s[s.len() / 2];
    let p95 = s[(s.len() * 95 / 100).min(s.len() - 1)];
    println!(
        "{what:<48} median {:>9}  p95 {:>9}  (n={}, target {target})",
        fmt(median),
        fmt(p95),
        s.len()
    );
}

fn fmt(d: Duration) -> String {
    if d.as_secs() >= 1 {
        format!("{:.2} s", d.as_secs_f64())
    } else {
        format!("{:.2} ms", d.as_secs_f64() * 1000.0)
    }
}
