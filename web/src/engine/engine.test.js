import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Engine } from './engine.js';

// A stand-in for the processes engine's coordinator worker: answers every
// request at once, except runs, which wait until the test lets them finish.
class FakeCoordinator {
  static started = [];
  listeners = [];
  heldRuns = [];
  helpers = 0;
  terminated = false;

  constructor() {
    FakeCoordinator.started.push(this);
  }

  addEventListener(type, listener) {
    if (type === 'message') this.listeners.push(listener);
  }

  postMessage(message) {
    const answer = (reply) => queueMicrotask(() => this.listeners.forEach((listener) => listener({ data: { id: message.id, type: 'done', reply } })));
    if (message.type === 'init') answer({});
    else if (message.type === 'warmUp') {
      this.helpers = Math.max(this.helpers, message.count);
      answer({ coldStartMs: [] });
    } else if (message.type === 'liveWorkers') answer({ helpers: this.helpers });
    else if (message.type === 'run') this.heldRuns.push(() => answer({ timeMs: 1 }));
  }

  terminate() {
    this.terminated = true;
  }
}

const IDLE_MS = 40;
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

function engineWithFakes() {
  FakeCoordinator.started = [];
  globalThis.Worker = FakeCoordinator;
  return new Engine({ kind: 'processes', baseUrl: 'http://localhost/' });
}

async function finishedRun(engine) {
  const running = engine.run('toasts', {}, 2);
  while (FakeCoordinator.started.at(-1)?.heldRuns.length !== 1) await sleep(1);
  FakeCoordinator.started.at(-1).heldRuns.pop()();
  await running;
}

test('an engine idle after a sweep is replaced by a fresh one with the warm helpers, and that one is not replaced again', async () => {
  const engine = engineWithFakes();
  await engine.warmUp(8);
  await finishedRun(engine);
  engine.renewWhenIdle(2, IDLE_MS);
  await sleep(IDLE_MS * 3);
  const [old, fresh, ...more] = FakeCoordinator.started;
  assert.ok(old.terminated, 'the old engine was ended');
  assert.ok(fresh && !fresh.terminated, 'a fresh engine runs');
  assert.equal(fresh.helpers, 2, 'with the warm helpers only');
  assert.deepEqual(more, [], 'and it is not renewed in turn while it has done nothing');
  assert.equal(await engine.liveWorkers(), 3);
});

test('counting live workers neither puts the renewal off nor blocks it', async () => {
  const engine = engineWithFakes();
  await finishedRun(engine);
  engine.renewWhenIdle(1, IDLE_MS);
  for (let waited = 0; waited < IDLE_MS * 3; waited += 5) {
    await engine.liveWorkers();
    await sleep(5);
  }
  assert.equal(FakeCoordinator.started.length, 2, 'renewed while its live workers were counted');
  assert.ok(FakeCoordinator.started[0].terminated);
});

test('an engine is not renewed while it runs, and is renewed once idle after that run', async () => {
  const engine = engineWithFakes();
  await finishedRun(engine);
  engine.renewWhenIdle(1, IDLE_MS);
  // A run asked for before the renewal, left running past it.
  const running = engine.run('toasts', {}, 1);
  await sleep(IDLE_MS * 3);
  assert.equal(FakeCoordinator.started.length, 1, 'nothing renewed under a running run');
  FakeCoordinator.started[0].heldRuns.pop()();
  await running;
  await sleep(IDLE_MS * 3);
  assert.equal(FakeCoordinator.started.length, 2, 'renewed once idle after it');
  assert.ok(FakeCoordinator.started[0].terminated);
});

test('work asked for while a renewed engine starts its warm helpers waits until they have started', async () => {
  const engine = engineWithFakes();
  await finishedRun(engine);
  engine.renewWhenIdle(2, IDLE_MS);
  // The fresh engine answers its warm-up only when the test says.
  const original = FakeCoordinator.prototype.postMessage;
  const heldWarmUps = [];
  FakeCoordinator.prototype.postMessage = function (message) {
    if (message.type === 'warmUp') heldWarmUps.push(() => original.call(this, message));
    else original.call(this, message);
  };
  try {
    while (FakeCoordinator.started.length < 2 || heldWarmUps.length === 0) await sleep(5);
    const fresh = FakeCoordinator.started[1];
    const running = engine.run('toasts', {}, 1);
    await sleep(20);
    assert.equal(fresh.heldRuns.length, 0, 'the run was not sent while the warm-up was under way');
    heldWarmUps.pop()();
    while (fresh.heldRuns.length === 0) await sleep(1);
    fresh.heldRuns.pop()();
    await running;
  } finally {
    FakeCoordinator.prototype.postMessage = original;
  }
});
