//! Jump anywhere: the picker layer's state ([`Picker`]: the typed query, the kind
//! narrowing, the visible result rows) and the search behind it and the `/` filters
//! ([`JumpIndex`], kept in the app). The index loads on a worker thread after the first
//! frame and is kept current from the change log; only the visible rows are read from
//! the store and highlighted.

use std::collections::HashMap;
use std::sync::Arc;
use std::time::Duration;

use nucleo::{Config, Matcher};
use tui_input::Input;

use super::action::Screen;
use super::data::Data;
use crate::model::{Kind, Record, RecordId};
use crate::search::query::{self, Query};
use crate::search::service::{Reply, SearchService};
use crate::search::{Field, Finder, Parts, fold};
use crate::store::Store;

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
                Some(l) => format!("{due} · {}", data.label_or_read(l)),
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

/// What a search was asked for.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Purpose {
    /// The picker's rows (its query generation).
    Picker(u64),
    /// A screen's `/` filter with this text: every match.
    Filter(Screen, String),
}

/// An answer the app applies.
#[derive(Debug, Clone)]
pub enum Answer {
    /// The picker's best matches.
    Picker(u64, Vec<RecordId>),
    /// Every match of a screen's filter text, best first.
    Filter(Screen, String, Vec<RecordId>),
}

/// The jump picker's and the `/` filters' search: the store's search table held by a
/// worker thread ([`SearchService`]), loaded after the first frame and kept current
/// from the change log. Asking never blocks; answers are collected by [`JumpIndex::poll`].
pub struct JumpIndex {
    service: SearchService,
    asked: HashMap<u64, Purpose>,
    next_id: u64,
    /// The picker generation whose rows are on screen (0: none, or out of date).
    picker_shown: u64,
}

impl JumpIndex {
    /// Starts the worker, which loads the search table from `store`.
    pub fn new(store: Arc<Store>) -> JumpIndex {
        JumpIndex {
            service: SearchService::start(store),
            asked: HashMap::new(),
            next_id: 1,
            picker_shown: 0,
        }
    }

    /// Starts loading the table (the app calls this once the first frame is drawn).
    pub fn warm(&self) {
        self.service.load();
    }

    /// Reloads the whole table (after a bulk change).
    pub fn reset(&mut self) {
        self.service.reload();
        self.picker_shown = 0;
    }

    /// Whether the table is still loading or a question is unanswered.
    pub fn busy(&self) -> bool {
        self.service.loaded.is_none() || !self.asked.is_empty()
    }

    /// Whether a question is unanswered.
    pub fn asking(&self) -> bool {
        !self.asked.is_empty()
    }

    /// (records indexed, bytes held) once loaded.
    pub fn loaded(&self) -> Option<(usize, usize)> {
        self.service.loaded
    }

    /// Re-indexes records touched by the change log (removed when gone).
    pub fn touch(&mut self, changes: impl IntoIterator<Item = (RecordId, Option<Record>)>) {
        for (rid, after) in changes {
            if !matches!(
                rid.kind,
                Kind::Contact | Kind::Company | Kind::Deal | Kind::Task | Kind::Ticket
            ) {
                continue;
            }
            let text = after.as_ref().and_then(Parts::of).map(|p| p.encode());
            self.service.upsert(rid, text);
        }
        // The rows on screen may be out of date: ask again.
        self.picker_shown = 0;
    }

    fn ask(&mut self, purpose: Purpose, query: Query, limit: Option<usize>) {
        let id = self.next_id;
        self.next_id += 1;
        // A newer question of the same kind replaces the older (the worker answers only
        // the newest it has waiting).
        self.asked.retain(|_, p| match (&*p, &purpose) {
            (Purpose::Picker(_), Purpose::Picker(_)) => false,
            (Purpose::Filter(a, _), Purpose::Filter(b, _)) => a != b,
            _ => true,
        });
        self.asked.insert(id, purpose);
        self.service.query(id, query, limit);
    }

    /// Asks for the picker's rows unless they are on screen or asked for already.
    pub fn ask_picker(&mut self, picker: &Picker, limit: usize) {
        let pending = self
            .asked
            .values()
            .any(|p| *p == Purpose::Picker(picker.generation));
        // A picker just opened has shown nothing yet, whatever its generation.
        let fresh = picker.indexed == (0, 0);
        if (fresh || picker.generation != self.picker_shown) && !pending {
            self.ask(
                Purpose::Picker(picker.generation),
                picker.query.clone(),
                Some(limit),
            );
        }
    }

    /// Asks for every match of a screen's filter (`kind` records only).
    pub fn ask_filter(&mut self, screen: Screen, text: &str, kind: Kind) {
        let purpose = Purpose::Filter(screen, text.to_string());
        if self.asked.values().any(|p| *p == purpose) {
            return;
        }
        let Ok(mut q) = query::parse(text) else {
            return;
        };
        q.kind = Some(kind);
        self.ask(purpose, q, None);
    }

    /// Notes that the rows of picker generation `generation` are on screen.
    pub fn shown(&mut self, generation: u64) {
        self.picker_shown = generation;
    }

    /// Collects the answers that arrived; waits up to `wait` for the first one when
    /// questions are open.
    pub fn poll(&mut self, wait: Duration) -> Vec<Answer> {
        let mut out = Vec::new();
        let mut first = !wait.is_zero() && self.busy();
        loop {
            let reply = if first {
                first = false;
                self.service.wait_reply(wait)
            } else {
                self.service.try_reply()
            };
            let Some(reply) = reply else { break };
            match reply {
                Reply::Results { id, hits } => {
                    let rids = hits.into_iter().map(|h| h.rid).collect();
                    match self.asked.remove(&id) {
                        Some(Purpose::Picker(g)) => out.push(Answer::Picker(g, rids)),
                        Some(Purpose::Filter(s, t)) => out.push(Answer::Filter(s, t, rids)),
                        None => {}
                    }
                }
                Reply::Loaded(..) => self.picker_shown = 0,
                Reply::Failed(_) => {
                    self.asked.clear();
                }
            }
        }
        out
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
