"""parlab's scan as a PySpark program: filter, project and a user-defined
function (UDF) over the same generated orders (the same rows, bit for bit,
from the same seed), with Spark SQL, and the same checksum and first kept rows
as the page.

Run it here:   pip install pyspark==4.3.0   (Spark needs Java 17 or newer)
               python scan_pyspark.py
               Spark starts a JVM in this process (local[*]: a thread per core).
               spark-submit --master "local[2]" scan_pyspark.py gives it 2.
On a cluster:  spark-submit --master spark://host:7077 scan_pyspark.py
               (or --master yarn, k8s://…): the script takes the master that
               spark-submit gives it and changes nothing else.
It prints:     one line per timed run (k, repetition, ms, checksum), the
               medians and speedups, the checksum, and the result as JSON. The
               checksum equals the page's for the same parameters.

The page's k is the number of partitions of the orders: k tasks, so at most k
cores work at once. Every partition makes its own orders (made once and cached
before the clock starts, as parlab makes its table untimed, as data stored on
its node). The filter and the projection are Spark SQL (where, select); the UDF
is a Python UDF, which Spark runs in Python worker processes beside the JVM,
one row at a time. "What comes back" is the page's gather: "kept rows" collects
the kept rows and their UDF values to the driver (a collect()), "count and
checksum" adds them up where they are and sends back two numbers per partition.

What differs from parlab: starting the JVM and the session takes seconds (not
timed here); every stage pays Spark's scheduling (tens of ms), rows cross from
the JVM to Python and back for the UDF, and Python computes the UDF a hundred
times slower than parlab's WebAssembly: keep the orders to a few hundred
thousand and the UDF's work small on a laptop. On a cluster a collect crosses
the network to the driver, and the executors' start-up and the stragglers come
on top.
"""
from decimal import Decimal

from pyspark.sql import SparkSession, functions as F
from pyspark.sql.types import DecimalType

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


def prepare(spark, params, k):
    """The orders in k partitions, each made where it is stored (10,000 customers, uniform, as the page's), cached."""
    made = spark.sparkContext.parallelize(range(k), k).flatMap(
        lambda part: orders(params["seed"], part_range(part, k, params["rows"]), 10_000, 0))
    table = spark.createDataFrame(made, ", ".join(f"{column} long" for column in ORDER_COLUMNS)).cache()
    table.count()
    return table


def scan(table, params, k):
    work = params["udf_work"]

    # The UDF's score of a kept row, with the row's share of the checksum (a 64-bit number, as a decimal:
    # Spark's longs are signed, and a sum of decimals does not overflow).
    @F.udf(DecimalType(20, 0), useArrow=False)
    def scored(order_id, customer_id, amount_cents):
        return Decimal(draw(spin(customer_id << 32 | amount_cents, work), order_id))

    kept = (table.where(F.col("product_id") < params["selectivity"] * 1000 // 100)
            .select("order_id", "customer_id", "amount_cents")
            .withColumn("score", scored("order_id", "customer_id", "amount_cents")))
    result = {"rows_in": params["rows"], "product_below": params["selectivity"] * 1000 // 100}
    if params["gather"] == "rows":
        rows = kept.collect()
        value, result["rows_out"] = sum(int(row.score) for row in rows) & MASK64, len(rows)
        result["first_rows"] = [{"order_id": r.order_id, "customer_id": r.customer_id, "amount_cents": r.amount_cents}
                                for r in sorted(rows, key=lambda row: row.order_id)[:3]]
    else:
        total = kept.agg(F.sum("score").alias("sum"), F.count("*").alias("count")).first()
        value, result["rows_out"] = int(total["sum"] or 0) & MASK64, total["count"]
    return value, result


def main(spark=None):
    """Runs the sweep on `spark`, or on a session of its own."""
    if spark is None:
        spark = (SparkSession.builder.appName("parlab scan")
                 .config("spark.ui.showConsoleProgress", "false").getOrCreate())
        spark.sparkContext.setLogLevel("ERROR")
    sweep_engine("scan", PARAMS, WORKERS, REPETITIONS, MODE, "rows",
                 lambda params, k: prepare(spark, params, k), scan, release=lambda table: table.unpersist())


if __name__ == "__main__":
    main()
