//! `rolo mcp`: the arguments of the MCP server; `main` opens the store and hands it to
//! `crate::mcp::serve`, which owns everything else.

use clap::Args;

/// `rolo mcp`.
#[derive(Debug, Args)]
pub struct McpArgs {
    /// Offer the read tools only (search, get, list_deals, tasks_due, report).
    #[arg(long, conflicts_with = "allow_delete")]
    pub read_only: bool,
    /// Also offer a `delete` tool (contacts, companies, deals, tasks, activities).
    #[arg(long)]
    pub allow_delete: bool,
}

impl McpArgs {
    /// The server options these arguments ask for.
    pub fn options(&self) -> crate::mcp::Options {
        crate::mcp::Options {
            read_only: self.read_only,
            allow_delete: self.allow_delete,
        }
    }
}
