// Wires the page: the experiment list, the controls, a sweep on the engine,
// the session history and the exports.
import { installApi } from './api.js';
import { CancelledError, Engine } from './engine.js';
import { defaultWorkers, defaults, experimentById, experiments } from './experiments/index.js';
import { download, svgFile, sweepCsv } from './export.js';
import { History } from './history.js';
import { threadSupport } from './isolation.js';
import { Lab } from './lab.js';
import { drawEscapeCounts } from './mandelbrot-view.js';
import { readParams, renderParams } from './params-form.js';
import { showResults, showTimeline } from './results-view.js';
import { parseWorkerList } from './worker-list.js';

const $ = (id) => document.getElementById(id);
const cores = navigator.hardwareConcurrency || 1;
const support = threadSupport();
const engineOf = (kind) => new Engine({ kind, baseUrl: document.baseURI });
// Threads where the page may share memory; share-nothing processes everywhere.
const lab = new Lab(
  support.ok ? { threads: engineOf('threads'), processes: engineOf('processes') } : { processes: engineOf('processes') },
  { hardwareConcurrency: cores, userAgent: navigator.userAgent },
);
const history = new History();

const state = {
  experiment: null,
  valuesById: new Map(experiments.map((e) => [e.id, defaults(e)])),
  workersById: new Map(experiments.map((e) => [e.id, defaultWorkers(e, cores).join(',')])),
  shown: null,
};

function show(element, message) {
  element.textContent = message ?? '';
  element.hidden = !message;
}

function selectExperiment(experiment) {
  if (state.experiment) {
    try {
      state.valuesById.set(state.experiment.id, readParams($('params'), state.experiment));
    } catch {
      // Half-typed values are simply not kept.
    }
    state.workersById.set(state.experiment.id, $('workers').value);
  }
  state.experiment = experiment;
  for (const button of document.querySelectorAll('#experiment-list button')) {
    button.setAttribute('aria-current', String(button.dataset.id === experiment.id));
  }
  $('experiment-title').textContent = experiment.title;
  $('experiment-kind').textContent = experiment.kind;
  $('experiment-explanation').textContent = experiment.explanation.replace(/\s+/g, ' ');
  renderParams($('params'), experiment, state.valuesById.get(experiment.id));
  $('workers').value = state.workersById.get(experiment.id);
  $('workers-hint').textContent = `1 to ${experiment.maxWorkers(cores)}; this machine has ${cores} cores`;
  show($('error'), '');
  show($('note'), '');
}

function readSweepSettings() {
  const experiment = state.experiment;
  const values = readParams($('params'), experiment);
  const { ks, note } = parseWorkerList($('workers').value, experiment.maxWorkers(cores));
  const repetitions = Number($('repetitions').value);
  if (!Number.isInteger(repetitions) || repetitions < 1 || repetitions > 20) throw new Error('Repetitions must be a whole number from 1 to 20.');
  return { experiment, values, ks, note, repetitions, mode: $('mode').value, includeStartup: $('include-startup').checked, engine: $('engine').value };
}

function typedParallelFraction() {
  const raw = $('typed-p').value;
  if (raw === '') return null;
  const p = Number(raw);
  return p >= 0 && p <= 1 ? p : null;
}

function render(entry) {
  state.shown = entry;
  const overlays = history.entries.filter((e) => e.overlay && e !== entry && e.record.mode === 'speedup');
  showResults(entry, { overlays, typedParallelFraction: typedParallelFraction() });
  renderHistory();
}

function renderHistory() {
  $('history-list').replaceChildren(...history.entries.map((entry) => {
    const li = document.createElement('li');
    li.className = 'history-entry';
    const overlay = Object.assign(document.createElement('input'), { type: 'checkbox', checked: entry.overlay, title: 'overlay on the speedup chart' });
    overlay.disabled = entry.record.mode !== 'speedup';
    overlay.addEventListener('change', () => {
      history.setOverlay(entry.id, overlay.checked);
      if (state.shown) render(state.shown);
    });
    const open = Object.assign(document.createElement('button'), { type: 'button', textContent: 'show' });
    open.addEventListener('click', () => render(entry));
    const text = Object.assign(document.createElement('span'), { textContent: `${entry.label} (${entry.record.mode}, k ≤ ${Math.max(...entry.record.ks)})` });
    if (entry === state.shown) text.style.fontWeight = '600';
    li.append(overlay, text, open);
    return li;
  }));
}

function progressText({ done, total, k, warmUp, repetition }, repetitions, started) {
  const elapsed = (performance.now() - started) / 1000;
  const left = done > 0 ? ` About ${Math.ceil((elapsed / done) * (total - done))} s left.` : '';
  return `k = ${k}, ${warmUp ? 'warm-up' : `repetition ${repetition} of ${repetitions}`} (run ${done + 1} of ${total}).${left}`;
}

/** Keeps a finished sweep (from the controls or the API) and shows it. */
function finished(experiment, { mode, ks }, { label, record, timelines, lastRunByK }) {
  const entry = history.add({ label, record, timelines });
  const top = lastRunByK.get(ks.at(-1));
  $('image-figure').hidden = !top.counts;
  if (top.counts) drawEscapeCounts($('image'), experiment.toEngine(record.params, mode === 'scaleup' ? ks.at(-1) : 1), top.counts);
  render(entry);
}

async function runClicked(event) {
  event.preventDefault();
  show($('error'), '');
  let settings;
  try {
    settings = readSweepSettings();
  } catch (error) {
    show($('error'), error.message);
    return;
  }
  show($('note'), settings.note);
  const { experiment, ks, repetitions } = settings;
  $('run').disabled = true;
  $('cancel').disabled = false;
  $('progress').hidden = false;
  const started = performance.now();
  try {
    const result = await lab.measure(experiment, settings, (progress) => {
      $('progress').value = progress.done / progress.total;
      $('status').textContent = progressText(progress, repetitions, started);
    });
    finished(experiment, settings, result);
    $('status').textContent = `Done: ${ks.length} worker counts × ${repetitions} repetitions in ${((performance.now() - started) / 1000).toFixed(1)} s.`;
  } catch (error) {
    if (error instanceof CancelledError) {
      $('status').textContent = 'Cancelled. Nothing from the unfinished sweep was kept; press Run sweep to start again.';
    } else {
      $('status').textContent = 'The sweep stopped with an error.';
      show($('error'), error.message);
    }
  } finally {
    $('run').disabled = false;
    $('cancel').disabled = true;
    $('progress').hidden = true;
  }
}

function exportShown(kind) {
  const entry = state.shown;
  if (!entry) return;
  const name = `parlab-${entry.record.experiment}-${entry.record.mode}-${entry.id}`;
  if (kind === 'csv') download(`${name}.csv`, sweepCsv(entry.record), 'text/csv');
  if (kind === 'json') download(`${name}.json`, JSON.stringify(entry.record, null, 2), 'application/json');
  if (kind === 'chart') download(`${name}-chart.svg`, svgFile($('main-chart')), 'image/svg+xml');
  if (kind === 'timeline') download(`${name}-timeline.svg`, svgFile($('timeline')), 'image/svg+xml');
}

function setUp() {
  $('experiment-list').replaceChildren(...experiments.map((experiment) => {
    const button = Object.assign(document.createElement('button'), { type: 'button', className: 'experiment', textContent: experiment.title });
    button.dataset.id = experiment.id;
    button.addEventListener('click', () => selectExperiment(experimentById(experiment.id)));
    const li = document.createElement('li');
    li.append(button);
    return li;
  }));
  selectExperiment(experiments[0]);
  $('controls').addEventListener('submit', runClicked);
  $('cancel').addEventListener('click', () => {
    lab.cancel();
    $('status').textContent = 'Cancelling…';
  });
  $('typed-p').addEventListener('input', () => state.shown && render(state.shown));
  $('timeline-k').addEventListener('change', () => showTimeline(state.shown, Number($('timeline-k').value)));
  for (const kind of ['csv', 'json', 'chart', 'timeline']) $(`export-${kind}`).addEventListener('click', () => exportShown(kind));
  renderHistory();
  installApi(window, { lab, cores, onFinished: finished });
  if (!support.ok) {
    $('isolation-reason').textContent = `${support.reason} parlab runs on the processes engine: workers that share nothing and send each other messages.`;
    $('isolation-note').hidden = false;
    $('engine').value = 'processes';
    $('engine').querySelector('option[value="threads"]').disabled = true;
  }
}

setUp();
