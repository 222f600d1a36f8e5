//! The `rolo` binary: parses the command line, opens the database and runs a command,
//! or the TUI when no command is given. Exit codes: 0 success, 1 a user error (one line
//! on stderr), 2 bad usage (clap).

use std::io::Write;
use std::process::ExitCode;
use std::sync::Arc;

use clap::Parser;
use rolo::cli::output::Format;
use rolo::cli::stdout::Stdout;
use rolo::cli::{Cli, Command, Ctx, failure, init, privacy, shell};
use rolo::config;
use rolo::store::{OpenOptions, Store};

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        None | Some(Command::Mcp(_)) => malloc_setting("MALLOC_ARENA_MAX", "2"),
        Some(Command::Import(_)) => malloc_setting("GLIBC_TUNABLES", BULK_MALLOC),
        _ => {}
    }
    match run(cli) {
        Ok(()) => ExitCode::SUCCESS,
        // A reader that stopped early (`rolo contact list | head`) is not an error: exit
        // 0 quietly, as `rolo search` always has, so `set -o pipefail` scripts go on.
        Err(e) if failure::is_closed_pipe(&e) => ExitCode::SUCCESS,
        Err(e) => {
            let msg = failure::one_line(&e);
            eprintln!("rolo: {}", rolo::model::text::sanitize(&msg));
            ExitCode::from(1)
        }
    }
}

fn run(cli: Cli) -> anyhow::Result<()> {
    // Generated from the command definitions: no settings, no database.
    match &cli.command {
        Some(Command::Completions(a)) => return shell::completions(a, &mut Stdout::new()),
        Some(Command::Man(a)) => return shell::man(a, &mut Stdout::new()),
        _ => {}
    }
    let config_dir = config::config_dir();
    let settings = config::load_settings(config_dir.as_deref())?;
    let path = config::database_path(cli.db.clone(), &settings)?;
    if matches!(cli.command, Some(Command::CheckConfig)) {
        return check_config(&settings, &cli);
    }
    let mut opts = OpenOptions::new(&path);
    opts.user = std::env::var("ROLO_USER")
        .ok()
        .or_else(|| settings.user.clone());
    if let Some(now) = fixed_clock()? {
        opts.now = Some(now);
    }
    if let Some(ms) = std::env::var("ROLO_BUSY_TIMEOUT_MS")
        .ok()
        .and_then(|v| v.parse().ok())
    {
        opts.busy_timeout = std::time::Duration::from_millis(ms);
    }
    if matches!(cli.command, Some(Command::Demo(_) | Command::Import(_))) {
        // Bulk writes touch many pages before they commit: a larger cache pays off
        // there. `doctor` reads each page once or twice, which the operating system's
        // cache serves as well; it asks for the large cache only to rebuild.
        opts.cache_bytes = rolo::store::BULK_CACHE;
    }
    let reopen = opts.clone();
    if let Some(Command::Init(a)) = &cli.command {
        return init::run(a, opts, &mut Stdout::new());
    }
    let scrub = cli.command.as_ref().and_then(privacy::scrub_request);
    if let (Some(wait), Some(Command::Privacy(privacy::PrivacyCmd::Scrub(_)))) =
        (scrub, &cli.command)
    {
        // The scrub needs the file to itself: this process must not hold it either.
        if !path.exists() {
            anyhow::bail!("{}: no database to scrub", path.display());
        }
        return privacy::scrub(&path, wait, &mut Stdout::new());
    }
    let store = Store::open(opts)?;
    store.set_allow_erased(cli.allow_erased);
    for w in store.warnings() {
        eprintln!("rolo: warning: {w}");
    }
    if let Some(Command::Doctor(args)) = &cli.command {
        return doctor(store, reopen, &path, args.repair);
    }
    if let Some(Command::Mcp(args)) = &cli.command {
        return rolo::mcp::serve(store, settings, args.options());
    }
    let format = if cli.json {
        Format::Json
    } else if cli.csv {
        Format::Csv
    } else {
        Format::Table
    };
    match cli.command {
        Some(command) => {
            let result = rolo::cli::run(&Ctx::terminal(&store, &settings, format), command);
            for w in store.take_warnings() {
                eprintln!("rolo: warning: {}", rolo::model::text::sanitize(&w));
            }
            result?;
            if let Some(wait) = scrub {
                // `erase --scrub`: the erase is committed; scrub once this process has
                // let go of the file.
                drop(store);
                return privacy::scrub(&path, wait, &mut Stdout::new());
            }
            Ok(())
        }
        None => run_tui(store, &settings, cli.theme),
    }
}

/// glibc's malloc for an import: allocations of any size are served from the heap and
/// reused. By default glibc hands large ones (from 128 KiB, a threshold that slides up
/// to 32 MiB) straight to and from the kernel, so the buffers an import grows and drops
/// (row batches, index groups, pages of the database file) are faulted in and zeroed
/// page by page each time. Measured on 100,000 contacts: about 10 % less time, the
/// same peak memory.
///
/// Two more settings for the millions of small strings an import makes and frees:
/// no fast bins (`mxfast=0`; with them, every free of a large buffer first tidies all
/// small free chunks, which took up to 0.18 s at a time), and a per-thread cache of up
/// to 1,000 free chunks of each small size (`tcache_count`, 7 by default), so freed
/// strings are reused without taking the arena's lock. Measured on 100,000 contacts:
/// about 0.15 s less (1.90 s against 2.08 s, median of ten in turn), peak memory
/// 640 MB instead of 575 MB.
const BULK_MALLOC: &str = "glibc.malloc.mmap_threshold=4294967295:glibc.malloc.mxfast=0:\
                           glibc.malloc.tcache_count=1000";

/// Sets glibc's malloc up for the command, through the environment it reads only at
/// process start: the process re-executes itself once with `var` set to `value`, unless
/// the person set `var` already; if that fails it simply goes on.
///
/// The TUI and the MCP server get two malloc arenas. They run a search worker, a sweep
/// and short-lived matching threads (the MCP server, its stdin reader and tool-call
/// threads); glibc gives each its own arena, and memory freed in an arena stays with
/// the process. Two arenas keep a long-running TUI at its working size (measured: about
/// 25 MB less on the L data set). An import gets [`BULK_MALLOC`].
fn malloc_setting(var: &str, value: &str) {
    use std::os::unix::process::CommandExt;
    if std::env::var_os(var).is_some() {
        return;
    }
    let Ok(exe) = std::env::current_exe() else {
        return;
    };
    // `exec` returns only when it failed.
    let _ = std::process::Command::new(exe)
        .args(std::env::args_os().skip(1))
        .env(var, value)
        .exec();
}

/// `ROLO_NOW=2026-11-25T12:00:00Z` pins the clock (for tests and reproducible demos).
fn fixed_clock() -> anyhow::Result<Option<rolo::store::Now>> {
    let Ok(text) = std::env::var("ROLO_NOW") else {
        return Ok(None);
    };
    let at = chrono::DateTime::parse_from_rfc3339(text.trim())
        .map_err(|e| {
            anyhow::anyhow!("ROLO_NOW='{text}': {e}; use RFC 3339, e.g. 2026-11-25T12:00:00Z")
        })?
        .with_timezone(&chrono::Utc);
    Ok(Some(Arc::new(move || at)))
}

fn run_tui(store: Store, settings: &config::Settings, theme: Option<String>) -> anyhow::Result<()> {
    rolo::tui::run(
        store,
        settings,
        rolo::tui::TuiOptions {
            theme,
            keymap: settings.keymap.clone(),
        },
    )
}

/// `rolo doctor`: redb's integrity check, then a recount of every derived index and
/// total against the records; `--repair` rebuilds them when they disagree.
fn doctor(
    mut store: Store,
    opts: rolo::store::OpenOptions,
    path: &std::path::Path,
    repair: bool,
) -> anyhow::Result<()> {
    let mut out = Stdout::new();
    let ok = store.check_integrity()?;
    let rev = store.revision()?;
    writeln!(
        out,
        "{}: integrity {} at revision {rev}",
        path.display(),
        if ok { "ok" } else { "repaired" }
    )?;
    let problems = store.verify_derived()?;
    if problems.is_empty() {
        writeln!(out, "indexes and totals: ok (recounted from the records)")?;
        return Ok(());
    }
    for p in &problems {
        writeln!(out, "mismatch: {p}")?;
    }
    if !repair {
        anyhow::bail!(
            "{} index or total mismatch(es); run `rolo doctor --repair` to rebuild them from the records",
            problems.len()
        );
    }
    // The rebuild writes every derived table in one transaction: reopen with the cache
    // of a bulk load.
    drop(store);
    let store = Store::open(rolo::store::OpenOptions {
        cache_bytes: rolo::store::BULK_CACHE,
        ..opts
    })?;
    store.rebuild_derived()?;
    let left = store.verify_derived()?;
    if !left.is_empty() {
        anyhow::bail!(
            "the rebuild left {} mismatch(es): {}",
            left.len(),
            left.join("; ")
        );
    }
    writeln!(
        out,
        "repaired: the kanban, sort and total indexes were rebuilt from the records"
    )?;
    Ok(())
}

fn check_config(settings: &config::Settings, cli: &Cli) -> anyhow::Result<()> {
    let report = rolo::tui::check_config(
        settings,
        &rolo::tui::TuiOptions {
            theme: cli.theme.clone(),
            keymap: settings.keymap.clone(),
        },
    )?;
    writeln!(Stdout::new(), "{report}\n{}", settings.desk_report())?;
    Ok(())
}
