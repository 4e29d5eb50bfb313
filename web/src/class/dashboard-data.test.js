import { test } from 'node:test';
import assert from 'node:assert/strict';
import { medianCurve, predictionBars, resultCurves, roomOf, roomSentence } from './dashboard-data.js';

const result = (id, cores, busy, speedups) => ({
  submissionId: id, clientId: `c-${id}`,
  summary: { cores, browser: 'chromium', quiet: { freeCores: busy ? cores - 1 : cores, busy }, ks: speedups.map((speedup, i) => ({ k: 2 ** i, medianMs: 10, minMs: 9, maxMs: 11, speedup })) },
});

test('choice predictions are counted per option, empty ones too; numbers fall into bins that hold them all', () => {
  const choices = [{ choice: 'option-1' }, { choice: 'option-1' }, { choice: 'option-0' }];
  assert.deepEqual(predictionBars(choices, ['1', '10', '100']).map((b) => [b.index, b.count]), [[0, 1], [1, 2], [2, 0]]);
  const numbers = [1, 1.5, 2, 2, 3.9, 4].map((number) => ({ number }));
  const bars = predictionBars(numbers);
  assert.equal(bars.length, 3);
  assert.equal(bars.reduce((sum, b) => sum + b.count, 0), numbers.length, 'the largest lands in the last bin');
  assert.deepEqual(predictionBars([{ number: 2 }, { number: 2 }]), [{ label: '2', from: 2, to: 2, count: 2 }]);
  assert.deepEqual(predictionBars([]), []);
});

test("the class's median curve is that of the quiet machines; busy ones are drawn but not counted", () => {
  const curves = resultCurves([result('a', 2, false, [1, 1.9, 2.0]), result('b', 8, false, [1, 2.0, 3.8]), result('c', 4, false, [1, 1.8, 3.4]), result('d', 2, true, [1, 0.9, 1.0])]);
  assert.deepEqual(medianCurve(curves), [{ k: 1, speedup: 1, count: 3 }, { k: 2, speedup: 1.9, count: 3 }, { k: 4, speedup: 3.4, count: 3 }]);
  assert.deepEqual(roomOf(curves), { results: 4, busy: 1, cores: [2, 4, 8] });
  const allBusy = resultCurves([result('d', 2, true, [1, 0.9])]);
  assert.deepEqual(medianCurve(allBusy), [{ k: 1, speedup: 1, count: 1 }, { k: 2, speedup: 0.9, count: 1 }], 'with no quiet machine, the busy ones');
});

test('the sentence under the curves says how busy the room was, and what its median then means', () => {
  const top = { k: 4, speedup: 2.09, count: 3 };
  assert.equal(roomSentence({ results: 3, busy: 0, cores: [2, 8] }, top), '3 machines with 2, 8 cores measured. None was busy. The class median at k = 4 is 2.09× from 3 machines.');
  assert.match(roomSentence({ results: 3, busy: 3, cores: [2] }, top), /Every one was busy.*all busy: it shows what their other programs left over/);
  assert.match(roomSentence({ results: 4, busy: 1, cores: [2] }, top), /1 of them was busy \(dashed\) and left out of the median/);
});
