//! The kanban's state: the chosen pipeline, its open-stage columns with their deals and
//! totals, and the selected card. Rebuilt cheaply (one pass over the deals) when deals
//! change; the selection follows the selected deal across columns.

use std::cell::Cell;
use std::collections::BTreeMap;

use super::data::Data;
use crate::model::{Currency, DealStatus, Stage};

/// One stage column.
#[derive(Debug, Clone, Default)]
pub struct Column {
    /// The stage.
    pub stage: Stage,
    /// Deal ids, longest in stage first.
    pub deals: Vec<u64>,
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
    /// The selected deal (kept across rebuilds).
    pub selected: Option<u64>,
    /// The first column drawn (sideways scrolling), adjusted while drawing.
    pub scroll: Cell<usize>,
}

impl Board {
    /// Rebuilds the columns from the deals; `owner` keeps only that owner's deals.
    pub fn rebuild(&mut self, data: &Data, owner: Option<&str>) {
        let pipeline = data
            .pipelines
            .iter()
            .find(|p| p.id == self.pipeline)
            .or_else(|| data.pipelines.first());
        let Some(pipeline) = pipeline else {
            self.columns.clear();
            self.rows.clear();
            return;
        };
        self.pipeline = pipeline.id;
        self.pipeline_name = pipeline.name.clone();
        let stages: Vec<Stage> = pipeline.open_stages().cloned().collect();
        let mut columns: Vec<Column> = stages
            .iter()
            .map(|s| Column {
                stage: s.clone(),
                ..Column::default()
            })
            .collect();
        let mut totals: Vec<BTreeMap<Currency, (i64, i64)>> = vec![BTreeMap::new(); columns.len()];
        for d in data.deals.values() {
            if d.pipeline != pipeline.id || d.status != DealStatus::Open {
                continue;
            }
            if owner.is_some_and(|o| d.owner != o) {
                continue;
            }
            let Some(i) = stages.iter().position(|s| s.id == d.stage) else {
                continue;
            };
            columns[i].deals.push(d.id);
            let p = d.probability.unwrap_or(stages[i].probability);
            let t = totals[i].entry(d.currency).or_default();
            t.0 = t.0.saturating_add(d.value);
            t.1 =
                t.1.saturating_add(d.value.saturating_mul(i64::from(p)) / 100);
        }
        for (c, t) in columns.iter_mut().zip(totals) {
            c.deals
                .sort_by_key(|id| data.deals.get(id).map(|d| (d.stage_entered(), d.id)));
            let mut t: Vec<(Currency, (i64, i64))> = t.into_iter().collect();
            t.sort_by_key(|(_, (v, _))| std::cmp::Reverse(*v));
            c.total = t.iter().map(|(cur, (v, _))| (*cur, *v)).collect();
            c.weighted = t.iter().map(|(cur, (_, w))| (*cur, *w)).collect();
        }
        self.columns = columns;
        self.rows.resize(self.columns.len(), 0);
        if let Some(sel) = self.selected
            && let Some((c, r)) = self.find(sel)
        {
            self.col = c;
            self.rows[c] = r;
        }
        self.clamp();
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
            self.rows[c] = self.rows[c].min(col.deals.len().saturating_sub(1));
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
