//! A record's detail: profile fields on the left, linked records (selectable) on the
//! right, the record's timeline below.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};

use super::Ctx;
use super::text::{fit, put};
use crate::model::Kind;
use crate::model::dates::format_relative;
use crate::model::money::format_money;
use crate::tui::detail::Detail;

fn profile(cx: &Ctx, detail: &Detail) -> Vec<(&'static str, String)> {
    let rid = detail.rid;
    let m = cx.m;
    let d = &m.data;
    let opt = |s: &Option<String>| s.clone().unwrap_or_default();
    let rel = |t: Option<crate::model::Instant>| {
        t.map(|t| format_relative(t.date_naive(), m.today()))
            .unwrap_or_else(|| "—".into())
    };
    match rid.kind {
        Kind::Contact => d.contacts.get(&rid.id).map(|c| {
            vec![
                ("Name", c.name.clone()),
                ("Title", opt(&c.title)),
                ("Company", d.company_name(c.company).to_string()),
                (
                    "Email",
                    c.emails
                        .iter()
                        .map(|e| e.value.clone())
                        .collect::<Vec<_>>()
                        .join(", "),
                ),
                (
                    "Phone",
                    c.phones
                        .iter()
                        .map(|e| e.value.clone())
                        .collect::<Vec<_>>()
                        .join(", "),
                ),
                ("Location", opt(&c.location)),
                ("Lifecycle", c.lifecycle.as_str().to_string()),
                (
                    "Consent",
                    format!(
                        "{}{}{}",
                        crate::model::consent::state_word(c.consent.state),
                        c.consent
                            .at
                            .map(|t| format!(
                                " since {}",
                                format_relative(t.date_naive(), m.today())
                            ))
                            .unwrap_or_default(),
                        c.consent
                            .source
                            .as_ref()
                            .map(|s| format!(" ({s})"))
                            .unwrap_or_default()
                    ),
                ),
                ("Owner", c.owner.clone()),
                ("Tags", c.tags.join(", ")),
                ("Last touch", rel(c.last_activity)),
                ("Notes", c.notes.clone()),
            ]
            .into_iter()
            .chain(consent_log(detail))
            .collect()
        }),
        Kind::Company => d.companies.get(&rid.id).map(|c| {
            vec![
                ("Name", c.name.clone()),
                ("Domain", opt(&c.domain)),
                ("Industry", opt(&c.industry)),
                ("Size", opt(&c.size)),
                ("Location", opt(&c.location)),
                ("Owner", c.owner.clone()),
                ("Tags", c.tags.join(", ")),
                ("Last touch", rel(c.last_activity)),
                ("Notes", c.notes.clone()),
            ]
        }),
        Kind::Deal => d.deals.get(&rid.id).map(|x| {
            let p = d.pipelines.iter().find(|p| p.id == x.pipeline);
            let stage = p
                .and_then(|p| p.stage(x.stage))
                .map(|s| s.name.clone())
                .unwrap_or_default();
            vec![
                ("Title", x.title.clone()),
                ("Value", format_money(x.value, x.currency)),
                (
                    "Stage",
                    format!(
                        "{stage} ({}d) · {}",
                        x.days_in_stage(m.now),
                        x.status.as_str()
                    ),
                ),
                ("Pipeline", p.map(|p| p.name.clone()).unwrap_or_default()),
                ("Company", d.company_name(x.company).to_string()),
                (
                    "Close date",
                    x.close_date.map(|c| c.to_string()).unwrap_or_default(),
                ),
                ("Owner", x.owner.clone()),
                ("Idle", format!("{}d", x.days_idle(m.now))),
                ("Lost reason", opt(&x.lost_reason)),
                ("Notes", x.notes.clone()),
            ]
        }),
        Kind::Task => d.tasks.get(&rid.id).map(|t| {
            vec![
                ("Title", t.title.clone()),
                (
                    "Due",
                    t.due
                        .map(|d| format_relative(d.date, m.today()))
                        .unwrap_or_default(),
                ),
                ("About", t.link.map(|l| d.label(l)).unwrap_or_default()),
                ("Assignee", t.assignee.clone()),
                ("Priority", t.priority.as_str().to_string()),
                ("Notes", t.notes.clone()),
            ]
        }),
        _ => None,
    }
    .unwrap_or_else(|| vec![("", format!("{rid} is gone or closed"))])
}

/// A contact's consent ledger, newest first (the last few events).
fn consent_log(d: &Detail) -> Vec<(&'static str, String)> {
    d.consent
        .iter()
        .rev()
        .take(4)
        .enumerate()
        .map(|(i, e)| {
            (
                if i == 0 { "Consent log" } else { "" },
                format!(
                    "{} {} {} ({}{})",
                    e.at.format("%Y-%m-%d"),
                    crate::model::consent::state_word(e.state),
                    e.purpose,
                    e.source.as_str(),
                    e.email
                        .as_ref()
                        .map(|m| format!(", {m}"))
                        .unwrap_or_default()
                ),
            )
        })
        .collect()
}

pub(super) fn render(cx: &Ctx, frame: &mut Frame, area: Rect, d: &Detail) {
    let m = cx.m;
    let title = m.data.label(d.rid);
    let block = cx.block(super::text::clean(&title).into_owned(), true);
    let inner = block.inner(area);
    frame.render_widget(block, area);
    if inner.height < 3 || inner.width < 10 {
        return;
    }
    let [top, bottom] =
        Layout::vertical([Constraint::Percentage(55), Constraint::Percentage(45)]).areas(inner);
    let [left, right] =
        Layout::horizontal([Constraint::Percentage(50), Constraint::Percentage(50)]).areas(top);
    let buf = frame.buffer_mut();
    let lw = left.width as usize;
    let ticket = d.rid.kind == Kind::Ticket;
    let lines: Vec<super::ticket_detail::Line> = if ticket {
        super::ticket_detail::profile(cx, d)
    } else {
        let mut lines: Vec<super::ticket_detail::Line> = profile(cx, d)
            .into_iter()
            .map(|(l, v)| (l, v, "text"))
            .collect();
        if let Some(count) = d.tickets.filter(|c| c.total > 0) {
            // Near the top, where a short pane still shows it.
            let role = if count.unsolved > 0 {
                "ticket.soon"
            } else {
                "text"
            };
            lines.insert(1.min(lines.len()), ("Tickets", count.describe(), role));
        }
        lines
    };
    for (i, (label, value, role)) in lines.iter().enumerate().take(left.height as usize) {
        let x = put(
            buf,
            left,
            i as u16,
            0,
            &fit(label, 12),
            cx.style("form.label"),
        );
        put(
            buf,
            left,
            i as u16,
            x,
            &fit(value, lw.saturating_sub(x as usize + 1)),
            cx.style(role),
        );
    }
    let linked = &d.links;
    put(
        buf,
        right,
        0,
        0,
        &format!("Linked ({})", linked.len()),
        cx.style("header"),
    );
    let rows = right.height.saturating_sub(1) as usize;
    let mut offset = d.offset.get();
    if d.selected < offset {
        offset = d.selected;
    } else if rows > 0 && d.selected >= offset + rows {
        offset = d.selected + 1 - rows;
    }
    d.offset.set(offset);
    let rw = right.width as usize;
    for (i, rid) in linked.iter().enumerate().skip(offset).take(rows) {
        let y = 1 + (i - offset) as u16;
        let sel = i == d.selected;
        let breached = rid.kind == Kind::Ticket
            && m.data
                .tickets
                .get(&rid.id)
                .is_some_and(|t| t.is_unsolved() && t.sla.breached(m.now));
        let style = match (sel, breached) {
            (true, false) => cx.style("selection"),
            (true, true) => cx.style("ticket.breached").patch(cx.style("selection")),
            (false, true) => cx.style("ticket.breached"),
            (false, false) => cx.style("text"),
        };
        let extra = match rid.kind {
            Kind::Task => m
                .data
                .tasks
                .get(&rid.id)
                .and_then(|t| t.due)
                .map(|due| format!(" · due {}", format_relative(due.date, m.today())))
                .unwrap_or_default(),
            Kind::Deal => m
                .data
                .deals
                .get(&rid.id)
                .map(|x| format!(" · {}", x.status.as_str()))
                .unwrap_or_default(),
            Kind::Ticket => m
                .data
                .tickets
                .get(&rid.id)
                .map(|t| format!(" · {}", t.status.as_str()))
                .unwrap_or_default(),
            _ => String::new(),
        };
        // A ticket's state leads the line, so a narrow pane still shows it.
        let paused = rid.kind == Kind::Ticket
            && m.data
                .tickets
                .get(&rid.id)
                .is_some_and(|t| t.is_unsolved() && t.sla.paused());
        let mark = if breached {
            "! "
        } else if paused {
            "|| "
        } else {
            ""
        };
        let line = format!(
            "{}{mark}{} {}{extra}",
            if sel { "> " } else { "  " },
            rid.kind.noun(),
            m.data.label(*rid)
        );
        put(buf, right, y, 0, &fit(&line, rw), style);
    }
    if linked.is_empty() {
        put(buf, right, 1, 2, "nothing linked", cx.style("text.dim"));
    }
    if ticket {
        super::ticket_detail::thread(cx, buf, bottom, d);
        return;
    }
    put(buf, bottom, 0, 0, "Timeline", cx.style("header"));
    let tl_area = Rect {
        y: bottom.y + 1,
        height: bottom.height.saturating_sub(1),
        ..bottom
    };
    let items: Vec<_> = d.timeline.iter().collect();
    if d.loaded.is_none() {
        put(buf, tl_area, 0, 1, "loading…", cx.style("text.dim"));
    } else {
        super::timeline::list(cx, buf, tl_area, &items, 0, None);
    }
}
