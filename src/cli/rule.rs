//! `rolo rule add|list|show|enable|disable|rm|test|import|export` and `rolo sweep`.

use crate::model::words::plural;
use std::io::Write;

use clap::{Args, Subcommand};

use super::output::{Format, Listing, write_fields};
use super::{Ctx, resolve};
use crate::automation::describe::{condition_text, then_text, when_text};
use crate::automation::{dsl, file, sweep_with, test_rule};
use crate::error::Error;
use crate::model::text::sanitize;
use crate::model::*;
use crate::ops;
use crate::store::Queries;

/// Rule subcommands.
#[derive(Debug, Subcommand)]
pub enum RuleCmd {
    /// Add a rule: `rolo rule add "Chase big deals" --when idle:5 --if value>=50k --task "Call about {title}"`.
    Add(AddArgs),
    /// List rules.
    #[command(visible_alias = "ls")]
    List,
    /// Show a rule and its recent firings.
    Show {
        /// The rule (R-n).
        id: String,
    },
    /// Turn a rule on.
    Enable {
        /// The rule (R-n).
        id: String,
    },
    /// Turn a rule off.
    Disable {
        /// The rule (R-n).
        id: String,
    },
    /// Delete a rule.
    Rm {
        /// The rule (R-n).
        id: String,
    },
    /// Would a rule fire for a record now, and what would it do? Changes nothing.
    Test {
        /// The rule (R-n).
        rule: String,
        /// The record (C-n, O-n, D-n, T-n).
        record: String,
    },
    /// Add the rules of a TOML file (`[[rule]]` tables, as `rule export` writes them).
    Import {
        /// The file.
        file: std::path::PathBuf,
    },
    /// Print every rule as TOML.
    Export,
}

/// `rolo rule add`.
#[derive(Debug, Args)]
pub struct AddArgs {
    /// What the rule is for.
    name: String,
    /// Trigger: deal-created, stage:NAME, idle[:DAYS], won, lost, contact-created,
    /// quiet:DAYS, task-done, activity[:KIND], close-in:DAYS, renewal-in:DAYS.
    #[arg(long)]
    when: String,
    /// Condition (repeat): pipeline=, stage=, owner=, tag=, lifecycle=, source= (`*`: any),
    /// value>=N, value<N.
    #[arg(long = "if")]
    conditions: Vec<String>,
    /// Action: create a task with this title ({title}, {name}, {stage}, {owner}, {company}, {days}).
    #[arg(long)]
    task: Option<String>,
    /// With --task: due this many days after firing.
    #[arg(long, default_value_t = 0, requires = "task")]
    due: u32,
    /// With --task: who does it: owner, a user, rr (everyone in turn) or rr:a,b.
    #[arg(long, default_value = "owner", requires = "task")]
    assignee: String,
    /// With --task: close it by itself when the customer replies (inbound email or call).
    #[arg(long, requires = "task")]
    close_on_reply: bool,
    /// Action: add this tag.
    #[arg(long)]
    tag: Option<String>,
    /// Action: set the contact's lifecycle.
    #[arg(long)]
    lifecycle: Option<String>,
    /// Action: give the record to: a user, rr (everyone in turn) or rr:a,b.
    #[arg(long)]
    assign: Option<String>,
    /// Action: add a note to the record's timeline.
    #[arg(long)]
    note: Option<String>,
    /// Add it disabled.
    #[arg(long)]
    disabled: bool,
}

/// Runs a rule subcommand.
pub fn run(ctx: &Ctx, cmd: RuleCmd) -> anyhow::Result<()> {
    match cmd {
        RuleCmd::Add(a) => add(ctx, a),
        RuleCmd::List => {
            let r = ctx.store.read()?;
            let mut l = Listing::new(vec!["ID", "ON", "NAME", "WHEN", "THEN"]);
            for rule in r.all::<Rule>()? {
                l.push(
                    vec![
                        format!("R-{}", rule.id),
                        if rule.enabled {
                            "on".into()
                        } else {
                            "off".into()
                        },
                        rule.name.clone(),
                        when_text(&rule.when),
                        then_text(&rule.actions),
                    ],
                    rule_json(&rule),
                );
            }
            l.print(ctx, "no rules; add one with `rolo rule add`")
        }
        RuleCmd::Show { id } => show(ctx, &id),
        RuleCmd::Enable { id } => toggle(ctx, &id, true),
        RuleCmd::Disable { id } => toggle(ctx, &id, false),
        RuleCmd::Rm { id } => {
            let id = resolve::id(&id, Kind::Rule)?;
            ops::delete(ctx.store, RecordId::new(Kind::Rule, id), false)?;
            ctx.report(
                format!("deleted R-{id}"),
                || serde_json::json!({"deleted": format!("R-{id}")}),
            )
        }
        RuleCmd::Test { rule, record } => {
            let rule = resolve::id(&rule, Kind::Rule)?;
            let record = resolve::any_id(&record)?;
            let v = test_rule(ctx.store, rule, record)?;
            let msg = if v.fires {
                format!(
                    "R-{rule} would fire for {record}: {}\nit would: {}",
                    v.reason,
                    if v.would.is_empty() {
                        "nothing (already done)".into()
                    } else {
                        v.would.join("; ")
                    }
                )
            } else {
                format!("R-{rule} would not fire for {record}: {}", v.reason)
            };
            ctx.report(
                msg,
                || serde_json::json!({"fires": v.fires, "reason": v.reason, "would": v.would}),
            )
        }
        RuleCmd::Import { file: path } => {
            let text = std::fs::read_to_string(&path)
                .map_err(|e| anyhow::anyhow!("{}: {e}", path.display()))?;
            let specs =
                file::from_toml(&text).map_err(|e| anyhow::anyhow!("{}: {e}", path.display()))?;
            let n = specs.len();
            let added = ctx.store.write("rule.import", |tx| {
                let mut ids = Vec::new();
                for spec in specs {
                    let name = spec.name.clone();
                    let r = ops::add_in(tx, Rule::from(spec))
                        .map_err(|e| Error::invalid("rule", format!("{name}: {e}")))?;
                    ids.push(format!("R-{}", r.id));
                }
                tx.describe(format!(
                    "imported {}: {}",
                    plural(n, "rule"),
                    ids.join(", ")
                ));
                Ok(ids)
            })?;
            ctx.report(
                format!("imported {}: {}", plural(n, "rule"), added.value.join(", ")),
                || serde_json::json!({"imported": added.value}),
            )
        }
        RuleCmd::Export => {
            let rules = ctx.store.read()?.all::<Rule>()?;
            write!(ctx.out(), "{}", file::to_toml(&rules)?)?;
            Ok(())
        }
    }
}

fn add(ctx: &Ctx, a: AddArgs) -> anyhow::Result<()> {
    let currency = ctx.settings.currency();
    let mut actions = Vec::new();
    if let Some(title) = a.task {
        actions.push(Action::CreateTask {
            title,
            due_in_days: a.due,
            assignee: dsl::assignee(&a.assignee),
            close_on_reply: a.close_on_reply,
        });
    }
    if let Some(tag) = a.tag {
        actions.push(Action::AddTag { tag });
    }
    if let Some(l) = a.lifecycle {
        let to = Lifecycle::parse(&l).ok_or_else(|| {
            Error::invalid(
                "lifecycle",
                format!("'{l}' is not lead, prospect, customer or former"),
            )
        })?;
        actions.push(Action::SetLifecycle { to });
    }
    if let Some(to) = a.assign {
        actions.push(Action::AssignOwner {
            to: dsl::assignee(&to),
        });
    }
    if let Some(text) = a.note {
        actions.push(Action::AddNote { text });
    }
    let rule = Rule {
        name: a.name,
        enabled: !a.disabled,
        when: dsl::trigger(&a.when)?,
        conditions: a
            .conditions
            .iter()
            .map(|c| dsl::condition(c, currency))
            .collect::<crate::Result<_>>()?,
        actions,
        ..Rule::default()
    };
    let r = ops::add(ctx.store, rule)?.value;
    ctx.report(
        format!(
            "added rule R-{} {}: when {}{} then {}",
            r.id,
            r.name,
            when_text(&r.when),
            r.conditions
                .iter()
                .map(|c| format!(", if {}", condition_text(c)))
                .collect::<String>(),
            then_text(&r.actions)
        ),
        || rule_json(&r),
    )
}

fn toggle(ctx: &Ctx, id: &str, on: bool) -> anyhow::Result<()> {
    let id = resolve::id(id, Kind::Rule)?;
    let r = ops::update(ctx.store, id, |r: &mut Rule| {
        r.enabled = on;
        Ok(())
    })?
    .value;
    ctx.report(
        format!("R-{} {} is {}", r.id, r.name, if on { "on" } else { "off" }),
        || rule_json(&r),
    )
}

fn show(ctx: &Ctx, id: &str) -> anyhow::Result<()> {
    let id = resolve::id(id, Kind::Rule)?;
    let r = ctx.store.read()?;
    let rule: Rule = r.require(id)?;
    let tag = format!("R-{id} ");
    let firings = r.entries_back(10, |e| {
        e.changes
            .iter()
            .any(|c| c.cause.as_deref().is_some_and(|x| x.starts_with(&tag)))
    })?;
    if ctx.format != super::output::Format::Table {
        let mut j = rule_json(&rule);
        j["recent_firings"] = firings.iter().map(super::views::entry_json).collect();
        writeln!(ctx.out(), "{}", serde_json::to_string_pretty(&j)?)?;
        return Ok(());
    }
    write_fields(
        &mut *ctx.out(),
        &[
            ("rule", format!("R-{} {}", rule.id, rule.name)),
            (
                "state",
                if rule.enabled {
                    "on".into()
                } else {
                    "off".into()
                },
            ),
            ("when", when_text(&rule.when)),
            (
                "if",
                rule.conditions
                    .iter()
                    .map(condition_text)
                    .collect::<Vec<_>>()
                    .join(" and "),
            ),
            ("then", then_text(&rule.actions)),
        ],
    )?;
    if !firings.is_empty() {
        writeln!(ctx.out(), "\nRecent firings")?;
        for e in &firings {
            let made: Vec<String> = e
                .changes
                .iter()
                .filter(|c| c.cause.as_deref().is_some_and(|x| x.starts_with(&tag)))
                .map(|c| c.rid.to_string())
                .collect();
            writeln!(
                ctx.out(),
                "r{}  {}  {}  → {}",
                e.rev,
                super::views::day(e.at),
                crate::model::text::sanitize(&e.summary),
                made.join(" ")
            )?;
        }
    }
    Ok(())
}

/// `rolo sweep`.
#[derive(Debug, Args)]
pub struct SweepArgs {
    /// Print nothing unless it fails (for cron: errors still go to stderr, exit 1).
    #[arg(long, short)]
    quiet: bool,
}

/// Examples a sweep prints before "and N more".
const SWEEP_EXAMPLES: usize = 20;

/// Runs the time rules once. Prints the total, one line per rule that fired with its
/// count, then at most [`SWEEP_EXAMPLES`] firings; the rest are in `rolo history`.
pub fn run_sweep(ctx: &Ctx, a: SweepArgs) -> anyhow::Result<()> {
    let report = sweep_with(ctx.store, ctx.settings.ticket_close_days())?;
    if a.quiet {
        return Ok(());
    }
    let rules = || {
        report
            .rules
            .iter()
            .map(|t| serde_json::json!({"rule": t.rule, "name": t.name, "count": t.count}))
            .collect::<Vec<_>>()
    };
    if ctx.format == Format::Json {
        return ctx.report(
            "",
            || serde_json::json!({"fired": report.fired, "rules": rules(), "rev": report.rev}),
        );
    }
    let plural = |n: usize| if n == 1 { "" } else { "s" };
    let n = report.fired.len();
    let mut out = ctx.out();
    writeln!(out, "sweep: {n} firing{}", plural(n))?;
    for t in &report.rules {
        writeln!(
            out,
            "{} {}: {} firing{}",
            t.rule,
            sanitize(&t.name),
            t.count,
            plural(t.count)
        )?;
    }
    for f in report.fired.iter().take(SWEEP_EXAMPLES) {
        writeln!(out, "  {}", sanitize(f))?;
    }
    if n > SWEEP_EXAMPLES {
        writeln!(
            out,
            "  and {} more (see `rolo history`)",
            n - SWEEP_EXAMPLES
        )?;
    }
    Ok(())
}

fn rule_json(r: &Rule) -> serde_json::Value {
    serde_json::json!({
        "id": format!("R-{}", r.id),
        "name": r.name,
        "enabled": r.enabled,
        "when": r.when,
        "if": r.conditions,
        "then": r.actions,
    })
}
