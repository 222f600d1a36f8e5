//! One-shot search for the CLI: score every document against a query on all cores and
//! keep the best. Documents come from the store's search table, so a search reads short
//! strings, not whole records.

use nucleo::pattern::{CaseMatching, Normalization, Pattern};
use nucleo::{Config, Matcher, Utf32Str};

use super::doc::{COLUMNS, Field, SearchDoc};
use super::letters::covers;
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

/// Whether a row's letters cover every field's needles: `own` is the mask of its
/// name, emails and tags, `company` gives its company name's (asked only when a field
/// shows it). The check that turns most rows away before they are cut into fields.
pub fn lettered(fields: &[Column], own: u64, company: impl FnOnce() -> u64) -> bool {
    let mut company = Some(company);
    let mut known = None;
    let mut company_letters =
        || *known.get_or_insert_with(|| company.take().map(|f| f()).unwrap_or(0));
    fields.iter().all(|column| {
        let need = column.letters;
        match column.field {
            Field::Name | Field::Email | Field::Tag => covers(own, need),
            Field::All => covers(own, need) || covers(own | company_letters(), need),
            Field::Company => covers(company_letters(), need),
            Field::Phone | Field::Owner => true,
        }
    })
}

/// A compiled query.
pub struct Finder {
    patterns: Vec<(usize, Pattern)>,
    /// Per pattern, the lower-case ASCII needles of its positive atoms: a text must hold
    /// each one's bytes in order to match, which is checked on the bytes before nucleo
    /// reads the text as characters.
    needles: Vec<Vec<Box<[u8]>>>,
    /// Per pattern, the letter mask of its needles: a text lacking one of these bytes
    /// cannot match ([`super::letters`]).
    letters: Vec<u64>,
    /// Per pattern, whether its score can be bounded from the bytes ([`super::bound`]):
    /// every positive atom has an ASCII needle.
    bounded: Vec<bool>,
    kind: Option<Kind>,
}

/// What [`Finder::score_rows`] returns: the rows that may match, and (row, score) of
/// the matches scored.
pub type Scored = (Vec<u32>, Vec<(u32, u32)>);

/// One field a query reads: its pattern and the needles that must be in the text.
#[derive(Clone, Copy)]
pub struct Column<'f> {
    /// The field.
    pub field: Field,
    pattern: &'f Pattern,
    needles: &'f [Box<[u8]>],
    /// The letter mask a text must cover to match.
    pub letters: u64,
    bounded: bool,
}

/// Whether the texts `pieces`, read one after the other, hold the bytes of `needle`
/// in order, ignoring ASCII case (a needle with a space is let through: the pieces are
/// joined by spaces). A plain loop over the bytes: the texts are a few dozen bytes,
/// too short for `memchr` to pay for its setup.
fn in_order_across<P: AsRef<[u8]>>(pieces: &[P], needle: &[u8]) -> bool {
    if needle.contains(&b' ') {
        return true;
    }
    let mut wanted = needle.iter();
    let Some(mut want) = wanted.next() else {
        return true;
    };
    for piece in pieces {
        for &b in piece.as_ref() {
            if b.to_ascii_lowercase() == *want {
                match wanted.next() {
                    Some(next) => want = next,
                    None => return true,
                }
            }
        }
    }
    false
}

/// The needles a text must hold in order for `pattern` to match it.
fn needles_of(pattern: &Pattern) -> Vec<Box<[u8]>> {
    pattern
        .atoms
        .iter()
        .filter(|a| !a.negative)
        .filter_map(|a| {
            let text = a.needle_text().to_string();
            text.is_ascii()
                .then(|| text.to_ascii_lowercase().into_bytes().into_boxed_slice())
        })
        .collect()
}

/// The letter mask of the needles a text must hold (a needle with a space is let
/// through, as in [`in_order_across`]).
fn letters_of(needles: &[Box<[u8]>]) -> u64 {
    needles
        .iter()
        .filter(|n| !n.contains(&b' '))
        .fold(0, |m, n| m | super::letters(n))
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
            .collect::<Vec<_>>();
        let needles: Vec<Vec<Box<[u8]>>> = patterns.iter().map(|(_, p)| needles_of(p)).collect();
        let bounded = patterns
            .iter()
            .zip(&needles)
            .map(|((_, p), n)| {
                let positive = p.atoms.iter().filter(|a| !a.negative).count();
                positive == n.len() && n.iter().all(|n| !n.is_empty())
            })
            .collect();
        Finder {
            bounded,
            letters: needles.iter().map(|n| letters_of(n)).collect(),
            needles,
            patterns,
            kind: q.kind,
        }
    }

    /// The kind the query is limited to, if any.
    pub fn kind(&self) -> Option<Kind> {
        self.kind
    }

    /// The fields the query reads, each with its pattern.
    pub fn fields(&self) -> Vec<Column<'_>> {
        self.patterns
            .iter()
            .zip(&self.needles)
            .zip(&self.letters)
            .zip(&self.bounded)
            .filter_map(|((((c, pattern), needles), &letters), &bounded)| {
                Field::ALL.get(*c).map(|&field| Column {
                    field,
                    pattern,
                    needles,
                    letters,
                    bounded,
                })
            })
            .collect()
    }

    /// Whether a field the query reads shows a company's name.
    pub fn shows_company(&self) -> bool {
        self.fields()
            .iter()
            .any(|c| matches!(c.field, Field::All | Field::Company))
    }

    /// Whether a field's text, made of `pieces`, can match: it holds every needle's
    /// bytes in order. Cheaper than assembling the text to score it.
    pub fn may_match(&self, column: &Column, pieces: &[&str]) -> bool {
        column.needles.iter().all(|n| in_order_across(pieces, n))
    }

    /// The most one field's folded text can score, read from its bytes without nucleo
    /// ([`super::bound`]), or `None` when that cannot be told (a needle or the text is
    /// not ASCII). A text whose bound is below the N-th best score held cannot be among
    /// the best N.
    pub fn bound(&self, column: &Column, text: &str) -> Option<u32> {
        if !column.bounded || !text.is_ascii() {
            return None;
        }
        column.needles.iter().try_fold(0, |sum, n| {
            Some(sum + super::bound::atom(text.as_bytes(), n).unwrap_or(0))
        })
    }

    /// The most any record can score on this query, when every field's score can be
    /// bounded ([`super::bound::ceiling`]).
    pub fn ceiling(&self) -> Option<u32> {
        self.fields().iter().try_fold(0, |sum, column| {
            column.bounded.then(|| {
                sum + column
                    .needles
                    .iter()
                    .map(|n| super::bound::ceiling(n.len()))
                    .sum::<u32>()
            })
        })
    }

    /// The score of one field's folded text, or `None` when it does not match, for a
    /// text [`Finder::may_match`] has let through.
    pub fn score_checked(
        &self,
        column: &Column,
        text: &str,
        matcher: &mut Matcher,
        chars: &mut Vec<char>,
    ) -> Option<u32> {
        column.pattern.score(Utf32Str::new(text, chars), matcher)
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
            .score_rows(table, None, Some(limit))
            .1
            .into_iter()
            .filter_map(|(row, score)| table.rid(row as usize).map(|rid| Hit { rid, score }))
            .collect();
        rank(&mut hits, limit);
        hits
    }

    /// Scores rows of a search table on every core: `rows` (row numbers, ascending) or,
    /// when `None`, every row of the query's kind. With a `limit`, a row whose score
    /// cannot be among the best `limit` is not scored ([`super::bound`]). Returns the
    /// rows that may match (every match is among them), and (row, score) of the matches
    /// scored, both in row order.
    pub fn score_rows(
        &self,
        table: &SearchTable,
        rows: Option<&[u32]>,
        limit: Option<usize>,
    ) -> Scored {
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
        let fields = self.fields();
        let parts: Vec<Scored> = std::thread::scope(|s| {
            let workers: Vec<_> = rows
                .chunks(chunk)
                .map(|part| {
                    let fields = &fields;
                    s.spawn(move || self.score_part(table, part, fields, limit))
                })
                .collect();
            workers
                .into_iter()
                .map(|w| w.join().unwrap_or_default())
                .collect()
        });
        let (mut kept, mut found) = (Vec::new(), Vec::new());
        for (k, f) in parts {
            kept.extend(k);
            found.extend(f);
        }
        (kept, found)
    }

    /// [`Finder::score_rows`] for one thread's share of the rows, in row (and so record
    /// id) order, which the bound's test of a tie counts on.
    fn score_part(
        &self,
        table: &SearchTable,
        part: &[u32],
        fields: &[Column],
        limit: Option<usize>,
    ) -> Scored {
        let mut matcher = Matcher::new(Config::DEFAULT);
        let mut chars = Vec::new();
        let mut texts = vec![String::new(); fields.len()];
        let (mut kept, mut found) = (Vec::new(), Vec::new());
        let mut best = super::bound::Best::new(limit.unwrap_or(usize::MAX));
        'rows: for &i in part {
            let Some(rid) = table.rid(i as usize) else {
                continue;
            };
            if self.kind.is_some_and(|k| k != rid.kind) {
                continue;
            }
            let at = i as usize;
            if !lettered(fields, table.letters(at), || table.company_letters(at)) {
                continue;
            }
            let mut bound = Some(0);
            for (column, text) in fields.iter().zip(&mut texts) {
                table.column(at, column.field, text);
                if !self.may_match(column, &[text.as_str()]) {
                    continue 'rows;
                }
                bound = bound.zip(self.bound(column, text)).map(|(a, b)| a + b);
            }
            kept.push(i);
            if bound.is_some_and(|b| !best.may_enter(b)) {
                continue;
            }
            let mut score = 0;
            for (column, text) in fields.iter().zip(&texts) {
                match self.score_checked(column, text, &mut matcher, &mut chars) {
                    Some(x) => score += x,
                    None => continue 'rows,
                }
            }
            best.add(score);
            found.push((i, score));
        }
        (kept, found)
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

/// Orders hits best first (ties: lower id first) and keeps `limit`: the best `limit`
/// are selected first, so only they are sorted.
pub fn rank(hits: &mut Vec<Hit>, limit: usize) {
    let order = |a: &Hit, b: &Hit| b.score.cmp(&a.score).then(a.rid.cmp(&b.rid));
    if limit == 0 {
        hits.clear();
    } else if limit < hits.len() {
        hits.select_nth_unstable_by(limit - 1, order);
        hits.truncate(limit);
    }
    hits.sort_unstable_by(order);
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
