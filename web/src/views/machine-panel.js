// The "Your machine" panel: a button that measures this machine
// (lab/machine.js), then every figure with its spread and what it means, and
// the memory bandwidth of 1..k workers as a chart. Used by the lab page and
// by lessons; renders only, the measuring is in lab/ and engine/.
import * as probes from '../engine/probes.js';
import { bandwidthSummary, machineFindings, measureMachine } from '../lab/machine.js';

// The last measurement of this page, shown by every panel mounted later (a lesson step after the lab's panel).
let latest = null;
let panelCount = 0;

function element(tag, properties = {}, children = []) {
  const node = Object.assign(document.createElement(tag), properties);
  node.append(...children);
  return node;
}

function renderFindings(list, figure, machine, charts) {
  const rows = machineFindings(machine).map(({ id, title, value, explanation }) => element('tr', { className: `finding-${id}` }, [
    element('th', { scope: 'row', textContent: title }),
    element('td', { className: value === null ? 'not-measured' : 'value', textContent: value ?? 'not measured' }),
    element('td', { className: 'explanation', textContent: explanation }),
  ]));
  list.querySelector('tbody').replaceChildren(...rows);
  list.hidden = false;
  const chart = figure.querySelector('.chart');
  if (machine.bandwidth.error) {
    figure.hidden = true;
    chart.replaceChildren();
    return;
  }
  const summary = bandwidthSummary(machine.bandwidth.gbPerSByK);
  chart.replaceChildren(charts.bandwidthFigure(summary, machine.cores.reported, figure.querySelector('figcaption').id));
  figure.hidden = false;
}

/**
 * Mounts the panel in `container`; `lab` (lab/lab.js) runs what needs an
 * engine. `onMeasured(machine)` is called after each measurement;
 * `loadCharts()` resolves with the page's chart module (views/chart-views.js). Returns
 * `{ measure }`, which measures as the button does and resolves with the figures.
 */
export function mountMachinePanel(container, lab, { onMeasured = () => {}, loadCharts }) {
  const id = `machine-${++panelCount}`;
  const button = element('button', { type: 'button', className: 'measure-machine', textContent: 'Measure this machine' });
  const status = element('p', { className: 'hint machine-status', textContent: 'Takes a few seconds; nothing else should run meanwhile, or it will slow the figures down.' });
  status.setAttribute('aria-live', 'polite');
  const list = element('table', { className: 'machine-findings', hidden: true }, [
    element('caption', { textContent: 'Measured in this browser, now (medians, with their spread)' }),
    element('thead', {}, [element('tr', {}, ['What', 'Measured', 'What it means'].map((text) => element('th', { scope: 'col', textContent: text })))]),
    element('tbody'),
  ]);
  const figure = element('figure', { className: 'machine-bandwidth', hidden: true }, [
    element('div', { className: 'chart' }),
    element('figcaption', {
      id: `${id}-bandwidth-caption`,
      textContent: 'Memory bandwidth with 1..k workers, as a gain over one worker (points: the best run of each k; bars: the spread of all runs). Where the line leaves the dashed ideal and flattens, '
        + 'memory-bound work stops gaining from more workers, before the cores run out.',
    }),
  ]);
  container.replaceChildren(
    element('p', { textContent: 'What this computer and browser give parallel work: the figures that decide what a sweep can show here.' }),
    element('div', { className: 'row' }, [button, status]),
    list, figure,
  );
  if (latest) loadCharts().then((charts) => renderFindings(list, figure, latest, charts));

  async function measure() {
    button.disabled = true;
    try {
      const chartsReady = loadCharts();
      const machine = await measureMachine({
        lab, probes, serverUrl: new URL('ping.txt', document.baseURI).href, cores: navigator.hardwareConcurrency || null,
        onProgress: (step) => { status.textContent = `Measuring ${step}…`; },
      });
      latest = machine;
      renderFindings(list, figure, machine, await chartsReady);
      status.textContent = `Measured at ${new Date(machine.date).toLocaleTimeString()}. Measure again to see how much the figures move.`;
      onMeasured(machine);
      return machine;
    } catch (error) {
      status.textContent = `The measurement stopped: ${error.message}`;
      throw error;
    } finally {
      button.disabled = false;
    }
  }
  button.addEventListener('click', () => measure().catch(() => {}));
  return { measure };
}
