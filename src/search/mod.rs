//! Fuzzy search over contacts, companies, deals and tasks with nucleo. Each record
//! becomes a [`SearchDoc`] of ASCII-folded columns (one per searchable field, so a
//! query can be scoped with `%company acme`); the [`query`] module parses what people
//! type; [`Finder`] scores the store's search table ([`SearchTable`]): once for the
//! CLI, and on a worker thread that keeps it in memory for the TUI ([`service`]).
//! Display keeps the original text: folding maps one character to one character, so
//! match positions apply to the original.

mod bound;
mod companies;
mod doc;
mod fold;
mod letters;
mod oneshot;
pub mod query;
/// The TUI's search index on a worker thread.
pub mod service;
mod stored;
mod table;

pub use doc::{Field, Parts, SEP, SearchDoc};
pub use fold::fold;
pub use letters::{covers, letters, row_letters};
pub use oneshot::{Finder, Hit, rank};
pub use query::{Query, QueryError};
pub use stored::SEARCHED;
pub use table::SearchTable;

/// The best matches of a query read straight from the store's search index.
pub use stored::top as top_stored;
