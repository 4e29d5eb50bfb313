"""parlab's image batch in plain Python: the course's X-ray resize. A batch of
generated grayscale images, each shrunk to a thumbnail by area averaging, one
task per image, on a ThreadPoolExecutor and a ProcessPoolExecutor of k workers.

Run it:      python3 image_batch.py        (Python 3.8 or newer, nothing to install)
It prints:   one CSV row per timed run, in the columns of the page's "Download
             CSV", then the median time and the speedup T(1)/T(k) for each
             executor and k, then the checksum. The checksum equals the one the
             page shows for the same parameters: every thumbnail has the same
             pixels as the page's.

What to expect (CPython with its GIL): resizing is CPU-bound, so threads take
turns on the global interpreter lock and stay at about 1x; processes scale with
the cores, but every thumbnail is pickled back to the coordinator, and with
pixels = "sent" every image's pixels are pickled to its process too (the page
counts those bytes). With pixels = "read" a process gets image numbers and
reads the images itself, as it would open its own files (here it makes each
image the first time it is given it, and keeps it). Threads share the images
either way. Pure Python resizes some hundred times slower than the page's
WebAssembly: keep images x side^2 small.

images_per_chunk is ProcessPoolExecutor.map's chunksize: one message carries
that many images. ThreadPoolExecutor.map ignores chunksize (its threads share
the images and need no messages). As on the page, the images are generated
once, in the first run (the untimed warm-up), and kept, so a timed run only
resizes.
"""
import math
from functools import lru_cache, partial
from operator import mul

# parlab: parameters begin (the page writes its settings here)
PARAMS = {"images": 24, "side": 96, "thumb_side": 24, "images_per_chunk": 1, "seed": 1, "pixels": "read"}
WORKERS = [1, 2]
REPETITIONS = 3
MODE = "speedup"
# parlab: parameters end

# parlab: helpers begin (the page pastes parlab_core.py and parlab_twin.py here)
from parlab_core import MASK64, checksum
from parlab_twin import sweep
# parlab: helpers end


def generate(side, seed, image):
    """Input image `image` as side x side bytes, row by row (generate in
    crate/src/experiments/image_batch.rs): a background that brightens
    downwards, a grey body, 4 to 9 bright bones (ellipses; brightness adds up,
    at most 255) and a little noise on every pixel, from xorshift64*."""
    state = ((seed << 32 ^ image) * 0x9E3779B97F4A7C15) & MASK64 | 1

    def next_number():
        nonlocal state
        state ^= state >> 12
        state ^= (state << 25) & MASK64
        state ^= state >> 27
        return (state * 0x2545F4914F6CDD1D) & MASK64

    def within(start, end):
        return start + (next_number() >> 32) % max(end - start, 1)

    pixels = bytearray()
    for y in range(side):
        pixels += bytes([16 + 40 * y // side]) * side
    s = side
    shapes = [(s // 2, s // 2, s * 2 // 5 + 1, s * 9 // 20 + 1, 90 + within(0, 30))]
    for _ in range(within(4, 10)):
        rx, ry = within(s // 20, s // 5) + 1, within(s // 20, s // 4) + 1
        shapes.append((within(s // 5, s * 4 // 5), within(s // 5, s * 4 // 5), rx, ry, 60 + within(0, 50)))
    for cx, cy, rx, ry, brightness in shapes:
        brighter = bytes(min(255, value + brightness) for value in range(256))
        for y in range(max(cy - ry, 0), min(cy + ry + 1, side)):
            # Pixel (x, y) is inside when dx^2 ry^2 + dy^2 rx^2 <= rx^2 ry^2, that is |dx| <= reach.
            reach = math.isqrt((rx * rx * ry * ry - (y - cy) ** 2 * rx * rx) // (ry * ry))
            first, last = max(cx - reach, 0), min(cx + reach, side - 1)
            if first <= last:
                row = y * side
                pixels[row + first:row + last + 1] = pixels[row + first:row + last + 1].translate(brighter)
    for index in range(side * side):
        value = pixels[index] + (next_number() >> 60)
        pixels[index] = min(value, 255)
    return bytes(pixels)


@lru_cache(maxsize=None)
def source_image(side, seed, image):
    """An image, made the first time this process needs it and then kept, like a file read once."""
    return generate(side, seed, image)


def spans(side, thumb):
    """For each thumbnail pixel along an axis: the first input pixel it covers
    and how much of each covered pixel, in units where an input pixel is
    `thumb` long and a thumbnail pixel `side` long (so every overlap is whole)."""
    result = []
    for t in range(thumb):
        start, end = t * side, (t + 1) * side
        first, last = start // thumb, (end - 1) // thumb
        result.append((first, [min(end, (x + 1) * thumb) - max(start, x * thumb) for x in range(first, last + 1)]))
    return result


def thumbnail(side, thumb, pixels):
    """The thumb x thumb thumbnail of one image by area averaging, rounded to the nearest grey level."""
    axis = spans(side, thumb)
    area = side * side
    out = bytearray()
    for y_first, y_weights in axis:
        sums = [0] * thumb
        for y, y_weight in enumerate(y_weights, y_first):
            row = pixels[y * side:(y + 1) * side]
            for t, (x_first, x_weights) in enumerate(axis):
                sums[t] += y_weight * sum(map(mul, x_weights, row[x_first:x_first + len(x_weights)]))
        out += bytes((total + area // 2) // area for total in sums)
    return bytes(out)


def thumbnail_hash(pixels):
    """FNV-1a over the thumbnail as parlab stores it: four pixels to a 32-bit word, the first in the lowest byte."""
    padded = pixels + bytes(-len(pixels) % 4)
    hash_ = 0xCBF29CE484222325
    for at in range(0, len(padded), 4):
        hash_ = ((hash_ ^ int.from_bytes(padded[at:at + 4], "little")) * 0x100000001B3) & MASK64
    return hash_


def read_and_resize(side, thumb, seed, image):
    return thumbnail(side, thumb, source_image(side, seed, image))


def run(pool, engine, k, params):
    side, thumb, seed, chunk = params["side"], params["thumb_side"], params["seed"], params["images_per_chunk"]
    numbers = range(params["images"])
    if engine == "processes" and params["pixels"] == "read":
        thumbnails = pool.map(partial(read_and_resize, side, thumb, seed), numbers, chunksize=chunk)
    else:
        images = [source_image(side, seed, image) for image in numbers]
        thumbnails = pool.map(partial(thumbnail, side, thumb), images, chunksize=chunk)
    return checksum(thumbnail_hash(t) for t in thumbnails), None


if __name__ == "__main__":
    sweep("image_batch", PARAMS, WORKERS, REPETITIONS, MODE, "images", run)
