//! Which records an import reads or an export writes, in the words the CLI uses
//! (`contacts`, `companies`, `deals`, `activities`, `tasks`, `pipelines`).

use crate::model::Kind;

/// The record kinds a CSV file can hold (one kind per file).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ImportKind {
    /// People.
    Contacts,
    /// Organisations.
    Companies,
    /// Opportunities.
    Deals,
    /// Calls, emails, meetings, notes.
    Activities,
    /// To-dos.
    Tasks,
}

impl ImportKind {
    /// Every importable kind.
    pub const ALL: [ImportKind; 5] = [
        ImportKind::Contacts,
        ImportKind::Companies,
        ImportKind::Deals,
        ImportKind::Activities,
        ImportKind::Tasks,
    ];

    /// The plural word used on the command line.
    pub fn as_str(self) -> &'static str {
        match self {
            ImportKind::Contacts => "contacts",
            ImportKind::Companies => "companies",
            ImportKind::Deals => "deals",
            ImportKind::Activities => "activities",
            ImportKind::Tasks => "tasks",
        }
    }

    /// The record kind.
    pub fn kind(self) -> Kind {
        match self {
            ImportKind::Contacts => Kind::Contact,
            ImportKind::Companies => Kind::Company,
            ImportKind::Deals => Kind::Deal,
            ImportKind::Activities => Kind::Activity,
            ImportKind::Tasks => Kind::Task,
        }
    }

    /// Parses the plural (or singular) word.
    pub fn parse(s: &str) -> Option<ImportKind> {
        let s = s.trim().to_lowercase();
        ImportKind::ALL
            .into_iter()
            .find(|k| k.as_str() == s || k.kind().noun() == s)
    }
}

/// What an export writes: one kind, or everything.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExportKind {
    /// One record kind.
    One(Kind),
    /// Every kind.
    All,
}

impl ExportKind {
    /// Parses `contacts`, `pipelines`, `all`, ...
    pub fn parse(s: &str) -> Option<ExportKind> {
        let s = s.trim().to_lowercase();
        if s == "all" {
            return Some(ExportKind::All);
        }
        if s == "pipelines" || s == "pipeline" {
            return Some(ExportKind::One(Kind::Pipeline));
        }
        if s == "rules" || s == "rule" {
            return Some(ExportKind::One(Kind::Rule));
        }
        if s == "tickets" || s == "ticket" {
            return Some(ExportKind::One(Kind::Ticket));
        }
        if s == "sla" || s == "sla_policies" || s == "sla-policies" {
            return Some(ExportKind::One(Kind::Sla));
        }
        if s == "calendars" || s == "calendar" {
            return Some(ExportKind::One(Kind::Calendar));
        }
        ImportKind::parse(&s).map(|k| ExportKind::One(k.kind()))
    }

    /// The kinds written, in dependency order (pipelines and companies first).
    pub fn kinds(self) -> Vec<Kind> {
        match self {
            ExportKind::One(k) => vec![k],
            ExportKind::All => ORDER.to_vec(),
        }
    }
}

/// Kinds in the order a restore must write them: a record only refers to earlier kinds.
pub const ORDER: [Kind; 10] = [
    Kind::Pipeline,
    Kind::Rule,
    Kind::Calendar,
    Kind::Sla,
    Kind::Company,
    Kind::Contact,
    Kind::Deal,
    Kind::Ticket,
    Kind::Task,
    Kind::Activity,
];

/// The plural word for a kind ("contacts"), as used in file names and JSON keys.
pub fn plural(kind: Kind) -> &'static str {
    match kind {
        Kind::Contact => "contacts",
        Kind::Company => "companies",
        Kind::Deal => "deals",
        Kind::Activity => "activities",
        Kind::Task => "tasks",
        Kind::Pipeline => "pipelines",
        Kind::Rule => "rules",
        Kind::Ticket => "tickets",
        Kind::Sla => "sla_policies",
        Kind::Calendar => "calendars",
    }
}
