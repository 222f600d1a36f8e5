//! Keymaps: TOML files with one table per mode mapping keys to action names. The shipped
//! files are embedded; a preset (vim, emacs) and then the user's `keymap.toml` are merged
//! over the defaults key by key. Every problem names the file, the line and the reason.

use std::collections::BTreeMap;
use std::fmt;
use std::path::Path;

use super::action::Action;
use super::keys::{KeyChord, parse_sequence, show_sequence};

/// The modes a keymap file may hold tables for.
pub const MODES: &[&str] = &[
    "global",
    "pipeline",
    "contacts",
    "companies",
    "today",
    "timeline",
    "reports",
    "automation",
    "duplicates",
    "tickets",
    "detail",
    "form",
    "prompt",
    "menu",
    "help",
];

/// The shipped keymaps, by name.
pub const SHIPPED: &[(&str, &str)] = &[
    ("default", include_str!("../../keymaps/default.toml")),
    ("vim", include_str!("../../keymaps/vim.toml")),
    ("emacs", include_str!("../../keymaps/emacs.toml")),
];

/// A configuration file problem: file, line and reason.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConfigError {
    /// The file, as shown to the user.
    pub file: String,
    /// The 1-based line.
    pub line: usize,
    /// What is wrong and what to do.
    pub reason: String,
}

impl fmt::Display for ConfigError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}: {}", self.file, self.line, self.reason)
    }
}

impl std::error::Error for ConfigError {}

#[derive(Debug, Clone)]
struct Binding {
    action: Action,
    file: String,
    line: usize,
}

/// The merged keymap: per mode, key sequences to actions.
#[derive(Debug, Clone, Default)]
pub struct Keymap {
    modes: BTreeMap<String, BTreeMap<Vec<KeyChord>, Binding>>,
    /// The files merged, in order.
    pub sources: Vec<String>,
}

/// What a key (sequence) means in the active modes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lookup {
    /// A bound action.
    Action(Action),
    /// The start of a longer sequence: wait for the next key.
    Pending,
    /// Nothing bound.
    Unbound,
}

impl Keymap {
    /// The default keymap, overlaid with the named preset and the user's `keymap.toml`
    /// from `config_dir` when present.
    pub fn load(preset: Option<&str>, config_dir: Option<&Path>) -> Result<Keymap, ConfigError> {
        let mut km = Keymap::default();
        km.merge("keymaps/default.toml", SHIPPED[0].1)?;
        if let Some(name) = preset.filter(|p| *p != "default") {
            let Some((_, text)) = SHIPPED.iter().find(|(n, _)| *n == name) else {
                return Err(ConfigError {
                    file: "keymap setting".into(),
                    line: 1,
                    reason: format!("unknown keymap '{name}'; choose default, vim or emacs"),
                });
            };
            km.merge(&format!("keymaps/{name}.toml"), text)?;
        }
        if let Some(dir) = config_dir {
            let path = dir.join("keymap.toml");
            if let Ok(text) = std::fs::read_to_string(&path) {
                km.merge(&path.display().to_string(), &text)?;
            }
        }
        km.check_prefixes()?;
        Ok(km)
    }

    /// Merges one file's bindings over the current ones, key by key.
    pub fn merge(&mut self, file: &str, text: &str) -> Result<(), ConfigError> {
        let err = |line: usize, reason: String| ConfigError {
            file: file.to_string(),
            line,
            reason,
        };
        let table: toml::Table = text.parse().map_err(|e: toml::de::Error| {
            let line = e.span().map(|s| line_of(text, s.start)).unwrap_or(1);
            err(line, e.message().to_string())
        })?;
        for (mode, value) in &table {
            let mode_line = locate(text, None, mode);
            if !MODES.contains(&mode.as_str()) {
                return Err(err(
                    mode_line,
                    format!("unknown mode [{mode}]; modes are {}", MODES.join(", ")),
                ));
            }
            let toml::Value::Table(keys) = value else {
                return Err(err(
                    mode_line,
                    format!("[{mode}] must be a table of key = \"action\""),
                ));
            };
            let mut seen: BTreeMap<Vec<KeyChord>, (String, usize)> = BTreeMap::new();
            for (key, action) in keys {
                let line = locate(text, Some(mode), key);
                let seq = parse_sequence(key).map_err(|r| err(line, r))?;
                if let Some((other, other_line)) = seen.get(&seq) {
                    return Err(err(
                        line,
                        format!(
                            "conflict: '{key}' is the same key as '{other}' on line {other_line} in [{mode}]"
                        ),
                    ));
                }
                seen.insert(seq.clone(), (key.clone(), line));
                let toml::Value::String(name) = action else {
                    return Err(err(
                        line,
                        format!("'{key}': the action must be a string such as \"quit\""),
                    ));
                };
                let table = self.modes.entry(mode.clone()).or_default();
                if name == "none" {
                    table.remove(&seq);
                    continue;
                }
                let action = Action::parse(name).map_err(|r| err(line, r))?;
                table.insert(
                    seq,
                    Binding {
                        action,
                        file: file.to_string(),
                        line,
                    },
                );
            }
        }
        self.sources.push(file.to_string());
        Ok(())
    }

    fn check_prefixes(&self) -> Result<(), ConfigError> {
        for (mode, table) in &self.modes {
            for (seq, b) in table {
                for n in 1..seq.len() {
                    if let Some(short) = table.get(&seq[..n]) {
                        let later = if short.file == b.file && short.line > b.line {
                            short
                        } else {
                            b
                        };
                        return Err(ConfigError {
                            file: later.file.clone(),
                            line: later.line,
                            reason: format!(
                                "conflict in [{mode}]: '{}' is bound and also starts '{}'; unbind one with \"none\"",
                                show_sequence(&seq[..n]),
                                show_sequence(seq)
                            ),
                        });
                    }
                }
            }
        }
        Ok(())
    }

    /// Looks a key sequence up in `modes`, first match wins.
    pub fn lookup(&self, modes: &[&str], seq: &[KeyChord]) -> Lookup {
        for mode in modes {
            let Some(table) = self.modes.get(*mode) else {
                continue;
            };
            if let Some(b) = table.get(seq) {
                return Lookup::Action(b.action);
            }
            if table
                .keys()
                .any(|k| k.len() > seq.len() && k.starts_with(seq))
            {
                return Lookup::Pending;
            }
        }
        Lookup::Unbound
    }

    /// The first key bound to `action` in `modes`, as the user would type it.
    pub fn key_for(&self, modes: &[&str], action: Action) -> Option<String> {
        for mode in modes {
            let Some(table) = self.modes.get(*mode) else {
                continue;
            };
            let best = table
                .iter()
                .filter(|(s, b)| {
                    b.action == action && self.lookup(modes, s) == Lookup::Action(action)
                })
                .map(|(s, _)| show_sequence(s))
                .min_by_key(|k| {
                    (
                        k.contains("ctrl-") || k.contains("alt-"),
                        k.len(),
                        k.clone(),
                    )
                });
            if best.is_some() {
                return best;
            }
        }
        None
    }

    /// A mode's bindings grouped by action: (keys, action), in action order.
    pub fn bindings(&self, mode: &str) -> Vec<(String, Action)> {
        let Some(table) = self.modes.get(mode) else {
            return Vec::new();
        };
        let mut by_action: Vec<(Action, Vec<String>)> = Vec::new();
        for (seq, b) in table {
            match by_action.iter_mut().find(|(a, _)| *a == b.action) {
                Some((_, keys)) => keys.push(show_sequence(seq)),
                None => by_action.push((b.action, vec![show_sequence(seq)])),
            }
        }
        let order = |a: &Action| match a {
            Action::View(s) => 1000 + s.name().len(),
            a => Action::SIMPLE.iter().position(|x| x == a).unwrap_or(999),
        };
        by_action.sort_by_key(|(a, _)| order(a));
        by_action
            .into_iter()
            .map(|(a, keys)| (keys.join(", "), a))
            .collect()
    }

    /// How many bindings there are in all modes.
    pub fn len(&self) -> usize {
        self.modes.values().map(|t| t.len()).sum()
    }

    /// Whether nothing is bound.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

fn line_of(text: &str, byte: usize) -> usize {
    text[..byte.min(text.len())].matches('\n').count() + 1
}

/// Finds the line of a `[mode]` header (key `None`) or of `key` inside `[mode]`.
fn locate(text: &str, mode: Option<&str>, key: &str) -> usize {
    let mut section = String::new();
    for (i, raw) in text.lines().enumerate() {
        let line = raw.trim();
        if let Some(name) = line.strip_prefix('[').and_then(|l| l.strip_suffix(']')) {
            section = name.trim().to_string();
            if mode.is_none() && section == key {
                return i + 1;
            }
            continue;
        }
        if mode == Some(section.as_str())
            && let Some(k) = line_key(line)
            && k == key
        {
            return i + 1;
        }
    }
    1
}

fn line_key(line: &str) -> Option<String> {
    if let Some(rest) = line.strip_prefix('"') {
        let end = rest.find('"')?;
        return Some(rest[..end].to_string());
    }
    if let Some(rest) = line.strip_prefix('\'') {
        let end = rest.find('\'')?;
        return Some(rest[..end].to_string());
    }
    let eq = line.find('=')?;
    Some(line[..eq].trim().to_string())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tui::action::Screen;

    #[test]
    fn shipped_keymaps_load() {
        for (name, _) in SHIPPED {
            let km = Keymap::load(Some(name), None).unwrap_or_else(|e| panic!("{e}"));
            assert!(km.len() > 40, "{name}");
        }
        let km = Keymap::load(None, None).unwrap();
        let k = |s: &str| parse_sequence(s).unwrap();
        assert_eq!(
            km.lookup(&["pipeline", "global"], &k("L")),
            Lookup::Action(Action::MoveStageNext)
        );
        assert_eq!(
            km.lookup(&["pipeline", "global"], &k("1")),
            Lookup::Action(Action::View(Screen::Pipeline))
        );
        assert_eq!(km.lookup(&["form"], &k("q")), Lookup::Unbound);
    }

    #[test]
    fn user_file_merges_and_errors_name_lines() {
        let mut km = Keymap::load(None, None).unwrap();
        km.merge(
            "keymap.toml",
            "[pipeline]\nL = \"none\"\n\"ctrl-l\" = \"move_stage_next\"\n",
        )
        .unwrap();
        let k = |s: &str| parse_sequence(s).unwrap();
        assert_eq!(
            km.lookup(&["pipeline"], &k("ctrl-l")),
            Lookup::Action(Action::MoveStageNext)
        );
        assert_eq!(km.lookup(&["pipeline"], &k("L")), Lookup::Unbound);

        let e = km
            .clone()
            .merge("u.toml", "[pipeline]\nj = \"down\"\nx = \"fly\"\n")
            .unwrap_err();
        assert_eq!((e.line, e.reason.as_str()), (3, "unknown action 'fly'"));
        let e = km
            .clone()
            .merge("u.toml", "[pipeline]\nG = \"top\"\n\"shift-g\" = \"top\"\n")
            .unwrap_err();
        assert!(e.reason.contains("conflict") && e.line == 3, "{e}");
        let e = km
            .clone()
            .merge("u.toml", "\n[moon]\nj = \"down\"\n")
            .unwrap_err();
        assert_eq!(e.line, 2);
        let e = km
            .clone()
            .merge("u.toml", "[global]\n\"hyper-q\" = \"quit\"\n")
            .unwrap_err();
        assert!(e.to_string().starts_with("u.toml:2: bad key"), "{e}");
        let mut m = km.clone();
        m.merge("u.toml", "[today]\ng = \"top\"\n\"g g\" = \"top\"\n")
            .unwrap();
        assert!(m.check_prefixes().is_err());
    }
}
