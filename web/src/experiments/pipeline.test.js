import { test } from 'node:test';
import assert from 'node:assert/strict';
import pipeline from './pipeline.js';

const groups = (counts) => counts.map((workers, i) => ({ stages: ['read', 'parse', 'transform', 'write'][i], workers }));
const pipelineDetails = (fields) => ({
  form: 'pipeline', items: 100, throughput: 1234.5, stageWorkers: 'auto', groups: groups([1, 1, 1, 1]),
  workersPerStage: [1, 1, 1, 1], utilisation: [0.2, 0.25, 0.97, 0.2], slowestStage: 'transform', ...fields,
});

test('a busy stage is named as the limit, and why workers elsewhere do not help', () => {
  const text = pipeline.describeResult(pipelineDetails({}), { k: 4, engine: 'threads' });
  assert.match(text, /transform limits the throughput: its worker was busy 97 % of the run/);
  assert.match(text, /workers added elsewhere would only wait more/);
  assert.match(text, /auto: in proportion/);
});

test('typed counts are said to be used as typed, or scaled to k', () => {
  const typed = pipelineDetails({ stageWorkers: '1,1,2,1', groups: groups([1, 1, 2, 1]), workersPerStage: [1, 1, 2, 1] });
  assert.match(pipeline.describeResult(typed, { k: 5, engine: 'threads' }), /transform 2, write 1 \(as typed\)/);
  const scaled = { ...typed, groups: groups([2, 2, 4, 2]), workersPerStage: [2, 2, 4, 2] };
  assert.match(pipeline.describeResult(scaled, { k: 10, engine: 'threads' }), /your 1,1,2,1 scaled to k = 10/);
});

test('fused stages, an unlimited pipeline, data parallel and processes each get their own sentence', () => {
  const fused = pipelineDetails({ groups: [{ stages: 'read+parse', workers: 1 }, { stages: 'transform+write', workers: 1 }], slowestStage: 'transform+write', utilisation: [0.1, 0.1, 0.7, 0.25] });
  const fusedText = pipeline.describeResult(fused, { k: 2, engine: 'threads' });
  assert.match(fusedText, /adjacent stages share a worker/);
  assert.match(fusedText, /transform\+write limits the throughput: its worker was busy 95 %/);
  const idle = pipelineDetails({ utilisation: [0.2, 0.2, 0.4, 0.2] });
  assert.match(pipeline.describeResult(idle, { k: 8, engine: 'threads' }), /No stage was busy most of the run \(the busiest, transform, 40 %\)/);
  const dataParallel = { ...pipelineDetails({}), form: 'data_parallel' };
  assert.match(pipeline.describeResult(dataParallel, { k: 2, engine: 'threads' }), /^Data parallel, 2 workers: 1,235 items\/s/);
  assert.match(pipeline.describeResult({ form: 'pipeline', items: 10, ranAs: 'data_parallel' }, { k: 2, engine: 'processes' }), /No channels between processes/);
});
