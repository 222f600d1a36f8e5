//! Every table a rolo file may hold, each with what it holds ([`Role`]), in one list.
//! Two things depend on the list being complete: the scrub copies exactly these tables
//! into a fresh file (and refuses a file holding any other), and the privacy walk
//! checks against it that every table that can hold a person's data is handled. A new
//! table is added here or the tests that enumerate a file's tables fail.

use redb::{Key, ReadTransaction, ReadableDatabase, TableDefinition, TableHandle, Value};

use super::aggregate::AGG_STAGE;
use super::facts::*;
use super::search_pages::IDX_SEARCH_PAGE;
use super::tables::*;
use crate::error::{Error, Result};
use crate::model::Kind;

/// What a table holds, as far as a person's data is concerned.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    /// Counters, the revision and the schema version: no personal data.
    Meta,
    /// The records of one kind: the source of truth the privacy walk reads.
    Records(Kind),
    /// The change log: every record's before and after (the erase rewrites it).
    ChangeLog,
    /// Derived from the records by every write (indexes, search pages, report facts,
    /// totals): an erase keeps them in step through the ordinary write path.
    Derived,
    /// Which time rules fired for which record (ids and revisions only).
    Firings,
    /// The privacy tables: secrets, suppression list, tombstones (no personal data).
    Privacy,
    /// The consent ledger (personal data, keyed by contact).
    Consent,
}

/// One table of the list: its name and role, and how to copy or count it untyped.
pub trait Table {
    /// The table's name in the file.
    fn name(&self) -> &str;
    /// What it holds.
    fn role(&self) -> Role;
    /// Copies every row from `src` into the same table of `dst`; returns the rows copied.
    fn copy(&self, src: &ReadTransaction, dst: &redb::WriteTransaction) -> Result<u64>;
    /// How many rows `db` holds in this table (0 when it does not exist).
    fn rows(&self, db: &ReadTransaction) -> Result<u64>;
}

struct Def<K: Key + 'static, V: Value + 'static> {
    def: TableDefinition<'static, K, V>,
    role: Role,
}

impl<K: Key + 'static, V: Value + 'static> Table for Def<K, V> {
    fn name(&self) -> &str {
        self.def.name()
    }

    fn role(&self) -> Role {
        self.role
    }

    fn copy(&self, src: &ReadTransaction, dst: &redb::WriteTransaction) -> Result<u64> {
        let from = match src.open_table(self.def) {
            Ok(t) => t,
            Err(redb::TableError::TableDoesNotExist(_)) => return Ok(0),
            Err(e) => return Err(e.into()),
        };
        let mut to = dst.open_table(self.def)?;
        let mut n = 0;
        for row in redb::ReadableTable::iter(&from)? {
            let (k, v) = row?;
            to.insert(k.value(), v.value())?;
            n += 1;
        }
        Ok(n)
    }

    fn rows(&self, db: &ReadTransaction) -> Result<u64> {
        match db.open_table(self.def) {
            Ok(t) => Ok(redb::ReadableTableMetadata::len(&t)?),
            Err(redb::TableError::TableDoesNotExist(_)) => Ok(0),
            Err(e) => Err(e.into()),
        }
    }
}

fn def<K: Key + 'static, V: Value + 'static>(
    def: TableDefinition<'static, K, V>,
    role: Role,
) -> Box<dyn Table> {
    Box::new(Def { def, role })
}

/// Every table rolo writes, with its role.
pub fn tables() -> Vec<Box<dyn Table>> {
    let mut out = vec![
        def(META, Role::Meta),
        def(CHANGELOG, Role::ChangeLog),
        def(IDX_EMAIL, Role::Derived),
        def(IDX_LINK, Role::Derived),
        def(IDX_WAITING, Role::Derived),
        def(IDX_TIMELINE, Role::Derived),
        def(IDX_ACTIVITY_TIME, Role::Derived),
        def(IDX_STAGE, Role::Derived),
        def(IDX_DUE, Role::Derived),
        def(IDX_EXTERNAL, Role::Derived),
        def(FIRINGS, Role::Firings),
        def(IDX_OWNER, Role::Derived),
        def(IDX_CARD, Role::Derived),
        def(super::sort_pages::IDX_SORT_PAGE, Role::Derived),
        def(IDX_QUEUE, Role::Derived),
        def(IDX_TICKET_QUEUE, Role::Derived),
        def(IDX_TICKET_SOLVED, Role::Derived),
        def(super::ticket_facts::IDX_TICKET_FACTS, Role::Derived),
        def(super::deal_facts::IDX_DEAL_FACTS, Role::Derived),
        def(LEGACY_IDX_SEARCH, Role::Derived),
        def(IDX_SEARCH_PAGE, Role::Derived),
        def(AGG_STAGE, Role::Derived),
        def(FACT_LEADS, Role::Derived),
        def(FACT_TOUCHED, Role::Derived),
        def(FACT_MISSING, Role::Derived),
        def(FACT_DUPES, Role::Derived),
        def(FACT_DUPES_SHARED, Role::Derived),
        def(FACT_DONE, Role::Derived),
        def(FACT_NEXT_STEPS, Role::Derived),
        def(FACT_DEALS_CREATED, Role::Derived),
        def(FACT_DEALS_CLOSED, Role::Derived),
        def(FACT_OPEN_DEALS, Role::Derived),
        def(AGG_ACTIVITY, Role::Derived),
        def(SECRETS, Role::Privacy),
        def(SUPPRESSED, Role::Privacy),
        def(ERASURES, Role::Privacy),
        def(CONSENT_LEDGER, Role::Consent),
    ];
    for kind in Kind::ALL {
        out.push(def(records(kind), Role::Records(kind)));
    }
    out
}

/// The tables `db` holds that [`tables`] does not list (a newer rolo's, or another
/// program's): a scrub refuses to run on such a file, since it would drop them.
pub fn unlisted(db: &ReadTransaction) -> Result<Vec<String>> {
    let all = tables();
    let known: Vec<&str> = all.iter().map(|t| t.name()).collect();
    let mut out = Vec::new();
    for t in db.list_tables().map_err(Error::from)? {
        if !known.contains(&t.name()) {
            out.push(t.name().to_string());
        }
    }
    if db
        .list_multimap_tables()
        .map_err(Error::from)?
        .next()
        .is_some()
    {
        out.push("(a multimap table)".into());
    }
    Ok(out)
}

/// [`unlisted`] for an open database.
pub fn unlisted_in(db: &impl ReadableDatabase) -> Result<Vec<String>> {
    unlisted(&db.begin_read().map_err(Error::from)?)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_table_is_named_and_listed_once() {
        let all = tables();
        let names: Vec<&str> = all.iter().map(|t| t.name()).collect();
        let mut sorted = names.clone();
        sorted.sort();
        sorted.dedup();
        assert_eq!(sorted.len(), names.len(), "a table is listed twice");
    }
}
