//! The Duplicates screen's state: candidate pairs of contacts (or companies) found by
//! the same blocking rules as `rolo dupes`, computed when the screen is shown (a pass
//! over every contact or company, streamed and keeping only their keys: the one screen
//! that must see all records); merging goes through `ops::merge`.

use crate::interchange::dupes::{Candidate, DupeKind, find_duplicates};
use crate::store::Queries;

/// How many pairs the screen lists.
const LIMIT: usize = 200;

/// What the Duplicates screen shows.
#[derive(Debug, Clone, Default)]
pub struct DuplicatesView {
    /// Companies instead of contacts.
    pub companies: bool,
    /// Candidate pairs, most likely first.
    pub pairs: Vec<Candidate>,
    /// The selected pair.
    pub selected: usize,
    /// The revision and kind the pairs were computed at (none: compute when shown).
    pub loaded: Option<(u64, bool)>,
}

impl DuplicatesView {
    /// Recomputes the pairs from the store's records (in id order, as the store lists
    /// them: the older record is the one kept).
    pub fn compute(&mut self, q: &impl Queries, rev: u64) -> crate::Result<()> {
        let kind = if self.companies {
            DupeKind::Companies
        } else {
            DupeKind::Contacts
        };
        self.pairs = find_duplicates(q, kind, LIMIT)?;
        self.selected = self.selected.min(self.pairs.len().saturating_sub(1));
        self.loaded = Some((rev, self.companies));
        Ok(())
    }

    /// The selected pair.
    pub fn selected_pair(&self) -> Option<&Candidate> {
        self.pairs.get(self.selected)
    }

    /// Moves the selection by `delta` (clamped).
    pub fn move_by(&mut self, delta: isize) {
        self.selected = self
            .selected
            .saturating_add_signed(delta)
            .min(self.pairs.len().saturating_sub(1));
    }
}
