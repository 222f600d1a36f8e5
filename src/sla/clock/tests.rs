//! The clock rules, each with hand-worked times: a 24/7 policy with 60-minute targets,
//! and a Monday–Friday 09:00–17:00 (UTC) calendar. 2026-03-30 is a Monday.

use chrono::{TimeZone, Utc};

use super::*;
use crate::model::TicketStatus::*;
use crate::sla::defaults;

const MIN: i64 = 60_000;

fn t(d: u32, h: u32, m: u32) -> Instant {
    Utc.with_ymd_and_hms(2026, 3, d, h, m, 0).single().unwrap()
}

fn ev(at: Instant, what: EventKind) -> TicketEvent {
    TicketEvent { at, what }
}

fn created(at: Instant) -> TicketEvent {
    ev(
        at,
        EventKind::Created {
            priority: TicketPriority::Normal,
        },
    )
}

fn status(at: Instant, to: TicketStatus) -> TicketEvent {
    ev(at, EventKind::Status { to })
}

fn reply(at: Instant) -> TicketEvent {
    ev(at, EventKind::AgentReply)
}

fn message(at: Instant) -> TicketEvent {
    ev(at, EventKind::CustomerMessage)
}

fn policy(minutes: u32) -> SlaPolicy {
    let every = Targets {
        first_reply_min: Some(minutes),
        next_reply_min: Some(minutes),
        resolution_min: Some(minutes),
    };
    SlaPolicy {
        id: 7,
        name: "Fast".into(),
        targets: TicketPriority::ALL.iter().map(|p| (*p, every)).collect(),
        ..SlaPolicy::default()
    }
}

/// Clocks under the 24/7 policy with 60-minute targets.
fn clocks(events: &[TicketEvent]) -> SlaClocks {
    compute(events, TicketPriority::Normal, Some(&policy(60)), None).unwrap()
}

/// Clocks under office hours with `minutes` targets.
fn office_clocks(events: &[TicketEvent], minutes: u32) -> SlaClocks {
    let cal = defaults::calendar("UTC");
    compute(
        events,
        TicketPriority::Normal,
        Some(&policy(minutes)),
        Some(&cal),
    )
    .unwrap()
}

fn running(due: Instant) -> Option<Clock> {
    Some(Clock::Running { due })
}

fn met(at: Instant, late_min: i64) -> Option<Clock> {
    Some(Clock::Met {
        at,
        breached: late_min > 0,
        late_ms: late_min * MIN,
    })
}

#[test]
fn no_policy_means_no_clocks() {
    let events = [created(t(30, 10, 0))];
    let c = compute(&events, TicketPriority::Normal, None, None).unwrap();
    assert_eq!(c, SlaClocks::default());
}

#[test]
fn a_new_ticket_runs_first_reply_and_resolution() {
    let c = clocks(&[created(t(30, 10, 0))]);
    assert_eq!(c.policy, Some(7));
    assert_eq!(c.first_reply, running(t(30, 11, 0)));
    assert_eq!(c.next_reply, None);
    assert_eq!(c.resolution, running(t(30, 11, 0)));
    assert_eq!(c.first_reply_business_ms, None);
    assert_eq!(c.next_reply_cycles, 0);
}

#[test]
fn a_priority_without_targets_has_no_clocks() {
    let mut p = policy(60);
    p.targets.remove(&TicketPriority::Low);
    let events = [created(t(30, 10, 0)), reply(t(30, 10, 30))];
    let c = compute(&events, TicketPriority::Low, Some(&p), None).unwrap();
    assert_eq!(c.policy, Some(7));
    assert_eq!(
        (c.first_reply, c.next_reply, c.resolution),
        (None, None, None)
    );
    assert_eq!(c.first_reply_business_ms, Some(30 * MIN));
}

#[test]
fn first_reply_is_met_on_time_or_late() {
    let c = clocks(&[created(t(30, 10, 0)), reply(t(30, 10, 30))]);
    assert_eq!(c.first_reply, met(t(30, 10, 30), 0));
    assert_eq!(c.first_reply_business_ms, Some(30 * MIN));
    let c = clocks(&[created(t(30, 10, 0)), reply(t(30, 11, 30))]);
    assert_eq!(c.first_reply, met(t(30, 11, 30), 30));
    // Only the first reply counts.
    let c = clocks(&[
        created(t(30, 10, 0)),
        reply(t(30, 10, 30)),
        reply(t(30, 12, 0)),
    ]);
    assert_eq!(c.first_reply, met(t(30, 10, 30), 0));
}

#[test]
fn first_reply_in_business_hours_skips_the_weekend() {
    // Friday 16:30 + 60 business minutes = Monday 09:30.
    let c = office_clocks(&[created(t(27, 16, 30))], 60);
    assert_eq!(c.first_reply, running(t(30, 9, 30)));
    let c = office_clocks(&[created(t(27, 16, 30)), reply(t(30, 9, 20))], 60);
    assert_eq!(c.first_reply, met(t(30, 9, 20), 0));
    assert_eq!(c.first_reply_business_ms, Some(50 * MIN));
}

#[test]
fn a_reply_after_the_deadline_but_out_of_hours_is_late() {
    // Due Friday 17:00; the reply at 17:30 is late, with no business time over.
    let c = office_clocks(&[created(t(27, 16, 0)), reply(t(27, 17, 30))], 60);
    assert_eq!(
        c.first_reply,
        Some(Clock::Met {
            at: t(27, 17, 30),
            breached: true,
            late_ms: 0
        })
    );
}

#[test]
fn solving_unanswered_drops_first_reply_unless_overdue() {
    let c = clocks(&[created(t(30, 10, 0)), status(t(30, 10, 40), Solved)]);
    assert_eq!(c.first_reply, None);
    let c = clocks(&[created(t(30, 10, 0)), status(t(30, 11, 20), Solved)]);
    assert_eq!(c.first_reply, met(t(30, 11, 20), 20));
    // A later reply does not bring it back, but is measured.
    let c = clocks(&[
        created(t(30, 10, 0)),
        status(t(30, 10, 40), Solved),
        status(t(30, 12, 0), Open),
        reply(t(30, 12, 30)),
    ]);
    assert_eq!(c.first_reply, None);
    assert_eq!(c.first_reply_business_ms, Some(150 * MIN));
}

#[test]
fn next_reply_cycles_run_from_a_message_to_the_next_reply() {
    let mut events = vec![
        created(t(30, 10, 0)),
        message(t(30, 10, 5)), // before the first reply: part of first reply
        reply(t(30, 10, 20)),
    ];
    assert_eq!(clocks(&events).next_reply, None);
    events.push(message(t(30, 10, 30)));
    let c = clocks(&events);
    assert_eq!(c.next_reply, running(t(30, 11, 30)));
    assert_eq!((c.next_reply_cycles, c.next_reply_breaches), (1, 0));
    events.push(reply(t(30, 11, 0)));
    let c = clocks(&events);
    assert_eq!(c.next_reply, met(t(30, 11, 0), 0));
    events.extend([
        message(t(30, 12, 0)),
        message(t(30, 12, 10)), // joins the running cycle
        reply(t(30, 13, 30)),
    ]);
    let c = clocks(&events);
    assert_eq!(c.next_reply, met(t(30, 13, 30), 30));
    assert_eq!((c.next_reply_cycles, c.next_reply_breaches), (2, 1));
    // A running cycle is counted, but not as a breach even when overdue.
    events.push(message(t(30, 14, 0)));
    let c = clocks(&events);
    assert_eq!(c.next_reply, running(t(30, 15, 0)));
    assert_eq!((c.next_reply_cycles, c.next_reply_breaches), (3, 1));
}

#[test]
fn solving_ends_a_waiting_cycle() {
    let base = [
        created(t(30, 10, 0)),
        reply(t(30, 10, 20)),
        message(t(30, 10, 30)),
    ];
    // In time: the cycle is dropped; there was no finished one before it.
    let mut events = base.to_vec();
    events.push(status(t(30, 11, 0), Solved));
    let c = clocks(&events);
    assert_eq!(c.next_reply, None);
    assert_eq!((c.next_reply_cycles, c.next_reply_breaches), (0, 0));
    // Overdue: met late at the solve.
    let mut events = base.to_vec();
    events.push(status(t(30, 12, 0), Solved));
    let c = clocks(&events);
    assert_eq!(c.next_reply, met(t(30, 12, 0), 30));
    assert_eq!((c.next_reply_cycles, c.next_reply_breaches), (1, 1));
}

#[test]
fn a_message_reopening_a_ticket_solved_unanswered_is_waited_on() {
    let c = clocks(&[
        created(t(30, 10, 0)),
        status(t(30, 10, 10), Solved),
        message(t(30, 12, 0)),
        status(t(30, 12, 0), Open),
    ]);
    assert_eq!(c.next_reply, running(t(30, 13, 0)));
    assert_eq!(c.next_reply_cycles, 1);
    // A message recorded on a closed ticket starts nothing.
    let c = clocks(&[
        created(t(30, 10, 0)),
        reply(t(30, 10, 5)),
        status(t(30, 10, 10), Solved),
        status(t(30, 10, 20), Closed),
        message(t(30, 12, 0)),
    ]);
    assert_eq!(c.next_reply, None);
}

#[test]
fn resolution_pauses_resumes_and_meets() {
    let mut events = vec![created(t(30, 10, 0)), status(t(30, 10, 20), Pending)];
    assert_eq!(
        clocks(&events).resolution,
        Some(Clock::Paused { left_ms: 40 * MIN })
    );
    events.push(status(t(30, 12, 0), Open));
    assert_eq!(clocks(&events).resolution, running(t(30, 12, 40)));
    events.push(status(t(30, 12, 30), Solved));
    assert_eq!(clocks(&events).resolution, met(t(30, 12, 30), 0));
    events.push(status(t(30, 12, 45), Closed));
    assert_eq!(clocks(&events).resolution, met(t(30, 12, 30), 0));
    // Reopened: 50 minutes used, 10 left.
    let mut events = events[..3].to_vec();
    events.push(status(t(30, 12, 30), Solved));
    events.push(status(t(30, 14, 0), Open));
    assert_eq!(clocks(&events).resolution, running(t(30, 14, 10)));
    events.push(status(t(30, 14, 30), Solved));
    assert_eq!(clocks(&events).resolution, met(t(30, 14, 30), 20));
}

#[test]
fn an_overdue_resolution_shows_its_crossing_or_a_negative_rest() {
    let mut events = vec![created(t(30, 10, 0)), status(t(30, 11, 30), OnHold)];
    assert_eq!(
        clocks(&events).resolution,
        Some(Clock::Paused { left_ms: -30 * MIN })
    );
    events.push(status(t(30, 13, 0), Open));
    assert_eq!(clocks(&events).resolution, running(t(30, 11, 0)));
}

#[test]
fn resolution_in_business_hours_stops_while_on_hold() {
    // 8 business hours: Monday 13:00–15:00 (2 h), on hold until Tuesday 10:00,
    // then 6 h more: Tuesday 16:00.
    let events = [
        created(t(30, 13, 0)),
        status(t(30, 15, 0), OnHold),
        status(t(31, 10, 0), Open),
    ];
    let c = office_clocks(&events, 480);
    assert_eq!(c.resolution, running(t(31, 16, 0)));
    let c = office_clocks(&events[..2], 480);
    assert_eq!(c.resolution, Some(Clock::Paused { left_ms: 360 * MIN }));
}

#[test]
fn the_pause_list_comes_from_the_policy() {
    let mut p = policy(60);
    p.pause_resolution_in = vec![];
    let events = [created(t(30, 10, 0)), status(t(30, 10, 20), Pending)];
    let c = compute(&events, TicketPriority::Normal, Some(&p), None).unwrap();
    assert_eq!(c.resolution, running(t(30, 11, 0)));
}

#[test]
fn a_ticket_opened_waiting_starts_paused() {
    let c = clocks(&[created(t(30, 10, 0)), status(t(30, 10, 0), Pending)]);
    assert_eq!(c.resolution, Some(Clock::Paused { left_ms: 60 * MIN }));
    assert_eq!(c.first_reply, running(t(30, 11, 0)));
}

#[test]
fn the_current_priority_sets_every_target_from_its_start() {
    let mut p = policy(480);
    p.targets.insert(
        TicketPriority::Urgent,
        Targets {
            first_reply_min: Some(60),
            next_reply_min: None,
            resolution_min: Some(120),
        },
    );
    let events = [
        created(t(30, 10, 0)),
        ev(
            t(30, 10, 30),
            EventKind::Priority {
                to: TicketPriority::Urgent,
            },
        ),
    ];
    let c = compute(&events, TicketPriority::Urgent, Some(&p), None).unwrap();
    assert_eq!(c.first_reply, running(t(30, 11, 0)));
    assert_eq!(c.resolution, running(t(30, 12, 0)));
    let c = compute(&events[..1], TicketPriority::Normal, Some(&p), None).unwrap();
    assert_eq!(c.first_reply, running(t(30, 18, 0)));
}

#[test]
fn replaying_the_same_events_gives_the_same_clocks() {
    let events = [
        created(t(27, 16, 30)),
        message(t(27, 16, 40)),
        reply(t(30, 9, 20)),
        message(t(30, 11, 0)),
        status(t(30, 12, 0), Pending),
        reply(t(30, 12, 5)),
        status(t(31, 9, 0), Open),
        message(t(31, 9, 30)),
    ];
    let once = office_clocks(&events, 90);
    for _ in 0..3 {
        assert_eq!(office_clocks(&events, 90), once);
    }
    let json = serde_json::to_string(&once).unwrap();
    assert_eq!(serde_json::from_str::<SlaClocks>(&json).unwrap(), once);
    assert_eq!(once.next_reply_cycles, 2);
}

#[test]
fn events_out_of_order_count_at_the_latest_time_seen() {
    let c = clocks(&[
        created(t(30, 10, 0)),
        status(t(30, 10, 30), Pending),
        status(t(30, 10, 20), Open),
    ]);
    // The reopen counts at 10:30: 30 minutes used.
    assert_eq!(c.resolution, running(t(30, 11, 0)));
    let none = SlaClocks {
        policy: Some(7),
        ..SlaClocks::default()
    };
    assert_eq!(clocks(&[]), none);
}

#[test]
fn a_calendar_that_cannot_count_is_an_error() {
    let mut cal = defaults::calendar("UTC");
    cal.week = vec![Vec::new(); 7];
    let events = [created(t(30, 10, 0))];
    let e = compute(
        &events,
        TicketPriority::Normal,
        Some(&policy(60)),
        Some(&cal),
    );
    assert_eq!(e.unwrap_err().field, "week");
}
