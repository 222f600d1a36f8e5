//! Letter masks: which ASCII letters, digits and other printable ASCII bytes a text
//! holds, one bit each (case folded), so a search turns away a row that lacks a letter
//! of the query with one AND, before it cuts the row into fields or reads it as text.
//! A mask only ever says "cannot match": a set bit promises nothing, and bytes outside
//! printable ASCII (spaces, the field separator, other scripts) set none.
//!
//! Bits 0–25 are `a`–`z` (either case), 26–35 are `0`–`9`; the other printable ASCII
//! bytes share bits 36–63 (two of them may share one, which only lets more through).

use super::table::split;

/// The bit of each byte (0 for the bytes that set none).
const BITS: [u64; 256] = {
    let mut t = [0u64; 256];
    let mut b = 0usize;
    while b < 256 {
        let c = b as u8;
        t[b] = if c.is_ascii_lowercase() {
            1u64 << (c - b'a')
        } else if c.is_ascii_uppercase() {
            1u64 << (c - b'A')
        } else if c.is_ascii_digit() {
            1u64 << (26 + c - b'0')
        } else if c.is_ascii_graphic() {
            1u64 << (36 + c % 28)
        } else {
            0
        };
        b += 1;
    }
    t
};

/// The mask of the bytes of `text`.
pub fn letters(text: &[u8]) -> u64 {
    text.iter().fold(0, |m, &b| m | BITS[b as usize])
}

/// The mask a search page keeps per row: the letters of the stored fields an unscoped
/// query reads besides the company's name (name, emails, tags), which also covers the
/// `%name`, `%email` and `%tag` fields. `raw` is the stored form ([`super::Parts`]).
pub fn row_letters(raw: &str) -> u64 {
    let parts = split(raw);
    letters(parts[0].as_bytes()) | letters(parts[2].as_bytes()) | letters(parts[4].as_bytes())
}

/// Whether a text of mask `have` can hold every byte of mask `need`.
pub fn covers(have: u64, need: u64) -> bool {
    have & need == need
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::search::Parts;

    #[test]
    fn masks_fold_case_and_skip_spaces_and_other_scripts() {
        assert_eq!(letters(b"Ab"), letters(b"ba"));
        assert_eq!(letters(b"a b"), letters(b"ab"));
        assert_eq!(letters("山田 ü".as_bytes()), 0);
        assert!(covers(letters(b"Jane Muller"), letters(b"mul")));
        assert!(!covers(letters(b"Jane Doe"), letters(b"mul")));
        assert!(covers(letters(b"j@acme.de 42"), letters(b"@.4")));
        assert_ne!(letters(b"9"), letters(b"z"));
    }

    #[test]
    fn a_row_mask_reads_name_emails_and_tags_only() {
        let raw = Parts {
            name: "Jane".into(),
            company: Some(7),
            emails: "j@x.io".into(),
            phones: "555".into(),
            tags: "vip".into(),
            owner: "sam".into(),
        }
        .encode();
        assert_eq!(row_letters(&raw), letters(b"Jane j@x.io vip"));
    }
}
