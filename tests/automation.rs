//! Automation: default rules, event rules inside operations, the sweep's time rules with
//! an injected clock, exactly-once firing across processes, cadences and repeats.

use std::process::Command;
use std::sync::Arc;
use std::sync::atomic::{AtomicI64, Ordering};

use chrono::{DateTime, Duration, TimeZone, Utc};
use rolo::automation::{sweep, test_rule};
use rolo::model::*;
use rolo::ops;
use rolo::store::{OpenOptions, Queries, Store};

struct Fixture {
    _dir: tempfile::TempDir,
    path: std::path::PathBuf,
    clock: Arc<AtomicI64>,
}

impl Fixture {
    fn new() -> Fixture {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("crm.redb");
        let start = Utc
            .with_ymd_and_hms(2026, 11, 25, 12, 0, 0)
            .unwrap()
            .timestamp_millis();
        Fixture {
            _dir: dir,
            path,
            clock: Arc::new(AtomicI64::new(start)),
        }
    }

    fn open(&self, user: &str) -> Store {
        let clock = self.clock.clone();
        Store::open(OpenOptions {
            user: Some(user.into()),
            now: Some(Arc::new(move || {
                DateTime::from_timestamp_millis(clock.load(Ordering::SeqCst)).unwrap()
            })),
            ..OpenOptions::new(&self.path)
        })
        .unwrap()
    }

    fn advance(&self, days: i64) {
        self.clock
            .fetch_add(Duration::days(days).num_milliseconds(), Ordering::SeqCst);
    }

    fn now(&self) -> DateTime<Utc> {
        DateTime::from_timestamp_millis(self.clock.load(Ordering::SeqCst)).unwrap()
    }
}

fn deal(s: &Store, title: &str) -> Deal {
    ops::add(
        s,
        Deal {
            title: title.into(),
            pipeline: 1,
            stage: 1,
            ..Deal::default()
        },
    )
    .unwrap()
    .value
}

fn tasks_on(s: &Store, rid: RecordId) -> Vec<Task> {
    let r = s.read().unwrap();
    r.linked(rid, Kind::Task)
        .unwrap()
        .into_iter()
        .map(|id| r.require::<Task>(id).unwrap())
        .collect()
}

fn rule(
    s: &Store,
    name: &str,
    when: Trigger,
    conditions: Vec<Condition>,
    actions: Vec<Action>,
) -> Rule {
    ops::add(
        s,
        Rule {
            name: name.into(),
            when,
            conditions,
            actions,
            ..Rule::default()
        },
    )
    .unwrap()
    .value
}

#[test]
fn a_new_database_has_the_default_rules() {
    let fx = Fixture::new();
    let s = fx.open("sam");
    let rules = s.read().unwrap().all::<Rule>().unwrap();
    let whens: Vec<&Trigger> = rules.iter().map(|r| &r.when).collect();
    assert_eq!(rules.len(), 4);
    assert!(whens.contains(&&Trigger::EnteredStage {
        stage: "Proposal Sent".into()
    }));
    assert!(whens.contains(&&Trigger::DealIdle { days: None }));
    assert!(whens.contains(&&Trigger::ContactCreated));
    assert!(whens.contains(&&Trigger::ContactQuiet { days: 90 }));
}

#[test]
fn proposal_sent_creates_a_follow_up_that_a_reply_closes() {
    let fx = Fixture::new();
    let s = fx.open("sam");
    let d = deal(&s, "Acme 50 seats");
    let rev = s.revision().unwrap();
    let moved = ops::move_deal(&s, d.id, "proposal").unwrap();
    assert_eq!(
        moved.rev,
        rev + 1,
        "the rule's task is part of the same change"
    );
    let rid = RecordId::new(Kind::Deal, d.id);
    let t = tasks_on(&s, rid);
    assert_eq!(t.len(), 1);
    assert_eq!(t[0].title, "Follow up on the proposal: Acme 50 seats");
    assert_eq!(
        t[0].due.unwrap().date,
        fx.now().date_naive() + Duration::days(3)
    );
    assert_eq!(t[0].assignee, "sam");
    let entry = s.read().unwrap().entry(moved.rev).unwrap().unwrap();
    let cause = entry
        .changes
        .iter()
        .find(|c| c.rid.kind == Kind::Task)
        .and_then(|c| c.cause.clone())
        .unwrap();
    assert!(cause.starts_with("R-1 "), "{cause}");

    // An outbound email is no reply.
    fx.advance(1);
    ops::log_activity(
        &s,
        Activity {
            kind: ActivityKind::Email,
            subject: "proposal attached".into(),
            deal: Some(d.id),
            direction: Some(Direction::Outbound),
            ..Activity::default()
        },
    )
    .unwrap();
    assert!(tasks_on(&s, rid)[0].is_open());
    // An inbound one before the due date closes it as no longer needed.
    ops::log_activity(
        &s,
        Activity {
            kind: ActivityKind::Email,
            subject: "Re: proposal".into(),
            deal: Some(d.id),
            direction: Some(Direction::Inbound),
            ..Activity::default()
        },
    )
    .unwrap();
    let t = &tasks_on(&s, rid)[0];
    assert!(!t.is_open());
    assert!(
        t.closed_reason
            .as_deref()
            .unwrap()
            .starts_with("reply received"),
        "{:?}",
        t.closed_reason
    );
}

#[test]
fn undoing_the_move_removes_the_rules_follow_up_too() {
    let fx = Fixture::new();
    let s = fx.open("sam");
    let d = deal(&s, "Acme");
    ops::move_deal(&s, d.id, "proposal").unwrap();
    ops::undo(&s).unwrap();
    assert!(tasks_on(&s, RecordId::new(Kind::Deal, d.id)).is_empty());
    assert_eq!(s.read().unwrap().require::<Deal>(d.id).unwrap().stage, 1);
}

#[test]
fn an_idle_deal_gets_one_nudge_per_stay_in_a_stage() {
    let fx = Fixture::new();
    let s = fx.open("sam");
    let d = deal(&s, "Quiet deal"); // Lead In rots after 14 days
    let rid = RecordId::new(Kind::Deal, d.id);
    fx.advance(14);
    assert!(
        sweep(&s).unwrap().fired.is_empty(),
        "14 days is not past 14"
    );
    fx.advance(1);
    let report = sweep(&s).unwrap();
    assert_eq!(report.fired.len(), 1, "{:?}", report.fired);
    let t = tasks_on(&s, rid);
    assert_eq!(t.len(), 1);
    assert_eq!(
        t[0].title,
        "Quiet deal has sat in Lead In for 15 days: next step?"
    );
    // Idempotent: sweeping again creates nothing and changes no revision.
    let rev = s.revision().unwrap();
    assert!(sweep(&s).unwrap().fired.is_empty());
    assert_eq!(s.revision().unwrap(), rev);
    // A new stay in a stage can rot again.
    ops::move_deal(&s, d.id, "qualified").unwrap();
    fx.advance(15);
    assert_eq!(sweep(&s).unwrap().fired.len(), 1);
    assert_eq!(tasks_on(&s, rid).len(), 2);
}

#[test]
fn contacts_untouched_for_90_days_are_tagged_cold() {
    let fx = Fixture::new();
    let s = fx.open("sam");
    let c = ops::add(
        &s,
        Contact {
            name: "Jane".into(),
            ..Contact::default()
        },
    )
    .unwrap()
    .value;
    fx.advance(60);
    ops::log_activity(
        &s,
        Activity {
            kind: ActivityKind::Call,
            subject: "catch-up".into(),
            contacts: vec![c.id],
            ..Activity::default()
        },
    )
    .unwrap();
    fx.advance(89);
    sweep(&s).unwrap();
    assert!(
        !s.read()
            .unwrap()
            .require::<Contact>(c.id)
            .unwrap()
            .tags
            .contains(&"cold".to_string())
    );
    fx.advance(1);
    sweep(&s).unwrap();
    assert!(
        s.read()
            .unwrap()
            .require::<Contact>(c.id)
            .unwrap()
            .tags
            .contains(&"cold".to_string())
    );
}

#[test]
fn inbound_leads_are_shared_round_robin_and_manual_contacts_keep_their_owner() {
    let fx = Fixture::new();
    let s = fx.open("sam");
    // alex becomes a known user by owning something.
    ops::add(
        &s,
        Company {
            name: "Alex's account".into(),
            owner: "alex".into(),
            ..Company::default()
        },
    )
    .unwrap();
    let owners: Vec<String> = (0..4)
        .map(|i| {
            ops::add(
                &s,
                Contact {
                    name: format!("Lead {i}"),
                    source: Some("website".into()),
                    ..Contact::default()
                },
            )
            .unwrap()
            .value
            .owner
        })
        .collect();
    assert_eq!(owners, ["alex", "sam", "alex", "sam"]);
    let manual = ops::add(
        &s,
        Contact {
            name: "Met at lunch".into(),
            ..Contact::default()
        },
    )
    .unwrap()
    .value;
    assert_eq!(manual.owner, "sam");
}

#[test]
fn rules_naming_unknown_stages_fields_or_users_are_refused() {
    let fx = Fixture::new();
    let s = fx.open("sam");
    let rev = s.revision().unwrap();
    let task = |assignee| {
        vec![Action::CreateTask {
            title: "x".into(),
            due_in_days: 0,
            assignee,
            close_on_reply: false,
        }]
    };
    let err = ops::add(
        &s,
        Rule {
            name: "a".into(),
            when: Trigger::EnteredStage {
                stage: "Closing".into(),
            },
            actions: task(Assignee::Owner),
            ..Rule::default()
        },
    )
    .unwrap_err();
    assert!(err.to_string().contains("no stage 'Closing'"), "{err}");
    let err = ops::add(
        &s,
        Rule {
            name: "b".into(),
            when: Trigger::DealWon,
            actions: task(Assignee::User("priya".into())),
            ..Rule::default()
        },
    )
    .unwrap_err();
    assert!(err.to_string().contains("no user 'priya'"), "{err}");
    let err = ops::add(
        &s,
        Rule {
            name: "c".into(),
            when: Trigger::DealWon,
            conditions: vec![Condition::Stage { is: "Nope".into() }],
            actions: task(Assignee::Owner),
            ..Rule::default()
        },
    )
    .unwrap_err();
    assert!(err.to_string().contains("'Nope'"), "{err}");
    let err = rolo::automation::dsl::condition("colour=red", Currency::EUR).unwrap_err();
    assert!(err.to_string().contains("unknown field 'colour'"), "{err}");
    assert_eq!(s.revision().unwrap(), rev);
}

#[test]
fn a_rule_that_retriggers_itself_fires_once_and_warns() {
    let fx = Fixture::new();
    let s = fx.open("sam");
    let c = ops::add(
        &s,
        Contact {
            name: "Jane".into(),
            ..Contact::default()
        },
    )
    .unwrap()
    .value;
    rule(
        &s,
        "echo",
        Trigger::ActivityLogged { kind: None },
        vec![],
        vec![Action::AddNote {
            text: "noted: {name}".into(),
        }],
    );
    let done = ops::log_activity(
        &s,
        Activity {
            kind: ActivityKind::Call,
            subject: "hello".into(),
            contacts: vec![c.id],
            ..Activity::default()
        },
    )
    .unwrap();
    let r = s.read().unwrap();
    assert_eq!(
        r.timeline_ids(RecordId::new(Kind::Contact, c.id), 10)
            .unwrap()
            .len(),
        2,
        "the call and one note"
    );
    assert!(
        done.warnings.iter().any(|w| w.contains("triggered again")),
        "{:?}",
        done.warnings
    );
}

#[test]
fn every_event_trigger_fires() {
    let fx = Fixture::new();
    let s = fx.open("sam");
    let tag = |t: &str| vec![Action::AddTag { tag: t.into() }];
    rule(&s, "created", Trigger::DealCreated, vec![], tag("new"));
    rule(
        &s,
        "won",
        Trigger::DealWon,
        vec![Condition::ValueAtLeast { minor: 100 }],
        tag("won-big"),
    );
    rule(&s, "lost", Trigger::DealLost, vec![], tag("lost"));
    rule(
        &s,
        "contact",
        Trigger::ContactCreated,
        vec![Condition::Tag { is: "vip".into() }],
        vec![Action::SetLifecycle {
            to: Lifecycle::Prospect,
        }],
    );
    rule(
        &s,
        "done",
        Trigger::TaskCompleted,
        vec![],
        vec![Action::CreateTask {
            title: "After {title}".into(),
            due_in_days: 1,
            assignee: Assignee::Owner,
            close_on_reply: false,
        }],
    );
    let a = deal(&s, "A");
    assert!(
        s.read()
            .unwrap()
            .require::<Deal>(a.id)
            .unwrap()
            .tags
            .contains(&"new".to_string())
    );
    ops::update(&s, a.id, |d: &mut Deal| {
        d.value = 500;
        Ok(())
    })
    .unwrap();
    ops::win_deal(&s, a.id).unwrap();
    assert!(
        s.read()
            .unwrap()
            .require::<Deal>(a.id)
            .unwrap()
            .tags
            .contains(&"won-big".to_string())
    );
    let b = deal(&s, "B");
    ops::lose_deal(&s, b.id, Some("price".into())).unwrap();
    assert!(
        s.read()
            .unwrap()
            .require::<Deal>(b.id)
            .unwrap()
            .tags
            .contains(&"lost".to_string())
    );
    let vip = ops::add(
        &s,
        Contact {
            name: "V".into(),
            tags: vec!["vip".into()],
            ..Contact::default()
        },
    )
    .unwrap()
    .value;
    assert_eq!(vip.lifecycle, Lifecycle::Prospect);
    let t = ops::add(
        &s,
        Task {
            title: "Call".into(),
            link: Some(RecordId::new(Kind::Deal, b.id)),
            ..Task::default()
        },
    )
    .unwrap()
    .value;
    ops::complete_task(&s, t.id).unwrap();
    let titles: Vec<String> = tasks_on(&s, RecordId::new(Kind::Deal, b.id))
        .into_iter()
        .map(|t| t.title)
        .collect();
    assert!(titles.contains(&"After Call".to_string()), "{titles:?}");
}

#[test]
fn close_and_renewal_dates_approaching_fire_once() {
    let fx = Fixture::new();
    let s = fx.open("sam");
    let today = fx.now().date_naive();
    rule(
        &s,
        "closing",
        Trigger::CloseApproaching { days: 7 },
        vec![],
        vec![Action::AddTag {
            tag: "closing-soon".into(),
        }],
    );
    rule(
        &s,
        "renewal",
        Trigger::RenewalApproaching { days: 30 },
        vec![],
        vec![Action::CreateTask {
            title: "Renew {title}".into(),
            due_in_days: 0,
            assignee: Assignee::Owner,
            close_on_reply: false,
        }],
    );
    let a = ops::add(
        &s,
        Deal {
            title: "A".into(),
            pipeline: 1,
            stage: 1,
            close_date: Some(today + Duration::days(10)),
            ..Deal::default()
        },
    )
    .unwrap()
    .value;
    let b = deal(&s, "B");
    ops::update(&s, b.id, |d: &mut Deal| {
        d.renewal_date = Some(today + Duration::days(40));
        Ok(())
    })
    .unwrap();
    ops::win_deal(&s, b.id).unwrap();
    fx.advance(3);
    sweep(&s).unwrap();
    assert!(
        s.read()
            .unwrap()
            .require::<Deal>(a.id)
            .unwrap()
            .tags
            .contains(&"closing-soon".to_string())
    );
    assert!(tasks_on(&s, RecordId::new(Kind::Deal, b.id)).is_empty());
    fx.advance(10);
    assert_eq!(sweep(&s).unwrap().fired.len(), 1);
    assert_eq!(
        tasks_on(&s, RecordId::new(Kind::Deal, b.id))[0].title,
        "Renew B"
    );
    assert!(sweep(&s).unwrap().fired.is_empty());
}

#[test]
fn a_cadence_puts_a_reminder_in_today_that_any_activity_resets() {
    let fx = Fixture::new();
    let s = fx.open("sam");
    let c = ops::add(
        &s,
        Contact {
            name: "Key Account".into(),
            cadence_days: Some(30),
            ..Contact::default()
        },
    )
    .unwrap()
    .value;
    let rid = RecordId::new(Kind::Contact, c.id);
    fx.advance(29);
    sweep(&s).unwrap();
    assert!(tasks_on(&s, rid).is_empty());
    fx.advance(1);
    sweep(&s).unwrap();
    let t = tasks_on(&s, rid);
    assert_eq!(
        (t.len(), t[0].title.as_str()),
        (1, "Keep in touch with Key Account")
    );
    assert_eq!(t[0].due.unwrap().date, fx.now().date_naive());
    ops::log_activity(
        &s,
        Activity {
            kind: ActivityKind::Note,
            subject: "lunch".into(),
            contacts: vec![c.id],
            ..Activity::default()
        },
    )
    .unwrap();
    assert!(!tasks_on(&s, rid)[0].is_open());
    sweep(&s).unwrap();
    assert_eq!(
        tasks_on(&s, rid).len(),
        1,
        "the clock restarted with the activity"
    );
}

#[test]
fn completing_a_repeating_task_schedules_the_next() {
    let fx = Fixture::new();
    let s = fx.open("sam");
    let today = fx.now().date_naive();
    let t = ops::add(
        &s,
        Task {
            title: "Weekly pipeline review".into(),
            due: Some(Due {
                date: today,
                time: None,
            }),
            recur: Some(Recurrence {
                every: 1,
                unit: RecurUnit::Weeks,
                after_completion: false,
            }),
            ..Task::default()
        },
    )
    .unwrap()
    .value;
    fx.advance(2);
    ops::complete_task(&s, t.id).unwrap();
    let open = s.read().unwrap().open_tasks_due(None, None).unwrap();
    assert_eq!(open.len(), 1);
    assert_eq!(open[0].title, "Weekly pipeline review");
    assert_eq!(open[0].due.unwrap().date, today + Duration::days(7));
}

#[test]
fn rule_test_says_whether_and_what_and_changes_nothing() {
    let fx = Fixture::new();
    let s = fx.open("sam");
    let d = deal(&s, "Slow");
    let rev = s.revision().unwrap();
    let v = test_rule(&s, 2, RecordId::new(Kind::Deal, d.id)).unwrap();
    assert!(!v.fires, "{}", v.reason);
    fx.advance(20);
    let v = test_rule(&s, 2, RecordId::new(Kind::Deal, d.id)).unwrap();
    assert!(v.fires, "{}", v.reason);
    assert!(
        v.would
            .iter()
            .any(|w| w.contains("Slow has sat in Lead In for 20 days")),
        "{:?}",
        v.would
    );
    assert_eq!(s.revision().unwrap(), rev);
    assert!(tasks_on(&s, RecordId::new(Kind::Deal, d.id)).is_empty());
}

#[test]
fn three_processes_sweeping_at_once_fire_each_occurrence_exactly_once() {
    let fx = Fixture::new();
    {
        let s = fx.open("sam");
        for i in 0..40 {
            deal(&s, &format!("Deal {i}"));
        }
    }
    let later = (fx.now() + Duration::days(20)).to_rfc3339();
    let sweepers: Vec<_> = (0..3)
        .map(|_| {
            Command::new(env!("CARGO_BIN_EXE_rolo"))
                .arg("--db")
                .arg(&fx.path)
                .args(["sweep", "--quiet"])
                .env("ROLO_NOW", &later)
                .env("ROLO_USER", "cron")
                .stdout(std::process::Stdio::null())
                .spawn()
                .unwrap()
        })
        .collect();
    for mut p in sweepers {
        assert!(p.wait().unwrap().success());
    }
    let s = fx.open("sam");
    let r = s.read().unwrap();
    let tasks = r.all::<Task>().unwrap();
    assert_eq!(tasks.len(), 40, "one nudge per deal");
    for d in r.all::<Deal>().unwrap() {
        assert_eq!(
            tasks
                .iter()
                .filter(|t| t.link == Some(RecordId::new(Kind::Deal, d.id)))
                .count(),
            1
        );
    }
    assert_eq!(
        r.revision().unwrap(),
        r.entries_since(0).unwrap().len() as u64
    );
}

#[test]
fn a_sweep_killed_midway_leaves_no_half_applied_firing() {
    let fx = Fixture::new();
    {
        let s = fx.open("sam");
        s.write("seed", |tx| {
            for i in 0..1500 {
                ops::add_in(
                    tx,
                    Deal {
                        title: format!("Deal {i}"),
                        pipeline: 1,
                        stage: 1,
                        ..Deal::default()
                    },
                )?;
            }
            Ok(())
        })
        .unwrap();
    }
    let later = (fx.now() + Duration::days(20)).to_rfc3339();
    let sweep_cmd = || {
        Command::new(env!("CARGO_BIN_EXE_rolo"))
            .arg("--db")
            .arg(&fx.path)
            .args(["sweep", "--quiet"])
            .env("ROLO_NOW", &later)
            .stdout(std::process::Stdio::null())
            .spawn()
            .unwrap()
    };
    let mut first = sweep_cmd();
    std::thread::sleep(std::time::Duration::from_millis(150));
    let _ = first.kill(); // SIGKILL, possibly inside a write transaction
    let _ = first.wait();
    let s = fx.open("sam");
    let r = s.read().unwrap();
    let partial = r.all::<Task>().unwrap().len();
    let mut store = s;
    drop(r);
    assert!(store.check_integrity().unwrap());
    // Finishing the sweep gives every deal exactly one nudge: nothing was lost and
    // nothing doubled by the kill.
    let mut second = sweep_cmd();
    assert!(second.wait().unwrap().success());
    let r = store.read().unwrap();
    let tasks = r.all::<Task>().unwrap();
    assert_eq!(tasks.len(), 1500, "after {partial} before the kill");
    let mut per_deal = std::collections::HashMap::new();
    for t in &tasks {
        *per_deal.entry(t.link).or_insert(0) += 1;
    }
    assert!(per_deal.values().all(|n| *n == 1));
}
