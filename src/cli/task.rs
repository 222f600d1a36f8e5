//! `rolo task add|list|done|snooze|edit|show|reopen|rm`.

use std::io::Write;

use clap::{Args, Subcommand};

use super::output::write_fields;
use super::views;
use super::{Ctx, resolve};
use crate::error::Error;
use crate::model::dates::parse_offset;
use crate::model::*;
use crate::ops;
use crate::store::Queries;

/// Task subcommands.
#[derive(Debug, Subcommand)]
pub enum TaskCmd {
    /// Add a task: `rolo task add "Call Jane" --due fri --contact C-4`.
    Add {
        /// What to do.
        title: String,
        #[command(flatten)]
        fields: TaskFields,
    },
    /// List open tasks (by due date).
    #[command(visible_alias = "ls")]
    List {
        /// today, overdue, week (next 7 days, with overdue) or all.
        #[arg(long, default_value = "all")]
        due: String,
        /// Only this assignee's (`me` for yours).
        #[arg(long, visible_alias = "owner")]
        assignee: Option<String>,
        /// Only tasks on this record (C-n, O-n or D-n).
        #[arg(long)]
        link: Option<String>,
        /// Show done tasks instead of open ones.
        #[arg(long)]
        done: bool,
        /// Sort by due (default), priority or created; ties go by id.
        #[arg(long, default_value = "due")]
        sort: String,
        #[command(flatten)]
        page: super::page::PageArgs,
    },
    /// Mark tasks done: `rolo task done T-3`.
    Done {
        /// The tasks (T-n).
        #[arg(required = true)]
        ids: Vec<String>,
    },
    /// Move a task's due date: by an offset (`2d`, `1w`) or to a date (`fri`).
    Snooze {
        /// The task (T-n).
        id: String,
        /// How long (2d, 1w, 1m) or until when (fri, 2026-12-01).
        #[arg(default_value = "1d")]
        until: String,
    },
    /// Change a task's fields.
    Edit {
        /// The task (T-n).
        id: String,
        /// New title.
        #[arg(long)]
        title: Option<String>,
        #[command(flatten)]
        fields: TaskFields,
    },
    /// Show a task.
    Show {
        /// The task (T-n).
        id: String,
    },
    /// Mark a done task open again.
    Reopen {
        /// The task (T-n).
        id: String,
    },
    /// Delete a task.
    Rm {
        /// The task (T-n).
        id: String,
    },
}

/// Fields settable on add and edit.
#[derive(Debug, Args)]
pub struct TaskFields {
    /// Due date, optionally with a time: today, fri, +3d, "tomorrow 15:00", 2026-12-01.
    #[arg(long, short = 'd')]
    due: Option<String>,
    /// The contact it is about: C-n or a name.
    #[arg(long, conflicts_with_all = ["company", "deal", "link"])]
    contact: Option<String>,
    /// The company it is about: O-n or a name.
    #[arg(long, conflicts_with_all = ["deal", "link"])]
    company: Option<String>,
    /// The deal it is about (D-n).
    #[arg(long, conflicts_with = "link")]
    deal: Option<String>,
    /// The record it is about (C-n, O-n or D-n).
    #[arg(long)]
    link: Option<String>,
    /// Who does it (default: you).
    #[arg(long, visible_alias = "owner")]
    assignee: Option<String>,
    /// low, normal or high.
    #[arg(long)]
    priority: Option<String>,
    /// Notes.
    #[arg(long)]
    notes: Option<String>,
    /// Repeat: every 3d, 2w or 1m (completing it creates the next); "" to stop.
    #[arg(long)]
    every: Option<String>,
    /// With --every: count from the day it is done, not from its due date.
    #[arg(long, requires = "every")]
    after_done: bool,
}

/// Runs a task subcommand.
pub fn run(ctx: &Ctx, cmd: TaskCmd) -> anyhow::Result<()> {
    match cmd {
        TaskCmd::Add { title, fields } => {
            let mut t = Task {
                title,
                ..Task::default()
            };
            apply(ctx, &mut t, &fields)?;
            let t = ops::add(ctx.store, t)?.value;
            let due = views::due_text(t.due, ctx.today());
            ctx.report(
                format!(
                    "added task T-{} {}{}",
                    t.id,
                    t.title,
                    if due.is_empty() {
                        String::new()
                    } else {
                        format!(", due {due}")
                    }
                ),
                || views::task_json(&t),
            )
        }
        TaskCmd::List {
            due,
            assignee,
            link,
            done,
            sort,
            page,
        } => super::task_list::list(
            ctx,
            super::task_list::Filter {
                due,
                assignee,
                link,
                done,
                sort,
            },
            page,
        ),
        TaskCmd::Done { ids } => {
            for id in ids {
                let t = ops::complete_task(ctx.store, resolve::id(&id, Kind::Task)?)?.value;
                ctx.report(format!("completed T-{} {}", t.id, t.title), || {
                    views::task_json(&t)
                })?;
            }
            Ok(())
        }
        TaskCmd::Snooze { id, until } => {
            let id = resolve::id(&id, Kind::Task)?;
            let t: Task = ctx.store.read()?.require(id)?;
            let today = ctx.today();
            let date = match parse_offset(&until) {
                Ok(off) => {
                    let from = t.due.map(|d| d.date).unwrap_or(today).max(today);
                    off.apply(from).ok_or_else(|| {
                        Error::invalid("until", format!("'{until}' goes past the calendar"))
                    })?
                }
                Err(_) => resolve::date(ctx, "until", &until)?,
            };
            let t = ops::snooze_task(ctx.store, id, date)?.value;
            ctx.report(
                format!(
                    "T-{} {} is now due {}",
                    t.id,
                    t.title,
                    views::due_text(t.due, today)
                ),
                || views::task_json(&t),
            )
        }
        TaskCmd::Edit { id, title, fields } => {
            let id = resolve::id(&id, Kind::Task)?;
            let t = ops::update(ctx.store, id, |t: &mut Task| {
                if let Some(x) = title {
                    t.title = x;
                }
                apply(ctx, t, &fields)
            })?
            .value;
            ctx.report(format!("edited task T-{} {}", t.id, t.title), || {
                views::task_json(&t)
            })
        }
        TaskCmd::Show { id } => {
            let t: Task = ctx.store.read()?.require(resolve::id(&id, Kind::Task)?)?;
            if ctx.format != super::output::Format::Table {
                writeln!(
                    ctx.out(),
                    "{}",
                    serde_json::to_string_pretty(&views::task_json(&t))?
                )?;
                return Ok(());
            }
            let r = ctx.store.read()?;
            write_fields(
                &mut *ctx.out(),
                &[
                    ("task", format!("T-{} {}", t.id, t.title)),
                    ("due", views::due_text(t.due, ctx.today())),
                    (
                        "on",
                        t.link
                            .map(|l| format!("{l} {}", label(&r, l)))
                            .unwrap_or_default(),
                    ),
                    ("assignee", t.assignee.clone()),
                    ("priority", t.priority.as_str().into()),
                    (
                        "state",
                        t.done_at
                            .map(|d| format!("done {}", views::day(d)))
                            .unwrap_or_else(|| "open".into()),
                    ),
                    ("notes", t.notes.clone()),
                ],
            )?;
            Ok(())
        }
        TaskCmd::Reopen { id } => {
            let t = ops::reopen_task(ctx.store, resolve::id(&id, Kind::Task)?)?.value;
            ctx.report(format!("reopened T-{} {}", t.id, t.title), || {
                views::task_json(&t)
            })
        }
        TaskCmd::Rm { id } => {
            let id = resolve::id(&id, Kind::Task)?;
            ops::delete(ctx.store, RecordId::new(Kind::Task, id), false)?;
            ctx.report(
                format!("deleted T-{id}"),
                || serde_json::json!({"deleted": format!("T-{id}")}),
            )
        }
    }
}

fn apply(ctx: &Ctx, t: &mut Task, f: &TaskFields) -> crate::Result<()> {
    if let Some(d) = &f.due {
        t.due = if d.trim().is_empty() {
            None
        } else {
            Some(resolve::due(ctx, d)?)
        };
    }
    let link = match (&f.contact, &f.company, &f.deal, &f.link) {
        (Some(c), _, _, _) => Some(RecordId::new(
            Kind::Contact,
            resolve::contact(&ctx.store.read()?, c, "contact")?,
        )),
        (_, Some(c), _, _) => Some(RecordId::new(
            Kind::Company,
            resolve::existing_company(&ctx.store.read()?, c)?,
        )),
        (_, _, Some(d), _) => Some(RecordId::new(Kind::Deal, resolve::id(d, Kind::Deal)?)),
        (_, _, _, Some(l)) => Some(resolve::any_id(l)?),
        _ => None,
    };
    if link.is_some() {
        t.link = link;
    }
    if let Some(a) = &f.assignee {
        t.assignee = ctx.user(a);
    }
    if let Some(p) = &f.priority {
        t.priority = Priority::parse(p).ok_or_else(|| {
            Error::invalid("priority", format!("'{p}' is not low, normal or high"))
        })?;
    }
    if let Some(n) = &f.notes {
        t.notes = n.clone();
    }
    if let Some(every) = &f.every {
        t.recur = if every.trim().is_empty() {
            None
        } else {
            let off = parse_offset(every).map_err(|e| Error::invalid("every", e.to_string()))?;
            let (n, unit) = match off {
                crate::model::dates::Offset::Days(n) => (n, RecurUnit::Days),
                crate::model::dates::Offset::Weeks(n) => (n, RecurUnit::Weeks),
                crate::model::dates::Offset::Months(n) => (n, RecurUnit::Months),
            };
            Some(Recurrence {
                every: n,
                unit,
                after_completion: f.after_done,
            })
        };
        if t.recur.is_some() && t.due.is_none() {
            t.due = Some(Due {
                date: ctx.today(),
                time: None,
            });
        }
    }
    Ok(())
}

/// A record's name, or "" when it is gone.
pub fn label<Q: Queries>(q: &Q, rid: RecordId) -> String {
    q.get_record(rid)
        .ok()
        .flatten()
        .map(|r| r.label().to_string())
        .unwrap_or_default()
}
