//! Reports: metrics computed over loaded records — pipeline by stage, forecast, win
//! rate, velocity, funnel, activity per rep, revenue, lead sources and data hygiene.
//! Each report is a pure function from [`Data`] and a [`Scope`] to a plain
//! `Serialize` struct that the CLI prints (table, JSON, CSV) and the TUI charts; this
//! module prints nothing and knows nothing of ratatui or crossterm. Money is summed per
//! currency, never across currencies.
//!
//! Reading goes through [`load`], which reads only what the chosen report needs: deals
//! decoded partially ([`read`]), and for the activity, sources and hygiene reports the
//! figures the store keeps for them ([`gather`], [`days`]), so no report decodes every
//! contact or every activity of its period.

pub mod activity;
pub mod days;
pub mod duplicates;
pub mod forecast;
pub mod funnel;
pub mod gather;
pub mod hygiene;
pub mod ids;
pub mod load;
pub mod money;
pub mod pipeline;
pub mod read;
pub mod revenue;
pub mod scope;
pub mod sources;
pub mod stats;
pub mod table;
pub mod tickets;
pub mod velocity;
pub mod win_rate;

use std::fmt;
use std::str::FromStr;

use serde::Serialize;

pub use load::{Data, Needs, load};
pub use money::Amounts;
pub use scope::{Period, Scope};
pub use table::{Cell, Table};

use crate::error::{Error, Result};
use crate::model::Instant;
use crate::store::Queries;

/// The reports rolo knows, by their command-line name.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ReportName {
    /// Open deals by stage.
    Pipeline,
    /// Expected revenue by close period.
    Forecast,
    /// Won / (won + lost), by owner, source, pipeline and period.
    WinRate,
    /// Sales-cycle length and time in stage.
    Velocity,
    /// Stage-to-stage conversion.
    Funnel,
    /// Activity, tasks and response time per rep.
    Activity,
    /// Won value by period; MRR and ARR.
    Revenue,
    /// Lead-source effectiveness.
    Sources,
    /// Decay signals and duplicate candidates.
    Hygiene,
    /// Service desk: SLA achievement, first reply, backlog, reopen and one-touch rates.
    Tickets,
}

impl ReportName {
    /// Every report, in the order `rolo report --help` lists them.
    pub const ALL: [ReportName; 10] = [
        ReportName::Pipeline,
        ReportName::Forecast,
        ReportName::WinRate,
        ReportName::Velocity,
        ReportName::Funnel,
        ReportName::Activity,
        ReportName::Revenue,
        ReportName::Sources,
        ReportName::Hygiene,
        ReportName::Tickets,
    ];

    /// The command-line name ("win-rate").
    pub fn as_str(self) -> &'static str {
        match self {
            ReportName::Pipeline => "pipeline",
            ReportName::Forecast => "forecast",
            ReportName::WinRate => "win-rate",
            ReportName::Velocity => "velocity",
            ReportName::Funnel => "funnel",
            ReportName::Activity => "activity",
            ReportName::Revenue => "revenue",
            ReportName::Sources => "sources",
            ReportName::Hygiene => "hygiene",
            ReportName::Tickets => "tickets",
        }
    }

    /// Every name, comma-separated, for messages.
    pub fn names() -> String {
        ReportName::ALL.map(ReportName::as_str).join(", ")
    }

    /// The period start used when none is given: the activity report looks at the last
    /// 30 days (so it reads a bounded share of the activities); the others at all time.
    pub fn default_since(self, today: chrono::NaiveDate) -> Option<chrono::NaiveDate> {
        (self == ReportName::Activity).then(|| today - chrono::Duration::days(29))
    }

    /// What the report reads besides pipelines.
    pub fn needs(self) -> Needs {
        match self {
            ReportName::Activity => Needs {
                activity: true,
                ..Needs::default()
            },
            ReportName::Sources => Needs {
                sources: true,
                ..Needs::default()
            },
            ReportName::Pipeline => Needs {
                open_deal_records: true,
                ..Needs::default()
            },
            ReportName::Hygiene => Needs {
                contact_signals: true,
                open_deals: true,
                ..Needs::default()
            },
            ReportName::Tickets => Needs {
                tickets: true,
                ..Needs::default()
            },
            _ => Needs {
                deals: true,
                ..Needs::default()
            },
        }
    }
}

impl fmt::Display for ReportName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for ReportName {
    type Err = Error;

    /// Parses a name case-insensitively; `_` may stand for `-` ("win_rate").
    fn from_str(s: &str) -> Result<ReportName> {
        let want = s.trim().to_ascii_lowercase().replace('_', "-");
        ReportName::ALL
            .into_iter()
            .find(|r| r.as_str() == want)
            .ok_or_else(|| {
                Error::invalid(
                    "report",
                    format!(
                        "no report '{}'; reports are {}",
                        s.trim(),
                        ReportName::names()
                    ),
                )
            })
    }
}

/// Any one report's result; JSON is the report's own struct.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(untagged)]
pub enum Report {
    /// See [`pipeline`].
    Pipeline(pipeline::PipelineReport),
    /// See [`forecast`].
    Forecast(forecast::ForecastReport),
    /// See [`win_rate`].
    WinRate(win_rate::WinRateReport),
    /// See [`velocity`].
    Velocity(velocity::VelocityReport),
    /// See [`funnel`].
    Funnel(funnel::FunnelReport),
    /// See [`activity`].
    Activity(activity::ActivityReport),
    /// See [`revenue`].
    Revenue(revenue::RevenueReport),
    /// See [`sources`].
    Sources(sources::SourcesReport),
    /// See [`hygiene`].
    Hygiene(hygiene::HygieneReport),
    /// See [`tickets`].
    Tickets(tickets::TicketsReport),
}

impl Report {
    /// The report as titled tables, main table first.
    pub fn tables(&self) -> Vec<Table> {
        match self {
            Report::Pipeline(r) => r.tables(),
            Report::Forecast(r) => r.tables(),
            Report::WinRate(r) => r.tables(),
            Report::Velocity(r) => r.tables(),
            Report::Funnel(r) => r.tables(),
            Report::Activity(r) => r.tables(),
            Report::Revenue(r) => r.tables(),
            Report::Sources(r) => r.tables(),
            Report::Hygiene(r) => r.tables(),
            Report::Tickets(r) => r.tables(),
        }
    }

    /// How to read the figures (what the period applies to, currencies).
    pub fn notes(&self) -> &[String] {
        match self {
            Report::Pipeline(r) => &r.notes,
            Report::Forecast(r) => &r.notes,
            Report::WinRate(r) => &r.notes,
            Report::Velocity(r) => &r.notes,
            Report::Funnel(r) => &r.notes,
            Report::Activity(r) => &r.notes,
            Report::Revenue(r) => &r.notes,
            Report::Sources(r) => &r.notes,
            Report::Hygiene(r) => &r.notes,
            Report::Tickets(r) => &r.notes,
        }
    }
}

/// Computes one report over loaded data.
pub fn compute(name: ReportName, data: &Data, scope: &Scope) -> Report {
    match name {
        ReportName::Pipeline => Report::Pipeline(pipeline::compute(data, scope)),
        ReportName::Forecast => Report::Forecast(forecast::compute(data, scope)),
        ReportName::WinRate => Report::WinRate(win_rate::compute(data, scope)),
        ReportName::Velocity => Report::Velocity(velocity::compute(data, scope)),
        ReportName::Funnel => Report::Funnel(funnel::compute(data, scope)),
        ReportName::Activity => Report::Activity(activity::compute(data, scope)),
        ReportName::Revenue => Report::Revenue(revenue::compute(data, scope)),
        ReportName::Sources => Report::Sources(sources::compute(data, scope)),
        ReportName::Hygiene => Report::Hygiene(hygiene::compute(data, scope)),
        ReportName::Tickets => Report::Tickets(tickets::compute(data, scope)),
    }
}

/// Reads what `name` needs and computes it, as of `now`.
pub fn run<Q: Queries + Sync>(
    q: &Q,
    now: Instant,
    name: ReportName,
    scope: &Scope,
) -> Result<Report> {
    let data = load(q, now, scope, name.needs())?;
    Ok(compute(name, &data, scope))
}
