// npm run test:twins: every Python twin, made by the page's own code
// (web/src/lab/twins.js) at tiny sizes and run with the machine's python3,
// must print, for every run, the checksum of the Rust kernel's sequential
// reference for the same parameters (crate/src/bin/reference.rs). The
// templates also run as they are, with their own defaults, and are linted
// (pyflakes, pinned, in a virtual environment under target/).
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { execFile, execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, readdir, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { fileURLToPath } from 'node:url';
import { defaults, experimentById, experiments } from '../web/src/experiments/index.js';
import { program } from '../web/src/lab/twins.js';

const run = promisify(execFile);
const root = fileURLToPath(new URL('..', import.meta.url));
const twinsDir = join(root, 'web/public/twins');
const venv = join(root, 'target/twins-venv');
const PYFLAKES = 'pyflakes==4.1.0';
// Running a template in place must not leave __pycache__ in web/public (it would be copied into dist/).
const python = (args, options = {}) => run('python3', args, { env: { ...process.env, PYTHONDONTWRITEBYTECODE: '1' }, timeout: 180_000, ...options });

/** The sequential reference's checksum of each [experiment, params], as decimal strings. */
function references(requests) {
  const input = JSON.stringify(requests.map(([experiment, params]) => ({ experiment, params })));
  const out = execFileSync(join(root, 'target/debug/reference'), { input, encoding: 'utf8' });
  return out.trim().split('\n');
}

/** The runs a twin printed as CSV rows: { engine, k, checksum }, and its final checksum line. */
function parseOutput(experiment, stdout) {
  const rows = stdout.split('\n').filter((line) => line.startsWith(`${experiment},`)).map((line) => {
    // The params column is quoted JSON with commas inside; the others are plain.
    const [head, tail] = [line.slice(0, line.indexOf('"')), line.slice(line.lastIndexOf('"') + 2)];
    const engine = head.split(',')[1];
    const [k, , , , checksum] = tail.split(',');
    return { engine, k: Number(k), checksum };
  });
  return { rows, final: stdout.match(/^checksum: (\d+) \(the same in every run\)$/m)?.[1] };
}

// Counter's race on threads may lose updates at k > 1: its count is then at most N, not N.
const mayLose = (experiment, values, engine, k) => experiment === 'counter' && values.strategy === 'unsynchronized'
  && engine === 'threads' && k > 1;

/** Checks every run of a twin's output against the references for its parameters (scaled by k in scale-up). */
function checkRuns(experiment, values, ks, mode, stdout, repetitions) {
  const { scaleParam } = experimentById(experiment);
  const scaled = (k) => (mode === 'scaleup' ? { ...values, [scaleParam]: values[scaleParam] * k } : values);
  const expected = new Map(ks.map((k, i) => [k, references([[experiment, scaled(k)]])[0] ?? i]));
  const { rows, final } = parseOutput(experiment, stdout);
  assert.equal(rows.length, 2 * ks.length * repetitions, `${experiment}: one row per engine, k and repetition\n${stdout}`);
  for (const { engine, k, checksum } of rows) {
    if (mayLose(experiment, values, engine, k)) {
      assert.ok(BigInt(checksum) <= BigInt(values.increments), `${experiment} ${engine} k=${k}: counted ${checksum}`);
    } else {
      assert.equal(checksum, expected.get(k), `${experiment} ${engine} k=${k} ${JSON.stringify(scaled(k))}`);
    }
  }
  if (mode === 'speedup' && !rows.some((r) => mayLose(experiment, values, r.engine, r.k))) assert.equal(final, expected.get(1));
}

const readTwin = (name) => readFile(join(twinsDir, name), 'utf8');
let scratch;

before(async () => {
  execFileSync('cargo', ['build', '--quiet', '--bin', 'reference'], { cwd: root, stdio: 'inherit' });
  if (!existsSync(join(venv, 'bin/pyflakes'))) {
    execFileSync('python3', ['-m', 'venv', venv], { stdio: 'inherit' });
    execFileSync(join(venv, 'bin/pip'), ['install', '--quiet', PYFLAKES], { stdio: 'inherit' });
  }
  scratch = await mkdtemp(join(tmpdir(), 'parlab-twins-'));
});

const CASES = [
  ['toasts', { toasts: 7, toast_work: 1, chunk_overhead: 0, toasts_per_chunk: 1, seed: 0 }, [1, 2], 'speedup'],
  ['toasts', { toasts: 10, toast_work: 2, chunk_overhead: 1, toasts_per_chunk: 3, seed: 4294967295 }, [1, 3], 'speedup'],
  ['toasts', { toasts: 5, toast_work: 1, chunk_overhead: 1, toasts_per_chunk: 2, seed: 9 }, [1, 2], 'scaleup'],
  ['requests', { requests: 9, wait_ms: 1, request_work: 1, seed: 5 }, [1, 4], 'speedup'],
  ['image_batch', { images: 5, side: 33, thumb_side: 7, images_per_chunk: 2, seed: 3, pixels: 'sent' }, [1, 2], 'speedup'],
  ['image_batch', { images: 3, side: 1, thumb_side: 1, images_per_chunk: 1, seed: 0 }, [1, 2], 'speedup'],
  ['image_batch', { images: 4, side: 50, thumb_side: 50, images_per_chunk: 3, seed: 2 }, [1, 2], 'speedup'],
  ['image_batch', { images: 3, side: 64, thumb_side: 17, images_per_chunk: 1, seed: 77, pixels: 'sent' }, [1, 2], 'scaleup'],
  ['counter', { increments: 10007, strategy: 'lock', increments_per_chunk: 1000 }, [1, 2], 'speedup'],
  ['counter', { increments: 10007, strategy: 'atomic', increments_per_chunk: 999 }, [1, 2], 'speedup'],
  ['counter', { increments: 10007, strategy: 'partials', increments_per_chunk: 4096 }, [1, 3], 'speedup'],
  ['counter', { increments: 5000, strategy: 'unsynchronized', increments_per_chunk: 64 }, [1, 2], 'speedup'],
];

test('every twin made by the page prints the checksum of the Rust reference in every run', async () => {
  const programs = [];
  await Promise.all(CASES.map(async ([experiment, params, ks, mode], i) => {
    // The page always gives every parameter; the others take their defaults (image batch: pixels read by each process).
    const values = { ...defaults(experimentById(experiment)), ...params };
    const text = await program(experimentById(experiment), { values, ks, repetitions: 1, mode }, 'python', readTwin);
    const file = join(scratch, `${i}-${experiment}.py`);
    await writeFile(file, text);
    programs.push(file);
    const { stdout } = await python([file], { cwd: scratch });
    checkRuns(experiment, values, ks, mode, stdout, 1);
  }));
  const { stdout } = await run(join(venv, 'bin/pyflakes'), programs).catch((error) => error);
  assert.equal(stdout, '', 'pyflakes has nothing to say about the programs');
});

test('every template runs as it is, with its own parameters, and gives the reference checksum', async () => {
  const templates = experiments.filter((e) => e.twins?.python).map((e) => e.twins.python);
  assert.deepEqual(templates.sort(), ['counter.py', 'image_batch.py', 'requests.py', 'toasts.py']);
  await Promise.all(templates.map(async (name) => {
    const text = await readTwin(name);
    const literal = (variable) => JSON.parse(text.match(new RegExp(`^${variable} = (.*)$`, 'm'))[1]);
    const { stdout } = await python([name], { cwd: twinsDir });
    checkRuns(name.replace(/\.py$/, ''), literal('PARAMS'), literal('WORKERS'), literal('MODE'), stdout, literal('REPETITIONS'));
  }));
});

test("the templates (Dask's and PySpark's too) and their helpers compile and pass pyflakes; the helpers draw SplitMix64 as docs/data.md says", async () => {
  const files = (await readdir(twinsDir)).filter((name) => name.endsWith('.py')).map((name) => join(twinsDir, name));
  await python(['-c', 'import sys\nfor f in sys.argv[1:]: compile(open(f).read(), f, "exec")', ...files]);
  const { stdout } = await run(join(venv, 'bin/pyflakes'), files).catch((error) => error);
  assert.equal(stdout, '', 'pyflakes has nothing to say about the templates');
  const { stdout: drawn } = await python(['-c', 'from parlab_data import below, draw\nprint(hex(draw(0, 0)), hex(draw(0, 1)), below(2**64 - 1, 10), below(0, 10))'], { cwd: twinsDir });
  assert.equal(drawn.trim(), '0xe220a8397b1dcdaf 0x6e789e6aa1b965f4 9 0');
});

test('the Python data generator makes the rows docs/data.md and crate/src/data pin', async () => {
  // The Dask and PySpark twins' checksums (npm run test:engine-twins) compare whole tables; these are the spelled-out rows.
  const { stdout } = await python(['-c', [
    'from parlab_data import Zipf, customers, orders, spell, words',
    'print(orders(42, range(1), 50, "1"), customers(42, range(7, 8)), " ".join(words(42, range(6), 1000, "1")))',
    'print(Zipf(3, 1.5).cumulative, [spell(n) for n in (0, 69, 70, 4900)])',
  ].join('\n')], { cwd: twinsDir });
  assert.equal(stdout, '[(0, 15, 159, 3, 10521, 13)] [(7, 2, 1)] mafi no du subi di fo\n'
    + "[1099511627776, 1488247691772, 1699848803196] ['ba', 'zu', 'babe', 'bababe']\n");
});
