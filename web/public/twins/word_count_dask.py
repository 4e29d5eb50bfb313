"""parlab's word count as a Dask program: the same generated text (the same
words, bit for bit, from the same seed), counted with a Dask bag, and the same
checksum and top words as the page.

Run it here:   pip install "dask[dataframe]==2026.8.0"
               python word_count_dask.py
               Dask's local scheduler runs a bag on a pool of processes, one
               per core (the script guards its entry point, as that pool
               starts by importing it).
On a cluster:  pip install "dask[distributed]", start `dask scheduler` and
               `dask worker scheduler:8786` on the machines, then
               python word_count_dask.py scheduler:8786
               connects a dask.distributed.Client, which then runs everything.
It prints:     one line per timed run (k, repetition, ms, checksum), the
               medians and speedups, the checksum, and the result as JSON. The
               checksum equals the page's for the same parameters.

The page's k is the number of partitions of the text and of the groups after
the shuffle: k tasks in each stage, so at most k cores work at once. Every
partition makes its own words (made once and kept before the clock starts, as
parlab makes its text untimed). With the combiner, Bag.frequencies counts each
partition's words before their counts are added up; without it, Bag.groupby
shuffles every word to the partition of its hash, and the groups' lengths are
the counts.

What differs from parlab: the local scheduler starts its processes for every
computation and pickles the partitions to them (tens to hundreds of ms, far
more than a parlab run at small sizes); the words are made by Python, a
hundred times slower than parlab's WebAssembly: keep the text to a few hundred
thousand words on a laptop. With dask.distributed the workers stay up between
computations, and on a cluster the shuffle crosses the network.
"""
import sys

import dask
import dask.bag as db

# parlab: parameters begin (the page writes its settings here)
PARAMS = {"words": 20000, "vocabulary": 1000, "word_skew": "1", "combiner": "off", "seed": 1}
WORKERS = [1, 2]
REPETITIONS = 3
MODE = "speedup"
# parlab: parameters end

# parlab: helpers begin (the page pastes parlab_core.py and parlab_data.py here)
from parlab_core import MASK64, draw
from parlab_data import fnv1a, part_range, sweep_engine, top_words, words
# parlab: helpers end


def text_of(parts, params, k):
    """The words of the partitions `parts` of k, made where they are counted."""
    return [word for part in parts for word in
            words(params["seed"], part_range(part, k, params["words"]), params["vocabulary"], params["word_skew"])]


def prepare(params, k):
    return db.from_sequence(range(k), npartitions=k).map_partitions(lambda parts: text_of(parts, params, k)).persist()


def count(text, params, k):
    if params["combiner"] == "on":
        counts = text.frequencies()
    else:
        counts = text.groupby(lambda word: word, npartitions=k).map(lambda group: (group[0], len(group[1])))
    # One computation of the counts for all three: the shared tasks run once.
    hashes, distinct, tops = dask.compute(counts.map(lambda pair: draw(fnv1a(pair[0]), pair[1])).sum(),
                                          counts.count(), counts.map_partitions(top_words))
    result = {"words": params["words"], "distinct": distinct, "top": [list(pair) for pair in top_words(tops)]}
    return hashes & MASK64, result


def main():
    if len(sys.argv) > 1:
        from dask.distributed import Client
        Client(sys.argv[1])
    sweep_engine("word_count", PARAMS, WORKERS, REPETITIONS, MODE, "words", prepare, count)


if __name__ == "__main__":
    main()
