// The what-if prediction's inputs (under "Advanced"): the core count to
// predict for, and whether the work is memory-bound, which caps the
// prediction at this machine's memory bandwidth. That bandwidth is measured
// the first time it is needed, unless "Your machine" has measured it already.
import { bandwidthForWhatIf } from '../lab/machine.js';
import { showNotice } from './notice.js';

const $ = (id) => document.getElementById(id);

/** The core count the user asked a prediction for, or null (blank or not a whole number from 2 to 4096). */
function whatIfCores() {
  const cores = Number($('what-if-cores').value);
  return $('what-if-cores').value !== '' && Number.isInteger(cores) && cores >= 2 && cores <= 4096 ? cores : null;
}

/**
 * @param lab the page's Lab, which measures the bandwidth
 * @param onMeasured called once a bandwidth the prediction uses has been measured
 */
export function createPredictionInputs(lab, onMeasured) {
  // Memory bandwidth measured in this page, k → best GB/s, once asked for.
  let measuredBandwidth = null;

  /**
   * Measures the memory bandwidth of 1 worker and of one per core (best of 5
   * triads over 48 MB each), the first time a memory-bound prediction is asked for.
   */
  async function measureBandwidthIfAsked() {
    if (measuredBandwidth || !whatIfCores() || !$('what-if-memory').checked) return;
    const cores = navigator.hardwareConcurrency || 2;
    showNotice($('what-if-caption'), 'Measuring this machine\'s memory bandwidth with 1 worker and with one per core…');
    try {
      const byK = {};
      for (const k of [...new Set([1, cores])]) byK[k] = Math.max(...await lab.measureBandwidth(k, 48, 5));
      measuredBandwidth = byK;
    } catch (error) {
      $('what-if-memory').checked = false;
      showNotice($('what-if-caption'), `The memory bandwidth could not be measured: ${error.message}`);
      return;
    }
    onMeasured();
  }

  return {
    /** The prediction asked for, as results-view.js's showResults takes it: `bandwidth` only for a memory-bound one. */
    options: () => ({ whatIfCores: whatIfCores(), bandwidth: whatIfCores() && $('what-if-memory').checked ? measuredBandwidth : null }),
    measureBandwidthIfAsked,
    /** Ticks "memory-bound" where the experiment says its work is at these parameters (a cheap function over a big table), and measures if need be. */
    suggestMemoryBound(experiment, params) {
      $('what-if-memory').checked = Boolean(experiment.memoryBound?.(params));
      measureBandwidthIfAsked();
    },
    /** Keeps "Your machine"'s memory bandwidth (in the lab or in lesson 1), so that a memory-bound prediction need not measure it again. */
    keepMachineBandwidth(machine) {
      measuredBandwidth = bandwidthForWhatIf(machine) ?? measuredBandwidth;
    },
  };
}
