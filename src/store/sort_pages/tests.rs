//! The pages against a model of the entries they should hold.

use std::collections::BTreeSet;

use super::*;

type Model = BTreeSet<(u8, String, u64)>;

fn stored(txn: &WriteTransaction) -> Vec<(u8, String, u64)> {
    let t = txn.open_table(IDX_SORT_PAGE).unwrap();
    let mut out = Vec::new();
    each(&t, &mut |tag, k, id| {
        out.push((tag, k.to_string(), id));
        Ok(true)
    })
    .unwrap();
    out
}

fn walked(
    txn: &WriteTransaction,
    tag: u8,
    from: Bound<Entry<'_>>,
    forward: bool,
) -> Vec<(String, u64)> {
    let t = txn.open_table(IDX_SORT_PAGE).unwrap();
    let mut out = Vec::new();
    walk(&t, tag, from, forward, &mut |k, id| {
        out.push((k.to_string(), id));
        Ok(out.len() < 300)
    })
    .unwrap();
    out
}

/// Random batches of inserts and removes (bulk loads into empty and full columns,
/// single writes that split pages, removes that empty them) leave the pages holding
/// exactly the model's entries, and every walk and rank agrees with the model.
#[test]
fn pages_hold_what_was_written_through_splits_and_removals() {
    let dir = tempfile::TempDir::new().unwrap();
    let db = redb::Database::create(dir.path().join("t.redb")).unwrap();
    let txn = db.begin_write().unwrap();
    let mut rng = fastrand::Rng::with_seed(7);
    let mut model = Model::new();
    let key = |rng: &mut fastrand::Rng| {
        // Few distinct keys, so equal keys order by id.
        let n = rng.u32(0..60);
        format!("k{n:03}")
    };
    for round in 0..300 {
        let tag = [0x10u8, 0x11, 0x30][rng.usize(0..3)];
        let size = match round % 10 {
            0 => rng.usize(200..1500),
            _ => rng.usize(1..12),
        };
        let mut batch: Vec<(String, u64)> = (0..size)
            .map(|_| {
                if !model.is_empty() && rng.bool() {
                    let pick = model.iter().nth(rng.usize(0..model.len())).cloned();
                    let (_, k, id) = pick.unwrap_or_default();
                    (k, id)
                } else {
                    (key(&mut rng), rng.u64(1..400))
                }
            })
            .collect();
        batch.sort();
        batch.dedup();
        let entries: Vec<Entry<'_>> = batch.iter().map(|(k, id)| (k.as_str(), *id)).collect();
        let mut pages = SortPages::open(&txn).unwrap();
        if rng.u8(0..3) == 0 {
            pages.remove(tag, &entries).unwrap();
            for (k, id) in &batch {
                model.remove(&(tag, k.clone(), *id));
            }
        } else {
            pages.insert(tag, &entries).unwrap();
            for (k, id) in &batch {
                model.insert((tag, k.clone(), *id));
            }
        }
        drop(pages);
        let want: Vec<(u8, String, u64)> = model.iter().cloned().collect();
        assert_eq!(stored(&txn), want, "round {round}");
        // Walks from a few points, both ways, and ranks.
        for _ in 0..3 {
            let at = (key(&mut rng), rng.u64(0..400));
            let column: Vec<(String, u64)> = model
                .iter()
                .filter(|(t, ..)| *t == tag)
                .map(|(_, k, id)| (k.clone(), *id))
                .collect();
            let e = (at.0.as_str(), at.1);
            let after: Vec<_> = column
                .iter()
                .filter(|(k, id)| (k.as_str(), *id) > e)
                .take(300)
                .cloned()
                .collect();
            let from: Vec<_> = column
                .iter()
                .filter(|(k, id)| (k.as_str(), *id) >= e)
                .take(300)
                .cloned()
                .collect();
            let before: Vec<_> = column
                .iter()
                .rev()
                .filter(|(k, id)| (k.as_str(), *id) < e)
                .take(300)
                .cloned()
                .collect();
            let all: Vec<_> = column.iter().take(300).cloned().collect();
            let back: Vec<_> = column.iter().rev().take(300).cloned().collect();
            assert_eq!(walked(&txn, tag, Excluded(e), true), after, "round {round}");
            assert_eq!(walked(&txn, tag, Included(e), true), from, "round {round}");
            assert_eq!(
                walked(&txn, tag, Excluded(e), false),
                before,
                "round {round}"
            );
            assert_eq!(walked(&txn, tag, Unbounded, true), all, "round {round}");
            assert_eq!(walked(&txn, tag, Unbounded, false), back, "round {round}");
            let t = txn.open_table(IDX_SORT_PAGE).unwrap();
            let below = column
                .iter()
                .filter(|(k, id)| (k.as_str(), *id) < e)
                .count() as u64;
            assert_eq!(rank(&t, tag, e).unwrap(), below, "round {round}");
        }
    }
    // No page grew past the split point.
    let t = txn.open_table(IDX_SORT_PAGE).unwrap();
    for row in t.iter().unwrap() {
        let (_, v) = row.unwrap();
        let entries = decode(v.value()).unwrap();
        assert!(v.value().len() <= MAX || entries.len() == 1);
    }
}

#[test]
fn a_damaged_page_is_an_error_not_a_panic() {
    assert!(decode(&[3, 0, 1]).is_none());
    assert!(decode(&encode(&[("a", 1u64)])[..5]).is_none());
    assert_eq!(
        decode(&encode(&[("a", 1u64), ("b", 2)])).unwrap(),
        vec![("a", 1), ("b", 2)]
    );
}
