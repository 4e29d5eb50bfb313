// The session's finished sweeps: kept when the user switches experiments,
// listed beside the results, and saved in sessionStorage so that a reload of
// the tab loses nothing. It keeps the last HISTORY_LIMIT sweeps, so that a long
// session does not grow without end; while it is full, the page offers to
// download the oldest before the next sweep drops one.

import { fittedKs } from './analysis.js';

const STORAGE_KEY = 'parlab-history-v1';
export const HISTORY_LIMIT = 50;

// Reading sessionStorage throws where storage is blocked (sandboxed frames, some privacy settings).
function sessionStorageIfAllowed() {
  try {
    return globalThis.sessionStorage;
  } catch {
    return null;
  }
}

export class History {
  #entries = [];
  #storage;
  #limit;

  constructor(storage = sessionStorageIfAllowed(), limit = HISTORY_LIMIT) {
    this.#storage = storage;
    this.#limit = limit;
    try {
      this.#entries = JSON.parse(storage?.getItem(STORAGE_KEY) ?? '[]').slice(-limit);
    } catch {
      this.#entries = [];
    }
  }

  get entries() {
    return this.#entries;
  }

  /** Whether the next sweep added drops the oldest. */
  get full() {
    return this.#entries.length >= this.#limit;
  }

  /**
   * Adds a finished sweep, dropping the oldest when the history is full;
   * returns its entry. `timelines` maps k → a run's { workers, records, timeMs }.
   */
  add({ label, record, timelines }) {
    const entry = { id: (this.#entries.at(-1)?.id ?? 0) + 1, label, record, timelines, overlay: false };
    this.#entries.push(entry);
    this.#entries.splice(0, this.#entries.length - this.#limit);
    this.#save();
    return entry;
  }

  /** Removes the `count` oldest sweeps and returns them (for the user to download). */
  takeOldest(count) {
    const taken = this.#entries.splice(0, count);
    this.#save();
    return taken;
  }

  byId(id) {
    return this.#entries.find((e) => e.id === id);
  }

  /** Whether the entry's times are read with its pool start-ups added. */
  setIncludeStartup(id, on) {
    const entry = this.byId(id);
    if (entry) entry.record.includeStartup = on;
    this.#save();
  }

  /** Whether the entry's models are fitted to every k, or only to k within the cores; the record says which k. */
  setFitAllK(id, on) {
    const entry = this.byId(id);
    if (entry) {
      entry.record.fitAllK = on;
      entry.record.fittedKs = fittedKs(entry.record);
    }
    this.#save();
  }

  setOverlay(id, on) {
    const entry = this.byId(id);
    if (entry) entry.overlay = on;
    this.#save();
  }

  // Timelines can be large; when storage is full, keep the sweeps without them.
  #save() {
    if (!this.#storage) return;
    try {
      this.#storage.setItem(STORAGE_KEY, JSON.stringify(this.#entries));
    } catch {
      try {
        this.#storage.setItem(STORAGE_KEY, JSON.stringify(this.#entries.map((e) => ({ ...e, timelines: {} }))));
      } catch {
        // Storage refused even the small form: the session still has everything in memory.
      }
    }
  }
}
