//! Search benchmarks on the L data set: keystroke to complete results in the TUI's
//! search worker (p95 for 1-, 3- and 8-character queries, typed one key at a time), and
//! `rolo search` as a whole process against `fzf --filter` over the same records
//! written one per line (needs fzf: `apt-get install fzf`).
//!
//! `cargo bench --bench search` (run `--bench store` first: it
//! generates target/bench-data/L.redb).

mod bench_data;

use std::process::Command;
use std::sync::Arc;
use std::time::{Duration, Instant};

use rolo::search::query;
use rolo::search::service::{Reply, SearchService};
use rolo::store::{OpenOptions, Queries, Store};

fn main() {
    let (size, db) = bench_data::generated();
    let store = Arc::new(Store::open(OpenOptions::new(&db)).expect("open"));
    let docs = store.read().expect("read").search_docs(None).expect("docs");
    println!(
        "rolo search benchmarks, data set {size}: {} searchable records",
        docs.len()
    );

    // The TUI's search worker: load the table, then type (in-process: a diagnosis; the
    // whole-process figure is in `--bench tui`).
    let t = Instant::now();
    let mut ix = SearchService::start(store.clone());
    ix.load();
    let loaded = loop {
        match ix.wait_reply(Duration::from_secs(30)) {
            Some(Reply::Loaded(n, bytes)) => break (n, bytes),
            Some(Reply::Failed(e)) => panic!("the search table did not load: {e}"),
            Some(_) => continue,
            None => panic!("the search table did not load"),
        }
    };
    println!(
        "{:<52} {:>9}  ({} records, {:.1} MB)",
        "search worker: load the search table",
        ms(t.elapsed()),
        loaded.0,
        loaded.1 as f64 / 1e6
    );
    let mut id = 0;
    for word in ["m", "mul", "mullerab", "jan", "acm"] {
        let mut samples = Vec::new();
        for _ in 0..5 {
            let mut typed = String::new();
            for c in word.chars() {
                typed.push(c);
                let q = query::parse(&typed).expect("query");
                let t = Instant::now();
                id += 1;
                ix.query(id, q, Some(50));
                loop {
                    match ix.wait_reply(Duration::from_secs(30)) {
                        Some(Reply::Results { id: got, hits }) if got == id => {
                            std::hint::black_box(hits);
                            break;
                        }
                        Some(_) => continue,
                        None => panic!("no answer"),
                    }
                }
                samples.push(t.elapsed());
            }
        }
        samples.sort();
        let p95 = samples[(samples.len() * 95 / 100).min(samples.len() - 1)];
        println!(
            "{:<52} p95 {:>9}  (target ≤ 16 ms)",
            format!(
                "keystroke → results, typing '{word}' ({} chars)",
                word.len()
            ),
            ms(p95)
        );
    }

    // Whole process: rolo search vs fzf --filter over the same lines.
    let lines: String = docs
        .iter()
        .map(|d| format!("{} {}\n", d.rid, d.columns[0]))
        .collect();
    let list = db.with_extension("lines.txt");
    std::fs::write(&list, lines).expect("write lines");
    for q in ["muller", "jane acme", "nordwind"] {
        let rolo = time(10, || {
            let out = Command::new(env!("CARGO_BIN_EXE_rolo"))
                .arg("--db")
                .arg(&db)
                .args(["search", "--limit", "20"])
                .args(q.split(' '))
                .output()
                .expect("rolo");
            assert!(
                out.status.success(),
                "{}",
                String::from_utf8_lossy(&out.stderr)
            );
        });
        let fzf = time(10, || {
            let out = Command::new("fzf")
                .args(["--filter", q])
                .stdin(std::fs::File::open(&list).expect("lines"))
                .output()
                .expect("fzf: apt-get install fzf");
            std::hint::black_box(out.stdout.len());
        });
        println!(
            "{:<52} rolo {:>9}  fzf {:>9}  ratio {:.2} (target ≤ 1)",
            format!("whole process, query '{q}'"),
            ms(rolo),
            ms(fzf),
            rolo.as_secs_f64() / fzf.as_secs_f64()
        );
    }
}

fn time(n: usize, mut f: impl FnMut()) -> Duration {
    let mut s: Vec<Duration> = (0..n)
        .map(|_| {
            let t = Instant::now();
            f();
            t.elapsed()
        })
        .collect();
    s.sort();
    s[n / 2]
}

fn ms(d: Duration) -> String {
    format!("{:.2} ms", d.as_secs_f64() * 1000.0)
}
