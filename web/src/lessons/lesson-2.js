// Lesson 2: threads and processes, the GIL, concurrency and parallelism,
// fork–join, locks, queues and pipelines (data, see index.js).
export default {
  title: 'Threads, processes and the GIL',
  // About how long a student takes, runs included (the start page quotes it).
  minutes: 25,
  summary: 'When Python threads help and when they do not, what processes share (nothing), why a shared counter loses updates, and how queues and pipelines split the work.',
  steps: [
    {
      title: 'Threads that wait: 40 API calls',
      text: [
        'A request to a web API is mostly waiting for the answer. In CPython only the thread that holds the global interpreter lock (GIL) runs Python code, but a thread that waits for I/O lets go of the lock.',
        'The run makes 40 requests that each compute a little and then wait 20 ms, with 1, 10 and 40 threads, under a GIL like CPython\'s.',
      ],
      course: 'The course: 100 API calls took 977.88 s one after the other and 46.83 s with 40 threads, 20.9× faster.',
      teaches: ['gil'],
      run: { experiment: 'requests', params: { requests: 40, wait_ms: 20, request_work: 20 }, workers: '1,10,40', repetitions: 2, engine: 'threads', gil: true, controls: [] },
      measure: { what: 'speedup', k: 40 },
      prediction: { kind: 'number', question: 'What speedup will 40 threads reach, GIL and all?', expected: 40, unit: '×', tolerance: 8 },
      outcomes: [
        { below: 5, text: 'parlab measured only {measured} at k = 40. The waits should overlap even under the GIL; where the time went at k = 40: {loss}. The lab\'s timeline shows each lane\'s waits.' },
        { text: 'parlab measured {measured} at k = 40 on {coreCount}: far more than the cores, because a waiting thread uses no core and lets go of the GIL. The course got 20.9× for 100 calls in 3 waves of 40 threads, with real network answers that vary; here 40 requests fit in one wave of equal 20 ms waits. Threads in CPython do run concurrently on I/O-bound work.' },
      ],
    },
    {
      title: 'Threads that compute: an image batch',
      text: [
        'Shrinking images to thumbnails is pure computation: no waiting, so a thread never lets go of the GIL on its own. CPython hands the lock from thread to thread every 5 ms.',
        'The run shrinks 80 images of 512×512 pixels, 10 to a chunk, with 1 and 2 threads under the GIL.',
      ],
      course: 'The course: the X-ray batch took 29.48 s in a loop and 29.71 s with threads.',
      teaches: ['gil', 'threads-vs-processes'],
      run: { experiment: 'image_batch', params: { images: 80, side: 512, thumb_side: 64, images_per_chunk: 10 }, workers: '1,2', repetitions: 5, engine: 'threads', gil: true, controls: [] },
      measure: { what: 'speedup', k: 2 },
      prediction: { kind: 'number', question: 'What speedup will 2 threads reach under the GIL?', expected: 1, unit: '×', tolerance: 0.25 },
      outcomes: [
        { below: 1.3, text: 'parlab measured {measured} at k = 2: the two threads took turns on one lock, so only one computed at any moment. The course\'s 29.48 s against 29.71 s is the same story: a ratio of 0.99. The threads even pay a little for handing the lock over.' },
        { text: 'parlab measured {measured} at k = 2, more than one lock should allow. Under the GIL only one thread computes at a time; where the time went at k = 2: {loss}. The course saw 0.99× (29.48 s against 29.71 s).' },
      ],
    },
    {
      title: 'Processes that compute',
      text: [
        'A process has its own interpreter and its own GIL, so processes compute at the same time. They share no memory: each reads its own images, and only the thumbnails (each with a hash for the checksum) travel back as messages.',
        'The same batch now runs on 1 and 2 processes.',
      ],
      course: 'The course: 8 processes took 6.98 s for the batch that took 29.48 s in a loop, 4.2× faster.',
      teaches: ['threads-vs-processes', 'gil'],
      run: { experiment: 'image_batch', params: { images: 80, side: 512, thumb_side: 64, images_per_chunk: 10 }, workers: '1,2', repetitions: 5, engine: 'processes', controls: [] },
      measure: { what: 'speedup', k: 2 },
      prediction: { kind: 'number', question: 'What speedup will 2 processes reach?', expected: 'ideal', unit: '×', tolerance: 0.3 },
      outcomes: [
        { below: 'ideal', times: 0.75, text: 'parlab measured {measured} at k = 2, below the {ideal}× that {coreCount} allow. Where the time went at k = 2: {loss}. Processes pay for messages and, the first time one meets an image, for reading it. The course\'s 8 processes gave 4.2× (29.48 s in a loop against 6.98 s), not 8×.' },
        { text: 'parlab measured {measured} at k = 2, close to the {ideal}× that {coreCount} allow: no lock to share, so both processes computed at once. The course\'s 8 processes gave 4.2× (29.48 s in a loop against 6.98 s), not 8×, on a machine this page did not measure.' },
      ],
    },
    {
      title: 'Two cooks: parallel breakfast',
      text: [
        'Back to breakfast: coffee 5 minutes, two toasts of 2 minutes one after the other. One asynchronous cook already made it in about 5 minutes, without a second core.',
        'Now 2 cooks work in parallel, each taking a task that is ready. Parallelism means two workers doing something at the same instant.',
      ],
      teaches: ['sync-vs-async', 'threads-vs-processes'],
      run: { experiment: 'breakfast', params: { way: 'parallel', minute_ms: 20 }, workers: '1,2', repetitions: 3, controls: [] },
      measure: { what: 'minutes', k: 2 },
      prediction: { kind: 'number', question: 'How many minutes will 2 cooks take?', expected: 5, unit: 'minutes', tolerance: 1 },
      outcomes: [
        { below: 6, text: 'parlab measured {measured} with 2 cooks: the 5 minutes of coffee, the same as one asynchronous cook. The machines set the pace, not the cooks, so a second cook adds nothing here. Parallelism pays when there is work for two pairs of hands; concurrency is enough when the work is waiting.' },
        { text: 'parlab measured {measured} with 2 cooks, more than the 5-minute coffee; the lab\'s timeline shows each cook\'s waits and the gaps between them. Even so, a second cook cannot beat the longest chain of tasks, which one asynchronous cook already reaches.' },
      ],
    },
    {
      title: 'Fork and join',
      text: [
        'Merge sort is task parallelism: fork the list into two halves, sort both at the same time, join (wait for both), then merge. Each half forks again, down to pieces small enough to sort alone.',
        'The run sorts a million numbers with 1, 2 and 4 workers.',
      ],
      teaches: ['fork-join'],
      run: { experiment: 'fork_join', params: { elements: 1000000 }, workers: '1,2,4', repetitions: 3, controls: [] },
      measure: { what: 'speedup', k: 4 },
      prediction: { kind: 'number', question: 'What speedup will 4 workers reach?', expected: 'ideal', unit: '×', tolerance: 0.4 },
      outcomes: [
        { below: 'ideal', times: 0.8, text: 'parlab measured {measured} at k = 4, below the {ideal}× that {coreCount} allow. Every join waits for its slower half, and the merges near the top are done by fewer and fewer workers: the last one by one.' },
        { text: 'parlab measured {measured} at k = 4, close to the {ideal}× that {coreCount} allow. Forks give every worker a piece early; only the last merges run on fewer workers.' },
      ],
    },
    {
      title: 'Threads share everything: a counter race',
      text: [
        'Threads share one memory. Two workers add 1 to the same counter: each reads the value and writes back the value + 1. If both read 41, both write 42, and one update is lost.',
        'The run adds 1 ten million times with 1 and then 2 workers, without a lock.',
      ],
      teaches: ['threads-vs-processes', 'serial-and-locks'],
      run: { experiment: 'counter', params: { increments: 10000000, strategy: 'unsynchronized' }, workers: '1,2', repetitions: 3, engine: 'threads', controls: ['strategy'] },
      measure: { what: 'detail', name: 'lost', k: 2 },
      prediction: {
        kind: 'choice', question: 'How many updates will 2 workers lose?', expected: 2,
        options: [{ label: 'None', upTo: 1 }, { label: 'A few: under 1 %', upTo: 100000 }, { label: 'Many: 1 % or more' }],
      },
      outcomes: [
        { is: 0, text: 'No update was lost this time (the median of the runs). The runs lost {range}. Either you picked a strategy that prevents it, or the two workers rarely read the counter at the same moment in these runs. Nothing in the unsynchronized code prevents the race; run it again.' },
        { text: 'The two workers lost {value} updates (the median of the runs; {range} across them) out of 10,000,000: each lost update is a read that raced with the other worker\'s write. A lock, an atomic add or a count per worker fixes it: choose one in the strategy and run again.' },
      ],
    },
    {
      title: 'Processes share nothing',
      text: [
        'Processes have no memory in common. Python\'s multiprocessing gives each process its own copy of every variable; to combine results they exchange messages, or use shared memory that you create on purpose.',
        'The same counter now runs on the processes engine: each process counts on its own, and the counts travel to the coordinator as messages.',
      ],
      teaches: ['threads-vs-processes'],
      run: { experiment: 'counter', params: { increments: 10000000, strategy: 'unsynchronized' }, workers: '1,2', repetitions: 3, engine: 'processes', controls: [] },
      measure: { what: 'detail', name: 'lost', k: 2 },
      prediction: {
        kind: 'choice', question: 'How many updates will 2 processes lose?', expected: 0,
        options: [{ label: 'None', upTo: 1 }, { label: 'Some' }],
      },
      outcomes: [
        { is: 0, text: 'No update was lost: with nothing shared there is nothing to race on. Each process counted its increments in its own memory, and only the counts travelled to the coordinator, one message per chunk.' },
        { text: 'parlab counted {value} lost updates on processes, which share no memory and so cannot race: please report this as a bug in parlab.' },
      ],
    },
    {
      title: 'Producer and consumers',
      text: [
        'One producer makes jobs and puts them in a queue; k consumers take them out and do them (Python\'s queue.Queue with worker threads). The queue decouples them, but the slower side sets the pace.',
        'Here making a job takes twice as long as doing one. The run uses 1 and 4 consumers.',
      ],
      teaches: ['producer-consumer'],
      run: { experiment: 'queue', params: { jobs: 100, job_work: 100, producer_work: 200 }, workers: '1,4', repetitions: 3, controls: [] },
      measure: { what: 'speedup', k: 4 },
      prediction: {
        kind: 'choice', question: 'What speedup will 4 consumers give?', expected: 0,
        options: [{ label: 'About 1×', upTo: 1.5 }, { label: 'Between 1.5× and 3×', upTo: 3 }, { label: '3× or more' }],
      },
      outcomes: [
        { is: 0, text: 'parlab measured {value} with 4 consumers: the producer needs twice as long to make a job as one consumer needs to do it, so one consumer already waits half of the time, and more consumers just wait longer. In the lab, make the producer faster (work to make a job) and watch the consumers catch up.' },
        { text: 'parlab measured {value} with 4 consumers. With these settings the producer keeps up with more than one consumer, so consumers help until the producer becomes the bottleneck; the lab\'s summary names the bottleneck.' },
      ],
    },
    {
      title: 'A pipeline',
      text: [
        'A pipeline splits each item\'s work into stages (read, parse, transform, write) joined by queues, one worker per stage, like an assembly line. Every item passes every stage, and all stages work at once on different items.',
        'Transform costs three times as much as each other stage. The run uses 1 worker (all stages in turn) and 4 (one per stage).',
      ],
      teaches: ['pipelines', 'producer-consumer'],
      run: { experiment: 'pipeline', params: { items: 100, form: 'pipeline' }, workers: '1,4', repetitions: 3, controls: [] },
      measure: { what: 'speedup', k: 4 },
      prediction: { kind: 'number', question: 'What speedup will the 4-stage pipeline reach?', expected: 2, unit: '×', tolerance: 0.4 },
      outcomes: [
        { below: 1.5, text: 'parlab measured {measured}. The slowest stage sets the pace of a pipeline: transform does 300 of the 600 units of each item, so 4 stages can give at most 600 / 300 = 2×, and on {coreCount} four stage workers also take turns.' },
        { text: 'parlab measured {measured}, close to the 600 / 300 = 2× that the slowest stage allows: transform does half of each item\'s work, and the other stages wait for it. In the lab, give transform less work to see the pace move to another stage.' },
      ],
    },
  ],
  questions: [
    {
      question: 'Do CPython threads run concurrently on I/O-bound work, such as 100 calls to a web API?',
      step: 1,
      options: [
        { label: 'No: the GIL lets only one thread run at a time, so threads never help', feedback: 'The GIL lets one thread run Python code at a time, but a thread waiting for I/O releases it; the waits overlap. The course measured 977.88 s → 46.83 s.' },
        { label: 'Yes: a thread that waits for I/O releases the GIL, so the waits overlap', correct: true, feedback: 'That is why 40 threads cut 100 API calls from 977.88 s to 46.83 s.' },
        { label: 'Only with as many cores as threads', feedback: 'A waiting thread uses no core: 40 threads overlap their waits on 2 cores.' },
      ],
    },
    {
      question: 'Why did the image batch take 29.71 s with threads against 29.48 s in a loop?',
      step: 2,
      options: [
        { label: 'CPU-bound Python code holds the GIL, so only one thread computes at a time', correct: true, feedback: 'The threads take turns on the lock and add the cost of handing it over.' },
        { label: 'The images were too small to split', feedback: 'Processes split the same images 4.2× faster: the batch splits fine; the lock is the problem.' },
        { label: 'Threads copy each image before working on it', feedback: 'Threads share memory and copy nothing; processes are the ones that must send data.' },
      ],
    },
    {
      question: 'Two processes from a ProcessPoolExecutor each append to a global list. What does each see?',
      step: 7,
      options: [
        { label: 'One list with both appends, as threads would', feedback: 'Processes share nothing by default: each has its own copy of the list.' },
        { label: 'Its own copy: sharing needs explicit shared memory or messages', correct: true, feedback: 'Results come back as messages (the return values), or through shared memory created for the purpose.' },
        { label: 'An error: processes cannot use global variables', feedback: 'They can; each just has its own.' },
      ],
    },
    {
      question: 'Why does an unsynchronized shared counter lose updates?',
      step: 6,
      options: [
        { label: 'Two workers read the same value and both write value + 1', correct: true, feedback: 'Read, add and write are separate steps, and another worker can come in between.' },
        { label: 'The counter overflows', feedback: 'Ten million fits easily in a 64-bit counter; the lost updates are races.' },
        { label: 'The GIL drops some of the additions', feedback: 'The GIL does not drop work; and a handover between the read and the write can cause the race, so it does not prevent it either.' },
      ],
    },
  ],
};
