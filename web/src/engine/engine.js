// The page's only door to the computation: one coordinator worker behind a
// small promise API, for either engine:
//   threads    wasm threads sharing memory (engine-worker.js); needs cross-origin isolation
//   processes  share-nothing workers that exchange messages (processes-worker.js); runs anywhere
// Turns every failure into an Error a student can read, and never leaves a
// promise hanging when a worker dies.

import { CancelledError } from './cancellation.js';

const CANCEL_GRACE_MS = 400;
// Once the engine has had nothing to do for this long after a sweep, it is
// replaced by a fresh one with only its warm helpers: a student who runs sweep
// after sweep keeps every helper and what the engine made, and an idle page
// gives back all that its sweeps made the engine hold. A wasm memory never
// shrinks, so only a new engine returns what its largest sweep grew it to
// (Chromium returns an ended worker's memory some seconds after its next
// garbage collection; docs/performance.md, "Memory: the soak").
export const IDLE_RENEW_MS = 30_000;

export class Engine {
  #worker = null;
  #ready = null;
  #pending = new Map();
  #nextId = 1;
  #cancelFlag = null;
  #crashes = null;
  #warming = Promise.resolve();
  #renewing = null;
  // { keep, afterMs } once a sweep has asked for renewal (renewWhenIdle).
  #renewal = null;
  // Whether this engine has been given work since it started: a fresh engine is not renewed.
  #worked = false;

  /** @param kind 'threads' | 'processes'; @param baseUrl where pkg/, pkg-single/ and process-worker.js are served */
  constructor({ kind, baseUrl }) {
    this.kind = kind;
    this.baseUrl = baseUrl;
  }

  #createWorker() {
    // Literal URLs, so that Vite bundles each coordinator as a worker.
    return this.kind === 'threads'
      ? new Worker(new URL('./engine-worker.js', import.meta.url), { type: 'module', name: 'parlab-threads' })
      : new Worker(new URL('./processes-worker.js', import.meta.url), { type: 'module', name: 'parlab-processes' });
  }

  #initMessage(crashChannel) {
    return this.kind === 'threads'
      ? { type: 'init', glueUrl: new URL('pkg/parlab.js', this.baseUrl).href, crashChannel }
      : { type: 'init', glueUrl: new URL('pkg-single/parlab_single.js', this.baseUrl).href, processUrl: new URL('process-worker.js', this.baseUrl).href };
  }

  /**
   * Runs `experiment` with `params` on exactly `k` workers; with
   * `gilSwitchMs` (threads only), under a GIL handed over at that interval.
   * `faultInjection` ('worker-panic') is for tests only: one of the workers
   * panics (docs/instructors.md, "Testing hooks"). `inFlight` (1 or 2, processes only):
   * chunks sent to each process ahead of its answers.
   */
  async run(experiment, params, k, { gilSwitchMs = null, faultInjection, inFlight } = {}) {
    await this.#startedAfterWarmUps();
    return this.#request({ type: 'run', experiment, params, k, gilSwitchMs, faultInjection, inFlight });
  }

  /**
   * How many Web Workers this engine has alive: its coordinator and the
   * helpers or process workers it keeps, as the coordinator counts them; 0
   * when no engine is running. The threads coordinator answers between runs.
   */
  async liveWorkers() {
    const worker = this.#worker;
    if (!worker) return 0;
    try {
      const { helpers } = await this.#request({ type: 'liveWorkers' });
      return 1 + helpers;
    } catch (error) {
      // The engine stopped before it answered: ask whichever runs now, if any.
      if (this.#worker !== worker) return this.liveWorkers();
      throw error;
    }
  }

  /**
   * Times empty parallel regions on `k` workers; resolves with `samples` times in µs, each the mean of
   * `regionsPerSample` regions, each after `idleUs` µs in which the pool had nothing to do (0: back to back).
   */
  async measureDispatch(k, samples, regionsPerSample, idleUs = 0) {
    if (this.kind !== 'threads') throw new Error('Only the threads engine has parallel regions to time: its workers share one pool.');
    await this.#startedAfterWarmUps();
    return (await this.#request({ type: 'dispatch', k, samples, regionsPerSample, idleUs })).timesUs;
  }

  /** Streams `megabytes` of arrays on `k` workers (STREAM's triad); resolves with `repetitions` bandwidths in GB/s. */
  async measureBandwidth(k, megabytes, repetitions) {
    if (this.kind !== 'threads') throw new Error('Memory bandwidth is measured on the threads engine: its workers share one memory.');
    await this.#startedAfterWarmUps();
    return (await this.#request({ type: 'bandwidth', k, megabytes, repetitions })).gbPerS;
  }

  /**
   * Makes sure at least `count` helper (or process) workers run, starting the
   * missing ones all at once (those beyond it stay until `renewWhenIdle`).
   * Resolves with what each count of the running ones cost to start from
   * none, measured when they started: `coldStartMs[n - 1]` for n helpers
   * (when the n-th was ready).
   */
  warmUp(count) {
    return this.#warmUp(count, { isWork: true });
  }

  // `isWork`: false for a fresh engine's own warm-up, which it is not renewed after.
  #warmUp(count, { isWork }) {
    // One at a time: two interleaved warm-ups would time each other's helpers.
    const warmed = this.#warming.then(async () => {
      await this.#start();
      const { coldStartMs } = await this.#request({ type: 'warmUp', count }, { isWork });
      return coldStartMs;
    });
    this.#warming = warmed.catch(() => {});
    return warmed;
  }

  /**
   * Stops the current run between two chunks. A run that cannot stop in time
   * (helpers still starting, one very long chunk) is ended by restarting the
   * engine, so Cancel always gives the page back.
   */
  cancel() {
    if (this.#cancelFlag) Atomics.store(this.#cancelFlag.view, this.#cancelFlag.index, 1);
    if (this.kind === 'processes') this.#worker?.postMessage({ type: 'cancel' });
    // Only what was under way when Cancel came: the next sweep may already have started on this engine.
    const worker = this.#worker;
    const underWay = [...this.#pending.keys()];
    setTimeout(() => {
      if (this.#worker === worker && underWay.some((id) => this.#pending.has(id))) this.#stop(new CancelledError());
    }, CANCEL_GRACE_MS);
  }

  // Work waits for the warm-ups under way (a renewed engine starts its warm helpers while idle): two callers starting helpers at once would each count on the other's.
  async #startedAfterWarmUps() {
    await this.#warming;
    return this.#start();
  }

  #start() {
    if (!this.#ready) {
      const crashChannel = `parlab-crash-${Date.now()}-${Math.random().toString(36).slice(2)}`;
      const worker = this.#createWorker();
      this.#worker = worker;
      this.#worker.addEventListener('message', ({ data }) => this.#settle(data));
      this.#worker.addEventListener('error', (event) => {
        event.preventDefault();
        this.#fail(`The engine worker failed: ${event.message || 'its script could not be loaded'}.`);
      });
      // Only threads block their coordinator during a run, so only their helpers
      // need another way to report a crash; process workers answer it directly.
      if (this.kind === 'threads') {
        this.#crashes = new BroadcastChannel(crashChannel);
        this.#crashes.addEventListener('message', ({ data }) => this.#fail(data.message));
      }
      this.#ready = this.#request(this.#initMessage(crashChannel)).then(({ memory, cancelFlagAddress }) => {
        if (memory) this.#cancelFlag = { view: new Uint8Array(memory), index: cancelFlagAddress };
      }, (error) => {
        // An engine that could not load is of no use: end its worker; the next run tries afresh.
        if (this.#worker === worker) this.#stop(error);
        throw error;
      });
    }
    return this.#ready;
  }

  /**
   * Once the engine has been idle for `afterMs` (no request under way but
   * counts of live workers), ends it, with all its helpers (or processes) and
   * its memory, and starts a fresh one with `keep` helpers warm. From then on
   * the engine also renews itself after any later work it is idle from, such
   * as a sweep cancelled before its runs began.
   */
  renewWhenIdle(keep, afterMs = IDLE_RENEW_MS) {
    this.#renewal = { keep, afterMs };
    this.#armRenewal();
  }

  #armRenewal() {
    clearTimeout(this.#renewing);
    this.#renewing = setTimeout(() => {
      this.#renewing = null;
      // Work still under way arms the renewal again when it is answered.
      if (!this.#worker || this.#working()) return;
      this.#stop(new Error('The engine was renewed while idle.'));
      // A fresh engine that cannot load says so to the next run, which tries again.
      this.#warmUp(this.#renewal.keep, { isWork: false }).catch(() => {});
    }, this.#renewal.afterMs);
  }

  // Whether a request other than a count of live workers (which may be asked at any time) is under way.
  #working() {
    return [...this.#pending.values()].some(({ type }) => type !== 'liveWorkers');
  }

  // `isWork`: whether the engine should be renewed once idle after it (see renewWhenIdle).
  #request(message, { isWork = message.type !== 'init' && message.type !== 'liveWorkers' } = {}) {
    if (message.type !== 'liveWorkers') {
      clearTimeout(this.#renewing);
      this.#renewing = null;
    }
    if (isWork) this.#worked = true;
    const id = this.#nextId++;
    return new Promise((resolve, reject) => {
      this.#pending.set(id, { resolve, reject, type: message.type });
      this.#worker.postMessage({ ...message, id });
    });
  }

  #settle({ id, type, reply, message }) {
    const pending = this.#pending.get(id);
    if (!pending) return;
    this.#pending.delete(id);
    // Idle from work: renew after a while. Counting live workers is not work, and must not put it off.
    if (pending.type !== 'liveWorkers' && this.#renewal && this.#worked && !this.#working()) this.#armRenewal();
    if (type === 'done') pending.resolve(reply);
    else if (type === 'cancelled') pending.reject(new CancelledError());
    else pending.reject(new Error(message));
  }

  // A crashed worker leaves the shared memory in an unknown state: throw the
  // whole engine away; the next run starts a fresh one.
  #fail(message) {
    this.#stop(new Error(message));
  }

  #stop(reason) {
    this.#worker?.terminate();
    this.#crashes?.close();
    this.#worker = this.#ready = this.#cancelFlag = this.#crashes = null;
    this.#worked = false;
    for (const { reject } of this.#pending.values()) reject(reason);
    this.#pending.clear();
  }
}
