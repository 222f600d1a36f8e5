//! How a ticket's SLA clocks read in a queue row: a few characters per target, each
//! with a symbol that says its state without colour ("1h 20m", "~ 12m" breach soon,
//! "! 2h over" breached, "|| 3h" paused, "✓" met), and the row's mark from the most
//! pressing of them. Pure: the time is passed in, nothing is read.

use crate::model::{Clock, Instant, SlaClocks, SlaPolicy, Targets, Ticket};

/// Where one clock stands at a given time.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum ClockState {
    /// Running with time to spare.
    Running,
    /// Achieved in time.
    Met,
    /// Achieved, but late.
    MetLate,
    /// Stopped while the ticket waits.
    Paused,
    /// Running, and within the breach-soon margin.
    Soon,
    /// Past its deadline (running, or paused after it).
    Breached,
}

impl ClockState {
    /// The theme role the cell is drawn with.
    pub fn role(self) -> &'static str {
        match self {
            ClockState::Running => "text",
            ClockState::Met => "ticket.met",
            ClockState::MetLate | ClockState::Paused => "ticket.paused",
            ClockState::Soon => "ticket.soon",
            ClockState::Breached => "ticket.breached",
        }
    }
}

/// One clock as a queue cell.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClockCell {
    /// What is drawn ("~ 12m").
    pub text: String,
    /// Its state (the style).
    pub state: ClockState,
}

/// How pressing a whole ticket is: the row's mark.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Urgency {
    /// Nothing to flag.
    Calm,
    /// A clock is paused and none runs short.
    Paused,
    /// A running clock breaches soon.
    Soon,
    /// A clock is breached.
    Breached,
}

impl Urgency {
    /// The two-column mark at the start of the row.
    pub fn mark(self) -> &'static str {
        match self {
            Urgency::Calm => "  ",
            Urgency::Paused => "||",
            Urgency::Soon => " ~",
            Urgency::Breached => " !",
        }
    }

    /// The theme role of the mark.
    pub fn role(self) -> &'static str {
        match self {
            Urgency::Calm => "text",
            Urgency::Paused => "ticket.paused",
            Urgency::Soon => "ticket.soon",
            Urgency::Breached => "ticket.breached",
        }
    }
}

/// A span of time in at most two units: "45s" is "<1m", then "12m", "1h 20m", "3d 4h".
pub fn span(ms: i64) -> String {
    let min = ms.unsigned_abs() / 60_000;
    if min == 0 {
        return "<1m".into();
    }
    let (d, h, m) = (min / 1440, min / 60 % 24, min % 60);
    match (d, h, m) {
        (0, 0, m) => format!("{m}m"),
        (0, h, 0) => format!("{h}h"),
        (0, h, m) => format!("{h}h {m}m"),
        (d, 0, _) => format!("{d}d"),
        (d, h, _) => format!("{d}d {h}h"),
    }
}

/// How long past a deadline, in its largest unit ("5h", "43m", "2d"): a breach reads
/// at a glance and fits its column.
pub fn span_over(ms: i64) -> String {
    let min = ms.unsigned_abs() / 60_000;
    match min {
        0 => "<1m".into(),
        m if m < 60 => format!("{m}m"),
        m if m < 1440 => format!("{}h", m / 60),
        m => format!("{}d", m / 1440),
    }
}

/// Which of the three targets a clock measures.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Target {
    /// To the first public reply.
    FirstReply,
    /// From a customer's message to the next reply.
    NextReply,
    /// To solved.
    Resolution,
}

impl Target {
    /// The three, in column order.
    pub const ALL: [Target; 3] = [Target::FirstReply, Target::NextReply, Target::Resolution];

    /// The column heading.
    pub fn heading(self) -> &'static str {
        match self {
            Target::FirstReply => "FIRST REPLY",
            Target::NextReply => "NEXT REPLY",
            Target::Resolution => "RESOLUTION",
        }
    }

    /// The target's name in words.
    pub fn name(self) -> &'static str {
        match self {
            Target::FirstReply => "first reply",
            Target::NextReply => "next reply",
            Target::Resolution => "resolution",
        }
    }

    /// The ticket's clock for this target.
    pub fn clock(self, sla: &SlaClocks) -> Option<Clock> {
        match self {
            Target::FirstReply => sla.first_reply,
            Target::NextReply => sla.next_reply,
            Target::Resolution => sla.resolution,
        }
    }

    /// The target's length in ms, when the policy sets one.
    pub fn target_ms(self, targets: Option<&Targets>) -> Option<i64> {
        let t = targets?;
        let min = match self {
            Target::FirstReply => t.first_reply_min,
            Target::NextReply => t.next_reply_min,
            Target::Resolution => t.resolution_min,
        }?;
        Some(i64::from(min) * 60_000)
    }
}

/// The targets that apply to `t`: its policy's, for its priority. `policies` is the
/// small table read once per refresh.
pub fn targets_of<'p>(policies: &'p [SlaPolicy], t: &Ticket) -> Option<&'p Targets> {
    let id = t.sla.policy?;
    policies
        .iter()
        .find(|p| p.id == id)?
        .targets
        .get(&t.priority)
}

/// One clock's cell at `now`; `target_ms` decides "breach soon" (through
/// [`crate::sla::breach_soon`]). No clock is an empty cell.
pub fn clock_cell(clock: Option<Clock>, target_ms: Option<i64>, now: Instant) -> Option<ClockCell> {
    let clock = clock?;
    let cell = |text: String, state| Some(ClockCell { text, state });
    match clock {
        Clock::Running { due } => {
            let left = (due - now).num_milliseconds();
            if left <= 0 {
                cell(format!("! {} over", span_over(left)), ClockState::Breached)
            } else if target_ms.is_some_and(|t| crate::sla::breach_soon(&clock, t, now)) {
                cell(format!("~ {}", span(left)), ClockState::Soon)
            } else {
                cell(span(left), ClockState::Running)
            }
        }
        Clock::Paused { left_ms } if left_ms <= 0 => cell(
            format!("||! {} over", span_over(left_ms)),
            ClockState::Breached,
        ),
        Clock::Paused { left_ms } => cell(format!("|| {}", span(left_ms)), ClockState::Paused),
        Clock::Met {
            breached: false, ..
        } => cell("✓".into(), ClockState::Met),
        Clock::Met { breached: true, .. } => cell("✓ late".into(), ClockState::MetLate),
    }
}

/// The three cells of a ticket, in column order.
pub fn cells(t: &Ticket, targets: Option<&Targets>, now: Instant) -> [Option<ClockCell>; 3] {
    Target::ALL.map(|x| clock_cell(x.clock(&t.sla), x.target_ms(targets), now))
}

/// The row's urgency: breached over breach-soon over paused. A clock met late is
/// history, not a mark.
pub fn urgency(cells: &[Option<ClockCell>]) -> Urgency {
    let states = || cells.iter().flatten().map(|c| c.state);
    if states().any(|s| s == ClockState::Breached) {
        Urgency::Breached
    } else if states().any(|s| s == ClockState::Soon) {
        Urgency::Soon
    } else if states().any(|s| s == ClockState::Paused) {
        Urgency::Paused
    } else {
        Urgency::Calm
    }
}

/// The most pressing cell, for a narrow queue's single SLA column: a breached clock,
/// else the running one due first, else a paused one, else a met one.
pub fn most_pressing(t: &Ticket, cells: &[Option<ClockCell>; 3]) -> Option<ClockCell> {
    most_pressing_target(t, cells).and_then(|x| cells[x as usize].clone())
}

/// Which target [`most_pressing`] picks.
pub fn most_pressing_target(t: &Ticket, cells: &[Option<ClockCell>; 3]) -> Option<Target> {
    let rank = |i: usize, c: &ClockCell| {
        let due = Target::ALL[i]
            .clock(&t.sla)
            .and_then(|c| c.due())
            .map(|d| d.timestamp_millis())
            .unwrap_or(i64::MAX);
        let group = match c.state {
            ClockState::Breached => 0,
            ClockState::Soon | ClockState::Running => 1,
            ClockState::Paused => 2,
            ClockState::MetLate | ClockState::Met => 3,
        };
        (group, due, i)
    };
    cells
        .iter()
        .enumerate()
        .filter_map(|(i, c)| c.as_ref().map(|c| rank(i, c)))
        .min()
        .map(|(_, _, i)| Target::ALL[i])
}

/// A priority in four letters at most, for narrow queues.
pub fn priority_short(p: crate::model::TicketPriority) -> &'static str {
    use crate::model::TicketPriority::*;
    match p {
        Low => "low",
        Normal => "norm",
        High => "high",
        Urgent => "URG",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::{Duration, TimeZone, Utc};

    fn now() -> Instant {
        Utc.with_ymd_and_hms(2026, 11, 25, 12, 0, 0).unwrap()
    }

    fn running(mins: i64) -> Option<Clock> {
        Some(Clock::Running {
            due: now() + Duration::minutes(mins),
        })
    }

    #[test]
    fn spans_read_in_two_units_at_most() {
        assert_eq!(span(30_000), "<1m");
        assert_eq!(span(12 * 60_000), "12m");
        assert_eq!(span(80 * 60_000), "1h 20m");
        assert_eq!(span(-120 * 60_000), "2h");
        assert_eq!(span((3 * 1440 + 4 * 60 + 5) * 60_000), "3d 4h");
        assert_eq!(span(2 * 1440 * 60_000), "2d");
        assert_eq!(span_over(-(5 * 60 + 43) * 60_000), "5h");
        assert_eq!(span_over(-43 * 60_000), "43m");
        assert_eq!(span_over(-(50 * 60) * 60_000), "2d");
    }

    #[test]
    fn each_clock_state_has_its_symbol() {
        let hour = Some(60 * 60_000);
        let cell = |c, t| clock_cell(c, t, now()).unwrap();
        let c = cell(running(80), Some(2 * 60 * 60_000));
        assert_eq!((c.text.as_str(), c.state), ("1h 20m", ClockState::Running));
        let c = cell(running(12), hour);
        assert_eq!((c.text.as_str(), c.state), ("~ 12m", ClockState::Soon));
        let c = cell(running(-120), hour);
        assert_eq!(
            (c.text.as_str(), c.state),
            ("! 2h over", ClockState::Breached)
        );
        let c = cell(
            Some(Clock::Paused {
                left_ms: 3 * 3_600_000,
            }),
            hour,
        );
        assert_eq!((c.text.as_str(), c.state), ("|| 3h", ClockState::Paused));
        let c = cell(Some(Clock::Paused { left_ms: -600_000 }), hour);
        assert_eq!(
            (c.text.as_str(), c.state),
            ("||! 10m over", ClockState::Breached)
        );
        let met = |breached| Clock::Met {
            at: now(),
            breached,
            late_ms: 0,
        };
        assert_eq!(cell(Some(met(false)), hour).text, "✓");
        assert_eq!(cell(Some(met(true)), hour).state, ClockState::MetLate);
        assert_eq!(clock_cell(None, hour, now()), None);
        // Without a known target, a running clock is never "soon".
        assert_eq!(cell(running(5), None).state, ClockState::Running);
    }

    #[test]
    fn the_row_mark_follows_the_most_pressing_clock() {
        let mut t = Ticket::default();
        t.sla.first_reply = running(-30);
        t.sla.resolution = Some(Clock::Paused { left_ms: 3_600_000 });
        let targets = Targets {
            first_reply_min: Some(60),
            next_reply_min: None,
            resolution_min: Some(480),
        };
        let c = cells(&t, Some(&targets), now());
        assert_eq!(urgency(&c), Urgency::Breached);
        assert_eq!(Urgency::Breached.mark(), " !");
        assert_eq!(most_pressing(&t, &c).unwrap().text, "! 30m over");

        t.sla.first_reply = running(10);
        let c = cells(&t, Some(&targets), now());
        assert_eq!(urgency(&c), Urgency::Soon);

        t.sla.first_reply = Some(Clock::Met {
            at: now(),
            breached: true,
            late_ms: 0,
        });
        let c = cells(&t, Some(&targets), now());
        assert_eq!(urgency(&c), Urgency::Paused, "met late is history");
        assert_eq!(most_pressing(&t, &c).unwrap().text, "|| 1h");

        let calm = Ticket::default();
        let c = cells(&calm, None, now());
        assert_eq!(urgency(&c), Urgency::Calm);
        assert_eq!(most_pressing(&calm, &c), None);
    }

    #[test]
    fn targets_come_from_the_tickets_policy_and_priority() {
        let policy = crate::sla::defaults::policy(1);
        let policies = vec![SlaPolicy { id: 4, ..policy }];
        let mut t = Ticket {
            priority: crate::model::TicketPriority::Urgent,
            ..Ticket::default()
        };
        assert!(targets_of(&policies, &t).is_none(), "no policy: no targets");
        t.sla.policy = Some(4);
        let got = targets_of(&policies, &t).unwrap();
        assert_eq!(got.first_reply_min, Some(60));
        assert_eq!(Target::FirstReply.target_ms(Some(got)), Some(3_600_000));
        assert_eq!(Target::NextReply.target_ms(Some(got)), None);
    }
}
