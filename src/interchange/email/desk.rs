//! Email to the service desk: a message to a support address (To, Cc or Delivered-To)
//! that is not from one threads onto its ticket through [`ops::ticket`] (so waiting
//! and solved tickets reopen, and a closed one gets a follow-up) or opens a new ticket;
//! our own Sent copy of a reply counts as the agent's reply. Machine mail (auto-replies,
//! bounces, lists) never opens a ticket and never moves one: on a ticket's thread it is
//! logged with no status or SLA change, elsewhere it goes back to plain logging.
//!
//! Runs inside the caller's write transaction after the Message-ID was found new;
//! reads through indexes only ([`super::thread`]).

use serde::Serialize;

use super::automated::Automated;
use super::log::{LogOptions, MailOutcome, Matched, honour_unsubscribe, match_person};
use super::message::Mail;
use super::thread::{self, Found};
use crate::error::Result;
use crate::model::{
    Activity, ActivityKind, Channel, Contact, Direction, Ticket, TicketStatus, words,
};
use crate::ops;
use crate::ops::ticket::Message;
use crate::store::{Queries, Tx};

/// Where a message goes.
#[derive(Debug)]
pub enum Route {
    /// Handled here.
    Done(MailOutcome),
    /// Not the desk's: log it on its contacts as always.
    Plain,
    /// Machine mail to the desk on no ticket's thread: log it plainly, without making
    /// contacts, and say why it has no ticket.
    Automated(Automated),
}

/// What a message did to a ticket.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum TicketAction {
    /// Opened a new ticket.
    Opened,
    /// A customer's message on an open ticket's thread.
    Threaded,
    /// A customer's message on a closed ticket: opened a linked follow-up.
    FollowUp,
    /// Our Sent copy: counted as the agent's reply.
    AgentReply,
    /// Logged on the thread with no status or SLA change (machine mail, or our copy of a
    /// reply on a closed ticket).
    OnThread,
}

/// A message logged on a ticket.
#[derive(Debug, Clone, Serialize)]
pub struct TicketMail {
    /// What it did.
    pub action: TicketAction,
    /// The ticket it is on (`S-id`).
    pub ticket: u64,
    /// The activity (`A-id`).
    pub activity: u64,
    /// Its subject.
    pub subject: String,
    /// The ticket's status before (none when opened now).
    pub before: Option<TicketStatus>,
    /// The ticket's status after.
    pub status: TicketStatus,
    /// The closed ticket it followed up.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub follow_up_of: Option<u64>,
    /// Why it moved nothing, when a machine sent it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub automated: Option<Automated>,
    /// Contacts it is on.
    pub contacts: Vec<u64>,
    /// Contacts created for it.
    pub created: Vec<u64>,
    /// Addresses added to the ticket's cc.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub cc_added: Vec<String>,
    /// A ticket its subject named whose token was ignored: the sender is not on it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ignored_token: Option<u64>,
    /// Whether the body was cut to 20 kB.
    pub truncated: bool,
}

impl TicketMail {
    /// Where it went, in a few words: "opened S-14", "threaded onto S-12 (reopened)".
    pub fn summary(&self) -> String {
        let t = self.ticket;
        match self.action {
            TicketAction::Opened => format!("opened S-{t}"),
            TicketAction::Threaded => {
                let reopened = self.before.is_some_and(|b| {
                    matches!(
                        b,
                        TicketStatus::Pending | TicketStatus::OnHold | TicketStatus::Solved
                    )
                }) && self.status == TicketStatus::Open;
                if reopened {
                    format!("threaded onto S-{t} (reopened)")
                } else {
                    format!("threaded onto S-{t} (still {})", self.status.as_str())
                }
            }
            TicketAction::FollowUp => format!(
                "S-{} is closed: opened follow-up S-{t}",
                self.follow_up_of.unwrap_or_default()
            ),
            TicketAction::AgentReply => {
                format!(
                    "our reply threaded onto S-{t} (now {})",
                    self.status.as_str()
                )
            }
            TicketAction::OnThread => match self.automated {
                Some(why) => format!(
                    "{}: logged on S-{t}'s thread (status and SLA unchanged)",
                    why.as_str()
                ),
                None => format!(
                    "our reply logged on S-{t}'s thread (it is {}; status unchanged)",
                    self.status.as_str()
                ),
            },
        }
    }

    /// The outcome in words, one line each.
    pub fn lines(&self) -> Vec<String> {
        let mut first = format!(
            "{}: A-{} \"{}\"",
            self.summary(),
            self.activity,
            self.subject
        );
        if !self.contacts.is_empty() {
            let ids: Vec<String> = self.contacts.iter().map(|c| format!("C-{c}")).collect();
            first.push_str(&format!(" on {}", ids.join(", ")));
        }
        let mut out = vec![first];
        if let Some(n) = self.ignored_token {
            out.push(format!(
                "the subject names S-{n}, but the sender is neither its requester nor on its cc: \
                 not threaded there"
            ));
        }
        if !self.created.is_empty() {
            let ids: Vec<String> = self.created.iter().map(|c| format!("C-{c}")).collect();
            out.push(format!(
                "created {} {}",
                words::noun(self.created.len(), "contact"),
                ids.join(", ")
            ));
        }
        if !self.cc_added.is_empty() {
            out.push(format!(
                "added to S-{}'s cc: {}",
                self.ticket,
                self.cc_added.join(", ")
            ));
        }
        if self.truncated {
            out.push("the body was cut to its first 20 kB".into());
        }
        out
    }
}

/// Decides where `mail` goes and, when it is the desk's, logs it.
pub fn route(tx: &mut Tx, mail: &Mail, opts: &LogOptions) -> Result<Route> {
    if opts.support.is_empty() {
        return Ok(Route::Plain);
    }
    if opts.is_support(&mail.from.email) {
        return our_copy(tx, mail, opts);
    }
    let to_desk = mail
        .recipient_emails()
        .chain(mail.delivered_to.iter().map(String::as_str))
        .any(|e| opts.is_support(e));
    if !to_desk {
        return Ok(Route::Plain);
    }
    let found = thread::find(tx, mail)?;
    if let Some(why) = mail.automated {
        let Some((id, _)) = found else {
            return Ok(Route::Automated(why));
        };
        let id = thread::live_follow_up(tx, id)?;
        return quietly(tx, mail, opts, id, Direction::Inbound, Some(why));
    }
    customer(tx, mail, opts, found).map(|t| Route::Done(MailOutcome::Ticket(t)))
}

/// The message as a thread message, on `contacts` besides the requester.
fn message(mail: &Mail, contacts: Vec<u64>) -> Message {
    Message {
        subject: mail.subject.clone(),
        body: mail.body.clone(),
        at: mail.date,
        kind: ActivityKind::Email,
        external_id: Some(mail.message_id.clone()),
        contacts,
    }
}

/// The existing contacts among the message's addresses that are not ours.
fn known_contacts(tx: &mut Tx, mail: &Mail, opts: &LogOptions) -> Result<Vec<u64>> {
    let mut out = Vec::new();
    for p in std::iter::once(&mail.from).chain(&mail.recipients) {
        if !opts.is_own(&p.email)
            && let Some(id) = tx.contact_by_email(&p.email)?
            && !out.contains(&id)
        {
            out.push(id);
        }
    }
    Ok(out)
}

fn outcome(
    action: TicketAction,
    ticket: &Ticket,
    before: Option<TicketStatus>,
    a: &Activity,
    mail: &Mail,
) -> TicketMail {
    TicketMail {
        action,
        ticket: ticket.id,
        activity: a.id,
        subject: a.subject.clone(),
        before,
        status: ticket.status,
        follow_up_of: None,
        automated: None,
        contacts: a.contacts.clone(),
        created: Vec::new(),
        cc_added: Vec::new(),
        ignored_token: None,
        truncated: mail.truncated,
    }
}

/// Logs `mail` on ticket `id`'s thread without an event: its status and clocks stay.
fn quietly(
    tx: &mut Tx,
    mail: &Mail,
    opts: &LogOptions,
    id: u64,
    direction: Direction,
    why: Option<Automated>,
) -> Result<Route> {
    let contacts = known_contacts(tx, mail, opts)?;
    let a = ops::ticket::log_on_thread_in(tx, id, message(mail, contacts), direction)?;
    let t: Ticket = tx.require(id)?;
    let mut o = outcome(TicketAction::OnThread, &t, Some(t.status), &a, mail);
    o.automated = why;
    Ok(Route::Done(MailOutcome::Ticket(o)))
}

/// A message from a support address: our copy of a reply. On a ticket's thread it is
/// the agent's reply (logged once: a reply rolo sent carries the Message-ID it logged);
/// elsewhere it is plain outbound mail.
fn our_copy(tx: &mut Tx, mail: &Mail, opts: &LogOptions) -> Result<Route> {
    let Some(id) = thread::by_headers(tx, mail)? else {
        return Ok(Route::Plain);
    };
    let id = thread::live_follow_up(tx, id)?;
    let before: Ticket = tx.require(id)?;
    if before.status == TicketStatus::Closed || mail.automated.is_some() {
        return quietly(tx, mail, opts, id, Direction::Outbound, mail.automated);
    }
    let contacts = known_contacts(tx, mail, opts)?;
    let (t, a) = ops::ticket::reply_in(tx, id, message(mail, contacts), None)?;
    Ok(Route::Done(MailOutcome::Ticket(outcome(
        TicketAction::AgentReply,
        &t,
        Some(before.status),
        &a,
        mail,
    ))))
}

/// The contact `m` names, remembering it in `created` when it was made now.
fn noted(m: Matched, created: &mut Vec<u64>) -> Option<u64> {
    if let Matched::Created(id) = m {
        created.push(id);
    }
    m.id()
}

/// A customer's message: threaded onto `found`, else a new ticket.
fn customer(
    tx: &mut Tx,
    mail: &Mail,
    opts: &LogOptions,
    found: Option<(u64, Found)>,
) -> Result<TicketMail> {
    let mut created = Vec::new();
    // The sender is always a contact (a ticket needs its requester); the people copied
    // become contacts only with --create-contacts, as in plain logging.
    // An address rolo would refuse on a contact (`root@localhost`) makes none.
    let usable = |e: &str| ops::normalize_email(e).is_ok();
    let sender = if opts.is_own(&mail.from.email) {
        None
    } else {
        let m = match_person(tx, &mail.from, usable(&mail.from.email))?;
        noted(m, &mut created)
    };
    let mut cc_contacts = Vec::new();
    let mut cc: Vec<String> = Vec::new();
    for p in &mail.recipients {
        if opts.is_support(&p.email) || !usable(&p.email) {
            continue;
        }
        cc.push(p.email.clone());
        if opts.is_own(&p.email) {
            continue;
        }
        let m = match_person(tx, p, opts.create_contacts)?;
        if let Some(id) = noted(m, &mut created)
            && !cc_contacts.contains(&id)
        {
            cc_contacts.push(id);
        }
    }
    let mut out = match found {
        Some((id, _)) => threaded(
            tx,
            mail,
            thread::live_follow_up(tx, id)?,
            sender,
            cc_contacts,
            cc,
        )?,
        None => opened(tx, mail, sender, cc_contacts, cc)?,
    };
    out.created = created;
    honour_unsubscribe(tx, mail)?;
    Ok(out)
}

/// A customer's message on ticket `id`: through [`ops::ticket::customer_message_in`],
/// then the people it copies join the ticket's cc.
fn threaded(
    tx: &mut Tx,
    mail: &Mail,
    id: u64,
    sender: Option<u64>,
    cc_contacts: Vec<u64>,
    cc: Vec<String>,
) -> Result<TicketMail> {
    let before: Ticket = tx.require(id)?;
    let mut contacts: Vec<u64> = sender
        .filter(|s| Some(*s) != before.requester)
        .into_iter()
        .collect();
    for c in cc_contacts {
        if !contacts.contains(&c) {
            contacts.push(c);
        }
    }
    let got = ops::ticket::customer_message_in(tx, id, message(mail, contacts))?;
    let requester_emails: Vec<String> = match got.ticket.requester {
        Some(r) => tx
            .get::<Contact>(r)?
            .map(|c| c.emails.iter().map(|e| e.value.to_lowercase()).collect())
            .unwrap_or_default(),
        None => Vec::new(),
    };
    let mut added: Vec<String> = Vec::new();
    for e in cc {
        if !requester_emails.contains(&e)
            && !got.ticket.cc.iter().any(|c| c.eq_ignore_ascii_case(&e))
            && !added.contains(&e)
        {
            added.push(e);
        }
    }
    let ticket = if added.is_empty() {
        got.ticket
    } else {
        let more = added.clone();
        ops::update_in(tx, got.ticket.id, move |t: &mut Ticket| {
            t.cc.extend(more);
            Ok(())
        })?
    };
    let (action, before_status) = match got.follow_up_of {
        Some(_) => (TicketAction::FollowUp, None),
        None => (TicketAction::Threaded, Some(before.status)),
    };
    let mut out = outcome(action, &ticket, before_status, &got.activity, mail);
    out.follow_up_of = got.follow_up_of;
    out.cc_added = added;
    Ok(out)
}

/// A new ticket from a customer's first message.
fn opened(
    tx: &mut Tx,
    mail: &Mail,
    sender: Option<u64>,
    cc_contacts: Vec<u64>,
    cc: Vec<String>,
) -> Result<TicketMail> {
    let mut ignored_token = None;
    for n in thread::subject_tokens(&mail.subject) {
        if tx.get::<Ticket>(n)?.is_some() {
            ignored_token = Some(n);
            break;
        }
    }
    let ticket = Ticket {
        subject: thread::bare_subject(&mail.subject),
        requester: sender,
        channel: Channel::Email,
        cc,
        ..Ticket::default()
    };
    let (t, a) = ops::ticket::open_in(tx, ticket, Some(message(mail, cc_contacts)))?;
    let a = a.ok_or_else(|| crate::Error::Storage("the first message was not logged".into()))?;
    let mut out = outcome(TicketAction::Opened, &t, None, &a, mail);
    out.ignored_token = ignored_token;
    Ok(out)
}
