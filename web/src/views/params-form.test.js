import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkParam } from '../experiments/params.js';
import { keyParamNames } from './params-form.js';
import { experiments, defaults } from '../experiments/index.js';

test('numbers must be whole and inside their range', () => {
  const param = { label: 'Toasts', min: 1, max: 10 };
  assert.equal(checkParam(param, '7'), 7);
  for (const raw of ['', '0', '11', '2.5', 'x']) assert.throws(() => checkParam(param, raw), /Toasts must be a whole number from 1 to 10/);
});

test('choices must be one of the listed values', () => {
  const param = { label: 'Schedule', choices: [{ value: 'a', label: 'A' }, { value: 'b', label: 'B' }] };
  assert.equal(checkParam(param, 'b'), 'b');
  assert.throws(() => checkParam(param, 'c'), /Schedule must be one of: A, B/);
});

test('every descriptor has an explanation and defaults inside its own limits', () => {
  for (const experiment of experiments) {
    assert.ok(experiment.explanation.length > 200, experiment.id);
    for (const param of experiment.params) {
      assert.equal(checkParam(param, String(defaults(experiment)[param.name])), defaults(experiment)[param.name], `${experiment.id}.${param.name}`);
    }
    assert.ok(experiment.params.some((p) => p.name === experiment.scaleParam), `${experiment.id} names the parameter that scale-up grows`);
    assert.match(experiment.scaleUp, /k/);
  }
});

test('a task graph must be non-empty text within its length', () => {
  const param = { label: 'Tasks', type: 'tasks', maxLength: 20 };
  assert.equal(checkParam(param, 'coffee 5 machine'), 'coffee 5 machine');
  assert.throws(() => checkParam(param, '  '), /Tasks must name at least one task/);
  assert.throws(() => checkParam(param, 'x'.repeat(21)), /at most 20 characters \(got 21\)/);
});

test('a text parameter must be non-empty within its length; the kernel checks the rest', () => {
  const param = { label: 'Workers per stage', type: 'text', maxLength: 10 };
  assert.equal(checkParam(param, '1,1,2,1'), '1,1,2,1');
  assert.throws(() => checkParam(param, ' '), /Workers per stage must not be empty/);
  assert.throws(() => checkParam(param, '1,'.repeat(6)), /at most 10 characters \(got 12\)/);
});

test('every experiment shows 3 or 4 key knobs, all of them its own parameters', () => {
  for (const experiment of experiments) {
    const keys = keyParamNames(experiment);
    assert.ok(keys.length >= Math.min(3, experiment.params.length) && keys.length <= 4, experiment.id);
    for (const name of keys) assert.ok(experiment.params.some((p) => p.name === name), `${experiment.id}.${name}`);
  }
});
