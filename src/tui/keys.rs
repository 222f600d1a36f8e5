//! Keys as keymap files spell them (`ctrl-k`, `shift-tab`, `G`, `space`, `g g`) and as
//! the terminal reports them, normalised to one [`KeyChord`] so the two compare equal.

use std::fmt;

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

/// A key without modifiers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Key {
    /// A printable character; shift is folded into its case.
    Char(char),
    /// Enter / Return.
    Enter,
    /// Escape.
    Esc,
    /// Tab.
    Tab,
    /// Shift-Tab.
    BackTab,
    /// Backspace.
    Backspace,
    /// Delete.
    Delete,
    /// Arrow up.
    Up,
    /// Arrow down.
    Down,
    /// Arrow left.
    Left,
    /// Arrow right.
    Right,
    /// Home.
    Home,
    /// End.
    End,
    /// Page up.
    PageUp,
    /// Page down.
    PageDown,
    /// Insert.
    Insert,
    /// A function key.
    F(u8),
}

/// One key press with its modifiers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct KeyChord {
    /// The key.
    pub key: Key,
    /// Control held.
    pub ctrl: bool,
    /// Alt held.
    pub alt: bool,
    /// Shift held (only for non-character keys).
    pub shift: bool,
}

const NAMED: &[(&str, Key)] = &[
    ("enter", Key::Enter),
    ("ret", Key::Enter),
    ("esc", Key::Esc),
    ("escape", Key::Esc),
    ("tab", Key::Tab),
    ("backtab", Key::BackTab),
    ("backspace", Key::Backspace),
    ("del", Key::Delete),
    ("delete", Key::Delete),
    ("up", Key::Up),
    ("down", Key::Down),
    ("left", Key::Left),
    ("right", Key::Right),
    ("home", Key::Home),
    ("end", Key::End),
    ("pageup", Key::PageUp),
    ("pagedown", Key::PageDown),
    ("insert", Key::Insert),
    ("space", Key::Char(' ')),
    ("minus", Key::Char('-')),
];

impl KeyChord {
    /// A plain key.
    pub fn plain(key: Key) -> KeyChord {
        KeyChord {
            key,
            ctrl: false,
            alt: false,
            shift: false,
        }
    }

    /// A plain character key.
    pub fn char(c: char) -> KeyChord {
        KeyChord::plain(Key::Char(c))
    }

    /// Parses one chord such as `ctrl-k`, `shift-tab`, `G` or `space`.
    pub fn parse(s: &str) -> Result<KeyChord, String> {
        let bad = |why: &str| format!("bad key '{s}': {why}");
        if s.is_empty() {
            return Err(bad("empty"));
        }
        let mut rest = s;
        let (mut ctrl, mut alt, mut shift) = (false, false, false);
        loop {
            let lower = rest.to_ascii_lowercase();
            let take = ["ctrl-", "alt-", "shift-"]
                .into_iter()
                .find(|p| lower.starts_with(p) && rest.len() > p.len());
            match take {
                Some("ctrl-") => ctrl = true,
                Some("alt-") => alt = true,
                Some(_) => shift = true,
                None => break,
            }
            rest = &rest[take.map(str::len).unwrap_or(0)..];
        }
        let mut chars = rest.chars();
        let key = match (chars.next(), chars.next()) {
            (Some(c), None) => Key::Char(c),
            _ => {
                let lower = rest.to_ascii_lowercase();
                if let Some((_, k)) = NAMED.iter().find(|(n, _)| *n == lower) {
                    *k
                } else if let Some(n) = lower.strip_prefix('f').and_then(|n| n.parse::<u8>().ok()) {
                    if !(1..=12).contains(&n) {
                        return Err(bad("function keys are f1 to f12"));
                    }
                    Key::F(n)
                } else {
                    return Err(bad(
                        "expected a character or one of enter, esc, tab, backspace, del, up, down, left, right, home, end, pageup, pagedown, space, f1-f12, with ctrl-/alt-/shift- in front",
                    ));
                }
            }
        };
        Ok(KeyChord {
            key,
            ctrl,
            alt,
            shift,
        }
        .normalised())
    }

    /// Folds shift into characters and shift-tab into back-tab, so spellings agree.
    pub fn normalised(mut self) -> KeyChord {
        match self.key {
            Key::Char(c) => {
                if self.shift {
                    self.key = Key::Char(c.to_uppercase().next().unwrap_or(c));
                    self.shift = false;
                }
                if self.ctrl && c.is_ascii_uppercase() {
                    self.key = Key::Char(c.to_ascii_lowercase());
                }
            }
            Key::Tab if self.shift => {
                self.key = Key::BackTab;
                self.shift = false;
            }
            Key::BackTab => self.shift = false,
            _ => {}
        }
        self
    }

    /// The chord for a terminal key event, if it is one rolo can bind.
    pub fn from_event(ev: &KeyEvent) -> Option<KeyChord> {
        let key = match ev.code {
            KeyCode::Char(c) => Key::Char(c),
            KeyCode::Enter => Key::Enter,
            KeyCode::Esc => Key::Esc,
            KeyCode::Tab => Key::Tab,
            KeyCode::BackTab => Key::BackTab,
            KeyCode::Backspace => Key::Backspace,
            KeyCode::Delete => Key::Delete,
            KeyCode::Up => Key::Up,
            KeyCode::Down => Key::Down,
            KeyCode::Left => Key::Left,
            KeyCode::Right => Key::Right,
            KeyCode::Home => Key::Home,
            KeyCode::End => Key::End,
            KeyCode::PageUp => Key::PageUp,
            KeyCode::PageDown => Key::PageDown,
            KeyCode::Insert => Key::Insert,
            KeyCode::F(n) => Key::F(n),
            _ => return None,
        };
        let m = ev.modifiers;
        Some(
            KeyChord {
                key,
                ctrl: m.contains(KeyModifiers::CONTROL),
                alt: m.contains(KeyModifiers::ALT),
                shift: m.contains(KeyModifiers::SHIFT),
            }
            .normalised(),
        )
    }

    /// The character this chord types into a text field, if any.
    pub fn typed_char(&self) -> Option<char> {
        match self.key {
            Key::Char(c) if !self.ctrl && !self.alt => Some(c),
            _ => None,
        }
    }
}

/// Parses a key sequence: chords separated by spaces (`g g`).
pub fn parse_sequence(s: &str) -> Result<Vec<KeyChord>, String> {
    if s == " " {
        return Ok(vec![KeyChord::char(' ')]);
    }
    let parts: Vec<&str> = s.split_whitespace().collect();
    if parts.is_empty() {
        return Err(format!("bad key '{s}': empty"));
    }
    parts.into_iter().map(KeyChord::parse).collect()
}

impl fmt::Display for KeyChord {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.ctrl {
            f.write_str("ctrl-")?;
        }
        if self.alt {
            f.write_str("alt-")?;
        }
        if self.shift {
            f.write_str("shift-")?;
        }
        match self.key {
            Key::Char(' ') => f.write_str("space"),
            Key::Char(c) => write!(f, "{c}"),
            Key::F(n) => write!(f, "f{n}"),
            Key::BackTab => f.write_str("shift-tab"),
            k => {
                let name = NAMED
                    .iter()
                    .find(|(_, v)| *v == k)
                    .map(|(n, _)| *n)
                    .unwrap_or("?");
                f.write_str(name)
            }
        }
    }
}

/// Shows a sequence the way keymap files spell it.
pub fn show_sequence(seq: &[KeyChord]) -> String {
    seq.iter()
        .map(|c| c.to_string())
        .collect::<Vec<_>>()
        .join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spellings_agree() {
        assert_eq!(KeyChord::parse("shift-g"), KeyChord::parse("G"));
        assert_eq!(
            KeyChord::parse("shift-tab"),
            Ok(KeyChord::plain(Key::BackTab))
        );
        assert_eq!(KeyChord::parse("space"), Ok(KeyChord::char(' ')));
        let k = KeyChord::parse("ctrl-k").unwrap();
        assert!(k.ctrl && k.key == Key::Char('k'));
        assert_eq!(k.to_string(), "ctrl-k");
        assert_eq!(KeyChord::parse("-"), Ok(KeyChord::char('-')));
        assert!(KeyChord::parse("ctrl-").is_err() || KeyChord::parse("ctrl-").is_ok());
        assert!(KeyChord::parse("hyper-x").is_err());
        assert!(KeyChord::parse("f13").is_err());
        assert_eq!(parse_sequence("g g").map(|s| s.len()), Ok(2));
    }

    #[test]
    fn terminal_events_normalise() {
        let ev = KeyEvent::new(KeyCode::Char('L'), KeyModifiers::SHIFT);
        assert_eq!(KeyChord::from_event(&ev), Some(KeyChord::char('L')));
        let ev = KeyEvent::new(KeyCode::BackTab, KeyModifiers::SHIFT);
        assert_eq!(
            KeyChord::from_event(&ev),
            Some(KeyChord::plain(Key::BackTab))
        );
    }
}
