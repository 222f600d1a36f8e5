//! The records the TUI holds: a cache of what the panes show (the kanban's cards, the
//! visible table rows, Today's visible tasks, the open record), never a whole table.
//! The TUI reads what it shows: [`super::fetch`] fills this cache from indexes for the
//! windows on screen, the change log keeps cached records current, and lookups of a
//! record that is not cached (a form resolving a company by name, a label) read it from
//! the store through [`Data::source`]. Reads only: every write goes through ops.

use std::collections::HashMap;
use std::sync::Arc;

use crate::model::record::Entity;
use crate::model::{Company, Contact, Deal, Kind, Pipeline, Record, RecordId, Task, Ticket};
use crate::store::{Entry, EntryKind, Queries, Store, Windows};

/// Which kinds changed since the windows were last loaded.
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
    /// A deal's value changed, or a deal came or went (Today's urgency order).
    pub deal_values: bool,
    /// Activities changed (timelines must reload).
    pub activities: bool,
    /// Tickets, SLA policies or calendars changed (the queue and the kanban's marks).
    pub tickets: bool,
}

impl Dirty {
    /// Everything changed.
    pub const ALL: Dirty = Dirty {
        contacts: true,
        companies: true,
        deals: true,
        tasks: true,
        deal_values: true,
        activities: true,
        tickets: true,
    };

    /// Whether anything changed.
    pub fn any(&self) -> bool {
        *self != Dirty::default()
    }
}

/// The cached records.
#[derive(Clone, Default)]
pub struct Data {
    /// Cached contacts by id.
    pub contacts: HashMap<u64, Contact>,
    /// Cached companies by id.
    pub companies: HashMap<u64, Company>,
    /// Cached deals by id.
    pub deals: HashMap<u64, Deal>,
    /// Cached tasks by id (open or done).
    pub tasks: HashMap<u64, Task>,
    /// Cached tickets by id (the queue's visible rows, those a detail lists).
    pub tickets: HashMap<u64, Ticket>,
    /// Every pipeline, in id order (a handful).
    pub pipelines: Vec<Pipeline>,
    /// Everyone who owns or is assigned a record (from the owner index), by name.
    pub users: Vec<String>,
    /// Whether the database holds no contacts, companies or deals (from counts).
    pub empty: bool,
    /// The store, for reading records that are not cached.
    pub source: Option<Arc<Store>>,
}

impl std::fmt::Debug for Data {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Data")
            .field("contacts", &self.contacts.len())
            .field("companies", &self.companies.len())
            .field("deals", &self.deals.len())
            .field("tasks", &self.tasks.len())
            .field("tickets", &self.tickets.len())
            .field("pipelines", &self.pipelines.len())
            .finish()
    }
}

/// Beyond this many cached records, records no window shows are dropped.
pub const CACHE_LIMIT: usize = 20_000;

impl Data {
    /// An empty cache over `store` with its pipelines loaded.
    pub fn open(store: Arc<Store>, q: &impl Queries) -> crate::Result<Data> {
        let empty = [Kind::Contact, Kind::Company, Kind::Deal]
            .into_iter()
            .map(|k| q.count(k))
            .collect::<crate::Result<Vec<u64>>>()?
            .iter()
            .all(|n| *n == 0);
        Ok(Data {
            pipelines: q.pipelines()?,
            users: q.users()?,
            empty,
            source: Some(store),
            ..Data::default()
        })
    }

    /// Whether the database holds no contacts, companies or deals yet.
    pub fn is_empty(&self) -> bool {
        self.empty
    }

    /// How many records are cached.
    pub fn cached(&self) -> usize {
        self.contacts.len()
            + self.companies.len()
            + self.deals.len()
            + self.tasks.len()
            + self.tickets.len()
    }

    /// Applies change-log entries to the cached records; returns what changed, or `None`
    /// when an entry (a bulk load) does not list its records and everything must be
    /// reloaded.
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
                    Kind::Ticket | Kind::Sla | Kind::Calendar => dirty.tickets = true,
                    _ => {}
                }
                if matches!(c.rid.kind, Kind::Contact | Kind::Company | Kind::Deal) {
                    self.empty = false;
                }
                let value = |r: Option<&Record>| match r {
                    Some(Record::Deal(d)) => Some(d.value),
                    _ => None,
                };
                if c.rid.kind == Kind::Deal
                    && value(c.before.as_deref()) != value(c.after.as_deref())
                {
                    dirty.deal_values = true;
                }
                self.put(c.rid.kind, c.rid.id, c.after.as_deref().cloned());
            }
        }
        Some(dirty)
    }

    /// Replaces a cached record (pipelines always; others only when cached, since the
    /// windows fetch what they show).
    fn put(&mut self, kind: Kind, id: u64, rec: Option<Record>) {
        match rec {
            Some(Record::Contact(c)) => {
                if let Some(slot) = self.contacts.get_mut(&id) {
                    *slot = c;
                }
            }
            Some(Record::Company(c)) => {
                if let Some(slot) = self.companies.get_mut(&id) {
                    *slot = c;
                }
            }
            Some(Record::Deal(d)) => {
                if let Some(slot) = self.deals.get_mut(&id) {
                    *slot = d;
                }
            }
            Some(Record::Task(t)) => {
                if let Some(slot) = self.tasks.get_mut(&id) {
                    *slot = t;
                }
            }
            Some(Record::Ticket(t)) => {
                if let Some(slot) = self.tickets.get_mut(&id) {
                    *slot = t;
                }
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
                Kind::Ticket => drop(self.tickets.remove(&id)),
                Kind::Pipeline => self.pipelines.retain(|p| p.id != id),
                _ => {}
            },
        }
    }

    /// Caches a record read from the store.
    pub fn keep(&mut self, rec: Record) {
        match rec {
            Record::Contact(c) => drop(self.contacts.insert(c.id, c)),
            Record::Company(c) => drop(self.companies.insert(c.id, c)),
            Record::Deal(d) => drop(self.deals.insert(d.id, d)),
            Record::Task(t) => drop(self.tasks.insert(t.id, t)),
            Record::Ticket(t) => drop(self.tickets.insert(t.id, t)),
            _ => {}
        }
    }

    /// Whether a record is cached.
    pub fn has(&self, rid: RecordId) -> bool {
        match rid.kind {
            Kind::Contact => self.contacts.contains_key(&rid.id),
            Kind::Company => self.companies.contains_key(&rid.id),
            Kind::Deal => self.deals.contains_key(&rid.id),
            Kind::Task => self.tasks.contains_key(&rid.id),
            Kind::Ticket => self.tickets.contains_key(&rid.id),
            Kind::Pipeline => self.pipelines.iter().any(|p| p.id == rid.id),
            _ => false,
        }
    }

    /// A record, from the cache or else from the store.
    pub fn record(&self, rid: RecordId) -> Option<Record> {
        let cached = match rid.kind {
            Kind::Contact => self.contacts.get(&rid.id).cloned().map(Record::Contact),
            Kind::Company => self.companies.get(&rid.id).cloned().map(Record::Company),
            Kind::Deal => self.deals.get(&rid.id).cloned().map(Record::Deal),
            Kind::Task => self.tasks.get(&rid.id).cloned().map(Record::Task),
            Kind::Ticket => self.tickets.get(&rid.id).cloned().map(Record::Ticket),
            _ => None,
        };
        cached.or_else(|| {
            let r = self.source.as_ref()?.read().ok()?;
            r.get_record(rid).ok().flatten()
        })
    }

    /// A record of type `T`, cached or read from the store.
    pub fn entity<T: Entity>(&self, id: u64) -> Option<T> {
        T::from_record(self.record(RecordId::new(T::KIND, id))?)
    }

    /// A contact, cached or read from the store.
    pub fn contact(&self, id: u64) -> Option<Contact> {
        self.entity(id)
    }

    /// A company, cached or read from the store.
    pub fn company(&self, id: u64) -> Option<Company> {
        self.entity(id)
    }

    /// A deal, cached or read from the store.
    pub fn deal(&self, id: u64) -> Option<Deal> {
        self.entity(id)
    }

    /// A task, cached or read from the store.
    pub fn task(&self, id: u64) -> Option<Task> {
        self.entity(id)
    }

    /// Whether a record exists (cached or in the store).
    pub fn exists(&self, rid: RecordId) -> bool {
        self.has(rid) || self.record(rid).is_some()
    }

    /// Caches `rids` that are not cached yet, reading them from the store.
    pub fn ensure(&mut self, rids: impl IntoIterator<Item = RecordId>) {
        let missing: Vec<RecordId> = rids.into_iter().filter(|r| !self.has(*r)).collect();
        if missing.is_empty() {
            return;
        }
        let Some(read) = self.source.as_ref().and_then(|s| s.read().ok()) else {
            return;
        };
        for rid in missing {
            if let Ok(Some(rec)) = read.get_record(rid) {
                self.keep(rec);
            }
        }
    }

    /// A company's name, or "" when unknown or not cached.
    pub fn company_name(&self, id: Option<u64>) -> &str {
        id.and_then(|i| self.companies.get(&i))
            .map(|c| c.name.as_str())
            .unwrap_or("")
    }

    /// A short label for a cached record ("C-3 Jane Doe"), or just its id: views call
    /// this while drawing, so it never reads the store (the app caches what is drawn).
    pub fn label(&self, rid: RecordId) -> String {
        match self.cached_name(rid) {
            Some(n) => format!("{rid} {n}"),
            None => rid.to_string(),
        }
    }

    /// A short label for any record, read from the store when it is not cached (forms
    /// and the picker's rows, built outside drawing).
    pub fn label_or_read(&self, rid: RecordId) -> String {
        let name = self.cached_name(rid).or_else(|| match self.record(rid)? {
            Record::Contact(c) => Some(c.name),
            Record::Company(c) => Some(c.name),
            Record::Deal(d) => Some(d.title),
            Record::Task(t) => Some(t.title),
            Record::Ticket(t) => Some(t.subject),
            _ => None,
        });
        match name {
            Some(n) => format!("{rid} {n}"),
            None => rid.to_string(),
        }
    }

    fn cached_name(&self, rid: RecordId) -> Option<String> {
        match rid.kind {
            Kind::Contact => self.contacts.get(&rid.id).map(|c| c.name.clone()),
            Kind::Company => self.companies.get(&rid.id).map(|c| c.name.clone()),
            Kind::Deal => self.deals.get(&rid.id).map(|d| d.title.clone()),
            Kind::Task => self.tasks.get(&rid.id).map(|t| t.title.clone()),
            Kind::Ticket => self.tickets.get(&rid.id).map(|t| t.subject.clone()),
            Kind::Pipeline => self
                .pipelines
                .iter()
                .find(|p| p.id == rid.id)
                .map(|p| p.name.clone()),
            _ => None,
        }
    }

    /// Records of `kind` (contacts or companies) whose name starts with or contains
    /// `text` (folded, case-insensitive), prefix matches first, at most `limit`; read
    /// from the sorted name index, not from whole tables.
    pub fn names_like(&self, kind: Kind, text: &str, limit: usize) -> Vec<(u64, String)> {
        let Some(read) = self.source.as_ref().and_then(|s| s.read().ok()) else {
            return Vec::new();
        };
        let want = crate::search::fold(text.trim()).to_lowercase();
        if want.is_empty() {
            return Vec::new();
        }
        let tag = match kind {
            Kind::Contact => crate::store::sort::contact_tag(0),
            Kind::Company => crate::store::sort::company_tag(0),
            Kind::Deal => {
                // Deal titles have no sorted index: the search table's short texts.
                let ids = read.search_names(kind, &want, limit).unwrap_or_default();
                return ids
                    .into_iter()
                    .filter_map(|id| Some((id, self.deal(id)?.title)))
                    .collect();
            }
            _ => return Vec::new(),
        };
        let mut ids: Vec<u64> = Vec::new();
        // Prefix matches: a range of the name index.
        if let Ok(rows) = read.sorted_from(tag, &want, limit) {
            ids.extend(
                rows.into_iter()
                    .take_while(|(k, _)| k.starts_with(&want))
                    .map(|(_, id)| id),
            );
        }
        if ids.len() < limit
            && let Ok(more) = read.sorted_containing(tag, &want, limit - ids.len(), &ids)
        {
            ids.extend(more);
        }
        ids.into_iter()
            .filter_map(|id| {
                let found = read.get_record(RecordId::new(kind, id)).ok()??;
                let name = match found {
                    Record::Contact(c) => c.name,
                    Record::Company(c) => c.name,
                    _ => return None,
                };
                Some((id, name))
            })
            .collect()
    }

    /// Drops cached records that no window needs once the cache grows past
    /// [`CACHE_LIMIT`].
    pub fn trim(&mut self, keep: &std::collections::HashSet<RecordId>) {
        if self.cached() <= CACHE_LIMIT {
            return;
        }
        self.contacts
            .retain(|id, _| keep.contains(&RecordId::new(Kind::Contact, *id)));
        self.companies
            .retain(|id, _| keep.contains(&RecordId::new(Kind::Company, *id)));
        self.deals
            .retain(|id, _| keep.contains(&RecordId::new(Kind::Deal, *id)));
        self.tasks
            .retain(|id, _| keep.contains(&RecordId::new(Kind::Task, *id)));
        self.tickets
            .retain(|id, _| keep.contains(&RecordId::new(Kind::Ticket, *id)));
    }
}
