"""parlab's aggregate as a Dask program: revenue and orders per customer or
per region over the same generated orders (the same rows, bit for bit, from
the same seed), with a Dask DataFrame's groupby, and the same checksum and top
groups as the page.

Run it here:   pip install "dask[dataframe]==2026.8.0"
               python aggregate_dask.py
               Dask's local scheduler runs a DataFrame on a pool of threads,
               one per core.
On a cluster:  pip install "dask[distributed]", start `dask scheduler` and
               `dask worker scheduler:8786` on the machines, then
               python aggregate_dask.py scheduler:8786
               connects a dask.distributed.Client, which then runs everything.
It prints:     one line per timed run (k, repetition, ms, checksum), the
               medians and speedups, the checksum, and the result as JSON. The
               checksum equals the page's for the same parameters.

The page's k is the number of partitions of the orders: k tasks, so at most k
cores work at once. Every partition makes its own orders (made once and kept
before the clock starts, as parlab makes its tables untimed). Dask's groupby
is the page's "partial aggregates" strategy: each partition adds up its own
orders, and the partial totals are combined in a tree. The lock strategies
have no equivalent in an engine whose workers share no memory. Grouping by
region merges the small customers table, one partition that Dask sends to
every partition of the orders (a broadcast), as parlab's workers each hold it.

What differs from parlab: the threads share one interpreter (pandas releases
its lock in much of its work, the Python that made the orders does not), and
the scheduler's overhead per task is about a millisecond; the orders are made
by Python, a hundred times slower than parlab's WebAssembly: keep them to a
few hundred thousand on a laptop. On a cluster the partial totals cross the
network, and the workers' start-up and the stragglers come on top.
"""
import sys

import pandas as pd
import dask
import dask.dataframe as dd

# parlab: parameters begin (the page writes its settings here)
PARAMS = {"rows": 20000, "customers": 500, "customer_skew": "1", "group_by": "customer", "strategy": "partials", "shards": 16, "seed": 1}
WORKERS = [1, 2]
REPETITIONS = 3
MODE = "speedup"
# parlab: parameters end

# parlab: helpers begin (the page pastes parlab_core.py and parlab_data.py here)
from parlab_core import MASK64, draw
from parlab_data import ORDER_COLUMNS, REGIONS, customers, orders, part_range, sweep_engine
# parlab: helpers end

ORDERS_META = pd.DataFrame({column: pd.Series(dtype="int64") for column in ORDER_COLUMNS})
CUSTOMERS_META = pd.DataFrame({column: pd.Series(dtype="int64") for column in ["customer_id", "region", "segment"]})


def prepare(params, k):
    """k partitions of orders, each made where it is stored, and the customers in one partition; kept."""
    order_table = dd.from_map(
        lambda part: pd.DataFrame(orders(params["seed"], part_range(part, k, params["rows"]), params["customers"],
                                         params["customer_skew"]), columns=ORDER_COLUMNS),
        range(k), meta=ORDERS_META)
    customer_table = dd.from_map(
        lambda part: pd.DataFrame(customers(params["seed"], range(params["customers"])), columns=CUSTOMERS_META.columns),
        [0], meta=CUSTOMERS_META)
    return dask.persist(order_table, customer_table)


def aggregate(tables, params, k):
    order_table, customer_table = tables
    if params["group_by"] == "region":
        order_table = order_table.merge(customer_table, on="customer_id")
    group = "region" if params["group_by"] == "region" else "customer_id"
    totals = order_table.groupby(group).agg(revenue_cents=("amount_cents", "sum"),
                                            orders=("amount_cents", "count")).compute()
    value = sum(draw(draw(g, revenue), n) for g, revenue, n in totals.itertuples()) & MASK64
    top = totals.reset_index().sort_values(["revenue_cents", group], ascending=[False, True]).head(5)
    name = (lambda g: REGIONS[g]) if params["group_by"] == "region" else (lambda g: f"customer {g}")
    result = {
        "rows": params["rows"],
        "group_by": params["group_by"],
        "groups": len(totals),
        "top": [{"group": name(int(g)), "revenue_cents": int(revenue), "orders": int(n)}
                for g, revenue, n in top[[group, "revenue_cents", "orders"]].itertuples(index=False)],
    }
    return value, result


def main():
    if len(sys.argv) > 1:
        from dask.distributed import Client
        Client(sys.argv[1])
    sweep_engine("aggregate", PARAMS, WORKERS, REPETITIONS, MODE, "rows", prepare, aggregate)


if __name__ == "__main__":
    main()
