//! Many edits in one go: [`Tx::put_many`] writes records exactly as [`Tx::put`] would,
//! one after another, but opens the index and aggregate tables once for all of them
//! (opening them is most of what one small edit costs). For batches of edits that no
//! other record's index entries read, such as an import moving "last activity" forward
//! on a hundred thousand contacts.

use super::index;
use super::query::Queries;
use super::tables::*;
use super::tx::Tx;
use crate::error::{Error, Result};
use crate::model::{Kind, Record};

impl Tx<'_> {
    /// Writes each record like [`Tx::put`], in order, with the tables opened once.
    /// Refuses (before writing anything) a batch that names a record twice, or renames a
    /// company or changes a deal's value, which other records' index entries carry:
    /// write those with [`Tx::put`].
    pub fn put_many(&mut self, recs: Vec<Record>) -> Result<()> {
        self.flush()?;
        let mut batch = Vec::with_capacity(recs.len());
        let mut seen = std::collections::HashSet::with_capacity(recs.len());
        for rec in recs {
            if !seen.insert(rec.rid()) {
                return Err(Error::Conflict(format!(
                    "internal: {} is written twice in one batch",
                    rec.rid()
                )));
            }
            let before = self.get_record(rec.rid())?;
            if before.as_ref() == Some(&rec) {
                continue;
            }
            if moves_dependents(before.as_ref(), &rec) {
                return Err(Error::Conflict(format!(
                    "internal: {} changes what other records' indexes carry; write it alone",
                    rec.rid()
                )));
            }
            let new = index::keys(&rec, &self.context_of(&rec)?);
            let old = match &before {
                Some(b) => index::keys(b, &self.context_of(b)?),
                None => Vec::new(),
            };
            batch.push((before, rec, old, new));
        }
        {
            let mut idx = self.open_index()?;
            for (before, rec, old, new) in &batch {
                let removed: Vec<_> = old.iter().filter(|k| !new.contains(k)).cloned().collect();
                let added: Vec<_> = new.iter().filter(|k| !old.contains(k)).cloned().collect();
                idx.remove(&removed)?;
                idx.insert(&added)?;
                idx.account(before.as_ref(), Some(rec))?;
            }
            idx.finish()?;
        }
        let mut open: Option<(Kind, redb::Table<'_, u64, &[u8]>)> = None;
        let mut fresh = Vec::new();
        for (before, rec, _, _) in &batch {
            let rid = rec.rid();
            if before.is_none() {
                fresh.push(rid);
            }
            let bytes = encode(rec)?;
            let table = match &mut open {
                Some((kind, table)) if *kind == rid.kind => table,
                _ => {
                    open = None;
                    &mut open
                        .insert((rid.kind, self.txn.open_table(records(rid.kind))?))
                        .1
                }
            };
            table.insert(rid.id, bytes.as_slice())?;
        }
        drop(open);
        for rid in fresh {
            self.reserve_id(rid.kind, rid.id)?;
        }
        for (before, rec, _, _) in batch {
            self.note(rec.rid(), before, Some(rec));
        }
        Ok(())
    }
}

/// Whether an edit renames a company or changes a deal's value (or creates or removes
/// one): contacts' and tasks' index entries carry those.
fn moves_dependents(before: Option<&Record>, after: &Record) -> bool {
    match (before, after) {
        (Some(Record::Company(b)), Record::Company(a)) => b.name != a.name,
        (Some(Record::Deal(b)), Record::Deal(a)) => b.value != a.value,
        (None, Record::Company(_) | Record::Deal(_)) => true,
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use crate::model::{Company, Contact, Kind, Record, RecordId};
    use crate::store::Queries;

    #[test]
    fn a_batch_matches_single_puts_and_refuses_what_moves_other_records() {
        let (_dir, store) = crate::store::scratch();
        store
            .write("test", |tx| {
                let co = tx.create(Company {
                    name: "Acme".into(),
                    ..Company::default()
                })?;
                let jane = tx.create(Contact {
                    name: "Jane".into(),
                    company: Some(co.id),
                    ..Contact::default()
                })?;
                let mut renamed = co.clone();
                renamed.name = "Acme Two".into();
                assert!(tx.put_many(vec![Record::Company(renamed)]).is_err());
                let mut edited = jane.clone();
                edited.title = Some("CEO".into());
                assert!(
                    tx.put_many(vec![edited.clone().into(), edited.clone().into()])
                        .is_err()
                );
                tx.put_many(vec![edited.clone().into()])?;
                assert_eq!(tx.get::<Contact>(jane.id)?, Some(edited));
                // A record deleted in the operation no longer exists for it, though it
                // was known to.
                let rid = RecordId::new(Kind::Contact, jane.id);
                assert!(tx.exists(rid)?);
                tx.delete(rid)?;
                assert!(!tx.exists(rid)?);
                Ok(())
            })
            .unwrap();
        assert!(store.verify_derived().unwrap().is_empty());
    }
}
