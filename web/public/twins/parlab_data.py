"""parlab's data generator of docs/data.md in plain Python (Zipf keys in half
steps, the orders and customers tables and the text), which gives the same
rows, bit for bit, as parlab's Rust (crate/src/data/); and what the Dask and
PySpark twins share: the hashes and sums of their results, and the loop that
times them at every k. Every value depends only on the seed and its position,
so each partition of a twin makes just its own rows, as parlab's processes do.

The twins in this folder import it; the page pastes it into a twin in place of
that import (and parlab_core.py, which it uses, before it), so that a copied
script needs nothing but the standard library and its engine.
"""
import json
import os
import platform
import statistics
import time
from bisect import bisect_right
from math import floor, gcd, sqrt

from parlab_core import MASK64, below, checksum, draw, spin


def checksum_term(value, index, count):
    """What the value at `index` of `count` adds to checksum(values), by xor: the
    checksum is a fold of rotations and xors, so it is also the xor of one term
    per value, which lets each partition of a sorted result add its own share."""
    term = (value + index) & MASK64
    turn = 5 * (count - 1 - index) % 64
    return (term << turn) & MASK64 | term >> (64 - turn) if turn else term


def part_range(part, parts, length):
    """Part `part` of `parts` equal parts of range(length), as parlab cuts a table."""
    return range(part * length // parts, (part + 1) * length // parts)


class Zipf:
    """Keys 0..keys-1, key i drawn with weight about 1 / (i + 1)^skew: the
    cumulative integer weights of docs/data.md, searched for each draw."""

    def __init__(self, keys, skew):
        skew = float(skew)
        if skew * 2 != int(skew * 2) or not 0 <= skew <= 3:
            raise ValueError(f"a skew is one of 0, 0.5, 1, 1.5, 2, 2.5 or 3, not {skew}")
        whole_powers, half_power = int(skew), skew != int(skew)
        self.cumulative, total = [], 0
        for rank in range(1, keys + 1):
            power = 1.0
            for _ in range(whole_powers):
                power *= rank
            if half_power:
                power *= sqrt(rank)
            total += max(1, floor(float(1 << 40) / power))
            self.cumulative.append(total)

    def key(self, x):
        return bisect_right(self.cumulative, below(x, self.cumulative[-1]))


REGIONS = ["North", "South", "East", "West", "Centre", "Islands"]
ORDER_COLUMNS = ["order_id", "customer_id", "product_id", "quantity", "amount_cents", "day"]


def orders(seed, rows, customers, customer_skew):
    """Rows `rows` (a range) of the orders table, as tuples in ORDER_COLUMNS' order."""
    zipf = Zipf(customers, customer_skew)
    made = []
    for row in rows:
        f = [draw(seed, 5 * row + j) for j in range(5)]
        quantity = 1 + below(f[2], 10)
        made.append((row, zipf.key(f[0]), below(f[1], 1000), quantity, quantity * (100 + below(f[3], 9900)),
                     below(f[4], 365)))
    return made


def customers(seed, ids):
    """Customers `ids` (a range) as (customer_id, region, segment) tuples."""
    return [(c, below(draw(seed + 1, 2 * c), 6), below(draw(seed + 1, 2 * c + 1), 4)) for c in ids]


def spell(word_id):
    """The word with id `word_id`: a syllable per base-70 digit, the least significant first."""
    syllables = []
    while True:
        digit = word_id % 70
        syllables.append("bdfgklmnprstvz"[digit // 5] + "aeiou"[digit % 5])
        word_id //= 70
        if word_id == 0:
            return "".join(syllables)


def words(seed, positions, vocabulary, word_skew):
    """Words `positions` (a range) of the text."""
    zipf = Zipf(vocabulary, word_skew)
    return [spell(zipf.key(draw(seed + 2, p))) for p in positions]


def join_row_hash(order_id, customer_id, amount_cents, region, segment):
    """One number per joined row of parlab's join, from all its columns."""
    return draw((order_id << 32 | customer_id) & MASK64, amount_cents << 16 | region << 8 | segment)


def join_result(revenue_cents, orders_per_region, rows_hash):
    """The checksum and regions (largest revenue first) of parlab's join, from its sums per region."""
    value = checksum(list(revenue_cents) + list(orders_per_region) + [rows_hash & MASK64])
    ranked = sorted(range(len(REGIONS)), key=lambda region: -revenue_cents[region])
    return value, [{"region": REGIONS[r], "revenue_cents": revenue_cents[r], "orders": orders_per_region[r]}
                   for r in ranked]


def partition_tasks(partitions, split, workers):
    """How many pieces each of parlab's partitions is cut into: with "split_large" and fewer partitions than
    workers, enough for the pieces to divide evenly among them (workers / gcd); otherwise 1."""
    return workers // gcd(partitions, workers) if split == "split_large" and partitions < workers else 1


def matched_sums(rows, params):
    """What parlab's partitions query finds in one partition's rows of (order_id, day, amount_cents): it opens
    the partition (its set-up), decodes every row, and adds up those on the query's days: [matched, revenue,
    the sum of their hashes]."""
    spin(params["seed"] << 32, params["partition_work"] * 1000)
    matched, revenue, hashes = 0, 0, 0
    for order_id, day, amount_cents in rows:
        decoded = spin(order_id, params["row_work"])
        if params["day_from"] <= day <= params["day_to"]:
            matched += 1
            revenue += amount_cents
            hashes += draw(decoded ^ amount_cents, order_id)
    return [matched, revenue, hashes]


HOT_KEY = 1 << 31


def sort_input(elements, seed, keys):
    """The numbers parlab's fork-join and sample sort sort (crate/src/experiments/fork_join.rs): xorshift64 from
    the seed, the high 32 bits of each state; with keys "duplicates", every even one replaced by HOT_KEY. Each
    number follows from the one before, so they are made in one place (as parlab's coordinator makes them)."""
    state = (seed * 0x9E3779B97F4A7C15) & MASK64 | 1
    made = []
    for _ in range(elements):
        state ^= (state << 13) & MASK64
        state ^= state >> 7
        state ^= (state << 17) & MASK64
        key = state >> 32
        made.append(HOT_KEY if keys == "duplicates" and key % 2 == 0 else key)
    return made


def xor_of_terms(sorted_keys, first_index, count):
    """The checksum's share (see checksum_term) of a run of sorted keys that starts at `first_index` of `count`."""
    share = 0
    for offset, key in enumerate(sorted_keys):
        share ^= checksum_term(key, first_index + offset, count)
    return share


def fnv1a(word):
    """FNV-1a, 64 bits, of a word's bytes: how parlab's word count hashes a word."""
    h = 0xCBF29CE484222325
    for byte in word.encode():
        h = ((h ^ byte) * 0x100000001B3) & MASK64
    return h


def top_words(counts, n=10):
    """The n most frequent of (word, count) pairs, ties alphabetical: the page's top words."""
    return sorted(counts, key=lambda pair: (-pair[1], pair[0]))[:n]


def sweep_engine(experiment, params, workers, repetitions, mode, scale_param, prepare, query, release=None):
    """Times `query(data, params, k)`, which returns (checksum, result), at
    every k of `workers`, on the data `prepare(params, k)` made, kept by the
    engine, before the clock starts (as parlab makes its tables untimed); once
    untimed (a warm-up, which also starts the engine's workers), then
    `repetitions` times; then `release(data)`, if given, lets the engine drop
    that k's data. In scale-up mode params[scale_param] grows k times.
    Prints one line per run, the medians and speedups (or scaled
    efficiencies), the checksum, and the last run's result as JSON."""
    print(f"parlab twin of {experiment}: CPython {platform.python_version()}, os.cpu_count() = {os.cpu_count()}")
    print("k,repetition,time_ms,checksum")
    medians, checksums, result = {}, set(), None
    for k in workers:
        scaled = dict(params, **{scale_param: params[scale_param] * k}) if mode == "scaleup" else params
        data = prepare(scaled, k)
        query(data, scaled, k)
        times = []
        for repetition in range(1, repetitions + 1):
            started = time.perf_counter()
            value, result = query(data, scaled, k)
            times.append((time.perf_counter() - started) * 1e3)
            checksums.add(value)
            print(f"{k},{repetition},{times[-1]:.1f},{value}", flush=True)
        medians[k] = statistics.median(times)
        if release:
            release(data)
    gain = "scaled efficiency" if mode == "scaleup" else "speedup"
    print(f"\n{'k':>3} {'median ms':>10} {gain:>17}")
    for k, median in medians.items():
        ratio = f"{medians[1] / median:.2f}" if 1 in medians else "-"
        print(f"{k:>3} {median:>10.1f} {ratio:>17}")
    if len(checksums) == 1:
        print(f"checksum: {checksums.pop()} (the same in every run)")
    else:
        print(f"checksums differ between runs: {', '.join(map(str, sorted(checksums)))}")
    print(f"result: {json.dumps(result)}")
