//! The jump picker popup: the query line, a parse error or the match count, then one
//! row per result (kind, id, name, detail) with the matched characters highlighted.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
use ratatui::widgets::Clear;
use unicode_width::UnicodeWidthChar;

use super::text::{clean, fit, put, width};
use super::{Ctx, centered};
use crate::model::Kind;
use crate::tui::action::Action;
use crate::tui::picker::{Picker, kind_word};

/// The highlight for matched characters: the theme's `match` role, or bold+underline
/// when the theme does not set it.
fn match_style(cx: &Ctx, base: Style) -> Style {
    let m = cx.style("match");
    if m == cx.style("text") {
        base.add_modifier(Modifier::BOLD | Modifier::UNDERLINED)
    } else {
        base.patch(m)
    }
}

/// Writes `text` (sanitised) at (`x`, `y`) in at most `w` columns, the characters at
/// `hits` in the match style; returns the columns used.
#[allow(clippy::too_many_arguments)]
fn highlighted(
    cx: &Ctx,
    frame: &mut Frame,
    area: Rect,
    y: u16,
    x: u16,
    w: usize,
    text: &str,
    hits: &[u32],
    base: Style,
) -> usize {
    if y >= area.height || x >= area.width {
        return 0;
    }
    let w = w.min((area.width - x) as usize);
    let text = clean(text);
    let hit = match_style(cx, base);
    let buf = frame.buffer_mut();
    let total = width(&text);
    let mut used = 0;
    for (i, c) in text.chars().enumerate() {
        let cw = c.width().unwrap_or(0);
        if cw == 0 {
            continue;
        }
        let room = if total > w { w.saturating_sub(1) } else { w };
        if used + cw > room {
            if total > w && used < w {
                buf.set_string(area.x + x + used as u16, area.y + y, "…", base);
                used += 1;
            }
            break;
        }
        let style = if hits.binary_search(&(i as u32)).is_ok() {
            hit
        } else {
            base
        };
        buf.set_string(area.x + x + used as u16, area.y + y, c.to_string(), style);
        used += cw;
    }
    used
}

fn kind_tag(kind: Kind) -> &'static str {
    match kind {
        Kind::Contact => "contact",
        Kind::Company => "company",
        Kind::Deal => "deal",
        Kind::Task => "task",
        _ => "",
    }
}

/// Draws the picker over `body`.
pub(super) fn render(cx: &Ctx, frame: &mut Frame, body: Rect, p: &Picker) {
    let area = centered(body, 100, body.height.saturating_sub(2).max(6));
    frame.render_widget(Clear, area);
    let title = format!("Jump to · {}", kind_word(p.kind));
    let block = cx.block(title, true);
    let inner = block.inner(area);
    frame.render_widget(block, area);
    if inner.height < 3 || inner.width < 10 {
        return;
    }
    let iw = inner.width as usize;
    // The query line, cursor kept visible.
    let input_w = iw.saturating_sub(3).max(1);
    let scroll = p.input.visual_scroll(input_w);
    let value = clean(p.input.value());
    let mut skipped = 0;
    let shown: String = value
        .chars()
        .filter(|c| {
            if skipped < scroll {
                skipped += c.width().unwrap_or(0);
                false
            } else {
                true
            }
        })
        .collect();
    put(frame.buffer_mut(), inner, 0, 0, "> ", cx.style("title"));
    put(
        frame.buffer_mut(),
        inner,
        0,
        2,
        &fit(&shown, input_w),
        cx.style("form.focus"),
    );
    let cursor = p.input.visual_cursor().saturating_sub(scroll).min(input_w) as u16;
    frame.set_cursor_position((inner.x + 2 + cursor, inner.y));
    // Error or count.
    let (indexed, total) = p.indexed;
    let note = match &p.error {
        Some(e) => (format!("! {e}"), cx.style("form.error")),
        None if indexed < total => (
            format!("{} shown · indexing {indexed}/{total}…", p.rows.len()),
            cx.style("form.hint"),
        ),
        None => (format!("{} shown", p.rows.len()), cx.style("form.hint")),
    };
    put(frame.buffer_mut(), inner, 1, 0, &fit(&note.0, iw), note.1);
    // Rows.
    let first = 2u16;
    let visible = inner.height.saturating_sub(first + 1) as usize;
    let offset = p.selected.saturating_sub(visible.saturating_sub(1));
    let id_w = 9usize;
    let kind_w = 9usize;
    let name_w = (iw.saturating_sub(kind_w + id_w + 2) * 5 / 11).max(8);
    for (n, row) in p.rows.iter().enumerate().skip(offset).take(visible) {
        let y = first + (n - offset) as u16;
        let selected = n == p.selected;
        let base = if selected {
            cx.style("selection")
        } else {
            cx.style("text")
        };
        let dim = if selected { base } else { cx.style("text.dim") };
        let line = Rect {
            x: inner.x,
            y: inner.y + y,
            width: inner.width,
            height: 1,
        };
        frame.buffer_mut().set_style(line, base);
        let marker = if selected { ">" } else { " " };
        let head = format!("{marker}{}", fit(kind_tag(row.rid.kind), kind_w - 2));
        put(frame.buffer_mut(), inner, y, 0, &head, dim);
        put(
            frame.buffer_mut(),
            inner,
            y,
            kind_w as u16,
            &fit(&row.rid.to_string(), id_w),
            base,
        );
        let x = (kind_w + id_w) as u16;
        highlighted(
            cx,
            frame,
            inner,
            y,
            x,
            name_w,
            &row.name,
            &row.name_hits,
            base,
        );
        let dx = x + name_w as u16 + 2;
        let dw = iw.saturating_sub(dx as usize);
        highlighted(
            cx,
            frame,
            inner,
            y,
            dx,
            dw,
            &row.detail,
            &row.detail_hits,
            dim,
        );
    }
    if p.rows.is_empty() && p.error.is_none() && indexed >= total {
        put(
            frame.buffer_mut(),
            inner,
            first,
            1,
            "no matches",
            cx.style("text.dim"),
        );
    }
    let hint = [
        (Action::Submit, "open"),
        (Action::CycleJumpKind, "kind"),
        (Action::Cancel, "close"),
    ]
    .iter()
    .filter_map(|(a, label)| {
        cx.keymap
            .key_for(&["prompt"], *a)
            .map(|k| format!("{k} {label}"))
    })
    .collect::<Vec<_>>()
    .join(" · ");
    let hint = format!("{hint} · ↑↓ select · %company %email %tag %owner · d: t: c: o:");
    put(
        frame.buffer_mut(),
        inner,
        inner.height - 1,
        0,
        &fit(&hint, iw),
        cx.style("form.hint"),
    );
}
