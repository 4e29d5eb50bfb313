// Whether this page may use threads, and if not, why, in words for a student.

const headerFix = 'Serve it with the headers Cross-Origin-Opener-Policy: same-origin and Cross-Origin-Embedder-Policy: require-corp, plus Document-Isolation-Policy: isolate-and-require-corp for use inside other pages (npm start and npm run preview send all three).';

/** What helps a page that is not isolated depends on where it is: inside another page, already under parlab's service worker, or alone. */
function notIsolatedFix({ framed, controlled }) {
  if (framed) return `Open parlab in a tab of its own, where it can be isolated; or, on the host, ${headerFix.charAt(0).toLowerCase()}${headerFix.slice(1)}`;
  // The service worker adds the headers to what it serves, but this page came before it took control.
  if (controlled) return 'Reload the page: parlab\'s service worker now serves it, with the isolation headers.';
  return headerFix;
}

/**
 * @param where { framed, controlled }: whether the page is inside another page, and whether a service worker controls it
 * @returns {{ ok: true } | { ok: false, cause: 'insecure' | 'not-isolated' | 'no-shared-memory', reason: string, fix: string }}
 * `cause` says whether opening the page elsewhere can help: only a page that is
 * not isolated (inside another page, or served without the headers) can be.
 */
export function threadSupport(scope = globalThis, where = placeOf(scope)) {
  if (scope.isSecureContext === false) {
    return {
      ok: false,
      cause: 'insecure',
      reason: 'This page was not opened over HTTPS or from localhost, so the browser gives it no shared memory (SharedArrayBuffer), which threads need.',
      fix: 'Open it over HTTPS or from localhost.',
    };
  }
  // Browsers hide SharedArrayBuffer altogether from pages that are not isolated.
  if (!scope.crossOriginIsolated) {
    return {
      ok: false,
      cause: 'not-isolated',
      reason: 'This page is not cross-origin isolated, so the browser gives it no shared memory (SharedArrayBuffer), which threads need.',
      fix: notIsolatedFix(where),
    };
  }
  // Isolated, and still none: some browsers never offer it (WebKitGTK), so no header can help.
  if (typeof scope.SharedArrayBuffer !== 'function') {
    return {
      ok: false,
      cause: 'no-shared-memory',
      reason: 'This page is cross-origin isolated, but this browser gives it no shared memory (SharedArrayBuffer), which threads need.',
      fix: 'Nothing on the server can change that. For threads, open the page in a browser that gives isolated pages shared memory, such as Chromium or Firefox.',
    };
  }
  return { ok: true };
}

function placeOf(scope) {
  return { framed: scope.top !== undefined && scope.top !== scope.self, controlled: Boolean(scope.navigator?.serviceWorker?.controller) };
}
