//! The service desk's operations: opening a ticket, the customer's messages and the
//! agents' replies and notes on its thread, status, priority and assignee changes, and
//! closing solved tickets after some days. Each appends to the ticket's event history,
//! from which its SLA clocks are recomputed ([`super::ticket_check`]).

use super::activity::log_in;
use super::record::{add_in, update_in};
use crate::error::{Error, Result};
use crate::model::*;
use crate::store::{Committed, Queries, Store, TicketReads, Tx};

/// A message on a ticket's thread, before it is logged as an activity.
#[derive(Debug, Clone, Default)]
pub struct Message {
    /// One line (an email's subject).
    pub subject: String,
    /// The text.
    pub body: String,
    /// When it was sent or received (now when unset).
    pub at: Option<Instant>,
    /// Email, call or note.
    pub kind: ActivityKind,
    /// The Message-ID of an email, for idempotence and threading.
    pub external_id: Option<String>,
    /// People on it besides the requester (an email's Cc'd contacts).
    pub contacts: Vec<u64>,
}

/// Opens a ticket, with the customer's first message when there is one.
pub fn open_ticket(
    store: &Store,
    ticket: Ticket,
    first: Option<Message>,
) -> Result<Committed<(Ticket, Option<Activity>)>> {
    store.write("ticket.add", |tx| open_in(tx, ticket, first))
}

/// [`open_ticket`] inside an open transaction (an email import).
pub fn open_in(
    tx: &mut Tx,
    mut ticket: Ticket,
    first: Option<Message>,
) -> Result<(Ticket, Option<Activity>)> {
    if let Some(at) = first.as_ref().and_then(|m| m.at)
        && ticket.created == Instant::default()
    {
        ticket.created = at;
    }
    let t = add_in(tx, ticket)?;
    let Some(m) = first else {
        return Ok((t, None));
    };
    let a = thread_in(tx, &t, m, Some(Direction::Inbound))?;
    Ok((tx.require(t.id)?, Some(a)))
}

/// Logs `m` on the ticket's thread as an activity, on the requester's and company's
/// timelines too (a note stays on the ticket alone).
fn thread_in(
    tx: &mut Tx,
    t: &Ticket,
    m: Message,
    direction: Option<Direction>,
) -> Result<Activity> {
    let public = direction.is_some();
    let mut contacts = Vec::new();
    if public {
        contacts.extend(t.requester);
        for c in m.contacts {
            if !contacts.contains(&c) {
                contacts.push(c);
            }
        }
    }
    let subject = if m.subject.trim().is_empty() {
        format!("[S-{}] {}", t.id, t.subject)
    } else {
        m.subject
    };
    log_in(
        tx,
        Activity {
            kind: m.kind,
            subject,
            body: m.body,
            at: m.at.unwrap_or_default(),
            direction,
            contacts,
            company: if public { t.company } else { None },
            deal: if public { t.deal } else { None },
            ticket: Some(t.id),
            external_id: m.external_id,
            ..Activity::default()
        },
    )
}

/// Logs `m` on ticket `id`'s thread with no event: its status and SLA clocks stay as
/// they are (an auto-reply or bounce on the thread, our copy of a reply to a closed
/// ticket).
pub fn log_on_thread_in(
    tx: &mut Tx,
    id: u64,
    m: Message,
    direction: Direction,
) -> Result<Activity> {
    let t: Ticket = tx.require(id)?;
    thread_in(tx, &t, m, Some(direction))
}

/// What a customer's message did: threaded onto the ticket (reopening it when it
/// waited or was solved), or opened a follow-up of a closed one.
#[derive(Debug, Clone)]
pub struct Received {
    /// The ticket the message is now on.
    pub ticket: Ticket,
    /// The message as logged.
    pub activity: Activity,
    /// The closed ticket it followed up, when it opened a new one.
    pub follow_up_of: Option<u64>,
}

/// The customer wrote on ticket `id`: logged inbound; pending, on-hold and solved
/// tickets reopen; on a closed ticket it opens a linked follow-up instead.
pub fn customer_message_in(tx: &mut Tx, id: u64, m: Message) -> Result<Received> {
    let t: Ticket = tx.require(id)?;
    let at = m.at.unwrap_or_else(|| tx.now());
    let Some(next) = t.status.on_customer_message() else {
        let follow = Ticket {
            subject: t.subject.clone(),
            requester: t.requester,
            company: t.company,
            deal: t.deal,
            priority: t.priority,
            assignee: t.assignee.clone(),
            channel: t.channel,
            tags: t.tags.clone(),
            custom: t.custom.clone(),
            cc: t.cc.clone(),
            follow_up_of: Some(t.id),
            ..Ticket::default()
        };
        let (ticket, activity) = open_in(tx, follow, Some(Message { at: Some(at), ..m }))?;
        tx.describe(format!(
            "S-{} is closed: opened follow-up S-{}",
            t.id, ticket.id
        ));
        return Ok(Received {
            ticket,
            activity: activity.ok_or_else(|| Error::Storage("message not logged".into()))?,
            follow_up_of: Some(t.id),
        });
    };
    let activity = thread_in(
        tx,
        &t,
        Message { at: Some(at), ..m },
        Some(Direction::Inbound),
    )?;
    let ticket = update_in(tx, id, |t: &mut Ticket| {
        happened(t, at, EventKind::CustomerMessage, next);
        Ok(())
    })?;
    Ok(Received {
        ticket,
        activity,
        follow_up_of: None,
    })
}

/// Records `what` at `at` on the ticket, then its move to `to` (when it moves), so the
/// history says both at the message's time.
fn happened(t: &mut Ticket, at: Instant, what: EventKind, to: TicketStatus) {
    t.events.push(TicketEvent { at, what });
    if t.status != to {
        t.events.push(TicketEvent {
            at,
            what: EventKind::Status { to },
        });
        t.status = to;
    }
}

/// [`customer_message_in`] as one operation.
pub fn customer_message(store: &Store, id: u64, m: Message) -> Result<Committed<Received>> {
    store.write("ticket.message", |tx| customer_message_in(tx, id, m))
}

/// An agent's public reply: logged outbound, counted as the first or next reply. The
/// ticket moves to `status` when given, else a new ticket becomes open.
pub fn reply(
    store: &Store,
    id: u64,
    m: Message,
    status: Option<TicketStatus>,
) -> Result<Committed<(Ticket, Activity)>> {
    store.write("ticket.reply", |tx| reply_in(tx, id, m, status))
}

/// [`reply`] inside an open transaction.
pub fn reply_in(
    tx: &mut Tx,
    id: u64,
    m: Message,
    status: Option<TicketStatus>,
) -> Result<(Ticket, Activity)> {
    let t: Ticket = tx.require(id)?;
    let to = reply_status(&t, status)?;
    let at = m.at.unwrap_or_else(|| tx.now());
    let activity = thread_in(
        tx,
        &t,
        Message { at: Some(at), ..m },
        Some(Direction::Outbound),
    )?;
    let ticket = update_in(tx, id, |t: &mut Ticket| {
        happened(t, at, EventKind::AgentReply, to);
        if t.assignee.is_empty() {
            t.assignee = activity.author.clone();
        }
        Ok(())
    })?;
    tx.describe(format!("replied on S-{id} {}", ticket.subject));
    Ok((ticket, activity))
}

/// The status a reply to `t` leaves it in (`status`, else open when it was new, else
/// unchanged), or why `t` takes no reply: closed, or a move the state machine refuses.
/// Checked before a reply is sent, so nothing goes out that cannot be logged.
pub fn reply_status(t: &Ticket, status: Option<TicketStatus>) -> Result<TicketStatus> {
    let id = t.id;
    if t.status == TicketStatus::Closed {
        return Err(Error::Conflict(format!(
            "S-{id} is closed; a reply to it belongs on a follow-up ticket \
             (rolo ticket add --follow-up S-{id})"
        )));
    }
    let to = status.unwrap_or(match t.status {
        TicketStatus::New => TicketStatus::Open,
        s => s,
    });
    check_move(t, to)?;
    Ok(to)
}

/// An internal note on the ticket's thread: no SLA effect, not on the customer's
/// timeline.
pub fn note(store: &Store, id: u64, body: String) -> Result<Committed<(Ticket, Activity)>> {
    store.write("ticket.note", |tx| {
        let t: Ticket = tx.require(id)?;
        let a = thread_in(
            tx,
            &t,
            Message {
                subject: format!("Note on S-{id}"),
                body,
                ..Message::default()
            },
            None,
        )?;
        // The ticket's `updated` moves: a note is work on it.
        let t = update_in(tx, id, |_: &mut Ticket| Ok(()))?;
        tx.describe(format!("noted on S-{id} {}", t.subject));
        Ok((t, a))
    })
}

fn check_move(t: &Ticket, to: TicketStatus) -> Result<()> {
    if t.status == to || t.status.can_become(to) {
        Ok(())
    } else {
        Err(Error::invalid(
            "status",
            format!(
                "S-{} cannot go from {} to {}: {}",
                t.id,
                t.status.as_str(),
                to.as_str(),
                t.status.refusal(to)
            ),
        ))
    }
}

/// Moves a ticket to `to`, refused with the reason when the state machine forbids it.
pub fn set_status(store: &Store, id: u64, to: TicketStatus) -> Result<Committed<Ticket>> {
    store.write("ticket.status", |tx| set_status_in(tx, id, to))
}

/// [`set_status`] inside an open transaction (rules, the sweep).
pub fn set_status_in(tx: &mut Tx, id: u64, to: TicketStatus) -> Result<Ticket> {
    let t: Ticket = tx.require(id)?;
    if t.status == to {
        return Err(Error::Conflict(format!(
            "S-{id} is already {}",
            to.as_str()
        )));
    }
    check_move(&t, to)?;
    let t = update_in(tx, id, |t: &mut Ticket| {
        t.status = to;
        Ok(())
    })?;
    tx.describe(format!("S-{id} {} is now {}", t.subject, to.as_str()));
    Ok(t)
}

/// Gives a ticket to `who` ("" for nobody).
pub fn assign(store: &Store, id: u64, who: &str) -> Result<Committed<Ticket>> {
    store.write("ticket.assign", |tx| {
        let t = update_in(tx, id, |t: &mut Ticket| {
            t.assignee = who.to_string();
            Ok(())
        })?;
        tx.describe(if t.assignee.is_empty() {
            format!("unassigned S-{id}")
        } else {
            format!("assigned S-{id} to {}", t.assignee)
        });
        Ok(t)
    })
}

/// Changes a ticket's priority (its SLA targets follow).
pub fn set_priority(store: &Store, id: u64, p: TicketPriority) -> Result<Committed<Ticket>> {
    store.write("ticket.priority", |tx| {
        let t = update_in(tx, id, |t: &mut Ticket| {
            t.priority = p;
            Ok(())
        })?;
        tx.describe(format!("S-{id} is now {}", p.as_str()));
        Ok(t)
    })
}

/// One ticket whose deadlines a recompute moved.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Moved {
    /// The ticket.
    pub id: u64,
    /// Its clocks before.
    pub before: SlaClocks,
    /// Its clocks after.
    pub after: SlaClocks,
}

/// Recomputes the SLA clocks of every unsolved ticket from its history under today's
/// policies and calendars; returns the tickets whose clocks changed. Run in the same
/// transaction as any change of a policy or calendar, so no ticket keeps a deadline
/// from a policy that is gone.
pub fn recompute_in(tx: &mut Tx) -> Result<Vec<Moved>> {
    let ids: Vec<u64> = tx
        .ticket_queue(None, &mut |_| true, usize::MAX)?
        .into_iter()
        .map(|e| e.id)
        .collect();
    let moved = recompute_ids(tx, ids)?;
    if !moved.is_empty() {
        tx.describe(format!(
            "recomputed the SLA deadlines of {}",
            words::plural(moved.len() as u64, "ticket")
        ));
    }
    Ok(moved)
}

/// Recomputes the clocks of the unsolved tickets among `ids`; returns those that moved.
fn recompute_ids(tx: &mut Tx, ids: Vec<u64>) -> Result<Vec<Moved>> {
    let policies = super::ticket_check::policies(tx)?;
    let mut moved = Vec::new();
    for id in ids {
        let Some(mut t) = tx.get::<Ticket>(id)? else {
            continue;
        };
        if !t.is_unsolved() {
            continue;
        }
        let after = super::ticket_check::clocks_with(tx, &t, &policies)?;
        if after != t.sla {
            let before = std::mem::replace(&mut t.sla, after);
            tx.put(Record::Ticket(t))?;
            moved.push(Moved { id, before, after });
        }
    }
    Ok(moved)
}

/// Recomputes the clocks of the unsolved tickets linked to `rid` (a company whose tags
/// changed: policies may match on them).
pub fn recompute_linked_in(tx: &mut Tx, rid: RecordId) -> Result<Vec<Moved>> {
    let ids = tx.linked(rid, Kind::Ticket)?;
    recompute_ids(tx, ids)
}

/// Closes tickets solved at or before `cutoff` (the sweep, after N days); returns them.
pub fn close_solved_in(tx: &mut Tx, cutoff: Instant) -> Result<Vec<u64>> {
    let ids = tx.solved_before(cutoff.timestamp_millis(), usize::MAX)?;
    for id in &ids {
        set_status_in(tx, *id, TicketStatus::Closed)?;
    }
    Ok(ids)
}
