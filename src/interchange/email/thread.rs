//! Which ticket an email belongs to: the ticket of a message it answers (In-Reply-To,
//! then References, newest first), else the ticket named by an `[S-12]` token in its
//! subject when the sender is that ticket's requester or on its cc. A token from anyone
//! else is ignored: a subject is easy to forge, a Message-ID rolo logged is not.
//!
//! Every lookup goes through an index (Message-ID → activity, email → contact, ticket →
//! follow-ups); no ticket is scanned. This module reads only.

use crate::error::Result;
use crate::model::{Activity, Kind, RecordId, Ticket, TicketStatus};
use crate::store::{Queries, Tx};

use super::message::Mail;

/// How far a chain of follow-ups is followed before giving up (a guard, not a limit
/// anyone meets).
const MAX_FOLLOW_UPS: usize = 32;

/// How a message found its ticket.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Found {
    /// It answers a message on the ticket's thread.
    Header,
    /// Its subject names the ticket and its sender may do so.
    Token,
}

/// The `S-n` tokens in a subject, in order (`Re: [S-12] Login` → 12).
pub fn subject_tokens(subject: &str) -> Vec<u64> {
    let mut out = Vec::new();
    let mut rest = subject;
    while let Some(open) = rest.find('[') {
        rest = &rest[open + 1..];
        let Some(close) = rest.find(']') else { break };
        let inner = rest[..close].trim();
        if let Some(n) = inner
            .strip_prefix("S-")
            .or_else(|| inner.strip_prefix("s-"))
            .and_then(|n| n.parse::<u64>().ok())
            && !out.contains(&n)
        {
            out.push(n);
        }
    }
    out
}

/// The subject without reply and forward prefixes (`Re:`, `Fwd:`, `AW:`...) and
/// without ticket tokens: a new ticket's subject.
pub fn bare_subject(subject: &str) -> String {
    let mut s = subject.trim().to_string();
    for n in subject_tokens(subject) {
        for token in [format!("[S-{n}]"), format!("[s-{n}]")] {
            s = s.replace(&token, " ");
        }
    }
    let mut s = s.trim();
    'strip: loop {
        for p in ["re", "fwd", "fw", "aw", "wg", "sv", "vs", "antw", "tr", "r"] {
            let Some(head) = s.get(..p.len()) else {
                continue;
            };
            if !head.eq_ignore_ascii_case(p) {
                continue;
            }
            let mut tail = &s[p.len()..];
            // "Re[2]:" as some clients number replies.
            if let Some(t) = tail.strip_prefix('[')
                && let Some(end) = t.find(']')
                && t[..end].chars().all(|c| c.is_ascii_digit())
            {
                tail = &t[end + 1..];
            }
            if let Some(t) = tail.trim_start().strip_prefix(':') {
                s = t.trim_start();
                continue 'strip;
            }
        }
        break;
    }
    let s = s.split_whitespace().collect::<Vec<_>>().join(" ");
    if s.is_empty() {
        "(no subject)".into()
    } else {
        s
    }
}

/// The ticket a message rolo logged belongs to.
fn ticket_of_message(tx: &Tx, message_id: &str) -> Result<Option<u64>> {
    let Some(a) = tx.activity_by_external(message_id)? else {
        return Ok(None);
    };
    let Some(t) = tx.get::<Activity>(a)?.and_then(|a| a.ticket) else {
        return Ok(None);
    };
    Ok(tx.exists(RecordId::new(Kind::Ticket, t))?.then_some(t))
}

/// The ticket of the newest message `mail` answers.
pub fn by_headers(tx: &Tx, mail: &Mail) -> Result<Option<u64>> {
    let ids = mail.in_reply_to.iter().chain(mail.references.iter().rev());
    for id in ids {
        if let Some(t) = ticket_of_message(tx, id)? {
            return Ok(Some(t));
        }
    }
    Ok(None)
}

/// Whether `email` may name ticket `t` by a subject token: the requester (any of their
/// addresses) or an address on its cc.
fn may_name(tx: &Tx, t: &Ticket, email: &str) -> Result<bool> {
    if t.cc.iter().any(|c| c.eq_ignore_ascii_case(email)) {
        return Ok(true);
    }
    Ok(t.requester.is_some() && tx.contact_by_email(email)? == t.requester)
}

/// The first ticket named in the subject that the sender may name.
pub fn by_token(tx: &Tx, mail: &Mail) -> Result<Option<u64>> {
    for n in subject_tokens(&mail.subject) {
        if let Some(t) = tx.get::<Ticket>(n)?
            && may_name(tx, &t, &mail.from.email)?
        {
            return Ok(Some(n));
        }
    }
    Ok(None)
}

/// The ticket a customer's message belongs to, and how it was found.
pub fn find(tx: &Tx, mail: &Mail) -> Result<Option<(u64, Found)>> {
    if let Some(t) = by_headers(tx, mail)? {
        return Ok(Some((t, Found::Header)));
    }
    Ok(by_token(tx, mail)?.map(|t| (t, Found::Token)))
}

/// Where a message to closed ticket `id` goes: its newest follow-up that is not closed
/// (following the chain), else `id` itself (so the message opens a follow-up).
pub fn live_follow_up(tx: &Tx, id: u64) -> Result<u64> {
    let mut at = id;
    for _ in 0..MAX_FOLLOW_UPS {
        let t: Ticket = tx.require(at)?;
        if t.status != TicketStatus::Closed {
            return Ok(at);
        }
        let next = tx
            .linked(RecordId::new(Kind::Ticket, at), Kind::Ticket)?
            .into_iter()
            .max();
        match next {
            Some(n) if n > at => at = n,
            _ => return Ok(at),
        }
    }
    Ok(at)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_and_prefixes_come_off_the_subject() {
        assert_eq!(subject_tokens("Re: [S-12] Login fails"), [12]);
        assert_eq!(subject_tokens("[s-3] x [S-44] [S-x] [S-]"), [3, 44]);
        assert_eq!(subject_tokens("[urgent] no token"), Vec::<u64>::new());
        assert_eq!(bare_subject("Re: RE: Fwd: Login fails"), "Login fails");
        assert_eq!(
            bare_subject("AW: Re[2]: [S-12] Login  fails"),
            "Login fails"
        );
        assert_eq!(bare_subject("Reports are late"), "Reports are late");
        assert_eq!(bare_subject("Re:"), "(no subject)");
    }
}
