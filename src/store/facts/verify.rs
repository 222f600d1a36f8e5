//! `rolo doctor`'s recount of the report facts: every fact the records call for is
//! looked up in its table, the tables' sizes are compared with the recount, and the
//! small tables (per-day activity counts, shared fingerprints) are compared whole.

use crate::model::words::plural;
use std::collections::BTreeMap;

use redb::{ReadableTable, ReadableTableMetadata, TableDefinition};

use super::*;
use crate::error::Result;
use crate::model::{Kind, Record};
use crate::store::query::Snapshot;
use crate::store::tables::{decode, records};

/// Recounts the fact tables from the records; one line per mismatch (at most a few per
/// table), empty when they agree. Index entries are looked up one by one and the tables'
/// sizes compared, so memory stays small; only the per-day counts are held.
pub fn verify(snap: &impl Snapshot) -> Result<Vec<String>> {
    let leads = snap.table(FACT_LEADS)?;
    let touched = snap.table(FACT_TOUCHED)?;
    let missing = snap.table(FACT_MISSING)?;
    let dupes = snap.table(FACT_DUPES)?;
    let done = snap.table(FACT_DONE)?;
    let next_steps = snap.table(FACT_NEXT_STEPS)?;
    let deals_created = snap.table(FACT_DEALS_CREATED)?;
    let deals_closed = snap.table(FACT_DEALS_CLOSED)?;
    let open_deals = snap.table(FACT_OPEN_DEALS)?;
    let mut problems = Vec::new();
    let mut report = |detail: String| {
        if problems.len() < 40 {
            problems.push(format!("report facts: {detail}"));
        }
    };
    // (entries expected, entries missing or different) per index table.
    let mut sizes = [0u64; 8];
    let mut counts: BTreeMap<(i32, String, u8), u64> = BTreeMap::new();
    let mut prints: BTreeMap<(u8, u64), u64> = BTreeMap::new();
    for kind in [Kind::Contact, Kind::Task, Kind::Activity, Kind::Deal] {
        let Some(t) = snap.table(records(kind))? else {
            continue;
        };
        for row in t.iter()? {
            let bytes = row?.1;
            let rec = match kind {
                Kind::Contact => Record::Contact(decode(bytes.value())?),
                Kind::Task => Record::Task(decode(bytes.value())?),
                Kind::Deal => Record::Deal(decode(bytes.value())?),
                _ => Record::Activity(decode(bytes.value())?),
            };
            for f in facts(Some(&rec)) {
                let present = match &f {
                    Fact::Lead(at, id, o, s) => {
                        sizes[0] += 1;
                        found(&leads, (*at, *id), |v: (&str, &str)| {
                            v == (o.as_str(), s.as_str())
                        })?
                    }
                    Fact::Touched(at, id, o) => {
                        sizes[1] += 1;
                        found(&touched, (*at, *id), |v: &str| v == o)?
                    }
                    Fact::Missing(field, id, o) => {
                        sizes[2] += 1;
                        found(&missing, (*field, *id), |v: &str| v == o)?
                    }
                    Fact::Dupe(r, p, id, o, key) => {
                        *prints.entry((*r, *p)).or_default() += 1;
                        found(&dupes, (*r, *p, *id), |v: (&str, &str)| {
                            v == (o.as_str(), key.as_str())
                        })?
                    }
                    Fact::Done(at, id, o) => {
                        sizes[3] += 1;
                        found(&done, (*at, *id), |v: &str| v == o)?
                    }
                    Fact::NextStep(deal, task) => {
                        sizes[4] += 1;
                        found(&next_steps, (*deal, *task), |_: ()| true)?
                    }
                    Fact::DealCreated(at, id, o, p, src) => {
                        sizes[5] += 1;
                        found(&deals_created, (*at, *id), |v: (&str, u64, &str)| {
                            v == (o.as_str(), *p, src.as_str())
                        })?
                    }
                    Fact::DealClosed(at, id, c) => {
                        sizes[6] += 1;
                        found(&deals_closed, (*at, *id), |v: ClosedRow| v == closed_row(c))?
                    }
                    Fact::OpenDeal(id, o, p, close) => {
                        sizes[7] += 1;
                        found(&open_deals, *id, |v: (&str, u64, i32)| {
                            v == (o.as_str(), *p, *close)
                        })?
                    }
                    Fact::Activity(day, author, kind) => {
                        *counts.entry((*day, author.clone(), *kind)).or_default() += 1;
                        true
                    }
                };
                if !present {
                    report(format!("entry missing or wrong: {f:?}"));
                }
            }
        }
    }
    let len = |n: Option<u64>| n.unwrap_or(0);
    let dupes_expected = prints.values().sum::<u64>();
    for (name, have, want) in [
        (
            "contacts by creation",
            len(leads.as_ref().map(|t| t.len()).transpose()?),
            sizes[0],
        ),
        (
            "contacts by last activity",
            len(touched.as_ref().map(|t| t.len()).transpose()?),
            sizes[1],
        ),
        (
            "contacts missing an email or phone",
            len(missing.as_ref().map(|t| t.len()).transpose()?),
            sizes[2],
        ),
        (
            "duplicate fingerprints",
            len(dupes.as_ref().map(|t| t.len()).transpose()?),
            dupes_expected,
        ),
        (
            "tasks by completion",
            len(done.as_ref().map(|t| t.len()).transpose()?),
            sizes[3],
        ),
        (
            "deals' next steps",
            len(next_steps.as_ref().map(|t| t.len()).transpose()?),
            sizes[4],
        ),
        (
            "deals by creation",
            len(deals_created.as_ref().map(|t| t.len()).transpose()?),
            sizes[5],
        ),
        (
            "closed deals",
            len(deals_closed.as_ref().map(|t| t.len()).transpose()?),
            sizes[6],
        ),
        (
            "open deals",
            len(open_deals.as_ref().map(|t| t.len()).transpose()?),
            sizes[7],
        ),
    ] {
        if have != want {
            report(format!(
                "the index of {name} has {}; the records call for {want}",
                plural(have, "entry")
            ));
        }
    }
    prints.retain(|_, n| *n >= 2);
    compare(
        "shared duplicate fingerprints",
        read_all(snap, FACT_DUPES_SHARED, |k, v: u64| (k, v))?,
        prints,
        &mut report,
    );
    compare(
        "activities per day, author and kind",
        read_all(snap, AGG_ACTIVITY, |k: (i32, &str, u8), v: u64| {
            ((k.0, k.1.to_string(), k.2), v)
        })?,
        counts,
        &mut report,
    );
    Ok(problems)
}

// Whether a table holds `key` with a value that `want` accepts.
fn found<K, V, T>(
    table: &Option<T>,
    key: K::SelfType<'_>,
    want: impl Fn(V::SelfType<'_>) -> bool,
) -> Result<bool>
where
    K: redb::Key + 'static,
    V: redb::Value + 'static,
    T: ReadableTable<K, V>,
{
    let Some(t) = table else {
        return Ok(false);
    };
    Ok(t.get(key)?.is_some_and(|v| want(v.value())))
}

// Every row of a table, converted; empty when the table was never created.
fn read_all<K, V, KO: Ord, VO>(
    snap: &impl Snapshot,
    def: TableDefinition<K, V>,
    convert: impl Fn(K::SelfType<'_>, V::SelfType<'_>) -> (KO, VO),
) -> Result<BTreeMap<KO, VO>>
where
    K: redb::Key + 'static,
    V: redb::Value + 'static,
{
    let mut out = BTreeMap::new();
    if let Some(t) = snap.table(def)? {
        for row in t.iter()? {
            let (k, v) = row?;
            let (k, v) = convert(k.value(), v.value());
            out.insert(k, v);
        }
    }
    Ok(out)
}

// Reports rows stored but not expected, expected but missing, and differing values.
fn compare<K: Ord + std::fmt::Debug, V: PartialEq + std::fmt::Debug>(
    table: &str,
    stored: BTreeMap<K, V>,
    expected: BTreeMap<K, V>,
    report: &mut impl FnMut(String),
) {
    for (k, want) in &expected {
        match stored.get(k) {
            None => report(format!("{table}: missing {k:?} = {want:?}")),
            Some(have) if have != want => report(format!(
                "{table} {k:?}: stored {have:?}, recounted {want:?}"
            )),
            Some(_) => {}
        }
    }
    for (k, have) in &stored {
        if !expected.contains_key(k) {
            report(format!("{table}: stored {k:?} = {have:?} for no record"));
        }
    }
}
