//! TUI benchmarks as a person meets them: the release binary in a real pseudo-terminal
//! (160x48, vt100 behind a reader thread), on data set L, or XL with
//! `ROLO_BENCH_SIZE=XL`. Start to the first frame with the kanban and Today, resident
//! memory 8 s after start, `L` to the frame that shows the move, PgDn in Contacts, the
//! Tickets screen drawn,
//! ctrl-k typing, and ten TUIs started at once. It reports and never fails on slow
//! figures; only a binary that cannot run stops it.
//!
//! `cargo bench --bench tui` builds target/release/rolo first (`ROLO_BIN` runs another
//! binary). The data set is target/bench-data/{L,XL}.redb, made by `cargo bench --bench
//! store` or here with `rolo demo` when missing; the move runs on a copy of it.
//! `ROLO_BENCH_DUMP=1` prints the screens the textual signals are read from.

mod tui_pty;

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use anyhow::Context;
use tui_pty::figures::{available_mb, fmt, median_f, report};
use tui_pty::{Tui, line_with, query_line, shown_count};

/// How long any one thing may take before it counts as not happening.
const WAIT: Duration = Duration::from_secs(60);
/// When resident memory is read, after start.
const RSS_AT: Duration = Duration::from_secs(8);

fn main() -> anyhow::Result<()> {
    let size = std::env::var("ROLO_BENCH_SIZE").unwrap_or_else(|_| "L".into());
    let size: rolo::demo::Size = size.parse().map_err(|e| anyhow::anyhow!("{e}"))?;
    let xl = size == rolo::demo::Size::XL;
    let bin = std::env::var_os("ROLO_BIN")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_BIN_EXE_rolo")));
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("target/bench-data");
    let data = dir.join(format!("{size}.redb"));
    if !data.exists() {
        generate(&bin, &dir, &data, size)?;
    }
    let scratch = tempfile::Builder::new()
        .prefix("tui-bench-")
        .tempdir_in(&dir)?;
    let config = scratch.path().join("config");
    std::fs::create_dir_all(&config)?;
    // Warm cache: the file in the page cache and one unmeasured start.
    std::io::copy(&mut std::fs::File::open(&data)?, &mut std::io::sink())?;
    if let Ok(t) = Tui::start(&bin, &data, &config) {
        t.wait(WAIT, home);
        t.quit();
    }

    let run = format!("{} --db {}", bin.display(), data.display());
    println!(
        "rolo TUI benchmarks, data set {size}, {}x{}",
        tui_pty::COLS,
        tui_pty::ROWS
    );
    println!("  by `ROLO_BENCH_SIZE={size} cargo bench --bench tui`, each TUI `{run}`");
    println!("  (ROLO_NOW=2026-11-25T12:00:00Z ROLO_USER=sam), quit with q");

    // Start to first frame, and memory 8 s later: five fresh processes.
    let (mut firsts, mut rss) = (Vec::new(), Vec::new());
    for _ in 0..5 {
        let t = Tui::start(&bin, &data, &config)?;
        if let Some(at) = t.wait(WAIT, home) {
            firsts.push(at - t.started);
        }
        std::thread::sleep(RSS_AT.saturating_sub(t.started.elapsed()));
        rss.extend(t.rss_mb());
        t.quit();
    }
    report(
        "exec → first frame with kanban + Today",
        &firsts,
        5,
        "≤ 100 ms median",
    );
    let rss_one = median_f(&rss);
    let rss_target = if xl { 250.0 } else { 100.0 };
    println!(
        "{:<44} {:>9.0} MB  (median of {}, target ≤ {rss_target} MB)",
        "resident memory 8 s after start",
        rss_one,
        rss.len()
    );

    // The writing and browsing figures on a copy, in one process.
    let copy = scratch.path().join(format!("{size}-copy.redb"));
    std::fs::copy(&data, &copy).context("copy the data set")?;
    let mut t = Tui::start(&bin, &copy, &config)?;
    if t.wait(WAIT, home).is_some() {
        t.settle(Duration::from_millis(300), WAIT);
        if std::env::var_os("ROLO_BENCH_DUMP").is_some() {
            println!("{}", t.contents());
        }
        moves(&mut t)?;
        page_down(&mut t)?;
        tickets(&mut t)?;
    } else {
        println!("no home screen in {WAIT:?}; screen:\n{}", t.contents());
    }
    t.quit();
    // ctrl-k as soon as the first frame is up, in a fresh process: the index may
    // still be loading then.
    let mut t = Tui::start(&bin, &data, &config)?;
    if t.wait(WAIT, home).is_some() {
        jump(&mut t, xl)?;
    }
    t.quit();

    ten_at_once(&bin, &data, &config, rss_one)?;
    Ok(())
}

/// The home screen is drawn: the kanban's stage headers and the Today pane.
fn home(screen: &str) -> bool {
    screen.contains("Qualified (") && screen.contains("Today · ")
}

/// `L` and `H` alternately on the selected card (Lead In ↔ Qualified, where no default
/// rule fires): the time until the stage headers' counts change.
fn moves(t: &mut Tui) -> anyhow::Result<()> {
    let mut took = Vec::new();
    for i in 0..10 {
        let before = line_with(&t.contents(), "Qualified (").map(str::to_string);
        let sent = t.send(if i % 2 == 0 { b"L" } else { b"H" })?;
        let shown = t.wait(WAIT, |s| line_with(s, "Qualified (") != before.as_deref());
        took.extend(shown.map(|at| at.saturating_duration_since(sent)));
        t.settle(Duration::from_millis(100), WAIT);
    }
    report(
        "`L`/`H` → frame with the stage counts moved",
        &took,
        10,
        "≤ 20 ms median",
    );
    Ok(())
}

/// The Tickets screen (`9`) from Contacts: the time until its queue is drawn, five
/// times (back to Contacts in between).
fn tickets(t: &mut Tui) -> anyhow::Result<()> {
    let mut took = Vec::new();
    for _ in 0..5 {
        t.send(b"2")?;
        if t.wait(WAIT, |s| s.contains("Contacts (")).is_none() {
            break;
        }
        t.settle(Duration::from_millis(200), WAIT);
        let sent = t.send(b"9")?;
        match t.wait(WAIT, |s| {
            s.contains("Tickets · ") && s.contains(" unsolved")
        }) {
            Some(at) => took.push(at - sent),
            None => {
                println!("no Tickets screen in {WAIT:?}; screen:\n{}", t.contents());
                break;
            }
        }
    }
    report("Tickets (9): keystroke → queue drawn", &took, 5, "≤ 100 ms");
    Ok(())
}

/// Contacts (`2`), then PgDn: the time until the first row of the table changes.
fn page_down(t: &mut Tui) -> anyhow::Result<()> {
    t.send(b"2")?;
    if t.wait(WAIT, |s| s.contains("Contacts (")).is_none() {
        println!("Contacts did not show in {WAIT:?}");
        return Ok(());
    }
    t.settle(Duration::from_millis(300), WAIT);
    if std::env::var_os("ROLO_BENCH_DUMP").is_some() {
        println!("{}", t.contents());
    }
    // The first row is the line below the column headers, two below the pane's title;
    // only the Contacts pane's cell counts (the panes beside it change on their own).
    let screen = t.contents();
    let Some(title) = screen.lines().position(|l| l.contains("Contacts (")) else {
        return Ok(());
    };
    let row = |s: &str| {
        s.lines()
            .nth(title + 2)
            .and_then(|l| l.split('│').nth(1))
            .map(str::to_string)
    };
    let mut took = Vec::new();
    for _ in 0..20 {
        let before = row(&t.contents());
        let sent = t.send(b"\x1b[6~")?;
        let shown = t.wait(WAIT, |s| row(s) != before);
        took.extend(shown.map(|at| at.saturating_duration_since(sent)));
        t.settle(Duration::from_millis(50), WAIT);
    }
    report("Contacts: PgDn → next page drawn", &took, 20, "≤ 16 ms");
    Ok(())
}

/// ctrl-k, then queries typed a key at a time. A keystroke's results are complete when
/// the query line shows it, no "indexing" note is left, and the screen then stays
/// unchanged for 50 ms (nothing on screen tells a finished match from a running one):
/// the figure is the time to the last change.
fn jump(t: &mut Tui, xl: bool) -> anyhow::Result<()> {
    let queries = ["schmidt", "nordwind", "maria k"];
    let keys: usize = queries.iter().map(|q| q.chars().count()).sum();
    let (mut ready, mut took) = (Vec::new(), Vec::new());
    // A keystroke that never completes ends the typing: one wait of WAIT, not one each.
    'typing: for query in queries {
        let sent = t.send(b"\x0b")?;
        let Some(shown) = t.wait(WAIT, |s| shown_count(s) > 0 && !s.contains("indexing")) else {
            break;
        };
        if ready.is_empty() {
            ready.push(shown.saturating_duration_since(sent));
        }
        t.settle(Duration::from_millis(100), WAIT);
        let mut typed = String::new();
        for c in query.chars() {
            typed.push(c);
            let sent = t.send(c.to_string().as_bytes())?;
            let done = |s: &str| query_line(s) == Some(typed.trim_end()) && !s.contains("indexing");
            if t.wait(WAIT, done).is_none() {
                break 'typing;
            }
            took.extend(
                t.settle(Duration::from_millis(50), WAIT)
                    .map(|at| at.saturating_duration_since(sent)),
            );
        }
        t.send(b"\x1b")?;
        t.settle(Duration::from_millis(200), WAIT);
    }
    report("ctrl-k at first frame → index complete", &ready, 1, "");
    let target = if xl { "≤ 50 ms p95" } else { "≤ 16 ms p95" };
    report(
        "ctrl-k: keystroke → results settled (50 ms)",
        &took,
        keys,
        target,
    );
    Ok(())
}

/// Ten TUIs started together: the slowest first frame and their memory 8 s later.
fn ten_at_once(bin: &Path, data: &Path, config: &Path, rss_one: f64) -> anyhow::Result<()> {
    let available = available_mb();
    if rss_one * 10.0 * 1.2 > available {
        println!(
            "ten TUIs at once: skipped, they would need about {:.0} MB and {available:.0} MB is available",
            rss_one * 10.0
        );
        return Ok(());
    }
    let tuis = (0..10)
        .map(|_| Tui::start(bin, data, config))
        .collect::<anyhow::Result<Vec<_>>>()?;
    let waited: Vec<(Tui, Option<Duration>)> = std::thread::scope(|s| {
        let handles: Vec<_> = tuis
            .into_iter()
            .map(|t| {
                s.spawn(move || {
                    let first = t.wait(WAIT, home).map(|at| at - t.started);
                    (t, first)
                })
            })
            .collect();
        handles.into_iter().filter_map(|h| h.join().ok()).collect()
    });
    let shown = waited.iter().filter(|w| w.1.is_some()).count();
    let slowest = waited.iter().filter_map(|w| w.1).max().unwrap_or(WAIT);
    let last_start = waited.iter().map(|w| w.0.started).max();
    if let Some(at) = last_start {
        std::thread::sleep(RSS_AT.saturating_sub(at.elapsed()));
    }
    let total: f64 = waited.iter().filter_map(|w| w.0.rss_mb()).sum();
    for (t, _) in waited {
        t.quit();
    }
    println!(
        "{:<44} {:>9}  ({shown} of 10 drawn, target ≤ 1 s)",
        "ten TUIs at once: slowest first frame",
        fmt(slowest)
    );
    println!(
        "{:<44} {:>9.0} MB  (target ≤ 1 GB)",
        "ten TUIs at once: RSS summed 8 s after start", total
    );
    Ok(())
}

/// Makes the data set with `rolo demo` (seed 1, the store bench's clock), through a
/// temporary name so an interrupted run leaves nothing half-made.
fn generate(bin: &Path, dir: &Path, data: &Path, size: rolo::demo::Size) -> anyhow::Result<()> {
    std::fs::create_dir_all(dir)?;
    let partial = dir.join(format!("{size}-partial.redb"));
    let _ = std::fs::remove_file(&partial);
    println!(
        "generating {} with `rolo demo --size {size}`…",
        data.display()
    );
    let started = Instant::now();
    let out = Command::new(bin)
        .arg("--db")
        .arg(&partial)
        .args(["demo", "--size", &size.to_string(), "--seed", "1"])
        .env("ROLO_NOW", "2026-11-25T12:00:00Z")
        .env("ROLO_USER", "sam")
        .env_remove("ROLO_DB")
        .output()
        .with_context(|| format!("run {}", bin.display()))?;
    anyhow::ensure!(
        out.status.success(),
        "rolo demo --size {size}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    std::fs::rename(&partial, data)?;
    println!("  done in {:.0} s", started.elapsed().as_secs_f64());
    Ok(())
}
