//! Effects: what `update` asks the app to do outside the model (writes through ops,
//! `$EDITOR` with the terminal suspended: notes, form fields, ticket replies).

use super::write::Write;
use crate::model::RecordId;

/// What to do after a write succeeds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Then {
    /// Nothing more.
    Nothing,
    /// Ask for the next step of this deal if it has no open task left.
    NextStepFor(u64),
}

/// A request to the app.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Effect {
    /// Run a write; `form` is the form to close on success (and mark on failure).
    Write {
        /// The write.
        write: Box<Write>,
        /// The form it came from.
        form: Option<u64>,
        /// The follow-up.
        then: Then,
    },
    /// Edit a record's notes in `$EDITOR`.
    EditNotes(RecordId),
    /// Write a reply to ticket `S-n`'s customer in `$EDITOR` (empty cancels).
    ComposeReply(u64),
    /// Run a `:` command line.
    Command(String),
    /// Complete the last word of a `:` command line.
    Complete(String),
    /// Compute the Reports screen's report from the store (see `tui::reports`).
    ComputeReport,
    /// Edit a form field's text in `$EDITOR`.
    EditField {
        /// The form.
        form: u64,
        /// The field index.
        field: usize,
    },
}

impl Effect {
    /// A write with no form and no follow-up.
    pub fn write(w: Write) -> Effect {
        Effect::Write {
            write: Box::new(w),
            form: None,
            then: Then::Nothing,
        }
    }
}
