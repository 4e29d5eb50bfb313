//! A unit of CPU work that is deterministic, cheap to describe and impossible
//! for the compiler to skip: the cost knob of several experiments.

/// Steps of `spin` between two GIL checkpoints: a few microseconds of work.
const ROUNDS_PER_CHECKPOINT: u32 = 2048;

/// `rounds` steps of a 64-bit mixing function, starting from `seed`. Each step
/// depends on the previous one, so the time grows linearly with `rounds`.
/// Under a GIL, the worker may hand the lock over every few microseconds.
pub fn spin(seed: u64, rounds: u32) -> u64 {
    let mut x = seed ^ 0x9E37_79B9_7F4A_7C15;
    let mut left = rounds;
    while left > 0 {
        let block = left.min(ROUNDS_PER_CHECKPOINT);
        for _ in 0..block {
            x ^= x >> 33;
            x = x.wrapping_mul(0xFF51_AFD7_ED55_8CCD);
            x ^= x >> 29;
        }
        left -= block;
        crate::gil::checkpoint();
    }
    x
}

const FNV_OFFSET_BASIS: u64 = 0xCBF2_9CE4_8422_2325;
const FNV_PRIME: u64 = 0x0000_0100_0000_01B3;

/// FNV-1a, 64 bits, over `values`: for each, xor it in, then multiply by the
/// FNV prime. Over bytes it is the published function (`fnv1a`); the image
/// batch folds whole 32-bit pixels words the same way.
pub fn fnv1a_of(values: impl IntoIterator<Item = u64>) -> u64 {
    values.into_iter().fold(FNV_OFFSET_BASIS, |hash, value| (hash ^ value).wrapping_mul(FNV_PRIME))
}

/// FNV-1a of `bytes`.
pub fn fnv1a(bytes: &[u8]) -> u64 {
    fnv1a_of(bytes.iter().map(|&b| u64::from(b)))
}

/// FNV-1a as a `Hasher`, for maps keyed by words.
pub struct Fnv1a(u64);

impl Default for Fnv1a {
    fn default() -> Self {
        Fnv1a(FNV_OFFSET_BASIS)
    }
}

impl std::hash::Hasher for Fnv1a {
    fn write(&mut self, bytes: &[u8]) {
        for &byte in bytes {
            self.0 = (self.0 ^ u64::from(byte)).wrapping_mul(FNV_PRIME);
        }
    }

    fn finish(&self) -> u64 {
        self.0
    }
}

/// Folds per-task values into one number that changes if any value or its
/// position changes, so two runs agree only if every task agrees.
pub fn checksum(values: impl IntoIterator<Item = u64>) -> u64 {
    values.into_iter().enumerate().fold(0u64, |acc, (i, v)| acc.rotate_left(5) ^ v.wrapping_add(i as u64))
}

/// What the values at positions `first..` of a sequence of `total` values add
/// to its `checksum`: the checksum is the XOR of every position's share, so
/// the parts of a sequence, computed where they lie, XOR to its checksum
/// without the values travelling.
pub fn checksum_part(values: impl IntoIterator<Item = u64>, first: usize, total: usize) -> u64 {
    values.into_iter().enumerate().fold(0u64, |acc, (j, v)| {
        let i = first + j;
        // A rotation by 5 for every value that follows this one.
        let turns = (5 * ((total - 1 - i) % 64)) as u32;
        acc ^ v.wrapping_add(i as u64).rotate_left(turns)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spin_is_deterministic_and_depends_on_both_inputs() {
        assert_eq!(spin(7, 1000), spin(7, 1000));
        assert_ne!(spin(7, 1000), spin(8, 1000));
        assert_ne!(spin(7, 1000), spin(7, 1001));
    }

    #[test]
    fn checksum_sees_order_and_values() {
        assert_ne!(checksum([1, 2, 3]), checksum([2, 1, 3]));
        assert_ne!(checksum([1, 2, 3]), checksum([1, 2, 4]));
        assert_eq!(checksum([1, 2, 3]), checksum(vec![1, 2, 3]));
    }

    #[test]
    fn the_parts_of_a_checksum_xor_to_it() {
        let values: Vec<u64> = (0..200u64).map(|v| v.wrapping_mul(0x9E37_79B9_7F4A_7C15)).collect();
        for cuts in [vec![0, 200], vec![0, 1, 200], vec![0, 13, 13, 77, 199, 200]] {
            let parts = cuts.windows(2).map(|cut| checksum_part(values[cut[0]..cut[1]].iter().copied(), cut[0], 200));
            assert_eq!(parts.fold(0, |acc, part| acc ^ part), checksum(values.iter().copied()), "cut at {cuts:?}");
        }
        assert_ne!(checksum_part([1, 2], 0, 2), checksum_part([2, 1], 0, 2));
    }
}
