// One run, one lane per worker: a bar for every chunk of work, gaps for idle
// time. Lanes exist for all k workers, so a worker that got nothing shows as
// an empty lane rather than disappearing. The processes engine adds the time
// its messages travel (send, receive) and a lane for the coordinator's merge.
import * as Plot from '@observablehq/plot';

const describe = (r) =>
  `${Number.isInteger(r.worker) ? `worker ${r.worker}` : r.worker}: ${r.what} ${r.task_count === 1 ? r.first_task : `${r.first_task}–${r.first_task + r.task_count - 1}`}\n` +
  `${(r.end_ms - r.start_ms).toFixed(2)} ms (${r.start_ms.toFixed(2)} → ${r.end_ms.toFixed(2)} ms)`;

export function timelineChart(run, { width = 1000, height = Math.min(60 + 18 * run.workers, 700), fontSize = 10 } = {}) {
  const lanes = Array.from({ length: run.workers }, (_, i) => i);
  if (run.records.some((r) => r.worker === 'coordinator')) lanes.push('coordinator');
  // Up to the last recorded work: the run's own set-up and result copying are not idle time of the workers.
  const end = Math.max(...run.records.map((r) => r.end_ms));
  return Plot.plot({
    width,
    height,
    style: { fontSize: `${fontSize}px` },
    marginLeft: 84,
    x: { label: 'time since the run started (ms)', domain: [0, end] },
    y: { label: 'worker', domain: lanes, padding: 0.15 },
    color: { legend: new Set(run.records.map((r) => r.what)).size > 1 },
    marks: [
      Plot.barX(run.records, { x1: 'start_ms', x2: 'end_ms', y: 'worker', fill: 'what', inset: 0.3, title: describe, tip: true }),
    ],
  });
}
