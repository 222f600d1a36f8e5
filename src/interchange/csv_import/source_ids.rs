//! Source ids in a file: Pipedrive's "Deal - ID", HubSpot's "Record ID", Salesforce's
//! `Id` and the id links ("Deal - Organization ID", `AccountId`). They are kept on the
//! records (`source_ids`, under the product's key) so that importing the same export
//! again matches instead of duplicating, and links by id find their record. Ids are
//! only meaningful with their product: from a file rolo cannot place, the id columns are
//! left out (and listed as not imported). One id on two rows with different data is a
//! contradiction, reported on the later row.

use std::collections::HashMap;

use super::convert::DraftRow;
use super::field::Field;
use super::mapping::Mapping;
use super::pipelines::Product;
use super::table::RowCells;
use crate::interchange::error::RowError;

/// Leaves out the id columns of a file whose product is unknown.
pub fn require_product(m: &mut Mapping, headers: &[String]) {
    if Product::from_source(m.source).is_some() {
        return;
    }
    let mut changed = false;
    for c in m.columns.iter_mut() {
        if matches!(
            c,
            Some(
                Field::SourceId
                    | Field::CompanyId
                    | Field::ContactId
                    | Field::DealId
                    | Field::RelatedId
            )
        ) {
            *c = None;
            changed = true;
        }
    }
    if changed {
        m.ignored = headers
            .iter()
            .zip(&m.columns)
            .filter(|(_, f)| f.is_none() || matches!(f, Some(Field::Ignore)))
            .map(|(h, _)| h.clone())
            .collect();
    }
}

/// Removes the rows that repeat an earlier row's id with different data, and returns
/// them as errors naming both lines. A row repeated exactly is kept: it matches the
/// record the first one creates.
pub fn contradictions(drafts: &mut Vec<(DraftRow, RowCells)>, headers: &[String]) -> Vec<RowError> {
    let mut first: HashMap<String, (u64, RowCells)> = HashMap::new();
    let mut errors = Vec::new();
    drafts.retain(|(d, cells)| {
        let Some((col, id)) = &d.ids.own else {
            return true;
        };
        match first.get(id) {
            None => {
                first.insert(id.clone(), (d.line, cells.clone()));
                true
            }
            Some((_, same)) if same == cells => true,
            Some((line, _)) => {
                errors.push(RowError::cell(
                    d.line,
                    headers.get(*col).map(String::as_str).unwrap_or("?"),
                    id,
                    format!(
                        "line {line} has the same id with different data; keep the row that is right"
                    ),
                ));
                false
            }
        }
    });
    errors
}
