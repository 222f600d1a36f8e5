//! The Automation screen: the rules (on/off, trigger, actions) above, their recent
//! firings below.

use crate::model::words::plural;
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};

use super::Ctx;
use super::text::put;
use crate::automation::describe::{then_text, when_text};
use crate::model::text::sanitize;

/// Draws the Automation screen.
pub fn render(cx: &Ctx, frame: &mut Frame, area: Rect, focused: bool) {
    let v = &cx.m.automation;
    let [top, bottom] =
        Layout::vertical([Constraint::Percentage(55), Constraint::Percentage(45)]).areas(area);
    let block = cx.block(
        format!("Automation · {}", plural(v.rules.len(), "rule")),
        focused,
    );
    let inner = block.inner(top);
    frame.render_widget(block, top);
    let buf = frame.buffer_mut();
    if v.rules.is_empty() {
        put(
            buf,
            inner,
            0,
            1,
            "no rules: add one with :rule add NAME --when ... --task ...",
            cx.style("text.dim"),
        );
    }
    let visible = inner.height as usize;
    let first = v.selected.saturating_sub(visible.saturating_sub(1));
    for (row, (i, r)) in v
        .rules
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
        let mark = if selected { ">" } else { " " };
        let state = if r.enabled { "on " } else { "off" };
        let line = format!(
            "{mark} R-{:<3} {state}  {}  ·  when {}  ·  then {}",
            r.id,
            sanitize(&r.name),
            when_text(&r.when),
            sanitize(&then_text(&r.actions))
        );
        let line_style = if r.enabled || selected {
            style
        } else {
            cx.style("text.dim")
        };
        put(buf, inner, row as u16, 0, &line, line_style);
    }

    let block = cx.block("Recent firings".into(), false);
    let inner = block.inner(bottom);
    frame.render_widget(block, bottom);
    let buf = frame.buffer_mut();
    if v.firings.is_empty() {
        put(buf, inner, 0, 1, "no firings yet", cx.style("text.dim"));
    }
    for (row, f) in v.firings.iter().take(inner.height as usize).enumerate() {
        let when = f.at.with_timezone(&chrono::Local).format("%m-%d %H:%M");
        let recs: Vec<String> = f.records.iter().map(|r| r.to_string()).collect();
        let line = format!(
            " r{:<6} {when}  {:<28}  {:<20}  {}",
            f.rev,
            sanitize(&f.rule),
            recs.join(" "),
            sanitize(&f.summary)
        );
        put(buf, inner, row as u16, 0, &line, cx.style("text"));
    }
}
