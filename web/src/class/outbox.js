// A student's submissions to the class that the server has not acknowledged
// yet. They are kept in the browser's storage first and then sent, so that a
// closed tab, a dropped Wi-Fi or a restarted server loses none: every pending
// one is sent again (each carries an id of its own, so the server stores it
// once however often it arrives) until the server acknowledges or refuses it.

/** Answers that a retry cannot change: the request itself is wrong, or its class or step is gone. */
const FINAL_STATUSES = new Set([400, 403, 404, 409, 413, 415]);

/**
 * @param storage localStorage or a stand-in; @param key where the pending list is kept
 * @param post(item) → Promise<Response-like { ok, status, json() }>, rejecting when the server cannot be reached
 */
export function createOutbox(storage, key, post) {
  const read = () => {
    try {
      return JSON.parse(storage?.getItem(key) ?? '[]');
    } catch {
      return [];
    }
  };
  const write = (items) => storage?.setItem(key, JSON.stringify(items));
  let flushing = null;

  /**
   * Sends every pending item in order; resolves with what happened to each:
   * { item, outcome: 'sent' | 'refused' | 'waiting', message? }. An item that
   * could not be sent now stays, and so do the ones after it.
   */
  async function flushOnce() {
    const outcomes = [];
    for (const item of read()) {
      let response;
      try {
        response = await post(item);
      } catch (error) {
        outcomes.push({ item, outcome: 'waiting', message: error.message });
        break;
      }
      if (response.ok || FINAL_STATUSES.has(response.status)) {
        write(read().filter((pending) => pending.id !== item.id));
        const message = response.ok ? null : (await response.json().catch(() => ({}))).error ?? `refused (${response.status})`;
        outcomes.push({ item, outcome: response.ok ? 'sent' : 'refused', message });
      } else {
        outcomes.push({ item, outcome: 'waiting', message: `the class server answered ${response.status}` });
        break;
      }
    }
    return outcomes;
  }

  return {
    /** Keeps `item` ({ id, ... }) until it is acknowledged; an item with the same id replaces the pending one. */
    add(item) {
      write([...read().filter((pending) => pending.id !== item.id), item]);
    },
    pending: () => read(),
    /** One flush at a time: a second call while one runs waits for it and then flushes again. */
    flush() {
      const next = (flushing ?? Promise.resolve()).then(flushOnce);
      flushing = next.catch(() => []);
      return next;
    },
  };
}
