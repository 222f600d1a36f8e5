//! The Reports screen's state: which chart is shown (pipeline by stage, forecast by
//! month, win rate and cycle length over time, activity per rep), the period and owner
//! it covers, the currency charted, the computed report and the bars drawn from it, the
//! selected bar and the deals listed behind it.
//!
//! Computing reads the store, so it is an effect ([`Effect::ComputeReport`]): [`due`]
//! says when the screen is visible and its figures are stale (first shown, or data
//! changed), the app runs [`request`] through `report::run` and hands the result to
//! [`computed`], which also prepares everything the view draws ([`super::report_bars`]),
//! so a frame only lays out ready-made bars. Money is charted one currency at a time, never summed across them.

use crate::model::words::plural;
use std::collections::{BTreeSet, HashMap};

use chrono::{Duration, NaiveDate};

pub use super::report_bars::rebuild;

use super::action::Screen;
use super::effect::Effect;
use super::model::Model;
use crate::model::Currency;
use crate::report::scope::local_day;
use crate::report::{Period, Report, ReportName, Scope};

/// The charts the screen cycles through.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Chart {
    /// Open deal value by stage (a bar chart).
    #[default]
    Pipeline,
    /// Expected revenue by close month (a bar chart).
    Forecast,
    /// Won / (won + lost) by close period (a line chart).
    WinRate,
    /// Mean days from creation to won, by close period (a line chart).
    Cycle,
    /// Activities and tasks per rep (a table).
    Activity,
    /// SLA achievement per target and priority (a bar chart of percentages).
    Tickets,
}

impl Chart {
    /// Every chart, in the order the report key cycles them.
    pub const ALL: [Chart; 6] = [
        Chart::Pipeline,
        Chart::Forecast,
        Chart::WinRate,
        Chart::Cycle,
        Chart::Activity,
        Chart::Tickets,
    ];

    /// The heading.
    pub fn title(self) -> &'static str {
        match self {
            Chart::Pipeline => "Pipeline by stage",
            Chart::Forecast => "Forecast by month",
            Chart::WinRate => "Win rate over time",
            Chart::Cycle => "Cycle length over time",
            Chart::Activity => "Activity per rep",
            Chart::Tickets => "SLA achievement",
        }
    }

    /// The report behind the chart.
    pub fn report(self) -> ReportName {
        match self {
            Chart::Pipeline => ReportName::Pipeline,
            Chart::Forecast => ReportName::Forecast,
            Chart::WinRate => ReportName::WinRate,
            Chart::Cycle => ReportName::Velocity,
            Chart::Activity => ReportName::Activity,
            Chart::Tickets => ReportName::Tickets,
        }
    }

    /// The period the chart starts with: the last 30 days for activity (as the CLI,
    /// since a long period reads many activities), the last year otherwise.
    pub fn default_span(self) -> Span {
        match self {
            Chart::Activity => Span::Days30,
            _ => Span::Days365,
        }
    }

    /// Whether the chart shows money (and so one currency at a time).
    pub fn money(self) -> bool {
        matches!(self, Chart::Pipeline | Chart::Forecast)
    }
}

/// The period a report covers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Span {
    /// The last 30 days (the next 30 for the forecast).
    Days30,
    /// The last 90 days.
    Days90,
    /// The last 365 days.
    #[default]
    Days365,
    /// Everything.
    All,
}

impl Span {
    /// Every period, in the order the period key cycles them.
    pub const ALL: [Span; 4] = [Span::Days30, Span::Days90, Span::Days365, Span::All];

    /// Its length in days; none for all time.
    pub fn days(self) -> Option<i64> {
        match self {
            Span::Days30 => Some(30),
            Span::Days90 => Some(90),
            Span::Days365 => Some(365),
            Span::All => None,
        }
    }

    /// How the header names it for `chart`.
    pub fn label(self, chart: Chart) -> String {
        match (self.days(), chart) {
            (_, Chart::Pipeline) => "open now".into(),
            (None, _) => "all time".into(),
            (Some(n), Chart::Forecast) => format!("closing in the next {}", plural(n, "day")),
            (Some(n), _) => format!("last {}", plural(n, "day")),
        }
    }

    /// The bucket size for figures over time: weeks for short periods, else months.
    pub fn by(self, chart: Chart) -> Period {
        match (self, chart) {
            (Span::Days30 | Span::Days90, Chart::WinRate | Chart::Cycle | Chart::Activity) => {
                Period::Week
            }
            _ => Period::Month,
        }
    }
}

/// One bar (or point, or row) ready to draw, for the charted currency.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Bar {
    /// The group it belongs to (a pipeline), sanitized; empty when ungrouped.
    pub group: String,
    /// Its label (a stage, a period, a rep), sanitized.
    pub label: String,
    /// Its height in whole major units (or percent, or days).
    pub value: u64,
    /// A second height beside it (the forecast weighted by history), if any.
    pub second: Option<u64>,
    /// The figure for a line chart; none when undefined (nothing closed).
    pub y: Option<f64>,
    /// The short text drawn on the bar.
    pub text: String,
    /// The line shown when the bar is selected.
    pub detail: String,
    /// Table cells (activity per rep).
    pub cells: Vec<String>,
    /// The deals behind it, for drilling down.
    pub deal_ids: Vec<u64>,
}

/// The deals behind a bar, listed over the chart.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Drill {
    /// What they are ("Lead In · 2 deals").
    pub title: String,
    /// The deals.
    pub deals: Vec<u64>,
    /// The selected row.
    pub selected: usize,
}

/// What a computation covered; the figures are stale when it differs from the wanted one.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Key {
    /// The chart.
    pub chart: Chart,
    /// The period.
    pub span: Span,
    /// The owner filter (none: everyone).
    pub owner: Option<String>,
    /// The local date the period counts back from.
    pub today: Option<NaiveDate>,
    /// The data revision.
    pub rev: u64,
}

/// The Reports screen.
#[derive(Debug, Clone, Default)]
pub struct ReportsView {
    /// The chart shown.
    pub chart: Chart,
    /// The period of the chart shown.
    pub span: Span,
    /// The period each chart had when last shown.
    pub spans: HashMap<Chart, Span>,
    /// Only this owner's records; none for everyone.
    pub owner: Option<String>,
    /// The currency charted, an index into `currencies`.
    pub currency: usize,
    /// The currencies the report has money in.
    pub currencies: Vec<Currency>,
    /// The computed report.
    pub report: Option<Report>,
    /// What it was computed for.
    pub computed: Option<Key>,
    /// Why the last computation failed.
    pub error: Option<String>,
    /// How long the last computation took, in milliseconds.
    pub took_ms: u128,
    /// The bars drawn, for the charted currency.
    pub bars: Vec<Bar>,
    /// The selected bar.
    pub selected: usize,
    /// The deals behind a bar, when listed.
    pub drill: Option<Drill>,
    /// A figure summing up the report ("overall 40.0% · 2 won · 3 lost").
    pub summary: String,
    /// The scope of the last computation.
    pub scope: Scope,
}

impl ReportsView {
    /// The charted currency, if the report has money.
    pub fn currency(&self) -> Option<Currency> {
        self.currencies.get(self.currency).copied()
    }

    /// The selected bar.
    pub fn selected_bar(&self) -> Option<&Bar> {
        self.bars.get(self.selected)
    }

    /// Shows the next chart, with the period it had when last shown.
    pub fn next_chart(&mut self) {
        self.spans.insert(self.chart, self.span);
        let i = Chart::ALL
            .iter()
            .position(|c| *c == self.chart)
            .unwrap_or(0);
        self.chart = Chart::ALL[(i + 1) % Chart::ALL.len()];
        self.span = self
            .spans
            .get(&self.chart)
            .copied()
            .unwrap_or(self.chart.default_span());
        self.selected = 0;
    }

    /// Moves the bar selection by `delta`, staying in range.
    pub fn move_by(&mut self, delta: isize) {
        let n = self.bars.len();
        if n == 0 {
            self.selected = 0;
            return;
        }
        self.selected = self.selected.saturating_add_signed(delta).min(n - 1);
    }
}

/// The computation wanted now.
#[derive(Debug, Clone, PartialEq)]
pub struct Request {
    /// The report to run.
    pub name: ReportName,
    /// Its scope.
    pub scope: Scope,
    /// What the result will cover.
    pub key: Key,
}

/// The key the figures should have now.
pub fn wanted(m: &Model) -> Key {
    let r = &m.reports;
    Key {
        chart: r.chart,
        span: r.span,
        owner: r.owner.clone(),
        today: Some(local_day(m.now)),
        rev: m.rev,
    }
}

/// A computation when the screen is visible and its figures are stale (never when it
/// is hidden: a data change is picked up lazily when it is shown again).
pub fn due(m: &Model) -> Option<Effect> {
    (m.screen == Screen::Reports && m.reports.computed.as_ref() != Some(&wanted(m)))
        .then_some(Effect::ComputeReport)
}

/// The report and scope to compute for the screen's choices.
pub fn request(m: &Model) -> Request {
    let key = wanted(m);
    let today = key.today.unwrap_or_else(|| local_day(m.now));
    let chart = key.chart;
    let mut scope = Scope {
        owner: key.owner.clone(),
        by: key.span.by(chart),
        ..Scope::default()
    };
    if let Some(n) = key.span.days() {
        match chart {
            Chart::Pipeline => {}
            Chart::Forecast => {
                scope.since = Some(today);
                scope.until = Some(today + Duration::days(n - 1));
            }
            _ => scope.since = Some(today - Duration::days(n - 1)),
        }
    }
    Request {
        name: chart.report(),
        scope,
        key,
    }
}

/// Stores a computation's result and prepares the bars the view draws.
pub fn computed(m: &mut Model, req: Request, result: crate::Result<Report>, took_ms: u128) {
    let r = &mut m.reports;
    r.computed = Some(req.key);
    r.took_ms = took_ms;
    match result {
        Ok(report) => {
            r.error = None;
            let before = r.currency();
            r.currencies = currencies(&report);
            r.currency = before
                .and_then(|c| r.currencies.iter().position(|x| *x == c))
                .or_else(|| r.currencies.iter().position(|x| *x == m.currency))
                .unwrap_or(0);
            r.report = Some(report);
        }
        Err(e) => {
            r.error = Some(e.to_string());
            r.report = None;
            r.currencies.clear();
        }
    }
    m.reports.scope = req.scope;
    rebuild(m);
}

/// The currencies a report has money in, in code order.
fn currencies(report: &Report) -> Vec<Currency> {
    let mut out = BTreeSet::new();
    match report {
        Report::Pipeline(p) => out.extend(p.total.value_minor.keys().copied()),
        Report::Forecast(f) => out.extend(f.periods.iter().map(|l| l.currency)),
        _ => {}
    }
    let mut v: Vec<Currency> = out.into_iter().collect();
    v.sort_by(|a, b| a.code().cmp(b.code()));
    v
}

/// The owners the owner key cycles through after everyone and me: everyone who owns
/// or is assigned a record (the owner index), by name.
pub fn reps(m: &Model) -> Vec<String> {
    let set: BTreeSet<&str> = m.data.users.iter().map(String::as_str).collect();
    set.into_iter()
        .filter(|o| !o.is_empty() && !o.eq_ignore_ascii_case(&m.me))
        .map(str::to_string)
        .collect()
}

/// The owner after `current`: everyone, me, then each rep in turn.
pub fn next_owner(m: &Model) -> Option<String> {
    match &m.reports.owner {
        None => Some(m.me.clone()),
        Some(o) if o.eq_ignore_ascii_case(&m.me) => reps(m).into_iter().next(),
        Some(o) => {
            let reps = reps(m);
            let i = reps.iter().position(|r| r == o);
            i.and_then(|i| reps.get(i + 1).cloned())
        }
    }
}
