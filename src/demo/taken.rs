//! The set of names (company names, domains, emails) the demo has given out, so each is
//! unique. When a name is taken the generator numbers it ("jane.doe2@acme.com"); the
//! set remembers, for each numbered form, the first number not yet tried, so the
//! thousandth "Nordwind Logistik GmbH" costs one lookup instead of a thousand (at size
//! XL the plain loop made company generation quadratic). The answer is the same as
//! counting up from 2 every time: names are only ever added, so every number below the
//! remembered one is still taken.

use std::collections::{HashMap, HashSet};

/// Names given out, and the next number to try for each numbered form.
#[derive(Debug, Default)]
pub struct Taken {
    names: HashSet<String>,
    next: HashMap<(String, String), u32>,
}

impl Taken {
    /// An empty set with room for about `n` names.
    pub fn with_capacity(n: usize) -> Taken {
        Taken {
            names: HashSet::with_capacity(n),
            next: HashMap::new(),
        }
    }

    /// Takes `name`; false when it was taken already.
    pub fn insert(&mut self, name: String) -> bool {
        self.names.insert(name)
    }

    /// Takes and returns the first of `{prefix}2{suffix}`, `{prefix}3{suffix}`, … that
    /// is still free.
    pub fn numbered(&mut self, prefix: &str, suffix: &str) -> String {
        let key = (prefix.to_string(), suffix.to_string());
        let mut n = self.next.get(&key).copied().unwrap_or(2);
        loop {
            let name = format!("{prefix}{n}{suffix}");
            n += 1;
            if self.names.insert(name.clone()) {
                self.next.insert(key, n);
                return name;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbering_skips_what_is_taken_and_remembers_where_it_was() {
        let mut t = Taken::default();
        assert!(t.insert("a@x".into()));
        assert!(!t.insert("a@x".into()));
        assert!(t.insert("a3@x".into()));
        assert_eq!(t.numbered("a", "@x"), "a2@x");
        assert_eq!(t.numbered("a", "@x"), "a4@x");
        assert!(t.insert("a5@x".into()));
        assert_eq!(t.numbered("a", "@x"), "a6@x");
        // Another form counts on its own.
        assert_eq!(t.numbered("a", "@y"), "a2@y");
    }
}
