//! The write tools: `create`, `update`, `move_deal`, `log_activity`, `add_task`,
//! `complete_task`, and `delete` (offered only with `--allow-delete`). Each runs the
//! CLI command of the same meaning, so it goes through ops, fires automation rules and
//! is recorded in the change log for `rolo history` and `rolo undo`.

use super::call::{Outcome, cli};
use super::hints::{Failure, existing};
use super::read_tools::{SHOWN, noun, word};
use super::schemas;
use super::server::Rolo;
use super::words::Words;
use super::write_args::{
    AddTaskArgs, CompleteTaskArgs, CreateArgs, CreateKind, DeleteArgs, Direction, LogActivityArgs,
    MoveDealArgs, Priority, UpdateArgs, fields_of, given, takes, with_fields,
};
use crate::model::{Kind, RecordId, Task};
use crate::store::{Queries, Store};
use rmcp::handler::server::wrapper::Parameters;
use rmcp::model::CallToolResult;
use rmcp::service::RequestContext;
use rmcp::{ErrorData as McpError, RoleServer, tool, tool_router};

/// Checks that an argument holding an id names an existing record; a name is left for
/// the command to resolve.
fn id_or_name(store: &Store, input: &str, kinds: &[Kind]) -> Result<String, Failure> {
    if input.parse::<RecordId>().is_ok() {
        Ok(existing(store, input, kinds)?.to_string())
    } else {
        Ok(input.to_string())
    }
}

/// `create`.
fn create(store: &Store, settings: &crate::config::Settings, a: CreateArgs) -> Outcome {
    let kind = match a.kind {
        CreateKind::Contact => Kind::Contact,
        CreateKind::Company => Kind::Company,
        CreateKind::Deal => Kind::Deal,
    };
    if a.name.trim().is_empty() {
        return Err(Failure::new("name is empty").hint(match kind {
            Kind::Deal => "give the deal a title: what is being sold",
            _ => "give the name of the person or company",
        }));
    }
    if let Some(c) = &a.company {
        id_or_name(store, c, &[Kind::Company])?;
    }
    for c in a.contacts.iter().flatten() {
        id_or_name(store, c, &[Kind::Contact])?;
    }
    let fields = fields_of!(a, None::<String>, None::<Priority>);
    let words = with_fields(Words::new(&[noun(kind), "add"]), kind, true, fields)?.arg(a.name);
    cli(store, settings, words, None)
}

/// `update`.
fn update(store: &Store, settings: &crate::config::Settings, a: UpdateArgs) -> Outcome {
    let rid = existing(
        store,
        &a.id,
        &[Kind::Contact, Kind::Company, Kind::Deal, Kind::Task],
    )?;
    if let Some(c) = a.company.as_deref().filter(|c| !c.is_empty()) {
        id_or_name(store, c, &[Kind::Company])?;
    }
    for c in a.contacts.iter().flatten() {
        id_or_name(store, c, &[Kind::Contact])?;
    }
    let name_flag = match rid.kind {
        Kind::Deal | Kind::Task => "title",
        _ => "name",
    };
    let fields = fields_of!(a, a.due.clone(), a.priority);
    if fields.is_empty() && a.name.is_none() {
        return Err(Failure::new("nothing to change").hint(format!(
            "a {} takes: name, {}",
            rid.kind.noun(),
            takes(rid.kind, false).join(", ")
        )));
    }
    let words = Words::new(&[noun(rid.kind), "edit"]).opt(name_flag, a.name.clone());
    let words = with_fields(words, rid.kind, false, fields)?.arg(rid.to_string());
    cli(store, settings, words, None)
}

/// `move_deal`: a stage, or won / lost; moving a deal where it already is changes
/// nothing and returns it as it is.
fn move_deal(store: &Store, settings: &crate::config::Settings, a: MoveDealArgs) -> Outcome {
    let rid = existing(store, &a.id, &[Kind::Deal])?;
    let stage = a.stage.trim().to_lowercase();
    let words = match stage.as_str() {
        "lost" => Words::new(&["deal", "lost"])
            .opt("reason", a.reason)
            .arg(rid.to_string()),
        _ if a.reason.is_some() => {
            return Err(Failure::new("a reason goes with stage \"lost\" only"));
        }
        "won" => Words::new(&["deal", "won"]).arg(rid.to_string()),
        _ => Words::new(&["deal", "move"])
            .arg(rid.to_string())
            .arg(a.stage.clone()),
    };
    match cli(store, settings, words, None) {
        Err(f) if f.message.contains("is already") => cli(
            store,
            settings,
            Words::new(&["deal", "show"]).arg(rid.to_string()),
            None,
        ),
        other => other,
    }
}

/// `log_activity`.
fn log_activity(store: &Store, settings: &crate::config::Settings, a: LogActivityArgs) -> Outcome {
    let deal = a
        .deal
        .as_deref()
        .map(|d| existing(store, d, &[Kind::Deal]).map(|r| r.to_string()))
        .transpose()?;
    let contacts = a
        .contacts
        .iter()
        .flatten()
        .map(|c| id_or_name(store, c, &[Kind::Contact]))
        .collect::<Result<Vec<_>, _>>()?;
    let company = a
        .company
        .as_deref()
        .map(|c| id_or_name(store, c, &[Kind::Company]))
        .transpose()?;
    if a.text.trim().is_empty() && a.subject.is_none() {
        return Err(Failure::new("text is empty").hint("say what happened"));
    }
    let words = Words::new(&["log"])
        .opt("subject", a.subject)
        .opts("contact", &contacts)
        .opt("company", company)
        .opt("deal", deal)
        .opt("at", a.at)
        .opt("duration", a.duration)
        .flag("inbound", matches!(a.direction, Some(Direction::Inbound)))
        .flag("outbound", matches!(a.direction, Some(Direction::Outbound)))
        .arg(word(a.kind))
        .arg(a.text);
    cli(store, settings, words, None)
}

/// `add_task`.
fn add_task(store: &Store, settings: &crate::config::Settings, a: AddTaskArgs) -> Outcome {
    if a.title.trim().is_empty() {
        return Err(Failure::new("title is empty").hint("say what is to be done"));
    }
    let on = a
        .on
        .as_deref()
        .map(|o| {
            existing(store, o, &[Kind::Contact, Kind::Company, Kind::Deal]).map(|r| r.to_string())
        })
        .transpose()?;
    let words = Words::new(&["task", "add"])
        .opt("due", a.due)
        .opt("link", on)
        .opt("assignee", a.assignee)
        .opt("priority", a.priority.map(word))
        .opt("notes", a.notes)
        .arg(a.title);
    cli(store, settings, words, None)
}

/// `complete_task`: a task already done is returned as it is.
fn complete_task(
    store: &Store,
    settings: &crate::config::Settings,
    a: CompleteTaskArgs,
) -> Outcome {
    let rid = existing(store, &a.id, &[Kind::Task])?;
    let done = store
        .read()?
        .get::<Task>(rid.id)?
        .is_some_and(|t| !t.is_open());
    let verb = if done { "show" } else { "done" };
    cli(
        store,
        settings,
        Words::new(&["task", verb]).arg(rid.to_string()),
        None,
    )
}

/// `delete`.
fn delete(store: &Store, settings: &crate::config::Settings, a: DeleteArgs) -> Outcome {
    let rid = existing(store, &a.id, &SHOWN)?;
    let links = matches!(rid.kind, Kind::Contact | Kind::Company | Kind::Deal);
    if a.unlink && !links {
        return Err(Failure::new(format!(
            "unlink applies to contacts, companies and deals, not to {rid}"
        )));
    }
    let words = Words::new(&[noun(rid.kind), "rm"])
        .flag("unlink", a.unlink)
        .arg(rid.to_string());
    cli(store, settings, words, None).map_err(|f| {
        if f.message.contains("--unlink") {
            Failure::new(f.message.replace("pass --unlink", "pass unlink: true"))
        } else {
            f
        }
    })
}

#[tool_router(router = write_tools, vis = "pub(super)")]
impl Rolo {
    /// Creates a contact, company or deal.
    #[tool(
        name = "create",
        description = "Create a contact, company or deal. Fields that apply: contact (email, phone, company, job_title, location, lifecycle, owner, source, tags, notes), company (domain, industry, location, owner, tags, notes), deal (value, currency, pipeline, stage, company, contacts, close_date, probability, owner, source, tags, notes). Automation rules run as for any new record.",
        output_schema = schemas::created(),
        annotations(title = "Create a record", read_only_hint = false, destructive_hint = false, idempotent_hint = false, open_world_hint = false)
    )]
    pub async fn create(
        &self,
        Parameters(a): Parameters<CreateArgs>,
        ctx: RequestContext<RoleServer>,
    ) -> Result<CallToolResult, McpError> {
        self.run(&ctx, move |store, settings| create(store, settings, a))
            .await
    }

    /// Changes fields of a contact, company, deal or task.
    #[tool(
        name = "update",
        description = "Change fields of a contact, company, deal or task (only the fields given change; emails, phones and a deal's contacts are replaced, tags are added). A task takes name, due, priority, owner (its assignee) and notes. Use move_deal for a deal's stage.",
        output_schema = schemas::updated(),
        annotations(title = "Update a record", read_only_hint = false, destructive_hint = true, idempotent_hint = true, open_world_hint = false)
    )]
    pub async fn update(
        &self,
        Parameters(a): Parameters<UpdateArgs>,
        ctx: RequestContext<RoleServer>,
    ) -> Result<CallToolResult, McpError> {
        self.run(&ctx, move |store, settings| update(store, settings, a))
            .await
    }

    /// Moves a deal to a stage, or marks it won or lost.
    #[tool(
        name = "move_deal",
        description = "Move a deal to another stage of its pipeline (name or prefix), or mark it won or lost (stage \"won\" or \"lost\", with a reason). The stage history keeps every move; rules on entering a stage run.",
        output_schema = schemas::moved(),
        annotations(title = "Move a deal", read_only_hint = false, destructive_hint = false, idempotent_hint = true, open_world_hint = false)
    )]
    pub async fn move_deal(
        &self,
        Parameters(a): Parameters<MoveDealArgs>,
        ctx: RequestContext<RoleServer>,
    ) -> Result<CallToolResult, McpError> {
        self.run(&ctx, move |store, settings| move_deal(store, settings, a))
            .await
    }

    /// Logs a call, email, meeting or note.
    #[tool(
        name = "log_activity",
        description = "Log a call, email, meeting or note on contacts, a company and/or a deal; it appears on their timelines and may close a waiting follow-up task.",
        output_schema = schemas::logged(),
        annotations(title = "Log an activity", read_only_hint = false, destructive_hint = false, idempotent_hint = false, open_world_hint = false)
    )]
    pub async fn log_activity(
        &self,
        Parameters(a): Parameters<LogActivityArgs>,
        ctx: RequestContext<RoleServer>,
    ) -> Result<CallToolResult, McpError> {
        self.run(&ctx, move |store, settings| {
            log_activity(store, settings, a)
        })
        .await
    }

    /// Adds a task.
    #[tool(
        name = "add_task",
        description = "Add a task (a next step), optionally due at a date and time, on a contact, company or deal, for an assignee.",
        output_schema = schemas::one_task(),
        annotations(title = "Add a task", read_only_hint = false, destructive_hint = false, idempotent_hint = false, open_world_hint = false)
    )]
    pub async fn add_task(
        &self,
        Parameters(a): Parameters<AddTaskArgs>,
        ctx: RequestContext<RoleServer>,
    ) -> Result<CallToolResult, McpError> {
        self.run(&ctx, move |store, settings| add_task(store, settings, a))
            .await
    }

    /// Marks a task done.
    #[tool(
        name = "complete_task",
        description = "Mark a task done (a repeating task gets its next occurrence). A task already done is returned unchanged.",
        output_schema = schemas::one_task(),
        annotations(title = "Complete a task", read_only_hint = false, destructive_hint = false, idempotent_hint = true, open_world_hint = false)
    )]
    pub async fn complete_task(
        &self,
        Parameters(a): Parameters<CompleteTaskArgs>,
        ctx: RequestContext<RoleServer>,
    ) -> Result<CallToolResult, McpError> {
        self.run(&ctx, move |store, settings| {
            complete_task(store, settings, a)
        })
        .await
    }
}

#[tool_router(router = delete_tools, vis = "pub(super)")]
impl Rolo {
    /// Deletes a record (offered only with `--allow-delete`).
    #[tool(
        name = "delete",
        description = "Delete a contact, company, deal, task or activity. A record other records name is kept unless unlink is true. A person can restore it with `rolo undo`.",
        output_schema = schemas::deleted(),
        annotations(title = "Delete a record", read_only_hint = false, destructive_hint = true, idempotent_hint = true, open_world_hint = false)
    )]
    pub async fn delete(
        &self,
        Parameters(a): Parameters<DeleteArgs>,
        ctx: RequestContext<RoleServer>,
    ) -> Result<CallToolResult, McpError> {
        self.run(&ctx, move |store, settings| delete(store, settings, a))
            .await
    }
}
