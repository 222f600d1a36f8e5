//! `rolo mcp`: the CRM served to AI agents over the Model Context Protocol on stdio.
//! It owns the tool set (names, order, input and output schemas, annotations), the
//! stdio framing, and the rules that keep an agent's door as safe as a person's: every
//! tool runs the same CLI handler as `rolo ... --json` (so writes go through ops, fire
//! automation and land in the change log as `sam via mcp:<client>`, undoable), record
//! text goes out stripped of escape sequences, capped and marked as untrusted data, and
//! a missing id or bad value comes back as a tool error with a hint. It must not write
//! to the store any other way, and nothing but JSON-RPC messages goes to stdout.

mod call;
mod hints;
mod read_tools;
mod sanitise;
mod schemas;
mod server;
mod wire;
mod words;
mod write_args;
mod write_tools;

pub use server::Rolo;

use crate::config::Settings;
use crate::store::Store;

/// Which tools the server offers.
#[derive(Debug, Clone, Copy, Default)]
pub struct Options {
    /// Offer the read tools only.
    pub read_only: bool,
    /// Also offer `delete` (ignored with `read_only`).
    pub allow_delete: bool,
}

/// Serves MCP on stdin and stdout until stdin closes; the store stays open throughout.
pub fn serve(store: Store, settings: Settings, options: Options) -> anyhow::Result<()> {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .max_blocking_threads(2)
        .build()?;
    let server = Rolo::new(store, settings, options);
    let result = runtime.block_on(wire::serve_stdio(server));
    // A tool call still running when stdin closed finishes its commit (at most a few
    // milliseconds); nothing waits on the stdin reader thread.
    runtime.shutdown_timeout(std::time::Duration::from_millis(500));
    result
}
