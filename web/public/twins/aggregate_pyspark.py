"""parlab's aggregate as a PySpark program: revenue and orders per customer or
per region over the same generated orders (the same rows, bit for bit, from
the same seed), with Spark's groupBy, and the same checksum and top groups as
the page.

Run it here:   pip install pyspark==4.3.0   (Spark needs Java 17 or newer)
               python aggregate_pyspark.py
               Spark starts a JVM in this process (local[*]: a thread per core).
               spark-submit --master "local[2]" aggregate_pyspark.py gives it 2.
On a cluster:  spark-submit --master spark://host:7077 aggregate_pyspark.py
               (or --master yarn, k8s://…): the script takes the master that
               spark-submit gives it and changes nothing else.
It prints:     one line per timed run (k, repetition, ms, checksum), the
               medians and speedups, the checksum, and the result as JSON. The
               checksum equals the page's for the same parameters.

The page's k is the number of partitions of the orders and of the groups after
the shuffle (spark.sql.shuffle.partitions): k tasks in each stage, so at most k
cores work at once. Every partition makes its own orders (made once and cached
before the clock starts, as parlab makes its tables untimed). Spark's groupBy
is the page's "partial aggregates" strategy: each partition adds up its own
orders (the plan's partial HashAggregate), and only those partial totals are
shuffled and merged. The lock strategies have no equivalent in an engine whose
workers share no memory. Grouping by region joins the small customers table,
broadcast to every partition, as parlab's workers each hold it whole.

What differs from parlab: starting the JVM and the session takes seconds (not
timed here); every stage pays Spark's scheduling (tens of ms, far more than a
parlab run at small sizes), and the orders are made by Python, a hundred times
slower than parlab's WebAssembly: keep them to a few hundred thousand on a
laptop. On a cluster the shuffle crosses the network, and the executors'
start-up and the stragglers come on top.
"""
from pyspark.sql import SparkSession, functions as F

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


def prepare(spark, params, k):
    """The orders and the customers, k partitions of each, each made where it is stored, cached."""
    parts = spark.sparkContext.parallelize(range(k), k)
    rows, seed = params["rows"], params["seed"]
    table = parts.flatMap(lambda part: orders(seed, part_range(part, k, rows), params["customers"],
                                              params["customer_skew"]))
    order_table = spark.createDataFrame(table, ", ".join(f"{column} long" for column in ORDER_COLUMNS)).cache()
    people = parts.flatMap(lambda part: customers(seed, part_range(part, k, params["customers"])))
    customer_table = spark.createDataFrame(people, "customer_id long, region long, segment long").cache()
    order_table.count(), customer_table.count()
    return order_table, customer_table


def aggregate(tables, params, k):
    order_table, customer_table = tables
    order_table.sparkSession.conf.set("spark.sql.shuffle.partitions", k)
    if params["group_by"] == "region":
        grouped = order_table.join(F.broadcast(customer_table), "customer_id").groupBy(F.col("region").alias("group"))
    else:
        grouped = order_table.groupBy(F.col("customer_id").alias("group"))
    totals = grouped.agg(F.sum("amount_cents").alias("revenue_cents"), F.count("*").alias("orders")).cache()
    value = totals.rdd.map(lambda t: draw(draw(t.group, t.revenue_cents), t.orders)).sum() & MASK64
    top = totals.orderBy(F.desc("revenue_cents"), "group").limit(5).collect()
    name = (lambda group: REGIONS[group]) if params["group_by"] == "region" else (lambda group: f"customer {group}")
    result = {
        "rows": params["rows"],
        "group_by": params["group_by"],
        "groups": totals.count(),
        "top": [{"group": name(t.group), "revenue_cents": t.revenue_cents, "orders": t.orders} for t in top],
    }
    totals.unpersist()
    return value, result


def main(spark=None):
    """Runs the sweep on `spark`, or on a session of its own."""
    if spark is None:
        spark = (SparkSession.builder.appName("parlab aggregate")
                 .config("spark.ui.showConsoleProgress", "false").getOrCreate())
        spark.sparkContext.setLogLevel("ERROR")
    sweep_engine("aggregate", PARAMS, WORKERS, REPETITIONS, MODE, "rows",
                 lambda params, k: prepare(spark, params, k), aggregate,
                 release=lambda tables: [table.unpersist() for table in tables])


if __name__ == "__main__":
    main()
