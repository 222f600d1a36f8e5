//! Duplicate detection (`rolo dupes`) and phone normalisation. Candidates are found by
//! blocking on normalised keys (phone, folded name, company and name initial, domain),
//! never by comparing every pair, so a database of 100k contacts is searched in about a
//! second. Records are read one at a time, only the fields compared ([`view`]), and
//! only their keys kept ([`blocks`]), so memory follows the keys, not the records.
//! Merging is the ops layer's job ([`crate::ops::merge`]).

pub mod blocks;
pub mod companies;
pub mod contacts;
pub mod pairs;
pub mod phone;
pub mod view;

use crate::error::Result;
use crate::store::Queries;

pub use pairs::Candidate;
pub use phone::normalize_phone;

/// Which records to look for duplicates among.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DupeKind {
    /// People.
    Contacts,
    /// Companies.
    Companies,
}

/// Candidate duplicate pairs, best first, at most `limit`.
pub fn find_duplicates<Q: Queries>(q: &Q, kind: DupeKind, limit: usize) -> Result<Vec<Candidate>> {
    Ok(match kind {
        DupeKind::Contacts => {
            let mut found = contacts::ContactDupes::default();
            view::each_contact(q, |c| found.add(c))?;
            found.ranked(limit)
        }
        DupeKind::Companies => {
            let mut found = companies::CompanyDupes::default();
            view::each_company(q, |c| found.add(c))?;
            found.ranked(limit)
        }
    })
}
