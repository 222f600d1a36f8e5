//! The sweep over the L data set: the first sweep of a database that never swept (it
//! catches up on every idle deal and quiet contact at once), then a sweep with nothing
//! new to fire (what cron and open TUIs run every few minutes).
//!
//! `cargo bench --bench automation` (run `--bench store` first: it generates
//! target/bench-data/L.redb).

mod bench_data;

use std::time::Instant;

use rolo::store::{OpenOptions, Store};

fn main() -> anyhow::Result<()> {
    let (size, l) = bench_data::generated();
    let copy = l.with_file_name(format!("{size}-sweep.redb"));
    std::fs::copy(&l, &copy)?;
    println!("rolo sweep benchmarks, data set {size}");
    let store = Store::open(OpenOptions::new(&copy))?;
    let t = Instant::now();
    let first = rolo::automation::sweep(&store)?;
    println!(
        "{:<44} {:>9.2} s  ({} firings)",
        "first sweep (catching up)",
        t.elapsed().as_secs_f64(),
        first.fired.len()
    );
    let mut runs = Vec::new();
    for _ in 0..5 {
        let t = Instant::now();
        let again = rolo::automation::sweep(&store)?;
        runs.push(t.elapsed());
        assert!(again.fired.is_empty(), "a second sweep fired again");
    }
    runs.sort();
    println!(
        "{:<44} {:>9.2} ms  (target ≤ 1 s; median of 5)",
        "sweep with nothing new to fire",
        runs[2].as_secs_f64() * 1000.0
    );
    drop(store);
    let _ = std::fs::remove_file(&copy);
    Ok(())
}
