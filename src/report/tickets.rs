//! The service desk report: SLA achievement per target and priority, time to first
//! reply (median and p90, business and calendar time), the backlog by age, the reopen
//! rate and one-touch resolution. Computed from the tickets' report rows
//! ([`crate::store::ticket_facts`]), never from the tickets themselves.

use serde::Serialize;

use super::stats::{rate, round1, round4};
use super::table::{Cell, Table};
use super::{Data, Scope};
use crate::model::TicketPriority;
use crate::store::ticket_facts::{ClockFact, TicketFact};

/// One target's achievement for one priority.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Achievement {
    /// "first reply", "next reply" or "resolution".
    pub target: &'static str,
    /// The priority.
    pub priority: &'static str,
    /// Targets met in time.
    pub achieved: usize,
    /// Targets missed (met late, or overdue now).
    pub missed: usize,
    /// achieved / (achieved + missed); none when nothing is decided yet.
    pub rate: Option<f64>,
}

/// Median and 90th percentile, in hours.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Default)]
pub struct Spread {
    /// How many tickets were measured.
    pub count: usize,
    /// Median hours.
    pub median_hours: Option<f64>,
    /// 90th-percentile hours (nearest rank).
    pub p90_hours: Option<f64>,
}

/// Unsolved tickets of one age bucket.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct AgeBucket {
    /// "< 1 day", "1–3 days"...
    pub age: &'static str,
    /// How many.
    pub tickets: usize,
}

/// The tickets report.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TicketsReport {
    /// Tickets opened in the period.
    pub opened: usize,
    /// Of those, solved (or closed) now.
    pub solved: usize,
    /// SLA achievement per target and priority (rows with nothing decided left out).
    pub achievement: Vec<Achievement>,
    /// Time to first reply in business hours (the policy's calendar).
    pub first_reply_business: Spread,
    /// Time to first reply in calendar hours.
    pub first_reply_calendar: Spread,
    /// Every unsolved ticket now, by age (the period does not apply).
    pub backlog: Vec<AgeBucket>,
    /// Solved tickets that were reopened at least once / solved tickets.
    pub reopen_rate: Option<f64>,
    /// Solved tickets with exactly one public reply and never reopened / solved tickets.
    pub one_touch_rate: Option<f64>,
    /// How to read the figures.
    pub notes: Vec<String>,
}

const BUCKETS: [(&str, i64); 5] = [
    ("< 1 day", 1),
    ("1–3 days", 3),
    ("3–7 days", 7),
    ("7–30 days", 30),
    ("30+ days", i64::MAX),
];

/// Computes the report: tallied as its rows were read ([`super::load`]); the rows are
/// not kept.
pub fn compute(data: &Data, scope: &Scope) -> TicketsReport {
    match &data.tickets {
        Some(report) => report.clone(),
        None => Tally::new(data.now.timestamp_millis(), scope).finish(),
    }
}

/// [`compute`] over rows, as of `now_ms` (tested on a hand-worked fixture).
pub fn compute_over(rows: &[TicketFact], now_ms: i64, scope: &Scope) -> TicketsReport {
    let mut tally = Tally::new(now_ms, scope);
    for f in rows {
        tally.add(f);
    }
    tally.finish()
}

/// The tickets report built up one row at a time, so that 100k rows are never held.
#[derive(Debug, Clone)]
pub struct Tally {
    now_ms: i64,
    since: Option<i64>,
    until: Option<i64>,
    opened: usize,
    solved: usize,
    reopened: usize,
    one_touch: usize,
    /// (met, missed) per target (first reply, next reply, resolution) and priority
    /// (in [`TicketPriority::ALL`] order).
    achieved: [[(usize, usize); 4]; 3],
    business_ms: Vec<i64>,
    calendar_ms: Vec<i64>,
    backlog: [usize; BUCKETS.len()],
}

impl Tally {
    /// An empty tally for the period of `scope`, as of `now_ms`.
    pub fn new(now_ms: i64, scope: &Scope) -> Tally {
        Tally {
            now_ms,
            since: scope.since_instant().map(|t| t.timestamp_millis()),
            until: scope.until_instant().map(|t| t.timestamp_millis()),
            opened: 0,
            solved: 0,
            reopened: 0,
            one_touch: 0,
            achieved: [[(0, 0); 4]; 3],
            business_ms: Vec::new(),
            calendar_ms: Vec::new(),
            backlog: [0; BUCKETS.len()],
        }
    }

    /// Counts one ticket's row.
    pub fn add(&mut self, f: &TicketFact) {
        let now_ms = self.now_ms;
        if f.status.is_unsolved() {
            // The backlog is every unsolved ticket now, whatever the period.
            let days = (now_ms - f.created).max(0) / 86_400_000;
            let i = BUCKETS
                .iter()
                .position(|(_, upto)| days < *upto)
                .unwrap_or(BUCKETS.len() - 1);
            self.backlog[i] += 1;
        }
        let in_period =
            self.since.is_none_or(|s| f.created >= s) && self.until.is_none_or(|u| f.created < u);
        if !in_period {
            return;
        }
        self.opened += 1;
        if !f.status.is_unsolved() {
            self.solved += 1;
            self.reopened += usize::from(f.reopened > 0);
            self.one_touch += usize::from(f.replies == 1 && f.reopened == 0);
        }
        self.business_ms.extend(f.first_reply_business_ms);
        self.calendar_ms.extend(f.first_reply_calendar_ms);
        let p = TicketPriority::ALL
            .iter()
            .position(|p| *p == f.priority)
            .unwrap_or(0);
        for (t, clock) in [(0, f.first_reply), (2, f.resolution)] {
            match clock.achieved(now_ms) {
                Some(true) => self.achieved[t][p].0 += 1,
                Some(false) => self.achieved[t][p].1 += 1,
                None => {}
            }
        }
        // Every finished next-reply cycle counts, not only the latest.
        let next = &mut self.achieved[1][p];
        let finished = f.next_cycles.saturating_sub(u32::from(matches!(
            f.next_reply,
            ClockFact::Running(_) | ClockFact::Paused(_)
        )));
        next.0 += finished.saturating_sub(f.next_breaches) as usize;
        next.1 += f.next_breaches as usize;
        if f.next_reply.achieved(now_ms) == Some(false)
            && matches!(f.next_reply, ClockFact::Running(_))
        {
            next.1 += 1;
        }
    }

    /// The report over the rows counted.
    pub fn finish(self) -> TicketsReport {
        let mut achievement = Vec::new();
        for (t, target) in ["first reply", "next reply", "resolution"]
            .into_iter()
            .enumerate()
        {
            for (p, priority) in TicketPriority::ALL.iter().enumerate().rev() {
                let (achieved, missed) = self.achieved[t][p];
                if achieved + missed > 0 {
                    achievement.push(Achievement {
                        target,
                        priority: priority.as_str(),
                        achieved,
                        missed,
                        rate: rate(achieved, achieved + missed).map(round4),
                    });
                }
            }
        }
        TicketsReport {
            opened: self.opened,
            solved: self.solved,
            achievement,
            first_reply_business: spread(self.business_ms),
            first_reply_calendar: spread(self.calendar_ms),
            backlog: BUCKETS
                .iter()
                .zip(self.backlog)
                .map(|((age, _), tickets)| AgeBucket { age, tickets })
                .collect(),
            reopen_rate: rate(self.reopened, self.solved).map(round4),
            one_touch_rate: rate(self.one_touch, self.solved).map(round4),
            notes: vec![
                "the period selects tickets by the day they were opened; the backlog is every unsolved ticket now".into(),
                "a target counts once decided: met in time, met late, or overdue now; running ones in time are left out".into(),
                "next reply counts every answered customer message, not only the latest".into(),
                "business hours follow each ticket's SLA policy calendar".into(),
            ],
        }
    }
}

// The median and 90th percentile of durations in ms, in hours.
fn spread(ms: Vec<i64>) -> Spread {
    let mut h: Vec<f64> = ms.into_iter().map(|m| m as f64 / 3_600_000.0).collect();
    h.sort_by(f64::total_cmp);
    let pick = |q: f64| -> Option<f64> {
        if h.is_empty() {
            return None;
        }
        // Nearest rank: the smallest value with at least q of the values at or below.
        let rank = ((q * h.len() as f64).ceil() as usize).clamp(1, h.len());
        h.get(rank - 1).copied().map(round1)
    };
    Spread {
        count: h.len(),
        median_hours: super::stats::median(&h).map(round1),
        p90_hours: pick(0.9),
    }
}

impl TicketsReport {
    /// The report as tables: achievement, first reply, backlog, rates.
    pub fn tables(&self) -> Vec<Table> {
        let mut sla = Table::new(
            "sla",
            "SLA achievement",
            vec!["TARGET", "PRIORITY", "MET", "MISSED", "ACHIEVED"],
        );
        for a in &self.achievement {
            sla.push(vec![
                Cell::text(a.target),
                Cell::text(a.priority),
                Cell::Count(a.achieved),
                Cell::Count(a.missed),
                Cell::Rate(a.rate),
            ]);
        }
        let mut reply = Table::new(
            "first-reply",
            "Time to first reply (hours)",
            vec!["CLOCK", "TICKETS", "MEDIAN", "P90"],
        );
        for (name, s) in [
            ("business hours", self.first_reply_business),
            ("calendar hours", self.first_reply_calendar),
        ] {
            reply.push(vec![
                Cell::text(name),
                Cell::Count(s.count),
                Cell::Number(s.median_hours),
                Cell::Number(s.p90_hours),
            ]);
        }
        let mut backlog = Table::new("backlog", "Backlog by age", vec!["AGE", "UNSOLVED"]);
        for b in &self.backlog {
            backlog.push(vec![Cell::text(b.age), Cell::Count(b.tickets)]);
        }
        let mut rates = Table::new("rates", "Resolution", vec!["MEASURE", "VALUE"]);
        rates.push(vec![Cell::text("opened"), Cell::Count(self.opened)]);
        rates.push(vec![Cell::text("solved"), Cell::Count(self.solved)]);
        rates.push(vec![
            Cell::text("reopen rate"),
            Cell::Rate(self.reopen_rate),
        ]);
        rates.push(vec![
            Cell::text("one-touch resolution"),
            Cell::Rate(self.one_touch_rate),
        ]);
        vec![sla, reply, backlog, rates]
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::TicketStatus;

    const H: i64 = 3_600_000;

    fn fact(created_h: i64, p: TicketPriority, status: TicketStatus) -> TicketFact {
        TicketFact {
            created: created_h * H,
            priority: p,
            status,
            ..TicketFact::default()
        }
    }

    /// Five tickets worked by hand, as of hour 100:
    /// 1. urgent, first reply met in 0.5 h business (2 h calendar), solved with one
    ///    reply: one-touch;
    /// 2. urgent, first reply met late after 3 h business (3 h calendar), solved, reopened once;
    /// 3. normal, first reply running, due at hour 90: overdue now, a miss;
    /// 4. normal, first reply running, due at hour 120: undecided, left out;
    /// 5. low, opened at hour 5, pending, resolution paused with 2 h left: unsolved.
    #[test]
    fn a_hand_worked_fixture_gives_the_expected_figures() {
        use ClockFact::*;
        use TicketPriority::*;
        use TicketStatus::*;
        let mut t1 = fact(0, Urgent, Solved);
        t1.first_reply = Met;
        t1.first_reply_business_ms = Some(H / 2);
        t1.first_reply_calendar_ms = Some(2 * H);
        t1.resolution = Met;
        t1.replies = 1;
        let mut t2 = fact(1, Urgent, Closed);
        t2.first_reply = MetLate;
        t2.first_reply_business_ms = Some(3 * H);
        t2.first_reply_calendar_ms = Some(3 * H);
        t2.resolution = MetLate;
        t2.replies = 2;
        t2.reopened = 1;
        let mut t3 = fact(2, Normal, Open);
        t3.first_reply = Running(90 * H);
        let mut t4 = fact(3, Normal, New);
        t4.first_reply = Running(120 * H);
        let mut t5 = fact(5, Low, Pending);
        t5.resolution = Paused(2 * H);
        let r = compute_over(&[t1, t2, t3, t4, t5], 100 * H, &Scope::default());
        assert_eq!(r.opened, 5);
        assert_eq!(r.solved, 2);
        let row = |target: &str, p: &str| {
            r.achievement
                .iter()
                .find(|a| a.target == target && a.priority == p)
                .map(|a| (a.achieved, a.missed, a.rate))
        };
        assert_eq!(row("first reply", "urgent"), Some((1, 1, Some(0.5))));
        assert_eq!(row("first reply", "normal"), Some((0, 1, Some(0.0))));
        assert_eq!(row("resolution", "urgent"), Some((1, 1, Some(0.5))));
        assert!(
            row("resolution", "low").is_none(),
            "paused in time: undecided"
        );
        assert_eq!(r.first_reply_business.count, 2);
        assert_eq!(r.first_reply_business.median_hours, Some(1.8));
        assert_eq!(r.first_reply_business.p90_hours, Some(3.0));
        assert_eq!(r.first_reply_calendar.median_hours, Some(2.5));
        assert_eq!(r.reopen_rate, Some(0.5));
        assert_eq!(r.one_touch_rate, Some(0.5));
        // Ages at hour 100: tickets 3, 4 and 5 are 4 days old (3–7 days).
        let aged: Vec<usize> = r.backlog.iter().map(|b| b.tickets).collect();
        assert_eq!(aged, vec![0, 0, 3, 0, 0]);
    }
}
