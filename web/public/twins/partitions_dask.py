"""parlab's partitions experiment as a Dask program: the same generated
orders (the same rows, bit for bit, from the same seed) stored as N
partitions, in row order or by day, and a query for the revenue of a range of
days, with a Dask DataFrame; the same checksum, matched orders and revenue as
the page.

Run it here:   pip install "dask[dataframe]==2026.8.0"
               python partitions_dask.py
               Dask's local scheduler runs a DataFrame on a pool of threads,
               one per core.
On a cluster:  pip install "dask[distributed]", start `dask scheduler` and
               `dask worker scheduler:8786` on the machines, then
               python partitions_dask.py scheduler:8786
               connects a dask.distributed.Client, which then runs everything.
It prints:     one line per timed run (k, repetition, ms, checksum), the
               medians and speedups, the checksum, and the result as JSON. The
               checksum equals the page's for the same parameters.

The page's N is the number of partitions of the kept table (times the pieces
of "split large partitions" when N < k, as the page cuts them); Dask runs a
task per partition on its pool. Each task pays the set-up of opening its
partition and decodes every row it reads. Stored "in row order", each
partition holds rows of every day; stored "by day", the table is indexed by
day (set_index), so Dask knows every partition's first and last day (its
divisions), as parlab keeps its partitions'. With pruning on, the query selects
its days with .loc, which reads only the partitions whose days overlap them
(partitions_read in the result); with pruning off, a filter reads them all.
(Stored as files, the same idea is a Parquet dataset partitioned by day, read
with filters=[("day", ">=", …)].) Dask cuts the day layout at quantiles of the
days, so its N partitions hold about, not exactly, equal numbers of orders, and
it makes fewer partitions than N when N exceeds the distinct days.

What differs from parlab: the threads share one interpreter, and the decoding
is Python, so it holds the interpreter's lock: on the threaded scheduler it
does not scale (try dask.config.set(scheduler="processes"), or
dask.distributed with a process per core); Python decodes a hundred times
slower than parlab's WebAssembly: keep the orders to a few hundred thousand on
a laptop. On a cluster the workers' start-up and the stragglers come on top.
"""
import sys

import pandas as pd
import dask.dataframe as dd

# parlab: parameters begin (the page writes its settings here)
PARAMS = {"rows": 20000, "partitions": 8, "split": "whole", "partition_work": 5, "row_work": 30, "layout": "day", "day_from": 0, "day_to": 89, "pruning": "on", "seed": 1}
WORKERS = [1, 2]
REPETITIONS = 3
MODE = "speedup"
# parlab: parameters end

# parlab: helpers begin (the page pastes parlab_core.py and parlab_data.py here)
from parlab_core import MASK64
from parlab_data import ORDER_COLUMNS, matched_sums, orders, part_range, partition_tasks, sweep_engine
# parlab: helpers end

ORDERS_META = pd.DataFrame({column: pd.Series(dtype="int64") for column in ORDER_COLUMNS})
SUMS_META = pd.DataFrame({"sums": pd.Series(dtype=object)})


def prepare(params, k):
    """The orders as N partitions (or their pieces), in row order or indexed by day, each made where it is stored; kept."""
    partitions, rows = params["partitions"], params["rows"]
    pieces = partition_tasks(partitions, params["split"], k)

    def rows_of(task):
        partition = part_range(task // pieces, partitions, rows)
        piece = part_range(task % pieces, pieces, len(partition))
        made = orders(params["seed"], range(partition.start + piece.start, partition.start + piece.stop), 10_000, 0)
        return pd.DataFrame(made, columns=ORDER_COLUMNS)

    table = dd.from_map(rows_of, range(partitions * pieces), meta=ORDERS_META)
    if params["layout"] == "day":
        table = table.set_index("day", npartitions=partitions * pieces, drop=False)
    return table.persist()


def query(table, params, k):
    first, last = params["day_from"], params["day_to"]
    if params["layout"] == "day" and params["pruning"] == "on":
        read = table.loc[first:last]
    else:
        read = table[(table["day"] >= first) & (table["day"] <= last)]
    found = read.map_partitions(
        lambda part: pd.DataFrame({"sums": [matched_sums(
            zip(part["order_id"].tolist(), part["day"].tolist(), part["amount_cents"].tolist()), params)]}),
        meta=SUMS_META).compute()["sums"]
    matched, revenue, hashes = (sum(column) for column in zip(*found))
    result = {"rows": params["rows"], "rows_matched": matched, "revenue_cents": revenue,
              "days": [first, last], "stored_partitions": table.npartitions, "partitions_read": read.npartitions}
    return hashes & MASK64, result


def main():
    if len(sys.argv) > 1:
        from dask.distributed import Client
        Client(sys.argv[1])
    sweep_engine("partitions", PARAMS, WORKERS, REPETITIONS, MODE, "rows", prepare, query)


if __name__ == "__main__":
    main()
