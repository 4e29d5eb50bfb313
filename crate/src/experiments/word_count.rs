//! Word count, Spark's classic: map every word of a text to (word, 1), then
//! reduce by key. Two rounds:
//! - map: each worker takes its block of the text and writes its pairs into
//!   one bucket per reducer, the reducer of a word being its FNV-1a hash
//!   modulo the number of reducers (one per worker); with the combiner on, it
//!   first adds up its own pairs, so that it writes one (word, n) per distinct word;
//! - reduce: reducer r reads bucket r of every map block and adds up the counts.
//!
//! On the processes engine the buckets travel from the map chunks to the
//! reducers (the shuffle, `Plan::shuffle`), so their bytes are what the
//! combiner saves. On threads the same two rounds run in shared memory: the
//! buckets are written (the timeline's "shuffle" segment of each map block)
//! and read in place, and the run reports what a share-nothing run would move.
//! With skewed words (Zipf) the reducer that gets the most frequent word gets
//! far more pairs than the others, unless the combiner has already added them up.
//!
//! The result is the 10 most frequent words and a checksum over every (word, count).

use std::collections::HashMap;
use std::hash::BuildHasherDefault;
use std::ops::Range;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

use rayon::ThreadPool;

use super::{decode, decoded, encode, encoded_size, BytesMoved, Kernel, Output, PartResult, Partial, Plan, Shuffle};
use crate::clock::now_ms;
use crate::data::cache::{blocks_to_keep, TEXT};
use crate::data::{draw, Skew, Text, TextSpec};
use crate::gil;
use crate::schedule::{run_partials_on_pool, Cancelled, Experiment, RunControl, Schedule};
use crate::recorder;
use crate::work::{fnv1a, Fnv1a};
use crate::work_record::{Kind, Run};

#[derive(Clone, Copy, Debug, Deserialize, Serialize)]
pub struct WordCountParams {
    /// Words of text.
    pub words: usize,
    /// Distinct words the text draws from.
    pub vocabulary: usize,
    pub word_skew: Skew,
    /// Whether each map block adds up its own pairs before the shuffle.
    pub combiner: bool,
    pub seed: u64,
}

/// Words the result shows, the most frequent first.
pub const TOP_WORDS: usize = 10;
/// What the timeline calls a map task writing its buckets for the reducers
/// (threads); on processes a reducer's wait for its buckets is "shuffle: receive".
pub const SHUFFLE_WRITE: &str = "shuffle: write";
// A GIL checkpoint costs a look at a thread-local: once every so many words.
const WORDS_PER_CHECKPOINT: usize = 4096;

/// Reducer `fnv1a(word) mod reducers`: FNV-1a decides a word's reducer, and
/// serves as the hash of the maps.
pub fn reducer_of(word: &[u8], reducers: usize) -> usize {
    (fnv1a(word) % reducers as u64) as usize
}

/// The bytes of a word that fit in 64 bits, read with loads of a fixed size
/// (the same few instructions natively and in wasm, where a loop over the
/// bytes would cost a branch each): for a word of up to 8 bytes, its first
/// and last half, which overlap when it is shorter, so that two words of the
/// same length are equal exactly when their heads are; for a longer word,
/// its first 8 bytes.
#[inline]
fn head(word: &[u8]) -> u64 {
    let n = word.len();
    let at = |i: usize, size: usize| {
        let mut bytes = [0; 8];
        bytes[..size].copy_from_slice(&word[i..i + size]);
        u64::from_le_bytes(bytes)
    };
    match n {
        0 => 0,
        1 => u64::from(word[0]),
        2..=3 => at(0, 2) | at(n - 2, 2) << 16,
        4..=7 => at(0, 4) | at(n - 4, 4) << 32,
        _ => at(0, 8),
    }
}

/// A map block's counts by word (the combiner): open addressing with linear
/// probing over slots that hold each word's head (`head`) besides the word.
/// Finding a word of up to 8 bytes then reads only the table, never the place
/// in the text where the held word first appeared, which is rarely in the
/// cache. The reducers keep the standard library's map: their words are in
/// the buckets, not scattered over the text, and there it was the faster one
/// natively.
struct Counts<'a> {
    /// A power of two of slots, at most half of them used.
    slots: Vec<Slot<'a>>,
    used: usize,
}

#[derive(Clone, Copy)]
struct Slot<'a> {
    head: u64,
    /// None: an unused slot.
    word: Option<&'a [u8]>,
    count: u32,
}

impl<'a> Counts<'a> {
    fn new() -> Self {
        Counts { slots: vec![Slot { head: 0, word: None, count: 0 }; 16], used: 0 }
    }

    /// Counts one more `word`.
    #[inline]
    fn add(&mut self, word: &'a [u8]) {
        let head = head(word);
        let mask = self.slots.len() - 1;
        let mut i = fnv1a(word) as usize & mask;
        loop {
            let slot = &mut self.slots[i];
            match slot.word {
                Some(held) if slot.head == head && held.len() == word.len() && (word.len() <= 8 || held == word) => {
                    slot.count += 1;
                    return;
                }
                Some(_) => i = (i + 1) & mask,
                None => {
                    *slot = Slot { head, word: Some(word), count: 1 };
                    self.used += 1;
                    if self.used * 2 > self.slots.len() {
                        self.grow();
                    }
                    return;
                }
            }
        }
    }

    fn grow(&mut self) {
        let unused = Slot { head: 0, word: None, count: 0 };
        let doubled = vec![unused; self.slots.len() * 2];
        let old = std::mem::replace(&mut self.slots, doubled);
        let mask = self.slots.len() - 1;
        for slot in old.into_iter().filter(|slot| slot.word.is_some()) {
            let mut i = slot.word.map_or(0, fnv1a) as usize & mask;
            while self.slots[i].word.is_some() {
                i = (i + 1) & mask;
            }
            self.slots[i] = slot;
        }
    }

    fn iter(&self) -> impl Iterator<Item = (&'a [u8], u32)> + '_ {
        self.slots.iter().filter_map(|slot| slot.word.map(|word| (word, slot.count)))
    }
}

/// A bucket of (word, count) pairs, as columns: the words, each followed by a
/// space, and their counts. Without a combiner every count is 1.
#[derive(Clone, Debug, Default, PartialEq, Deserialize, Serialize)]
pub struct Pairs {
    #[serde(serialize_with = "as_bytes", deserialize_with = "from_bytes")]
    words: Vec<u8>,
    counts: Vec<u32>,
}

impl Pairs {
    fn push(&mut self, word: &[u8], count: u32) {
        self.words.extend_from_slice(word);
        self.words.push(b' ');
        self.counts.push(count);
    }

    fn iter(&self) -> impl Iterator<Item = (&[u8], u32)> {
        self.words.split(|&b| b == b' ').zip(self.counts.iter().copied())
    }
}

// The words travel as one run of bytes (a length, then the bytes), the same
// bytes as bincode gives a Vec<u8>, without going through them one by one.
fn as_bytes<S: Serializer>(bytes: &[u8], serializer: S) -> Result<S::Ok, S::Error> {
    serializer.serialize_bytes(bytes)
}

fn from_bytes<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Vec<u8>, D::Error> {
    struct Bytes;
    impl<'de> serde::de::Visitor<'de> for Bytes {
        type Value = Vec<u8>;
        fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
            f.write_str("the bytes of a bucket's words")
        }
        fn visit_bytes<E>(self, bytes: &[u8]) -> Result<Vec<u8>, E> {
            Ok(bytes.to_vec())
        }
        fn visit_byte_buf<E>(self, bytes: Vec<u8>) -> Result<Vec<u8>, E> {
            Ok(bytes)
        }
    }
    deserializer.deserialize_byte_buf(Bytes)
}

/// What one reducer found: its share of the result, and what it received.
#[derive(Clone, Debug, Default, PartialEq, Deserialize, Serialize)]
pub struct Reduced {
    /// Distinct words (no other reducer has them).
    distinct: u64,
    /// The sum of `pair_hash` over its (word, count)s.
    checksum: u64,
    /// Its most frequent words, at most `TOP_WORDS`.
    top: Vec<(String, u64)>,
    /// Pairs and encoded bytes of the buckets it read.
    pairs_in: u64,
    bytes_in: u64,
}

/// One (word, count) as a number; their sum over all words is order-independent.
fn pair_hash(word: &[u8], count: u64) -> u64 {
    draw(fnv1a(word), count)
}

/// More frequent first, then alphabetical.
fn by_count<W: Ord>(a: &(W, u64), b: &(W, u64)) -> std::cmp::Ordering {
    b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0))
}

fn top_of<W: Ord>(mut words: Vec<(W, u64)>) -> Vec<(W, u64)> {
    if words.len() > TOP_WORDS {
        words.select_nth_unstable_by(TOP_WORDS - 1, by_count);
        words.truncate(TOP_WORDS);
    }
    words.sort_unstable_by(by_count);
    words
}

/// The map round on words `words` of `text`: one bucket per reducer. The
/// writing of the buckets is recorded as the "shuffle" (on a pool's worker).
fn map_block(text: &Text, words: Range<usize>, reducers: usize, combiner: bool) -> Vec<Pairs> {
    let mut buckets = vec![Pairs::default(); reducers];
    if combiner {
        let mut counts = Counts::new();
        for block in words.clone().step_by(WORDS_PER_CHECKPOINT) {
            gil::checkpoint();
            for i in block..(block + WORDS_PER_CHECKPOINT).min(words.end) {
                counts.add(text.word(i));
            }
        }
        recorder::waiting(Kind::Message, SHUFFLE_WRITE, || {
            for (word, count) in counts.iter() {
                buckets[reducer_of(word, reducers)].push(word, count);
            }
        });
    } else {
        let mut reducer = Vec::with_capacity(words.len());
        for block in words.clone().step_by(WORDS_PER_CHECKPOINT) {
            gil::checkpoint();
            reducer.extend(
                (block..(block + WORDS_PER_CHECKPOINT).min(words.end))
                    .map(|i| reducer_of(text.word(i), reducers) as u32),
            );
        }
        recorder::waiting(Kind::Message, SHUFFLE_WRITE, || {
            for (i, &r) in words.zip(&reducer) {
                buckets[r as usize].push(text.word(i), 1);
            }
        });
    }
    buckets
}

/// The reduce round of one reducer over its buckets, in map-block order.
fn reduce<'a>(buckets: impl Iterator<Item = &'a Pairs>, bytes_in: u64) -> Reduced {
    let mut counts: HashMap<&[u8], u64, BuildHasherDefault<Fnv1a>> = HashMap::default();
    let mut pairs_in = 0;
    for bucket in buckets {
        for (i, (word, count)) in bucket.iter().enumerate() {
            if i % WORDS_PER_CHECKPOINT == 0 {
                gil::checkpoint();
            }
            *counts.entry(word).or_default() += u64::from(count);
        }
        pairs_in += bucket.counts.len() as u64;
    }
    let checksum = counts.iter().fold(0u64, |sum, (word, &count)| sum.wrapping_add(pair_hash(word, count)));
    let top = top_of(counts.iter().map(|(&word, &count)| (word, count)).collect());
    Reduced {
        distinct: counts.len() as u64,
        checksum,
        top: top.into_iter().map(|(word, count)| (String::from_utf8_lossy(word).into_owned(), count)).collect(),
        pairs_in,
        bytes_in,
    }
}

/// The reducers' results, in reducer order, as the page's result.
fn merged(params: &WordCountParams, reduced: Vec<Reduced>, would_move: Option<BytesMoved>) -> Output {
    let checksum = reduced.iter().fold(0u64, |sum, r| sum.wrapping_add(r.checksum));
    let top = top_of(reduced.iter().flat_map(|r| r.top.iter().cloned()).collect());
    let mut details = serde_json::json!({
        "words": params.words,
        "distinct": reduced.iter().map(|r| r.distinct).sum::<u64>(),
        "combiner": params.combiner,
        "top": top,
        "pairs_per_reducer": reduced.iter().map(|r| r.pairs_in).collect::<Vec<_>>(),
        "bytes_per_reducer": reduced.iter().map(|r| r.bytes_in).collect::<Vec<_>>(),
    });
    if let Some(would_move) = would_move {
        details["would_move"] = serde_json::json!(would_move);
    }
    Output { checksum, details, arrays: Vec::new() }
}

impl WordCountParams {
    fn text_spec(&self) -> TextSpec {
        TextSpec { seed: self.seed, words: self.words, vocabulary: self.vocabulary, word_skew: self.word_skew }
    }
}

/// Sequential reference: one map of every word to its count (the standard
/// library's, so that the tests check `Counts` against another table).
pub fn sequential(params: &WordCountParams) -> Output {
    let text = TEXT.get(&params.text_spec(), 0..params.words);
    let mut counts: HashMap<&[u8], u64, BuildHasherDefault<Fnv1a>> = HashMap::default();
    for i in 0..text.word_count() {
        *counts.entry(text.word(i)).or_default() += 1;
    }
    let checksum = counts.iter().fold(0u64, |sum, (word, &count)| sum.wrapping_add(pair_hash(word, count)));
    let top = top_of(counts.iter().map(|(&word, &count)| (word, count)).collect());
    let top: Vec<_> =
        top.into_iter().map(|(word, count)| (String::from_utf8_lossy(word).into_owned(), count)).collect();
    Output {
        checksum,
        details: serde_json::json!({ "words": params.words, "distinct": counts.len(), "top": top }),
        arrays: Vec::new(),
    }
}

/// The map round on a pool: one block of the text per worker.
struct MapRound<'a> {
    params: &'a WordCountParams,
    text: &'a Text,
    reducers: usize,
}

impl Experiment for MapRound<'_> {
    type Partial = Vec<Pairs>;
    type Output = Vec<Vec<Pairs>>;

    fn task_name(&self) -> &'static str {
        "words"
    }

    fn task_count(&self) -> usize {
        self.params.words
    }

    fn run_chunk(&self, words: Range<usize>) -> Vec<Pairs> {
        map_block(self.text, words, self.reducers, self.params.combiner)
    }

    fn merge(&self, blocks: Vec<Vec<Pairs>>) -> Vec<Vec<Pairs>> {
        blocks
    }
}

/// The reduce round on a pool: reducer r on worker r mod k, reading the buckets where the map wrote them.
struct ReduceRound<'a> {
    /// `blocks[b][r]`: map block b's bucket for reducer r.
    blocks: &'a [Vec<Pairs>],
}

impl Experiment for ReduceRound<'_> {
    type Partial = Vec<Reduced>;
    type Output = Vec<Reduced>;

    fn task_name(&self) -> &'static str {
        "count"
    }

    fn task_count(&self) -> usize {
        self.blocks.first().map_or(0, Vec::len)
    }

    /// A lone reducer receives nothing from other workers (`bytes_in` 0), as a lone process does.
    fn run_chunk(&self, reducers: Range<usize>) -> Vec<Reduced> {
        let alone = self.task_count() == 1;
        reducers
            .map(|r| {
                let bytes_in = if alone { 0 } else { self.blocks.iter().map(|buckets| encoded_size(&buckets[r])).sum() };
                reduce(self.blocks.iter().map(|buckets| &buckets[r]), bytes_in)
            })
            .collect()
    }

    fn merge(&self, partials: Vec<Vec<Reduced>>) -> Vec<Reduced> {
        partials.concat()
    }
}

impl Kernel for WordCountParams {
    fn validate(&self) -> Result<(), String> {
        self.text_spec().validate()
    }

    fn prepare(&self, part: Option<(usize, usize)>) -> bool {
        TEXT.keep(&self.text_spec(), &blocks_to_keep(part, self.words));
        true
    }

    /// The map round, then the reduce round, on the same k workers; their
    /// records on one clock, and what a share-nothing run would move.
    fn run_threads(&self, pool: &ThreadPool, control: &RunControl) -> Result<Run<Output>, Cancelled> {
        let text = TEXT.get(&self.text_spec(), 0..self.words);
        let reducers = pool.current_num_threads();
        let map_round = MapRound { params: self, text: &text, reducers };
        let (blocks, mut log, run_start) = run_partials_on_pool(pool, &map_round, Schedule::StaticBlocks, control)?;
        let reduce_round = ReduceRound { blocks: &map_round.merge(blocks) };
        let reduce_start = now_ms();
        let (reduced, reduce_log, _) =
            run_partials_on_pool(pool, &reduce_round, Schedule::StaticInterleaved { chunk: 1 }, control)?;
        log.absorb(reduce_log.shifted(reduce_start - run_start));
        let reduced = reduce_round.merge(reduced);
        let would_move = BytesMoved {
            scatter: 0,
            shuffle: reduced.iter().map(|r| r.bytes_in).sum(),
            gather: reduced.iter().map(encoded_size).sum(),
        };
        let (output, merge_log) = recorder::merge(0, run_start, || merged(self, reduced, Some(would_move)));
        log.absorb(merge_log);
        Ok(Run::finished(output, reducers, run_start, log))
    }

    fn sequential(&self) -> Output {
        sequential(self)
    }

    /// One block of text per process (made where it runs), and one reducer per
    /// process. A lone process is its own reducer: it has nothing to shuffle.
    fn plan(&self, workers: usize) -> Plan {
        Plan {
            task_count: self.words,
            task_name: "words",
            schedule: Schedule::StaticBlocks,
            input: None,
            dependencies: None,
            broadcast: None,
            shuffle: (workers > 1).then_some(Shuffle { reducers: workers, reducer_name: "count" }),
        }
    }

    fn run_part(&self, words: Range<usize>, reducers: usize, _: Vec<u32>, _broadcast: &[u8]) -> PartResult {
        let text = TEXT.get(&self.text_spec(), words);
        let buckets = map_block(&text, 0..text.word_count(), reducers, self.combiner);
        if reducers == 1 {
            return PartResult { partial: Partial::Encoded(encode(&reduce(buckets.iter(), 0))), wait_ms: 0 };
        }
        PartResult { partial: Partial::Buckets(buckets.iter().map(encode).collect()), wait_ms: 0 }
    }

    fn run_reducer(&self, _reducer: usize, buckets: Vec<Vec<u8>>) -> PartResult {
        let bytes_in = buckets.iter().map(|b| b.len() as u64).sum();
        let buckets: Vec<Pairs> = buckets
            .iter()
            .map(|bytes| decode(bytes))
            .collect::<Result<_, _>>()
            .unwrap_or_else(|message| panic!("{message}"));
        PartResult { partial: Partial::Encoded(encode(&reduce(buckets.iter(), bytes_in))), wait_ms: 0 }
    }

    fn merge_parts(&self, partials: Vec<Partial>) -> Result<Output, String> {
        Ok(merged(self, decoded(partials)?, None))
    }
}

#[cfg(test)]
mod tests {
    use std::sync::atomic::AtomicBool;

    use super::*;
    use crate::experiments::share_nothing;
    use crate::gil::Gil;
    use crate::schedule::static_chunks;

    fn params(words: usize, vocabulary: usize, skew: f64, combiner: bool, seed: u64) -> WordCountParams {
        WordCountParams { words, vocabulary, word_skew: Skew(skew), combiner, seed }
    }

    fn on_threads(k: usize, p: &WordCountParams, gil: Option<f64>) -> Run<Output> {
        let pool = rayon::ThreadPoolBuilder::new().num_threads(k).build().unwrap();
        p.validate().unwrap();
        p.prepare(None);
        let control = RunControl { cancel: &AtomicBool::new(false), gil: gil.map(Gil::new) };
        p.run_threads(&pool, &control).unwrap()
    }

    const CASES: [(usize, usize, f64, u64); 4] =
        [(1, 1, 0.0, 1), (999, 7, 0.0, 2), (20_011, 300, 1.0, 3), (30_000, 5000, 2.5, 4)];

    #[test]
    fn fnv1a_is_the_published_function() {
        // The FNV-1a 64 test vectors: the empty string, "a", "foobar".
        assert_eq!(fnv1a(b""), 0xCBF2_9CE4_8422_2325);
        assert_eq!(fnv1a(b"a"), 0xAF63_DC4C_8601_EC8C);
        assert_eq!(fnv1a(b"foobar"), 0x8594_4171_F739_67E8);
    }

    #[test]
    fn threads_equal_the_sequential_reference_for_sizes_k_skews_seeds_and_both_combiners() {
        for (words, vocabulary, skew, seed) in CASES {
            let expected = params(words, vocabulary, skew, false, seed).sequential();
            for k in [1, 2, 3, 5] {
                for combiner in [false, true] {
                    let output = on_threads(k, &params(words, vocabulary, skew, combiner, seed), None).output;
                    assert_eq!(
                        output.checksum, expected.checksum,
                        "k={k} words={words} skew={skew} combiner={combiner}"
                    );
                    assert_eq!(output.details["top"], expected.details["top"]);
                    assert_eq!(output.details["distinct"], expected.details["distinct"]);
                }
            }
        }
    }

    #[test]
    fn the_share_nothing_form_equals_the_reference_for_k_chunkings_skews_and_both_combiners() {
        for (words, vocabulary, skew, seed) in CASES {
            let expected = params(words, vocabulary, skew, false, seed).sequential().checksum;
            for combiner in [false, true] {
                let p = params(words, vocabulary, skew, combiner, seed);
                for k in [1, 2, 4] {
                    assert_eq!(
                        share_nothing::run(&p, k, words.div_ceil(k)).0.checksum,
                        expected,
                        "k={k} combiner={combiner}"
                    );
                }
                assert_eq!(share_nothing::run(&p, 3, 777).0.checksum, expected, "chunks of 777");
            }
        }
    }

    #[test]
    fn counts_equal_a_hash_map_for_words_of_every_length_that_share_their_ends() {
        // Words of 0 to 20 bytes over two letters: many share their first and
        // last bytes, and those longer than 8 share their heads.
        let words: Vec<Vec<u8>> = (0..3000u32)
            .map(|i| {
                let len = (i % 21) as usize;
                (0..len).map(|b| if (i / 21) >> (b % 7) & 1 == 1 { b'a' } else { b'b' }).collect()
            })
            .collect();
        let mut counts = Counts::new();
        let mut expected: HashMap<&[u8], u32> = HashMap::new();
        for (i, word) in words.iter().enumerate() {
            for _ in 0..=i % 3 {
                counts.add(word);
            }
            *expected.entry(word).or_default() += i as u32 % 3 + 1;
        }
        assert!(expected.len() > 200, "{} distinct words", expected.len());
        let mut found: Vec<(&[u8], u32)> = counts.iter().collect();
        found.sort_unstable();
        let mut expected: Vec<(&[u8], u32)> = expected.into_iter().collect();
        expected.sort_unstable();
        assert_eq!(found, expected);
        // Two words of the same length up to 8 bytes have equal heads only when they are equal.
        assert_ne!(head(b"abcdefg"), head(b"abcxefg"));
        assert_ne!(head(b"abc"), head(b"aXc"));
        assert_eq!(head(b"abcdefghi"), head(b"abcdefghX"), "longer words are compared byte by byte");
    }

    #[test]
    fn the_top_words_are_the_counted_ones() {
        let p = params(50_000, 1000, 1.0, true, 42);
        let text = p.text_spec().generate(0..50_000);
        let count = |word: &str| (0..text.word_count()).filter(|&i| text.word(i) == word.as_bytes()).count() as u64;
        let top = p.sequential().details["top"].clone();
        let top: Vec<(String, u64)> = serde_json::from_value(top).unwrap();
        assert_eq!(top.len(), TOP_WORDS);
        assert_eq!(top[0].0, "ba", "word 0 is the most frequent under Zipf");
        for (word, n) in &top {
            assert_eq!(*n, count(word), "{word}");
        }
        assert!(top.windows(2).all(|w| w[0].1 >= w[1].1));
    }

    #[test]
    fn the_combiner_shrinks_the_shuffle_and_the_hot_reducer_gets_the_most_pairs() {
        let moved = |combiner| {
            let run = on_threads(2, &params(40_000, 2000, 2.0, combiner, 5), None);
            let would_move: BytesMoved = serde_json::from_value(run.output.details["would_move"].clone()).unwrap();
            let pairs: Vec<u64> = serde_json::from_value(run.output.details["pairs_per_reducer"].clone()).unwrap();
            (would_move, pairs)
        };
        let (without, pairs_without) = moved(false);
        let (with, pairs_with) = moved(true);
        assert!(with.shuffle * 5 < without.shuffle, "{with:?} against {without:?}");
        assert_eq!(pairs_without.iter().sum::<u64>(), 40_000, "one pair per word");
        // With skew 2 word 0 ("ba") is about 61 % of the text: its reducer gets most pairs.
        let hot = reducer_of(b"ba", 2);
        assert!(pairs_without[hot] > 3 * pairs_without[1 - hot], "{pairs_without:?}");
        assert!(pairs_with.iter().sum::<u64>() < 4000, "{pairs_with:?}");
    }

    #[test]
    fn would_move_is_what_the_share_nothing_run_moves() {
        for combiner in [false, true] {
            let p = params(10_000, 500, 1.0, combiner, 6);
            let would_move: BytesMoved =
                serde_json::from_value(on_threads(3, &p, None).output.details["would_move"].clone()).unwrap();
            // The processes engine: one block per worker (nothing sent out), buckets, reducers.
            let plan = p.plan(3);
            assert!(plan.broadcast.is_none() && plan.input.is_none());
            let blocks: Vec<_> = (0..3)
                .map(|w| static_chunks(plan.schedule, w, 3, 10_000).unwrap().remove(0))
                .map(|words| match p.run_part(words, 3, Vec::new(), &[]).partial {
                    Partial::Buckets(buckets) => buckets,
                    _ => panic!("buckets"),
                })
                .collect();
            let shuffled: u64 = blocks.iter().flatten().map(|b| b.len() as u64).sum();
            let gathered: u64 = (0..3)
                .map(|r| match p.run_reducer(r, blocks.iter().map(|b| b[r].clone()).collect()).partial {
                    Partial::Encoded(bytes) => bytes.len() as u64,
                    _ => panic!("encoded"),
                })
                .sum();
            let expected = BytesMoved { scatter: 0, shuffle: shuffled, gather: gathered };
            assert_eq!(would_move, expected, "combiner={combiner}");
        }
    }

    #[test]
    fn a_lone_process_counts_its_words_itself_and_moves_what_threads_at_k_1_would() {
        for combiner in [false, true] {
            let p = params(10_000, 500, 1.0, combiner, 6);
            assert!(p.plan(1).shuffle.is_none());
            let threads = on_threads(1, &p, None).output;
            let Partial::Encoded(bytes) = p.run_part(0..10_000, 1, Vec::new(), &[]).partial else { panic!("encoded") };
            let gathered = bytes.len() as u64;
            let alone = p.merge_parts(vec![Partial::Encoded(bytes)]).unwrap();
            assert_eq!(alone.checksum, threads.checksum, "combiner={combiner}");
            assert_eq!(alone.details["top"], threads.details["top"]);
            let would_move: BytesMoved = serde_json::from_value(threads.details["would_move"].clone()).unwrap();
            assert_eq!(would_move, BytesMoved { scatter: 0, shuffle: 0, gather: gathered }, "combiner={combiner}");
        }
    }

    #[test]
    fn the_timeline_has_map_shuffle_and_reducer_segments_on_k_lanes_and_a_merge() {
        let run = on_threads(3, &params(30_000, 100, 1.0, false, 7), None);
        let on = |what: &str| run.records.iter().filter(|r| r.what == what).collect::<Vec<_>>();
        assert_eq!((on("words").len(), on(SHUFFLE_WRITE).len(), on("count").len(), on("merge").len()), (3, 3, 3, 1));
        let map_end = on("words").iter().map(|r| r.end_ms).fold(0.0, f64::max);
        assert!(on("count").iter().all(|r| r.start_ms >= map_end), "reducers start after the map round");
        assert_eq!(run.distinct_workers(), 3);
    }

    #[test]
    fn under_a_gil_both_forms_stay_exact() {
        for combiner in [false, true] {
            let p = params(40_000, 300, 1.0, combiner, 8);
            assert_eq!(on_threads(3, &p, Some(0.05)).output.checksum, p.sequential().checksum, "combiner={combiner}");
        }
    }

    #[test]
    fn bad_parameters_are_refused() {
        let p = params(100, 10, 0.0, false, 1);
        assert!(p.validate().is_ok());
        assert!(WordCountParams { words: 0, ..p }.validate().unwrap_err().contains("Words"));
        assert!(WordCountParams { vocabulary: 0, ..p }.validate().unwrap_err().contains("vocabulary"));
        assert!(WordCountParams { word_skew: Skew(4.0), ..p }.validate().unwrap_err().contains("skew"));
    }
}
