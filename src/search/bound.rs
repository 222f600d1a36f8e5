//! An upper bound of the score nucleo can give a text, read from its bytes in one pass,
//! so a search for the best N skips the texts that cannot beat the N it holds without
//! asking nucleo (whose matrix setup is most of a search's time). The bound follows
//! nucleo-matcher's scoring (`score.rs`, `fuzzy_optimal.rs`, 0.3): every matched
//! character earns 16 plus a bonus of at most 10; the first earns twice the bonus of
//! its place, which is 0 inside a lower-case word; an alignment with a gap pays at
//! least 3. So a needle whose first character never starts a word, or that never occurs
//! unbroken, cannot reach the score of one that does. A test checks the bound against
//! nucleo itself on random texts.

use std::cmp::Reverse;
use std::collections::BinaryHeap;

/// nucleo's score of one matched character.
const MATCH: u32 = 16;
/// The largest bonus nucleo gives a character (a word start after whitespace).
const MAX_BONUS: u32 = 10;
/// What the first gap of an alignment costs at least.
const GAP_START: u32 = 3;

/// The most that `needle` (lower-case ASCII, not empty) can score on the ASCII `text`
/// under nucleo's default configuration, or `None` when it does not occur in order.
pub fn atom(text: &[u8], needle: &[u8]) -> Option<u32> {
    let (&first, _) = needle.split_first()?;
    let n = needle.len() as u32;
    let mut best: Option<u32> = None;
    for (at, &b) in text.iter().enumerate() {
        if b.to_ascii_lowercase() != first {
            continue;
        }
        let prev = at.checked_sub(1).and_then(|p| text.get(p)).copied();
        let start = 2 * first_bonus(prev, b);
        let unbroken = text
            .get(at..at + needle.len())
            .is_some_and(|t| t.eq_ignore_ascii_case(needle));
        let here = if unbroken {
            start
        } else {
            start.saturating_sub(GAP_START)
        };
        best = Some(best.map_or(here, |b| b.max(here)));
        if best == Some(2 * MAX_BONUS) {
            break;
        }
    }
    best.map(|b| MATCH * n + MAX_BONUS * (n - 1) + b)
}

/// The most a needle of `n` characters can score on any text (every character at a
/// word start): once the best N held all score this, no later row can enter them.
pub fn ceiling(n: usize) -> u32 {
    let n = n as u32;
    MATCH * n + MAX_BONUS * n.saturating_sub(1) + 2 * MAX_BONUS
}

/// At most the bonus nucleo gives the byte `b` after `prev` (`None`: the text's start,
/// which nucleo treats as whitespace): 0 inside a run of letters or digits of one case
/// kind, else the largest bonus.
fn first_bonus(prev: Option<u8>, b: u8) -> u32 {
    let Some(prev) = prev else {
        return MAX_BONUS;
    };
    let inside = b.is_ascii_alphanumeric()
        && prev.is_ascii_alphanumeric()
        && !(prev.is_ascii_lowercase() && b.is_ascii_uppercase())
        && (!b.is_ascii_digit() || prev.is_ascii_digit());
    if inside { 0 } else { MAX_BONUS }
}

/// The best `limit` scores one search thread holds, to tell whether a row's bound can
/// still enter them. A thread reads its rows in record id order and ties go to the
/// lower id, so a row that can at most tie the lowest of a full set cannot enter it,
/// nor the best of all threads.
pub struct Best {
    limit: usize,
    scores: BinaryHeap<Reverse<u32>>,
}

impl Best {
    /// Holds at most `limit` scores (`usize::MAX`: no limit, every row may enter).
    pub fn new(limit: usize) -> Best {
        Best {
            limit,
            scores: BinaryHeap::with_capacity(limit.min(4096) + 1),
        }
    }

    /// Whether a row scoring at most `bound` could still be among the best.
    pub fn may_enter(&self, bound: u32) -> bool {
        self.scores.len() < self.limit || self.scores.peek().is_none_or(|l| bound > l.0)
    }

    /// Holds a row's score (nothing is held without a limit).
    pub fn add(&mut self, score: u32) {
        if self.limit == usize::MAX {
            return;
        }
        self.scores.push(Reverse(score));
        if self.scores.len() > self.limit {
            self.scores.pop();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use nucleo::pattern::{AtomKind, CaseMatching, Normalization, Pattern};
    use nucleo::{Config, Matcher, Utf32Str};
    use proptest::prelude::*;

    fn nucleo_score(text: &str, needle: &str, kind: AtomKind) -> Option<u32> {
        let p = Pattern::new(needle, CaseMatching::Ignore, Normalization::Smart, kind);
        let mut m = Matcher::new(Config::DEFAULT);
        let mut buf = Vec::new();
        p.score(Utf32Str::new(text, &mut buf), &mut m)
    }

    #[test]
    fn a_word_start_match_reaches_the_bound_and_a_mid_word_one_stays_below() {
        let exact = nucleo_score("Jane Muller", "muller", AtomKind::Fuzzy);
        assert_eq!(exact, atom(b"Jane Muller", b"muller"));
        let inner = atom(b"jane.smuller@x.com", b"muller").unwrap_or(0);
        assert!(inner < exact.unwrap_or(0), "{inner} vs {exact:?}");
        let broken = atom(b"Mark Uller", b"muller").unwrap_or(0);
        assert!(broken < exact.unwrap_or(0));
        assert_eq!(atom(b"Jane", b"x"), None);
    }

    proptest! {
        #[test]
        fn nucleo_never_scores_above_the_bound(
            text in "[a-dA-D0-2 .@/_-]{1,40}",
            needle in "[a-d0-2.]{1,5}",
            kind in 0..5usize,
        ) {
            let kind = [AtomKind::Fuzzy, AtomKind::Substring, AtomKind::Prefix,
                AtomKind::Postfix, AtomKind::Exact][kind];
            if let Some(score) = nucleo_score(&text, &needle, kind) {
                let bound = atom(text.as_bytes(), needle.as_bytes());
                prop_assert!(bound.is_some_and(|b| score <= b),
                    "{needle:?} in {text:?}: nucleo {score}, bound {bound:?}");
                prop_assert!(bound.is_some_and(|b| b <= ceiling(needle.len())));
            }
        }
    }
}
