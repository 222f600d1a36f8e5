//! The command line as a person meets it, on the L data set: each command as a whole
//! process from exec, warm cache, median of 9 runs, with its peak resident memory (from
//! `/usr/bin/time` when it is installed). Covers pages of lists, `rolo search` beside
//! `fzf --filter` over a file of the same fields (name, email, company; needs fzf:
//! `apt-get install fzf`), every report and the ticket queue.
//!
//! `cargo bench --bench cli` (run `--bench store` first: it generates
//! target/bench-data/L.redb; `ROLO_BENCH_SIZE=XL` for XL).

mod bench_data;

use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

use rolo::model::{Company, Contact};
use rolo::store::{OpenOptions, Queries, Store};

fn main() {
    let (size, db) = bench_data::generated();
    // Open once first: a database of an older schema is migrated here, not timed.
    run(&db, &["pipeline", "list"]);
    println!("rolo CLI, whole process, data set {size} (median of 9, peak RSS)");
    for args in [
        "contact list --limit 20",
        "contact list --limit 20 --sort last-touch",
        "contact list --limit 20 --offset 50000",
        "company list --limit 20",
        "deal list --limit 20",
        "deal list --limit 20 --sort value",
        "task list --due today --limit 20",
        "task list --due today",
        "activity list --limit 20",
        "report pipeline",
        "report forecast",
        "report win-rate",
        "report velocity",
        "report funnel",
        "report activity",
        "report revenue",
        "report sources",
        "report hygiene",
        "report tickets",
        "ticket list --limit 20",
        "ticket list --breached --limit 20",
        "ticket list --breached",
        "ticket list --due-within 2h",
    ] {
        let args: Vec<&str> = args.split(' ').collect();
        line(&args.join(" "), &db, &args);
    }

    // rolo search against fzf over a file of the same fields of every contact.
    let store = Store::open(OpenOptions::new(&db)).expect("open");
    let r = store.read().expect("read");
    let companies: std::collections::HashMap<u64, String> = r
        .all::<Company>()
        .expect("companies")
        .into_iter()
        .map(|c| (c.id, c.name))
        .collect();
    let mut lines = String::new();
    r.each::<Contact>(&mut |c| {
        let company = c.company.and_then(|id| companies.get(&id));
        lines.push_str(&format!(
            "C-{} {} {} {}\n",
            c.id,
            c.name,
            c.email().unwrap_or(""),
            company.map(String::as_str).unwrap_or("")
        ));
        Ok(())
    })
    .expect("contacts");
    drop(r);
    drop(store);
    let list = db.with_extension("contacts.txt");
    std::fs::write(&list, lines).expect("write contact lines");
    for q in ["muller", "jane acme", "nordwind"] {
        let mut args = vec!["search", "--kind", "contact", "--limit", "20"];
        args.extend(q.split(' '));
        let (rolo, _) = line(&format!("search {q} --kind contact --limit 20"), &db, &args);
        let fzf = median(|| {
            let out = Command::new("fzf")
                .args(["--filter", q])
                .stdin(std::fs::File::open(&list).expect("lines"))
                .output();
            match out {
                Ok(o) => std::hint::black_box(o.stdout.len()),
                Err(_) => 0,
            };
        });
        if Command::new("fzf").arg("--version").output().is_ok() {
            println!(
                "    fzf --filter '{q}' over the same fields: {}  ratio rolo/fzf {:.2} (target ≤ 0.5)",
                ms(fzf),
                rolo.as_secs_f64() / fzf.as_secs_f64()
            );
        } else {
            println!("    fzf is not installed: no comparison");
        }
    }
}

/// Times a command and prints its line: (median, peak RSS in KB when known).
fn line(label: &str, db: &Path, args: &[&str]) -> (Duration, Option<u64>) {
    let t = median(|| run(db, args));
    let rss = peak_rss(db, args);
    println!(
        "{label:<46} {:>9}  {}",
        ms(t),
        rss.map(|k| format!("{:.0} MB", k as f64 / 1024.0))
            .unwrap_or_else(|| "RSS: install /usr/bin/time".into())
    );
    (t, rss)
}

fn run(db: &Path, args: &[&str]) {
    let out = Command::new(env!("CARGO_BIN_EXE_rolo"))
        .arg("--db")
        .arg(db)
        .args(args)
        .output()
        .expect("rolo");
    assert!(
        out.status.success(),
        "rolo {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// Peak resident memory of one run, from `/usr/bin/time -f %M`.
fn peak_rss(db: &Path, args: &[&str]) -> Option<u64> {
    let out = Command::new("/usr/bin/time")
        .args(["-f", "%M", env!("CARGO_BIN_EXE_rolo"), "--db"])
        .arg(db)
        .args(args)
        .output()
        .ok()?;
    String::from_utf8_lossy(&out.stderr)
        .lines()
        .last()?
        .trim()
        .parse()
        .ok()
}

fn median(mut f: impl FnMut()) -> Duration {
    let mut s: Vec<Duration> = (0..9)
        .map(|_| {
            let t = Instant::now();
            f();
            t.elapsed()
        })
        .collect();
    s.sort();
    s[s.len() / 2]
}

fn ms(d: Duration) -> String {
    format!("{:.1} ms", d.as_secs_f64() * 1000.0)
}
