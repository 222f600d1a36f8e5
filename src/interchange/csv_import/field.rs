//! The rolo fields a CSV column can fill, per record kind, under the names `--map` and
//! error messages use (`email`, `close_date`, `custom.KEY`, ...).

use crate::interchange::kind::ImportKind;

/// Where an email or phone column's label comes from.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Label {
    /// No label.
    None,
    /// A fixed label ("work" for Outlook's "Business Phone").
    Fixed(&'static str),
    /// The label column of the same number (Google's "E-mail 2 - Label").
    Slot(u8),
}

/// A field a column fills. Which ones apply depends on the kind imported; see [`names`].
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Field {
    /// Contact or company name.
    Name,
    /// Given name.
    GivenName,
    /// Middle name (joined into the full name).
    MiddleName,
    /// Family name.
    FamilyName,
    /// A contact's job title; a deal's, task's or activity's title or subject.
    Title,
    /// The company (name or `O-id`).
    Company,
    /// A company's web domain.
    Domain,
    /// An email address (several columns may give several).
    Email(Label),
    /// The label of a numbered email column.
    EmailLabel(u8),
    /// A phone number.
    Phone(Label),
    /// The label of a numbered phone column.
    PhoneLabel(u8),
    /// A whole address or location.
    Location,
    /// Street (joined into the location).
    Street,
    /// City.
    City,
    /// State or region.
    Region,
    /// Postal code.
    PostalCode,
    /// Country.
    Country,
    /// A company's industry.
    Industry,
    /// A company's head-count band.
    Size,
    /// Tags (several per cell).
    Tags,
    /// The owning user (or assignee, or author).
    Owner,
    /// A contact's lifecycle stage.
    Lifecycle,
    /// Lead source.
    Source,
    /// Email consent (granted, denied).
    Consent,
    /// Notes, description or an activity's body.
    Notes,
    /// When the record was created in the old system.
    Created,
    /// A deal's amount.
    Value,
    /// A deal's currency.
    Currency,
    /// A deal's pipeline.
    Pipeline,
    /// A deal's stage.
    Stage,
    /// A deal's status (open, won, lost).
    Status,
    /// A deal's expected close date.
    CloseDate,
    /// When a deal was won (Pipedrive's "Won time").
    WonAt,
    /// When a deal was lost (Pipedrive's "Lost time").
    LostAt,
    /// When a deal was closed, won or lost ("Deal closed on").
    ClosedAt,
    /// Whether a deal is won (Salesforce's IsWon).
    IsWon,
    /// Whether a deal is closed (Salesforce's IsClosed).
    IsClosed,
    /// A deal's win probability.
    Probability,
    /// Contacts involved (emails, names or `C-id`s).
    Contact,
    /// The deal (title or `D-id`).
    Deal,
    /// Why a deal was lost.
    LostReason,
    /// An activity's kind (call, email, meeting, note).
    ActivityKind,
    /// When an activity happened.
    At,
    /// The time of day of `At`, in a column of its own (Pipedrive's "Due time").
    AtTime,
    /// An activity's length in minutes.
    Duration,
    /// Inbound or outbound.
    Direction,
    /// An activity's external id (Message-ID, calendar UID).
    ExternalId,
    /// A task's due date.
    Due,
    /// A task's priority.
    Priority,
    /// Whether a task is done.
    Done,
    /// When a task was done.
    DoneAt,
    /// A task's link (`C-3`, `O-2`, `D-9`).
    Link,
    /// The record's id in the product it comes from (Pipedrive's "Deal - ID").
    SourceId,
    /// The company's id in that product ("Deal - Organization ID", `AccountId`).
    CompanyId,
    /// A contact's id in that product ("Deal - Contact person ID", `WhoId`).
    ContactId,
    /// A deal's id in that product ("Deal - ID" in an activities export).
    DealId,
    /// A deal's or a company's id in that product (Salesforce's `WhatId`).
    RelatedId,
    /// A user-defined contact field.
    Custom(String),
    /// A column to leave out.
    Ignore,
}

/// The rolo field names for `kind`, as `--map` accepts them.
pub fn names(kind: ImportKind) -> &'static [&'static str] {
    match kind {
        ImportKind::Contacts => &[
            "name",
            "given_name",
            "middle_name",
            "family_name",
            "title",
            "company",
            "domain",
            "email",
            "phone",
            "location",
            "street",
            "city",
            "region",
            "postal_code",
            "country",
            "tags",
            "owner",
            "lifecycle",
            "source",
            "consent",
            "notes",
            "created",
            "source_id",
            "company_id",
            "custom.KEY",
            "ignore",
        ],
        ImportKind::Companies => &[
            "name",
            "domain",
            "industry",
            "size",
            "location",
            "street",
            "city",
            "region",
            "postal_code",
            "country",
            "tags",
            "owner",
            "notes",
            "created",
            "source_id",
            "ignore",
        ],
        ImportKind::Deals => &[
            "title",
            "value",
            "currency",
            "pipeline",
            "stage",
            "status",
            "close_date",
            "won_at",
            "lost_at",
            "closed_at",
            "is_won",
            "is_closed",
            "probability",
            "owner",
            "company",
            "contact",
            "lost_reason",
            "source",
            "tags",
            "notes",
            "created",
            "source_id",
            "company_id",
            "contact_id",
            "ignore",
        ],
        ImportKind::Activities => &[
            "kind",
            "subject",
            "body",
            "at",
            "time",
            "duration",
            "direction",
            "contact",
            "company",
            "deal",
            "author",
            "external_id",
            "done",
            "done_at",
            "created",
            "contact_id",
            "company_id",
            "deal_id",
            "related_id",
            "ignore",
        ],
        ImportKind::Tasks => &[
            "title",
            "due",
            "assignee",
            "link",
            "contact",
            "company",
            "deal",
            "priority",
            "done",
            "done_at",
            "notes",
            "created",
            "contact_id",
            "company_id",
            "deal_id",
            "related_id",
            "ignore",
        ],
    }
}

/// Reads a rolo field name given to `--map` for `kind`.
pub fn parse(kind: ImportKind, name: &str) -> Option<Field> {
    let n = name.trim().to_lowercase();
    if let Some(key) = n.strip_prefix("custom.") {
        return (kind == ImportKind::Contacts && !key.is_empty())
            .then(|| Field::Custom(name.trim()["custom.".len()..].to_string()));
    }
    if !names(kind).contains(&n.as_str()) {
        return None;
    }
    Some(match n.as_str() {
        "name" => Field::Name,
        "given_name" => Field::GivenName,
        "middle_name" => Field::MiddleName,
        "family_name" => Field::FamilyName,
        "title" | "subject" => Field::Title,
        "company" => Field::Company,
        "domain" => Field::Domain,
        "email" => Field::Email(Label::None),
        "phone" => Field::Phone(Label::None),
        "location" => Field::Location,
        "street" => Field::Street,
        "city" => Field::City,
        "region" => Field::Region,
        "postal_code" => Field::PostalCode,
        "country" => Field::Country,
        "industry" => Field::Industry,
        "size" => Field::Size,
        "tags" => Field::Tags,
        "owner" | "assignee" | "author" => Field::Owner,
        "lifecycle" => Field::Lifecycle,
        "source" => Field::Source,
        "consent" => Field::Consent,
        "notes" | "body" => Field::Notes,
        "created" => Field::Created,
        "value" => Field::Value,
        "currency" => Field::Currency,
        "pipeline" => Field::Pipeline,
        "stage" => Field::Stage,
        "status" => Field::Status,
        "close_date" => Field::CloseDate,
        "won_at" => Field::WonAt,
        "lost_at" => Field::LostAt,
        "closed_at" => Field::ClosedAt,
        "is_won" => Field::IsWon,
        "is_closed" => Field::IsClosed,
        "probability" => Field::Probability,
        "contact" => Field::Contact,
        "deal" => Field::Deal,
        "lost_reason" => Field::LostReason,
        "kind" => Field::ActivityKind,
        "at" => Field::At,
        "time" => Field::AtTime,
        "duration" => Field::Duration,
        "direction" => Field::Direction,
        "external_id" => Field::ExternalId,
        "due" => Field::Due,
        "priority" => Field::Priority,
        "done" => Field::Done,
        "done_at" => Field::DoneAt,
        "link" => Field::Link,
        "source_id" => Field::SourceId,
        "company_id" => Field::CompanyId,
        "contact_id" => Field::ContactId,
        "deal_id" => Field::DealId,
        "related_id" => Field::RelatedId,
        _ => Field::Ignore,
    })
}

impl Field {
    /// Whether several columns may fill this field (their values are all kept).
    pub fn is_multi(&self) -> bool {
        matches!(
            self,
            Field::Email(_)
                | Field::Phone(_)
                | Field::Tags
                | Field::Contact
                | Field::ContactId
                | Field::Ignore
        )
    }
}
