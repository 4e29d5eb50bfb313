// One run, one lane per worker: a bar for every chunk of work, gaps for idle
// time. Lanes exist for all k workers, so a worker that got nothing shows as
// an empty lane rather than disappearing. The processes engine adds the time
// its messages travel (send, receive) and both engines a lane for the
// coordinator's merge; other named lanes (a producer) follow the workers' in
// the same way. Every segment has a kind (crate/src/work_record.rs): waits are
// drawn over the work they interrupt, and each kind of wait has one colour in
// every experiment, whatever its label.
import * as Plot from '@observablehq/plot';

const KIND_COLOURS = new Map([['gil_wait', '#cf222e'], ['lock_wait', '#24292f'], ['queue_wait', '#8c959f'], ['io_wait', '#54aeff'], ['message', '#8250df']]);
const isWait = (r) => KIND_COLOURS.has(r.kind);

const tasksOf = (r) => {
  if (r.task_count === 0) return '';
  return ` ${r.task_count === 1 ? r.first_task : `${r.first_task}–${r.first_task + r.task_count - 1}`}`;
};

const describe = (unit) => (r) =>
  `${Number.isInteger(r.worker) ? `worker ${r.worker}` : r.worker}: ${r.what}${tasksOf(r)} (${r.kind.replace('_', ' ')})\n` +
  `${(r.end_ms - r.start_ms).toFixed(2)} ${unit} (${r.start_ms.toFixed(2)} → ${r.end_ms.toFixed(2)} ${unit})`;

/**
 * The colour of each label, given as [label, kind] pairs in legend order:
 * the usual palette for work, and each kind of wait always in its own colour.
 */
export function labelColours(labelled) {
  const labels = labelled.map(([label]) => label);
  const palette = Plot.scale({ color: { type: 'categorical', domain: labels } }).range;
  return { domain: labels, range: labelled.map(([, kind], i) => KIND_COLOURS.get(kind) ?? palette[i % palette.length]) };
}

/** The lanes whose names fit: all of them, or every nth, keeping the last (a named lane such as the merge). */
export function namedLanes(lanes, height, fontSize) {
  const room = Math.max(1, height - 20 - Math.max(30, 2.8 * fontSize));
  const every = Math.ceil((1.2 * fontSize * lanes.length) / room);
  if (every <= 1) return lanes;
  return lanes.filter((lane, i) => i % every === 0 && i < lanes.length - Math.ceil(every / 2) || i === lanes.length - 1);
}

/**
 * @param run { workers, records }
 * @param options.view an experiment's own view of its run (`timelineView` in its descriptor):
 *   `{ run, lanes, unit, xLabel, yLabel }`, such as a breakfast's cooks and machines in minutes
 */
export function timelineChart(run, { width = 1000, height, fontSize = 10, view = null } = {}) {
  const { unit = 'ms', xLabel = 'time since the run started (ms)', yLabel = 'worker' } = view ?? {};
  if (view) ({ run } = view);
  const lanes = view?.lanes ?? Array.from({ length: run.workers }, (_, i) => i);
  // Threads with a part of their own (the coordinator's merge, a producer) get a lane after the workers.
  if (!view) lanes.push(...new Set(run.records.map((r) => r.worker).filter((lane) => !Number.isInteger(lane))));
  // Up to the last recorded work: the run's own set-up and result copying are not idle time of the workers.
  const end = Math.max(...run.records.map((r) => r.end_ms));
  // Waits come last, so that they are drawn over the chunk of work they interrupt (and follow the work in the legend).
  const records = [...run.records.filter((r) => !isWait(r)), ...run.records.filter(isWait)];
  const labelled = [...new Map(records.map((r) => [r.what, r.kind]))];
  return Plot.plot({
    width,
    height: height ?? Math.min(60 + 18 * lanes.length, 700),
    style: { fontSize: `${fontSize}px` },
    marginLeft: 84,
    marginBottom: Math.max(30, Math.round(2.8 * fontSize)),
    x: { label: xLabel, domain: [0, end] },
    // Where lanes are thinner than a line of text (a slide), every lane is drawn but only some are named.
    y: { label: yLabel, domain: lanes, padding: 0.15, ticks: namedLanes(lanes, height ?? Math.min(60 + 18 * lanes.length, 700), fontSize) },
    // The merge lane names itself: a legend is drawn only for more than one other label.
    color: { legend: labelled.filter(([, kind]) => kind !== 'merge').length > 1, ...labelColours(labelled) },
    marks: [
      Plot.barX(records, { x1: 'start_ms', x2: 'end_ms', y: 'worker', fill: 'what', inset: 0.3, title: describe(unit), tip: true }),
    ],
  });
}
