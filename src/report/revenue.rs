//! Revenue: the value of deals won per period and currency; and for recurring deals,
//! MRR, ARR and net new MRR per month. A subscription counts from the month its deal was
//! won; rolo records no cancellations, so MRR never falls and net new MRR equals new
//! MRR — the notes say so.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use serde::Serialize;

use super::money::{self, round_div};
use super::scope::{Period, local_day};
use super::table::{Cell, Table};
use super::{Data, Scope};
use crate::model::{Currency, DealStatus, RecurringPeriod};

/// Deals won in one period, in one currency.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct WonLine {
    /// The close period ("2026-11").
    pub period: String,
    /// The currency.
    pub currency: Currency,
    /// Deals won.
    pub deals: usize,
    /// Their value (the one-off value; recurring amounts are in `mrr`).
    pub value_minor: i64,
}

/// Recurring revenue at the end of one month, in one currency.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MrrLine {
    /// The month ("2026-11").
    pub month: String,
    /// The currency.
    pub currency: Currency,
    /// Monthly recurring revenue (yearly amounts / 12).
    pub mrr_minor: i64,
    /// MRR × 12.
    pub arr_minor: i64,
    /// MRR added by deals won this month.
    pub new_mrr_minor: i64,
    /// MRR now minus MRR a month before.
    pub net_new_mrr_minor: i64,
}

/// The revenue report.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RevenueReport {
    /// Won value per period and currency, in time order.
    pub won: Vec<WonLine>,
    /// MRR per month and currency, in time order.
    pub mrr: Vec<MrrLine>,
    /// How to read the figures.
    pub notes: Vec<String>,
}

/// Computes the revenue report.
pub fn compute(data: &Data, scope: &Scope) -> RevenueReport {
    let mut won: BTreeMap<(NaiveDate, Currency), WonLine> = BTreeMap::new();
    // Twelfths of a minor unit per month: exact for yearly amounts until rounded.
    let mut new_mrr: BTreeMap<(NaiveDate, Currency), i128> = BTreeMap::new();
    for d in data
        .deals
        .iter()
        .filter(|d| d.status == DealStatus::Won && scope.deal(d))
    {
        let Some(closed) = d.closed_at else { continue };
        let day = local_day(closed);
        if scope.contains(closed) {
            let line = won
                .entry((scope.by.start(day), d.currency))
                .or_insert_with(|| WonLine {
                    period: scope.by.label(day),
                    currency: d.currency,
                    deals: 0,
                    value_minor: 0,
                });
            line.deals += 1;
            line.value_minor = line.value_minor.saturating_add(d.value);
        }
        if let Some(r) = d.recurring.filter(|r| r.amount > 0) {
            let twelfths = match r.period {
                RecurringPeriod::Monthly => i128::from(r.amount) * 12,
                RecurringPeriod::Yearly => i128::from(r.amount),
            };
            *new_mrr
                .entry((Period::Month.start(day), d.currency))
                .or_default() += twelfths;
        }
    }
    RevenueReport {
        won: won.into_values().collect(),
        mrr: mrr_lines(&new_mrr, scope, data.today),
        notes: vec![
            "won value: deals won in the period, by close date".into(),
            "MRR: recurring amounts of won deals (yearly / 12) from the month they were won; rolo records no cancellations, so net new MRR = new MRR".into(),
            money::CURRENCY_NOTE.into(),
        ],
    }
}

// Months from the period's start (else the first subscription) to its end (else this
// month), with MRR carried forward from every earlier month.
fn mrr_lines(
    new_mrr: &BTreeMap<(NaiveDate, Currency), i128>,
    scope: &Scope,
    today: NaiveDate,
) -> Vec<MrrLine> {
    let Some(first) = new_mrr.keys().map(|(m, _)| *m).min() else {
        return Vec::new();
    };
    let start = Period::Month.start(scope.since.unwrap_or(first));
    let end = Period::Month.start(scope.until.unwrap_or(today));
    let currencies: Vec<Currency> = {
        let mut c: Vec<Currency> = new_mrr.keys().map(|(_, c)| *c).collect();
        c.sort();
        c.dedup();
        c
    };
    let mut out = Vec::new();
    for c in currencies {
        let before = |m: NaiveDate| -> i128 {
            new_mrr
                .iter()
                .filter(|((month, cur), _)| *cur == c && *month < m)
                .map(|(_, v)| v)
                .sum()
        };
        let mut running = before(start);
        let mut month = start;
        while month <= end {
            let added = new_mrr.get(&(month, c)).copied().unwrap_or(0);
            let prev = round_div(running, 12);
            running += added;
            let mrr = round_div(running, 12);
            if running > 0 {
                out.push(MrrLine {
                    month: Period::Month.label(month),
                    currency: c,
                    mrr_minor: mrr,
                    arr_minor: mrr.saturating_mul(12),
                    new_mrr_minor: round_div(added, 12),
                    net_new_mrr_minor: mrr - prev,
                });
            }
            let next = Period::Month.next(month);
            if next <= month {
                break;
            }
            month = next;
        }
    }
    out.sort_by(|a, b| a.month.cmp(&b.month).then(a.currency.cmp(&b.currency)));
    out
}

impl RevenueReport {
    /// Won value by period, then MRR by month.
    pub fn tables(&self) -> Vec<Table> {
        let mut w = Table::new(
            "won",
            "Won value by period",
            vec!["PERIOD", "CURRENCY", "DEALS", "WON VALUE"],
        );
        for l in &self.won {
            w.push(vec![
                Cell::text(&l.period),
                Cell::text(l.currency.code()),
                Cell::Count(l.deals),
                Cell::Money(l.value_minor, l.currency),
            ]);
        }
        let mut m = Table::new(
            "mrr",
            "Recurring revenue by month",
            vec!["MONTH", "CURRENCY", "MRR", "ARR", "NEW MRR", "NET NEW MRR"],
        );
        for l in &self.mrr {
            m.push(vec![
                Cell::text(&l.month),
                Cell::text(l.currency.code()),
                Cell::Money(l.mrr_minor, l.currency),
                Cell::Money(l.arr_minor, l.currency),
                Cell::Money(l.new_mrr_minor, l.currency),
                Cell::Money(l.net_new_mrr_minor, l.currency),
            ]);
        }
        vec![w, m]
    }
}
