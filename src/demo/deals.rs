//! Demo deals over the two years before now: sales deals in the default pipeline and
//! renewals (about 15%) of won accounts in a "Renewals" pipeline. Each deal's stage
//! history is a plausible path (entered-at times increasing, the last entry its current
//! stage); closed deals are won or lost (with a reason) and open ones spread over the
//! open stages, some past their stage's rotting threshold. Values, currencies, close
//! dates, recurring amounts, tags, company and contacts are filled as a rep would.

use chrono::Datelike;
use fastrand::Rng;

use super::Context;
use super::companies::DemoCompany;
use super::draw::{between, chance, days, grown, log_uniform, pick, weighted};
use super::people::SOURCES;
use crate::model::{
    Contact, Currency, Deal, DealStatus, Instant, Pipeline, Recurring, RecurringPeriod, Stage,
    StageEntry, StageOutcome,
};

const LOST_REASONS: &[&str] = &[
    "price",
    "timing",
    "competitor",
    "no budget",
    "went silent",
    "no decision",
    "missing feature",
];

const CHURN_REASONS: &[&str] = &[
    "price",
    "budget cuts",
    "switched to competitor",
    "no longer needed",
    "acquired",
];

const TITLES: &[&str] = &[
    "{n} seats",
    "{n} seats",
    "platform licence",
    "pilot",
    "expansion",
    "annual plan",
    "onboarding package",
    "{n} seats, second team",
];

const TAGS: &[(&str, f64)] = &[
    ("q4-push", 0.08),
    ("strategic", 0.07),
    ("upsell", 0.08),
    ("partner-led", 0.05),
    ("competitive", 0.08),
    ("inbound", 0.1),
];

const NOTES: &[&str] = &[
    "Champion is the Head of Operations; CFO signs.",
    "Needs SSO and a DPA before signing.",
    "Competing against an in-house tool.",
    "Budget approved for this quarter.",
    "Legal review is the usual bottleneck here.",
];

/// A generated deal with what activities and tasks need to know about it.
#[derive(Debug, Clone)]
pub struct DemoDeal {
    /// The record as it will be stored.
    pub rec: Deal,
    /// Whether it is in the Renewals pipeline.
    pub renewal: bool,
    /// When work on it stopped: its close, or now while open.
    pub end: Instant,
}

/// The second pipeline the demo adds, with id `id`.
pub fn renewals_pipeline(id: u64) -> Pipeline {
    let stage = |id, name: &str, probability, rot_days, outcome| Stage {
        id,
        name: name.to_string(),
        probability,
        rot_days,
        outcome,
    };
    Pipeline {
        id,
        name: "Renewals".to_string(),
        stages: vec![
            stage(1, "Upcoming", 60, Some(30), StageOutcome::Open),
            stage(2, "In Talks", 80, Some(14), StageOutcome::Open),
            stage(3, "Renewed", 100, None, StageOutcome::Won),
            stage(4, "Churned", 0, None, StageOutcome::Lost),
        ],
    }
}

/// Whether deals can be placed in `p`: it has an open, a won and a lost stage.
pub fn usable(p: &Pipeline) -> bool {
    p.open_stages().next().is_some()
        && p.closing_stage(StageOutcome::Won).is_some()
        && p.closing_stage(StageOutcome::Lost).is_some()
}

/// Draws `n` deals (both pipelines must be [`usable`]); ids start at `first_id` in
/// creation order.
#[allow(clippy::too_many_arguments)]
pub fn generate(
    rng: &mut Rng,
    n: usize,
    first_id: u64,
    sales: &Pipeline,
    renewals: &Pipeline,
    companies: &[DemoCompany],
    contacts: &[Contact],
    ctx: &Context,
) -> Vec<DemoDeal> {
    if companies.is_empty() {
        return Vec::new();
    }
    let n_renewals = n * 15 / 100;
    let mut out: Vec<DemoDeal> = Vec::with_capacity(n);
    let mut opened = 0;
    for _ in 0..n - n_renewals {
        let (history, status) = path(rng, sales, ctx, &mut opened);
        let created = history[0].at;
        let ci = pick_company(rng, companies, created);
        let people = pick_contacts(rng, &companies[ci], contacts, created);
        out.push(fill(
            rng,
            sales,
            history,
            status,
            &companies[ci],
            people,
            contacts,
            false,
            ctx,
        ));
    }
    let mut won: Vec<(Instant, usize)> = out
        .iter()
        .enumerate()
        .filter(|(_, d)| d.rec.status == DealStatus::Won)
        .map(|(i, d)| (d.end, i))
        .collect();
    won.sort();
    for _ in 0..n_renewals {
        let (history, status) = path(rng, renewals, ctx, &mut opened);
        let created = history[0].at;
        // A renewal follows a won deal of the same account, a month or more later.
        let ready = won.partition_point(|(closed, _)| *closed + days(30) <= created);
        let (ci, people) = if ready > 0 {
            let prior = &out[won[rng.usize(..ready)].1].rec;
            let base = companies[0].rec.id;
            let ci = prior.company.map(|c| (c - base) as usize).unwrap_or(0);
            (ci, prior.contacts.clone())
        } else {
            let ci = pick_company(rng, companies, created);
            (ci, pick_contacts(rng, &companies[ci], contacts, created))
        };
        out.push(fill(
            rng,
            renewals,
            history,
            status,
            &companies[ci],
            people,
            contacts,
            true,
            ctx,
        ));
    }
    out.sort_by_key(|d| d.rec.created);
    for (i, d) in out.iter_mut().enumerate() {
        d.rec.id = first_id + i as u64;
    }
    out
}

/// A stage path and the status it ends in.
/// `opened` counts the open deals made so far (every tenth of them rots).
fn path(
    rng: &mut Rng,
    pipeline: &Pipeline,
    ctx: &Context,
    opened: &mut u64,
) -> (Vec<StageEntry>, DealStatus) {
    let open: Vec<&Stage> = pipeline.open_stages().collect();
    let early: Vec<u32> = (0..open.len()).map(|i| (open.len() - i) as u32).collect();
    let status = match weighted(rng, &[28, 32, 40]) {
        0 => DealStatus::Open,
        1 => DealStatus::Won,
        _ => DealStatus::Lost,
    };
    let earliest = ctx.now - days(730);
    if status == DealStatus::Open {
        let k = weighted(rng, &early);
        let rot = i64::from(open[k].rot_days.unwrap_or(14));
        // One open deal in ten has idled past its stage's limit (counted, so that even
        // S has one): enough for the kanban's rot marks and rule R-2 to show, few
        // enough that the first sweep's nudges leave a rep's Today a day's work.
        *opened += 1;
        let in_stage = if *opened % 10 == 4 {
            days(rot) + days(rng.i64(1..=45))
        } else {
            chrono::Duration::hours(rng.i64(1..=(rot * 24).max(2)))
        };
        let mut at = (ctx.now - in_stage).max(earliest + days(30));
        let mut history = vec![StageEntry {
            stage: open[k].id,
            at,
        }];
        for s in open[..k].iter().rev() {
            at -= days(rng.i64(2..=25)) + chrono::Duration::minutes(rng.i64(0..600));
            history.push(StageEntry { stage: s.id, at });
        }
        history.reverse();
        return (history, status);
    }
    let mut stages: Vec<u32> = if status == DealStatus::Won {
        let mut all: Vec<u32> = open.iter().map(|s| s.id).collect();
        if all.len() > 2 && chance(rng, 0.2) {
            all.remove(rng.usize(1..all.len() - 1));
        }
        all
    } else {
        open[..=weighted(rng, &early)]
            .iter()
            .map(|s| s.id)
            .collect()
    };
    let outcome = if status == DealStatus::Won {
        StageOutcome::Won
    } else {
        StageOutcome::Lost
    };
    if let Some(close) = pipeline.closing_stage(outcome) {
        stages.push(close.id);
    }
    let created = grown(rng, earliest, ctx.now - days(20));
    let closed = (created + days(log_uniform(rng, 7, 150) as i64)).min(ctx.now - days(1));
    let mut times: Vec<Instant> = (0..stages.len().saturating_sub(2))
        .map(|_| between(rng, created, closed))
        .collect();
    times.sort();
    times.insert(0, created);
    times.push(closed);
    let mut history: Vec<StageEntry> = Vec::with_capacity(stages.len());
    for (stage, at) in stages.into_iter().zip(times) {
        // Entered-at times strictly increase, even when two draws coincide.
        let at = match history.last() {
            Some(prev) if at <= prev.at => prev.at + chrono::Duration::minutes(1),
            _ => at,
        };
        history.push(StageEntry { stage, at });
    }
    (history, status)
}

/// A company that existed a few days before `created` (companies are oldest first).
fn pick_company(rng: &mut Rng, companies: &[DemoCompany], created: Instant) -> usize {
    let ready = companies.partition_point(|c| c.rec.created + days(3) <= created);
    rng.usize(..ready.max(1))
}

/// One to three people of the company who were known by `created` (its first contact
/// at least, when it has any).
fn pick_contacts(
    rng: &mut Rng,
    company: &DemoCompany,
    contacts: &[Contact],
    created: Instant,
) -> Vec<u64> {
    let known = company
        .staff
        .partition_point(|&i| contacts[i].created <= created)
        .max(1);
    let known = &company.staff[..known.min(company.staff.len())];
    if known.is_empty() {
        return Vec::new();
    }
    let want = (1 + weighted(rng, &[50, 35, 15])).min(known.len());
    let mut chosen: Vec<u64> = Vec::with_capacity(want);
    while chosen.len() < want {
        let id = contacts[*pick(rng, known)].id;
        if !chosen.contains(&id) {
            chosen.push(id);
        }
    }
    chosen
}

/// The contact with id `id` (contacts hold consecutive ids).
pub fn contact(contacts: &[Contact], id: u64) -> Option<&Contact> {
    let base = contacts.first()?.id;
    contacts.get(id.checked_sub(base)? as usize)
}

#[allow(clippy::too_many_arguments)]
fn fill(
    rng: &mut Rng,
    pipeline: &Pipeline,
    history: Vec<StageEntry>,
    status: DealStatus,
    company: &DemoCompany,
    people: Vec<u64>,
    contacts: &[Contact],
    renewal: bool,
    ctx: &Context,
) -> DemoDeal {
    let created = history[0].at;
    let last = history[history.len() - 1].clone();
    let closed_at = (status != DealStatus::Open).then_some(last.at);
    let currency = Currency::parse(company.locale.currency).unwrap_or(Currency::EUR);
    let unit = 10i64.pow(currency.minor_digits());
    let seats = log_uniform(rng, 5, 500);
    let template = pick(rng, TITLES);
    let major = if template.contains("{n}") {
        (seats * *pick(rng, &[120u64, 240, 360, 480, 600])).clamp(1_000, 250_000)
    } else {
        log_uniform(rng, 1_000, 250_000)
    };
    let major = if major > 20_000 {
        major / 500 * 500
    } else {
        major / 100 * 100
    };
    let value = major as i64 * unit;
    let close_date = match closed_at {
        Some(at) => at.date_naive(),
        None => {
            // Some open deals have already slipped past their expected close.
            let from = if chance(rng, 0.15) { last.at } else { ctx.now };
            (from + days(rng.i64(7..=90))).date_naive()
        }
    };
    let title = if renewal {
        format!("{} — renewal {}", company.short, close_date.year())
    } else {
        format!(
            "{} — {}",
            company.short,
            template.replace("{n}", &seats.to_string())
        )
    };
    let recurring = chance(rng, if renewal { 0.6 } else { 0.25 }).then(|| Recurring {
        amount: (major as i64 / 12).max(10) / 10 * 10 * unit,
        period: RecurringPeriod::Monthly,
    });
    let probability = if chance(rng, 0.08) {
        pipeline
            .stage(last.stage)
            .map(|s| (i32::from(s.probability) + rng.i32(-15..=15)).clamp(5, 95) as u8)
    } else {
        None
    };
    let source = if renewal {
        None
    } else {
        people
            .first()
            .and_then(|id| contact(contacts, *id))
            .and_then(|c| c.source.clone())
            .or_else(|| {
                Some(
                    SOURCES[weighted(rng, &[30, 18, 14, 20, 8, 10])]
                        .0
                        .to_string(),
                )
            })
    };
    let lost_reason = (status == DealStatus::Lost)
        .then(|| pick(rng, if renewal { CHURN_REASONS } else { LOST_REASONS }).to_string());
    let end = closed_at.unwrap_or(ctx.now);
    let rec = Deal {
        id: 0,
        source_ids: Default::default(),
        title,
        pipeline: pipeline.id,
        stage: last.stage,
        value,
        currency,
        close_date: Some(close_date),
        probability,
        owner: if chance(rng, 0.8) {
            company.rec.owner.clone()
        } else {
            ctx.owner(rng)
        },
        company: Some(company.rec.id),
        contacts: people,
        status,
        lost_reason,
        history,
        source,
        renewal_date: recurring
            .filter(|_| status == DealStatus::Won)
            .and(closed_at)
            .and_then(|t| t.date_naive().checked_add_months(chrono::Months::new(12))),
        recurring,
        tags: TAGS
            .iter()
            .filter(|(_, p)| chance(rng, *p))
            .map(|(t, _)| t.to_string())
            .collect(),
        notes: if chance(rng, 0.15) {
            pick(rng, NOTES).to_string()
        } else {
            String::new()
        },
        created,
        updated: if chance(rng, 0.2) {
            between(rng, last.at, end)
        } else {
            last.at
        },
        closed_at,
        last_activity: None,
    };
    DemoDeal { rec, renewal, end }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_end_in_the_current_stage_with_increasing_times() {
        let ctx = Context::for_tests();
        let mut rng = Rng::with_seed(2);
        let sales = Pipeline {
            id: 1,
            ..Pipeline::default_sales()
        };
        let (mut rotting, mut opened) = (0, 0);
        for _ in 0..2_000 {
            let (h, status) = path(&mut rng, &sales, &ctx, &mut opened);
            assert!(h.windows(2).all(|w| w[0].at < w[1].at), "{h:?}");
            assert!(h.last().unwrap().at <= ctx.now);
            let stage = sales.stage(h.last().unwrap().stage).unwrap();
            let expected = match status {
                DealStatus::Open => StageOutcome::Open,
                DealStatus::Won => StageOutcome::Won,
                DealStatus::Lost => StageOutcome::Lost,
            };
            assert_eq!(stage.outcome, expected);
            if status == DealStatus::Open {
                let entered = h.last().unwrap().at;
                if (ctx.now - entered).num_days() > i64::from(stage.rot_days.unwrap()) {
                    rotting += 1;
                }
            }
        }
        assert_eq!(rotting, (opened + 6) / 10, "one open deal in ten rots");
    }

    #[test]
    fn renewals_pipeline_is_usable() {
        assert!(usable(&renewals_pipeline(2)));
        assert!(usable(&Pipeline::default_sales()));
        assert!(!usable(&Pipeline::default()));
    }
}
