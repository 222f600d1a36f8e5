//! The write tools: `create`, `update`, `move_deal`, `log_activity`, `add_task`,
//! `complete_task`, and `delete` (offered only with `--allow-delete`). Each runs the
//! CLI command of the same meaning, so it goes through ops, fires automation rules and
//! is recorded in the change log for `rolo history` and `rolo undo`.

use rmcp::handler::server::wrapper::Parameters;
use rmcp::model::CallToolResult;
use rmcp::service::RequestContext;
use rmcp::{ErrorData as McpError, RoleServer, tool, tool_router};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::call::{Outcome, cli};
use super::hints::{Failure, existing};
use super::read_tools::{SHOWN, noun, word};
use super::schemas;
use super::server::Rolo;
use super::words::Words;
use crate::model::{Kind, RecordId, Task};
use crate::store::{Queries, Store};

/// Declares an argument struct with the record fields `create` and `update` share.
macro_rules! with_record_fields {
    ($(#[$meta:meta])* $name:ident { $($head:tt)* }) => {
        $(#[$meta])*
        #[derive(Debug, Deserialize, JsonSchema)]
        #[serde(deny_unknown_fields)]
        pub struct $name {
            $($head)*
            /// Contact: email addresses (on update, these replace all).
            pub email: Option<Vec<String>>,
            /// Contact: phone numbers (on update, these replace all).
            pub phone: Option<Vec<String>>,
            /// Contact or deal: the company, O-n or a name (created when new); "" clears.
            pub company: Option<String>,
            /// Contact: job title.
            pub job_title: Option<String>,
            /// Contact or company: city, country or address.
            pub location: Option<String>,
            /// Contact: lead, prospect, customer or former.
            pub lifecycle: Option<Lifecycle>,
            /// Company: web domain (acme.com).
            pub domain: Option<String>,
            /// Company: industry.
            pub industry: Option<String>,
            /// Deal: value, e.g. 12500, 12,500.50 or 12.5k.
            pub value: Option<String>,
            /// Deal: ISO 4217 currency (default from the config, else EUR).
            pub currency: Option<String>,
            /// Deal (create only): pipeline, P-n or name (default: the first).
            pub pipeline: Option<String>,
            /// Deal (create only): starting stage (default: the first); move a deal with
            /// move_deal.
            pub stage: Option<String>,
            /// Deal: contacts involved, C-n or names (on update, these replace all).
            pub contacts: Option<Vec<String>>,
            /// Deal: expected close date (fri, +30d, 2026-12-01); "" clears.
            pub close_date: Option<String>,
            /// Deal: win probability override, 0-100.
            #[schemars(range(max = 100))]
            pub probability: Option<u8>,
            /// Owner, or a task's assignee ("me" for the user running rolo; default on
            /// create: that user).
            pub owner: Option<String>,
            /// Contact or deal: lead source (website, referral...).
            pub source: Option<String>,
            /// Tags to add.
            pub tags: Option<Vec<String>>,
            /// Notes (replace the record's notes).
            pub notes: Option<String>,
        }
    };
}

with_record_fields!(
    /// `create` arguments.
    CreateArgs {
        /// What to create.
        pub kind: CreateKind,
        /// The contact's or company's name, or the deal's title.
        pub name: String,
    }
);

with_record_fields!(
    /// `update` arguments.
    UpdateArgs {
        /// The record to change: C-n, O-n, D-n or T-n.
        pub id: String,
        /// New name (contact, company) or title (deal, task).
        pub name: Option<String>,
        /// Task: new due date, optionally with a time (fri, +3d, "tomorrow 15:00").
        pub due: Option<String>,
        /// Task: low, normal or high.
        pub priority: Option<Priority>,
    }
);

/// What `create` makes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
#[schemars(inline)]
#[serde(rename_all = "snake_case")]
pub enum CreateKind {
    Contact,
    Company,
    Deal,
}

/// A contact's lifecycle stage.
#[derive(Debug, Clone, Copy, Deserialize, Serialize, JsonSchema)]
#[schemars(inline)]
#[serde(rename_all = "snake_case")]
pub enum Lifecycle {
    Lead,
    Prospect,
    Customer,
    Former,
}

/// A task's priority.
#[derive(Debug, Clone, Copy, Deserialize, Serialize, JsonSchema)]
#[schemars(inline)]
#[serde(rename_all = "snake_case")]
pub enum Priority {
    Low,
    Normal,
    High,
}

/// `move_deal` arguments.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct MoveDealArgs {
    /// The deal (D-n).
    pub id: String,
    /// The stage to move it to (name or prefix, case-insensitive), or "won" or "lost".
    pub stage: String,
    /// Why it was lost (with stage "lost").
    pub reason: Option<String>,
}

/// `log_activity` arguments.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct LogActivityArgs {
    /// call, email, meeting or note.
    pub kind: ActivityKind,
    /// What happened; the first line becomes the subject unless one is given.
    pub text: String,
    /// Subject line.
    pub subject: Option<String>,
    /// Contacts involved: C-n or names.
    pub contacts: Option<Vec<String>>,
    /// The company: O-n or a name (default: the deal's or the contact's).
    pub company: Option<String>,
    /// The deal (D-n).
    pub deal: Option<String>,
    /// When it happened (default now): today, yesterday, "fri 14:00", 2026-11-20.
    pub at: Option<String>,
    /// Length, e.g. 30, 30m or 1h.
    pub duration: Option<String>,
    /// Who reached out.
    pub direction: Option<Direction>,
}

/// An activity's kind.
#[derive(Debug, Clone, Copy, Deserialize, Serialize, JsonSchema)]
#[schemars(inline)]
#[serde(rename_all = "snake_case")]
pub enum ActivityKind {
    Call,
    Email,
    Meeting,
    Note,
}

/// Who reached out.
#[derive(Debug, Clone, Copy, Deserialize, Serialize, JsonSchema)]
#[schemars(inline)]
#[serde(rename_all = "snake_case")]
pub enum Direction {
    Inbound,
    Outbound,
}

/// `add_task` arguments.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct AddTaskArgs {
    /// What to do.
    pub title: String,
    /// Due date, optionally with a time: today, fri, +3d, "tomorrow 15:00", 2026-12-01.
    pub due: Option<String>,
    /// The record it is about: C-n, O-n or D-n.
    pub on: Option<String>,
    /// Who does it ("me", or a user name; default: the user running rolo).
    pub assignee: Option<String>,
    /// low, normal or high.
    pub priority: Option<Priority>,
    /// Notes.
    pub notes: Option<String>,
}

/// `complete_task` arguments.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct CompleteTaskArgs {
    /// The task (T-n).
    pub id: String,
}

/// `delete` arguments.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct DeleteArgs {
    /// The record: C-n, O-n, D-n, T-n or A-n.
    pub id: String,
    /// Contact, company or deal: also remove it from the records that name it.
    #[serde(default)]
    pub unlink: bool,
}

/// The record fields given, as (argument name, CLI flag, values).
fn given(
    email: &Option<Vec<String>>,
    phone: &Option<Vec<String>>,
    singles: [(&'static str, &'static str, Option<String>); 15],
    contacts: &Option<Vec<String>>,
    tags: &Option<Vec<String>>,
) -> Vec<(&'static str, &'static str, Vec<String>)> {
    let mut out = Vec::new();
    for (name, flag, many) in [
        ("email", "email", email),
        ("phone", "phone", phone),
        ("contacts", "contact", contacts),
        ("tags", "tag", tags),
    ] {
        if let Some(v) = many {
            out.push((name, flag, v.clone()));
        }
    }
    for (name, flag, one) in singles {
        if let Some(v) = one {
            out.push((name, flag, vec![v]));
        }
    }
    out
}

/// Which fields a kind of record takes (argument names).
fn takes(kind: Kind, creating: bool) -> &'static [&'static str] {
    match (kind, creating) {
        (Kind::Contact, _) => &[
            "email",
            "phone",
            "company",
            "job_title",
            "location",
            "lifecycle",
            "owner",
            "source",
            "tags",
            "notes",
        ],
        (Kind::Company, _) => &["domain", "industry", "location", "owner", "tags", "notes"],
        (Kind::Deal, true) => &[
            "value",
            "currency",
            "pipeline",
            "stage",
            "company",
            "contacts",
            "close_date",
            "probability",
            "owner",
            "source",
            "tags",
            "notes",
        ],
        (Kind::Deal, false) => &[
            "value",
            "currency",
            "company",
            "contacts",
            "close_date",
            "probability",
            "owner",
            "source",
            "tags",
            "notes",
        ],
        (Kind::Task, _) => &["due", "priority", "owner", "notes"],
        _ => &[],
    }
}

/// Adds the given fields to `words` as the kind's CLI flags, or says which field does
/// not apply.
fn with_fields(
    mut words: Words,
    kind: Kind,
    creating: bool,
    fields: Vec<(&'static str, &'static str, Vec<String>)>,
) -> Result<Words, Failure> {
    let allowed = takes(kind, creating);
    for (name, flag, values) in fields {
        if !allowed.contains(&name) {
            let mut f = Failure::new(format!(
                "{name} does not apply to {} {}",
                if kind == Kind::Activity { "an" } else { "a" },
                kind.noun()
            ))
            .hint(format!("a {} takes: {}", kind.noun(), allowed.join(", ")));
            if kind == Kind::Deal && name == "stage" {
                f = f.hint("move a deal to another stage with move_deal");
            }
            return Err(f);
        }
        // A task's owner is its assignee.
        let flag = if kind == Kind::Task && flag == "owner" {
            "assignee"
        } else {
            flag
        };
        words = words.opts(flag, &values);
    }
    Ok(words)
}

macro_rules! fields_of {
    ($a:expr, $due:expr, $priority:expr) => {
        given(
            &$a.email,
            &$a.phone,
            [
                ("company", "company", $a.company.clone()),
                ("job_title", "title", $a.job_title.clone()),
                ("location", "location", $a.location.clone()),
                ("lifecycle", "lifecycle", $a.lifecycle.map(word)),
                ("domain", "domain", $a.domain.clone()),
                ("industry", "industry", $a.industry.clone()),
                ("value", "value", $a.value.clone()),
                ("currency", "currency", $a.currency.clone()),
                ("pipeline", "pipeline", $a.pipeline.clone()),
                ("stage", "stage", $a.stage.clone()),
                ("close_date", "close", $a.close_date.clone()),
                (
                    "probability",
                    "probability",
                    $a.probability.map(|p| p.to_string()),
                ),
                ("owner", "owner", $a.owner.clone()),
                ("source", "source", $a.source.clone()),
                ("notes", "notes", $a.notes.clone()),
            ],
            &$a.contacts,
            &$a.tags,
        )
        .into_iter()
        .chain($due.map(|d: String| ("due", "due", vec![d])))
        .chain($priority.map(|p| ("priority", "priority", vec![word(p)])))
        .collect::<Vec<_>>()
    };
}

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
