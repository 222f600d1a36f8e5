//! Consent on record: appending to a contact's consent ledger (GDPR article 7: show
//! who agreed to what, when, how and on which wording), keeping the contact's own
//! consent field on the latest marketing-email event, and telling an unsubscribe
//! request in an inbound email. The ledger is append-only: a mistake is corrected by a
//! newer event, never by editing or undoing an old one.

use crate::error::{Error, Result};
use crate::model::consent::{MARKETING_EMAIL, state_word};
use crate::model::{
    Consent, ConsentEvent, ConsentSource, ConsentState, Contact, Instant, Kind, LawfulBasis,
    RecordId,
};
use crate::store::{Committed, Queries, Store, Tx};

/// The change-log operation of a consent event.
pub const OP: &str = "contact.consent";

/// A consent event to record (the contact, user and sequence are filled in).
#[derive(Debug, Clone)]
pub struct Given {
    /// Opted in, not specified or opted out.
    pub state: ConsentState,
    /// What for; [`MARKETING_EMAIL`] when empty.
    pub purpose: String,
    /// One of the contact's addresses, or none for all of them.
    pub email: Option<String>,
    /// The lawful basis.
    pub basis: Option<LawfulBasis>,
    /// Where it came from.
    pub source: ConsentSource,
    /// The wording shown, or its version.
    pub wording: Option<String>,
    /// When it was given (now when none).
    pub at: Option<Instant>,
}

/// Records `given` for contact `id` as one operation.
pub fn record(store: &Store, id: u64, given: Given) -> Result<Committed<ConsentEvent>> {
    store.write(OP, |tx| record_in(tx, id, given))
}

/// [`record`] inside an open transaction.
pub fn record_in(tx: &mut Tx, id: u64, given: Given) -> Result<ConsentEvent> {
    let contact: Contact = tx
        .get(id)?
        .ok_or(Error::NotFound(RecordId::new(Kind::Contact, id)))?;
    let email = match given.email.as_deref().map(str::trim) {
        None | Some("") => None,
        Some(e) => match contact
            .emails
            .iter()
            .find(|x| x.value.eq_ignore_ascii_case(e))
        {
            Some(x) => Some(x.value.clone()),
            None => {
                return Err(Error::invalid(
                    "email",
                    format!(
                        "{e} is not an address of C-{id}; leave --email out to cover all of them"
                    ),
                ));
            }
        },
    };
    let purpose = match given.purpose.trim() {
        "" => MARKETING_EMAIL.to_string(),
        p => p.to_lowercase(),
    };
    let event = tx.append_consent(ConsentEvent {
        contact: id,
        seq: 0,
        email,
        purpose: purpose.clone(),
        state: given.state,
        basis: given.basis,
        source: given.source,
        at: given.at.unwrap_or(tx.now()),
        wording: given.wording.filter(|w| !w.trim().is_empty()),
        user: tx.actor().name.clone(),
    })?;
    if purpose == MARKETING_EMAIL {
        let consent = Consent {
            state: given.state,
            at: Some(event.at),
            source: Some(given.source.as_str().to_string()),
        };
        if contact.consent != consent {
            let mut c = contact;
            c.consent = consent;
            c.updated = tx.now();
            tx.put(crate::model::Record::Contact(c))?;
        }
    }
    tx.describe(format!(
        "recorded consent of C-{id}: {purpose} {} ({})",
        state_word(event.state),
        event.source.as_str()
    ));
    Ok(event)
}

/// Whether an inbound message asks to stop receiving email: its subject or first line
/// says unsubscribe (what a List-Unsubscribe mailto action sends), or it is a one-click
/// List-Unsubscribe request.
pub fn is_unsubscribe(subject: &str, body: &str) -> bool {
    let s = subject.trim().to_lowercase();
    let first = body
        .lines()
        .map(str::trim)
        .find(|l| !l.is_empty())
        .unwrap_or("")
        .to_lowercase();
    let asks = |t: &str| {
        let t = t.trim_end_matches(['.', '!']);
        t == "unsubscribe"
            || t == "stop"
            || t.starts_with("unsubscribe ")
            || t.contains("unsubscribe me")
            || t.contains("please unsubscribe")
            || t.contains("remove me from your")
            || t.contains("opt me out")
    };
    asks(&s) || asks(&first) || body.contains("List-Unsubscribe=One-Click")
}

/// Records an opt-out from marketing email for the sender of an unsubscribe request.
pub fn opt_out_by_email(tx: &mut Tx, contact: u64, message_id: &str) -> Result<ConsentEvent> {
    record_in(
        tx,
        contact,
        Given {
            state: ConsentState::Denied,
            purpose: MARKETING_EMAIL.into(),
            email: None,
            basis: None,
            source: ConsentSource::Email,
            wording: Some(format!("unsubscribe request, message {message_id}")),
            at: None,
        },
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unsubscribe_requests_are_told_from_ordinary_mail() {
        assert!(is_unsubscribe("Unsubscribe", ""));
        assert!(is_unsubscribe(
            "Re: newsletter",
            "Please unsubscribe me.\n\nJane"
        ));
        assert!(is_unsubscribe("", "List-Unsubscribe=One-Click"));
        assert!(is_unsubscribe("STOP", ""));
        assert!(!is_unsubscribe(
            "Re: pricing",
            "How do I unsubscribe a user from seats?"
        ));
        assert!(!is_unsubscribe("Stop by on Friday?", ""));
    }
}
