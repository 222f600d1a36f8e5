//! Duplicate companies: the same web domain; the same name once accents, punctuation
//! and legal forms ("Inc.", "GmbH", "Ltd") are set aside; or a similar name
//! (Jaro-Winkler ≥ 0.92) among companies whose names start alike. Companies are added
//! one at a time ([`CompanyDupes::add`]) and only their keys are kept.

use super::blocks::{Blocks, Texts};
use super::pairs::{Candidate, Pairs, name_key};
use super::view::CompanyView;
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

/// The keys of the companies added so far, in the order added (id order when read
/// from the store).
#[derive(Debug, Default)]
pub struct CompanyDupes {
    ids: Vec<u64>,
    names: Texts,
    /// Each name without legal forms ([`company_key`]).
    keys: Texts,
    by_domain: Blocks,
    by_name: Blocks,
    /// The first three letters of the key.
    by_prefix: Blocks,
}

impl CompanyDupes {
    /// Adds a company's keys.
    pub fn add(&mut self, c: &CompanyView<'_>) {
        let i = self.ids.len();
        let key = company_key(c.name);
        if let Some(d) = c.domain.map(str::trim).filter(|d| !d.is_empty()) {
            self.by_domain.push(&d.to_lowercase(), i);
        }
        if !key.is_empty() {
            self.by_name.push(&key, i);
            let prefix: String = key.chars().take(3).collect();
            self.by_prefix.push(&prefix, i);
        }
        self.ids.push(c.id);
        self.names.push(c.name);
        self.keys.push(&key);
    }

    /// Candidate pairs among the companies added, best first, at most `limit`.
    pub fn ranked(mut self, limit: usize) -> Vec<Candidate> {
        for b in [&mut self.by_domain, &mut self.by_name, &mut self.by_prefix] {
            b.sort();
        }
        let mut pairs = Pairs::default();
        self.by_domain.each(|d, m| {
            pairs.block(d, m, MAX_BLOCK, |_, _, d| {
                Some((0.95, format!("same domain {d}")))
            })
        });
        self.by_name
            .each(|k, m| pairs.block(k, m, MAX_BLOCK, |_, _, _| Some((0.9, "same name"))));
        let keys = &self.keys;
        self.by_prefix.each(|k, m| {
            pairs.block(k, m, MAX_BLOCK, |a, b, _| {
                let (ka, kb) = (keys.get(a), keys.get(b));
                let jw = strsim::jaro_winkler(ka, kb);
                (jw >= SIMILAR && ka != kb).then(|| (jw * 0.85, format!("similar names ({jw:.2})")))
            })
        });
        pairs.ranked(
            limit,
            |i| RecordId::new(Kind::Company, self.ids[i]),
            |i| self.names.get(i).to_string(),
        )
    }
}

/// Candidate pairs among `companies` (in id order), best first.
pub fn company_pairs(companies: &[Company], limit: usize) -> Vec<Candidate> {
    let mut found = CompanyDupes::default();
    for c in companies {
        found.add(&CompanyView::from(c));
    }
    found.ranked(limit)
}
