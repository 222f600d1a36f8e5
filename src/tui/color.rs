//! Colours in theme files: palette names, ANSI names, `#rrggbb` and 0–255 indexes, and
//! the fallback from truecolor or 256 colours to the nearest of the 16 ANSI colours.

use std::collections::BTreeMap;

use ratatui::style::Color;

/// Parses a colour: a palette name, an ANSI name, `#rrggbb` or an index 0–255.
pub fn parse_color(s: &str, palette: &BTreeMap<String, Color>) -> Result<Color, String> {
    if let Some(c) = palette.get(s) {
        return Ok(*c);
    }
    let named = [
        ("reset", Color::Reset),
        ("black", Color::Black),
        ("red", Color::Red),
        ("green", Color::Green),
        ("yellow", Color::Yellow),
        ("blue", Color::Blue),
        ("magenta", Color::Magenta),
        ("cyan", Color::Cyan),
        ("gray", Color::Gray),
        ("dark_gray", Color::DarkGray),
        ("light_red", Color::LightRed),
        ("light_green", Color::LightGreen),
        ("light_yellow", Color::LightYellow),
        ("light_blue", Color::LightBlue),
        ("light_magenta", Color::LightMagenta),
        ("light_cyan", Color::LightCyan),
        ("white", Color::White),
    ];
    if let Some((_, c)) = named.iter().find(|(n, _)| *n == s) {
        return Ok(*c);
    }
    if let Some(hex) = s.strip_prefix('#')
        && hex.len() == 6
        && let Ok(v) = u32::from_str_radix(hex, 16)
    {
        return Ok(Color::Rgb((v >> 16) as u8, (v >> 8) as u8, v as u8));
    }
    if let Ok(i) = s.parse::<u8>() {
        return Ok(Color::Indexed(i));
    }
    Err(format!(
        "unknown colour '{s}'; use a palette name, an ANSI name (red, light_blue...), #rrggbb or 0-255"
    ))
}

/// The nearest of the 16 ANSI colours for a truecolor or 256-colour value.
pub fn to_ansi(c: Color) -> Color {
    let (r, g, b) = match c {
        Color::Rgb(r, g, b) => (r, g, b),
        Color::Indexed(i) if i >= 16 => indexed_rgb(i),
        other => return other,
    };
    const ANSI: [(Color, (u8, u8, u8)); 16] = [
        (Color::Black, (0, 0, 0)),
        (Color::Red, (170, 0, 0)),
        (Color::Green, (0, 170, 0)),
        (Color::Yellow, (170, 85, 0)),
        (Color::Blue, (0, 0, 170)),
        (Color::Magenta, (170, 0, 170)),
        (Color::Cyan, (0, 170, 170)),
        (Color::Gray, (170, 170, 170)),
        (Color::DarkGray, (85, 85, 85)),
        (Color::LightRed, (255, 85, 85)),
        (Color::LightGreen, (85, 255, 85)),
        (Color::LightYellow, (255, 255, 85)),
        (Color::LightBlue, (85, 85, 255)),
        (Color::LightMagenta, (255, 85, 255)),
        (Color::LightCyan, (85, 255, 255)),
        (Color::White, (255, 255, 255)),
    ];
    let d = |(x, y, z): (u8, u8, u8)| {
        let f = |a: u8, b: u8| (a as i32 - b as i32).pow(2);
        f(x, r) + f(y, g) + f(z, b)
    };
    ANSI.iter()
        .min_by_key(|(_, rgb)| d(*rgb))
        .map(|(c, _)| *c)
        .unwrap_or(Color::Reset)
}

fn indexed_rgb(i: u8) -> (u8, u8, u8) {
    if i >= 232 {
        let v = 8 + (i - 232) * 10;
        return (v, v, v);
    }
    let i = i - 16;
    let step = |v: u8| if v == 0 { 0 } else { 55 + v * 40 };
    (step(i / 36), step((i / 6) % 6), step(i % 6))
}
