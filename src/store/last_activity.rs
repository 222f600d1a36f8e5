//! Moving "last activity" forward: the one edit every logged activity makes to the
//! contacts, company and deal it concerns, written narrowly. The field feeds exactly
//! three derived things — the "last activity" sort entry of contacts and companies
//! and a contact's "touched" report fact — so only those are rewritten, beside the
//! record itself. An import of a million activities moves it on a hundred thousand
//! records in one pass, each record table and index table opened once.
//!
//! [`tests::last_activity_feeds_only_its_sort_entry_and_touched_fact`] holds the
//! premise: if another index entry or fact ever starts to read the field, it fails.

use redb::ReadableTable;

use super::facts;
use super::index::IndexKey;
use super::key_builder::order;
use super::sort::{LAST_ACTIVITY, company_key, company_tag, contact_key, contact_tag};
use super::tables::*;
use super::tx::Tx;
use crate::error::Result;
use crate::model::{Instant, Record, RecordId};

impl Tx<'_> {
    /// Sets "last activity" to each time given on its contact, company or deal, where
    /// that is later than what the record holds; missing records and other kinds are
    /// passed over. A record named twice takes the later time.
    pub fn move_last_activity(&mut self, mut moves: Vec<(RecordId, Instant)>) -> Result<()> {
        self.flush()?;
        // In table order, and for a record named twice the later time first.
        moves.sort_unstable_by(|a, b| a.0.cmp(&b.0).then(b.1.cmp(&a.1)));
        moves.dedup_by_key(|m| m.0);
        let mut edits: Vec<(Record, Record)> = Vec::new();
        let mut at = 0;
        while let Some(&(first, _)) = moves.get(at) {
            let table = self.txn.open_table(records(first.kind))?;
            while let Some(&(rid, when)) = moves.get(at)
                && rid.kind == first.kind
            {
                at += 1;
                let Some(bytes) = table.get(rid.id)? else {
                    continue;
                };
                let before = decode_record(rid.kind, bytes.value())?;
                drop(bytes);
                if let Some(after) = moved(&before, when) {
                    edits.push((before, after));
                }
            }
        }
        if edits.is_empty() {
            return Ok(());
        }
        let (mut gone, mut new) = (Vec::new(), Vec::new());
        for (before, after) in &edits {
            if let Some(k) = sort_entry(before) {
                gone.push(k);
            }
            if let Some(k) = sort_entry(after) {
                new.push(k);
            }
        }
        gone.sort_unstable_by(order);
        new.sort_unstable_by(order);
        {
            let mut idx = self.open_index()?;
            idx.remove(&gone)?;
            idx.insert(&new)?;
            for (before, after) in &edits {
                if let (Record::Contact(b), Record::Contact(a)) = (before, after) {
                    idx.replace_fact(&facts::touched(b), &facts::touched(a))?;
                }
            }
            idx.finish()?;
        }
        let mut at = 0;
        while let Some((_, first)) = edits.get(at) {
            let kind = first.kind();
            let mut table = self.txn.open_table(records(kind))?;
            while let Some((_, rec)) = edits.get(at)
                && rec.kind() == kind
            {
                table.insert(rec.id(), encode(rec)?.as_slice())?;
                at += 1;
            }
        }
        for (before, after) in edits {
            self.note(after.rid(), Some(before), Some(after));
        }
        Ok(())
    }
}

/// The record with "last activity" at `when`, if that moves it forward.
fn moved(rec: &Record, when: Instant) -> Option<Record> {
    let later = |old: Option<Instant>| old.is_none_or(|t| t < when);
    let mut out = rec.clone();
    let field = match &mut out {
        Record::Contact(c) => &mut c.last_activity,
        Record::Company(c) => &mut c.last_activity,
        Record::Deal(d) => &mut d.last_activity,
        _ => return None,
    };
    if !later(*field) {
        return None;
    }
    *field = Some(when);
    Some(out)
}

/// A record's "last activity" sort entry (deals have none).
fn sort_entry(rec: &Record) -> Option<IndexKey> {
    match rec {
        // The column's key does not read the company name.
        Record::Contact(c) => Some(IndexKey::Sort(
            contact_tag(LAST_ACTIVITY),
            contact_key(c, "", LAST_ACTIVITY),
            c.id,
        )),
        Record::Company(c) => Some(IndexKey::Sort(
            company_tag(LAST_ACTIVITY),
            company_key(c, LAST_ACTIVITY),
            c.id,
        )),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Company, Contact, Deal, Kind, Labeled};
    use crate::store::index::{KeyContext, keys};
    use crate::store::{Queries, ReportReads};

    fn at(ms: i64) -> Instant {
        chrono::DateTime::from_timestamp_millis(ms).unwrap_or_default()
    }

    /// Every index entry and fact of a record, before and after moving "last
    /// activity": the only ones that differ are the ones this module rewrites.
    #[test]
    fn last_activity_feeds_only_its_sort_entry_and_touched_fact() {
        let contact = Contact {
            id: 7,
            name: "Jane Muller".into(),
            company: Some(3),
            owner: "kim".into(),
            emails: vec![Labeled {
                value: "jane@acme.test".into(),
                ..Labeled::default()
            }],
            last_activity: Some(at(1_000)),
            ..Contact::default()
        };
        let company = Company {
            id: 3,
            name: "Acme".into(),
            owner: "kim".into(),
            ..Company::default()
        };
        let deal = Deal {
            id: 4,
            title: "Renewal".into(),
            value: 500,
            company: Some(3),
            contacts: vec![7],
            ..Deal::default()
        };
        let cx = KeyContext::company("Acme");
        for rec in [
            Record::Contact(contact),
            Record::Company(company),
            Record::Deal(deal),
        ] {
            let after = moved(&rec, at(9_000_000)).unwrap();
            let (old, new) = (keys(&rec, &cx), keys(&after, &cx));
            let changed: Vec<_> = old.iter().filter(|k| !new.contains(k)).collect();
            let expect: Vec<_> = sort_entry(&rec).into_iter().collect();
            assert_eq!(changed, expect.iter().collect::<Vec<_>>(), "{}", rec.rid());
            let added: Vec<_> = new.iter().filter(|k| !old.contains(k)).collect();
            let expect: Vec<_> = sort_entry(&after).into_iter().collect();
            assert_eq!(added, expect.iter().collect::<Vec<_>>(), "{}", rec.rid());
            let (was, is) = (facts::facts(Some(&rec)), facts::facts(Some(&after)));
            let moved_facts: Vec<_> = was.iter().filter(|f| !is.contains(f)).collect();
            match (&rec, &after) {
                (Record::Contact(b), Record::Contact(a)) => {
                    assert_eq!(moved_facts, vec![&facts::touched(b)]);
                    assert!(is.contains(&facts::touched(a)));
                }
                _ => assert!(moved_facts.is_empty(), "{}", rec.rid()),
            }
            assert_eq!(was.len(), is.len());
        }
    }

    #[test]
    fn moves_go_forward_only_and_leave_the_indexes_as_a_rebuild_would() {
        let (_dir, store) = crate::store::scratch();
        let (co, jane, joe, deal) = store
            .write("test", |tx| {
                let co = tx.create(Company {
                    name: "Acme".into(),
                    ..Company::default()
                })?;
                let jane = tx.create(Contact {
                    name: "Jane".into(),
                    company: Some(co.id),
                    last_activity: Some(at(5_000)),
                    ..Contact::default()
                })?;
                let joe = tx.create(Contact {
                    name: "Joe".into(),
                    ..Contact::default()
                })?;
                let sales = tx.create(crate::model::Pipeline::default_sales())?;
                let deal = tx.create(Deal {
                    title: "Big".into(),
                    company: Some(co.id),
                    pipeline: sales.id,
                    stage: sales.stages[0].id,
                    ..Deal::default()
                })?;
                Ok((co, jane, joe, deal))
            })
            .unwrap()
            .value;
        let rid = |k, id| RecordId::new(k, id);
        store
            .write("test", |tx| {
                tx.move_last_activity(vec![
                    // Earlier than what Jane holds: left alone.
                    (rid(Kind::Contact, jane.id), at(1_000)),
                    (rid(Kind::Contact, joe.id), at(6_000)),
                    (rid(Kind::Company, co.id), at(2_000)),
                    (rid(Kind::Company, co.id), at(3_000)),
                    (rid(Kind::Deal, deal.id), at(4_000)),
                    // No such record: passed over.
                    (rid(Kind::Contact, 999), at(4_000)),
                ])
            })
            .unwrap();
        let r = store.read().unwrap();
        let get = |k, id| r.get_record(rid(k, id)).unwrap().unwrap();
        let last = |rec: Record| match rec {
            Record::Contact(c) => c.last_activity,
            Record::Company(c) => c.last_activity,
            Record::Deal(d) => d.last_activity,
            _ => None,
        };
        assert_eq!(last(get(Kind::Contact, jane.id)), Some(at(5_000)));
        assert_eq!(last(get(Kind::Contact, joe.id)), Some(at(6_000)));
        assert_eq!(last(get(Kind::Company, co.id)), Some(at(3_000)));
        assert_eq!(last(get(Kind::Deal, deal.id)), Some(at(4_000)));
        drop(r);
        assert!(store.verify_derived().unwrap().is_empty());
        // The hygiene report's "untouched" fact has Joe's new time, not his creation.
        let r = store.read().unwrap();
        let mut untouched = Vec::new();
        r.untouched_before(7_000, &mut |id, _| untouched.push(id))
            .unwrap();
        assert_eq!(untouched, vec![jane.id, joe.id]);
        drop(r);
        // One undo puts the company and the deal back as they were.
        crate::ops::undo(&store).unwrap();
        let r = store.read().unwrap();
        assert_eq!(
            r.get_record(rid(Kind::Company, co.id)).unwrap(),
            Some(Record::Company(co))
        );
        drop(r);
        assert!(store.verify_derived().unwrap().is_empty());
    }
}
