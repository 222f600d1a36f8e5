//! Help generated from the active keymap: the keys of the current mode, then the global
//! ones, each with its action's description.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::widgets::Clear;

use super::text::{fit, put};
use super::{Ctx, centered};
use crate::tui::layer::Layer;

/// What a `:` command printed, scrollable.
pub(super) fn output(
    cx: &Ctx,
    frame: &mut Frame,
    body: Rect,
    title: &str,
    text: &str,
    scroll: usize,
) {
    let lines: Vec<&str> = text.lines().collect();
    let widest = lines
        .iter()
        .map(|l| super::text::width(&super::text::clean(l)))
        .max()
        .unwrap_or(0);
    let area = centered(
        body,
        (widest as u16).saturating_add(4).max(40),
        (lines.len() as u16).saturating_add(2),
    );
    frame.render_widget(Clear, area);
    let block = cx.block(format!(": {}", super::text::clean(title)), true);
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let buf = frame.buffer_mut();
    let scroll = scroll.min(lines.len().saturating_sub(inner.height as usize));
    for (i, line) in lines
        .iter()
        .skip(scroll)
        .take(inner.height as usize)
        .enumerate()
    {
        put(buf, inner, i as u16, 1, line, cx.style("text"));
    }
}

pub(super) fn render(cx: &Ctx, frame: &mut Frame, body: Rect, scroll: usize) {
    let m = cx.m;
    // The modes under the help layer.
    let below: Vec<&str> = match m
        .layers
        .iter()
        .rev()
        .find(|l| !matches!(l, Layer::Help { .. }))
    {
        Some(l) => l.modes().to_vec(),
        None => vec![m.screen.name(), "global"],
    };
    let mut lines: Vec<(String, String, String)> = Vec::new();
    for mode in &below {
        let b = cx.keymap.bindings(mode);
        if b.is_empty() {
            continue;
        }
        lines.push((format!("[{mode}]"), String::new(), String::new()));
        for (keys, action) in b {
            lines.push((keys, action.to_string(), action.doc().to_string()));
        }
        lines.push((String::new(), String::new(), String::new()));
    }
    let area = centered(body, 100, body.height);
    frame.render_widget(Clear, area);
    let block = cx.block("Help · keys from the active keymap".into(), true);
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let buf = frame.buffer_mut();
    let w = inner.width as usize;
    let scroll = scroll.min(lines.len().saturating_sub(1));
    for (i, (keys, name, doc)) in lines
        .iter()
        .skip(scroll)
        .take(inner.height as usize)
        .enumerate()
    {
        let y = i as u16;
        if name.is_empty() {
            put(buf, inner, y, 0, keys, cx.style("group"));
            continue;
        }
        let x = put(buf, inner, y, 1, &fit(keys, 18), cx.style("help.key"));
        let x = put(buf, inner, y, x + 1, &fit(name, 20), cx.style("text.dim"));
        put(
            buf,
            inner,
            y,
            x + 1,
            &fit(doc, w.saturating_sub(x as usize + 1)),
            cx.style("text"),
        );
    }
}
