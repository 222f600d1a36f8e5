//! Duplicate contacts. Signals, each found by blocking on a key (never comparing every
//! pair): the same email once `+tags` and Gmail's dots are set aside (the store already
//! refuses the exact same address twice); the same phone number after normalisation; the
//! same name (words in any order, accents folded); a similar name (Jaro-Winkler ≥ 0.92)
//! at the same company; an email whose local part spells another contact's name
//! (`jane.doe@` and "Jane Doe").

use std::collections::HashMap;

use super::pairs::{Candidate, Pairs, name_key, sorted_words};
use super::phone::phone_key;
use crate::model::{Contact, Kind, RecordId};

/// Blocks larger than this are not compared pair by pair.
const MAX_BLOCK: usize = 40;
/// How similar two names at one company must be.
const SIMILAR: f64 = 0.92;

fn push(blocks: &mut HashMap<String, Vec<usize>>, key: String, i: usize) {
    let v = blocks.entry(key).or_default();
    if v.last() != Some(&i) {
        v.push(i);
    }
}

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

/// Candidate pairs among `contacts`, best first.
pub fn contact_pairs(contacts: &[Contact], limit: usize) -> Vec<Candidate> {
    let keys: Vec<String> = contacts.iter().map(|c| name_key(&c.name)).collect();
    let words: Vec<String> = keys.iter().map(|k| sorted_words(k)).collect();
    let mut by_mailbox = HashMap::new();
    let mut by_phone = HashMap::new();
    let mut by_name = HashMap::new();
    let mut by_company = HashMap::new();
    for (i, c) in contacts.iter().enumerate() {
        for e in &c.emails {
            push(&mut by_mailbox, mailbox_key(&e.value), i);
        }
        for p in &c.phones {
            let k = phone_key(&p.value, c.location.as_deref());
            if k.trim_start_matches('+').len() >= 7 {
                push(&mut by_phone, k, i);
            }
        }
        if words[i].contains(' ') {
            push(&mut by_name, words[i].clone(), i);
        }
        if let (Some(co), Some(first)) = (c.company, keys[i].chars().next()) {
            push(&mut by_company, format!("{co}:{first}"), i);
        }
    }
    let mut pairs = Pairs::default();
    pairs.blocks(by_mailbox, MAX_BLOCK, |_, _, k| {
        Some((0.97, format!("same mailbox {k}")))
    });
    pairs.blocks(by_phone, MAX_BLOCK, |_, _, k| {
        Some((0.9, format!("same phone {k}")))
    });
    pairs.blocks(by_name, MAX_BLOCK, |a, b, _| {
        let same_company =
            contacts[a].company.is_some() && contacts[a].company == contacts[b].company;
        Some(if same_company {
            (0.95, "same name at the same company".to_string())
        } else {
            (0.7, "same name".to_string())
        })
    });
    pairs.blocks(by_company, MAX_BLOCK * 5, |a, b, _| {
        let jw = strsim::jaro_winkler(&keys[a], &keys[b]);
        (jw >= SIMILAR && words[a] != words[b]).then(|| {
            (
                jw * 0.9,
                format!("similar names at the same company ({jw:.2})"),
            )
        })
    });
    // An email's local part that spells someone's name: "jane.doe@" ↔ "Jane Doe".
    let mut by_words: HashMap<&str, Vec<usize>> = HashMap::new();
    for (i, w) in words.iter().enumerate() {
        if w.contains(' ') {
            by_words.entry(w.as_str()).or_default().push(i);
        }
    }
    for (i, c) in contacts.iter().enumerate() {
        for e in &c.emails {
            let local = e.value.split('@').next().unwrap_or("");
            let w = sorted_words(&name_key(&local.replace(['.', '_', '-'], " ")));
            if !w.contains(' ') || w == words[i] {
                continue;
            }
            for j in by_words
                .get(w.as_str())
                .into_iter()
                .flatten()
                .take(MAX_BLOCK)
            {
                pairs.add(
                    i,
                    *j,
                    0.8,
                    format!("email {} matches the name of the other", e.value),
                );
            }
        }
    }
    pairs.ranked(
        limit,
        |i| RecordId::new(Kind::Contact, contacts[i].id),
        |i| contacts[i].name.clone(),
    )
}
