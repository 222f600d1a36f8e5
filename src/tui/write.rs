//! The writes the TUI asks for, as data, and how each runs through `rolo::ops` (the only
//! write path). A form's typed values are applied inside the op, so an edit changes only
//! the fields the form shows and keeps what others changed meanwhile.

use chrono::NaiveDate;

use crate::model::{
    Activity, Company, Contact, Currency, Deal, Due, Kind, Labeled, Lifecycle, Priority, RecordId,
    Task,
};
use crate::ops;
use crate::store::{Store, Tx};

/// A company a form names: an existing one, or a name the write finds or creates.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CompanyRef {
    /// An existing company.
    Id(u64),
    /// A name: the one company with it, or a new company (created in the same write).
    Named(String),
}

/// Contact fields a form edits.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ContactFields {
    /// Name.
    pub name: String,
    /// Primary email.
    pub email: Option<String>,
    /// Primary phone.
    pub phone: Option<String>,
    /// Company.
    pub company: Option<CompanyRef>,
    /// Job title.
    pub title: Option<String>,
    /// Lifecycle stage.
    pub lifecycle: Lifecycle,
    /// Tags.
    pub tags: Vec<String>,
}

/// Company fields a form edits.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct CompanyFields {
    /// Name.
    pub name: String,
    /// Web domain.
    pub domain: Option<String>,
    /// Industry.
    pub industry: Option<String>,
    /// Location.
    pub location: Option<String>,
    /// Tags.
    pub tags: Vec<String>,
}

/// Deal fields a form edits.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct DealFields {
    /// Title.
    pub title: String,
    /// Value in minor units.
    pub value: i64,
    /// Its currency.
    pub currency: Currency,
    /// Company.
    pub company: Option<CompanyRef>,
    /// Main contact id.
    pub contact: Option<u64>,
    /// Expected close.
    pub close_date: Option<NaiveDate>,
    /// Owner (empty: the current user).
    pub owner: String,
    /// Pipeline of a new deal.
    pub pipeline: u64,
    /// Stage of a new deal.
    pub stage: u32,
}

/// Task fields a form edits.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct TaskFields {
    /// Title.
    pub title: String,
    /// Due date.
    pub due: Option<Due>,
    /// What it is about.
    pub link: Option<RecordId>,
    /// Priority.
    pub priority: Priority,
    /// Assignee (empty: the current user).
    pub assignee: String,
}

/// One write, run by the app through `ops`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Write {
    /// Move a deal one open stage left (-1) or right (+1).
    StepDeal(u64, i32),
    /// Mark a deal won.
    Win(u64),
    /// Mark a deal lost with a reason.
    Lose(u64, String),
    /// Complete a task.
    CompleteTask(u64),
    /// Move a task's due date.
    Snooze(u64, NaiveDate),
    /// Undo my latest change.
    Undo,
    /// Redo my latest undo.
    Redo,
    /// Add (none) or edit a contact.
    Contact(Option<u64>, ContactFields),
    /// Add or edit a company.
    Company(Option<u64>, CompanyFields),
    /// Add or edit a deal.
    Deal(Option<u64>, DealFields),
    /// Add or edit a task.
    Task(Option<u64>, TaskFields),
    /// Log an activity.
    Activity(Activity),
    /// Replace a record's notes.
    Notes(RecordId, String),
    /// Switch an automation rule on (true) or off.
    ToggleRule(u64, bool),
    /// Merge the second record into the first.
    Merge(RecordId, RecordId),
    /// A service desk write (take, status, priority, reply, note).
    Ticket(super::ticket_write::TicketWrite),
}

fn opt(s: &Option<String>) -> Option<String> {
    s.clone().filter(|v| !v.trim().is_empty())
}

impl ContactFields {
    fn apply(&self, c: &mut Contact, company: Option<u64>) {
        c.name = self.name.clone();
        set_primary(&mut c.emails, &self.email);
        set_primary(&mut c.phones, &self.phone);
        c.company = company;
        c.title = opt(&self.title);
        c.lifecycle = self.lifecycle;
        c.tags = self.tags.clone();
    }
}

fn set_primary(list: &mut Vec<Labeled>, value: &Option<String>) {
    match (
        value.as_deref().map(str::trim).filter(|v| !v.is_empty()),
        list.is_empty(),
    ) {
        (Some(v), true) => list.push(Labeled {
            label: String::new(),
            value: v.to_string(),
        }),
        (Some(v), false) => list[0].value = v.to_string(),
        (None, false) => {
            list.remove(0);
        }
        (None, true) => {}
    }
}

impl CompanyFields {
    fn apply(&self, c: &mut Company) {
        c.name = self.name.clone();
        c.domain = opt(&self.domain);
        c.industry = opt(&self.industry);
        c.location = opt(&self.location);
        c.tags = self.tags.clone();
    }
}

impl DealFields {
    fn apply(&self, d: &mut Deal, company: Option<u64>, me: &str) {
        d.title = self.title.clone();
        d.value = self.value;
        d.currency = self.currency;
        d.company = company;
        match (self.contact, d.contacts.first().copied()) {
            (Some(c), Some(_)) => d.contacts[0] = c,
            (Some(c), None) => d.contacts.push(c),
            (None, Some(_)) => {
                d.contacts.remove(0);
            }
            (None, None) => {}
        }
        d.close_date = self.close_date;
        if !self.owner.trim().is_empty() {
            d.owner = user(&self.owner, me);
        }
    }
}

impl TaskFields {
    fn apply(&self, t: &mut Task, me: &str) {
        t.title = self.title.clone();
        t.due = self.due;
        t.link = self.link;
        t.priority = self.priority;
        if !self.assignee.trim().is_empty() {
            t.assignee = user(&self.assignee, me);
        }
    }
}

/// What a successful write reports: a message and, for adds, the new record.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Written {
    /// The status-bar message.
    pub message: String,
    /// The record created, if any.
    pub created: Option<RecordId>,
}

impl Write {
    /// Runs the write through `ops` (`settings` for what sends mail: a ticket reply).
    pub fn run(&self, store: &Store, settings: &crate::config::Settings) -> crate::Result<Written> {
        let msg = |m: String| Written {
            message: m,
            created: None,
        };
        let made = |m: String, rid: RecordId| Written {
            message: m,
            created: Some(rid),
        };
        Ok(match self {
            Write::StepDeal(id, step) => {
                let d = ops::step_deal(store, *id, *step)?.value;
                msg(format!("moved D-{id} to {}", stage_name(store, &d)))
            }
            Write::Win(id) => {
                ops::win_deal(store, *id)?;
                msg(format!("D-{id} won"))
            }
            Write::Lose(id, reason) => {
                let r = Some(reason.clone()).filter(|r| !r.trim().is_empty());
                ops::lose_deal(store, *id, r)?;
                msg(format!("D-{id} lost"))
            }
            Write::CompleteTask(id) => {
                ops::complete_task(store, *id)?;
                msg(format!("completed T-{id}"))
            }
            Write::Snooze(id, date) => {
                ops::snooze_task(store, *id, *date)?;
                msg(format!("T-{id} snoozed to {date}"))
            }
            Write::Undo => msg(format!("undid {}", ops::undo(store)?.value.summary)),
            Write::Redo => {
                ops::redo(store)?;
                msg(format!("redo: {}", ops_summary(store)))
            }
            Write::Contact(None, f) => {
                let (c, new) = store
                    .write("contact.add", |tx| {
                        let (company, new) = company_in(tx, &f.company)?;
                        let mut c = Contact::default();
                        f.apply(&mut c, company);
                        Ok((ops::add_in(tx, c)?, new))
                    })?
                    .value;
                made(
                    format!("added C-{}{}", c.id, created_note(store, new)),
                    RecordId::new(Kind::Contact, c.id),
                )
            }
            Write::Contact(Some(id), f) => {
                let new = store
                    .write("contact.edit", |tx| {
                        let (company, new) = company_in(tx, &f.company)?;
                        ops::update_in(tx, *id, |c: &mut Contact| {
                            f.apply(c, company);
                            Ok(())
                        })?;
                        Ok(new)
                    })?
                    .value;
                msg(format!("saved C-{id}{}", created_note(store, new)))
            }
            Write::Company(None, f) => {
                let mut c = Company::default();
                f.apply(&mut c);
                let c = ops::add(store, c)?.value;
                made(
                    format!("added O-{}", c.id),
                    RecordId::new(Kind::Company, c.id),
                )
            }
            Write::Company(Some(id), f) => {
                ops::update(store, *id, |c: &mut Company| {
                    f.apply(c);
                    Ok(())
                })?;
                msg(format!("saved O-{id}"))
            }
            Write::Deal(None, f) => {
                let (d, new) = store
                    .write("deal.add", |tx| {
                        let (company, new) = company_in(tx, &f.company)?;
                        let mut d = Deal {
                            pipeline: f.pipeline,
                            stage: f.stage,
                            ..Deal::default()
                        };
                        f.apply(&mut d, company, &store.actor().name);
                        Ok((ops::add_in(tx, d)?, new))
                    })?
                    .value;
                made(
                    format!("added D-{}{}", d.id, created_note(store, new)),
                    RecordId::new(Kind::Deal, d.id),
                )
            }
            Write::Deal(Some(id), f) => {
                let new = store
                    .write("deal.edit", |tx| {
                        let (company, new) = company_in(tx, &f.company)?;
                        ops::update_in(tx, *id, |d: &mut Deal| {
                            f.apply(d, company, &store.actor().name);
                            Ok(())
                        })?;
                        Ok(new)
                    })?
                    .value;
                msg(format!("saved D-{id}{}", created_note(store, new)))
            }
            Write::Task(None, f) => {
                let mut t = Task::default();
                f.apply(&mut t, &store.actor().name);
                let t = ops::add(store, t)?.value;
                made(format!("added T-{}", t.id), RecordId::new(Kind::Task, t.id))
            }
            Write::Task(Some(id), f) => {
                ops::update(store, *id, |t: &mut Task| {
                    f.apply(t, &store.actor().name);
                    Ok(())
                })?;
                msg(format!("saved T-{id}"))
            }
            Write::Activity(a) => {
                let a = ops::log_activity(store, a.clone())?.value;
                made(
                    format!("logged {} A-{}", a.kind.as_str(), a.id),
                    RecordId::new(Kind::Activity, a.id),
                )
            }
            Write::Ticket(w) => w.run(store, settings)?,
            Write::Merge(keep, gone) => {
                ops::merge(store, *keep, *gone)?;
                msg(format!("merged {gone} into {keep} (u undoes)"))
            }
            Write::ToggleRule(id, on) => {
                let r = ops::update(store, *id, |r: &mut crate::model::Rule| {
                    r.enabled = *on;
                    Ok(())
                })?
                .value;
                msg(format!(
                    "R-{} {} is {}",
                    r.id,
                    r.name,
                    if r.enabled { "on" } else { "off" }
                ))
            }
            Write::Notes(rid, text) => {
                let text = text.trim_end().to_string();
                match rid.kind {
                    Kind::Contact => drop(ops::update(store, rid.id, |c: &mut Contact| {
                        c.notes = text;
                        Ok(())
                    })?),
                    Kind::Company => drop(ops::update(store, rid.id, |c: &mut Company| {
                        c.notes = text;
                        Ok(())
                    })?),
                    Kind::Deal => drop(ops::update(store, rid.id, |d: &mut Deal| {
                        d.notes = text;
                        Ok(())
                    })?),
                    Kind::Task => drop(ops::update(store, rid.id, |t: &mut Task| {
                        t.notes = text;
                        Ok(())
                    })?),
                    _ => return Err(crate::Error::Conflict(format!("{rid} has no notes"))),
                }
                msg(format!("saved notes of {rid}"))
            }
        })
    }
}

/// An owner or assignee as typed: `me` is the acting user, as on the CLI.
fn user(typed: &str, me: &str) -> String {
    let typed = typed.trim();
    if typed.eq_ignore_ascii_case("me") {
        me.to_string()
    } else {
        typed.to_string()
    }
}

/// The form's company inside the write: its id, and the id of a company the name
/// created (the same path as the CLI's `--company`, so one undo removes both).
fn company_in(
    tx: &mut Tx,
    company: &Option<CompanyRef>,
) -> crate::Result<(Option<u64>, Option<u64>)> {
    match company {
        None => Ok((None, None)),
        Some(CompanyRef::Id(id)) => Ok((Some(*id), None)),
        Some(CompanyRef::Named(name)) => {
            let (id, new) = ops::company_for(tx, name)?;
            Ok((Some(id), new.then_some(id)))
        }
    }
}

/// "; created company O-9 Acme GmbH" for the status line, when a write made one.
fn created_note(store: &Store, created: Option<u64>) -> String {
    use crate::store::Queries;
    let Some(id) = created else {
        return String::new();
    };
    let name = store
        .read()
        .and_then(|r| r.get::<Company>(id))
        .ok()
        .flatten()
        .map(|c| c.name)
        .unwrap_or_default();
    format!("; created company O-{id} {name}")
}

fn stage_name(store: &Store, d: &Deal) -> String {
    use crate::store::Queries;
    store
        .read()
        .and_then(|r| r.get::<crate::model::Pipeline>(d.pipeline))
        .ok()
        .flatten()
        .and_then(|p| p.stage(d.stage).map(|s| s.name.clone()))
        .unwrap_or_else(|| format!("stage {}", d.stage))
}

fn ops_summary(store: &Store) -> String {
    use crate::store::Queries;
    store
        .read()
        .and_then(|r| {
            let rev = r.revision()?;
            r.entry(rev)
        })
        .ok()
        .flatten()
        .map(|e| e.summary)
        .unwrap_or_default()
}
