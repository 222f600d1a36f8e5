//! Counts in the words people read: "1 deal", "2 deals", "3 companies". Every face
//! (TUI titles and status lines, CLI summaries) says a count through here, so none
//! prints "1 deals".

/// The plural of an English noun as rolo uses them ("deal" → "deals", "company" →
/// "companies", "match" → "matches").
pub fn plural_of(noun: &str) -> String {
    let irregular = [("person", "people"), ("this", "these")];
    if let Some((_, p)) = irregular.iter().find(|(s, _)| *s == noun) {
        return (*p).to_string();
    }
    let consonant_y = noun.ends_with('y')
        && !noun.ends_with("ay")
        && !noun.ends_with("ey")
        && !noun.ends_with("oy")
        && !noun.ends_with("uy");
    if consonant_y {
        format!("{}ies", &noun[..noun.len() - 1])
    } else if ["s", "x", "z", "ch", "sh"]
        .iter()
        .any(|e| noun.ends_with(e))
    {
        format!("{noun}es")
    } else {
        format!("{noun}s")
    }
}

/// The noun in the number `n` calls for: `noun` for one, its plural otherwise.
pub fn noun(n: impl TryInto<i128>, noun: &str) -> String {
    if n.try_into().ok() == Some(1) {
        noun.to_string()
    } else {
        plural_of(noun)
    }
}

/// A count and its noun: `plural(1, "deal")` is "1 deal", `plural(3, "company")` is
/// "3 companies".
pub fn plural(n: impl TryInto<i128> + Copy + std::fmt::Display, word: &str) -> String {
    format!("{n} {}", noun(n, word))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_is_singular_and_everything_else_plural() {
        assert_eq!(plural(1u64, "deal"), "1 deal");
        assert_eq!(plural(0usize, "deal"), "0 deals");
        assert_eq!(plural(2u32, "company"), "2 companies");
        assert_eq!(plural(1i64, "company"), "1 company");
        assert_eq!(plural(5usize, "activity"), "5 activities");
        assert_eq!(plural(2usize, "match"), "2 matches");
        assert_eq!(plural(2usize, "day"), "2 days");
        assert_eq!(plural(3usize, "entry"), "3 entries");
        assert_eq!(plural(-1i64, "day"), "-1 days");
    }
}
