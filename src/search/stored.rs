//! `rolo search` straight over the store's persisted search index: each searchable
//! record's short folded fields, kept by every write in its own transaction
//! (`IndexKey::Search`). Rows are scored as they are read, one share of each kind's id
//! space per core, so a search builds no table of its own; only the companies' names
//! are gathered first, for the company column of contacts and deals.

use nucleo::{Config, Matcher};

use super::bound::Best;
use super::companies::CompanyIndex;
use super::letters::letters;
use super::oneshot::{Finder, Hit, lettered, rank};
use super::table::{assemble, company_id, company_of, pieces, split};
use crate::error::{Error, Result};
use crate::model::{Kind, RecordId};
use crate::store::Windows;

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
    // Each thread reads its rows in record id order, which [`Best`] counts on.
    kinds.sort();
    let threads = std::thread::available_parallelism()
        .map(|n| n.get() as u64)
        .unwrap_or(1)
        .max(1);
    let fields = finder.fields();
    let ceiling = finder.ceiling();
    // Hits are cut back to the best `limit` whenever this many pile up.
    let keep = (limit * 4).max(4096);
    let companies = &companies;
    let fields = &fields;
    let kinds = &kinds;
    let found: Vec<Result<Vec<Hit>>> = std::thread::scope(|s| {
        let workers: Vec<_> = (0..threads)
            .map(|part| {
                s.spawn(move || -> Result<Vec<Hit>> {
                    let mut matcher = Matcher::new(Config::DEFAULT);
                    let mut chars = Vec::new();
                    let mut texts = vec![String::new(); fields.len()];
                    let mut hits = Vec::new();
                    let mut best = Best::new(limit);
                    let mut failed = None;
                    // Once the best held all score the most any record can, no later
                    // row (a higher id: it would lose the tie) can enter: stop reading.
                    let done = |best: &Best| ceiling.is_some() && best.lowest() == ceiling;
                    for &kind in kinds {
                        if done(&best) {
                            break;
                        }
                        q.search_rows(kind, part, threads, &mut |row| {
                            if done(&best) {
                                return false;
                            }
                            if !lettered(fields, row.letters, || companies.letters(row.raw)) {
                                return true;
                            }
                            let raw = match row.text() {
                                Ok(raw) => raw,
                                Err(e) => {
                                    failed = Some(e);
                                    return false;
                                }
                            };
                            let parts = split(raw);
                            let company = companies.name(company_id(&parts));
                            for column in fields {
                                let (p, n) = pieces(&parts, company, column.field);
                                if !finder.may_match(column, &p[..n]) {
                                    return true;
                                }
                            }
                            let mut bound = Some(0);
                            for (column, text) in fields.iter().zip(&mut texts) {
                                assemble(&parts, || company, column.field, text);
                                bound = bound.zip(finder.bound(column, text)).map(|(a, b)| a + b);
                            }
                            if bound.is_some_and(|b| !best.may_enter(b)) {
                                return true;
                            }
                            let mut score = 0;
                            for (column, text) in fields.iter().zip(&texts) {
                                match finder.score_checked(column, text, &mut matcher, &mut chars) {
                                    Some(x) => score += x,
                                    None => return true,
                                }
                            }
                            best.add(score);
                            hits.push(Hit {
                                rid: RecordId::new(kind, row.id()),
                                score,
                            });
                            if hits.len() >= keep {
                                rank(&mut hits, limit);
                            }
                            true
                        })?;
                        if let Some(e) = failed.take() {
                            return Err(e);
                        }
                        rank(&mut hits, limit);
                    }
                    Ok(hits)
                })
            })
            .collect();
        workers
            .into_iter()
            .map(|w| {
                w.join()
                    .unwrap_or_else(|_| Err(Error::Storage("a search thread failed".into())))
            })
            .collect()
    });
    let mut hits = Vec::new();
    for part in found {
        hits.extend(part?);
    }
    rank(&mut hits, limit);
    Ok(hits)
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
