//! The change log: one entry per committed operation, keyed by revision. It is the
//! audit trail, the source of undo/redo, the feed that keeps open TUIs live, and the
//! history behind stage-conversion reports.

use std::sync::Arc;

use serde::{Deserialize, Serialize};

use crate::model::{Instant, Record, RecordId, ms};

/// One record before and after an operation; `None` means absent.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Change {
    /// The record touched.
    pub rid: RecordId,
    /// Its state before (none: it was created). Behind a pointer, so a change of a
    /// large operation (a million staged records) takes what its record needs, not
    /// twice the size of the largest kind; shared, so the helper that builds a staged
    /// record's index entries reads the change's own copy.
    pub before: Option<Arc<Record>>,
    /// Its state after (none: it was deleted).
    pub after: Option<Arc<Record>>,
    /// The automation rule that made this change, when one did ("R-1 Follow up...").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cause: Option<String>,
}

/// Whether an entry is a plain operation or reverses/reapplies another.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum EntryKind {
    /// A normal operation.
    #[default]
    Op,
    /// Reverted the entry at this revision.
    Undo(u64),
    /// Reapplied the entry undone by the undo at this revision.
    Redo(u64),
    /// A bulk load (demo, import) whose records are not listed; it cannot be undone.
    Bulk,
}

/// The head of a change-log entry: what it was, without the records it touched
/// (decoding skips them), for scanning the log cheaply.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Default)]
#[serde(default)]
pub struct EntryHead {
    /// Revision number.
    pub rev: u64,
    /// The operation's name ("deal.move").
    pub op: String,
}

/// An entry's operation name read from the start of its encoding without decoding it:
/// entries are MessagePack maps written in field order, so the `op` key comes before
/// the records; `None` when it is not found near the start (then decode the head).
pub fn peek_op(bytes: &[u8]) -> Option<&str> {
    const KEY: [u8; 3] = [0xa2, b'o', b'p'];
    // The next key is `summary`: that tells the `op` field from text inside a name.
    const NEXT: &[u8] = b"\xa7summary";
    let head = bytes.get(..bytes.len().min(512))?;
    head.windows(3)
        .enumerate()
        .filter(|(_, w)| *w == KEY)
        .find_map(|(i, _)| {
            let at = i + 3;
            let marker = *bytes.get(at)?;
            // A short string: 0xa0 | length.
            if !(0xa0..=0xbf).contains(&marker) {
                return None;
            }
            let end = at + 1 + usize::from(marker & 0x1f);
            let op = std::str::from_utf8(bytes.get(at + 1..end)?).ok()?;
            (bytes.get(end..end + NEXT.len())? == NEXT).then_some(op)
        })
}

/// One committed operation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Entry {
    /// Revision number; entry N is the N-th change to the database.
    pub rev: u64,
    /// When it was committed.
    #[serde(with = "ms::required")]
    pub at: Instant,
    /// Who made it (display name).
    pub user: String,
    /// The OS uid of the process that made it.
    pub uid: u32,
    /// The operation's name ("deal.move").
    pub op: String,
    /// A one-line description ("moved D-17 to Negotiation").
    pub summary: String,
    /// Plain, undo, redo or bulk.
    pub kind: EntryKind,
    /// Every record touched, before and after.
    pub changes: Vec<Change>,
    /// The program that acted for `user`, when one did (`mcp:claude-code`); absent in
    /// entries written before it was recorded. Last, so older readers skip it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub via: Option<String>,
}

impl Default for Entry {
    fn default() -> Self {
        Entry {
            rev: 0,
            at: Instant::default(),
            user: String::new(),
            uid: 0,
            op: String::new(),
            summary: String::new(),
            kind: EntryKind::Op,
            changes: Vec::new(),
            via: None,
        }
    }
}

/// An entry with borrowed fields, encoded exactly as [`Entry`] is (same fields, same
/// order), so a large operation's entry can be encoded while its records are written.
#[derive(Serialize)]
pub(super) struct EntryRef<'a> {
    pub rev: u64,
    #[serde(with = "ms::required")]
    pub at: Instant,
    pub user: &'a str,
    pub uid: u32,
    pub op: &'a str,
    pub summary: &'a str,
    pub kind: EntryKind,
    pub changes: &'a [Change],
    #[serde(skip_serializing_if = "Option::is_none")]
    pub via: Option<&'a str>,
}

impl<'a> EntryRef<'a> {
    /// The entry's fields, borrowed.
    #[cfg(test)]
    pub fn of(e: &'a Entry) -> Self {
        EntryRef {
            rev: e.rev,
            at: e.at,
            user: &e.user,
            uid: e.uid,
            op: &e.op,
            summary: &e.summary,
            kind: e.kind,
            changes: &e.changes,
            via: e.via.as_deref(),
        }
    }
}

impl Entry {
    /// Who made it, as people read it: `sam`, or `sam via mcp:claude-code`.
    pub fn author(&self) -> String {
        super::actor::shown(&self.user, self.via.as_deref())
    }

    /// Whether the entry touched this record.
    pub fn touches(&self, rid: RecordId) -> bool {
        self.changes.iter().any(|c| c.rid == rid)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_operation_is_read_from_the_start_of_an_encoded_entry() {
        for (user, op) in [("sam", "deal.move"), ("Jürgen Müller", "task.done")] {
            let e = Entry {
                rev: 7,
                at: Instant::default(),
                user: user.into(),
                uid: 1000,
                op: op.into(),
                summary: "moved".into(),
                kind: EntryKind::Op,
                changes: Vec::new(),
                via: None,
            };
            let bytes = rmp_serde::to_vec_named(&e).unwrap();
            let head: EntryHead = rmp_serde::from_slice(&bytes).unwrap();
            assert_eq!(head.op, op);
            assert_eq!(peek_op(&bytes), Some(op), "{user}");
        }
        // Text that looks like the key inside a name is not taken for it.
        let tricky = Entry {
            rev: 1,
            at: Instant::default(),
            user: "x\u{a2}op".into(),
            uid: 0,
            op: "deal.won".into(),
            summary: String::new(),
            kind: EntryKind::Op,
            changes: Vec::new(),
            via: None,
        };
        let bytes = rmp_serde::to_vec_named(&tricky).unwrap();
        assert_eq!(peek_op(&bytes), Some("deal.won"));
        assert_eq!(peek_op(b"\x80"), None);
    }

    #[test]
    fn the_program_acting_for_the_user_is_kept_and_optional() {
        let mut e = Entry {
            user: "sam".into(),
            op: "task.add".into(),
            ..Entry::default()
        };
        let plain = rmp_serde::to_vec_named(&e).unwrap();
        assert!(!plain.windows(3).any(|w| w == b"via"), "absent when none");
        let back: Entry = rmp_serde::from_slice(&plain).unwrap();
        assert_eq!((back.via.clone(), back.author()), (None, "sam".to_string()));
        e.via = Some("mcp:claude-code".into());
        let back: Entry = rmp_serde::from_slice(&rmp_serde::to_vec_named(&e).unwrap()).unwrap();
        assert_eq!(back.author(), "sam via mcp:claude-code");
        assert_eq!(
            peek_op(&rmp_serde::to_vec_named(&e).unwrap()),
            Some("task.add")
        );
    }

    #[test]
    fn a_borrowed_entry_encodes_like_the_entry() {
        use crate::model::{Contact, Kind};
        let e = Entry {
            rev: 9,
            at: Instant::default(),
            user: "sam".into(),
            uid: 1000,
            op: "import.csv.contacts".into(),
            summary: "imported".into(),
            kind: EntryKind::Op,
            changes: vec![Change {
                rid: RecordId::new(Kind::Contact, 3),
                before: None,
                after: Some(Arc::new(Record::Contact(Contact {
                    id: 3,
                    name: "Ann".into(),
                    ..Contact::default()
                }))),
                cause: Some("R-1 x".into()),
            }],
            via: Some("mcp:zed".into()),
        };
        let borrowed = EntryRef::of(&e);
        assert_eq!(
            rmp_serde::to_vec_named(&borrowed).unwrap(),
            rmp_serde::to_vec_named(&e).unwrap()
        );
    }
}
