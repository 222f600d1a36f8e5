//! The service desk's writes from the TUI, run through `rolo::ops::ticket` like every
//! other write: taking or giving a ticket, its status and priority, a note, and the
//! reply to the customer, which goes through [`send_reply`] alone.

use super::write::Written;
use crate::config::Settings;
use crate::model::{Activity, Ticket, TicketPriority, TicketStatus};
use crate::ops::ticket as desk;
use crate::store::Store;

/// One ticket write.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TicketWrite {
    /// Give the ticket to someone ("" for nobody).
    Assign(u64, String),
    /// Move it to a status.
    Status(u64, TicketStatus),
    /// Change its priority.
    Priority(u64, TicketPriority),
    /// Reply to the customer with this text.
    Reply(u64, String),
    /// Add an internal note.
    Note(u64, String),
}

impl TicketWrite {
    /// Runs the write; the message is what the status line says.
    pub fn run(&self, store: &Store, settings: &Settings) -> crate::Result<Written> {
        let msg = |message: String| Written {
            message,
            created: None,
        };
        Ok(match self {
            TicketWrite::Assign(id, who) => {
                let t = desk::assign(store, *id, who)?.value;
                msg(if t.assignee.is_empty() {
                    format!("S-{id} is unassigned")
                } else if t.assignee == store.actor().name {
                    format!("took S-{id} {}", t.subject)
                } else {
                    format!("gave S-{id} to {}", t.assignee)
                })
            }
            TicketWrite::Status(id, to) => {
                let t = desk::set_status(store, *id, *to)?.value;
                msg(format!("S-{id} {} is now {}", t.subject, t.status.as_str()))
            }
            TicketWrite::Priority(id, p) => {
                let t = desk::set_priority(store, *id, *p)?.value;
                msg(format!("S-{id} is now {}", t.priority.as_str()))
            }
            TicketWrite::Reply(id, body) => {
                let (t, a, sent) = send_reply(store, settings, *id, body)?;
                msg(format!(
                    "replied on S-{id} as A-{} (now {}){}",
                    a.id,
                    t.status.as_str(),
                    if sent {
                        ", sent"
                    } else {
                        "; not sent: no send_command in config.toml"
                    }
                ))
            }
            TicketWrite::Note(id, body) => {
                let (_, a) = desk::note(store, *id, body.clone())?.value;
                msg(format!("noted on S-{id} as A-{}", a.id))
            }
        })
    }
}

/// Sends an agent's reply on ticket `id` to its customer through `send_command` and
/// logs it on the thread (a new ticket becomes open); without `send_command` it is
/// logged, not sent (the `bool` says which). Every reply from the TUI goes through here.
pub fn send_reply(
    store: &Store,
    settings: &Settings,
    id: u64,
    body: &str,
) -> crate::Result<(Ticket, Activity, bool)> {
    use crate::interchange::email::{SendError, reply_by_email};
    reply_by_email(store, settings, id, body, None).map_err(|e| match e {
        SendError::Store(e) => e,
        // Not sent, or sent and not logged: the message says which and what to do.
        other => crate::Error::Conflict(other.to_string()),
    })
}
