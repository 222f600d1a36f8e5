//! The Reports screen's SLA chart: a bar per target and priority (the share met in
//! time) and the desk's figures in the summary line, from `rolo report tickets`.

use super::report_bars::pct;
use super::reports::Bar;
use crate::report::tickets::TicketsReport;

/// The bars and the summary line of the SLA chart.
pub fn bars(t: &TicketsReport) -> (Vec<Bar>, String) {
    let bars = t
        .achievement
        .iter()
        .map(|a| {
            let label = format!("{} · {}", a.target, a.priority);
            Bar {
                label: label.clone(),
                value: a.rate.map(|x| (x * 100.0).round() as u64).unwrap_or(0),
                text: format!("{} ({}/{})", pct(a.rate), a.achieved, a.achieved + a.missed),
                detail: format!(
                    "{label} · {} met in time · {} missed (late or overdue)",
                    a.achieved, a.missed
                ),
                ..Bar::default()
            }
        })
        .collect();
    let unsolved: usize = t.backlog.iter().map(|b| b.tickets).sum();
    let summary = format!(
        "{} opened · {} solved · {} unsolved now · first reply median {} business h · reopen {} · one-touch {}",
        t.opened,
        t.solved,
        unsolved,
        t.first_reply_business
            .median_hours
            .map(|h| format!("{h:.1}"))
            .unwrap_or_else(|| "–".into()),
        pct(t.reopen_rate),
        pct(t.one_touch_rate)
    );
    (bars, summary)
}
