// Lesson 3: speedup and scale-up, and what keeps a program from scaling:
// fixed costs, task grain, serial parts and locks, skew (data, see index.js).
export default {
  title: 'Speedup, scale-up and what gets in the way',
  // About how long a student takes, runs included (the start page quotes it).
  minutes: 15,
  summary: 'Two ways to measure scaling, and the four usual reasons a program does not scale: fixed costs, grain, serial parts and locks, and skew.',
  steps: [
    {
      title: 'Speedup and scale-up',
      text: [
        'Speedup keeps the problem fixed and adds workers: T(1) / T(k). Scale-up grows the problem with the workers: k workers get k times the toasts, and the question is whether the time stays the same. Its measure, the scaled efficiency T(1, n) / T(k, n·k), is 1 when it does.',
        'The run makes 50 toasts on 1 worker and 100 toasts on 2.',
      ],
      teaches: ['speedup-vs-scaleup'],
      run: { experiment: 'toasts', params: { toasts: 50, toast_work: 200 }, workers: '1,2', repetitions: 3, mode: 'scaleup', controls: [] },
      measure: { what: 'efficiency', k: 2 },
      prediction: { kind: 'number', question: 'What scaled efficiency will 2 workers reach (1 = the same time for twice the toasts)?', expected: 1, tolerance: 0.15 },
      outcomes: [
        { below: 0.75, text: 'parlab measured a scaled efficiency of {measured}: twice the toasts took clearly longer on 2 workers than half of them on 1. This machine reports {coreCount}; two workers that must share one core take turns, and 0.5 is what one core can do.' },
        { above: 1.2, text: 'parlab measured a scaled efficiency of {measured} ({range} across the runs): twice the toasts on twice the workers took less time than half of them on one. More than 1 is no law of scale-up: the one-worker runs were slower than the two-worker runs for a reason other than the toasts. Run it again.' },
        { text: 'parlab measured a scaled efficiency of {measured}: twice the toasts on twice the workers took about the same time. Scale-up is how big systems are judged (Gustafson\'s law): more machines for more data, not the same data faster.' },
      ],
    },
    {
      title: 'Fixed costs: starting the workers',
      text: [
        'Starting workers, like starting Python processes, costs time before any work is done, and so does stopping them. For a small job that fixed cost can be larger than the job.',
        'The run makes 8 tiny toasts and counts the start-up of the pool in T(k).',
      ],
      teaches: ['fixed-costs'],
      run: { experiment: 'toasts', params: { toasts: 8, toast_work: 10 }, workers: '1,2', repetitions: 3, includeStartup: true, controls: ['toasts'] },
      measure: { what: 'speedup', k: 2 },
      prediction: {
        kind: 'choice', question: 'With the start-up counted, how fast are 2 workers against 1?', expected: 0,
        options: [{ label: 'Slower than 1 worker', upTo: 1 }, { label: 'Up to 1.5× faster', upTo: 1.5 }, { label: 'More than 1.5× faster' }],
      },
      outcomes: [
        { is: 0, text: 'parlab measured {value}: slower with 2 workers. The toasts take a fraction of a millisecond; starting the pool costs more than that (the lab shows the start-up of each k apart). Parallelism pays only when the work is large beside its fixed costs: give it more toasts and run again.' },
        { text: 'parlab measured {value}. Here the start-up was small beside the work: the engine keeps one helper per core running between sweeps, so warm helpers cost little. Try fewer toasts, or look at the start-up column in the lab\'s table.' },
      ],
    },
    {
      title: 'Grain: one message per task',
      text: [
        'On processes every chunk of tasks is a message there and back. With tiny tasks one per chunk, the messages cost more than the work. Python\'s pool.map has chunksize for exactly this.',
        'The run makes 200 tiny toasts on 2 processes, one chunk at a time in flight, with 1 and with 50 toasts per chunk.',
      ],
      teaches: ['task-grain', 'fixed-costs'],
      run: {
        experiment: 'toasts', params: { toasts: 200, toast_work: 10 }, workers: '1,2', repetitions: 3, engine: 'processes', inFlight: 1, controls: [],
        variants: [
          { label: '1 toast per chunk', params: { toasts_per_chunk: 1 } },
          { label: '50 toasts per chunk', params: { toasts_per_chunk: 50 } },
        ],
      },
      measure: { what: 'median', k: 2 },
      prediction: {
        kind: 'choice', question: 'Which finishes first on 2 processes?', from: 'variants', best: 'lowest', expected: 1,
        options: [{ label: '1 toast per chunk' }, { label: '50 toasts per chunk' }],
      },
      outcomes: [
        { is: 1, text: 'Measured at k = 2: {values}. With 50 per chunk, 4 messages carry the work that took 200 round trips with 1 per chunk; each round trip costs more than a toast.' },
        { text: 'Measured at k = 2: {values}. One toast per chunk won this time. Where each variant lost time at k = 2: {losses}. Make each toast cheaper, or look at the send and receive parts in the lab\'s timeline.' },
      ],
    },
    {
      title: 'Serial parts: one lock',
      text: [
        'A lock makes a part of the program serial: one worker at a time. Amdahl\'s law then caps the speedup, and workers waiting for the lock (lock contention) can make more workers slower than one.',
        'The run adds 1 to a shared counter two million times behind one lock, and fifty million times with a count per worker added up at the end. A count of one\'s own costs so little that two million take about half a millisecond, too short to time; a speedup compares each variant with itself, so the two sizes can be compared.',
      ],
      teaches: ['serial-and-locks', 'amdahl'],
      run: {
        experiment: 'counter', params: { increments: 2000000 }, workers: '1,2', repetitions: 3, engine: 'threads', controls: [],
        variants: [
          { label: 'one lock', params: { strategy: 'lock' } },
          { label: 'partial counts', params: { strategy: 'partials', increments: 50000000 } },
        ],
      },
      measure: { what: 'speedup', k: 2 },
      prediction: {
        kind: 'choice', question: 'Which reaches the higher speedup with 2 workers?', from: 'variants', best: 'highest', expected: 1,
        options: [{ label: 'one lock' }, { label: 'partial counts' }],
      },
      outcomes: [
        { is: 1, text: 'Speedups at k = 2: {values}. With one lock the whole job is the serial part: workers take turns and pay for handing the lock over. With partial counts nothing is shared until the end, and the serial part is one addition per worker.' },
        { text: 'Speedups at k = 2: {values}. The lock did better this time. Where each variant lost time at k = 2: {losses}. Look at the lock waits in the lab\'s timeline.' },
      ],
    },
    {
      title: 'Lock contention: more workers, slower',
      text: [
        'The counter behind one lock again, now with 1, 2 and 4 workers. Every increment needs the lock, so adding workers adds only waiting.',
      ],
      teaches: ['serial-and-locks'],
      run: { experiment: 'counter', params: { increments: 2000000, strategy: 'lock' }, workers: '1,2,4', repetitions: 3, engine: 'threads', controls: [] },
      measure: { what: 'speedup', k: 4 },
      prediction: { kind: 'number', question: 'What speedup will 4 workers reach with one lock?', expected: 1, unit: '×', tolerance: 0.3 },
      outcomes: [
        { below: 0.95, text: 'parlab measured {measured} at k = 4: slower than one worker. The serial part is everything, and the workers spend their time passing the lock (and the memory it guards) between cores.' },
        { text: 'parlab measured {measured} at k = 4: no real gain from 4 workers. With one lock no two increments run at once, so anything above 1× comes from the parts outside the lock; the timeline in the lab shows how long each worker waited for it.' },
      ],
    },
    {
      title: 'Skew: uneven work',
      text: [
        'In the Mandelbrot picture some rows need a thousand times the work of others. Static blocks give each worker an equal number of rows, decided in advance; dynamic scheduling hands out a few rows at a time to whoever is free.',
        'The run draws a 256×256 picture with 1 and 2 workers, both ways.',
      ],
      teaches: ['skew'],
      run: {
        experiment: 'mandelbrot', params: { size: 256, max_iter: 1000 }, workers: '1,2', repetitions: 3, controls: [],
        variants: [
          { label: 'static blocks', params: { schedule: 'static_blocks' } },
          { label: 'dynamic', params: { schedule: 'dynamic' } },
        ],
      },
      measure: { what: 'speedup', k: 2 },
      prediction: {
        kind: 'choice', question: 'Which reaches the higher speedup with 2 workers?', from: 'variants', best: 'highest', expected: 1,
        options: [{ label: 'static blocks' }, { label: 'dynamic' }],
      },
      outcomes: [
        { is: 1, text: 'Speedups at k = 2: {values}. With static blocks one worker got the rows inside the set, the costly ones, and the other finished early and waited: skew. Dynamic scheduling kept both busy to the end.' },
        { text: 'Speedups at k = 2: {values}. Static blocks kept up this time. Where each variant lost time at k = 2: {losses}. The lab\'s timeline of static blocks shows each lane.' },
      ],
    },
  ],
  questions: [
    {
      question: 'What does scale-up measure?',
      step: 1,
      options: [
        { label: 'How much faster a fixed problem gets with more workers', feedback: 'That is speedup, T(1) / T(k).' },
        { label: 'Whether k workers solve a k times larger problem in the same time', correct: true, feedback: 'The scaled efficiency T(1, n) / T(k, n·k) is 1 when they do.' },
        { label: 'How many workers a problem can use at most', feedback: 'Neither measure gives that directly; scale-up grows the problem with the workers.' },
      ],
    },
    {
      question: 'A program spends 10 % of its time in a part that cannot run in parallel. What is the most any number of workers can give?',
      step: 4,
      options: [
        { label: '10×', correct: true, feedback: 'By Amdahl\'s law the speedup tends to 1 / 0.1 = 10 as the parallel 90 % shrinks to nothing.' },
        { label: '90×', feedback: 'The serial 10 % always takes its time: 1 / 0.1 = 10 is the limit.' },
        { label: 'No limit: add enough workers', feedback: 'The serial part does not shrink with more workers, so it caps the speedup at 1 / 0.1 = 10.' },
      ],
    },
    {
      question: 'Why can static blocks give a poor speedup on the Mandelbrot picture?',
      step: 6,
      options: [
        { label: 'The rows need very different amounts of work, so one block holds most of it', correct: true, feedback: 'That is skew; the workers with light blocks finish and wait.' },
        { label: 'Static blocks copy the picture to every worker', feedback: 'The workers share the picture; the problem is how much work each block holds.' },
        { label: 'Static scheduling has more overhead than dynamic', feedback: 'Static scheduling has less overhead: it decides once. It loses because the blocks are uneven.' },
      ],
    },
    {
      question: 'Tiny tasks sent one at a time to processes run slower than in a loop. Why?',
      step: 3,
      options: [
        { label: 'Each task is a message there and back, which costs more than the task', correct: true, feedback: 'Larger chunks (chunksize) pay that cost once per chunk.' },
        { label: 'Processes run Python more slowly than threads', feedback: 'A process runs code as fast as a thread; the cost is in the messages.' },
        { label: 'The GIL serializes processes', feedback: 'Each process has its own GIL; processes are not held back by one another\'s.' },
      ],
    },
  ],
};
