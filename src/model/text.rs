//! Text hygiene shared by every face: neutralising control characters so that stored
//! text (an imported name, an email subject) can never drive the user's terminal.

/// Replaces C0 and C1 control characters (ESC, BEL, CSI...) and DEL with visible
/// stand-ins; tabs and newlines become spaces so one record stays on one line.
pub fn sanitize(s: &str) -> std::borrow::Cow<'_, str> {
    if !s.chars().any(needs_replacing) {
        return std::borrow::Cow::Borrowed(s);
    }
    std::borrow::Cow::Owned(
        s.chars()
            .map(|c| match c {
                '\t' | '\n' | '\r' => ' ',
                c if needs_replacing(c) => '\u{FFFD}',
                c => c,
            })
            .collect(),
    )
}

fn needs_replacing(c: char) -> bool {
    c.is_control()
}

/// Trims and collapses inner runs of whitespace.
pub fn tidy(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for word in s.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    out
}

/// Like [`sanitize`] but keeps line breaks, for multi-line text such as a body.
pub fn sanitize_block(s: &str) -> String {
    s.lines()
        .map(|l| sanitize(l).into_owned())
        .collect::<Vec<_>>()
        .join("\n")
}

/// Removes terminal escape sequences whole (CSI `ESC [ ... m`, OSC `ESC ] ... BEL` such
/// as OSC 52 clipboard writes, DCS/APC/PM/SOS strings, their one-byte C1 forms), every
/// other control character except newline and tab, bidirectional overrides and the
/// invisible Unicode tag characters, for text handed to another program (an AI agent)
/// that must get the words and nothing that acts.
pub fn strip_escapes(s: &str) -> std::borrow::Cow<'_, str> {
    if !s.chars().any(|c| c.is_control() || invisible(c)) {
        return std::borrow::Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len());
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\n' | '\t' => out.push(c),
            '\u{1b}' => match chars.next() {
                Some('[') => skip_csi(&mut chars),
                Some(']' | 'P' | 'X' | '^' | '_') => skip_string(&mut chars),
                // Two-byte sequences (ESC 7, ESC c...) and a lone ESC at the end.
                _ => {}
            },
            '\u{9b}' => skip_csi(&mut chars),
            '\u{9d}' | '\u{90}' | '\u{98}' | '\u{9e}' | '\u{9f}' => skip_string(&mut chars),
            c if c.is_control() || invisible(c) => {}
            c => out.push(c),
        }
    }
    std::borrow::Cow::Owned(out)
}

/// Bidirectional overrides and isolates, and the tag block (text a person cannot see).
fn invisible(c: char) -> bool {
    matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}' | '\u{e0000}'..='\u{e007f}')
}

/// Skips a CSI sequence's parameters up to and including its final byte (@ to ~).
fn skip_csi(chars: &mut std::iter::Peekable<std::str::Chars<'_>>) {
    for c in chars.by_ref() {
        if ('@'..='~').contains(&c) {
            break;
        }
    }
}

/// Skips an OSC/DCS/APC string up to its terminator: BEL, ST (`ESC \\` or U+009C).
fn skip_string(chars: &mut std::iter::Peekable<std::str::Chars<'_>>) {
    while let Some(c) = chars.next() {
        match c {
            '\u{7}' | '\u{9c}' => break,
            '\u{1b}' => {
                if chars.peek() == Some(&'\\') {
                    chars.next();
                }
                break;
            }
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escape_sequences_are_neutralised() {
        let evil = "Eve\u{1b}[2J\u{7}\u{9b}31m";
        let clean = sanitize(evil);
        assert!(!clean.chars().any(|c| c.is_control()), "{clean:?}");
        assert!(clean.starts_with("Eve"));
        assert_eq!(sanitize("Müller 李"), "Müller 李");
    }

    #[test]
    fn escape_sequences_are_removed_whole() {
        let osc52 = "pay \u{1b}]52;c;aWdub3Jl\u{7}now \u{1b}[31mred\u{1b}[0m";
        assert_eq!(strip_escapes(osc52), "pay now red");
        assert_eq!(strip_escapes("a\u{1b}]0;title\u{1b}\\b"), "ab");
        assert_eq!(strip_escapes("a\u{9b}2Jb\u{1b}Pq#0\u{1b}\\c"), "abc");
        assert_eq!(strip_escapes("line\nnext\tcol\r\u{0}"), "line\nnext\tcol");
        assert_eq!(strip_escapes("x\u{202e}y\u{e0041}z"), "xyz");
        assert_eq!(strip_escapes("Müller 李"), "Müller 李");
        assert_eq!(strip_escapes("cut \u{1b}]52;c;abc"), "cut ");
    }

    #[test]
    fn tidy_collapses_whitespace() {
        assert_eq!(tidy("  Jane \t  Doe "), "Jane Doe");
    }
}
