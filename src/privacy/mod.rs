//! Privacy by design (GDPR articles 15, 17 and 20): everything about one person on
//! request ([`export`]), their erasure for good ([`erase`]) with a suppression list
//! ([`suppress`]) so they are not silently recreated, consent on record ([`consent`])
//! and retention rules ([`retention`]). Physically removing erased bytes from the file
//! is the store's scrub ([`crate::store::scrub`]).
//!
//! Which records refer to a person is decided in one place, the walk ([`walk`]), over
//! every record table; what identifies them in text, and how it is redacted, in
//! [`subject`]. This module writes only through the store's transaction ([`crate::store::Tx`]).

pub mod consent;
pub mod erase;
pub mod export;
mod hmac;
pub mod retention;
pub mod subject;
pub mod suppress;
pub mod walk;

pub use erase::{Plan, Tombstone, erase, plan, tombstones};
pub use export::{PersonExport, export};
pub use subject::{ERASED, Subject};
