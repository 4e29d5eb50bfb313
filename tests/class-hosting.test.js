// The hosting recipe of docs/instructors.md ("Class mode: hosting"), every step
// this machine can run. There is no Docker here, so the image is not built:
// instead the last stage of deploy/Dockerfile is laid out in a clean temp
// folder that stands for the container's root (its COPY lines: the binary and
// dist/), and its CMD is started with its ENV only, moved into that folder, on
// a loopback port. Then the site must answer with the isolation headers and the
// class API must work, over the documented SQLite DATABASE_URL (surviving a
// restart on its volume) and over PostgreSQL when it is installed.
// The debug binary that `cargo test --workspace` builds stands in for the
// release one, which only optimises the same code: a release build took
// 4 min 17 s on the 2-core development machine, too long for every CI run.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawn } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { isolationHeaders } from '../web/isolation-headers.js';
import { freePort } from './loopback-port.js';
import { startPostgres } from './postgres-cluster.js';

const DEBUG_BINARY = 'target/debug/parlab-class';

/** The final stage of a Dockerfile: its COPY (source, destination) pairs, VOLUMEs, ENV and CMD. */
function finalStage(dockerfile) {
  const instructions = dockerfile.replace(/\\\n/g, ' ').split('\n').map((line) => line.trim()).filter((line) => line && !line.startsWith('#'));
  const stage = instructions.slice(instructions.findLastIndex((line) => /^FROM\b/i.test(line)) + 1);
  const stageOf = (keyword) => stage.filter((line) => line.toUpperCase().startsWith(`${keyword} `)).map((line) => line.slice(keyword.length + 1).trim());
  return {
    copies: stageOf('COPY').map((args) => args.split(/\s+/).filter((word) => !word.startsWith('--'))),
    volumes: stageOf('VOLUME').flatMap((args) => args.split(/\s+/)),
    env: Object.fromEntries(stageOf('ENV').flatMap((args) => args.split(/\s+/).map((pair) => pair.split(/=(.*)/s).slice(0, 2)))),
    cmd: JSON.parse(stageOf('CMD').at(-1)),
  };
}

/**
 * The container's file system in `root`: each COPY of the build stage's /src
 * from this checkout (the debug binary for the release one), each VOLUME an
 * empty folder. Returns the stage's ENV with its absolute paths moved into `root`.
 */
function layOutContainer(root, stage) {
  for (const [source, destination] of stage.copies) {
    const fromCheckout = source.replace(/^\/src\//, '').replace('target/release/', 'target/debug/');
    assert.ok(existsSync(fromCheckout), `${fromCheckout} (for ${source}) is missing: run npm run test:native and vite build first`);
    mkdirSync(dirname(join(root, destination)), { recursive: true });
    cpSync(fromCheckout, join(root, destination), { recursive: true });
  }
  for (const volume of stage.volumes) mkdirSync(join(root, volume), { recursive: true });
  const moved = (value) => value.replace(/^(sqlite:\/\/)?\//, (_, scheme = '') => `${scheme}${root}/`);
  return Object.fromEntries(Object.entries(stage.env).map(([name, value]) => [name, moved(value)]));
}

/** The image's CMD with `env` and nothing else, in `root`; resolves once the API answers. */
async function startContainerCommand(root, stage, env) {
  const [command, ...args] = stage.cmd;
  const [, installedAt] = stage.copies.find(([, destination]) => destination.endsWith(`/${command}`));
  const child = spawn(join(root, installedAt), args, { cwd: root, env, stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (chunk) => { stderr += chunk; });
  const base = `http://${env.PARLAB_LISTEN}`;
  for (let tries = 0; tries < 600 && child.exitCode === null; tries += 1) {
    const answer = await fetch(`${base}/api/classes/ABCDEFGH`).catch(() => null);
    if (answer?.status === 404) return { child, base };
    await sleep(50);
  }
  child.kill('SIGKILL');
  throw new Error(`${command} did not come up on ${base}: ${stderr}`);
}

async function stop(child) {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const gone = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  await gone;
}

function assertIsolated(response, what) {
  for (const [name, value] of Object.entries(isolationHeaders)) assert.equal(response.headers.get(name), value, `${what}: ${name}`);
}

/** The page and a wasm file with the isolation headers; a class opened, joined and seen on its dashboard. Returns its code. */
async function checkSiteAndClass(base) {
  const page = await fetch(`${base}/`);
  assert.equal(page.status, 200);
  assert.match(page.headers.get('content-type'), /^text\/html/);
  assert.match(await page.text(), /<title>[^<]*parlab/i);
  assertIsolated(page, 'the page');
  const wasm = readdirSync('dist/pkg').find((name) => name.endsWith('.wasm'));
  const kernels = await fetch(`${base}/pkg/${wasm}`);
  assert.equal(kernels.status, 200);
  assert.equal(kernels.headers.get('content-type'), 'application/wasm');
  assertIsolated(kernels, 'the wasm');
  await kernels.arrayBuffer();

  const json = { 'content-type': 'application/json' };
  const step = { kind: 'experiment', experiment: 'mandelbrot', params: { size: 256 }, workers: 4 };
  const opened = await fetch(`${base}/api/classes`, { method: 'POST', headers: json, body: JSON.stringify({ step }) });
  assert.equal(opened.status, 201);
  const { code, instructorKey } = await opened.json();
  const joined = await fetch(`${base}/api/classes/${code}/join`, { method: 'POST', headers: json, body: JSON.stringify({ clientId: 'hosting-test-student' }) });
  assert.equal(joined.status, 200);
  const board = await fetch(`${base}/api/classes/${code}/dashboard`, { headers: { authorization: `Bearer ${instructorKey}` } });
  assert.equal(board.status, 200);
  assert.equal((await board.json()).joined, 1);
  return code;
}

const stage = finalStage(readFileSync('deploy/Dockerfile', 'utf8'));
const running = new Set();
let root;
let env;

before(async () => {
  if (!existsSync(DEBUG_BINARY)) execFileSync('cargo', ['build', '-p', 'parlab-class'], { stdio: 'inherit' });
  root = mkdtempSync(join(tmpdir(), 'parlab-hosting-'));
  env = { ...layOutContainer(root, stage), PARLAB_LISTEN: `127.0.0.1:${await freePort()}` };
});

after(async () => {
  await Promise.all([...running].map(stop));
  if (root) rmSync(root, { recursive: true, force: true });
});

async function start(withEnv) {
  const server = await startContainerCommand(root, stage, withEnv);
  running.add(server.child);
  return server;
}

test('the image is configured by its environment alone: a SQLite file in the data volume, the site from dist', () => {
  assert.deepEqual(stage.cmd, ['parlab-class']);
  assert.deepEqual(Object.keys(stage.env).sort(), ['DATABASE_URL', 'PARLAB_LISTEN', 'PARLAB_SITE']);
  assert.match(stage.env.DATABASE_URL, /^sqlite:\/\/\//);
  assert.ok(stage.volumes.some((volume) => stage.env.DATABASE_URL.startsWith(`sqlite://${volume}/`)), 'the database is in a volume');
  assert.ok(stage.copies.some(([source, destination]) => source === '/src/dist' && destination === stage.env.PARLAB_SITE));
});

test('with its documented SQLite DATABASE_URL it serves the isolated site and classes, which survive a restart', async () => {
  const first = await start(env);
  const code = await checkSiteAndClass(first.base);
  const databaseFile = env.DATABASE_URL.replace(/^sqlite:\/\//, '');
  assert.ok(existsSync(databaseFile), `the class data is in ${databaseFile}`);
  await stop(first.child);
  running.delete(first.child);

  const again = await start(env);
  const view = await fetch(`${again.base}/api/classes/${code}`);
  assert.equal(view.status, 200);
  assert.equal((await view.json()).joined, 1);
  await stop(again.child);
  running.delete(again.child);
});

test('with a PostgreSQL DATABASE_URL it keeps the classes in PostgreSQL', async (t) => {
  const cluster = await startPostgres();
  if (!cluster) {
    t.skip('PostgreSQL is not installed (.ci/run installs it)');
    return;
  }
  try {
    const server = await start({ ...env, DATABASE_URL: cluster.url });
    const code = await checkSiteAndClass(server.base);
    const stored = execFileSync('psql', [cluster.url, '-tAc', `SELECT count(*) FROM classes WHERE code = '${code}'`], { encoding: 'utf8' });
    assert.equal(stored.trim(), '1');
  } finally {
    await Promise.all([...running].map(stop));
    running.clear();
    cluster.stop();
  }
});
