//! The Reports screen's state: which chart is shown (pipeline by stage, forecast by
//! month, win rate and cycle length over time, activity per rep), the period and owner
//! it covers, the currency charted, the computed report and the bars drawn from it, the
//! selected bar and the deals listed behind it.
//!
//! Computing reads the store, so it is an effect ([`Effect::ComputeReport`]): [`due`]
//! says when the screen is visible and its figures are stale (first shown, or data
//! changed), the app runs [`request`] through `report::run` and hands the result to
//! [`computed`], which also prepares everything the view draws, so a frame only lays out
//! ready-made bars. Money is charted one currency at a time, never summed across them.

use crate::model::words::plural;
use std::collections::{BTreeSet, HashMap};

use chrono::{Duration, NaiveDate};

use super::action::Screen;
use super::effect::Effect;
use super::model::Model;
use crate::model::Currency;
use crate::model::DealStatus;
use crate::model::money::{format_money, format_money_short};
use crate::model::text::sanitize;
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

/// Whole major units of `minor` (negative values chart as zero).
fn major(minor: i64, currency: Currency) -> u64 {
    let scale = 10i64.pow(currency.minor_digits());
    u64::try_from(minor / scale.max(1)).unwrap_or(0)
}

/// Rebuilds the bars from the report for the charted currency (after a computation or
/// a currency change); keeps the selection in range.
pub fn rebuild(m: &mut Model) {
    let closed = closed_deals(m, &m.reports.scope);
    let r = &mut m.reports;
    let cur = r.currency();
    r.bars.clear();
    r.summary.clear();
    match (&r.report, cur) {
        (Some(Report::Pipeline(p)), _) => {
            let cur = cur.unwrap_or(m.currency);
            let first = p.stages.first().map(|s| s.pipeline_id);
            let grouped = p.stages.iter().any(|s| Some(s.pipeline_id) != first);
            for s in &p.stages {
                let value = s.value_minor.get(&cur).copied().unwrap_or(0);
                let weighted = s.weighted_minor.get(&cur).copied().unwrap_or(0);
                let stage = sanitize(&s.stage).into_owned();
                let pipeline = sanitize(&s.pipeline).into_owned();
                let others = s.value_minor.len() - usize::from(s.value_minor.contains_key(&cur));
                let other = if others > 0 {
                    format!(" · +{others} other currencies")
                } else {
                    String::new()
                };
                r.bars.push(Bar {
                    group: if grouped {
                        pipeline.clone()
                    } else {
                        String::new()
                    },
                    label: format!("{stage} ({})", s.deals),
                    value: major(value, cur),
                    text: format_money_short(value, cur),
                    detail: format!(
                        "{pipeline} / {stage} · {} · {} · weighted {} · {} rotting{other}",
                        plural(s.deals, "deal"),
                        format_money(value, cur),
                        format_money(weighted, cur),
                        s.rotting,
                    ),
                    deal_ids: s.deal_ids.clone(),
                    ..Bar::default()
                });
            }
            r.summary = format!(
                "{} · {} · weighted {}",
                plural(p.total.deals, "open deal"),
                format_money(p.total.value_minor.get(&cur).copied().unwrap_or(0), cur),
                format_money(p.total.weighted_minor.get(&cur).copied().unwrap_or(0), cur),
            );
        }
        (Some(Report::Forecast(f)), Some(cur)) => {
            let (mut deals, mut weighted) = (0, 0i64);
            for l in f.periods.iter().filter(|l| l.currency == cur) {
                let label = l.period.clone().unwrap_or_else(|| "no date".into());
                deals += l.deals;
                weighted = weighted.saturating_add(l.weighted_stage_minor);
                r.bars.push(Bar {
                    label: sanitize(&label).into_owned(),
                    value: major(l.weighted_stage_minor, cur),
                    second: Some(major(l.weighted_history_minor, cur)),
                    text: format_money_short(l.weighted_stage_minor, cur),
                    detail: format!(
                        "{label} · {} · value {} · by stage % {} · by history {} ({} without history)",
                        plural(l.deals, "deal"),
                        format_money(l.value_minor, cur),
                        format_money(l.weighted_stage_minor, cur),
                        format_money(l.weighted_history_minor, cur),
                        l.deals_without_history,
                    ),
                    deal_ids: l.deal_ids.clone(),
                    ..Bar::default()
                });
            }
            r.summary = format!(
                "{} · expected {} by stage %",
                plural(deals, "open deal"),
                format_money(weighted, cur)
            );
        }
        (Some(Report::WinRate(w)), _) => {
            for p in &w.by_period {
                let y = p.rate.map(|x| x * 100.0);
                r.bars.push(Bar {
                    label: p.key.clone(),
                    value: y.map(|x| x.round() as u64).unwrap_or(0),
                    y,
                    text: pct(p.rate),
                    detail: format!(
                        "{} · win rate {} · {} won · {} lost",
                        p.key,
                        pct(p.rate),
                        p.won,
                        p.lost
                    ),
                    deal_ids: closed.get(&p.key).cloned().unwrap_or_default(),
                    ..Bar::default()
                });
            }
            let o = &w.overall;
            r.summary = format!("overall {} · {} won · {} lost", pct(o.rate), o.won, o.lost);
        }
        (Some(Report::Velocity(v)), _) => {
            for p in &v.by_period {
                let won: Vec<u64> = closed
                    .get(&p.period)
                    .map(|ids| {
                        ids.iter()
                            .copied()
                            .filter(|id| {
                                m.data
                                    .deals
                                    .get(id)
                                    .is_some_and(|d| d.status == DealStatus::Won)
                            })
                            .collect()
                    })
                    .unwrap_or_default();
                r.bars.push(Bar {
                    label: p.period.clone(),
                    value: p.mean_days.map(|x| x.round() as u64).unwrap_or(0),
                    y: p.mean_days,
                    text: days(p.mean_days),
                    detail: format!(
                        "{} · {} won · mean {} · median {}",
                        p.period,
                        p.won,
                        days(p.mean_days),
                        days(p.median_days)
                    ),
                    deal_ids: won,
                    ..Bar::default()
                });
            }
            r.summary = format!(
                "{} won · mean {} · median {}",
                v.won,
                days(v.mean_days),
                days(v.median_days)
            );
        }
        (Some(Report::Tickets(t)), _) => {
            (r.bars, r.summary) = super::report_tickets::bars(t);
        }
        (Some(Report::Activity(a)), _) => {
            for rep in &a.reps {
                let name = sanitize(&rep.rep).into_owned();
                let c = &rep.counts;
                r.bars.push(Bar {
                    label: name.clone(),
                    value: c.total as u64,
                    text: c.total.to_string(),
                    detail: format!(
                        "{name} · {} · {} done · {} overdue",
                        plural(c.total, "activity"),
                        plural(rep.tasks_completed, "task"),
                        rep.tasks_overdue
                    ),
                    cells: vec![
                        name,
                        c.calls.to_string(),
                        c.emails.to_string(),
                        c.meetings.to_string(),
                        c.notes.to_string(),
                        c.total.to_string(),
                        rep.tasks_completed.to_string(),
                        rep.tasks_overdue.to_string(),
                    ],
                    ..Bar::default()
                });
            }
            let total: usize = a.reps.iter().map(|x| x.counts.total).sum();
            r.summary = format!(
                "{} · {}",
                plural(a.reps.len(), "rep"),
                plural(total, "activity")
            );
        }
        _ => {}
    }
    r.move_by(0);
}

/// Closed deals in scope (owner, period) by their close-period label, from the loaded
/// records, for drilling into win-rate and cycle-length points.
fn closed_deals(m: &Model, scope: &Scope) -> HashMap<String, Vec<u64>> {
    let mut out: HashMap<String, Vec<u64>> = HashMap::new();
    if !matches!(m.reports.chart, Chart::WinRate | Chart::Cycle) {
        return out;
    }
    let mut deals: Vec<_> = m
        .data
        .deals
        .values()
        .filter(|d| d.status != DealStatus::Open && scope.deal(d))
        .map(|d| (d.closed_at.unwrap_or(d.updated), d.id))
        .filter(|(at, _)| scope.contains(*at))
        .collect();
    deals.sort();
    for (at, id) in deals {
        out.entry(scope.bucket(at)).or_default().push(id);
    }
    out
}

pub(super) fn pct(rate: Option<f64>) -> String {
    rate.map(|r| format!("{:.1}%", r * 100.0))
        .unwrap_or_else(|| "–".into())
}

fn days(d: Option<f64>) -> String {
    d.map(|x| format!("{x:.1} d")).unwrap_or_else(|| "–".into())
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
