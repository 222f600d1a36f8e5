//! `Record`: any one record, as the store and the change log hold it.

use serde::{Deserialize, Serialize};

use super::{
    Activity, Calendar, Company, Contact, Deal, Kind, Pipeline, RecordId, Rule, SlaPolicy, Task,
    Ticket,
};

/// One record of any kind.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Record {
    /// A person.
    Contact(Contact),
    /// An organisation.
    Company(Company),
    /// An opportunity.
    Deal(Deal),
    /// An interaction.
    Activity(Activity),
    /// A to-do.
    Task(Task),
    /// A pipeline.
    Pipeline(Pipeline),
    /// An automation rule.
    Rule(Rule),
    /// A service ticket.
    Ticket(Ticket),
    /// A service-level policy.
    Sla(SlaPolicy),
    /// A business-hours calendar.
    Calendar(Calendar),
}

impl Record {
    /// Which kind of record this is.
    pub fn kind(&self) -> Kind {
        match self {
            Record::Contact(_) => Kind::Contact,
            Record::Company(_) => Kind::Company,
            Record::Deal(_) => Kind::Deal,
            Record::Activity(_) => Kind::Activity,
            Record::Task(_) => Kind::Task,
            Record::Pipeline(_) => Kind::Pipeline,
            Record::Rule(_) => Kind::Rule,
            Record::Ticket(_) => Kind::Ticket,
            Record::Sla(_) => Kind::Sla,
            Record::Calendar(_) => Kind::Calendar,
        }
    }

    /// Its id.
    pub fn id(&self) -> u64 {
        match self {
            Record::Contact(r) => r.id,
            Record::Company(r) => r.id,
            Record::Deal(r) => r.id,
            Record::Activity(r) => r.id,
            Record::Task(r) => r.id,
            Record::Pipeline(r) => r.id,
            Record::Rule(r) => r.id,
            Record::Ticket(r) => r.id,
            Record::Sla(r) => r.id,
            Record::Calendar(r) => r.id,
        }
    }

    /// Kind and id together.
    pub fn rid(&self) -> RecordId {
        RecordId::new(self.kind(), self.id())
    }

    /// A short human label: a name, a title or a subject.
    pub fn label(&self) -> &str {
        match self {
            Record::Contact(r) => &r.name,
            Record::Company(r) => &r.name,
            Record::Deal(r) => &r.title,
            Record::Activity(r) => &r.subject,
            Record::Task(r) => &r.title,
            Record::Pipeline(r) => &r.name,
            Record::Rule(r) => &r.name,
            Record::Ticket(r) => &r.subject,
            Record::Sla(r) => &r.name,
            Record::Calendar(r) => &r.name,
        }
    }
}

/// A record type the store can hold in its own table.
pub trait Entity: Serialize + serde::de::DeserializeOwned + Clone + Send + Sync + 'static {
    /// Its kind.
    const KIND: Kind;
    /// Its id.
    fn id(&self) -> u64;
    /// Sets its id (when the store allocates one).
    fn set_id(&mut self, id: u64);
    /// Wraps it in a `Record`.
    fn into_record(self) -> Record;
    /// Unwraps a `Record` of this kind.
    fn from_record(r: Record) -> Option<Self>;
    /// Looks inside a `Record` of this kind.
    fn of_record(r: &Record) -> Option<&Self>;
}

macro_rules! entity {
    ($ty:ident, $kind:ident) => {
        impl From<$ty> for Record {
            fn from(r: $ty) -> Record {
                Record::$kind(r)
            }
        }

        impl Entity for $ty {
            const KIND: Kind = Kind::$kind;
            fn id(&self) -> u64 {
                self.id
            }
            fn set_id(&mut self, id: u64) {
                self.id = id;
            }
            fn into_record(self) -> Record {
                Record::$kind(self)
            }
            fn from_record(r: Record) -> Option<Self> {
                match r {
                    Record::$kind(x) => Some(x),
                    _ => None,
                }
            }
            fn of_record(r: &Record) -> Option<&Self> {
                match r {
                    Record::$kind(x) => Some(x),
                    _ => None,
                }
            }
        }
    };
}

entity!(Contact, Contact);
entity!(Company, Company);
entity!(Deal, Deal);
entity!(Activity, Activity);
entity!(Task, Task);
entity!(Pipeline, Pipeline);
entity!(Rule, Rule);
entity!(Ticket, Ticket);
entity!(SlaPolicy, Sla);
entity!(Calendar, Calendar);
