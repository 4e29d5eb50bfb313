// The page's sentences never contradict the numbers they sit beside: for every
// experiment and every kind of outcome (ideal, skewed, lock-bound,
// transfer-bound, oversubscribed, busy machine, noisy), built from synthetic
// runs whose accounts are known, each chosen sentence is checked against the
// figures of the same record.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyse } from '../lab/analysis.js';
import { withDerived } from '../lab/export.js';
import { busySentence } from '../lab/quiet-check.js';
import { accountRun, largestLoss } from '../lab/speedup-stack.js';
import { experiments } from '../experiments/index.js';
import { coresSummary, fitCaption, stackSummary } from './captions.js';

const CORES = 2;

/**
 * A run at k: `shape(k, w, rep)` gives worker w's totals by kind, the time is
 * `time(k, rep)`, and the merge takes `mergeMs`.
 */
function runsOf(ks, { time, shape, mergeMs = 0 }) {
  return ks.flatMap((k) => [0, 1, 2].map((rep) => {
    const totals = [];
    for (let w = 0; w < k; w++) for (const [kind, ms] of Object.entries(shape(k, w, rep))) totals.push({ lane: w, kind, ms });
    if (mergeMs) totals.push({ lane: 'merge', kind: 'merge', ms: mergeMs });
    return { k, repetition: rep + 1, timeMs: time(k, rep), checksum: '1', account: accountRun(totals, k) };
  }));
}

const OUTCOMES = {
  ideal: { ks: [1, 2], time: (k) => 100 / k + 0.5, shape: (k) => ({ compute: 100 / k }) },
  skewed: { ks: [1, 2], time: (k) => (k === 1 ? 100 : 75), shape: (k, w) => ({ compute: k === 1 ? 100 : [75, 25][w] }) },
  lockBound: { ks: [1, 2], time: (k) => (k === 1 ? 100 : 90), shape: (k) => (k === 1 ? { compute: 100 } : { compute: 50, lock_wait: 38 }) },
  transferBound: { ks: [1, 2], time: (k) => (k === 1 ? 105 : 95), shape: (k) => (k === 1 ? { compute: 100 } : { compute: 50, message: 42 }), mergeMs: 5 },
  oversubscribed: { ks: [1, 2, 4], time: (k) => (k === 1 ? 100 : 50.5), shape: (k) => ({ compute: k === 1 ? 100 : k === 2 ? 50 : 50 }) },
  busy: { ks: [1, 2], time: (k, rep) => (k === 1 ? 100 + rep : 75 + rep), shape: (k) => ({ compute: k === 1 ? 99 : 73 }), quiet: { freeCores: 1.1, cores: CORES } },
  noisy: { ks: [1, 2], time: (k, rep) => (k === 1 ? [100, 130, 115][rep] : [55, 75, 62][rep]), shape: (k) => ({ compute: k === 1 ? 100 : 55 }) },
};

function recordOf(experiment, { ks, time, shape, mergeMs, quiet }) {
  return withDerived({
    parlab: 1, experiment: experiment.id, engine: 'threads', mode: 'speedup', params: {}, ks, repetitions: 3, includeStartup: false, fitAllK: false,
    hardwareConcurrency: CORES, startupMsByK: {}, runs: runsOf(ks, { time, shape, mergeMs }), ...(quiet && { quiet }),
  });
}

const numbersIn = (text) => [...text.matchAll(/took (-?\d+\.\d\d) of the missing (-?\d+\.\d\d)/g)].map((m) => [Number(m[1]), Number(m[2])]);

for (const experiment of experiments) {
  test(`${experiment.id}: every sentence agrees with the figures beside it, whatever the outcome`, () => {
    for (const [name, outcome] of Object.entries(OUTCOMES)) {
      const record = recordOf(experiment, outcome);
      const analysis = analyse(record);
      const [caption, cores, stack] = [fitCaption(record, analysis), coresSummary(record, analysis.rows), stackSummary(record)];
      const all = `${caption} ${cores} ${stack}`;
      const top = record.stack.bars.at(-1);
      const loss = largestLoss(top);
      const where = `${experiment.id}/${name}: ${all}`;

      // A ceiling only from a quiet sweep whose fit is narrow; "no serial part" only beside an s near 0.
      if (/1\/s =/.test(caption)) assert.ok(!record.machine.busy && analysis.serialFractionRange[1] - analysis.serialFractionRange[0] < 0.1, where);
      if (/No serial part/.test(caption)) assert.ok(analysis.serialFractionRange[1] < 0.02, where);
      // Taking turns only when inflation was the largest loss beyond the cores.
      if (/take turns/.test(cores)) assert.ok(top.k > CORES && loss.id === 'inflation', where);
      // A busy sweep says so, with its free cores, and explains nothing as a law.
      assert.equal(busySentence(record.machine) !== '', record.machine.busy, where);
      if (record.machine.busy) {
        assert.doesNotMatch(cores, /uneven work|only take turns/, where);
        if (record.machine.reasons.includes('cores')) assert.match(all, /about 1\.1 of the 2 cores/, where);
        assert.doesNotMatch(all, /1\/s =|the work computes all the time/, where);
      }
      // Every figure quoted from the stack is the stack's.
      for (const [part, gap] of numbersIn(stack)) {
        assert.ok(Object.values(top.parts).some((v) => Math.abs(v - part) < 0.006), `${where}: ${part} is no part of the stack`);
        assert.ok(Math.abs(top.k - top.speedup - gap) < 0.006, where);
      }
      if (/within 5 % of the ideal/.test(stack)) assert.ok(top.speedup >= 0.95 * top.k, where);
    }
    // Each cause is named by its own outcome.
    const named = (outcome) => stackSummary(recordOf(experiment, OUTCOMES[outcome]));
    assert.match(named('skewed'), /idle .* took 0\.67/);
    assert.match(named('lockBound'), /lock waits took 0\.84 .*contention/);
    assert.match(named('transferBound'), /messages took 0\.88/);
    assert.match(named('oversubscribed'), /inflation .* took 1\.98 .*took turns on the same cores/);
    assert.match(named('ideal'), /within 5 % of the ideal 2/);
    assert.match(fitCaption(recordOf(experiment, OUTCOMES.noisy), analyse(recordOf(experiment, OUTCOMES.noisy))), /busy|too noisy/);
  });
}
