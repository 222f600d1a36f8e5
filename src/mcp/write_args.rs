//! The arguments of the write tools (their input schemas) and how a record's fields
//! become the CLI flags of the command a tool runs, refusing a field that does not
//! apply to the kind of record ("job_title does not apply to a deal").

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::hints::Failure;
use super::words::Words;
use crate::model::Kind;

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
pub(super) fn given(
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
pub(super) fn takes(kind: Kind, creating: bool) -> &'static [&'static str] {
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
pub(super) fn with_fields(
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

/// The record fields given in `create` or `update` arguments, with a task's due date
/// and priority.
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

pub(super) use fields_of;
