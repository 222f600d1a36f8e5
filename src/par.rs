//! Work cut into one share per core, each share on its own thread, the results kept in
//! the shares' order: for the steps that turn many independent items into as many
//! results (decoding stored records, converting CSV rows); and large values freed on
//! a thread of their own.

/// How many threads a parallel step uses: the machine's cores, at most `cap`.
pub fn threads(cap: usize) -> usize {
    std::thread::available_parallelism()
        .map(|n| n.get())
        .unwrap_or(1)
        .clamp(1, cap.max(1))
}

/// Cuts `items` into one share per thread (at most `cap` threads), runs `f` on each
/// share on a thread of its own and returns the results in the shares' order. A panic
/// in `f` is resumed here.
pub fn in_shares<I: Send, O: Send>(
    mut items: Vec<I>,
    cap: usize,
    f: impl Fn(Vec<I>) -> O + Sync,
) -> Vec<O> {
    let n = threads(cap);
    if n == 1 || items.len() < 2 {
        return vec![f(items)];
    }
    let size = items.len().div_ceil(n);
    // Cut from the back, so each item is moved once.
    let mut shares = Vec::with_capacity(n);
    for k in (1..n).rev() {
        if k * size < items.len() {
            shares.push(items.split_off(k * size));
        }
    }
    shares.push(items);
    shares.reverse();
    let f = &f;
    std::thread::scope(|s| {
        let workers: Vec<_> = shares
            .into_iter()
            .map(|share| s.spawn(move || f(share)))
            .collect();
        workers
            .into_iter()
            .map(|w| {
                w.join()
                    .unwrap_or_else(|panic| std::panic::resume_unwind(panic))
            })
            .collect()
    })
}

/// Drops `value` on a thread of its own: for a large structure of many small
/// allocations (freeing them takes a noticeable moment) that nothing waits for.
pub fn drop_aside<T: Send + 'static>(value: T) {
    let spawned = std::thread::Builder::new()
        .name("rolo-drop".into())
        .spawn(move || drop(value));
    // Without a thread (none could be started) it was dropped with the closure.
    drop(spawned);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shares_cover_every_item_once_in_order() {
        for len in [0usize, 1, 2, 3, 7, 100, 1001] {
            let items: Vec<usize> = (0..len).collect();
            let out: Vec<usize> = in_shares(items, 8, |share| share).concat();
            assert_eq!(out, (0..len).collect::<Vec<_>>(), "{len} items");
        }
    }
}
