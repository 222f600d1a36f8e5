//! A search index in memory, owned by one worker thread: it loads the store's search
//! table after start (the first frame never waits for it), is kept current with
//! [`SearchService::upsert`], and answers queries (the best N, or every match of a kind
//! in rank order) without blocking the caller. A query that only adds characters to
//! the previous one rescores just the previous matches, so typing narrows fast.
//!
//! Memory: the table holds each record's short folded fields once (about 60–90 bytes a
//! record); no whole records.

use std::sync::Arc;
use std::sync::mpsc::{Receiver, Sender, TryRecvError, channel};
use std::time::Duration;

use super::oneshot::{Finder, Hit, rank};
use super::query::Query;
use super::table::SearchTable;
use crate::model::RecordId;
use crate::store::Store;

/// What the caller asks of the worker.
enum Request {
    /// Load the table now (it loads before the first question otherwise).
    Load,
    /// A record's stored search text changed (`None`: it is gone or not searchable).
    Upsert(RecordId, Option<String>),
    /// Reload everything from the store (after a bulk change).
    Reload,
    /// Rank the matches of a query; `limit` None returns every match.
    Query {
        id: u64,
        query: Query,
        limit: Option<usize>,
    },
}

/// What the worker answers.
#[derive(Debug, Clone)]
pub enum Reply {
    /// The table finished loading: (rows, bytes held).
    Loaded(usize, usize),
    /// The matches of query `id`, best first, and how many rows were searched.
    Results {
        /// The query's id, as given.
        id: u64,
        /// Best first.
        hits: Vec<Hit>,
    },
    /// Loading failed; searches return nothing.
    Failed(String),
}

/// The caller's handle on the worker.
pub struct SearchService {
    send: Sender<Request>,
    receive: Receiver<Reply>,
    /// Rows indexed once loaded (0 while loading).
    pub loaded: Option<(usize, usize)>,
}

impl SearchService {
    /// Starts the worker; it loads the search table from `store` when asked to
    /// ([`SearchService::load`]) or before answering its first question.
    pub fn start(store: Arc<Store>) -> SearchService {
        let (send, requests) = channel();
        let (replies, receive) = channel();
        let spawned = std::thread::Builder::new()
            .name("rolo-search".into())
            .spawn(move || Worker::new(store, replies).run(requests));
        if let Err(e) = spawned {
            let (fail, receive2) = channel();
            let _ = fail.send(Reply::Failed(format!("search is unavailable: {e}")));
            return SearchService {
                send,
                receive: receive2,
                loaded: None,
            };
        }
        SearchService {
            send,
            receive,
            loaded: None,
        }
    }

    /// Asks the worker to load the table now (after the first frame).
    pub fn load(&self) {
        let _ = self.send.send(Request::Load);
    }

    /// Tells the worker a record's search text changed (`None`: removed).
    pub fn upsert(&self, rid: RecordId, text: Option<String>) {
        let _ = self.send.send(Request::Upsert(rid, text));
    }

    /// Tells the worker to reload the whole table.
    pub fn reload(&mut self) {
        self.loaded = None;
        let _ = self.send.send(Request::Reload);
    }

    /// Asks for the matches of `query` (every match when `limit` is `None`).
    pub fn query(&self, id: u64, query: Query, limit: Option<usize>) {
        let _ = self.send.send(Request::Query { id, query, limit });
    }

    /// The next reply, if one is waiting.
    pub fn try_reply(&mut self) -> Option<Reply> {
        match self.receive.try_recv() {
            Ok(r) => {
                if let Reply::Loaded(n, b) = r {
                    self.loaded = Some((n, b));
                }
                Some(r)
            }
            Err(TryRecvError::Empty | TryRecvError::Disconnected) => None,
        }
    }

    /// Waits up to `timeout` for the next reply.
    pub fn wait_reply(&mut self, timeout: Duration) -> Option<Reply> {
        let r = self.receive.recv_timeout(timeout).ok()?;
        if let Reply::Loaded(n, b) = r {
            self.loaded = Some((n, b));
        }
        Some(r)
    }
}

/// The worker's state.
struct Worker {
    store: Arc<Store>,
    replies: Sender<Reply>,
    table: SearchTable,
    /// Whether the table was loaded.
    loaded: bool,
    /// The last query and its matching rows (for narrowing), valid until the table
    /// changes.
    last: Option<(Query, Vec<u32>)>,
}

impl Worker {
    fn new(store: Arc<Store>, replies: Sender<Reply>) -> Worker {
        Worker {
            store,
            replies,
            table: SearchTable::default(),
            loaded: false,
            last: None,
        }
    }

    fn load(&mut self) {
        self.last = None;
        self.loaded = true;
        match self.store.read().and_then(|r| {
            use crate::store::Queries;
            r.search_table()
        }) {
            Ok(mut t) => {
                t.shrink();
                self.table = t;
                let _ = self
                    .replies
                    .send(Reply::Loaded(self.table.len(), self.table.bytes()));
            }
            Err(e) => {
                let _ = self.replies.send(Reply::Failed(e.to_string()));
            }
        }
    }

    fn run(mut self, requests: Receiver<Request>) {
        while let Ok(first) = requests.recv() {
            // Apply every waiting change first; answer only the newest query.
            let mut pending = vec![first];
            while let Ok(more) = requests.try_recv() {
                pending.push(more);
            }
            let mut query = None;
            // Changes before the first load are in the table it reads.
            let mut reload = !self.loaded;
            let mut changes = Vec::new();
            for r in pending {
                match r {
                    Request::Upsert(rid, text) => changes.push((rid, text)),
                    Request::Reload | Request::Load => reload = true,
                    Request::Query {
                        id,
                        query: q,
                        limit,
                    } => {
                        if let Some((old_id, old_q, old_limit)) = query.replace((id, q, limit))
                            && old_limit != limit
                        {
                            // A different kind of question (a filter beside the picker):
                            // answer it too.
                            self.answer(old_id, &old_q, old_limit);
                        }
                    }
                }
            }
            if reload {
                self.load();
            } else if !changes.is_empty() {
                self.table.apply(changes);
                self.last = None;
            }
            if let Some((id, q, limit)) = query {
                self.answer(id, &q, limit);
            }
        }
    }

    fn answer(&mut self, id: u64, q: &Query, limit: Option<usize>) {
        let finder = Finder::new(q);
        let narrowed = self
            .last
            .as_ref()
            .filter(|(old, _)| narrows(old, q))
            .map(|(_, rows)| rows.as_slice());
        let (kept, scored) = finder.score_rows(&self.table, narrowed, limit);
        let mut hits: Vec<Hit> = scored
            .iter()
            .filter_map(|&(row, score)| self.table.rid(row as usize).map(|rid| Hit { rid, score }))
            .collect();
        // Rows that may match, scored or not: a longer query's matches are among them.
        self.last = Some((q.clone(), kept));
        rank(&mut hits, limit.unwrap_or(usize::MAX));
        let _ = self.replies.send(Reply::Results { id, hits });
    }
}

/// Whether every match of `new` is also a match of `old`, so only `old`'s matches need
/// rescoring: same kind, and each column's text only grew at its end (without
/// negations, which a longer text can widen).
fn narrows(old: &Query, new: &Query) -> bool {
    old.kind == new.kind
        && old
            .columns
            .iter()
            .zip(&new.columns)
            .all(|(o, n)| n.starts_with(o.as_str()) && !n.contains('!') && !o.ends_with('\\'))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::search::query::parse;

    #[test]
    fn narrowing_is_only_assumed_when_text_grows_without_negation() {
        let q = |s: &str| parse(s).unwrap();
        assert!(narrows(&q("mul"), &q("mull")));
        assert!(narrows(&q("mul"), &q("mul ber")));
        assert!(!narrows(&q("mull"), &q("mul")));
        assert!(!narrows(&q("mul"), &q("mul !x")));
        assert!(!narrows(&q("mul"), &q("c: mul")));
    }
}
