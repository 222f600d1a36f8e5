//! The contacts and companies tables: a header with the sort marker, then only the rows
//! that fit, the selected one reversed and marked.

use ratatui::Frame;
use ratatui::layout::Rect;

use super::Ctx;
use super::text::{fit, put};
use crate::model::Instant;
use crate::model::dates::format_relative;
use crate::tui::table::{RecordTable, TableKind, columns};

/// Relative widths of the columns.
fn weights(kind: TableKind) -> &'static [u16] {
    match kind {
        TableKind::Contacts => &[20, 16, 22, 14, 8, 10, 9, 12],
        TableKind::Companies => &[22, 16, 14, 14, 8, 10, 8, 12],
    }
}

/// A column's text in its width, with its last cell left blank so that a value that
/// fills the column never runs into the next one ("Last touchLifecycle").
fn cell(text: &str, w: usize) -> String {
    match w.checked_sub(1) {
        Some(room) => fit(text, room) + " ",
        None => String::new(),
    }
}

fn last_touch(at: Option<Instant>, now: Instant) -> String {
    at.map(|t| format_relative(t.date_naive(), now.date_naive()))
        .unwrap_or_else(|| "—".into())
}

pub(super) fn render(cx: &Ctx, frame: &mut Frame, area: Rect, t: &RecordTable, focused: bool) {
    let m = cx.m;
    let name = if t.kind == TableKind::Contacts {
        "Contacts"
    } else {
        "Companies"
    };
    let filter = if t.filter.is_empty() {
        String::new()
    } else {
        format!(" · /{}", super::text::clean(&t.filter))
    };
    let pending = if t.filtering() && t.matched_for != t.filter {
        if m.search_loaded.is_some() {
            " · searching…"
        } else {
            " · indexing…"
        }
    } else {
        ""
    };
    let block = cx.block(format!("{name} ({}){filter}{pending}", t.total), focused);
    let inner = block.inner(area);
    frame.render_widget(block, area);
    if inner.height < 2 || inner.width < 4 {
        return;
    }
    let cols = columns(t.kind);
    let weights = weights(t.kind);
    // Narrow panes keep the first columns, wide ones show all.
    let mut shown = cols.len();
    while shown > 2 && weights[..shown].iter().sum::<u16>() > inner.width.saturating_sub(2) {
        shown -= 1;
    }
    let total: u16 = weights[..shown].iter().sum();
    let avail = inner.width.saturating_sub(2);
    let widths: Vec<usize> = weights[..shown]
        .iter()
        .map(|w| (*w as u32 * avail as u32 / total.max(1) as u32) as usize)
        .collect();
    let buf = frame.buffer_mut();
    let mut x = 2u16;
    for (i, w) in widths.iter().enumerate() {
        let arrow = if i == t.sort {
            if t.reverse { "▼" } else { "▲" }
        } else {
            ""
        };
        x = put(
            buf,
            inner,
            0,
            x,
            &cell(&format!("{}{arrow}", cols[i]), *w),
            cx.style("header"),
        );
    }
    let rows = (inner.height - 1) as usize;
    let mut offset = t.offset.get();
    if t.selected < offset {
        offset = t.selected;
    } else if t.selected >= offset + rows {
        offset = t.selected + 1 - rows;
    }
    t.offset.set(offset);
    if t.total == 0 {
        let msg = if t.filter.is_empty() {
            "nothing here yet: n adds one"
        } else {
            "no match for the filter"
        };
        put(buf, inner, 1, 2, msg, cx.style("text.dim"));
    }
    for i in offset..(offset + rows).min(t.total) {
        let Some(id) = t.row(i) else {
            continue;
        };
        let id = &id;
        let y = 1 + (i - offset) as u16;
        let cells: Vec<String> = match t.kind {
            TableKind::Contacts => {
                let Some(c) = m.data.contacts.get(id) else {
                    continue;
                };
                vec![
                    c.name.clone(),
                    m.data.company_name(c.company).to_string(),
                    c.email().unwrap_or("").to_string(),
                    c.phone().unwrap_or("").to_string(),
                    c.owner.clone(),
                    last_touch(c.last_activity, m.now),
                    c.lifecycle.as_str().to_string(),
                    c.tags.join(","),
                ]
            }
            TableKind::Companies => {
                let Some(c) = m.data.companies.get(id) else {
                    continue;
                };
                let o = |s: &Option<String>| s.clone().unwrap_or_default();
                vec![
                    c.name.clone(),
                    o(&c.domain),
                    o(&c.industry),
                    o(&c.location),
                    c.owner.clone(),
                    last_touch(c.last_activity, m.now),
                    t.counts.get(id).copied().unwrap_or(0).to_string(),
                    c.tags.join(","),
                ]
            }
        };
        let sel = i == t.selected;
        let style = if sel && focused {
            cx.style("selection")
        } else if sel {
            cx.style("text").patch(cx.style("selection"))
        } else {
            cx.style("text")
        };
        let row = Rect {
            x: inner.x,
            y: inner.y + y,
            width: inner.width,
            height: 1,
        };
        buf.set_style(row, style);
        let mut x = put(buf, inner, y, 0, if sel { "> " } else { "  " }, style);
        for (text, w) in cells.iter().zip(&widths) {
            x = put(buf, inner, y, x, &cell(text, *w), style);
        }
    }
}
