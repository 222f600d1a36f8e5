//! One-shot search for the CLI: score every document against a query on all cores and
//! keep the best. Documents come from the store's search table, so a search reads short
//! strings, not whole records.

use nucleo::pattern::{CaseMatching, Normalization, Pattern};
use nucleo::{Config, Matcher, Utf32Str};

use super::doc::{COLUMNS, Field, SearchDoc};
use super::query::Query;
use super::table::SearchTable;
use crate::model::{Kind, RecordId};

/// One ranked result.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Hit {
    /// The record.
    pub rid: RecordId,
    /// nucleo's score (higher is better); 0 for an empty query.
    pub score: u32,
}

/// A compiled query.
pub struct Finder {
    patterns: Vec<(usize, Pattern)>,
    kind: Option<Kind>,
}

impl Finder {
    /// Compiles the query's column patterns.
    pub fn new(q: &Query) -> Finder {
        let patterns = (0..COLUMNS)
            .filter(|c| !q.columns[*c].is_empty())
            .map(|c| {
                (
                    c,
                    Pattern::parse(&q.columns[c], CaseMatching::Ignore, Normalization::Smart),
                )
            })
            .collect();
        Finder {
            patterns,
            kind: q.kind,
        }
    }

    /// The score of one document, or `None` when it does not match.
    pub fn score(
        &self,
        doc: &SearchDoc,
        matcher: &mut Matcher,
        buf: &mut Vec<char>,
    ) -> Option<u32> {
        if self.kind.is_some_and(|k| k != doc.rid.kind) {
            return None;
        }
        let mut total = 0;
        for (col, pattern) in &self.patterns {
            total += pattern.score(Utf32Str::new(&doc.columns[*col], buf), matcher)?;
        }
        Some(total)
    }

    /// The best `limit` matches, best first (ties: lower id first), using every core.
    pub fn top(&self, docs: &[SearchDoc], limit: usize) -> Vec<Hit> {
        let threads = std::thread::available_parallelism()
            .map(|n| n.get())
            .unwrap_or(1)
            .max(1);
        let chunk = docs.len().div_ceil(threads).max(1);
        let mut hits: Vec<Hit> = std::thread::scope(|s| {
            let workers: Vec<_> = docs
                .chunks(chunk)
                .map(|part| {
                    s.spawn(move || {
                        let mut matcher = Matcher::new(Config::DEFAULT);
                        let mut buf = Vec::new();
                        let mut found: Vec<Hit> = part
                            .iter()
                            .filter_map(|d| {
                                self.score(d, &mut matcher, &mut buf)
                                    .map(|score| Hit { rid: d.rid, score })
                            })
                            .collect();
                        rank(&mut found, limit);
                        found
                    })
                })
                .collect();
            workers
                .into_iter()
                .flat_map(|w| w.join().unwrap_or_default())
                .collect()
        });
        rank(&mut hits, limit);
        hits
    }

    /// The best `limit` rows of a stored search table, best first, using every core.
    pub fn top_rows(&self, table: &SearchTable, limit: usize) -> Vec<Hit> {
        let mut hits: Vec<Hit> = self
            .score_rows(table, None)
            .into_iter()
            .filter_map(|(row, score)| table.rid(row as usize).map(|rid| Hit { rid, score }))
            .collect();
        rank(&mut hits, limit);
        hits
    }

    /// Scores rows of a search table on every core: `rows` (row numbers) or, when
    /// `None`, every row of the query's kind. Returns (row, score) of each match, in
    /// row order.
    pub fn score_rows(&self, table: &SearchTable, rows: Option<&[u32]>) -> Vec<(u32, u32)> {
        let span = table.span(self.kind);
        let all: Vec<u32>;
        let rows: &[u32] = match rows {
            Some(r) => r,
            None => {
                all = (span.start as u32..span.end as u32).collect();
                &all
            }
        };
        let threads = std::thread::available_parallelism()
            .map(|n| n.get())
            .unwrap_or(1)
            .max(1);
        let chunk = rows.len().div_ceil(threads).max(1);
        let fields: Vec<(Field, &Pattern)> = self
            .patterns
            .iter()
            .filter_map(|(c, p)| Field::ALL.get(*c).map(|f| (*f, p)))
            .collect();
        std::thread::scope(|s| {
            let workers: Vec<_> = rows
                .chunks(chunk)
                .map(|part| {
                    let fields = &fields;
                    s.spawn(move || {
                        let mut matcher = Matcher::new(Config::DEFAULT);
                        let mut chars = Vec::new();
                        let mut text = String::new();
                        let mut found = Vec::new();
                        'rows: for &i in part {
                            let Some(rid) = table.rid(i as usize) else {
                                continue;
                            };
                            if self.kind.is_some_and(|k| k != rid.kind) {
                                continue;
                            }
                            let mut score = 0;
                            for (field, pattern) in fields {
                                table.column(i as usize, *field, &mut text);
                                match pattern.score(Utf32Str::new(&text, &mut chars), &mut matcher)
                                {
                                    Some(x) => score += x,
                                    None => continue 'rows,
                                }
                            }
                            found.push((i, score));
                        }
                        found
                    })
                })
                .collect();
            workers
                .into_iter()
                .flat_map(|w| w.join().unwrap_or_default())
                .collect()
        })
    }

    /// Positions (in characters) of the matched characters of `text` for the patterns
    /// scoped to `column`, for highlighting.
    pub fn highlight(&self, column: usize, text: &str, matcher: &mut Matcher) -> Vec<u32> {
        let mut buf = Vec::new();
        let mut out = Vec::new();
        for (col, pattern) in &self.patterns {
            if *col == column {
                pattern.indices(Utf32Str::new(text, &mut buf), matcher, &mut out);
            }
        }
        out.sort_unstable();
        out.dedup();
        out
    }
}

/// Orders hits best first (ties: lower id first) and keeps `limit`.
pub fn rank(hits: &mut Vec<Hit>, limit: usize) {
    hits.sort_unstable_by(|a, b| b.score.cmp(&a.score).then(a.rid.cmp(&b.rid)));
    hits.truncate(limit);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Contact, Record};
    use crate::search::query::parse;

    fn doc(id: u64, name: &str) -> SearchDoc {
        SearchDoc::of(
            &Record::Contact(Contact {
                id,
                name: name.into(),
                ..Contact::default()
            }),
            |_| None,
        )
        .unwrap()
    }

    #[test]
    fn ranks_fuzzy_matches_and_folds_accents() {
        let docs = vec![
            doc(1, "Jürgen Müller"),
            doc(2, "Jane Doe"),
            doc(3, "José Muñoz"),
            doc(4, "山田 太郎"),
        ];
        let ids = |q: &str| {
            Finder::new(&parse(q).unwrap())
                .top(&docs, 10)
                .iter()
                .map(|h| h.rid.id)
                .collect::<Vec<_>>()
        };
        assert_eq!(ids("muller"), vec![1]);
        assert_eq!(ids("jose"), vec![3]);
        assert_eq!(ids("jdoe"), vec![2]);
        assert_eq!(ids("山田"), vec![4]);
        assert_eq!(ids("d: jane"), Vec::<u64>::new());
        assert_eq!(ids("").len(), 4);
    }

    #[test]
    fn highlights_positions_in_the_original_text() {
        let f = Finder::new(&parse("mull").unwrap());
        let mut m = Matcher::new(Config::DEFAULT);
        let folded = crate::search::fold("Jürgen Müller");
        assert_eq!(f.highlight(0, &folded, &mut m), vec![7, 8, 9, 10]);
    }
}
