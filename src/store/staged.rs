//! Staged creations: the new records of a large operation (an import) held in the
//! operation's change list instead of being written one by one, then written together
//! — each record table and each index table opened once, the index entries inserted in
//! key order — when the operation commits or as soon as anything else needs the tables.
//!
//! Staging changes how records are written, never what ends up in the database: the
//! staged records are the operation's changes (so its one change-log entry lists them
//! and `rolo undo` reverts them), reads through [`Tx`] see them (a record by id, a
//! contact by email), and any other read or write first writes them out. Only records
//! created with a fresh id are staged, so no stored record or index entry can be
//! stale while they wait.

use std::cell::{Cell, RefCell};
use std::cmp::Ordering;
use std::collections::{BTreeMap, HashMap};
use std::sync::{Arc, mpsc};

use redb::{ReadableTable, ReadableTableMetadata, WriteTransaction};

use super::changelog::Change;
use super::encoded_log::EncodedChanges;
use super::facts::NewFacts;
use super::index::{self, Group, IndexKey, IndexTables, KeyContext};
use super::sort_pages::SortColumns;
use super::tables::*;
use super::tx::Tx;
use crate::error::{Error, Result};
use crate::model::{Company, Contact, Deal, Kind, Record, RecordId, Task};

/// What a transaction holds back while records are staged.
#[derive(Default)]
pub(super) struct Staging {
    /// Where the staged records start in the change list (`None`: nothing staged).
    pub(super) from: Cell<Option<usize>>,
    /// Lower-cased emails of staged contacts.
    emails: RefCell<HashMap<String, u64>>,
    /// The next id of each kind handed out to staged records, not yet in META.
    next_ids: RefCell<BTreeMap<Kind, u64>>,
    /// Names of stored companies and values of stored deals met while staging (they
    /// cannot change until the staged records are written).
    names: RefCell<HashMap<u64, String>>,
    values: RefCell<HashMap<u64, i64>>,
    /// Builds the staged records' index entries while more rows are read.
    keys: RefCell<KeyBuilder>,
    /// A failure while writing staged records on behalf of a read; reported at commit.
    failed: RefCell<Option<Error>>,
    /// Whether the stored email index is empty, and the suppression list: looked at
    /// once while records are staged (nothing stored changes until they are written).
    no_stored_emails: Cell<Option<bool>>,
    no_suppressions: Cell<Option<bool>>,
    /// A large operation's changes encoded for its change-log entry while its staged
    /// records were written, and the first change rewritten since.
    encoded: RefCell<Option<EncodedChanges>>,
    rewritten: Cell<Option<usize>>,
}

/// From how many changes an operation's change-log entry is encoded ahead, while its
/// staged records are written.
pub(super) const ENCODE_AHEAD_FROM: usize = 10_000;

/// From how many staged records their index entries are built on a helper thread.
const BACKGROUND_FROM: usize = 512;

/// The index entries and encoded bodies of staged records, built in batches on a
/// helper thread once there are many (so building them overlaps reading the rest of the
/// input); the helper hands over the bodies first, then sorts the entries one group at
/// a time (a table, or a column of the sort index), handing each over as it is sorted,
/// so the writer inserts one group while the helper sorts the next.
#[derive(Default)]
struct KeyBuilder {
    /// Records (with what their entries need of other records) not yet handed over.
    batch: Batch,
    worker: Option<Worker>,
    /// Sorted groups built here (few records), waiting for [`KeyBuilder::next_group`].
    built: Vec<Group>,
}

struct Worker {
    /// Batches go here; dropping it tells the helper that all have come.
    send: Option<mpsc::Sender<Batch>>,
    /// The bodies, and the records' report facts gathered meanwhile.
    bodies: mpsc::Receiver<Result<(Bodies, NewFacts)>>,
    /// The sorted groups, in insertion order.
    sorted: mpsc::Receiver<Group>,
    done: std::thread::JoinHandle<()>,
}

/// Index entries by table, each to be sorted in key order (the tables' order is the
/// order to insert them in), and the sort entries by column.
#[derive(Default)]
struct Buckets {
    tables: Vec<Vec<IndexKey>>,
    sorts: SortColumns,
}

impl Buckets {
    /// The groups in the order to insert them, each sorted.
    fn sorted(self) -> impl Iterator<Item = Group> {
        let tables = self
            .tables
            .into_iter()
            .filter(|g| !g.is_empty())
            .map(|mut g| {
                sort(&mut g);
                Group::Keys(g)
            });
        let columns = self.sorts.into_columns().into_iter().map(|mut c| {
            c.sort();
            Group::Sort(c)
        });
        tables.chain(columns)
    }
}

/// Staged records (shared with their changes) and what their entries need of others.
type Batch = Vec<(Arc<Record>, KeyContext)>;
/// Encoded records by kind and id.
type Bodies = Vec<(Kind, u64, Vec<u8>)>;

impl KeyBuilder {
    fn push(&mut self, rec: Arc<Record>, cx: KeyContext) {
        self.batch.push((rec, cx));
        if self.batch.len() < BACKGROUND_FROM {
            return;
        }
        let batch = std::mem::take(&mut self.batch);
        let worker = self.worker.get_or_insert_with(|| {
            let (send, recv) = mpsc::channel::<Batch>();
            let (body_send, bodies) = mpsc::channel();
            let (sorted_send, sorted) = mpsc::channel();
            let done = std::thread::spawn(move || {
                let mut buckets = Buckets::default();
                let mut bodies = Bodies::new();
                let mut facts = NewFacts::default();
                let mut failed = None;
                for batch in recv {
                    if failed.is_none()
                        && let Err(e) = encode_all(&mut bodies, &batch)
                    {
                        failed = Some(e);
                    }
                    add_keys(&mut buckets, &batch);
                    let recs: Vec<&Record> = batch.iter().map(|(r, _)| &**r).collect();
                    facts.join(NewFacts::of(&recs));
                }
                let out = match failed {
                    Some(e) => Err(e),
                    None => Ok((bodies, facts)),
                };
                // The writer may have given up; then nobody needs the entries either.
                if body_send.send(out).is_err() {
                    return;
                }
                for group in buckets.sorted() {
                    if sorted_send.send(group).is_err() {
                        return;
                    }
                }
            });
            Worker {
                send: Some(send),
                bodies,
                sorted,
                done,
            }
        });
        let sent = match &worker.send {
            Some(send) => send.send(batch).map_err(|unsent| unsent.0),
            None => Err(batch),
        };
        if let Err(unsent) = sent {
            // The helper is gone (it panicked): keep the records for `bodies` to report.
            self.batch = unsent;
        }
    }

    /// The encoded bodies of the records pushed since the last call, with their report
    /// facts when a helper gathered them; [`Self::next_group`] then gives their index
    /// entries.
    fn bodies(&mut self) -> Result<(Bodies, Option<NewFacts>)> {
        let batch = std::mem::take(&mut self.batch);
        let failed = || Error::Storage("building the index entries failed".into());
        match &mut self.worker {
            Some(w) => {
                let send = w.send.take().ok_or_else(failed)?;
                if !batch.is_empty() {
                    send.send(batch).map_err(|_| failed())?;
                }
                drop(send);
                let (bodies, facts) = w.bodies.recv().map_err(|_| failed())??;
                Ok((bodies, Some(facts)))
            }
            None => {
                let mut buckets = Buckets::default();
                add_keys(&mut buckets, &batch);
                self.built = buckets.sorted().collect();
                // Handed out from the back.
                self.built.reverse();
                let mut bodies = Bodies::new();
                encode_all(&mut bodies, &batch)?;
                Ok((bodies, None))
            }
        }
    }

    /// The next sorted group of index entries of the records whose bodies
    /// [`Self::bodies`] gave, `None` when all have been given.
    fn next_group(&mut self) -> Result<Option<Group>> {
        let Some(w) = &self.worker else {
            return Ok(self.built.pop());
        };
        if let Ok(group) = w.sorted.recv() {
            return Ok(Some(group));
        }
        // The helper is done, or stopped short: only a clean finish means all came.
        match self.worker.take().map(|w| w.done.join()) {
            Some(Err(_)) => Err(Error::Storage("building the index entries failed".into())),
            _ => Ok(None),
        }
    }
}

fn encode_all(bodies: &mut Bodies, batch: &Batch) -> Result<()> {
    for (rec, _) in batch {
        bodies.push((rec.kind(), rec.id(), encode(rec)?));
    }
    Ok(())
}

fn add_keys(buckets: &mut Buckets, batch: &Batch) {
    for (rec, cx) in batch {
        for k in index::keys(rec, cx) {
            if let IndexKey::Sort(tag, key, id) = &k {
                buckets.sorts.add(*tag, key, *id);
                continue;
            }
            let r = usize::from(rank(&k));
            let tables = &mut buckets.tables;
            if tables.len() <= r {
                tables.resize_with(r + 1, Vec::new);
            }
            tables[r].push(k);
        }
    }
}

fn sort(group: &mut Vec<IndexKey>) {
    // Unstable is enough: two equal entries are identical, and entries that share a
    // unique key (an email) differ in the record id, which orders them as they came.
    // Most comparisons are settled by the first bytes of the text, read as a number,
    // without comparing whole strings.
    // Each entry's prefix is worked out once, not at every comparison.
    let mut keyed: Vec<((u8, u128), IndexKey)> = group.drain(..).map(|k| (prefix(&k), k)).collect();
    keyed.sort_unstable_by(|x, y| x.0.cmp(&y.0).then_with(|| order(&x.1, &y.1)));
    group.extend(keyed.into_iter().map(|(_, k)| k));
}

/// The first 16 bytes of an entry's leading text (zero-padded), after its tag: ordering
/// by it agrees with [`order`] wherever two prefixes differ.
fn prefix(k: &IndexKey) -> (u8, u128) {
    let text = |s: &str| {
        let mut first = [0u8; 16];
        let n = s.len().min(16);
        first[..n].copy_from_slice(&s.as_bytes()[..n]);
        u128::from_be_bytes(first)
    };
    match k {
        IndexKey::Sort(tag, key, _) => (*tag, text(key)),
        IndexKey::Email(e, _) | IndexKey::External(e, _) | IndexKey::Owner(e, _) => (0, text(e)),
        _ => (0, 0),
    }
}

impl Tx<'_> {
    /// A fresh id of `kind` for a record to be staged (ids are handed out in memory and
    /// the counter is written with the records).
    pub fn stage_id(&mut self, kind: Kind) -> Result<u64> {
        let cached = self.staging.next_ids.borrow().get(&kind).copied();
        let next = match cached {
            Some(n) => n,
            None => self
                .txn
                .open_table(META)?
                .get(next_id_key(kind))?
                .map(|v| v.value())
                .unwrap_or(1)
                .max(1),
        };
        self.staging.next_ids.borrow_mut().insert(kind, next + 1);
        Ok(next)
    }

    /// Stages a new record whose id came from [`Tx::stage_id`]: it becomes one of the
    /// operation's changes now and is written with the others later.
    pub fn stage(&mut self, rec: Record) -> Result<()> {
        let rid = rec.rid();
        if self.touched.contains_key(&rid)
            || self
                .staging
                .next_ids
                .borrow()
                .get(&rid.kind)
                .is_none_or(|n| *n <= rid.id)
        {
            return Err(Error::Conflict(format!(
                "internal: {rid} was not allocated for staging"
            )));
        }
        if let Record::Contact(c) = &rec {
            let mut emails = self.staging.emails.borrow_mut();
            for e in &c.emails {
                emails.insert(index::email_key(&e.value), c.id);
            }
        }
        let cx = self.context_for_staging(&rec)?;
        // The helper that builds the index entries reads the change's own record.
        let rec = Arc::new(rec);
        self.staging.keys.borrow_mut().push(Arc::clone(&rec), cx);
        if self.staging.from.get().is_none() {
            self.staging.from.set(Some(self.changes.len()));
        }
        self.touched.insert(rid, self.changes.len());
        self.changes.push(Change {
            rid,
            before: None,
            after: Some(rec),
            cause: self.cause.clone(),
        });
        Ok(())
    }

    /// A staged record, if `rid` is one.
    pub(super) fn staged(&self, rid: RecordId) -> Option<&Record> {
        let from = self.staging.from.get()?;
        let &i = self.touched.get(&rid)?;
        if i < from {
            return None;
        }
        self.changes.get(i)?.after.as_deref()
    }

    /// The staged contact with this email.
    pub(super) fn staged_email(&self, email: &str) -> Option<u64> {
        self.staging.from.get()?;
        self.staging
            .emails
            .borrow()
            .get(&index::email_key(email))
            .copied()
    }

    /// Whether no stored contact has an email (read once while records are staged).
    pub(super) fn no_stored_emails(&self) -> Result<bool> {
        self.while_staged(&self.staging.no_stored_emails, || {
            Ok(self.txn.open_table(IDX_EMAIL)?.is_empty()?)
        })
    }

    /// Whether the suppression list of erased people is empty (read once while records
    /// are staged, so an import does not look at it for every row).
    pub fn no_suppressions(&self) -> Result<bool> {
        self.while_staged(&self.staging.no_suppressions, || {
            Ok(!super::privacy::any_suppressed(self)?)
        })
    }

    /// `look`, remembered in `cell` for as long as records are staged.
    fn while_staged(
        &self,
        cell: &Cell<Option<bool>>,
        look: impl FnOnce() -> Result<bool>,
    ) -> Result<bool> {
        if self.staging.from.get().is_none() {
            return look();
        }
        if let Some(known) = cell.get() {
            return Ok(known);
        }
        let known = look()?;
        cell.set(Some(known));
        Ok(known)
    }

    /// Writes the staged records out now, on behalf of a read that cannot see them; a
    /// failure is kept and reported by [`Tx::flush`] before the operation commits.
    pub(super) fn flush_for_read(&self) {
        if self.staging.from.get().is_some()
            && let Err(e) = self.write_staged()
        {
            self.staging.failed.borrow_mut().get_or_insert(e);
        }
    }

    /// Writes the staged records out (before any other write, and before commit).
    pub fn flush(&self) -> Result<()> {
        if let Some(e) = self.staging.failed.borrow_mut().take() {
            return Err(e);
        }
        self.write_staged()
    }

    fn write_staged(&self) -> Result<()> {
        let Some(from) = self.staging.from.get() else {
            return Ok(());
        };
        // From here the records are no longer "staged": reads go to the tables.
        self.staging.from.set(None);
        self.staging.emails.borrow_mut().clear();
        self.staging.names.borrow_mut().clear();
        self.staging.values.borrow_mut().clear();
        self.staging.no_stored_emails.set(None);
        self.staging.no_suppressions.set(None);
        let ids = std::mem::take(&mut *self.staging.next_ids.borrow_mut());
        let recs: Vec<&Record> = self.changes[from..]
            .iter()
            .filter_map(|c| c.after.as_deref())
            .collect();
        self.index_written();
        if self.changes.len() < ENCODE_AHEAD_FROM {
            return write_new(&self.txn, &recs, &self.staging.keys, &ids);
        }
        // Many changes: the change-log entry's are encoded meanwhile.
        let mut encoded = self.staging.encoded.take().unwrap_or_default();
        let rewritten = self.staging.rewritten.take().unwrap_or(usize::MAX);
        let changes = &self.changes;
        std::thread::scope(|s| {
            let encoding = s.spawn(move || {
                encoded.catch_up(changes, rewritten)?;
                Ok::<_, Error>(encoded)
            });
            let written = write_new(&self.txn, &recs, &self.staging.keys, &ids);
            // Without it, the entry is encoded whole at commit.
            if let Ok(Ok(encoded)) = encoding.join() {
                *self.staging.encoded.borrow_mut() = Some(encoded);
            }
            written
        })
    }

    /// Notes that change `i` was rewritten (its record written again).
    pub(super) fn rewrote(&self, i: usize) {
        let r = &self.staging.rewritten;
        r.set(Some(r.get().map_or(i, |was| was.min(i))));
    }

    /// The changes encoded so far for the change-log entry, brought up to date; `None`
    /// when none were encoded ahead.
    pub(super) fn encoded_changes(&self) -> Result<Option<EncodedChanges>> {
        let Some(mut encoded) = self.staging.encoded.take() else {
            return Ok(None);
        };
        let rewritten = self.staging.rewritten.take().unwrap_or(usize::MAX);
        encoded.catch_up(&self.changes, rewritten)?;
        Ok(Some(encoded))
    }

    /// Forgets the changes encoded ahead (the changes were replaced).
    pub(super) fn forget_encoded(&self) {
        self.staging.encoded.take();
    }

    /// What a staged record's index entries need of other records (a contact's
    /// company name, a task's deal value), staged or stored.
    fn context_for_staging(&self, rec: &Record) -> Result<KeyContext> {
        Ok(match rec {
            Record::Contact(Contact {
                company: Some(id), ..
            }) => {
                let rid = RecordId::new(Kind::Company, *id);
                let name = match self.staged(rid) {
                    Some(Record::Company(c)) => c.name.clone(),
                    _ => {
                        let cached = self.staging.names.borrow().get(id).cloned();
                        match cached {
                            Some(n) => n,
                            None => {
                                let n = self.stored::<Company>(*id)?.map(|c| c.name);
                                let n = n.unwrap_or_default();
                                self.staging.names.borrow_mut().insert(*id, n.clone());
                                n
                            }
                        }
                    }
                };
                KeyContext::company(name)
            }
            Record::Task(Task {
                link: Some(link), ..
            }) if link.kind == Kind::Deal => {
                let value = match self.staged(*link) {
                    Some(Record::Deal(d)) => d.value,
                    _ => {
                        let cached = self.staging.values.borrow().get(&link.id).copied();
                        match cached {
                            Some(v) => v,
                            None => {
                                let v = self.stored::<Deal>(link.id)?.map(|d| d.value);
                                let v = v.unwrap_or(0);
                                self.staging.values.borrow_mut().insert(link.id, v);
                                v
                            }
                        }
                    }
                };
                KeyContext {
                    deal_value: value,
                    ..KeyContext::default()
                }
            }
            _ => KeyContext::default(),
        })
    }

    fn stored<T: crate::model::record::Entity>(&self, id: u64) -> Result<Option<T>> {
        let t = self.txn.open_table(records(T::KIND))?;
        let found = t.get(id)?;
        found.map(|v| decode::<T>(v.value())).transpose()
    }
}

/// Writes new records, their index entries (sorted, from `keys`), their share of the
/// aggregates and the id counters.
fn write_new(
    txn: &WriteTransaction,
    recs: &[&Record],
    keys: &RefCell<KeyBuilder>,
    next_ids: &BTreeMap<Kind, u64>,
) -> Result<()> {
    let (mut bodies, gathered) = keys.borrow_mut().bodies()?;
    bodies.sort_unstable_by_key(|(kind, id, _)| (*kind, *id));
    let mut at = 0;
    while let Some((kind, _, _)) = bodies.get(at) {
        let kind = *kind;
        let mut table = txn.open_table(records(kind))?;
        while let Some((k, id, body)) = bodies.get(at)
            && *k == kind
        {
            table.insert(*id, body.as_slice())?;
            at += 1;
        }
    }
    drop(bodies);
    let mut idx = IndexTables::open(txn)?;
    // Freeing a million small strings takes a noticeable moment: large groups are
    // freed by a helper, not on the way (a sort column is a few large allocations).
    let mut bin: Option<mpsc::Sender<Vec<IndexKey>>> = None;
    let mut free = |group: Group| {
        let Group::Keys(group) = group else {
            return;
        };
        if group.len() < 10_000 {
            return;
        }
        let trash = bin.get_or_insert_with(|| {
            let (trash, bin) = mpsc::channel::<Vec<IndexKey>>();
            std::thread::spawn(move || bin.into_iter().for_each(drop));
            trash
        });
        // A helper that is gone leaves the group to be freed here.
        let _ = trash.send(group);
    };
    let mut next = || keys.borrow_mut().next_group();
    if recs.len() < BACKGROUND_FROM {
        while let Some(group) = next()? {
            idx.insert_group(&group)?;
        }
        idx.account_new(recs)?;
    } else {
        // Many records: their facts (gathered while they were staged) are added on a
        // helper meanwhile.
        idx.insert_beside_account_new(recs, gathered, &mut next, &mut free)?;
    }
    idx.finish()?;
    let mut meta = txn.open_table(META)?;
    for (kind, next) in next_ids {
        let key = next_id_key(*kind);
        let stored = meta.get(key)?.map(|v| v.value()).unwrap_or(1);
        if *next > stored {
            meta.insert(key, *next)?;
        }
    }
    Ok(())
}

/// Index entries in the order their tables keep them (table, then key), so inserting
/// them walks each table's pages once.
pub(super) fn order(a: &IndexKey, b: &IndexKey) -> Ordering {
    use IndexKey::*;
    match (a, b) {
        (Email(x, i), Email(y, j)) => (x, i).cmp(&(y, j)),
        (Link(a1, a2), Link(b1, b2)) => (a1, a2).cmp(&(b1, b2)),
        (Waiting(a1, a2), Waiting(b1, b2)) => (a1, a2).cmp(&(b1, b2)),
        (Timeline(a1, a2, a3), Timeline(b1, b2, b3)) => (a1, a2, a3).cmp(&(b1, b2, b3)),
        (ActivityTime(a1, a2), ActivityTime(b1, b2)) => (a1, a2).cmp(&(b1, b2)),
        (Stage(a1, a2, a3), Stage(b1, b2, b3)) => (a1, a2, a3).cmp(&(b1, b2, b3)),
        (Due(a1, a2), Due(b1, b2)) => (a1, a2).cmp(&(b1, b2)),
        (External(x, i), External(y, j)) => (x, i).cmp(&(y, j)),
        (Search(i, _), Search(j, _)) => i.cmp(j),
        (Owner(x, i), Owner(y, j)) => (x, i).cmp(&(y, j)),
        (Card(a1, a2, a3, a4), Card(b1, b2, b3, b4)) => (a1, a2, a3, a4).cmp(&(b1, b2, b3, b4)),
        (Sort(a1, a2, a3), Sort(b1, b2, b3)) => (a1, a2, a3).cmp(&(b1, b2, b3)),
        (Queue(a1, a2, _), Queue(b1, b2, _)) => (a1, a2).cmp(&(b1, b2)),
        (TicketQueue(a1, a2, _), TicketQueue(b1, b2, _)) => (a1, a2).cmp(&(b1, b2)),
        (TicketSolved(a1, a2), TicketSolved(b1, b2)) => (a1, a2).cmp(&(b1, b2)),
        (TicketFact(a, _), TicketFact(b, _)) => a.cmp(b),
        (DealFact(a, _), DealFact(b, _)) => a.cmp(b),
        _ => rank(a).cmp(&rank(b)),
    }
}

fn rank(k: &IndexKey) -> u8 {
    match k {
        IndexKey::Email(..) => 0,
        IndexKey::Link(..) => 1,
        IndexKey::Timeline(..) => 2,
        IndexKey::ActivityTime(..) => 3,
        IndexKey::Stage(..) => 4,
        IndexKey::Due(..) => 5,
        IndexKey::External(..) => 6,
        IndexKey::Search(..) => 7,
        IndexKey::Owner(..) => 8,
        IndexKey::Card(..) => 9,
        IndexKey::Sort(..) => 10,
        IndexKey::Queue(..) => 11,
        IndexKey::TicketQueue(..) => 12,
        IndexKey::TicketSolved(..) => 13,
        IndexKey::TicketFact(..) => 14,
        IndexKey::DealFact(..) => 15,
        IndexKey::Waiting(..) => 16,
    }
}
