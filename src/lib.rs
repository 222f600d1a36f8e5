//! rolo: a customer relationship manager that lives in the terminal. The library holds
//! everything; `main.rs` only picks the face (CLI command or TUI). Layers, bottom up:
//! `model` (types), `store` (redb), `ops` (the one write path), then the faces.

pub mod automation;
pub mod cli;
pub mod config;
pub mod demo;
pub mod error;
pub mod mcp;
pub mod model;
pub mod ops;
pub mod par;
pub mod privacy;
pub mod search;
pub mod sla;
pub mod store;

pub use error::{Error, Result};

pub mod interchange;
pub mod report;
pub mod tui;
