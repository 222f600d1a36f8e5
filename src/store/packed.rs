//! How a change-log entry's bytes are stored: its MessagePack encoding as it is, or,
//! for a large entry (an import's hundred thousand records), compressed behind a
//! marker. A large entry is written once, in the one transaction that commits the
//! import, and read back only by `rolo undo` and the history; stored compressed it
//! takes a fifth of the bytes to write, and redb, which gives a large value a run of
//! pages rounded up to a power of two, a fraction of the room.
//!
//! Compressed form: the byte `0xc1` (which MessagePack never uses, so no plain entry
//! starts with it), the operation's name (a length byte, then the name, so the log can
//! be scanned by operation without decompressing), then the LZ4 block of the plain
//! bytes after their length (u32, little-endian).

use std::borrow::Cow;

use super::changelog::peek_op;
use crate::error::{Error, Result};

/// The first byte of a compressed entry.
const MARK: u8 = 0xc1;

/// From how many bytes an entry is stored compressed.
pub const PACK_FROM: usize = 256 << 10;

/// The bytes to store for an entry encoded as `plain`, whose operation is `op`.
pub fn pack(plain: Vec<u8>, op: &str) -> Vec<u8> {
    let Ok(len) = u32::try_from(plain.len()) else {
        return plain;
    };
    if plain.len() < PACK_FROM {
        return plain;
    }
    // A name too long for its length byte is left out (then the log is scanned by
    // decompressing the entry).
    let op = u8::try_from(op.len()).map_or("", |_| op);
    let mut out = Vec::with_capacity(6 + op.len() + plain.len() / 4);
    out.push(MARK);
    out.push(op.len() as u8);
    out.extend_from_slice(op.as_bytes());
    out.extend_from_slice(&len.to_le_bytes());
    out.extend_from_slice(&lz4_flex::block::compress(&plain));
    out
}

fn damaged(why: impl std::fmt::Display) -> Error {
    Error::Storage(format!(
        "a change-log entry is damaged ({why}); run `rolo doctor`"
    ))
}

/// An entry's MessagePack bytes from its stored bytes.
pub fn unpack(stored: &[u8]) -> Result<Cow<'_, [u8]>> {
    let Some((&MARK, rest)) = stored.split_first() else {
        return Ok(Cow::Borrowed(stored));
    };
    let (&n, rest) = rest.split_first().ok_or_else(|| damaged("cut short"))?;
    let body = rest
        .get(usize::from(n)..)
        .ok_or_else(|| damaged("cut short"))?;
    let (len, block) = body
        .split_first_chunk::<4>()
        .ok_or_else(|| damaged("cut short"))?;
    let len = u32::from_le_bytes(*len) as usize;
    // LZ4 expands a block at most about 255-fold: a larger length is damage, not a
    // size to allocate.
    if len > block.len().saturating_mul(255).saturating_add(16) {
        return Err(damaged("its length does not match its bytes"));
    }
    let plain = lz4_flex::block::decompress(block, len).map_err(damaged)?;
    Ok(Cow::Owned(plain))
}

/// The operation's name read from an entry's stored bytes without decoding it; `None`
/// when it is not found (then decode the entry's head).
pub fn op(stored: &[u8]) -> Option<&str> {
    let Some((&MARK, rest)) = stored.split_first() else {
        return peek_op(stored);
    };
    let (&n, rest) = rest.split_first()?;
    if n == 0 {
        return None;
    }
    std::str::from_utf8(rest.get(..usize::from(n))?).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn small_entries_stay_plain_and_large_ones_come_back_whole() {
        let small = vec![0x81, 0xa2, b'o', b'p', 0xa1, b'x'];
        assert_eq!(pack(small.clone(), "x"), small);
        assert_eq!(unpack(&small).unwrap(), small.as_slice());

        let mut large = Vec::new();
        while large.len() < PACK_FROM + 10 {
            large.extend_from_slice(b"\x85\xa4name\xa3Ann\xa5email\xa9a@acme.io");
            large.extend_from_slice(&(large.len() as u64).to_le_bytes());
        }
        let stored = pack(large.clone(), "import.csv.contacts");
        assert_eq!(stored[0], MARK);
        assert!(stored.len() < large.len() / 2, "{} bytes", stored.len());
        assert_eq!(op(&stored), Some("import.csv.contacts"));
        assert_eq!(unpack(&stored).unwrap(), large.as_slice());

        // Without a name (too long to keep), the scan decodes instead.
        let unnamed = pack(large.clone(), &"o".repeat(300));
        assert_eq!(op(&unnamed), None);
        assert_eq!(unpack(&unnamed).unwrap(), large.as_slice());
    }

    #[test]
    fn damaged_entries_are_errors_not_panics() {
        let mut large = vec![0u8; PACK_FROM];
        large[0] = 0x80;
        let stored = pack(large, "op");
        for cut in [1, 2, 4, 7, stored.len() - 1] {
            assert!(unpack(&stored[..cut]).is_err(), "cut at {cut}");
        }
        let mut huge = stored.clone();
        huge[4..8].copy_from_slice(&u32::MAX.to_le_bytes());
        let err = unpack(&huge).unwrap_err().to_string();
        assert!(err.contains("rolo doctor"), "{err}");
        assert_eq!(op(&[MARK]), None);
    }
}
