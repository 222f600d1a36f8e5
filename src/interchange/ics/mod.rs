//! iCalendar in and out: `import_ics` logs VEVENTs as meetings on the contacts they
//! invite (time zones by IANA or Windows name, all-day and recurring events), and
//! `write_ics` exports open tasks and meetings as a calendar to subscribe to. Content
//! lines are read by the same tolerant lexer as vCard ([`super::vcard::lines`]); the
//! `ical` crate was not used: it gives no line numbers for messages and errors where
//! we want to keep going.

pub mod event;
pub mod export;
pub mod import;
pub mod time;
pub mod zones;

pub use export::{IcsExport, write_ics};
pub use import::{IcsOptions, IcsReport, import_ics};
