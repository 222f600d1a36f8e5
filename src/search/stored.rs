//! `rolo search` straight over the store's persisted search index: each searchable
//! record's short folded fields, kept by every write in its own transaction
//! (`IndexKey::Search`). Rows are scored as they are read, one share of each kind's id
//! space per core, so a search builds no table of its own; only the companies' names
//! are gathered first, for the company column of contacts and deals.

use nucleo::{Config, Matcher};

use super::oneshot::{Finder, Hit, rank};
use super::table::{assemble, company_id, pieces, split};
use crate::error::{Error, Result};
use crate::model::{Kind, RecordId};
use crate::store::Windows;

/// The kinds `rolo search` looks through when no kind is given.
pub const SEARCHED: [Kind; 4] = [Kind::Contact, Kind::Company, Kind::Deal, Kind::Task];

/// The best `limit` matches of `finder` in the store's search index, best first (ties:
/// lower id first).
pub fn top<Q: Windows + Sync>(finder: &Finder, q: &Q, limit: usize) -> Result<Vec<Hit>> {
    let companies = if finder.shows_company() {
        company_names(q)?
    } else {
        Vec::new()
    };
    let kinds: Vec<Kind> = match finder.kind() {
        Some(k) => vec![k],
        None => SEARCHED.to_vec(),
    };
    let threads = std::thread::available_parallelism()
        .map(|n| n.get() as u64)
        .unwrap_or(1)
        .max(1);
    let fields = finder.fields();
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
                    let (mut chars, mut text) = (Vec::new(), String::new());
                    let mut hits = Vec::new();
                    for &kind in kinds {
                        q.search_rows(kind, part, threads, &mut |id, raw| {
                            let parts = split(raw);
                            let company = company_id(&parts)
                                .and_then(|c| {
                                    companies.binary_search_by_key(&c, |(id, _)| *id).ok()
                                })
                                .and_then(|i| companies.get(i))
                                .map(|(_, name)| name.as_str())
                                .unwrap_or("");
                            let mut score = 0;
                            for column in fields {
                                let (p, n) = pieces(&parts, company, column.field);
                                if !finder.may_match(column, &p[..n]) {
                                    return true;
                                }
                                assemble(&parts, || company, column.field, &mut text);
                                match finder.score_text(column, &text, &mut matcher, &mut chars) {
                                    Some(x) => score += x,
                                    None => return true,
                                }
                            }
                            hits.push(Hit {
                                rid: RecordId::new(kind, id),
                                score,
                            });
                            if hits.len() >= keep {
                                rank(&mut hits, limit);
                            }
                            true
                        })?;
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

/// Every company's folded name by id, in id order (the index's order), from the
/// search index.
fn company_names<Q: Windows>(q: &Q) -> Result<Vec<(u64, String)>> {
    let mut names = Vec::new();
    q.search_rows(Kind::Company, 0, 1, &mut |id, raw| {
        names.push((id, split(raw)[0].to_string()));
        true
    })?;
    Ok(names)
}
