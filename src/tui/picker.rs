//! Jump anywhere: the picker layer's state ([`Picker`]: the typed query, the kind
//! narrowing, the visible result rows) and the live index behind it ([`JumpIndex`], kept
//! in the app because nucleo is not `Clone`). The index is streamed in after the first
//! frame in small batches, ticked once per loop iteration, and kept current from the
//! change log; only the visible rows are fetched from it and highlighted.

use std::collections::VecDeque;
use std::sync::Arc;
use std::time::{Duration, Instant};

use nucleo::{Config, Matcher};
use tui_input::Input;

use super::data::Data;
use crate::model::{Kind, Record, RecordId};
use crate::search::query::{self, Query};
use crate::search::{Field, Finder, LiveIndex, SearchDoc, fold};

/// The kinds the narrowing key cycles through (`None`: all kinds).
pub const KINDS: [Option<Kind>; 5] = [
    None,
    Some(Kind::Contact),
    Some(Kind::Company),
    Some(Kind::Deal),
    Some(Kind::Task),
];

/// A short word for a kind narrowing.
pub fn kind_word(kind: Option<Kind>) -> &'static str {
    match kind {
        None => "all",
        Some(Kind::Contact) => "contacts",
        Some(Kind::Company) => "companies",
        Some(Kind::Deal) => "deals",
        Some(Kind::Task) => "tasks",
        Some(_) => "other",
    }
}

/// One visible result: display text in the original spelling, and the matched character
/// positions (in characters) to highlight.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PickRow {
    /// The record.
    pub rid: RecordId,
    /// Name or title.
    pub name: String,
    /// Company, email, stage · value, or due date.
    pub detail: String,
    /// Matched characters of `name`.
    pub name_hits: Vec<u32>,
    /// Matched characters of `detail`.
    pub detail_hits: Vec<u32>,
}

/// The picker layer's state.
#[derive(Debug, Clone, Default)]
pub struct Picker {
    /// What was typed (original spelling).
    pub input: Input,
    /// The kind narrowing chosen with the cycle key.
    pub kind: Option<Kind>,
    /// The last query that parsed (with the narrowing applied).
    pub query: Query,
    /// Why the current text does not parse (the last good query stays in force).
    pub error: Option<String>,
    /// Bumped whenever `query` changes, so the app re-queries the index.
    pub generation: u64,
    /// The visible result rows, best first (filled by the app).
    pub rows: Vec<PickRow>,
    /// The selected row.
    pub selected: usize,
    /// Records indexed so far and in all (for "indexing…").
    pub indexed: (usize, usize),
}

impl Picker {
    /// An empty picker.
    pub fn new() -> Picker {
        Picker {
            generation: 1,
            ..Picker::default()
        }
    }

    /// Re-parses the typed text; on error the previous query stays and the error shows.
    pub fn reparse(&mut self) {
        match query::parse(self.input.value()) {
            Ok(mut q) => {
                q.kind = q.kind.or(self.kind);
                self.error = None;
                if q != self.query {
                    self.query = q;
                    self.generation += 1;
                    self.selected = 0;
                }
            }
            Err(e) => self.error = Some(e.to_string()),
        }
    }

    /// Moves to the next kind narrowing (all → contacts → companies → deals → tasks).
    pub fn cycle_kind(&mut self) {
        let i = KINDS.iter().position(|k| *k == self.kind).unwrap_or(0);
        self.kind = KINDS[(i + 1) % KINDS.len()];
        self.reparse();
        if self.error.is_some() && self.query.kind != self.kind {
            self.query.kind = self.kind;
            self.generation += 1;
            self.selected = 0;
        }
    }

    /// The selected record.
    pub fn selected_rid(&self) -> Option<RecordId> {
        self.rows.get(self.selected).map(|r| r.rid)
    }

    /// Moves the selection by `delta` (clamped).
    pub fn move_by(&mut self, delta: isize) {
        self.selected = self
            .selected
            .saturating_add_signed(delta)
            .min(self.rows.len().saturating_sub(1));
    }

    /// Replaces the rows, keeping the selected record selected when it stays.
    pub fn set_rows(&mut self, rows: Vec<PickRow>) {
        let keep = self.selected_rid();
        self.rows = rows;
        if let Some(rid) = keep
            && let Some(i) = self.rows.iter().position(|r| r.rid == rid)
        {
            self.selected = i;
        }
        self.selected = self.selected.min(self.rows.len().saturating_sub(1));
    }
}

/// The searchable document of a record the TUI keeps.
pub fn doc_of(data: &Data, rid: RecordId) -> Option<SearchDoc> {
    let rec = match rid.kind {
        Kind::Contact => Record::Contact(data.contacts.get(&rid.id)?.clone()),
        Kind::Company => Record::Company(data.companies.get(&rid.id)?.clone()),
        Kind::Deal => Record::Deal(data.deals.get(&rid.id)?.clone()),
        Kind::Task => Record::Task(data.tasks.get(&rid.id)?.clone()),
        _ => return None,
    };
    SearchDoc::of(&rec, |id| data.companies.get(&id).map(|c| c.name.clone()))
}

/// Every searchable record id in `data`.
pub fn all_rids(data: &Data) -> Vec<RecordId> {
    let mut out = Vec::with_capacity(
        data.contacts.len() + data.companies.len() + data.deals.len() + data.tasks.len(),
    );
    out.extend(
        data.companies
            .keys()
            .map(|id| RecordId::new(Kind::Company, *id)),
    );
    out.extend(
        data.contacts
            .keys()
            .map(|id| RecordId::new(Kind::Contact, *id)),
    );
    out.extend(data.deals.keys().map(|id| RecordId::new(Kind::Deal, *id)));
    out.extend(data.tasks.keys().map(|id| RecordId::new(Kind::Task, *id)));
    out
}

/// Name and detail shown for a record.
fn display(data: &Data, rid: RecordId) -> Option<(String, String)> {
    Some(match rid.kind {
        Kind::Contact => {
            let c = data.contacts.get(&rid.id)?;
            let company = data.company_name(c.company);
            let detail = match c.email() {
                Some(e) if !company.is_empty() => format!("{company} · {e}"),
                Some(e) => e.to_string(),
                None => company.to_string(),
            };
            (c.name.clone(), detail)
        }
        Kind::Company => {
            let c = data.companies.get(&rid.id)?;
            (c.name.clone(), c.domain.clone().unwrap_or_default())
        }
        Kind::Deal => {
            let d = data.deals.get(&rid.id)?;
            let stage = data
                .pipelines
                .iter()
                .find(|p| p.id == d.pipeline)
                .and_then(|p| p.stages.iter().find(|s| s.id == d.stage))
                .map(|s| s.name.as_str())
                .unwrap_or("?");
            let value = crate::model::money::format_money_short(d.value, d.currency);
            let company = data.company_name(d.company);
            let detail = if company.is_empty() {
                format!("{stage} · {value}")
            } else {
                format!("{stage} · {value} · {company}")
            };
            (d.title.clone(), detail)
        }
        Kind::Task => {
            let t = data.tasks.get(&rid.id)?;
            let due = t
                .due
                .map(|d| format!("due {}", d.date))
                .unwrap_or_else(|| "no due date".into());
            let detail = match t.link {
                Some(l) => format!("{due} · {}", data.label(l)),
                None => due,
            };
            (t.title.clone(), detail)
        }
        _ => return None,
    })
}

/// Builds the visible rows for `rids` with the matched characters of `q` marked.
pub fn rows_for(data: &Data, rids: &[RecordId], q: &Query) -> Vec<PickRow> {
    let finder = Finder::new(q);
    let mut matcher = Matcher::new(Config::DEFAULT);
    let mut hits = |cols: &[Field], text: &str| {
        let folded = fold(text);
        let mut out: Vec<u32> = cols
            .iter()
            .flat_map(|f| finder.highlight(f.column(), &folded, &mut matcher))
            .collect();
        out.sort_unstable();
        out.dedup();
        out
    };
    rids.iter()
        .filter_map(|rid| {
            let (name, detail) = display(data, *rid)?;
            let detail_fields: &[Field] = match rid.kind {
                Kind::Contact => &[Field::All, Field::Company, Field::Email],
                Kind::Company => &[Field::All, Field::Email],
                Kind::Deal => &[Field::All, Field::Company],
                _ => &[],
            };
            Some(PickRow {
                rid: *rid,
                name_hits: hits(&[Field::All, Field::Name], &name),
                detail_hits: hits(detail_fields, &detail),
                name,
                detail,
            })
        })
        .collect()
}

/// Records pushed per batch while streaming the index in.
const BATCH: usize = 500;
/// Time a loop iteration may spend feeding the index.
const FEED_BUDGET: Duration = Duration::from_millis(8);

/// The live index and what is still to be pushed into it.
pub struct JumpIndex {
    index: LiveIndex,
    pending: VecDeque<RecordId>,
    total: usize,
    applied: u64,
    running: bool,
    /// The index or query changed since the rows were last built.
    stale: bool,
}

impl JumpIndex {
    /// An empty index; `rids` are pushed by [`JumpIndex::feed`] later (never before the
    /// first frame).
    pub fn new(rids: Vec<RecordId>) -> JumpIndex {
        JumpIndex {
            index: LiveIndex::new(Arc::new(|| {})),
            total: rids.len(),
            pending: rids.into(),
            applied: 0,
            running: false,
            stale: true,
        }
    }

    /// Starts over with `rids` (after a full reload of the data).
    pub fn reset(&mut self, rids: Vec<RecordId>) {
        *self = JumpIndex::new(rids);
    }

    /// Whether records still wait to be indexed or the matcher is still working.
    pub fn busy(&self) -> bool {
        !self.pending.is_empty() || self.running || self.stale
    }

    /// (indexed, total) for the progress note.
    pub fn progress(&self) -> (usize, usize) {
        (self.total - self.pending.len(), self.total)
    }

    /// Pushes pending records for at most the feed budget; true when some were pushed.
    pub fn feed(&mut self, data: &Data) -> bool {
        if self.pending.is_empty() {
            return false;
        }
        let start = Instant::now();
        while !self.pending.is_empty() && start.elapsed() < FEED_BUDGET {
            for _ in 0..BATCH.min(self.pending.len()) {
                if let Some(rid) = self.pending.pop_front()
                    && let Some(doc) = doc_of(data, rid)
                {
                    self.index.upsert(doc);
                }
            }
        }
        self.stale = true;
        true
    }

    /// Re-indexes records touched by the change log (removed when gone).
    pub fn touch(&mut self, data: &Data, rids: impl IntoIterator<Item = RecordId>) {
        self.stale = true;
        for rid in rids {
            if !matches!(
                rid.kind,
                Kind::Contact | Kind::Company | Kind::Deal | Kind::Task
            ) {
                continue;
            }
            match doc_of(data, rid) {
                Some(doc) => self.index.upsert(doc),
                None => self.index.remove(rid),
            }
            if rid.kind == Kind::Company {
                // The company name is part of its contacts', deals' and tasks' documents.
                let linked: Vec<RecordId> = data
                    .contacts
                    .values()
                    .filter(|c| c.company == Some(rid.id))
                    .map(|c| RecordId::new(Kind::Contact, c.id))
                    .chain(
                        data.deals
                            .values()
                            .filter(|d| d.company == Some(rid.id))
                            .map(|d| RecordId::new(Kind::Deal, d.id)),
                    )
                    .chain(
                        data.tasks
                            .values()
                            .filter(|t| t.link == Some(rid))
                            .map(|t| RecordId::new(Kind::Task, t.id)),
                    )
                    .collect();
                for r in linked {
                    if let Some(doc) = doc_of(data, r) {
                        self.index.upsert(doc);
                    }
                }
            }
        }
    }

    /// Applies the picker's query if it changed, lets the matcher run for up to `ms`,
    /// and refreshes the picker's rows; true when the rows or progress changed.
    pub fn step(&mut self, picker: &mut Picker, data: &Data, limit: usize, ms: u64) -> bool {
        let progress = self.progress();
        // A picker just opened has shown nothing yet: give it its query and rows.
        let fresh = picker.indexed == (0, 0);
        if picker.generation != self.applied || fresh {
            self.index.set_query(&picker.query);
            self.applied = picker.generation;
            self.stale = true;
        }
        let was_running = self.running;
        self.running = self.index.tick(ms);
        if !self.stale && !was_running && !self.running {
            return false;
        }
        self.stale = false;
        let rows = rows_for(data, &self.index.top(limit.max(1)), &picker.query);
        let changed = rows != picker.rows || progress != picker.indexed;
        if changed {
            picker.set_rows(rows);
            picker.indexed = progress;
        }
        changed || was_running
    }

    /// Lets the matcher work without a picker open (keeps `busy` honest); a picker
    /// opened later builds its rows anyway.
    pub fn idle_tick(&mut self) {
        self.running = self.index.tick(0);
        self.stale = false;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds_cycle_and_bad_queries_keep_the_last_good_one() {
        let mut p = Picker::new();
        p.input = Input::new("jane".into());
        p.reparse();
        let good = p.query.clone();
        p.input = Input::new("jane %colour".into());
        p.reparse();
        assert!(p.error.as_deref().is_some_and(|e| e.contains("colour")));
        assert_eq!(p.query, good);
        for k in KINDS.iter().skip(1) {
            p.cycle_kind();
            assert_eq!(p.kind, *k);
        }
        p.cycle_kind();
        assert_eq!(p.kind, None);
    }
}
