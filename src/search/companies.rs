//! Company id → place, for the company column of contact and deal rows, with each
//! company name's letter mask ([`super::letters`]). Both lookups run for most rows of a
//! search, so ids dense enough get one slot each; sparse ids are found by binary
//! search. The caller keeps what else it needs per company (a name, a row) in the same
//! places.

/// Companies in id order: ids, name masks and the id → place slots.
#[derive(Debug, Default, Clone)]
pub struct CompanyIndex {
    ids: Vec<u64>,
    letters: Vec<u64>,
    /// Company id → its place + 1 (0: none), when ids are dense; empty otherwise.
    by_id: Vec<u32>,
}

impl CompanyIndex {
    /// An index of `companies` (id, name mask), given in ascending id order.
    pub fn new(companies: impl IntoIterator<Item = (u64, u64)>) -> CompanyIndex {
        let (ids, letters): (Vec<u64>, Vec<u64>) = companies.into_iter().unzip();
        let top = ids.last().copied().unwrap_or(0);
        let mut by_id = Vec::new();
        if top <= 8 * ids.len() as u64 + 4096 {
            by_id = vec![0; top as usize + 1];
            for (at, &id) in ids.iter().enumerate() {
                if let (Some(slot), Ok(at)) = (by_id.get_mut(id as usize), u32::try_from(at)) {
                    *slot = at + 1;
                }
            }
        }
        CompanyIndex {
            ids,
            letters,
            by_id,
        }
    }

    /// The place of company `id`, if indexed.
    pub fn find(&self, id: Option<u64>) -> Option<usize> {
        let id = id?;
        if self.by_id.is_empty() {
            return self.ids.binary_search(&id).ok();
        }
        let at = *usize::try_from(id).ok().and_then(|i| self.by_id.get(i))?;
        (at as usize).checked_sub(1)
    }

    /// The name mask of the company at `place` (0 when there is none).
    pub fn letters(&self, place: Option<usize>) -> u64 {
        place
            .and_then(|p| self.letters.get(p).copied())
            .unwrap_or(0)
    }

    /// Bytes held.
    pub fn bytes(&self) -> usize {
        (self.ids.capacity() + self.letters.capacity()) * 8 + self.by_id.capacity() * 4
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dense_and_sparse_ids_are_found_alike() {
        for ids in [vec![1u64, 2, 5, 9], vec![3, 1 << 40, (1 << 40) + 7]] {
            let index = CompanyIndex::new(ids.iter().map(|&id| (id, id * 3)));
            for (at, &id) in ids.iter().enumerate() {
                assert_eq!(index.find(Some(id)), Some(at));
                assert_eq!(index.letters(Some(at)), id * 3);
            }
            assert_eq!(index.find(Some(4)), None);
            assert_eq!(index.find(None), None);
            assert_eq!(index.letters(None), 0);
        }
    }
}
