"""parlab's partitions experiment as a PySpark program: the same generated
orders (the same rows, bit for bit, from the same seed) stored as N
partitions, in row order or by day, and a query for the revenue of a range of
days, with Spark SQL; the same checksum, matched orders and revenue as the page.

Run it here:   pip install pyspark==4.3.0   (Spark needs Java 17 or newer)
               python partitions_pyspark.py
               Spark starts a JVM in this process (local[*]: a thread per core).
               spark-submit --master "local[2]" partitions_pyspark.py gives it 2.
On a cluster:  spark-submit --master spark://host:7077 partitions_pyspark.py
               (or --master yarn, k8s://…): the script takes the master that
               spark-submit gives it and changes nothing else.
It prints:     one line per timed run (k, repetition, ms, checksum), the
               medians and speedups, the checksum, and the result as JSON. The
               checksum equals the page's for the same parameters.

The page's N is the number of partitions of the cached table (times the pieces
of "split large partitions" when N < k, as the page cuts them); Spark runs a
task per partition on at most as many cores as its master has (local[*], or
local[k] to match the page's k). Each task pays the set-up of opening its
partition and decodes every row it reads (Python, in mapPartitions). Stored "in
row order", each partition holds rows of every day; stored "by day", the table
is range-partitioned by day (repartitionByRange) and sorted within partitions,
and Spark's cache keeps every batch's smallest and largest day, as parlab keeps
its partitions'. The query's filter on the day then skips the batches outside
its range: pruning, which the page's switch turns on and off here through
spark.sql.inMemoryColumnarStorage.partitionPruning. (Stored as files, the same
idea is a table partitioned by day: write.partitionBy("day"), read with a
filter on day.)

What differs from parlab: starting the JVM and the session takes seconds (not
timed here); every stage pays Spark's scheduling; Spark pushes the filter
before the decoding, so only the rows of the days asked for are decoded (parlab
decodes every row of a partition it opens); Python decodes a hundred times
slower than parlab's WebAssembly: keep the orders to a few hundred thousand on
a laptop. On a cluster the executors' start-up and the stragglers come on top.
"""
from pyspark.sql import SparkSession, functions as F

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


def prepare(spark, params, k):
    """The orders as N partitions (or their pieces), in row order or by day, each made where it is stored, cached."""
    partitions, rows = params["partitions"], params["rows"]
    pieces = partition_tasks(partitions, params["split"], k)

    def rows_of(task):
        partition = part_range(task // pieces, partitions, rows)
        piece = part_range(task % pieces, pieces, len(partition))
        return orders(params["seed"], range(partition.start + piece.start, partition.start + piece.stop), 10_000, 0)

    made = spark.sparkContext.parallelize(range(partitions * pieces), partitions * pieces).flatMap(rows_of)
    table = spark.createDataFrame(made, ", ".join(f"{column} long" for column in ORDER_COLUMNS))
    if params["layout"] == "day":
        table = table.repartitionByRange(partitions * pieces, "day", "order_id").sortWithinPartitions("day", "order_id")
    table = table.cache()
    table.count()
    return table


def query(table, params, k):
    table.sparkSession.conf.set("spark.sql.inMemoryColumnarStorage.partitionPruning", str(params["pruning"] == "on").lower())
    read = table.where(F.col("day").between(params["day_from"], params["day_to"])).select("order_id", "day", "amount_cents")
    found = read.rdd.mapPartitions(lambda rows: [matched_sums(rows, params)]).collect()
    matched, revenue, hashes = (sum(column) for column in zip(*found))
    result = {"rows": params["rows"], "rows_matched": matched, "revenue_cents": revenue,
              "days": [params["day_from"], params["day_to"]], "stored_partitions": table.rdd.getNumPartitions()}
    return hashes & MASK64, result


def main(spark=None):
    """Runs the sweep on `spark`, or on a session of its own."""
    if spark is None:
        spark = (SparkSession.builder.appName("parlab partitions")
                 .config("spark.ui.showConsoleProgress", "false").getOrCreate())
        spark.sparkContext.setLogLevel("ERROR")
    sweep_engine("partitions", PARAMS, WORKERS, REPETITIONS, MODE, "rows",
                 lambda params, k: prepare(spark, params, k), query, release=lambda table: table.unpersist())


if __name__ == "__main__":
    main()
