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
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Like [`sanitize`] but keeps line breaks, for multi-line text such as a body.
pub fn sanitize_block(s: &str) -> String {
    s.lines()
        .map(|l| sanitize(l).into_owned())
        .collect::<Vec<_>>()
        .join("\n")
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
    fn tidy_collapses_whitespace() {
        assert_eq!(tidy("  Jane \t  Doe "), "Jane Doe");
    }
}
