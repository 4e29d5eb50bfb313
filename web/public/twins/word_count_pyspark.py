"""parlab's word count as a PySpark program: the same generated text (the
same words, bit for bit, from the same seed), counted with Spark's RDDs, and
the same checksum and top words as the page.

Run it here:   pip install pyspark==4.3.0   (Spark needs Java 17 or newer)
               python word_count_pyspark.py
               Spark starts a JVM in this process (local[*]: a thread per core).
               spark-submit --master "local[2]" word_count_pyspark.py gives it 2.
On a cluster:  spark-submit --master spark://host:7077 word_count_pyspark.py
               (or --master yarn, k8s://…): the script takes the master that
               spark-submit gives it and changes nothing else.
It prints:     one line per timed run (k, repetition, ms, checksum), the
               medians and speedups, the checksum, and the result as JSON. The
               checksum equals the page's for the same parameters.

The page's k is the number of partitions of the text and of reducers: k tasks
in each stage, so at most k cores work at once. Every partition makes its own
words (made once and cached before the clock starts, as parlab makes its text
untimed). The combiner maps onto reduceByKey, which adds up each partition's
pairs before the shuffle; without it, groupByKey sends every (word, 1) across
the shuffle and counts them after.

What differs from parlab: starting the JVM and the session takes seconds (not
timed here); every stage pays Spark's scheduling (tens of ms, far more than a
parlab run at small sizes), and the words are made by Python, a hundred times
slower than parlab's WebAssembly: keep the text to a few hundred thousand words
on a laptop. On a cluster the shuffle crosses the network, and the executors'
start-up and the stragglers come on top.
"""
from operator import add

from pyspark.sql import SparkSession

# parlab: parameters begin (the page writes its settings here)
PARAMS = {"words": 20000, "vocabulary": 1000, "word_skew": "1", "combiner": "off", "seed": 1}
WORKERS = [1, 2]
REPETITIONS = 3
MODE = "speedup"
# parlab: parameters end

# parlab: helpers begin (the page pastes parlab_core.py and parlab_data.py here)
from parlab_core import MASK64, draw
from parlab_data import fnv1a, part_range, sweep_engine, words
# parlab: helpers end


def text_of(params, part, parts):
    """The words of partition `part` of `parts`, made where they are counted."""
    return words(params["seed"], part_range(part, parts, params["words"]), params["vocabulary"], params["word_skew"])


def prepare(spark, params, k):
    text = spark.sparkContext.parallelize(range(k), k).flatMap(lambda part: text_of(params, part, k)).cache()
    text.count()
    return text


def count(text, params, k):
    pairs = text.map(lambda word: (word, 1))
    if params["combiner"] == "on":
        counts = pairs.reduceByKey(add, numPartitions=k)
    else:
        counts = pairs.groupByKey(numPartitions=k).mapValues(len)
    counts.cache()
    value = counts.map(lambda pair: draw(fnv1a(pair[0]), pair[1])).sum() & MASK64
    result = {
        "words": params["words"],
        "distinct": counts.count(),
        "top": [list(pair) for pair in counts.takeOrdered(10, key=lambda pair: (-pair[1], pair[0]))],
    }
    counts.unpersist()
    return value, result


def main(spark=None):
    """Runs the sweep on `spark`, or on a session of its own."""
    if spark is None:
        spark = (SparkSession.builder.appName("parlab word count")
                 .config("spark.ui.showConsoleProgress", "false").getOrCreate())
        spark.sparkContext.setLogLevel("ERROR")
    sweep_engine("word_count", PARAMS, WORKERS, REPETITIONS, MODE, "words",
                 lambda params, k: prepare(spark, params, k), count, release=lambda text: text.unpersist())


if __name__ == "__main__":
    main()
