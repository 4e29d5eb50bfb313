// Shows one finished sweep: chart, table, summary and timeline, at the sizes
// the page's layout gives them.
import { analyse } from '../lab/analysis.js';
import { predictSpeedup } from '../lab/what-if.js';
import { experimentById } from '../experiments/index.js';
import { accountOf, bytesMovedSummary, coresSummary, fitCaption, gilSummary, stackSummary } from './captions.js';
import { busyLine, busySentence } from '../lab/quiet-check.js';
import { stackChart } from '../charts/stack-chart.js';
import { withTextAlternative } from '../charts/text-alternative.js';
import { measuredIn, runTimeline, sweepChart } from './sweep-charts.js';

const $ = (id) => document.getElementById(id);
const fixed = (value, digits = 2) => (value === null || value === undefined ? '–' : value.toFixed(digits));
const escapeHtml = (text) => text.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;');

// Records of the coordinator's merge sit on a 'merge' lane, which is not a worker.
export const distinctWorkers = (run) => new Set(run.records.map((r) => r.worker).filter(Number.isInteger)).size;

// What the start-up column counts, as the header's tooltip (the table must stay narrow enough for an embed).
function startupExplanation(record) {
  const warm = Math.max(0, ...Object.values(record.warmHelpersByK ?? {}));
  const kept = warm > 0
    ? ` The first ${warm === 1 ? 'helper was' : `${warm} helpers were`} already running (the engine keeps one per core between sweeps, and a sweep starts its smallest k's helpers with them); their start-up was timed when they started.`
    : '';
  return `Starting k helper Web Workers from none, plus building the pool.${kept}`;
}

function tableFor(mode, rows, entry) {
  const startup = (k) => fixed(entry.record.startupMsByK[k], 1);
  const used = (k) => (entry.timelines[k] ? distinctWorkers(entry.timelines[k]) : '–');
  if (mode === 'scaleup') {
    return {
      head: ['k', 'median ms', 'min–max ms', 'scaled efficiency', 'workers used', 'pool start-up ms'],
      body: rows.map((r) => [r.k, fixed(r.median, 1), `${fixed(r.min, 1)}–${fixed(r.max, 1)}`, fixed(r.efficiency), used(r.k), startup(r.k)]),
    };
  }
  return {
    head: ['k', 'median ms', 'min–max ms', 'speedup', 'efficiency', 'Karp–Flatt', 'workers used', 'pool start-up ms'],
    body: rows.map((r) => [r.k, fixed(r.median, 1), `${fixed(r.min, 1)}–${fixed(r.max, 1)}`, fixed(r.speedup), fixed(r.efficiency),
      fixed(r.karpFlatt, 3), used(r.k), startup(r.k)]),
  };
}

function fillTable(table, { head, body }) {
  const row = (cells, tag) => {
    const tr = document.createElement('tr');
    // Each cell carries its column's name: on a phone the rows become cards that name every figure (style.css).
    tr.append(...cells.map((cell, i) => {
      const element = Object.assign(document.createElement(tag), { textContent: cell });
      element.dataset.column = head[i];
      return element;
    }));
    return tr;
  };
  table.tHead.replaceChildren(row(head, 'th'));
  table.tBodies[0].replaceChildren(...body.map((cells) => row(cells, 'td')));
}

/** @param overlays the records of the sweeps overlaid on the chart, which `describeResult` may compare with */
function summary(entry, rows, overlays) {
  const top = rows.at(-1);
  const run = entry.timelines[top.k];
  // In scale-up every k solves a bigger problem, so results agree only within one k.
  const scaleup = entry.record.mode === 'scaleup';
  const groups = scaleup ? entry.record.ks.map((k) => entry.record.runs.filter((r) => r.k === k)) : [entry.record.runs];
  const disagreeing = groups.filter((runs) => new Set(runs.map((r) => r.checksum)).size > 1).length;
  const experiment = experimentById(entry.record.experiment);
  // Some strategies compute a different result on every run by design (a race that loses updates).
  const varies = experiment?.resultsVary?.(entry.record.params);
  const agreement = disagreeing > 0
    ? varies ? `Runs computed different results, as this strategy does: ${varies}`
      : `Runs disagree: repetitions computed different results${scaleup ? ` at ${disagreeing} k` : ''}.`
    : scaleup ? 'Every repetition at the same k computed the same result (same checksum).'
      : 'Every run computed the same result (same checksum), whatever k.';
  const startupNote = (entry.record.includeStartup ? 'Times include pool start-up.' : 'Times exclude pool start-up.') + dataNote(entry.record);
  const measure = entry.record.mode === 'scaleup'
    ? `scaled efficiency <b>${fixed(top.efficiency)}</b>`
    : `speedup <b id="speedup-at-k">${fixed(top.speedup)}</b>`;
  const result = run?.details && experiment?.describeResult
    ? ` <span id="result-summary">${escapeHtml(experiment.describeResult(run.details, { k: top.k, engine: entry.record.engine, run, record: entry.record, overlays }))}</span>` : '';
  const used = run ? distinctWorkers(run) : null;
  return `At k = ${top.k}: median <b>${fixed(top.median, 1)} ms</b>, ${measure}, ` +
    `<span id="distinct-workers">${used ?? '–'}</span> distinct ${used === 1 ? 'worker' : 'workers'} used.${result} ${agreement} ${startupNote} ` +
    `<span id="cores-summary">${coresSummary(entry.record, rows)}</span> <span id="stack-summary">${stackSummary(entry.record)}</span> <span id="gil-summary">${gilSummary(entry.record, top.k, run)}</span> <span id="bytes-summary">${bytesMovedSummary(top.k, run)}</span>`;
}

/** How long making the data took, which no time in the table includes; '' for experiments without data. */
function dataNote(record) {
  const made = Object.entries(record.dataMsByK ?? {});
  if (!made.length) return '';
  const [k, ms] = made[0];
  return ` Making the data took ${fixed(ms, 1)} ms before the first run (k = ${k}); it is made before each timed run starts and kept, so no time above includes it.`;
}

/** Under the chart: what the what-if band is made of and what would break it, or why there is none. */
function showPrediction(prediction, cores) {
  const caption = $('what-if-caption');
  caption.hidden = !prediction;
  if (!prediction) return;
  if (prediction.refusal) {
    caption.textContent = `No prediction for ${cores} cores: ${prediction.refusal}`;
    return;
  }
  const list = (items) => `<ul>${items.map((item) => `<li>${escapeHtml(item)}</li>`).join('')}</ul>`;
  caption.innerHTML = `<b>The orange band is a prediction for up to ${cores} cores, not a measurement.</b> ` +
    `It is made of: ${list(prediction.terms)}It assumes: ${list(prediction.assumptions)}` +
    'Run the same sweep on a machine with more cores, export it as JSON and import it here to see how the prediction did.';
}

/** @param size { width, height?, fontSize? } for the timeline */
export function showTimeline(entry, k, size = {}) {
  const run = entry.timelines[k];
  $('timeline').replaceChildren(run
    ? runTimeline(entry.record, run, size, `the run with k = ${k}`,
      { more: ' The summary above gives how the work was shared; hover a bar for its tasks and time.', describedBy: ['run-summary'] })
    : Object.assign(document.createElement('p'), { textContent: 'No timeline was kept for this run.' }));
}

/** Above the result: that the machine was busy, with the figures (one line in a slide), or nothing. */
function showMachineNote(record) {
  const { machine } = accountOf(record);
  const note = document.body.classList.contains('embed') ? busyLine(machine) : busySentence(machine);
  $('machine-note').hidden = !note;
  $('machine-note').textContent = note;
}

/** The speedup stack beside the chart, with the sentence that reads it; hidden where there is none (scale-up, old imports). */
function showStack(record, size) {
  const { stack } = accountOf(record);
  $('stack-figure').hidden = !stack;
  if (!stack) return;
  $('stack-chart').replaceChildren(withTextAlternative(stackChart(stack, size), `Speedup stack: for each k a bar from 0 to the measured speedup, `
    + 'then the measured parts of the gap up to the ideal k. The summary names the largest part and its figures.', ['stack-caption', 'run-summary']));
  $('stack-caption').textContent = 'Where the speedup went: each bar is k high (the dashed tick). The blue part is the measured speedup; '
    + 'the parts above it are the time the workers lost, measured by kind and in units of speedup, so that they add up to k. The summary below names the largest.';
}

/**
 * Renders `entry`, with `overlays` (other speedup entries) on the same chart.
 * @param sizes { chart: { width, height?, fontSize? }, stack?: { … }, timeline: { width, height?, fontSize? } }
 */
export function showResults(entry, { overlays = [], typedParallelFraction = null, whatIfCores = null, bandwidth = null, sizes = { chart: {}, timeline: {} } } = {}) {
  const { mode } = entry.record;
  const analysis = analyse(entry.record);
  const { rows } = analysis;
  $('results').hidden = false;
  // The label already names the engine.
  $('results-title').textContent = `${entry.label} — ${mode === 'scaleup' ? 'scale-up' : 'speedup'}`;
  showMachineNote(entry.record);
  const prediction = whatIfCores ? predictSpeedup(entry.record, analysis, { upTo: whatIfCores, timelines: entry.timelines, bandwidth }) : null;
  showPrediction(prediction, whatIfCores);
  const chart = sweepChart({ label: entry.label, record: entry.record, analysis },
    { overlays, typedParallelFraction, prediction: prediction?.points ?? null, ...sizes.chart });
  $('main-chart').replaceChildren(withTextAlternative(chart, `Chart of the ${measuredIn(mode)} against the workers k = ${entry.record.ks.join(', ')}, `
    + `with the models fitted to it. Every point's numbers are in the table below; the caption and the summary say what they mean.`,
  ['chart-caption', 'run-summary']));
  $('chart-caption').textContent = fitCaption(entry.record, analysis);
  showStack(entry.record, sizes.stack ?? sizes.chart);
  fillTable($('sweep-table'), tableFor(mode, rows, entry));
  $('sweep-table').tHead.rows[0].lastElementChild.title = startupExplanation(entry.record);
  $('run-summary').innerHTML = summary(entry, rows, overlays.map((e) => e.record));

  const ks = Object.keys(entry.timelines).map(Number).sort((a, b) => a - b);
  $('timeline-k').replaceChildren(...ks.map((k) => new Option(String(k), String(k))));
  const shown = ks.at(-1);
  if (shown !== undefined) $('timeline-k').value = String(shown);
  showTimeline(entry, shown, sizes.timeline);
}
