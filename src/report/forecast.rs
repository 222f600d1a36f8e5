//! The forecast: expected revenue from open deals by expected close period, weighted
//! two ways side by side: by stage probability (the deal's own when set), and by the
//! historical rate at which deals that entered the same stage went on to be won (from
//! the deals' stage history), with the number of closed deals behind each rate.

use std::collections::{BTreeMap, HashMap};

use chrono::NaiveDate;
use serde::Serialize;

use super::money::{self, round_div};
use super::table::{Cell, Table};
use super::{Data, Scope, stats};
use crate::model::{Currency, DealStatus};

/// The historical win rate of one stage.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct StageRate {
    /// Pipeline id.
    pub pipeline_id: u64,
    /// Pipeline name.
    pub pipeline: String,
    /// Stage id.
    pub stage_id: u32,
    /// Stage name.
    pub stage: String,
    /// The stage's configured probability, 0–100.
    pub probability: u8,
    /// Closed deals (won or lost) that were ever in this stage: the rate's sample.
    pub closed: usize,
    /// How many of them were won.
    pub won: usize,
    /// `won / closed`; none when no closed deal was ever in the stage.
    pub rate: Option<f64>,
}

/// Expected revenue closing in one period, in one currency.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ForecastLine {
    /// The close period ("2026-12"); none for deals with no expected close date.
    pub period: Option<String>,
    /// The currency of the amounts.
    pub currency: Currency,
    /// Open deals expected to close then.
    pub deals: usize,
    /// Their full value.
    pub value_minor: i64,
    /// Value × stage probability (or the deal's own).
    pub weighted_stage_minor: i64,
    /// Value × the stage's historical win rate.
    pub weighted_history_minor: i64,
    /// Deals whose stage has no closed deals to learn a rate from (left out of
    /// `weighted_history_minor`).
    pub deals_without_history: usize,
    /// The smallest sample behind any historical rate used on this line.
    pub history_min_sample: Option<usize>,
    /// The deals, for drilling down (not in JSON).
    #[serde(skip)]
    pub deal_ids: Vec<u64>,
}

/// The forecast report.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ForecastReport {
    /// One line per close period and currency, in time order, undated last.
    pub periods: Vec<ForecastLine>,
    /// The historical rate of every open stage in scope.
    pub stage_rates: Vec<StageRate>,
    /// How to read the figures.
    pub notes: Vec<String>,
}

/// Historical stage-to-won rates: (pipeline, stage) → (closed, won), over closed deals
/// in scope (owner and pipeline; any close date).
pub fn stage_history(data: &Data, scope: &Scope) -> HashMap<(u64, u32), (usize, usize)> {
    let mut out: HashMap<(u64, u32), (usize, usize)> = HashMap::new();
    for d in data
        .deals
        .iter()
        .filter(|d| d.status != DealStatus::Open && scope.deal(d))
    {
        let mut seen: Vec<u32> = Vec::with_capacity(d.history.len());
        for h in &d.history {
            if seen.contains(&h.stage) {
                continue;
            }
            seen.push(h.stage);
            let e = out.entry((d.pipeline, h.stage)).or_default();
            e.0 += 1;
            if d.status == DealStatus::Won {
                e.1 += 1;
            }
        }
    }
    out
}

/// Computes the forecast.
pub fn compute(data: &Data, scope: &Scope) -> ForecastReport {
    let history = stage_history(data, scope);
    let rate_of = |p: u64, s: u32| {
        history
            .get(&(p, s))
            .map(|(closed, won)| (*won as f64 / *closed as f64, *closed))
    };
    // Keyed by (undated?, period start, currency) so lines sort in time order.
    type Acc = (ForecastLine, i128, f64);
    let mut lines: BTreeMap<(bool, NaiveDate, Currency), Acc> = BTreeMap::new();
    for d in data.deals.iter().filter(|d| {
        d.status == DealStatus::Open
            && scope.deal(d)
            && match d.close_date {
                Some(day) => scope.contains_day(day),
                None => scope.since.is_none() && scope.until.is_none(),
            }
    }) {
        let start = d.close_date.map(|c| scope.by.start(c)).unwrap_or_default();
        let (line, stage_sum, history_sum) = lines
            .entry((d.close_date.is_none(), start, d.currency))
            .or_insert_with(|| {
                let line = ForecastLine {
                    period: d.close_date.map(|c| scope.by.label(c)),
                    currency: d.currency,
                    deals: 0,
                    value_minor: 0,
                    weighted_stage_minor: 0,
                    weighted_history_minor: 0,
                    deals_without_history: 0,
                    history_min_sample: None,
                    deal_ids: Vec::new(),
                };
                (line, 0, 0.0)
            });
        let pct = d.probability.unwrap_or_else(|| {
            data.pipeline(d.pipeline)
                .and_then(|p| p.stage(d.stage))
                .map(|s| s.probability)
                .unwrap_or(0)
        });
        line.deals += 1;
        line.deal_ids.push(d.id);
        line.value_minor = line.value_minor.saturating_add(d.value);
        *stage_sum += i128::from(d.value) * i128::from(pct);
        match rate_of(d.pipeline, d.stage) {
            Some((rate, sample)) => {
                *history_sum += d.value as f64 * rate;
                line.history_min_sample =
                    Some(line.history_min_sample.map_or(sample, |m| m.min(sample)));
            }
            None => line.deals_without_history += 1,
        }
    }
    let periods = lines
        .into_values()
        .map(|(mut line, stage_sum, history_sum)| {
            line.weighted_stage_minor = round_div(stage_sum, 100);
            line.weighted_history_minor = history_sum.round() as i64;
            line
        })
        .collect();
    let mut stage_rates = Vec::new();
    for p in data.pipelines_in(scope) {
        for s in p.open_stages() {
            let (closed, won) = history.get(&(p.id, s.id)).copied().unwrap_or((0, 0));
            stage_rates.push(StageRate {
                pipeline_id: p.id,
                pipeline: p.name.clone(),
                stage_id: s.id,
                stage: s.name.clone(),
                probability: s.probability,
                closed,
                won,
                rate: stats::rate(won, closed),
            });
        }
    }
    ForecastReport {
        periods,
        stage_rates,
        notes: vec![
            "open deals by expected close date; --since/--until select close dates (undated deals only without them)".into(),
            "historical rate of a stage = won / closed among closed deals that were ever in it (any close date, same owner and pipeline filters)".into(),
            money::CURRENCY_NOTE.into(),
        ],
    }
}

impl ForecastReport {
    /// The forecast by period, then the stage rates behind it.
    pub fn tables(&self) -> Vec<Table> {
        let mut t = Table::new(
            "periods",
            "Expected revenue by close period",
            vec![
                "PERIOD",
                "CURRENCY",
                "DEALS",
                "VALUE",
                "BY STAGE %",
                "BY HISTORY",
                "NO HISTORY",
                "MIN SAMPLE",
            ],
        );
        for l in &self.periods {
            t.push(vec![
                Cell::text(l.period.clone().unwrap_or_else(|| "no date".into())),
                Cell::text(l.currency.code()),
                Cell::Count(l.deals),
                Cell::Money(l.value_minor, l.currency),
                Cell::Money(l.weighted_stage_minor, l.currency),
                Cell::Money(l.weighted_history_minor, l.currency),
                Cell::Count(l.deals_without_history),
                l.history_min_sample
                    .map(Cell::Count)
                    .unwrap_or(Cell::Number(None)),
            ]);
        }
        let mut r = Table::new(
            "rates",
            "Historical stage → won rates",
            vec!["PIPELINE", "STAGE", "STAGE %", "CLOSED", "WON", "RATE"],
        );
        for s in &self.stage_rates {
            r.push(vec![
                Cell::text(&s.pipeline),
                Cell::text(&s.stage),
                Cell::Rate(Some(f64::from(s.probability) / 100.0)),
                Cell::Count(s.closed),
                Cell::Count(s.won),
                Cell::Rate(s.rate),
            ]);
        }
        vec![t, r]
    }
}
