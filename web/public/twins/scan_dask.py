"""parlab's scan as a Dask program: filter, project and a user-defined
function (UDF) over the same generated orders (the same rows, bit for bit,
from the same seed), with a Dask DataFrame, and the same checksum and first
kept rows as the page.

Run it here:   pip install "dask[dataframe]==2026.8.0"
               python scan_dask.py
               Dask's local scheduler runs a DataFrame on a pool of threads,
               one per core.
On a cluster:  pip install "dask[distributed]", start `dask scheduler` and
               `dask worker scheduler:8786` on the machines, then
               python scan_dask.py scheduler:8786
               connects a dask.distributed.Client, which then runs everything.
It prints:     one line per timed run (k, repetition, ms, checksum), the
               medians and speedups, the checksum, and the result as JSON. The
               checksum equals the page's for the same parameters.

The page's k is the number of partitions of the orders: k tasks, so at most k
cores work at once. Every partition makes its own orders (made once and kept
before the clock starts, as parlab makes its table untimed, as data stored on
its node). The filter and the projection are pandas operations on each
partition; the UDF is a Python function applied to every kept row. "What comes
back" is the page's gather: "kept rows" computes the kept rows and their UDF
values into one pandas DataFrame here, "count and checksum" adds them up in
each partition and brings back two numbers per partition.

What differs from parlab: the threads share one interpreter, and the UDF is
Python, so it holds the interpreter's lock: on the threaded scheduler the UDF
does not scale (try dask.config.set(scheduler="processes"), or dask.distributed
with a process per core); Python computes it a hundred times slower than
parlab's WebAssembly: keep the orders to a few hundred thousand and the UDF's
work small on a laptop. On a cluster the kept rows cross the network, and the
workers' start-up and the stragglers come on top.
"""
import sys

import pandas as pd
import dask.dataframe as dd

# parlab: parameters begin (the page writes its settings here)
PARAMS = {"rows": 20000, "selectivity": 25, "udf_work": 20, "gather": "rows", "seed": 1}
WORKERS = [1, 2]
REPETITIONS = 3
MODE = "speedup"
# parlab: parameters end

# parlab: helpers begin (the page pastes parlab_core.py and parlab_data.py here)
from parlab_core import MASK64, draw, spin
from parlab_data import ORDER_COLUMNS, orders, part_range, sweep_engine
# parlab: helpers end

ORDERS_META = pd.DataFrame({column: pd.Series(dtype="int64") for column in ORDER_COLUMNS})
SUMMARY_META = pd.DataFrame({"count": pd.Series(dtype="int64"), "sum": pd.Series(dtype=object)})


def prepare(params, k):
    """The orders in k partitions, each made where it is stored (10,000 customers, uniform, as the page's); kept."""
    table = dd.from_map(lambda part: pd.DataFrame(orders(params["seed"], part_range(part, k, params["rows"]), 10_000, 0),
                                                  columns=ORDER_COLUMNS),
                        range(k), meta=ORDERS_META)
    return table.persist()


def scored(kept, work):
    """The UDF's score of every kept row, with the row's share of the checksum (a Python int: 64 bits do not fit pandas' int64)."""
    return kept.assign(score=[draw(spin(c << 32 | a, work), o) for o, c, a in
                              zip(kept["order_id"].tolist(), kept["customer_id"].tolist(), kept["amount_cents"].tolist())])


def summary(kept):
    # A Python int in an object column: pandas would store a 64-bit one as uint64 or int64, and mixing them makes floats.
    return pd.DataFrame({"count": [len(kept)], "sum": pd.Series([sum(kept["score"])], dtype=object)})


def scan(table, params, k):
    threshold = params["selectivity"] * 1000 // 100
    projected = table[table["product_id"] < threshold][["order_id", "customer_id", "amount_cents"]]
    kept = projected.map_partitions(scored, params["udf_work"],
                                    meta=projected._meta.assign(score=pd.Series(dtype=object)))
    result = {"rows_in": params["rows"], "product_below": threshold}
    if params["gather"] == "rows":
        rows = kept.compute()
        value, result["rows_out"] = sum(rows["score"]) & MASK64, len(rows)
        first = rows.nsmallest(3, "order_id")[["order_id", "customer_id", "amount_cents"]]
        result["first_rows"] = [{"order_id": int(o), "customer_id": int(c), "amount_cents": int(a)}
                                for o, c, a in first.itertuples(index=False)]
    else:
        sums = kept.map_partitions(summary, meta=SUMMARY_META).compute()
        value, result["rows_out"] = sum(sums["sum"]) & MASK64, int(sums["count"].sum())
    return value, result


def main():
    if len(sys.argv) > 1:
        from dask.distributed import Client
        Client(sys.argv[1])
    sweep_engine("scan", PARAMS, WORKERS, REPETITIONS, MODE, "rows", prepare, scan)


if __name__ == "__main__":
    main()
