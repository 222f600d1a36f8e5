//! The kanban's state: the chosen pipeline, its open-stage columns — each a window of
//! its deals in card order (longest in the stage first) with the stage's count and
//! totals from the aggregates — and the selected card. The app fills the windows
//! ([`super::fetch`]); the selection follows the selected deal across refreshes.

use std::cell::Cell;

use crate::model::{Currency, Stage};

/// Cards a column loads beyond its selected one.
pub const MARGIN: usize = 24;

/// One stage column.
#[derive(Debug, Clone, Default)]
pub struct Column {
    /// The stage.
    pub stage: Stage,
    /// The first deals in card order (a window; `count` says how many there are).
    pub deals: Vec<u64>,
    /// How many deals the column holds (after the owner and `/` filters).
    pub count: usize,
    /// Total value per currency, largest first.
    pub total: Vec<(Currency, i64)>,
    /// Probability-weighted value per currency, in the order of `total`.
    pub weighted: Vec<(Currency, i64)>,
}

/// The kanban state.
#[derive(Debug, Clone, Default)]
pub struct Board {
    /// The pipeline shown.
    pub pipeline: u64,
    /// Its name.
    pub pipeline_name: String,
    /// The open stages with their deals.
    pub columns: Vec<Column>,
    /// The selected column.
    pub col: usize,
    /// The selected row in each column.
    pub rows: Vec<usize>,
    /// The selected deal (kept across refreshes).
    pub selected: Option<u64>,
    /// The first column drawn (sideways scrolling), adjusted while drawing.
    pub scroll: Cell<usize>,
    /// The windows must be read again (data, pipeline, owner or filter changed).
    pub stale: bool,
    /// A deal to select once the windows are read (a jump, a new deal), wherever it
    /// stands in its column.
    pub focus: Option<u64>,
    /// Where the focused deal stands: (stage, row), applied when the windows are read.
    pub pending_row: Option<(u32, usize)>,
}

impl Board {
    /// Sets the columns read by the app and puts the selection back on the selected
    /// deal when it is still shown.
    pub fn fill(&mut self, pipeline: u64, name: String, columns: Vec<Column>) {
        self.pipeline = pipeline;
        self.pipeline_name = name;
        self.columns = columns;
        self.rows.resize(self.columns.len(), 0);
        self.stale = false;
        if let Some(sel) = self.selected
            && let Some((c, r)) = self.find(sel)
        {
            self.col = c;
            self.rows[c] = r;
        }
        self.clamp();
    }

    /// How many cards column `c` must load to show its selected row with a margin.
    pub fn wanted(&self, c: usize) -> usize {
        self.rows.get(c).copied().unwrap_or(0) + MARGIN
    }

    /// Whether a column's selection is near the end of what it loaded while more exist.
    pub fn needs_more(&self) -> bool {
        self.columns.iter().enumerate().any(|(c, col)| {
            col.deals.len() < col.count
                && self.rows.get(c).copied().unwrap_or(0) + 8 >= col.deals.len()
        })
    }

    fn find(&self, deal: u64) -> Option<(usize, usize)> {
        self.columns
            .iter()
            .enumerate()
            .find_map(|(c, col)| col.deals.iter().position(|d| *d == deal).map(|r| (c, r)))
    }

    fn clamp(&mut self) {
        if self.columns.is_empty() {
            self.col = 0;
            self.selected = None;
            return;
        }
        self.col = self.col.min(self.columns.len() - 1);
        for (c, col) in self.columns.iter().enumerate() {
            self.rows[c] = self.rows[c].min(col.count.max(col.deals.len()).saturating_sub(1));
        }
        self.selected = self.columns[self.col]
            .deals
            .get(self.rows[self.col])
            .copied();
    }

    /// The selected deal.
    pub fn selected_deal(&self) -> Option<u64> {
        self.selected
    }

    /// The selected column's stage.
    pub fn stage(&self) -> Option<&Stage> {
        self.columns.get(self.col).map(|c| &c.stage)
    }

    /// Moves the column selection by `delta`.
    pub fn move_col(&mut self, delta: isize) {
        if self.columns.is_empty() {
            return;
        }
        self.col = self
            .col
            .saturating_add_signed(delta)
            .min(self.columns.len() - 1);
        self.clamp();
    }

    /// Moves the card selection by `delta` (clamped), or to an end.
    pub fn move_row(&mut self, delta: isize) {
        if let Some(r) = self.rows.get_mut(self.col) {
            *r = r.saturating_add_signed(delta);
        }
        self.clamp();
    }
}
