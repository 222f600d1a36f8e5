//! `rolo deal add|edit|show|list|move|won|lost|rm`.

use crate::model::words::plural;
use std::io::Write;

use clap::{Args, Subcommand};

use super::contact::section;
use super::output::write_fields;
use super::views::{self, Names};
use super::{Ctx, resolve};
use crate::error::Error;
use crate::model::money::format_money;
use crate::model::*;
use crate::ops;
use crate::store::{Queries, Tx};

/// Deal subcommands.
#[derive(Debug, Subcommand)]
pub enum DealCmd {
    /// Add a deal: `rolo deal add "Acme — 50 seats" --value 12500 --company Acme`.
    Add {
        /// What is being sold.
        title: String,
        #[command(flatten)]
        fields: DealFields,
    },
    /// Change a deal's fields (use `deal move` for its stage).
    Edit {
        /// The deal (D-n).
        id: String,
        /// New title.
        #[arg(long)]
        title: Option<String>,
        #[command(flatten)]
        fields: DealFields,
    },
    /// Show a deal with its stage history, tasks and activity.
    Show {
        /// The deal (D-n).
        id: String,
    },
    /// List deals (open ones unless --status says otherwise).
    #[command(visible_alias = "ls")]
    List {
        /// Only this owner's (`me` for yours).
        #[arg(long)]
        owner: Option<String>,
        /// Only in this stage (name or prefix).
        #[arg(long)]
        stage: Option<String>,
        /// Only in this pipeline (P-n or name).
        #[arg(long)]
        pipeline: Option<String>,
        /// open, won, lost or all.
        #[arg(long, default_value = "open")]
        status: String,
        /// Only with this tag.
        #[arg(long)]
        tag: Option<String>,
        /// Only for this company (O-n or name).
        #[arg(long)]
        company: Option<String>,
        /// Only open deals past their stage's rotting threshold.
        #[arg(long)]
        rotting: bool,
        /// Only open deals with no open task linked (no next step).
        #[arg(long)]
        no_next_step: bool,
        /// Sort by stage (pipeline order, then largest value), value (largest first),
        /// close, created or title; ties go by id.
        #[arg(long, default_value = "stage")]
        sort: String,
        #[command(flatten)]
        page: super::page::PageArgs,
    },
    /// Move a deal to a stage: `rolo deal move D-17 negotiation` (name or prefix).
    Move {
        /// The deal (D-n).
        id: String,
        /// Stage name or prefix, case-insensitive.
        stage: String,
    },
    /// Mark a deal won.
    Won {
        /// The deal (D-n).
        id: String,
    },
    /// Mark a deal lost.
    Lost {
        /// The deal (D-n).
        id: String,
        /// Why it was lost.
        #[arg(long, short)]
        reason: Option<String>,
    },
    /// Delete a deal.
    Rm {
        /// The deal (D-n).
        id: String,
        /// Also remove it from the tasks and activities that name it.
        #[arg(long)]
        unlink: bool,
    },
}

/// Fields settable on add and edit.
#[derive(Debug, Args)]
pub struct DealFields {
    /// Value, e.g. 12500 or 12,500.50 or 12.5k.
    #[arg(long, short = 'v', allow_hyphen_values = true)]
    value: Option<String>,
    /// ISO 4217 currency (default from config, else EUR).
    #[arg(long)]
    currency: Option<String>,
    /// Pipeline (P-n or name; default: the first).
    #[arg(long)]
    pipeline: Option<String>,
    /// Starting stage (add only; default: the first).
    #[arg(long)]
    stage: Option<String>,
    /// Company: O-n or a name (created when new); "" to clear.
    #[arg(long, short = 'c')]
    company: Option<String>,
    /// Contact involved: C-n or a name (repeat; on edit, replaces all).
    #[arg(long = "contact")]
    contacts: Vec<String>,
    /// Expected close date (fri, +30d, 2026-12-01); "" to clear.
    #[arg(long)]
    close: Option<String>,
    /// Win probability override, 0-100.
    #[arg(long, allow_hyphen_values = true)]
    probability: Option<String>,
    /// Owner (default: you).
    #[arg(long)]
    owner: Option<String>,
    /// Lead source.
    #[arg(long)]
    source: Option<String>,
    /// When a won subscription renews (fri, +1y... a date); "" to clear.
    #[arg(long)]
    renewal: Option<String>,
    /// Recurring value, e.g. 500/month or 6000/year.
    #[arg(long)]
    recurring: Option<String>,
    /// Tag (repeat; on edit, adds).
    #[arg(long = "tag", short = 't')]
    tags: Vec<String>,
    /// Notes.
    #[arg(long)]
    notes: Option<String>,
}

/// Runs a deal subcommand.
pub fn run(ctx: &Ctx, cmd: DealCmd) -> anyhow::Result<()> {
    match cmd {
        DealCmd::Add { title, fields } => add(ctx, title, fields),
        DealCmd::Edit { id, title, fields } => edit(ctx, &id, title, fields),
        DealCmd::Show { id } => show(ctx, &id),
        DealCmd::List {
            owner,
            stage,
            pipeline,
            status,
            tag,
            company,
            rotting,
            no_next_step,
            sort,
            page,
        } => super::deal_list::list(
            ctx,
            super::deal_list::Filter {
                owner,
                stage,
                pipeline,
                status,
                tag,
                company,
                rotting,
                no_next_step,
                sort,
            },
            page,
        ),
        DealCmd::Move { id, stage } => {
            let id = resolve::id(&id, Kind::Deal)?;
            moved(ctx, ops::move_deal(ctx.store, id, &stage)?.value)
        }
        DealCmd::Won { id } => moved(
            ctx,
            ops::win_deal(ctx.store, resolve::id(&id, Kind::Deal)?)?.value,
        ),
        DealCmd::Lost { id, reason } => moved(
            ctx,
            ops::lose_deal(ctx.store, resolve::id(&id, Kind::Deal)?, reason)?.value,
        ),
        DealCmd::Rm { id, unlink } => {
            let id = resolve::id(&id, Kind::Deal)?;
            ops::delete(ctx.store, RecordId::new(Kind::Deal, id), unlink)?;
            ctx.report(
                format!("deleted D-{id}"),
                || serde_json::json!({"deleted": format!("D-{id}")}),
            )
        }
    }
}

fn moved(ctx: &Ctx, d: Deal) -> anyhow::Result<()> {
    let snapshot = ctx.store.read()?;
    let names = Names::load(&snapshot)?;
    let mut msg = format!("D-{} {} is now in {}", d.id, d.title, names.stage(&d));
    if let Some(r) = &d.lost_reason {
        msg.push_str(&format!(" ({r})"));
    }
    ctx.report(msg, || views::deal_json(&d, &names))
}

fn add(ctx: &Ctx, title: String, f: DealFields) -> anyhow::Result<()> {
    let today = ctx.today();
    let done = ctx.store.write("deal.add", |tx| {
        let pipeline = match &f.pipeline {
            Some(p) => tx.find_pipeline(p)?,
            None => tx.default_pipeline()?,
        };
        let stage = match &f.stage {
            Some(s) => {
                pipeline
                    .find_stage(s)
                    .map_err(|m| Error::invalid("stage", m))?
                    .id
            }
            None => pipeline.open_stages().next().map(|s| s.id).ok_or_else(|| {
                Error::Conflict(format!("pipeline {} has no open stage", pipeline.name))
            })?,
        };
        let mut d = Deal {
            title,
            pipeline: pipeline.id,
            stage,
            currency: ctx.settings.currency(),
            ..Deal::default()
        };
        let new_company = apply(ctx, tx, &mut d, &f, today, false)?;
        let d = ops::add_in(tx, d)?;
        Ok((d, new_company))
    })?;
    let (d, new_company) = done.value;
    let snapshot = ctx.store.read()?;
    let names = Names::load(&snapshot)?;
    let mut msg = format!("added deal D-{} {} in {}", d.id, d.title, names.stage(&d));
    if let Some(o) = new_company {
        msg.push_str(&format!(" (and company O-{o} {})", names.company(Some(o))));
    }
    ctx.report(msg, || views::deal_json(&d, &names))
}

fn edit(ctx: &Ctx, id: &str, title: Option<String>, f: DealFields) -> anyhow::Result<()> {
    let id = resolve::id(id, Kind::Deal)?;
    if f.stage.is_some() || f.pipeline.is_some() {
        return Err(Error::invalid(
            "stage",
            "use `rolo deal move D-n STAGE` to change a deal's stage",
        )
        .into());
    }
    let today = ctx.today();
    let (d, new_company) = ctx
        .store
        .write("deal.edit", |tx| {
            let mut d: Deal = tx.require(id)?;
            if let Some(t) = &title {
                d.title = t.clone();
            }
            let created = apply(ctx, tx, &mut d, &f, today, true)?;
            let d = ops::update_in(tx, id, |x: &mut Deal| {
                *x = d;
                Ok(())
            })?;
            Ok((d, created))
        })?
        .value;
    let snapshot = ctx.store.read()?;
    let names = Names::load(&snapshot)?;
    let mut msg = format!("edited deal D-{} {}", d.id, d.title);
    if let Some(o) = new_company {
        msg.push_str(&format!(" (and company O-{o} {})", names.company(Some(o))));
    }
    ctx.report(msg, || views::deal_json(&d, &names))
}

/// Applies the flags to a deal; returns the id of a company it had to create.
fn apply(
    ctx: &Ctx,
    tx: &mut Tx,
    d: &mut Deal,
    f: &DealFields,
    today: chrono::NaiveDate,
    editing: bool,
) -> crate::Result<Option<u64>> {
    if let Some(c) = &f.currency {
        d.currency = resolve::currency(c)?;
    }
    if let Some(v) = &f.value {
        d.value = resolve::amount("value", v, d.currency)?;
    }
    let mut created = None;
    if let Some(co) = &f.company {
        d.company = if co.trim().is_empty() {
            None
        } else {
            let (id, new) = ops::company_for(tx, co)?;
            created = new.then_some(id);
            Some(id)
        };
    }
    if !f.contacts.is_empty() {
        d.contacts = f
            .contacts
            .iter()
            .map(|c| resolve::contact(tx, c, "contact"))
            .collect::<crate::Result<_>>()?;
    }
    if let Some(c) = &f.close {
        d.close_date = if c.trim().is_empty() {
            None
        } else {
            Some(resolve::date(ctx, "close", c)?)
        };
    }
    if let Some(p) = &f.probability {
        let n: u8 = p
            .trim()
            .trim_end_matches('%')
            .parse()
            .ok()
            .filter(|n| *n <= 100)
            .ok_or_else(|| {
                Error::invalid(
                    "probability",
                    format!("'{p}' is not a percentage from 0 to 100"),
                )
            })?;
        d.probability = Some(n);
    }
    if let Some(o) = &f.owner {
        d.owner = ctx.user(o);
    }
    if let Some(s) = &f.source {
        d.source = Some(s.trim().to_string()).filter(|s| !s.is_empty());
    }
    if let Some(r) = &f.renewal {
        d.renewal_date = if r.trim().is_empty() {
            None
        } else {
            Some(resolve::date(ctx, "renewal", r)?)
        };
    }
    if let Some(r) = &f.recurring {
        d.recurring = parse_recurring(r, d.currency)?;
    }
    resolve::apply_tags(&mut d.tags, &f.tags, &[], editing);
    if let Some(n) = &f.notes {
        d.notes = n.clone();
    }
    let _ = today;
    Ok(created)
}

fn parse_recurring(input: &str, currency: Currency) -> crate::Result<Option<Recurring>> {
    if input.trim().is_empty() {
        return Ok(None);
    }
    let (amount, period) = input.split_once('/').unwrap_or((input, "month"));
    let period = match period.trim().to_lowercase().as_str() {
        "m" | "mo" | "month" | "monthly" => RecurringPeriod::Monthly,
        "y" | "yr" | "year" | "yearly" | "annual" => RecurringPeriod::Yearly,
        other => {
            return Err(Error::invalid(
                "recurring",
                format!("'{other}' is not a period: use 500/month or 6000/year"),
            ));
        }
    };
    Ok(Some(Recurring {
        amount: resolve::amount("recurring", amount, currency)?,
        period,
    }))
}

fn show(ctx: &Ctx, id: &str) -> anyhow::Result<()> {
    let id = resolve::id(id, Kind::Deal)?;
    let r = ctx.store.read()?;
    let d: Deal = r.require(id)?;
    let names = Names::load(&r)?;
    let me = RecordId::new(Kind::Deal, id);
    let tasks: Vec<Task> = r
        .linked(me, Kind::Task)?
        .into_iter()
        .filter_map(|t| r.get::<Task>(t).ok().flatten())
        .collect();
    let acts = r.activities(&r.timeline_ids(me, 10)?)?;
    let (tickets, tickets_json) =
        super::ticket_view::open_section(&r, RecordId::new(Kind::Deal, id), ctx.store.now())?;
    if ctx.format != super::output::Format::Table {
        let mut j = views::deal_json(&d, &names);
        j["tasks"] = tasks.iter().map(views::task_json).collect();
        j["recent_activities"] = acts.iter().map(views::activity_json).collect();
        j["open_tickets"] = tickets_json;
        writeln!(ctx.out(), "{}", serde_json::to_string_pretty(&j)?)?;
        return Ok(());
    }
    let history = d
        .history
        .iter()
        .map(|h| {
            let name = names
                .pipeline_of(&d)
                .and_then(|p| p.stage(h.stage))
                .map(|s| s.name.clone())
                .unwrap_or_default();
            format!("{} {name}", views::day(h.at))
        })
        .collect::<Vec<_>>()
        .join(" → ");
    let contacts = d
        .contacts
        .iter()
        .map(|c| {
            let name = r
                .get::<Contact>(*c)
                .ok()
                .flatten()
                .map(|c| c.name)
                .unwrap_or_default();
            format!("C-{c} {name}")
        })
        .collect::<Vec<_>>()
        .join(", ");
    write_fields(
        &mut *ctx.out(),
        &[
            ("deal", format!("D-{} {}", d.id, d.title)),
            ("pipeline", names.pipeline(d.pipeline)),
            (
                "stage",
                format!(
                    "{} ({}, {})",
                    names.stage(&d),
                    d.status.as_str(),
                    plural(d.days_in_stage(ctx.store.now()), "day")
                ),
            ),
            ("value", format_money(d.value, d.currency)),
            (
                "recurring",
                d.recurring
                    .map(|r| {
                        format!(
                            "{} / {}",
                            format_money(r.amount, d.currency),
                            if r.period == RecurringPeriod::Monthly {
                                "month"
                            } else {
                                "year"
                            }
                        )
                    })
                    .unwrap_or_default(),
            ),
            (
                "close",
                d.close_date.map(|x| x.to_string()).unwrap_or_default(),
            ),
            (
                "probability",
                d.probability.map(|p| format!("{p}%")).unwrap_or_default(),
            ),
            (
                "company",
                d.company
                    .map(|o| format!("O-{o} {}", names.company(Some(o))))
                    .unwrap_or_default(),
            ),
            ("contacts", contacts),
            ("owner", d.owner.clone()),
            ("source", d.source.clone().unwrap_or_default()),
            ("lost reason", d.lost_reason.clone().unwrap_or_default()),
            ("tags", d.tags.join(", ")),
            ("history", history),
            ("notes", d.notes.clone()),
        ],
    )?;
    section(
        ctx,
        "Tasks",
        views::TASK_HEADERS.to_vec(),
        tasks
            .iter()
            .map(|t| views::task_row(t, "", ctx.today()))
            .collect(),
    )?;
    section(
        ctx,
        "Open tickets",
        super::ticket_view::HEADERS.to_vec(),
        tickets,
    )?;
    section(
        ctx,
        "Recent activity",
        views::ACTIVITY_HEADERS.to_vec(),
        acts.iter().map(views::activity_row).collect(),
    )
}
