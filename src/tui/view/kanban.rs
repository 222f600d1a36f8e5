//! The kanban: a column per open stage with count, total and weighted value; cards with
//! title, company, value, owner, next step and idle days. Rotting and no-next-step cards,
//! and those whose company has an urgent or breached ticket (`S!`), carry a symbol and a
//! style, not just a colour. Columns scroll sideways.

use crate::model::words::plural;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;

use super::Ctx;
use super::text::{fit, fit_right, put};
use crate::model::dates::format_relative;
use crate::model::money::format_money_short;
use crate::model::{Currency, Task};
use crate::tui::board::Column;
use crate::tui::health;

/// The narrowest a column is drawn.
const MIN_COL: u16 = 24;
/// Lines per card, with the gap below it.
const CARD_H: u16 = 5;
/// Lines of a column's header: name and count, total, weighted, rule.
const HEAD_H: u16 = 4;

/// Amounts per currency, largest first: `€40k + $12k`.
fn money_list(list: &[(Currency, i64)]) -> String {
    if list.is_empty() {
        return "—".into();
    }
    let parts: Vec<String> = list
        .iter()
        .map(|(c, v)| format_money_short(*v, *c))
        .collect();
    parts.join(" + ")
}

pub(super) fn render(cx: &Ctx, frame: &mut Frame, area: Rect, focused: bool) {
    let b = &cx.m.board;
    let n = b.columns.len();
    let owner = if cx.m.mine { "mine" } else { "everyone's" };
    let title = format!(
        "Pipeline: {} · {} · {owner}",
        b.pipeline_name,
        plural(b.columns.iter().map(|c| c.count).sum::<usize>(), "deal")
    );
    let block = cx.block(title, focused);
    let inner = block.inner(area);
    frame.render_widget(block, area);
    if n == 0 || inner.width < 4 || inner.height < 3 {
        put(
            frame.buffer_mut(),
            inner,
            0,
            0,
            "no open stages in this pipeline",
            cx.style("text.dim"),
        );
        return;
    }
    let fits = ((inner.width / MIN_COL) as usize).clamp(1, n);
    let mut first = b.scroll.get().min(n - fits);
    if b.col < first {
        first = b.col;
    } else if b.col >= first + fits {
        first = b.col + 1 - fits;
    }
    b.scroll.set(first);
    let col_w = inner.width / fits as u16;
    let buf = frame.buffer_mut();
    for (slot, ci) in (first..first + fits).enumerate() {
        let x = inner.x + slot as u16 * col_w;
        let w = if slot + 1 == fits {
            inner.width - slot as u16 * col_w
        } else {
            col_w
        };
        let rect = Rect {
            x,
            y: inner.y,
            width: w.saturating_sub(1),
            height: inner.height,
        };
        column(cx, buf, rect, &b.columns[ci], ci, focused);
    }
    if first > 0 {
        put(
            buf,
            area,
            0,
            2,
            &format!(" ◀ {first} more "),
            cx.style("title"),
        );
    }
    let after = n - first - fits;
    if after > 0 {
        let s = format!(" {after} more ▶ ");
        put(
            buf,
            area,
            0,
            area.width.saturating_sub(s.chars().count() as u16 + 2),
            &s,
            cx.style("title"),
        );
    }
}

fn column(
    cx: &Ctx,
    buf: &mut ratatui::buffer::Buffer,
    area: Rect,
    col: &Column,
    ci: usize,
    focused: bool,
) {
    let m = cx.m;
    let b = &m.board;
    let w = area.width as usize;
    let selected_col = ci == b.col;
    let head_style = if selected_col && focused {
        cx.style("header").patch(cx.style("selection"))
    } else {
        cx.style("header")
    };
    put(
        buf,
        area,
        0,
        0,
        &fit(&format!("{} ({})", col.stage.name, col.count), w),
        head_style,
    );
    let total = format!("Σ {}", money_list(&col.total));
    put(buf, area, 1, 0, &fit(&total, w), cx.style("text.dim"));
    let weighted = format!("w {}", money_list(&col.weighted));
    put(buf, area, 2, 0, &fit(&weighted, w), cx.style("text.dim"));
    put(buf, area, 3, 0, &"─".repeat(w), cx.style("border"));
    let room = area.height.saturating_sub(HEAD_H);
    let visible = (room / CARD_H).max(1) as usize;
    let row = b.rows.get(ci).copied().unwrap_or(0);
    let start = if row >= visible { row + 1 - visible } else { 0 };
    let pipeline = m.data.pipelines.iter().find(|p| p.id == b.pipeline);
    let steps_cache: Vec<(u64, Option<&Task>)> = col
        .deals
        .iter()
        .skip(start)
        .take(visible)
        .map(|id| (*id, next_task(m, *id)))
        .collect();
    for (i, (id, next)) in steps_cache.into_iter().enumerate() {
        let Some(d) = m.data.deals.get(&id) else {
            continue;
        };
        let y = HEAD_H + i as u16 * CARD_H;
        if y >= area.height {
            break;
        }
        let sel = selected_col && start + i == row;
        let rotting = pipeline.is_some_and(|p| health::is_rotting(d, p, m.now));
        let no_next = health::has_no_next_step(d, next);
        let base = if sel {
            cx.style("card").patch(cx.style("selection"))
        } else {
            cx.style("card")
        };
        let patch = |s: Style| {
            if sel {
                s.patch(cx.style("selection"))
            } else {
                s
            }
        };
        let card = Rect {
            x: area.x,
            y: area.y + y,
            width: area.width,
            height: (CARD_H - 1).min(area.height - y),
        };
        buf.set_style(card, base);
        let gutter = if sel { ">" } else { " " };
        // Its company has an urgent or breached unsolved ticket.
        let hot = m.desk.marks(d.company);
        let mut x = put(buf, card, 0, 0, gutter, base);
        for (on, mark, role) in [
            (rotting, "! ", "card.rotting"),
            (no_next, "? ", "card.no_next"),
            (hot, "S!", "card.ticket"),
        ] {
            if on {
                x = put(buf, card, 0, x, mark, patch(cx.style(role)));
            }
        }
        if hot {
            x = put(buf, card, 0, x, " ", base);
        }
        put(
            buf,
            card,
            0,
            x,
            &fit(
                &format!("D-{} {}", d.id, d.title),
                w.saturating_sub(x as usize),
            ),
            patch(cx.style("card.title")),
        );
        let value = format_money_short(d.value, d.currency);
        let vw = value.chars().count() + 1;
        put(
            buf,
            card,
            1,
            1,
            &fit(m.data.company_name(d.company), w.saturating_sub(1 + vw)),
            base,
        );
        put(
            buf,
            card,
            1,
            (w.saturating_sub(vw)) as u16,
            &fit_right(&value, vw),
            base,
        );
        let age = if rotting {
            format!("! {}d in stage", d.days_in_stage(m.now))
        } else {
            format!("idle {}d", d.days_idle(m.now))
        };
        let aw = age.chars().count() + 1;
        put(
            buf,
            card,
            2,
            1,
            &fit(&d.owner, w.saturating_sub(1 + aw)),
            base,
        );
        put(
            buf,
            card,
            2,
            w.saturating_sub(aw) as u16,
            &fit_right(&age, aw),
            patch(if rotting {
                cx.style("card.rotting")
            } else {
                cx.style("text.dim")
            }),
        );
        match next {
            Some(t) if !no_next => {
                let due = t
                    .due
                    .map(|d| format_relative(d.date, m.today()))
                    .unwrap_or_else(|| "no date".into());
                let overdue = t.due.is_some_and(|d| d.date < m.today());
                let dw = due.chars().count() + 1;
                put(
                    buf,
                    card,
                    3,
                    1,
                    &fit(&format!("→ {}", t.title), w.saturating_sub(1 + dw)),
                    base,
                );
                let due_style = if overdue {
                    cx.style("due.overdue")
                } else {
                    cx.style("text.dim")
                };
                put(
                    buf,
                    card,
                    3,
                    w.saturating_sub(dw) as u16,
                    &fit_right(&due, dw),
                    patch(due_style),
                );
            }
            _ => {
                put(
                    buf,
                    card,
                    3,
                    1,
                    &fit("? no next step", w.saturating_sub(1)),
                    patch(cx.style("card.no_next")),
                );
            }
        }
    }
    if col.count == 0 {
        put(buf, area, HEAD_H, 1, "no deals", cx.style("text.dim"));
    } else if start + visible < col.count && area.height > 0 {
        let more = format!("↓ {} more", col.count - start - visible);
        put(buf, area, area.height - 1, 1, &more, cx.style("text.dim"));
    }
}

/// A deal's next step: its open linked task due first.
fn next_task(m: &crate::tui::model::Model, deal: u64) -> Option<&Task> {
    m.next_steps.get(&deal).and_then(|t| m.data.tasks.get(t))
}
