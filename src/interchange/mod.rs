//! Data in and out of rolo: CSV import from spreadsheets and other CRMs
//! ([`csv_import`]), CSV and JSON export ([`export`]), the versioned JSON backup that
//! restores into an identical database, and `rolo backup` ([`backup`]). Everything
//! written goes through the ops layer inside one write transaction per import; nothing
//! here prints or knows about the terminal (the CLI does that). vCard ([`vcard`]),
//! iCalendar ([`ics`]) and email ([`email`]) readers sit beside them, one folder each,
//! with duplicate detection and phone normalisation ([`dupes`]).

pub mod account;
pub mod backup;
pub mod csv_import;
pub mod dupes;
pub mod email;
pub mod error;
pub mod export;
pub mod fill;
pub mod html;
pub mod ics;
pub mod kind;
pub mod vcard;

pub use error::{InterchangeError, Result, RowError};
pub use kind::{ExportKind, ImportKind};
