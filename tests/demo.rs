//! `rolo::demo::generate` against real store files: counts, reproducibility, derived
//! fields consistent with what the ops layer would leave, and refusal of used files.

use std::path::Path;
use std::sync::Arc;

use chrono::{DateTime, Utc};
use rolo::demo::{Size, Summary, generate};
use rolo::model::*;
use rolo::store::{OpenOptions, Queries, Store};

fn fixed_now() -> DateTime<Utc> {
    "2026-03-18T15:30:00Z".parse().unwrap()
}

fn open(path: &Path) -> Store {
    let now = fixed_now();
    Store::open(OpenOptions {
        now: Some(Arc::new(move || now)),
        user: Some("dana".into()),
        ..OpenOptions::new(path)
    })
    .unwrap()
}

fn small(dir: &tempfile::TempDir, name: &str, seed: u64) -> (Store, Summary) {
    let store = open(&dir.path().join(name));
    let summary = generate(&store, Size::S, seed).unwrap();
    (store, summary)
}

#[test]
fn summary_matches_what_the_store_holds() {
    let dir = tempfile::tempdir().unwrap();
    let (store, s) = small(&dir, "a.redb", 42);
    let read = store.read().unwrap();
    assert_eq!(s.contacts, read.count(Kind::Contact).unwrap());
    assert_eq!(s.companies, read.count(Kind::Company).unwrap());
    assert_eq!(s.deals, read.count(Kind::Deal).unwrap());
    assert_eq!(s.activities, read.count(Kind::Activity).unwrap());
    assert_eq!(s.tasks, read.count(Kind::Task).unwrap());
    assert_eq!(s.tickets, read.count(Kind::Ticket).unwrap());
    assert_eq!(s.pipelines, read.count(Kind::Pipeline).unwrap());
    // The tickets' email threads come on top of the 2,000 other activities.
    let on_tickets = read
        .all::<Activity>()
        .unwrap()
        .iter()
        .filter(|a| a.ticket.is_some())
        .count() as u64;
    assert!(on_tickets >= s.tickets, "every ticket has a thread");
    assert_eq!(
        (
            s.contacts,
            s.companies,
            s.deals,
            s.activities - on_tickets,
            s.tasks,
            s.tickets,
            s.pipelines
        ),
        (200, 20, 40, 2000, 200, 60, 2)
    );
    let renewals = read.find_pipeline("Renewals").unwrap();
    let in_renewals = read
        .all::<Deal>()
        .unwrap()
        .iter()
        .filter(|d| d.pipeline == renewals.id)
        .count();
    assert_eq!(in_renewals, 6);
    // One bulk load, one change-log entry.
    let entries = read.entries_since(0).unwrap();
    assert_eq!(entries.last().unwrap().op, "demo");
    assert!(entries.last().unwrap().summary.contains("200 contacts"));
}

#[test]
fn same_seed_and_clock_give_the_same_database() {
    let dir = tempfile::tempdir().unwrap();
    let (one, _) = small(&dir, "one.redb", 7);
    let (two, _) = small(&dir, "two.redb", 7);
    let (other, _) = small(&dir, "other.redb", 8);
    let (a, b, c) = (
        one.read().unwrap(),
        two.read().unwrap(),
        other.read().unwrap(),
    );
    assert_eq!(a.all::<Contact>().unwrap(), b.all::<Contact>().unwrap());
    assert_eq!(a.all::<Company>().unwrap(), b.all::<Company>().unwrap());
    assert_eq!(a.all::<Deal>().unwrap(), b.all::<Deal>().unwrap());
    assert_eq!(a.all::<Activity>().unwrap(), b.all::<Activity>().unwrap());
    assert_eq!(a.all::<Task>().unwrap(), b.all::<Task>().unwrap());
    assert_eq!(a.all::<Pipeline>().unwrap(), b.all::<Pipeline>().unwrap());
    assert_ne!(a.all::<Contact>().unwrap(), c.all::<Contact>().unwrap());
}

#[test]
fn deals_follow_their_stage_history() {
    let dir = tempfile::tempdir().unwrap();
    let (store, _) = small(&dir, "a.redb", 1);
    let read = store.read().unwrap();
    let pipelines = read.pipelines().unwrap();
    let now = fixed_now();
    let mut statuses = std::collections::BTreeSet::new();
    for d in read.all::<Deal>().unwrap() {
        let last = d.history.last().expect("history");
        assert_eq!(last.stage, d.stage, "D-{}", d.id);
        assert!(
            d.history.windows(2).all(|w| w[0].at < w[1].at),
            "D-{}",
            d.id
        );
        assert_eq!(d.history[0].at, d.created);
        let p = pipelines.iter().find(|p| p.id == d.pipeline).unwrap();
        let outcome = p.stage(d.stage).unwrap().outcome;
        match outcome {
            StageOutcome::Open => assert!(d.status == DealStatus::Open && d.closed_at.is_none()),
            StageOutcome::Won => {
                assert!(d.status == DealStatus::Won && d.closed_at == Some(last.at))
            }
            StageOutcome::Lost => {
                assert!(d.status == DealStatus::Lost && d.closed_at == Some(last.at));
                assert!(d.lost_reason.is_some());
            }
        }
        assert!(d.status == DealStatus::Lost || d.lost_reason.is_none());
        assert!(last.at <= now && d.created >= now - chrono::Duration::days(731));
        assert!(d.value > 0 && d.company.is_some() && !d.contacts.is_empty());
        statuses.insert(d.status.as_str());
        // The deal is listed under its stage and linked from its company and contacts.
        assert!(
            read.deals_in_stage(d.pipeline, d.stage)
                .unwrap()
                .contains(&d.id)
        );
        let co = RecordId::new(Kind::Company, d.company.unwrap());
        assert!(read.linked(co, Kind::Deal).unwrap().contains(&d.id));
    }
    assert_eq!(statuses.len(), 3, "{statuses:?}");
}

#[test]
fn last_activity_is_the_latest_on_each_timeline() {
    let dir = tempfile::tempdir().unwrap();
    let (store, _) = small(&dir, "a.redb", 3);
    let read = store.read().unwrap();
    let latest = |rid: RecordId| -> Option<Instant> {
        let ids = read.timeline_ids(rid, 1).unwrap();
        read.activities(&ids).unwrap().first().map(|a| a.at)
    };
    let contacts = read.all::<Contact>().unwrap();
    let mut with_activity = 0;
    for c in &contacts {
        let expected = latest(RecordId::new(Kind::Contact, c.id));
        assert_eq!(c.last_activity, expected, "C-{}", c.id);
        with_activity += usize::from(expected.is_some());
    }
    assert!(with_activity > contacts.len() / 2, "{with_activity}");
    for co in read.all::<Company>().unwrap() {
        assert_eq!(
            co.last_activity,
            latest(RecordId::new(Kind::Company, co.id)),
            "O-{}",
            co.id
        );
    }
    for d in read.all::<Deal>().unwrap() {
        assert_eq!(
            d.last_activity,
            latest(RecordId::new(Kind::Deal, d.id)),
            "D-{}",
            d.id
        );
    }
    // Activities carry their contact's company, and recent ones exist.
    let now = fixed_now();
    for a in read.all::<Activity>().unwrap() {
        assert!(a.at <= now && !a.subject.is_empty() && !a.author.is_empty());
        if a.deal.is_none() {
            let c = &contacts[(a.contacts[0] - contacts[0].id) as usize];
            assert_eq!(a.company, c.company, "A-{}", a.id);
            assert!(a.at >= c.created);
        }
    }
    let recent = read.recent_activity_ids(1).unwrap();
    let newest = read.activities(&recent).unwrap()[0].at;
    assert!(now - newest < chrono::Duration::days(3), "{newest}");
}

/// What a person checks to see whether the demo team keeps up with its work, on
/// every rep's Today (overdue plus due today), the open tasks and the open deals.
fn assert_a_team_that_keeps_up(store: &Store) {
    let read = store.read().unwrap();
    let now = fixed_now();
    let today = now.date_naive();
    let tasks = read.all::<Task>().unwrap();
    let open: Vec<&Task> = tasks.iter().filter(|t| t.is_open()).collect();
    let overdue = open
        .iter()
        .filter(|t| t.due.is_some_and(|d| d.date < today))
        .count();
    // A rep's Today: a handful to a few dozen items, a few of them overdue.
    for owner in ["dana", "sam", "alex", "priya", "kenji", "maria"] {
        let mine = |t: &&&Task| t.assignee == owner;
        let due_today = open
            .iter()
            .filter(mine)
            .filter(|t| t.due.is_some_and(|d| d.date == today))
            .count();
        let late = open
            .iter()
            .filter(mine)
            .filter(|t| t.due.is_some_and(|d| d.date < today))
            .count();
        assert!(
            (5..=30).contains(&(due_today + late)),
            "{owner}: {due_today} due today, {late} overdue"
        );
        assert!((1..=6).contains(&late), "{owner}: {late} overdue");
    }
    // Overdue is a small share of the open work, and most past work is done.
    assert!(
        overdue * 100 <= open.len() * 15,
        "{overdue} of {} open tasks overdue",
        open.len()
    );
    let past_done = tasks
        .iter()
        .filter(|t| !t.is_open() && t.due.is_some_and(|d| d.date < today))
        .count();
    assert!(
        past_done > overdue * 5,
        "{past_done} past tasks done, {overdue} overdue"
    );
    assert!(open.iter().any(|t| t.due.is_some_and(|d| d.date > today)));
    // Most open deals have a next step (an open task on the deal); among many, some
    // have none; some rot in their stage.
    let pipelines = read.pipelines().unwrap();
    let open_deals: Vec<Deal> = read
        .all::<Deal>()
        .unwrap()
        .into_iter()
        .filter(|d| d.status == DealStatus::Open)
        .collect();
    let with_step = open_deals
        .iter()
        .filter(|d| {
            open.iter()
                .any(|t| t.link == Some(RecordId::new(Kind::Deal, d.id)))
        })
        .count();
    assert!(
        with_step * 100 >= open_deals.len() * 70
            && (open_deals.len() < 20 || with_step < open_deals.len()),
        "{with_step} of {} open deals have a next step",
        open_deals.len()
    );
    let rotting = open_deals
        .iter()
        .filter(|d| {
            pipelines
                .iter()
                .find(|p| p.id == d.pipeline)
                .is_some_and(|p| rolo::model::health::is_rotting(d, p, now))
        })
        .count();
    assert!(
        rotting > 0 && rotting * 2 < open_deals.len(),
        "{rotting} of {} open deals rot",
        open_deals.len()
    );
}

#[test]
fn a_small_demo_team_keeps_up_with_its_work() {
    let dir = tempfile::tempdir().unwrap();
    for seed in [1, 5, 42] {
        let (store, _) = small(&dir, &format!("s{seed}.redb"), seed);
        assert_a_team_that_keeps_up(&store);
    }
}

#[test]
fn a_medium_demo_team_keeps_up_with_its_work() {
    let dir = tempfile::tempdir().unwrap();
    let store = open(&dir.path().join("m.redb"));
    generate(&store, Size::M, 3).unwrap();
    assert_a_team_that_keeps_up(&store);
}

#[test]
fn people_are_international_and_emails_unique() {
    let dir = tempfile::tempdir().unwrap();
    let (store, _) = small(&dir, "a.redb", 9);
    let read = store.read().unwrap();
    let contacts = read.all::<Contact>().unwrap();
    assert!(contacts.iter().any(|c| !c.name.is_ascii()));
    assert!(
        contacts
            .iter()
            .all(|c| c.given_name.is_some() && c.family_name.is_some())
    );
    assert!(contacts.iter().any(|c| c.emails.is_empty()));
    assert!(contacts.iter().any(|c| c.owner == "dana"));
    for c in &contacts {
        for e in &c.emails {
            assert!(e.value.is_ascii() && e.value.contains('@'), "{}", e.value);
            assert_eq!(read.contact_by_email(&e.value).unwrap(), Some(c.id));
        }
    }
    let companies = read.all::<Company>().unwrap();
    assert!(
        companies
            .iter()
            .all(|c| c.domain.is_some() && c.industry.is_some())
    );
}

#[test]
fn a_used_database_is_refused_and_left_alone() {
    let dir = tempfile::tempdir().unwrap();
    let (store, _) = small(&dir, "a.redb", 1);
    let before = store.revision().unwrap();
    let err = generate(&store, Size::S, 2).unwrap_err();
    assert!(matches!(err, rolo::Error::Conflict(_)), "{err}");
    let msg = err.to_string();
    assert!(
        msg.contains("200 contacts") && msg.contains("rolo --db demo.redb demo"),
        "{msg}"
    );
    assert_eq!(store.revision().unwrap(), before);
    assert_eq!(store.read().unwrap().count(Kind::Contact).unwrap(), 200);
}

/// Times size L; run with `cargo test --release --test demo -- --ignored --nocapture`.
#[test]
#[ignore]
fn size_l_timing() {
    let dir = tempfile::tempdir().unwrap();
    let store = open(&dir.path().join("l.redb"));
    let started = std::time::Instant::now();
    let s = generate(&store, Size::L, 1).unwrap();
    let took = started.elapsed();
    let bytes = std::fs::metadata(dir.path().join("l.redb")).unwrap().len();
    println!("size L: {s} in {took:.1?}, file {} MB", bytes / 1_000_000);
}

/// The generated data is pinned, not only reproducible within one build: a change that
/// moves a single draw (or a comparison that depends on how the build lays out
/// constants) shows up here. Update these only when the demo is meant to change.
#[test]
fn size_s_seed_1_is_pinned() {
    let dir = tempfile::tempdir().unwrap();
    let (store, _) = small(&dir, "a.redb", 1);
    let read = store.read().unwrap();
    let contacts = read.all::<Contact>().unwrap();
    let c = |i: usize| {
        let c = &contacts[i];
        format!(
            "{} | {} | {} | {}",
            c.name,
            c.location.as_deref().unwrap_or(""),
            c.phones.first().map(|p| p.value.as_str()).unwrap_or(""),
            c.email().unwrap_or("")
        )
    };
    let shown = [c(0), c(1), c(100), c(199)].join("\n");
    let activities = read.all::<Activity>().unwrap();
    let last = activities.last().unwrap();
    let tasks = read.all::<Task>().unwrap();
    let deals = read.all::<Deal>().unwrap();
    let shown = format!(
        "{shown}\n{} | {}\n{} | {}",
        last.subject, last.at, tasks[199].title, deals[39].title
    );
    assert_eq!(
        shown,
        "Chris Davis | Chicago, USA | +1 312 305 0988 | chris.davis@silverline-media.com\n\
         Chiamaka Olawale | Abuja, Nigeria | +234 801 043 9231 | chiamaka.olawale@savannah-energy.com.ng\n\
         Jane Wilson | Chicago, USA | +1 312 113 9572 | jane.wilson@cobalt-media.com\n\
         Marcus Anderson | Chicago, USA | +1 312 254 5299 | marcus@cobalt-retail.com\n\
         Re: [S-60] Export to CSV is missing columns | 2026-03-10 03:18:00 UTC\n\
         Send revised quote to Álvaro | Silverline — renewal 2026"
    );
}
