"""parlab's join as a PySpark program: the same generated orders and customers
(the same rows, bit for bit, from the same seed) joined on customer_id with
Spark SQL's join, then revenue per region, and the same checksum and regions
as the page.

Run it here:   pip install pyspark==4.3.0   (Spark needs Java 17 or newer)
               python join_pyspark.py
               Spark starts a JVM in this process (local[*]: a thread per core).
               spark-submit --master "local[2]" join_pyspark.py gives it 2.
On a cluster:  spark-submit --master spark://host:7077 join_pyspark.py
               (or --master yarn, k8s://…): the script takes the master that
               spark-submit gives it and changes nothing else.
It prints:     one line per timed run (k, repetition, ms, checksum), the
               medians and speedups, the checksum, and the result as JSON. The
               checksum equals the page's for the same parameters.

The page's k is the number of partitions of both tables and of the join:
k tasks in each stage, so at most k cores work at once. Every partition makes
its own rows (made once and cached before the clock starts, as parlab makes
its tables untimed). The strategies are Spark's join hints: "broadcast" is
broadcast(customers), which sends the whole small table to every task and
moves no order; "repartition" is a shuffled hash join, both tables hashed by
customer_id into k partitions (spark.sql.shuffle.partitions), every row moving
once. With a skewed customer, one partition of the repartition gets most of the
orders: the result's orders_by_partition shows it. (Spark's adaptive execution
splits such a partition in a sort-merge join; a hash join, like parlab's, keeps it.)

What differs from parlab: starting the JVM and the session takes seconds (not
timed here); every stage pays Spark's scheduling (tens of ms, far more than a
parlab run at small sizes), and the rows are made by Python, a hundred times
slower than parlab's WebAssembly: keep them to a few hundred thousand on a
laptop. On a cluster the broadcast and the shuffle cross the network, and the
executors' start-up and the stragglers come on top.
"""
from pyspark.sql import SparkSession, functions as F

# parlab: parameters begin (the page writes its settings here)
PARAMS = {"orders": 20000, "customers": 2000, "customer_skew": "0", "strategy": "broadcast", "seed": 1}
WORKERS = [1, 2]
REPETITIONS = 3
MODE = "speedup"
# parlab: parameters end

# parlab: helpers begin (the page pastes parlab_core.py and parlab_data.py here)
from parlab_data import ORDER_COLUMNS, REGIONS, customers, join_result, join_row_hash, orders, part_range, sweep_engine
# parlab: helpers end


def prepare(spark, params, k):
    """The orders and the customers, k partitions of each, each made where it is stored, cached."""
    parts = spark.sparkContext.parallelize(range(k), k)
    seed = params["seed"]
    made = parts.flatMap(lambda part: orders(seed, part_range(part, k, params["orders"]), params["customers"],
                                             params["customer_skew"]))
    order_table = spark.createDataFrame(made, ", ".join(f"{column} long" for column in ORDER_COLUMNS)).cache()
    people = parts.flatMap(lambda part: customers(seed, part_range(part, k, params["customers"])))
    customer_table = spark.createDataFrame(people, "customer_id long, region long, segment long").cache()
    order_table.count(), customer_table.count()
    return order_table, customer_table


def sums_of(rows):
    """Revenue and orders per region, and the sum of the joined rows' hashes, of one partition."""
    revenue, count, rows_hash = [0] * len(REGIONS), [0] * len(REGIONS), 0
    for order_id, customer_id, amount_cents, region, segment in rows:
        revenue[region] += amount_cents
        count[region] += 1
        rows_hash += join_row_hash(order_id, customer_id, amount_cents, region, segment)
    yield revenue, count, rows_hash


def join(tables, params, k):
    order_table, customer_table = tables
    order_table.sparkSession.conf.set("spark.sql.shuffle.partitions", k)
    if params["strategy"] == "broadcast":
        joined = order_table.join(F.broadcast(customer_table), "customer_id")
    else:
        joined = order_table.hint("shuffle_hash").join(customer_table.hint("shuffle_hash"), "customer_id")
    parts = joined.select("order_id", "customer_id", "amount_cents", "region", "segment").rdd.mapPartitions(sums_of)
    parts = parts.collect()
    revenue = [sum(part[0][r] for part in parts) for r in range(len(REGIONS))]
    count = [sum(part[1][r] for part in parts) for r in range(len(REGIONS))]
    value, regions = join_result(revenue, count, sum(part[2] for part in parts))
    result = {"orders": params["orders"], "customers": params["customers"], "joined": sum(count), "regions": regions,
              "orders_by_partition": [sum(part[1]) for part in parts]}
    return value, result


def main(spark=None):
    """Runs the sweep on `spark`, or on a session of its own."""
    if spark is None:
        spark = (SparkSession.builder.appName("parlab join")
                 .config("spark.ui.showConsoleProgress", "false").getOrCreate())
        spark.sparkContext.setLogLevel("ERROR")
    sweep_engine("join", PARAMS, WORKERS, REPETITIONS, MODE, "orders",
                 lambda params, k: prepare(spark, params, k), join,
                 release=lambda tables: [table.unpersist() for table in tables])


if __name__ == "__main__":
    main()
