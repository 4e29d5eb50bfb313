// A sweep under way on the lab page, whoever started it (Run sweep, a script,
// a message): Run off and Cancel on, a progress bar, a status line with the
// run under way and the time left, and then what became of the sweep.
import { isCancellation } from '../engine/cancellation.js';
import { keepSiteWhenIdle } from '../engine/isolation-sw-client.js';
import { loadCharts } from './lazy-charts.js';
import { pacedProgress } from './paced-progress.js';
import { showNotice } from './notice.js';

const $ = (id) => document.getElementById(id);

/** The status line for a sweep's progress ({ done, total, k, warmUp, repetition }), `elapsedSeconds` after it started. */
export function progressText({ done, total, k, warmUp, repetition }, repetitions, elapsedSeconds) {
  const left = done > 0 ? ` About ${Math.ceil((elapsedSeconds / done) * (total - done))} s left.` : '';
  return `k = ${k}, ${warmUp ? 'warm-up' : `repetition ${repetition} of ${repetitions}`} (run ${done + 1} of ${total}).${left}`;
}

/**
 * Mounts the display on the lab's Run and Cancel; returns `present(repetitions, start)`,
 * which runs a sweep under it: `start(onProgress)` launches it on `lab` and
 * resolves with its result. A failure is shown, then thrown again.
 */
export function createSweepProgress(lab) {
  $('cancel').addEventListener('click', () => {
    lab.cancel();
    $('status').textContent = 'Cancelling…';
  });

  return async function present(repetitions, start) {
    // Refused before touching the display, which belongs to the sweep already running.
    if (lab.busy) throw new Error('A sweep is already running: wait for it or cancel it first.');
    showNotice($('error'), '');
    $('run').disabled = true;
    $('cancel').disabled = false;
    $('progress').hidden = false;
    const started = performance.now();
    const seconds = () => (performance.now() - started) / 1000;
    // The charts' chunk comes while the sweep runs, to show its result at once.
    const chartsReady = loadCharts();
    const onProgress = pacedProgress((progress) => {
      $('progress').value = progress.done / progress.total;
      $('status').textContent = progressText(progress, repetitions, seconds());
    });
    try {
      const result = await start(onProgress);
      await chartsReady;
      keepSiteWhenIdle();
      $('status').textContent = `Done in ${seconds().toFixed(1)} s.`;
      return result;
    } catch (error) {
      if (isCancellation(error)) {
        $('status').textContent = 'Cancelled. Nothing from the unfinished sweep was kept; press Run sweep to start again.';
      } else {
        $('status').textContent = 'The sweep stopped with an error.';
        showNotice($('error'), error.message);
      }
      throw error;
    } finally {
      $('run').disabled = false;
      $('cancel').disabled = true;
      $('progress').hidden = true;
    }
  };
}
