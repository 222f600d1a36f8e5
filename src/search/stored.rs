//! `rolo search` straight over the store's persisted search index: each searchable
//! record's short folded fields, kept by every write in its own transaction
//! (`IndexKey::Search`). Rows are scored as they are read, in small shares of each
//! kind's id space that the cores take in id order and whose best they share, so a
//! search builds no table of its own; only the companies' names are gathered first,
//! for the company column of contacts and deals.

use std::sync::Mutex;
use std::sync::atomic::{AtomicBool, AtomicU32, AtomicU64, AtomicUsize, Ordering};

use nucleo::{Config, Matcher};

use super::bound::Best;
use super::companies::CompanyIndex;
use super::letters::letters;
use super::oneshot::{Column, Finder, Hit, lettered, rank};
use super::table::{assemble, company_id, company_of, pieces, split};
use crate::error::{Error, Result};
use crate::model::{Kind, RecordId};
use crate::store::Windows;
use crate::store::search_pages::Row;

/// The kinds `rolo search` looks through when no kind is given.
pub const SEARCHED: [Kind; 5] = [
    Kind::Contact,
    Kind::Company,
    Kind::Deal,
    Kind::Task,
    Kind::Ticket,
];

/// The best `limit` matches of `finder` in the store's search index, best first (ties:
/// lower id first).
///
/// Each kind's id space is cut into [`UNITS`] shares, handed to the threads in record id
/// order; what a share finds joins the best held by all ([`Shared`]), so every thread
/// skips the rows that cannot beat it, and once the best held all score the most any
/// record can, the shares after them are not read at all.
pub fn top<Q: Windows + Sync>(finder: &Finder, q: &Q, limit: usize) -> Result<Vec<Hit>> {
    let companies = if finder.shows_company() {
        Companies::read(q)?
    } else {
        Companies::default()
    };
    let mut kinds: Vec<Kind> = match finder.kind() {
        Some(k) => vec![k],
        None => SEARCHED.to_vec(),
    };
    // Shares are handed out in record id order, which [`Best`] and [`Shared`] count on.
    kinds.sort();
    let threads = crate::par::threads(usize::MAX);
    let scan = Scan {
        finder,
        fields: finder.fields(),
        ceiling: finder.ceiling(),
        companies,
        limit,
    };
    let shared = Shared::new(limit);
    let next = AtomicUsize::new(0);
    let units = kinds.len() * UNITS as usize;
    let failures: Vec<Error> = std::thread::scope(|s| {
        let workers: Vec<_> = (0..threads)
            .map(|_| {
                s.spawn(|| -> Result<()> {
                    let mut state = scan.state();
                    loop {
                        let unit = next.fetch_add(1, Ordering::Relaxed);
                        if unit >= units || shared.stopped() {
                            return Ok(());
                        }
                        let rank_of_kind = unit / UNITS as usize;
                        let Some(&kind) = kinds.get(rank_of_kind) else {
                            return Ok(());
                        };
                        let order = (rank_of_kind as u64) << 56;
                        let mut failed = None;
                        q.search_rows(kind, (unit % UNITS as usize) as u64, UNITS, &mut |row| {
                            if shared.beyond(order | row.id()) {
                                return false;
                            }
                            match scan.row(&mut state, &shared, kind, row) {
                                Ok(()) => true,
                                Err(e) => {
                                    failed = Some(e);
                                    false
                                }
                            }
                        })?;
                        if let Some(e) = failed {
                            return Err(e);
                        }
                        shared.join(&mut state.hits, limit, scan.ceiling, &kinds);
                    }
                })
            })
            .collect();
        workers
            .into_iter()
            .filter_map(|w| {
                w.join()
                    .unwrap_or_else(|_| Err(Error::Storage("a search thread failed".into())))
                    .err()
            })
            .collect()
    });
    if let Some(e) = failures.into_iter().next() {
        return Err(e);
    }
    Ok(shared.into_hits(limit))
}

/// Shares each kind's id space is cut into: small enough that the search stops soon
/// after the best are found, large enough that a share is many pages.
const UNITS: u64 = 32;

/// What every search thread reads: the query's fields, the companies' names.
struct Scan<'f> {
    finder: &'f Finder,
    fields: Vec<Column<'f>>,
    ceiling: Option<u32>,
    companies: Companies,
    limit: usize,
}

/// One thread's buffers and the best it has found (its shares come in id order).
struct State {
    matcher: Matcher,
    chars: Vec<char>,
    texts: Vec<String>,
    best: Best,
    /// Matches of the share being read, not yet joined to [`Shared`].
    hits: Vec<Hit>,
}

impl Scan<'_> {
    fn state(&self) -> State {
        State {
            matcher: Matcher::new(Config::DEFAULT),
            chars: Vec::new(),
            texts: vec![String::new(); self.fields.len()],
            best: Best::new(self.limit),
            hits: Vec::new(),
        }
    }

    /// Scores one row, keeping it in `state.hits` when it matches and may be among the
    /// best.
    fn row(&self, state: &mut State, shared: &Shared, kind: Kind, row: Row<'_>) -> Result<()> {
        let companies = &self.companies;
        if !lettered(&self.fields, row.letters, || companies.letters(row.raw)) {
            return Ok(());
        }
        let parts = split(row.text()?);
        let company = companies.name(company_id(&parts));
        for column in &self.fields {
            let (p, n) = pieces(&parts, company, column.field);
            if !self.finder.may_match(column, &p[..n]) {
                return Ok(());
            }
        }
        let mut bound = Some(0);
        for (column, text) in self.fields.iter().zip(&mut state.texts) {
            assemble(&parts, || company, column.field, text);
            bound = bound
                .zip(self.finder.bound(column, text))
                .map(|(a, b)| a + b);
        }
        if bound.is_some_and(|b| !state.best.may_enter(b) || b < shared.floor()) {
            return Ok(());
        }
        let mut score = 0;
        for (column, text) in self.fields.iter().zip(&state.texts) {
            match self
                .finder
                .score_checked(column, text, &mut state.matcher, &mut state.chars)
            {
                Some(x) => score += x,
                None => return Ok(()),
            }
        }
        state.best.add(score);
        state.hits.push(Hit {
            rid: RecordId::new(kind, row.id()),
            score,
        });
        if state.hits.len() >= (self.limit * 4).max(4096) {
            rank(&mut state.hits, self.limit);
        }
        Ok(())
    }
}

/// The best matches of every share read so far, with two figures the threads read
/// without a lock: the lowest score held once `limit` are (a row scoring less cannot
/// enter, whatever its id), and, once every one held scores the ceiling, the place of
/// the last of them (a row past it can at most tie and loses the tie on its id).
struct Shared {
    hits: Mutex<Vec<Hit>>,
    floor: AtomicU32,
    /// (the kind's rank << 56 | id) of the last hit held, once all score the ceiling;
    /// `u64::MAX` until then.
    last: AtomicU64,
    stopped: AtomicBool,
}

impl Shared {
    fn new(limit: usize) -> Shared {
        Shared {
            hits: Mutex::new(Vec::with_capacity(limit.min(4096) * 2)),
            floor: AtomicU32::new(0),
            last: AtomicU64::new(u64::MAX),
            stopped: AtomicBool::new(false),
        }
    }

    fn floor(&self) -> u32 {
        self.floor.load(Ordering::Relaxed)
    }

    fn stopped(&self) -> bool {
        self.stopped.load(Ordering::Relaxed)
    }

    /// Whether the row at `place` (kind's rank << 56 | id), and every later one, is out
    /// of the best; then no thread takes another share.
    fn beyond(&self, place: u64) -> bool {
        if place > self.last.load(Ordering::Relaxed) {
            self.stopped.store(true, Ordering::Relaxed);
            return true;
        }
        false
    }

    /// Joins a share's matches to the best held; `kinds` are the kinds searched, in
    /// order.
    fn join(&self, found: &mut Vec<Hit>, limit: usize, ceiling: Option<u32>, kinds: &[Kind]) {
        if found.is_empty() {
            return;
        }
        let mut hits = self.hits.lock().unwrap_or_else(|p| p.into_inner());
        hits.append(found);
        rank(&mut hits, limit);
        if hits.len() < limit {
            return;
        }
        if let Some(last) = hits.last() {
            self.floor.fetch_max(last.score, Ordering::Relaxed);
            if Some(last.score) == ceiling {
                // Every hit held has the top score, so they are ranked by id: the last
                // is the one placed furthest.
                let rank = kinds.iter().position(|k| *k == last.rid.kind).unwrap_or(0);
                self.last
                    .fetch_min((rank as u64) << 56 | last.rid.id, Ordering::Relaxed);
            }
        }
    }

    fn into_hits(self, limit: usize) -> Vec<Hit> {
        let mut hits = self.hits.into_inner().unwrap_or_else(|p| p.into_inner());
        rank(&mut hits, limit);
        hits
    }
}

/// Every company's folded name and its letter mask, in id order (the index's order),
/// from the search index.
#[derive(Default)]
struct Companies {
    index: CompanyIndex,
    names: Vec<String>,
}

impl Companies {
    fn read<Q: Windows>(q: &Q) -> Result<Companies> {
        let (mut ids, mut names) = (Vec::new(), Vec::new());
        let mut failed = None;
        q.search_rows(Kind::Company, 0, 1, &mut |row| match row.text() {
            Ok(raw) => {
                let name = split(raw)[0];
                ids.push((row.id(), letters(name.as_bytes())));
                names.push(name.to_string());
                true
            }
            Err(e) => {
                failed = Some(e);
                false
            }
        })?;
        if let Some(e) = failed {
            return Err(e);
        }
        Ok(Companies {
            index: CompanyIndex::new(ids),
            names,
        })
    }

    /// The folded name of a company ("" when unknown).
    fn name(&self, id: Option<u64>) -> &str {
        self.index
            .find(id)
            .and_then(|i| self.names.get(i))
            .map(String::as_str)
            .unwrap_or("")
    }

    /// The letter mask of the name of a stored row's company (0 when it has none), read
    /// from the row's bytes without reading them as text: this runs for most rows.
    fn letters(&self, raw: &[u8]) -> u64 {
        self.index.letters(self.index.find(company_of(raw)))
    }
}
