//! Whole mailboxes: an mbox file (messages split at `From ` lines, `>From ` unquoted)
//! or a Maildir folder (the files in `cur/` and `new/`), logged in one transaction.
//! Messages already logged are skipped; messages that concern no contact are counted;
//! unreadable messages (no From, binary data) make the import refuse, unless
//! `skip_invalid`, which lists them. Mail to the service desk goes on tickets as with
//! `rolo log-email`, and the report says which ticket each such message went to.

use crate::model::words::plural;
use std::path::{Path, PathBuf};

use serde::Serialize;

use super::desk::TicketAction;
use super::log::{LogOptions, MailOutcome, log_mail};
use super::message::{MailError, parse_mail};
use crate::interchange::error::{InterchangeError, Result, RowError};
use crate::store::Store;

/// What a mailbox import did.
#[derive(Debug, Clone, Default, Serialize)]
pub struct MailboxReport {
    /// Messages read.
    pub messages: usize,
    /// Messages logged now.
    pub logged: usize,
    /// Messages logged before (same Message-ID).
    pub already_logged: usize,
    /// Messages that concern no contact.
    pub no_contact: usize,
    /// Contacts created (with --create-contacts, and the senders of new tickets).
    pub contacts_created: usize,
    /// Tickets opened (follow-ups of closed tickets included).
    pub tickets_opened: usize,
    /// Messages threaded onto existing tickets.
    pub threaded: usize,
    /// Machine mail to the desk (auto-replies, bounces, lists) that opened no ticket:
    /// logged on its contacts, or not logged when it concerns none.
    pub no_ticket: usize,
    /// Where each message to the desk went: "message 3: opened S-14".
    pub tickets: Vec<String>,
    /// Unreadable messages, by line (mbox) or file (Maildir).
    pub skipped: Vec<RowError>,
    /// The revision after the import (none when nothing changed).
    pub revision: Option<u64>,
}

impl MailboxReport {
    /// "120 messages: 80 logged, 30 already logged, 10 with no known contact".
    pub fn summary(&self) -> String {
        let mut s = format!(
            "{}: {} logged, {} already logged, {} with no known contact",
            plural(self.messages, "message"),
            self.logged,
            self.already_logged,
            self.no_contact
        );
        if self.contacts_created > 0 {
            s.push_str(&format!(
                ", {} created",
                plural(self.contacts_created, "contact")
            ));
        }
        if !self.skipped.is_empty() {
            s.push_str(&format!(", {} skipped", self.skipped.len()));
        }
        if self.tickets_opened + self.threaded + self.no_ticket > 0 {
            s.push_str(&format!(
                "; tickets: {} opened, {} threaded onto existing ones, {} machine {} with no ticket",
                self.tickets_opened,
                self.threaded,
                self.no_ticket,
                crate::model::words::noun(self.no_ticket, "message")
            ));
        }
        s
    }
}

/// One message of a mailbox: where it is (line or file) and its bytes.
struct Raw {
    line: u64,
    file: Option<String>,
    bytes: Vec<u8>,
}

/// Splits an mbox at its `From ` separator lines.
fn split_mbox(bytes: &[u8]) -> Vec<Raw> {
    let mut out: Vec<Raw> = Vec::new();
    let mut prev_blank = true;
    for (i, line) in bytes.split_inclusive(|b| *b == b'\n').enumerate() {
        let trimmed = line.strip_suffix(b"\n").unwrap_or(line);
        let trimmed = trimmed.strip_suffix(b"\r").unwrap_or(trimmed);
        if prev_blank && line.starts_with(b"From ") {
            out.push(Raw {
                line: i as u64 + 1,
                file: None,
                bytes: Vec::new(),
            });
        } else if let Some(m) = out.last_mut() {
            // mboxrd: ">From " and ">>From " lose one '>'.
            let body = match line.iter().position(|b| *b != b'>') {
                Some(n) if n > 0 && line[n..].starts_with(b"From ") => &line[1..],
                _ => line,
            };
            m.bytes.extend_from_slice(body);
        }
        prev_blank = trimmed.is_empty();
    }
    out
}

fn log_all(
    store: &Store,
    path: &Path,
    raws: Vec<Raw>,
    opts: &LogOptions,
    skip_invalid: bool,
    op: &str,
) -> Result<MailboxReport> {
    let mut report = MailboxReport {
        messages: raws.len(),
        ..MailboxReport::default()
    };
    let mut mails = Vec::new();
    for (n, r) in raws.into_iter().enumerate() {
        let whose = match &r.file {
            Some(f) => format!("{f}: "),
            None => format!("message {}: ", n + 1),
        };
        match parse_mail(&r.bytes) {
            Ok(m) => mails.push((whose, m)),
            Err(e @ (MailError::Empty | MailError::NotMail(_) | MailError::NoFrom)) => {
                report
                    .skipped
                    .push(RowError::row(r.line, format!("{whose}{e}")));
            }
        }
    }
    if !report.skipped.is_empty() && !skip_invalid {
        return Err(InterchangeError::InvalidRows {
            path: path.to_path_buf(),
            rows: report.skipped,
        });
    }
    let file = path
        .file_name()
        .map(|f| f.to_string_lossy().into_owned())
        .unwrap_or_default();
    let committed = store.write(op, |tx| {
        for (whose, m) in &mails {
            match log_mail(tx, m, opts)? {
                MailOutcome::Logged(l) => {
                    report.logged += 1;
                    report.contacts_created += l.created.len();
                    if let Some(why) = l.no_ticket {
                        report.no_ticket += 1;
                        report
                            .tickets
                            .push(format!("{whose}{}: no ticket", why.as_str()));
                    }
                }
                MailOutcome::Ticket(t) => {
                    report.logged += 1;
                    report.contacts_created += t.created.len();
                    match t.action {
                        TicketAction::Opened | TicketAction::FollowUp => report.tickets_opened += 1,
                        _ => report.threaded += 1,
                    }
                    report.tickets.push(format!("{whose}{}", t.summary()));
                }
                MailOutcome::Ignored { why } => {
                    report.no_ticket += 1;
                    report.tickets.push(format!(
                        "{whose}{}: no ticket, not logged (no known contact)",
                        why.as_str()
                    ));
                }
                MailOutcome::AlreadyLogged { .. } => report.already_logged += 1,
                MailOutcome::NoContact { .. } => report.no_contact += 1,
            }
        }
        tx.describe(format!(
            "logged {} from {file}",
            plural(report.logged, "email")
        ));
        Ok(())
    })?;
    report.revision = committed.changed.then_some(committed.rev);
    Ok(report)
}

/// Imports every message of the mbox file at `path`.
pub fn import_mbox(
    store: &Store,
    path: &Path,
    opts: &LogOptions,
    skip_invalid: bool,
) -> Result<MailboxReport> {
    let bytes = std::fs::read(path).map_err(|source| InterchangeError::Io {
        path: path.to_path_buf(),
        source,
    })?;
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return Err(InterchangeError::Empty {
            path: path.to_path_buf(),
        });
    }
    let raws = split_mbox(&bytes);
    if raws.is_empty() {
        return Err(InterchangeError::Malformed {
            path: path.to_path_buf(),
            line: 1,
            detail: "no \"From \" separator line: this is not an mbox file (for one message, use rolo log-email FILE)".into(),
        });
    }
    log_all(store, path, raws, opts, skip_invalid, "import.mbox")
}

/// Imports every message in the `cur/` and `new/` folders of the Maildir at `dir`.
pub fn import_maildir(
    store: &Store,
    dir: &Path,
    opts: &LogOptions,
    skip_invalid: bool,
) -> Result<MailboxReport> {
    let io = |path: &Path| {
        let path = path.to_path_buf();
        move |source| InterchangeError::Io { path, source }
    };
    let mut files: Vec<PathBuf> = Vec::new();
    let mut found = false;
    for sub in ["cur", "new"] {
        let d = dir.join(sub);
        if !d.is_dir() {
            continue;
        }
        found = true;
        for e in std::fs::read_dir(&d).map_err(io(&d))? {
            let p = e.map_err(io(&d))?.path();
            if p.is_file() {
                files.push(p);
            }
        }
    }
    if !found {
        return Err(InterchangeError::Malformed {
            path: dir.to_path_buf(),
            line: 0,
            detail: "no cur/ or new/ folder: this is not a Maildir".into(),
        });
    }
    files.sort();
    let mut raws = Vec::with_capacity(files.len());
    for f in files {
        let bytes = std::fs::read(&f).map_err(io(&f))?;
        let name = f
            .strip_prefix(dir)
            .unwrap_or(&f)
            .to_string_lossy()
            .into_owned();
        raws.push(Raw {
            line: 0,
            file: Some(name),
            bytes,
        });
    }
    log_all(store, dir, raws, opts, skip_invalid, "import.maildir")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mbox_splits_at_from_lines_and_unquotes() {
        let m = b"From a@x Mon Jan 1 00:00:00 2024\nFrom: a@x\n\n>From here\nbody\n\nFrom b@x Tue\nFrom: b@x\n\nhi\n";
        let r = split_mbox(m);
        assert_eq!(r.len(), 2);
        assert_eq!(r[0].line, 1);
        assert_eq!(r[1].line, 7);
        assert!(String::from_utf8_lossy(&r[0].bytes).contains("\nFrom here\n"));
    }
}
