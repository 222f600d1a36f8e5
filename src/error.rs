//! The errors rolo reports to people. Each message names the record, field, value or
//! file involved and says what to do; the CLI prints it as one line and exits 1.

use std::path::PathBuf;

use crate::model::{IdError, RecordId};

/// Everything that can go wrong below the faces.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// A field's value failed validation.
    #[error("{field}: {message}")]
    Invalid {
        /// The field, as the CLI names it ("email", "value", "due").
        field: String,
        /// What is wrong with the value and what is accepted.
        message: String,
    },
    /// An id that could not be parsed or is of the wrong kind.
    #[error(transparent)]
    Id(#[from] IdError),
    /// A well-formed id with no record behind it.
    #[error("{0} does not exist")]
    NotFound(RecordId),
    /// Deleting a record others still link to.
    #[error("{record} is linked from {links}; pass --unlink to remove those links too")]
    Linked {
        /// The record to delete.
        record: RecordId,
        /// The linking records, listed.
        links: String,
    },
    /// The operation is not possible in the current state.
    #[error("{0}")]
    Conflict(String),
    /// Another process held the write lock past the timeout.
    #[error("database busy: another rolo process is writing; try again in a moment")]
    Busy,
    /// The file exists but is not a rolo database.
    #[error("{}: not a rolo database ({detail}); check --db / ROLO_DB", path.display())]
    NotRolo {
        /// The file.
        path: PathBuf,
        /// What was found instead.
        detail: String,
    },
    /// The file was written by a newer rolo.
    #[error(
        "{}: database schema version {found} is newer than this rolo understands (up to {supported}); upgrade rolo (`rolo doctor` with the newer rolo checks the file)",
        path.display()
    )]
    TooNew {
        /// The file.
        path: PathBuf,
        /// The version in the file.
        found: u64,
        /// The newest version this build knows.
        supported: u64,
    },
    /// The file cannot be opened for reading and writing.
    #[error(
        "{}: {source}; rolo needs read and write permission on this file: ask its owner (`ls -l` shows who), or open another file with --db",
        path.display()
    )]
    Access {
        /// The file.
        path: PathBuf,
        /// The OS error.
        source: std::io::Error,
    },
    /// The database file cannot be created where it was asked for.
    #[error(
        "{}: cannot create the database: {source}; you need write access to the folder {}, or choose another file with --db or ROLO_DB",
        path.display(),
        dir.display()
    )]
    Create {
        /// The file.
        path: PathBuf,
        /// The directory it would be created in.
        dir: PathBuf,
        /// The OS error.
        source: std::io::Error,
    },
    /// redb reported damage.
    #[error("{}: the database is damaged ({detail}); run `rolo doctor`", path.display())]
    Corrupt {
        /// The file.
        path: PathBuf,
        /// redb's description.
        detail: String,
    },
    /// Any other storage failure.
    /// The file is open in other rolo processes and the operation needs it alone.
    #[error(
        "{}: another process has the database open (a TUI, a mail hook, a script); close it and run `rolo privacy scrub` again, or pass --wait SECONDS",
        path.display()
    )]
    InUse {
        /// The database file.
        path: PathBuf,
    },
    #[error("database error: {0}")]
    Storage(String),
}

impl Error {
    /// A validation error on `field`.
    pub fn invalid(field: impl Into<String>, message: impl Into<String>) -> Self {
        Error::Invalid {
            field: field.into(),
            message: message.into(),
        }
    }
}

/// Shorthand for results carrying [`Error`].
pub type Result<T, E = Error> = std::result::Result<T, E>;

macro_rules! storage_from {
    ($($t:ty),*) => {$(
        impl From<$t> for Error {
            fn from(e: $t) -> Self {
                Error::Storage(e.to_string())
            }
        }
    )*};
}

storage_from!(
    redb::StorageError,
    redb::TableError,
    redb::CommitError,
    redb::TransactionError,
    rmp_serde::encode::Error,
    rmp_serde::decode::Error
);
