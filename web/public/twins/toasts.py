"""parlab's toasts experiment in plain Python: N identical CPU-bound tasks on
a ThreadPoolExecutor and a ProcessPoolExecutor of k workers.

Run it:      python3 toasts.py        (Python 3.8 or newer, nothing to install)
It prints:   one CSV row per timed run, in the columns of the page's "Download
             CSV", then the median time and the speedup T(1)/T(k) for each
             executor and k, then the checksum. The checksum equals the one the
             page shows for the same parameters: the same toasts were made.

What to expect (CPython with its GIL): threads take turns on the global
interpreter lock, so on this CPU-bound work they stay at about 1x whatever k;
processes each have their own interpreter and scale with the cores, less the
cost of starting them. That is the page's "threads + GIL" curve against its
processes curve. CPython computes the mixing function one bytecode at a time,
some hundred times slower than the page's WebAssembly: keep toasts x work per
toast small (the page's defaults take minutes here), or be patient.

Each chunk of toasts_per_chunk toasts is one task for the pool, as chunksize
makes it for ProcessPoolExecutor.map, and pays chunk_overhead first (fetching
the bread): the page's grain knob.
"""
from functools import partial

# parlab: parameters begin (the page writes its settings here)
PARAMS = {"toasts": 40, "toast_work": 10, "chunk_overhead": 0, "toasts_per_chunk": 1, "seed": 1}
WORKERS = [1, 2]
REPETITIONS = 3
MODE = "speedup"
# parlab: parameters end

# parlab: helpers begin (the page pastes parlab_core.py and parlab_twin.py here)
from parlab_core import checksum, spin
from parlab_twin import sweep
# parlab: helpers end


def toast(params, index):
    return spin(params["seed"] << 32 | index, params["toast_work"] * 1000)


def toast_chunk(params, first):
    """The toasts from `first` on, one chunk's worth, after the chunk's overhead."""
    spin(first, params["chunk_overhead"] * 1000)
    last = min(first + params["toasts_per_chunk"], params["toasts"])
    return [toast(params, index) for index in range(first, last)]


def run(pool, engine, k, params):
    chunks = pool.map(partial(toast_chunk, params), range(0, params["toasts"], params["toasts_per_chunk"]))
    return checksum(value for chunk in chunks for value in chunk), None


if __name__ == "__main__":
    sweep("toasts", PARAMS, WORKERS, REPETITIONS, MODE, "toasts", run)
