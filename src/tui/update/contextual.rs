//! Commands typed at the `:` prompt that take the record on screen: in a contact's
//! detail, `:privacy export`, `:privacy erase --reason ...` and `:contact consent ...`
//! apply to that contact without typing its id. A privacy export from the TUI goes to a
//! file (the status bar cannot hold a person's whole data). The erase asks to confirm
//! as at the shell without a terminal: it says what it would do, and runs when typed
//! again with `--yes` (Up recalls the line).

/// `line` with the contact `on_screen` filled in where the command needs one and none
/// was typed.
pub fn with_contact(line: &str, on_screen: Option<u64>) -> String {
    let Some(id) = on_screen else {
        return line.to_string();
    };
    // Splitting on spaces and joining again keeps quoted text (its quotes are in the
    // words); only runs of spaces become one.
    let mut words: Vec<String> = line.split_whitespace().map(str::to_string).collect();
    let takes_contact = matches!(
        words
            .iter()
            .map(String::as_str)
            .collect::<Vec<_>>()
            .as_slice(),
        ["privacy", "export" | "erase", ..] | ["contact" | "contacts", "consent", ..]
    );
    if !takes_contact {
        return line.to_string();
    }
    let has_id = words.get(2).is_some_and(|w| {
        w.to_ascii_uppercase()
            .strip_prefix("C-")
            .is_some_and(|n| !n.is_empty() && n.chars().all(|c| c.is_ascii_digit()))
    });
    if !has_id {
        words.insert(2, format!("C-{id}"));
    }
    if words[1] == "export"
        && !words
            .iter()
            .any(|w| w == "--out" || w.starts_with("--out="))
    {
        let file = format!("--out rolo-{}.json", words[2].to_ascii_uppercase());
        words.push(file);
    }
    words.join(" ")
}

#[cfg(test)]
mod tests {
    use super::with_contact;

    #[test]
    fn the_contact_on_screen_fills_in_a_missing_id() {
        assert_eq!(
            with_contact("privacy erase --reason \"asked by email\"", Some(12)),
            "privacy erase C-12 --reason \"asked by email\""
        );
        assert_eq!(
            with_contact("privacy export", Some(12)),
            "privacy export C-12 --out rolo-C-12.json"
        );
        assert_eq!(
            with_contact("privacy export C-3 --out x.json", Some(12)),
            "privacy export C-3 --out x.json"
        );
        assert_eq!(
            with_contact("contact consent opted-out", Some(4)),
            "contact consent C-4 opted-out"
        );
        assert_eq!(
            with_contact("deal move D-1 won", Some(4)),
            "deal move D-1 won"
        );
        assert_eq!(
            with_contact("privacy erase --yes", None),
            "privacy erase --yes"
        );
    }
}
