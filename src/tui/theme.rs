//! Themes: TOML files with a `[palette]`, an optional `inherits`, and `[styles]` keyed by
//! dotted roles that fall back (`card.rotting` → `card` → `text`). The shipped themes are
//! embedded; NO_COLOR selects `mono`; truecolor falls back to the 16 ANSI colours when the
//! terminal does not advertise it.

use std::collections::BTreeMap;
use std::path::Path;

use ratatui::style::{Color, Modifier, Style};

use super::color::{parse_color, to_ansi};
use super::keymap::ConfigError;

/// The shipped themes, by name.
pub const SHIPPED: &[(&str, &str)] = &[
    ("dark", include_str!("../../themes/dark.toml")),
    ("light", include_str!("../../themes/light.toml")),
    (
        "high-contrast",
        include_str!("../../themes/high-contrast.toml"),
    ),
    ("mono", include_str!("../../themes/mono.toml")),
];

/// Every role the views ask for; a theme may style any of them.
pub const ROLES: &[&str] = &[
    "text",
    "text.dim",
    "border",
    "border.focus",
    "title",
    "tab",
    "tab.active",
    "status",
    "status.error",
    "status.busy",
    "selection",
    "header",
    "card",
    "card.title",
    "card.rotting",
    "card.no_next",
    "card.ticket",
    "due.overdue",
    "due.today",
    "group",
    "ticket",
    "ticket.breached",
    "ticket.soon",
    "ticket.paused",
    "ticket.met",
    "form.label",
    "form.error",
    "form.focus",
    "form.hint",
    "help.key",
    "welcome",
    "match",
];

/// A resolved theme: a style per role.
#[derive(Debug, Clone, Default)]
pub struct Theme {
    /// The theme's name.
    pub name: String,
    styles: BTreeMap<String, Style>,
}

/// Where a terminal stands on colour.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ColorSupport {
    /// NO_COLOR is set: use mono whatever was asked.
    pub no_color: bool,
    /// COLORTERM says truecolor or 24bit.
    pub truecolor: bool,
}

impl ColorSupport {
    /// Reads NO_COLOR and COLORTERM.
    pub fn from_env() -> ColorSupport {
        let no_color = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
        let truecolor = std::env::var("COLORTERM")
            .map(|v| v == "truecolor" || v == "24bit")
            .unwrap_or(false);
        ColorSupport {
            no_color,
            truecolor,
        }
    }
}

impl Theme {
    /// Loads the named theme (a user file `themes/NAME.toml` in `config_dir`, else a
    /// shipped one), honouring NO_COLOR and the terminal's colour depth.
    pub fn load(
        name: Option<&str>,
        config_dir: Option<&Path>,
        support: ColorSupport,
    ) -> Result<Theme, ConfigError> {
        let name = if support.no_color {
            "mono"
        } else {
            name.unwrap_or("dark")
        };
        let mut theme = load_named(name, config_dir, 0)?;
        if !support.truecolor {
            for s in theme.styles.values_mut() {
                s.fg = s.fg.map(to_ansi);
                s.bg = s.bg.map(to_ansi);
            }
        }
        Ok(theme)
    }

    /// The style for a role, falling back along its dots and then to `text`.
    pub fn style(&self, role: &str) -> Style {
        let mut r = role;
        loop {
            if let Some(s) = self.styles.get(r) {
                return *s;
            }
            match r.rfind('.') {
                Some(i) => r = &r[..i],
                None => break,
            }
        }
        self.styles.get("text").copied().unwrap_or_default()
    }
}

fn find_text(name: &str, config_dir: Option<&Path>) -> Option<(String, String)> {
    if let Some(dir) = config_dir {
        let path = dir.join("themes").join(format!("{name}.toml"));
        if let Ok(text) = std::fs::read_to_string(&path) {
            return Some((path.display().to_string(), text));
        }
    }
    SHIPPED
        .iter()
        .find(|(n, _)| *n == name)
        .map(|(n, t)| (format!("themes/{n}.toml"), t.to_string()))
}

fn load_named(name: &str, config_dir: Option<&Path>, depth: usize) -> Result<Theme, ConfigError> {
    let Some((file, text)) = find_text(name, config_dir) else {
        return Err(ConfigError {
            file: "theme setting".into(),
            line: 1,
            reason: format!(
                "unknown theme '{name}'; choose {} or add themes/{name}.toml to the config directory",
                SHIPPED
                    .iter()
                    .map(|(n, _)| *n)
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
        });
    };
    parse(&file, &text, name, |parent| {
        if depth > 8 {
            return Err(ConfigError {
                file: file.clone(),
                line: 1,
                reason: "themes inherit in a loop".into(),
            });
        }
        load_named(parent, config_dir, depth + 1)
    })
}

/// Parses one theme file; `parent` loads the theme it inherits from.
pub fn parse(
    file: &str,
    text: &str,
    name: &str,
    parent: impl FnOnce(&str) -> Result<Theme, ConfigError>,
) -> Result<Theme, ConfigError> {
    let err = |line: usize, reason: String| ConfigError {
        file: file.to_string(),
        line,
        reason,
    };
    let table: toml::Table = text.parse().map_err(|e: toml::de::Error| {
        let line = e
            .span()
            .map(|s| text[..s.start.min(text.len())].matches('\n').count() + 1)
            .unwrap_or(1);
        err(line, e.message().to_string())
    })?;
    let mut theme = match table.get("inherits") {
        Some(toml::Value::String(p)) => parent(p)?,
        Some(_) => {
            return Err(err(
                find_line(text, "inherits"),
                "inherits must be a theme name".into(),
            ));
        }
        None => Theme::default(),
    };
    theme.name = name.to_string();
    let mut palette: BTreeMap<String, Color> = BTreeMap::new();
    if let Some(p) = table.get("palette") {
        let toml::Value::Table(p) = p else {
            return Err(err(
                find_line(text, "palette"),
                "[palette] must be a table".into(),
            ));
        };
        for (k, v) in p {
            let line = find_line(text, k);
            let toml::Value::String(c) = v else {
                return Err(err(line, format!("palette colour '{k}' must be a string")));
            };
            palette.insert(
                k.clone(),
                parse_color(c, &BTreeMap::new()).map_err(|r| err(line, r))?,
            );
        }
    }
    for key in table.keys() {
        if !matches!(key.as_str(), "inherits" | "palette" | "styles") {
            return Err(err(
                find_line(text, key),
                format!("unknown key '{key}'; a theme has inherits, [palette] and [styles]"),
            ));
        }
    }
    if let Some(s) = table.get("styles") {
        let toml::Value::Table(s) = s else {
            return Err(err(
                find_line(text, "styles"),
                "[styles] must be a table".into(),
            ));
        };
        for (role, v) in s {
            let line = find_line(text, role);
            if !ROLES.contains(&role.as_str()) {
                return Err(err(
                    line,
                    format!("unknown role '{role}'; roles are {}", ROLES.join(", ")),
                ));
            }
            let toml::Value::Table(spec) = v else {
                return Err(err(
                    line,
                    format!("'{role}' must be a table like {{ fg = \"cyan\", mods = [\"bold\"] }}"),
                ));
            };
            let style =
                parse_style(spec, &palette).map_err(|r| err(line, format!("{role}: {r}")))?;
            theme.styles.insert(role.clone(), style);
        }
    }
    Ok(theme)
}

fn parse_style(spec: &toml::Table, palette: &BTreeMap<String, Color>) -> Result<Style, String> {
    let mut style = Style::default();
    for (k, v) in spec {
        match (k.as_str(), v) {
            ("fg", toml::Value::String(c)) => style = style.fg(parse_color(c, palette)?),
            ("bg", toml::Value::String(c)) => style = style.bg(parse_color(c, palette)?),
            ("mods", toml::Value::Array(mods)) => {
                for m in mods {
                    let name = m.as_str().unwrap_or("");
                    style = style.add_modifier(parse_modifier(name)?);
                }
            }
            _ => {
                return Err(format!(
                    "unknown or mistyped '{k}'; use fg = \"colour\", bg = \"colour\", mods = [\"bold\", ...]"
                ));
            }
        }
    }
    Ok(style)
}

fn parse_modifier(name: &str) -> Result<Modifier, String> {
    Ok(match name {
        "bold" => Modifier::BOLD,
        "dim" => Modifier::DIM,
        "italic" => Modifier::ITALIC,
        "underline" | "underlined" => Modifier::UNDERLINED,
        "reverse" | "reversed" => Modifier::REVERSED,
        "crossed_out" => Modifier::CROSSED_OUT,
        other => {
            return Err(format!(
                "unknown modifier '{other}'; use bold, dim, italic, underline, reversed, crossed_out"
            ));
        }
    })
}

fn find_line(text: &str, key: &str) -> usize {
    for (i, raw) in text.lines().enumerate() {
        let line = raw.trim().trim_start_matches('[');
        let line = line.trim_start_matches('"');
        if let Some(rest) = line.strip_prefix(key)
            && rest.starts_with(['"', ' ', '=', ']'])
        {
            return i + 1;
        }
    }
    1
}

#[cfg(test)]
mod tests {
    use super::*;

    const COLOR: ColorSupport = ColorSupport {
        no_color: false,
        truecolor: true,
    };

    #[test]
    fn shipped_themes_load_and_fall_back() {
        for (name, _) in SHIPPED {
            let t = Theme::load(Some(name), None, COLOR).unwrap_or_else(|e| panic!("{e}"));
            assert!(
                t.style("selection")
                    .add_modifier
                    .intersects(Modifier::REVERSED | Modifier::BOLD),
                "{name}"
            );
        }
        let t = Theme::load(Some("dark"), None, COLOR).unwrap();
        assert_eq!(t.style("card.rotting.extra"), t.style("card.rotting"));
        let mono = Theme::load(
            Some("dark"),
            None,
            ColorSupport {
                no_color: true,
                truecolor: true,
            },
        )
        .unwrap();
        assert_eq!(mono.name, "mono");
        for role in ROLES {
            let s = mono.style(role);
            assert!(s.fg.is_none() && s.bg.is_none(), "{role}");
        }
    }

    #[test]
    fn bad_theme_names_line_and_truecolor_falls_back() {
        let e = parse(
            "t.toml",
            "[styles]\ntext = {}\n\"card.rot\" = { fg = \"red\" }\n",
            "t",
            |_| Ok(Theme::default()),
        )
        .unwrap_err();
        assert_eq!(e.line, 3, "{e}");
        let e = parse(
            "t.toml",
            "[styles]\ntext = { fg = \"puce\" }\n",
            "t",
            |_| Ok(Theme::default()),
        )
        .unwrap_err();
        assert!(
            e.to_string().starts_with("t.toml:2: text: unknown colour"),
            "{e}"
        );
        assert_eq!(to_ansi(Color::Rgb(250, 10, 10)), Color::Red);
        assert_eq!(to_ansi(Color::Rgb(255, 90, 90)), Color::LightRed);
        assert_eq!(to_ansi(Color::Cyan), Color::Cyan);
    }
}
