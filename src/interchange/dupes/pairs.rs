//! Candidate pairs collected from blocks: each signal (same phone, same name...) adds a
//! reason to a pair and raises its score to the strongest signal. Blocks larger than a
//! limit are not compared pairwise (a switchboard number shared by 300 people says
//! nothing), which keeps the whole search near-linear.

use std::collections::HashMap;

use serde::Serialize;

use crate::model::RecordId;

/// Two records that may be the same.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Candidate {
    /// The older record (lower id): the one `rolo merge` would keep.
    #[serde(serialize_with = "as_text")]
    pub keep: RecordId,
    /// Its name.
    pub keep_label: String,
    /// The newer record.
    #[serde(serialize_with = "as_text")]
    pub other: RecordId,
    /// Its name.
    pub other_label: String,
    /// How likely they are the same, 0 to 1.
    pub score: f64,
    /// Why they look alike.
    pub reasons: Vec<String>,
}

/// Ids appear in JSON as people type them: "C-12".
fn as_text<S: serde::Serializer>(rid: &RecordId, s: S) -> Result<S::Ok, S::Error> {
    s.collect_str(rid)
}

/// Pairs found so far, by (lower index, higher index) into the record list.
#[derive(Default)]
pub struct Pairs {
    found: HashMap<(usize, usize), (f64, Vec<String>)>,
}

impl Pairs {
    /// Adds a signal for records `a` and `b` (indexes into the caller's list).
    pub fn add(&mut self, a: usize, b: usize, score: f64, reason: impl Into<String>) {
        if a == b {
            return;
        }
        let key = (a.min(b), a.max(b));
        let e = self.found.entry(key).or_insert((0.0, Vec::new()));
        e.0 = e.0.max(score);
        let r = reason.into();
        if !e.1.contains(&r) {
            e.1.push(r);
        }
    }

    /// Every pair within each block of at most `max` members, with one signal.
    pub fn blocks(
        &mut self,
        blocks: HashMap<String, Vec<usize>>,
        max: usize,
        mut signal: impl FnMut(usize, usize, &str) -> Option<(f64, String)>,
    ) {
        for (key, members) in blocks {
            if members.len() < 2 || members.len() > max {
                continue;
            }
            for (i, a) in members.iter().enumerate() {
                for b in &members[i + 1..] {
                    if let Some((score, why)) = signal(*a, *b, &key) {
                        self.add(*a, *b, score, why);
                    }
                }
            }
        }
    }

    /// The candidates, best first, at most `limit`; `rid` and `label` describe a record.
    pub fn ranked(
        self,
        limit: usize,
        rid: impl Fn(usize) -> RecordId,
        label: impl Fn(usize) -> String,
    ) -> Vec<Candidate> {
        let mut out: Vec<Candidate> = self
            .found
            .into_iter()
            .map(|((a, b), (score, reasons))| {
                // A pair with several signals is likelier than its strongest alone.
                let bonus = 0.03 * (reasons.len() as f64 - 1.0);
                Candidate {
                    keep: rid(a),
                    keep_label: label(a),
                    other: rid(b),
                    other_label: label(b),
                    score: ((score + bonus).min(1.0) * 100.0).round() / 100.0,
                    reasons,
                }
            })
            .collect();
        out.sort_by(|x, y| {
            y.score
                .total_cmp(&x.score)
                .then(x.keep.id.cmp(&y.keep.id))
                .then(x.other.id.cmp(&y.other.id))
        });
        out.truncate(limit);
        out
    }
}

/// A name folded for comparing: ASCII, lower-case, letters and digits, single spaces.
pub fn name_key(name: &str) -> String {
    crate::search::fold(name)
        .to_lowercase()
        .chars()
        .map(|c| if c.is_alphanumeric() { c } else { ' ' })
        .collect::<String>()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// The words of a name, sorted ("Doe, Jane" and "Jane Doe" agree).
pub fn sorted_words(key: &str) -> String {
    let mut w: Vec<&str> = key.split(' ').filter(|w| !w.is_empty()).collect();
    w.sort_unstable();
    w.join(" ")
}
