//! The index entries, encoded bodies and report facts of staged records
//! ([`super::staged`]), built in batches on two helper threads while more rows are read,
//! then handed to the writer one sorted group at a time; and the order index entries
//! are inserted in.

use std::cmp::Ordering;
use std::sync::{Arc, mpsc};

use super::facts::NewFacts;
use super::index::{self, Group, IndexKey, KeyContext};
use super::sort_pages::SortColumns;
use super::tables::encode;
use crate::error::{Error, Result};
use crate::model::{Kind, Record};

/// From how many staged records their index entries, bodies and facts are built on the
/// helper threads.
pub(super) const BACKGROUND_FROM: usize = 512;

/// The index entries and encoded bodies of staged records, built in batches on two
/// helper threads once there are many (so building them overlaps reading the rest of
/// the input): one encodes the bodies and gathers the report facts, the other builds
/// the index entries, then sorts them one group at a time (a table, or a column of the
/// sort index), handing each over as it is sorted, so the writer inserts one group
/// while the helper sorts the next. Two helpers rather than one keep both cores busy
/// whichever of the three threads has more to do.
#[derive(Default)]
pub(super) struct KeyBuilder {
    /// Records (with what their entries need of other records) not yet handed over.
    batch: Batch,
    worker: Option<Worker>,
    /// Sorted groups built here (few records), waiting for [`KeyBuilder::next_group`].
    built: Vec<Group>,
}

struct Worker {
    /// Batches go to both helpers; dropping these tells them that all have come.
    send: Option<[mpsc::Sender<Arc<Batch>>; 2]>,
    /// The bodies, and the records' report facts gathered meanwhile.
    bodies: mpsc::Receiver<Result<(Bodies, NewFacts)>>,
    /// The sorted groups, in insertion order.
    sorted: mpsc::Receiver<Group>,
    done: [std::thread::JoinHandle<()>; 2],
}

impl Worker {
    fn start() -> Worker {
        let (bodies_send, bodies_recv) = mpsc::channel::<Arc<Batch>>();
        let (keys_send, keys_recv) = mpsc::channel::<Arc<Batch>>();
        let (body_send, bodies) = mpsc::channel();
        let (sorted_send, sorted) = mpsc::channel();
        let encoder = std::thread::spawn(move || {
            let mut bodies = Bodies::new();
            let mut facts = NewFacts::default();
            let mut failed = None;
            for batch in bodies_recv {
                if failed.is_none()
                    && let Err(e) = encode_all(&mut bodies, &batch)
                {
                    failed = Some(e);
                }
                facts.add(batch.iter().map(|(r, _)| &**r));
            }
            let out = match failed {
                Some(e) => Err(e),
                None => Ok((bodies, facts)),
            };
            // The writer may have given up; then nobody needs them either.
            let _ = body_send.send(out);
        });
        let indexer = std::thread::spawn(move || {
            let mut buckets = Buckets::default();
            for batch in keys_recv {
                add_keys(&mut buckets, &batch);
            }
            for group in buckets.sorted() {
                // The writer may have given up; then nobody needs the entries either.
                if sorted_send.send(group).is_err() {
                    return;
                }
            }
        });
        Worker {
            send: Some([bodies_send, keys_send]),
            bodies,
            sorted,
            done: [encoder, indexer],
        }
    }

    /// Hands a batch to both helpers; false when one is gone (it panicked, which the
    /// writer then reports).
    fn send(&self, batch: Batch) -> bool {
        let Some(send) = &self.send else {
            return false;
        };
        let batch = Arc::new(batch);
        send.iter().all(|s| s.send(Arc::clone(&batch)).is_ok())
    }
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
pub(super) type Bodies = Vec<(Kind, u64, Vec<u8>)>;

impl KeyBuilder {
    pub(super) fn push(&mut self, rec: Arc<Record>, cx: KeyContext) {
        self.batch.push((rec, cx));
        if self.batch.len() < BACKGROUND_FROM {
            return;
        }
        let batch = std::mem::take(&mut self.batch);
        // A helper that is gone makes `bodies` or `next_group` fail: the batch is not
        // needed then.
        self.worker.get_or_insert_with(Worker::start).send(batch);
    }

    /// The encoded bodies of the records pushed since the last call, with their report
    /// facts when a helper gathered them; [`Self::next_group`] then gives their index
    /// entries.
    pub(super) fn bodies(&mut self) -> Result<(Bodies, Option<NewFacts>)> {
        let batch = std::mem::take(&mut self.batch);
        match &mut self.worker {
            Some(w) => {
                if !batch.is_empty() && !w.send(batch) {
                    return Err(failed());
                }
                // All have come.
                w.send = None;
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
    pub(super) fn next_group(&mut self) -> Result<Option<Group>> {
        let Some(w) = &self.worker else {
            return Ok(self.built.pop());
        };
        if let Ok(group) = w.sorted.recv() {
            return Ok(Some(group));
        }
        // The helpers are done, or stopped short: only a clean finish means all came.
        let finished = self.worker.take().map(|w| {
            let [encoder, indexer] = w.done;
            encoder.join().is_ok() && indexer.join().is_ok()
        });
        match finished {
            Some(false) => Err(failed()),
            _ => Ok(None),
        }
    }
}

/// A helper stopped short (it panicked).
fn failed() -> Error {
    Error::Storage("building the index entries failed".into())
}

fn encode_all(bodies: &mut Bodies, batch: &Batch) -> Result<()> {
    for (rec, _) in batch {
        bodies.push((rec.kind(), rec.id(), encode(rec)?));
    }
    Ok(())
}

fn add_keys(buckets: &mut Buckets, batch: &Batch) {
    let mut keys = Vec::new();
    for (rec, cx) in batch {
        let sorts = &mut buckets.sorts;
        index::keys_into(rec, cx, &mut keys, |tag, key, id| sorts.add(tag, key, id));
        for k in keys.drain(..) {
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
