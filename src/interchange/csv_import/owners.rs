//! Owners in an imported file: `--map-owner "Jane Seller=jane"` gives the records of a
//! name in the file to a rolo user; owners that are not rolo users yet are kept by name
//! (so nothing is lost) and listed in the import summary, so they can be mapped on a
//! second try or left as they are.

use std::collections::BTreeMap;

use serde::Serialize;

use super::convert::{Draft, DraftRow};
use super::table::RowCells;
use crate::interchange::error::{InterchangeError, Result};
use crate::model::text::tidy;

/// An owner name that is not a rolo user, and how many rows it owns.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct OwnerKept {
    /// The name as the file gives it.
    pub name: String,
    /// Rows it owns.
    pub rows: usize,
}

impl Draft {
    /// The owner of the record (a task's assignee, an activity's author).
    pub fn owner_mut(&mut self) -> &mut String {
        match self {
            Draft::Contact { contact, .. } => &mut contact.owner,
            Draft::Company { company } => &mut company.owner,
            Draft::Deal { deal, .. } => &mut deal.owner,
            Draft::Activity { activity, .. } => &mut activity.author,
            Draft::Task { task, .. } => &mut task.assignee,
        }
    }
}

fn bad(spec: &str, reason: String) -> InterchangeError {
    InterchangeError::BadMap {
        option: "--map-owner",
        spec: spec.to_string(),
        reason,
    }
}

/// Reads `--map-owner` values ("Name=user,Other=user", possibly several).
pub fn parse(specs: &[String]) -> Result<Vec<(String, String)>> {
    let pairs = super::values::pairs(specs)
        .map_err(|part| bad(&part, "expected \"Name in the file=rolo user\"".into()))?;
    Ok(pairs
        .iter()
        .map(|(from, to)| (tidy(from), tidy(to)))
        .collect())
}

/// Gives the rows of each mapped name to its user; a name no row has is refused with
/// the file's owners listed.
pub fn apply(map: &[(String, String)], drafts: &mut [(DraftRow, RowCells)]) -> Result<()> {
    if map.is_empty() {
        return Ok(());
    }
    let mut used = vec![false; map.len()];
    for (d, _) in drafts.iter_mut() {
        let owner = d.draft.owner_mut();
        let k = tidy(owner).to_lowercase();
        if let Some(i) = map.iter().position(|(from, _)| from.to_lowercase() == k) {
            used[i] = true;
            *owner = map[i].1.clone();
        }
    }
    if let Some(i) = used.iter().position(|u| !u) {
        let mut names: Vec<String> = drafts
            .iter_mut()
            .map(|(d, _)| tidy(d.draft.owner_mut()))
            .filter(|o| !o.is_empty())
            .collect();
        names.sort();
        names.dedup();
        let listed = if names.is_empty() {
            "(none)".to_string()
        } else {
            names.join(", ")
        };
        let (from, to) = &map[i];
        return Err(bad(
            &format!("{from}={to}"),
            format!("no row is owned by \"{from}\"; the file's owners are {listed}"),
        ));
    }
    Ok(())
}

/// The owners of `drafts` that are not among `users`, with their row counts, by name.
pub fn kept<'a>(
    drafts: impl Iterator<Item = &'a DraftRow>,
    is_user: impl Fn(&str) -> bool,
) -> Vec<OwnerKept> {
    let mut counts: BTreeMap<String, usize> = BTreeMap::new();
    for d in drafts {
        let owner = match &d.draft {
            Draft::Contact { contact, .. } => &contact.owner,
            Draft::Company { company } => &company.owner,
            Draft::Deal { deal, .. } => &deal.owner,
            Draft::Activity { activity, .. } => &activity.author,
            Draft::Task { task, .. } => &task.assignee,
        };
        let o = tidy(owner);
        if !o.is_empty() && !is_user(&o) {
            *counts.entry(o).or_default() += 1;
        }
    }
    counts
        .into_iter()
        .map(|(name, rows)| OwnerKept { name, rows })
        .collect()
}
