//! TUI benchmarks on the L data set, driven headless on ratatui's TestBackend: process
//! start to the first complete frame, a kanban frame, `L` (move a deal) to the frame
//! that shows it, and resident memory.
//!
//! `cargo bench --bench tui` (run `--bench store` first: it generates
//! target/bench-data/L.redb).

use std::path::PathBuf;
use std::time::{Duration, Instant};

use ratatui::Terminal;
use ratatui::backend::TestBackend;
use rolo::store::{OpenOptions, Store};
use rolo::tui::app::App;
use rolo::tui::keymap::Keymap;
use rolo::tui::theme::{ColorSupport, Theme};

fn rss_mb() -> f64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmRSS"))
                .and_then(|l| l.split_whitespace().nth(1))
                .and_then(|v| v.parse::<f64>().ok())
        })
        .unwrap_or(0.0)
        / 1024.0
}

fn ms(d: Duration) -> String {
    format!("{:.2} ms", d.as_secs_f64() * 1000.0)
}

fn main() -> anyhow::Result<()> {
    let size = std::env::var("ROLO_BENCH_SIZE").unwrap_or_else(|_| "L".into());
    let path =
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join(format!("target/bench-data/{size}.redb"));
    if !path.exists() {
        anyhow::bail!(
            "{} is missing: run `cargo bench --bench store` first",
            path.display()
        );
    }
    println!("rolo TUI benchmarks, data set {size}");
    let theme = Theme::load(
        None,
        None,
        ColorSupport {
            no_color: false,
            truecolor: false,
        },
    )?;
    let started = Instant::now();
    let store = Store::open(OpenOptions::new(&path))?;
    let mut app = App::new(
        store,
        Keymap::load(None, None)?,
        rolo::config::Settings::default(),
    )?;
    app.resize(160, 48);
    let mut term = Terminal::new(TestBackend::new(160, 48))?;
    term.draw(|f| rolo::tui::view::render(&app.model, &theme, &app.keymap, f))?;
    println!(
        "{:<44} {:>10}  (target ≤ 300 ms)",
        "start to first complete frame",
        ms(started.elapsed())
    );
    println!(
        "{:<44} {:>7.0} MB  (target ≤ 300 MB)",
        "resident memory after the first frame",
        rss_mb()
    );

    let frames = 50;
    let t = Instant::now();
    for _ in 0..frames {
        term.draw(|f| rolo::tui::view::render(&app.model, &theme, &app.keymap, f))?;
    }
    println!(
        "{:<44} {:>10}",
        "home frame (kanban + three panes)",
        ms(t.elapsed() / frames)
    );
    app.press("z");
    let t = Instant::now();
    for _ in 0..frames {
        term.draw(|f| rolo::tui::view::render(&app.model, &theme, &app.keymap, f))?;
    }
    println!(
        "{:<44} {:>10}  (target ≤ 5 ms)",
        "one kanban frame (zoomed)",
        ms(t.elapsed() / frames)
    );
    app.press("z");

    let mut moves = Vec::new();
    for i in 0..20 {
        let t = Instant::now();
        app.press(if i % 2 == 0 { "L" } else { "H" });
        term.draw(|f| rolo::tui::view::render(&app.model, &theme, &app.keymap, f))?;
        moves.push(t.elapsed());
    }
    moves.sort();
    println!(
        "{:<44} {:>10}  (target ≤ 20 ms; median of 20)",
        "L / H to the frame that shows it",
        ms(moves[moves.len() / 2])
    );
    // Reports: the first computation, then frames of each report (drawn from the
    // computed figures only).
    for (i, name) in [
        "pipeline",
        "forecast",
        "win rate",
        "cycle length",
        "activity",
    ]
    .iter()
    .enumerate()
    {
        let t = Instant::now();
        app.press(if i == 0 { "6" } else { "r" });
        let computed = t.elapsed();
        let t = Instant::now();
        for _ in 0..frames {
            term.draw(|f| rolo::tui::view::render(&app.model, &theme, &app.keymap, f))?;
        }
        println!(
            "{:<44} {:>10}  (target ≤ 16 ms; computed in {})",
            format!("Reports frame: {name}"),
            ms(t.elapsed() / frames),
            ms(computed)
        );
    }
    println!("{:<44} {:>7.0} MB", "resident memory at the end", rss_mb());
    Ok(())
}
