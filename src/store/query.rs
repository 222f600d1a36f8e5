//! Reads shared by read transactions ([`super::Reader`]) and write transactions
//! ([`super::Tx`]): one implementation of every lookup, over either kind of snapshot.

use redb::{Key, ReadableTable, ReadableTableMetadata, TableDefinition, Value};

use super::changelog::Entry;
use super::tables::*;
use crate::error::{Error, Result};
use crate::model::record::Entity;
use crate::model::*;

/// From how many records `all` decodes on several threads.
const PARALLEL_FROM: usize = 20_000;

/// Decodes records laid out in `arena` at `spans`, in order, using every core.
/// The ids of the records of `kind` linking to `target`, from the link index `t`.
pub(super) fn linked_in(
    t: &impl ReadableTable<(u64, u64), ()>,
    target: RecordId,
    kind: Kind,
) -> Result<Vec<u64>> {
    let p = target.packed();
    let lo = RecordId::new(kind, 0).packed();
    let hi = RecordId::new(kind, (1 << 56) - 1).packed();
    let mut out = Vec::new();
    for row in t.range((p, lo)..=(p, hi))? {
        let (k, _) = row?;
        out.push(k.value().1 & ((1 << 56) - 1));
    }
    Ok(out)
}

fn decode_parallel<T: Entity>(arena: &[u8], spans: &[(usize, usize)]) -> Result<Vec<T>> {
    let parts = crate::par::in_shares(spans.to_vec(), 8, |part| {
        part.iter()
            .map(|&(at, len)| decode::<T>(arena.get(at..at + len).unwrap_or_default()))
            .collect::<Result<Vec<T>>>()
    });
    let mut out = Vec::with_capacity(spans.len());
    for p in parts {
        out.extend(p?);
    }
    Ok(out)
}

/// A consistent view of the database that tables can be opened on.
pub trait Snapshot {
    /// The table type this snapshot opens.
    type Table<'a, K: Key + 'static, V: Value + 'static>: ReadableTable<K, V>
    where
        Self: 'a;

    /// Opens a table; `None` when it has never been created (read snapshots only).
    fn table<K: Key + 'static, V: Value + 'static>(
        &self,
        def: TableDefinition<K, V>,
    ) -> Result<Option<Self::Table<'_, K, V>>>;
}

impl Snapshot for redb::ReadTransaction {
    type Table<'a, K: Key + 'static, V: Value + 'static> = redb::ReadOnlyTable<K, V>;

    fn table<K: Key + 'static, V: Value + 'static>(
        &self,
        def: TableDefinition<K, V>,
    ) -> Result<Option<redb::ReadOnlyTable<K, V>>> {
        match self.open_table(def) {
            Ok(t) => Ok(Some(t)),
            Err(redb::TableError::TableDoesNotExist(_)) => Ok(None),
            Err(e) => Err(e.into()),
        }
    }
}

impl Snapshot for redb::WriteTransaction {
    type Table<'a, K: Key + 'static, V: Value + 'static> = redb::Table<'a, K, V>;

    fn table<K: Key + 'static, V: Value + 'static>(
        &self,
        def: TableDefinition<K, V>,
    ) -> Result<Option<redb::Table<'_, K, V>>> {
        Ok(Some(self.open_table(def)?))
    }
}

/// Lookups over any snapshot.
pub trait Queries {
    /// The snapshot the lookups read.
    type Snap: Snapshot;
    /// Borrows it.
    fn snap(&self) -> &Self::Snap;

    /// Borrows it for a table that staged records are never written to (the privacy
    /// tables): unlike [`Queries::snap`] in a write transaction, this leaves its staged
    /// records staged, so a check made per imported row keeps the import in bulk.
    fn snap_unstaged(&self) -> &Self::Snap {
        self.snap()
    }

    /// A meta counter (0 when unset).
    fn meta(&self, key: &str) -> Result<u64> {
        let Some(t) = self.snap().table(META)? else {
            return Ok(0);
        };
        Ok(t.get(key)?.map(|v| v.value()).unwrap_or(0))
    }

    /// The revision: how many changes have been committed.
    fn revision(&self) -> Result<u64> {
        self.meta("revision")
    }

    /// One record by id, if it exists.
    fn get<T: Entity>(&self, id: u64) -> Result<Option<T>> {
        let Some(t) = self.snap().table(records(T::KIND))? else {
            return Ok(None);
        };
        let found = t.get(id)?;
        found.map(|v| decode::<T>(v.value())).transpose()
    }

    /// One record by id, or a not-found error naming it.
    fn require<T: Entity>(&self, id: u64) -> Result<T> {
        self.get::<T>(id)?
            .ok_or(Error::NotFound(RecordId::new(T::KIND, id)))
    }

    /// One record of any kind.
    fn get_record(&self, rid: RecordId) -> Result<Option<Record>> {
        let Some(t) = self.snap().table(records(rid.kind))? else {
            return Ok(None);
        };
        let found = t.get(rid.id)?;
        found
            .map(|v| decode_record(rid.kind, v.value()))
            .transpose()
    }

    /// Whether a record exists.
    fn exists(&self, rid: RecordId) -> Result<bool> {
        let Some(t) = self.snap().table(records(rid.kind))? else {
            return Ok(false);
        };
        Ok(t.get(rid.id)?.is_some())
    }

    /// Every record of a kind, in id order.
    fn all<T: Entity>(&self) -> Result<Vec<T>> {
        let Some(t) = self.snap().table(records(T::KIND))? else {
            return Ok(Vec::new());
        };
        let n = t.len()? as usize;
        if n < PARALLEL_FROM {
            let mut out = Vec::with_capacity(n);
            for row in t.iter()? {
                let (_, v) = row?;
                out.push(decode::<T>(v.value())?);
            }
            return Ok(out);
        }
        // Many records: copy the encoded bytes out (cheap), then decode on every core.
        let mut arena: Vec<u8> = Vec::new();
        let mut spans: Vec<(usize, usize)> = Vec::with_capacity(n);
        for row in t.iter()? {
            let (_, v) = row?;
            let bytes = v.value();
            spans.push((arena.len(), bytes.len()));
            arena.extend_from_slice(bytes);
        }
        decode_parallel(&arena, &spans)
    }

    /// Calls `f` with every record of a kind in id order, decoding one at a time (for
    /// passes that must see every record in constant memory: the sweep, exports).
    fn each<T: Entity>(&self, f: &mut dyn FnMut(T) -> Result<()>) -> Result<()> {
        let Some(t) = self.snap().table(records(T::KIND))? else {
            return Ok(());
        };
        for row in t.iter()? {
            let (_, v) = row?;
            f(decode::<T>(v.value())?)?;
        }
        Ok(())
    }

    /// How many records of a kind there are.
    fn count(&self, kind: Kind) -> Result<u64> {
        let Some(t) = self.snap().table(records(kind))? else {
            return Ok(0);
        };
        Ok(t.len()?)
    }

    /// The contact with this email (case-insensitive).
    fn contact_by_email(&self, email: &str) -> Result<Option<u64>> {
        let Some(t) = self.snap().table(IDX_EMAIL)? else {
            return Ok(None);
        };
        Ok(t.get(super::index::email_key(email).as_str())?
            .map(|v| v.value()))
    }

    /// The activity with this external id (Message-ID, calendar UID).
    fn activity_by_external(&self, external: &str) -> Result<Option<u64>> {
        let Some(t) = self.snap().table(IDX_EXTERNAL)? else {
            return Ok(None);
        };
        Ok(t.get(external)?.map(|v| v.value()))
    }

    /// Records of `kind` that link to `target` (a company's contacts and deals, a
    /// contact's deals, a record's tasks).
    fn linked(&self, target: RecordId, kind: Kind) -> Result<Vec<u64>> {
        match self.snap().table(IDX_LINK)? {
            Some(t) => linked_in(&t, target, kind),
            None => Ok(Vec::new()),
        }
    }

    /// Activity ids on a record's timeline, newest first, at most `limit`.
    fn timeline_ids(&self, rid: RecordId, limit: usize) -> Result<Vec<u64>> {
        let Some(t) = self.snap().table(IDX_TIMELINE)? else {
            return Ok(Vec::new());
        };
        let p = rid.packed();
        let mut out = Vec::new();
        for row in t.range((p, i64::MIN, 0)..=(p, i64::MAX, u64::MAX))?.rev() {
            let (k, _) = row?;
            out.push(k.value().2);
            if out.len() >= limit {
                break;
            }
        }
        Ok(out)
    }

    /// The latest activities in the database, newest first, at most `limit`.
    fn recent_activity_ids(&self, limit: usize) -> Result<Vec<u64>> {
        let Some(t) = self.snap().table(IDX_ACTIVITY_TIME)? else {
            return Ok(Vec::new());
        };
        let mut out = Vec::new();
        for row in t.iter()?.rev() {
            let (k, _) = row?;
            out.push(k.value().1);
            if out.len() >= limit {
                break;
            }
        }
        Ok(out)
    }

    /// Loads activities by id, skipping any that vanished.
    fn activities(&self, ids: &[u64]) -> Result<Vec<Activity>> {
        let mut out = Vec::with_capacity(ids.len());
        for id in ids {
            if let Some(a) = self.get::<Activity>(*id)? {
                out.push(a);
            }
        }
        Ok(out)
    }

    /// Deal ids in a stage of a pipeline.
    fn deals_in_stage(&self, pipeline: u64, stage: u32) -> Result<Vec<u64>> {
        let Some(t) = self.snap().table(IDX_STAGE)? else {
            return Ok(Vec::new());
        };
        let mut out = Vec::new();
        for row in t.range((pipeline, stage, 0)..=(pipeline, stage, u64::MAX))? {
            out.push(row?.0.value().2);
        }
        Ok(out)
    }

    /// Whether any deal is in the pipeline.
    fn pipeline_has_deals(&self, pipeline: u64) -> Result<bool> {
        let Some(t) = self.snap().table(IDX_STAGE)? else {
            return Ok(false);
        };
        let mut range = t.range((pipeline, 0, 0)..=(pipeline, u32::MAX, u64::MAX))?;
        Ok(range.next().is_some())
    }

    /// Open tasks due from `from` to `to` inclusive (either end open), by due date.
    fn open_tasks_due(
        &self,
        from: Option<chrono::NaiveDate>,
        to: Option<chrono::NaiveDate>,
    ) -> Result<Vec<Task>> {
        use chrono::Datelike;
        let Some(t) = self.snap().table(IDX_DUE)? else {
            return Ok(Vec::new());
        };
        let lo = from.map(|d| d.num_days_from_ce()).unwrap_or(i32::MIN);
        let hi = to.map(|d| d.num_days_from_ce()).unwrap_or(i32::MAX);
        let mut out = Vec::new();
        for row in t.range((lo, 0)..=(hi, u64::MAX))? {
            let id = row?.0.value().1;
            if let Some(task) = self.get::<Task>(id)? {
                out.push(task);
            }
        }
        Ok(out)
    }

    /// Every pipeline, in id order.
    fn pipelines(&self) -> Result<Vec<Pipeline>> {
        self.all::<Pipeline>()
    }

    /// A pipeline by `P-n` id or case-insensitive name.
    fn find_pipeline(&self, query: &str) -> Result<Pipeline> {
        if let Ok(id) = RecordId::parse_as(query, Kind::Pipeline) {
            return self.require::<Pipeline>(id);
        }
        let all = self.pipelines()?;
        let q = query.trim().to_lowercase();
        if let Some(p) = all.iter().find(|p| p.name.to_lowercase() == q) {
            return Ok(p.clone());
        }
        let prefixed: Vec<&Pipeline> = all
            .iter()
            .filter(|p| p.name.to_lowercase().starts_with(&q))
            .collect();
        match prefixed.as_slice() {
            [one] => Ok((*one).clone()),
            _ => Err(Error::invalid(
                "pipeline",
                format!(
                    "no pipeline '{query}'; pipelines are {}",
                    all.iter()
                        .map(|p| format!("{} (P-{})", p.name, p.id))
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
            )),
        }
    }

    /// The pipeline new deals go to when none is named (the lowest id).
    fn default_pipeline(&self) -> Result<Pipeline> {
        self.pipelines()?.into_iter().next().ok_or_else(|| {
            Error::Conflict("no pipeline exists; add one with `rolo pipeline add`".into())
        })
    }

    /// Every searchable record (contacts, companies, deals, tasks) as matcher documents,
    /// read from the search table; `kind` keeps one kind.
    fn search_docs(&self, kind: Option<Kind>) -> Result<Vec<crate::search::SearchDoc>> {
        use crate::search::{Parts, SearchDoc};
        let mut rows: Vec<(RecordId, Parts)> = Vec::new();
        super::search_pages::scan(self.snap(), None, &mut |packed, text| {
            if let Some(rid) = RecordId::unpack(packed) {
                rows.push((rid, Parts::decode(text)));
            }
            true
        })?;
        let companies: std::collections::HashMap<u64, String> = rows
            .iter()
            .filter(|(rid, _)| rid.kind == Kind::Company)
            .map(|(rid, p)| (rid.id, p.name.clone()))
            .collect();
        Ok(rows
            .iter()
            .filter(|(rid, _)| kind.is_none_or(|k| k == rid.kind))
            .map(|(rid, p)| SearchDoc::from_parts(*rid, p, |id| companies.get(&id).cloned()))
            .collect())
    }

    /// Everyone who owns or is assigned a record, sorted.
    fn users(&self) -> Result<Vec<String>> {
        let Some(t) = self.snap().table(IDX_OWNER)? else {
            return Ok(Vec::new());
        };
        let mut out: Vec<String> = Vec::new();
        let mut next = t.first()?.map(|(k, _)| k.value().0.to_string());
        while let Some(name) = next {
            let after = t
                .range((name.as_str(), u64::MAX)..)?
                .find_map(|row| row.ok().map(|(k, _)| k.value().0.to_string()))
                .filter(|n| *n != name);
            out.push(name);
            next = after;
        }
        Ok(out)
    }

    /// The search table's rows, for a one-shot search.
    fn search_table(&self) -> Result<crate::search::SearchTable> {
        let mut table = crate::search::SearchTable::default();
        let mut bad = None;
        super::search_pages::scan_raw(self.snap(), None, &mut |row| {
            match (RecordId::unpack(row.packed), row.text()) {
                (Some(rid), Ok(text)) => table.push(rid, text, row.letters),
                (None, _) => {}
                (_, Err(e)) => {
                    bad = Some(e);
                    return false;
                }
            }
            true
        })?;
        if let Some(e) = bad {
            return Err(e);
        }
        table.finish();
        Ok(table)
    }

    /// One change-log entry.
    fn entry(&self, rev: u64) -> Result<Option<Entry>> {
        let Some(t) = self.snap().table(CHANGELOG)? else {
            return Ok(None);
        };
        let found = t.get(rev)?;
        found.map(|v| decode_entry(v.value())).transpose()
    }

    /// Change-log entries after revision `since`, oldest first.
    fn entries_since(&self, since: u64) -> Result<Vec<Entry>> {
        let Some(t) = self.snap().table(CHANGELOG)? else {
            return Ok(Vec::new());
        };
        let mut out = Vec::new();
        for row in t.range(since.saturating_add(1)..)? {
            let (_, v) = row?;
            out.push(decode_entry(v.value())?);
        }
        Ok(out)
    }

    /// Change-log entries among the latest `window`, newest first, whose operation is
    /// one of `ops` and which `keep` accepts, at most `limit`; other entries' records
    /// are never decoded.
    fn entries_back_of(
        &self,
        ops: &[&str],
        window: u64,
        limit: usize,
        mut keep: impl FnMut(&Entry) -> bool,
    ) -> Result<Vec<Entry>> {
        let Some(t) = self.snap().table(CHANGELOG)? else {
            return Ok(Vec::new());
        };
        let mut out = Vec::new();
        for row in t.iter()?.rev().take(window as usize) {
            let (_, v) = row?;
            let op = match super::packed::op(v.value()) {
                Some(op) => op.to_string(),
                None => {
                    let plain = super::packed::unpack(v.value())?;
                    rmp_serde::from_slice::<super::changelog::EntryHead>(&plain)?.op
                }
            };
            if !ops.contains(&op.as_str()) {
                continue;
            }
            let e = decode_entry(v.value())?;
            if keep(&e) {
                out.push(e);
                if out.len() >= limit {
                    break;
                }
            }
        }
        Ok(out)
    }

    /// Change-log entries, newest first, filtered, at most `limit`.
    fn entries_back(
        &self,
        limit: usize,
        mut keep: impl FnMut(&Entry) -> bool,
    ) -> Result<Vec<Entry>> {
        let Some(t) = self.snap().table(CHANGELOG)? else {
            return Ok(Vec::new());
        };
        let mut out = Vec::new();
        for row in t.iter()?.rev() {
            let (_, v) = row?;
            let e = decode_entry(v.value())?;
            if keep(&e) {
                out.push(e);
                if out.len() >= limit {
                    break;
                }
            }
        }
        Ok(out)
    }
}

/// A change-log entry from its stored bytes ([`super::packed`]).
fn decode_entry(stored: &[u8]) -> Result<Entry> {
    Ok(rmp_serde::from_slice(&super::packed::unpack(stored)?)?)
}
