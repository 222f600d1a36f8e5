//! Candidate pairs collected from blocks: each signal (same phone, same name...) adds a
//! reason to a pair and raises its score to the strongest signal. Blocks larger than a
//! limit are not compared pairwise (a switchboard number shared by 300 people says
//! nothing), which keeps the whole search near-linear.

use std::borrow::Cow;
use std::cmp::Ordering;
use std::collections::BinaryHeap;

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

/// The signals found so far, each for two records (indexes into the caller's list), in
/// the order found: a pair's signals are merged only when ranking, so a search that
/// meets hundreds of thousands of pairs keeps a few dozen bytes per signal.
#[derive(Default)]
pub struct Pairs {
    signals: Vec<Signal>,
}

struct Signal {
    a: u32,
    b: u32,
    score: f64,
    reason: Cow<'static, str>,
}

/// A pair with all its signals, ordered best first (the best is the least).
struct Ranked {
    score: f64,
    keep: RecordId,
    other: RecordId,
    a: usize,
    b: usize,
    reasons: Vec<Cow<'static, str>>,
}

impl Ord for Ranked {
    fn cmp(&self, y: &Self) -> Ordering {
        y.score
            .total_cmp(&self.score)
            .then(self.keep.id.cmp(&y.keep.id))
            .then(self.other.id.cmp(&y.other.id))
    }
}

impl PartialOrd for Ranked {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl PartialEq for Ranked {
    fn eq(&self, other: &Self) -> bool {
        self.cmp(other) == Ordering::Equal
    }
}

impl Eq for Ranked {}

impl Pairs {
    /// Adds a signal for records `a` and `b` (indexes into the caller's list).
    pub fn add(&mut self, a: usize, b: usize, score: f64, reason: impl Into<Cow<'static, str>>) {
        if a == b {
            return;
        }
        let index = |i: usize| u32::try_from(i).unwrap_or(u32::MAX);
        self.signals.push(Signal {
            a: index(a.min(b)),
            b: index(a.max(b)),
            score,
            reason: reason.into(),
        });
    }

    /// Every pair of one block's `members` (in increasing order) with one signal,
    /// unless the block has more than `max` members.
    pub fn block<R: Into<Cow<'static, str>>>(
        &mut self,
        key: &str,
        members: &[usize],
        max: usize,
        mut signal: impl FnMut(usize, usize, &str) -> Option<(f64, R)>,
    ) {
        if members.len() < 2 || members.len() > max {
            return;
        }
        for (i, a) in members.iter().enumerate() {
            for b in &members[i + 1..] {
                if let Some((score, why)) = signal(*a, *b, key) {
                    self.add(*a, *b, score, why);
                }
            }
        }
    }

    /// The candidates, best first, at most `limit`; `rid` and `label` describe a record.
    /// A pair scores its strongest signal, plus a little for each further reason.
    pub fn ranked(
        self,
        limit: usize,
        rid: impl Fn(usize) -> RecordId,
        label: impl Fn(usize) -> String,
    ) -> Vec<Candidate> {
        let mut signals = self.signals;
        // Stable: a pair's reasons stay in the order they were found.
        signals.sort_by_key(|s| (s.a, s.b));
        let mut best: BinaryHeap<Ranked> = BinaryHeap::new();
        let mut offer = |a: u32, b: u32, score: f64, reasons: Vec<Cow<'static, str>>| {
            // A pair with several signals is likelier than its strongest alone.
            let bonus = 0.03 * (reasons.len() as f64 - 1.0);
            let (a, b) = (a as usize, b as usize);
            best.push(Ranked {
                score: ((score + bonus).min(1.0) * 100.0).round() / 100.0,
                keep: rid(a),
                other: rid(b),
                a,
                b,
                reasons,
            });
            if best.len() > limit {
                best.pop();
            }
        };
        let mut run: Option<(u32, u32, f64, Vec<Cow<'static, str>>)> = None;
        for s in signals {
            match &mut run {
                Some((a, b, score, reasons)) if (*a, *b) == (s.a, s.b) => {
                    *score = score.max(s.score);
                    if !reasons.contains(&s.reason) {
                        reasons.push(s.reason);
                    }
                }
                _ => {
                    if let Some((a, b, score, reasons)) = run.take() {
                        offer(a, b, score, reasons);
                    }
                    run = Some((s.a, s.b, s.score, vec![s.reason]));
                }
            }
        }
        if let Some((a, b, score, reasons)) = run {
            offer(a, b, score, reasons);
        }
        best.into_sorted_vec()
            .into_iter()
            .map(|r| Candidate {
                keep: r.keep,
                keep_label: label(r.a),
                other: r.other,
                other_label: label(r.b),
                score: r.score,
                reasons: r.reasons.into_iter().map(Cow::into_owned).collect(),
            })
            .collect()
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
