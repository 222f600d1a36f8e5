//! `rolo demo`: fills a fresh database with a realistic, reproducible CRM — people and
//! companies from many countries, deals in two pipelines, two years of activities and
//! a task list with work due today — for first runs, screenshots and benchmarks. The
//! same seed and clock give the same database. It writes through one bulk load (one
//! transaction, one change-log entry), drawing activities on a second thread while the
//! store inserts, and refuses a database that already holds records; it never reads
//! the system clock or the global random generator.

mod activities;
mod companies;
mod deals;
mod draw;
mod locales;
mod people;
mod schedule;
mod taken;
mod tasks;
mod tickets;

use crate::model::words::plural;
use std::fmt;
use std::str::FromStr;

use fastrand::Rng;

use crate::error::{Error, Result};
use crate::model::{Instant, Kind, Pipeline, Record};
use crate::store::{Queries, Store};

/// The sales reps who own demo records besides the person running the demo.
pub const REPS: [&str; 5] = ["sam", "alex", "priya", "kenji", "maria"];

/// How many records go into a bulk insert at once.
const CHUNK: usize = 50_000;

/// How big a demo database to make.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Size {
    /// About 200 contacts: quick to look around.
    S,
    /// About 10k contacts: a busy small team.
    M,
    /// About 100k contacts and 1M activities: for benchmarks.
    L,
    /// About 1M contacts and 3M activities: for benchmarks that must scale.
    XL,
}

/// How many records of each kind a size holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Counts {
    /// Contacts.
    pub contacts: usize,
    /// Companies.
    pub companies: usize,
    /// Deals.
    pub deals: usize,
    /// Activities.
    pub activities: u64,
    /// Tasks.
    pub tasks: usize,
    /// Support tickets.
    pub tickets: usize,
}

impl Size {
    /// How many records of each kind this size generates.
    pub fn counts(self) -> Counts {
        let (contacts, companies, deals, activities, tasks, tickets) = match self {
            Size::S => (200, 20, 40, 2_000, 200, 60),
            Size::M => (10_000, 1_000, 2_000, 100_000, 10_000, 3_000),
            Size::L => (100_000, 10_000, 20_000, 1_000_000, 100_000, 100_000),
            Size::XL => (1_000_000, 100_000, 200_000, 3_000_000, 1_000_000, 300_000),
        };
        Counts {
            contacts,
            companies,
            deals,
            activities,
            tasks,
            tickets,
        }
    }
}

impl fmt::Display for Size {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Size::S => "S",
            Size::M => "M",
            Size::L => "L",
            Size::XL => "XL",
        })
    }
}

impl FromStr for Size {
    type Err = Error;

    fn from_str(s: &str) -> Result<Size> {
        match s.trim().to_ascii_lowercase().as_str() {
            "s" | "small" => Ok(Size::S),
            "m" | "medium" => Ok(Size::M),
            "l" | "large" => Ok(Size::L),
            "xl" | "x-large" | "xlarge" | "extra-large" | "extra large" => Ok(Size::XL),
            _ => Err(Error::invalid(
                "size",
                format!(
                    "'{}' is not a demo size; use S (200 contacts), M (10k), L (100k, 1M activities) or XL (1M, 3M activities)",
                    s.trim()
                ),
            )),
        }
    }
}

/// What the database holds after a demo load.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Summary {
    /// Contacts.
    pub contacts: u64,
    /// Companies.
    pub companies: u64,
    /// Deals.
    pub deals: u64,
    /// Activities.
    pub activities: u64,
    /// Tasks.
    pub tasks: u64,
    /// Support tickets (their threads are counted in `activities`).
    pub tickets: u64,
    /// Pipelines (the default one included).
    pub pipelines: u64,
}

impl fmt::Display for Summary {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}, {}, {}, {}, {}, {}, {}",
            plural(self.contacts, "contact"),
            plural(self.companies, "company"),
            plural(self.deals, "deal"),
            plural(self.activities, "activity"),
            plural(self.tasks, "task"),
            plural(self.tickets, "ticket"),
            plural(self.pipelines, "pipeline")
        )
    }
}

/// The fixed inputs every generator shares: the clock reading and the owners.
#[derive(Debug, Clone)]
pub(crate) struct Context {
    /// The reference time; nothing generated lies after it (except due dates).
    pub now: Instant,
    /// The oldest creation time: a month before the two years of history.
    pub start: Instant,
    /// Everyone who owns records: the reps and the person running the demo.
    pub owners: Vec<String>,
}

impl Context {
    fn new(now: Instant, me: &str) -> Context {
        let mut owners: Vec<String> = REPS.iter().map(|r| r.to_string()).collect();
        if !owners.iter().any(|o| o == me) && !me.trim().is_empty() {
            owners.push(me.to_string());
        }
        Context {
            now,
            start: now - draw::days(760),
            owners,
        }
    }

    /// One owner, uniformly.
    pub fn owner(&self, rng: &mut Rng) -> String {
        draw::pick(rng, &self.owners).clone()
    }

    #[cfg(test)]
    pub fn for_tests() -> Context {
        let now = "2026-03-18T15:30:00Z".parse().unwrap_or_default();
        Context::new(now, "me")
    }
}

/// Fills `store` with a demo CRM of `size`, reproducibly from `seed` and the store's
/// clock. Refuses (a conflict) when the database already holds contacts, companies,
/// deals, activities or tasks.
pub fn generate(store: &Store, size: Size, seed: u64) -> Result<Summary> {
    let counts = size.counts();
    let ctx = Context::new(store.now(), &store.actor().name);
    let mut bulk = store.bulk()?;
    // Checked while holding the write lock, so nobody can add records in between.
    let existing = store.read()?;
    refuse_if_used(&existing, store)?;
    let mut pipelines = existing.pipelines()?;
    let policies = crate::ops::sla_policies(&existing)?;
    let calendars: Vec<crate::model::Calendar> = existing.all()?;
    drop(existing);

    let sales = match pipelines
        .iter()
        .find(|p| deals::usable(p) && p.name != "Renewals")
    {
        Some(p) => p.clone(),
        None => {
            let p = Pipeline {
                id: bulk.reserve_ids(Kind::Pipeline, 1)?,
                ..Pipeline::default_sales()
            };
            bulk.insert_all(&[Record::Pipeline(p.clone())])?;
            pipelines.push(p.clone());
            p
        }
    };
    let renewals = match pipelines
        .iter()
        .find(|p| p.name.eq_ignore_ascii_case("renewals") && deals::usable(p))
    {
        Some(p) => p.clone(),
        None => {
            let mut p = deals::renewals_pipeline(bulk.reserve_ids(Kind::Pipeline, 1)?);
            if pipelines
                .iter()
                .any(|q| q.name.eq_ignore_ascii_case(&p.name))
            {
                p.name = "Demo Renewals".into();
            }
            bulk.insert_all(&[Record::Pipeline(p.clone())])?;
            pipelines.push(p.clone());
            p
        }
    };

    let rng = |salt: u64| Rng::with_seed(seed ^ salt.wrapping_mul(0x9E37_79B9_7F4A_7C15));
    let first_company = bulk.reserve_ids(Kind::Company, counts.companies as u64)?;
    let first_contact = bulk.reserve_ids(Kind::Contact, counts.contacts as u64)?;
    let first_deal = bulk.reserve_ids(Kind::Deal, counts.deals as u64)?;
    let first_activity = bulk.reserve_ids(Kind::Activity, counts.activities)?;
    let first_task = bulk.reserve_ids(Kind::Task, counts.tasks as u64)?;
    let first_ticket = bulk.reserve_ids(Kind::Ticket, counts.tickets as u64)?;

    let mut companies = companies::generate(&mut rng(1), counts.companies, first_company, &ctx);
    let mut contacts = people::generate(
        &mut rng(2),
        counts.contacts,
        first_contact,
        &mut companies,
        &ctx,
    );
    let mut deals = deals::generate(
        &mut rng(3),
        counts.deals,
        first_deal,
        &sales,
        &renewals,
        &companies,
        &contacts,
        &ctx,
    );
    people::settle_lifecycles(&mut rng(4), &mut contacts, &companies, &deals);
    let tickets = tickets::generate(
        &mut rng(7),
        counts.tickets,
        first_ticket,
        &contacts,
        &companies,
        &tickets::Desk {
            policies: &policies,
            calendars: &calendars,
        },
        &ctx,
    );

    // Tasks read nothing activities change, so they are drawn first; their insert then
    // overlaps drawing the activities on a second thread, and so does every week of
    // activities after it: the store's inserts are the long part of the load.
    let tasks = tasks::generate(
        &mut rng(6),
        counts.tasks,
        first_task,
        &contacts,
        &companies,
        &deals,
        &ctx,
    );
    let n_tasks = tasks.len() as u64;
    let mut activity_rng = rng(5);
    let mut linked = activities::Linked {
        contacts: &mut contacts,
        companies: &mut companies,
        deals: &mut deals,
    };
    let n_activities = std::thread::scope(|scope| -> Result<u64> {
        // A few weeks in flight at most, so activities never pile up in memory.
        let (weeks, arriving) = std::sync::mpsc::sync_channel::<Vec<Record>>(2);
        let ctx = &ctx;
        let drawing = scope.spawn(move || {
            activities::generate(
                &mut activity_rng,
                counts.activities,
                first_activity,
                &mut linked,
                ctx,
                |week| {
                    weeks.send(week).map_err(|_| {
                        Error::Storage("the demo load stopped taking activities".into())
                    })
                },
            )
        });
        insert(&mut bulk, tasks.into_iter().map(Record::Task))?;
        for week in arriving.iter() {
            bulk.insert_all(&week)?;
        }
        drawing
            .join()
            .map_err(|_| Error::Storage("drawing the demo activities failed".into()))?
    })?;

    // The tickets' threads are on their requesters' and companies' timelines too.
    touch_from_threads(
        &tickets,
        &mut contacts,
        &mut companies,
        first_contact,
        first_company,
    );
    // The tickets' threads get the activity ids after the other activities'.
    let n_thread: usize = tickets.iter().map(|t| t.thread.len()).sum();
    let mut next_activity = bulk.reserve_ids(Kind::Activity, n_thread as u64)?;
    let n_tickets = tickets.len() as u64;
    let mut thread = Vec::with_capacity(n_thread);
    let mut ticket_records = Vec::with_capacity(tickets.len());
    for t in tickets {
        for mut a in t.thread {
            a.id = next_activity;
            next_activity += 1;
            thread.push(Record::Activity(a));
        }
        ticket_records.push(Record::Ticket(t.rec));
    }
    insert(&mut bulk, ticket_records.into_iter())?;
    insert(&mut bulk, thread.into_iter())?;
    let summary = Summary {
        contacts: contacts.len() as u64,
        companies: companies.len() as u64,
        deals: deals.len() as u64,
        activities: n_activities + n_thread as u64,
        tasks: n_tasks,
        tickets: n_tickets,
        pipelines: pipelines.len() as u64,
    };
    insert(
        &mut bulk,
        companies.into_iter().map(|c| Record::Company(c.rec)),
    )?;
    insert(&mut bulk, contacts.into_iter().map(Record::Contact))?;
    insert(&mut bulk, deals.into_iter().map(|d| Record::Deal(d.rec)))?;
    bulk.finish(
        "demo",
        format!("loaded demo data size {size} (seed {seed}): {summary}"),
    )?;
    Ok(summary)
}

/// Moves "last activity" of the requesters and their companies up to their tickets'
/// latest messages (ids are dense from `first_contact` and `first_company`).
fn touch_from_threads(
    tickets: &[tickets::DemoTicket],
    contacts: &mut [crate::model::Contact],
    companies: &mut [companies::DemoCompany],
    first_contact: u64,
    first_company: u64,
) {
    let later = |old: &mut Option<Instant>, at: Instant| {
        if old.is_none_or(|o| o < at) {
            *old = Some(at);
        }
    };
    for t in tickets {
        let Some(at) = t
            .thread
            .iter()
            .filter(|a| !a.contacts.is_empty())
            .map(|a| a.at)
            .max()
        else {
            continue;
        };
        if let Some(c) = t
            .rec
            .requester
            .and_then(|id| contacts.get_mut(id.wrapping_sub(first_contact) as usize))
        {
            later(&mut c.last_activity, at);
        }
        if let Some(co) = t
            .rec
            .company
            .and_then(|id| companies.get_mut(id.wrapping_sub(first_company) as usize))
        {
            later(&mut co.rec.last_activity, at);
        }
    }
}

/// Inserts records of one kind, [`CHUNK`] at a time.
fn insert(
    bulk: &mut crate::store::BulkLoad<'_>,
    records: impl Iterator<Item = Record>,
) -> Result<()> {
    let mut chunk = Vec::with_capacity(CHUNK);
    for r in records {
        chunk.push(r);
        if chunk.len() == CHUNK {
            bulk.insert_all(&chunk)?;
            chunk.clear();
        }
    }
    bulk.insert_all(&chunk)
}

/// A conflict naming what the database already holds, unless it holds none of the
/// record kinds the demo creates.
fn refuse_if_used(read: &impl Queries, store: &Store) -> Result<()> {
    let mut held = Vec::new();
    for kind in [
        Kind::Contact,
        Kind::Company,
        Kind::Deal,
        Kind::Activity,
        Kind::Task,
        Kind::Ticket,
    ] {
        let n = read.count(kind)?;
        if n > 0 {
            held.push(plural(n, kind.noun()));
        }
    }
    if held.is_empty() {
        return Ok(());
    }
    Err(Error::Conflict(format!(
        "{} already holds {}; demo data goes into a fresh file, e.g. `rolo --db demo.redb demo`",
        store.path().display(),
        held.join(", ")
    )))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_parse_in_any_spelling_and_display_as_letters() {
        for (text, size) in [
            ("s", Size::S),
            ("S", Size::S),
            ("small", Size::S),
            (" Medium ", Size::M),
            ("l", Size::L),
            ("LARGE", Size::L),
            ("xl", Size::XL),
            ("XL", Size::XL),
            ("x-large", Size::XL),
            (" Extra-Large ", Size::XL),
        ] {
            assert_eq!(text.parse::<Size>().ok(), Some(size), "{text}");
        }
        let err = "xxl".parse::<Size>().unwrap_err().to_string();
        assert!(
            err.contains("'xxl'") && err.contains("S (200 contacts)") && err.contains("XL"),
            "{err}"
        );
        assert_eq!(Size::M.to_string(), "M");
        assert_eq!(Size::XL.to_string(), "XL");
        assert_eq!(Size::L.counts().activities, 1_000_000);
        assert_eq!(Size::XL.counts().contacts, 1_000_000);
        assert_eq!(Size::XL.counts().activities, 3_000_000);
    }

    #[test]
    fn summary_is_one_line() {
        let s = Summary {
            contacts: 200,
            companies: 20,
            deals: 40,
            activities: 2000,
            tasks: 200,
            tickets: 60,
            pipelines: 2,
        };
        assert_eq!(
            s.to_string(),
            "200 contacts, 20 companies, 40 deals, 2000 activities, 200 tasks, 60 tickets, 2 pipelines"
        );
    }

    #[test]
    fn the_person_running_the_demo_owns_things_too() {
        let ctx = Context::new(Instant::default(), "dana");
        assert_eq!(ctx.owners.len(), 6);
        assert!(ctx.owners.contains(&"dana".to_string()));
        assert_eq!(Context::new(Instant::default(), "sam").owners.len(), 5);
    }
}
