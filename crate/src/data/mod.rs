//! Generated data for the data experiments: two tables (`orders`, `customers`)
//! and a text, stored as columns, from a seed, by a generator simple enough to
//! re-implement in any language (specified in docs/data.md, pinned by the
//! tests below). Every value is a pure function of the seed and its position,
//! so any range of rows can be made on its own: a share-nothing worker makes
//! just its partition, and gets the same rows as the whole table has there.
//!
//! `cache` keeps what was made, so that a sweep makes its data once.

pub mod cache;
mod tables;
mod text;

pub use tables::{
    Customers, CustomersSpec, Orders, OrdersSpec, DAYS, MAX_AMOUNT_CENTS, MAX_CUSTOMERS, MAX_ORDERS, PRODUCTS, REGIONS,
    SEGMENTS,
};
pub use text::{spell, Text, TextSpec, MAX_VOCABULARY, MAX_WORDS};

use serde::{Deserialize, Serialize};

/// SplitMix64's increment (the golden ratio in 64 bits).
const GAMMA: u64 = 0x9E37_79B9_7F4A_7C15;

/// SplitMix64's output function.
fn mix(mut z: u64) -> u64 {
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

/// Output number `n` (from 0) of SplitMix64 whose state starts at `seed`.
pub fn draw(seed: u64, n: u64) -> u64 {
    mix(seed.wrapping_add(GAMMA.wrapping_mul(n.wrapping_add(1))))
}

/// `x` (a 64-bit draw) scaled to 0..n without division: floor(x · n / 2^64).
pub fn below(x: u64, n: u64) -> u64 {
    // Wasm has no widening multiply: there the u128 product is a call to
    // `__multi3`, which hands its result back through memory, once per row
    // when a join routes its orders.
    if cfg!(target_arch = "wasm32") {
        high_product_by_halves(x, n)
    } else {
        ((x as u128 * n as u128) >> 64) as u64
    }
}

/// The high 64 bits of `a · b`, from four 32 × 32-bit products.
fn high_product_by_halves(a: u64, b: u64) -> u64 {
    const LOW: u64 = 0xFFFF_FFFF;
    let (a_low, a_high, b_low, b_high) = (a & LOW, a >> 32, b & LOW, b >> 32);
    let middle_carry = ((a_low * b_low) >> 32) + (a_high * b_low & LOW) + a_low * b_high;
    a_high * b_high + ((a_high * b_low) >> 32) + (middle_carry >> 32)
}

/// Part `part` of `parts` equal parts of 0..len (the first ones one shorter
/// when it does not divide): how the data experiments cut a table into partitions.
pub fn part_range(part: usize, parts: usize, len: usize) -> std::ops::Range<usize> {
    // In 64 bits: on wasm32 a usize overflows at 720 parts of 8 M rows.
    let bound = |part: usize| (part as u64 * len as u64 / parts as u64) as usize;
    bound(part)..bound(part + 1)
}

/// How unevenly keys are drawn: a Zipf exponent in steps of 0.5 from 0
/// (uniform) to 3 (one key gets most rows). Half steps keep every weight a
/// product of integers and square roots, which IEEE 754 rounds the same way on
/// every machine and in every language, so the data never depends on a `pow`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Deserialize, Serialize)]
#[serde(transparent)]
pub struct Skew(pub f64);

impl Skew {
    pub const MAX: f64 = 3.0;

    pub fn validate(self, what: &str) -> Result<(), String> {
        let halves = self.0 * 2.0;
        if !(0.0..=Self::MAX).contains(&self.0) || halves.fract() != 0.0 {
            return Err(format!(
                "The skew of {what} must be one of 0, 0.5, 1, 1.5, 2, 2.5 or 3 (a Zipf exponent; 0 = uniform), not {}.",
                self.0
            ));
        }
        Ok(())
    }
}

/// Draws keys 0..n, key i with weight about 1 / (i + 1)^s: the table of
/// cumulative integer weights of docs/data.md, searched for each draw.
pub struct Zipf {
    cumulative: Vec<u64>,
}

impl Zipf {
    pub fn new(keys: usize, skew: Skew) -> Zipf {
        let whole_powers = skew.0.floor() as u32;
        let half_power = skew.0.fract() != 0.0;
        let mut total = 0u64;
        let cumulative = (1..=keys)
            .map(|rank| {
                let rank = rank as f64;
                let mut power = 1.0f64;
                for _ in 0..whole_powers {
                    power *= rank;
                }
                if half_power {
                    power *= rank.sqrt();
                }
                total += ((1u64 << 40) as f64 / power).floor().max(1.0) as u64;
                total
            })
            .collect();
        Zipf { cumulative }
    }

    /// The key of the draw `x`: the first rank whose cumulative weight exceeds
    /// floor(x · total / 2^64), counted from 0.
    pub fn key(&self, x: u64) -> u32 {
        let target = below(x, *self.cumulative.last().expect("a Zipf table has at least one key"));
        self.cumulative.partition_point(|&c| c <= target) as u32
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    // Fixed values: if one of these changes, data made elsewhere from docs/data.md no longer matches.
    #[test]
    fn splitmix64_matches_its_published_first_outputs() {
        // SplitMix64 from state 0: the reference implementation's first two outputs.
        assert_eq!(draw(0, 0), 0xE220_A839_7B1D_CDAF);
        assert_eq!(draw(0, 1), 0x6E78_9E6A_A1B9_65F4);
        assert_eq!(below(u64::MAX, 10), 9);
        assert_eq!(below(0, 10), 0);
    }

    #[test]
    fn the_high_product_by_halves_equals_the_widening_multiply() {
        let widening = |a: u64, b: u64| ((a as u128 * b as u128) >> 64) as u64;
        let edges = [0, 1, 2, 0xFFFF_FFFF, 0x1_0000_0000, 0x1_0000_0001, u64::MAX - 1, u64::MAX];
        for &a in &edges {
            for &b in &edges {
                assert_eq!(high_product_by_halves(a, b), widening(a, b), "{a:#x} · {b:#x}");
            }
        }
        for n in 0..100_000 {
            let (a, b) = (draw(1, n), draw(2, n));
            assert_eq!(high_product_by_halves(a, b), widening(a, b), "{a:#x} · {b:#x}");
        }
    }

    #[test]
    fn zipf_weights_follow_the_specification() {
        let uniform = Zipf::new(4, Skew(0.0));
        assert_eq!(uniform.cumulative, vec![1 << 40, 2 << 40, 3 << 40, 4 << 40]);
        let skewed = Zipf::new(3, Skew(1.5));
        // 2^40 / 1, 2^40 / (2·√2), 2^40 / (3·√3), floored.
        assert_eq!(skewed.cumulative, vec![1_099_511_627_776, 1_488_247_691_772, 1_699_848_803_196]);
        assert_eq!(skewed.key(0), 0);
        assert_eq!(skewed.key(u64::MAX), 2);
    }

    #[test]
    fn skewed_keys_favour_the_first_ones_and_uniform_keys_do_not() {
        let count_of_key_0 = |skew| {
            let zipf = Zipf::new(100, Skew(skew));
            (0..10_000).filter(|&n| zipf.key(draw(9, n)) == 0).count()
        };
        assert!((50..150).contains(&count_of_key_0(0.0)), "about 1 % of the draws");
        assert!(count_of_key_0(2.0) > 5_000, "about 61 % of the draws");
    }

    #[test]
    fn parts_cover_the_whole_once() {
        let ranges: Vec<_> = (0..3).map(|p| part_range(p, 3, 10)).collect();
        assert_eq!(ranges, vec![0..3, 3..6, 6..10]);
    }

    #[test]
    fn only_half_steps_from_0_to_3_are_skews() {
        assert!(Skew(1.5).validate("x").is_ok());
        assert!(Skew(1.2).validate("x").unwrap_err().contains("0.5"));
        assert!(Skew(3.5).validate("x").is_err());
        assert!(Skew(-0.5).validate("x").is_err());
    }
}
