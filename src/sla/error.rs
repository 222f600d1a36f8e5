//! The one error of the SLA engine: a field and the reason it is refused. Checks,
//! parsers and the clock computation all return it; the ops layer and the CLI prefix it
//! with the record or argument it came from.

/// Why a calendar, policy or typed value is refused: the field and the reason.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{field}: {reason}")]
pub struct SlaError {
    /// The field at fault ("time_zone", "week.mon", "targets.urgent.first_reply").
    pub field: String,
    /// What is wrong and what is accepted.
    pub reason: String,
}

impl SlaError {
    /// An error on `field` for `reason`.
    pub fn new(field: impl Into<String>, reason: impl Into<String>) -> SlaError {
        SlaError {
            field: field.into(),
            reason: reason.into(),
        }
    }
}

impl From<SlaError> for crate::Error {
    /// A refused value as the CLI reports any invalid field.
    fn from(e: SlaError) -> crate::Error {
        crate::Error::invalid(e.field, e.reason)
    }
}
