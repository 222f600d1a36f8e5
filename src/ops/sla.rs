//! Adding, changing and removing SLA policies and business-hours calendars. Every such
//! change recomputes the clocks of every unsolved ticket in the same transaction, so a
//! ticket never keeps a deadline from a policy or calendar that changed or is gone.

use super::links;
use super::record::{add_in, update_in};
use super::ticket::{Moved, recompute_in};
use super::validate::Prepare;
use crate::error::{Error, Result};
use crate::model::{Kind, RecordId};
use crate::store::{Committed, Queries, Store};

/// Adds a policy or calendar, then recomputes the tickets.
pub fn add_rule<T: Prepare>(store: &Store, rec: T) -> Result<Committed<(T, Vec<Moved>)>> {
    store.write(&format!("{}.add", op_noun(T::KIND)), |tx| {
        let rec = add_in(tx, rec)?;
        let moved = recompute_in(tx)?;
        Ok((rec, moved))
    })
}

/// Changes a policy or calendar, then recomputes the tickets.
pub fn edit_rule<T: Prepare>(
    store: &Store,
    id: u64,
    edit: impl FnOnce(&mut T) -> Result<()>,
) -> Result<Committed<(T, Vec<Moved>)>> {
    store.write(&format!("{}.edit", op_noun(T::KIND)), |tx| {
        let rec = update_in(tx, id, edit)?;
        let moved = recompute_in(tx)?;
        Ok((rec, moved))
    })
}

/// Removes a policy, or a calendar no policy counts in, then recomputes the tickets.
pub fn remove_rule(store: &Store, rid: RecordId) -> Result<Committed<Vec<Moved>>> {
    store.write(&format!("{}.delete", op_noun(rid.kind)), |tx| {
        let Some(rec) = tx.get_record(rid)? else {
            return Err(Error::NotFound(rid));
        };
        let linking = links::links_to(tx, rid)?;
        if !linking.is_empty() {
            return Err(Error::Conflict(format!(
                "{rid} is used by SLA policy {}; point the policy at another calendar \
                 (rolo sla edit L-n --calendar ...) or remove it first",
                links::describe(&linking)
            )));
        }
        tx.delete(rid)?;
        tx.describe(format!("deleted {} {rid} {}", rid.kind.noun(), rec.label()));
        recompute_in(tx)
    })
}

/// Recomputes every unsolved ticket's clocks (`rolo sla recompute`).
pub fn recompute(store: &Store) -> Result<Committed<Vec<Moved>>> {
    store.write("sla.recompute", recompute_in)
}

fn op_noun(kind: Kind) -> &'static str {
    match kind {
        Kind::Sla => "sla",
        other => other.noun(),
    }
}
