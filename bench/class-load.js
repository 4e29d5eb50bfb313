#!/usr/bin/env node
// A lecture hall against a class server of its own (`npm run class:load`):
// a freshly started parlab-class on a free loopback port over a temp SQLite
// file, N students who join, predict and submit their sweeps within a time
// window while dashboards follow the class over SSE. It prints the figures
// against their targets. With --kill it also kill -9s the server in the middle
// of the load and starts it again on the same database: students retry every
// unacknowledged request (a submission with the same submissionId) until it
// is acknowledged, dashboards reconnect with Last-Event-ID, and nothing
// acknowledged may be lost.
//
//   node bench/class-load.js [--students 300] [--sweeps 3] [--seconds 10] [--dashboards 2]
//                            [--kill [N]] [--shared-address] [--postgres] [--binary target/release/parlab-class] [--seed 1]
//
// --postgres runs the server over a throwaway PostgreSQL cluster (tests/postgres-cluster.js) instead of SQLite.
//
// The rate limits stay the server's defaults. One process sending for 300
// students would be one client address, so the tool acts as the server's
// --trusted-proxy (127.0.0.1) and gives each student an address of its own in
// X-Forwarded-For, as a reverse proxy in front of a hall does. The per-class
// limit applies as it would in a real hall. --shared-address puts every student
// behind one address instead: a hall behind one NAT reaching a server outside it.
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { freePort } from '../tests/loopback-port.js';
import { startPostgres } from '../tests/postgres-cluster.js';

export const TARGETS = { p99LatencyMs: 100, lost: 0, dashboardLagMs: 1000 };
export const HALL = {
  students: 300, sweeps: 3, seconds: 10, dashboards: 2, kills: 0, seed: 1, sharedAddress: false, postgres: false, binary: 'target/release/parlab-class',
};

/** How long one attempt of a request may take before it counts as failed (and is retried). */
const ATTEMPT_TIMEOUT_MS = 10_000;
/** A student gives up on a request after this long; the run then fails with it unacknowledged. */
const GIVE_UP_AFTER_MS = 60_000;
/** How long the server may take to come up, and the dashboards to catch up after the last submission. */
const STARTUP_LIMIT_MS = 30_000;
const CATCH_UP_LIMIT_MS = 30_000;
/** Students' retries after a network error or a 5xx: this, doubling, at most RETRY_MAX_MS. */
const RETRY_FIRST_MS = 100;
const RETRY_MAX_MS = 1_000;
/** EventSource's reconnection delay until the server sends its own `retry:`. */
const DEFAULT_SSE_RETRY_MS = 3_000;
const LOOPBACK = '127.0.0.1';

/** A small seeded generator (mulberry32), so that a run's hall is the same every time. */
export function seededRandom(seed) {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** The value below which `fraction` of `sorted` (ascending) lies (nearest rank). */
export function percentile(sorted, fraction) {
  if (!sorted.length) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(fraction * sorted.length) - 1))];
}

/**
 * Splits SSE text into complete events ({ id, data, retry }, each field only if
 * present) and the unfinished rest; comment lines (keep-alives) are skipped.
 */
export function parseSse(text) {
  const blocks = text.split('\n\n');
  const rest = blocks.pop();
  const events = [];
  for (const block of blocks) {
    const event = {};
    for (const line of block.split('\n')) {
      if (!line || line.startsWith(':')) continue;
      const colon = line.indexOf(':');
      const field = colon < 0 ? line : line.slice(0, colon);
      const value = colon < 0 ? '' : line.slice(colon + 1).replace(/^ /, '');
      if (field === 'id') event.id = Number(value);
      else if (field === 'retry') event.retry = Number(value);
      else if (field === 'data') event.data = event.data === undefined ? value : `${event.data}\n${value}`;
    }
    if (Object.keys(event).length) events.push(event);
  }
  return { events, rest };
}

/** A realistic sweep summary: k = 1, 2, 4 on 2–16 cores, some machines busy. */
export function sweepSummary(random) {
  const cores = [2, 4, 4, 6, 8, 8, 12, 16][Math.floor(random() * 8)];
  const busy = random() < 0.2;
  const freeCores = busy ? Math.max(0, cores - 1 - Math.floor(random() * (cores / 2))) : cores;
  const oneWorkerMs = 300 + random() * 900;
  const ks = [1, 2, 4].map((k) => {
    const usable = Math.min(k, busy ? Math.max(1, freeCores) : cores);
    const medianMs = (oneWorkerMs / usable) * (1 + 0.08 * (usable - 1) + random() * 0.05);
    const round = (ms) => Math.round(ms * 100) / 100;
    return {
      k,
      medianMs: round(medianMs),
      minMs: round(medianMs * (0.9 + random() * 0.1)),
      maxMs: round(medianMs * (1 + random() * 0.3)),
      speedup: Math.round((oneWorkerMs / medianMs) * 1000) / 1000,
    };
  });
  const browser = ['chromium', 'chromium', 'chromium', 'firefox', 'safari', 'other'][Math.floor(random() * 6)];
  return { ks, cores, browser, quiet: { freeCores, busy } };
}

/** parlab-class as a child process on `port`, with this tool as its trusted proxy. */
class ServerProcess {
  constructor({ binary, databaseUrl, siteDir, port }) {
    Object.assign(this, { binary, databaseUrl, siteDir, port, child: null, stderr: '' });
    this.base = `http://${LOOPBACK}:${port}`;
  }

  /** Starts the binary and resolves once the API answers; a port still held after a kill is retried. */
  async start() {
    const deadline = performance.now() + STARTUP_LIMIT_MS;
    while (performance.now() < deadline) {
      const child = spawn(this.binary, [
        '--listen', `${LOOPBACK}:${this.port}`, '--database-url', this.databaseUrl,
        '--site', this.siteDir, '--trusted-proxy', LOOPBACK,
      ], { stdio: ['ignore', 'ignore', 'pipe'] });
      this.child = child;
      child.stderr.on('data', (chunk) => { this.stderr += chunk; });
      const exited = new Promise((resolve) => child.once('exit', () => resolve('exited')));
      while (performance.now() < deadline && child.exitCode === null) {
        const answer = await fetch(`${this.base}/api/classes/ABCDEFGH`, { signal: AbortSignal.timeout(1000) }).catch(() => null);
        if (answer?.status === 404) return;
        await Promise.race([sleep(25), exited]);
      }
      await sleep(100);
    }
    await this.killHard();
    throw new Error(`parlab-class did not come up on ${this.base}: ${this.stderr.slice(-2000)}`);
  }

  /** kill -9, and wait until the process is gone. */
  async killHard() {
    const child = this.child;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const gone = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGKILL');
    await gone;
  }
}

/** Sends one request as the client at `address` (X-Forwarded-For), waiting out a 429's Retry-After. */
async function request(server, stats, address, method, path, { body, key } = {}) {
  const headers = { 'x-forwarded-for': address };
  if (body !== undefined) headers['content-type'] = 'application/json';
  if (key) headers.authorization = `Bearer ${key}`;
  stats.requests += 1;
  const response = await fetch(`${server.base}${path}`, {
    method, headers, body: body === undefined ? undefined : JSON.stringify(body), signal: AbortSignal.timeout(ATTEMPT_TIMEOUT_MS),
  });
  const text = await response.text();
  return { status: response.status, retryAfter: Number(response.headers.get('retry-after') ?? 1), json: text ? JSON.parse(text) : null };
}

/**
 * Sends until the server answers something other than 429 or 5xx, as the class
 * page's outbox does: a network error (the server is gone), a timeout or a 5xx
 * is retried after a growing pause, a 429 after its Retry-After. Resolves with
 * the answer and the number of attempts, or null after GIVE_UP_AFTER_MS.
 */
async function untilAnswered(server, stats, address, method, path, options) {
  const givingUpAt = performance.now() + GIVE_UP_AFTER_MS;
  let pause = RETRY_FIRST_MS;
  for (let attempts = 1; performance.now() < givingUpAt; attempts += 1) {
    let answer;
    try {
      answer = await request(server, stats, address, method, path, options);
    } catch {
      stats.networkErrors += 1;
      await sleep(pause);
      pause = Math.min(RETRY_MAX_MS, pause * 2);
      continue;
    }
    if (answer.status === 429) {
      stats.throttled += 1;
      await sleep(answer.retryAfter * 1000);
    } else if (answer.status >= 500) {
      stats.serverErrors += 1;
      await sleep(pause);
      pause = Math.min(RETRY_MAX_MS, pause * 2);
    } else {
      return { answer, attempts };
    }
  }
  return null;
}

/** The planned moments (ms from the start) of one student's join, prediction and sweeps, in order. */
function studentPlan(random, windowMs, sweeps) {
  const joinAt = random() * 0.2 * windowMs;
  const predictAt = joinAt + (0.03 + random() * 0.12) * windowMs;
  const sweepsFrom = 0.35 * windowMs;
  const sweepSpan = (0.97 * windowMs - sweepsFrom) / sweeps;
  const sweepAt = Array.from({ length: sweeps }, (_, n) => sweepsFrom + (n + random()) * sweepSpan);
  return { joinAt, predictAt, sweepAt };
}

/** One student: joins, predicts, submits its sweeps; records each submission's latency and acknowledgement. */
async function runStudent(context, index, random) {
  const { server, stats, code, startedAt, hall, submissions } = context;
  const address = hall.sharedAddress ? '10.1.0.0' : `10.${1 + (index >> 16)}.${(index >> 8) & 255}.${index & 255}`;
  const clientId = `student-${String(index).padStart(4, '0')}-${Math.floor(random() * 2 ** 32).toString(16)}`;
  const plan = studentPlan(random, hall.seconds * 1000, hall.sweeps);
  const waitUntil = (at) => sleep(Math.max(0, startedAt + at - performance.now()));
  const expectOk = (sent, what) => {
    if (!sent) throw new Error(`${what} of ${clientId} was never answered`);
    if (sent.answer.status !== 200) throw new Error(`${what} of ${clientId}: ${sent.answer.status} ${JSON.stringify(sent.answer.json)}`);
  };

  await waitUntil(plan.joinAt);
  expectOk(await untilAnswered(server, stats, address, 'POST', `/api/classes/${code}/join`, { body: { clientId } }), 'join');
  await waitUntil(plan.predictAt);
  const prediction = { clientId, stepIndex: 0, number: Math.round((1 + random() * 3) * 100) / 100 };
  expectOk(await untilAnswered(server, stats, address, 'POST', `/api/classes/${code}/predictions`, { body: prediction }), 'prediction');
  for (const [n, at] of plan.sweepAt.entries()) {
    await waitUntil(at);
    const submissionId = `${clientId}-sweep-${n}`;
    const body = { clientId, submissionId, stepIndex: 0, summary: sweepSummary(random) };
    const sentAt = performance.now();
    const sent = await untilAnswered(server, stats, address, 'POST', `/api/classes/${code}/results`, { body });
    const record = { submissionId, sentAt, acknowledgedAt: null, attempts: sent?.attempts ?? 0 };
    submissions.push(record);
    if (sent?.answer.status === 200 && sent.answer.json.submissionId === submissionId) {
      record.acknowledgedAt = performance.now();
    } else if (sent) {
      throw new Error(`submission ${submissionId}: ${sent.answer.status} ${JSON.stringify(sent.answer.json)}`);
    }
  }
}

/**
 * A dashboard following the class over SSE as EventSource does: on a dropped
 * stream it waits the server's `retry` and reconnects with Last-Event-ID.
 * Records when each event id arrived, and any id out of order.
 */
function followDashboard(server, code, index) {
  const address = `10.0.0.${index + 1}`;
  const dashboard = { seenAt: new Map(), data: new Map(), lastEventId: 0, outOfOrder: [], reconnects: 0, refused: null };
  const stopping = new AbortController();
  let retryMs = DEFAULT_SSE_RETRY_MS;

  async function readOnce() {
    const headers = { 'x-forwarded-for': address };
    if (dashboard.lastEventId) headers['last-event-id'] = String(dashboard.lastEventId);
    const response = await fetch(`${server.base}/api/classes/${code}/events`, { headers, signal: stopping.signal });
    if (response.status === 429) {
      await response.body?.cancel();
      return Number(response.headers.get('retry-after') ?? 1) * 1000;
    }
    if (response.status !== 200) {
      dashboard.refused = `${response.status} ${await response.text()}`;
      return null;
    }
    let buffered = '';
    for await (const chunk of response.body.pipeThrough(new TextDecoderStream())) {
      const { events, rest } = parseSse(buffered + chunk);
      buffered = rest;
      for (const event of events) {
        if (event.retry !== undefined) retryMs = event.retry;
        if (event.id === undefined) continue;
        if (event.id !== dashboard.lastEventId + 1) dashboard.outOfOrder.push({ after: dashboard.lastEventId, got: event.id });
        dashboard.lastEventId = Math.max(dashboard.lastEventId, event.id);
        dashboard.seenAt.set(event.id, performance.now());
        dashboard.data.set(event.id, JSON.parse(event.data));
      }
    }
    return retryMs;
  }

  dashboard.done = (async () => {
    while (!stopping.signal.aborted) {
      let pause;
      try {
        pause = await readOnce();
      } catch {
        pause = retryMs;
      }
      if (pause === null || stopping.signal.aborted) return;
      dashboard.reconnects += 1;
      await sleep(pause);
    }
  })();
  dashboard.stop = () => stopping.abort();
  return dashboard;
}

/** Kills the server once `fraction` of the planned submissions are acknowledged, then starts it again. */
async function killMidway(context, fraction, planned) {
  const { server, submissions } = context;
  const acknowledged = () => submissions.filter((s) => s.acknowledgedAt !== null).length;
  while (acknowledged() < fraction * planned) {
    if (context.finished) return null;
    await sleep(5);
  }
  const killedAt = performance.now();
  const acknowledgedBefore = acknowledged();
  await server.killHard();
  await server.start();
  return { acknowledgedBefore, downMs: performance.now() - killedAt };
}

/**
 * Runs the hall and returns its figures. `binary` is the parlab-class to start;
 * every server it starts is killed and its temp folder removed before this returns.
 */
export async function runHall(options = {}) {
  const hall = { ...HALL, ...options };
  const folder = mkdtempSync(join(tmpdir(), 'parlab-class-load-'));
  // The students' pages are not loaded: an index page is all the site the server needs.
  const siteDir = join(folder, 'site');
  mkdirSync(siteDir);
  writeFileSync(join(siteDir, 'index.html'), '<!doctype html><title>parlab</title>');
  const stats = { requests: 0, throttled: 0, networkErrors: 0, serverErrors: 0 };
  const dashboards = [];
  let cluster = null;
  let server = null;
  try {
    if (hall.postgres) {
      cluster = await startPostgres();
      if (!cluster) throw new Error('--postgres: no PostgreSQL installed (/usr/lib/postgresql/*/bin/initdb)');
    }
    const databaseUrl = cluster ? cluster.url : `sqlite://${join(folder, 'class.db')}`;
    server = new ServerProcess({ binary: hall.binary, databaseUrl, siteDir, port: await freePort() });
    await server.start();
    const opened = await request(server, stats, '10.0.0.100', 'POST', '/api/classes', {
      body: { step: { kind: 'experiment', experiment: 'mandelbrot', params: { size: 512, schedule: 'dynamic' }, workers: 4 } },
    });
    if (opened.status !== 201) throw new Error(`opening the class: ${opened.status} ${JSON.stringify(opened.json)}`);
    const { code, instructorKey } = opened.json;
    for (let index = 0; index < hall.dashboards; index += 1) dashboards.push(followDashboard(server, code, index));

    const random = seededRandom(hall.seed);
    const context = { server, stats, code, hall, submissions: [], startedAt: performance.now(), finished: false };
    const students = Array.from({ length: hall.students }, (_, index) => runStudent(context, index, seededRandom(Math.floor(random() * 2 ** 32))));
    const planned = hall.students * hall.sweeps;
    const kills = [];
    const killing = (async () => {
      for (let n = 1; n <= hall.kills; n += 1) kills.push(await killMidway(context, n / (hall.kills + 1), planned));
    })();
    // Awaited after the students; this only keeps a failed restart from counting as unhandled before then.
    killing.catch(() => {});
    const outcomes = await Promise.allSettled(students);
    context.finished = true;
    await killing;
    const failures = outcomes.filter((outcome) => outcome.status === 'rejected').map((outcome) => outcome.reason.message);

    const acknowledged = context.submissions.filter((s) => s.acknowledgedAt !== null);
    const lastAcknowledgedAt = Math.max(...acknowledged.map((s) => s.acknowledgedAt));
    const finalView = await untilAnswered(server, stats, '10.0.0.100', 'GET', `/api/classes/${code}`);
    const finalEventId = finalView.answer.json.lastEventId;
    const catchUpBy = performance.now() + CATCH_UP_LIMIT_MS;
    while (dashboards.some((d) => d.lastEventId < finalEventId && !d.refused) && performance.now() < catchUpBy) await sleep(10);
    const board = await untilAnswered(server, stats, '10.0.0.100', 'GET', `/api/classes/${code}/dashboard`, { key: instructorKey });
    const stored = new Set(board.answer.json.results.map((result) => result.submissionId));
    const lost = acknowledged.filter((s) => !stored.has(s.submissionId)).map((s) => s.submissionId);

    const latencies = acknowledged.map((s) => s.acknowledgedAt - s.sentAt).sort((a, b) => a - b);
    const runSeconds = (lastAcknowledgedAt - context.startedAt) / 1000;
    return {
      hall,
      database: cluster ? `PostgreSQL ${cluster.version} (a throwaway cluster)` : 'SQLite in a temp file',
      code,
      failures,
      planned,
      acknowledged: acknowledged.length,
      unacknowledged: context.submissions.length - acknowledged.length + (planned - context.submissions.length),
      storedResults: stored.size,
      lost,
      retried: acknowledged.filter((s) => s.attempts > 1).length,
      latencyMs: { p50: percentile(latencies, 0.5), p90: percentile(latencies, 0.9), p99: percentile(latencies, 0.99), max: latencies.at(-1) },
      requestsPerSecond: stats.requests / runSeconds,
      runSeconds,
      stats,
      kills,
      finalEventId,
      expectedCounts: { joined: hall.students, predicted: hall.students, submitted: hall.students },
      dashboards: dashboards.map((d) => ({
        sawFinalEvent: d.seenAt.has(finalEventId),
        finalCounts: d.data.get(finalEventId) ?? null,
        eventsSeen: d.seenAt.size,
        outOfOrder: d.outOfOrder,
        reconnects: d.reconnects,
        refused: d.refused,
        lagMs: d.seenAt.has(finalEventId) ? d.seenAt.get(finalEventId) - lastAcknowledgedAt : null,
      })),
    };
  } finally {
    dashboards.forEach((d) => d.stop());
    await Promise.allSettled(dashboards.map((d) => d.done));
    await server?.killHard();
    cluster?.stop();
    rmSync(folder, { recursive: true, force: true });
  }
}

/** Whether a dashboard reached the end: it saw the final event, with every student counted, and every event once, in order. */
export function dashboardComplete(dashboard, figures) {
  const counts = dashboard.finalCounts;
  return dashboard.sawFinalEvent && dashboard.eventsSeen === figures.finalEventId && dashboard.outOfOrder.length === 0
    && Object.entries(figures.expectedCounts).every(([name, value]) => counts?.[name] === value);
}

function report(figures) {
  const { hall } = figures;
  const verdict = (met) => (met ? 'met' : 'NOT met');
  const ms = (value) => (value === null || Number.isNaN(value) ? '—' : `${value.toFixed(1)} ms`);
  const lines = [
    `parlab class load: ${hall.students} students × ${hall.sweeps} sweeps within ${hall.seconds} s, ${hall.dashboards} dashboards listening (SSE)`,
    `  server: ${hall.binary}, on ${LOOPBACK}, ${figures.database}; rate limits: the defaults; this tool is the server's`,
    hall.sharedAddress
      ? '  --trusted-proxy and puts every student behind one X-Forwarded-For address (one NAT, no per-student proxy)'
      : '  --trusted-proxy and gives each student its own X-Forwarded-For address (the per-class limit applies as in a hall)',
  ];
  if (hall.kills) {
    for (const [n, kill] of figures.kills.entries()) {
      lines.push(kill
        ? `  kill -9 #${n + 1}: after ${kill.acknowledgedBefore} acknowledged submissions; down (kill to answering again) ${ms(kill.downMs)}`
        : `  kill -9 #${n + 1}: not done (the load ended first)`);
    }
    lines.push('  (with a kill, latency includes the restart: its targets are for the run without one)');
  }
  const { p50, p90, p99, max } = figures.latencyMs;
  lines.push(
    `  submission latency  p50 ${ms(p50)}  p90 ${ms(p90)}  max ${ms(max)}`,
    `  submission latency  p99 ${ms(p99)}   target ≤ ${TARGETS.p99LatencyMs} ms: ${verdict(p99 <= TARGETS.p99LatencyMs)}`,
    `  lost (acknowledged, not on the dashboard)  ${figures.lost.length}   target ${TARGETS.lost}: ${verdict(figures.lost.length === TARGETS.lost)}`,
    `  acknowledged ${figures.acknowledged} of ${figures.planned} submissions (${figures.retried} after a retry); ${figures.storedResults} results on the dashboard`,
    `  requests ${figures.stats.requests} in ${figures.runSeconds.toFixed(1)} s: ${figures.requestsPerSecond.toFixed(0)}/s; throttled (429) ${figures.stats.throttled}, network errors ${figures.stats.networkErrors}, 5xx ${figures.stats.serverErrors}`,
  );
  for (const [n, dashboard] of figures.dashboards.entries()) {
    const complete = dashboardComplete(dashboard, figures);
    const onTime = complete && dashboard.lagMs <= TARGETS.dashboardLagMs;
    lines.push(`  dashboard ${n + 1}: ${complete ? 'complete' : 'INCOMPLETE'} (${dashboard.eventsSeen} of ${figures.finalEventId} events, ${dashboard.outOfOrder.length} out of order, ${dashboard.reconnects} reconnects${dashboard.refused ? `, refused: ${dashboard.refused}` : ''}); `
      + `final event ${ms(dashboard.lagMs)} after the last acknowledgement   target ≤ ${TARGETS.dashboardLagMs} ms: ${verdict(onTime)}`);
  }
  for (const failure of figures.failures.slice(0, 5)) lines.push(`  student failed: ${failure}`);
  return lines.join('\n');
}

function parseArguments(argv) {
  const options = {};
  const numbers = { '--students': 'students', '--sweeps': 'sweeps', '--seconds': 'seconds', '--dashboards': 'dashboards', '--seed': 'seed' };
  for (let i = 0; i < argv.length; i += 1) {
    const arg = argv[i];
    if (arg === '--kill') {
      options.kills = /^\d+$/.test(argv[i + 1] ?? '') ? Number(argv[++i]) : 1;
    } else if (arg === '--shared-address') {
      options.sharedAddress = true;
    } else if (arg === '--postgres') {
      options.postgres = true;
    } else if (arg === '--binary') {
      options.binary = argv[++i];
    } else if (numbers[arg] && /^\d+$/.test(argv[i + 1] ?? '')) {
      options[numbers[arg]] = Number(argv[++i]);
    } else {
      throw new Error(`unknown or incomplete argument ${arg}; see the comment at the top of bench/class-load.js`);
    }
  }
  if (options.students > 5000 || options.seconds > 120) throw new Error('at most 5000 students and 120 s');
  return options;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const options = { ...HALL, ...parseArguments(process.argv.slice(2)) };
  if (!existsSync(options.binary)) {
    console.error(`no ${options.binary}: build it with cargo build --release -p parlab-class (npm run class:load does)`);
    process.exit(2);
  }
  const figures = await runHall(options);
  console.log(report(figures));
  const correct = figures.lost.length === 0 && figures.failures.length === 0 && figures.unacknowledged === 0
    && figures.dashboards.every((d) => dashboardComplete(d, figures));
  process.exitCode = correct ? 0 : 1;
}
