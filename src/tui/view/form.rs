//! Forms and prompts as centred popups: a label and input per field, the inline error
//! under a field, completions under the focused one, and the cursor placed in the input.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::widgets::Clear;

use super::text::{clean, fit, put, width};
use super::{Ctx, centered};
use crate::tui::action::Action;
use crate::tui::form::{Form, suggestions};
use crate::tui::layer::Prompt;

const LABEL_W: u16 = 14;

pub(super) fn hints(cx: &Ctx, mode: &str, actions: &[Action]) -> String {
    actions
        .iter()
        .filter_map(|a| {
            cx.keymap
                .key_for(&[mode], *a)
                .map(|k| format!("{k} {}", a.label()))
        })
        .collect::<Vec<_>>()
        .join(" · ")
}

/// Breaks `text` into lines of at most `w` columns at spaces (a longer word is cut).
pub(super) fn wrap(text: &str, w: usize) -> Vec<String> {
    let mut lines = Vec::new();
    let mut line = String::new();
    for word in text.split(' ') {
        let needed = width(&line) + usize::from(!line.is_empty()) + width(word);
        if !line.is_empty() && needed > w {
            lines.push(std::mem::take(&mut line));
        }
        if !line.is_empty() {
            line.push(' ');
        }
        line.push_str(word);
    }
    if !line.is_empty() || lines.is_empty() {
        lines.push(line);
    }
    lines.into_iter().map(|l| fit(&l, w)).collect()
}

/// Draws `input` in `w` columns with the cursor kept visible; returns the cursor column.
fn input_line(
    cx: &Ctx,
    frame: &mut Frame,
    area: Rect,
    y: u16,
    x: u16,
    input: &tui_input::Input,
    focused: bool,
) -> u16 {
    let w = area.width.saturating_sub(x + 1) as usize;
    let scroll = input.visual_scroll(w.max(1));
    let value = clean(input.value());
    let shown: String = {
        let mut skipped = 0;
        let mut out = String::new();
        for c in value.chars() {
            let cw = width(&c.to_string());
            if skipped < scroll {
                skipped += cw;
                continue;
            }
            out.push(c);
        }
        out
    };
    let style = if focused {
        cx.style("form.focus")
    } else {
        cx.style("text")
    };
    put(
        frame.buffer_mut(),
        area,
        y,
        x,
        &fit(&shown, w),
        style.add_modifier(ratatui::style::Modifier::UNDERLINED),
    );
    let cursor = (input.visual_cursor().saturating_sub(scroll)) as u16;
    x + cursor.min(w as u16)
}

pub(super) fn render(cx: &Ctx, frame: &mut Frame, body: Rect, f: &Form) {
    // Field errors wrap under their input (an ambiguous name lists the candidates).
    let err_w = (body.width.min(72).saturating_sub(2 + LABEL_W + 1)).max(8) as usize;
    let errors: Vec<Vec<String>> = f
        .fields
        .iter()
        .map(|x| {
            x.error
                .as_ref()
                .map(|e| wrap(&clean(&format!("! {e}")), err_w))
                .unwrap_or_default()
        })
        .collect();
    let mut lines: u16 = f.fields.len() as u16;
    lines += errors.iter().map(Vec::len).sum::<usize>() as u16;
    lines += 2 + 2 * u16::from(f.error.is_some());
    let area = centered(body, 72, lines + 2);
    frame.render_widget(Clear, area);
    let block = cx.block(clean(&f.title).into_owned(), true);
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let mut y = 0u16;
    let mut cursor = None;
    let mut suggest_at = None;
    for (i, field) in f.fields.iter().enumerate() {
        if y >= inner.height {
            break;
        }
        let focused = i == f.focus;
        let label_style = if focused {
            cx.style("form.focus")
        } else {
            cx.style("form.label")
        };
        let marker = if focused { ">" } else { " " };
        put(
            frame.buffer_mut(),
            inner,
            y,
            0,
            &fit(&format!("{marker}{}", field.label), LABEL_W as usize),
            label_style,
        );
        let cx_pos = input_line(cx, frame, inner, y, LABEL_W, &field.input, focused);
        if focused {
            cursor = Some((inner.x + cx_pos, inner.y + y));
            suggest_at = Some(y + 1);
        }
        y += 1;
        for line in errors.get(i).into_iter().flatten() {
            put(
                frame.buffer_mut(),
                inner,
                y,
                LABEL_W,
                line,
                cx.style("form.error"),
            );
            if focused {
                suggest_at = Some(y + 1);
            }
            y += 1;
        }
    }
    if let Some(e) = &f.error {
        put(
            frame.buffer_mut(),
            inner,
            y + 1,
            0,
            &fit(&format!("! {e}"), inner.width as usize),
            cx.style("form.error"),
        );
    }
    let hint = hints(
        cx,
        "form",
        &[
            Action::Submit,
            Action::NextField,
            Action::PrevField,
            Action::Cancel,
            Action::ExternalEditor,
        ],
    );
    put(
        frame.buffer_mut(),
        inner,
        inner.height.saturating_sub(1),
        0,
        &fit(&hint, inner.width as usize),
        cx.style("form.hint"),
    );
    if let (Some(field), Some(sy)) = (f.focused(), suggest_at) {
        let list = suggestions(field, &cx.m.data);
        let list: Vec<String> = list.into_iter().filter(|s| s != field.value()).collect();
        if !list.is_empty() && sy < inner.height {
            let text = format!("tab: {}", list.join(" | "));
            let line = Rect {
                x: inner.x + LABEL_W,
                y: inner.y + sy,
                width: inner.width.saturating_sub(LABEL_W),
                height: 1,
            };
            frame.render_widget(Clear, line);
            put(
                frame.buffer_mut(),
                inner,
                sy,
                LABEL_W,
                &fit(&text, line.width as usize),
                cx.style("form.hint"),
            );
        }
    }
    if let Some(pos) = cursor {
        frame.set_cursor_position(pos);
    }
}

pub(super) fn prompt(cx: &Ctx, frame: &mut Frame, body: Rect, p: &Prompt) {
    let area = centered(body, 64, 6);
    frame.render_widget(Clear, area);
    let block = cx.block(clean(&p.title).into_owned(), true);
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let x = input_line(cx, frame, inner, 0, 1, &p.input, true);
    if let Some(e) = &p.error {
        put(
            frame.buffer_mut(),
            inner,
            1,
            1,
            &fit(&format!("! {e}"), inner.width.saturating_sub(1) as usize),
            cx.style("form.error"),
        );
    } else if let Some(h) = &p.hint {
        put(
            frame.buffer_mut(),
            inner,
            1,
            1,
            &fit(h, inner.width.saturating_sub(1) as usize),
            cx.style("form.hint"),
        );
    }
    let hint = hints(cx, "prompt", &[Action::Submit, Action::Cancel]);
    put(
        frame.buffer_mut(),
        inner,
        inner.height.saturating_sub(1),
        1,
        &hint,
        cx.style("form.hint"),
    );
    frame.set_cursor_position((inner.x + x, inner.y));
}
