//! The reports (`rolo::report`) against a small CRM built through `rolo::ops` with a
//! moving clock, whose figures are worked out by hand below; properties that must hold
//! on any data ("the stage values add up to the open value", "won + lost + open = all");
//! and `rolo report` through the real binary.

use std::collections::BTreeMap;
use std::path::Path;
use std::sync::{Arc, Mutex};

use assert_cmd::Command;
use chrono::{NaiveDate, TimeZone, Utc};
use rolo::model::{
    Activity, ActivityKind, Company, Contact, Currency, Deal, Due, Kind, Labeled, RecordId,
    Recurring, RecurringPeriod, Task,
};
use rolo::ops;
use rolo::report::{self, Period, Report, ReportName, Scope};
use rolo::store::{OpenOptions, Queries, Store};
use tempfile::TempDir;

type Instant = chrono::DateTime<Utc>;

/// (period, currency, deals, value, by stage, by history, smallest sample).
type ForecastRow<'a> = (
    Option<&'a str>,
    Currency,
    usize,
    i64,
    i64,
    i64,
    Option<usize>,
);
/// (source, leads, deals, won, lost, win rate).
type SourceRow<'a> = (&'a str, usize, usize, usize, usize, Option<f64>);

const EUR: Currency = Currency::EUR;
const USD: Currency = Currency::USD;

fn at(y: i32, m: u32, d: u32, h: u32) -> Instant {
    Utc.with_ymd_and_hms(y, m, d, h, 0, 0).unwrap()
}

fn day(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

/// "Now" for every report below: Wednesday 2026-11-25, noon UTC.
fn now() -> Instant {
    at(2026, 11, 25, 12)
}

/// A store whose clock the test sets before each step.
struct Crm {
    _dir: TempDir,
    path: std::path::PathBuf,
    clock: Arc<Mutex<Instant>>,
    store: Store,
}

impl Crm {
    fn new() -> Crm {
        let dir = TempDir::new().unwrap();
        let path = dir.path().join("crm.redb");
        let clock = Arc::new(Mutex::new(at(2026, 6, 1, 12)));
        let c = clock.clone();
        let store = Store::open(OpenOptions {
            now: Some(Arc::new(move || *c.lock().unwrap())),
            user: Some("sam".into()),
            ..OpenOptions::new(&path)
        })
        .unwrap();
        Crm {
            _dir: dir,
            path,
            clock,
            store,
        }
    }

    /// Removes the rules a new database starts with (follow-up tasks, round-robin
    /// owners...), so that the fixture's figures are the ones worked out by hand.
    fn without_rules(self) -> Crm {
        let rules = self
            .store
            .read()
            .unwrap()
            .all::<rolo::model::Rule>()
            .unwrap();
        for r in rules {
            ops::delete(&self.store, RecordId::new(Kind::Rule, r.id), false).unwrap();
        }
        self
    }

    fn set(&self, t: Instant) {
        *self.clock.lock().unwrap() = t;
    }

    fn contact(
        &self,
        name: &str,
        email: Option<&str>,
        phone: bool,
        source: Option<&str>,
        company: Option<u64>,
    ) -> u64 {
        let c = Contact {
            name: name.into(),
            emails: email
                .map(|e| Labeled {
                    label: String::new(),
                    value: e.into(),
                })
                .into_iter()
                .collect(),
            phones: if phone {
                vec![Labeled {
                    label: "work".into(),
                    value: "+1 555 0100".into(),
                }]
            } else {
                Vec::new()
            },
            source: source.map(Into::into),
            company,
            ..Contact::default()
        };
        ops::add(&self.store, c).unwrap().value.id
    }

    #[allow(clippy::too_many_arguments)]
    fn deal(
        &self,
        title: &str,
        owner: &str,
        value: i64,
        currency: Currency,
        source: Option<&str>,
        close: Option<&str>,
        probability: Option<u8>,
        recurring: Option<Recurring>,
    ) -> u64 {
        let p = self.store.read().unwrap().default_pipeline().unwrap();
        let d = Deal {
            title: title.into(),
            pipeline: p.id,
            stage: 1,
            value,
            currency,
            owner: owner.into(),
            source: source.map(Into::into),
            close_date: close.map(day),
            probability,
            recurring,
            ..Deal::default()
        };
        ops::add(&self.store, d).unwrap().value.id
    }

    fn move_to(&self, deal: u64, stage: &str) {
        ops::move_deal(&self.store, deal, stage).unwrap();
    }

    fn log(
        &self,
        when: Instant,
        kind: ActivityKind,
        author: &str,
        deal: Option<u64>,
        contacts: &[u64],
    ) {
        ops::log_activity(
            &self.store,
            Activity {
                kind,
                subject: format!("{} by {author}", kind.as_str()),
                at: when,
                author: author.into(),
                deal,
                contacts: contacts.to_vec(),
                ..Activity::default()
            },
        )
        .unwrap();
    }

    fn task(&self, title: &str, assignee: &str, due: &str, link: Option<u64>) -> u64 {
        let t = Task {
            title: title.into(),
            assignee: assignee.into(),
            due: Some(Due {
                date: day(due),
                time: None,
            }),
            link: link.map(|d| RecordId::new(Kind::Deal, d)),
            ..Task::default()
        };
        ops::add(&self.store, t).unwrap().value.id
    }

    fn run(&self, name: ReportName, scope: &Scope) -> Report {
        report::run(&self.store.read().unwrap(), now(), name, scope).unwrap()
    }
}

/// Ids of the fixture's records, named as in the story below.
#[allow(dead_code)]
struct Ids {
    old: u64,
    ann: u64,
    bob: u64,
    ann2: u64,
    dan: u64,
    daniel: u64,
    a: u64,
    b: u64,
    c: u64,
    d: u64,
    e: u64,
    f: u64,
    g: u64,
    h: u64,
}

/// The story, in time order (all at noon UTC unless said):
/// - 06-01 company Acme; contact Old Timer (source event, never contacted).
/// - 09-01 Ann Lee (web, Acme); deals A (sam €10k web, close 12-15), B (alex €20k
///   referral, own probability 90%, close 12-20), D (sam €8k web, €500/month),
///   E (alex €4k referral). 09-02 a call on A with Ann.
/// - A: Qualified 09-11, Proposal 09-21 (open, 65 days in stage: rotting).
/// - B: Qualified 09-06, Proposal 09-16, Negotiation 11-20 (open, 5 days).
/// - D: Qualified 09-11, Proposal 09-21, Negotiation 10-01, Won 10-11 (40-day cycle).
/// - E: Qualified 09-06, Lost 09-16 ("price").
/// - 10-01 Bob Ray (referral, no email); deals C (sam $5k web, close 11-20: past; stays
///   in Lead In 55 days: rotting), F (alex €6k web, €1,200/year; Won 10-21 straight from
///   Lead In: 20-day cycle), G (sam €3k, no source: Qualified 10-06, Proposal 10-26,
///   Lost 11-05 "price").
/// - 11-01 ann Lee again (Ann.Lee+crm@X.com, Acme, no phone), Dan Smith
///   (dan.smith@gmail.com) and Daniel Smith (dansmith@googlemail.com), no phones; deal
///   H (sam €1k web; Lost 11-11 "timing"); tasks: T1 alex due 11-30 on B (open), T2
///   sam due 11-10 on A (done 11-12), T3 sam due 11-20 (open: overdue); T4 alex due
///   10-01, done 10-02.
/// - Activities in November: sam calls on H with ann2 at 15:00 on 11-01, emails Dan
///   11-02; alex: a meeting on B 11-10, a note 11-12, an email 11-15.
fn fixture() -> (Crm, Ids) {
    let crm = Crm::new().without_rules();
    crm.set(at(2026, 6, 1, 12));
    let acme = ops::add(
        &crm.store,
        Company {
            name: "Acme".into(),
            ..Company::default()
        },
    )
    .unwrap()
    .value
    .id;
    let old = crm.contact("Old Timer", Some("old@y.com"), true, Some("event"), None);

    crm.set(at(2026, 9, 1, 12));
    let ann = crm.contact(
        "Ann Lee",
        Some("ann.lee@x.com"),
        true,
        Some("web"),
        Some(acme),
    );
    let a = crm.deal(
        "A",
        "sam",
        1_000_000,
        EUR,
        Some("web"),
        Some("2026-12-15"),
        None,
        None,
    );
    let b = crm.deal(
        "B",
        "alex",
        2_000_000,
        EUR,
        Some("referral"),
        Some("2026-12-20"),
        Some(90),
        None,
    );
    let monthly = Recurring {
        amount: 50_000,
        period: RecurringPeriod::Monthly,
    };
    let d = crm.deal(
        "D",
        "sam",
        800_000,
        EUR,
        Some("web"),
        None,
        None,
        Some(monthly),
    );
    let e = crm.deal(
        "E",
        "alex",
        400_000,
        EUR,
        Some("referral"),
        None,
        None,
        None,
    );
    crm.set(at(2026, 9, 2, 12));
    crm.log(
        at(2026, 9, 2, 12),
        ActivityKind::Call,
        "sam",
        Some(a),
        &[ann],
    );
    crm.set(at(2026, 9, 6, 12));
    crm.move_to(b, "qualified");
    crm.move_to(e, "qualified");
    crm.set(at(2026, 9, 11, 12));
    crm.move_to(a, "qualified");
    crm.move_to(d, "qualified");
    crm.set(at(2026, 9, 16, 12));
    crm.move_to(b, "proposal");
    ops::lose_deal(&crm.store, e, Some("price".into())).unwrap();
    crm.set(at(2026, 9, 21, 12));
    crm.move_to(a, "proposal");
    crm.move_to(d, "proposal");

    crm.set(at(2026, 10, 1, 12));
    let bob = crm.contact("Bob Ray", None, true, Some("referral"), None);
    let c = crm.deal(
        "C",
        "sam",
        500_000,
        USD,
        Some("web"),
        Some("2026-11-20"),
        None,
        None,
    );
    let yearly = Recurring {
        amount: 120_000,
        period: RecurringPeriod::Yearly,
    };
    let f = crm.deal(
        "F",
        "alex",
        600_000,
        EUR,
        Some("web"),
        None,
        None,
        Some(yearly),
    );
    let g = crm.deal("G", "sam", 300_000, EUR, None, None, None, None);
    crm.move_to(d, "negotiation");
    let t4 = crm.task("T4", "alex", "2026-10-01", None);
    crm.set(at(2026, 10, 2, 12));
    ops::complete_task(&crm.store, t4).unwrap();
    crm.set(at(2026, 10, 6, 12));
    crm.move_to(g, "qualified");
    crm.set(at(2026, 10, 11, 12));
    ops::win_deal(&crm.store, d).unwrap();
    crm.set(at(2026, 10, 21, 12));
    ops::win_deal(&crm.store, f).unwrap();
    crm.set(at(2026, 10, 26, 12));
    crm.move_to(g, "proposal");

    crm.set(at(2026, 11, 1, 12));
    let ann2 = crm.contact(
        "ann  Lee",
        Some("Ann.Lee+crm@X.com"),
        false,
        Some("web"),
        Some(acme),
    );
    let dan = crm.contact("Dan Smith", Some("dan.smith@gmail.com"), false, None, None);
    let daniel = crm.contact(
        "Daniel Smith",
        Some("dansmith@googlemail.com"),
        false,
        None,
        None,
    );
    let h = crm.deal("H", "sam", 100_000, EUR, Some("web"), None, None, None);
    crm.task("T1", "alex", "2026-11-30", Some(b));
    let t2 = crm.task("T2", "sam", "2026-11-10", Some(a));
    crm.task("T3", "sam", "2026-11-20", None);
    crm.set(at(2026, 11, 1, 15));
    crm.log(
        at(2026, 11, 1, 15),
        ActivityKind::Call,
        "sam",
        Some(h),
        &[ann2],
    );
    crm.set(at(2026, 11, 2, 12));
    crm.log(
        at(2026, 11, 2, 12),
        ActivityKind::Email,
        "sam",
        None,
        &[dan],
    );
    crm.set(at(2026, 11, 5, 12));
    ops::lose_deal(&crm.store, g, Some("price".into())).unwrap();
    crm.set(at(2026, 11, 10, 12));
    crm.log(
        at(2026, 11, 10, 12),
        ActivityKind::Meeting,
        "alex",
        Some(b),
        &[],
    );
    crm.set(at(2026, 11, 11, 12));
    ops::lose_deal(&crm.store, h, Some("timing".into())).unwrap();
    crm.set(at(2026, 11, 12, 12));
    ops::complete_task(&crm.store, t2).unwrap();
    crm.log(at(2026, 11, 12, 12), ActivityKind::Note, "alex", None, &[]);
    crm.set(at(2026, 11, 15, 12));
    crm.log(at(2026, 11, 15, 12), ActivityKind::Email, "alex", None, &[]);
    crm.set(at(2026, 11, 20, 12));
    crm.move_to(b, "negotiation");
    crm.set(now());
    let ids = Ids {
        old,
        ann,
        bob,
        ann2,
        dan,
        daniel,
        a,
        b,
        c,
        d,
        e,
        f,
        g,
        h,
    };
    (crm, ids)
}

fn amounts(pairs: &[(Currency, i64)]) -> BTreeMap<Currency, i64> {
    pairs.iter().copied().collect()
}

fn all_time() -> Scope {
    Scope::default()
}

#[test]
fn pipeline_by_stage() {
    let (crm, _) = fixture();
    let Report::Pipeline(r) = crm.run(ReportName::Pipeline, &all_time()) else {
        panic!()
    };
    let stages: Vec<(&str, usize, i64, u8)> = r
        .stages
        .iter()
        .map(|s| {
            (
                s.stage.as_str(),
                s.deals,
                s.value_minor.values().sum(),
                s.probability,
            )
        })
        .collect();
    assert_eq!(
        stages,
        [
            ("Lead In", 1, 500_000, 10),
            ("Qualified", 0, 0, 25),
            ("Proposal Sent", 1, 1_000_000, 50),
            ("Negotiation", 1, 2_000_000, 75)
        ]
    );
    // C: $5,000 × 10%; A: €10,000 × 50%; B: €20,000 × its own 90%.
    assert_eq!(r.stages[0].weighted_minor, amounts(&[(USD, 50_000)]));
    assert_eq!(r.stages[2].weighted_minor, amounts(&[(EUR, 500_000)]));
    assert_eq!(r.stages[3].weighted_minor, amounts(&[(EUR, 1_800_000)]));
    // Days in stage: C since 10-01 (55), A since 09-21 (65), B since 11-20 (5).
    let ages: Vec<Option<f64>> = r.stages.iter().map(|s| s.avg_days_in_stage).collect();
    assert_eq!(ages, [Some(55.0), None, Some(65.0), Some(5.0)]);
    let rotting: Vec<usize> = r.stages.iter().map(|s| s.rotting).collect();
    assert_eq!(rotting, [1, 0, 1, 0]);
    assert_eq!(r.total.deals, 3);
    assert_eq!(
        r.total.value_minor,
        amounts(&[(EUR, 3_000_000), (USD, 500_000)])
    );
    assert_eq!(
        r.total.weighted_minor,
        amounts(&[(EUR, 2_300_000), (USD, 50_000)])
    );
    assert_eq!(r.total.rotting, 2);

    let alex = Scope {
        owner: Some("ALEX".into()),
        ..all_time()
    };
    let Report::Pipeline(r) = crm.run(ReportName::Pipeline, &alex) else {
        panic!()
    };
    assert_eq!(r.total.deals, 1);
    assert_eq!(r.total.value_minor, amounts(&[(EUR, 2_000_000)]));
}

#[test]
fn forecast_by_stage_probability_and_by_history() {
    let (crm, _) = fixture();
    let Report::Forecast(r) = crm.run(ReportName::Forecast, &all_time()) else {
        panic!()
    };
    // Closed deals' histories: D 1-2-3-4-won, E 1-2-lost, F 1-won, G 1-2-3-lost, H 1-lost.
    let rates: Vec<(&str, usize, usize, Option<f64>)> = r
        .stage_rates
        .iter()
        .map(|s| (s.stage.as_str(), s.closed, s.won, s.rate))
        .collect();
    assert_eq!(
        rates,
        [
            ("Lead In", 5, 2, Some(0.4)),
            ("Qualified", 3, 1, Some(0.3333)),
            ("Proposal Sent", 2, 1, Some(0.5)),
            ("Negotiation", 1, 1, Some(1.0))
        ]
    );
    let lines: Vec<ForecastRow> = r
        .periods
        .iter()
        .map(|l| {
            (
                l.period.as_deref(),
                l.currency,
                l.deals,
                l.value_minor,
                l.weighted_stage_minor,
                l.weighted_history_minor,
                l.history_min_sample,
            )
        })
        .collect();
    assert_eq!(
        lines,
        [
            // C: $5,000 × 10% by stage, × 0.4 by history (5 closed deals behind it).
            (Some("2026-11"), USD, 1, 500_000, 50_000, 200_000, Some(5)),
            // A: €10,000 × 50% / × 0.5; B: €20,000 × 90% / × 1.0 (one deal behind it).
            (
                Some("2026-12"),
                EUR,
                2,
                3_000_000,
                2_300_000,
                2_500_000,
                Some(1)
            ),
        ]
    );
    let q4 = Scope {
        by: Period::Quarter,
        since: Some(day("2026-12-01")),
        ..all_time()
    };
    let Report::Forecast(r) = crm.run(ReportName::Forecast, &q4) else {
        panic!()
    };
    assert_eq!(r.periods.len(), 1);
    assert_eq!(
        (r.periods[0].period.as_deref(), r.periods[0].deals),
        (Some("2026-Q4"), 2)
    );
}

#[test]
fn win_rate_overall_and_by_group() {
    let (crm, _) = fixture();
    let Report::WinRate(r) = crm.run(ReportName::WinRate, &all_time()) else {
        panic!()
    };
    let triple = |v: &[report::win_rate::Rate]| {
        v.iter()
            .map(|r| (r.key.clone(), r.won, r.lost))
            .collect::<Vec<_>>()
    };
    assert_eq!(
        (r.overall.won, r.overall.lost, r.overall.rate),
        (2, 3, Some(0.4))
    );
    assert_eq!(
        triple(&r.by_owner),
        [("alex".into(), 1, 1), ("sam".into(), 1, 2)]
    );
    assert_eq!(r.by_owner[1].rate, Some(0.3333));
    assert_eq!(
        triple(&r.by_source),
        [
            ("(none)".into(), 0, 1),
            ("referral".into(), 0, 1),
            ("web".into(), 2, 1)
        ]
    );
    assert_eq!(triple(&r.by_pipeline), [("Sales".into(), 2, 3)]);
    assert_eq!(
        triple(&r.by_period),
        [
            ("2026-09".into(), 0, 1),
            ("2026-10".into(), 2, 0),
            ("2026-11".into(), 0, 2)
        ]
    );
    let reasons: Vec<(&str, usize, Option<f64>)> = r
        .lost_reasons
        .iter()
        .map(|l| (l.reason.as_str(), l.count, l.share))
        .collect();
    assert_eq!(
        reasons,
        [("price", 2, Some(0.6667)), ("timing", 1, Some(0.3333))]
    );

    let autumn = Scope {
        since: Some(day("2026-10-01")),
        until: Some(day("2026-11-30")),
        ..all_time()
    };
    let Report::WinRate(r) = crm.run(ReportName::WinRate, &autumn) else {
        panic!()
    };
    assert_eq!(
        (r.overall.won, r.overall.lost, r.overall.rate),
        (2, 2, Some(0.5))
    );
}

#[test]
fn velocity_cycle_and_time_in_stage() {
    let (crm, _) = fixture();
    let Report::Velocity(r) = crm.run(ReportName::Velocity, &all_time()) else {
        panic!()
    };
    // D: 09-01 → 10-11 = 40 days; F: 10-01 → 10-21 = 20 days.
    assert_eq!(
        (r.won, r.mean_days, r.median_days),
        (2, Some(30.0), Some(30.0))
    );
    assert_eq!(r.by_period.len(), 1);
    assert_eq!(
        (r.by_period[0].period.as_str(), r.by_period[0].won),
        ("2026-10", 2)
    );
    let stages: Vec<(&str, usize, Option<f64>, Option<f64>)> = r
        .stages
        .iter()
        .map(|s| (s.stage.as_str(), s.stays, s.mean_days, s.median_days))
        .collect();
    assert_eq!(
        stages,
        [
            // A 10, B 5, D 10, E 5, F 20, G 5, H 10 (C is still there): 65/7.
            ("Lead In", 7, Some(9.3), Some(10.0)),
            // A 10, B 10, D 10, E 10, G 20.
            ("Qualified", 5, Some(12.0), Some(10.0)),
            // B 65, D 10, G 10 (A is still there).
            ("Proposal Sent", 3, Some(28.3), Some(10.0)),
            // D 10 (B is still there).
            ("Negotiation", 1, Some(10.0), Some(10.0)),
        ]
    );
}

#[test]
fn funnel_from_stage_history() {
    let (crm, _) = fixture();
    let Report::Funnel(r) = crm.run(ReportName::Funnel, &all_time()) else {
        panic!()
    };
    assert_eq!(r.pipelines.len(), 1);
    let f = &r.pipelines[0];
    assert_eq!(f.deals, 8);
    // Furthest stage: A Proposal, B Negotiation, C Lead In, D Won, E Qualified (lost),
    // F Won (skipped every stage), G Proposal (lost), H Lead In (lost).
    let steps: Vec<(&str, usize, Option<f64>, usize, usize)> = f
        .steps
        .iter()
        .map(|s| {
            (
                s.stage.as_str(),
                s.reached,
                s.from_previous,
                s.lost_here,
                s.open_here,
            )
        })
        .collect();
    assert_eq!(
        steps,
        [
            ("Lead In", 8, None, 1, 1),
            ("Qualified", 6, Some(0.75), 1, 0),
            ("Proposal Sent", 5, Some(0.8333), 1, 1),
            ("Negotiation", 3, Some(0.6), 0, 1),
            ("Won", 2, Some(0.6667), 0, 0),
        ]
    );
    assert_eq!(f.steps[4].from_start, Some(0.25));
}

#[test]
fn activity_per_rep_tasks_and_response_time() {
    let (crm, _) = fixture();
    let november = Scope {
        since: Some(day("2026-11-01")),
        until: Some(day("2026-11-30")),
        ..all_time()
    };
    let Report::Activity(r) = crm.run(ReportName::Activity, &november) else {
        panic!()
    };
    let rows: Vec<(&str, &str, usize, usize, usize, usize, usize)> = r
        .by_period
        .iter()
        .map(|p| {
            (
                p.rep.as_str(),
                p.period.as_str(),
                p.counts.calls,
                p.counts.emails,
                p.counts.meetings,
                p.counts.notes,
                p.counts.total,
            )
        })
        .collect();
    assert_eq!(
        rows,
        [
            ("alex", "2026-11", 0, 1, 1, 1, 3),
            ("sam", "2026-11", 1, 1, 0, 0, 2)
        ]
    );
    let reps: Vec<(&str, usize, usize)> = r
        .reps
        .iter()
        .map(|s| (s.rep.as_str(), s.tasks_completed, s.tasks_overdue))
        .collect();
    // T2 done 11-12 by sam (T4 was done in October); T3 due 11-20 is overdue.
    assert_eq!(reps, [("alex", 0, 0), ("sam", 1, 1)]);
    let sam = &r.reps[1];
    // H created 11-01 12:00, first call 15:00.
    assert_eq!(
        (
            sam.deal_response.created,
            sam.deal_response.answered,
            sam.deal_response.median_hours
        ),
        (1, 1, Some(3.0))
    );
    // ann2 answered in 3 h, Dan in 24 h, Daniel not at all.
    let l = &sam.lead_response;
    assert_eq!(
        (l.created, l.answered, l.mean_hours, l.median_hours),
        (3, 2, Some(13.5), Some(13.5))
    );

    let weekly = Scope {
        by: Period::Week,
        owner: Some("sam".into()),
        ..november
    };
    let Report::Activity(r) = crm.run(ReportName::Activity, &weekly) else {
        panic!()
    };
    let rows: Vec<(&str, &str, usize)> = r
        .by_period
        .iter()
        .map(|p| (p.rep.as_str(), p.period.as_str(), p.counts.total))
        .collect();
    // 2026-11-01 is a Sunday (week 44); 11-02 a Monday (week 45).
    assert_eq!(rows, [("sam", "2026-W44", 1), ("sam", "2026-W45", 1)]);
}

#[test]
fn revenue_won_value_and_mrr() {
    let (crm, _) = fixture();
    let Report::Revenue(r) = crm.run(ReportName::Revenue, &all_time()) else {
        panic!()
    };
    let won: Vec<(&str, Currency, usize, i64)> = r
        .won
        .iter()
        .map(|w| (w.period.as_str(), w.currency, w.deals, w.value_minor))
        .collect();
    assert_eq!(won, [("2026-10", EUR, 2, 1_400_000)]);
    // D €500/month + F €1,200/year = €600/month from October.
    let mrr: Vec<(&str, i64, i64, i64, i64)> = r
        .mrr
        .iter()
        .map(|m| {
            (
                m.month.as_str(),
                m.mrr_minor,
                m.arr_minor,
                m.new_mrr_minor,
                m.net_new_mrr_minor,
            )
        })
        .collect();
    assert_eq!(
        mrr,
        [
            ("2026-10", 60_000, 720_000, 60_000, 60_000),
            ("2026-11", 60_000, 720_000, 0, 0)
        ]
    );
}

#[test]
fn sources_leads_deals_and_wins() {
    let (crm, _) = fixture();
    let Report::Sources(r) = crm.run(ReportName::Sources, &all_time()) else {
        panic!()
    };
    let lines: Vec<SourceRow> = r
        .sources
        .iter()
        .map(|s| {
            (
                s.source.as_str(),
                s.leads,
                s.deals,
                s.won,
                s.lost,
                s.win_rate,
            )
        })
        .collect();
    assert_eq!(
        lines,
        [
            ("web", 2, 5, 2, 1, Some(0.6667)),
            ("(none)", 2, 1, 0, 1, Some(0.0)),
            ("event", 1, 0, 0, 0, None),
            ("referral", 1, 2, 0, 1, Some(0.0)),
        ]
    );
    assert_eq!(r.sources[0].won_value_minor, amounts(&[(EUR, 1_400_000)]));
}

#[test]
fn hygiene_signals_and_duplicates() {
    let (crm, ids) = fixture();
    let Report::Hygiene(r) = crm.run(ReportName::Hygiene, &all_time()) else {
        panic!()
    };
    assert_eq!(r.stale_contacts, [ids.old]);
    // B has T1 open; A's task is done; C has none.
    assert_eq!(r.deals_without_next_step, [ids.a, ids.c]);
    assert_eq!(r.deals_past_close, [ids.c]);
    assert_eq!(r.contacts_missing_email, [ids.bob]);
    assert_eq!(r.contacts_missing_phone, [ids.ann2, ids.dan, ids.daniel]);
    let groups: Vec<(&str, &str, Vec<u64>)> = r
        .duplicates
        .iter()
        .map(|g| (g.reason, g.key.as_str(), g.contacts.clone()))
        .collect();
    let acme_key = "ann lee at O-1";
    assert_eq!(
        groups,
        [
            ("email", "ann.lee@x.com", vec![ids.ann, ids.ann2]),
            ("email", "dansmith@gmail.com", vec![ids.dan, ids.daniel]),
            ("name", acme_key, vec![ids.ann, ids.ann2]),
        ]
    );
    let json = serde_json::to_value(&r).unwrap();
    assert_eq!(
        json["deals_past_close"],
        serde_json::json!([format!("D-{}", ids.c)])
    );

    // Cut to one per list, the counts stay whole and the table still says how many.
    let mut cut = r.clone();
    cut.truncate(1);
    assert_eq!(cut.contacts_missing_phone, [ids.ann2]);
    assert_eq!(cut.duplicates.len(), 1);
    assert_eq!(cut.counts.contacts_missing_phone, 3);
    assert_eq!(cut.counts.duplicates, 3);
    let signals = &cut.tables()[0];
    let phone = signals
        .rows
        .iter()
        .find(|row| row[0].plain() == "contacts missing a phone")
        .unwrap();
    assert_eq!(phone[1].plain(), "3");
    assert_eq!(phone[2].plain(), format!("C-{} …", ids.ann2));
}

/// Properties every database must satisfy, checked on one.
fn check_properties(store: &Store, now: Instant) {
    let read = store.read().unwrap();
    let deals: Vec<Deal> = read.all().unwrap();
    let run = |name, scope: &Scope| report::run(&read, now, name, scope).unwrap();
    let Report::Pipeline(p) = run(ReportName::Pipeline, &all_time()) else {
        panic!()
    };
    let mut by_stage = BTreeMap::new();
    for s in &p.stages {
        report::money::add_all(&mut by_stage, &s.value_minor);
    }
    let mut open_value = BTreeMap::new();
    let open: Vec<&Deal> = deals
        .iter()
        .filter(|d| d.status == rolo::model::DealStatus::Open)
        .collect();
    for d in &open {
        report::money::add(&mut open_value, d.currency, d.value);
    }
    assert_eq!(
        by_stage, p.total.value_minor,
        "stage values add up to the total"
    );
    assert_eq!(
        p.total.value_minor, open_value,
        "the total is the open deals' value"
    );
    assert_eq!(p.stages.iter().map(|s| s.deals).sum::<usize>(), open.len());
    let Report::WinRate(w) = run(ReportName::WinRate, &all_time()) else {
        panic!()
    };
    assert_eq!(
        w.overall.won + w.overall.lost + open.len(),
        deals.len(),
        "won + lost + open = all deals"
    );
    assert_eq!(
        w.by_owner.iter().map(|r| r.won + r.lost).sum::<usize>(),
        w.overall.won + w.overall.lost
    );
    let Report::Funnel(f) = run(ReportName::Funnel, &all_time()) else {
        panic!()
    };
    assert_eq!(
        f.pipelines.iter().map(|f| f.deals).sum::<usize>(),
        deals.len()
    );
    for funnel in &f.pipelines {
        assert!(
            funnel
                .steps
                .windows(2)
                .all(|w| w[0].reached >= w[1].reached),
            "a funnel narrows"
        );
    }
    let Report::Forecast(fc) = run(ReportName::Forecast, &all_time()) else {
        panic!()
    };
    assert_eq!(
        fc.periods.iter().map(|l| l.deals).sum::<usize>(),
        open.len()
    );
}

#[test]
fn properties_hold_on_the_fixture_and_a_generated_crm() {
    let (crm, _) = fixture();
    check_properties(&crm.store, now());

    // A generated CRM: random deals walked through random stages over a year.
    let crm = Crm::new();
    let mut rng = fastrand::Rng::with_seed(7);
    let mut t = at(2025, 11, 1, 9);
    let mut open: Vec<u64> = Vec::new();
    for i in 0..60 {
        t += chrono::Duration::hours(rng.i64(1..120));
        crm.set(t);
        if open.is_empty() || rng.bool() {
            let cur = if rng.u8(..4) == 0 { USD } else { EUR };
            let owner = ["sam", "alex", "priya"][rng.usize(..3)];
            open.push(crm.deal(
                &format!("G{i}"),
                owner,
                rng.i64(1..1_000_000),
                cur,
                Some("web"),
                None,
                None,
                None,
            ));
            continue;
        }
        let d = open[rng.usize(..open.len())];
        match rng.u8(..5) {
            0 => ops::win_deal(&crm.store, d).map(|_| ()),
            1 => ops::lose_deal(&crm.store, d, Some("price".into())).map(|_| ()),
            _ => ops::step_deal(&crm.store, d, 1).map(|_| ()),
        }
        .ok();
        open.retain(|id| {
            crm.store
                .read()
                .unwrap()
                .get::<Deal>(*id)
                .unwrap()
                .is_some_and(|x| x.status == rolo::model::DealStatus::Open)
        });
    }
    check_properties(&crm.store, t);
}

#[test]
fn properties_hold_on_the_demo_data() {
    let crm = Crm::new();
    crm.set(now());
    rolo::demo::generate(&crm.store, rolo::demo::Size::S, 3).unwrap();
    check_properties(&crm.store, now());
}

// --- the command line ---

fn rolo(db: &Path, config: &Path) -> Command {
    let mut cmd = Command::cargo_bin("rolo").unwrap();
    cmd.env("ROLO_NOW", "2026-11-25T12:00:00Z")
        .env("ROLO_USER", "sam")
        .env("ROLO_CONFIG_DIR", config)
        .env_remove("ROLO_DB")
        .arg("--db")
        .arg(db);
    cmd
}

#[test]
fn cli_prints_tables_json_and_csv() {
    let (crm, _) = fixture();
    let path = crm.path.clone();
    let config = TempDir::new().unwrap();
    drop(crm.store);

    let out = rolo(&path, config.path())
        .args(["report", "pipeline"])
        .assert()
        .success();
    let text = String::from_utf8(out.get_output().stdout.clone()).unwrap();
    assert!(
        text.contains("Proposal Sent") && text.contains("€10,000.00"),
        "{text}"
    );
    assert!(text.contains("note: "), "{text}");

    let out = rolo(&path, config.path())
        .args(["report", "pipeline", "--json"])
        .assert()
        .success();
    let json: serde_json::Value = serde_json::from_slice(&out.get_output().stdout).unwrap();
    assert_eq!(json["report"], "pipeline");
    assert_eq!(json["total"]["deals"], 3);
    assert_eq!(json["total"]["value_minor"]["EUR"], 3_000_000);
    assert_eq!(json["total"]["weighted_minor"]["USD"], 50_000);

    let out = rolo(&path, config.path())
        .args(["report", "win_rate", "--csv"])
        .assert()
        .success();
    let csv = String::from_utf8(out.get_output().stdout.clone()).unwrap();
    let mut lines = csv.lines();
    assert_eq!(lines.next(), Some("GROUP,KEY,WON,LOST,WIN RATE"));
    assert_eq!(lines.next(), Some("overall,all,2,3,0.4"));

    let out = rolo(&path, config.path())
        .args([
            "report",
            "forecast",
            "--csv",
            "--section",
            "rates",
            "--pipeline",
            "sales",
        ])
        .assert()
        .success();
    let csv = String::from_utf8(out.get_output().stdout.clone()).unwrap();
    assert!(csv.contains("Sales,Lead In,0.1,5,2,0.4"), "{csv}");

    let out = rolo(&path, config.path())
        .args([
            "report",
            "activity",
            "--since",
            "2026-11-01",
            "--until",
            "2026-11-30",
            "--owner",
            "me",
            "--by",
            "week",
            "--json",
        ])
        .assert()
        .success();
    let json: serde_json::Value = serde_json::from_slice(&out.get_output().stdout).unwrap();
    assert_eq!(json["owner"], "sam");
    assert_eq!(json["reps"][0]["calls"], 1);
}

#[test]
fn cli_rejects_unknown_names_and_bad_arguments() {
    let (crm, _) = fixture();
    let path = crm.path.clone();
    let config = TempDir::new().unwrap();
    drop(crm.store);
    let out = rolo(&path, config.path())
        .args(["report", "profit"])
        .assert()
        .code(1);
    let err = String::from_utf8(out.get_output().stderr.clone()).unwrap();
    assert!(
        err.contains("no report 'profit'") && err.contains("pipeline, forecast, win-rate"),
        "{err}"
    );
    let out = rolo(&path, config.path())
        .args(["report", "funnel", "--by", "fortnight"])
        .assert()
        .code(1);
    assert!(String::from_utf8_lossy(&out.get_output().stderr).contains("week, month or quarter"));
    let out = rolo(&path, config.path())
        .args([
            "report",
            "funnel",
            "--since",
            "2026-12-01",
            "--until",
            "2026-11-01",
        ])
        .assert()
        .code(1);
    assert!(String::from_utf8_lossy(&out.get_output().stderr).contains("after --until"));
    let out = rolo(&path, config.path())
        .args(["report", "forecast", "--section", "nope"])
        .assert()
        .code(1);
    assert!(String::from_utf8_lossy(&out.get_output().stderr).contains("periods, rates"));
}
