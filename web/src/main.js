// The composition root: makes the page's parts and wires them together. What
// each part does is in its own module; nothing else happens here.
import { startClassMode } from './class/class-mode.js';
import { createScriptingApi } from './embed/api.js';
import { installMessageApi } from './embed/message-api.js';
import { pageMessageHandlers } from './embed/page-messages.js';
import { Engine } from './engine/engine.js';
import { threadSupport } from './engine/isolation.js';
import { startServiceWorker } from './engine/isolation-sw-client.js';
import { History } from './lab/history.js';
import { Lab } from './lab/lab.js';
import { twinFileReader } from './lab/twins.js';
import { mountIsolationNote } from './views/isolation-note.js';
import { createLabControls } from './views/lab-controls.js';
import { loadCharts } from './views/lazy-charts.js';
import { mountLessonsOnLab } from './views/lessons-on-lab.js';
import { mountMachinePanel } from './views/machine-panel.js';
import { showResultPicture } from './views/result-picture.js';
import { mountSharePanel } from './views/share-panel.js';
import { createShownSweep } from './views/shown-sweep.js';
import { mountSweepFiles } from './views/sweep-files.js';
import { createSweepProgress } from './views/sweep-progress.js';
import { mountTwinCopy } from './views/twin-copy.js';
import { mountViewSwitch } from './views/view-switch.js';

const cores = navigator.hardwareConcurrency || 1;
const support = threadSupport();
const engineOf = (kind) => new Engine({ kind, baseUrl: document.baseURI });
// Threads where the page may share memory; share-nothing processes everywhere.
const lab = new Lab(
  support.ok ? { threads: engineOf('threads'), processes: engineOf('processes') } : { processes: engineOf('processes') },
  { hardwareConcurrency: cores, userAgent: navigator.userAgent },
);
const history = new History();
const readTwinFile = twinFileReader(document.baseURI);

function setUp() {
  const classMode = startClassMode(location.search, document.baseURI);
  if (classMode.instructorPage) return;
  const controls = createLabControls({ lab, cores, threadsOk: support.ok, search: location.search, onRun: runFromControls });
  const shown = createShownSweep({ lab, history, view: controls.view, typedParallelFraction: controls.typedParallelFraction });
  const present = createSweepProgress(lab);

  /** Keeps a finished sweep (from the controls, a script or a message) and shows it. */
  function finished(experiment, settings, result) {
    const entry = history.add(result);
    // A sweep asked for by a script or a message shows the controls of what ran, not of what the form held.
    controls.showSettingsOf(experiment, settings);
    shown.prediction.suggestMemoryBound(experiment, result.record.params);
    showResultPicture(experiment, settings, result);
    shown.show(entry);
    classMode.sweepFinished(result.record);
  }

  async function runFromControls(settings) {
    try {
      const result = await present(settings.repetitions, (onProgress) => lab.measure(settings.experiment, settings, onProgress));
      finished(settings.experiment, settings, result);
    } catch {
      // present has shown what went wrong.
    }
  }

  mountSweepFiles({ history, shown, readTwinFile });
  mountTwinCopy(controls, readTwinFile);
  mountSharePanel(controls);
  shown.listHistory();

  // "Your machine"'s memory bandwidth (in the lab or in lesson 1) is the what-if prediction's too.
  const machineMeasured = (machine) => {
    shown.prediction.keepMachineBandwidth(machine);
    shown.redraw();
  };
  const machinePanel = mountMachinePanel(document.getElementById('machine-panel'), lab, { onMeasured: machineMeasured, loadCharts });

  // Sweeps asked for by scripts or messages show their progress and failures on the page like the controls' own.
  const api = createScriptingApi({ lab, cores, onFinished: finished, present, readTwinFile, measureMachine: machinePanel.measure });
  window.parlab = api;
  installMessageApi(window, pageMessageHandlers({ api, controls, shown, lab }));

  const lessonsView = mountLessonsOnLab({ lab, history, cores, view: controls.view, onSweepKept: shown.listHistory, onMachineMeasured: machineMeasured, classHooks: classMode.lessonHooks });
  const views = mountViewSwitch(lessonsView, controls);
  mountIsolationNote(support, views.fullPageUrl);
  if (controls.view.autorun && document.body.dataset.view === 'lab') document.getElementById('run').click();
}

// Built pages register the service worker (offline use); the dev server's page does not, so that it never
// answers from a cache. __PARLAB_SERVICE_WORKER__ (vite.config.js): a build for hosts without headers, isolated through it.
if (!(import.meta.env.PROD && await startServiceWorker({ isolate: __PARLAB_SERVICE_WORKER__ }))) setUp();
