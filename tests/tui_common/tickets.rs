//! Service desk fixture on top of the shared CRM: six tickets through
//! `rolo::ops::ticket` (a customer message, a reply, a note, statuses), then their SLA
//! clocks written as a policy engine would have left them at `t0` (the Standard policy
//! made to match none of them first, so later writes leave no clocks), so the queue
//! reads the same whatever the engine computes (a reply assigns an unassigned ticket to its
//! author, sam).
//!
//! | ticket | requester | priority | status | clocks at t0 | queue |
//! |---|---|---|---|---|---|
//! | S-1 Cannot log in | Jane (Acme) | high | new | first reply 2h over | 1st, `!` |
//! | S-2 Invoice total wrong | Bob (Globex) | urgent | open, alex | resolution in 10m | 2nd, `~` |
//! | S-3 Export to CSV | Li Wei | normal | pending, sam | resolution paused, 3h left | 4th, `||` |
//! | S-4 Feature request | Carol (Initech) | low | open, sam | resolution in 1d 3h | 3rd |
//! | S-5 Old question | Jane (Acme) | normal | solved, sam | — | not queued |
//! | S-6 Printer jam (escapes) | Carol | normal | new | none | 5th |
#![allow(dead_code)]

use chrono::Duration;
use rolo::model::{
    Clock, Record, SlaClocks, SlaCondition, SlaPolicy, Ticket, TicketPriority, TicketStatus,
};
use rolo::ops::ticket::{self as desk, Message};
use rolo::store::{Queries, Store};
use rolo::tui::app::App;

use super::{Fixture, Instant, populate, t0};

fn at(mins: i64) -> Instant {
    t0() + Duration::minutes(mins)
}

fn open(store: &Store, subject: &str, requester: u64, p: TicketPriority, body: &str) -> u64 {
    let t = Ticket {
        subject: subject.into(),
        requester: Some(requester),
        priority: p,
        ..Ticket::default()
    };
    let first = Message {
        body: body.into(),
        ..Message::default()
    };
    desk::open_ticket(store, t, Some(first))
        .expect("ticket")
        .value
        .0
        .id
}

/// Sets a ticket's clocks as they stand at `t0` (a raw write, as a restore does).
fn clocks(store: &Store, id: u64, sla: SlaClocks) {
    store
        .write("test.clocks", |tx| {
            let mut t: Ticket = tx.require(id)?;
            t.sla = SlaClocks {
                policy: Some(1),
                ..sla
            };
            tx.put(Record::Ticket(t))
        })
        .expect("clocks");
}

/// Adds the tickets to a populated fixture; the clock ends at `t0`.
pub fn populate_tickets(fx: &Fixture, store: &Store) {
    // The Standard policy (L-1) matches no ticket here: a write leaves no clocks, so the
    // clocks below are the only ones and the queue's order is this fixture's, whatever
    // the SLA engine would compute; its targets still tell "breach soon".
    rolo::ops::sla::edit_rule(store, 1, |p: &mut SlaPolicy| {
        p.conditions.push(SlaCondition::Tag {
            tag: "fixture-matches-nothing".into(),
        });
        Ok(())
    })
    .expect("policy");
    fx.set_clock(t0() - Duration::hours(3));
    let s1 = open(
        store,
        "Cannot log in",
        1,
        TicketPriority::High,
        "I cannot log in since this morning.\nThe page says: invalid token.",
    );
    let s2 = open(
        store,
        "Invoice total wrong",
        2,
        TicketPriority::Urgent,
        "The November invoice charges 60 seats; we have 50.",
    );
    let s3 = open(
        store,
        "Export to CSV",
        3,
        TicketPriority::Normal,
        "How do I export?",
    );
    let s4 = open(
        store,
        "Feature request: dark mode",
        5,
        TicketPriority::Low,
        "Please add a dark mode.",
    );
    let s5 = open(
        store,
        "Old question",
        1,
        TicketPriority::Normal,
        "Where is the manual?",
    );
    let s6 = open(
        store,
        "Printer \u{1b}[31mjam\u{7}\u{1b}]0;pwned\u{7}",
        5,
        TicketPriority::Normal,
        "It jams \u{1b}[2J again.",
    );
    fx.set_clock(t0() - Duration::hours(2));
    let reply = |id: u64, text: &str, to: Option<TicketStatus>| {
        let m = Message {
            body: text.into(),
            ..Message::default()
        };
        desk::reply(store, id, m, to).expect("reply");
    };
    reply(s2, "Looking into it now.", None);
    desk::assign(store, s2, "alex").expect("assign");
    reply(s3, "Which format do you need?", Some(TicketStatus::Pending));
    desk::assign(store, s3, "sam").expect("assign");
    reply(s4, "Noted, thanks!", None);
    reply(s5, "Page 3 of the guide.", None);
    desk::set_status(store, s5, TicketStatus::Solved).expect("solve");
    desk::note(store, s1, "Probably the SSO change.".into()).expect("note");
    let met = Some(Clock::Met {
        at: at(-120),
        breached: false,
        late_ms: 0,
    });
    let running = |mins| Some(Clock::Running { due: at(mins) });
    clocks(
        store,
        s1,
        SlaClocks {
            first_reply: running(-120),
            resolution: running(6 * 60),
            ..SlaClocks::default()
        },
    );
    clocks(
        store,
        s2,
        SlaClocks {
            first_reply: met,
            resolution: running(10),
            ..SlaClocks::default()
        },
    );
    clocks(
        store,
        s3,
        SlaClocks {
            first_reply: met,
            resolution: Some(Clock::Paused {
                left_ms: 3 * 3_600_000,
            }),
            ..SlaClocks::default()
        },
    );
    clocks(
        store,
        s4,
        SlaClocks {
            first_reply: met,
            resolution: running(27 * 60),
            ..SlaClocks::default()
        },
    );
    let _ = s6;
    fx.set_clock(t0());
}

/// The shared fixture with the tickets added, closed again (for the binary).
pub fn ticket_db() -> Fixture {
    let fx = Fixture::new();
    let store = fx.open();
    populate(&fx, &store);
    populate_tickets(&fx, &store);
    drop(store);
    fx
}

/// An app on the fixture with tickets, sized `w` x `h`.
pub fn ticket_app(w: u16, h: u16) -> (Fixture, App) {
    super::app_with(w, h, populate_tickets)
}

/// A ticket as stored.
pub fn ticket(app: &App, id: u64) -> Ticket {
    app.store
        .read()
        .and_then(|r| r.require::<Ticket>(id))
        .expect("ticket")
}
