//! Running one tool call: on the blocking pool (redb is synchronous), with the store
//! attributed to the client for this call, through the CLI's own handlers with output
//! captured as JSON; then the JSON, cleaned, becomes the result's `structuredContent`
//! and, marked as untrusted, its text block. A [`Failure`] becomes a tool error.

use rmcp::ErrorData as McpError;
use rmcp::RoleServer;
use rmcp::model::{CallToolResult, ContentBlock};
use rmcp::service::RequestContext;
use serde_json::Value;

use super::hints::Failure;
use super::sanitise::{clean_json, clean_text, marked};
use super::server::Rolo;
use super::words::Words;
use crate::config::Settings;
use crate::store::{Store, mcp_via};

/// What a tool's work returns: the CLI's JSON, or why it failed.
pub type Outcome = Result<Value, Failure>;

impl Rolo {
    /// Runs `work` against the store for the client of `ctx`; a write it makes is
    /// recorded as `<user> via mcp:<client>`.
    pub(super) async fn run<F>(
        &self,
        ctx: &RequestContext<RoleServer>,
        work: F,
    ) -> Result<CallToolResult, McpError>
    where
        F: FnOnce(&Store, &Settings) -> Outcome + Send + 'static,
    {
        let via = mcp_via(&ctx.client_info().map(|info| info.name).unwrap_or_default());
        let store = self.store.clone();
        let settings = self.settings.clone();
        let outcome = tokio::task::spawn_blocking(move || {
            // A call that panicked poisons the lock; the store itself is still sound
            // (redb rolled back its transaction), so go on with it.
            let mut store = store.lock().unwrap_or_else(|p| p.into_inner());
            store.set_via(Some(via));
            let outcome = work(&store, &settings);
            for w in store.take_warnings() {
                eprintln!("rolo mcp: warning: {}", crate::model::text::sanitize(&w));
            }
            outcome
        })
        .await
        .map_err(|e| McpError::internal_error(format!("the tool call failed: {e}"), None))?;
        Ok(result(outcome))
    }
}

/// Runs CLI `words` and reads what it printed as JSON; a list is put under `key`
/// (structured content is an object).
pub fn cli(store: &Store, settings: &Settings, words: Words, key: Option<&str>) -> Outcome {
    let printed = crate::cli::run_words(store, settings, words.into_vec()).map_err(Failure::new)?;
    if let Err(e) = printed.result {
        return Err(Failure::new(e));
    }
    let value: Value = serde_json::from_str(printed.out.trim())
        .map_err(|e| Failure::new(format!("internal: the command's JSON did not parse: {e}")))?;
    Ok(match (value, key) {
        (Value::Array(items), Some(k)) => serde_json::json!({ k: items }),
        (v, _) => v,
    })
}

/// The tool result for an outcome.
fn result(outcome: Outcome) -> CallToolResult {
    match outcome {
        Ok(mut value) => {
            clean_json(&mut value);
            let text = serde_json::to_string(&value).unwrap_or_default();
            let mut r = CallToolResult::structured(value);
            r.content = vec![ContentBlock::text(marked(&text))];
            r
        }
        Err(f) => CallToolResult::error(vec![ContentBlock::text(marked(&clean_text(&f.text())))]),
    }
}
