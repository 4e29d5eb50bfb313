//! A bounded blocking channel between threads (Python's `queue.Queue(maxsize)`):
//! `put` waits while it is full, `take` while it is empty, and both say when
//! their wait started and ended so that kernels can draw it. It also keeps every
//! change of its length, with the time, for the page. The producer and
//! consumers use one; the pipeline puts one between each pair of stages.

use std::collections::VecDeque;
use std::sync::{Condvar, Mutex};

use crate::clock::now_ms;

pub struct BoundedChannel<T> {
    items: Mutex<VecDeque<T>>,
    not_empty: Condvar,
    not_full: Condvar,
    capacity: usize,
    run_start: f64,
    lengths: Mutex<Vec<(f64, usize)>>,
}

impl<T> BoundedChannel<T> {
    /// A channel that holds at most `capacity` items (at least 1), in a run that started at `run_start`.
    pub fn new(capacity: usize, run_start: f64) -> Self {
        BoundedChannel {
            items: Mutex::new(VecDeque::with_capacity(capacity)),
            not_empty: Condvar::new(),
            not_full: Condvar::new(),
            capacity: capacity.max(1),
            run_start,
            lengths: Mutex::new(vec![(0.0, 0)]),
        }
    }

    fn note_length(&self, length: usize) {
        self.lengths.lock().expect("no thread panics holding the lengths").push((now_ms() - self.run_start, length));
    }

    /// Puts `item` at the back; returns when the wait for room started and ended.
    pub fn put(&self, item: T) -> (f64, f64) {
        let asked = now_ms();
        let mut items = self.items.lock().expect("no thread panics holding the channel");
        while items.len() >= self.capacity {
            items = self.not_full.wait(items).expect("no thread panics holding the channel");
        }
        let got = now_ms();
        items.push_back(item);
        self.note_length(items.len());
        self.not_empty.notify_one();
        (asked, got)
    }

    /// Takes the item at the front; with when the wait for it started and ended.
    pub fn take(&self) -> (T, f64, f64) {
        let asked = now_ms();
        let mut items = self.items.lock().expect("no thread panics holding the channel");
        let item = loop {
            if let Some(item) = items.pop_front() {
                break item;
            }
            items = self.not_empty.wait(items).expect("no thread panics holding the channel");
        };
        let got = now_ms();
        self.note_length(items.len());
        self.not_full.notify_one();
        (item, asked, got)
    }

    /// The channel's length after every put and take, as (ms since the run started, length).
    pub fn into_lengths(self) -> Vec<(f64, usize)> {
        self.lengths.into_inner().expect("no thread panicked holding the lengths")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn items_come_out_in_order_and_the_length_never_passes_the_capacity() {
        let channel = BoundedChannel::new(3, now_ms());
        let taken = std::thread::scope(|scope| {
            scope.spawn(|| {
                for i in 0..100 {
                    channel.put(i);
                }
            });
            (0..100).map(|_| channel.take().0).collect::<Vec<_>>()
        });
        assert_eq!(taken, (0..100).collect::<Vec<_>>());
        let lengths = channel.into_lengths();
        assert!(lengths.iter().all(|&(_, length)| length <= 3));
        assert_eq!(lengths.len(), 1 + 2 * 100);
    }
}
