// The lessons the Lessons view offers, in the order of the course, and the
// concepts they must teach between them. A lesson is plain data (one file
// each, checked by validate.js):
//
// { title, minutes (about how long it takes), summary, steps: [step…], questions: [question…] }
//
// A step is either { kind: 'machine', title, text: [paragraph…], teaches: [] }
// (the "Your machine" panel, drawn by a function views/lessons-on-lab.js injects) or a run step:
// {
//   title, text: [paragraph…], teaches: [concept id…],
//   course: 'the course's own figure, put beside the measurement' (optional),
//   run: { experiment, params, workers, repetitions?, mode?, engine?, gil?, includeStartup?, inFlight?,
//          controls: [parameter names, or 'workers', that the student may change],
//          variants?: [{ label, params }…] (the sweep runs once per variant, with its params on top) },
//   measure: { what: 'speedup' | 'efficiency' | 'median' | 'minutes' | 'detail', k, name? (detail) },
//   prediction: { kind: 'number', question, tolerance, expected (a number, or 'ideal' = min(k, cores)), unit? }
//             | { kind: 'choice', question, options: [{ label, upTo? }…], expected }
//             | { kind: 'choice', question, from: 'variants', best: 'lowest' | 'highest', options: [{ label }…], expected },
//   outcomes: [{ below? | above?, times?, is?, text }…]: the first that holds for what was measured explains it (judge.js);
//             the last has no condition, so that every measurement, textbook-like or not, is explained.
// }
// `expected` is the answer the course teaches (the option, or the number); the
// judge compares the prediction with what this machine measured, not with the
// course. `npm run lessons:tour` runs every step with it.
// A question: { question, options: [{ label, correct?, feedback }…], step } (exactly one correct; `step`
// is the number, from 1, of the step that shows the answer).
import lesson1 from './lesson-1.js';
import lesson2 from './lesson-2.js';
import lesson3 from './lesson-3.js';
import lesson4 from './lesson-4.js';

export const lessons = [lesson1, lesson2, lesson3, lesson4];

/** The course's concepts (docs/students.md, "Lessons"): every one is some step's `teaches`. */
export const CONCEPTS = {
  'speedup-vs-scaleup': 'speedup vs scale-up',
  amdahl: 'Amdahl\'s law',
  'fixed-costs': 'fixed set-up and tear-down costs',
  'task-grain': 'task grain',
  'serial-and-locks': 'serial parts and lock contention',
  skew: 'skew',
  'filter-project-map': 'data parallelism: filter, project, map',
  'partial-aggregates': 'aggregates with partial results merged',
  'group-by': 'group-by / word count',
  sort: 'sort',
  joins: 'partitioned vs broadcast joins',
  'partitions-vs-workers': 'N partitions vs M workers',
  pruning: 'partitioning by attribute so filters skip partitions',
  'fork-join': 'task parallelism: fork/join',
  pipelines: 'pipelines',
  'producer-consumer': 'producer/consumer queues',
  'threads-vs-processes': 'threads (share everything, need locks) vs processes (share nothing, exchange messages)',
  gil: 'the GIL (no speedup on CPU-bound, speedup on I/O-bound)',
  'sync-vs-async': 'synchronous vs asynchronous: concurrency, not parallelism',
  'dask-spark': 'Dask and Spark',
};

/** The step count of a lesson's page: its steps, then the questions as one more. */
export const pageCount = (lesson) => lesson.steps.length + 1;
