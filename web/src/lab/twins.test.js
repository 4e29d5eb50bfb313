import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { experiments } from '../experiments/index.js';
import { fillTemplate, helpersOf, howToRun, program, pythonLiteral, recordSettings, TWIN_ENGINES } from './twins.js';

const readTwin = (name) => readFile(new URL(`../../public/twins/${name}`, import.meta.url), 'utf8');
const withTwins = experiments.filter((e) => e.twins?.python);
const DATA_EXPERIMENTS = ['aggregate', 'join', 'partitions', 'sample_sort', 'scan', 'word_count'];

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
  const filled = fillTemplate('t.py', TEMPLATE, { 'parlab_twin.py': 'def spin(seed, rounds):\n    return seed\n' },
    { values: { n: 7, mode: 'lock' }, ks: [1, 4, 8], repetitions: 5, mode: 'scaleup' });
  assert.equal(filled, `"""A twin."""
import os

# parlab: parameters begin (written by the page)
PARAMS = {"n": 7, "mode": "lock"}
WORKERS = [1, 4, 8]
REPETITIONS = 5
MODE = "scaleup"
# parlab: parameters end

# parlab: helpers begin (parlab_twin.py, pasted by the page)
def spin(seed, rounds):
    return seed
# parlab: helpers end

print(spin(PARAMS["n"], 1))
`);
});

test('every helper module the helpers block imports is pasted, in its order; other imports are refused', () => {
  const template = TEMPLATE.replace('from parlab_twin import spin\n', 'from parlab_data import spin\nfrom parlab_twin import sweep\n');
  assert.deepEqual(helpersOf('t.py', template), ['parlab_data.py', 'parlab_twin.py']);
  const filled = fillTemplate('t.py', template, { 'parlab_data.py': 'def spin():\n    pass\n', 'parlab_twin.py': 'def sweep():\n    pass\n' },
    { values: {}, ks: [1], repetitions: 1, mode: 'speedup' });
  assert.match(filled, /^# parlab: helpers begin \(parlab_data\.py, parlab_twin\.py, pasted by the page\)\ndef spin\(\):\n    pass\n\n\ndef sweep\(\):\n    pass\n# parlab: helpers end$/m);
  // A helper's own import of another is dropped, and that other must be pasted before it.
  const withCore = { 'parlab_core.py': 'def draw():\n    pass\n', 'parlab_data.py': 'from parlab_core import draw\n\n\ndef spin():\n    return draw()\n', 'parlab_twin.py': '' };
  const pasted = fillTemplate('t.py', template, withCore, { values: {}, ks: [1], repetitions: 1, mode: 'speedup' });
  assert.match(pasted, /^# parlab: helpers begin \(parlab_core\.py, parlab_data\.py, parlab_twin\.py, pasted by the page\)\ndef draw\(\):\n    pass\n\n\n\n\ndef spin\(\):/m);
  assert.doesNotMatch(pasted, /^from parlab_core/m);
  const { 'parlab_core.py': core, ...withoutCore } = withCore;
  assert.throws(() => fillTemplate('t.py', template, { ...withoutCore, 'parlab_core.py': core }, { values: {}, ks: [1], repetitions: 1, mode: 'speedup' }),
    /t\.py needs parlab_core\.py before parlab_data\.py, and it was not given/);
  assert.throws(() => fillTemplate('t.py', template, { 'parlab_twin.py': '' }, { values: {}, ks: [1], repetitions: 1, mode: 'speedup' }),
    /t\.py needs parlab_data\.py, which was not given/);
  assert.throws(() => helpersOf('t.py', TEMPLATE.replace('from parlab_twin', 'from numpy')),
    /t\.py imports numpy\.py, which is not one of parlab's helper modules/);
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
    assert.doesNotMatch(text, /^from parlab_\w+ import/m);
    assert.match(text, /^def sweep\(experiment, params, workers, repetitions, mode, scale_param, run\):$/m);
    assert.match(text, /^if __name__ == "__main__":$/m);
  }
});

test('every data experiment has a Dask and a PySpark twin with its parameters, the data generator pasted in, and a guarded entry point', async () => {
  const withEngineTwins = experiments.filter((e) => e.twins?.dask || e.twins?.pyspark);
  assert.deepEqual(withEngineTwins.map((e) => e.id).sort(), DATA_EXPERIMENTS);
  for (const experiment of withEngineTwins) {
    assert.deepEqual(experiment.twins, { dask: `${experiment.id}_dask.py`, pyspark: `${experiment.id}_pyspark.py` });
    for (const engine of ['dask', 'pyspark']) {
      const template = await readTwin(experiment.twins[engine]);
      const defaults = JSON.parse(template.match(/^PARAMS = (.*)$/m)[1]);
      assert.deepEqual(Object.keys(defaults), experiment.params.map((p) => p.name), `${experiment.id} ${engine}`);
      // The header says how to run it here and on a cluster.
      assert.match(template, engine === 'dask' ? /Client\("?scheduler:8786|scheduler:8786/ : /spark-submit --master/);
      const values = { ...Object.fromEntries(experiment.params.map((p) => [p.name, p.default])), seed: 7 };
      const text = await program(experiment, { values, ks: [2, 4], repetitions: 1, mode: 'scaleup' }, engine, readTwin);
      assert.ok(text.includes(`\nPARAMS = ${pythonLiteral(values)}\n`), experiment.id);
      assert.match(text, /^WORKERS = \[2, 4\]$/m);
      assert.match(text, /^MODE = "scaleup"$/m);
      assert.doesNotMatch(text, /^from parlab_\w+ import/m);
      assert.match(text, /^# parlab: helpers begin \(parlab_core\.py, parlab_data\.py, pasted by the page\)$/m);
      assert.match(text, /^def draw\(seed, n\):$/m);
      assert.match(text, /^if __name__ == "__main__":$/m);
    }
  }
});

test('each engine says how to run its program', () => {
  assert.deepEqual(Object.keys(TWIN_ENGINES), ['python', 'dask', 'pyspark']);
  assert.equal(howToRun('python', 'toasts.py'), 'run python3 toasts.py');
  assert.match(howToRun('dask', 'join_dask.py'), /pip install "dask\[dataframe\]", then run python join_dask\.py/);
  assert.match(howToRun('pyspark', 'join_pyspark.py'), /Java 17.*python join_pyspark\.py/);
});

test('an experiment without a twin, or an engine it has none for, is refused in words', async () => {
  const mandelbrot = experiments.find((e) => e.id === 'mandelbrot');
  await assert.rejects(program(mandelbrot, {}, 'python', readTwin), /has no program for a real engine yet/);
  const toasts = experiments.find((e) => e.id === 'toasts');
  await assert.rejects(program(toasts, {}, 'pyspark', readTwin), /has no PySpark twin; it has: python/);
  await assert.rejects(program(toasts, {}, 'ray', readTwin), /has no "ray" twin; it has: python/);
  const join = experiments.find((e) => e.id === 'join');
  await assert.rejects(program(join, {}, 'python', readTwin), /has no Python twin; it has: dask, pyspark/);
});

test("an export record's settings are the program's", () => {
  assert.deepEqual(recordSettings({ params: { n: 1 }, ks: [1, 2], repetitions: 3, mode: 'speedup', engine: 'threads' }),
    { values: { n: 1 }, ks: [1, 2], repetitions: 3, mode: 'speedup' });
});
