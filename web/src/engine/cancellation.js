// A cancelled run is not a failure: the page says "nothing was measured"
// instead of showing an error. Coordinators throw CancelledError (the threads
// engine's turns the kernel's cancellation into one, engine-worker.js) and
// answer the page { type: 'cancelled' } (coordinator-protocol.js); the error's
// name is what marks it on its way.

export class CancelledError extends Error {
  constructor() {
    super('The run was cancelled.');
    this.name = 'CancelledError';
  }
}

/** Whether `error` (from this realm, or rebuilt from another's name) is a cancellation. */
export function isCancellation(error) {
  return error?.name === 'CancelledError';
}
