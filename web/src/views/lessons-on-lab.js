// The Lessons view (lesson-view.js) on the lab: a step's sweep is checked like
// a script's, runs on the lab's engines and joins the session's history; its
// charts come from the charts' chunk; its "Your machine" panel measures like
// the lab's. The URL follows the step shown (url-state.js).
import { experimentById } from '../experiments/index.js';
import { checkSweepOptions } from '../lab/lab.js';
import { keepSiteWhenIdle } from '../engine/isolation-sw-client.js';
import { writeLessonState } from '../embed/url-state.js';
import { lessons } from '../lessons/index.js';
import { LessonProgress } from '../lessons/progress.js';
import { loadCharts, loadedCharts } from './lazy-charts.js';
import { mountLessons } from './lesson-view.js';
import { mountMachinePanel } from './machine-panel.js';
import { showNotice } from './notice.js';
import { pacedProgress } from './paced-progress.js';
import { readParams, renderParams } from './params-form.js';

const $ = (id) => document.getElementById(id);

/**
 * @param view the page's view (lab-controls.js): a lesson's URL keeps its embed and theme
 * @param onSweepKept called once a step's sweep is in the history
 * @param onMachineMeasured(machine) called after a lesson's "Your machine" panel measures
 * @param classHooks lesson-view.js's onPredicted and onMeasured, in class mode (class/student.js)
 * @returns lesson-view.js's `{ show(place, { focus }) }`
 */
export function mountLessonsOnLab({ lab, history, cores, view, onSweepKept, onMachineMeasured, classHooks = {} }) {
  async function runLessonSweep(options, onProgress) {
    const experiment = experimentById(options.experiment);
    const settings = checkSweepOptions(experiment, options, cores, lab.engines);
    const chartsReady = loadCharts();
    const { label, record, timelines } = await lab.measure(experiment, settings, pacedProgress(onProgress));
    await chartsReady;
    keepSiteWhenIdle();
    history.add({ label: `${label} · lesson`, record, timelines });
    onSweepKept();
    return { record, timelines };
  }

  return mountLessons($('lessons-content'), {
    lessons, progress: new LessonProgress(globalThis.localStorage ?? null), cores, engines: lab.engines, experimentById, renderParams, readParams,
    run: runLessonSweep, cancel: () => lab.cancel(),
    // A step draws once its sweep is done, and runLessonSweep waits for the charts' chunk.
    drawChart: (series, size, options) => loadedCharts().lessonChart(series, size, options),
    drawTimeline: (record, run, size) => loadedCharts().lessonTimeline(record, run, size),
    mountMachine: (container) => mountMachinePanel(container, lab, { onMeasured: onMachineMeasured, loadCharts }),
    navigate: (place) => {
      window.history.pushState(null, '', writeLessonState({ ...place, embed: view.embed, theme: view.theme, classCode: view.classCode }));
      showNotice($('lessons-note'), '');
    },
    embed: view.embed,
    ...classHooks,
  });
}
