//! A ticket's three SLA clocks derived from its event history, replayed from the start
//! every time: the same events, priority, policy and calendar always give the same
//! clocks, and nothing here reads the time of day.
//!
//! - **First reply** runs from creation to the first public agent reply and never
//!   pauses. Solving the ticket unanswered ends it: met late when the deadline had
//!   passed, else no clock at all.
//! - **Next reply** runs from a customer's message to the next agent reply, once the
//!   ticket has had a reply (earlier messages belong to the first reply) or has been
//!   solved (a message reopening a ticket solved unanswered is waited on too). One
//!   cycle at a time; further messages while it runs join it. Never pauses; solving
//!   ends a running cycle like the first reply: met late if overdue, else dropped.
//! - **Resolution** accumulates business time while the status is neither solved,
//!   closed nor one the policy pauses in; solving meets it and reopening resumes it
//!   where it stopped.
//!
//! A clock is met late ("breached") when it is met after its deadline instant, even
//! if that is out of hours: a reply at 17:30 to a deadline at 17:00 is late, although
//! no business time passed after the deadline.

use super::{BusinessHours, SlaError};
use crate::model::{
    Calendar, Clock, EventKind, Instant, SlaClocks, SlaPolicy, Targets, TicketEvent,
    TicketPriority, TicketStatus,
};

/// The ticket's clocks under `policy` counted in `calendar` (24/7 when none), from its
/// events in time order (the first is `Created`); none but the policy id when no policy
/// applies. The targets are those of `priority`, the ticket's priority now: changing
/// the priority re-targets every clock from its original start, as if the ticket had
/// always had it. Fails only on a calendar [`super::check_calendar`] refuses.
pub fn compute(
    events: &[TicketEvent],
    priority: TicketPriority,
    policy: Option<&SlaPolicy>,
    calendar: Option<&Calendar>,
) -> Result<SlaClocks, SlaError> {
    let Some(policy) = policy else {
        return Ok(SlaClocks::default());
    };
    let hours = BusinessHours::for_calendar(calendar)?;
    let targets = policy.targets.get(&priority).copied().unwrap_or_default();
    let mut clocks = replay(events, &targets, &policy.pause_resolution_in, &hours);
    clocks.policy = Some(policy.id);
    Ok(clocks)
}

/// [`compute`] with the targets, pause statuses and calendar already at hand (a
/// recompute of many tickets compiles the calendar once); `policy` is left unset.
/// Events out of time order count as happening at the latest time seen so far; when the
/// first event is not `Created`, the ticket counts as created at its time.
pub fn replay(
    events: &[TicketEvent],
    targets: &Targets,
    pause_in: &[TicketStatus],
    hours: &BusinessHours,
) -> SlaClocks {
    let Some(first) = events.first() else {
        return SlaClocks::default();
    };
    let created = first.at;
    let runs = |s: TicketStatus| s.is_unsolved() && !pause_in.contains(&s);
    let mut status = TicketStatus::New;
    let mut first_reply = FirstReply::new(hours, created, targets.first_reply_min);
    let mut next_reply = NextReply::new(targets.next_reply_min);
    let mut resolution = targets.resolution_min.map(Resolution::new);
    if let Some(r) = &mut resolution
        && runs(status)
    {
        r.run(created);
    }
    let mut first_reply_business_ms = None;
    let mut follow_ups = false;
    let mut last = created;
    for event in events {
        let at = event.at.max(last);
        last = at;
        match event.what {
            EventKind::Created { .. } | EventKind::Priority { .. } => {}
            EventKind::AgentReply => {
                first_reply_business_ms.get_or_insert_with(|| hours.between(created, at));
                first_reply.replied(hours, at);
                next_reply.replied(hours, at);
                follow_ups = true;
            }
            EventKind::CustomerMessage => {
                if follow_ups && status != TicketStatus::Closed {
                    next_reply.customer_wrote(hours, at);
                }
            }
            EventKind::Status { to } => {
                let from = std::mem::replace(&mut status, to);
                if from == to {
                    continue;
                }
                if from.is_unsolved() && !to.is_unsolved() {
                    first_reply.solved(hours, at);
                    next_reply.solved(hours, at);
                    follow_ups = true;
                    if let Some(r) = &mut resolution {
                        r.solved(hours, at);
                    }
                    continue;
                }
                let Some(r) = &mut resolution else { continue };
                if runs(from) && !runs(to) {
                    r.stop(hours, at);
                }
                if !from.is_unsolved() && to.is_unsolved() {
                    r.met = None;
                }
                if runs(to) {
                    r.run(at);
                }
            }
        }
    }
    SlaClocks {
        policy: None,
        first_reply: first_reply.clock(),
        next_reply: next_reply.clock(),
        resolution: resolution.map(|r| r.clock(hours)),
        first_reply_business_ms,
        next_reply_cycles: next_reply.cycles,
        next_reply_breaches: next_reply.breaches,
    }
}

fn minutes_ms(m: u32) -> i64 {
    i64::from(m) * 60_000
}

/// Met at `at` against the deadline `due`.
fn met(hours: &BusinessHours, at: Instant, due: Instant) -> Clock {
    let late = due < at;
    Clock::Met {
        at,
        breached: late,
        late_ms: if late { hours.between(due, at) } else { 0 },
    }
}

/// The first-reply clock: its deadline, and how it ended once it has.
struct FirstReply {
    due: Option<Instant>,
    ended: Option<Option<Clock>>,
}

impl FirstReply {
    fn new(hours: &BusinessHours, created: Instant, target: Option<u32>) -> Self {
        FirstReply {
            due: target.map(|m| hours.add(created, minutes_ms(m))),
            ended: None,
        }
    }

    fn replied(&mut self, hours: &BusinessHours, at: Instant) {
        if self.ended.is_none() {
            self.ended = Some(self.due.map(|due| met(hours, at, due)));
        }
    }

    fn solved(&mut self, hours: &BusinessHours, at: Instant) {
        if self.ended.is_none() {
            let overdue = self.due.filter(|due| *due < at);
            self.ended = Some(overdue.map(|due| met(hours, at, due)));
        }
    }

    fn clock(&self) -> Option<Clock> {
        match self.ended {
            Some(ended) => ended,
            None => self.due.map(|due| Clock::Running { due }),
        }
    }
}

/// The next-reply clock: the deadline of the cycle waiting for a reply, the last
/// finished cycle, and the counts.
struct NextReply {
    target_ms: Option<i64>,
    waiting: Option<Instant>,
    last: Option<Clock>,
    cycles: u32,
    breaches: u32,
}

impl NextReply {
    fn new(target: Option<u32>) -> Self {
        NextReply {
            target_ms: target.map(minutes_ms),
            waiting: None,
            last: None,
            cycles: 0,
            breaches: 0,
        }
    }

    fn customer_wrote(&mut self, hours: &BusinessHours, at: Instant) {
        if let Some(target) = self.target_ms
            && self.waiting.is_none()
        {
            self.waiting = Some(hours.add(at, target));
            self.cycles += 1;
        }
    }

    fn replied(&mut self, hours: &BusinessHours, at: Instant) {
        if let Some(due) = self.waiting.take() {
            self.breaches += u32::from(due < at);
            self.last = Some(met(hours, at, due));
        }
    }

    fn solved(&mut self, hours: &BusinessHours, at: Instant) {
        if let Some(due) = self.waiting.take() {
            if due < at {
                self.breaches += 1;
                self.last = Some(met(hours, at, due));
            } else {
                self.cycles -= 1;
            }
        }
    }

    fn clock(&self) -> Option<Clock> {
        self.waiting.map(|due| Clock::Running { due }).or(self.last)
    }
}

/// The resolution clock: business time so far, since when it runs (none while
/// paused or solved), when it crossed the target and how it was met.
struct Resolution {
    target_ms: i64,
    elapsed: i64,
    since: Option<Instant>,
    crossed: Option<Instant>,
    met: Option<Clock>,
}

impl Resolution {
    fn new(target: u32) -> Self {
        Resolution {
            target_ms: minutes_ms(target),
            elapsed: 0,
            since: None,
            crossed: None,
            met: None,
        }
    }

    fn run(&mut self, at: Instant) {
        self.since.get_or_insert(at);
    }

    fn stop(&mut self, hours: &BusinessHours, at: Instant) {
        let Some(since) = self.since.take() else {
            return;
        };
        let ran = hours.between(since, at);
        let remaining = self.target_ms - self.elapsed;
        if self.crossed.is_none() && ran >= remaining {
            self.crossed = Some(hours.add(since, remaining));
        }
        self.elapsed += ran;
    }

    fn solved(&mut self, hours: &BusinessHours, at: Instant) {
        self.stop(hours, at);
        self.met = Some(Clock::Met {
            at,
            breached: self.crossed.is_some_and(|c| c < at),
            late_ms: (self.elapsed - self.target_ms).max(0),
        });
    }

    fn clock(&self, hours: &BusinessHours) -> Clock {
        if let Some(met) = self.met {
            return met;
        }
        match self.since {
            Some(since) => Clock::Running {
                due: self
                    .crossed
                    .unwrap_or_else(|| hours.add(since, self.target_ms - self.elapsed)),
            },
            None => Clock::Paused {
                left_ms: self.target_ms - self.elapsed,
            },
        }
    }
}

#[cfg(test)]
mod tests;
