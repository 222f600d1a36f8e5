//! `rolo ticket add|list|show|reply|note|status|priority|assign|close|edit|rm`: the
//! service desk from the command line.

use clap::{Args, Subcommand};

use super::output::Sink;
use super::page::PageArgs;
use super::ticket_view as view;
use super::{Ctx, resolve};
use crate::error::Error;
use crate::model::*;
use crate::ops::ticket::{self as ops_ticket, Message};
use crate::store::{Queries, TicketEntry, TicketReads};

/// Ticket subcommands.
#[derive(Debug, Subcommand)]
pub enum TicketCmd {
    /// Open a ticket: `rolo ticket add "Login fails" --requester C-4 --priority high`.
    Add {
        /// One line: what it is about.
        subject: String,
        /// The customer's message (the request itself).
        #[arg(long, short = 'm')]
        body: Option<String>,
        /// The closed ticket this one follows up (S-n).
        #[arg(long, value_name = "S-N")]
        follow_up: Option<String>,
        #[command(flatten)]
        fields: TicketFields,
    },
    /// The queue: unsolved tickets by their next SLA deadline (breached first).
    #[command(visible_alias = "ls")]
    List(ListArgs),
    /// A ticket with its SLA clocks and thread.
    Show {
        /// The ticket (S-n).
        id: String,
    },
    /// Reply to the customer (counts as the first or next reply).
    Reply {
        /// The ticket (S-n).
        id: String,
        /// The reply.
        text: String,
        /// Then set the status: open, pending (waiting on the customer), on-hold, solved.
        #[arg(long)]
        status: Option<String>,
        /// Email it to the requester (and the ticket's cc) from the first support
        /// address through `send_command`; logged only once the command accepts it.
        #[arg(long)]
        send: bool,
    },
    /// Add an internal note (no SLA effect, not sent).
    Note {
        /// The ticket (S-n).
        id: String,
        /// The note.
        text: String,
    },
    /// Record a message from the customer (a call, a chat): reopens a waiting or solved
    /// ticket; on a closed one it opens a follow-up.
    Message {
        /// The ticket (S-n).
        id: String,
        /// What they said.
        text: String,
        /// email, call or note.
        #[arg(long, default_value = "note")]
        kind: String,
    },
    /// Change the status: open, pending, on-hold, solved, closed.
    Status {
        /// The ticket (S-n).
        id: String,
        /// The new status.
        status: String,
    },
    /// Change the priority: low, normal, high, urgent (SLA targets follow).
    Priority {
        /// The ticket (S-n).
        id: String,
        /// The new priority.
        priority: String,
    },
    /// Give a ticket to someone (`me` to take it, `--none` to give it back).
    Assign {
        /// The ticket (S-n).
        id: String,
        /// Who (`me` for you).
        #[arg(required_unless_present = "none")]
        who: Option<String>,
        /// Nobody.
        #[arg(long, conflicts_with = "who")]
        none: bool,
    },
    /// Solve (when unsolved) and close tickets; closed is final.
    Close {
        /// The tickets (S-n).
        #[arg(required = true)]
        ids: Vec<String>,
    },
    /// Change a ticket's subject, links, tags or fields.
    Edit {
        /// The ticket (S-n).
        id: String,
        /// New subject.
        #[arg(long)]
        subject: Option<String>,
        /// Remove a tag (repeatable).
        #[arg(long = "untag", value_name = "TAG")]
        untag: Vec<String>,
        #[command(flatten)]
        fields: TicketFields,
    },
    /// Delete a ticket (its thread stays, unlinked).
    Rm {
        /// The ticket (S-n).
        id: String,
    },
}

/// Fields settable on add and edit.
#[derive(Debug, Args)]
pub struct TicketFields {
    /// The person asking: C-n, an email or a name.
    #[arg(long)]
    requester: Option<String>,
    /// Their company: O-n or a name (default: the requester's).
    #[arg(long)]
    company: Option<String>,
    /// A deal it concerns (D-n).
    #[arg(long)]
    deal: Option<String>,
    /// low, normal, high or urgent.
    #[arg(long, short = 'p')]
    priority: Option<String>,
    /// email, phone, chat or cli.
    #[arg(long)]
    channel: Option<String>,
    /// Who works on it (`me` for you).
    #[arg(long)]
    assignee: Option<String>,
    /// A tag (repeatable).
    #[arg(long = "tag", value_name = "TAG")]
    tags: Vec<String>,
    /// A custom field, `name=value` (repeatable).
    #[arg(long = "field", value_name = "NAME=VALUE")]
    custom: Vec<String>,
    /// An address copied on the thread (repeatable).
    #[arg(long, value_name = "EMAIL")]
    cc: Vec<String>,
}

/// The filters of `ticket list`.
#[derive(Debug, Args)]
pub struct ListArgs {
    /// Only tickets with a breached target now.
    #[arg(long)]
    breached: bool,
    /// Only tickets with a deadline within this time (2h, 30m, 1d), breached included.
    #[arg(long, value_name = "TIME")]
    due_within: Option<String>,
    /// Only yours.
    #[arg(long, conflicts_with = "assignee")]
    mine: bool,
    /// Only this person's (`none` for unassigned).
    #[arg(long)]
    assignee: Option<String>,
    /// Only these priorities (comma-separated).
    #[arg(long)]
    priority: Option<String>,
    /// unsolved (default), new, open, pending, on-hold, solved, closed or all.
    #[arg(long, default_value = "unsolved")]
    status: String,
    #[command(flatten)]
    page: PageArgs,
}

fn ticket_id(s: &str) -> crate::Result<u64> {
    resolve::id(s, Kind::Ticket)
}

fn status(s: &str) -> crate::Result<TicketStatus> {
    TicketStatus::parse(s).ok_or_else(|| {
        Error::invalid(
            "status",
            format!("'{s}' is not new, open, pending, on-hold, solved or closed"),
        )
    })
}

fn priority(s: &str) -> crate::Result<TicketPriority> {
    TicketPriority::parse(s).ok_or_else(|| {
        Error::invalid(
            "priority",
            format!("'{s}' is not low, normal, high or urgent"),
        )
    })
}

/// Runs a ticket subcommand.
pub fn run(ctx: &Ctx, cmd: TicketCmd) -> anyhow::Result<()> {
    let now = ctx.store.now();
    let done = |msg: String, t: &Ticket| ctx.report(msg, || view::ticket_json(t, now));
    match cmd {
        TicketCmd::Add {
            subject,
            body,
            follow_up,
            fields,
        } => {
            let mut t = Ticket {
                subject,
                ..Ticket::default()
            };
            apply(ctx, &mut t, &fields)?;
            if let Some(f) = follow_up {
                t.follow_up_of = Some(ticket_id(&f)?);
            }
            let first = body.map(|b| Message {
                body: b,
                ..Message::default()
            });
            let (t, _) = ops_ticket::open_ticket(ctx.store, t, first)?.value;
            done(format!("opened ticket S-{} {}", t.id, t.subject), &t)
        }
        TicketCmd::List(a) => list(ctx, a),
        TicketCmd::Show { id } => {
            let r = ctx.store.read()?;
            let t: Ticket = r.require(ticket_id(&id)?)?;
            if ctx.format != super::output::Format::Table {
                use std::io::Write;
                writeln!(
                    ctx.out(),
                    "{}",
                    serde_json::to_string_pretty(&view::ticket_json(&t, now))?
                )?;
                return Ok(());
            }
            view::show(ctx, &r, &t)
        }
        TicketCmd::Reply {
            id,
            text,
            status: s,
            send: true,
        } => {
            let s = s.as_deref().map(status).transpose()?;
            let (t, a, sent) = crate::interchange::email::reply_by_email(
                ctx.store,
                ctx.settings,
                ticket_id(&id)?,
                &text,
                s,
            )?;
            let how = if sent {
                "emailed".to_string()
            } else {
                "not sent: no send_command in config.toml".to_string()
            };
            done(
                format!(
                    "replied on S-{} as A-{} (now {}); {how}",
                    t.id,
                    a.id,
                    t.status.as_str()
                ),
                &t,
            )
        }
        TicketCmd::Reply {
            id,
            text,
            status: s,
            send: false,
        } => {
            let s = s.as_deref().map(status).transpose()?;
            let m = Message {
                body: text,
                kind: ActivityKind::Email,
                ..Message::default()
            };
            let (t, a) = ops_ticket::reply(ctx.store, ticket_id(&id)?, m, s)?.value;
            done(
                format!(
                    "replied on S-{} as A-{} (now {})",
                    t.id,
                    a.id,
                    t.status.as_str()
                ),
                &t,
            )
        }
        TicketCmd::Note { id, text } => {
            let (t, a) = ops_ticket::note(ctx.store, ticket_id(&id)?, text)?.value;
            done(format!("noted on S-{} as A-{}", t.id, a.id), &t)
        }
        TicketCmd::Message { id, text, kind } => {
            let kind = ActivityKind::parse(&kind).ok_or_else(|| {
                Error::invalid("kind", format!("'{kind}' is not email, call or note"))
            })?;
            let m = Message {
                body: text,
                kind,
                ..Message::default()
            };
            let got = ops_ticket::customer_message(ctx.store, ticket_id(&id)?, m)?.value;
            let msg = match got.follow_up_of {
                Some(old) => format!(
                    "S-{old} is closed: opened follow-up S-{} with the message",
                    got.ticket.id
                ),
                None => format!(
                    "logged the customer's message on S-{} (now {})",
                    got.ticket.id,
                    got.ticket.status.as_str()
                ),
            };
            done(msg, &got.ticket)
        }
        TicketCmd::Status { id, status: s } => {
            let t = ops_ticket::set_status(ctx.store, ticket_id(&id)?, status(&s)?)?.value;
            done(
                format!("S-{} {} is now {}", t.id, t.subject, t.status.as_str()),
                &t,
            )
        }
        TicketCmd::Priority { id, priority: p } => {
            let t = ops_ticket::set_priority(ctx.store, ticket_id(&id)?, priority(&p)?)?.value;
            done(format!("S-{} is now {}", t.id, t.priority.as_str()), &t)
        }
        TicketCmd::Assign { id, who, none } => {
            let who = if none {
                String::new()
            } else {
                ctx.user(who.as_deref().unwrap_or("me"))
            };
            let t = ops_ticket::assign(ctx.store, ticket_id(&id)?, &who)?.value;
            let msg = if t.assignee.is_empty() {
                format!("S-{} is unassigned", t.id)
            } else {
                format!("S-{} is {}'s", t.id, t.assignee)
            };
            done(msg, &t)
        }
        TicketCmd::Close { ids } => {
            for id in ids {
                let id = ticket_id(&id)?;
                let t = ctx
                    .store
                    .write("ticket.close", |tx| {
                        let t: Ticket = tx.require(id)?;
                        if t.status.is_unsolved() {
                            ops_ticket::set_status_in(tx, id, TicketStatus::Solved)?;
                        }
                        ops_ticket::set_status_in(tx, id, TicketStatus::Closed)
                    })?
                    .value;
                done(format!("closed S-{} {}", t.id, t.subject), &t)?;
            }
            Ok(())
        }
        TicketCmd::Edit {
            id,
            subject,
            untag,
            fields,
        } => {
            let t = crate::ops::update(ctx.store, ticket_id(&id)?, |t: &mut Ticket| {
                if let Some(s) = subject {
                    t.subject = s;
                }
                t.tags
                    .retain(|x| !untag.iter().any(|u| u.eq_ignore_ascii_case(x)));
                apply(ctx, t, &fields)
            })?
            .value;
            done(format!("edited S-{} {}", t.id, t.subject), &t)
        }
        TicketCmd::Rm { id } => {
            let id = ticket_id(&id)?;
            crate::ops::delete(ctx.store, RecordId::new(Kind::Ticket, id), true)?;
            ctx.report(
                format!("deleted S-{id}"),
                || serde_json::json!({"deleted": format!("S-{id}")}),
            )
        }
    }
}

fn apply(ctx: &Ctx, t: &mut Ticket, f: &TicketFields) -> crate::Result<()> {
    let r = ctx.store.read()?;
    if let Some(c) = &f.requester {
        t.requester = Some(resolve::contact(&r, c, "requester")?);
    }
    if let Some(c) = &f.company {
        t.company = Some(resolve::existing_company(&r, c)?);
    }
    if let Some(d) = &f.deal {
        t.deal = Some(resolve::id(d, Kind::Deal)?);
    }
    if let Some(p) = &f.priority {
        t.priority = priority(p)?;
    }
    if let Some(c) = &f.channel {
        t.channel = Channel::parse(c).ok_or_else(|| {
            Error::invalid("channel", format!("'{c}' is not email, phone, chat or cli"))
        })?;
    }
    if let Some(a) = &f.assignee {
        t.assignee = ctx.user(a);
    }
    t.tags.extend(f.tags.iter().cloned());
    for kv in &f.custom {
        let (k, v) = resolve::key_value(kv)?;
        t.custom.insert(k, v);
    }
    t.cc.extend(f.cc.iter().cloned());
    Ok(())
}

/// Reads `2h`, `30m`, `1d`, `90` (minutes) as milliseconds.
fn within_ms(s: &str) -> crate::Result<i64> {
    crate::sla::parse::duration(s)
        .map(|m| i64::from(m) * 60_000)
        .map_err(|e| Error::invalid("due-within", e.reason))
}

/// `ticket list`: unsolved tickets come from the queue index in deadline order and
/// are filtered on its entries before any ticket is read; other statuses walk the
/// tickets newest first.
fn list(ctx: &Ctx, a: ListArgs) -> anyhow::Result<()> {
    let r = ctx.store.read()?;
    let now = ctx.store.now();
    let now_ms = now.timestamp_millis();
    let until = match (&a.due_within, a.breached) {
        (_, true) => Some(now_ms),
        (Some(w), false) => Some(now_ms.saturating_add(within_ms(w)?)),
        (None, false) => None,
    };
    let who = match (a.mine, &a.assignee) {
        (true, _) => Some(ctx.me().to_string()),
        (false, Some(x)) if x.eq_ignore_ascii_case("none") => Some(String::new()),
        (false, Some(x)) => Some(ctx.user(x)),
        _ => None,
    };
    let priorities = match &a.priority {
        Some(p) => Some(
            p.split(',')
                .map(priority)
                .collect::<crate::Result<Vec<_>>>()?,
        ),
        None => None,
    };
    let statuses: Option<Vec<TicketStatus>> = match a.status.trim().to_ascii_lowercase().as_str() {
        "unsolved" => None,
        "all" => Some(TicketStatus::ALL.to_vec()),
        other => Some(
            other
                .split(',')
                .map(status)
                .collect::<crate::Result<Vec<_>>>()?,
        ),
    };
    let from_queue = statuses
        .as_ref()
        .is_none_or(|s| s.iter().all(|s| s.is_unsolved()));
    let page = if ctx.format == super::output::Format::Table {
        a.page.clone().or_limit(50)
    } else {
        a.page.clone()
    };
    let limit = page.limit.unwrap_or(usize::MAX);
    let wanted = page.offset.saturating_add(limit);
    let mut sink = Sink::new(ctx, view::HEADERS.to_vec());
    let keep_ticket = |t: &Ticket| {
        who.as_ref()
            .is_none_or(|w| t.assignee.eq_ignore_ascii_case(w))
            && priorities.as_ref().is_none_or(|p| p.contains(&t.priority))
            && statuses.as_ref().is_none_or(|s| s.contains(&t.status))
    };
    let mut emit = |t: &Ticket, e: Option<&TicketEntry>| {
        let req = view::requester(&r, t);
        sink.push(|| view::row(t, e, &req, now), || view::ticket_json(t, now))
    };
    if from_queue {
        let after = match &page.after {
            Some(x) => Some(ticket_id(x)?),
            None => None,
        };
        let mut seen_after = after.is_none();
        let entries = r.ticket_queue(
            until,
            &mut |e| {
                if !seen_after {
                    seen_after = Some(e.id) == after;
                    return false;
                }
                who.as_ref()
                    .is_none_or(|w| e.assignee.eq_ignore_ascii_case(w))
                    && priorities.as_ref().is_none_or(|p| p.contains(&e.priority))
                    && statuses.as_ref().is_none_or(|s| s.contains(&e.status))
                    && (!a.breached || e.due_ms <= now_ms)
            },
            wanted,
        )?;
        for e in entries.iter().skip(page.offset) {
            let Some(t) = r.get::<Ticket>(e.id)? else {
                continue;
            };
            if !emit(&t, Some(e)) {
                break;
            }
        }
    } else {
        if a.breached || a.due_within.is_some() {
            return Err(Error::invalid(
                "status",
                "--breached and --due-within look at unsolved tickets only",
            )
            .into());
        }
        let mut keep = |t: &Ticket| keep_ticket(t);
        for t in r.tickets_newest(&mut keep, page.offset, limit)? {
            if !emit(&t, None) {
                break;
            }
        }
    }
    sink.finish("no tickets match")
}
