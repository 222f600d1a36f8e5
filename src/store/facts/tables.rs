//! The fact tables of a write transaction ([`FactTables`]) and how one fact is added
//! to or removed from them. The duplicate fingerprints ([`PrintTables`]) are kept apart
//! from the other tables ([`RowTables`]) so that a bulk load writes the two side by side
//! on two threads.

use std::collections::BTreeSet;

use redb::{ReadableTable, WriteTransaction};

use super::*;
use crate::error::Result;

/// The fact tables of a write transaction, opened once: the duplicate fingerprints
/// apart from the others, so that a bulk load can write the two sets side by side.
pub struct FactTables<'t> {
    pub(super) rows: RowTables<'t>,
    pub(super) prints: PrintTables<'t>,
}

/// The duplicate-candidate fingerprints and the count of those that are shared.
pub(super) struct PrintTables<'t> {
    pub(super) dupes: redb::Table<'t, (u8, u64, u64), (&'static str, &'static str)>,
    pub(super) shared: redb::Table<'t, (u8, u64), u64>,
}

/// Every fact table but the fingerprints'.
pub(super) struct RowTables<'t> {
    leads: redb::Table<'t, (i64, u64), (&'static str, &'static str)>,
    touched: redb::Table<'t, (i64, u64), &'static str>,
    missing: redb::Table<'t, (u8, u64), &'static str>,
    done: redb::Table<'t, (i64, u64), &'static str>,
    next_steps: redb::Table<'t, (u64, u64), ()>,
    deals_created: redb::Table<'t, (i64, u64), (&'static str, u64, &'static str)>,
    deals_closed: redb::Table<'t, (i64, u64), ClosedRow<'static>>,
    open_deals: redb::Table<'t, u64, (&'static str, u64, i32)>,
    pub(super) activity: redb::Table<'t, (i32, &'static str, u8), u64>,
}

impl<'t> FactTables<'t> {
    /// Opens (creating when missing) every fact table.
    pub fn open(txn: &'t WriteTransaction) -> Result<Self> {
        Ok(FactTables {
            rows: RowTables {
                leads: txn.open_table(FACT_LEADS)?,
                touched: txn.open_table(FACT_TOUCHED)?,
                missing: txn.open_table(FACT_MISSING)?,
                done: txn.open_table(FACT_DONE)?,
                next_steps: txn.open_table(FACT_NEXT_STEPS)?,
                deals_created: txn.open_table(FACT_DEALS_CREATED)?,
                deals_closed: txn.open_table(FACT_DEALS_CLOSED)?,
                open_deals: txn.open_table(FACT_OPEN_DEALS)?,
                activity: txn.open_table(AGG_ACTIVITY)?,
            },
            prints: PrintTables {
                dupes: txn.open_table(FACT_DUPES)?,
                shared: txn.open_table(FACT_DUPES_SHARED)?,
            },
        })
    }

    /// Moves a record from its old facts to its new ones (either may be absent).
    pub fn account(&mut self, old: Option<&Record>, new: Option<&Record>) -> Result<()> {
        let (was, is) = (facts(old), facts(new));
        if was == is {
            return Ok(());
        }
        let mut prints = BTreeSet::new();
        for f in was.iter().filter(|f| !is.contains(f)) {
            self.apply(f, false, Some(&mut prints))?;
        }
        for f in is.iter().filter(|f| !was.contains(f)) {
            self.apply(f, true, Some(&mut prints))?;
        }
        for (reason, print) in prints {
            self.prints.recount_shared(reason, print)?;
        }
        Ok(())
    }

    /// Replaces one fact of a record by another (an edit known to move just that
    /// fact, such as "last activity").
    pub fn replace(&mut self, old: &Fact, new: &Fact) -> Result<()> {
        if old == new {
            return Ok(());
        }
        let mut prints = BTreeSet::new();
        self.apply(old, false, Some(&mut prints))?;
        self.apply(new, true, Some(&mut prints))?;
        for (reason, print) in prints {
            self.prints.recount_shared(reason, print)?;
        }
        Ok(())
    }

    // Adds or removes one fact; notes the fingerprints whose sharing may have changed
    // (when `prints` is given: a bulk load into an empty table counts them itself).
    pub(super) fn apply(
        &mut self,
        f: &Fact,
        add: bool,
        prints: Option<&mut BTreeSet<(u8, u64)>>,
    ) -> Result<()> {
        match f {
            Fact::Dupe(..) => self.prints.apply(f, add, prints),
            f => self.rows.apply(f, add),
        }
    }
}

impl PrintTables<'_> {
    // Adds or removes a fingerprint fact (any other fact is not theirs).
    pub(super) fn apply(
        &mut self,
        f: &Fact,
        add: bool,
        prints: Option<&mut BTreeSet<(u8, u64)>>,
    ) -> Result<()> {
        if let Fact::Dupe(reason, print, id, owner, key) = f {
            if add {
                self.dupes
                    .insert((*reason, *print, *id), (owner.as_str(), key.as_str()))?;
            } else {
                self.dupes.remove((*reason, *print, *id))?;
            }
            if let Some(prints) = prints {
                prints.insert((*reason, *print));
            }
        }
        Ok(())
    }

    // Keeps a fingerprint in the shared table exactly while two or more contacts have it.
    pub(super) fn recount_shared(&mut self, reason: u8, print: u64) -> Result<()> {
        let n = self.holders(reason, print)?;
        if n >= 2 {
            self.shared.insert((reason, print), n)?;
        } else {
            self.shared.remove((reason, print))?;
        }
        Ok(())
    }

    // How many contacts have a fingerprint.
    pub(super) fn holders(&self, reason: u8, print: u64) -> Result<u64> {
        let mut n = 0u64;
        for row in self
            .dupes
            .range((reason, print, 0)..=(reason, print, u64::MAX))?
        {
            row?;
            n += 1;
        }
        Ok(n)
    }
}

impl RowTables<'_> {
    // Adds or removes one fact (a fingerprint is not theirs).
    pub(super) fn apply(&mut self, f: &Fact, add: bool) -> Result<()> {
        match f {
            Fact::Lead(at, id, owner, source) => {
                if add {
                    self.leads
                        .insert((*at, *id), (owner.as_str(), source.as_str()))?;
                } else {
                    self.leads.remove((*at, *id))?;
                }
            }
            Fact::Touched(at, id, owner) => {
                if add {
                    self.touched.insert((*at, *id), owner.as_str())?;
                } else {
                    self.touched.remove((*at, *id))?;
                }
            }
            Fact::Missing(field, id, owner) => {
                if add {
                    self.missing.insert((*field, *id), owner.as_str())?;
                } else {
                    self.missing.remove((*field, *id))?;
                }
            }
            Fact::Dupe(..) => {}
            Fact::Done(at, id, who) => {
                if add {
                    self.done.insert((*at, *id), who.as_str())?;
                } else {
                    self.done.remove((*at, *id))?;
                }
            }
            Fact::NextStep(deal, task) => {
                if add {
                    self.next_steps.insert((*deal, *task), ())?;
                } else {
                    self.next_steps.remove((*deal, *task))?;
                }
            }
            Fact::DealCreated(at, id, owner, pipeline, source) => {
                if add {
                    self.deals_created
                        .insert((*at, *id), (owner.as_str(), *pipeline, source.as_str()))?;
                } else {
                    self.deals_created.remove((*at, *id))?;
                }
            }
            Fact::DealClosed(at, id, c) => {
                if add {
                    self.deals_closed.insert((*at, *id), closed_row(c))?;
                } else {
                    self.deals_closed.remove((*at, *id))?;
                }
            }
            Fact::OpenDeal(id, owner, pipeline, close) => {
                if add {
                    self.open_deals
                        .insert(*id, (owner.as_str(), *pipeline, *close))?;
                } else {
                    self.open_deals.remove(*id)?;
                }
            }
            Fact::Activity(day, author, kind) => {
                let key = (*day, author.as_str(), *kind);
                let n = self.activity.get(key)?.map(|v| v.value()).unwrap_or(0);
                let n = if add {
                    n.saturating_add(1)
                } else {
                    n.saturating_sub(1)
                };
                if n == 0 {
                    self.activity.remove(key)?;
                } else {
                    self.activity.insert(key, n)?;
                }
            }
        }
        Ok(())
    }
}
