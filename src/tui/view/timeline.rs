//! The timeline pane and the timeline list shared with detail views: time, kind, who,
//! subject or event summary, newest first.

use ratatui::Frame;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;

use super::Ctx;
use super::text::{fit, put};
use crate::tui::timeline::{ItemKind, TimelineItem};

pub(super) fn render(cx: &Ctx, frame: &mut Frame, area: Rect, focused: bool) {
    let m = cx.m;
    let tl = &m.timeline;
    let scope = match m.timeline_scope() {
        Some(rid) if tl.follow => m.data.label(rid),
        _ if tl.follow => "nothing selected".into(),
        _ => "everything".into(),
    };
    let block = cx.block(
        format!(
            "Timeline · {} · {}",
            super::text::clean(&scope),
            tl.filter.label()
        ),
        focused,
    );
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let items = tl.visible();
    let h = inner.height as usize;
    let mut offset = tl.offset.get();
    if tl.selected < offset {
        offset = tl.selected;
    } else if tl.selected >= offset + h {
        offset = tl.selected + 1 - h;
    }
    tl.offset.set(offset);
    let sel = focused.then_some(tl.selected);
    list(cx, frame.buffer_mut(), inner, &items, offset, sel);
}

/// Draws timeline rows from `offset`, marking `selected`.
pub(super) fn list(
    cx: &Ctx,
    buf: &mut Buffer,
    area: Rect,
    items: &[&TimelineItem],
    offset: usize,
    selected: Option<usize>,
) {
    if items.is_empty() {
        put(buf, area, 0, 1, "no activity yet", cx.style("text.dim"));
        return;
    }
    let w = area.width as usize;
    let today = cx.m.today();
    for (i, item) in items
        .iter()
        .enumerate()
        .skip(offset)
        .take(area.height as usize)
    {
        let y = (i - offset) as u16;
        let sel = selected == Some(i);
        let style = if sel {
            cx.style("selection")
        } else {
            cx.style("text")
        };
        buf.set_style(
            Rect {
                x: area.x,
                y: area.y + y,
                width: area.width,
                height: 1,
            },
            style,
        );
        let day = item.at.date_naive();
        let when = if day == today {
            item.at.format("%H:%M").to_string()
        } else {
            item.at.format("%b %d").to_string()
        };
        let kind_style = match item.kind {
            ItemKind::System => cx.style("text.dim"),
            ItemKind::Activity(_) => cx.style("header"),
        };
        let kind_style = if sel {
            kind_style.patch(cx.style("selection"))
        } else {
            kind_style
        };
        let mut x = put(buf, area, y, 0, if sel { ">" } else { " " }, style);
        x = put(buf, area, y, x, &fit(&when, 7), style);
        x = put(buf, area, y, x, &fit(item.kind.tag(), 8), kind_style);
        x = put(buf, area, y, x, &fit(&item.who, 8.min(w / 6)), style);
        put(
            buf,
            area,
            y,
            x + 1,
            &fit(&item.text, w.saturating_sub(x as usize + 1)),
            style,
        );
    }
}
