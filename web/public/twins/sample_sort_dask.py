"""parlab's sample sort as a Dask program: the same numbers (bit for bit, from
the same seed) sorted by a Dask DataFrame's sort_values, which is a sample
sort: Dask samples the keys, picks k - 1 boundaries at their quantiles, sends
every key to its range (the shuffle) and sorts the k ranges at once. It prints
the same checksum as the page, and the keys per partition.

Run it here:   pip install "dask[dataframe]==2026.8.0"
               python sample_sort_dask.py
               Dask's local scheduler runs a DataFrame on a pool of threads,
               one per core.
On a cluster:  pip install "dask[distributed]", start `dask scheduler` and
               `dask worker scheduler:8786` on the machines, then
               python sample_sort_dask.py scheduler:8786
               connects a dask.distributed.Client, which then runs everything.
It prints:     one line per timed run (k, repetition, ms, checksum), the
               medians and speedups, the checksum, and the result as JSON. The
               checksum equals the page's for the same parameters.

The page's k is the number of partitions before and after the sort. The
numbers are made here, as parlab's coordinator makes them (each follows from
the one before), and kept in k partitions before the clock starts. The page's
splitters map onto Dask's sample: "oversampled" multiplies it by 64
(upsample). Dask's boundaries are values of the first sort column, so a hot
key's copies always stay in one partition, whatever the sample. The checksum
of the sorted keys depends on every key's place; each partition adds its share
from its first key's place, so nothing is collected.

What differs from parlab: the scheduler's overhead per task is about a
millisecond, pandas sorts with its own algorithm, and Dask's sample is its own,
so the keys per partition differ a little from the page's buckets. On a
cluster the shuffle crosses the network, and the workers' start-up and the
stragglers come on top.
"""
import sys
from functools import reduce
from operator import xor

import pandas as pd
import dask.dataframe as dd

# parlab: parameters begin (the page writes its settings here)
PARAMS = {"elements": 20000, "seed": 1, "keys": "uniform", "splitters": "sample"}
WORKERS = [1, 2]
REPETITIONS = 3
MODE = "speedup"
# parlab: parameters end

# parlab: helpers begin (the page pastes parlab_core.py and parlab_data.py here)
from parlab_data import sort_input, sweep_engine, xor_of_terms
# parlab: helpers end


def prepare(params, k):
    keys = sort_input(params["elements"], params["seed"], params["keys"])
    return dd.from_pandas(pd.DataFrame({"key": keys}), npartitions=k, sort=False).persist()


def sort(table, params, k):
    ordered = table.sort_values("key", npartitions=k,
                                upsample=64.0 if params["splitters"] == "oversampled" else 1.0).persist()
    sizes = list(ordered.map_partitions(len).compute())
    firsts = [sum(sizes[:i]) for i in range(len(sizes))]
    count = sum(sizes)
    shares = ordered["key"].map_partitions(
        lambda keys, partition_info: pd.Series([xor_of_terms(keys.tolist(), firsts[partition_info["number"]], count)],
                                                   dtype=object),
        meta=("share", object)).compute()
    return reduce(xor, shares, 0), {"elements": count, "keys_per_partition": sizes}


def main():
    if len(sys.argv) > 1:
        from dask.distributed import Client
        Client(sys.argv[1])
    sweep_engine("sample_sort", PARAMS, WORKERS, REPETITIONS, MODE, "elements", prepare, sort)


if __name__ == "__main__":
    main()
