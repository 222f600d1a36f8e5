//! A service ticket (`S-12`): a customer's request, its thread, its status in the
//! service state machine and the clocks of its service-level targets.
//!
//! The state machine lives here ([`TicketStatus::can_become`], [`TicketStatus::on_customer_message`]);
//! the clocks are derived from the ticket's [`TicketEvent`] history by [`crate::sla`], so
//! replaying the history gives the same deadlines.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::{Instant, ms};

/// Where a ticket is in its life.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, Default,
)]
#[serde(rename_all = "snake_case")]
pub enum TicketStatus {
    /// Just arrived; nobody has touched it.
    #[default]
    New,
    /// Being worked on.
    Open,
    /// Waiting on the customer.
    Pending,
    /// Waiting on a third party.
    OnHold,
    /// Answered; closes by itself after some days unless the customer writes again.
    Solved,
    /// Final: a reply opens a linked follow-up ticket.
    Closed,
}

impl TicketStatus {
    /// Every status, in life order.
    pub const ALL: [TicketStatus; 6] = [
        TicketStatus::New,
        TicketStatus::Open,
        TicketStatus::Pending,
        TicketStatus::OnHold,
        TicketStatus::Solved,
        TicketStatus::Closed,
    ];

    /// The word used in the CLI and files (`on-hold`).
    pub fn as_str(self) -> &'static str {
        match self {
            TicketStatus::New => "new",
            TicketStatus::Open => "open",
            TicketStatus::Pending => "pending",
            TicketStatus::OnHold => "on-hold",
            TicketStatus::Solved => "solved",
            TicketStatus::Closed => "closed",
        }
    }

    /// Parses the word, case-insensitively (`on-hold`, `on_hold` and `hold` alike).
    pub fn parse(s: &str) -> Option<TicketStatus> {
        let s = s.trim().to_ascii_lowercase().replace('_', "-");
        if s == "hold" || s == "onhold" {
            return Some(TicketStatus::OnHold);
        }
        TicketStatus::ALL.into_iter().find(|t| t.as_str() == s)
    }

    /// Whether the ticket still needs work (not solved or closed).
    pub fn is_unsolved(self) -> bool {
        !matches!(self, TicketStatus::Solved | TicketStatus::Closed)
    }

    /// Whether a person may move a ticket from `self` to `to`. New only ever moves
    /// forward; open, pending and on-hold move freely among themselves and to solved;
    /// solved reopens or closes; closed is final.
    pub fn can_become(self, to: TicketStatus) -> bool {
        use TicketStatus::*;
        if self == to {
            return false;
        }
        match self {
            New => matches!(to, Open | Pending | OnHold | Solved),
            Open | Pending | OnHold => matches!(to, Open | Pending | OnHold | Solved),
            Solved => matches!(to, Open | Closed),
            Closed => false,
        }
    }

    /// Why `self` → `to` is refused, for the message ("closed is final: a reply opens
    /// a follow-up ticket").
    pub fn refusal(self, to: TicketStatus) -> String {
        use TicketStatus::*;
        match (self, to) {
            (a, b) if a == b => format!("it is already {}", a.as_str()),
            (Closed, _) => "closed is final; a new message opens a linked follow-up ticket \
                            (rolo ticket add --follow-up S-N)"
                .into(),
            (_, New) => "a ticket never goes back to new".into(),
            (_, Closed) => "only a solved ticket closes; solve it first".into(),
            (Solved, _) => format!(
                "a solved ticket reopens to open first, then becomes {}",
                to.as_str()
            ),
            _ => format!("{} cannot become {}", self.as_str(), to.as_str()),
        }
    }

    /// Where a customer's message moves the ticket: pending, on-hold and solved reopen;
    /// new and open stay; `None` for closed (the message opens a follow-up instead).
    pub fn on_customer_message(self) -> Option<TicketStatus> {
        use TicketStatus::*;
        match self {
            New => Some(New),
            Open | Pending | OnHold | Solved => Some(Open),
            Closed => None,
        }
    }
}

/// How urgent a ticket is; each has its own SLA targets.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, Default,
)]
#[serde(rename_all = "snake_case")]
pub enum TicketPriority {
    /// Can wait.
    Low,
    /// The usual.
    #[default]
    Normal,
    /// Soon.
    High,
    /// Now.
    Urgent,
}

impl TicketPriority {
    /// Every priority, lowest first.
    pub const ALL: [TicketPriority; 4] = [
        TicketPriority::Low,
        TicketPriority::Normal,
        TicketPriority::High,
        TicketPriority::Urgent,
    ];

    /// The word used in the CLI and files.
    pub fn as_str(self) -> &'static str {
        match self {
            TicketPriority::Low => "low",
            TicketPriority::Normal => "normal",
            TicketPriority::High => "high",
            TicketPriority::Urgent => "urgent",
        }
    }

    /// Parses the word, case-insensitively.
    pub fn parse(s: &str) -> Option<TicketPriority> {
        TicketPriority::ALL
            .into_iter()
            .find(|p| p.as_str().eq_ignore_ascii_case(s.trim()))
    }

    /// A small number for index values (0 = low … 3 = urgent).
    pub fn rank(self) -> u8 {
        self as u8
    }
}

/// How the request reached us.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum Channel {
    /// By email (the support addresses).
    Email,
    /// By phone.
    Phone,
    /// By chat.
    Chat,
    /// Typed in by a person (`rolo ticket add`).
    #[default]
    Cli,
}

impl Channel {
    /// Every channel.
    pub const ALL: [Channel; 4] = [Channel::Email, Channel::Phone, Channel::Chat, Channel::Cli];

    /// The word used in the CLI and files.
    pub fn as_str(self) -> &'static str {
        match self {
            Channel::Email => "email",
            Channel::Phone => "phone",
            Channel::Chat => "chat",
            Channel::Cli => "cli",
        }
    }

    /// Parses the word, case-insensitively.
    pub fn parse(s: &str) -> Option<Channel> {
        Channel::ALL
            .into_iter()
            .find(|c| c.as_str().eq_ignore_ascii_case(s.trim()))
    }
}

/// One thing that happened to a ticket that its SLA clocks depend on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct TicketEvent {
    /// When.
    #[serde(with = "ms::required")]
    pub at: Instant,
    /// What.
    pub what: EventKind,
}

/// What happened.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "event", rename_all = "snake_case")]
pub enum EventKind {
    /// The ticket was opened with this priority (always the first event).
    Created {
        /// The priority it was opened with.
        priority: TicketPriority,
    },
    /// The status changed.
    Status {
        /// The new status.
        to: TicketStatus,
    },
    /// The priority changed.
    Priority {
        /// The new priority.
        to: TicketPriority,
    },
    /// The customer wrote (an inbound email, a call logged as theirs).
    CustomerMessage,
    /// An agent answered the customer (a public reply; notes do not count).
    AgentReply,
}

/// One service-level target's clock as of the ticket's last event. Deadlines are
/// instants, so whether a running clock is breached depends only on the time asked.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "state", rename_all = "snake_case")]
pub enum Clock {
    /// Running: due at this instant.
    Running {
        /// When the target falls due.
        #[serde(with = "ms::required")]
        due: Instant,
    },
    /// Stopped while the ticket waits (pending, on-hold), with this much business time
    /// left (negative when it was already overdue when it paused).
    Paused {
        /// Business milliseconds left when it paused.
        left_ms: i64,
    },
    /// Achieved at `at`; `breached` when that was after the deadline.
    Met {
        /// When it was met.
        #[serde(with = "ms::required")]
        at: Instant,
        /// Whether it was met late.
        breached: bool,
        /// How much business time past the deadline it was met (0 when on time).
        #[serde(default, skip_serializing_if = "is_zero_ms")]
        late_ms: i64,
    },
}

fn is_zero_ms(n: &i64) -> bool {
    *n == 0
}

impl Clock {
    /// Whether the clock is breached at `now`.
    pub fn breached(&self, now: Instant) -> bool {
        match *self {
            Clock::Running { due } => due <= now,
            Clock::Paused { left_ms } => left_ms <= 0,
            Clock::Met { breached, .. } => breached,
        }
    }

    /// The deadline, when the clock is running.
    pub fn due(&self) -> Option<Instant> {
        match *self {
            Clock::Running { due } => Some(due),
            _ => None,
        }
    }
}

/// A ticket's three clocks under the policy that applies to it; a target the policy
/// does not set has no clock.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(default)]
pub struct SlaClocks {
    /// The policy (`L-id`) the clocks were computed from; none when no policy matches.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub policy: Option<u64>,
    /// Time to the first public reply.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub first_reply: Option<Clock>,
    /// Time from a customer's message to the next public reply.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub next_reply: Option<Clock>,
    /// Time to solved, paused where the policy says.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub resolution: Option<Clock>,
    /// Business milliseconds from the ticket's creation to its first public reply
    /// (calendar time when the policy has no calendar), once replied.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub first_reply_business_ms: Option<i64>,
    /// How many next-reply cycles (a customer message answered or still waiting) the
    /// ticket has had, and how many of them missed their target.
    #[serde(skip_serializing_if = "is_zero")]
    pub next_reply_cycles: u32,
    /// See [`SlaClocks::next_reply_cycles`].
    #[serde(skip_serializing_if = "is_zero")]
    pub next_reply_breaches: u32,
}

impl SlaClocks {
    /// The three clocks with their names, in display order.
    pub fn named(&self) -> [(&'static str, Option<Clock>); 3] {
        [
            ("first reply", self.first_reply),
            ("next reply", self.next_reply),
            ("resolution", self.resolution),
        ]
    }

    /// The earliest running deadline: what the queue is ordered by.
    pub fn next_due(&self) -> Option<Instant> {
        self.named()
            .iter()
            .filter_map(|(_, c)| c.and_then(|c| c.due()))
            .min()
    }

    /// Whether any clock is breached at `now`.
    pub fn breached(&self, now: Instant) -> bool {
        self.named()
            .iter()
            .any(|(_, c)| c.is_some_and(|c| c.breached(now)))
    }

    /// Whether any clock is paused.
    pub fn paused(&self) -> bool {
        self.named()
            .iter()
            .any(|(_, c)| matches!(c, Some(Clock::Paused { .. })))
    }
}

/// A support request.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(default)]
pub struct Ticket {
    /// Numeric id (shown as `S-id`).
    pub id: u64,
    /// One line: what it is about.
    pub subject: String,
    /// The person asking (`C-id`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub requester: Option<u64>,
    /// Their company (`O-id`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub company: Option<u64>,
    /// A deal it concerns (`D-id`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub deal: Option<u64>,
    /// Where it is in its life.
    pub status: TicketStatus,
    /// How urgent.
    pub priority: TicketPriority,
    /// Who works on it; empty when nobody has taken it.
    pub assignee: String,
    /// How it arrived.
    pub channel: Channel,
    /// Free tags.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub tags: Vec<String>,
    /// Custom fields.
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub custom: BTreeMap<String, String>,
    /// Addresses copied on the thread (lower-case); with the requester's, the only ones
    /// whose `[S-12]` subject token threads a message onto this ticket.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub cc: Vec<String>,
    /// The closed ticket this one follows up (`S-id`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub follow_up_of: Option<u64>,
    /// What happened, in order: the SLA clocks are derived from it.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub events: Vec<TicketEvent>,
    /// The clocks as of the last event (derived; recomputed on every write and by
    /// `rolo sla recompute`).
    pub sla: SlaClocks,
    /// Times it went from solved back to open.
    #[serde(skip_serializing_if = "is_zero")]
    pub reopened: u32,
    /// When it was last solved; none while unsolved.
    #[serde(with = "ms::optional", skip_serializing_if = "Option::is_none")]
    pub solved_at: Option<Instant>,
    /// When the record was created.
    #[serde(with = "ms::required")]
    pub created: Instant,
    /// When the record was last changed.
    #[serde(with = "ms::required")]
    pub updated: Instant,
}

fn is_zero(n: &u32) -> bool {
    // Used by both SlaClocks and Ticket.
    *n == 0
}

impl Ticket {
    /// Whether the ticket still needs work.
    pub fn is_unsolved(&self) -> bool {
        self.status.is_unsolved()
    }

    /// Where the ticket stands in the queue: its earliest running deadline in ms, or
    /// `i64::MAX` when no clock runs (all met, paused or none set).
    pub fn queue_at(&self) -> i64 {
        self.sla
            .next_due()
            .map(|d| d.timestamp_millis())
            .unwrap_or(i64::MAX)
    }

    /// The number of public agent replies so far.
    pub fn replies(&self) -> usize {
        self.events
            .iter()
            .filter(|e| e.what == EventKind::AgentReply)
            .count()
    }
}

#[cfg(test)]
mod tests {
    use super::TicketStatus::*;
    use super::*;

    #[test]
    fn every_transition_is_allowed_or_refused_as_designed() {
        let allowed = [
            (New, Open),
            (New, Pending),
            (New, OnHold),
            (New, Solved),
            (Open, Pending),
            (Open, OnHold),
            (Open, Solved),
            (Pending, Open),
            (Pending, OnHold),
            (Pending, Solved),
            (OnHold, Open),
            (OnHold, Pending),
            (OnHold, Solved),
            (Solved, Open),
            (Solved, Closed),
        ];
        for from in TicketStatus::ALL {
            for to in TicketStatus::ALL {
                let want = allowed.contains(&(from, to));
                assert_eq!(
                    from.can_become(to),
                    want,
                    "{} -> {}",
                    from.as_str(),
                    to.as_str()
                );
                if !want {
                    assert!(!from.refusal(to).is_empty());
                }
            }
        }
    }

    #[test]
    fn a_customer_message_reopens_waiting_and_solved_tickets_but_not_closed_ones() {
        assert_eq!(New.on_customer_message(), Some(New));
        assert_eq!(Open.on_customer_message(), Some(Open));
        assert_eq!(Pending.on_customer_message(), Some(Open));
        assert_eq!(OnHold.on_customer_message(), Some(Open));
        assert_eq!(Solved.on_customer_message(), Some(Open));
        assert_eq!(Closed.on_customer_message(), None);
        assert!(Closed.refusal(Open).contains("follow-up"));
    }

    #[test]
    fn statuses_read_as_people_type_them() {
        assert_eq!(TicketStatus::parse("On-Hold"), Some(OnHold));
        assert_eq!(TicketStatus::parse("on_hold"), Some(OnHold));
        assert_eq!(TicketStatus::parse("hold"), Some(OnHold));
        assert_eq!(TicketStatus::parse("solved"), Some(Solved));
        assert_eq!(TicketStatus::parse("done"), None);
        assert_eq!(
            TicketPriority::parse("URGENT"),
            Some(TicketPriority::Urgent)
        );
    }
}
