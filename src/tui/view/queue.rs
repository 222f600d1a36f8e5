//! Today's queue: group headings (overdue, today, next 7 days) and task rows with due,
//! title, linked record and assignee.

use crate::model::words::plural;
use ratatui::Frame;
use ratatui::layout::Rect;

use super::Ctx;
use super::text::{fit, put};
use crate::model::dates::format_relative;
use crate::tui::queue::Group;

pub(super) fn render(cx: &Ctx, frame: &mut Frame, area: Rect, focused: bool) {
    let m = cx.m;
    let q = &m.queue;
    let who = if m.mine { "mine" } else { "everyone's" };
    let block = cx.block(
        format!("Today · {} · {who}", plural(q.rows.len(), "task")),
        focused,
    );
    let inner = block.inner(area);
    frame.render_widget(block, area);
    if inner.height == 0 || inner.width < 4 {
        return;
    }
    // Lines: a heading before each group, then its tasks.
    let mut lines: Vec<Option<usize>> = Vec::new();
    let mut heads: Vec<(usize, Group, usize)> = Vec::new();
    let mut last = None;
    for (i, (g, _)) in q.rows.iter().enumerate() {
        if last != Some(*g) {
            let count = q.rows.iter().filter(|(x, _)| x == g).count();
            heads.push((lines.len(), *g, count));
            lines.push(None);
            last = Some(*g);
        }
        lines.push(Some(i));
    }
    let buf = frame.buffer_mut();
    if q.rows.is_empty() {
        put(
            buf,
            inner,
            0,
            1,
            "nothing due in the next 7 days",
            cx.style("text.dim"),
        );
        return;
    }
    let sel_line = lines
        .iter()
        .position(|l| *l == Some(q.selected))
        .unwrap_or(0);
    let h = inner.height as usize;
    let mut offset = q.offset.get();
    if sel_line < offset + 1 {
        offset = sel_line.saturating_sub(1);
    } else if sel_line >= offset + h {
        offset = sel_line + 1 - h;
    }
    q.offset.set(offset);
    let w = inner.width as usize;
    let today = m.today();
    let due_w = 12usize.min(w / 4);
    let who_w = 8usize.min(w / 6);
    let link_w = (w / 4).min(24);
    let title_w = w.saturating_sub(2 + due_w + link_w + who_w + 3);
    for (li, line) in lines.iter().enumerate().skip(offset).take(h) {
        let y = (li - offset) as u16;
        match line {
            None => {
                if let Some((_, g, n)) = heads.iter().find(|(at, _, _)| *at == li) {
                    put(
                        buf,
                        inner,
                        y,
                        0,
                        &format!("{} ({n})", g.title()),
                        cx.style("group"),
                    );
                }
            }
            Some(i) => {
                let (group, id) = q.rows[*i];
                let Some(t) = m.data.tasks.get(&id) else {
                    continue;
                };
                let sel = *i == q.selected;
                let style = if sel {
                    cx.style("selection")
                } else {
                    cx.style("text")
                };
                buf.set_style(
                    Rect {
                        x: inner.x,
                        y: inner.y + y,
                        width: inner.width,
                        height: 1,
                    },
                    style,
                );
                let due = t
                    .due
                    .map(|d| {
                        let day = format_relative(d.date, today);
                        match d.time {
                            Some(tm) => format!("{day} {}", tm.format("%H:%M")),
                            None => day,
                        }
                    })
                    .unwrap_or_default();
                let due_style = match group {
                    Group::Overdue => cx.style("due.overdue"),
                    Group::Today => cx.style("due.today"),
                    Group::Soon => cx.style("text"),
                };
                let due_style = if sel {
                    due_style.patch(cx.style("selection"))
                } else {
                    due_style
                };
                let link = t.link.map(|l| m.data.label(l)).unwrap_or_default();
                let mut x = put(buf, inner, y, 0, if sel { "> " } else { "  " }, style);
                x = put(buf, inner, y, x, &fit(&due, due_w), due_style);
                x = put(buf, inner, y, x + 1, &fit(&t.title, title_w), style);
                x = put(buf, inner, y, x + 1, &fit(&link, link_w), style);
                put(buf, inner, y, x + 1, &fit(&t.assignee, who_w), style);
            }
        }
    }
}
