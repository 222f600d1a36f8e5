//! The Automation screen's state: the rules, and their recent firings read from the
//! change log (changes marked with the rule that made them). Loaded by the app when the
//! screen is visible and the revision moved; drawing only reads it.

use crate::model::{Instant, RecordId, Rule};
use crate::store::Queries;

/// One firing: a change-log entry in which a rule changed records.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Firing {
    /// The entry's revision.
    pub rev: u64,
    /// When.
    pub at: Instant,
    /// The rule ("R-1 ...").
    pub rule: String,
    /// The entry's summary.
    pub summary: String,
    /// The records the rule changed.
    pub records: Vec<RecordId>,
}

/// What the Automation screen shows.
#[derive(Debug, Clone, Default)]
pub struct AutomationView {
    /// Every rule, in id order.
    pub rules: Vec<Rule>,
    /// Recent firings, newest first.
    pub firings: Vec<Firing>,
    /// The selected rule.
    pub selected: usize,
    /// The revision the lists were loaded at.
    pub loaded: Option<u64>,
}

/// How many firings the screen lists.
const FIRINGS: usize = 50;
/// How many of the latest change-log entries are searched for firings.
const SCAN: u64 = 2_000;

impl AutomationView {
    /// Reloads rules and firings from a snapshot.
    pub fn load(&mut self, q: &impl Queries, rev: u64) -> crate::Result<()> {
        self.rules = q.all::<Rule>()?;
        // Only the recent part of the change log is read, so a long history costs nothing.
        let entries = q.entries_since(rev.saturating_sub(SCAN))?;
        self.firings = entries
            .into_iter()
            .rev()
            .filter(|e| e.changes.iter().any(|c| c.cause.is_some()))
            .flat_map(|e| {
                let mut by_rule: Vec<(String, Vec<RecordId>)> = Vec::new();
                for c in e.changes.iter() {
                    if let Some(cause) = &c.cause {
                        match by_rule.iter_mut().find(|(r, _)| r == cause) {
                            Some((_, rids)) => rids.push(c.rid),
                            None => by_rule.push((cause.clone(), vec![c.rid])),
                        }
                    }
                }
                by_rule.into_iter().map(move |(rule, records)| Firing {
                    rev: e.rev,
                    at: e.at,
                    rule,
                    summary: e.summary.clone(),
                    records,
                })
            })
            .take(FIRINGS)
            .collect();
        self.selected = self.selected.min(self.rules.len().saturating_sub(1));
        self.loaded = Some(rev);
        Ok(())
    }

    /// The selected rule.
    pub fn selected_rule(&self) -> Option<&Rule> {
        self.rules.get(self.selected)
    }

    /// Moves the selection by `delta` (clamped).
    pub fn move_by(&mut self, delta: isize) {
        self.selected = self
            .selected
            .saturating_add_signed(delta)
            .min(self.rules.len().saturating_sub(1));
    }
}
