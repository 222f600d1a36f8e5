//! The Tickets screen: the unsolved queue by next deadline, one row per ticket with its
//! mark (`!` breached, `~` breach soon, `||` paused), id, priority, status, the time
//! left per target, assignee, requester and subject. A narrow terminal folds the three
//! targets into the most pressing one and drops the requester. Marks and clock cells
//! carry a symbol and a theme style, never colour alone.

use ratatui::Frame;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Style;

use super::Ctx;
use super::text::{clean, fit, put};
use crate::model::Ticket;
use crate::store::TicketEntry;
use crate::tui::ticket_cells::{
    ClockCell, Target, Urgency, cells, most_pressing, priority_short, targets_of, urgency,
};

/// From this inner width the three targets get a column each.
const WIDE: usize = 100;

/// A column: heading and width.
type Col = (&'static str, usize);

fn columns(w: usize) -> (Vec<Col>, bool) {
    let wide = w >= WIDE;
    // Ids up to S-9999999 fit.
    let mut cols: Vec<Col> = if wide {
        vec![("ID", 10), ("PRI", 7), ("STATUS", 8)]
    } else {
        vec![("ID", 9), ("PRI", 5), ("STATUS", 8)]
    };
    if wide {
        cols.extend(Target::ALL.iter().map(|t| (t.heading(), 13)));
        cols.extend([("ASSIGNEE", 10), ("REQUESTER", 16)]);
    } else {
        cols.push(("SLA", 13));
        if w >= 60 {
            cols.push(("ASSIGNEE", 9));
        }
    }
    let used: usize = 4 + cols.iter().map(|(_, w)| w).sum::<usize>();
    cols.push(("SUBJECT", w.saturating_sub(used)));
    (cols, wide)
}

/// A cell's text in its width, the last column left blank as a gap.
fn cell(text: &str, w: usize) -> String {
    match w.checked_sub(1) {
        Some(room) => fit(text, room) + " ",
        None => String::new(),
    }
}

pub(super) fn render(cx: &Ctx, frame: &mut Frame, area: Rect, focused: bool) {
    let m = cx.m;
    let q = &m.tickets;
    let who = if m.mine { "mine" } else { "everyone's" };
    let filter = if q.filter.trim().is_empty() {
        String::new()
    } else {
        format!(" · /{}", clean(&q.filter))
    };
    let block = cx.block(
        format!("Tickets · {} unsolved · {who}{filter}", q.total),
        focused,
    );
    let inner = block.inner(area);
    frame.render_widget(block, area);
    if inner.height < 2 || inner.width < 10 {
        return;
    }
    let w = inner.width as usize;
    let (cols, wide) = columns(w);
    let buf = frame.buffer_mut();
    let mut x = 4u16;
    for (name, cw) in &cols {
        x = put(buf, inner, 0, x, &cell(name, *cw), cx.style("header"));
    }
    if q.total == 0 {
        let msg = if q.filter.trim().is_empty() && !m.mine {
            "no unsolved tickets (:ticket add opens one)"
        } else {
            "no ticket matches (esc clears the filter, o switches mine/all)"
        };
        put(buf, inner, 1, 2, msg, cx.style("text.dim"));
        return;
    }
    let rows = (inner.height - 1) as usize;
    let mut offset = q.offset.get();
    if q.selected < offset {
        offset = q.selected;
    } else if q.selected >= offset + rows {
        offset = q.selected + 1 - rows;
    }
    q.offset.set(offset);
    for i in offset..(offset + rows).min(q.total) {
        let Some(e) = q.row(i) else {
            continue;
        };
        let y = 1 + (i - offset) as u16;
        let sel = i == q.selected;
        let base = if sel && focused {
            cx.style("selection")
        } else if sel {
            cx.style("text").patch(cx.style("selection"))
        } else {
            cx.style("text")
        };
        let role = |r: &str| {
            if sel {
                cx.style(r).patch(base)
            } else {
                cx.style(r)
            }
        };
        let line = Rect {
            x: inner.x,
            y: inner.y + y,
            width: inner.width,
            height: 1,
        };
        buf.set_style(line, base);
        let t = m.data.tickets.get(&e.id);
        row(cx, buf, line, (e, t), (&cols, wide), sel, &role);
    }
}

/// Draws one queue row on `line`; `role` gives a theme role's style on this row.
fn row(
    cx: &Ctx,
    buf: &mut Buffer,
    line: Rect,
    (e, t): (&TicketEntry, Option<&Ticket>),
    (cols, wide): (&[Col], bool),
    sel: bool,
    role: &dyn Fn(&str) -> Style,
) {
    let m = cx.m;
    let now = m.now;
    let clock_cells = t
        .map(|t| cells(t, targets_of(&m.tickets.policies, t), now))
        .unwrap_or([None, None, None]);
    let urg = match t {
        Some(_) => urgency(&clock_cells),
        // Not read yet: what the index says.
        None if e.due_ms <= now.timestamp_millis() => Urgency::Breached,
        None if e.paused => Urgency::Paused,
        None => Urgency::Calm,
    };
    let base = role("text");
    let mut x = put(buf, line, 0, 0, if sel { ">" } else { " " }, base);
    x = put(buf, line, 0, x, urg.mark(), role(urg.role()));
    x = put(buf, line, 0, x, " ", base);
    let width = |i: usize| cols.get(i).map(|c| c.1).unwrap_or(0);
    let pri = if wide {
        e.priority.as_str()
    } else {
        priority_short(e.priority)
    };
    // A breached or breach-soon row's id takes its style too (not the padding).
    let id_style = match urg {
        Urgency::Breached | Urgency::Soon => role(urg.role()),
        Urgency::Calm | Urgency::Paused => base,
    };
    let id = fit(&format!("S-{}", e.id), width(0).saturating_sub(1));
    let shown = id.trim_end();
    let end = put(buf, line, 0, x, shown, id_style);
    x = put(
        buf,
        line,
        0,
        end,
        &" ".repeat(id.len() - shown.len() + 1),
        base,
    );
    let pri_style = if e.priority == crate::model::TicketPriority::Urgent {
        role("ticket.soon")
    } else {
        base
    };
    x = put(buf, line, 0, x, &cell(pri, width(1)), pri_style);
    x = put(buf, line, 0, x, &cell(e.status.as_str(), width(2)), base);
    let mut next = 3;
    let shown: Vec<Option<ClockCell>> = if wide {
        clock_cells.to_vec()
    } else {
        vec![t.and_then(|t| most_pressing(t, &clock_cells))]
    };
    for c in &shown {
        let w = width(next);
        next += 1;
        match c {
            Some(c) => x = put(buf, line, 0, x, &cell(&c.text, w), role(c.state.role())),
            None => x = put(buf, line, 0, x, &cell("", w), base),
        }
    }
    let requester = t
        .and_then(|t| t.requester)
        .and_then(|c| m.data.contacts.get(&c))
        .map(|c| c.name.as_str())
        .unwrap_or("");
    let subject = t.map(|t| t.subject.as_str()).unwrap_or("");
    for (name, w) in &cols[next..] {
        let text = match *name {
            "ASSIGNEE" if e.assignee.is_empty() => "—",
            "ASSIGNEE" => e.assignee.as_str(),
            "REQUESTER" => requester,
            _ => subject,
        };
        x = put(buf, line, 0, x, &cell(text, *w), base);
    }
}
