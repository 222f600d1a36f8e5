//! Reading the service desk's windows: the Tickets screen's rows around the selection
//! from the queue index (entries only; tickets are decoded for the rows that can show),
//! and the kanban's marks, from the breached and urgent entries of the same index.

use super::ensure;
use crate::model::{Kind, RecordId, Ticket, TicketPriority};
use crate::store::{Queries, TicketEntry, TicketReads};
use crate::tui::model::Model;
use crate::tui::ticket_cells::{cells, most_pressing_target, targets_of};
use crate::tui::tickets::MARGIN;

/// The most breached-or-urgent tickets whose company the kanban marks are read from.
pub const HOT_LIMIT: usize = 500;
/// How far ahead an urgent ticket's running deadline may be for its company's mark.
const HOT_AHEAD_MS: i64 = 7 * 24 * 3_600_000;

/// Reads the queue window when it is stale or the selection nears its edge, then the
/// tickets of the rows around the selection and their requesters.
pub fn window(m: &mut Model, q: &impl Queries) -> crate::Result<()> {
    if m.tickets.stale || !m.tickets.covers_selection() {
        read(m, q)?;
    }
    let t = &m.tickets;
    let from = t.selected.saturating_sub(MARGIN);
    let shown: Vec<RecordId> = (from..t.selected + MARGIN)
        .filter_map(|i| t.row(i))
        .map(|e| RecordId::new(Kind::Ticket, e.id))
        .collect();
    ensure(&mut m.data, q, shown.iter().copied())?;
    let people: Vec<RecordId> = shown
        .iter()
        .filter_map(|r| m.data.tickets.get(&r.id)?.requester)
        .map(|c| RecordId::new(Kind::Contact, c))
        .collect();
    ensure(&mut m.data, q, people)?;
    if std::mem::take(&mut m.tickets.announce) {
        announce(m);
    }
    Ok(())
}

/// Reads the entries around the selection (following the focused or selected ticket
/// when it moved) and how many match. Unfiltered, the count is the index's length and
/// the read stops at the window's end; filtered, the whole index is walked (entries
/// only) to count.
fn read(m: &mut Model, q: &impl Queries) -> crate::Result<()> {
    let now_ms = m.now.timestamp_millis();
    let me = m.me.clone();
    let filter = m.tickets.filter_with(m.mine);
    let filtered = !filter.is_empty();
    let follow = m.tickets.focus.take().or(m.tickets.selected_id());
    let mut found = None;
    let mut selected = m.tickets.selected;
    let mut rows;
    let mut total;
    loop {
        let (start, end) = (selected.saturating_sub(MARGIN), selected + MARGIN + 1);
        let mut pos = 0usize;
        let mut keep = |e: &TicketEntry| {
            if !filter.keeps(e, &me, now_ms) {
                return false;
            }
            let i = pos;
            pos += 1;
            if found.is_none() && Some(e.id) == follow {
                found = Some(i);
            }
            (start..end).contains(&i)
        };
        let limit = if filtered { usize::MAX } else { end - start };
        rows = q.ticket_queue(filter.until(now_ms), &mut keep, limit)?;
        total = if filtered {
            pos
        } else {
            q.unsolved_tickets()? as usize
        };
        // The followed ticket moved, or the queue shrank under the selection: read
        // around where the selection lands.
        let want = found.unwrap_or(selected).min(total.saturating_sub(1));
        let covered = total == 0 || (start..start + rows.len()).contains(&want);
        if !covered && want != selected {
            selected = want;
            continue;
        }
        m.tickets.base = start.min(total);
        m.tickets.selected = want;
        break;
    }
    let t = &mut m.tickets;
    t.rows = rows;
    t.total = total;
    t.stale = false;
    t.loaded_at = Some(m.now);
    // The policies are a handful of records, read whole like the rules.
    t.policies = crate::ops::sla_policies(q)?;
    Ok(())
}

/// Says in the status line which ticket the selection landed on (after `most_urgent`).
fn announce(m: &mut Model) {
    let Some(id) = m.tickets.selected_id() else {
        m.info("no unsolved tickets");
        return;
    };
    let Some(t) = m.data.tickets.get(&id) else {
        return;
    };
    let c = cells(t, targets_of(&m.tickets.policies, t), m.now);
    let how = match most_pressing_target(t, &c) {
        Some(x) => format!(
            "{} {}",
            x.name(),
            c[x as usize]
                .as_ref()
                .map(|c| c.text.as_str())
                .unwrap_or("")
        ),
        None => "no deadline running".into(),
    };
    let msg = format!("most urgent: S-{id} {} · {how}", t.subject);
    m.info(msg);
}

/// Reads the companies the kanban marks, when stale or older than a minute: from the
/// front of the queue only (entries due within [`HOT_AHEAD_MS`]), those past their
/// deadline (they come first) and the urgent ones, at most [`HOT_LIMIT`], then each
/// such ticket's company (remembered until a ticket changes). An urgent ticket that
/// waits on the customer (no running deadline) marks nothing: nobody can act on it now.
/// So the walk is bounded by the tickets due this week, not by the queue, and at most
/// `HOT_LIMIT` tickets are decoded.
pub fn desk_marks(m: &mut Model, q: &impl Queries) -> crate::Result<()> {
    let d = &mut m.desk;
    if !d.stale && d.loaded_at.is_some() {
        return Ok(());
    }
    let now_ms = m.now.timestamp_millis();
    let hot = q.ticket_queue(
        Some(now_ms.saturating_add(HOT_AHEAD_MS)),
        &mut |e| e.due_ms <= now_ms || e.priority == TicketPriority::Urgent,
        HOT_LIMIT,
    )?;
    d.companies.clear();
    for e in hot {
        let company = match d.company_of.get(&e.id) {
            Some(c) => *c,
            None => {
                let c = q.get::<Ticket>(e.id)?.and_then(|t| t.company);
                d.company_of.insert(e.id, c);
                c
            }
        };
        d.companies.extend(company);
    }
    d.stale = false;
    d.loaded_at = Some(m.now);
    Ok(())
}
