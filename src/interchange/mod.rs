//! Data in and out of rolo: CSV import from spreadsheets and other CRMs
//! ([`csv_import`]), CSV and JSON export ([`export`]), the versioned JSON backup that
//! restores into an identical database, and `rolo backup` ([`backup`]). Everything
//! written goes through the ops layer inside one write transaction per import; nothing
//! here prints or knows about the terminal (the CLI does that). vCard, iCalendar and
//! email readers belong beside these modules, one folder each.

pub mod backup;
pub mod csv_import;
pub mod error;
pub mod export;
pub mod kind;

pub use error::{InterchangeError, Result, RowError};
pub use kind::{ExportKind, ImportKind};
