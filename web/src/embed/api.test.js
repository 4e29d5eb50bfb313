import assert from 'node:assert/strict';
import test from 'node:test';
import { checkScriptOptions } from './api.js';

test('a script\'s sweep options are checked by name and type before anything runs', () => {
  assert.doesNotThrow(() => checkScriptOptions({ experiment: 'toasts', workers: [1, 2], repetitions: 3, params: { toasts: 10 }, gil: true }));
  assert.throws(() => checkScriptOptions({ experiment: 'toasts', wrokers: '1,2' }), /sweep has no option "wrokers"\. Its options are: experiment, params, workers/);
  assert.throws(() => checkScriptOptions({ experiment: 'toasts', repetitions: '3' }), /"repetitions" must be a number \(got "3"\)/);
  assert.throws(() => checkScriptOptions({ experiment: 'toasts', fitAllK: 'yes' }), /"fitAllK" must be a boolean/);
  assert.throws(() => checkScriptOptions({ workers: '1,2' }), /sweep needs the option "experiment": one of toasts, mandelbrot/);
  assert.throws(() => checkScriptOptions(null), /one object of options/);
});
