//! Email out: a ticket reply composed as a message from the first support address to
//! the requester (the ticket's cc copied), threaded under the customer's messages and
//! marked `[S-12]`, piped to `send_command`, and logged as the agent's reply only once
//! the command has accepted it. Its Message-ID is the activity's external id, so the
//! copy in the Sent folder is recognised when a mailbox is imported.
//!
//! No write transaction is open while the command runs (DESIGN.md §4): the ticket is
//! read and checked first, then the message is sent, then the reply is written.

use std::io::Write;
use std::process::{Command, Stdio};

use super::compose::Outgoing;
use crate::config::Settings;
use crate::model::text::sanitize;
use crate::model::{
    Activity, ActivityKind, Contact, Direction, Kind, RecordId, Ticket, TicketStatus,
};
use crate::ops::ticket::{self as ops_ticket, Message};
use crate::store::{Queries, Store};

/// How many of the thread's Message-IDs go into References (the newest).
const MAX_REFERENCES: usize = 20;

/// How much of a failed command's output an error quotes.
const OUTPUT_SHOWN: usize = 600;

/// Why a reply was not sent or not logged.
#[derive(Debug, thiserror::Error)]
pub enum SendError {
    /// No support address to send from.
    #[error(
        "no support_emails in config.toml, so a reply has no From address; add \
         support_emails = [\"support@example.com\"]; nothing was sent or logged"
    )]
    NoSupportAddress,
    /// Nobody to send to.
    #[error(
        "S-{ticket} has no requester with an email address; set one with \
         `rolo ticket edit S-{ticket} --requester EMAIL`; nothing was sent or logged"
    )]
    NoRecipient {
        /// The ticket.
        ticket: u64,
    },
    /// The command could not be started.
    #[error(
        "send_command `{command}` could not start: {source}; check send_command in \
         config.toml and that the program is installed; nothing was sent or logged"
    )]
    Spawn {
        /// The command as configured.
        command: String,
        /// The OS error.
        source: std::io::Error,
    },
    /// The command refused the message.
    #[error(
        "send_command `{command}` failed ({status}){}; the reply was not sent and \
         nothing was logged",
        if output.is_empty() { String::new() } else { format!(": {output}") }
    )]
    Failed {
        /// The command as configured.
        command: String,
        /// Its exit status.
        status: String,
        /// What it wrote on stderr (stdout when stderr was empty), shortened.
        output: String,
    },
    /// Sent, but the reply could not be written.
    #[error(
        "the reply to S-{ticket} was sent (Message-ID <{message_id}>) but could not be \
         logged: {source}; import your Sent folder (rolo import mbox) to log it"
    )]
    NotLogged {
        /// The ticket.
        ticket: u64,
        /// The message sent.
        message_id: String,
        /// Why the write failed.
        source: crate::Error,
    },
    /// The ticket cannot take the reply (closed, a refused status), or a read failed.
    #[error(transparent)]
    Store(#[from] crate::Error),
}

/// The Message-IDs of the customer's messages on ticket `id`'s thread, oldest first
/// (stand-ins rolo made up for messages without one are left out).
fn thread_ids<Q: Queries>(q: &Q, id: u64) -> crate::Result<Vec<String>> {
    let ids = q.timeline_ids(RecordId::new(Kind::Ticket, id), 200)?;
    let mut out: Vec<String> = q
        .activities(&ids)?
        .into_iter()
        .filter(|a: &Activity| {
            a.kind == ActivityKind::Email && a.direction == Some(Direction::Inbound)
        })
        .filter_map(|a| a.external_id)
        .filter(|m| !m.ends_with("@no-message-id"))
        .take(MAX_REFERENCES)
        .collect();
    out.reverse();
    Ok(out)
}

/// The message for a reply to `t`, or why there can be none.
fn compose<Q: Queries>(
    q: &Q,
    settings: &Settings,
    t: &Ticket,
    body: &str,
    now: crate::model::Instant,
) -> Result<Outgoing, SendError> {
    let from = settings
        .support_addresses()
        .into_iter()
        .next()
        .ok_or(SendError::NoSupportAddress)?;
    let requester: Option<Contact> = match t.requester {
        Some(c) => q.get(c)?,
        None => None,
    };
    let (name, to) = requester
        .as_ref()
        .and_then(|c| {
            Some((
                c.name.clone(),
                c.emails.first()?.value.trim().to_lowercase(),
            ))
        })
        .filter(|(_, e)| e.contains('@'))
        .ok_or(SendError::NoRecipient { ticket: t.id })?;
    let domain = from.rsplit('@').next().unwrap_or("localhost");
    Ok(Outgoing {
        from: from.clone(),
        to: vec![(Some(name), to.clone())],
        cc: t
            .cc
            .iter()
            .filter(|c| !c.eq_ignore_ascii_case(&to) && !settings.support_addresses().contains(c))
            .cloned()
            .collect(),
        subject: format!("Re: [S-{}] {}", t.id, t.subject),
        message_id: format!("s{}.{:016x}@{domain}", t.id, fastrand::u64(..)),
        references: thread_ids(q, t.id)?,
        date: now,
        body: body.to_string(),
    })
}

/// Pipes `text` to the command; Ok when it exits 0.
fn run(command: &str, argv: &[String], text: &str) -> Result<(), SendError> {
    let spawn = |source| SendError::Spawn {
        command: command.to_string(),
        source,
    };
    let (program, args) = argv
        .split_first()
        .ok_or_else(|| spawn(std::io::Error::other("the command is empty")))?;
    let mut child = Command::new(program)
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(spawn)?;
    // Written from a thread: a command that talks before it reads must not deadlock.
    let writer = child.stdin.take().map(|mut stdin| {
        let bytes = text.as_bytes().to_vec();
        std::thread::spawn(move || {
            // A command that exits without reading is judged by its exit status.
            let _ = stdin.write_all(&bytes);
        })
    });
    let out = child.wait_with_output().map_err(spawn)?;
    if let Some(w) = writer {
        let _ = w.join();
    }
    if out.status.success() {
        return Ok(());
    }
    let said = if out.stderr.iter().all(u8::is_ascii_whitespace) {
        &out.stdout
    } else {
        &out.stderr
    };
    let said = String::from_utf8_lossy(said);
    let said = sanitize(said.trim());
    Err(SendError::Failed {
        command: command.to_string(),
        status: out.status.to_string(),
        output: crate::interchange::error::shorten(&said, OUTPUT_SHOWN),
    })
}

/// Replies to ticket `ticket_id` by email: composes the message, pipes it to
/// `send_command`, and logs it as the agent's reply (moving the ticket to `status`
/// when given) only when the command exits 0. Without `send_command` the reply is
/// logged and not sent; the `bool` says whether it was sent.
pub fn reply_by_email(
    store: &Store,
    settings: &Settings,
    ticket_id: u64,
    body: &str,
    status: Option<TicketStatus>,
) -> Result<(Ticket, Activity, bool), SendError> {
    let r = store.read()?;
    let t: Ticket = r.require(ticket_id)?;
    ops_ticket::reply_status(&t, status)?;
    let subject = format!("Re: [S-{}] {}", t.id, t.subject);
    let Some(argv) = settings.send_argv() else {
        drop(r);
        let m = Message {
            subject,
            body: body.to_string(),
            kind: ActivityKind::Email,
            ..Message::default()
        };
        let (t, a) = ops_ticket::reply(store, ticket_id, m, status)?.value;
        return Ok((t, a, false));
    };
    let out = compose(&r, settings, &t, body, store.now())?;
    let mut contacts = Vec::new();
    for c in &out.cc {
        if let Some(id) = r.contact_by_email(c)? {
            contacts.push(id);
        }
    }
    drop(r);
    let command = settings.send_command.clone().unwrap_or_default();
    run(&command, &argv, &out.render())?;
    let m = Message {
        subject,
        body: body.to_string(),
        kind: ActivityKind::Email,
        external_id: Some(out.message_id.clone()),
        contacts,
        ..Message::default()
    };
    let (t, a) = ops_ticket::reply(store, ticket_id, m, status)
        .map_err(|source| SendError::NotLogged {
            ticket: ticket_id,
            message_id: out.message_id.clone(),
            source,
        })?
        .value;
    Ok((t, a, true))
}
