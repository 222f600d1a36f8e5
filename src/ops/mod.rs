//! The one write path. Every change a person, script or import makes goes through a
//! function here: it validates the input (errors name the field and value), keeps
//! derived fields right (last activity, stage history), writes records and indexes and
//! appends one change-log entry, all in one transaction via [`crate::store::Store::write`].
//! The TUI and the CLI never write tables themselves.

mod activity;
mod bulk;
mod company;
mod deal;
mod links;
mod merge;
mod record;
mod task;
mod ticket_check;

/// SLA policies and calendars.
pub mod sla;
/// The service desk's ticket operations.
pub mod ticket;
mod undo;
mod validate;

pub mod pipeline;

pub use activity::log_activity;
pub use activity::{Touches, log_in, log_many};
pub use bulk::Creator;
pub use company::{
    companies_named, company_for, contact_for, contacts_named, find_company, find_or_create_company,
};
pub use deal::{lose_deal, move_deal, step_deal, win_deal};
pub use links::{describe as describe_links, links_to};
pub use merge::merge;
pub use record::{add, delete, update};
pub use record::{add_in, update_in};
pub use task::{complete_task, reopen_task, snooze_task};
pub use ticket_check::{clocks as ticket_clocks, policies as sla_policies};
pub use undo::{redo, undo};
pub use validate::{Prepare, normalize_email, normalize_tags};
