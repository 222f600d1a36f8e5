//! Duplicate candidates among contacts, the simple version: the same normalised email
//! (case, `+tags`, Gmail dots and googlemail.com) or the same name (case and spacing)
//! at the same company. No fuzzy matching. The store keeps each contact's fingerprints
//! with the normalised texts they were taken of ([`crate::store::facts::FACT_DUPES`]);
//! only the holders of a fingerprint two contacts share are grouped, by their texts
//! ([`groups`]), which keeps this fast on 100k contacts.

use serde::Serialize;

/// Contacts that may be the same person.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DuplicateGroup {
    /// "email" or "name".
    pub reason: &'static str,
    /// The shared normalised email, or the name and company (`ann lee at O-1`).
    pub key: String,
    /// The contacts (`C-id` in JSON), in id order.
    #[serde(serialize_with = "super::ids::contacts")]
    pub contacts: Vec<u64>,
}

// The characters of an email's normalised form.
fn email_chars(email: &str) -> impl Iterator<Item = char> + '_ {
    let e = email.trim();
    let (local, domain) = e.rsplit_once('@').unwrap_or((e, ""));
    let lower = |s: &'static str, d: &str| d.chars().flat_map(char::to_lowercase).eq(s.chars());
    let gmail = lower("gmail.com", domain) || lower("googlemail.com", domain);
    let local = local.split('+').next().unwrap_or(local);
    let domain: Box<dyn Iterator<Item = char>> = if gmail {
        Box::new("gmail.com".chars())
    } else {
        Box::new(domain.chars().flat_map(char::to_lowercase))
    };
    let at = e.contains('@').then_some('@');
    local
        .chars()
        .filter(move |c| !(gmail && *c == '.'))
        .flat_map(char::to_lowercase)
        .chain(at)
        .chain(domain)
}

// The characters of a name's normalised form.
fn name_chars(name: &str) -> impl Iterator<Item = char> + '_ {
    name.split_whitespace().enumerate().flat_map(|(i, w)| {
        (i > 0)
            .then_some(' ')
            .into_iter()
            .chain(w.chars().flat_map(char::to_lowercase))
    })
}

/// An email reduced to what identifies the mailbox: lower-case, no `+tag`, and for
/// Gmail no dots in the local part.
pub fn normalized_email(email: &str) -> String {
    email_chars(email).collect()
}

/// A name reduced for comparison: lower-case, single spaces.
pub fn normalized_name(name: &str) -> String {
    name_chars(name).collect()
}

// FNV-1a over the characters: a fingerprint that stays the same across builds and
// Rust versions, since the store keeps it ([`crate::store::facts`]).
fn fingerprint(seed: u64, chars: impl Iterator<Item = char>) -> u64 {
    const PRIME: u64 = 0x0000_0100_0000_01b3;
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in seed.to_le_bytes() {
        h = (h ^ u64::from(b)).wrapping_mul(PRIME);
    }
    for c in chars {
        for b in u32::from(c).to_le_bytes() {
            h = (h ^ u64::from(b)).wrapping_mul(PRIME);
        }
    }
    h
}

/// The stored fingerprint of an email's normalised form: equal for emails that
/// [`normalized_email`] makes equal.
pub fn email_fingerprint(email: &str) -> u64 {
    fingerprint(0, email_chars(email))
}

/// [`email_fingerprint`] from the email's normalised form ([`normalized_email`]), for
/// a caller that has it already.
pub fn normalized_email_fingerprint(normalized: &str) -> u64 {
    fingerprint(0, normalized.chars())
}

/// [`name_fingerprint`] from the name's normalised form ([`normalized_name`]).
pub fn normalized_name_fingerprint(company: u64, normalized: &str) -> u64 {
    fingerprint(company.wrapping_add(1), normalized.chars())
}

/// The stored fingerprint of a name's normalised form at a company: equal for contacts
/// of that company whose names [`normalized_name`] makes equal.
pub fn name_fingerprint(company: u64, name: &str) -> u64 {
    fingerprint(company.wrapping_add(1), name_chars(name))
}

/// The duplicate groups among `(reason, normalised text, contact)` entries
/// ([`crate::store::facts::DUPE_EMAIL`] or [`crate::store::facts::DUPE_NAME`]): the
/// contacts sharing a text, two or more, by reason (emails first), then ids.
pub fn groups(mut keyed: Vec<(u8, String, u64)>) -> Vec<DuplicateGroup> {
    use crate::store::facts::DUPE_EMAIL;
    keyed.sort_unstable();
    let mut out = Vec::new();
    for same in keyed.chunk_by(|a, b| (a.0, &a.1) == (b.0, &b.1)) {
        let mut ids: Vec<u64> = same.iter().map(|(.., id)| *id).collect();
        ids.dedup();
        if ids.len() > 1 {
            out.push(DuplicateGroup {
                reason: if same[0].0 == DUPE_EMAIL {
                    "email"
                } else {
                    "name"
                },
                key: same[0].1.clone(),
                contacts: ids,
            });
        }
    }
    out.sort_by(|a, b| (a.reason, &a.contacts).cmp(&(b.reason, &b.contacts)));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn emails_and_names_normalise() {
        assert_eq!(normalized_email(" Ann.Lee+crm@X.com "), "ann.lee@x.com");
        assert_eq!(
            normalized_email("Dan.Smith@GoogleMail.com"),
            "dansmith@gmail.com"
        );
        assert_eq!(normalized_email("no-at-sign"), "no-at-sign");
        assert_eq!(normalized_name("  ann   LEE "), "ann lee");
    }

    #[test]
    fn fingerprints_from_the_normalised_form_are_the_same() {
        for e in [
            " Ann.Lee+crm@X.com ",
            "Dan.Smith@GoogleMail.com",
            "Jürgen@Müller.DE",
            "",
        ] {
            let n = normalized_email(e);
            assert_eq!(
                normalized_email_fingerprint(&n),
                email_fingerprint(e),
                "{e}"
            );
        }
        for name in ["  ann   LEE ", "Jürgen  Müller", "İstanbul Ümit", ""] {
            let n = normalized_name(name);
            assert_eq!(
                normalized_name_fingerprint(7, &n),
                name_fingerprint(7, name)
            );
            assert_ne!(
                normalized_name_fingerprint(8, &n),
                name_fingerprint(7, name)
            );
        }
    }
}
