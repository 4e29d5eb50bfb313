"""parlab's sample sort as a PySpark program: the same numbers (bit for bit,
from the same seed) sorted by Spark SQL's orderBy, which is a sample sort:
Spark samples the keys, picks k - 1 range boundaries, sends every key to its
range (the shuffle) and sorts the k ranges at once. It prints the same
checksum as the page, and the keys per partition.

Run it here:   pip install pyspark==4.3.0   (Spark needs Java 17 or newer)
               python sample_sort_pyspark.py
               Spark starts a JVM in this process (local[*]: a thread per core).
               spark-submit --master "local[2]" sample_sort_pyspark.py gives it 2.
On a cluster:  spark-submit --master spark://host:7077 sample_sort_pyspark.py
               (or --master yarn, k8s://…): the script takes the master that
               spark-submit gives it and changes nothing else.
It prints:     one line per timed run (k, repetition, ms, checksum), the
               medians and speedups, the checksum, and the result as JSON. The
               checksum equals the page's for the same parameters.

The page's k is the number of ranges (spark.sql.shuffle.partitions; adaptive
execution is kept from merging them). The numbers are made on the driver, as
parlab's coordinator makes them (each follows from the one before), and cached
in k partitions before the clock starts. The page's splitters map onto Spark's
sample per range, spark.sql.execution.rangeExchange.sampleSizePerPartition: 4
for "from a small sample", 256 for "oversampled". Spark never splits equal
keys across ranges by itself: "oversampled" also sorts by (key, position), the
page's way of telling a hot key's copies apart, so that they spread over ranges.
The checksum of the sorted keys depends on every key's place; each partition
adds its share from its first key's place, so nothing is collected.

What differs from parlab: starting the JVM and the session takes seconds (not
timed here); every stage pays Spark's scheduling (tens of ms, far more than a
parlab run at small sizes), Spark sorts rows of its own format rather than
plain numbers, and its sample is its own, so the keys per partition differ a
little from the page's buckets. On a cluster the shuffle crosses the network,
and the executors' start-up and the stragglers come on top.
"""
from operator import xor

from pyspark.sql import SparkSession

# parlab: parameters begin (the page writes its settings here)
PARAMS = {"elements": 20000, "seed": 1, "keys": "uniform", "splitters": "sample"}
WORKERS = [1, 2]
REPETITIONS = 3
MODE = "speedup"
# parlab: parameters end

# parlab: helpers begin (the page pastes parlab_core.py and parlab_data.py here)
from parlab_data import sort_input, sweep_engine, xor_of_terms
# parlab: helpers end


def prepare(spark, params, k):
    keys = sort_input(params["elements"], params["seed"], params["keys"])
    table = spark.createDataFrame(spark.sparkContext.parallelize(list(enumerate(keys)), k), "position long, key long")
    table = table.cache()
    table.count()
    return table


def sort(table, params, k):
    conf = table.sparkSession.conf
    conf.set("spark.sql.shuffle.partitions", k)
    conf.set("spark.sql.adaptive.coalescePartitions.enabled", "false")
    conf.set("spark.sql.execution.rangeExchange.sampleSizePerPartition", 256 if params["splitters"] == "oversampled" else 4)
    by = ["key", "position"] if params["splitters"] == "oversampled" else ["key"]
    ordered = table.orderBy(*by).select("key").rdd.map(lambda row: row.key).cache()
    sizes = ordered.glom().map(len).collect()
    firsts = [sum(sizes[:i]) for i in range(len(sizes))]
    count = sum(sizes)
    value = ordered.mapPartitionsWithIndex(lambda i, keys: [xor_of_terms(keys, firsts[i], count)]).fold(0, xor)
    ordered.unpersist()
    return value, {"elements": count, "keys_per_partition": sizes}


def main(spark=None):
    """Runs the sweep on `spark`, or on a session of its own."""
    if spark is None:
        spark = (SparkSession.builder.appName("parlab sample sort")
                 .config("spark.ui.showConsoleProgress", "false").getOrCreate())
        spark.sparkContext.setLogLevel("ERROR")
    sweep_engine("sample_sort", PARAMS, WORKERS, REPETITIONS, MODE, "elements",
                 lambda params, k: prepare(spark, params, k), sort, release=lambda table: table.unpersist())


if __name__ == "__main__":
    main()
