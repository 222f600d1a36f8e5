//! Demo activities: calls, emails, meetings and notes over the two years before now,
//! more of them lately, mostly in office hours, up to the present week so timelines
//! look alive. They are generated week by week, oldest first (ids follow time), and
//! handed out one week at a time so a million never sit in memory together. Each one
//! concerns a contact (and the contact's company) or an open-at-the-time deal and its
//! people; the "last activity" of everything it concerns is moved forward as it goes.

use fastrand::Rng;

use super::Context;
use super::companies::DemoCompany;
use super::deals::DemoDeal;
use super::draw::{chance, days, growing_quantile, office_time, pick, to_minute, weighted};
use crate::error::Result;
use crate::model::{Activity, ActivityKind, Contact, Direction, Instant, Record};

const CALLS: &[&str] = &[
    "Intro call",
    "Discovery call",
    "Follow-up call",
    "Pricing call",
    "Check-in call",
    "Call re: onboarding",
    "Left voicemail",
    "Quick sync",
    "Reference call",
];
const EMAILS: &[&str] = &[
    "Re: proposal v2",
    "Pricing follow-up",
    "Re: contract redlines",
    "Meeting notes and next steps",
    "Re: security questionnaire",
    "Invoice question",
    "Re: onboarding schedule",
    "Thanks for your time today",
    "Updated quote",
    "Re: intro",
];
const MEETINGS: &[&str] = &[
    "QBR",
    "Product demo",
    "Kickoff meeting",
    "Onsite workshop",
    "Contract review",
    "Executive briefing",
    "Renewal review",
    "Lunch",
];
const NOTES: &[&str] = &[
    "Org chart notes",
    "Budget confirmed",
    "Champion moving teams",
    "Competitor in the mix",
    "Procurement process notes",
    "Internal: deal strategy",
];
const TOPICS: &[&str] = &[
    "pricing",
    "the rollout plan",
    "SSO and security",
    "the ERP integration",
    "seat count",
    "contract terms",
    "support levels",
    "the pilot results",
];
const WANTS: &[&str] = &[
    "a revised quote",
    "a reference customer",
    "a trial extension",
    "a call with our CTO",
    "the DPA",
    "a case study",
    "volume pricing",
];
const WHENS: &[&str] = &[
    "end of month",
    "next Friday",
    "their board meeting",
    "the quarter closes",
    "the summer break",
];

/// Everything activities link to, updated as they are generated.
pub struct Linked<'a> {
    /// Contacts, consecutive ids, oldest first.
    pub contacts: &'a mut [Contact],
    /// Companies, consecutive ids, oldest first.
    pub companies: &'a mut [DemoCompany],
    /// Deals, consecutive ids, oldest first.
    pub deals: &'a mut [DemoDeal],
}

/// Generates `n` activities with ids from `first_id`, passing them to `sink` a week at
/// a time, oldest first; returns how many were generated (fewer than `n` only when
/// there is nobody to log them against).
pub fn generate(
    rng: &mut Rng,
    n: u64,
    first_id: u64,
    linked: &mut Linked<'_>,
    ctx: &Context,
    mut sink: impl FnMut(Vec<Record>) -> Result<()>,
) -> Result<u64> {
    const WEEKS: u64 = 105;
    let start = ctx.now - days(730);
    let span = (ctx.now - start).num_milliseconds();
    let quiet: Vec<bool> = linked.contacts.iter().map(|_| chance(rng, 0.12)).collect();
    let target = |k: u64| (n as f64 * cdf(k as f64 / WEEKS as f64)).round() as u64;
    let mut next_id = first_id;
    for week in 0..WEEKS {
        let at = |k: u64| {
            start + chrono::Duration::milliseconds((span as f64 * k as f64 / WEEKS as f64) as i64)
        };
        let (a, b) = (
            at(week),
            if week + 1 == WEEKS {
                ctx.now
            } else {
                at(week + 1)
            },
        );
        let count = target(week + 1) - target(week);
        let known = linked.contacts.partition_point(|c| c.created <= b);
        let active: Vec<usize> = (0..linked.deals.partition_point(|d| d.rec.created <= b))
            .filter(|&i| linked.deals[i].end >= a)
            .collect();
        if known == 0 && active.is_empty() {
            continue;
        }
        let mut batch: Vec<Activity> = Vec::with_capacity(count as usize);
        for _ in 0..count {
            let a = if !active.is_empty() && (known == 0 || chance(rng, 0.4)) {
                let d = &linked.deals[*pick(rng, &active)];
                on_deal(rng, d, linked.contacts, a, b, ctx)
            } else {
                let mut i = rng.usize(..known);
                for _ in 0..3 {
                    if !quiet[i] {
                        break;
                    }
                    i = rng.usize(..known);
                }
                on_contact(rng, &linked.contacts[i], a, b, ctx)
            };
            batch.push(a);
        }
        batch.sort_by_key(|x| x.at);
        for x in &mut batch {
            x.id = next_id;
            next_id += 1;
            touch(linked, x);
        }
        sink(batch.into_iter().map(Record::Activity).collect())?;
    }
    Ok(next_id - first_id)
}

/// The share of activities logged by fraction `x` of the two years (see
/// [`super::draw::growing`]): density ½ + x.
fn cdf(x: f64) -> f64 {
    let x = x.clamp(0.0, 1.0);
    debug_assert!((growing_quantile(0.5 * x + 0.5 * x * x) - x).abs() < 1e-9);
    0.5 * x + 0.5 * x * x
}

fn on_deal(
    rng: &mut Rng,
    d: &DemoDeal,
    contacts: &[Contact],
    a: Instant,
    b: Instant,
    ctx: &Context,
) -> Activity {
    let lo = a.max(d.rec.created);
    let at = to_minute(office_time(rng, lo, b.min(d.end))).max(lo);
    let mut people: Vec<u64> = Vec::new();
    if let Some(first) = d.rec.contacts.get(rng.usize(..d.rec.contacts.len().max(1))) {
        people.push(*first);
        if d.rec.contacts.len() > 1 && chance(rng, 0.25) {
            let other = *pick(rng, &d.rec.contacts);
            if other != *first {
                people.push(other);
            }
        }
    }
    let given = people
        .first()
        .and_then(|id| super::deals::contact(contacts, *id))
        .and_then(|c| c.given_name.as_deref());
    let author = if chance(rng, 0.85) {
        d.rec.owner.clone()
    } else {
        ctx.owner(rng)
    };
    let mut x = draft(rng, at, given, author, ctx);
    x.contacts = people;
    x.company = d.rec.company;
    x.deal = Some(d.rec.id);
    x
}

fn on_contact(rng: &mut Rng, c: &Contact, a: Instant, b: Instant, ctx: &Context) -> Activity {
    let lo = a.max(c.created);
    let at = to_minute(office_time(rng, lo, b)).max(lo);
    let author = if chance(rng, 0.8) {
        c.owner.clone()
    } else {
        ctx.owner(rng)
    };
    let mut x = draft(rng, at, c.given_name.as_deref(), author, ctx);
    x.contacts = vec![c.id];
    x.company = c.company;
    x
}

/// Kind, subject, body, duration and direction for an activity at `at`.
fn draft(
    rng: &mut Rng,
    at: Instant,
    given: Option<&str>,
    author: String,
    ctx: &Context,
) -> Activity {
    let kind = ActivityKind::ALL[weighted(rng, &[25, 40, 15, 20])];
    let (subject, duration_min, direction) = match kind {
        ActivityKind::Call => (
            pick(rng, CALLS).to_string(),
            Some(rng.u32(5..=45)),
            Some(if chance(rng, 0.3) {
                Direction::Inbound
            } else {
                Direction::Outbound
            }),
        ),
        ActivityKind::Email => (
            pick(rng, EMAILS).to_string(),
            None,
            Some(if chance(rng, 0.45) {
                Direction::Inbound
            } else {
                Direction::Outbound
            }),
        ),
        ActivityKind::Meeting => {
            let s = pick(rng, MEETINGS);
            let subject = match given {
                Some(g) if *s == "Lunch" => format!("Lunch with {g}"),
                _ => s.to_string(),
            };
            (subject, Some(*pick(rng, &[30, 45, 60, 90])), None)
        }
        ActivityKind::Note => (pick(rng, NOTES).to_string(), None, None),
    };
    let body = if chance(rng, 0.6) {
        let who = given.unwrap_or("them");
        let (topic, want, when) = (pick(rng, TOPICS), pick(rng, WANTS), pick(rng, WHENS));
        match kind {
            ActivityKind::Email => {
                format!("Hi {who}, following up on {topic}: I'll send {want} before {when}.")
            }
            ActivityKind::Note => format!("{topic}: {want} needed before {when}."),
            _ => format!("Spoke with {who} about {topic}. They want {want} before {when}."),
        }
    } else {
        String::new()
    };
    let logged =
        at + chrono::Duration::minutes(i64::from(duration_min.unwrap_or(0)) + rng.i64(0..15));
    Activity {
        id: 0,
        kind,
        subject,
        body,
        at,
        duration_min,
        direction,
        contacts: Vec::new(),
        company: None,
        deal: None,
        ticket: None,
        author,
        external_id: None,
        created: logged.min(ctx.now),
    }
}

/// Moves "last activity" forward on what `x` concerns.
fn touch(linked: &mut Linked<'_>, x: &Activity) {
    let later = |old: &mut Option<Instant>| {
        if old.is_none_or(|t| t < x.at) {
            *old = Some(x.at);
        }
    };
    let base = linked.contacts.first().map(|c| c.id).unwrap_or(0);
    for id in &x.contacts {
        if let Some(c) = linked.contacts.get_mut((id - base) as usize) {
            later(&mut c.last_activity);
        }
    }
    let base = linked.companies.first().map(|c| c.rec.id).unwrap_or(0);
    if let Some(co) = x
        .company
        .and_then(|id| linked.companies.get_mut((id - base) as usize))
    {
        later(&mut co.rec.last_activity);
    }
    let base = linked.deals.first().map(|d| d.rec.id).unwrap_or(0);
    if let Some(d) = x
        .deal
        .and_then(|id| linked.deals.get_mut((id - base) as usize))
    {
        later(&mut d.rec.last_activity);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn weekly_shares_add_up_and_grow() {
        assert_eq!(cdf(0.0), 0.0);
        assert_eq!(cdf(1.0), 1.0);
        let first = cdf(0.01) - cdf(0.0);
        let last = cdf(1.0) - cdf(0.99);
        assert!(last > 2.5 * first, "{first} {last}");
    }

    #[test]
    fn drafts_have_subjects_and_stay_in_the_past() {
        let ctx = Context::for_tests();
        let mut rng = Rng::with_seed(4);
        for _ in 0..500 {
            let x = draft(
                &mut rng,
                ctx.now - days(1),
                Some("Jane"),
                "sam".into(),
                &ctx,
            );
            assert!(!x.subject.is_empty());
            assert!(x.created <= ctx.now && x.created >= x.at);
            assert_eq!(
                x.duration_min.is_some(),
                matches!(x.kind, ActivityKind::Call | ActivityKind::Meeting)
            );
        }
    }
}
