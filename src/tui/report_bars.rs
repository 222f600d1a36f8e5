//! The Reports screen's bars: [`rebuild`] turns the computed report into the bars the
//! view draws and the summary line beneath them, for the charted currency, once per
//! computation or currency change (the SLA chart's in [`super::report_tickets`]).

use std::collections::HashMap;

use super::model::Model;
use super::reports::{Bar, Chart};
use crate::model::Currency;
use crate::model::DealStatus;
use crate::model::money::{format_money, format_money_short};
use crate::model::text::sanitize;
use crate::model::words::plural;
use crate::report::{Report, Scope};

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
