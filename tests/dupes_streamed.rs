//! `rolo dupes` reads contacts and companies one at a time and keeps only their keys;
//! these tests hold it to the answer of the search it replaced, which loaded every
//! record and blocked through hash maps (kept here, verbatim but for the plumbing, as
//! the reference): the same pairs, scores and reasons on demo data with planted
//! duplicates of every kind.

use std::collections::HashMap;
use std::sync::Arc;

use chrono::{TimeZone, Utc};
use rolo::interchange::dupes::companies::company_key;
use rolo::interchange::dupes::contacts::mailbox_key;
use rolo::interchange::dupes::pairs::{Pairs, name_key, sorted_words};
use rolo::interchange::dupes::phone::phone_key;
use rolo::interchange::dupes::{self, Candidate, DupeKind};
use rolo::model::*;
use rolo::ops;
use rolo::store::{OpenOptions, Queries, Store};

fn demo() -> (tempfile::TempDir, Store) {
    let dir = tempfile::tempdir().unwrap();
    let now = Utc.with_ymd_and_hms(2026, 11, 25, 12, 0, 0).unwrap();
    let store = Store::open(OpenOptions {
        now: Some(Arc::new(move || now)),
        user: Some("sam".into()),
        ..OpenOptions::new(dir.path().join("crm.redb"))
    })
    .unwrap();
    rolo::demo::generate(&store, rolo::demo::Size::S, 11).unwrap();
    (dir, store)
}

fn values(v: &[&str]) -> Vec<Labeled> {
    v.iter()
        .map(|s| Labeled {
            label: String::new(),
            value: (*s).into(),
        })
        .collect()
}

/// Adds look-alikes of the demo's records, one for each signal.
fn plant(store: &Store) {
    let read = store.read().unwrap();
    let people: Vec<Contact> = read.all().unwrap();
    let orgs: Vec<Company> = read.all().unwrap();
    drop(read);
    let add = |c: Contact| ops::add(store, c).unwrap();
    for (n, p) in people.iter().step_by(9).enumerate() {
        let mut twin = Contact {
            name: match n % 3 {
                0 => p.name.clone(),
                1 => format!("{}x", p.name),
                _ => p.name.split(' ').rev().collect::<Vec<_>>().join(", "),
            },
            company: p.company,
            location: p.location.clone(),
            ..Contact::default()
        };
        if let Some(e) = p.emails.first()
            && let Some((local, domain)) = e.value.split_once('@')
        {
            twin.emails = values(&[&format!("{}+crm@{domain}", local.to_uppercase())]);
        }
        if let Some(ph) = p.phones.first() {
            twin.phones = values(&[&ph.value.replace(' ', "-")]);
        }
        add(twin);
    }
    add(Contact {
        name: "Jane Doe".into(),
        emails: values(&["Jane.Doe@gmail.com"]),
        phones: values(&["020 7946 0000", "+1 555 0100 200"]),
        location: Some("London, UK".into()),
        ..Contact::default()
    });
    add(Contact {
        name: "J. Doe".into(),
        emails: values(&["janedoe+news@googlemail.com", "jane.doe@work.example"]),
        phones: values(&["+44 20 7946 0000", "+1 (555) 0100-200"]),
        ..Contact::default()
    });
    for o in orgs.iter().step_by(4) {
        ops::add(
            store,
            Company {
                name: format!("The {}, Inc.", o.name),
                domain: o.domain.as_ref().map(|d| d.to_uppercase()),
                ..Company::default()
            },
        )
        .unwrap();
    }
}

/// What a person compares: who, what score, which reasons (in any order: the reference
/// met blocks in hash-map order).
fn seen(found: &[Candidate]) -> Vec<(String, String, String, Vec<String>)> {
    found
        .iter()
        .map(|c| {
            let mut reasons = c.reasons.clone();
            reasons.sort();
            (
                format!("{} {}", c.keep, c.keep_label),
                format!("{} {}", c.other, c.other_label),
                format!("{:.2}", c.score),
                reasons,
            )
        })
        .collect()
}

#[test]
fn streamed_contact_pairs_match_the_search_over_loaded_records() {
    let (_d, store) = demo();
    plant(&store);
    let read = store.read().unwrap();
    let expected = reference_contacts(&read.all::<Contact>().unwrap(), usize::MAX);
    assert!(expected.len() > 20, "planted pairs: {}", expected.len());
    let found = dupes::find_duplicates(&read, DupeKind::Contacts, usize::MAX).unwrap();
    assert_eq!(seen(&found), seen(&expected));
    let top = dupes::find_duplicates(&read, DupeKind::Contacts, 10).unwrap();
    assert_eq!(seen(&top), seen(&expected[..10]));
    for reason in [
        "same mailbox",
        "same phone",
        "same name",
        "similar names",
        "email ",
    ] {
        assert!(
            found
                .iter()
                .any(|c| c.reasons.iter().any(|r| r.starts_with(reason))),
            "no pair for {reason}"
        );
    }
}

#[test]
fn streamed_company_pairs_match_the_search_over_loaded_records() {
    let (_d, store) = demo();
    plant(&store);
    let read = store.read().unwrap();
    let expected = reference_companies(&read.all::<Company>().unwrap(), usize::MAX);
    assert!(expected.len() >= 5, "planted pairs: {}", expected.len());
    let found = dupes::find_duplicates(&read, DupeKind::Companies, usize::MAX).unwrap();
    assert_eq!(seen(&found), seen(&expected));
}

// The reference: the search as it was when it loaded every record.

fn blocks(
    pairs: &mut Pairs,
    blocks: HashMap<String, Vec<usize>>,
    max: usize,
    mut signal: impl FnMut(usize, usize, &str) -> Option<(f64, String)>,
) {
    for (key, members) in blocks {
        pairs.block(&key, &members, max, &mut signal);
    }
}

fn push(blocks: &mut HashMap<String, Vec<usize>>, key: String, i: usize) {
    let v = blocks.entry(key).or_default();
    if v.last() != Some(&i) {
        v.push(i);
    }
}

fn reference_contacts(contacts: &[Contact], limit: usize) -> Vec<Candidate> {
    const MAX_BLOCK: usize = 40;
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
    blocks(&mut pairs, by_mailbox, MAX_BLOCK, |_, _, k| {
        Some((0.97, format!("same mailbox {k}")))
    });
    blocks(&mut pairs, by_phone, MAX_BLOCK, |_, _, k| {
        Some((0.9, format!("same phone {k}")))
    });
    blocks(&mut pairs, by_name, MAX_BLOCK, |a, b, _| {
        let same_company =
            contacts[a].company.is_some() && contacts[a].company == contacts[b].company;
        Some(if same_company {
            (0.95, "same name at the same company".to_string())
        } else {
            (0.7, "same name".to_string())
        })
    });
    blocks(&mut pairs, by_company, MAX_BLOCK * 5, |a, b, _| {
        let jw = strsim::jaro_winkler(&keys[a], &keys[b]);
        (jw >= 0.92 && words[a] != words[b]).then(|| {
            (
                jw * 0.9,
                format!("similar names at the same company ({jw:.2})"),
            )
        })
    });
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

fn reference_companies(companies: &[Company], limit: usize) -> Vec<Candidate> {
    const MAX_BLOCK: usize = 200;
    let keys: Vec<String> = companies.iter().map(|c| company_key(&c.name)).collect();
    let mut by_domain: HashMap<String, Vec<usize>> = HashMap::new();
    let mut by_name: HashMap<String, Vec<usize>> = HashMap::new();
    let mut by_prefix: HashMap<String, Vec<usize>> = HashMap::new();
    for (i, c) in companies.iter().enumerate() {
        if let Some(d) = c.domain.as_deref().map(str::trim).filter(|d| !d.is_empty()) {
            by_domain.entry(d.to_lowercase()).or_default().push(i);
        }
        if keys[i].is_empty() {
            continue;
        }
        by_name.entry(keys[i].clone()).or_default().push(i);
        let prefix: String = keys[i].chars().take(3).collect();
        by_prefix.entry(prefix).or_default().push(i);
    }
    let mut pairs = Pairs::default();
    blocks(&mut pairs, by_domain, MAX_BLOCK, |_, _, d| {
        Some((0.95, format!("same domain {d}")))
    });
    blocks(&mut pairs, by_name, MAX_BLOCK, |_, _, _| {
        Some((0.9, "same name".to_string()))
    });
    blocks(&mut pairs, by_prefix, MAX_BLOCK, |a, b, _| {
        let jw = strsim::jaro_winkler(&keys[a], &keys[b]);
        (jw >= 0.92 && keys[a] != keys[b]).then(|| (jw * 0.85, format!("similar names ({jw:.2})")))
    });
    pairs.ranked(
        limit,
        |i| RecordId::new(Kind::Company, companies[i].id),
        |i| companies[i].name.clone(),
    )
}
