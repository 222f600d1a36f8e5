//! Companies named by people: found by name, or created in the same operation.

use super::record::add_in;
use crate::error::Result;
use crate::model::Company;
use crate::store::{Queries, Tx};

/// The company with this name (case-insensitive), created when there is none.
/// Returns its id and whether it was created.
pub fn find_or_create_company(tx: &mut Tx, name: &str) -> Result<(u64, bool)> {
    let want = crate::model::text::tidy(name).to_lowercase();
    if let Some(c) = tx
        .all::<Company>()?
        .into_iter()
        .find(|c| c.name.to_lowercase() == want)
    {
        return Ok((c.id, false));
    }
    let created = add_in(
        tx,
        Company {
            name: name.to_string(),
            ..Company::default()
        },
    )?;
    Ok((created.id, true))
}
