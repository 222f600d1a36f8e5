//! Logging one message inside a write transaction: the contacts its From, To and Cc
//! match (by the email index, never a scan), created when asked; one email activity on
//! all of them, idempotent by Message-ID. Direction is outbound when From is one of the
//! user's own addresses, else inbound (which closes follow-ups waiting for a reply).
//!
//! One message is one activity, because an external id names one activity: it carries
//! ONE company and ONE deal. The deal is the most recently updated open deal of any
//! matched contact; the company is that deal's, else the first matched contact's (From
//! first). Other companies and open deals the message concerns are listed in the
//! outcome and at the end of the activity's body.

use serde::Serialize;

use super::automated::Automated;
use super::desk::{Route, TicketMail};
use super::message::{Mail, Person};
use crate::error::Result;
use crate::model::{
    Activity, ActivityKind, Company, Contact, Deal, DealStatus, Direction, Kind, RecordId,
};
use crate::ops;
use crate::store::{Queries, Tx};

/// How to log.
#[derive(Debug, Clone, Default)]
pub struct LogOptions {
    /// The user's own addresses (matched case-insensitively; never made contacts).
    pub own: Vec<String>,
    /// Create contacts for unknown senders and recipients.
    pub create_contacts: bool,
    /// The service desk's addresses (lower-case): mail to them goes on tickets.
    pub support: Vec<String>,
}

impl LogOptions {
    /// Whether `email` is a support address.
    pub fn is_support(&self, email: &str) -> bool {
        self.support
            .iter()
            .any(|s| s.trim().eq_ignore_ascii_case(email))
    }

    /// Whether `email` is the user's or the desk's (never made a contact).
    pub fn is_own(&self, email: &str) -> bool {
        self.is_support(email)
            || self
                .own
                .iter()
                .any(|o| o.trim().eq_ignore_ascii_case(email))
    }
}

/// A message logged.
#[derive(Debug, Clone, Serialize)]
pub struct LoggedMail {
    /// The activity (`A-id`).
    pub activity: u64,
    /// Its subject.
    pub subject: String,
    /// Inbound or outbound.
    pub direction: &'static str,
    /// Contacts it is on.
    pub contacts: Vec<u64>,
    /// Contacts created for it.
    pub created: Vec<u64>,
    /// The company it is on.
    pub company: Option<u64>,
    /// The deal it is on.
    pub deal: Option<u64>,
    /// Other companies and open deals it concerns, not linked (`O-4`, `D-9`).
    pub also: Vec<String>,
    /// Addresses that are not contacts (without --create-contacts).
    pub unknown: Vec<String>,
    /// Whether the body was cut to 20 kB.
    pub truncated: bool,
    /// Why a message to the service desk opened no ticket (an auto-reply, a bounce).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub no_ticket: Option<Automated>,
}

impl LoggedMail {
    /// The outcome in words, one line each: what was logged on what, what was created,
    /// what else the message concerns, which addresses are not contacts.
    pub fn lines(&self) -> Vec<String> {
        let ids = |p: char, ids: &[u64]| {
            ids.iter()
                .map(|c| format!("{p}-{c}"))
                .collect::<Vec<_>>()
                .join(", ")
        };
        let mut first = format!(
            "logged {} email A-{} \"{}\" on {}",
            self.direction,
            self.activity,
            self.subject,
            ids('C', &self.contacts)
        );
        if let Some(co) = self.company {
            first.push_str(&format!(", O-{co}"));
        }
        if let Some(d) = self.deal {
            first.push_str(&format!(", D-{d}"));
        }
        let mut out = vec![first];
        if !self.created.is_empty() {
            out.push(format!(
                "created {} {}",
                crate::model::words::noun(self.created.len(), "contact"),
                ids('C', &self.created)
            ));
        }
        if !self.also.is_empty() {
            out.push(format!(
                "also concerns (not linked: one email is one activity, with one company and one deal): {}",
                self.also.join(", ")
            ));
        }
        if !self.unknown.is_empty() {
            out.push(format!(
                "not contacts: {} (pass --create-contacts to add them)",
                self.unknown.join(", ")
            ));
        }
        if self.truncated {
            out.push("the body was cut to its first 20 kB".into());
        }
        if let Some(why) = self.no_ticket {
            out.push(format!("{}: no ticket", why.as_str()));
        }
        out
    }
}

/// What became of one message.
#[derive(Debug, Clone, Serialize)]
#[serde(tag = "outcome", rename_all = "snake_case")]
pub enum MailOutcome {
    /// Logged now.
    Logged(LoggedMail),
    /// Logged before, as this activity.
    AlreadyLogged {
        /// The activity.
        activity: u64,
    },
    /// No address is a contact (and none was created).
    NoContact {
        /// The addresses, From first.
        unknown: Vec<String>,
    },
    /// On a ticket: opened one, threaded onto one, or logged on its thread.
    Ticket(TicketMail),
    /// Machine mail to the service desk on no ticket's thread and from no contact:
    /// nothing was written.
    Ignored {
        /// Why it counts as machine mail.
        why: Automated,
    },
}

/// The open deal of `contacts` changed last, and the others' latest open deals.
fn latest_open_deals(tx: &Tx, contacts: &[u64]) -> Result<Vec<Deal>> {
    let mut best: Vec<Deal> = Vec::new();
    for c in contacts {
        let mut latest: Option<Deal> = None;
        for id in tx.linked(RecordId::new(Kind::Contact, *c), Kind::Deal)? {
            if let Some(d) = tx.get::<Deal>(id)?
                && d.status == DealStatus::Open
                && latest.as_ref().is_none_or(|l| d.updated > l.updated)
            {
                latest = Some(d);
            }
        }
        if let Some(d) = latest
            && !best.iter().any(|b| b.id == d.id)
        {
            best.push(d);
        }
    }
    best.sort_by(|a, b| b.updated.cmp(&a.updated).then(a.id.cmp(&b.id)));
    Ok(best)
}

/// What became of one address of a message.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Matched {
    /// A contact has it.
    Found(u64),
    /// A contact was created for it now.
    Created(u64),
    /// Nobody has it (and none was created).
    Unknown,
}

impl Matched {
    /// The contact, found or created.
    pub fn id(self) -> Option<u64> {
        match self {
            Matched::Found(id) | Matched::Created(id) => Some(id),
            Matched::Unknown => None,
        }
    }
}

/// The contact with `p`'s address, created (named from the display name) when `create`
/// and the address did not belong to someone erased.
pub fn match_person(tx: &mut Tx, p: &Person, create: bool) -> Result<Matched> {
    if let Some(id) = tx.contact_by_email(&p.email)? {
        return Ok(Matched::Found(id));
    }
    if !create {
        return Ok(Matched::Unknown);
    }
    if !tx.allow_erased
        && let Some(rev) = crate::privacy::suppress::erased_in(tx, &p.email)?
    {
        // Flagged, not silently brought back (the address is not repeated here).
        tx.warnings.push(format!(
            "an address in this message belonged to a person erased in r{rev}; not made a contact (pass --allow-erased if they asked to be added again)"
        ));
        return Ok(Matched::Unknown);
    }
    let c = ops::add_in(
        tx,
        Contact {
            name: p.contact_name(),
            emails: vec![crate::model::Labeled {
                label: String::new(),
                value: p.email.clone(),
            }],
            source: Some("email".into()),
            ..Contact::default()
        },
    )?;
    Ok(Matched::Created(c.id))
}

/// Opts the sender out of marketing when an inbound message asks to unsubscribe.
pub(super) fn honour_unsubscribe(tx: &mut Tx, mail: &Mail) -> Result<()> {
    if crate::privacy::consent::is_unsubscribe(&mail.subject, &mail.body)
        && let Some(from) = tx.contact_by_email(&mail.from.email)?
    {
        crate::privacy::consent::opt_out_by_email(tx, from, &mail.message_id)?;
    }
    Ok(())
}

/// Logs `mail` in `tx`: on a ticket when it concerns the service desk (see
/// [`super::desk`]), else on the contacts it names.
pub fn log_mail(tx: &mut Tx, mail: &Mail, opts: &LogOptions) -> Result<MailOutcome> {
    if let Some(activity) = tx.activity_by_external(&mail.message_id)? {
        return Ok(MailOutcome::AlreadyLogged { activity });
    }
    match super::desk::route(tx, mail, opts)? {
        Route::Done(outcome) => Ok(outcome),
        Route::Plain => log_plain(tx, mail, opts),
        Route::Automated(why) => {
            // No contacts are made for a machine (MAILER-DAEMON is nobody's customer).
            let quiet = LogOptions {
                create_contacts: false,
                ..opts.clone()
            };
            Ok(match log_plain(tx, mail, &quiet)? {
                MailOutcome::Logged(mut l) => {
                    l.no_ticket = Some(why);
                    MailOutcome::Logged(l)
                }
                MailOutcome::NoContact { .. } => MailOutcome::Ignored { why },
                other => other,
            })
        }
    }
}

/// Logs `mail` on the contacts, company and deal it concerns, without a ticket.
fn log_plain(tx: &mut Tx, mail: &Mail, opts: &LogOptions) -> Result<MailOutcome> {
    let own = |e: &str| opts.is_own(e);
    let outbound = own(&mail.from.email);
    let people = std::iter::once(&mail.from).chain(&mail.recipients);
    let (mut contacts, mut created, mut unknown) = (Vec::new(), Vec::new(), Vec::new());
    for p in people.filter(|p| !own(&p.email)) {
        match match_person(tx, p, opts.create_contacts)? {
            Matched::Found(id) => {
                if !contacts.contains(&id) {
                    contacts.push(id);
                }
            }
            Matched::Created(id) => {
                contacts.push(id);
                created.push(id);
            }
            Matched::Unknown => unknown.push(p.email.clone()),
        }
    }
    if contacts.is_empty() {
        return Ok(MailOutcome::NoContact { unknown });
    }
    let deals = latest_open_deals(tx, &contacts)?;
    let deal = deals.first();
    let mut companies = Vec::new();
    for c in &contacts {
        if let Some(co) = tx.get::<Contact>(*c)?.and_then(|c| c.company)
            && !companies.contains(&co)
        {
            companies.push(co);
        }
    }
    let company = deal.and_then(|d| d.company).or(companies.first().copied());
    let mut also: Vec<String> = Vec::new();
    for co in companies.iter().filter(|co| Some(**co) != company) {
        let name = tx.get::<Company>(*co)?.map(|c| c.name).unwrap_or_default();
        also.push(format!("O-{co} {name}"));
    }
    for d in deals.iter().skip(1) {
        also.push(format!("D-{} {}", d.id, d.title));
    }
    let mut body = mail.body.clone();
    if !also.is_empty() {
        body.push_str(&format!("\n\n[also concerns: {}]", also.join(", ")));
    }
    let direction = if outbound {
        Direction::Outbound
    } else {
        Direction::Inbound
    };
    let a = ops::log_in(
        tx,
        Activity {
            kind: ActivityKind::Email,
            subject: mail.subject.clone(),
            body,
            at: mail.date.unwrap_or_default(),
            direction: Some(direction),
            contacts,
            company,
            deal: deal.map(|d| d.id),
            external_id: Some(mail.message_id.clone()),
            ..Activity::default()
        },
    )?;
    if !outbound {
        honour_unsubscribe(tx, mail)?;
    }
    Ok(MailOutcome::Logged(LoggedMail {
        activity: a.id,
        subject: a.subject,
        direction: direction.as_str(),
        contacts: a.contacts,
        created,
        company: a.company,
        deal: a.deal,
        also,
        unknown,
        truncated: mail.truncated,
        no_ticket: None,
    }))
}
