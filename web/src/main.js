// Wires the page: reads the controls, runs a sweep on the engine, shows the
// picture, the table and the speedup chart.
import { CancelledError, Engine } from './engine.js';
import { threadSupport } from './isolation.js';
import { drawEscapeCounts } from './mandelbrot-view.js';
import { speedupChart } from './speedup-chart.js';
import { speedupRows } from './stats.js';
import { runSweep } from './sweep.js';

const $ = (id) => document.getElementById(id);
const cores = navigator.hardwareConcurrency || 1;
// CPU-bound work stops gaining at the core count, but oversubscription is
// part of what students should be able to try.
const maxWorkers = Math.max(8, 4 * cores);

const engine = new Engine({ glueUrl: new URL('pkg/parlab.js', document.baseURI).href });
let stopRequested = false;

function showProblem(element, message) {
  element.textContent = message;
  element.hidden = !message;
}

function readInputs() {
  const workers = Number($('workers').value);
  const iterations = Number($('iterations').value);
  const repetitions = Number($('repetitions').value);
  if (!Number.isInteger(workers) || workers < 1 || workers > maxWorkers) {
    throw new Error(`Workers must be a whole number from 1 to ${maxWorkers}.`);
  }
  if (!Number.isInteger(iterations) || iterations < 1 || iterations > 100000) {
    throw new Error('Iterations must be a whole number from 1 to 100000.');
  }
  if (!Number.isInteger(repetitions) || repetitions < 1 || repetitions > 20) {
    throw new Error('Repetitions must be a whole number from 1 to 20.');
  }
  const side = Number($('size').value);
  const kind = $('schedule').value;
  const schedule = kind === 'static_blocks' ? { kind } : { kind, chunk: 1 };
  return { workers, repetitions, params: { width: side, height: side, max_iter: iterations, schedule } };
}

const distinctWorkers = (run) => new Set(run.records.map((r) => r.worker)).size;

function showResults({ params, workers }, { timesByK, lastRunByK }) {
  const last = lastRunByK.get(workers);
  drawEscapeCounts($('image'), params, last.counts);
  const rows = speedupRows(timesByK);
  const top = rows.at(-1);
  $('run-summary').innerHTML =
    `k = ${top.k}: median <b>${top.median.toFixed(1)} ms</b> (min ${top.min.toFixed(1)}, max ${top.max.toFixed(1)}), ` +
    `speedup <b id="speedup-at-k">${top.speedup.toFixed(2)}</b>, ` +
    `<span id="distinct-workers">${distinctWorkers(last)}</span> distinct workers used.`;
  $('speedup-chart').replaceChildren(speedupChart(rows));
  const body = $('sweep-table').querySelector('tbody');
  body.replaceChildren(...rows.map((r) => {
    const run = lastRunByK.get(r.k);
    const tr = document.createElement('tr');
    for (const cell of [r.k, r.median.toFixed(1), `${r.min.toFixed(1)}–${r.max.toFixed(1)}`, r.speedup.toFixed(2),
      r.efficiency.toFixed(2), distinctWorkers(run), (run.helperStartMs + run.poolBuildMs).toFixed(1)]) {
      const td = document.createElement('td');
      td.textContent = cell;
      tr.append(td);
    }
    return tr;
  }));
  $('sweep-table').hidden = false;
}

async function runClicked(event) {
  event.preventDefault();
  showProblem($('error'), '');
  let inputs;
  try {
    inputs = readInputs();
  } catch (error) {
    showProblem($('error'), error.message);
    return;
  }
  const ks = Array.from({ length: inputs.workers }, (_, i) => i + 1);
  stopRequested = false;
  $('run').disabled = true;
  $('cancel').disabled = false;
  const started = performance.now();
  try {
    const sweep = await runSweep({
      engine, experiment: 'mandelbrot', params: inputs.params, ks, repetitions: inputs.repetitions,
      shouldStop: () => stopRequested,
      onProgress: ({ done, total, k, warmUp, repetition }) => {
        $('status').textContent = `Running k = ${k}, ${warmUp ? 'warm-up' : `repetition ${repetition} of ${inputs.repetitions}`} (run ${done + 1} of ${total}).`;
      },
    });
    if (stopRequested) throw new CancelledError();
    showResults(inputs, sweep);
    $('status').textContent = `Done: ${ks.length} worker counts × ${inputs.repetitions} repetitions in ${((performance.now() - started) / 1000).toFixed(1)} s.`;
  } catch (error) {
    if (error instanceof CancelledError) $('status').textContent = 'Cancelled. Press Run to start again.';
    else {
      $('status').textContent = 'The run stopped with an error.';
      showProblem($('error'), error.message);
    }
  } finally {
    $('run').disabled = false;
    $('cancel').disabled = true;
  }
}

function setUp() {
  $('core-count').textContent = cores;
  for (const input of [$('workers'), $('workers-range')]) {
    input.max = maxWorkers;
    input.addEventListener('input', () => {
      $('workers').value = $('workers-range').value = input.value;
    });
  }
  $('workers').value = $('workers-range').value = Math.min(2, cores);
  $('controls').addEventListener('submit', runClicked);
  $('cancel').addEventListener('click', () => {
    stopRequested = true;
    engine.cancel();
  });
  const support = threadSupport();
  if (!support.ok) {
    showProblem($('isolation-problem'), `${support.reason} ${support.fix}`);
    $('run').disabled = true;
  }
}

setUp();
