"""What every concurrent.futures twin shares: the sweep that times a twin on
ThreadPoolExecutor and ProcessPoolExecutor and prints the same columns as the
page's CSV export (parlab's unit of work and checksum are in parlab_data.py).

The twins in this folder import it; the page pastes it into a twin in place of
that import, so that a copied script needs nothing but the standard library.
"""
import csv
import json
import os
import platform
import statistics
import sys
import threading
import time
from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor

ENGINES = {"threads": ThreadPoolExecutor, "processes": ProcessPoolExecutor}
CSV_COLUMNS = ["experiment", "engine", "mode", "params", "k", "repetition", "time_ms", "startup_ms", "checksum",
               "hardware_concurrency", "user_agent"]


def _meet(barrier):
    """An empty task; on threads it waits until all k have started, so that the pool really has k threads."""
    if barrier is not None:
        barrier.wait()
    return os.getpid(), threading.get_ident()


def _start(engine, k):
    """A pool of k workers, and the time it took to make it and run one empty task on each worker."""
    started = time.perf_counter()
    pool = ENGINES[engine](max_workers=k)
    barrier = threading.Barrier(k) if engine == "threads" else None
    list(pool.map(_meet, [barrier] * k))
    return pool, (time.perf_counter() - started) * 1e3


def sweep(experiment, params, workers, repetitions, mode, scale_param, run):
    """Times `run(pool, engine, k, params)`, which returns (checksum, note), on
    both executors at every k: one pool per k, one untimed warm-up, then
    `repetitions` timed runs. In scale-up mode `params[scale_param]` is
    multiplied by k. Prints the runs as the page's CSV, then the medians and
    speedups (or scaled efficiencies), then the checksum."""
    user_agent = f"CPython {platform.python_version()} ({platform.system()} {platform.machine()})"
    params_json = json.dumps(params, separators=(",", ":"))
    print(f"parlab twin of {experiment}: {user_agent}, os.cpu_count() = {os.cpu_count()}")
    out = csv.writer(sys.stdout, lineterminator="\n")
    out.writerow(CSV_COLUMNS)
    medians, notes, checksums = {}, {}, set()
    for engine in ENGINES:
        for k in workers:
            scaled = dict(params, **{scale_param: params[scale_param] * k}) if mode == "scaleup" else params
            print(f"{engine}, k = {k}: warm-up and {repetitions} runs", file=sys.stderr, flush=True)
            pool, startup_ms = _start(engine, k)
            with pool:
                run(pool, engine, k, scaled)
                times = []
                for repetition in range(1, repetitions + 1):
                    started = time.perf_counter()
                    result, notes[engine, k] = run(pool, engine, k, scaled)
                    times.append((time.perf_counter() - started) * 1e3)
                    checksums.add(result)
                    out.writerow([experiment, engine, mode, params_json, k, repetition, round(times[-1], 3),
                                  round(startup_ms, 3), result, os.cpu_count(), user_agent])
            medians[engine, k] = statistics.median(times), min(times), max(times), startup_ms
    _print_summary(medians, notes, mode)
    if len(checksums) == 1:
        print(f"checksum: {checksums.pop()} (the same in every run)")
    else:
        print(f"checksums differ between runs: {', '.join(map(str, sorted(checksums)))}")


def _print_summary(medians, notes, mode):
    gain = "scaled efficiency" if mode == "scaleup" else "speedup"
    print()
    print(f"{'engine':<10} {'k':>3} {'median ms':>10} {'min–max ms':>17} {gain:>17} {'pool start-up ms':>17}")
    for (engine, k), (median, low, high, startup_ms) in medians.items():
        base = medians.get((engine, 1))
        ratio = f"{base[0] / median:.2f}" if base else "-"
        print(f"{engine:<10} {k:>3} {median:>10.1f} {f'{low:.1f}–{high:.1f}':>17} {ratio:>17} {startup_ms:>17.1f}")
        if notes[engine, k]:
            print(f"{'':>14} {notes[engine, k]}")
    print()
