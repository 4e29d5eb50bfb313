// One run, one lane per worker: a bar for every chunk of work, gaps for idle
// time. Lanes exist for all k workers, so a worker that got nothing shows as
// an empty lane rather than disappearing. The processes engine adds the time
// its messages travel (send, receive) and a lane for the coordinator's merge;
// other named lanes (a producer) follow the workers' in the same way.
// Waiting (for the GIL, for a lock) is a kind of its own, drawn over the work
// it interrupts and in the same colour in every experiment.
import * as Plot from '@observablehq/plot';

// The names the Rust side gives the time a worker waits for the GIL
// (crate/src/gil.rs), for the shared counter's lock (crate/src/experiments/counter.rs),
// for a job or for room on the queue (crate/src/experiments/queue.rs), and for
// an item or for room between a pipeline's stages (crate/src/experiments/pipeline.rs).
export const GIL_WAIT = 'GIL wait';
export const LOCK_WAIT = 'lock wait';
// A reducer waiting for its buckets (web/src/engine/chunks.js, and data experiments on threads).
export const SHUFFLE = 'shuffle';
// A pipeline's waits take the colours of the queue's: both are waits on a bounded channel.
const WAIT_COLOURS = new Map([[GIL_WAIT, '#cf222e'], [LOCK_WAIT, '#24292f'], ['queue empty', '#8c959f'], ['queue full', '#bf8700'],
  ['waiting for input', '#8c959f'], ['waiting for room', '#bf8700'], [SHUFFLE, '#8250df']]);
const isWait = (r) => WAIT_COLOURS.has(r.what);

const tasksOf = (r) => {
  if (r.task_count === 0) return '';
  return ` ${r.task_count === 1 ? r.first_task : `${r.first_task}–${r.first_task + r.task_count - 1}`}`;
};

const describe = (r) =>
  `${Number.isInteger(r.worker) ? `worker ${r.worker}` : r.worker}: ${r.what}${tasksOf(r)}\n` +
  `${(r.end_ms - r.start_ms).toFixed(2)} ms (${r.start_ms.toFixed(2)} → ${r.end_ms.toFixed(2)} ms)`;

/** The colour of each kind of record: the usual palette, but each kind of wait always in its own colour. */
export function kindColours(kinds) {
  const palette = Plot.scale({ color: { type: 'categorical', domain: kinds } }).range;
  return { domain: kinds, range: kinds.map((kind, i) => WAIT_COLOURS.get(kind) ?? palette[i % palette.length]) };
}

export function timelineChart(run, { width = 1000, height = Math.min(60 + 18 * run.workers, 700), fontSize = 10 } = {}) {
  const lanes = Array.from({ length: run.workers }, (_, i) => i);
  // Threads with a part of their own (the processes engine's coordinator, a producer) get a lane after the workers.
  lanes.push(...new Set(run.records.map((r) => r.worker).filter((lane) => !Number.isInteger(lane))));
  // Up to the last recorded work: the run's own set-up and result copying are not idle time of the workers.
  const end = Math.max(...run.records.map((r) => r.end_ms));
  const kinds = [...new Set(run.records.map((r) => r.what))];
  // Waits come last, so that they are drawn over the chunk of work they interrupt.
  const records = [...run.records.filter((r) => !isWait(r)), ...run.records.filter(isWait)];
  return Plot.plot({
    width,
    height,
    style: { fontSize: `${fontSize}px` },
    marginLeft: 84,
    x: { label: 'time since the run started (ms)', domain: [0, end] },
    y: { label: 'worker', domain: lanes, padding: 0.15 },
    color: { legend: kinds.length > 1, ...kindColours(kinds) },
    marks: [
      Plot.barX(records, { x1: 'start_ms', x2: 'end_ms', y: 'worker', fill: 'what', inset: 0.3, title: describe, tip: true }),
    ],
  });
}
