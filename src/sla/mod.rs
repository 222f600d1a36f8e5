//! Service-level arithmetic: business-hours calendars, picking the policy that applies
//! to a ticket, and deriving a ticket's clocks from its event history. Pure: nothing
//! here reads the clock or the database; the ops layer passes what is needed.
//!
//! - [`hours`]: business time added to an instant and counted between two.
//! - [`policy`]: which policy applies to a ticket.
//! - [`check`]: whether a calendar or policy can be stored.
//! - [`clock`]: the first-reply, next-reply and resolution clocks from the events.
//! - [`parse`] and [`holidays`]: what people type and the `.ics` files they import.
//! - [`display`]: a clock in words, and whether it breaches soon.
//! - [`defaults`]: what a new database starts with.

pub mod check;
pub mod clock;
pub mod defaults;
pub mod display;
pub mod error;
pub mod holidays;
pub mod hours;
pub mod parse;
pub mod policy;

pub use check::{check_calendar, check_policy};
pub use clock::{compute, replay};
pub use display::{
    BREACH_SOON_FLOOR_MS, BREACH_SOON_SHARE, breach_soon, breach_soon_within, describe_clock,
};
pub use error::SlaError;
pub use holidays::holidays_from_ics;
pub use hours::{BusinessHours, far_future};
pub use policy::{TicketFacts, pick};
