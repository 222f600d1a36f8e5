//! Email in and out: `log_email` logs one RFC 5322 message (from `rolo log-email`, a
//! mail client's pipe or hook) as an email activity on the contacts, company and deal it
//! concerns, or on a service ticket when it was sent to a support address;
//! `import_mbox` and `import_maildir` do the same for a whole mailbox in one
//! transaction; `reply_by_email` sends a ticket reply through the user's mail command.
//! Messages are read by `mail-parser`; contacts and threads are found through indexes
//! only, so logging one message stays fast on a large database.

pub mod automated;
pub mod compose;
pub mod desk;
pub mod log;
pub mod mailbox;
pub mod message;
pub mod send;
pub mod thread;

use std::path::Path;

use crate::interchange::error::{InterchangeError, Result};
use crate::store::Store;

pub use automated::Automated;
pub use desk::{TicketAction, TicketMail};
pub use log::{LogOptions, LoggedMail, MailOutcome, log_mail};
pub use mailbox::{MailboxReport, import_maildir, import_mbox};
pub use message::{Mail, MailError, parse_mail};
pub use send::{SendError, reply_by_email};

/// Logs one message. `source` names where it came from in messages ("(stdin)" or the
/// file). A message that concerns no contact is an error that lists the addresses;
/// one logged before is reported, not logged again.
pub fn log_email(
    store: &Store,
    bytes: &[u8],
    source: &Path,
    opts: &LogOptions,
) -> Result<MailOutcome> {
    let bad = |reason: String| InterchangeError::BadRecord {
        path: source.to_path_buf(),
        record: "message".into(),
        reason,
    };
    let mail = match parse_mail(bytes) {
        Ok(m) => m,
        Err(MailError::Empty) => {
            return Err(InterchangeError::Empty {
                path: source.to_path_buf(),
            });
        }
        Err(e) => return Err(bad(e.to_string())),
    };
    let committed = store.write("log.email", |tx| {
        let outcome = log_mail(tx, &mail, opts)?;
        if let MailOutcome::Ticket(t) = &outcome {
            tx.describe(format!(
                "email {}: A-{} {}",
                t.summary(),
                t.activity,
                t.subject
            ));
        }
        if let MailOutcome::Logged(l) = &outcome {
            tx.describe(format!(
                "logged email A-{} {} on {}",
                l.activity,
                l.subject,
                l.contacts
                    .iter()
                    .map(|c| format!("C-{c}"))
                    .collect::<Vec<_>>()
                    .join(", ")
            ));
        }
        Ok(outcome)
    })?;
    match committed.value {
        MailOutcome::NoContact { unknown } => Err(bad(format!(
            "no address in From, To or Cc is a rolo contact (unknown: {}); add them with \
             `rolo contact add`, or pass --create-contacts to create them",
            if unknown.is_empty() {
                "none but your own addresses".to_string()
            } else {
                unknown.join(", ")
            }
        ))),
        other => Ok(other),
    }
}
