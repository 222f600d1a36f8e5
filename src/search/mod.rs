//! Fuzzy search over contacts, companies, deals and tasks with nucleo. Each record
//! becomes a [`SearchDoc`] of ASCII-folded columns (one per searchable field, so a
//! query can be scoped with `%company acme`); the [`query`] module parses what people
//! type; [`Finder`] runs a one-shot search (the CLI), [`LiveIndex`] a streaming one
//! that ticks once per frame (the TUI). Display keeps the original text: folding maps
//! one character to one character, so match positions apply to the original.

mod doc;
mod fold;
mod live;
mod oneshot;
pub mod query;
/// The TUI's search index on a worker thread.
pub mod service;
mod table;

pub use doc::{Field, Parts, SearchDoc};
pub use fold::fold;
pub use live::LiveIndex;
pub use oneshot::{Finder, Hit, rank};
pub use query::{Query, QueryError};
pub use table::SearchTable;
