//! Schema 4's search pages, read once by the migration to schema 5: each row was the
//! id's low byte, the text's length (u32, little-endian) and the text, without the
//! letter mask that schema 5 keeps ([`super::search_pages`]). The migration rewrites
//! every page in the new layout, a few dozen pages at a time, so it holds no copy of
//! the index; nothing else reads this layout.

use redb::{ReadableTable, WriteTransaction};

use super::search_pages::{IDX_SEARCH_PAGE, damaged, encode_row};
use crate::error::Result;

/// Pages rewritten per pass (each pass reopens the range after its last page).
const BATCH: usize = 64;

/// Rewrites every search page from schema 4's layout into schema 5's. Returns false,
/// having changed nothing, when a page cannot be read in the old layout (the caller
/// then rebuilds the pages from the records).
pub fn upgrade(txn: &WriteTransaction) -> Result<bool> {
    let mut table = txn.open_table(IDX_SEARCH_PAGE)?;
    // First check every page, so a damaged one leaves the others untouched.
    for page in table.iter()? {
        let (k, v) = page?;
        if convert(k.value(), v.value()).is_err() {
            return Ok(false);
        }
    }
    let mut after: Option<u64> = None;
    loop {
        let mut batch: Vec<(u64, Vec<u8>)> = Vec::with_capacity(BATCH);
        {
            let range = match after {
                Some(k) => table.range(k + 1..)?,
                None => table.range(0..)?,
            };
            for page in range.take(BATCH) {
                let (k, v) = page?;
                batch.push((k.value(), convert(k.value(), v.value())?));
            }
        }
        let Some(last) = batch.last().map(|b| b.0) else {
            return Ok(true);
        };
        for (k, bytes) in &batch {
            table.insert(*k, bytes.as_slice())?;
        }
        if last == u64::MAX {
            return Ok(true);
        }
        after = Some(last);
    }
}

/// One page's bytes in the new layout.
fn convert(page: u64, old: &[u8]) -> Result<Vec<u8>> {
    let mut out = Vec::with_capacity(old.len() + old.len() / 4);
    let mut rest = old;
    while let [low, l0, l1, l2, l3, tail @ ..] = rest {
        let len = u32::from_le_bytes([*l0, *l1, *l2, *l3]) as usize;
        let (text, after) = tail.split_at_checked(len).ok_or_else(|| damaged(page))?;
        let text = std::str::from_utf8(text).map_err(|_| damaged(page))?;
        encode_row(&mut out, *low, text)?;
        rest = after;
    }
    if rest.is_empty() {
        Ok(out)
    } else {
        Err(damaged(page))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::search_pages::rows;

    #[test]
    fn an_old_page_reads_back_with_masks() {
        let old = [1, 2, 0, 0, 0, b'h', b'i', 7, 1, 0, 0, 0, b'x'];
        let new = convert(0x100, &old).unwrap();
        let mut seen = Vec::new();
        rows(0x100, &new, &mut |id, text| {
            seen.push((id, text.to_string()));
            true
        })
        .unwrap();
        assert_eq!(seen, vec![(0x101, "hi".into()), (0x107, "x".into())]);
        assert!(convert(0, &[1, 9, 0, 0, 0, b'a']).is_err());
    }
}
