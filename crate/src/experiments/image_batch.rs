//! Image batch: the course's X-ray resize. A batch of grayscale images, each
//! shrunk to a thumbnail by area averaging; one task per image, and nothing
//! shared between tasks but the read-only input. Data parallel and CPU-bound:
//! threads scale with the cores, unless a GIL makes them take turns; processes
//! scale too, but every thumbnail (with its hash, for the checksum) must travel
//! back to the coordinator, and with `Pixels::Sent` every image's pixels travel
//! to its worker as well.
//!
//! The images are generated, deterministic from a seed (see `generate`), and
//! kept between runs (see `source_images`), so that a timed run resizes and
//! does nothing else.

use std::ops::Range;
use std::sync::{Arc, Mutex};

use serde::{Deserialize, Serialize};

use rayon::ThreadPool;

use super::{numbers, Kernel, Output, PartResult, Partial, Plan};
use crate::gil;
use crate::schedule::{run_on_pool, Cancelled, Experiment, RunControl, Schedule};
use crate::work::checksum;
use crate::work_record::Run;

#[derive(Clone, Copy, Debug, Deserialize, Serialize)]
pub struct ImageBatchParams {
    pub images: u32,
    /// Width and height of every input image, in pixels.
    pub side: u32,
    /// Width and height of every thumbnail, at most `side`.
    pub thumb_side: u32,
    pub images_per_chunk: u32,
    pub seed: u32,
    /// How a process worker gets an image's pixels (the threads engine's
    /// workers all read the one copy in shared memory).
    #[serde(default)]
    pub pixels: Pixels,
}

/// Where a share-nothing worker's pixels come from.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Pixels {
    /// Each process reads the images it is given by number, as a Python
    /// process opens its own files: only the numbers travel. (Here it makes
    /// an image the first time it is given it and keeps it, see `source_images`.)
    #[default]
    Read,
    /// The coordinator sends every image's pixels with its task, as a
    /// program that has the images in memory must: the bytes moved are the lesson.
    Sent,
}

pub const MAX_IMAGES: u32 = 10_000;
pub const MAX_SIDE: u32 = 4096;
/// All input pixels of a batch together, one byte each: 128 MiB. The threads
/// engine keeps them once in its memory (at most 1 GiB).
/// With `Pixels::Sent`, the processes engine's coordinator keeps them and a
/// copy to send from; with `Pixels::Read`, each process keeps the images it
/// has been given (at most the whole batch each).
pub const MAX_BATCH_PIXELS: u64 = 128 << 20;
/// How many thumbnails the result carries for the page to show.
pub const SHOWN_THUMBNAILS: usize = 9;

// A thumbnail pixel's sum is at most its area (side²) times 255, plus half
// the area for rounding: for every side allowed, 32 bits hold it.
const _: () = assert!((MAX_SIDE as u64).pow(2) * 255 + (MAX_SIDE as u64).pow(2) / 2 <= u32::MAX as u64);

/// Pixels are bytes, packed four to a `u32` word (pixel i is byte i % 4 of word
/// i / 4, least significant first), so that an image travels to a process
/// worker as it is stored: one byte per pixel, plus at most three of padding.
fn words_for(pixels: usize) -> usize {
    pixels.div_ceil(4)
}

fn pixel(words: &[u32], index: usize) -> u32 {
    (words[index / 4] >> (8 * (index % 4))) & 0xFF
}

fn pack(pixels: &[u8]) -> Vec<u32> {
    pixels.chunks(4).map(|bytes| bytes.iter().rev().fold(0, |word, &b| word << 8 | u32::from(b))).collect()
}

/// A small, fast generator (xorshift64*), enough for pictures.
struct Rng(u64);

impl Rng {
    fn new(seed: u32, image: usize) -> Rng {
        Rng((u64::from(seed) << 32 ^ image as u64).wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1)
    }

    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    /// A number in `range` (not quite uniform; good enough for pictures), or
    /// its start when the range is empty (the shapes of a tiny image).
    fn within(&mut self, range: Range<u32>) -> u32 {
        range.start + (self.next() >> 32) as u32 % (range.end - range.start).max(1)
    }
}

impl ImageBatchParams {
    /// Input image `image` of the batch: the same pixels for the same seed,
    /// side and index, whatever the number of images. It looks like an X-ray:
    /// a dark background that brightens downwards, a grey body (a large
    /// ellipse), 4 to 9 bright "bones" (smaller ellipses, bright where they
    /// overlap) and a little noise on every pixel.
    pub fn generate(&self, image: usize) -> Vec<u32> {
        let side = self.side as usize;
        let mut rng = Rng::new(self.seed, image);
        let mut pixels: Vec<u8> = (0..side * side).map(|i| (16 + 40 * (i / side) / side) as u8).collect();
        let s = self.side;
        let body = (s / 2, s / 2, s * 2 / 5 + 1, s * 9 / 20 + 1, 90 + rng.within(0..30));
        let bones = rng.within(4..10);
        let mut shapes = vec![body];
        for _ in 0..bones {
            let (rx, ry) = (rng.within(s / 20..s / 5) + 1, rng.within(s / 20..s / 4) + 1);
            shapes.push((rng.within(s / 5..s * 4 / 5), rng.within(s / 5..s * 4 / 5), rx, ry, 60 + rng.within(0..50)));
        }
        for (cx, cy, rx, ry, brightness) in shapes {
            // Only the ellipse's bounding box is visited.
            let (cx, cy, rx, ry) = (i64::from(cx), i64::from(cy), i64::from(rx), i64::from(ry));
            for y in (cy - ry).max(0)..(cy + ry + 1).min(side as i64) {
                for x in (cx - rx).max(0)..(cx + rx + 1).min(side as i64) {
                    let (dx, dy) = (x - cx, y - cy);
                    if dx * dx * ry * ry + dy * dy * rx * rx <= rx * rx * ry * ry {
                        let p = &mut pixels[y as usize * side + x as usize];
                        *p = p.saturating_add(brightness as u8);
                    }
                }
            }
        }
        for p in &mut pixels {
            *p = p.saturating_add((rng.next() >> 60) as u8);
        }
        pack(&pixels)
    }

    fn image_words(&self) -> usize {
        words_for(self.side as usize * self.side as usize)
    }

    fn thumb_words(&self) -> usize {
        words_for(self.thumb_side as usize * self.thumb_side as usize)
    }

    /// Shrinks one packed image to a packed thumbnail by area averaging (a box
    /// filter): thumbnail pixel (X, Y) is the mean of the input over the square
    /// it covers, counting pixels that it covers only in part by the part
    /// covered. In units of 1/(side·thumb) of the picture, input pixel x spans
    /// [x·thumb, (x+1)·thumb) and thumbnail pixel X spans [X·side, (X+1)·side),
    /// so every overlap is a whole number and the mean is exact integer
    /// arithmetic, rounded to the nearest grey level.
    pub fn thumbnail(&self, image: &[u32]) -> Vec<u32> {
        let (side, thumb) = (self.side as usize, self.thumb_side as usize);
        let overlaps = Overlaps::new(side, thumb);
        // Each pixel's list as a slice, looked up once per thumbnail rather than once per use.
        let spans: Vec<&[(usize, u64)]> = overlaps.iter().collect();
        let area = (side * side) as u32;
        let mut out = Vec::with_capacity(thumb * thumb);
        let mut sums = vec![0u64; thumb];
        let mut row = vec![0u8; side];
        for y_span in &spans {
            // One thumbnail row is a few microseconds of work: a point to hand a GIL over.
            gil::checkpoint();
            sums.fill(0);
            for &(y, y_weight) in *y_span {
                unpack_row(image, y * side, &mut row);
                for (sum, x_span) in sums.iter_mut().zip(&spans) {
                    let covered: u64 = x_span.iter().map(|&(x, w)| w * u64::from(row[x])).sum();
                    *sum += y_weight * covered;
                }
            }
            // In 32 bits (they fit: see the assertion beside MAX_SIDE): V8 divides 64-bit numbers with a 64-bit
            // `div`, where LLVM natively checks for 32-bit operands and uses the faster
            // one; with a 64-bit division here, it was a sixth of the resize's time in Chromium.
            out.extend(sums.iter().map(|&sum| ((sum as u32 + area / 2) / area) as u8));
        }
        pack(&out)
    }

    /// The thumbnails of the images in `range`, one after the other, hashed.
    fn thumbnails<'a>(&self, range: Range<usize>, image: impl Fn(usize) -> &'a [u32]) -> Thumbnails {
        let mut made = Thumbnails::default();
        for i in range {
            made.add(self.thumbnail(image(i)));
        }
        made
    }
}

/// Thumbnails, packed one after the other, and the hash of each for the
/// result's checksum. The worker that makes a thumbnail hashes it, so that the
/// checksum is not a pass over every thumbnail on one thread after the run
/// (2.4 ms of each run of the bench's batch: docs/performance.md).
#[derive(Debug, Default, PartialEq)]
struct Thumbnails {
    packed: Vec<u32>,
    hashes: Vec<u64>,
}

impl Thumbnails {
    fn add(&mut self, thumbnail: Vec<u32>) {
        self.hashes.push(thumbnail_hash(&thumbnail));
        self.packed.extend(thumbnail);
    }

    /// `packed` thumbnails of `per_thumb` words each, hashed here.
    fn hashed(packed: Vec<u32>, per_thumb: usize) -> Thumbnails {
        let hashes = packed.chunks(per_thumb).map(thumbnail_hash).collect();
        Thumbnails { packed, hashes }
    }

    fn append(&mut self, mut other: Thumbnails) {
        self.packed.append(&mut other.packed);
        self.hashes.append(&mut other.hashes);
    }

    /// As a process sends them back: the packed thumbnails, then each hash as two words, low first.
    fn into_words(self) -> Vec<u32> {
        let mut words = self.packed;
        words.extend(self.hashes.iter().flat_map(|&hash| [hash as u32, (hash >> 32) as u32]));
        words
    }

    /// The thumbnails of `per_thumb` words each that `into_words` sent.
    fn from_words(mut words: Vec<u32>, per_thumb: usize) -> Result<Thumbnails, String> {
        let count = words.len() / (per_thumb + 2);
        if count * (per_thumb + 2) != words.len() {
            return Err("A process sent back thumbnails of the wrong size.".into());
        }
        let hashes = words.split_off(count * per_thumb).chunks(2).map(|pair| u64::from(pair[0]) | u64::from(pair[1]) << 32).collect();
        Ok(Thumbnails { packed: words, hashes })
    }
}

/// Along an axis of `side` input pixels, for each of the `thumb` thumbnail
/// pixels: the input pixels it covers and how much of each, as (input pixel,
/// covered length) pairs whose lengths add up to `side` (the first and last
/// may be covered in part). Worked out once per thumbnail, so that the loop
/// over the pixels is a plain loop over a short list: with the overlaps
/// computed in the loop, V8 kept its many live values on the stack and the
/// resize ran 1.41 times as long in the browser as natively (docs/performance.md).
/// All lists live in one vector: two workers that allocate at once wait for
/// each other on the wasm allocator's one lock, and a vector per thumbnail
/// pixel (129 allocations per image) cut the speedup at k = 2 from 1.88 to 1.60.
struct Overlaps {
    pairs: Vec<(usize, u64)>,
    /// Thumbnail pixel t's pairs are `pairs[starts[t]..starts[t + 1]]`.
    starts: Vec<usize>,
}

impl Overlaps {
    fn new(side: usize, thumb: usize) -> Overlaps {
        let mut pairs = Vec::with_capacity(side + thumb);
        let mut starts = Vec::with_capacity(thumb + 1);
        for t in 0..thumb {
            starts.push(pairs.len());
            let (from, to) = (t * side, (t + 1) * side);
            let covered = |x: usize| (to.min((x + 1) * thumb) - from.max(x * thumb)) as u64;
            pairs.extend((from / thumb..=(to - 1) / thumb).map(|x| (x, covered(x))));
        }
        starts.push(pairs.len());
        Overlaps { pairs, starts }
    }

    /// Every thumbnail pixel's (input pixel, covered length) pairs, in order.
    fn iter(&self) -> impl Iterator<Item = &[(usize, u64)]> + '_ {
        self.starts.windows(2).map(|range| &self.pairs[range[0]..range[1]])
    }
}

/// Pixels `first..first + row.len()` of a packed image, one byte each: a word
/// at a time when the row starts on a word (the side is a multiple of 4).
fn unpack_row(words: &[u32], first: usize, row: &mut [u8]) {
    if first % 4 == 0 {
        let whole_words = row.len() / 4;
        for (four, word) in row.chunks_exact_mut(4).zip(&words[first / 4..first / 4 + whole_words]) {
            four.copy_from_slice(&word.to_le_bytes());
        }
        for (x, p) in row.iter_mut().enumerate().skip(4 * whole_words) {
            *p = pixel(words, first + x) as u8;
        }
    } else {
        for (x, p) in row.iter_mut().enumerate() {
            *p = pixel(words, first + x) as u8;
        }
    }
}

/// The batch most recently asked for, by side and seed: the images made so
/// far, by index (`None` for those not asked for yet).
struct Batch {
    side: u32,
    seed: u32,
    images: Vec<Option<Arc<Vec<u32>>>>,
}

static BATCH: Mutex<Option<Batch>> = Mutex::new(None);

/// Input images `wanted` of `params`, generated the first time they are asked
/// for and kept. Why: the course's batch reads X-rays that already exist, and
/// a timed run should measure the resize, not the making of its input. So the
/// first run with a new side or seed generates them (in a sweep, the warm-up),
/// and later runs reuse them, also with a larger number of images (a scale-up
/// sweep, whose warm-ups go up in k, adds the missing ones). Only the latest
/// side and seed are kept, so memory holds one batch at most
/// (`MAX_BATCH_PIXELS`). Each wasm instance has its own: the threads engine
/// one for all its workers, every process worker one of its own, holding the
/// images it has been given (`Pixels::Read`), like a file it has read before.
fn source_images(params: &ImageBatchParams, wanted: Range<usize>) -> Vec<Arc<Vec<u32>>> {
    let mut kept = BATCH.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
    let batch = match kept.take() {
        Some(batch) if batch.side == params.side && batch.seed == params.seed => batch,
        _ => Batch { side: params.side, seed: params.seed, images: Vec::new() },
    };
    let batch = kept.insert(batch);
    if batch.images.len() < wanted.end {
        batch.images.resize(wanted.end, None);
    }
    wanted
        .map(|i| {
            Arc::clone(batch.images[i].get_or_insert_with(|| {
                super::note_input_made();
                Arc::new(params.generate(i))
            }))
        })
        .collect()
}

/// One number per thumbnail, so that the checksum sees every pixel of each.
fn thumbnail_hash(words: &[u32]) -> u64 {
    crate::work::fnv1a_of(words.iter().map(|&w| u64::from(w)))
}

/// Sequential reference: every image generated afresh and resized, in order.
pub fn sequential(params: &ImageBatchParams) -> Vec<u32> {
    (0..params.images as usize).flat_map(|i| params.thumbnail(&params.generate(i))).collect()
}

/// The result: a checksum over all thumbnails' hashes in image order, the
/// sizes, and the first few thumbnails for the page to show.
fn result(params: &ImageBatchParams, thumbnails: Thumbnails) -> Output {
    let per_thumb = params.thumb_words();
    let images = u64::from(params.images);
    let shown = per_thumb * SHOWN_THUMBNAILS.min(params.images as usize);
    Output {
        checksum: checksum(thumbnails.hashes.iter().copied()),
        details: serde_json::json!({
            "images": params.images,
            "side": params.side,
            "thumbSide": params.thumb_side,
            "inputPixelBytes": images * u64::from(params.side).pow(2),
            "thumbnailPixelBytes": images * u64::from(params.thumb_side).pow(2),
        }),
        arrays: vec![("thumbnails", thumbnails.packed[..shown].to_vec())],
    }
}

/// The threads engine's view of a batch: the images, already in shared memory.
struct Resize<'a> {
    params: &'a ImageBatchParams,
    images: Vec<Arc<Vec<u32>>>,
}

impl Experiment for Resize<'_> {
    /// The chunk's thumbnails, hashed by the worker that made them.
    type Partial = Thumbnails;
    type Output = Thumbnails;

    fn task_name(&self) -> &'static str {
        "images"
    }

    fn task_count(&self) -> usize {
        self.images.len()
    }

    fn run_chunk(&self, images: Range<usize>) -> Thumbnails {
        self.params.thumbnails(images, |i| &self.images[i])
    }

    fn merge(&self, partials: Vec<Thumbnails>) -> Thumbnails {
        let mut all = Thumbnails::default();
        for part in partials {
            all.append(part);
        }
        all
    }
}

impl ImageBatchParams {
    /// `images_per_chunk` images at a time to whichever worker is free (Python's chunksize).
    fn schedule(&self) -> Schedule {
        Schedule::Dynamic { chunk: self.images_per_chunk as usize }
    }
}

impl Kernel for ImageBatchParams {
    fn validate(&self) -> Result<(), String> {
        if !(1..=MAX_IMAGES).contains(&self.images) {
            return Err(format!("The number of images must be between 1 and {MAX_IMAGES} (got {}).", self.images));
        }
        if !(1..=MAX_SIDE).contains(&self.side) {
            return Err(format!("The image side must be between 1 and {MAX_SIDE} pixels (got {}).", self.side));
        }
        if !(1..=self.side).contains(&self.thumb_side) {
            return Err(format!(
                "The thumbnail side must be between 1 and the image side, {} pixels (got {}): thumbnails are smaller.",
                self.side, self.thumb_side
            ));
        }
        if self.images_per_chunk == 0 {
            return Err("Images per chunk must be at least 1.".into());
        }
        let pixels = u64::from(self.images) * u64::from(self.side).pow(2);
        if pixels > MAX_BATCH_PIXELS {
            let fit = MAX_BATCH_PIXELS / u64::from(self.side).pow(2);
            return Err(format!(
                "{} images of {}×{} pixels are {} MiB of pixels, more than the {} MiB a batch may hold in the browser's memory. Use at most {fit} images of this side, or a smaller side.",
                self.images,
                self.side,
                self.side,
                pixels >> 20,
                MAX_BATCH_PIXELS >> 20
            ));
        }
        Ok(())
    }

    fn run_threads(&self, pool: &ThreadPool, control: &RunControl) -> Result<Run<Output>, Cancelled> {
        let resize = Resize { params: self, images: source_images(self, 0..self.images as usize) };
        Ok(run_on_pool(pool, &resize, self.schedule(), control)?.map(|thumbnails| result(self, thumbnails)))
    }

    fn sequential(&self) -> Output {
        result(self, Thumbnails::hashed(sequential(self), self.thumb_words()))
    }

    /// With `Pixels::Sent`, every image's packed pixels travel with its task;
    /// with `Pixels::Read`, only the task numbers do.
    fn plan(&self, _workers: usize) -> Plan {
        let images = self.images as usize;
        let input = (self.pixels == Pixels::Sent).then(|| {
            (
                source_images(self, 0..images).iter().flat_map(|image| image.iter().copied()).collect(),
                self.image_words(),
            )
        });
        Plan {
            task_count: images,
            task_name: "images",
            schedule: self.schedule(),
            input,
            dependencies: None,
            broadcast: None,
            shuffle: None,
        }
    }

    fn run_part(&self, images: Range<usize>, _workers: usize, pixels: Vec<u32>, _broadcast: &[u8]) -> PartResult {
        let thumbnails = match self.pixels {
            Pixels::Read => {
                let read = source_images(self, images.clone());
                let first = images.start;
                self.thumbnails(images, |i| &read[i - first])
            }
            Pixels::Sent => {
                let words = self.image_words();
                assert_eq!(
                    pixels.len(),
                    images.len() * words,
                    "a chunk of images arrived with the wrong number of pixels"
                );
                let first = images.start;
                self.thumbnails(images, |i| &pixels[(i - first) * words..][..words])
            }
        };
        PartResult { partial: Partial::Numbers(thumbnails.into_words()), wait_ms: 0 }
    }

    fn merge_parts(&self, partials: Vec<Partial>) -> Result<Output, String> {
        let mut thumbnails = Thumbnails::default();
        for words in numbers(partials)? {
            thumbnails.append(Thumbnails::from_words(words, self.thumb_words())?);
        }
        if thumbnails.hashes.len() != self.images as usize {
            return Err("The thumbnails that came back do not add up to one per image.".into());
        }
        Ok(result(self, thumbnails))
    }
}

#[cfg(test)]
mod tests {
    use std::sync::atomic::AtomicBool;

    use super::*;

    fn params(images: u32, side: u32, thumb_side: u32, images_per_chunk: u32, seed: u32) -> ImageBatchParams {
        ImageBatchParams { images, side, thumb_side, images_per_chunk, seed, pixels: Pixels::Read }
    }

    /// A params whose single image is `pixels` (a square), for filter tests.
    fn shrink(pixels: &[u8], thumb_side: u32) -> Vec<u8> {
        let side = (pixels.len() as f64).sqrt() as u32;
        let p = params(1, side, thumb_side, 1, 0);
        let words = p.thumbnail(&pack(pixels));
        (0..(thumb_side * thumb_side) as usize).map(|i| pixel(&words, i) as u8).collect()
    }

    #[test]
    fn parallel_equals_sequential_for_sizes_k_chunks_and_seeds() {
        for k in [1, 2, 3] {
            let pool = rayon::ThreadPoolBuilder::new().num_threads(k).build().unwrap();
            for p in [params(1, 1, 1, 1, 0), params(7, 33, 8, 1, 1), params(12, 64, 17, 5, 2), params(5, 50, 50, 2, 3)]
            {
                let run = p.run_threads(&pool, &RunControl::free(&AtomicBool::new(false))).unwrap();
                assert_eq!(run.output, p.sequential(), "k={k} {p:?}");
                assert_eq!(run.output.arrays[0].1.len(), p.thumb_words() * SHOWN_THUMBNAILS.min(p.images as usize));
            }
        }
    }

    #[test]
    fn the_share_nothing_form_merges_to_the_same_for_every_chunking() {
        let sent = ImageBatchParams { pixels: Pixels::Sent, ..params(9, 40, 12, 1, 4) };
        let input = sent.plan(2).input.unwrap();
        assert_eq!(input.1, 400);
        let read = params(9, 40, 12, 1, 4);
        assert!(read.plan(2).input.is_none(), "with pixels read, only task numbers travel");
        for chunk in [1, 2, 4, 9] {
            let chunks = || (0..9).step_by(chunk).map(|first| first..(first + chunk).min(9));
            let partials = chunks().map(|images| {
                sent.run_part(images.clone(), 2, input.0[images.start * 400..images.end * 400].to_vec(), &[]).partial
            });
            assert_eq!(sent.merge_parts(partials.collect()).unwrap(), sent.sequential(), "sent, chunk={chunk}");
            let partials = chunks().map(|images| read.run_part(images, 2, Vec::new(), &[]).partial);
            assert_eq!(read.merge_parts(partials.collect()).unwrap(), read.sequential(), "read, chunk={chunk}");
        }
    }

    #[test]
    fn kept_images_are_the_generated_ones_and_grow_with_the_batch() {
        let small = params(3, 24, 6, 1, 77);
        let large = params(6, 24, 6, 1, 77);
        let images = source_images(&small, 0..3);
        assert_eq!(images.len(), 3);
        let some = source_images(&large, 4..6);
        assert_eq!(some.len(), 2);
        assert_eq!(*some[1], large.generate(5));
        let more = source_images(&large, 0..6);
        assert_eq!(more.len(), 6);
        for (i, image) in more.iter().enumerate() {
            assert_eq!(**image, large.generate(i), "image {i}");
        }
    }

    #[test]
    fn a_constant_image_stays_constant_at_every_ratio() {
        for (side, thumb) in [(8, 4), (9, 4), (7, 3), (5, 5), (100, 13)] {
            let image = vec![173u8; side * side];
            assert!(shrink(&image, thumb).iter().all(|&p| p == 173), "{side} -> {thumb}");
        }
    }

    #[test]
    fn area_averaging_is_exact_on_small_known_images() {
        assert_eq!(shrink(&[10, 20, 30, 40], 1), vec![25]);
        // 4×4 → 2×2: each quarter's mean.
        #[rustfmt::skip]
        let image = [0, 4, 100, 100,
                     8, 12, 100, 100,
                     255, 255, 1, 2,
                     255, 255, 3, 4];
        assert_eq!(shrink(&image, 2), vec![6, 100, 255, 3]);
        // 3×3 → 2×2: the middle row and column count half for each neighbour.
        // Top-left covers pixel (0,0) fully, (1,0) and (0,1) half, (1,1) a quarter:
        // (90·1 + 36·0.25) / 2.25 = 44; the others hold a quarter of the 36: 9 / 2.25 = 4.
        #[rustfmt::skip]
        let image = [90, 0, 0,
                     0, 36, 0,
                     0, 0, 0];
        assert_eq!(shrink(&image, 2), vec![44, 4, 4, 4]);
    }

    /// Area averaging worked out pixel by pixel, in fractions of the picture:
    /// the mean over the square that thumbnail pixel (X, Y) covers.
    fn shrink_by_definition(pixels: &[u8], side: usize, thumb: usize) -> Vec<u8> {
        let overlap = |x: usize, t: usize| {
            let (from, to) = ((x * thumb).max(t * side), ((x + 1) * thumb).min((t + 1) * side));
            to.saturating_sub(from) as f64
        };
        let mut out = Vec::new();
        for ty in 0..thumb {
            for tx in 0..thumb {
                let weighted: f64 = (0..side * side)
                    .map(|i| overlap(i % side, tx) * overlap(i / side, ty) * f64::from(pixels[i]))
                    .sum();
                out.push((weighted / (side * side) as f64).round() as u8);
            }
        }
        out
    }

    #[test]
    fn the_resize_equals_area_averaging_by_definition_for_sides_that_do_and_do_not_divide() {
        // Sides that are and are not multiples of 4 (rows that start inside a word) and of the thumbnail's side.
        for (side, thumb) in [(8, 2), (12, 5), (13, 4), (30, 7), (31, 31), (64, 16), (9, 1)] {
            let pixels: Vec<u8> = (0..side * side).map(|i| (i * 37 % 251) as u8).collect();
            let expected = shrink_by_definition(&pixels, side, thumb);
            assert_eq!(shrink(&pixels, thumb as u32), expected, "{side}² → {thumb}²");
        }
    }

    #[test]
    fn thumbnails_hashed_where_they_are_made_travel_as_words_and_come_back_the_same() {
        let p = params(5, 64, 16, 2, 9);
        let images: Vec<Vec<u32>> = (0..5).map(|i| p.generate(i)).collect();
        let made = p.thumbnails(0..5, |i| &images[i]);
        assert_eq!(made, Thumbnails::hashed(sequential(&p), p.thumb_words()), "hashed in the chunk or after, the same");
        let words = made.into_words();
        assert_eq!(words.len(), 5 * (p.thumb_words() + 2), "each thumbnail's hash travels as two words");
        let back = Thumbnails::from_words(words.clone(), p.thumb_words()).unwrap();
        assert_eq!(back, Thumbnails::hashed(sequential(&p), p.thumb_words()));
        assert!(Thumbnails::from_words(words[1..].to_vec(), p.thumb_words()).is_err());
    }

    #[test]
    fn pixels_pack_four_to_a_word_and_back() {
        let pixels: Vec<u8> = (0..11).map(|i| i * 20).collect();
        let words = pack(&pixels);
        assert_eq!(words.len(), 3);
        assert!((0..11).all(|i| pixel(&words, i) == u32::from(pixels[i])));
    }

    #[test]
    fn images_depend_on_seed_and_index_and_have_shapes() {
        let p = params(2, 64, 16, 1, 1);
        assert_eq!(p.generate(0), p.generate(0));
        assert_ne!(p.generate(0), p.generate(1));
        assert_ne!(p.generate(0), params(2, 64, 16, 1, 2).generate(0));
        let image = p.generate(0);
        let (darkest, brightest) =
            (0..64 * 64).map(|i| pixel(&image, i)).fold((255, 0), |(lo, hi), v| (lo.min(v), hi.max(v)));
        assert!(darkest < 40 && brightest > 150, "{darkest}..{brightest}");
    }

    #[test]
    fn bad_sizes_are_refused_before_allocating() {
        assert!(params(0, 64, 16, 1, 0).validate().unwrap_err().contains("number of images"));
        assert!(params(1, 64, 65, 1, 0).validate().unwrap_err().contains("thumbnail side"));
        assert!(params(1, 64, 16, 0, 0).validate().unwrap_err().contains("per chunk"));
        assert!(params(10_000, 4096, 16, 1, 0).validate().unwrap_err().contains("at most 8 images"));
        // The default batch, and twice it for a scale-up to k = 2.
        assert!(params(250, 512, 128, 1, 0).validate().is_ok());
        assert!(params(500, 512, 128, 1, 0).validate().is_ok());
    }
}
