//! A small menu box: numbered choices, the highlighted one reversed and marked `>`.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::widgets::Clear;

use super::form::hints;
use super::text::{clean, fit, put, width};
use super::{Ctx, centered};
use crate::tui::action::Action;
use crate::tui::menu::Menu;

pub(super) fn render(cx: &Ctx, frame: &mut Frame, body: Rect, menu: &Menu) {
    let widest = menu
        .options
        .iter()
        .map(|(l, _)| width(l) + 6)
        .chain([width(&menu.title) + 4, 30])
        .max()
        .unwrap_or(30);
    let area = centered(body, widest as u16, menu.options.len() as u16 + 3);
    frame.render_widget(Clear, area);
    let block = cx.block(clean(&menu.title).into_owned(), true);
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let buf = frame.buffer_mut();
    let w = inner.width as usize;
    for (i, (label, _)) in menu.options.iter().enumerate() {
        let sel = i == menu.selected;
        let style = if sel {
            cx.style("selection")
        } else {
            cx.style("text")
        };
        let line = format!("{}{} {label}", if sel { "> " } else { "  " }, i + 1);
        put(buf, inner, i as u16, 0, &fit(&line, w), style);
    }
    let hint = hints(cx, "menu", &[Action::Submit, Action::Cancel]);
    put(
        buf,
        inner,
        inner.height.saturating_sub(1),
        1,
        &hint,
        cx.style("form.hint"),
    );
}
