//! `rolo calendar add|list|show|edit|rm`: business-hours calendars (time zone, weekly
//! hours, dated holidays, importable from .ics). Every change recomputes the deadlines
//! of the unsolved tickets counted in them.

use std::io::Write;

use clap::{Args, Subcommand};
use serde_json::{Value, json};

use super::Ctx;
use super::output::{Listing, write_fields};
use super::sla::{calendar_id, moved_text};
use crate::error::Error;
use crate::model::*;
use crate::ops::sla as ops_sla;
use crate::sla::parse;
use crate::store::Queries;

/// Calendar subcommands.
#[derive(Debug, Subcommand)]
pub enum CalendarCmd {
    /// Add a calendar: `rolo calendar add Berlin --tz Europe/Berlin --hours "mon-fri 9-17"`.
    Add {
        /// Its name.
        name: String,
        #[command(flatten)]
        fields: CalendarFields,
    },
    /// List calendars.
    #[command(visible_alias = "ls")]
    List,
    /// Show a calendar's hours and holidays.
    Show {
        /// The calendar (H-n or name).
        id: String,
    },
    /// Change a calendar (hours given replace the week; holidays are added).
    Edit {
        /// The calendar (H-n or name).
        id: String,
        /// New name.
        #[arg(long)]
        name: Option<String>,
        /// Remove the holiday on this date (repeatable).
        #[arg(long = "drop-holiday", value_name = "DATE")]
        drop_holidays: Vec<String>,
        #[command(flatten)]
        fields: CalendarFields,
    },
    /// Delete a calendar no policy counts in.
    Rm {
        /// The calendar (H-n or name).
        id: String,
    },
}

/// Fields settable on add and edit.
#[derive(Debug, Args)]
pub struct CalendarFields {
    /// IANA time zone (Europe/Berlin, America/New_York); default the local one.
    #[arg(long = "tz", value_name = "ZONE")]
    time_zone: Option<String>,
    /// Weekly hours: "mon-fri 09:00-17:00", "mon-thu 9-17; fri 9-13", "24/7".
    #[arg(long, value_name = "HOURS")]
    hours: Option<String>,
    /// A closed day, "2026-12-25 Christmas Day" (repeatable).
    #[arg(long = "holiday", value_name = "DATE NAME")]
    holidays: Vec<String>,
    /// Add the events of an .ics file as holidays.
    #[arg(long, value_name = "FILE")]
    holidays_from: Option<std::path::PathBuf>,
}

fn apply(c: &mut Calendar, f: &CalendarFields) -> crate::Result<()> {
    if let Some(tz) = &f.time_zone {
        c.time_zone = tz.trim().to_string();
    }
    if let Some(h) = &f.hours {
        c.week = parse::week(h)?;
    }
    for h in &f.holidays {
        c.holidays.push(parse::holiday(h)?);
    }
    if let Some(path) = &f.holidays_from {
        let bytes = std::fs::read(path).map_err(|e| {
            Error::invalid(
                "holidays-from",
                format!("can't read {}: {e}", path.display()),
            )
        })?;
        let found = crate::sla::holidays_from_ics(&bytes).map_err(|e| {
            Error::invalid(
                "holidays-from",
                format!("{}: {}: {}", path.display(), e.field, e.reason),
            )
        })?;
        c.holidays.extend(found);
    }
    Ok(())
}

fn week_text(c: &Calendar) -> Vec<(String, String)> {
    crate::sla::check::DAY_NAMES
        .iter()
        .zip(&c.week)
        .map(|(day, spans)| {
            let text = if spans.is_empty() {
                "closed".to_string()
            } else {
                spans
                    .iter()
                    .map(|s| format!("{}-{}", s.start.format("%H:%M"), s.end.format("%H:%M")))
                    .collect::<Vec<_>>()
                    .join(", ")
            };
            (day.to_string(), text)
        })
        .collect()
}

/// A calendar as JSON.
pub fn calendar_json(c: &Calendar) -> Value {
    json!({
        "id": format!("H-{}", c.id),
        "name": c.name,
        "time_zone": c.time_zone,
        "week": week_text(c).into_iter().map(|(d, t)| (d, Value::String(t))).collect::<serde_json::Map<_, _>>(),
        "holidays": c.holidays.iter().map(|h| json!({"date": h.date.to_string(), "name": h.name})).collect::<Vec<_>>(),
    })
}

/// Runs a calendar subcommand.
pub fn run(ctx: &Ctx, cmd: CalendarCmd) -> anyhow::Result<()> {
    match cmd {
        CalendarCmd::Add { name, fields } => {
            let mut c = crate::sla::defaults::calendar(&crate::sla::defaults::local_time_zone());
            c.name = name;
            apply(&mut c, &fields)?;
            let (c, moved) = ops_sla::add_rule(ctx.store, c)?.value;
            ctx.report(
                format!(
                    "added calendar H-{} {}; {}",
                    c.id,
                    c.name,
                    moved_text(&moved)
                ),
                || calendar_json(&c),
            )
        }
        CalendarCmd::List => {
            let r = ctx.store.read()?;
            let mut l = Listing::new(vec!["ID", "NAME", "TIME ZONE", "MON", "SAT", "HOLIDAYS"]);
            for c in r.all::<Calendar>()? {
                let week = week_text(&c);
                let day = |i: usize| week.get(i).map(|d| d.1.clone()).unwrap_or_default();
                l.push(
                    vec![
                        format!("H-{}", c.id),
                        c.name.clone(),
                        c.time_zone.clone(),
                        day(0),
                        day(5),
                        c.holidays.len().to_string(),
                    ],
                    calendar_json(&c),
                );
            }
            l.print(ctx, "no calendars")
        }
        CalendarCmd::Show { id } => {
            let r = ctx.store.read()?;
            let c: Calendar = r.require(calendar_id(&r, &id)?)?;
            if ctx.format != super::output::Format::Table {
                writeln!(
                    ctx.out(),
                    "{}",
                    serde_json::to_string_pretty(&calendar_json(&c))?
                )?;
                return Ok(());
            }
            let week = week_text(&c);
            let mut fields: Vec<(&str, String)> = vec![
                ("calendar", format!("H-{} {}", c.id, c.name)),
                ("time zone", c.time_zone.clone()),
            ];
            for (day, text) in &week {
                fields.push((day.as_str(), text.clone()));
            }
            let holidays: Vec<String> = c
                .holidays
                .iter()
                .map(|h| format!("{} {}", h.date, h.name).trim().to_string())
                .collect();
            fields.push(("holidays", holidays.join("; ")));
            write_fields(&mut *ctx.out(), &fields)?;
            Ok(())
        }
        CalendarCmd::Edit {
            id,
            name,
            drop_holidays,
            fields,
        } => {
            let id = calendar_id(&ctx.store.read()?, &id)?;
            let drop: Vec<chrono::NaiveDate> = drop_holidays
                .iter()
                .map(|d| {
                    d.trim().parse().map_err(|_| {
                        Error::invalid("drop-holiday", format!("'{d}' is not a date (2026-12-25)"))
                    })
                })
                .collect::<crate::Result<_>>()?;
            let (c, moved) = ops_sla::edit_rule(ctx.store, id, |c: &mut Calendar| {
                if let Some(n) = name {
                    c.name = n;
                }
                c.holidays.retain(|h| !drop.contains(&h.date));
                apply(c, &fields)
            })?
            .value;
            ctx.report(
                format!(
                    "edited calendar H-{} {}; {}",
                    c.id,
                    c.name,
                    moved_text(&moved)
                ),
                || calendar_json(&c),
            )
        }
        CalendarCmd::Rm { id } => {
            let id = calendar_id(&ctx.store.read()?, &id)?;
            ops_sla::remove_rule(ctx.store, RecordId::new(Kind::Calendar, id))?;
            ctx.report(
                format!("deleted calendar H-{id}"),
                || json!({"deleted": format!("H-{id}")}),
            )
        }
    }
}
