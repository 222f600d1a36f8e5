//! Duplicate contacts. Signals, each found by blocking on a key (never comparing every
//! pair): the same email once `+tags` and Gmail's dots are set aside (the store already
//! refuses the exact same address twice); the same phone number after normalisation; the
//! same name (words in any order, accents folded); a similar name (Jaro-Winkler ≥ 0.92)
//! at the same company; an email whose local part spells another contact's name
//! (`jane.doe@` and "Jane Doe").
//!
//! Contacts are added one at a time ([`ContactDupes::add`], from a stream of
//! [`ContactView`]s) and only their keys are kept, so the search over every contact runs
//! in the memory of its keys.

use super::blocks::{Blocks, Texts};
use super::pairs::{Candidate, Pairs, name_key, sorted_words};
use super::phone::phone_key;
use super::view::ContactView;
use crate::model::{Contact, Kind, RecordId};

/// Blocks larger than this are not compared pair by pair.
const MAX_BLOCK: usize = 40;
/// How similar two names at one company must be.
const SIMILAR: f64 = 0.92;

/// An address as its mailbox receives it: lower-case, without `+tag`, and for Gmail
/// without dots (`Jane.Doe+crm@gmail.com` → `janedoe@gmail.com`).
pub fn mailbox_key(email: &str) -> String {
    let e = email.trim().to_lowercase();
    let Some((local, domain)) = e.rsplit_once('@') else {
        return e;
    };
    let local = local.split('+').next().unwrap_or(local);
    let domain = if domain == "googlemail.com" {
        "gmail.com"
    } else {
        domain
    };
    if domain == "gmail.com" {
        return format!("{}@{domain}", local.replace('.', ""));
    }
    format!("{local}@{domain}")
}

/// The keys of the contacts added so far, in the order added (id order when read from
/// the store: the earlier of a pair is the one kept).
#[derive(Debug, Default)]
pub struct ContactDupes {
    ids: Vec<u64>,
    names: Texts,
    /// Each name folded ([`name_key`]).
    keys: Texts,
    companies: Vec<Option<u64>>,
    by_mailbox: Blocks,
    by_phone: Blocks,
    /// The sorted words of names of two words or more.
    by_name: Blocks,
    /// "company:initial".
    by_company: Blocks,
    /// Emails whose local part spells a name other than their contact's: (contact, the
    /// words spelled, the email).
    spelled: Vec<(usize, Box<str>, Box<str>)>,
}

impl ContactDupes {
    /// Adds a contact's keys.
    pub fn add(&mut self, c: &ContactView<'_>) {
        let i = self.ids.len();
        let key = name_key(c.name);
        let words = sorted_words(&key);
        for e in &c.emails {
            self.by_mailbox.push(&mailbox_key(e.value), i);
        }
        for p in &c.phones {
            let k = phone_key(p.value, c.location);
            if k.trim_start_matches('+').len() >= 7 {
                self.by_phone.push(&k, i);
            }
        }
        if words.contains(' ') {
            self.by_name.push(&words, i);
        }
        if let (Some(co), Some(first)) = (c.company, key.chars().next()) {
            self.by_company.push(&format!("{co}:{first}"), i);
        }
        for e in &c.emails {
            let w = spelled_name(e.value);
            if w.contains(' ') && w != words {
                self.spelled.push((i, w.into(), e.value.into()));
            }
        }
        self.ids.push(c.id);
        self.names.push(c.name);
        self.keys.push(&key);
        self.companies.push(c.company);
    }

    /// Candidate pairs among the contacts added, best first, at most `limit`.
    pub fn ranked(self, limit: usize) -> Vec<Candidate> {
        let ContactDupes {
            ids,
            names,
            keys,
            companies,
            mut by_mailbox,
            mut by_phone,
            mut by_name,
            mut by_company,
            spelled,
        } = self;
        let mut pairs = Pairs::default();
        // Each block is dropped once read: the signals it gave are all that is kept.
        by_mailbox.sort();
        by_mailbox.each(|k, m| {
            pairs.block(k, m, MAX_BLOCK, |_, _, k| {
                Some((0.97, format!("same mailbox {k}")))
            })
        });
        drop(by_mailbox);
        by_phone.sort();
        by_phone.each(|k, m| {
            pairs.block(k, m, MAX_BLOCK, |_, _, k| {
                Some((0.9, format!("same phone {k}")))
            })
        });
        drop(by_phone);
        by_name.sort();
        by_name.each(|k, m| {
            pairs.block(k, m, MAX_BLOCK, |a, b, _| {
                let same_company = companies[a].is_some() && companies[a] == companies[b];
                Some(if same_company {
                    (0.95, "same name at the same company")
                } else {
                    (0.7, "same name")
                })
            })
        });
        by_company.sort();
        by_company.each(|k, m| {
            pairs.block(k, m, MAX_BLOCK * 5, |a, b, _| {
                let (ka, kb) = (keys.get(a), keys.get(b));
                let jw = strsim::jaro_winkler(ka, kb);
                (jw >= SIMILAR && sorted_words(ka) != sorted_words(kb)).then(|| {
                    (
                        jw * 0.9,
                        format!("similar names at the same company ({jw:.2})"),
                    )
                })
            })
        });
        drop(by_company);
        // An email's local part that spells someone's name: "jane.doe@" ↔ "Jane Doe".
        for (i, words, email) in &spelled {
            for j in by_name.members(words).take(MAX_BLOCK) {
                pairs.add(
                    *i,
                    j,
                    0.8,
                    format!("email {email} matches the name of the other"),
                );
            }
        }
        drop((by_name, keys, companies));
        pairs.ranked(
            limit,
            |i| RecordId::new(Kind::Contact, ids[i]),
            |i| names.get(i).to_string(),
        )
    }
}

/// The sorted words an email's local part spells ("jane.doe@" → "doe jane").
fn spelled_name(email: &str) -> String {
    let local = email.split('@').next().unwrap_or("");
    sorted_words(&name_key(&local.replace(['.', '_', '-'], " ")))
}

/// Candidate pairs among `contacts` (in id order), best first.
pub fn contact_pairs(contacts: &[Contact], limit: usize) -> Vec<Candidate> {
    let mut found = ContactDupes::default();
    for c in contacts {
        found.add(&ContactView::from(c));
    }
    found.ranked(limit)
}
