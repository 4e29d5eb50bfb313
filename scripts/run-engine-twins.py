"""Runs Dask or PySpark twins one after another in this one process, for
`npm run test:twins`: `python run-engine-twins.py ENGINE FILE...`. PySpark's
session (a JVM, about 10 s to start) is made once, with local[2], and handed to
every twin's main(spark). Each twin's output follows a line `=== FILE`; a twin
that fails prints `=== failed: ` and its error, and the others still run.

A twin is run as a module of its own name (not __main__), so its guard keeps it
from running on import; its functions travel to Spark's and Dask's worker
processes by value, as cloudpickle sends those of a module that is not imported.
"""
import os
import runpy
import sys
import traceback


def main(engine, files):
    spark = None
    if engine == "pyspark":
        # Spark's Python workers run `python3` from the PATH unless told: this one, with the pinned packages.
        os.environ["PYSPARK_PYTHON"] = sys.executable
        from pyspark.sql import SparkSession
        spark = (SparkSession.builder.master("local[2]").appName("parlab twins")
                 .config("spark.ui.enabled", "false").config("spark.ui.showConsoleProgress", "false").getOrCreate())
        spark.sparkContext.setLogLevel("ERROR")
    for file in files:
        print(f"=== {file}", flush=True)
        try:
            twin = runpy.run_path(file, run_name="parlab_twin_under_test")
            sys.argv = [file]
            twin["main"](spark) if spark else twin["main"]()
        except Exception:
            print(f"=== failed: {traceback.format_exc()}", flush=True)
    if spark:
        spark.stop()


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2:])
