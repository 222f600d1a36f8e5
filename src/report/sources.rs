//! Lead-source effectiveness: per source, the leads (contacts) and deals created in the
//! period, the deals won and lost in it, the win rate and the won value per currency.
//! Sources are compared lower-cased; records without one are grouped as "(none)".

use std::collections::BTreeMap;

use serde::Serialize;

use super::money::{self, Amounts};
use super::table::{Cell, Table, first, money_cell, per_currency};
use super::win_rate::source_of;
use super::{Data, Scope, stats};

/// One lead source.
#[derive(Debug, Clone, PartialEq, Serialize, Default)]
pub struct SourceLine {
    /// The source, lower-cased ("(none)" when missing).
    pub source: String,
    /// Contacts created in the period with this source.
    pub leads: usize,
    /// Deals created in the period with this source.
    pub deals: usize,
    /// Deals won in the period.
    pub won: usize,
    /// Deals lost in the period.
    pub lost: usize,
    /// `won / (won + lost)`.
    pub win_rate: Option<f64>,
    /// Value of the deals won, per currency.
    pub won_value_minor: Amounts,
}

/// The sources report.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SourcesReport {
    /// One line per source, by won deals then leads, most first.
    pub sources: Vec<SourceLine>,
    /// How to read the figures.
    pub notes: Vec<String>,
}

fn entry<'a>(lines: &'a mut BTreeMap<String, SourceLine>, s: Option<&str>) -> &'a mut SourceLine {
    let key = source_of(s);
    lines.entry(key.clone()).or_insert_with(|| SourceLine {
        source: key,
        ..SourceLine::default()
    })
}

/// Computes the sources report (the scope was applied when the figures were gathered).
pub fn compute(data: &Data, _scope: &Scope) -> SourcesReport {
    // Labels are already `source_of` the records' sources.
    let facts = &data.sources;
    let mut lines: BTreeMap<String, SourceLine> = BTreeMap::new();
    for (source, n) in &facts.leads {
        entry(&mut lines, Some(source)).leads += n;
    }
    for (source, n) in &facts.deals {
        entry(&mut lines, Some(source)).deals += n;
    }
    for (source, (won, lost, value)) in &facts.closed {
        let l = entry(&mut lines, Some(source));
        l.won += won;
        l.lost += lost;
        money::add_all(&mut l.won_value_minor, value);
    }
    let mut sources: Vec<SourceLine> = lines
        .into_values()
        .map(|mut l| {
            l.win_rate = stats::rate(l.won, l.won + l.lost);
            l
        })
        .collect();
    sources.sort_by(|a, b| b.won.cmp(&a.won).then(b.leads.cmp(&a.leads)));
    SourcesReport {
        sources,
        notes: vec![
            "leads and deals: created in the period; won, lost and win rate: closed in the period"
                .into(),
            money::CURRENCY_NOTE.into(),
        ],
    }
}

impl SourcesReport {
    /// A row per source and currency of won value.
    pub fn tables(&self) -> Vec<Table> {
        let mut t = Table::new(
            "sources",
            "Lead sources",
            vec![
                "SOURCE",
                "LEADS",
                "DEALS",
                "WON",
                "LOST",
                "WIN RATE",
                "WON VALUE",
            ],
        );
        for s in &self.sources {
            t.rows
                .extend(per_currency(s.won_value_minor.keys(), |c, one| {
                    vec![
                        Cell::text(&s.source),
                        first(one, Cell::Count(s.leads)),
                        first(one, Cell::Count(s.deals)),
                        first(one, Cell::Count(s.won)),
                        first(one, Cell::Count(s.lost)),
                        first(one, Cell::Rate(s.win_rate)),
                        money_cell(&s.won_value_minor, c),
                    ]
                }));
        }
        vec![t]
    }
}
