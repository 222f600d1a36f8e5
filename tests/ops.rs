//! Library-level tests of the write path (`rolo::ops`) on a temporary store: one
//! change-log entry and one revision per operation, nothing written on failure, indexes
//! kept in step, derived fields (stage history, closed_at, last activity), undo/redo.

use std::sync::{Arc, Mutex};

use chrono::{Duration, NaiveDate, TimeZone, Utc};
use rolo::model::{
    Activity, ActivityKind, Company, Contact, Deal, DealStatus, Due, Kind, Labeled, Record,
    RecordId, Task,
};
use rolo::ops;
use rolo::store::{Committed, OpenOptions, Queries, Store};
use tempfile::TempDir;

type Instant = chrono::DateTime<Utc>;

/// A temporary database with a clock the test can move.
struct Fixture {
    dir: TempDir,
    clock: Arc<Mutex<Instant>>,
}

fn t0() -> Instant {
    Utc.with_ymd_and_hms(2026, 11, 25, 12, 0, 0).unwrap()
}

impl Fixture {
    fn new() -> Fixture {
        Fixture {
            dir: TempDir::new().unwrap(),
            clock: Arc::new(Mutex::new(t0())),
        }
    }

    /// Opens the store as `user`. Only one handle may be open at a time in a process.
    fn open(&self, user: &str) -> Store {
        let clock = self.clock.clone();
        Store::open(OpenOptions {
            now: Some(Arc::new(move || *clock.lock().unwrap())),
            user: Some(user.into()),
            ..OpenOptions::new(self.dir.path().join("crm.redb"))
        })
        .unwrap()
    }

    fn now(&self) -> Instant {
        *self.clock.lock().unwrap()
    }

    fn advance(&self, d: Duration) -> Instant {
        let mut c = self.clock.lock().unwrap();
        *c += d;
        *c
    }
}

fn rev(store: &Store) -> u64 {
    store.revision().unwrap()
}

fn entries_total(store: &Store) -> usize {
    store.read().unwrap().entries_since(0).unwrap().len()
}

/// Runs an op that must succeed and checks it wrote exactly one entry, by `user`, named
/// `op`, and bumped the revision by one.
fn one<T>(
    store: &Store,
    user: &str,
    op: &str,
    f: impl FnOnce(&Store) -> rolo::Result<Committed<T>>,
) -> T {
    let before = rev(store);
    let done = f(store).unwrap_or_else(|e| panic!("{op} failed: {e}"));
    assert!(done.changed, "{op} reported no change");
    assert_eq!(done.rev, before + 1, "{op} must bump the revision by one");
    assert_eq!(rev(store), before + 1, "{op}: stored revision");
    let new = store.read().unwrap().entries_since(before).unwrap();
    assert_eq!(new.len(), 1, "{op} must append exactly one entry: {new:?}");
    assert_eq!(new[0].rev, before + 1);
    assert_eq!(new[0].op, op);
    assert_eq!(new[0].user, user);
    assert!(!new[0].changes.is_empty(), "{op}: entry lists no changes");
    done.value
}

/// Runs an op that must fail and checks nothing was written; returns the message.
fn fails<T: std::fmt::Debug>(
    store: &Store,
    what: &str,
    f: impl FnOnce(&Store) -> rolo::Result<Committed<T>>,
) -> String {
    let before = rev(store);
    let entries = entries_total(store);
    let counts: Vec<u64> = Kind::ALL
        .iter()
        .map(|k| store.read().unwrap().count(*k).unwrap())
        .collect();
    let err = match f(store) {
        Ok(v) => panic!("{what}: expected an error, got {v:?}"),
        Err(e) => e.to_string(),
    };
    assert_eq!(rev(store), before, "{what}: revision moved after a failure");
    assert_eq!(
        entries_total(store),
        entries,
        "{what}: an entry was written"
    );
    let after: Vec<u64> = Kind::ALL
        .iter()
        .map(|k| store.read().unwrap().count(*k).unwrap())
        .collect();
    assert_eq!(after, counts, "{what}: record counts changed");
    err
}

fn contact(name: &str, email: &str) -> Contact {
    Contact {
        name: name.into(),
        emails: vec![Labeled {
            label: String::new(),
            value: email.into(),
        }],
        ..Contact::default()
    }
}

fn company(name: &str) -> Company {
    Company {
        name: name.into(),
        ..Company::default()
    }
}

/// A deal in the default Sales pipeline's first stage.
fn deal(store: &Store, title: &str, value: i64) -> Deal {
    let p = store.read().unwrap().default_pipeline().unwrap();
    Deal {
        title: title.into(),
        pipeline: p.id,
        stage: p.open_stages().next().unwrap().id,
        value,
        ..Deal::default()
    }
}

fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

fn stage_id(store: &Store, name: &str) -> u32 {
    store
        .read()
        .unwrap()
        .default_pipeline()
        .unwrap()
        .find_stage(name)
        .unwrap()
        .id
}

#[test]
fn a_new_store_starts_at_revision_one_with_the_sales_pipeline() {
    let fx = Fixture::new();
    let store = fx.open("sam");
    assert_eq!(rev(&store), 1);
    let p = store.read().unwrap().default_pipeline().unwrap();
    assert_eq!(p.name, "Sales");
    assert_eq!(
        p.stage_names(),
        [
            "Lead In",
            "Qualified",
            "Proposal Sent",
            "Negotiation",
            "Won",
            "Lost"
        ]
    );
    drop(store);
    // Reopening does not initialise again.
    let store = fx.open("sam");
    assert_eq!(rev(&store), 1);
}

#[test]
fn every_op_writes_exactly_one_entry_and_bumps_the_revision() {
    let fx = Fixture::new();
    let s = fx.open("sam");
    let o = one(&s, "sam", "company.add", |s| ops::add(s, company("Acme")));
    assert_eq!(o.id, 1);
    let c = one(&s, "sam", "contact.add", |s| {
        ops::add(
            s,
            Contact {
                company: Some(o.id),
                ..contact("Jane", "jane@acme.com")
            },
        )
    });
    assert_eq!((c.id, c.owner.as_str()), (1, "sam"));
    one(&s, "sam", "contact.edit", |s| {
        ops::update(s, c.id, |c: &mut Contact| {
            c.title = Some("CEO".into());
            Ok(())
        })
    });
    let d = one(&s, "sam", "deal.add", |s| {
        let d = Deal {
            company: Some(o.id),
            contacts: vec![c.id],
            ..deal(s, "Acme 50 seats", 1_250_000)
        };
        ops::add(s, d)
    });
    one(&s, "sam", "deal.move", |s| ops::move_deal(s, d.id, "neg"));
    one(&s, "sam", "deal.move", |s| ops::step_deal(s, d.id, -1));
    one(&s, "sam", "deal.won", |s| ops::win_deal(s, d.id));
    one(&s, "sam", "deal.lost", |s| {
        ops::lose_deal(s, d.id, Some("budget".into()))
    });
    let t = one(&s, "sam", "task.add", |s| {
        ops::add(
            s,
            Task {
                title: "Call Jane".into(),
                due: Some(Due {
                    date: date(2026, 11, 27),
                    time: None,
                }),
                link: Some(RecordId::new(Kind::Contact, c.id)),
                ..Task::default()
            },
        )
    });
    one(&s, "sam", "task.snooze", |s| {
        ops::snooze_task(s, t.id, date(2026, 11, 30))
    });
    one(&s, "sam", "task.done", |s| ops::complete_task(s, t.id));
    one(&s, "sam", "task.reopen", |s| ops::reopen_task(s, t.id));
    one(&s, "sam", "log.call", |s| {
        ops::log_activity(
            s,
            Activity {
                kind: ActivityKind::Call,
                subject: "pricing".into(),
                contacts: vec![c.id],
                ..Activity::default()
            },
        )
    });
    one(&s, "sam", "pipeline.add", |s| {
        ops::pipeline::add_pipeline(s, "Renewals", &["Upcoming".into(), "Talks:60".into()])
    });
    one(&s, "sam", "task.delete", |s| {
        ops::delete(s, RecordId::new(Kind::Task, t.id), false)
    });
    one(&s, "sam", "undo", ops::undo);
    one(&s, "sam", "redo", ops::redo);
    // 1 (init) + 17 ops above.
    assert_eq!(rev(&s), 18);
    assert_eq!(entries_total(&s), 18);
}

#[test]
fn a_failing_op_writes_nothing() {
    let fx = Fixture::new();
    let s = fx.open("sam");
    let c = ops::add(&s, contact("Jane", "jane@acme.com"))
        .unwrap()
        .value;
    let d = ops::add(
        &s,
        Deal {
            contacts: vec![c.id],
            ..deal(&s, "Acme", 100)
        },
    )
    .unwrap()
    .value;

    let e = fails(&s, "bad email", |s| ops::add(s, contact("Bob", "bob@")));
    assert!(e.contains("email") && e.contains("bob@"), "{e}");
    let e = fails(&s, "taken email", |s| {
        ops::add(s, contact("Bob", "JANE@acme.com"))
    });
    assert!(e.contains("C-1"), "{e}");
    let e = fails(&s, "empty name", |s| ops::add(s, contact("  ", "x@y.com")));
    assert!(e.contains("name"), "{e}");
    let e = fails(&s, "negative value", |s| ops::add(s, deal(s, "Neg", -5)));
    assert!(e.contains("value") && e.contains("-5"), "{e}");
    let e = fails(&s, "missing contact", |s| {
        ops::add(
            s,
            Deal {
                contacts: vec![99],
                ..deal(s, "X", 1)
            },
        )
    });
    assert!(e.contains("C-99"), "{e}");
    let e = fails(&s, "unknown stage", |s| ops::move_deal(s, d.id, "zzz"));
    assert!(e.contains("stage") && e.contains("zzz"), "{e}");
    let e = fails(&s, "unknown deal", |s| ops::move_deal(s, 99, "neg"));
    assert!(e.contains("D-99"), "{e}");
    let e = fails(&s, "same stage", |s| ops::move_deal(s, d.id, "lead"));
    assert!(e.contains("already"), "{e}");
    let e = fails(&s, "task on missing deal", |s| {
        ops::add(
            s,
            Task {
                title: "x".into(),
                link: Some(RecordId::new(Kind::Deal, 42)),
                ..Task::default()
            },
        )
    });
    assert!(e.contains("D-42"), "{e}");
    let e = fails(&s, "delete linked", |s| {
        ops::delete(s, RecordId::new(Kind::Contact, c.id), false)
    });
    assert!(e.contains("D-1"), "{e}");
    let e = fails(&s, "activity without subject", |s| {
        ops::log_activity(s, Activity::default())
    });
    assert!(e.contains("subject"), "{e}");
    let e = fails(&s, "nothing to redo", ops::redo);
    assert!(e.contains("nothing to redo"), "{e}");

    // An op that created a record and then failed leaves no trace, not even a used id.
    fails(&s, "create then fail", |s| {
        s.write("test.partial", |tx| {
            ops::find_or_create_company(tx, "Ghost")?;
            Err::<(), _>(rolo::Error::invalid("test", "fail after a write"))
        })
    });
    let o = ops::add(&s, company("Real")).unwrap().value;
    assert_eq!(o.id, 1, "the failed op must not consume the company id");
}

#[test]
fn changing_an_email_frees_the_old_one() {
    let fx = Fixture::new();
    let s = fx.open("sam");
    let a = ops::add(&s, contact("Ann", "ann@acme.com")).unwrap().value;
    assert_eq!(
        s.read().unwrap().contact_by_email("ANN@acme.com").unwrap(),
        Some(a.id)
    );
    ops::update(&s, a.id, |c: &mut Contact| {
        c.emails[0].value = "ann@globex.com".into();
        Ok(())
    })
    .unwrap();
    let r = s.read().unwrap();
    assert_eq!(r.contact_by_email("ann@acme.com").unwrap(), None);
    assert_eq!(r.contact_by_email("ann@globex.com").unwrap(), Some(a.id));
    drop(r);
    let b = ops::add(&s, contact("Bea", "ann@acme.com")).unwrap().value;
    assert_eq!(
        s.read().unwrap().contact_by_email("ann@acme.com").unwrap(),
        Some(b.id)
    );
    // And the new one is still taken.
    let e = ops::add(&s, contact("Cy", "Ann@Globex.com"))
        .unwrap_err()
        .to_string();
    assert!(e.contains(&format!("C-{}", a.id)), "{e}");
}

#[test]
fn changing_a_contacts_company_moves_the_link() {
    let fx = Fixture::new();
    let s = fx.open("sam");
    let acme = ops::add(&s, company("Acme")).unwrap().value;
    let globex = ops::add(&s, company("Globex")).unwrap().value;
    let c = ops::add(
        &s,
        Contact {
            company: Some(acme.id),
            ..contact("Jane", "jane@acme.com")
        },
    )
    .unwrap()
    .value;
    let linked = |o: u64| {
        s.read()
            .unwrap()
            .linked(RecordId::new(Kind::Company, o), Kind::Contact)
            .unwrap()
    };
    assert_eq!(linked(acme.id), vec![c.id]);
    ops::update(&s, c.id, |c: &mut Contact| {
        c.company = Some(globex.id);
        Ok(())
    })
    .unwrap();
    assert_eq!(linked(acme.id), Vec::<u64>::new());
    assert_eq!(linked(globex.id), vec![c.id]);
}

#[test]
fn moving_a_deal_updates_deals_in_stage() {
    let fx = Fixture::new();
    let s = fx.open("sam");
    let d = ops::add(&s, deal(&s, "Acme", 100)).unwrap().value;
    let p = d.pipeline;
    let (lead, neg, won) = (
        stage_id(&s, "Lead In"),
        stage_id(&s, "Negotiation"),
        stage_id(&s, "Won"),
    );
    let in_stage = |st: u32| s.read().unwrap().deals_in_stage(p, st).unwrap();
    assert_eq!(in_stage(lead), vec![d.id]);
    ops::move_deal(&s, d.id, "NEG").unwrap();
    assert_eq!(in_stage(lead), Vec::<u64>::new());
    assert_eq!(in_stage(neg), vec![d.id]);
    ops::win_deal(&s, d.id).unwrap();
    assert_eq!(in_stage(neg), Vec::<u64>::new());
    assert_eq!(in_stage(won), vec![d.id]);
    ops::delete(&s, RecordId::new(Kind::Deal, d.id), false).unwrap();
    assert_eq!(in_stage(won), Vec::<u64>::new());
}

#[test]
fn completing_a_task_removes_it_from_open_tasks_due() {
    let fx = Fixture::new();
    let s = fx.open("sam");
    let fri = date(2026, 11, 27);
    let t = ops::add(
        &s,
        Task {
            title: "Call".into(),
            due: Some(Due {
                date: fri,
                time: None,
            }),
            ..Task::default()
        },
    )
    .unwrap()
    .value;
    let due_on = |d: NaiveDate| -> Vec<u64> {
        s.read()
            .unwrap()
            .open_tasks_due(Some(d), Some(d))
            .unwrap()
            .into_iter()
            .map(|t| t.id)
            .collect()
    };
    assert_eq!(due_on(fri), vec![t.id]);
    let done = ops::complete_task(&s, t.id).unwrap().value;
    assert_eq!(done.done_at, Some(fx.now()));
    assert_eq!(due_on(fri), Vec::<u64>::new());
    assert!(
        s.read()
            .unwrap()
            .open_tasks_due(None, None)
            .unwrap()
            .is_empty()
    );
    let e = ops::complete_task(&s, t.id).unwrap_err().to_string();
    assert!(e.contains("already done"), "{e}");
    ops::reopen_task(&s, t.id).unwrap();
    assert_eq!(due_on(fri), vec![t.id]);
    let mon = date(2026, 11, 30);
    ops::snooze_task(&s, t.id, mon).unwrap();
    assert_eq!(due_on(fri), Vec::<u64>::new());
    assert_eq!(due_on(mon), vec![t.id]);
}

#[test]
fn stage_history_status_and_closed_at_follow_moves() {
    let fx = Fixture::new();
    let s = fx.open("sam");
    let d = ops::add(&s, deal(&s, "Acme", 100)).unwrap().value;
    let t0 = fx.now();
    assert_eq!(d.status, DealStatus::Open);
    assert_eq!(d.history.len(), 1);
    assert_eq!(
        (d.history[0].stage, d.history[0].at),
        (stage_id(&s, "Lead In"), t0)
    );
    assert_eq!(d.closed_at, None);

    let t1 = fx.advance(Duration::days(2));
    let d = ops::move_deal(&s, d.id, "negotiation").unwrap().value;
    assert_eq!(d.stage, stage_id(&s, "Negotiation"));
    assert_eq!(d.history.len(), 2);
    assert_eq!(d.history[1].at, t1);
    assert_eq!(d.stage_entered(), t1);
    assert_eq!((d.status, d.closed_at), (DealStatus::Open, None));

    let t2 = fx.advance(Duration::days(3));
    let d = ops::win_deal(&s, d.id).unwrap().value;
    assert_eq!(d.stage, stage_id(&s, "Won"));
    assert_eq!((d.status, d.closed_at), (DealStatus::Won, Some(t2)));
    assert_eq!(d.history.last().unwrap().at, t2);

    // Reopening (moving back to an open stage) clears closed_at.
    let t3 = fx.advance(Duration::days(1));
    let d = ops::move_deal(&s, d.id, "qual").unwrap().value;
    assert_eq!(d.stage, stage_id(&s, "Qualified"));
    assert_eq!((d.status, d.closed_at), (DealStatus::Open, None));
    assert_eq!(d.history.len(), 4);
    assert_eq!(d.history[3].at, t3);

    let t4 = fx.advance(Duration::days(1));
    let d = ops::lose_deal(&s, d.id, Some("  went with a competitor ".into()))
        .unwrap()
        .value;
    assert_eq!((d.status, d.closed_at), (DealStatus::Lost, Some(t4)));
    assert_eq!(d.lost_reason.as_deref(), Some("went with a competitor"));

    // A closed deal stepped reopens into the last open stage, and the reason goes.
    fx.advance(Duration::days(1));
    let d = ops::step_deal(&s, d.id, -1).unwrap().value;
    assert_eq!(d.stage, stage_id(&s, "Negotiation"));
    assert_eq!((d.status, d.closed_at), (DealStatus::Open, None));
    assert_eq!(d.lost_reason, None);
    assert_eq!(d.history.len(), 6);

    // What was returned is what was stored.
    let stored: Deal = s.read().unwrap().require(d.id).unwrap();
    assert_eq!(stored, d);
}

#[test]
fn step_deal_is_refused_at_the_first_and_last_open_stage() {
    let fx = Fixture::new();
    let s = fx.open("sam");
    let d = ops::add(&s, deal(&s, "Acme", 100)).unwrap().value;
    let e = fails(&s, "step left from first", |s| ops::step_deal(s, d.id, -1));
    assert!(e.contains("first"), "{e}");
    let d = ops::step_deal(&s, d.id, 1).unwrap().value;
    assert_eq!(d.stage, stage_id(&s, "Qualified"));
    ops::move_deal(&s, d.id, "negotiation").unwrap();
    let e = fails(&s, "step right from last", |s| ops::step_deal(s, d.id, 1));
    assert!(e.contains("last"), "{e}");
    let d = ops::step_deal(&s, d.id, -1).unwrap().value;
    assert_eq!(d.stage, stage_id(&s, "Proposal Sent"));
}

#[test]
fn logging_an_activity_moves_last_activity_and_fills_the_company() {
    let fx = Fixture::new();
    let s = fx.open("sam");
    let acme = ops::add(&s, company("Acme")).unwrap().value;
    let globex = ops::add(&s, company("Globex")).unwrap().value;
    let jane = ops::add(
        &s,
        Contact {
            company: Some(globex.id),
            ..contact("Jane", "jane@globex.com")
        },
    )
    .unwrap()
    .value;
    let d = ops::add(
        &s,
        Deal {
            company: Some(acme.id),
            ..deal(&s, "Acme", 100)
        },
    )
    .unwrap()
    .value;

    // On a deal only: the company comes from the deal.
    let t1 = fx.advance(Duration::hours(1));
    let a = ops::log_activity(
        &s,
        Activity {
            kind: ActivityKind::Meeting,
            subject: "kickoff".into(),
            deal: Some(d.id),
            ..Activity::default()
        },
    )
    .unwrap()
    .value;
    assert_eq!(a.company, Some(acme.id));
    assert_eq!(a.at, t1);
    assert_eq!(a.author, "sam");
    let r = s.read().unwrap();
    assert_eq!(r.require::<Deal>(d.id).unwrap().last_activity, Some(t1));
    assert_eq!(
        r.require::<Company>(acme.id).unwrap().last_activity,
        Some(t1)
    );
    assert_eq!(r.require::<Company>(globex.id).unwrap().last_activity, None);
    assert_eq!(r.require::<Contact>(jane.id).unwrap().last_activity, None);
    assert_eq!(
        r.timeline_ids(RecordId::new(Kind::Company, acme.id), 10)
            .unwrap(),
        vec![a.id]
    );
    drop(r);

    // On a contact only: the company comes from the contact.
    let t2 = fx.advance(Duration::hours(1));
    let b = ops::log_activity(
        &s,
        Activity {
            kind: ActivityKind::Email,
            subject: "follow-up".into(),
            contacts: vec![jane.id],
            ..Activity::default()
        },
    )
    .unwrap()
    .value;
    assert_eq!(b.company, Some(globex.id));
    let r = s.read().unwrap();
    assert_eq!(
        r.require::<Contact>(jane.id).unwrap().last_activity,
        Some(t2)
    );
    assert_eq!(
        r.require::<Company>(globex.id).unwrap().last_activity,
        Some(t2)
    );
    assert_eq!(r.require::<Deal>(d.id).unwrap().last_activity, Some(t1));
    drop(r);

    // On a deal and a contact: the deal's company wins; all three are touched.
    let t3 = fx.advance(Duration::hours(1));
    let c = ops::log_activity(
        &s,
        Activity {
            kind: ActivityKind::Call,
            subject: "pricing".into(),
            deal: Some(d.id),
            contacts: vec![jane.id],
            ..Activity::default()
        },
    )
    .unwrap()
    .value;
    assert_eq!(c.company, Some(acme.id));
    let r = s.read().unwrap();
    assert_eq!(
        r.require::<Contact>(jane.id).unwrap().last_activity,
        Some(t3)
    );
    assert_eq!(r.require::<Deal>(d.id).unwrap().last_activity, Some(t3));
    assert_eq!(
        r.require::<Company>(acme.id).unwrap().last_activity,
        Some(t3)
    );
    drop(r);

    // Back-dating an activity does not move last activity backwards.
    fx.advance(Duration::hours(1));
    ops::log_activity(
        &s,
        Activity {
            kind: ActivityKind::Note,
            subject: "old note".into(),
            at: t0() - Duration::days(10),
            deal: Some(d.id),
            contacts: vec![jane.id],
            ..Activity::default()
        },
    )
    .unwrap();
    let r = s.read().unwrap();
    assert_eq!(
        r.require::<Contact>(jane.id).unwrap().last_activity,
        Some(t3)
    );
    assert_eq!(r.require::<Deal>(d.id).unwrap().last_activity, Some(t3));
    assert_eq!(
        r.require::<Company>(acme.id).unwrap().last_activity,
        Some(t3)
    );
}

#[test]
fn undo_of_a_create_deletes_and_redo_recreates_with_the_same_id() {
    let fx = Fixture::new();
    let s = fx.open("sam");
    let c = ops::add(&s, contact("Jane", "jane@acme.com"))
        .unwrap()
        .value;
    let undone = one(&s, "sam", "undo", ops::undo);
    assert_eq!(undone.rev, 2, "undo must report the entry it reverted");
    let r = s.read().unwrap();
    assert_eq!(r.get::<Contact>(c.id).unwrap(), None);
    assert_eq!(r.count(Kind::Contact).unwrap(), 0);
    assert_eq!(r.contact_by_email("jane@acme.com").unwrap(), None);
    drop(r);
    one(&s, "sam", "redo", ops::redo);
    let r = s.read().unwrap();
    assert_eq!(r.get::<Contact>(c.id).unwrap().as_ref(), Some(&c));
    assert_eq!(r.contact_by_email("jane@acme.com").unwrap(), Some(c.id));
    drop(r);
    // The id stays taken: the next contact gets a new one.
    let next = ops::add(&s, contact("Bob", "bob@acme.com")).unwrap().value;
    assert_eq!(next.id, c.id + 1);
}

#[test]
fn undo_undo_redo_redo_returns_to_the_state_after_the_second_change() {
    let fx = Fixture::new();
    let s = fx.open("sam");
    let acme = ops::add(&s, company("Acme")).unwrap().value;
    let everything = |s: &Store| -> Vec<Option<Record>> {
        let r = s.read().unwrap();
        [
            RecordId::new(Kind::Company, acme.id),
            RecordId::new(Kind::Contact, 1),
        ]
        .into_iter()
        .map(|rid| r.get_record(rid).unwrap())
        .collect()
    };
    let before_a = everything(&s);
    // A: add a contact at Acme; B: edit it.
    ops::add(
        &s,
        Contact {
            company: Some(acme.id),
            ..contact("Jane", "jane@acme.com")
        },
    )
    .unwrap();
    let after_a = everything(&s);
    fx.advance(Duration::minutes(5));
    ops::update(&s, 1, |c: &mut Contact| {
        c.title = Some("CTO".into());
        Ok(())
    })
    .unwrap();
    let after_b = everything(&s);
    assert_ne!(after_a, after_b);

    fx.advance(Duration::minutes(5));
    let e = one(&s, "sam", "undo", ops::undo);
    assert_eq!(e.op, "contact.edit");
    assert_eq!(everything(&s), after_a);
    let e = one(&s, "sam", "undo", ops::undo);
    assert_eq!(e.op, "contact.add");
    assert_eq!(everything(&s), before_a);
    one(&s, "sam", "redo", ops::redo);
    assert_eq!(everything(&s), after_a);
    one(&s, "sam", "redo", ops::redo);
    assert_eq!(everything(&s), after_b);
    let e = fails(&s, "third redo", ops::redo);
    assert!(e.contains("nothing to redo"), "{e}");
    // And undo works again from there.
    one(&s, "sam", "undo", ops::undo);
    assert_eq!(everything(&s), after_a);
}

#[test]
fn undo_is_refused_when_another_user_changed_the_record_since() {
    let fx = Fixture::new();
    let s = fx.open("sam");
    let c = ops::add(&s, contact("Jane", "jane@acme.com"))
        .unwrap()
        .value;
    ops::update(&s, c.id, |c: &mut Contact| {
        c.title = Some("CEO".into());
        Ok(())
    })
    .unwrap(); // r3
    drop(s);
    let alex = fx.open("alex");
    let blocker = ops::update(&alex, c.id, |c: &mut Contact| {
        c.location = Some("Paris".into());
        Ok(())
    })
    .unwrap()
    .rev;
    assert_eq!(blocker, 4);
    drop(alex);
    let s = fx.open("sam");
    let e = fails(&s, "blocked undo", ops::undo);
    assert!(
        e.contains("r4"),
        "the message must name the blocking r4: {e}"
    );
    assert!(e.contains("alex"), "the message must name who: {e}");
    assert!(e.contains("r3"), "the message must name what it tried: {e}");
    let now: Contact = s.read().unwrap().require(c.id).unwrap();
    assert_eq!(now.title.as_deref(), Some("CEO"));
    assert_eq!(now.location.as_deref(), Some("Paris"));

    // A change by someone else to another record does not block.
    drop(s);
    let alex = fx.open("alex");
    ops::undo(&alex).unwrap(); // alex takes back r4
    drop(alex);
    let s = fx.open("sam");
    ops::undo(&s).unwrap();
    let now: Contact = s.read().unwrap().require(c.id).unwrap();
    assert_eq!(now.title, None);
}

#[test]
fn undo_reverts_only_the_callers_changes() {
    let fx = Fixture::new();
    let s = fx.open("sam");
    ops::add(&s, contact("Jane", "jane@acme.com")).unwrap();
    drop(s);
    let alex = fx.open("alex");
    ops::add(&alex, company("Globex")).unwrap();
    drop(alex);
    let s = fx.open("sam");
    let e = ops::undo(&s).unwrap().value;
    assert_eq!(e.op, "contact.add");
    let r = s.read().unwrap();
    assert_eq!(r.count(Kind::Contact).unwrap(), 0);
    assert_eq!(r.count(Kind::Company).unwrap(), 1);
    drop(r);
    let e = ops::undo(&s).unwrap_err().to_string();
    assert!(e.contains("nothing to undo"), "{e}");
}

#[test]
fn deleting_with_unlink_leaves_no_dangling_ids() {
    let fx = Fixture::new();
    let s = fx.open("sam");
    let acme = ops::add(&s, company("Acme")).unwrap().value;
    let c = ops::add(
        &s,
        Contact {
            company: Some(acme.id),
            ..contact("Jane", "jane@acme.com")
        },
    )
    .unwrap()
    .value;
    let d = ops::add(
        &s,
        Deal {
            company: Some(acme.id),
            contacts: vec![c.id],
            ..deal(&s, "Acme", 100)
        },
    )
    .unwrap()
    .value;
    let t = ops::add(
        &s,
        Task {
            title: "call".into(),
            link: Some(RecordId::new(Kind::Contact, c.id)),
            ..Task::default()
        },
    )
    .unwrap()
    .value;
    let a = ops::log_activity(
        &s,
        Activity {
            subject: "hi".into(),
            contacts: vec![c.id],
            deal: Some(d.id),
            ..Activity::default()
        },
    )
    .unwrap()
    .value;
    let rid = RecordId::new(Kind::Contact, c.id);
    let e = fails(&s, "delete linked contact", |s| ops::delete(s, rid, false));
    for l in ["D-1", "T-1", "A-1"] {
        assert!(e.contains(l), "the refusal must list {l}: {e}");
    }
    one(&s, "sam", "contact.delete", |s| ops::delete(s, rid, true));
    let r = s.read().unwrap();
    assert_eq!(r.get::<Contact>(c.id).unwrap(), None);
    assert!(r.require::<Deal>(d.id).unwrap().contacts.is_empty());
    assert_eq!(r.require::<Task>(t.id).unwrap().link, None);
    assert!(r.require::<Activity>(a.id).unwrap().contacts.is_empty());
    assert!(ops::links_to(&r, rid).unwrap().is_empty());
    assert!(r.linked(rid, Kind::Deal).unwrap().is_empty());
    assert!(r.timeline_ids(rid, 10).unwrap().is_empty());
    drop(r);
    // The deal and the activity still belong to Acme; deleting Acme unlinks them too.
    let orid = RecordId::new(Kind::Company, acme.id);
    ops::delete(&s, orid, true).unwrap();
    let r = s.read().unwrap();
    assert_eq!(r.require::<Deal>(d.id).unwrap().company, None);
    assert_eq!(r.require::<Activity>(a.id).unwrap().company, None);
    assert!(ops::links_to(&r, orid).unwrap().is_empty());
}

#[test]
fn undoing_a_create_never_leaves_a_dangling_link() {
    let fx = Fixture::new();
    let s = fx.open("sam");
    let acme = ops::add(&s, company("Acme")).unwrap().value; // r2, sam
    drop(s);
    let alex = fx.open("alex");
    let c = ops::add(
        &alex,
        Contact {
            company: Some(acme.id),
            ..contact("Jane", "jane@acme.com")
        },
    )
    .unwrap()
    .value; // r3, alex: links to O-1 without changing it
    drop(alex);
    let s = fx.open("sam");
    // Either the undo is refused (naming r3), or it must not leave C-1 pointing at a
    // company that no longer exists.
    match ops::undo(&s) {
        Err(e) => {
            let e = e.to_string();
            assert!(e.contains("r3"), "{e}");
            assert!(s.read().unwrap().get::<Company>(acme.id).unwrap().is_some());
        }
        Ok(_) => {
            let r = s.read().unwrap();
            let jane: Contact = r.require(c.id).unwrap();
            if let Some(o) = jane.company {
                assert!(
                    r.get::<Company>(o).unwrap().is_some(),
                    "C-{} still names O-{o}, which undo deleted",
                    c.id
                );
            }
        }
    }
}

#[test]
fn undo_never_gives_two_contacts_the_same_email() {
    let fx = Fixture::new();
    let s = fx.open("sam");
    let ann = ops::add(&s, contact("Ann", "ann@acme.com")).unwrap().value;
    ops::update(&s, ann.id, |c: &mut Contact| {
        c.emails[0].value = "ann@globex.com".into();
        Ok(())
    })
    .unwrap(); // r3: frees ann@acme.com
    drop(s);
    let alex = fx.open("alex");
    let bea = ops::add(&alex, contact("Bea", "ann@acme.com"))
        .unwrap()
        .value; // r4
    drop(alex);
    let s = fx.open("sam");
    // Undoing r3 would give Ann back ann@acme.com, which Bea now has.
    let _ = ops::undo(&s);
    let r = s.read().unwrap();
    let holders: Vec<u64> = r
        .all::<Contact>()
        .unwrap()
        .into_iter()
        .filter(|c| c.emails.iter().any(|e| e.value == "ann@acme.com"))
        .map(|c| c.id)
        .collect();
    assert_eq!(
        holders,
        vec![bea.id],
        "ann@acme.com must belong to one contact"
    );
    assert_eq!(r.contact_by_email("ann@acme.com").unwrap(), Some(bea.id));
}
