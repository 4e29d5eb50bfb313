// The processes engine's twin of the Rust lane recorder (crate/src/recorder.rs):
// the one way the coordinator writes a run's segments, each with its kind, and
// the exact totals per lane and kind beside them. Nothing here nests (a
// process's wait is never inside its chunk), so a segment counts in full.

/** The kinds of time, as the Rust side names them (crate/src/work_record.rs). */
export const KINDS = ['compute', 'lock_wait', 'gil_wait', 'io_wait', 'queue_wait', 'message', 'merge'];

export class RunRecorder {
  #runStart;
  #totals = new Map();
  records = [];

  /** @param runStart the run's start on the coordinator's clock (ms) */
  constructor(runStart) {
    this.#runStart = runStart;
  }

  /**
   * A segment of `lane` (a worker's number, or 'merge') from `start` to
   * `end` on the coordinator's clock; nothing for an empty one.
   */
  segment(lane, kind, what, start, end, { first = 0, count = 0 } = {}) {
    if (!KINDS.includes(kind)) throw new Error(`"${kind}" is not a kind of time.`);
    if (!(end > start)) return;
    this.records.push({ worker: lane, kind, what, first_task: first, task_count: count, start_ms: start - this.#runStart, end_ms: end - this.#runStart });
    const key = `${lane}\u0000${kind}`;
    this.#totals.set(key, { lane, kind, ms: (this.#totals.get(key)?.ms ?? 0) + (end - start) });
  }

  /** `{ lane, kind, ms }` for every lane and kind that recorded time, as the Rust side reports them. */
  get totals() {
    return [...this.#totals.values()];
  }
}
