//! Follow-ups that never slip. Rules (stored records, see [`crate::model::rule`]) fire
//! on events inside the operation that caused them — their changes land in the same
//! transaction and change-log entry, marked with the rule, so they are audited and
//! undone with it — or on time conditions checked by [`sweep`], which fires each
//! occurrence exactly once however many processes sweep at the same time.

mod actions;
mod conditions;
pub mod defaults;
pub mod describe;
pub mod dsl;
mod events;
pub mod file;
mod sweep;
mod template;
mod test;

pub use events::{acts_on_create, after_create, after_update, event_rules};
pub use sweep::{RuleTally, SweepReport, TICKET_CLOSE_DAYS, sweep, sweep_with};
pub use test::{Verdict, test_rule};

use crate::error::Result;
use crate::model::Rule;
use crate::store::Queries;

/// The enabled rules, in id order.
fn enabled<Q: Queries>(q: &Q) -> Result<Vec<Rule>> {
    Ok(q.all::<Rule>()?.into_iter().filter(|r| r.enabled).collect())
}
