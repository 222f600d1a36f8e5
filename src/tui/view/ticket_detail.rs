//! A ticket's detail: its fields and SLA clocks (each with its symbol and style), and
//! its thread oldest first — the customer's messages, the replies and the internal
//! notes — wrapped to the pane and scrolled from the latest message back.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;

use super::Ctx;
use super::form::wrap;
use super::text::{clean, fit, put};
use crate::model::dates::format_relative;
use crate::model::{Direction, Kind, RecordId, Ticket};
use crate::tui::action::Action;
use crate::tui::detail::Detail;
use crate::tui::ticket_cells::{ClockState, Target, clock_cell, targets_of};

/// A profile line: label, value and the theme role it is drawn with.
pub(super) type Line = (&'static str, String, &'static str);

/// The ticket's fields and clocks.
pub(super) fn profile(cx: &Ctx, d: &Detail) -> Vec<Line> {
    let m = cx.m;
    let Some(t) = m.data.tickets.get(&d.rid.id) else {
        return vec![("", format!("{} is gone", d.rid), "text")];
    };
    let label = |k: Kind, id: Option<u64>| {
        id.map(|i| m.data.label(RecordId::new(k, i)))
            .unwrap_or_default()
    };
    let policy = t
        .sla
        .policy
        .map(|p| match m.tickets.policies.iter().find(|x| x.id == p) {
            Some(x) => format!("L-{p} {}", x.name),
            None => format!("L-{p}"),
        });
    let mut out: Vec<Line> = vec![
        ("Subject", t.subject.clone(), "text"),
        ("Status", t.status.as_str().to_string(), "text"),
        ("Priority", t.priority.as_str().to_string(), "text"),
        (
            "Assignee",
            if t.assignee.is_empty() {
                "— nobody yet".into()
            } else {
                t.assignee.clone()
            },
            "text",
        ),
    ];
    // The clocks come early: a short pane still shows them.
    out.extend(clocks(cx, t));
    out.extend([
        ("Requester", label(Kind::Contact, t.requester), "text"),
        ("Company", label(Kind::Company, t.company), "text"),
        ("Deal", label(Kind::Deal, t.deal), "text"),
        (
            "SLA policy",
            policy.unwrap_or_else(|| "none".into()),
            "text",
        ),
        ("Channel", t.channel.as_str().to_string(), "text"),
        ("Tags", t.tags.join(", "), "text"),
        (
            "Follow-up of",
            t.follow_up_of.map(|f| format!("S-{f}")).unwrap_or_default(),
            "text",
        ),
        (
            "Opened",
            format_relative(t.created.date_naive(), m.today()),
            "text",
        ),
        (
            "Replies",
            format!("{} · reopened {}", t.replies(), t.reopened),
            "text",
        ),
    ]);
    // Empty fields (no deal, no tags) give their lines to the ones that say something.
    out.retain(|(_, value, _)| !value.is_empty());
    out
}

/// One line per clock the policy sets: its symbol, then how it stands in words.
fn clocks(cx: &Ctx, t: &Ticket) -> Vec<Line> {
    let m = cx.m;
    let targets = targets_of(&m.tickets.policies, t);
    Target::ALL
        .iter()
        .filter_map(|x| {
            let c = x.clock(&t.sla)?;
            let cell = clock_cell(Some(c), x.target_ms(targets), m.now)?;
            let symbol = match cell.state {
                ClockState::Breached => "! ",
                ClockState::Soon => "~ ",
                ClockState::Paused => "|| ",
                ClockState::Met | ClockState::MetLate => "✓ ",
                ClockState::Running => "",
            };
            let name = match x {
                Target::FirstReply => "First reply",
                Target::NextReply => "Next reply",
                Target::Resolution => "Resolution",
            };
            let words = crate::sla::describe_clock(&c, m.now);
            Some((name, format!("{symbol}{words}"), cell.state.role()))
        })
        .collect()
}

/// The thread, oldest first, in `area`: each message's header line (when, who) and
/// its body wrapped; scrolled back from the end by the detail's `thread_back`.
pub(super) fn thread(cx: &Ctx, buf: &mut Buffer, area: Rect, d: &Detail) {
    let m = cx.m;
    let keys = [Action::PageUp, Action::PageDown]
        .iter()
        .filter_map(|a| cx.keymap.key_for(&["detail", "tickets", "global"], *a))
        .collect::<Vec<_>>()
        .join("/");
    let head = format!("Thread ({}) · {keys} scroll", d.thread.len());
    put(buf, area, 0, 0, &head, cx.style("header"));
    let body = Rect {
        y: area.y + 1,
        height: area.height.saturating_sub(1),
        ..area
    };
    if d.loaded.is_none() {
        put(buf, body, 0, 1, "loading…", cx.style("text.dim"));
        return;
    }
    if d.thread.is_empty() {
        put(buf, body, 0, 1, "no messages yet", cx.style("text.dim"));
        return;
    }
    let w = body.width.saturating_sub(4).max(1) as usize;
    let requester = m
        .data
        .tickets
        .get(&d.rid.id)
        .and_then(|t| t.requester)
        .and_then(|c| m.data.contacts.get(&c))
        .map(|c| c.name.clone());
    let mut lines: Vec<(String, &str)> = Vec::new();
    for a in &d.thread {
        let when = a.at.with_timezone(&chrono::Local).format("%Y-%m-%d %H:%M");
        let (who, role, text) = match a.direction {
            Some(Direction::Inbound) => (
                format!("◀ {}", requester.as_deref().unwrap_or("customer")),
                "header",
                "text",
            ),
            Some(Direction::Outbound) => (format!("▶ reply · {}", a.author), "title", "text"),
            None => (format!("· note · {}", a.author), "text.dim", "text.dim"),
        };
        if !lines.is_empty() {
            lines.push((String::new(), "text"));
        }
        lines.push((format!("{when}  {who}  A-{}", a.id), role));
        for raw in a.body.lines() {
            for l in wrap(&clean(raw), w) {
                lines.push((format!("    {}", l.trim_end()), text));
            }
        }
    }
    let h = body.height as usize;
    let back = d.thread_back.get().min(lines.len().saturating_sub(h));
    d.thread_back.set(back);
    let end = lines.len() - back;
    let start = end.saturating_sub(h);
    for (i, (line, role)) in lines[start..end].iter().enumerate() {
        put(
            buf,
            body,
            i as u16,
            0,
            &fit(line, body.width as usize),
            cx.style(role),
        );
    }
}
