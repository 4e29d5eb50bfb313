// Lesson 1: toasts and coffee, Amdahl's law and chunksize (data, see index.js).
export default {
  title: 'Toasts and coffee: speedup, Amdahl and chunksize',
  // About how long a student takes, runs included (the start page quotes it).
  minutes: 15,
  summary: 'Why 4 toasters make toast 4 times as fast, why breakfast takes 5 minutes instead of 9, and what stops a program from getting k times faster.',
  steps: [
    {
      kind: 'machine',
      title: 'Your machine',
      text: [
        'Everything in these lessons is measured on the computer in front of you, so first meet it: how many cores the browser reports, how fast one worker computes, and what starting and talking to a worker costs.',
        'Press "Measure this machine" (it takes a few seconds) and keep the core count in mind: a prediction for "k workers" on this machine depends on it.',
      ],
      teaches: [],
    },
    {
      title: 'Four toasters',
      text: [
        'A toast is a small, fixed piece of work, and no toast needs another. Work like this is called embarrassingly parallel: hand the toasts out to k workers (like Python\'s ProcessPoolExecutor with k processes), and each does its share.',
        'The speedup at k workers is the time with 1 worker divided by the time with k. The run times 100 toasts with 1, 2 and 4 workers.',
      ],
      course: 'The course: 100 toasts on 4 toasters take a quarter of the time, a speedup of 4×.',
      teaches: ['amdahl'],
      run: { experiment: 'toasts', params: { toasts: 100, toast_work: 200 }, workers: '1,2,4', repetitions: 3, controls: ['toasts'] },
      measure: { what: 'speedup', k: 4 },
      prediction: { kind: 'number', question: 'What speedup will 4 workers reach on this machine?', expected: 'ideal', unit: '×', tolerance: 0.4 },
      outcomes: [
        { below: 'ideal', times: 0.7, text: 'parlab measured {measured} at k = 4. This machine has {coreCount}, so 4 workers could reach at most {ideal}×, and the run stayed well below that. Where the time went at k = 4: {loss}.' },
        // Toasts are pure computation: above the cores' worth, the 1-worker runs were slowed, not the 4-worker ones sped up.
        { above: 'ideal', times: 1.15, text: 'parlab measured {measured} at k = 4, more than the {ideal}× that 4 workers can give on {coreCount}: computation cannot go faster than all the cores. A speedup above that means the 1-worker runs, which every speedup divides by, took longer than they should (another program taking turns on the cores does that), so this figure overstates the speedup: run again when the machine is quiet. On {coreCount}, about {ideal}× is the answer; the course\'s 4× assumes a toaster per worker.' },
        { text: 'parlab measured {measured} at k = 4, close to {ideal}×, the most 4 workers can give on {coreCount}. Four toasters give 4× only when there are four cores to run them: on 2 cores, 4 workers take turns on 2 cores and about 2× is the right answer. The course\'s 4× assumes a toaster per worker.' },
      ],
    },
    {
      title: 'Breakfast, one thing at a time',
      text: [
        'Breakfast: brew coffee (5 minutes, the machine works by itself) and toast two slices on a one-slice toaster (2 minutes each, one after the other).',
        'A synchronous cook does one task at a time and stands by each machine until it is done. Here one minute lasts 20 ms.',
      ],
      course: 'The course: the synchronous breakfast takes 9 minutes.',
      teaches: ['sync-vs-async'],
      run: { experiment: 'breakfast', params: { way: 'synchronous', minute_ms: 20 }, workers: '1', repetitions: 3, controls: [] },
      measure: { what: 'minutes', k: 1 },
      prediction: { kind: 'number', question: 'How many minutes will the synchronous breakfast take?', expected: 9, unit: 'minutes', tolerance: 1 },
      outcomes: [
        { below: 10, text: 'parlab measured {measured}: the sum of the tasks, 5 + 2 + 2 = 9 minutes, plus a little for starting each task. Waiting by a machine is time the cook spends doing nothing.' },
        { text: 'parlab measured {measured}, more than the 9 minutes the tasks add up to; the lab\'s timeline shows each wait and the gaps between them, which a minute of only 20 ms makes visible. The order of the tasks, not the cook, set the 9 minutes.' },
      ],
    },
    {
      title: 'Breakfast, asynchronously',
      text: [
        'The same single cook now works asynchronously: start the coffee machine, start the toaster, and while the machines run, see to whatever is next. This is what Python\'s asyncio does with one thread.',
        'One cook, one worker: nothing is done at the same instant by two people.',
      ],
      course: 'The course: the asynchronous breakfast takes 5 minutes instead of 9.',
      teaches: ['sync-vs-async'],
      run: { experiment: 'breakfast', params: { way: 'asynchronous', minute_ms: 20 }, workers: '1', repetitions: 3, controls: [] },
      measure: { what: 'minutes', k: 1 },
      prediction: { kind: 'number', question: 'How many minutes will one asynchronous cook take?', expected: 5, unit: 'minutes', tolerance: 1 },
      outcomes: [
        { below: 6, text: 'parlab measured {measured}: about the longest chain of tasks, the 5 minutes of coffee, while both toasts (4 minutes) were made meanwhile. That is concurrency: several tasks in progress at once. It is not parallelism: one cook, one worker in the timeline, and no extra core was used.' },
        { text: 'parlab measured {measured}, more than the 5-minute coffee that should bound it; the lab\'s timeline shows the gaps between the waits, which a minute of only 20 ms makes visible. The point stands: one cook overlapped the waits instead of standing by each machine in turn, with one worker and no second core.' },
      ],
    },
    {
      title: 'Amdahl\'s law',
      text: [
        'Most programs have parts that cannot be split. Merge sort splits the list, sorts the halves in parallel, and merges them; the last merge runs on one worker, however many there are.',
        'Amdahl\'s law: if a fraction p of the work runs in parallel, k workers give at most 1 / ((1 − p) + p / k). With p = 0.9, 2 workers give at most 1.8×, and no number of workers gives more than 10×. The chart draws the Amdahl curve that fits the measurement.',
      ],
      teaches: ['amdahl', 'serial-and-locks'],
      run: { experiment: 'fork_join', params: { elements: 1000000 }, workers: '1,2,4', repetitions: 3, controls: [] },
      measure: { what: 'speedup', k: 2 },
      prediction: { kind: 'number', question: 'What speedup will merge sort reach with 2 workers?', expected: 'ideal', unit: '×', tolerance: 0.3 },
      outcomes: [
        { below: 1.2, text: 'parlab measured {measured} at k = 2. Where the time went: {loss}. The serial merges near the top of the sort run on one worker whatever k is. The caption under the chart says how large a serial part would explain this, and whether this run can tell: on a busy machine it cannot.' },
        { below: 'ideal', times: 0.95, text: 'parlab measured {measured} at k = 2, less than {ideal}×: the last merges run on one worker while the other waits. Amdahl\'s law turns that serial part into a ceiling; the caption under the chart gives the serial fraction that fits.' },
        { text: 'parlab measured {measured} at k = 2, close to the ideal {ideal}×: at this size the serial merges are a small part of the work. Make the list bigger or add workers, and the serial part shows more.' },
      ],
    },
    {
      title: 'Chunksize',
      text: [
        'Handing out work costs something each time: in Python\'s pool.map every chunk of tasks is one message to a process. Here every chunk pays an overhead as large as one toast.',
        'The run times 100 toasts on 2 workers three ways: 1 toast per chunk (100 overheads), 10 per chunk (10 overheads, 5 chunks each), and 100 per chunk (1 overhead, but one worker does everything).',
      ],
      teaches: ['task-grain'],
      run: {
        experiment: 'toasts', params: { toasts: 100, toast_work: 200, chunk_overhead: 200 }, workers: '1,2', repetitions: 3, controls: [],
        variants: [
          { label: '1 toast per chunk', params: { toasts_per_chunk: 1 } },
          { label: '10 toasts per chunk', params: { toasts_per_chunk: 10 } },
          { label: '100 toasts per chunk', params: { toasts_per_chunk: 100 } },
        ],
      },
      measure: { what: 'median', k: 2 },
      prediction: {
        kind: 'choice', question: 'Which chunksize finishes first with 2 workers?', from: 'variants', best: 'lowest', expected: 1,
        options: [{ label: '1 toast per chunk' }, { label: '10 toasts per chunk' }, { label: '100 toasts per chunk' }],
      },
      outcomes: [
        { is: 1, text: 'Measured at k = 2: {values}. Ten per chunk won: 10 overheads instead of 100, and both workers stay busy. One per chunk spends half its time on overhead; one chunk of 100 pays the overhead once but leaves the second worker idle.' },
        { text: 'Measured at k = 2: {values}. The middle grain was not the fastest this time. Where each variant lost time at k = 2: {losses}. In theory 10 per chunk pays 10 overheads and keeps both workers busy; look at the timelines in the lab.' },
      ],
    },
  ],
  questions: [
    {
      question: 'A program has no part that can run in parallel (p = 0). By Amdahl\'s law, what speedup do 8 workers give?',
      step: 5,
      options: [
        { label: '0: nothing runs in parallel', feedback: 'A speedup of 0 would mean infinitely slow. With p = 0 the formula is 1 / (1 − 0 + 0 / 8) = 1: the program takes as long as with one worker.' },
        { label: '1: the same time as one worker', correct: true, feedback: '1 / ((1 − 0) + 0 / 8) = 1. The extra workers have nothing to do, and the program is exactly as fast as before.' },
        { label: '8: one per worker', feedback: '8× needs all of the work to be parallel (p = 1). With p = 0 the extra workers have nothing to do.' },
        { label: '1/8: each worker does an eighth', feedback: 'Workers that have nothing to do do not slow the one that works (apart from overheads): the speedup is 1, not 1/8.' },
      ],
    },
    {
      question: 'The course makes 100 toasts on 4 toasters 4 times as fast. What do 4 workers give on a laptop with 2 cores?',
      step: 2,
      options: [
        { label: 'About 2×', correct: true, feedback: 'A CPU-bound worker needs a core, and 2 cores run at most 2 workers at a time.' },
        { label: 'About 4×', feedback: '4× needs 4 cores: on 2 cores the 4 workers take turns, two at a time.' },
        { label: 'About 1×: workers beyond the cores stop all speedup', feedback: 'The first 2 workers still run on 2 cores at once; only the workers beyond the cores add nothing.' },
      ],
    },
    {
      question: 'One cook makes breakfast in 5 minutes instead of 9 by working asynchronously. Why?',
      step: 4,
      options: [
        { label: 'Tasks overlap while machines work: concurrency, not parallelism', correct: true, feedback: 'The cook starts the coffee and the toaster and waits for both at once. Nothing is done by two workers at the same instant.' },
        { label: 'The cook uses a second core', feedback: 'There is one cook and one worker in the timeline: the gain comes from not standing idle by a machine, not from a second core.' },
        { label: 'Asynchronous code runs faster than synchronous code', feedback: 'No task gets shorter: the coffee still takes 5 minutes. What changes is that the waits overlap.' },
      ],
    },
    {
      question: 'Each chunk of tasks costs a fixed overhead. Which chunksize is best?',
      step: 6,
      options: [
        { label: 'Always 1: the smallest chunks balance best', feedback: 'Small chunks balance well but pay the overhead once per task; when the overhead is as large as a task, half the time goes to it.' },
        { label: 'As large as possible: one chunk pays the overhead once', feedback: 'One chunk goes to one worker, and the others wait idle.' },
        { label: 'Large enough that the overhead is small beside the work, small enough that every worker gets several chunks', correct: true, feedback: 'The grain trades overhead against balance, and the best chunksize lies between the extremes.' },
      ],
    },
  ],
};
