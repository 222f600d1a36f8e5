//! Creating many records in one operation (an import). Each record is validated and
//! completed exactly as [`super::add_in`] does; when no automation rule would act on its
//! creation, it is staged ([`crate::store::Tx::stage`]) and written with the others at
//! commit, instead of one write per record. A record a rule acts on takes the ordinary
//! path, so rules fire exactly as they do for records added one by one.

use std::borrow::Cow;

use super::record::create_prepared;
use super::validate::Prepare;
use crate::error::Result;
use crate::model::Rule;
use crate::store::Tx;

/// Creates records in bulk inside one operation; the enabled event rules are read once.
pub struct Creator {
    rules: Vec<Rule>,
    /// Whether records may be staged (off: each is written as it is created).
    staging: bool,
}

impl Creator {
    /// Reads the rules that fire on creation.
    pub fn new(tx: &Tx) -> Result<Creator> {
        Ok(Creator {
            rules: crate::automation::event_rules(tx)?,
            staging: true,
        })
    }

    /// Writes each record as it is created, as [`super::add_in`] does (the reference
    /// the bulk path is checked against).
    pub fn set_staging(&mut self, on: bool) {
        self.staging = on;
    }

    /// Creates `rec` like [`super::add_in`], then lets `finish` amend the created record
    /// (an imported creation date); `finish` returns whether it changed anything. The
    /// record created: a staged one is lent from the operation, not copied.
    pub fn add<'t, T: Prepare>(
        &self,
        tx: &'t mut Tx,
        mut rec: T,
        finish: impl FnOnce(&mut T) -> bool,
    ) -> Result<Cow<'t, T>> {
        rec.prepare(tx, None)?;
        let record = rec.into_record();
        let acts = !self.staging || crate::automation::acts_on_create(tx, &self.rules, &record)?;
        let Some(mut rec) = T::from_record(record) else {
            return Err(crate::Error::Conflict(
                "internal: record of another kind".into(),
            ));
        };
        if acts {
            let mut added = create_prepared(tx, rec)?;
            if finish(&mut added) {
                tx.put(added.clone().into_record())?;
            }
            return Ok(Cow::Owned(added));
        }
        let id = tx.stage_id(T::KIND)?;
        rec.set_id(id);
        finish(&mut rec);
        let staged = tx.stage(rec.into_record())?;
        T::of_record(staged)
            .map(Cow::Borrowed)
            .ok_or_else(|| crate::Error::Conflict("internal: record of another kind".into()))
    }
}
