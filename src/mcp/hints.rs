//! Errors an agent can recover from: a tool error names what was wrong and, where it
//! can, what to try ("no deal D-999; did you mean D-99?"). Ids are checked here before
//! a command runs, so a missing record is found with a suggestion rather than reported
//! by the command as a bare "does not exist".

use crate::model::{Kind, RecordId};
use crate::search::{Finder, query};
use crate::store::{Queries, Store};

/// A tool call that could not be done: shown to the agent with `isError: true`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Failure {
    /// What went wrong.
    pub message: String,
    /// What to try instead, when something is known.
    pub hint: Option<String>,
}

impl Failure {
    /// A failure without a hint.
    pub fn new(message: impl Into<String>) -> Failure {
        Failure {
            message: message.into(),
            hint: None,
        }
    }

    /// Adds a hint.
    pub fn hint(mut self, hint: impl Into<String>) -> Failure {
        self.hint = Some(hint.into());
        self
    }

    /// The text the agent reads.
    pub fn text(&self) -> String {
        match &self.hint {
            Some(h) => format!("error: {}\nhint: {h}", self.message),
            None => format!("error: {}", self.message),
        }
    }
}

impl From<crate::Error> for Failure {
    fn from(e: crate::Error) -> Failure {
        Failure::new(e.to_string())
    }
}

/// The record `input` names, which must exist and be one of `kinds`.
pub fn existing(store: &Store, input: &str, kinds: &[Kind]) -> Result<RecordId, Failure> {
    let wanted = kinds
        .iter()
        .map(|k| format!("{} ({}-n)", k.noun(), k.prefix()))
        .collect::<Vec<_>>()
        .join(", ");
    let Ok(rid) = input.parse::<RecordId>() else {
        let f = Failure::new(format!("'{}' is not a record id", input.trim()));
        return Err(match search_guess(store, input, kinds) {
            Some(found) => f.hint(format!("search found {found}; pass its id")),
            None => f.hint(format!(
                "pass an id: {wanted}; the search tool finds ids by name"
            )),
        });
    };
    if !kinds.contains(&rid.kind) {
        return Err(Failure::new(format!(
            "{rid} is a {}, and this takes a {wanted}",
            rid.kind.noun()
        )));
    }
    let r = store.read()?;
    if r.exists(rid)? {
        return Ok(rid);
    }
    let f = Failure::new(format!("no {} {rid}", rid.kind.noun()));
    let near: Vec<String> = nearby(rid.id)
        .into_iter()
        .map(|n| RecordId::new(rid.kind, n))
        .filter(|c| r.exists(*c).unwrap_or(false))
        .take(3)
        .map(|c| {
            let label = r
                .get_record(c)
                .ok()
                .flatten()
                .map(|rec| format!(" ({})", rec.label()))
                .unwrap_or_default();
            format!("{c}{label}")
        })
        .collect();
    Err(if near.is_empty() {
        f.hint(format!(
            "find the {} with the search tool (ids are never reused)",
            rid.kind.noun()
        ))
    } else {
        f.hint(format!("did you mean {}?", near.join(" or ")))
    })
}

/// Ids one slip away from `n`: a digit dropped, two swapped, one off.
fn nearby(n: u64) -> Vec<u64> {
    let digits = n.to_string();
    let mut out: Vec<u64> = Vec::new();
    let mut push = |s: String| {
        if let Ok(v) = s.parse::<u64>()
            && v > 0
            && v != n
            && !out.contains(&v)
        {
            out.push(v);
        }
    };
    for i in 0..digits.len() {
        let mut s = digits.clone();
        s.remove(i);
        push(s);
    }
    let bytes = digits.as_bytes();
    for i in 1..bytes.len() {
        let mut b = bytes.to_vec();
        b.swap(i - 1, i);
        push(String::from_utf8_lossy(&b).into_owned());
    }
    push(n.saturating_sub(1).to_string());
    push(n.saturating_add(1).to_string());
    out
}

/// The best search match among `kinds` for text that should have been an id.
fn search_guess(store: &Store, text: &str, kinds: &[Kind]) -> Option<String> {
    let mut q = query::parse(text).ok()?;
    if let [only] = kinds {
        q.kind = Some(*only);
    }
    let r = store.read().ok()?;
    let hits = crate::search::top_stored(&Finder::new(&q), &r, 10).ok()?;
    let hit = hits.into_iter().find(|h| kinds.contains(&h.rid.kind))?;
    let rec = r.get_record(hit.rid).ok()??;
    Some(format!("{} {}", hit.rid, rec.label()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nearby_ids_are_one_slip_away() {
        let n = nearby(999);
        assert_eq!(n, vec![99, 998, 1000]);
        assert_eq!(nearby(12), vec![2, 1, 21, 11, 13]);
        assert_eq!(nearby(1), vec![2]);
    }
}
