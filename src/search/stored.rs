//! `rolo search` straight over the store's persisted search index: each searchable
//! record's short folded fields, kept by every write in its own transaction
//! (`IndexKey::Search`). Rows are scored as they are read, one share of each kind's id
//! space per core, so a search builds no table of its own; only the companies' names
//! are gathered first, for the company column of contacts and deals.

use nucleo::{Config, Matcher};

use super::doc::{Field, SEP};
use super::letters::{covers, letters};
use super::oneshot::{Column, Finder, Hit, rank};
use super::table::{assemble, company_id, pieces, split};
use crate::error::{Error, Result};
use crate::model::{Kind, RecordId};
use crate::store::Windows;
use crate::store::search_pages::Row;

/// The kinds `rolo search` looks through when no kind is given.
pub const SEARCHED: [Kind; 4] = [Kind::Contact, Kind::Company, Kind::Deal, Kind::Task];

/// The best `limit` matches of `finder` in the store's search index, best first (ties:
/// lower id first).
pub fn top<Q: Windows + Sync>(finder: &Finder, q: &Q, limit: usize) -> Result<Vec<Hit>> {
    let companies = if finder.shows_company() {
        Companies::read(q)?
    } else {
        Companies::default()
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
                    let mut failed = None;
                    for &kind in kinds {
                        q.search_rows(kind, part, threads, &mut |row| {
                            if !lettered(fields, companies, &row) {
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
                            let mut score = 0;
                            for column in fields {
                                let (p, n) = pieces(&parts, company, column.field);
                                if !finder.may_match(column, &p[..n]) {
                                    return true;
                                }
                                assemble(&parts, || company, column.field, &mut text);
                                match finder.score_checked(column, &text, &mut matcher, &mut chars)
                                {
                                    Some(x) => score += x,
                                    None => return true,
                                }
                            }
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

/// Whether a row's letters (its own, and its company's name's where a field shows it)
/// cover every field's needles: the check that turns most rows away unread.
fn lettered(fields: &[Column], companies: &Companies, row: &Row) -> bool {
    let mut company = None;
    let mut company_letters = || *company.get_or_insert_with(|| companies.letters(row.raw));
    fields.iter().all(|column| {
        let need = column.letters;
        match column.field {
            Field::Name | Field::Email | Field::Tag => covers(row.letters, need),
            Field::All => {
                covers(row.letters, need) || covers(row.letters | company_letters(), need)
            }
            Field::Company => covers(company_letters(), need),
            Field::Phone | Field::Owner => true,
        }
    })
}

/// Every company's folded name and its letter mask, in id order (the index's order),
/// from the search index.
#[derive(Default)]
struct Companies {
    ids: Vec<u64>,
    names: Vec<String>,
    letters: Vec<u64>,
    /// Company id → its place + 1 (0: none), when ids are dense enough to hold them so;
    /// a binary search of `ids` otherwise. Both lookups run for most rows.
    by_id: Vec<u32>,
}

impl Companies {
    fn read<Q: Windows>(q: &Q) -> Result<Companies> {
        let mut out = Companies::default();
        let mut failed = None;
        q.search_rows(Kind::Company, 0, 1, &mut |row| match row.text() {
            Ok(raw) => {
                let name = split(raw)[0];
                out.ids.push(row.id());
                out.letters.push(letters(name.as_bytes()));
                out.names.push(name.to_string());
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
        let top = out.ids.last().copied().unwrap_or(0);
        if top <= 8 * out.ids.len() as u64 + 4096 {
            out.by_id = vec![0; top as usize + 1];
            for (at, &id) in out.ids.iter().enumerate() {
                if let (Some(slot), Ok(at)) = (out.by_id.get_mut(id as usize), u32::try_from(at)) {
                    *slot = at + 1;
                }
            }
        }
        Ok(out)
    }

    fn find(&self, id: Option<u64>) -> Option<usize> {
        let id = id?;
        if self.by_id.is_empty() {
            return self.ids.binary_search(&id).ok();
        }
        let at = *usize::try_from(id).ok().and_then(|i| self.by_id.get(i))?;
        (at as usize).checked_sub(1)
    }

    /// The folded name of a company ("" when unknown).
    fn name(&self, id: Option<u64>) -> &str {
        self.find(id)
            .and_then(|i| self.names.get(i))
            .map(String::as_str)
            .unwrap_or("")
    }

    /// The letter mask of the name of a stored row's company (0 when it has none), read
    /// from the row's bytes without reading them as text: this runs for most rows.
    fn letters(&self, raw: &[u8]) -> u64 {
        self.find(stored_company(raw))
            .and_then(|i| self.letters.get(i).copied())
            .unwrap_or(0)
    }
}

/// The company id of a stored row's bytes (its second field), as [`company_id`] reads
/// it from the text.
fn stored_company(raw: &[u8]) -> Option<u64> {
    let sep = SEP as u8;
    let start = raw.iter().position(|&b| b == sep)? + 1;
    let field = raw.get(start..)?;
    let field = field.strip_prefix(b"+").unwrap_or(field);
    let mut id: Option<u64> = None;
    for &b in field {
        if b == sep {
            break;
        }
        if !b.is_ascii_digit() {
            return None;
        }
        let n = id.unwrap_or(0).checked_mul(10)?;
        id = Some(n.checked_add(u64::from(b - b'0'))?);
    }
    id
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_stored_company_id_reads_as_the_text_does() {
        for raw in [
            "Jane\u{1f}17\u{1f}j@x.io",
            "Jane\u{1f}\u{1f}j@x.io",
            "Jane\u{1f}+4",
            "Jane\u{1f}+",
            "Jane\u{1f}4x\u{1f}",
            "Jane",
            "Jane\u{1f}99999999999999999999999",
            "山田\u{1f}8",
        ] {
            assert_eq!(
                stored_company(raw.as_bytes()),
                company_id(&split(raw)),
                "{raw:?}"
            );
        }
    }
}
