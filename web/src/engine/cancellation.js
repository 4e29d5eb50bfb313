// A cancelled run is not a failure: the page says "nothing was measured"
// instead of showing an error. The error's name is what marks it, because the
// cancellation is thrown in a worker (by Rust on threads, by JS on processes)
// and only its name and message survive the trip to the page.

export class CancelledError extends Error {
  constructor() {
    super('The run was cancelled.');
    this.name = 'CancelledError';
  }
}

/** Whether `error` (from this realm, a worker, or the wasm module) is a cancellation. */
export function isCancellation(error) {
  return error?.name === 'CancelledError';
}
