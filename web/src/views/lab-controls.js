// The lab's controls: which experiment, its parameters and the sweep's
// settings. They start from the page's URL, and the URL follows them; they are
// read as a URL state (for links and embed code) or as the settings of a sweep
// to run, and set from a 'set' message or a finished sweep. Each experiment
// keeps its own parameters and workers while another one is shown.
import { defaultWorkers, defaults, experimentById, experiments } from '../experiments/index.js';
import { DEFAULT_IN_FLIGHT, DEFAULT_SWITCH_INTERVAL_MS, checkProblemSize, gilSetting } from '../lab/lab.js';
import { workersHint } from '../lab/cores.js';
import { parseWorkerList } from '../lab/worker-list.js';
import { TWIN_ENGINES } from '../lab/twins.js';
import { applyView, lockControls } from '../embed/embed.js';
import { readUrlState, writeUrlState } from '../embed/url-state.js';
import { mountExperimentMenu } from './experiment-menu.js';
import { readParams, renderParams } from './params-form.js';
import { showNotice } from './notice.js';

const $ = (id) => document.getElementById(id);

/**
 * @param lab the page's Lab: its engines (preferred first), and whether a sweep is running
 * @param cores the logical cores the browser reports
 * @param threadsOk whether the threads engine can run on this page
 * @param search the page's URL query, which the controls and the view start from
 * @param onRun(settings) runs a sweep with the settings that Run sweep read (see readSweepSettings)
 * @returns the controls, with `view`: the URL's say on the page (embed, autorun, locked, theme, panels), which
 *   the controls' URL carries and whose panels an embed's messages change
 */
export function createLabControls({ lab, cores, threadsOk, search, onRun }) {
  const urlContext = {
    experiments, engines: lab.engines, defaultsOf: defaults,
    defaultWorkersOf: (e) => defaultWorkers(e, cores), maxWorkersOf: (e) => e.maxWorkers(cores),
  };
  const valuesById = new Map(experiments.map((e) => [e.id, defaults(e)]));
  const workersById = new Map(experiments.map((e) => [e.id, defaultWorkers(e, cores).join(',')]));
  let experiment = null;
  const { state: initial, notes } = readUrlState(search, urlContext);
  const view = { embed: initial.embed, autorun: initial.autorun, locked: initial.locked, theme: initial.theme, panels: initial.panels, classCode: initial.classCode };

  const menu = mountExperimentMenu($('experiment-list'), $('experiment-chooser'), (chosen) => {
    selectExperiment(chosen);
    syncUrl();
  });

  function selectExperiment(chosen) {
    if (experiment) {
      try {
        valuesById.set(experiment.id, readParams($('params'), experiment));
      } catch {
        // Half-typed values are simply not kept.
      }
      workersById.set(experiment.id, $('workers').value);
    }
    experiment = chosen;
    menu.mark(chosen.id);
    $('experiment-title').textContent = chosen.title;
    $('experiment-kind').textContent = chosen.kind;
    $('experiment-explanation').textContent = chosen.explanation.replace(/\s+/g, ' ');
    showModeHint();
    showGilNote();
    renderParams($('params'), chosen, valuesById.get(chosen.id), { fold: true });
    $('workers').value = workersById.get(chosen.id);
    $('workers-hint').textContent = workersHint(chosen.maxWorkers(cores), navigator.hardwareConcurrency);
    for (const engine of Object.keys(TWIN_ENGINES)) $(`copy-${engine}`).hidden = !chosen.twins?.[engine];
    $('program-text').hidden = true;
    applyLock();
    showNotice($('error'), '');
  }

  /** Puts a URL state (readUrlState's) into the controls. */
  function applyState(urlState) {
    valuesById.set(urlState.experiment, urlState.values);
    workersById.set(urlState.experiment, urlState.workers);
    experiment = null;
    selectExperiment(experimentById(urlState.experiment));
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

  /** Puts the state of the URL query `query` into the controls; returns the notes on what it could not use. */
  function applySearch(query) {
    const { state, notes } = readUrlState(query, urlContext);
    applyState(state);
    return notes;
  }

  /** The controls as a URL state, or null while some control holds a bad value. */
  function currentState() {
    try {
      return {
        experiment: experiment.id,
        values: readParams($('params'), experiment),
        workers: parseWorkerList($('workers').value, experiment.maxWorkers(cores)).ks.join(','),
        repetitions: Number($('repetitions').value),
        mode: $('mode').value,
        engine: $('engine').value === lab.engines[0] ? null : $('engine').value,
        inFlight: Number($('in-flight').value),
        includeStartup: $('include-startup').checked,
        fitAllK: $('fit-all').checked,
        gil: $('gil').checked,
        switchIntervalMs: Number($('gil-switch').value),
        typedP: typedParallelFraction(),
        ...view,
      };
    } catch {
      return null;
    }
  }

  /** The page's address with the controls' state and `overrides` of it (the view's flags), or null while a control holds a bad value. */
  function urlWith(overrides = {}) {
    const current = currentState();
    return current && `${location.origin}${location.pathname}${writeUrlState({ ...current, ...overrides }, experiment)}`;
  }

  function syncUrl() {
    const url = urlWith();
    if (url) window.history.replaceState(null, '', url);
  }

  /** Sets the controls to a checked sweep's settings (see lab.js, checkSweepOptions), keeping what a sweep does not set. */
  function showSettingsOf(sweepExperiment, settings) {
    const shown = currentState();
    applyState({
      experiment: sweepExperiment.id, values: settings.values, workers: settings.ks.join(','), repetitions: settings.repetitions, mode: settings.mode,
      engine: settings.engine === lab.engines[0] ? null : settings.engine, inFlight: settings.inFlight, includeStartup: settings.includeStartup, fitAllK: settings.fitAllK,
      gil: Boolean(settings.gil), switchIntervalMs: settings.gil?.switchIntervalMs ?? Number($('gil-switch').value), typedP: shown?.typedP ?? null,
    });
    syncUrl();
  }

  /** The settings of the sweep that Run sweep starts; throws, with a message for the user, where a control holds a bad value. */
  function readSweepSettings() {
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

  /** The parallel fraction p typed for an Amdahl curve, or null (blank, or not from 0 to 1). */
  function typedParallelFraction() {
    const raw = $('typed-p').value;
    if (raw === '') return null;
    const p = Number(raw);
    return p >= 0 && p <= 1 ? p : null;
  }

  function applyLock() {
    lockControls($('controls'), view, ['workers', 'run', 'cancel']);
    // Whatever the lock says, a running sweep keeps Run off and Cancel on.
    if (lab.busy) $('run').disabled = true;
    $('cancel').disabled = !lab.busy;
    if (!threadsOk) $('engine').querySelector('option[value="threads"]').disabled = true;
  }

  /** What the GIL switch means with the chosen experiment and engine. */
  function showGilNote() {
    const refused = experiment.gil === false;
    $('gil').disabled = refused || view.locked;
    $('gil-switch').disabled = refused || !$('gil').checked || view.locked;
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
    $('mode-hint').textContent = $('mode').value === 'scaleup' ? `Scale-up: ${experiment.scaleUp}.` : '';
  }

  applyView(document, view);
  applyState(initial);
  showNotice($('note'), notes.join(' '));

  $('controls').addEventListener('submit', (event) => {
    event.preventDefault();
    let settings;
    try {
      settings = readSweepSettings();
    } catch (error) {
      showNotice($('error'), error.message);
      return;
    }
    showNotice($('note'), settings.note);
    onRun(settings);
  });
  $('controls').addEventListener('change', syncUrl);
  $('mode').addEventListener('change', showModeHint);
  for (const id of ['gil', 'engine']) $(id).addEventListener('change', showGilNote);
  $('engine').addEventListener('change', showInFlight);

  return {
    view,
    get experiment() {
      return experiment;
    },
    applySearch, currentState, urlWith, syncUrl, showSettingsOf, readSweepSettings, typedParallelFraction,
  };
}
