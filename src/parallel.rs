//! Work over many independent items on all cores, with no dependency beyond `std`.
//!
//! Items are dealt round-robin to one scoped thread per core (so a run of large files does
//! not land on one thread) and the results come back in input order, so output never depends
//! on the number of cores or on scheduling.

use std::num::NonZero;

/// The number of worker threads for `items` items: one per core, at most one per item.
pub fn threads_for(items: usize) -> usize {
    std::thread::available_parallelism()
        .map_or(1, NonZero::get)
        .min(items.max(1))
}

/// `items.into_iter().map(f).collect()`, on all cores, in input order.
pub fn map<T: Send, R: Send>(items: Vec<T>, f: impl Fn(T) -> R + Sync) -> Vec<R> {
    let threads = threads_for(items.len());
    if threads <= 1 {
        return items.into_iter().map(f).collect();
    }
    let total = items.len();
    let mut chunks: Vec<Vec<(usize, T)>> = (0..threads)
        .map(|_| Vec::with_capacity(total / threads + 1))
        .collect();
    for (i, item) in items.into_iter().enumerate() {
        chunks[i % threads].push((i, item));
    }
    let mut slots: Vec<Option<R>> = (0..total).map(|_| None).collect();
    std::thread::scope(|s| {
        let f = &f;
        let handles: Vec<_> = chunks
            .into_iter()
            .map(|chunk| {
                s.spawn(move || {
                    chunk
                        .into_iter()
                        .map(|(i, item)| (i, f(item)))
                        .collect::<Vec<_>>()
                })
            })
            .collect();
        for h in handles {
            for (i, r) in h.join().expect("a worker thread does not panic") {
                slots[i] = Some(r);
            }
        }
    });
    slots
        .into_iter()
        .map(|r| r.expect("every item was mapped"))
        .collect()
}

#[cfg(test)]
mod tests {
    #[test]
    fn results_keep_input_order() {
        let items: Vec<u32> = (0..1000).collect();
        let out = super::map(items.clone(), |x| x * 3);
        assert_eq!(out, items.iter().map(|x| x * 3).collect::<Vec<_>>());
        assert!(super::map(Vec::<u32>::new(), |x| x).is_empty());
        assert_eq!(super::map(vec![7], |x| x + 1), vec![8]);
    }

    #[test]
    fn every_item_runs_once() {
        use std::sync::atomic::{AtomicUsize, Ordering};
        let seen = AtomicUsize::new(0);
        let out = super::map((0..257).collect(), |x: usize| {
            seen.fetch_add(1, Ordering::Relaxed);
            x
        });
        assert_eq!(seen.load(Ordering::Relaxed), 257);
        assert_eq!(out.len(), 257);
    }
}
