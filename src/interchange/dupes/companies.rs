//! Duplicate companies: the same web domain; the same name once accents, punctuation
//! and legal forms ("Inc.", "GmbH", "Ltd") are set aside; or a similar name
//! (Jaro-Winkler ≥ 0.92) among companies whose names start alike.

use std::collections::HashMap;

use super::pairs::{Candidate, Pairs, name_key};
use crate::model::{Company, Kind, RecordId};

const MAX_BLOCK: usize = 200;
const SIMILAR: f64 = 0.92;
const LEGAL: &[&str] = &[
    "inc",
    "incorporated",
    "llc",
    "ltd",
    "limited",
    "plc",
    "gmbh",
    "ag",
    "sa",
    "sas",
    "sarl",
    "srl",
    "spa",
    "bv",
    "nv",
    "oy",
    "ab",
    "as",
    "co",
    "corp",
    "corporation",
    "company",
    "kg",
    "pty",
    "the",
];

/// A company name without legal forms: "The ACME, Inc." → "acme".
pub fn company_key(name: &str) -> String {
    name_key(name)
        .split(' ')
        .filter(|w| !LEGAL.contains(w))
        .collect::<Vec<_>>()
        .join(" ")
}

/// Candidate pairs among `companies`, best first.
pub fn company_pairs(companies: &[Company], limit: usize) -> Vec<Candidate> {
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
    pairs.blocks(by_domain, MAX_BLOCK, |_, _, d| {
        Some((0.95, format!("same domain {d}")))
    });
    pairs.blocks(by_name, MAX_BLOCK, |_, _, _| {
        Some((0.9, "same name".to_string()))
    });
    pairs.blocks(by_prefix, MAX_BLOCK, |a, b, _| {
        let jw = strsim::jaro_winkler(&keys[a], &keys[b]);
        (jw >= SIMILAR && keys[a] != keys[b])
            .then(|| (jw * 0.85, format!("similar names ({jw:.2})")))
    });
    pairs.ranked(
        limit,
        |i| RecordId::new(Kind::Company, companies[i].id),
        |i| companies[i].name.clone(),
    )
}
