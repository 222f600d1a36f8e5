//! Record ids: the numeric id stored in the database and the prefixed form people type
//! and read (`C-42`, `O-7`, `D-17`, `A-9001`, `T-301`, `P-1`, `R-2`, `S-12`, `L-1`, `H-1`).

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

/// The kinds of record rolo keeps; each has its own id sequence and prefix.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    /// A person.
    Contact,
    /// An organisation (account).
    Company,
    /// A sales opportunity.
    Deal,
    /// A call, email, meeting or note.
    Activity,
    /// A to-do with a due date.
    Task,
    /// A pipeline and its stages.
    Pipeline,
    /// An automation rule.
    Rule,
    /// A service ticket.
    Ticket,
    /// A service-level policy.
    Sla,
    /// A business-hours calendar.
    Calendar,
}

impl Kind {
    /// Every kind, in display order.
    pub const ALL: [Kind; 10] = [
        Kind::Contact,
        Kind::Company,
        Kind::Deal,
        Kind::Activity,
        Kind::Task,
        Kind::Pipeline,
        Kind::Rule,
        Kind::Ticket,
        Kind::Sla,
        Kind::Calendar,
    ];

    /// The letter people see before the number.
    pub fn prefix(self) -> char {
        match self {
            Kind::Contact => 'C',
            Kind::Company => 'O',
            Kind::Deal => 'D',
            Kind::Activity => 'A',
            Kind::Task => 'T',
            Kind::Pipeline => 'P',
            Kind::Rule => 'R',
            Kind::Ticket => 'S',
            Kind::Sla => 'L',
            Kind::Calendar => 'H',
        }
    }

    /// The word used in messages ("contact", "deal", ...).
    pub fn noun(self) -> &'static str {
        match self {
            Kind::Contact => "contact",
            Kind::Company => "company",
            Kind::Deal => "deal",
            Kind::Activity => "activity",
            Kind::Task => "task",
            Kind::Pipeline => "pipeline",
            Kind::Rule => "rule",
            Kind::Ticket => "ticket",
            Kind::Sla => "SLA policy",
            Kind::Calendar => "calendar",
        }
    }

    fn from_prefix(c: char) -> Option<Kind> {
        Kind::ALL
            .into_iter()
            .find(|k| k.prefix() == c.to_ascii_uppercase())
    }

    /// A small stable number used to pack a kind with an id into one index key.
    pub fn tag(self) -> u64 {
        match self {
            Kind::Contact => 1,
            Kind::Company => 2,
            Kind::Deal => 3,
            Kind::Activity => 4,
            Kind::Task => 5,
            Kind::Pipeline => 6,
            Kind::Rule => 7,
            Kind::Ticket => 8,
            Kind::Sla => 9,
            Kind::Calendar => 10,
        }
    }
}

impl fmt::Display for Kind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.noun())
    }
}

/// A reference to one record of any kind.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct RecordId {
    /// Which table.
    pub kind: Kind,
    /// The number within that kind.
    pub id: u64,
}

impl RecordId {
    /// A reference to record `id` of `kind`.
    pub fn new(kind: Kind, id: u64) -> Self {
        RecordId { kind, id }
    }

    /// One u64 holding kind and id, for index keys ordered by record.
    pub fn packed(self) -> u64 {
        (self.kind.tag() << 56) | (self.id & ((1 << 56) - 1))
    }

    /// The inverse of [`RecordId::packed`].
    pub fn unpack(packed: u64) -> Option<RecordId> {
        let kind = Kind::ALL.into_iter().find(|k| k.tag() == packed >> 56)?;
        Some(RecordId::new(kind, packed & ((1 << 56) - 1)))
    }

    /// Parses `D-17` (or `d17`) and checks that it is of the `expected` kind.
    pub fn parse_as(input: &str, expected: Kind) -> Result<u64, IdError> {
        let rid: RecordId = input.parse()?;
        if rid.kind != expected {
            return Err(IdError::WrongKind {
                input: input.trim().to_string(),
                expected,
                found: rid.kind,
            });
        }
        Ok(rid.id)
    }
}

impl fmt::Display for RecordId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}-{}", self.kind.prefix(), self.id)
    }
}

/// Why a typed id could not be understood.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum IdError {
    /// Not of the form `X-123`.
    #[error(
        "'{0}' is not a record id: ids look like C-42 (contact), O-7 (company), D-17 (deal), A-9 (activity), T-3 (task), P-1 (pipeline), R-2 (rule), S-12 (ticket), L-1 (SLA policy), H-1 (calendar)"
    )]
    Malformed(String),
    /// A well-formed id of another kind.
    #[error("'{input}' is a {found} id, but a {expected} id ({}-N) is needed here", expected.prefix())]
    WrongKind {
        /// What was typed.
        input: String,
        /// The kind the caller needs.
        expected: Kind,
        /// The kind that was typed.
        found: Kind,
    },
}

impl FromStr for RecordId {
    type Err = IdError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let t = s.trim();
        let malformed = || IdError::Malformed(s.trim().to_string());
        let mut chars = t.chars();
        let kind = chars
            .next()
            .and_then(Kind::from_prefix)
            .ok_or_else(malformed)?;
        let rest = chars.as_str();
        let digits = rest.strip_prefix('-').unwrap_or(rest);
        if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
            return Err(malformed());
        }
        let id: u64 = digits.parse().map_err(|_| malformed())?;
        if id == 0 || id >= 1 << 56 {
            return Err(malformed());
        }
        Ok(RecordId { kind, id })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_prefixed_ids() {
        assert_eq!("D-17".parse(), Ok(RecordId::new(Kind::Deal, 17)));
        assert_eq!("c42".parse(), Ok(RecordId::new(Kind::Contact, 42)));
        assert_eq!(RecordId::new(Kind::Company, 7).to_string(), "O-7");
    }

    #[test]
    fn rejects_wrong_kind_and_garbage() {
        let err = RecordId::parse_as("C-3", Kind::Deal).unwrap_err();
        assert!(err.to_string().contains("is a contact id"), "{err}");
        assert!("X-1".parse::<RecordId>().is_err());
        assert!("D-".parse::<RecordId>().is_err());
        assert!("D-1x".parse::<RecordId>().is_err());
        assert!("D-0".parse::<RecordId>().is_err());
        assert!("".parse::<RecordId>().is_err());
    }
}
