"""parlab's waiting requests in plain Python: M requests, each a little
computation and then a blocking wait (like calling a web API), on a
ThreadPoolExecutor and a ProcessPoolExecutor of k workers.

Run it:      python3 requests.py        (Python 3.8 or newer, nothing to install)
It prints:   one CSV row per timed run, in the columns of the page's "Download
             CSV", then the median time and the speedup T(1)/T(k) for each
             executor and k, then the checksum. The checksum equals the one the
             page shows for the same parameters: the same answers came back.

What to expect: a thread that waits (time.sleep here, a socket in real life)
lets go of the GIL, so threads overlap their waits and speed up far beyond the
number of cores: 40 threads cut 100 waits of 50 ms from 5 s to a few waves.
Processes overlap their waits too, but each costs a whole interpreter to start.
The computation before each wait still takes turns on the GIL in threads:
make work_per_request large and the threads' speedup falls back towards 1x.

One request is one task, as chunksize=1 gives it; the page hands requests out
one at a time too.
"""
from time import sleep
from functools import partial

# parlab: parameters begin (the page writes its settings here)
PARAMS = {"requests": 40, "wait_ms": 20, "request_work": 1, "seed": 1}
WORKERS = [1, 2, 8, 40]
REPETITIONS = 3
MODE = "speedup"
# parlab: parameters end

# parlab: helpers begin (the page pastes parlab_core.py and parlab_twin.py here)
from parlab_core import checksum, spin
from parlab_twin import sweep
# parlab: helpers end


def request(params, index):
    """The request's answer, computed, then the wait for it to arrive."""
    answer = spin(params["seed"] << 32 | index, params["request_work"] * 1000)
    sleep(params["wait_ms"] / 1000)
    return answer


def run(pool, engine, k, params):
    return checksum(pool.map(partial(request, params), range(params["requests"]))), None


if __name__ == "__main__":
    sweep("requests", PARAMS, WORKERS, REPETITIONS, MODE, "requests", run)
