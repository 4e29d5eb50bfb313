// Wires the page: the experiment list, the controls and their URL, a sweep on
// an engine, the session history, exports, the embed and scripting APIs, and
// the Lessons view beside the lab.
import { createScriptingApi } from './embed/api.js';
import { CancelledError, Engine } from './engine/engine.js';
import { defaultWorkers, defaults, experimentById, experiments, TOPICS } from './experiments/index.js';
import { download, svgFile, sweepCsv } from './lab/export.js';
import { applyView, embedPanelSizes, embedSnippet, lockControls } from './embed/embed.js';
import { History } from './lab/history.js';
import { importedSweeps } from './lab/import.js';
import { renderHistory } from './views/history-view.js';
import { threadSupport } from './engine/isolation.js';
import { DEFAULT_IN_FLIGHT, DEFAULT_SWITCH_INTERVAL_MS, Lab, checkProblemSize, checkSweepOptions, gilSetting } from './lab/lab.js';
import { workersHint } from './lab/cores.js';
import { keepSiteWhenIdle, startServiceWorker } from './engine/isolation-sw-client.js';
import { installMessageApi } from './embed/message-api.js';
import { readParams, renderParams } from './views/params-form.js';
import { readLessonState, readPanels, readUrlState, searchAfterSet, writeLessonState, writeUrlState } from './embed/url-state.js';
import { lessons, pageCount } from './lessons/index.js';
import { LessonProgress } from './lessons/progress.js';
import { pacedProgress } from './views/paced-progress.js';
import { mountLessons } from './views/lesson-view.js';
import { mountWelcome } from './views/welcome.js';
import { parseWorkerList } from './lab/worker-list.js';
import { howToRun, program, recordSettings, TWIN_ENGINES, twinFileReader } from './lab/twins.js';
import { mountMachinePanel } from './views/machine-panel.js';
import { bandwidthForWhatIf } from './lab/machine.js';

const $ = (id) => document.getElementById(id);
const cores = navigator.hardwareConcurrency || 1;
const support = threadSupport();
const engineOf = (kind) => new Engine({ kind, baseUrl: document.baseURI });

// The charts (Observable Plot) come in a chunk of their own, fetched at the
// first Run or the first result shown: a first visit stays light. `charts` is
// the module once it is here.
let charts = null;
let chartsLoading = null;
function loadCharts() {
  chartsLoading ??= import('./views/chart-views.js').then((module) => {
    charts = module;
    return module;
  });
  return chartsLoading;
}
// Threads where the page may share memory; share-nothing processes everywhere.
const lab = new Lab(
  support.ok ? { threads: engineOf('threads'), processes: engineOf('processes') } : { processes: engineOf('processes') },
  { hardwareConcurrency: cores, userAgent: navigator.userAgent },
);
const history = new History();
const readTwinFile = twinFileReader(document.baseURI);
const urlContext = {
  experiments, engines: lab.engines, defaultsOf: defaults,
  defaultWorkersOf: (e) => defaultWorkers(e, cores), maxWorkersOf: (e) => e.maxWorkers(cores),
};

const state = {
  experiment: null,
  valuesById: new Map(experiments.map((e) => [e.id, defaults(e)])),
  workersById: new Map(experiments.map((e) => [e.id, defaultWorkers(e, cores).join(',')])),
  shown: null,
  // The sizes the shown sweep was last drawn at, so that the timeline's k selector redraws it alike.
  sizes: { chart: {}, timeline: {} },
  view: { embed: false, autorun: false, locked: false, theme: 'light', panels: ['chart'] },
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
  $('experiment-chooser').value = experiment.id;
  $('experiment-title').textContent = experiment.title;
  $('experiment-kind').textContent = experiment.kind;
  $('experiment-explanation').textContent = experiment.explanation.replace(/\s+/g, ' ');
  showModeHint();
  showGilNote();
  renderParams($('params'), experiment, state.valuesById.get(experiment.id), { fold: true });
  $('workers').value = state.workersById.get(experiment.id);
  $('workers-hint').textContent = workersHint(experiment.maxWorkers(cores), navigator.hardwareConcurrency);
  for (const engine of Object.keys(TWIN_ENGINES)) $(`copy-${engine}`).hidden = !experiment.twins?.[engine];
  $('program-text').hidden = true;
  applyLock();
  show($('error'), '');
}

/** Puts a state read from the URL (or a 'set' message) into the controls. */
function applyState(urlState) {
  const experiment = experimentById(urlState.experiment);
  state.valuesById.set(experiment.id, urlState.values);
  state.workersById.set(experiment.id, urlState.workers);
  state.experiment = null;
  selectExperiment(experiment);
  $('repetitions').value = urlState.repetitions;
  $('mode').value = urlState.mode;
  $('engine').value = urlState.engine ?? lab.engines[0];
  $('in-flight').value = String(urlState.inFlight);
  showInFlight();
  $('include-startup').checked = urlState.includeStartup;
  $('fit-all').checked = urlState.fitAllK;
  $('gil').checked = urlState.gil;
  $('gil-switch').value = urlState.switchIntervalMs;
  showGilNote();
  $('typed-p').value = urlState.typedP ?? '';
  // A link that sets an advanced option opens them, so that nothing it set is out of sight.
  if (urlState.engine || urlState.gil || urlState.includeStartup || urlState.fitAllK || urlState.typedP !== null && urlState.typedP !== undefined
    || urlState.inFlight !== DEFAULT_IN_FLIGHT || urlState.switchIntervalMs !== DEFAULT_SWITCH_INTERVAL_MS) $('advanced').open = true;
}

/** Sets the controls to a checked sweep's settings (see lab.js, checkSweepOptions), keeping what a sweep does not set. */
function showControlsOf(experiment, settings) {
  const shown = currentState();
  applyState({
    experiment: experiment.id, values: settings.values, workers: settings.ks.join(','), repetitions: settings.repetitions, mode: settings.mode,
    engine: settings.engine === lab.engines[0] ? null : settings.engine, inFlight: settings.inFlight, includeStartup: settings.includeStartup, fitAllK: settings.fitAllK,
    gil: Boolean(settings.gil), switchIntervalMs: settings.gil?.switchIntervalMs ?? Number($('gil-switch').value), typedP: shown?.typedP ?? null,
  });
  syncUrl();
}

/** The controls as a URL state, or null while some control holds a bad value. */
function currentState() {
  try {
    return {
      experiment: state.experiment.id,
      values: readParams($('params'), state.experiment),
      workers: parseWorkerList($('workers').value, state.experiment.maxWorkers(cores)).ks.join(','),
      repetitions: Number($('repetitions').value),
      mode: $('mode').value,
      engine: $('engine').value === lab.engines[0] ? null : $('engine').value,
      inFlight: Number($('in-flight').value),
      includeStartup: $('include-startup').checked,
      fitAllK: $('fit-all').checked,
      gil: $('gil').checked,
      switchIntervalMs: Number($('gil-switch').value),
      typedP: typedParallelFraction(),
      ...state.view,
    };
  } catch {
    return null;
  }
}

function urlOf(urlState) {
  return `${location.origin}${location.pathname}${writeUrlState(urlState, experimentById(urlState.experiment))}`;
}

function syncUrl() {
  const current = currentState();
  if (current) window.history.replaceState(null, '', urlOf(current));
}

function applyLock() {
  lockControls($('controls'), state.view, ['workers', 'run', 'cancel']);
  // Whatever the lock says, a running sweep keeps Run off and Cancel on.
  if (lab.busy) $('run').disabled = true;
  $('cancel').disabled = !lab.busy;
  if (!support.ok) $('engine').querySelector('option[value="threads"]').disabled = true;
}

/** What the GIL switch means with the chosen experiment and engine. */
function showGilNote() {
  const experiment = state.experiment;
  const refused = experiment.gil === false;
  $('gil').disabled = refused || (state.view.locked);
  $('gil-switch').disabled = refused || !$('gil').checked || state.view.locked;
  let note = '';
  if (refused) note = `Not for this experiment: ${experiment.noGilReason}`;
  else if ($('gil').checked && $('engine').value === 'processes') {
    note = 'The processes engine has no GIL: each process has its own interpreter (here, its own wasm instance), so processes compute at the same time.';
  } else if ($('gil').checked) {
    note = 'As in CPython, threads take turns: only the holder of the lock computes, and a waiting thread lets go of it.';
  }
  $('gil-note').textContent = note;
}

// Only the processes engine sends chunks as messages.
function showInFlight() {
  $('in-flight-control').hidden = $('engine').value !== 'processes';
}

function showModeHint() {
  $('mode-hint').textContent = $('mode').value === 'scaleup' ? `Scale-up: ${state.experiment.scaleUp}.` : '';
}

function readSweepSettings() {
  const experiment = state.experiment;
  const values = readParams($('params'), experiment);
  const { ks, note } = parseWorkerList($('workers').value, experiment.maxWorkers(cores));
  const repetitions = Number($('repetitions').value);
  if (!Number.isInteger(repetitions) || repetitions < 1 || repetitions > 20) throw new Error('Repetitions must be a whole number from 1 to 20.');
  const engine = $('engine').value;
  const mode = $('mode').value;
  checkProblemSize(experiment, values, mode, ks.at(-1));
  return {
    experiment, values, ks, note, repetitions, mode, engine, inFlight: Number($('in-flight').value),
    includeStartup: $('include-startup').checked, fitAllK: $('fit-all').checked,
    gil: gilSetting(experiment, { gil: $('gil').checked, switchIntervalMs: Number($('gil-switch').value) }, engine),
  };
}

function typedParallelFraction() {
  const raw = $('typed-p').value;
  if (raw === '') return null;
  const p = Number(raw);
  return p >= 0 && p <= 1 ? p : null;
}

/** The core count the user asked a prediction for, or null (blank or not a whole number from 2 to 4096). */
function whatIfCores() {
  const cores = Number($('what-if-cores').value);
  return $('what-if-cores').value !== '' && Number.isInteger(cores) && cores >= 2 && cores <= 4096 ? cores : null;
}

// Memory bandwidth measured in this page, k → best GB/s, once asked for (a memory-bound prediction).
let measuredBandwidth = null;

/** The measured bandwidth when a memory-bound prediction is asked for and it has been measured; else null. */
function whatIfBandwidth() {
  return whatIfCores() && $('what-if-memory').checked ? measuredBandwidth : null;
}

/**
 * Measures the memory bandwidth of 1 worker and of one per core (best of 5
 * triads over 48 MB each), the first time a memory-bound prediction is asked for.
 */
async function measureBandwidthForPrediction() {
  if (measuredBandwidth || !whatIfCores() || !$('what-if-memory').checked) return;
  const cores = navigator.hardwareConcurrency || 2;
  show($('what-if-caption'), 'Measuring this machine\'s memory bandwidth with 1 worker and with one per core…');
  try {
    const byK = {};
    for (const k of [...new Set([1, cores])]) byK[k] = Math.max(...await lab.measureBandwidth(k, 48, 5));
    measuredBandwidth = byK;
  } catch (error) {
    $('what-if-memory').checked = false;
    show($('what-if-caption'), `The memory bandwidth could not be measured: ${error.message}`);
    return;
  }
  if (state.shown) render(state.shown);
}

function render(entry) {
  state.shown = entry;
  if (!charts) {
    // Drawn as soon as the charts are here; a later render draws whatever is shown by then.
    loadCharts().then(() => state.shown === entry && render(entry));
    return;
  }
  $('include-startup').checked = entry.record.includeStartup;
  $('fit-all').checked = Boolean(entry.record.fitAllK);
  const overlays = history.entries.filter((e) => e.overlay && e !== entry && e.record.mode === 'speedup');
  $('results').hidden = false;
  const draw = (sizes) => {
    state.sizes = sizes;
    charts.showResults(entry, { overlays, typedParallelFraction: typedParallelFraction(), whatIfCores: whatIfCores(), bandwidth: whatIfBandwidth(), sizes });
  };
  if (state.view.embed) fitEmbedded(draw);
  else draw(pageSizes());
  showHistory();
}

/** On the full page the charts take the width there is, up to their natural size. */
function pageSizes() {
  const width = $('results').clientWidth;
  return { chart: { width: Math.min(620, width) }, timeline: { width } };
}

/**
 * In a slide nothing may scroll: draw the panels in the room below the
 * controls, see how far the text around them (summary, table) overflows,
 * and draw them again that much smaller.
 */
function fitEmbedded(draw) {
  const hasPicture = !$('image-figure').hidden;
  let reserved = 0;
  for (let attempt = 0; attempt < 3; attempt++) {
    const room = { width: $('results').clientWidth, height: window.innerHeight - $('results').getBoundingClientRect().top - reserved - 8 };
    const sizes = embedPanelSizes(state.view.panels, room, hasPicture);
    draw(sizes);
    Object.assign($('image').style, sizes.picture ? { width: `${sizes.picture}px`, height: `${sizes.picture}px` } : { width: '', height: '' });
    const excess = document.documentElement.scrollHeight - window.innerHeight;
    if (excess <= 0) return;
    reserved += excess;
  }
}

/** Shows the panels that `view` names (a 'set' or 'run' message) in the embedded page. */
function setPanels(view) {
  const notes = [];
  state.view.panels = readPanels(Array.isArray(view) ? view.join(',') : view, notes);
  applyView(document, state.view);
  if (notes.length) show($('note'), notes.join(' '));
  syncUrl();
  if (state.shown) render(state.shown);
}

function showHistory() {
  $('history-full').hidden = !history.full;
  renderHistory($('history-list'), history, {
    shown: state.shown,
    onOverlay: (entry, on) => {
      history.setOverlay(entry.id, on);
      if (state.shown) render(state.shown);
    },
    onShow: render,
  });
}

function progressText({ done, total, k, warmUp, repetition }, repetitions, started) {
  const elapsed = (performance.now() - started) / 1000;
  const left = done > 0 ? ` About ${Math.ceil((elapsed / done) * (total - done))} s left.` : '';
  return `k = ${k}, ${warmUp ? 'warm-up' : `repetition ${repetition} of ${repetitions}`} (run ${done + 1} of ${total}).${left}`;
}

/** Keeps a finished sweep (from the controls or an API) and shows it. */
function finished(experiment, settings, { label, record, timelines, lastRunByK }) {
  const { mode, ks } = settings;
  const entry = history.add({ label, record, timelines });
  // A sweep asked for by a script or a message shows the controls of what ran, not of what the form held.
  showControlsOf(experiment, settings);
  // Experiments say when their work is memory-bound at these parameters (a cheap function over a big table).
  $('what-if-memory').checked = Boolean(experiment.memoryBound?.(record.params));
  measureBandwidthForPrediction();
  const top = lastRunByK.get(ks.at(-1));
  // An experiment whose result can be seen (a picture, thumbnails) draws the last run at the largest k.
  const view = experiment.resultView;
  $('image-figure').hidden = !view;
  if (view) {
    view.draw($('image'), experiment.toEngine(record.params, mode === 'scaleup' ? ks.at(-1) : 1), top);
    $('image').setAttribute('aria-label', view.caption);
    $('image-caption').textContent = view.caption;
  }
  render(entry);
}

/** Runs a sweep with the page's progress display; `start` launches it on the lab. */
async function withProgress(repetitions, start) {
  // Refused before touching the display, which belongs to the sweep already running.
  if (lab.busy) throw new Error('A sweep is already running: wait for it or cancel it first.');
  show($('error'), '');
  $('run').disabled = true;
  $('cancel').disabled = false;
  $('progress').hidden = false;
  const started = performance.now();
  const chartsReady = loadCharts();
  const onProgress = pacedProgress((progress) => {
    $('progress').value = progress.done / progress.total;
    $('status').textContent = progressText(progress, repetitions, started);
  });
  try {
    const result = await start(onProgress);
    await chartsReady;
    keepSiteWhenIdle();
    $('status').textContent = `Done in ${((performance.now() - started) / 1000).toFixed(1)} s.`;
    return result;
  } catch (error) {
    if (error instanceof CancelledError) {
      $('status').textContent = 'Cancelled. Nothing from the unfinished sweep was kept; press Run sweep to start again.';
    } else {
      $('status').textContent = 'The sweep stopped with an error.';
      show($('error'), error.message);
    }
    throw error;
  } finally {
    $('run').disabled = false;
    $('cancel').disabled = true;
    $('progress').hidden = true;
  }
}

async function runClicked(event) {
  event.preventDefault();
  let settings;
  try {
    settings = readSweepSettings();
  } catch (error) {
    show($('error'), error.message);
    return;
  }
  show($('note'), settings.note);
  try {
    const result = await withProgress(settings.repetitions, (onProgress) => lab.measure(settings.experiment, settings, onProgress));
    finished(settings.experiment, settings, result);
  } catch {
    // withProgress has shown what went wrong.
  }
}

function exportShown(kind) {
  const entry = state.shown;
  if (!entry) return;
  const name = `parlab-${entry.record.experiment}-${entry.record.mode}-${entry.id}`;
  if (kind === 'csv') download(`${name}.csv`, sweepCsv(entry.record), 'text/csv');
  if (kind === 'json') exportJson(entry.record, name);
  if (kind === 'chart') download(`${name}-chart.svg`, svgFile($('main-chart')), 'image/svg+xml');
  if (kind === 'timeline') download(`${name}-timeline.svg`, svgFile($('timeline')), 'image/svg+xml');
}

/** Adds the sweeps of an exported JSON file to the history, ticked for overlay, and says what could not be read. */
async function importSweeps(file) {
  let text;
  try {
    text = await file.text();
  } catch (error) {
    show($('import-note'), `The file could not be read: ${error.message}`);
    return;
  }
  const { sweeps, problems } = importedSweeps(text, (id) => experimentById(id)?.title);
  const entries = sweeps.map(({ label, record }) => history.add({ label, record, timelines: {} }));
  for (const entry of entries) if (entry.record.mode === 'speedup') history.setOverlay(entry.id, true);
  const added = entries.length ? `Imported ${entries.length} sweep${entries.length > 1 ? 's' : ''}: tick or untick them in the list to overlay them.` : '';
  show($('import-note'), [added, ...problems].filter(Boolean).join(' '));
  const shown = state.shown ?? entries.at(-1);
  if (shown) render(shown);
  else showHistory();
}

/** The JSON export, with the experiment's programs for real engines (its twins) when it has them. */
async function exportJson(record, name) {
  const experiment = experimentById(record.experiment);
  const programs = {};
  for (const engine of Object.keys(experiment.twins ?? {})) {
    try {
      programs[engine] = await program(experiment, recordSettings(record), engine, readTwinFile);
    } catch (error) {
      show($('error'), `The JSON leaves out the ${engine} program: ${error.message}`);
    }
  }
  const exported = Object.keys(programs).length ? { ...record, programs } : record;
  download(`${name}.json`, JSON.stringify(exported, null, 2), 'application/json');
}

/** "Copy as Python" (Dask, PySpark): the experiment's twin for that engine with the controls' settings, on the clipboard or, failing that, shown to copy by hand. */
async function copyTwin(engine) {
  show($('error'), '');
  let text;
  try {
    text = await program(state.experiment, readSweepSettings(), engine, readTwinFile);
  } catch (error) {
    show($('error'), error.message);
    return;
  }
  const file = state.experiment.twins[engine];
  try {
    if (!navigator.clipboard) throw new Error('this page has no access to the clipboard');
    await navigator.clipboard.writeText(text);
    $('program-text').hidden = true;
    $('status').textContent = `${TWIN_ENGINES[engine]} script copied (${file} with these settings): save it and ${howToRun(engine, file)}.`;
  } catch (error) {
    $('program-text').value = text;
    $('program-text').hidden = false;
    $('program-text').select();
    show($('error'), `Could not copy to the clipboard (${error.message}). The script is in the box below the controls: select it all and copy it.`);
  }
}

// The full history offers its oldest sweeps for download before new ones push them out.
const OLDEST_TO_DOWNLOAD = 10;

function downloadOldest() {
  const taken = history.takeOldest(OLDEST_TO_DOWNLOAD);
  if (taken.length === 0) return;
  download(`parlab-history-${taken[0].id}-${taken.at(-1).id}.json`, JSON.stringify(taken.map((e) => e.record), null, 2), 'application/json');
  showHistory();
}

function embedCode() {
  const current = currentState();
  if (!current) throw new Error('Fix the highlighted settings first: the embed code would carry them.');
  const panels = readPanels($('embed-view').value, []);
  return embedSnippet(urlOf({ ...current, embed: true, autorun: false, locked: true, panels }), `parlab: ${state.experiment.title}`);
}

async function copyEmbedCode() {
  try {
    const code = embedCode();
    $('embed-code').value = code;
    $('embed-code').hidden = false;
    $('embed-code').select();
    await navigator.clipboard?.writeText(code).then(() => { $('status').textContent = 'Embed code copied.'; }, () => {});
  } catch (error) {
    show($('error'), error.message);
  }
}

/** A lesson step's sweep: checked like the scripting API's, kept in the session history like the lab's own. */
async function runLessonSweep(options, onProgress) {
  const experiment = experimentById(options.experiment);
  const settings = checkSweepOptions(experiment, options, cores, lab.engines);
  const chartsReady = loadCharts();
  const { label, record, timelines } = await lab.measure(experiment, settings, pacedProgress(onProgress));
  await chartsReady;
  keepSiteWhenIdle();
  history.add({ label: `${label} · lesson`, record, timelines });
  showHistory();
  return { record, timelines };
}

// The panel's memory bandwidth (in the lab or in lesson 1) is the what-if model's, so a memory-bound prediction need not measure it again.
function keepMachineBandwidth(machine) {
  measuredBandwidth = bandwidthForWhatIf(machine) ?? measuredBandwidth;
  if (state.shown) render(state.shown);
}

let lessonsView = null;

/** Shows the lab or the Lessons view (at `place`: { lesson, step }, lesson null for the list). */
function showView(view, place = { lesson: null, step: 1 }, { focus = false } = {}) {
  const lessonsShown = view === 'lessons';
  $('lab-view').hidden = lessonsShown;
  $('lessons-view').hidden = !lessonsShown;
  document.body.dataset.view = view;
  $('show-lab').setAttribute('aria-pressed', String(!lessonsShown));
  $('show-lessons').setAttribute('aria-pressed', String(lessonsShown));
  if (lessonsShown) lessonsView.show(place, { focus });
}

function setUpLessons(lessonState) {
  const progress = new LessonProgress(globalThis.localStorage ?? null);
  lessonsView = mountLessons($('lessons-content'), {
    lessons, progress, cores, engines: lab.engines, experimentById, renderParams, readParams,
    run: runLessonSweep, cancel: () => lab.cancel(), drawChart: (series, size, options) => charts.lessonChart(series, size, options),
    drawTimeline: (record, run, size) => charts.lessonTimeline(record, run, size),
    mountMachine: (container) => mountMachinePanel(container, lab, { onMeasured: keepMachineBandwidth, loadCharts }),
    navigate: (place) => {
      window.history.pushState(null, '', writeLessonState({ ...place, embed: state.view.embed, theme: state.view.theme }));
      show($('lessons-note'), '');
    },
    embed: state.view.embed,
  });
  $('show-lessons').addEventListener('click', () => {
    window.history.pushState(null, '', writeLessonState({ lesson: null }));
    showView('lessons', { lesson: null, step: 1 }, { focus: true });
  });
  $('show-lab').addEventListener('click', () => {
    showView('lab');
    syncUrl();
    $('experiment-title').focus();
  });
  // Back and forward move between the steps visited.
  window.addEventListener('popstate', () => {
    const place = readLessonState(location.search, lessons.map(pageCount));
    showView(place.view, place);
  });
  show($('lessons-note'), lessonState.notes.join(' '));
  showView(lessonState.view, lessonState);

  $('door-lesson').textContent = `Take lesson 1: ${lessons[0].title} (about ${lessons[0].minutes} minutes)`;
  mountWelcome({ welcome: $('welcome'), reopen: $('show-start'), doors: { lesson: $('door-lesson'), lab: $('door-lab'), slides: $('door-slides') } }, localStorage, {
    lesson: () => {
      window.history.pushState(null, '', writeLessonState({ lesson: 1, step: 1 }));
      showView('lessons', { lesson: 1, step: 1 }, { focus: true });
    },
    lab: () => {
      showView('lab');
      $('experiment-title').focus();
    },
    slides: () => {
      showView('lab');
      $('share-panel').open = true;
      $('share-panel').querySelector('summary').focus();
    },
  }, location.search === '' && !state.view.embed);
}

function setUp() {
  const experimentButton = (experiment) => {
    const button = Object.assign(document.createElement('button'), { type: 'button', className: 'experiment', textContent: experiment.title });
    button.dataset.id = experiment.id;
    button.addEventListener('click', () => {
      selectExperiment(experimentById(experiment.id));
      syncUrl();
    });
    const li = document.createElement('li');
    li.append(button);
    return li;
  };
  // On a phone, the same choice in one compact control (style.css shows it there).
  $('experiment-chooser').replaceChildren(...TOPICS.map(({ title, ids }) => {
    const group = Object.assign(document.createElement('optgroup'), { label: title });
    group.append(...ids.map((id) => new Option(experimentById(id).title, id)));
    return group;
  }));
  $('experiment-chooser').addEventListener('change', () => {
    selectExperiment(experimentById($('experiment-chooser').value));
    syncUrl();
  });
  $('experiment-list').replaceChildren(...TOPICS.map(({ title, ids }) => {
    const group = document.createElement('li');
    const list = document.createElement('ul');
    list.append(...ids.map((id) => experimentButton(experimentById(id))));
    group.append(Object.assign(document.createElement('h3'), { className: 'topic', textContent: title }), list);
    return group;
  }));

  const { state: urlState, notes } = readUrlState(location.search, urlContext);
  state.view = { embed: urlState.embed, autorun: urlState.autorun, locked: urlState.locked, theme: urlState.theme, panels: urlState.panels };
  applyView(document, state.view);
  applyState(urlState);
  show($('note'), notes.join(' '));

  $('controls').addEventListener('submit', runClicked);
  $('controls').addEventListener('change', syncUrl);
  $('cancel').addEventListener('click', () => {
    lab.cancel();
    $('status').textContent = 'Cancelling…';
  });
  $('typed-p').addEventListener('input', () => state.shown && render(state.shown));
  $('what-if-cores').addEventListener('input', () => {
    if (state.shown) render(state.shown);
    measureBandwidthForPrediction();
  });
  $('what-if-memory').addEventListener('change', () => {
    if (state.shown) render(state.shown);
    measureBandwidthForPrediction();
  });
  $('mode').addEventListener('change', showModeHint);
  for (const id of ['gil', 'engine']) $(id).addEventListener('change', showGilNote);
  $('engine').addEventListener('change', showInFlight);
  // The start-up toggle changes how the shown sweep is read, not just the next one.
  $('include-startup').addEventListener('change', () => {
    if (!state.shown) return;
    history.setIncludeStartup(state.shown.id, $('include-startup').checked);
    render(state.shown);
  });
  $('fit-all').addEventListener('change', () => {
    if (!state.shown) return;
    history.setFitAllK(state.shown.id, $('fit-all').checked);
    render(state.shown);
  });
  $('timeline-k').addEventListener('change', () => charts.showTimeline(state.shown, Number($('timeline-k').value), state.sizes.timeline));
  for (const kind of ['csv', 'json', 'chart', 'timeline']) $(`export-${kind}`).addEventListener('click', () => exportShown(kind));
  $('copy-embed').addEventListener('click', copyEmbedCode);
  // In a slide the settings beyond the workers fold away; the room they take back goes to the charts.
  $('embed-settings').addEventListener('click', () => {
    const shown = document.body.classList.toggle('show-settings');
    $('embed-settings').setAttribute('aria-expanded', String(shown));
    if (state.shown) render(state.shown);
  });
  $('import-sweeps').addEventListener('change', (event) => {
    const [file] = event.target.files;
    if (file) importSweeps(file);
    event.target.value = '';
  });
  for (const engine of Object.keys(TWIN_ENGINES)) $(`copy-${engine}`).addEventListener('click', () => copyTwin(engine));
  $('download-oldest').addEventListener('click', downloadOldest);
  let resizing = null;
  window.addEventListener('resize', () => {
    clearTimeout(resizing);
    resizing = setTimeout(() => state.shown && render(state.shown), 100);
  });
  showHistory();

  if (!support.ok) {
    $('isolation-reason').textContent = `${support.reason} parlab runs on the processes engine: workers that share nothing and send each other messages.`;
    $('isolation-fix').textContent = support.fix;
    // A new tab helps a page framed by another page, never a browser without shared memory.
    $('open-full-lab').hidden = support.cause !== 'not-isolated' || window.top === window.self;
    $('isolation-note').hidden = false;
  }
  $('open-full-lab').addEventListener('click', () => {
    if (document.body.dataset.view === 'lessons') {
      const place = readLessonState(location.search, lessons.map(pageCount));
      $('open-full-lab').href = `${location.origin}${location.pathname}${writeLessonState({ ...place, embed: false, theme: state.view.theme })}`;
      return;
    }
    const current = currentState();
    if (current) $('open-full-lab').href = urlOf({ ...current, embed: false, locked: false, autorun: false });
  });

  const machinePanel = mountMachinePanel($('machine-panel'), lab, { onMeasured: keepMachineBandwidth, loadCharts });

  // Sweeps asked for by scripts or messages show their progress and failures on the page like the controls' own.
  const api = createScriptingApi({ lab, cores, onFinished: finished, present: withProgress, readTwinFile, measureMachine: machinePanel.measure });
  window.parlab = api;
  installMessageApi(window, {
    experiments,
    run: ({ parlab, type, id, view, ...options }, onProgress) => {
      if (view !== undefined) setPanels(view);
      // The message's envelope is not a sweep option: what is left is checked like a script's.
      return api.sweep(options, onProgress);
    },
    set: (request) => {
      // Start from the page as it is, so that what the message leaves out stays as it was.
      const current = currentState();
      const search = searchAfterSet(request, currentState(), state.experiment);
      const { state: next, notes: setNotes } = readUrlState(search, urlContext);
      applyState(next);
      show($('note'), setNotes.join(' '));
      syncUrl();
      if (request.view !== undefined) setPanels(request.view);
    },
    cancel: () => lab.cancel(),
  });

  setUpLessons(readLessonState(location.search, lessons.map(pageCount)));
  if (urlState.autorun && document.body.dataset.view === 'lab') $('run').click();
}

// Built pages register the service worker (offline use); the dev server's page does not, so that it never
// answers from a cache. __PARLAB_SERVICE_WORKER__ (vite.config.js): a build for hosts without headers, isolated through it.
if (!(import.meta.env.PROD && await startServiceWorker({ isolate: __PARLAB_SERVICE_WORKER__ }))) setUp();
