//! The read tools: `search`, `get`, `list_deals`, `tasks_due` and `report`. Each runs
//! the CLI command of the same meaning with `--json`; none writes.

use rmcp::handler::server::wrapper::Parameters;
use rmcp::model::CallToolResult;
use rmcp::service::RequestContext;
use rmcp::{ErrorData as McpError, RoleServer, tool, tool_router};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::call::cli;
use super::hints::{Failure, existing};
use super::schemas;
use super::server::Rolo;
use super::words::Words;
use crate::model::Kind;

/// `search` arguments.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct SearchArgs {
    /// Words to find, fuzzy and accent-insensitive ("muller" finds Müller). Scope a word
    /// to a field with %company, %email, %tag or %owner ("%company acme"); "d: acme"
    /// searches deals only.
    pub query: String,
    /// Only this kind of record.
    pub kind: Option<SearchKind>,
    /// At most this many matches (default 20, at most 100).
    #[schemars(range(min = 1, max = 100))]
    pub limit: Option<u32>,
}

/// A kind of record `search` finds.
#[derive(Debug, Clone, Copy, Deserialize, Serialize, JsonSchema)]
#[schemars(inline)]
#[serde(rename_all = "snake_case")]
pub enum SearchKind {
    Contact,
    Company,
    Deal,
    Task,
    Ticket,
}

/// `get` arguments.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct GetArgs {
    /// The record's id: C-n (contact), O-n (company), D-n (deal), T-n (task) or A-n
    /// (activity).
    pub id: String,
}

/// `list_deals` arguments.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ListDealsArgs {
    /// Only in this pipeline (P-n or name).
    pub pipeline: Option<String>,
    /// Only in this stage (name or prefix, e.g. "negotiation").
    pub stage: Option<String>,
    /// Only this owner's deals ("me" for the user running rolo).
    pub owner: Option<String>,
    /// open (default), won, lost or all.
    pub status: Option<DealStatusArg>,
    /// Only for this company (O-n or exact name).
    pub company: Option<String>,
    /// Only with this tag.
    pub tag: Option<String>,
    /// Only open deals that sat in their stage past its rotting threshold.
    #[serde(default)]
    pub rotting: bool,
    /// Only open deals with no open task linked (no next step).
    #[serde(default)]
    pub no_next_step: bool,
    /// Order: stage (default: pipeline order, largest first), value, close, created or
    /// title.
    pub sort: Option<DealSortArg>,
    /// At most this many deals (default 50, at most 500).
    #[schemars(range(min = 1, max = 500))]
    pub limit: Option<u32>,
    /// Skip the first N matches (paging).
    pub offset: Option<u32>,
}

/// A deal's status filter.
#[derive(Debug, Clone, Copy, Deserialize, Serialize, JsonSchema)]
#[schemars(inline)]
#[serde(rename_all = "snake_case")]
pub enum DealStatusArg {
    Open,
    Won,
    Lost,
    All,
}

/// The order of `list_deals`.
#[derive(Debug, Clone, Copy, Deserialize, Serialize, JsonSchema)]
#[schemars(inline)]
#[serde(rename_all = "snake_case")]
pub enum DealSortArg {
    Stage,
    Value,
    Close,
    Created,
    Title,
}

/// `tasks_due` arguments.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct TasksDueArgs {
    /// overdue, today, week (next 7 days with overdue; the default) or all open tasks.
    pub due: Option<DueArg>,
    /// Only this assignee's tasks ("me" for the user running rolo).
    pub assignee: Option<String>,
    /// Only tasks on this record (C-n, O-n or D-n).
    pub on: Option<String>,
    /// At most this many tasks (default 50, at most 500).
    #[schemars(range(min = 1, max = 500))]
    pub limit: Option<u32>,
}

/// Which open tasks `tasks_due` lists.
#[derive(Debug, Clone, Copy, Deserialize, Serialize, JsonSchema)]
#[schemars(inline)]
#[serde(rename_all = "snake_case")]
pub enum DueArg {
    Overdue,
    Today,
    Week,
    All,
}

/// `report` arguments.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ReportArgs {
    /// Which report: pipeline (open value by stage), forecast (weighted, by month of
    /// expected close), win-rate, velocity (days to close), funnel (stage-to-stage
    /// conversion), activity (per person), revenue (won, by period), sources (lead
    /// sources) or hygiene (deals without a next step, stale contacts, missing fields).
    pub name: ReportNameArg,
    /// First day of the period (2026-01-01, "-30d", "last month").
    pub since: Option<String>,
    /// Last day of the period, included (default today).
    pub until: Option<String>,
    /// Only this user's records ("me" for the user running rolo).
    pub owner: Option<String>,
    /// Only deals of this pipeline (P-n or name).
    pub pipeline: Option<String>,
    /// Group figures by week, month (default) or quarter.
    pub by: Option<PeriodArg>,
    /// hygiene only: at most this many records in each list (default 50); `counts`
    /// gives every list's whole length.
    #[schemars(range(min = 1, max = 1000))]
    pub limit: Option<u32>,
}

/// The reports.
#[derive(Debug, Clone, Copy, Deserialize, Serialize, JsonSchema)]
#[schemars(inline)]
#[serde(rename_all = "kebab-case")]
pub enum ReportNameArg {
    Pipeline,
    Forecast,
    WinRate,
    Velocity,
    Funnel,
    Activity,
    Revenue,
    Sources,
    Hygiene,
    Tickets,
}

/// A grouping period.
#[derive(Debug, Clone, Copy, Deserialize, Serialize, JsonSchema)]
#[schemars(inline)]
#[serde(rename_all = "snake_case")]
pub enum PeriodArg {
    Week,
    Month,
    Quarter,
}

/// The CLI's word for an argument value.
pub(super) fn word<T: Serialize>(v: T) -> String {
    // Unit variants serialize to their rename: the CLI's own word.
    serde_json::to_value(v)
        .ok()
        .and_then(|v| v.as_str().map(str::to_string))
        .unwrap_or_default()
}

/// The command that shows a record of this kind.
pub(super) fn noun(kind: Kind) -> &'static str {
    match kind {
        Kind::Contact => "contact",
        Kind::Company => "company",
        Kind::Deal => "deal",
        Kind::Task => "task",
        Kind::Ticket => "ticket",
        _ => "activity",
    }
}

/// The kinds `get` reads.
pub(super) const SHOWN: [Kind; 6] = [
    Kind::Contact,
    Kind::Company,
    Kind::Deal,
    Kind::Task,
    Kind::Activity,
    Kind::Ticket,
];

#[tool_router(router = read_tools, vis = "pub(super)")]
impl Rolo {
    /// Finds contacts, companies, deals, tasks and tickets by name, company, email, tag or
    /// owner.
    #[tool(
        name = "search",
        description = "Find contacts, companies, deals, tasks and support tickets: ranked fuzzy matches with their ids (the same engine and syntax as `rolo search`). Accents do not matter.",
        output_schema = schemas::search(),
        annotations(title = "Search the CRM", read_only_hint = true, open_world_hint = false)
    )]
    pub async fn search(
        &self,
        Parameters(a): Parameters<SearchArgs>,
        ctx: RequestContext<RoleServer>,
    ) -> Result<CallToolResult, McpError> {
        self.run(&ctx, move |store, settings| {
            let words = Words::new(&["search"])
                .opt("limit", Some(a.limit.unwrap_or(20).clamp(1, 100)))
                .opt("kind", a.kind.map(word))
                .arg(a.query);
            cli(store, settings, words, Some("results"))
        })
        .await
    }

    /// Reads one record with what is linked to it.
    #[tool(
        name = "get",
        description = "Read one record by id (C-n contact, O-n company, D-n deal, T-n task, A-n activity, S-n support ticket) with its linked records: a contact's deals, open tasks, open tickets and recent activities; a company's contacts, deals, open tickets and activities; a deal's tasks, open tickets and activities; a ticket's SLA clocks.",
        output_schema = schemas::get(),
        annotations(title = "Read a record", read_only_hint = true, open_world_hint = false)
    )]
    pub async fn get(
        &self,
        Parameters(a): Parameters<GetArgs>,
        ctx: RequestContext<RoleServer>,
    ) -> Result<CallToolResult, McpError> {
        self.run(&ctx, move |store, settings| {
            let rid = existing(store, &a.id, &SHOWN)?;
            let words = Words::new(&[noun(rid.kind), "show"]).arg(rid.to_string());
            cli(store, settings, words, None)
        })
        .await
    }

    /// Lists deals by pipeline, stage, owner, status and health.
    #[tool(
        name = "list_deals",
        description = "List deals (open ones unless status says otherwise), filtered by pipeline, stage, owner, company, tag, and health: rotting (past the stage's threshold) or without a next step (no open task).",
        output_schema = schemas::deals(),
        annotations(title = "List deals", read_only_hint = true, open_world_hint = false)
    )]
    pub async fn list_deals(
        &self,
        Parameters(a): Parameters<ListDealsArgs>,
        ctx: RequestContext<RoleServer>,
    ) -> Result<CallToolResult, McpError> {
        self.run(&ctx, move |store, settings| {
            let words = Words::new(&["deal", "list"])
                .opt("pipeline", a.pipeline)
                .opt("stage", a.stage)
                .opt("owner", a.owner)
                .opt("status", a.status.map(word))
                .opt("company", a.company)
                .opt("tag", a.tag)
                .flag("rotting", a.rotting)
                .flag("no-next-step", a.no_next_step)
                .opt("sort", a.sort.map(word))
                .opt("limit", Some(a.limit.unwrap_or(50).clamp(1, 500)))
                .opt("offset", a.offset);
            cli(store, settings, words, Some("deals"))
        })
        .await
    }

    /// Lists open tasks by due date.
    #[tool(
        name = "tasks_due",
        description = "List open tasks by due date: overdue, due today, this week (the default) or all; optionally one assignee's or one record's.",
        output_schema = schemas::tasks(),
        annotations(title = "Tasks due", read_only_hint = true, open_world_hint = false)
    )]
    pub async fn tasks_due(
        &self,
        Parameters(a): Parameters<TasksDueArgs>,
        ctx: RequestContext<RoleServer>,
    ) -> Result<CallToolResult, McpError> {
        self.run(&ctx, move |store, settings| {
            let on = match &a.on {
                Some(on) => Some(
                    existing(store, on, &[Kind::Contact, Kind::Company, Kind::Deal])?.to_string(),
                ),
                None => None,
            };
            let words = Words::new(&["task", "list"])
                .opt("due", Some(word(a.due.unwrap_or(DueArg::Week))))
                .opt("assignee", a.assignee)
                .opt("link", on)
                .opt("limit", Some(a.limit.unwrap_or(50).clamp(1, 500)));
            cli(store, settings, words, Some("tasks"))
        })
        .await
    }

    /// Runs a report.
    #[tool(
        name = "report",
        description = "Run a report: pipeline (value by stage), forecast, win-rate, velocity, funnel, activity, revenue, sources or hygiene; the same figures as `rolo report NAME`. The hygiene report's lists hold the first 50 records each unless `limit` says otherwise; its `counts` give each list's whole length.",
        output_schema = schemas::report(),
        annotations(title = "Run a report", read_only_hint = true, open_world_hint = false)
    )]
    pub async fn report(
        &self,
        Parameters(a): Parameters<ReportArgs>,
        ctx: RequestContext<RoleServer>,
    ) -> Result<CallToolResult, McpError> {
        self.run(&ctx, move |store, settings| {
            let hygiene = matches!(a.name, ReportNameArg::Hygiene);
            if a.limit.is_some() && !hygiene {
                return Err(Failure::new(format!(
                    "limit applies to the hygiene report only, not to {}",
                    word(a.name)
                )));
            }
            let limit = hygiene.then(|| a.limit.unwrap_or(50).clamp(1, 1000));
            let words = Words::new(&["report"])
                .opt("since", a.since)
                .opt("until", a.until)
                .opt("owner", a.owner)
                .opt("pipeline", a.pipeline)
                .opt("by", a.by.map(word))
                .opt("limit", limit)
                .arg(word(a.name));
            cli(store, settings, words, None)
        })
        .await
    }
}
