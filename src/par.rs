//! Work cut into one share per core, each share on its own thread, the results kept in
//! the shares' order: for the steps that turn many independent items into as many
//! results (decoding stored records, converting CSV rows), or items converted as they
//! are read; and large values freed on a thread of their own.

use std::sync::{Mutex, mpsc};

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

/// Runs `f` on each item `next` reads, on one thread per core (at most `cap`) while the
/// following items are read, and returns the results in the items' order. An error
/// from `next` stops the reading and is returned; a panic in `f` is resumed here. A
/// single item is done on this thread.
pub fn map_as_read<I: Send, O: Send, E>(
    mut next: impl FnMut() -> Result<Option<I>, E>,
    cap: usize,
    f: impl Fn(I) -> O + Sync,
) -> Result<Vec<O>, E> {
    let Some(first) = next()? else {
        return Ok(Vec::new());
    };
    let Some(second) = next()? else {
        return Ok(vec![f(first)]);
    };
    let (send, items) = mpsc::channel::<(usize, I)>();
    let items = Mutex::new(items);
    let f = &f;
    std::thread::scope(|s| {
        let (done, results) = mpsc::channel::<(usize, O)>();
        for _ in 0..threads(cap) {
            let (items, done) = (&items, done.clone());
            s.spawn(move || {
                loop {
                    // The lock is held only while waiting for the next item.
                    let next = match items.lock() {
                        Ok(items) => items.recv(),
                        Err(_) => return,
                    };
                    let Ok((i, item)) = next else {
                        return;
                    };
                    if done.send((i, f(item))).is_err() {
                        return;
                    }
                }
            });
        }
        drop(done);
        let mut sent = 0;
        let mut item = Some(first);
        let mut after = Some(second);
        while let Some(it) = item {
            // Every worker gone (they panicked): the scope resumes the panic.
            if send.send((sent, it)).is_err() {
                break;
            }
            sent += 1;
            item = after.take();
            if item.is_none() {
                item = next()?;
            }
        }
        drop(send);
        let mut out: Vec<(usize, O)> = results.iter().collect();
        out.sort_unstable_by_key(|(i, _)| *i);
        Ok(out.into_iter().map(|(_, o)| o).collect())
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
    fn items_read_come_back_in_order_and_a_read_error_stops() {
        for len in [0usize, 1, 2, 3, 100] {
            let mut n = 0;
            let next = || -> Result<Option<usize>, String> {
                n += 1;
                Ok((n <= len).then_some(n))
            };
            let out = map_as_read(next, 8, |i| i * 10).unwrap();
            assert_eq!(out, (1..=len).map(|i| i * 10).collect::<Vec<_>>(), "{len}");
        }
        let mut n = 0;
        let failing = || -> Result<Option<usize>, String> {
            n += 1;
            if n == 5 {
                Err("line 5".into())
            } else {
                Ok(Some(n))
            }
        };
        assert_eq!(map_as_read(failing, 8, |i| i), Err("line 5".to_string()));
    }

    #[test]
    fn shares_cover_every_item_once_in_order() {
        for len in [0usize, 1, 2, 3, 7, 100, 1001] {
            let items: Vec<usize> = (0..len).collect();
            let out: Vec<usize> = in_shares(items, 8, |share| share).concat();
            assert_eq!(out, (0..len).collect::<Vec<_>>(), "{len} items");
        }
    }
}
