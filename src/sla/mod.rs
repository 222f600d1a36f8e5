//! Service-level arithmetic: business-hours calendars, picking the policy that applies
//! to a ticket, and deriving a ticket's clocks from its event history. Pure: nothing
//! here reads the clock or the database; the ops layer passes what is needed.
//!
//! PLACEHOLDER (being written): `compute` returns no clocks until the engine lands.

pub mod defaults;

use std::collections::BTreeMap;

use crate::model::{Calendar, Channel, SlaClocks, SlaPolicy, TicketEvent, TicketPriority};

/// Why a calendar or policy is refused: the field and the reason.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{field}: {reason}")]
pub struct SlaError {
    /// The field at fault ("time_zone", "week.mon", "targets.urgent.first_reply").
    pub field: String,
    /// What is wrong and what is accepted.
    pub reason: String,
}

/// What policy conditions look at.
#[derive(Debug, Clone, Copy)]
pub struct TicketFacts<'a> {
    /// The ticket's priority.
    pub priority: TicketPriority,
    /// Its tags.
    pub tags: &'a [String],
    /// Its company's tags.
    pub company_tags: &'a [String],
    /// Its channel.
    pub channel: Channel,
    /// Its custom fields.
    pub custom: &'a BTreeMap<String, String>,
}

/// The first enabled policy, by (position, id), whose conditions all hold.
pub fn pick<'p>(policies: &'p [SlaPolicy], facts: &TicketFacts) -> Option<&'p SlaPolicy> {
    let _ = facts;
    policies.iter().find(|p| p.enabled)
}

/// The ticket's clocks under `policy` counted in `calendar` (24/7 when none), from its
/// events; replaying the same events gives the same clocks.
pub fn compute(
    events: &[TicketEvent],
    priority: TicketPriority,
    policy: Option<&SlaPolicy>,
    calendar: Option<&Calendar>,
) -> Result<SlaClocks, SlaError> {
    let _ = (events, priority, calendar);
    Ok(SlaClocks {
        policy: policy.map(|p| p.id),
        ..SlaClocks::default()
    })
}

/// Checks a calendar: a known time zone, seven days of ordered, non-overlapping spans.
pub fn check_calendar(calendar: &Calendar) -> Result<(), SlaError> {
    let _ = calendar;
    Ok(())
}

/// Checks a policy: targets are positive and its conditions well-formed.
pub fn check_policy(policy: &SlaPolicy) -> Result<(), SlaError> {
    let _ = policy;
    Ok(())
}

/// How a clock stands at `now`, in a few words ("2h 15m left", "breached 40m ago").
/// PLACEHOLDER until the engine lands.
pub fn describe_clock(clock: &crate::model::Clock, now: crate::model::Instant) -> String {
    let _ = now;
    format!("{clock:?}")
}

/// Whether a running clock will breach soon: its time left is at most a quarter of
/// its target or 15 minutes, whichever is more. PLACEHOLDER until the engine lands.
pub fn breach_soon(
    clock: &crate::model::Clock,
    target_ms: i64,
    now: crate::model::Instant,
) -> bool {
    match clock.due() {
        Some(due) => {
            let left = (due - now).num_milliseconds();
            left > 0 && left <= (target_ms / 4).max(15 * 60_000)
        }
        None => false,
    }
}
