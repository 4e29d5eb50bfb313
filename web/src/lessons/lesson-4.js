// Lesson 4: parallel data processing: operators, partitions, joins,
// aggregates, word count, and Dask and Spark (data, see index.js).
export default {
  title: 'Parallel data processing',
  // About how long a student takes, runs included (the start page quotes it).
  minutes: 20,
  summary: 'Filter, project and map; aggregates from partial results; joins, sort, partitions and pruning; word count and the combiner; and how Dask and Spark do the same.',
  steps: [
    {
      title: 'Filter, project, map',
      text: [
        'A table of orders is split into partitions, and each worker scans its own: keep the orders that pass a filter, keep only the columns needed (project), and compute a new value per row with a user-defined function (map). No worker needs another\'s rows.',
        'The run scans half a million orders with 1 and 2 workers.',
      ],
      teaches: ['filter-project-map'],
      run: { experiment: 'scan', params: { rows: 500000, selectivity: 25, udf_work: 200 }, workers: '1,2', repetitions: 3, controls: ['udf_work'] },
      measure: { what: 'speedup', k: 2 },
      prediction: { kind: 'number', question: 'What speedup will 2 workers reach?', expected: 'ideal', unit: '×', tolerance: 0.3 },
      outcomes: [
        { below: 'ideal', times: 0.75, text: 'parlab measured {measured} at k = 2, below the {ideal}× that {coreCount} allow. Where the time went: {loss}. With a cheap function a scan reads memory more than it computes, and one coordinator collects the kept rows at the end: make the function costlier and run again.' },
        { above: 'ideal', times: 1.15, text: 'parlab measured {measured} at k = 2, more than the {ideal}× that {coreCount} allow. With a costly function per row the scan is computation, which cannot go faster than all the cores: the 1-worker runs, which the speedup divides by, took longer than they should (another program taking turns on the cores does that). Run again when the machine is quiet.' },
        { text: 'parlab measured {measured} at k = 2, close to {ideal}×: with a costly function per row the scan is computation, and each worker has its own rows.' },
      ],
    },
    {
      title: 'Aggregates from partial results',
      text: [
        'Revenue per customer is a GROUP BY. Workers could all add into one shared table behind a lock, or each fill a table of its own (a partial aggregate) and merge the tables at the end.',
        'The run sums 4 million orders both ways on 1 and 2 workers.',
      ],
      teaches: ['partial-aggregates', 'group-by', 'serial-and-locks'],
      run: {
        experiment: 'aggregate', params: { rows: 4000000 }, workers: '1,2', repetitions: 3, controls: [],
        variants: [
          { label: 'one lock', params: { strategy: 'one_lock' } },
          { label: 'partial aggregates', params: { strategy: 'partials' } },
        ],
      },
      measure: { what: 'median', k: 2 },
      prediction: {
        kind: 'choice', question: 'Which finishes first with 2 workers?', from: 'variants', best: 'lowest', expected: 1,
        options: [{ label: 'one lock' }, { label: 'partial aggregates' }],
      },
      outcomes: [
        { is: 1, text: 'Median times at k = 2: {values}. Partial aggregates need no lock while they count; the merge at the end handles one table per worker, not one update per order. Where each lost time at k = 2: {losses}.' },
        { text: 'Median times at k = 2: {values}. The lock did well this time. Where each lost time at k = 2: {losses}. Look at the lock waits in the lab\'s timeline.' },
      ],
    },
    {
      title: 'Joins: broadcast or repartition',
      text: [
        'To join orders with customers on the customer id, either send the whole customers table to every worker (broadcast), or hash both tables by customer id so that matching rows meet at the same worker (repartition, a shuffle).',
        'With a small customers table (16,384 rows) and a million orders, the run tries both on 2 workers.',
      ],
      teaches: ['joins'],
      run: {
        experiment: 'join', params: { orders: 1000000, customers: 16384 }, workers: '1,2', repetitions: 3, controls: ['customers'],
        variants: [
          { label: 'broadcast', params: { strategy: 'broadcast' } },
          { label: 'repartition', params: { strategy: 'repartition' } },
        ],
      },
      measure: { what: 'median', k: 2 },
      prediction: {
        kind: 'choice', question: 'Which join finishes first?', from: 'variants', best: 'lowest', expected: 0,
        options: [{ label: 'broadcast' }, { label: 'repartition' }],
      },
      outcomes: [
        { is: 0, text: 'Median times at k = 2: {values}. A small table is cheap to copy to every worker, and then no order moves. Repartition moves every order to its key\'s worker. Raise the customers to a million and broadcast loses its edge.' },
        { text: 'Median times at k = 2: {values}. Repartition won here. Where each lost time at k = 2: {losses}.' },
      ],
    },
    {
      title: 'Sort: range partitioning',
      text: [
        'To sort in parallel, pick k − 1 splitters from a sample of the keys, send each key to the bucket of its range, sort the buckets at the same time, and put them one after the other. No merge is needed, but the buckets must be even.',
        'The run sorts a million numbers on 2 workers, with distinct keys and with half of the keys equal.',
      ],
      teaches: ['sort', 'skew'],
      run: {
        experiment: 'sample_sort', params: { elements: 1000000, splitters: 'sample' }, workers: '1,2', repetitions: 3, controls: [],
        variants: [
          { label: 'distinct keys', params: { keys: 'uniform' } },
          { label: 'half the keys equal', params: { keys: 'duplicates' } },
        ],
      },
      measure: { what: 'speedup', k: 2 },
      prediction: {
        kind: 'choice', question: 'Which sorts with the higher speedup?', from: 'variants', best: 'highest', expected: 0,
        options: [{ label: 'distinct keys' }, { label: 'half the keys equal' }],
      },
      outcomes: [
        { is: 0, text: 'Speedups at k = 2: {values}. When half the keys are equal, every copy of that key lands in one bucket, and its worker sorts most of the data alone: skew again. Oversampled splitters that tell equal keys apart by position fix it (in the lab).' },
        { text: 'Speedups at k = 2: {values}. The hot key did not show this time. Where each lost time at k = 2: {losses}. The lab\'s summary gives the keys per bucket.' },
      ],
    },
    {
      title: 'N partitions on M workers',
      text: [
        'Data is stored in partitions, and a partition is the unit of work: one worker reads it. With fewer partitions than workers, some workers have nothing to do; with far more, the set-up of each partition adds up.',
        'The table is stored as 1 partition, and 2 workers read it.',
      ],
      teaches: ['partitions-vs-workers'],
      run: { experiment: 'partitions', params: { rows: 200000, partitions: 1, split: 'whole' }, workers: '1,2', repetitions: 3, controls: ['partitions', 'split'] },
      measure: { what: 'speedup', k: 2 },
      prediction: { kind: 'number', question: 'What speedup will 2 workers reach on 1 partition?', expected: 1, unit: '×', tolerance: 0.3 },
      outcomes: [
        { below: 1.3, text: 'parlab measured {measured}: one partition, one worker reading it, and the other idle. Split the large partitions, or store more partitions than workers, and run again.' },
        { text: 'parlab measured {measured}: with these settings the partitions give both workers something to read. With 1 whole partition one of them would be idle.' },
      ],
    },
    {
      title: 'Pruning: partitions that a query skips',
      text: [
        'Stored by day, each partition knows its first and last day. A query for days 0 to 89 can skip every partition whose days lie outside that range without opening it: pruning.',
        'The run queries 400,000 orders in 16 partitions on 2 workers, with pruning on and off.',
      ],
      teaches: ['pruning', 'partitions-vs-workers'],
      run: {
        experiment: 'partitions', params: { rows: 400000, partitions: 16, layout: 'day', day_from: 0, day_to: 89 }, workers: '1,2', repetitions: 3, controls: [],
        variants: [
          { label: 'pruning on', params: { pruning: 'on' } },
          { label: 'pruning off', params: { pruning: 'off' } },
        ],
      },
      measure: { what: 'median', k: 2 },
      prediction: {
        kind: 'choice', question: 'Which answers the query first?', from: 'variants', best: 'lowest', expected: 0,
        options: [{ label: 'pruning on' }, { label: 'pruning off' }],
      },
      outcomes: [
        { is: 0, text: 'Median times at k = 2: {values}. A quarter of the year is about a quarter of the partitions: the rest are never opened. Stored in row order instead, every partition holds nearly every day and pruning skips nothing.' },
        { text: 'Median times at k = 2: {values}. Pruning did not win this time, which it should by about four times. Where each lost time at k = 2: {losses}. Run it again.' },
      ],
    },
    {
      title: 'Word count and the combiner',
      text: [
        'Word count is the classic of Spark: map each word to (word, 1), shuffle the pairs so that each word goes to one reducer, and add up. A combiner counts within each block first, so one (word, n) travels instead of n pairs.',
        'The run counts a million words with a few very common ones, on 2 processes, with the combiner off and on.',
      ],
      teaches: ['group-by', 'skew'],
      run: {
        experiment: 'word_count', params: { words: 1000000, word_skew: '1.5' }, workers: '1,2', repetitions: 3, engine: 'processes', controls: [],
        variants: [
          { label: 'no combiner', params: { combiner: 'off' } },
          { label: 'combiner', params: { combiner: 'on' } },
        ],
      },
      measure: { what: 'median', k: 2 },
      prediction: {
        kind: 'choice', question: 'Which counts faster?', from: 'variants', best: 'lowest', expected: 1,
        options: [{ label: 'no combiner' }, { label: 'combiner' }],
      },
      outcomes: [
        { is: 1, text: 'Median times at k = 2: {values}. The combiner sent one pair per distinct word and block instead of one per word: far fewer bytes in the shuffle, and the reducer of the most common words had far less to add.' },
        { text: 'Median times at k = 2: {values}. The combiner did not pay here: counting first costs time too. The lab\'s summary gives the bytes shuffled each way, which the combiner always cuts.' },
      ],
    },
    {
      title: 'Dask and Spark',
      text: [
        'Dask and Spark run these operators on many machines: a dataframe or dataset is a list of partitions, each a task for a worker (a process, often on another machine), and a groupby or reduceByKey is a shuffle like the one you just measured. In Spark: flatMap, map to (word, 1), reduceByKey; in Dask: a bag\'s frequencies or a dataframe\'s groupby.',
        'In the lab, the data experiments offer "Copy as Dask" and "Copy as PySpark": the same experiment as a program for those tools. Here the word count runs on 1 and 2 processes.',
      ],
      teaches: ['dask-spark', 'group-by'],
      run: { experiment: 'word_count', params: { words: 1000000, combiner: 'on' }, workers: '1,2', repetitions: 3, engine: 'processes', controls: [] },
      measure: { what: 'speedup', k: 2 },
      prediction: { kind: 'number', question: 'What speedup will 2 processes reach?', expected: 'ideal', unit: '×', tolerance: 0.3 },
      outcomes: [
        { below: 'ideal', times: 0.9, text: 'parlab measured {measured} at k = 2, below the {ideal}× that {coreCount} allow. Where the time went: {loss}. The shuffle is a round of messages between the map and the reduce, and the coordinator passes them on. On a cluster every shuffle crosses the network, which is why Spark and Dask try hard to avoid them.' },
        { above: 'ideal', times: 1.15, text: 'parlab measured {measured} at k = 2, more than the {ideal}× that {coreCount} allow. Each process counts its own words, and two processes cannot count faster than two cores: the 1-process runs, which the speedup divides by, took longer than they should (another program taking turns on the cores, or words that fit the caches of two cores but not of one). Run again when the machine is quiet.' },
        { text: 'parlab measured {measured} at k = 2, close to {ideal}×: with the combiner the shuffle is small beside the counting. On a cluster the same holds, with the network in place of messages between processes.' },
      ],
    },
  ],
  questions: [
    {
      question: 'Why do partial aggregates scale better than one shared table behind a lock?',
      step: 2,
      options: [
        { label: 'Each worker counts into its own table without waiting, and the merge is small', correct: true, feedback: 'The only serial part is merging one table per worker.' },
        { label: 'They skip the orders of small customers', feedback: 'Every order is counted either way; only the locking differs.' },
        { label: 'They use less memory', feedback: 'They use more (a table per worker); they win by not waiting for a lock.' },
      ],
    },
    {
      question: 'When is a broadcast join the better choice?',
      step: 3,
      options: [
        { label: 'When one side is small enough to copy to every worker', correct: true, feedback: 'Then no row of the large side has to move.' },
        { label: 'When both tables are large', feedback: 'Copying a large table to every worker costs more than a shuffle: repartition both instead.' },
        { label: 'Always: it never moves data', feedback: 'It moves the small table k times; that is cheap only while the table is small.' },
      ],
    },
    {
      question: 'A dataset has 4 partitions and the cluster has 8 workers. What happens in a scan?',
      step: 5,
      options: [
        { label: '4 workers read and 4 stay idle', correct: true, feedback: 'A partition is read by one worker; split or repartition into at least 8 to use them all.' },
        { label: 'Each partition is read by 2 workers', feedback: 'A partition is the unit of work: one worker reads it, unless it is split first.' },
        { label: 'The scan fails', feedback: 'It runs, with idle workers.' },
      ],
    },
    {
      question: 'What does a combiner do in a word count?',
      step: 7,
      options: [
        { label: 'Counts words within each block before the shuffle, so fewer pairs travel', correct: true, feedback: 'One (word, n) per block instead of n pairs of (word, 1).' },
        { label: 'Combines the reducers\' results into one list', feedback: 'That is the final collect; the combiner works before the shuffle.' },
        { label: 'Removes the most common words', feedback: 'No word is dropped: all counts stay exact.' },
      ],
    },
    {
      question: 'In Spark or Dask, what is the unit of parallel work on a dataset?',
      step: 8,
      options: [
        { label: 'A partition: one task per partition', correct: true, feedback: 'That is why the number of partitions against the number of workers matters.' },
        { label: 'A row: one task per row', feedback: 'A task per row would pay the scheduling cost millions of times: the grain would be far too small.' },
        { label: 'A column', feedback: 'Columns shape how data is stored; tasks are made per partition.' },
      ],
    },
  ],
};
