//! Data made once and reused: a sweep runs the same data many times, and
//! making it is not part of T(k) (the engines time `keep` apart, like pool
//! start-up). Each shelf holds the parts of one data set: on threads the whole
//! table, on a share-nothing worker just its partitions. Asking for another
//! data set empties the shelf first, so memory holds one data set of each kind.

use std::ops::Range;
use std::sync::{Arc, Mutex};

use super::{Customers, CustomersSpec, Orders, OrdersSpec, Text, TextSpec};
use crate::schedule::{static_chunks, Schedule};

/// What `Kernel::prepare(part)` keeps of 0..len when each share-nothing
/// worker takes one contiguous block of it (`Schedule::StaticBlocks`): all of
/// it for workers that share memory (`None`), worker w's block of k otherwise.
pub fn blocks_to_keep(part: Option<(usize, usize)>, len: usize) -> Vec<Range<usize>> {
    match part {
        None => vec![0..len],
        Some((worker, workers)) => {
            static_chunks(Schedule::StaticBlocks, worker, workers, len).expect("a static schedule lists its chunks")
        }
    }
}

/// A description of data that can make any range of it.
pub trait Generate: Copy + PartialEq {
    type Data;
    fn generate(&self, range: Range<usize>) -> Self::Data;
}

impl Generate for OrdersSpec {
    type Data = Orders;
    fn generate(&self, rows: Range<usize>) -> Orders {
        OrdersSpec::generate(self, rows)
    }
}

impl Generate for CustomersSpec {
    type Data = Customers;
    fn generate(&self, ids: Range<usize>) -> Customers {
        CustomersSpec::generate(self, ids)
    }
}

impl Generate for TextSpec {
    type Data = Text;
    fn generate(&self, positions: Range<usize>) -> Text {
        TextSpec::generate(self, positions)
    }
}

type Parts<S> = (Option<S>, Vec<(Range<usize>, Arc<<S as Generate>::Data>)>);

pub struct Shelf<S: Generate> {
    parts: Mutex<Parts<S>>,
}

pub static ORDERS: Shelf<OrdersSpec> = Shelf::new();
pub static CUSTOMERS: Shelf<CustomersSpec> = Shelf::new();
pub static TEXT: Shelf<TextSpec> = Shelf::new();

impl<S: Generate> Shelf<S> {
    const fn new() -> Self {
        Shelf { parts: Mutex::new((None, Vec::new())) }
    }

    /// Keeps exactly the parts `ranges` of `spec`'s data, making those it lacks
    /// and dropping the others.
    pub fn keep(&self, spec: &S, ranges: &[Range<usize>]) {
        let mut shelf = self.parts.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        if shelf.0.as_ref() != Some(spec) {
            *shelf = (Some(*spec), Vec::new());
        }
        let kept: Vec<_> = ranges
            .iter()
            .map(|range| match shelf.1.iter().find(|(r, _)| r == range) {
                Some((_, data)) => (range.clone(), Arc::clone(data)),
                None => (range.clone(), Arc::new(spec.generate(range.clone()))),
            })
            .collect();
        shelf.1 = kept;
    }

    /// The part `range` of `spec`'s data: the kept one, or made now if it was not kept.
    pub fn get(&self, spec: &S, range: Range<usize>) -> Arc<S::Data> {
        let shelf = self.parts.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        if shelf.0.as_ref() == Some(spec) {
            if let Some((_, data)) = shelf.1.iter().find(|(r, _)| *r == range) {
                return Arc::clone(data);
            }
        }
        drop(shelf);
        Arc::new(spec.generate(range))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::data::Skew;

    #[test]
    fn a_kept_part_is_reused_and_a_new_data_set_replaces_the_old() {
        let shelf: Shelf<TextSpec> = Shelf::new();
        let spec = TextSpec { seed: 1, words: 100, vocabulary: 10, word_skew: Skew(0.0) };
        shelf.keep(&spec, &[0..50, 50..100]);
        let first = shelf.get(&spec, 0..50);
        assert!(Arc::ptr_eq(&first, &shelf.get(&spec, 0..50)), "kept, not made again");
        assert!(!Arc::ptr_eq(&shelf.get(&spec, 0..10), &shelf.get(&spec, 0..10)), "not kept: made each time");
        assert_eq!(*shelf.get(&spec, 0..10), spec.generate(0..10));
        let other = TextSpec { seed: 2, ..spec };
        shelf.keep(&other, &[0..100]);
        assert!(!Arc::ptr_eq(&first, &shelf.get(&spec, 0..50)), "the old data set is gone");
        assert_eq!(shelf.parts.lock().unwrap().1.len(), 1);
    }
}
