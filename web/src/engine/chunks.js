// Which chunks of tasks each of k share-nothing workers takes, in order: the
// same three schedules as the threads engine (crate/src/schedule.rs), run by
// the coordinator instead of a shared counter in memory.

/**
 * @param schedule { kind: 'static_blocks' } | { kind: 'static_interleaved' | 'dynamic', chunk }
 * @returns a function next(worker) giving the next [first, count] for that worker, or null.
 */
export function chunkSource(schedule, taskCount, workers) {
  if (schedule.kind === 'static_blocks') {
    const taken = new Set();
    return (worker) => {
      if (taken.has(worker)) return null;
      taken.add(worker);
      const first = Math.floor((worker * taskCount) / workers);
      const end = Math.floor(((worker + 1) * taskCount) / workers);
      return end > first ? [first, end - first] : null;
    };
  }
  const chunk = Math.max(1, schedule.chunk ?? 1);
  if (schedule.kind === 'static_interleaved') {
    const nextFirst = Array.from({ length: workers }, (_, w) => w * chunk);
    return (worker) => {
      const first = nextFirst[worker];
      if (first >= taskCount) return null;
      nextFirst[worker] += workers * chunk;
      return [first, Math.min(chunk, taskCount - first)];
    };
  }
  if (schedule.kind === 'dynamic') {
    let nextFirst = 0;
    return () => {
      if (nextFirst >= taskCount) return null;
      const first = nextFirst;
      nextFirst += chunk;
      return [first, Math.min(chunk, taskCount - first)];
    };
  }
  throw new Error(`Unknown schedule "${schedule.kind}".`);
}

/**
 * For a task graph (`dependencies[t]` = the tasks t waits for): one task at a
 * time, only once its dependencies are done, the first ready one in task order.
 * @returns next() → a promise of [task, 1], or of null once every task is
 *   handed out; call next.done(task) when a task's answer is back.
 */
export function readyTaskSource(dependencies) {
  const handedOut = new Set();
  const done = new Set();
  let waiting = [];
  const take = () => {
    const task = dependencies.findIndex((after, t) => !handedOut.has(t) && after.every((d) => done.has(d)));
    if (task >= 0) handedOut.add(task);
    return task;
  };
  const next = () => new Promise((resolve) => {
    // Settles the promise if it can, and says whether it did.
    const offer = () => {
      if (handedOut.size === dependencies.length) {
        resolve(null);
        return true;
      }
      const task = take();
      if (task < 0) return false;
      resolve([task, 1]);
      return true;
    };
    if (!offer()) waiting.push(offer);
  });
  next.done = (task) => {
    done.add(task);
    waiting = waiting.filter((offer) => !offer());
  };
  return next;
}

/**
 * Records the timeline of one process's chunks, given in the order it ran them
 * (times on one clock, as `{ first, count, sent, started, computed, waited, returned }`),
 * in `recorder` (a RunRecorder): its work, its waits without computing (a request's reply, a
 * cook's machine: from `computed` to `waited`), and the gaps in which it had nothing to do,
 * named after the message it waited for: `receive` while its last answer travelled back to the
 * coordinator, then `send` until the next chunk arrived. A chunk that was
 * already waiting in its queue leaves no gap, so with two chunks in flight only
 * the first send and the last receive show. A reducer's wait for its buckets
 * is named `arrivalName` ("shuffle: receive") instead of "send".
 */
export function recordLane(recorder, chunks, { worker, taskName, arrivalName = 'send' }) {
  let idleFrom = -Infinity;
  for (const [i, chunk] of chunks.entries()) {
    const tasks = { first: chunk.first, count: chunk.count };
    const waited = chunk.waited ?? chunk.computed;
    recorder.segment(worker, 'message', arrivalName, Math.max(chunk.sent, idleFrom), chunk.started, tasks);
    recorder.segment(worker, 'compute', taskName, chunk.started, chunk.computed, tasks);
    recorder.segment(worker, 'io_wait', 'waiting', chunk.computed, waited, tasks);
    const nextStarted = chunks[i + 1]?.started ?? Infinity;
    const answered = Math.min(chunk.returned, nextStarted);
    recorder.segment(worker, 'message', 'receive', waited, answered, tasks);
    idleFrom = Math.max(waited, answered);
  }
}
