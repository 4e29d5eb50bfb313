// The postMessage protocol for pages that embed parlab (slides, course sites,
// tests). Version 1; documented in docs/instructors.md. The parent sends
//   { parlab: 1, type: 'run', id?, experiment, params?, workers?, repetitions?, mode?, engine?, inFlight?, includeStartup?, fitAllK?, gil?, switchIntervalMs?, view?, faultInjection? }
//   { parlab: 1, type: 'set', experiment?, params?, workers?, repetitions?, mode?, engine?, inFlight?, gil?, switchIntervalMs?, view? }
// where view names the panels an embed shows: 'speedup,timeline' or ['speedup', 'timeline'] (see url-state.js).
// faultInjection is for tests only (docs/instructors.md, "Testing hooks").
//   { parlab: 1, type: 'cancel' }
// and the page answers (to the sender; 'ready' goes to the parent) with
//   { parlab: 1, type: 'ready', experiments }
//   { parlab: 1, type: 'progress', id, done, total, k, repetition, warmUp }
//   { parlab: 1, type: 'result', id, result }     (result: the export JSON)
//   { parlab: 1, type: 'error', id, message }
// Anything else is ignored.

export const PROTOCOL_VERSION = 1;

const isPlainObject = (value) => typeof value === 'object' && value !== null && !Array.isArray(value);

/** Whether `data` is a well-formed request of this protocol. */
export function isRequest(data) {
  if (!isPlainObject(data) || data.parlab !== PROTOCOL_VERSION) return false;
  if (!['run', 'set', 'cancel'].includes(data.type)) return false;
  if ('params' in data && !isPlainObject(data.params)) return false;
  if ('workers' in data && typeof data.workers !== 'string' && !(Array.isArray(data.workers) && data.workers.every(Number.isInteger))) return false;
  for (const name of ['experiment', 'mode', 'engine', 'faultInjection']) if (name in data && typeof data[name] !== 'string') return false;
  for (const name of ['repetitions', 'inFlight']) if (name in data && !Number.isInteger(data[name])) return false;
  if ('gil' in data && typeof data.gil !== 'boolean') return false;
  if ('switchIntervalMs' in data && typeof data.switchIntervalMs !== 'number') return false;
  if ('view' in data && typeof data.view !== 'string' && !(Array.isArray(data.view) && data.view.every((v) => typeof v === 'string'))) return false;
  return true;
}

/**
 * @param handlers { run(request, onProgress) → Promise<record>, set(request), cancel() }
 */
export function installMessageApi(window, { experiments, run, set, cancel }) {
  const send = (target, origin, message) => target?.postMessage({ parlab: PROTOCOL_VERSION, ...message }, origin);
  window.addEventListener('message', async (event) => {
    const request = event.data;
    if (!isRequest(request)) return;
    // Opaque origins (file://, sandboxed frames) can only be answered with '*'.
    const reply = (message) => send(event.source, event.origin === 'null' ? '*' : event.origin, { id: request.id, ...message });
    try {
      if (request.type === 'run') {
        const result = await run(request, (progress) => reply({ type: 'progress', ...progress }));
        reply({ type: 'result', result });
      } else if (request.type === 'set') {
        set(request);
      } else {
        cancel();
      }
    } catch (error) {
      reply({ type: 'error', message: error.message });
    }
  });
  if (window.parent !== window) send(window.parent, '*', { type: 'ready', experiments: experiments.map((e) => e.id) });
}
