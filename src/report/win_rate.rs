//! The win rate: won / (won + lost) among deals closed in the period, overall, by owner,
//! by lead source, by pipeline and by close period; and the reasons deals were lost,
//! most frequent first.

use std::collections::BTreeMap;

use serde::Serialize;

use super::table::{Cell, Table};
use super::{Data, Scope, stats};
use crate::model::{Deal, DealStatus};

/// Won and lost counts for one group.
#[derive(Debug, Clone, PartialEq, Serialize, Default)]
pub struct Rate {
    /// The group: an owner, a source, a pipeline, a period; "all" overall.
    pub key: String,
    /// Deals won.
    pub won: usize,
    /// Deals lost.
    pub lost: usize,
    /// `won / (won + lost)`; none when nothing closed.
    pub rate: Option<f64>,
}

/// How often one lost reason was given.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct LostReason {
    /// The reason as typed ("(none)" when none was given).
    pub reason: String,
    /// Deals lost for it.
    pub count: usize,
    /// Its share of all lost deals.
    pub share: Option<f64>,
}

/// The win-rate report.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct WinRateReport {
    /// Every deal closed in the period.
    pub overall: Rate,
    /// By deal owner, by name.
    pub by_owner: Vec<Rate>,
    /// By lead source ("(none)" for deals without one), by name.
    pub by_source: Vec<Rate>,
    /// By pipeline, by name.
    pub by_pipeline: Vec<Rate>,
    /// By close period, in time order.
    pub by_period: Vec<Rate>,
    /// Lost reasons, most frequent first.
    pub lost_reasons: Vec<LostReason>,
    /// How to read the figures.
    pub notes: Vec<String>,
}

/// Tallies won and lost per key.
#[derive(Default)]
struct Tally(BTreeMap<String, (usize, usize)>);

impl Tally {
    fn add(&mut self, key: String, won: bool) {
        let e = self.0.entry(key).or_default();
        if won {
            e.0 += 1;
        } else {
            e.1 += 1;
        }
    }

    fn rates(self) -> Vec<Rate> {
        self.0
            .into_iter()
            .map(|(key, (won, lost))| rate(key, won, lost))
            .collect()
    }
}

fn rate(key: String, won: usize, lost: usize) -> Rate {
    Rate {
        key,
        won,
        lost,
        rate: stats::rate(won, won + lost),
    }
}

/// The deals in scope closed (won or lost) in the period.
pub fn closed_in<'a>(data: &'a Data, scope: &'a Scope) -> impl Iterator<Item = &'a Deal> {
    data.deals.iter().filter(|d| {
        d.status != DealStatus::Open
            && scope.deal(d)
            && scope.contains(d.closed_at.unwrap_or(d.updated))
    })
}

/// The label of a deal's lead source.
pub fn source_of(source: Option<&str>) -> String {
    source
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_lowercase)
        .unwrap_or_else(|| "(none)".into())
}

/// Computes the win-rate report.
pub fn compute(data: &Data, scope: &Scope) -> WinRateReport {
    let (mut owners, mut sources, mut pipelines) =
        (Tally::default(), Tally::default(), Tally::default());
    let mut periods: BTreeMap<chrono::NaiveDate, (String, usize, usize)> = BTreeMap::new();
    let mut reasons: BTreeMap<String, usize> = BTreeMap::new();
    let (mut won, mut lost) = (0, 0);
    for d in closed_in(data, scope) {
        let w = d.status == DealStatus::Won;
        if w {
            won += 1;
        } else {
            lost += 1;
            let reason = d
                .lost_reason
                .as_deref()
                .map(str::trim)
                .filter(|r| !r.is_empty())
                .unwrap_or("(none)");
            *reasons.entry(reason.to_string()).or_default() += 1;
        }
        owners.add(d.owner.clone(), w);
        sources.add(source_of(d.source.as_deref()), w);
        pipelines.add(data.pipeline_name(d.pipeline), w);
        let day = super::scope::local_day(d.closed_at.unwrap_or(d.updated));
        let e = periods
            .entry(scope.by.start(day))
            .or_insert_with(|| (scope.by.label(day), 0, 0));
        if w {
            e.1 += 1;
        } else {
            e.2 += 1;
        }
    }
    let mut lost_reasons: Vec<LostReason> = reasons
        .into_iter()
        .map(|(reason, count)| LostReason {
            reason,
            count,
            share: stats::rate(count, lost),
        })
        .collect();
    // Most frequent first; ties by name (the map's order), so output is stable.
    lost_reasons.sort_by_key(|r| std::cmp::Reverse(r.count));
    WinRateReport {
        overall: rate("all".into(), won, lost),
        by_owner: owners.rates(),
        by_source: sources.rates(),
        by_pipeline: pipelines.rates(),
        by_period: periods
            .into_values()
            .map(|(key, w, l)| rate(key, w, l))
            .collect(),
        lost_reasons,
        notes: vec![
            "deals closed (won or lost) in the period, by their close date".into(),
            "sources are compared lower-cased".into(),
        ],
    }
}

impl WinRateReport {
    /// One table of every grouping (GROUP says which), then the lost reasons.
    pub fn tables(&self) -> Vec<Table> {
        let mut t = Table::new(
            "rates",
            "Win rate",
            vec!["GROUP", "KEY", "WON", "LOST", "WIN RATE"],
        );
        let groups: [(&str, &[Rate]); 5] = [
            ("overall", std::slice::from_ref(&self.overall)),
            ("owner", &self.by_owner),
            ("source", &self.by_source),
            ("pipeline", &self.by_pipeline),
            ("period", &self.by_period),
        ];
        for (group, rates) in groups {
            for r in rates {
                t.push(vec![
                    Cell::text(group),
                    Cell::text(&r.key),
                    Cell::Count(r.won),
                    Cell::Count(r.lost),
                    Cell::Rate(r.rate),
                ]);
            }
        }
        let mut l = Table::new("lost", "Lost reasons", vec!["REASON", "DEALS", "SHARE"]);
        for r in &self.lost_reasons {
            l.push(vec![
                Cell::text(&r.reason),
                Cell::Count(r.count),
                Cell::Rate(r.share),
            ]);
        }
        vec![t, l]
    }
}
