//! Text for the screen: every string from the database passes through [`clean`]
//! (control characters neutralised) and is fitted to columns by display width, so wide
//! characters (CJK, emoji) keep columns aligned.

use std::borrow::Cow;

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Style;
use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};

use crate::model::text::sanitize;

/// Neutralises control characters (ESC, BEL, C0, C1).
pub fn clean(s: &str) -> Cow<'_, str> {
    sanitize(s)
}

/// Display width of a string.
pub fn width(s: &str) -> usize {
    UnicodeWidthStr::width(s)
}

/// Cleans and fits `s` into exactly `w` columns: cut with `…` when too long, padded with
/// spaces when short.
pub fn fit(s: &str, w: usize) -> String {
    let s = clean(s);
    let total = width(&s);
    let mut out = String::new();
    if total <= w {
        out.push_str(&s);
        out.push_str(&" ".repeat(w - total));
        return out;
    }
    if w == 0 {
        return out;
    }
    let mut used = 0;
    for c in s.chars() {
        let cw = c.width().unwrap_or(0);
        if used + cw > w - 1 {
            break;
        }
        out.push(c);
        used += cw;
    }
    out.push('…');
    used += 1;
    out.push_str(&" ".repeat(w.saturating_sub(used)));
    out
}

/// Fits `s` into `w` columns, aligned right.
pub fn fit_right(s: &str, w: usize) -> String {
    let s = clean(s);
    let n = width(&s);
    if n >= w {
        fit(&s, w)
    } else {
        format!("{}{s}", " ".repeat(w - n))
    }
}

/// Writes `s` (cleaned, cut to the area's width) at the start of row `y` of `area`.
pub fn put(buf: &mut Buffer, area: Rect, y: u16, x: u16, s: &str, style: Style) -> u16 {
    if y >= area.height || x >= area.width {
        return x;
    }
    let max = (area.width - x) as usize;
    let (end, _) = buf.set_stringn(area.x + x, area.y + y, clean(s), max, style);
    end - area.x
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fits_wide_text_and_strips_escapes() {
        assert_eq!(fit("abc", 5), "abc  ");
        assert_eq!(fit("abcdef", 4), "abc…");
        assert_eq!(width(&fit("李小龍先生", 6)), 6);
        assert_eq!(width(&fit("李小龍", 5)), 5);
        assert!(!fit("a\u{1b}[31mb", 10).contains('\u{1b}'));
    }
}
