// npm run test:engine-twins: every Dask and PySpark twin of the data
// experiments, made by the page's own code (web/src/lab/twins.js) at small
// sizes with two partitions, must print the checksum of the Rust kernel's
// sequential reference for the same parameters (crate/src/bin/reference.rs),
// and the same small result (top groups, top words, regions) where the page
// has one. The engines, pinned in scripts/twins-engines-requirements.txt, are
// installed once into a virtual environment under target/ (about a minute)
// and reused. One process per engine runs all of its twins
// (scripts/run-engine-twins.py), so that Spark's JVM starts once; the two
// engines run side by side.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { execFile, execFileSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { fileURLToPath } from 'node:url';
import { defaults, experimentById } from '../web/src/experiments/index.js';
import { program } from '../web/src/lab/twins.js';

const run = promisify(execFile);
const root = fileURLToPath(new URL('..', import.meta.url));
const venv = join(root, 'target/twins-engines-venv');
const requirements = join(root, 'scripts/twins-engines-requirements.txt');
const installed = join(venv, 'requirements.installed');

/** The virtual environment with the pinned engines, made or remade when the requirements change. */
function engines() {
  const wanted = readFileSync(requirements, 'utf8');
  if (existsSync(installed) && readFileSync(installed, 'utf8') === wanted) return;
  try {
    execFileSync('python3', ['-m', 'venv', '--clear', venv], { stdio: 'inherit' });
  } catch (error) {
    throw new Error(`python3 -m venv failed (${error.message}): on Debian, apt-get install python3-venv.`);
  }
  execFileSync(join(venv, 'bin/pip'), ['install', '--quiet', '-r', requirements], { stdio: 'inherit' });
  writeFileSync(installed, wanted);
}

/** The reference's { checksum, details } for each [experiment, page values]. */
function references(cases) {
  const input = JSON.stringify(cases.map(([id, values]) => ({ experiment: id, params: experimentById(id).toEngine(values, 1) })));
  const out = execFileSync(join(root, 'target/debug/reference'), ['--details'], { input, encoding: 'utf8' });
  return out.trim().split('\n').map((line) => JSON.parse(line));
}

const CASES = [
  ['scan', { rows: 3000, selectivity: 30, udf_work: 5, gather: 'rows', seed: 3 }],
  ['scan', { rows: 2500, selectivity: 100, udf_work: 0, gather: 'sum', seed: 0 }],
  ['aggregate', { rows: 4000, customers: 300, customer_skew: '2', group_by: 'customer', seed: 5 }],
  ['aggregate', { rows: 3000, customers: 200, customer_skew: '0', group_by: 'region', strategy: 'partials', seed: 4294967295 }],
  ['join', { orders: 4000, customers: 500, customer_skew: '0', strategy: 'broadcast', seed: 2 }],
  ['join', { orders: 4000, customers: 300, customer_skew: '2', strategy: 'repartition', seed: 2 }],
  ['sample_sort', { elements: 5000, seed: 9, keys: 'uniform', splitters: 'sample' }],
  ['sample_sort', { elements: 4001, seed: 1, keys: 'duplicates', splitters: 'oversampled' }],
  ['partitions', { rows: 4000, partitions: 1, split: 'split_large', partition_work: 1, row_work: 3, layout: 'day', day_from: 30, day_to: 120, pruning: 'on', seed: 6 }],
  ['partitions', { rows: 3000, partitions: 7, partition_work: 0, row_work: 2, layout: 'rows', day_from: 0, day_to: 364, pruning: 'off', seed: 1 }],
  ['word_count', { words: 5000, vocabulary: 300, word_skew: '1.5', combiner: 'on', seed: 8 }],
  ['word_count', { words: 4000, vocabulary: 5000, word_skew: '0', combiner: 'off', seed: 1 }],
];

/** What each twin printed, by file: its checksum line and its result, or its failure. */
function sections(stdout) {
  const found = new Map();
  for (const section of stdout.split(/^=== (?=\S+\.py$)/m).slice(1)) {
    const file = section.slice(0, section.indexOf('\n'));
    found.set(file, {
      failure: section.match(/^=== failed: ([\s\S]*)/m)?.[1],
      checksum: section.match(/^checksum: (\d+) \(the same in every run\)$/m)?.[1],
      result: JSON.parse(section.match(/^result: (.*)$/m)?.[1] ?? 'null'),
      output: section,
    });
  }
  return found;
}

let scratch;

before(() => {
  execFileSync('cargo', ['build', '--quiet', '--bin', 'reference'], { cwd: root, stdio: 'inherit' });
  engines();
  try {
    execFileSync('java', ['-version'], { stdio: 'ignore' });
  } catch {
    throw new Error('PySpark needs Java 17 or newer: on Debian, apt-get install openjdk-17-jre-headless.');
  }
  return mkdtemp(join(tmpdir(), 'parlab-engine-twins-')).then((dir) => { scratch = dir; });
});

test('every Dask and PySpark twin made by the page prints the Rust reference\'s checksum and result', { timeout: 900_000 }, async () => {
  const expected = references(CASES.map(([id, params]) => [id, { ...defaults(experimentById(id)), ...params }]));
  const readTwin = (name) => readFile(join(root, 'web/public/twins', name), 'utf8');
  const byEngine = await Promise.all(['dask', 'pyspark'].map(async (engine) => {
    const files = await Promise.all(CASES.map(async ([id, params], i) => {
      const values = { ...defaults(experimentById(id)), ...params };
      const file = `${engine}-${i}-${id}.py`;
      await writeFile(join(scratch, file), await program(experimentById(id), { values, ks: [2], repetitions: 1, mode: 'speedup' }, engine, readTwin));
      return file;
    }));
    const { stdout } = await run(join(venv, 'bin/python'), [join(root, 'scripts/run-engine-twins.py'), engine, ...files], {
      cwd: scratch, env: { ...process.env, PYTHONDONTWRITEBYTECODE: '1' }, timeout: 800_000, maxBuffer: 64 << 20,
    });
    return [engine, files, sections(stdout)];
  }));
  // Every twin's disagreements at once: one twin failing does not hide another's.
  const problems = [];
  const check = (fn) => { try { fn(); } catch (error) { problems.push(error.message); } };
  for (const [engine, files, found] of byEngine) {
    files.forEach((file, i) => check(() => {
      const printed = found.get(file);
      assert.ok(printed, `${file} printed nothing`);
      assert.equal(printed.failure, undefined, `${file} failed:\n${printed.failure}`);
      assert.equal(printed.checksum, expected[i].checksum, `${engine} ${JSON.stringify(CASES[i])}\n${printed.output}`);
      // The result's facts that the page has too are the page's.
      for (const [name, value] of Object.entries(printed.result)) {
        if (expected[i].details && name in expected[i].details) assert.deepEqual(value, expected[i].details[name], `${file}: ${name}`);
      }
    }));
  }
  assert.deepEqual(problems, []);
});
