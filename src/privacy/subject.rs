//! The subject of a privacy request: one contact's identifying strings (names, email
//! addresses, phone numbers) and how to find and redact them in text, in records and in
//! change-log entries. Matching is case-insensitive; names match as whole words, phone
//! numbers by their digits whatever the spacing ("+44 20 7946 0958" is "020 7946 0958").

use serde_json::Value;

use crate::error::{Error, Result};
use crate::model::{Activity, Contact, Kind, Record, RecordId, Task};
use crate::store::Entry;

/// What replaces erased text and erased records' fields.
pub const ERASED: &str = "[erased]";

/// Keys whose values are never redacted: rolo users (who did what), and words that
/// name a variant (a kind, a state) rather than free text.
const KEEP_KEYS: &[&str] = &[
    "owner",
    "author",
    "assignee",
    "user",
    "kind",
    "direction",
    "lifecycle",
    "state",
    "status",
    "priority",
    "unit",
    "period",
    "currency",
    "auto_close",
    "trigger",
    "basis",
];

/// Another contact's own identity, never redacted: erasing one Jane Smith must not
/// touch another's name or address.
const IDENTITY_KEYS: &[&str] = &["name", "given_name", "family_name", "emails", "phones"];
/// Keys matched only by whole names, addresses and numbers, not by single words of the
/// name (a deal called "Lead gen" when a Lead Smith is erased).
const NAME_KEYS: &[&str] = &["name", "title"];

/// One person's identifying strings.
#[derive(Debug, Clone, Default)]
pub struct Subject {
    /// The contact's id.
    pub id: u64,
    /// Full names (matched in any case, as whole words).
    names: Vec<String>,
    /// Given and family names and the words of the full name (matched as written, as
    /// whole words, and only in free text: never in rules or pipelines).
    words: Vec<String>,
    /// Email addresses, lower-cased.
    pub emails: Vec<String>,
    /// Phone numbers, as their digits.
    phones: Vec<String>,
}

impl Subject {
    /// The subject `c` is.
    pub fn of(c: &Contact) -> Subject {
        let mut s = Subject {
            id: c.id,
            ..Subject::default()
        };
        s.absorb(c);
        s
    }

    /// Adds the strings of another version of the contact (an older name or address
    /// found in the change log).
    pub fn absorb(&mut self, c: &Contact) {
        let name = c.name.trim();
        if name.chars().count() >= 3 && name != ERASED && !self.names.iter().any(|m| m == name) {
            self.names.push(name.to_string());
        }
        let mut words: Vec<String> = c.given_name.iter().chain(&c.family_name).cloned().collect();
        // The words of the full name, as people write them in notes ("Jane called").
        words.extend(c.name.split_whitespace().map(str::to_string));
        for w in words {
            let w = w.trim().trim_matches(|ch: char| !ch.is_alphanumeric());
            if w.chars().count() >= 3 && w != ERASED && !self.words.iter().any(|m| m == w) {
                self.words.push(w.to_string());
            }
        }
        // Longest first, so a full name is replaced whole before its words.
        self.names.sort_by_key(|n| std::cmp::Reverse(n.len()));
        self.words.sort_by_key(|n| std::cmp::Reverse(n.len()));
        for e in &c.emails {
            let e = e.value.trim().to_lowercase();
            if !e.is_empty() && !self.emails.contains(&e) {
                self.emails.push(e);
            }
        }
        for p in &c.phones {
            let d: String = p.value.chars().filter(char::is_ascii_digit).collect();
            if d.len() >= 5 && !self.phones.contains(&d) {
                self.phones.push(d);
            }
        }
    }

    /// The text with every name, address and number of the subject replaced by
    /// [`ERASED`]; `None` when nothing matched.
    pub fn redact(&self, text: &str) -> Option<String> {
        self.redact_as(text, true)
    }

    /// [`Subject::redact`]; with `words` false, only full names, addresses and numbers
    /// (for configuration: a rule or pipeline).
    fn redact_as(&self, text: &str, words: bool) -> Option<String> {
        let mut spans = Vec::new();
        for e in &self.emails {
            spans.extend(find_all(text, e, email_boundary));
        }
        for n in &self.names {
            spans.extend(find_all(text, n, word_boundary));
        }
        if words {
            for w in &self.words {
                spans.extend(
                    find_all(text, w, word_boundary)
                        .into_iter()
                        .filter(|(a, b)| &text[*a..*b] == w),
                );
            }
        }
        for p in &self.phones {
            spans.extend(phone_spans(text, p));
        }
        if spans.is_empty() {
            return None;
        }
        spans.sort();
        let mut out = String::with_capacity(text.len());
        let mut at = 0;
        for (start, end) in spans {
            if start < at {
                at = at.max(end);
                continue;
            }
            out.push_str(&text[at..start]);
            out.push_str(ERASED);
            at = end;
        }
        out.push_str(&text[at..]);
        Some(out)
    }

    /// Whether the text names the subject.
    pub fn mentioned_in(&self, text: &str) -> bool {
        self.redact(text).is_some()
    }

    /// Whether any free-text field of `rec` names the subject.
    pub fn mentioned_in_record(&self, rec: &Record) -> bool {
        let mut copy = rec.clone();
        self.redact_record(&mut copy).unwrap_or(false)
    }

    /// Redacts the subject in every free-text field of `rec`; returns whether anything
    /// changed. A field whose redaction would not read back (a word that names a
    /// variant, like a lifecycle stage) is left as it was.
    pub fn redact_record(&self, rec: &mut Record) -> Result<bool> {
        let words = !matches!(rec.kind(), Kind::Rule | Kind::Pipeline);
        let skip: &[&str] = if rec.kind() == Kind::Contact {
            IDENTITY_KEYS
        } else {
            &[]
        };
        let original = serde_json::to_value(&*rec).map_err(|e| Error::Storage(e.to_string()))?;
        let mut v = original.clone();
        if !redact_value(self, &mut v, None, words, skip) {
            return Ok(false);
        }
        if let Ok(r) = serde_json::from_value::<Record>(v.clone()) {
            *rec = r;
            // A ticket's Cc holds addresses: a redacted one is no address, so it goes.
            if let Record::Ticket(t) = rec {
                t.cc.retain(|e| e != ERASED);
            }
            return Ok(true);
        }
        // Some field did not take the marker: keep the redactions that read back.
        let mut leaves = Vec::new();
        changed_leaves(&original, &v, &mut Vec::new(), &mut leaves);
        let mut kept = original;
        let mut any = false;
        for (path, redacted) in leaves {
            let mut attempt = kept.clone();
            if let Some(slot) = leaf_mut(&mut attempt, &path) {
                *slot = redacted;
            }
            if serde_json::from_value::<Record>(attempt.clone()).is_ok() {
                kept = attempt;
                any = true;
            }
        }
        if any {
            *rec = serde_json::from_value(kept).map_err(|e| Error::Storage(e.to_string()))?;
        }
        Ok(any)
    }

    /// Redacts a change-log entry: the images of `gone` records (the contact and what
    /// was theirs alone) are blanked, other records and the summary lose the subject's
    /// strings. Returns whether anything changed.
    pub fn redact_entry(&self, e: &mut Entry, gone: &[RecordId]) -> bool {
        let mut changed = false;
        if let Some(s) = self.redact_as(&e.summary, false) {
            e.summary = s;
            changed = true;
        }
        for c in &mut e.changes {
            if let Some(cause) = c.cause.as_ref().and_then(|x| self.redact(x)) {
                c.cause = Some(cause);
                changed = true;
            }
            let blank = gone.contains(&c.rid);
            for image in [&mut c.before, &mut c.after].into_iter().flatten() {
                if blank {
                    let b = blanked(image);
                    if b != **image {
                        *image = std::sync::Arc::new(b);
                        changed = true;
                    }
                } else {
                    // A record that will not read back redacted keeps its text here; the
                    // live record was refused with a message before the log is rewritten.
                    let image = std::sync::Arc::make_mut(image);
                    changed |= self.redact_record(image).unwrap_or(false);
                }
            }
        }
        changed
    }
}

/// A record of the subject's, stripped of everything personal: the id, kind, owner and
/// times stay, the text goes.
pub fn blanked(rec: &Record) -> Record {
    match rec {
        Record::Contact(c) => Record::Contact(Contact {
            id: c.id,
            name: ERASED.into(),
            owner: c.owner.clone(),
            lifecycle: c.lifecycle,
            created: c.created,
            updated: c.updated,
            ..Contact::default()
        }),
        Record::Activity(a) => Record::Activity(Activity {
            id: a.id,
            kind: a.kind,
            subject: ERASED.into(),
            at: a.at,
            direction: a.direction,
            contacts: a.contacts.clone(),
            company: a.company,
            deal: a.deal,
            author: a.author.clone(),
            created: a.created,
            ..Activity::default()
        }),
        Record::Task(t) => Record::Task(Task {
            id: t.id,
            title: ERASED.into(),
            due: t.due,
            assignee: t.assignee.clone(),
            link: t.link,
            priority: t.priority,
            done_at: t.done_at,
            created: t.created,
            updated: t.updated,
            ..Task::default()
        }),
        // An erase deletes only contacts, activities and tasks; other kinds keep their
        // shape and lose the subject's strings instead.
        Record::Company(_)
        | Record::Deal(_)
        | Record::Pipeline(_)
        | Record::Rule(_)
        | Record::Ticket(_)
        | Record::Sla(_)
        | Record::Calendar(_) => rec.clone(),
    }
}

/// The contact's record id.
pub fn contact_rid(id: u64) -> RecordId {
    RecordId::new(Kind::Contact, id)
}

/// A step into a JSON value: an object key or an array index.
#[derive(Debug, Clone)]
enum Step {
    Key(String),
    Index(usize),
}

/// The paths and new values of the strings that differ between `a` and `b` (same shape).
fn changed_leaves(a: &Value, b: &Value, path: &mut Vec<Step>, out: &mut Vec<(Vec<Step>, Value)>) {
    match (a, b) {
        (Value::Object(x), Value::Object(y)) => {
            for (k, va) in x {
                if let Some(vb) = y.get(k) {
                    path.push(Step::Key(k.clone()));
                    changed_leaves(va, vb, path, out);
                    path.pop();
                }
            }
        }
        (Value::Array(x), Value::Array(y)) => {
            for (i, (va, vb)) in x.iter().zip(y).enumerate() {
                path.push(Step::Index(i));
                changed_leaves(va, vb, path, out);
                path.pop();
            }
        }
        _ if a != b => out.push((path.clone(), b.clone())),
        _ => {}
    }
}

fn leaf_mut<'v>(v: &'v mut Value, path: &[Step]) -> Option<&'v mut Value> {
    let mut at = v;
    for step in path {
        at = match step {
            Step::Key(k) => at.get_mut(k.as_str())?,
            Step::Index(i) => at.get_mut(*i)?,
        };
    }
    Some(at)
}

/// Redacts every string in `v` (except under [`KEEP_KEYS`]); returns whether any changed.
fn redact_value(s: &Subject, v: &mut Value, key: Option<&str>, words: bool, skip: &[&str]) -> bool {
    if key.is_some_and(|k| KEEP_KEYS.contains(&k) || skip.contains(&k)) {
        return false;
    }
    let words = words && !key.is_some_and(|k| NAME_KEYS.contains(&k));
    match v {
        Value::String(text) => match s.redact_as(text, words) {
            Some(r) => {
                *text = r;
                true
            }
            None => false,
        },
        Value::Array(items) => {
            let mut changed = false;
            for i in items {
                changed |= redact_value(s, i, key, words, skip);
            }
            changed
        }
        Value::Object(map) => {
            let mut changed = false;
            for (k, val) in map.iter_mut() {
                changed |= redact_value(s, val, Some(k), words, &[]);
            }
            changed
        }
        _ => false,
    }
}

/// Byte spans of `needle` in `hay`, compared case-insensitively, where `boundary` holds.
fn find_all(
    hay: &str,
    needle: &str,
    boundary: fn(&str, usize, usize) -> bool,
) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let first = needle
        .chars()
        .next()
        .map(|c| c.to_lowercase().collect::<String>());
    let Some(first) = first else {
        return out;
    };
    for (i, ch) in hay.char_indices() {
        if ch.to_lowercase().collect::<String>() != first {
            continue;
        }
        if let Some(len) = match_len(&hay[i..], needle)
            && boundary(hay, i, i + len)
        {
            out.push((i, i + len));
        }
    }
    out
}

/// How many bytes of `hay`'s start equal `needle`, ignoring case.
fn match_len(hay: &str, needle: &str) -> Option<usize> {
    let mut h = hay.char_indices();
    for n in needle.chars() {
        let (_, c) = h.next()?;
        if !c.to_lowercase().eq(n.to_lowercase()) {
            return None;
        }
    }
    Some(h.next().map(|(i, _)| i).unwrap_or(hay.len()))
}

fn word_boundary(hay: &str, start: usize, end: usize) -> bool {
    let before = hay[..start].chars().next_back();
    let after = hay[end..].chars().next();
    !before.is_some_and(char::is_alphanumeric) && !after.is_some_and(char::is_alphanumeric)
}

fn email_boundary(hay: &str, start: usize, end: usize) -> bool {
    let part = |c: char| c.is_alphanumeric() || "._%+-".contains(c);
    let before = hay[..start].chars().next_back();
    let mut rest = hay[end..].chars();
    let after = rest.next();
    let continues = match after {
        Some('.') => rest.next().is_some_and(char::is_alphanumeric),
        Some(c) => c.is_alphanumeric() || c == '-' || c == '@',
        None => false,
    };
    !before.is_some_and(part) && !continues
}

/// Spans of number-like runs ("+44 (20) 7946-0958") whose digits hold `phone`'s last
/// eight digits (all of them when shorter).
fn phone_spans(hay: &str, phone: &str) -> Vec<(usize, usize)> {
    let tail = &phone[phone.len().saturating_sub(8)..];
    let mut out = Vec::new();
    let mut run: Option<(usize, usize, String)> = None;
    let numberish = |c: char| c.is_ascii_digit() || " +-().".contains(c);
    for (i, c) in hay.char_indices().chain(std::iter::once((hay.len(), '\n'))) {
        if numberish(c) && (run.is_some() || c.is_ascii_digit() || c == '+' || c == '(') {
            let r = run.get_or_insert((i, i, String::new()));
            if c.is_ascii_digit() {
                r.1 = i + 1;
                r.2.push(c);
            }
            continue;
        }
        if let Some((start, end, digits)) = run.take()
            && digits.contains(tail)
        {
            out.push((start, end));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Labeled;

    fn jane() -> Subject {
        Subject::of(&Contact {
            id: 7,
            name: "Jane Zyxwa".into(),
            emails: vec![Labeled {
                label: String::new(),
                value: "Jane.Z@Example.com".into(),
            }],
            phones: vec![Labeled {
                label: String::new(),
                value: "+44 20 7946 0958".into(),
            }],
            ..Contact::default()
        })
    }

    #[test]
    fn names_addresses_and_numbers_are_replaced_in_any_case_and_spacing() {
        let s = jane();
        assert_eq!(
            s.redact("Met JANE ZYXWA (jane.z@example.com, 020 7946-0958) today")
                .as_deref(),
            Some("Met [erased] ([erased], [erased]) today")
        );
        assert_eq!(
            s.redact("Zyxwa's order").as_deref(),
            Some("[erased]'s order")
        );
        assert_eq!(s.redact("Janet and xjane.z@example.community"), None);
        assert_eq!(s.redact("invoice 2026-0001, 3 seats"), None);
    }

    #[test]
    fn a_blanked_contact_keeps_only_id_owner_and_times() {
        let c = Contact {
            id: 3,
            name: "Jane".into(),
            notes: "secret".into(),
            owner: "sam".into(),
            ..Contact::default()
        };
        let Record::Contact(b) = blanked(&Record::Contact(c)) else {
            panic!("not a contact");
        };
        assert_eq!(
            (b.id, b.name.as_str(), b.notes.as_str(), b.owner.as_str()),
            (3, ERASED, "", "sam")
        );
    }
}
