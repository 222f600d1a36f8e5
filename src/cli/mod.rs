//! The command line: clap definitions and the handlers that turn a parsed command into
//! ops calls and output. The TUI's `:` prompt parses the same definitions.

mod account;
mod calendar;
mod company;
mod consent;
mod contact;
mod context;
mod deal;
mod deal_list;
mod dupes;
pub mod failure;
mod history;
mod import_report;
pub mod init;
mod interchange;
mod line;
mod log;
mod mcp;
pub mod output;
mod page;
mod pipeline;
pub mod privacy;
mod progress;
mod report;
mod resolve;
mod rule;
mod search;
pub mod shell;
mod sla;
pub mod stdout;
mod task;
mod task_list;
mod ticket;
mod ticket_view;
mod views;

use std::path::PathBuf;

use clap::{Parser, Subcommand};

pub use context::Ctx;
pub use line::{Printed, complete, run_line, run_words};
pub use mcp::McpArgs;

/// rolo: a CRM that lives in the terminal. With no command, opens the TUI.
#[derive(Debug, Parser)]
#[command(name = "rolo", version, about, propagate_version = true)]
pub struct Cli {
    /// Database file (default: ROLO_DB, then `db` in config.toml, then the data directory).
    #[arg(long, global = true, value_name = "PATH")]
    pub db: Option<PathBuf>,
    /// Print JSON (stable field names, documented in the README).
    #[arg(long, global = true, conflicts_with = "csv")]
    pub json: bool,
    /// Print CSV with a header row.
    #[arg(long, global = true)]
    pub csv: bool,
    /// Theme for the TUI (dark, light, high-contrast, mono).
    #[arg(long, global = true, value_name = "NAME")]
    pub theme: Option<String>,
    /// Let a new contact, import or email bring back an address of a person erased
    /// before (they asked to be added again).
    #[arg(long, global = true)]
    pub allow_erased: bool,
    /// What to do; none opens the TUI.
    #[command(subcommand)]
    pub command: Option<Command>,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// People: add, edit, show, list, rm.
    #[command(subcommand, visible_alias = "contacts")]
    Contact(contact::ContactCmd),
    /// Companies (accounts): add, edit, show, list, rm.
    #[command(subcommand, visible_alias = "companies")]
    Company(company::CompanyCmd),
    /// Deals: add, edit, show, list, move, won, lost, rm.
    #[command(subcommand, visible_alias = "deals")]
    Deal(deal::DealCmd),
    /// Tasks: add, list, done, snooze, edit, show, reopen, rm.
    #[command(subcommand, visible_alias = "tasks")]
    Task(task::TaskCmd),
    /// Service tickets: add, list, show, reply, note, message, status, priority, assign,
    /// close, edit, rm.
    #[command(subcommand, visible_alias = "tickets")]
    Ticket(ticket::TicketCmd),
    /// SLA policies: add, list, show, edit, rm, recompute.
    #[command(subcommand)]
    Sla(sla::SlaCmd),
    /// Business-hours calendars for SLA targets: add, list, show, edit, rm.
    #[command(subcommand, visible_alias = "calendars")]
    Calendar(calendar::CalendarCmd),
    /// Log a call, email, meeting or note.
    Log(log::LogArgs),
    /// Activities: list, show, rm.
    #[command(subcommand, visible_alias = "activities")]
    Activity(log::ActivityCmd),
    /// Pipelines and their stages.
    #[command(subcommand, visible_alias = "pipelines")]
    Pipeline(pipeline::PipelineCmd),
    /// Automation rules: add, list, show, enable, disable, rm, test, import, export.
    #[command(subcommand, visible_alias = "rules")]
    Rule(rule::RuleCmd),
    /// Run the time rules (idle deals, quiet contacts, dates, cadences) once; safe from cron.
    Sweep(rule::SweepArgs),
    /// Find anything: ranked fuzzy matches with their ids.
    Search(search::SearchArgs),
    /// Revert your latest change.
    Undo,
    /// Reapply the change you undid last.
    Redo,
    /// Who changed what and when, for everything or one record.
    History(history::HistoryArgs),
    /// Reports: pipeline, forecast, win-rate, velocity, funnel, activity, revenue, sources, hygiene.
    Report(report::ReportArgs),
    /// Import contacts, companies, deals, activities or tasks (CSV, JSON backup, ...).
    #[command(subcommand)]
    Import(interchange::ImportCmd),
    /// Export records (CSV, JSON, ...).
    #[command(subcommand)]
    Export(interchange::ExportCmd),
    /// Make a consistent copy of the database while others keep writing.
    Backup(interchange::BackupArgs),
    /// Privacy: export or erase one person, scrub the file, list erasures.
    #[command(subcommand)]
    Privacy(privacy::PrivacyCmd),
    /// Log an email (a file, or stdin from a mail client) on its contacts, company and deal.
    LogEmail(interchange::LogEmailArgs),
    /// List likely duplicate contacts or companies, with a reason and a score.
    Dupes(dupes::DupesArgs),
    /// Merge the second contact (or company) into the first; undoable.
    Merge(dupes::MergeArgs),
    /// Fill the database with realistic demo data.
    Demo(DemoArgs),
    /// Check the database file's integrity (redb's check) and recount every index and total.
    Doctor(DoctorArgs),
    /// Validate config.toml, keymaps and themes without starting the TUI.
    CheckConfig,
    /// Create the database (for a team with --group: mode 0660, the group's file).
    Init(init::InitArgs),
    /// Print a shell completion script: bash, zsh, fish, elvish or powershell.
    Completions(shell::CompletionsArgs),
    /// Print the man page, or write one per command with --out DIR.
    Man(shell::ManArgs),
    /// Serve the CRM to AI agents over the Model Context Protocol (stdio).
    Mcp(mcp::McpArgs),
}

/// `rolo doctor`.
#[derive(Debug, clap::Args)]
pub struct DoctorArgs {
    /// Rebuild the kanban, sort and total indexes from the records when they disagree.
    #[arg(long)]
    pub repair: bool,
}

/// `rolo demo`.
#[derive(Debug, clap::Args)]
pub struct DemoArgs {
    /// S (about 200 contacts), M (10k), L (100k contacts, 1M activities) or XL (1M
    /// contacts, 3M activities).
    #[arg(long, short, default_value = "S")]
    pub size: String,
    /// Seed for the generator; the same seed gives the same data.
    #[arg(long, default_value_t = 1)]
    pub seed: u64,
}

/// Runs one command.
pub fn run(ctx: &Ctx, command: Command) -> anyhow::Result<()> {
    match command {
        Command::Contact(c) => contact::run(ctx, c),
        Command::Company(c) => company::run(ctx, c),
        Command::Deal(c) => deal::run(ctx, c),
        Command::Task(c) => task::run(ctx, c),
        Command::Ticket(c) => ticket::run(ctx, c),
        Command::Sla(c) => sla::run(ctx, c),
        Command::Calendar(c) => calendar::run(ctx, c),
        Command::Log(a) => log::run(ctx, a),
        Command::Activity(c) => log::run_activity(ctx, c),
        Command::Pipeline(c) => pipeline::run(ctx, c),
        Command::Search(a) => search::run(ctx, a),
        Command::Rule(c) => rule::run(ctx, c),
        Command::Sweep(a) => rule::run_sweep(ctx, a),
        Command::Undo => history::undo(ctx),
        Command::Redo => history::redo(ctx),
        Command::History(a) => history::run(ctx, a),
        Command::Demo(a) => demo(ctx, a),
        Command::Report(a) => report::run(ctx, a),
        Command::Import(c) => interchange::import(ctx, c),
        Command::Export(c) => interchange::export(ctx, c),
        Command::Backup(a) => interchange::backup(ctx, a),
        Command::Privacy(c) => privacy::run(ctx, c),
        Command::LogEmail(a) => interchange::log_email(ctx, a),
        Command::Dupes(a) => dupes::dupes(ctx, a),
        Command::Merge(a) => dupes::merge(ctx, a),
        Command::Doctor(_)
        | Command::CheckConfig
        | Command::Init(_)
        | Command::Completions(_)
        | Command::Man(_)
        | Command::Mcp(_) => {
            anyhow::bail!("internal: {command:?} is handled before the database opens")
        }
    }
}

fn demo(ctx: &Ctx, a: DemoArgs) -> anyhow::Result<()> {
    let size: crate::demo::Size = a.size.parse().map_err(|e| anyhow::anyhow!("{e}"))?;
    let started = std::time::Instant::now();
    let summary = crate::demo::generate(ctx.store, size, a.seed)?;
    ctx.note(format!(
        "{summary} in {:.1}s",
        started.elapsed().as_secs_f64()
    ));
    Ok(())
}
