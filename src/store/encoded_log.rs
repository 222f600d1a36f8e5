//! A large operation's change-log entry encoded ahead, change by change: an import's
//! hundred thousand changes are encoded on a helper thread while its records are
//! written, and the entry is put together from them at commit (the changes made after,
//! or rewritten since, are encoded then). The bytes are exactly those of encoding the
//! whole [`Entry`](super::changelog::Entry) at once: a MessagePack array is its length
//! followed by its elements, each encoded alone.

use super::changelog::{Change, EntryRef};
use crate::error::{Error, Result};

/// The encodings of the first changes of an operation, one after the other.
#[derive(Debug, Default)]
pub struct EncodedChanges {
    bytes: Vec<u8>,
    /// Where each change's encoding ends in `bytes`.
    ends: Vec<usize>,
}

impl EncodedChanges {
    /// How many changes are encoded.
    pub fn len(&self) -> usize {
        self.ends.len()
    }

    /// Encodes more changes after those held.
    pub fn extend(&mut self, changes: &[Change]) -> Result<()> {
        self.ends.reserve(changes.len());
        for c in changes {
            rmp_serde::encode::write_named(&mut self.bytes, c)?;
            self.ends.push(self.bytes.len());
        }
        Ok(())
    }

    /// Brings the encodings up to `changes` (of which those encoded are the first),
    /// encoding again from `rewritten` on (the first change rewritten since).
    pub fn catch_up(&mut self, changes: &[Change], rewritten: usize) -> Result<()> {
        self.truncate(rewritten.min(changes.len()));
        self.extend(changes.get(self.len()..).unwrap_or_default())
    }

    /// Keeps the first `n` changes' encodings.
    pub fn truncate(&mut self, n: usize) {
        if n >= self.ends.len() {
            return;
        }
        let end = n.checked_sub(1).map_or(0, |last| self.ends[last]);
        self.bytes.truncate(end);
        self.ends.truncate(n);
    }

    /// The entry `head` (its own `changes` are not looked at) with these changes,
    /// encoded exactly as [`rmp_serde::to_vec_named`] encodes the whole entry.
    pub fn entry(&self, head: &EntryRef<'_>) -> Result<Vec<u8>> {
        let bare = EntryRef {
            changes: &[],
            via: None,
            ..*head
        };
        let mut out = Vec::with_capacity(self.bytes.len() + 256);
        rmp_serde::encode::write_named(&mut out, &bare)?;
        // Without `via`, `changes` is the last field: a map of 8 fields (0x88) ending
        // in the key "changes" and an empty array (0x90).
        const LAST: &[u8] = b"\xa7changes\x90";
        if out.first() != Some(&0x88) || !out.ends_with(LAST) {
            return Err(Error::Storage(
                "internal: the change-log entry's layout changed".into(),
            ));
        }
        out.pop();
        let n = self.ends.len();
        match (u16::try_from(n), u32::try_from(n)) {
            (Ok(n), _) if n < 16 => out.push(0x90 | n as u8),
            (Ok(n), _) => {
                out.push(0xdc);
                out.extend_from_slice(&n.to_be_bytes());
            }
            (_, Ok(n)) => {
                out.push(0xdd);
                out.extend_from_slice(&n.to_be_bytes());
            }
            _ => return Err(Error::Storage("too many changes for one entry".into())),
        }
        out.extend_from_slice(&self.bytes);
        if let Some(via) = head.via {
            out[0] = 0x89;
            rmp_serde::encode::write_named(&mut out, "via")?;
            rmp_serde::encode::write_named(&mut out, via)?;
        }
        Ok(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Contact, Instant, Kind, Record, RecordId};
    use crate::store::changelog::{Entry, EntryKind};

    fn change(i: u64) -> Change {
        Change {
            rid: RecordId::new(Kind::Contact, i),
            before: i
                .is_multiple_of(3)
                .then(|| std::sync::Arc::new(Record::Contact(Contact::default()))),
            after: Some(std::sync::Arc::new(Record::Contact(Contact {
                id: i,
                name: format!("Person {i} Müller"),
                ..Contact::default()
            }))),
            cause: i.is_multiple_of(5).then(|| "R-1 follow up".to_string()),
        }
    }

    #[test]
    fn an_entry_put_together_equals_the_entry_encoded_whole() {
        // Array lengths of each MessagePack size: fixed, 16-bit, 32-bit.
        for n in [0u64, 3, 15, 16, 65_535, 65_536] {
            for via in [None, Some("mcp:claude-code")] {
                let changes: Vec<Change> = (0..n).map(change).collect();
                let e = Entry {
                    rev: 12,
                    at: Instant::default(),
                    user: "Jürgen".into(),
                    uid: 1000,
                    op: "import.csv.contacts".into(),
                    summary: "imported".into(),
                    kind: EntryKind::Op,
                    changes,
                    via: via.map(String::from),
                };
                let head = EntryRef {
                    changes: &[],
                    ..EntryRef::of(&e)
                };
                // Encoded in two goes, the second after a rewrite of an earlier one.
                let half = e.changes.len() / 2;
                let mut enc = EncodedChanges::default();
                enc.extend(&e.changes[..half + half / 2]).unwrap();
                enc.catch_up(&e.changes, half).unwrap();
                assert_eq!(enc.len() as u64, n);
                let whole = rmp_serde::to_vec_named(&e).unwrap();
                assert!(
                    enc.entry(&head).unwrap() == whole,
                    "{n} changes, via {via:?}"
                );
            }
        }
    }
}
