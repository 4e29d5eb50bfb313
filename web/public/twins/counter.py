"""parlab's shared counter in plain Python: k workers add 1 to one counter, N
times in all, on a ThreadPoolExecutor and a ProcessPoolExecutor of k workers.

Run it:      python3 counter.py        (Python 3.8 or newer, nothing to install)
It prints:   one CSV row per timed run, in the columns of the page's "Download
             CSV", then the median time and the speedup T(1)/T(k) for each
             executor and k with what the last run counted, then the checksum:
             the count, N for every correct strategy, as on the page.

The strategies, on threads:
- unsynchronized: read the counter, then write back the value + 1. Two threads
  that read the same value both write value + 1, and one update is lost. With
  the GIL, CPython switches threads only at certain points: a call, a loop's
  jump back, and never inside `counter.value += 1` alone. Measured with
  CPython 3.11.7 on 2 cores (while other work ran): `counter.value += 1` on 2
  threads lost no update in 10 runs of 2,000,000 increments, while a call
  between the read and the write lost 22 to 46 % of them. Neither is a
  promise: the language makes none, and without a GIL (the free-threaded
  builds of CPython 3.13 and later) nothing keeps the read and the write
  together. So this script calls a function between the read and the write,
  where the page's GIL may be handed over too; set RACE_WITH_A_CALL = False
  to try the bare `+=`.
- lock: `with lock:` around the read and the write: exact, but the threads
  take turns on it.
- atomic: Python has no atomic integer; `next()` on a shared itertools.count
  runs as one step under the GIL, the nearest thing to fetch_add (a CPython
  detail, not a language guarantee).
- partials: each chunk counts on a counter of its own and the counts are
  added at the end: exact, and nothing is shared.
Processes share no memory, so there is no counter to race on: with partials
each process counts its share and sends one number; with every other strategy
each chunk of increments_per_chunk is one task whose count the coordinator
adds, one message per chunk, as on the page.

What to expect: under the GIL no strategy gets faster with more threads (the
increments are CPU-bound); processes with partials scale with the cores.
"""
import itertools
from threading import Lock
from functools import partial

# parlab: parameters begin (the page writes its settings here)
PARAMS = {"increments": 1000000, "strategy": "unsynchronized", "increments_per_chunk": 100000}
WORKERS = [1, 2]
REPETITIONS = 3
MODE = "speedup"
# parlab: parameters end

# parlab: helpers begin (the page pastes parlab_twin.py here)
from parlab_twin import sweep
# parlab: helpers end

RACE_WITH_A_CALL = True


class Counter:
    """One run's shared counter: `value` for the race and the lock, `tickets` for the atomic."""

    def __init__(self):
        self.value = 0
        self.lock = Lock()
        self.tickets = itertools.count()


def between_read_and_write():
    """Nothing: a call, where CPython may hand the GIL to another thread."""


def add_unsynchronized(counter, n):
    if RACE_WITH_A_CALL:
        for _ in range(n):
            read = counter.value
            between_read_and_write()
            counter.value = read + 1
    else:
        for _ in range(n):
            counter.value += 1
    return 0


def add_under_lock(counter, n):
    for _ in range(n):
        with counter.lock:
            counter.value += 1
    return 0


def add_atomically(counter, n):
    for _ in range(n):
        next(counter.tickets)
    return 0


def count_privately(n):
    own = 0
    for _ in range(n):
        own += 1
    return own


THREADS = {
    "unsynchronized": add_unsynchronized,
    "lock": add_under_lock,
    "atomic": add_atomically,
    "partials": lambda counter, n: count_privately(n),
}


def shares(total, size):
    """`total` increments in tasks of `size`."""
    return [min(size, total - first) for first in range(0, total, size)]


def run(pool, engine, k, params):
    n, strategy = params["increments"], params["strategy"]
    if engine == "processes":
        # Static blocks for partials (one number per process), else one message per chunk.
        tasks = [(w + 1) * n // k - w * n // k for w in range(k)] if strategy == "partials" \
            else shares(n, params["increments_per_chunk"])
        obtained = sum(pool.map(count_privately, tasks))
    else:
        counter = Counter()
        private = sum(pool.map(partial(THREADS[strategy], counter), shares(n, params["increments_per_chunk"])))
        obtained = counter.value + private + (next(counter.tickets) if strategy == "atomic" else 0)
    lost = n - obtained
    note = f"expected {n:,}, got {obtained:,}" + (f": {lost:,} updates were lost" if lost else ": none lost")
    return obtained, note


if __name__ == "__main__":
    sweep("counter", PARAMS, WORKERS, REPETITIONS, MODE, "increments", run)
