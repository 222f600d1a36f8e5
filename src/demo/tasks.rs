//! Demo tasks: most done, as in a team that keeps up; the open ones are the next steps
//! of most open deals (about 15% get none so "no next step" views have something to
//! show) and about half as many again on people and companies, scheduled per owner by
//! [`super::schedule`] (a few overdue, a handful today, the rest later). Titles name the
//! person or company ("Send proposal to Jane").

use fastrand::Rng;

use super::Context;
use super::companies::DemoCompany;
use super::deals::{DemoDeal, contact};
use super::draw::{between, chance, days, grown, office_time, pick, weighted};
use super::schedule::{due_on, schedule};
use crate::model::{Contact, DealStatus, Instant, Kind, Priority, RecordId, Task};

const DEAL_TITLES: &[&str] = &[
    "Send proposal to {p}",
    "Follow up on pricing with {p}",
    "Book demo with {c}",
    "Prepare contract for {c}",
    "Chase signature from {p}",
    "Send revised quote to {p}",
    "Confirm budget with {p}",
    "Schedule QBR with {c}",
];
const CONTACT_TITLES: &[&str] = &[
    "Call {p} back",
    "Send case study to {p}",
    "Introduce {p} to support",
    "Check in with {p}",
    "Follow up on pricing with {p}",
];
const COMPANY_TITLES: &[&str] = &[
    "Review {c} account plan",
    "Update billing contact for {c}",
    "Research {c} org chart",
    "Plan renewal for {c}",
];
const NOTES: &[&str] = &[
    "Use the new pricing sheet.",
    "Loop in legal if they ask for changes.",
    "They prefer mornings.",
];

/// Open tasks not on a deal every owner has besides half the deal steps' number.
const OTHER_OPEN_EACH: usize = 10;

/// What a task is about: its link, who would do it, a name and a company for the
/// title, and the window it can fall in.
struct Subject<'a> {
    link: RecordId,
    owner: &'a str,
    person: Option<&'a str>,
    company: Option<&'a str>,
    titles: &'static [&'static str],
    from: Instant,
    until: Instant,
}

/// Draws `n` tasks; ids start at `first_id` in creation order.
pub fn generate(
    rng: &mut Rng,
    n: usize,
    first_id: u64,
    contacts: &[Contact],
    companies: &[DemoCompany],
    deals: &[DemoDeal],
    ctx: &Context,
) -> Vec<Task> {
    let most_open = n * 2 / 5;
    let mut out = Vec::with_capacity(n);
    for d in deals.iter().filter(|d| d.rec.status == DealStatus::Open) {
        if out.len() < most_open && chance(rng, 0.85) {
            out.push(open_task(rng, &on_deal(d, contacts, companies), ctx));
        }
    }
    let n_open = (out.len() + out.len() / 2 + ctx.owners.len() * OTHER_OPEN_EACH).min(most_open);
    while out.len() < n_open {
        let Some(s) = on_other(rng, contacts, companies, ctx) else {
            break;
        };
        out.push(open_task(rng, &s, ctx));
    }
    schedule(rng, &mut out, ctx);
    while out.len() < n {
        let s = match weighted(rng, &[45, 55]) {
            0 if !deals.is_empty() => Some(on_deal(pick(rng, deals), contacts, companies)),
            _ => on_other(rng, contacts, companies, ctx),
        };
        let Some(s) = s else { break };
        out.push(done_task(rng, &s, ctx));
    }
    out.sort_by_key(|t| t.created);
    for (i, t) in out.iter_mut().enumerate() {
        t.id = first_id + i as u64;
    }
    out
}

fn on_deal<'a>(
    d: &'a DemoDeal,
    contacts: &'a [Contact],
    companies: &'a [DemoCompany],
) -> Subject<'a> {
    let person = d
        .rec
        .contacts
        .first()
        .and_then(|id| contact(contacts, *id))
        .and_then(|c| c.given_name.as_deref());
    Subject {
        link: RecordId::new(Kind::Deal, d.rec.id),
        owner: &d.rec.owner,
        person,
        company: d
            .rec
            .company
            .and_then(|id| company(companies, id))
            .map(|c| c.short.as_str()),
        titles: DEAL_TITLES,
        from: d.rec.created,
        until: d.end,
    }
}

fn on_other<'a>(
    rng: &mut Rng,
    contacts: &'a [Contact],
    companies: &'a [DemoCompany],
    ctx: &Context,
) -> Option<Subject<'a>> {
    if !contacts.is_empty() && (companies.is_empty() || chance(rng, 0.75)) {
        let c = pick(rng, contacts);
        return Some(Subject {
            link: RecordId::new(Kind::Contact, c.id),
            owner: &c.owner,
            person: c.given_name.as_deref(),
            company: None,
            titles: CONTACT_TITLES,
            from: c.created,
            until: ctx.now,
        });
    }
    let co = companies.get(rng.usize(..companies.len().max(1)))?;
    Some(Subject {
        link: RecordId::new(Kind::Company, co.rec.id),
        owner: &co.rec.owner,
        person: None,
        company: Some(&co.short),
        titles: COMPANY_TITLES,
        from: co.rec.created,
        until: ctx.now,
    })
}

fn company(companies: &[DemoCompany], id: u64) -> Option<&DemoCompany> {
    let base = companies.first()?.rec.id;
    companies.get(id.checked_sub(base)? as usize)
}

fn title(rng: &mut Rng, s: &Subject<'_>) -> String {
    let person = s.person.unwrap_or("them");
    let company = s.company.or(s.person).unwrap_or("the account");
    pick(rng, s.titles)
        .replace("{p}", person)
        .replace("{c}", company)
}

fn base(rng: &mut Rng, s: &Subject<'_>, ctx: &Context) -> Task {
    Task {
        source_ids: Default::default(),
        id: 0,
        title: title(rng, s),
        due: None,
        assignee: if chance(rng, 0.9) {
            s.owner.to_string()
        } else {
            ctx.owner(rng)
        },
        link: Some(s.link),
        priority: [Priority::High, Priority::Normal, Priority::Low][weighted(rng, &[20, 60, 20])],
        done_at: None,
        notes: if chance(rng, 0.1) {
            pick(rng, NOTES).to_string()
        } else {
            String::new()
        },
        recur: None,
        auto_close: None,
        closed_reason: None,
        created: s.from,
        updated: s.from,
    }
}

/// An open task, set in the last month; [`schedule`] gives it its due date.
fn open_task(rng: &mut Rng, s: &Subject<'_>, ctx: &Context) -> Task {
    let mut t = base(rng, s, ctx);
    let recent = (ctx.now - days(30)).max(s.from);
    t.created = between(rng, recent, ctx.now);
    t.updated = t.created;
    t
}

fn done_task(rng: &mut Rng, s: &Subject<'_>, ctx: &Context) -> Task {
    let mut t = base(rng, s, ctx);
    let until = s
        .until
        .min(ctx.now - chrono::Duration::hours(1))
        .max(s.from);
    let earliest = grown(rng, s.from, until);
    let done = office_time(rng, earliest, until);
    let created = between(rng, (done - days(14)).max(s.from), done);
    if chance(rng, 0.9) {
        let slip = days(rng.i64(-3..=2));
        t.due = Some(due_on(rng, done.date_naive() + slip));
    }
    t.done_at = Some(done);
    t.created = created;
    t.updated = done;
    t
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_owner_gets_tasks_due_today() {
        let ctx = Context::for_tests();
        let mut rng = Rng::with_seed(8);
        let mut companies = super::super::companies::generate(&mut rng, 10, 1, &ctx);
        let contacts = super::super::people::generate(&mut rng, 60, 1, &mut companies, &ctx);
        let tasks = generate(&mut rng, 100, 1, &contacts, &companies, &[], &ctx);
        assert_eq!(tasks.len(), 100);
        let today = ctx.now.date_naive();
        for owner in &ctx.owners {
            let due_today = tasks
                .iter()
                .filter(|t| {
                    &t.assignee == owner && t.is_open() && t.due.is_some_and(|d| d.date == today)
                })
                .count();
            assert!(
                (crate::demo::schedule::DUE_TODAY_EACH..=12).contains(&due_today),
                "{owner}: {due_today}"
            );
        }
        let done = tasks.iter().filter(|t| !t.is_open()).count();
        assert!(done >= 60, "most tasks are done: {done}");
        assert!(
            tasks
                .iter()
                .all(|t| t.done_at.is_none_or(|d| d <= ctx.now && d >= t.created))
        );
    }
}
