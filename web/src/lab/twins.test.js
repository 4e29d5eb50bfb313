import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { experiments } from '../experiments/index.js';
import { fillTemplate, HELPER_MODULE, program, pythonLiteral, recordSettings } from './twins.js';

const readTwin = (name) => readFile(new URL(`../../public/twins/${name}`, import.meta.url), 'utf8');
const withTwins = experiments.filter((e) => e.twins?.python);

const TEMPLATE = `"""A twin."""
import os

# parlab: parameters begin (the page writes its settings here)
PARAMS = {"n": 1}
WORKERS = [1, 2]
REPETITIONS = 3
MODE = "speedup"
# parlab: parameters end

# parlab: helpers begin (the page pastes parlab_twin.py here)
from parlab_twin import spin
# parlab: helpers end

print(spin(PARAMS["n"], 1))
`;

test('JSON values become Python literals', () => {
  assert.equal(pythonLiteral({ a: 1, b: 'x "y"\n', c: [true, false, null], d: 0.5 }),
    '{"a": 1, "b": "x \\"y\\"\\n", "c": [True, False, None], "d": 0.5}');
  assert.equal(pythonLiteral([]), '[]');
  assert.equal(pythonLiteral(4294967295), '4294967295');
  assert.throws(() => pythonLiteral(NaN), /cannot hold the number NaN/);
  assert.throws(() => pythonLiteral(undefined), /type undefined/);
});

test('filling a template replaces the parameter block and pastes the helpers in place of their import', () => {
  const filled = fillTemplate('t.py', TEMPLATE, 'def spin(seed, rounds):\n    return seed\n',
    { values: { n: 7, mode: 'lock' }, ks: [1, 4, 8], repetitions: 5, mode: 'scaleup' });
  assert.equal(filled, `"""A twin."""
import os

# parlab: parameters begin (written by the page)
PARAMS = {"n": 7, "mode": "lock"}
WORKERS = [1, 4, 8]
REPETITIONS = 5
MODE = "scaleup"
# parlab: parameters end

# parlab: helpers begin (${HELPER_MODULE}, pasted by the page)
def spin(seed, rounds):
    return seed
# parlab: helpers end

print(spin(PARAMS["n"], 1))
`);
});

test('a template without its markers, or with them twice, is refused with its name', () => {
  const settings = { values: {}, ks: [1], repetitions: 1, mode: 'speedup' };
  assert.throws(() => fillTemplate('t.py', TEMPLATE.replace('# parlab: helpers end\n', ''), '', settings),
    /t\.py must have exactly one line "# parlab: helpers end" \(found 0\)/);
  assert.throws(() => fillTemplate('t.py', TEMPLATE + '# parlab: parameters begin\n', '', settings), /found 2/);
});

test('every twin template holds exactly the parameters of its experiment, and its program imports nothing of parlab', async () => {
  assert.deepEqual(withTwins.map((e) => e.id).sort(), ['counter', 'image_batch', 'requests', 'toasts']);
  for (const experiment of withTwins) {
    const template = await readTwin(experiment.twins.python);
    const defaults = JSON.parse(template.match(/^PARAMS = (.*)$/m)[1]);
    assert.deepEqual(Object.keys(defaults), experiment.params.map((p) => p.name), experiment.id);
    const values = Object.fromEntries(experiment.params.map((p) => [p.name, p.default]));
    const text = await program(experiment, { values, ks: [1, 2, 3], repetitions: 2, mode: 'speedup' }, 'python', readTwin);
    assert.ok(text.includes(`\nPARAMS = ${pythonLiteral(values)}\n`), experiment.id);
    assert.match(text, /^WORKERS = \[1, 2, 3\]$/m);
    assert.doesNotMatch(text, /^from parlab_twin import/m);
    assert.match(text, /^def spin\(seed, rounds\):$/m);
    assert.match(text, /^if __name__ == "__main__":$/m);
  }
});

test('an experiment without a twin, or an engine it has none for, is refused in words', async () => {
  const mandelbrot = experiments.find((e) => e.id === 'mandelbrot');
  await assert.rejects(program(mandelbrot, {}, 'python', readTwin), /has no program for a real engine yet/);
  const toasts = experiments.find((e) => e.id === 'toasts');
  await assert.rejects(program(toasts, {}, 'pyspark', readTwin), /has no "pyspark" twin; it has: python/);
});

test("an export record's settings are the program's", () => {
  assert.deepEqual(recordSettings({ params: { n: 1 }, ks: [1, 2], repetitions: 3, mode: 'speedup', engine: 'threads' }),
    { values: { n: 1 }, ks: [1, 2], repetitions: 3, mode: 'speedup' });
});
