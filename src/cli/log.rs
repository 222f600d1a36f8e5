//! `rolo log call|email|meeting|note` and `rolo activity list|show|rm`.

use std::io::Write;

use clap::{Args, Subcommand, ValueEnum};

use super::output::write_fields;
use super::views;
use super::{Ctx, resolve};
use crate::error::Error;
use crate::model::*;
use crate::ops;
use crate::store::{Queries, Windows};

/// Which kind of activity to log.
#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum LogKind {
    /// A phone or video call.
    Call,
    /// An email.
    Email,
    /// A meeting.
    Meeting,
    /// A note.
    Note,
}

/// `rolo log KIND TEXT --contact C-4 --deal D-17`.
#[derive(Debug, Args)]
pub struct LogArgs {
    /// call, email, meeting or note.
    kind: LogKind,
    /// What happened; the first line becomes the subject unless --subject is given.
    text: Option<String>,
    /// Subject line.
    #[arg(long, short)]
    subject: Option<String>,
    /// Contact involved: C-n or a name (repeat for several).
    #[arg(long = "contact", short = 'c')]
    contacts: Vec<String>,
    /// The company: O-n or a name (default: the deal's or the contact's).
    #[arg(long)]
    company: Option<String>,
    /// The deal, D-n.
    #[arg(long, short = 'd')]
    deal: Option<String>,
    /// When it happened (default now): today, yesterday, "fri 14:00", 2026-11-20.
    #[arg(long)]
    at: Option<String>,
    /// Length, e.g. 30, 30m or 1h.
    #[arg(long)]
    duration: Option<String>,
    /// The customer reached out.
    #[arg(long, conflicts_with = "outbound")]
    inbound: bool,
    /// We reached out.
    #[arg(long)]
    outbound: bool,
}

/// Activity subcommands.
#[derive(Debug, Subcommand)]
pub enum ActivityCmd {
    /// List activities, newest first: all, or on one record (a table shows 50 unless
    /// --limit says otherwise; --json and --csv give every match).
    #[command(visible_alias = "ls")]
    List {
        /// Only on this record (C-n, O-n or D-n).
        #[arg(long)]
        on: Option<String>,
        /// Only this kind (call, email, meeting, note).
        #[arg(long)]
        kind: Option<String>,
        #[command(flatten)]
        page: super::page::PageArgs,
    },
    /// Show an activity.
    Show {
        /// The activity (A-n).
        id: String,
    },
    /// Delete an activity.
    Rm {
        /// The activity (A-n).
        id: String,
    },
}

/// Logs an activity.
pub fn run(ctx: &Ctx, a: LogArgs) -> anyhow::Result<()> {
    let kind = match a.kind {
        LogKind::Call => ActivityKind::Call,
        LogKind::Email => ActivityKind::Email,
        LogKind::Meeting => ActivityKind::Meeting,
        LogKind::Note => ActivityKind::Note,
    };
    let text = a.text.unwrap_or_default();
    let (subject, body) = match a.subject {
        Some(s) => (s, text),
        None => {
            let mut lines = text.splitn(2, '\n');
            let first = lines.next().unwrap_or("").to_string();
            let rest = lines.next().unwrap_or("").trim().to_string();
            (first, rest)
        }
    };
    let at = match a.at.as_deref() {
        Some(s) => {
            let due = resolve::due(ctx, s).map_err(|_| {
                Error::invalid(
                    "at",
                    format!(
                        "'{s}' is not a date or time (today, yesterday, \"fri 14:00\", 2026-11-20)"
                    ),
                )
            })?;
            let local = due.date.and_time(
                due.time
                    .unwrap_or_else(|| ctx.store.now().with_timezone(&chrono::Local).time()),
            );
            local
                .and_local_timezone(chrono::Local)
                .earliest()
                .map(|t| t.with_timezone(&chrono::Utc))
                .ok_or_else(|| {
                    Error::invalid("at", format!("'{s}' does not exist in the local time zone"))
                })?
        }
        None => ctx.store.now(),
    };
    let activity = Activity {
        kind,
        subject,
        body,
        at,
        duration_min: a.duration.as_deref().map(parse_minutes).transpose()?,
        direction: if a.inbound {
            Some(Direction::Inbound)
        } else if a.outbound {
            Some(Direction::Outbound)
        } else {
            None
        },
        contacts: {
            let r = ctx.store.read()?;
            a.contacts
                .iter()
                .map(|c| resolve::contact(&r, c, "contact"))
                .collect::<crate::Result<_>>()?
        },
        company: match a.company.as_deref() {
            Some(c) => Some(resolve::existing_company(&ctx.store.read()?, c)?),
            None => None,
        },
        deal: a
            .deal
            .as_deref()
            .map(|d| resolve::id(d, Kind::Deal))
            .transpose()?,
        ..Activity::default()
    };
    let a = ops::log_activity(ctx.store, activity)?.value;
    ctx.report(
        format!("logged {} A-{} {}", a.kind.as_str(), a.id, a.subject),
        || views::activity_json(&a),
    )
}

fn parse_minutes(s: &str) -> crate::Result<u32> {
    let t = s.trim().to_lowercase();
    let bad = || {
        Error::invalid(
            "duration",
            format!("'{s}' is not a duration (30, 30m, 1h, 1h30m)"),
        )
    };
    let (h, rest) = match t.split_once('h') {
        Some((h, rest)) => (h.trim().parse::<u32>().map_err(|_| bad())?, rest.trim()),
        None => (0, t.as_str()),
    };
    let m = rest.trim_end_matches("min").trim_end_matches('m').trim();
    let m = if m.is_empty() {
        0
    } else {
        m.parse::<u32>().map_err(|_| bad())?
    };
    let total = h
        .checked_mul(60)
        .and_then(|x| x.checked_add(m))
        .ok_or_else(bad)?;
    if total == 0 || total > 24 * 60 {
        return Err(bad());
    }
    Ok(total)
}

/// Runs an activity subcommand.
pub fn run_activity(ctx: &Ctx, cmd: ActivityCmd) -> anyhow::Result<()> {
    match cmd {
        ActivityCmd::List { on, kind, page } => {
            let r = ctx.store.read()?;
            let kind = kind
                .as_deref()
                .map(|k| {
                    ActivityKind::parse(k).ok_or_else(|| {
                        Error::invalid("kind", format!("'{k}' is not call, email, meeting or note"))
                    })
                })
                .transpose()?;
            let page = if ctx.format == super::output::Format::Table {
                page.or_limit(50)
            } else {
                page
            };
            let on = on.as_deref().map(resolve::any_id).transpose()?;
            let before = match &page.after {
                Some(a) => {
                    let id = resolve::id(a, Kind::Activity)?;
                    let act: Activity = r.get(id)?.ok_or_else(|| super::page::gone_cursor(a))?;
                    Some((act.at.timestamp_millis(), id))
                }
                None => None,
            };
            let mut sink = super::output::Sink::new(ctx, views::ACTIVITY_HEADERS.to_vec());
            let mut pager = super::page::Pager::new(&page);
            r.walk_activities(on, before, &mut |_, id| {
                if pager.skip_unread(kind.is_some()) {
                    return Ok(true);
                }
                let Some(a) = r.get::<Activity>(id)? else {
                    return Ok(true);
                };
                Ok(pager.offer(
                    &mut sink,
                    kind.is_none_or(|k| a.kind == k),
                    || views::activity_row(&a),
                    || views::activity_json(&a),
                ))
            })?;
            sink.finish("no activities")
        }
        ActivityCmd::Show { id } => {
            let a: Activity = ctx
                .store
                .read()?
                .require(resolve::id(&id, Kind::Activity)?)?;
            if ctx.format != super::output::Format::Table {
                writeln!(
                    ctx.out(),
                    "{}",
                    serde_json::to_string_pretty(&views::activity_json(&a))?
                )?;
                return Ok(());
            }
            let row = views::activity_row(&a);
            write_fields(
                &mut *ctx.out(),
                &[
                    ("activity", format!("A-{} {}", a.id, a.subject)),
                    ("kind", a.kind.as_str().into()),
                    ("when", row[1].clone()),
                    ("on", row[4].clone()),
                    (
                        "direction",
                        a.direction
                            .map(|d| d.as_str().to_string())
                            .unwrap_or_default(),
                    ),
                    (
                        "duration",
                        a.duration_min
                            .map(|m| format!("{m} min"))
                            .unwrap_or_default(),
                    ),
                    ("by", a.author.clone()),
                ],
            )?;
            if !a.body.is_empty() {
                writeln!(
                    ctx.out(),
                    "\n{}",
                    crate::model::text::sanitize_block(&a.body)
                )?;
            }
            Ok(())
        }
        ActivityCmd::Rm { id } => {
            let id = resolve::id(&id, Kind::Activity)?;
            ops::delete(ctx.store, RecordId::new(Kind::Activity, id), false)?;
            ctx.report(
                format!("deleted A-{id}"),
                || serde_json::json!({"deleted": format!("A-{id}")}),
            )
        }
    }
}

#[cfg(test)]
mod tests {
    use super::parse_minutes;

    #[test]
    fn durations_parse() {
        assert_eq!(parse_minutes("30").unwrap(), 30);
        assert_eq!(parse_minutes("45m").unwrap(), 45);
        assert_eq!(parse_minutes("1h30m").unwrap(), 90);
        assert_eq!(parse_minutes("2h").unwrap(), 120);
        assert!(parse_minutes("0").is_err());
        assert!(parse_minutes("soon").is_err());
    }
}
