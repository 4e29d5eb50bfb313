"""parlab's join as a Dask program: the same generated orders and customers
(the same rows, bit for bit, from the same seed) merged on customer_id with a
Dask DataFrame's merge, then revenue per region, and the same checksum and
regions as the page.

Run it here:   pip install "dask[dataframe]==2026.8.0"
               python join_dask.py
               Dask's local scheduler runs a DataFrame on a pool of threads,
               one per core.
On a cluster:  pip install "dask[distributed]", start `dask scheduler` and
               `dask worker scheduler:8786` on the machines, then
               python join_dask.py scheduler:8786
               connects a dask.distributed.Client, which then runs everything.
It prints:     one line per timed run (k, repetition, ms, checksum), the
               medians and speedups, the checksum, and the result as JSON. The
               checksum equals the page's for the same parameters.

The page's k is the number of partitions of the orders (and, for a
repartition, of the customers and of the join): k tasks, so at most k cores
work at once. Every partition makes its own rows (made once and kept before
the clock starts, as parlab makes its tables untimed). "broadcast" is Dask's
small-table merge: the customers are one partition, merged into every
partition of the orders, which do not move. "repartition" is a hash join: both
tables, in k partitions, are shuffled by customer_id into k partitions and
merged partition by partition, every row moving once. With a skewed customer,
one partition of the repartition gets most of the orders: the result's
orders_by_partition shows it.

What differs from parlab: the threads share one interpreter (pandas releases
its lock in much of its work, the Python that made the rows and hashes the
joined rows does not), and the scheduler's overhead per task is about a
millisecond; the rows are made by Python, a hundred times slower than parlab's
WebAssembly: keep them to a few hundred thousand on a laptop. On a cluster the
broadcast and the shuffle cross the network, and the workers' start-up and the
stragglers come on top.
"""
import sys

import pandas as pd
import dask
import dask.dataframe as dd

# parlab: parameters begin (the page writes its settings here)
PARAMS = {"orders": 20000, "customers": 2000, "customer_skew": "0", "strategy": "broadcast", "seed": 1}
WORKERS = [1, 2]
REPETITIONS = 3
MODE = "speedup"
# parlab: parameters end

# parlab: helpers begin (the page pastes parlab_core.py and parlab_data.py here)
from parlab_data import ORDER_COLUMNS, REGIONS, customers, join_result, join_row_hash, orders, part_range, sweep_engine
# parlab: helpers end

CUSTOMER_COLUMNS = ["customer_id", "region", "segment"]
ORDERS_META = pd.DataFrame({column: pd.Series(dtype="int64") for column in ORDER_COLUMNS})
CUSTOMERS_META = pd.DataFrame({column: pd.Series(dtype="int64") for column in CUSTOMER_COLUMNS})
SUMS_META = pd.DataFrame({"sums": pd.Series(dtype=object)})


def prepare(params, k):
    """k partitions of orders and of customers, each made where it is stored, and the
    customers again in one partition for the broadcast; kept."""
    order_table = dd.from_map(
        lambda part: pd.DataFrame(orders(params["seed"], part_range(part, k, params["orders"]), params["customers"],
                                         params["customer_skew"]), columns=ORDER_COLUMNS),
        range(k), meta=ORDERS_META)
    parts = 1 if params["strategy"] == "broadcast" else k
    customer_table = dd.from_map(
        lambda part: pd.DataFrame(customers(params["seed"], part_range(part, parts, params["customers"])),
                                  columns=CUSTOMER_COLUMNS),
        range(parts), meta=CUSTOMERS_META)
    return dask.persist(order_table, customer_table)


def sums_of(joined):
    """Revenue and orders per region, and the sum of the joined rows' hashes, of one partition."""
    revenue, count, rows_hash = [0] * len(REGIONS), [0] * len(REGIONS), 0
    for order_id, customer_id, amount_cents, region, segment in joined[
            ["order_id", "customer_id", "amount_cents", "region", "segment"]].itertuples(index=False):
        revenue[region] += amount_cents
        count[region] += 1
        rows_hash += join_row_hash(order_id, customer_id, amount_cents, region, segment)
    return pd.DataFrame({"sums": [(revenue, count, rows_hash)]})


def join(tables, params, k):
    order_table, customer_table = tables
    if params["strategy"] == "broadcast":
        joined = order_table.merge(customer_table, on="customer_id", broadcast=True)
    else:
        joined = order_table.merge(customer_table, on="customer_id", npartitions=k, shuffle_method="tasks",
                                   broadcast=False)
    parts = list(joined.map_partitions(sums_of, meta=SUMS_META).compute()["sums"])
    revenue = [int(sum(part[0][r] for part in parts)) for r in range(len(REGIONS))]
    count = [int(sum(part[1][r] for part in parts)) for r in range(len(REGIONS))]
    value, regions = join_result(revenue, count, sum(int(part[2]) for part in parts))
    result = {"orders": params["orders"], "customers": params["customers"], "joined": sum(count), "regions": regions,
              "orders_by_partition": [int(sum(part[1])) for part in parts]}
    return value, result


def main():
    if len(sys.argv) > 1:
        from dask.distributed import Client
        Client(sys.argv[1])
    sweep_engine("join", PARAMS, WORKERS, REPETITIONS, MODE, "orders", prepare, join)


if __name__ == "__main__":
    main()
