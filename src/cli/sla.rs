//! `rolo sla add|list|show|edit|rm|recompute`: service-level policies. Every change
//! recomputes the deadlines of every unsolved ticket in the same operation and says
//! which moved.

use std::io::Write;

use clap::{Args, Subcommand};
use serde_json::{Value, json};

use super::Ctx;
use super::output::{Listing, write_fields};
use crate::error::Error;
use crate::model::*;
use crate::ops::sla as ops_sla;
use crate::ops::ticket::Moved;
use crate::sla::parse;
use crate::store::Queries;

/// SLA policy subcommands.
#[derive(Debug, Subcommand)]
pub enum SlaCmd {
    /// Add a policy: `rolo sla add VIP --if company-tag=vip --target urgent:30m/4h`.
    Add {
        /// What it is for.
        name: String,
        #[command(flatten)]
        fields: PolicyFields,
    },
    /// List policies in the order they are tried (first match wins).
    #[command(visible_alias = "ls")]
    List,
    /// Show a policy: conditions, targets, calendar.
    Show {
        /// The policy (L-n or name).
        id: String,
    },
    /// Change a policy (targets given replace that priority's).
    Edit {
        /// The policy (L-n or name).
        id: String,
        /// New name.
        #[arg(long)]
        name: Option<String>,
        /// Drop every condition first.
        #[arg(long)]
        clear_conditions: bool,
        /// Turn it on or off.
        #[arg(long, value_name = "on|off")]
        enabled: Option<String>,
        #[command(flatten)]
        fields: PolicyFields,
    },
    /// Delete a policy (its tickets move to the next policy that matches).
    Rm {
        /// The policy (L-n or name).
        id: String,
    },
    /// Recompute every unsolved ticket's deadlines from its history.
    Recompute,
}

/// Fields settable on add and edit.
#[derive(Debug, Args)]
pub struct PolicyFields {
    /// Condition (repeat; all must hold): priority=urgent,high, tag=T, company-tag=T,
    /// channel=email, custom.NAME=VALUE.
    #[arg(long = "if", value_name = "COND")]
    conditions: Vec<String>,
    /// Targets for a priority (repeat): urgent:1h/8h (first reply/resolution) or
    /// urgent:1h/30m/8h (first/next/resolution); `-` for none.
    #[arg(long = "target", value_name = "SPEC")]
    targets: Vec<String>,
    /// The business-hours calendar (H-n or name), or `none` for 24/7.
    #[arg(long)]
    calendar: Option<String>,
    /// Place in the order (lower is tried first).
    #[arg(long)]
    position: Option<u32>,
    /// Statuses that stop the resolution clock (comma-separated; default pending,on-hold;
    /// `none` to never stop).
    #[arg(long, value_name = "STATUSES")]
    pause: Option<String>,
}

/// A policy by `L-n` or name.
fn policy_id<Q: Queries>(q: &Q, s: &str) -> crate::Result<u64> {
    if let Ok(id) = RecordId::parse_as(s, Kind::Sla) {
        return Ok(id);
    }
    q.all::<SlaPolicy>()?
        .into_iter()
        .find(|p| p.name.eq_ignore_ascii_case(s.trim()))
        .map(|p| p.id)
        .ok_or_else(|| Error::invalid("policy", format!("no SLA policy '{s}' (L-n or a name)")))
}

/// A calendar by `H-n` or name.
pub fn calendar_id<Q: Queries>(q: &Q, s: &str) -> crate::Result<u64> {
    if let Ok(id) = RecordId::parse_as(s, Kind::Calendar) {
        return Ok(id);
    }
    q.all::<Calendar>()?
        .into_iter()
        .find(|c| c.name.eq_ignore_ascii_case(s.trim()))
        .map(|c| c.id)
        .ok_or_else(|| Error::invalid("calendar", format!("no calendar '{s}' (H-n or a name)")))
}

fn apply(ctx: &Ctx, p: &mut SlaPolicy, f: &PolicyFields) -> crate::Result<()> {
    for c in &f.conditions {
        p.conditions.push(parse::condition(c)?);
    }
    for t in &f.targets {
        let (priority, targets) = parse::targets(t)?;
        p.targets.insert(priority, targets);
    }
    if let Some(c) = &f.calendar {
        p.calendar = if c.trim().eq_ignore_ascii_case("none") {
            None
        } else {
            Some(calendar_id(&ctx.store.read()?, c)?)
        };
    }
    if let Some(n) = f.position {
        p.position = n;
    }
    if let Some(s) = &f.pause {
        p.pause_resolution_in = if s.trim().eq_ignore_ascii_case("none") {
            Vec::new()
        } else {
            s.split(',')
                .map(|x| {
                    TicketStatus::parse(x).ok_or_else(|| {
                        Error::invalid("pause", format!("'{x}' is not pending or on-hold"))
                    })
                })
                .collect::<crate::Result<_>>()?
        };
    }
    Ok(())
}

fn minutes(m: Option<u32>) -> String {
    m.map(|m| crate::sla::display::compact(i64::from(m) * 60_000))
        .unwrap_or_else(|| "-".into())
}

fn targets_text(t: &Targets) -> String {
    format!(
        "{}/{}/{}",
        minutes(t.first_reply_min),
        minutes(t.next_reply_min),
        minutes(t.resolution_min)
    )
}

fn condition_text(c: &SlaCondition) -> String {
    match c {
        SlaCondition::Priority { any_of } => format!(
            "priority={}",
            any_of
                .iter()
                .map(|p| p.as_str())
                .collect::<Vec<_>>()
                .join(",")
        ),
        SlaCondition::Tag { tag } => format!("tag={tag}"),
        SlaCondition::CompanyTag { tag } => format!("company-tag={tag}"),
        SlaCondition::Channel { channel } => format!("channel={}", channel.as_str()),
        SlaCondition::Custom { name, value } => format!("custom.{name}={value}"),
    }
}

/// A policy as JSON.
pub fn policy_json(p: &SlaPolicy) -> Value {
    json!({
        "id": format!("L-{}", p.id),
        "name": p.name,
        "position": p.position,
        "enabled": p.enabled,
        "conditions": p.conditions.iter().map(condition_text).collect::<Vec<_>>(),
        "targets": p.targets.iter().map(|(k, t)| (k.as_str().to_string(), json!({
            "first_reply_minutes": t.first_reply_min,
            "next_reply_minutes": t.next_reply_min,
            "resolution_minutes": t.resolution_min,
        }))).collect::<serde_json::Map<_, _>>(),
        "calendar": p.calendar.map(|h| format!("H-{h}")),
        "pause_resolution_in": p.pause_resolution_in.iter().map(|s| s.as_str()).collect::<Vec<_>>(),
    })
}

/// What a change did to the tickets, in words.
pub fn moved_text(moved: &[Moved]) -> String {
    if moved.is_empty() {
        return "no ticket's deadlines changed".into();
    }
    let shown: Vec<String> = moved
        .iter()
        .take(10)
        .map(|m| {
            let when = |c: &SlaClocks| {
                c.next_due()
                    .map(|d| {
                        d.with_timezone(&chrono::Local)
                            .format("%Y-%m-%d %H:%M")
                            .to_string()
                    })
                    .unwrap_or_else(|| "none".into())
            };
            format!("S-{} {} → {}", m.id, when(&m.before), when(&m.after))
        })
        .collect();
    let more = moved.len().saturating_sub(10);
    format!(
        "recomputed {}: {}{}",
        words::plural(moved.len() as u64, "ticket"),
        shown.join(", "),
        if more > 0 {
            format!(" and {more} more")
        } else {
            String::new()
        }
    )
}

fn moved_json(moved: &[Moved]) -> Value {
    moved
        .iter()
        .map(|m| {
            json!({
                "ticket": format!("S-{}", m.id),
                "next_deadline_before": m.before.next_due().map(|d| d.to_rfc3339()),
                "next_deadline_after": m.after.next_due().map(|d| d.to_rfc3339()),
            })
        })
        .collect()
}

/// Runs an sla subcommand.
pub fn run(ctx: &Ctx, cmd: SlaCmd) -> anyhow::Result<()> {
    match cmd {
        SlaCmd::Add { name, fields } => {
            let mut p = SlaPolicy {
                name,
                ..SlaPolicy::default()
            };
            apply(ctx, &mut p, &fields)?;
            let (p, moved) = ops_sla::add_rule(ctx.store, p)?.value;
            ctx.report(
                format!(
                    "added SLA policy L-{} {}; {}",
                    p.id,
                    p.name,
                    moved_text(&moved)
                ),
                || json!({"policy": policy_json(&p), "recomputed": moved_json(&moved)}),
            )
        }
        SlaCmd::List => {
            let r = ctx.store.read()?;
            let mut l = Listing::new(vec![
                "ID",
                "POS",
                "NAME",
                "ON",
                "CONDITIONS",
                "URGENT",
                "HIGH",
                "NORMAL",
                "LOW",
                "CALENDAR",
            ]);
            let calendars: Vec<Calendar> = r.all()?;
            for p in crate::ops::sla_policies(&r)? {
                let t = |pr: TicketPriority| {
                    p.targets
                        .get(&pr)
                        .map(targets_text)
                        .unwrap_or_else(|| "-".into())
                };
                let cal = p
                    .calendar
                    .and_then(|h| calendars.iter().find(|c| c.id == h))
                    .map(|c| format!("H-{} {}", c.id, c.name))
                    .unwrap_or_else(|| "24/7".into());
                l.push(
                    vec![
                        format!("L-{}", p.id),
                        p.position.to_string(),
                        p.name.clone(),
                        if p.enabled { "yes" } else { "no" }.into(),
                        p.conditions
                            .iter()
                            .map(condition_text)
                            .collect::<Vec<_>>()
                            .join(" "),
                        t(TicketPriority::Urgent),
                        t(TicketPriority::High),
                        t(TicketPriority::Normal),
                        t(TicketPriority::Low),
                        cal,
                    ],
                    policy_json(&p),
                );
            }
            l.print(ctx, "no SLA policies: tickets have no deadlines")?;
            if ctx.format == super::output::Format::Table && !l.rows.is_empty() {
                ctx.note("targets: first reply/next reply/resolution; the first policy that matches a ticket applies");
            }
            Ok(())
        }
        SlaCmd::Show { id } => {
            let r = ctx.store.read()?;
            let p: SlaPolicy = r.require(policy_id(&r, &id)?)?;
            if ctx.format != super::output::Format::Table {
                writeln!(
                    ctx.out(),
                    "{}",
                    serde_json::to_string_pretty(&policy_json(&p))?
                )?;
                return Ok(());
            }
            let mut fields = vec![
                ("policy", format!("L-{} {}", p.id, p.name)),
                ("position", p.position.to_string()),
                ("enabled", if p.enabled { "yes" } else { "no" }.into()),
                (
                    "applies to",
                    if p.conditions.is_empty() {
                        "every ticket".into()
                    } else {
                        p.conditions
                            .iter()
                            .map(condition_text)
                            .collect::<Vec<_>>()
                            .join(" and ")
                    },
                ),
                (
                    "calendar",
                    match p.calendar {
                        Some(h) => format!(
                            "H-{h} {}",
                            super::task::label(&r, RecordId::new(Kind::Calendar, h))
                        ),
                        None => "24/7 (calendar time)".into(),
                    },
                ),
                (
                    "resolution pauses in",
                    p.pause_resolution_in
                        .iter()
                        .map(|s| s.as_str())
                        .collect::<Vec<_>>()
                        .join(", "),
                ),
            ];
            for pr in TicketPriority::ALL.into_iter().rev() {
                if let Some(t) = p.targets.get(&pr) {
                    fields.push((
                        pr.as_str(),
                        format!(
                            "first reply {}, next reply {}, resolution {}",
                            minutes(t.first_reply_min),
                            minutes(t.next_reply_min),
                            minutes(t.resolution_min)
                        ),
                    ));
                }
            }
            write_fields(&mut *ctx.out(), &fields)?;
            Ok(())
        }
        SlaCmd::Edit {
            id,
            name,
            clear_conditions,
            enabled,
            fields,
        } => {
            let id = policy_id(&ctx.store.read()?, &id)?;
            let enabled = match enabled.as_deref().map(str::to_ascii_lowercase).as_deref() {
                None => None,
                Some("on" | "yes" | "true") => Some(true),
                Some("off" | "no" | "false") => Some(false),
                Some(other) => {
                    return Err(
                        Error::invalid("enabled", format!("'{other}': use on or off")).into(),
                    );
                }
            };
            let (p, moved) = ops_sla::edit_rule(ctx.store, id, |p: &mut SlaPolicy| {
                if let Some(n) = name {
                    p.name = n;
                }
                if clear_conditions {
                    p.conditions.clear();
                }
                if let Some(e) = enabled {
                    p.enabled = e;
                }
                apply(ctx, p, &fields)
            })?
            .value;
            ctx.report(
                format!(
                    "edited SLA policy L-{} {}; {}",
                    p.id,
                    p.name,
                    moved_text(&moved)
                ),
                || json!({"policy": policy_json(&p), "recomputed": moved_json(&moved)}),
            )
        }
        SlaCmd::Rm { id } => {
            let id = policy_id(&ctx.store.read()?, &id)?;
            let moved = ops_sla::remove_rule(ctx.store, RecordId::new(Kind::Sla, id))?.value;
            ctx.report(
                format!("deleted SLA policy L-{id}; {}", moved_text(&moved)),
                || json!({"deleted": format!("L-{id}"), "recomputed": moved_json(&moved)}),
            )
        }
        SlaCmd::Recompute => {
            let moved = ops_sla::recompute(ctx.store)?.value;
            ctx.report(
                moved_text(&moved),
                || json!({"recomputed": moved_json(&moved)}),
            )
        }
    }
}
