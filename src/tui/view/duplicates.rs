//! The Duplicates screen: candidate pairs with their score and reasons.

use crate::model::words::plural;
use ratatui::Frame;
use ratatui::layout::Rect;

use super::Ctx;
use super::text::put;
use crate::model::text::sanitize;

/// Draws the Duplicates screen.
pub fn render(cx: &Ctx, frame: &mut Frame, area: Rect, focused: bool) {
    let v = &cx.m.duplicates;
    let what = if v.companies { "company" } else { "contact" };
    let block = cx.block(
        format!(
            "Duplicates · {}",
            plural(v.pairs.len(), &format!("candidate {what} pair"))
        ),
        focused,
    );
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let buf = frame.buffer_mut();
    if v.pairs.is_empty() {
        put(
            buf,
            inner,
            0,
            1,
            &format!("no likely duplicate {what}"),
            cx.style("text.dim"),
        );
        return;
    }
    let visible = inner.height as usize;
    let first = v.selected.saturating_sub(visible.saturating_sub(1));
    for (row, (i, p)) in v
        .pairs
        .iter()
        .enumerate()
        .skip(first)
        .take(visible)
        .enumerate()
    {
        let selected = i == v.selected;
        let style = if selected {
            cx.style("selection")
        } else {
            cx.style("text")
        };
        if selected {
            buf.set_style(
                Rect {
                    y: inner.y + row as u16,
                    height: 1,
                    ..inner
                },
                style,
            );
        }
        let line = format!(
            "{} {:>3.0}%  {} {}  ←  {} {}   {}",
            if selected { ">" } else { " " },
            p.score * 100.0,
            p.keep,
            sanitize(&p.keep_label),
            p.other,
            sanitize(&p.other_label),
            sanitize(&p.reasons.join(", "))
        );
        put(buf, inner, row as u16, 0, &line, style);
    }
}
