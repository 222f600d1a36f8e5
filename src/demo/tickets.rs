//! Demo tickets: a support desk's history. Most tickets are old and closed; those of
//! the last two weeks are in every state (new, open, waiting on the customer, on hold,
//! solved), so the queue shows breached, soon-due and paused clocks on first run. Each
//! ticket's thread is a few emails in and out, and its history follows the state
//! machine; its SLA clocks are computed from that history by [`crate::sla`] under the
//! database's own policies.

use fastrand::Rng;

use super::Context;
use super::companies::DemoCompany;
use super::draw::{chance, days, pick, pick_str, weighted};
use crate::model::*;
use crate::sla::TicketFacts;

/// Subjects, with the tag each files the ticket under and the customer's first words.
const ASKS: &[(&str, &str, &str)] = &[
    (
        "Can't log in since the update",
        "login",
        "Since this morning none of us can log in; the page just reloads.",
    ),
    (
        "Password reset email never arrives",
        "login",
        "I asked for a reset link three times and nothing came, not even in spam.",
    ),
    (
        "Invoice shows the wrong VAT number",
        "billing",
        "Our latest invoice has last year's VAT number on it; could you correct it?",
    ),
    (
        "Charged twice this month",
        "billing",
        "Our card was charged twice for the same month. Please refund one.",
    ),
    (
        "Export to CSV is missing columns",
        "bug",
        "The CSV export lost the phone and owner columns after the last release.",
    ),
    (
        "Dashboard is very slow",
        "performance",
        "Loading the dashboard takes over a minute for our team.",
    ),
    (
        "How do I add a second admin?",
        "question",
        "We need a second administrator; where is that setting?",
    ),
    (
        "Request: dark mode for reports",
        "feature-request",
        "Our team works late; a dark theme for reports would help a lot.",
    ),
    (
        "API returns 500 on large imports",
        "bug",
        "Imports over 10k rows fail with a 500 from the API.",
    ),
    (
        "Need a copy of our signed contract",
        "account",
        "Could you send us the signed contract for our records?",
    ),
    (
        "Cancel our add-on seats",
        "billing",
        "Please remove the five add-on seats from next month.",
    ),
    (
        "SSO setup with our identity provider",
        "question",
        "We would like to set up single sign-on; what do you need from us?",
    ),
    (
        "Data missing after migration",
        "bug",
        "Some of our notes from last year are missing after the migration.",
    ),
    (
        "Upgrade to the annual plan",
        "account",
        "We'd like to move to the annual plan; how does the credit work?",
    ),
];

const REPLIES: &[&str] = &[
    "Thanks for letting us know. I'm looking into it now and will get back to you shortly.",
    "Sorry for the trouble. Could you send a screenshot and the time it happened?",
    "We've found the cause and a fix is on its way; I'll update you when it's live.",
    "That's done on our side; could you check and tell us if it works for you now?",
    "Good question: it's under Settings → Team. I've attached a short guide.",
];

const FOLLOW_UPS: &[&str] = &[
    "Here is the screenshot you asked for.",
    "It still happens for two of my colleagues.",
    "Thanks, that worked!",
    "Any news on this?",
];

/// One ticket with its thread, before ids for the thread are handed out.
pub struct DemoTicket {
    /// The ticket, its id set.
    pub rec: Ticket,
    /// Its messages, oldest first, ids unset.
    pub thread: Vec<Activity>,
}

/// The share of tickets opened in the last two weeks (the live queue), and the fewest
/// a demo has there (so a small demo's queue has something in every state).
const RECENT: f64 = 0.08;
const RECENT_AT_LEAST: usize = 30;

/// The database's SLA policies (sorted) and calendars, which the clocks follow.
pub struct Desk<'a> {
    /// Policies in the order they are tried.
    pub policies: &'a [SlaPolicy],
    /// Every calendar.
    pub calendars: &'a [Calendar],
}

/// Draws `n` tickets with ids from `first_id`, under `desk`'s policies.
pub fn generate(
    rng: &mut Rng,
    n: usize,
    first_id: u64,
    contacts: &[Contact],
    companies: &[DemoCompany],
    desk: &Desk,
    ctx: &Context,
) -> Vec<DemoTicket> {
    let asking: Vec<&Contact> = contacts.iter().filter(|c| c.email().is_some()).collect();
    if asking.is_empty() {
        return Vec::new();
    }
    let recent_n = ((n as f64 * RECENT) as usize).max(RECENT_AT_LEAST.min(n / 2));
    let recent_share = if n == 0 {
        0.0
    } else {
        recent_n as f64 / n as f64
    };
    let mut out = Vec::with_capacity(n);
    for i in 0..n {
        let id = first_id + i as u64;
        let requester = *pick(rng, &asking);
        let company_tags: &[String] = requester
            .company
            .and_then(|co| companies.iter().find(|c| c.rec.id == co))
            .map(|c| c.rec.tags.as_slice())
            .unwrap_or(&[]);
        let recent = chance(rng, recent_share);
        out.push(one(
            rng,
            Drawn {
                id,
                recent,
                requester,
                company_tags,
            },
            desk,
            ctx,
        ));
    }
    out
}

/// What is drawn for a ticket before its history.
struct Drawn<'a> {
    id: u64,
    recent: bool,
    requester: &'a Contact,
    company_tags: &'a [String],
}

fn one(rng: &mut Rng, d: Drawn, desk: &Desk, ctx: &Context) -> DemoTicket {
    let Drawn {
        id,
        recent,
        requester,
        company_tags,
    } = d;
    let (subject, tag, ask) = ASKS[rng.usize(..ASKS.len())];
    let priority = TicketPriority::ALL[weighted(rng, &[20, 50, 22, 8])];
    let created = if recent {
        ctx.now - chrono::Duration::minutes(rng.i64(10..14 * 24 * 60))
    } else {
        let span = (ctx.now - days(15) - ctx.start).num_minutes().max(1);
        ctx.start + chrono::Duration::minutes(rng.i64(0..span))
    };
    // Nobody writes to support before they are a contact.
    let created = created
        .max(requester.created + chrono::Duration::hours(1))
        .min(ctx.now);
    let assignee = if recent && chance(rng, 0.25) {
        String::new()
    } else {
        ctx.owner(rng)
    };
    let agent = if assignee.is_empty() {
        ctx.owner(rng)
    } else {
        assignee.clone()
    };
    let mut t = Ticket {
        id,
        subject: subject.into(),
        requester: Some(requester.id),
        company: requester.company,
        status: TicketStatus::New,
        priority,
        assignee,
        channel: if chance(rng, 0.85) {
            Channel::Email
        } else {
            Channel::Phone
        },
        tags: vec![tag.into()],
        created,
        ..Ticket::default()
    };
    let mut thread = Vec::new();
    let mut n = 0u32;
    let mut message = |thread: &mut Vec<Activity>, at: Instant, inbound: bool, body: &str| {
        n += 1;
        thread.push(Activity {
            kind: ActivityKind::Email,
            subject: if n == 1 {
                format!("[S-{id}] {subject}")
            } else {
                format!("Re: [S-{id}] {subject}")
            },
            body: body.into(),
            at,
            direction: Some(if inbound {
                Direction::Inbound
            } else {
                Direction::Outbound
            }),
            contacts: vec![requester.id],
            company: requester.company,
            ticket: Some(id),
            author: agent.clone(),
            external_id: Some(format!("<demo.s{id}.{n}@rolo.invalid>")),
            created: at,
            ..Activity::default()
        });
    };
    let event = |t: &mut Ticket, at: Instant, what: EventKind| {
        t.events.push(TicketEvent { at, what });
        if let EventKind::Status { to } = what {
            if t.status == TicketStatus::Solved && to == TicketStatus::Open {
                t.reopened += 1;
            }
            t.status = to;
            t.solved_at = match to {
                TicketStatus::Solved => Some(at),
                TicketStatus::Closed => t.solved_at,
                _ => None,
            };
        }
    };
    event(&mut t, created, EventKind::Created { priority });
    message(&mut thread, created, true, ask);
    // How fast the desk answers: urgent tickets first; a few answers are late.
    let first_wait = match priority {
        TicketPriority::Urgent => rng.i64(5..150),
        TicketPriority::High => rng.i64(20..400),
        TicketPriority::Normal => rng.i64(30..900),
        TicketPriority::Low => rng.i64(60..2400),
    };
    // Some of the live queue waits too long, so breached clocks show.
    let slow = if recent && chance(rng, 0.3) { 8 } else { 1 };
    let mut at = created + chrono::Duration::minutes(first_wait * slow);
    let exchanges = weighted(rng, &[45, 35, 15, 5]);
    let mut done = true;
    for round in 0..=exchanges {
        if at > ctx.now {
            done = false;
            break;
        }
        message(&mut thread, at, false, pick_str(rng, REPLIES));
        event(&mut t, at, EventKind::AgentReply);
        let next = if round < exchanges && chance(rng, 0.85) {
            TicketStatus::Pending
        } else if chance(rng, 0.1) {
            TicketStatus::OnHold
        } else {
            TicketStatus::Open
        };
        if t.status != next && t.status.can_become(next) {
            event(&mut t, at, EventKind::Status { to: next });
        }
        if round == exchanges {
            break;
        }
        at += chrono::Duration::minutes(rng.i64(30..3 * 24 * 60));
        if at > ctx.now {
            done = false;
            break;
        }
        message(&mut thread, at, true, pick_str(rng, FOLLOW_UPS));
        event(&mut t, at, EventKind::CustomerMessage);
        if let Some(to) = t.status.on_customer_message()
            && to != t.status
        {
            event(&mut t, at, EventKind::Status { to });
        }
        at += chrono::Duration::minutes(rng.i64(10..600));
    }
    if done {
        let solved = at + chrono::Duration::minutes(rng.i64(5..2 * 24 * 60));
        if solved <= ctx.now && !(recent && chance(rng, 0.35)) {
            event(
                &mut t,
                solved,
                EventKind::Status {
                    to: TicketStatus::Solved,
                },
            );
            let closes = solved + days(4);
            if closes <= ctx.now {
                event(
                    &mut t,
                    closes,
                    EventKind::Status {
                        to: TicketStatus::Closed,
                    },
                );
            }
        }
    }
    t.updated = t.events.last().map(|e| e.at).unwrap_or(created);
    t.sla = clocks(&t, company_tags, desk);
    DemoTicket { rec: t, thread }
}

/// The ticket's clocks under the first policy that matches it (none when none does).
fn clocks(t: &Ticket, company_tags: &[String], desk: &Desk) -> SlaClocks {
    let facts = TicketFacts {
        priority: t.priority,
        tags: &t.tags,
        company_tags,
        channel: t.channel,
        custom: &t.custom,
    };
    let Some(policy) = crate::sla::pick(desk.policies, &facts) else {
        return SlaClocks::default();
    };
    let calendar = policy
        .calendar
        .and_then(|h| desk.calendars.iter().find(|c| c.id == h));
    crate::sla::compute(&t.events, t.priority, Some(policy), calendar).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn demo_tickets_follow_the_state_machine_and_have_threads() {
        let ctx = Context::for_tests();
        let mut rng = Rng::with_seed(7);
        let contacts: Vec<Contact> = (1..=20)
            .map(|i| Contact {
                id: i,
                name: format!("Person {i}"),
                emails: vec![Labeled {
                    label: String::new(),
                    value: format!("p{i}@example.com"),
                }],
                ..Contact::default()
            })
            .collect();
        let cal = crate::sla::defaults::calendar("UTC");
        let cal = Calendar { id: 1, ..cal };
        let policy = SlaPolicy {
            id: 1,
            ..crate::sla::defaults::policy(1)
        };
        let desk = Desk {
            policies: &[policy],
            calendars: &[cal],
        };
        let tickets = generate(&mut rng, 300, 1, &contacts, &[], &desk, &ctx);
        assert_eq!(tickets.len(), 300);
        let mut statuses = std::collections::BTreeSet::new();
        for d in &tickets {
            let t = &d.rec;
            statuses.insert(t.status);
            assert!(!d.thread.is_empty(), "S-{} has a thread", t.id);
            assert!(
                d.thread
                    .iter()
                    .all(|a| a.ticket == Some(t.id) && a.at <= ctx.now)
            );
            // Replaying the status events from new follows the state machine.
            let mut s = TicketStatus::New;
            for e in &t.events {
                if let EventKind::Status { to } = e.what {
                    assert!(s.can_become(to), "S-{}: {s:?} -> {to:?}", t.id);
                    s = to;
                }
            }
            assert_eq!(s, t.status);
            assert_eq!(t.sla.policy, Some(1));
        }
        assert!(statuses.contains(&TicketStatus::Closed));
        assert!(statuses.iter().any(|s| s.is_unsolved()), "{statuses:?}");
    }
}
