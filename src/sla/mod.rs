//! Service-level arithmetic: business-hours calendars, picking the policy that applies
//! to a ticket, and deriving a ticket's clocks from its event history. Pure: nothing
//! here reads the clock or the database; the ops layer passes what is needed.
//!
//! PLACEHOLDER (being written): `compute` returns no clocks until the engine lands.
//!
//! - [`hours`]: business time added to an instant and counted between two.
//! - [`policy`]: which policy applies to a ticket.
//! - [`check`]: whether a calendar or policy can be stored.
//! - [`defaults`]: what a new database starts with.

pub mod check;
pub mod defaults;
pub mod error;
pub mod hours;
pub mod policy;

pub use check::{check_calendar, check_policy};
pub use error::SlaError;
pub use hours::{BusinessHours, far_future};
pub use policy::{TicketFacts, pick};

use crate::model::{Calendar, SlaClocks, SlaPolicy, TicketEvent, TicketPriority};

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
