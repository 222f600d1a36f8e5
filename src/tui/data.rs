//! The records the TUI keeps in memory: contacts, companies, deals, open tasks and
//! pipelines, loaded once and then kept current from the change log. Activities are
//! never all loaded; timelines read them by index on demand.

use std::collections::HashMap;

use crate::model::{Company, Contact, Deal, Kind, Pipeline, Record, Task};
use crate::store::{Entry, EntryKind, Queries};

/// Which kinds changed since derived views were last rebuilt.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Dirty {
    /// Contacts changed.
    pub contacts: bool,
    /// Companies changed.
    pub companies: bool,
    /// Deals or pipelines changed.
    pub deals: bool,
    /// Tasks changed.
    pub tasks: bool,
    /// Activities changed (timelines must reload).
    pub activities: bool,
}

impl Dirty {
    /// Everything changed.
    pub const ALL: Dirty = Dirty {
        contacts: true,
        companies: true,
        deals: true,
        tasks: true,
        activities: true,
    };

    /// Whether anything changed.
    pub fn any(&self) -> bool {
        *self != Dirty::default()
    }
}

/// The in-memory records.
#[derive(Debug, Clone, Default)]
pub struct Data {
    /// Every contact by id.
    pub contacts: HashMap<u64, Contact>,
    /// Every company by id.
    pub companies: HashMap<u64, Company>,
    /// Every deal by id.
    pub deals: HashMap<u64, Deal>,
    /// Open tasks by id (done tasks are dropped).
    pub tasks: HashMap<u64, Task>,
    /// Pipelines in id order.
    pub pipelines: Vec<Pipeline>,
}

impl Data {
    /// Loads everything but activities from a snapshot.
    pub fn load(q: &impl Queries) -> crate::Result<Data> {
        Ok(Data {
            contacts: q.all::<Contact>()?.into_iter().map(|c| (c.id, c)).collect(),
            companies: q.all::<Company>()?.into_iter().map(|c| (c.id, c)).collect(),
            deals: q.all::<Deal>()?.into_iter().map(|d| (d.id, d)).collect(),
            tasks: q
                .all::<Task>()?
                .into_iter()
                .filter(|t| t.is_open())
                .map(|t| (t.id, t))
                .collect(),
            pipelines: q.pipelines()?,
        })
    }

    /// Whether the database holds no contacts, companies or deals yet.
    pub fn is_empty(&self) -> bool {
        self.contacts.is_empty() && self.companies.is_empty() && self.deals.is_empty()
    }

    /// Applies change-log entries; returns what changed, or `None` when an entry (a
    /// bulk load) does not list its records and everything must be reloaded.
    pub fn apply(&mut self, entries: &[Entry]) -> Option<Dirty> {
        let mut dirty = Dirty::default();
        for e in entries {
            if e.kind == EntryKind::Bulk {
                return None;
            }
            for c in &e.changes {
                match c.rid.kind {
                    Kind::Contact => dirty.contacts = true,
                    Kind::Company => dirty.companies = true,
                    Kind::Deal | Kind::Pipeline => dirty.deals = true,
                    Kind::Task => dirty.tasks = true,
                    Kind::Activity => dirty.activities = true,
                    _ => {}
                }
                self.put(c.rid.kind, c.rid.id, c.after.clone());
            }
        }
        Some(dirty)
    }

    fn put(&mut self, kind: Kind, id: u64, rec: Option<Record>) {
        match rec {
            Some(Record::Contact(c)) => {
                self.contacts.insert(id, c);
            }
            Some(Record::Company(c)) => {
                self.companies.insert(id, c);
            }
            Some(Record::Deal(d)) => {
                self.deals.insert(id, d);
            }
            Some(Record::Task(t)) if t.is_open() => {
                self.tasks.insert(id, t);
            }
            Some(Record::Task(_)) => {
                self.tasks.remove(&id);
            }
            Some(Record::Pipeline(p)) => match self.pipelines.iter_mut().find(|x| x.id == id) {
                Some(slot) => *slot = p,
                None => {
                    self.pipelines.push(p);
                    self.pipelines.sort_by_key(|p| p.id);
                }
            },
            Some(_) => {}
            None => match kind {
                Kind::Contact => drop(self.contacts.remove(&id)),
                Kind::Company => drop(self.companies.remove(&id)),
                Kind::Deal => drop(self.deals.remove(&id)),
                Kind::Task => drop(self.tasks.remove(&id)),
                Kind::Pipeline => self.pipelines.retain(|p| p.id != id),
                _ => {}
            },
        }
    }

    /// A company's name, sanitised, or "" when unknown.
    pub fn company_name(&self, id: Option<u64>) -> &str {
        id.and_then(|i| self.companies.get(&i))
            .map(|c| c.name.as_str())
            .unwrap_or("")
    }

    /// A short label for any record the TUI keeps ("C-3 Jane Doe").
    pub fn label(&self, rid: crate::model::RecordId) -> String {
        let name = match rid.kind {
            Kind::Contact => self.contacts.get(&rid.id).map(|c| c.name.as_str()),
            Kind::Company => self.companies.get(&rid.id).map(|c| c.name.as_str()),
            Kind::Deal => self.deals.get(&rid.id).map(|d| d.title.as_str()),
            Kind::Task => self.tasks.get(&rid.id).map(|t| t.title.as_str()),
            Kind::Pipeline => self
                .pipelines
                .iter()
                .find(|p| p.id == rid.id)
                .map(|p| p.name.as_str()),
            _ => None,
        };
        match name {
            Some(n) => format!("{rid} {n}"),
            None => rid.to_string(),
        }
    }
}
