// The class server's API (server/src/lib.rs) as the page uses it: every
// answer that is not a success becomes an Error with the server's own sentence,
// and a server that cannot be reached (the static site alone, or the Wi-Fi
// gone) an Error that says so.

const API = 'api/classes';
// How long a class's event stream waits before it starts afresh, after the browser gave it up.
const RECONNECT_MS = 2000;

export class ClassServerError extends Error {
  constructor(message, status) {
    super(message);
    this.name = 'ClassServerError';
    this.status = status;
  }
}

const unreachable = (error) => new ClassServerError(
  `The class server cannot be reached (${error.message}). Class mode needs the page to be served by parlab-class (npm run class); this page works alone, without the class.`, 0);

/** An id of `length` letters and digits from the browser's random source (client and submission ids). */
export function randomId(length = 16) {
  const letters = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
  return Array.from(crypto.getRandomValues(new Uint8Array(length)), (byte) => letters[byte % letters.length]).join('');
}

/**
 * @param base the page's base URL (the API is under api/ beside it)
 * @returns the API's calls; `send` gives the raw answer, for the outbox's retries
 */
export function classApi(base) {
  const url = (path) => new URL(`${API}${path}`, base);
  async function send(method, path, { body, key } = {}) {
    const headers = { ...(body !== undefined && { 'Content-Type': 'application/json' }), ...(key && { Authorization: `Bearer ${key}` }) };
    return fetch(url(path), { method, headers, body: body === undefined ? undefined : JSON.stringify(body), cache: 'no-store' });
  }
  async function call(method, path, options) {
    let response;
    try {
      response = await send(method, path, options);
    } catch (error) {
      throw unreachable(error);
    }
    const type = response.headers.get('Content-Type') ?? '';
    // The static site alone answers API paths with its page (or a 404 page), not with JSON.
    if (!type.includes('application/json')) {
      throw response.ok || response.status === 404 ? unreachable(new Error(`${response.status} without the class API`)) : new ClassServerError(`The class server answered ${response.status}.`, response.status);
    }
    const answer = await response.json();
    if (!response.ok) throw new ClassServerError(answer.error ?? `The class server answered ${response.status}.`, response.status);
    return answer;
  }
  const code = (c) => `/${encodeURIComponent(c)}`;
  return {
    send,
    open: (step) => call('POST', '', { body: { step } }),
    join: (c, clientId) => call('POST', `${code(c)}/join`, { body: { clientId } }),
    view: (c) => call('GET', code(c)),
    revealed: (c) => call('GET', `${code(c)}/revealed`),
    dashboard: (c, key) => call('GET', `${code(c)}/dashboard`, { key }),
    reveal: (c, key) => call('POST', `${code(c)}/reveal`, { key }),
    moveTo: (c, key, step) => call('POST', `${code(c)}/step`, { key, body: { step } }),
    remove: (c, key) => call('DELETE', code(c), { key }),
    /** The class's export as a Blob (format 'csv' or 'json'). */
    async exported(c, key, format) {
      let response;
      try {
        response = await send('GET', `${code(c)}/export.${format}`, { key });
      } catch (error) {
        throw unreachable(error);
      }
      if (!response.ok) throw new ClassServerError((await response.json().catch(() => ({}))).error ?? `The export failed (${response.status}).`, response.status);
      return response.blob();
    },
    /**
     * Follows the class's events after the one numbered `after` (a class view's
     * lastEventId): `onEvent(event, id)` for each (a reconnecting EventSource sends
     * Last-Event-ID and gets what it missed), `onConnection(open)` when the
     * stream drops or comes back. Returns a function that stops following.
     */
    follow(c, after, onEvent, onConnection = () => {}) {
      let lastSeen = after;
      let source = null;
      let stopped = false;
      const connect = () => {
        source = new EventSource(url(`${code(c)}/events?lastEventId=${lastSeen}`));
        source.onmessage = (message) => {
          if (message.lastEventId) lastSeen = Number(message.lastEventId);
          onEvent(JSON.parse(message.data), lastSeen);
        };
        source.onopen = () => onConnection(true);
        source.onerror = () => {
          onConnection(false);
          // An EventSource retries a dropped connection by itself, but gives up for good on an answer
          // that is not a stream (a 429, a proxy's 502 while the server restarts): then start afresh.
          if (source.readyState === EventSource.CLOSED && !stopped) setTimeout(() => !stopped && connect(), RECONNECT_MS);
        };
      };
      connect();
      return () => {
        stopped = true;
        source.close();
      };
    },
    /** The student page's address of a class (what the join URL and QR code hold). */
    joinUrl: (c) => new URL(`?class=${encodeURIComponent(c)}`, base).href,
  };
}
