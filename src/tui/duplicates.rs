//! The Duplicates screen's state: candidate pairs of contacts (or companies) found by
//! the same blocking rules as `rolo dupes`, computed from the records already in memory
//! when the screen is shown and the data changed; merging goes through `ops::merge`.

use super::data::Data;
use crate::interchange::dupes::{Candidate, companies::company_pairs, contacts::contact_pairs};
use crate::model::{Company, Contact};

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
    /// Recomputes the pairs from the loaded records.
    pub fn compute(&mut self, data: &Data, rev: u64) {
        self.pairs = if self.companies {
            let mut all: Vec<Company> = data.companies.values().cloned().collect();
            // In id order, as the store lists them: the older record is the one kept.
            all.sort_by_key(|c| c.id);
            company_pairs(&all, LIMIT)
        } else {
            let mut all: Vec<Contact> = data.contacts.values().cloned().collect();
            all.sort_by_key(|c| c.id);
            contact_pairs(&all, LIMIT)
        };
        self.selected = self.selected.min(self.pairs.len().saturating_sub(1));
        self.loaded = Some((rev, self.companies));
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
