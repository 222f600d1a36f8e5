//! Backups: the versioned JSON document that `rolo export json` writes and `rolo import
//! json` restores into an identical database ([`document`], [`restore`]), and `rolo
//! backup FILE`, a consistent copy of the database file while others write ([`copy`]).

pub mod copy;
pub mod document;
pub mod restore;

pub use copy::{BackupSummary, backup};
pub use document::{BackupDoc, FORMAT, VERSION};
pub use restore::{Restored, restore};
