//! Compact storage for a duplicate search over every record: strings kept end to end in
//! one buffer (a name costs its bytes and a span, not an allocation), and blocks as
//! (key, member) entries sorted once, so a pass over 100k contacts holds a few bytes per
//! key instead of a hash map of vectors. Knows nothing of what the keys mean.

/// Strings, each addressed by the order it was pushed in.
#[derive(Debug, Default)]
pub struct Texts {
    text: String,
    spans: Vec<(usize, u32)>,
}

impl Texts {
    /// Appends `s`; it is then `get(len() - 1)`.
    pub fn push(&mut self, s: &str) {
        self.spans.push(span(&mut self.text, s));
    }

    /// The `i`th string pushed ("" past the end).
    pub fn get(&self, i: usize) -> &str {
        self.spans
            .get(i)
            .map(|&(at, len)| slice(&self.text, at, len))
            .unwrap_or("")
    }

    /// How many strings it holds.
    pub fn len(&self) -> usize {
        self.spans.len()
    }

    /// Whether it holds none.
    pub fn is_empty(&self) -> bool {
        self.spans.is_empty()
    }
}

/// Members grouped by key: `push` in any order, then `sort`, then read the groups.
#[derive(Debug, Default)]
pub struct Blocks {
    text: String,
    entries: Vec<Entry>,
}

#[derive(Debug, Clone, Copy)]
struct Entry {
    at: usize,
    len: u32,
    member: u32,
}

impl Blocks {
    /// Puts `member` (an index into the caller's records) in the block of `key`.
    pub fn push(&mut self, key: &str, member: usize) {
        let (at, len) = span(&mut self.text, key);
        self.entries.push(Entry {
            at,
            len,
            member: u32::try_from(member).unwrap_or(u32::MAX),
        });
    }

    fn key(&self, e: &Entry) -> &str {
        slice(&self.text, e.at, e.len)
    }

    /// Orders the entries by key, then member, and drops a member listed twice under
    /// one key; call once all are pushed.
    pub fn sort(&mut self) {
        let mut entries = std::mem::take(&mut self.entries);
        entries.sort_unstable_by(|a, b| self.key(a).cmp(self.key(b)).then(a.member.cmp(&b.member)));
        entries.dedup_by(|a, b| a.member == b.member && self.key(a) == self.key(b));
        self.entries = entries;
    }

    /// Calls `f` with each key and its members in increasing order (after `sort`).
    pub fn each(&self, mut f: impl FnMut(&str, &[usize])) {
        let mut members = Vec::new();
        let mut rest = self.entries.as_slice();
        while let Some(first) = rest.first() {
            let key = self.key(first);
            let n = rest
                .iter()
                .position(|e| self.key(e) != key)
                .unwrap_or(rest.len());
            members.clear();
            members.extend(rest[..n].iter().map(|e| e.member as usize));
            f(key, &members);
            rest = &rest[n..];
        }
    }

    /// The members of `key` in increasing order (after `sort`).
    pub fn members<'b>(&'b self, key: &'b str) -> impl Iterator<Item = usize> + 'b {
        let from = self.entries.partition_point(|e| self.key(e) < key);
        self.entries[from..]
            .iter()
            .take_while(move |e| self.key(e) == key)
            .map(|e| e.member as usize)
    }
}

fn span(text: &mut String, s: &str) -> (usize, u32) {
    let at = text.len();
    text.push_str(s);
    (at, u32::try_from(s.len()).unwrap_or(u32::MAX))
}

fn slice(text: &str, at: usize, len: u32) -> &str {
    text.get(at..at + len as usize).unwrap_or("")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn groups_by_key_in_member_order_without_repeats() {
        let mut b = Blocks::default();
        for (k, m) in [("b", 3), ("a", 2), ("b", 1), ("a", 2), ("c", 0), ("a", 0)] {
            b.push(k, m);
        }
        b.sort();
        let mut seen = Vec::new();
        b.each(|k, m| seen.push((k.to_string(), m.to_vec())));
        assert_eq!(
            seen,
            [
                ("a".to_string(), vec![0, 2]),
                ("b".to_string(), vec![1, 3]),
                ("c".to_string(), vec![0])
            ]
        );
        assert_eq!(b.members("b").collect::<Vec<_>>(), [1, 3]);
        assert_eq!(b.members("z").count(), 0);
    }

    #[test]
    fn texts_come_back_by_index() {
        let mut t = Texts::default();
        t.push("Jane");
        t.push("");
        t.push("Zoë");
        assert_eq!(
            (t.get(0), t.get(1), t.get(2), t.get(3)),
            ("Jane", "", "Zoë", "")
        );
        assert_eq!(t.len(), 3);
    }
}
